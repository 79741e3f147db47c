//! Property tests of resource-pool trees (`docs/references.md`, "Reservations,
//! limits, shares"): on random trees of pools and VMs on one host, the
//! divvy never gives children more than their parent, honours admitted
//! VMs' reservations and every limit, the flat case is the old flat
//! allocation exactly, and admission control keeps every non-expandable
//! pool, every pool limit and the host within what they can back.

use crate::fixtures::{self, proptest_config};
use proptest::prelude::*;
use vlab_sim::base::divvy::{divvy, Claim};
use vlab_sim::base::shares::Shares;
use vlab_sim::event::{Detail, EventKind};
use vlab_sim::inventory::pool::PoolSpec;
use vlab_sim::inventory::{HostSpec, VmSpec};
use vlab_sim::resource::allocation::{allocate, VmAllocation, VmNeeds};
use vlab_sim::resource::pool_check::pool_problems;
use vlab_sim::resource::refusal::Shortage;
use vlab_sim::scenario::Scenario;
use vlab_sim::sim::sample::Sample;
use vlab_sim::{Setting, Sim, Value};

fn shares() -> impl Strategy<Value = Shares> {
    fixtures::shares(0..=20_000)
}

fn host() -> impl Strategy<Value = HostSpec> {
    (2_000u64..=40_000, 2_048u64..=65_536).prop_map(|(cpu, mem)| HostSpec {
        name: "h".into(),
        cpu_mhz: Some(cpu),
        sockets: None,
        cores_per_socket: None,
        core_mhz: None,
        mem_mb: mem,
        mem_idle_tax_pct: 75,
        tps_salting: 2,
        memory_model: Default::default(),
        large_pages: true,
        failed: false,
        ..Default::default()
    })
}

/// Pool `i` with a parent among pools `0..i` (or the root): never a cycle.
fn pool(i: usize) -> impl Strategy<Value = PoolSpec> {
    let res = || {
        (
            0u64..=6_000,
            prop::option::of(0u64..=20_000),
            shares(),
            any::<bool>(),
        )
    };
    (prop::option::of(0..i.max(1)), res(), res(), any::<bool>()).prop_map(
        move |(parent, cpu, mem, scalable)| PoolSpec {
            parent: parent.filter(|_| i > 0).map(|p| format!("p{p}")),
            cpu_reservation_mhz: cpu.0,
            cpu_limit_mhz: cpu.1.map(|extra| cpu.0 + extra),
            cpu_shares: cpu.2,
            cpu_expandable: cpu.3,
            mem_reservation_mb: mem.0,
            mem_limit_mb: mem.1.map(|extra| mem.0 + extra),
            mem_shares: mem.2,
            mem_expandable: mem.3,
            scalable_shares: scalable,
            ..PoolSpec::new(&format!("p{i}"))
        },
    )
}

fn pools() -> impl Strategy<Value = Vec<PoolSpec>> {
    (0usize..=5).prop_flat_map(|n| (0..n).map(pool).collect::<Vec<_>>())
}

/// A valid VM in pool `slot` (an index into the pools, or the root).
fn vm() -> impl Strategy<Value = (Option<usize>, VmSpec)> {
    (
        prop::option::of(0usize..5),
        1u32..=8,
        (
            0u64..=6_000,
            prop::option::of(0u64..=10_000),
            prop::option::of(0u64..=30_000),
            shares(),
        ),
        (
            256u64..=8_192,
            0u64..=100,
            prop::option::of(0u64..=100),
            prop::option::of(0u64..=100),
            shares(),
            0u64..=200,
        ),
    )
        .prop_map(|(slot, vcpus, cpu, mem)| {
            let mem_res = mem.0 * mem.1 / 100;
            let vm = VmSpec {
                name: String::new(),
                host: Some("h".into()),
                pool: None,
                vcpus,
                mem_mb: mem.0,
                powered_on: true,
                start_order: 1,
                cpu_reservation_mhz: cpu.0,
                cpu_limit_mhz: cpu.1.map(|e| cpu.0 + e),
                cpu_shares: cpu.3,
                cpu_demand_mhz: cpu.2,
                mem_reservation_mb: mem_res,
                mem_limit_mb: mem.2.map(|p| mem_res + (mem.0 - mem_res) * p / 100),
                mem_shares: mem.4,
                mem_demand_mb: mem.3.map(|p| mem.0 * p / 100),
                mem_active_mb: None,
                mem_overhead_mb: Some(mem.5),
                guest_os: None,
                app: None,
                tools_installed: true,
                mem_zero_pct: None,
                mem_os_pct: None,
                mem_app_pct: None,
                mem_write_pct_per_min: None,
                mem_compressible_pct: None,
                ..Default::default()
            };
            (slot, vm)
        })
}

