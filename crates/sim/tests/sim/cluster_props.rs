//! Property tests of the cluster (`docs/references.md`, "Reservations, limits,
//! shares"): random clusters of several hosts with pools at the root, VMs
//! placed by the engine or pinned, idle memory, and a host failing half way.
//! At every sample: no host grants more than it has, no VM more than its
//! limit or demand, admitted VMs keep their reservations while the cluster
//! is valid, a host never idles while one of its VMs wants more, and the
//! same inputs give the same trace.

use crate::fixtures::{self, proptest_config};
use proptest::prelude::*;
use vlab_sim::base::divvy::{divvy, Claim};
use vlab_sim::base::idle_tax::{divvy_taxed, TaxedClaim};
use vlab_sim::base::setting::Value;
use vlab_sim::base::shares::Shares;
use vlab_sim::inventory::pool::PoolSpec;
use vlab_sim::inventory::{HostSpec, VmSpec};
use vlab_sim::resource::allocation::VmNeeds;
use vlab_sim::resource::cluster::ClusterState;
use vlab_sim::resource::pool_check::pool_problems;
use vlab_sim::scenario::{Scenario, TimelineEntry};
use vlab_sim::Sim;

fn shares() -> impl Strategy<Value = Shares> {
    fixtures::shares(1..=20_000)
}

fn host(i: usize) -> impl Strategy<Value = HostSpec> {
    (4_000u64..=20_000, 4_096u64..=32_768, 0u8..=99).prop_map(move |(cpu, mem, tax)| HostSpec {
        name: format!("h{i}"),
        cpu_mhz: Some(cpu),
        sockets: None,
        cores_per_socket: None,
        core_mhz: None,
        mem_mb: mem,
        mem_idle_tax_pct: tax,
        tps_salting: 2,
        memory_model: Default::default(),
        large_pages: true,
        failed: false,
        ..Default::default()
    })
}

fn pool(i: usize) -> impl Strategy<Value = PoolSpec> {
    (
        0..=i,
        0u64..=3_000,
        prop::option::of(2_000u64..=20_000),
        shares(),
        any::<bool>(),
    )
        .prop_map(move |(parent, res, limit, shares, expandable)| PoolSpec {
            parent: (parent < i).then(|| format!("p{parent}")),
            cpu_reservation_mhz: res,
            cpu_limit_mhz: limit.map(|l| l.max(res)),
            cpu_shares: shares,
            mem_shares: shares,
            cpu_expandable: expandable,
            ..PoolSpec::new(&format!("p{i}"))
        })
}

fn vm(hosts: usize, pools: usize) -> impl Strategy<Value = VmSpec> {
    (
        prop::option::of(0..hosts),
        prop::option::of(0..pools.max(1)),
        1u32..=4,
        (
            0u64..=2_000,
            prop::option::of(0u64..=8_000),
            prop::option::of(0u64..=12_000),
            shares(),
        ),
        (
            512u64..=8_192,
            0u64..=50,
            prop::option::of(0u64..=100),
            prop::option::of(0u64..=100),
            shares(),
        ),
    )
        .prop_map(move |(h, p, vcpus, cpu, mem)| {
            let mem_res = mem.0 * mem.1 / 100;
            let demand = mem.3.map(|pct| mem.0 * pct / 100);
            VmSpec {
                name: String::new(),
                host: h.map(|h| format!("h{h}")),
                pool: p.filter(|_| pools > 0).map(|p| format!("p{p}")),
                vcpus,
                mem_mb: mem.0,
                powered_on: true,
                start_order: 1,
                cpu_reservation_mhz: cpu.0,
                cpu_limit_mhz: cpu.1.map(|e| cpu.0 + e),
                cpu_shares: cpu.3,
                cpu_demand_mhz: cpu.2,
                mem_reservation_mb: mem_res,
                mem_limit_mb: None,
                mem_shares: mem.4,
                mem_demand_mb: demand,
                mem_active_mb: mem.2.map(|pct| demand.unwrap_or(mem.0) * pct / 100),
                mem_overhead_mb: Some(50),
                guest_os: None,
                app: None,
                tools_installed: true,
                mem_zero_pct: None,
                mem_os_pct: None,
                mem_app_pct: None,
                mem_write_pct_per_min: None,
                mem_compressible_pct: None,
                ..Default::default()
            }
        })
}

fn cluster() -> impl Strategy<Value = Scenario> {
    (2usize..=3, 0usize..=3)
        .prop_flat_map(|(n_hosts, n_pools)| {
            (
                (0..n_hosts).map(host).collect::<Vec<_>>(),
                (0..n_pools).map(pool).collect::<Vec<_>>(),
                prop::collection::vec(vm(n_hosts, n_pools), 0..10),
                prop::option::of(0..n_hosts),
            )
        })
        .prop_map(|(host, pool, vms, fail)| {
            let vm = vms
                .into_iter()
                .enumerate()
                .map(|(i, v)| VmSpec {
                    name: format!("vm{i}"),
                    ..v
                })
                .collect();
            let timeline = fail
                .map(|h| TimelineEntry {
                    at_s: 20,
                    set: format!("host.h{h}.failed"),
                    value: Value::Bool(true),
                    out_of_band: false,
                })
                .into_iter()
                .collect();
            Scenario {
                platform: Default::default(),
                host,
                pool,
                vapp: Vec::new(),
                vm,
                nioc: None,
                sioc: None,
                timeline,
                duration_s: 40,
                step_s: 20,
                ..Default::default()
            }
        })
        .prop_filter("pool reservations must fit, as when a file loads", |s| {
            pool_problems(&s.inventory()).is_empty()
        })
}