/// A one-host scenario whose pools pass validation (their reservations fit).
fn scenario() -> impl Strategy<Value = Scenario> {
    (host(), pools(), prop::collection::vec(vm(), 0..9))
        .prop_map(|(host, pools, vms)| {
            let vm = vms
                .into_iter()
                .enumerate()
                .map(|(i, (slot, mut v))| {
                    v.name = format!("vm{i}");
                    v.pool = slot.filter(|&s| s < pools.len()).map(|s| format!("p{s}"));
                    v
                })
                .collect();
            Scenario {
                host: vec![host],
                pool: pools,
                vapp: Vec::new(),
                platform: Default::default(),
                vm,
                timeline: Vec::new(),
                nioc: None,
                sioc: None,
                duration_s: 0,
                step_s: 20,
                ..Default::default()
            }
        })
        .prop_filter("pool reservations must fit", |s| {
            pool_problems(&s.inventory()).is_empty()
        })
}

/// What each node's children got, per node name ("" = the root), in
/// (CPU, memory incl. the VMs' overhead) for entitlement and granted.
fn children_sums(s: &Scenario, sample: &Sample) -> Vec<(String, [u64; 4])> {
    let host = &s.host[0];
    let mut sums: Vec<(String, [u64; 4])> = std::iter::once(String::new())
        .chain(s.pool.iter().map(|p| p.name.clone()))
        .map(|n| (n, [0; 4]))
        .collect();
    let slot = |parent: &Option<String>| {
        parent
            .as_ref()
            .map_or(0, |p| 1 + s.pool.iter().position(|q| &q.name == p).unwrap())
    };
    for p in &sample.pools {
        let a = &p.alloc;
        let sum = &mut sums[slot(&p.parent)].1;
        sum[0] += a.cpu_entitlement_mhz;
        sum[1] += a.cpu_granted_mhz;
        sum[2] += a.mem_entitlement_mb;
        sum[3] += a.mem_granted_mb;
    }
    for v in sample.vms.iter().filter(|v| v.powered_on) {
        let spec = s.vm(&v.name).unwrap();
        let o = VmNeeds::of(spec, host).mem_overhead_mb;
        let sum = &mut sums[slot(&spec.pool)].1;
        sum[0] += v.alloc.cpu_entitlement_mhz;
        sum[1] += v.alloc.cpu_granted_mhz;
        sum[2] += v.alloc.mem_entitlement_mb + o;
        sum[3] += v.alloc.mem_granted_mb + o;
    }
    sums
}