fn under_limited_pool(s: &Scenario, vm: &VmSpec) -> bool {
    let mut at = vm.pool.as_deref();
    while let Some(p) = at.and_then(|n| s.pool(n)) {
        if p.cpu_limit_mhz.is_some() {
            return true;
        }
        at = p.parent.as_deref();
    }
    false
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn hosts_and_vms_stay_within_their_bounds(s in cluster()) {
        let trace = Sim::run(&s, 0, &[]).unwrap();
        for sample in &trace.samples {
            for h in &sample.hosts {
                prop_assert!(h.cpu_granted_mhz <= h.cpu_capacity_mhz, "t={} {:?}", sample.t_s, h);
                prop_assert!(h.failed || h.mem_granted_mb <= h.mem_capacity_mb.max(h.mem_reserved_mb), "t={} {:?}", sample.t_s, h);
                if h.failed {
                    prop_assert_eq!(h.vms_running, 0);
                }
            }
            let valid = sample.cluster.state == ClusterState::Valid;
            for v in sample.vms.iter().filter(|v| v.powered_on) {
                let spec = s.vm(&v.name).unwrap();
                let host = s.host(v.host.as_deref().unwrap()).unwrap();
                let n = VmNeeds::of(spec, host);
                let a = &v.alloc;
                prop_assert!(a.cpu_granted_mhz <= n.cpu_demand_mhz.min(n.cpu_limit_mhz), "{:?}", v);
                prop_assert!(a.mem_granted_mb <= n.mem_demand_mb.min(n.mem_limit_mb), "{:?}", v);
                if valid {
                    let cpu_floor = spec.cpu_reservation_mhz.min(n.cpu_demand_mhz).min(n.cpu_limit_mhz);
                    prop_assert!(a.cpu_granted_mhz >= cpu_floor, "t={} {:?}", sample.t_s, v);
                    prop_assert!(a.mem_granted_mb >= spec.mem_reservation_mb.min(n.mem_demand_mb), "t={} {:?}", sample.t_s, v);
                }
            }
        }
    }

    #[test]
    fn a_host_never_idles_while_its_vms_want_more(s in cluster()) {
        let trace = Sim::run(&s, 0, &[]).unwrap();
        for sample in &trace.samples {
            for h in sample.hosts.iter().filter(|h| !h.failed && h.cpu_granted_mhz < h.cpu_capacity_mhz) {
                // Up to one MHz per VM may stay unassigned by rounding down.
                if h.cpu_capacity_mhz - h.cpu_granted_mhz <= u64::from(h.vms_running) {
                    continue;
                }
                for v in sample.vms.iter().filter(|v| v.host.as_deref() == Some(h.name.as_str()) && v.powered_on) {
                    let spec = s.vm(&v.name).unwrap();
                    if under_limited_pool(&s, spec) {
                        continue;
                    }
                    let n = VmNeeds::of(spec, s.host(&h.name).unwrap());
                    prop_assert_eq!(v.alloc.cpu_granted_mhz, n.cpu_demand_mhz.min(n.cpu_limit_mhz), "t={} host {:?} vm {:?}", sample.t_s, h, v);
                }
            }
        }
    }

    #[test]
    fn a_failed_host_takes_its_vms_and_capacity_with_it(s in cluster()) {
        let trace = Sim::run(&s, 0, &[]).unwrap();
        let last = trace.last();
        let capacity: u64 = s.host.iter().map(|h| h.cpu_mhz.unwrap()).sum();
        for h in last.hosts.iter().filter(|h| h.failed) {
            prop_assert!(last.vms.iter().all(|v| !v.powered_on || v.host.as_deref() != Some(h.name.as_str())));
            prop_assert!(last.cluster.cpu_capacity_mhz < capacity);
        }
        prop_assert_eq!(&trace, &Sim::run(&s, 0, &[]).unwrap());
    }

    #[test]
    fn taxed_divvy_respects_floors_caps_and_capacity(
        capacity in 0u64..20_000,
        raw in prop::collection::vec((0u64..3_000, 0u64..8_000, 0u64..50_000, 0u64..8_000, 0u8..=99), 1..8),
    ) {
        let claims: Vec<TaxedClaim> = raw
            .iter()
            .map(|&(floor, extra, shares, active, tax_pct)| TaxedClaim {
                claim: Claim { floor, cap: floor + extra, shares },
                active: active.min(floor + extra),
                tax_pct,
            })
            .collect();
        let got = divvy_taxed(capacity, &claims);
        let floors: u64 = claims.iter().map(|c| c.claim.floor).sum();
        prop_assert!(got.iter().sum::<u64>() <= capacity.max(floors));
        for (g, c) in got.iter().zip(&claims) {
            prop_assert!(*g <= c.claim.cap);
            if floors <= capacity {
                prop_assert!(*g >= c.claim.floor);
            }
        }
        // Work-conserving up to rounding: spare capacity only when every
        // claim is at its cap.
        let total: u64 = got.iter().sum();
        if floors <= capacity && total + claims.len() as u64 <= capacity {
            prop_assert!(got.iter().zip(&claims).all(|(g, c)| *g == c.claim.cap), "{:?} {:?}", got, claims);
        }
    }

    #[test]
    fn without_idle_memory_the_tax_changes_nothing(
        capacity in 0u64..20_000,
        raw in prop::collection::vec((0u64..3_000, 0u64..8_000, 0u64..50_000, 0u8..=99), 1..8),
    ) {
        let plain: Vec<Claim> = raw.iter().map(|&(floor, extra, shares, _)| Claim { floor, cap: floor + extra, shares }).collect();
        let taxed: Vec<TaxedClaim> = plain.iter().zip(&raw).map(|(c, r)| TaxedClaim { claim: *c, active: c.cap, tax_pct: r.3 }).collect();
        prop_assert_eq!(divvy_taxed(capacity, &taxed), divvy(capacity, &plain));
    }

    #[test]
    fn more_idle_memory_never_gains_memory_under_the_tax(
        active in 0u64..4_096,
        less in 0u64..4_096,
        tax_pct in 1u8..=99,
    ) {
        let vm = |active| TaxedClaim { claim: Claim { floor: 0, cap: 4_096, shares: 40_960 }, active, tax_pct };
        let busy = vm(4_096);
        let more_active = divvy_taxed(4_096, &[busy, vm(active)])[1];
        let less_active = divvy_taxed(4_096, &[busy, vm(active.saturating_sub(less))])[1];
        prop_assert!(less_active <= more_active + 1, "{} > {}", less_active, more_active);
    }
}