/// The flat allocation as it was before pools: one divvy per resource and
/// mode over the host's VMs (copied from the pre-pool `allocation.rs`).
fn flat_reference(host: &HostSpec, vms: &[&VmSpec]) -> Vec<VmAllocation> {
    let needs: Vec<VmNeeds> = vms.iter().map(|v| VmNeeds::of(v, host)).collect();
    let overhead: u64 = needs.iter().map(|n| n.mem_overhead_mb).sum();
    let claim = |entitled: bool, r: u64, demand: u64, limit: u64, shares: u64| {
        let r = r.min(limit);
        if entitled {
            Claim {
                floor: r,
                cap: limit.min(r.max(demand)),
                shares,
            }
        } else {
            Claim {
                floor: r.min(demand),
                cap: limit.min(demand),
                shares,
            }
        }
    };
    let cpu = |e: bool| {
        let cs: Vec<Claim> = vms
            .iter()
            .zip(&needs)
            .map(|(v, n)| {
                claim(
                    e,
                    v.cpu_reservation_mhz,
                    n.cpu_demand_mhz,
                    n.cpu_limit_mhz,
                    v.cpu_shares.cpu_shares(v.vcpus),
                )
            })
            .collect();
        divvy(host.cpu_capacity_mhz(), &cs)
    };
    let mem = |e: bool| {
        let cs: Vec<Claim> = vms
            .iter()
            .zip(&needs)
            .map(|(v, n)| {
                claim(
                    e,
                    v.mem_reservation_mb,
                    n.mem_demand_mb,
                    n.mem_limit_mb,
                    v.mem_shares.mem_shares(v.mem_mb),
                )
            })
            .collect();
        divvy(host.mem_mb.saturating_sub(overhead), &cs)
    };
    let (ce, cg, me, mg) = (cpu(true), cpu(false), mem(true), mem(false));
    (0..vms.len())
        .map(|i| VmAllocation {
            cpu_entitlement_mhz: ce[i],
            cpu_granted_mhz: cg[i],
            mem_entitlement_mb: me[i],
            mem_granted_mb: mg[i],
        })
        .collect()
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn children_never_get_more_than_their_parent(s in scenario()) {
        let sample = Sim::run(&s, 0, &[]).unwrap().samples.remove(0);
        let host = &s.host[0];
        for (name, sum) in children_sums(&s, &sample) {
            let own = if name.is_empty() {
                [host.cpu_mhz.unwrap(), host.cpu_mhz.unwrap(), host.mem_mb, host.mem_mb]
            } else {
                let a = &sample.pools.iter().find(|p| p.name == name).unwrap().alloc;
                [a.cpu_entitlement_mhz, a.cpu_granted_mhz, a.mem_entitlement_mb, a.mem_granted_mb]
            };
            for k in 0..4 {
                prop_assert!(sum[k] <= own[k], "node '{}' [{}]: children {} > own {}", name, k, sum[k], own[k]);
            }
        }
    }

    #[test]
    fn admitted_vms_get_their_reservation_and_nobody_exceeds_a_limit(s in scenario()) {
        let sample = Sim::run(&s, 0, &[]).unwrap().samples.remove(0);
        let host = &s.host[0];
        for v in sample.vms.iter().filter(|v| v.powered_on) {
            let spec = s.vm(&v.name).unwrap();
            let n = VmNeeds::of(spec, host);
            let a = &v.alloc;
            prop_assert!(a.cpu_granted_mhz >= spec.cpu_reservation_mhz.min(n.cpu_demand_mhz).min(n.cpu_limit_mhz), "{}: {:?}", v.name, a);
            prop_assert!(a.mem_granted_mb >= spec.mem_reservation_mb.min(n.mem_demand_mb), "{}: {:?}", v.name, a);
            prop_assert!(a.cpu_entitlement_mhz >= spec.cpu_reservation_mhz.min(n.cpu_limit_mhz), "{}: {:?}", v.name, a);
            prop_assert!(a.mem_entitlement_mb >= spec.mem_reservation_mb.min(n.mem_limit_mb), "{}: {:?}", v.name, a);
            prop_assert!(a.cpu_entitlement_mhz <= n.cpu_limit_mhz && a.cpu_granted_mhz <= n.cpu_demand_mhz.min(n.cpu_limit_mhz));
            prop_assert!(a.mem_entitlement_mb <= n.mem_limit_mb && a.mem_granted_mb <= n.mem_demand_mb.min(n.mem_limit_mb));
        }
        for p in &sample.pools {
            let spec = s.pool(&p.name).unwrap();
            if let Some(l) = spec.cpu_limit_mhz {
                prop_assert!(p.alloc.cpu_entitlement_mhz <= l && p.alloc.cpu_granted_mhz <= l, "{:?}", p);
            }
            if let Some(l) = spec.mem_limit_mb {
                prop_assert!(p.alloc.mem_entitlement_mb <= l && p.alloc.mem_granted_mb <= l, "{:?}", p);
            }
        }
    }

    #[test]
    fn admission_keeps_every_reservation_backed(
        s in scenario(),
        order in Just((0..8).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        // VMs power on in a random order, each through admission control.
        let mut s = s;
        for v in &mut s.vm {
            v.powered_on = false;
        }
        let mut sim = Sim::new(&s, 0);
        for &i in order.iter().filter(|&&i| i < s.vm.len()) {
            let on = Setting { target: format!("vm.vm{i}.powered_on"), value: Value::Bool(true) };
            sim.apply(&on).unwrap();
            let sample = sim.sample();
            let h = &sample.hosts[0];
            prop_assert!(h.cpu_reserved_mhz <= h.cpu_capacity_mhz, "{:?}", h);
            prop_assert!(h.mem_reserved_mb <= h.mem_capacity_mb, "{:?}", h);
            for p in &sample.pools {
                let spec = s.pool(&p.name).unwrap();
                let a = &p.alloc;
                if !spec.cpu_expandable {
                    prop_assert!(a.cpu_reservation_used_mhz <= spec.cpu_reservation_mhz, "{:?}", p);
                }
                if !spec.mem_expandable {
                    prop_assert!(a.mem_reservation_used_mb <= spec.mem_reservation_mb, "{:?}", p);
                }
                if let Some(l) = spec.cpu_limit_mhz {
                    prop_assert!(a.cpu_reservation_used_mhz <= l, "{:?}", p);
                }
                if let Some(l) = spec.mem_limit_mb {
                    prop_assert!(a.mem_reservation_used_mb <= l, "{:?}", p);
                }
            }
        }
        // A refusal names the VM's pool and really did not fit.
        for e in sim.events() {
            if let (EventKind::AdmissionDenied, Detail::Admission(Shortage { pool, needed, available, .. })) = (e.kind, &e.detail) {
                prop_assert!(needed > available, "{:?}", e);
                if *needed > *available && pool.is_some() {
                    prop_assert_eq!(pool, &s.vm(&e.subject).unwrap().pool);
                }
            }
        }
    }

    #[test]
    fn flat_tree_equals_the_old_flat_allocation(s in scenario()) {
        let host = &s.host[0];
        let vms: Vec<&VmSpec> = s.vm.iter().collect();
        prop_assert_eq!(allocate(host, &vms), flat_reference(host, &vms));
    }

    #[test]
    fn one_unlimited_pool_around_everything_changes_nothing(s in scenario()) {
        // A single top-level pool with no reservation or limit gets the
        // whole host, then divides it exactly as the host would.
        let mut flat = s.clone();
        flat.pool.clear();
        for v in &mut flat.vm {
            v.pool = None;
        }
        let mut wrapped = flat.clone();
        wrapped.pool.push(PoolSpec::new("all"));
        for v in &mut wrapped.vm {
            v.pool = Some("all".into());
        }
        let a = Sim::run(&flat, 0, &[]).unwrap();
        let b = Sim::run(&wrapped, 0, &[]).unwrap();
        prop_assert_eq!(&a.samples[0].vms, &b.samples[0].vms);
        prop_assert_eq!(&a.samples[0].hosts, &b.samples[0].hosts);
    }
}
