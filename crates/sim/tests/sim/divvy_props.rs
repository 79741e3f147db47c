//! Property tests of the allocation invariants `docs/references.md` states
//! ("Reservations, limits, shares"), on the divvy itself, on one host's
//! allocation, and on whole simulation runs with random hosts and VMs.

use crate::fixtures::{self, proptest_config};
use proptest::prelude::*;
use vlab_sim::base::divvy::{divvy, Claim};
use vlab_sim::base::shares::{ShareLevel, Shares};
use vlab_sim::event::{Detail, EventKind};
use vlab_sim::inventory::vm_field::{set_field, VmField};
use vlab_sim::inventory::{HostSpec, VmSpec};
use vlab_sim::resource::admission::admit_power_on;
use vlab_sim::resource::allocation::{allocate, VmAllocation, VmNeeds};
use vlab_sim::scenario::{Scenario, TimelineEntry};
use vlab_sim::{Setting, Sim, Value};

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// A claim with floor <= cap most of the time, but sometimes floor > cap
/// (the divvy must then treat the cap as the floor).
fn claim() -> impl Strategy<Value = Claim> {
    (0u64..=20_000, 0u64..=40_000, 0u64..=5_000).prop_map(|(floor, cap, shares)| Claim {
        floor,
        cap,
        shares,
    })
}

fn claims() -> impl Strategy<Value = Vec<Claim>> {
    prop::collection::vec(claim(), 0..8)
}

/// Claims whose floors fit in `capacity` (as admission control guarantees).
fn admitted_claims() -> impl Strategy<Value = (u64, Vec<Claim>)> {
    (claims(), 0u64..=60_000).prop_map(|(cs, extra)| {
        let floors: u64 = cs.iter().map(|c| c.floor.min(c.cap)).sum();
        (floors + extra, cs)
    })
}

fn shares() -> impl Strategy<Value = Shares> {
    fixtures::shares(0..=20_000)
}

/// A host, described either by total MHz or by sockets x cores x clock.
fn host(name: &'static str) -> impl Strategy<Value = HostSpec> {
    let by_mhz = (1_000u64..=40_000).prop_map(|mhz| (Some(mhz), None, None, None));
    let by_cores = (1u32..=2, 1u32..=8, 1_000u64..=3_000)
        .prop_map(|(s, c, mhz)| (None, Some(s), Some(c), Some(mhz)));
    (prop_oneof![by_mhz, by_cores], 1_024u64..=65_536).prop_map(
        move |((cpu_mhz, sockets, cores_per_socket, core_mhz), mem_mb)| HostSpec {
            name: name.to_string(),
            cpu_mhz,
            sockets,
            cores_per_socket,
            core_mhz,
            mem_mb,
            mem_idle_tax_pct: 75,
            tps_salting: 2,
            memory_model: Default::default(),
            large_pages: true,
            failed: false,
            ..Default::default()
        },
    )
}

/// A valid VM (limits never below reservations, reservations within the
/// configured memory) on one of `hosts`.
fn vm(hosts: &'static [&'static str]) -> impl Strategy<Value = VmSpec> {
    let cpu = (
        0u64..=8_000,
        prop::option::of(0u64..=20_000),
        prop::option::of(0u64..=30_000),
        shares(),
    );
    let mem = (
        256u64..=16_384,
        0u64..=100,
        prop::option::of(0u64..=100),
        prop::option::of(0u64..=100),
        shares(),
        prop::option::of(0u64..=300),
    );
    (0..hosts.len(), 1u32..=12, any::<bool>(), cpu, mem).prop_map(
        move |(
            h,
            vcpus,
            powered_on,
            (cpu_res, cpu_extra, cpu_demand, cpu_shares),
            (mem_mb, res_pct, limit_pct, demand_pct, mem_shares, overhead),
        )| {
            let mem_res = mem_mb * res_pct / 100;
            VmSpec {
                name: String::new(),
                host: Some(hosts[h].to_string()),
                pool: None,
                vcpus,
                mem_mb,
                powered_on,
                start_order: 1,
                cpu_reservation_mhz: cpu_res,
                cpu_limit_mhz: cpu_extra.map(|e| cpu_res + e),
                cpu_shares,
                cpu_demand_mhz: cpu_demand,
                mem_reservation_mb: mem_res,
                mem_limit_mb: limit_pct.map(|p| mem_res + (mem_mb - mem_res) * p / 100),
                mem_shares,
                mem_demand_mb: demand_pct.map(|p| mem_mb * p / 100),
                mem_active_mb: None,
                mem_overhead_mb: overhead,
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
        },
    )
}

fn named(mut vms: Vec<VmSpec>) -> Vec<VmSpec> {
    for (i, v) in vms.iter_mut().enumerate() {
        v.name = format!("vm{i}");
    }
    vms
}

const ONE_HOST: &[&str] = &["h0"];
const TWO_HOSTS: &[&str] = &["h0", "h1"];

/// One host and up to 8 VMs on it.
fn host_and_vms() -> impl Strategy<Value = (HostSpec, Vec<VmSpec>)> {
    (host("h0"), prop::collection::vec(vm(ONE_HOST), 0..8)).prop_map(|(h, v)| (h, named(v)))
}

/// A change to one of `n` VMs at some time: (at_s, VM, kind, amount).
fn timeline_entry(n: usize) -> impl Strategy<Value = (u32, usize, u8, u64)> {
    (0u32..=60, 0..n.max(1), 0u8..6, 0u64..=20_000)
}

/// A two-host scenario with a small timeline (demand changes, power
/// operations, share and reservation changes), in time order. Reservation
/// changes stay within the VM's limit, as lab validation requires.
fn scenario() -> impl Strategy<Value = Scenario> {
    (
        host("h0"),
        host("h1"),
        prop::collection::vec(vm(TWO_HOSTS), 1..9),
        prop::collection::vec(timeline_entry(8), 0..5),
    )
        .prop_map(|(h0, h1, vms, raw)| {
            let vms = named(vms);
            let mut timeline: Vec<TimelineEntry> = raw
                .into_iter()
                .map(|(at_s, i, kind, n)| {
                    let vm = &vms[i % vms.len()];
                    let name = &vm.name;
                    let (field, value) = match kind {
                        0 => ("cpu_demand_mhz", Value::Int(n as i64)),
                        1 => ("mem_demand_mb", Value::Int((n % 4_096) as i64)),
                        2 => ("powered_on", Value::Bool(n % 2 == 0)),
                        3 => ("cpu_shares", Value::Int((n % 5_000) as i64)),
                        4 => {
                            let r = n.min(vm.cpu_limit_mhz.unwrap_or(u64::MAX));
                            ("cpu_reservation_mhz", Value::Int(r as i64))
                        }
                        _ => {
                            let r = (n % 8_192).min(vm.mem_limit_mb.unwrap_or(vm.mem_mb));
                            ("mem_reservation_mb", Value::Int(r as i64))
                        }
                    };
                    TimelineEntry {
                        at_s,
                        set: format!("vm.{name}.{field}"),
                        value,
                        out_of_band: false,
                    }
                })
                .collect();
            timeline.sort_by_key(|t| t.at_s);
            Scenario {
                host: vec![h0, h1],
                pool: Vec::new(),
                vapp: Vec::new(),
                platform: Default::default(),
                vm: vms,
                timeline,
                nioc: None,
                sioc: None,
                duration_s: 60,
                step_s: 20,
                ..Default::default()
            }
        })
}

fn one_host_scenario(host: HostSpec, vms: Vec<VmSpec>) -> Scenario {
    Scenario {
        host: vec![host],
        pool: Vec::new(),
        vapp: Vec::new(),
        platform: Default::default(),
        vm: vms,
        timeline: Vec::new(),
        nioc: None,
        sioc: None,
        duration_s: 0,
        step_s: 20,
        ..Default::default()
    }
}

fn refs(vms: &[VmSpec]) -> Vec<&VmSpec> {
    vms.iter().collect()
}

/// The VMs of `scenario` that admission control lets run when they power
/// on in file order: the set `allocate` is meant to be called with.
fn admitted(scenario: &Scenario) -> Vec<VmSpec> {
    let mut placed = vec![None; scenario.vm.len()];
    for i in 0..scenario.vm.len() {
        if let Ok(h) = admit_power_on(&scenario.inventory(), &placed, i) {
            placed[i] = Some(h);
        }
    }
    scenario
        .vm
        .iter()
        .zip(&placed)
        .filter(|(_, r)| r.is_some())
        .map(|(v, _)| v.clone())
        .collect()
}

// ---------------------------------------------------------------------------
// The divvy
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn divvy_never_exceeds_capacity(capacity in 0u64..=100_000, cs in claims()) {
        let got = divvy(capacity, &cs);
        prop_assert_eq!(got.len(), cs.len());
        prop_assert!(got.iter().sum::<u64>() <= capacity, "{:?} over {}", got, capacity);
    }

    #[test]
    fn divvy_never_exceeds_a_cap(capacity in 0u64..=100_000, cs in claims()) {
        for (g, c) in divvy(capacity, &cs).iter().zip(&cs) {
            prop_assert!(*g <= c.cap, "grant {} above cap of {:?}", g, c);
        }
    }

    #[test]
    fn divvy_grants_every_floor_when_floors_fit((capacity, cs) in admitted_claims()) {
        for (g, c) in divvy(capacity, &cs).iter().zip(&cs) {
            prop_assert!(*g >= c.floor.min(c.cap), "grant {} below floor of {:?}", g, c);
        }
    }

    #[test]
    fn divvy_scales_floors_down_when_they_do_not_fit(capacity in 0u64..=50_000, cs in claims()) {
        let floors: u64 = cs.iter().map(|c| c.floor.min(c.cap)).sum();
        prop_assume!(floors > capacity);
        let got = divvy(capacity, &cs);
        for (g, c) in got.iter().zip(&cs) {
            // Proportional to the floor, rounded down; shares play no part.
            let exact = u128::from(c.floor.min(c.cap)) * u128::from(capacity) / u128::from(floors);
            prop_assert_eq!(u128::from(*g), exact);
        }
    }

    #[test]
    fn divvy_gives_every_cap_when_caps_fit(cs in claims(), extra in 0u64..=10_000) {
        let capacity = cs.iter().map(|c| c.cap).sum::<u64>() + extra;
        prop_assert_eq!(divvy(capacity, &cs), cs.iter().map(|c| c.cap).collect::<Vec<_>>());
    }

    #[test]
    fn divvy_is_work_conserving_up_to_rounding((capacity, cs) in admitted_claims()) {
        // With every child holding shares, what capped children leave flows
        // on: only rounding (under one unit per child) stays unassigned.
        prop_assume!(cs.iter().all(|c| c.shares > 0));
        let total: u64 = divvy(capacity, &cs).iter().sum();
        let wanted = capacity.min(cs.iter().map(|c| c.cap).sum());
        prop_assert!(total <= wanted);
        prop_assert!(
            total + cs.len() as u64 >= wanted,
            "granted {} of {} wanted by {} children", total, wanted, cs.len()
        );
    }

    #[test]
    fn divvy_equal_claims_get_equal_grants(
        (capacity, cs) in admitted_claims(),
        twin in claim(),
        copies in 2usize..4,
    ) {
        let mut all = cs.clone();
        all.extend(std::iter::repeat_n(twin, copies));
        let floors: u64 = all.iter().map(|c| c.floor.min(c.cap)).sum();
        let capacity = capacity.max(floors);
        let got = divvy(capacity, &all);
        let twins = &got[cs.len()..];
        prop_assert!(twins.iter().all(|&g| g == twins[0]), "twins got {:?}", twins);
    }

    #[test]
    fn divvy_more_shares_never_lower_the_grant(
        capacity in 0u64..=100_000,
        cs in prop::collection::vec(claim(), 1..8),
        pick in any::<prop::sample::Index>(),
        more in 1u64..=5_000,
    ) {
        let i = pick.index(cs.len());
        let before = divvy(capacity, &cs)[i];
        let mut raised = cs.clone();
        raised[i].shares += more;
        let after = divvy(capacity, &raised)[i];
        prop_assert!(after >= before, "shares {} -> {}: grant {} -> {}",
            cs[i].shares, raised[i].shares, before, after);
    }

    #[test]
    fn divvy_grants_follow_shares_under_contention(
        capacity in 1u64..=100_000,
        weights in prop::collection::vec(1u64..=8, 2..6),
    ) {
        // No floors, caps nobody reaches: grants are proportional to shares,
        // each rounded down.
        let total: u64 = weights.iter().sum();
        let cs: Vec<Claim> = weights
            .iter()
            .map(|&w| Claim { floor: 0, cap: capacity, shares: w * 500 })
            .collect();
        prop_assume!(weights.iter().all(|&w| w * capacity < total * capacity));
        let got = divvy(capacity, &cs);
        for (g, w) in got.iter().zip(&weights) {
            prop_assert_eq!(*g, capacity * w / total);
        }
    }

    #[test]
    fn divvy_handles_large_numbers(
        capacity in 0u64..=u64::MAX / 4,
        raw in prop::collection::vec((0u64..=u64::MAX / 16, 0u64..=u64::MAX / 16, 0u64..=u64::from(u32::MAX)), 0..5),
    ) {
        let cs: Vec<Claim> = raw.into_iter().map(|(floor, cap, shares)| Claim { floor, cap, shares }).collect();
        let got = divvy(capacity, &cs);
        prop_assert!(got.iter().map(|&g| u128::from(g)).sum::<u128>() <= u128::from(capacity));
        for (g, c) in got.iter().zip(&cs) {
            prop_assert!(*g <= c.cap);
        }
    }
}

// ---------------------------------------------------------------------------
// One host's allocation
// ---------------------------------------------------------------------------

/// Checks the per-VM invariants of one allocation.
fn check_vm(host: &HostSpec, vm: &VmSpec, a: &VmAllocation) -> Result<(), TestCaseError> {
    let n = VmNeeds::of(vm, host);
    let name = &vm.name;
    prop_assert!(
        a.cpu_granted_mhz <= n.cpu_demand_mhz,
        "{name}: CPU {} above demand {}",
        a.cpu_granted_mhz,
        n.cpu_demand_mhz
    );
    prop_assert!(
        a.cpu_granted_mhz <= n.cpu_limit_mhz,
        "{name}: CPU above limit"
    );
    prop_assert!(
        a.cpu_entitlement_mhz <= n.cpu_limit_mhz,
        "{name}: CPU entitlement above limit"
    );
    if let Some(limit) = vm.cpu_limit_mhz {
        prop_assert!(a.cpu_granted_mhz <= limit);
    }
    prop_assert!(
        a.mem_granted_mb <= n.mem_demand_mb,
        "{name}: memory {} above demand {}",
        a.mem_granted_mb,
        n.mem_demand_mb
    );
    prop_assert!(
        a.mem_granted_mb <= n.mem_limit_mb,
        "{name}: memory above limit"
    );
    prop_assert!(
        a.mem_entitlement_mb <= n.mem_limit_mb,
        "{name}: memory entitlement above limit"
    );
    prop_assert!(a.mem_granted_mb <= vm.mem_mb);
    if let Some(limit) = vm.mem_limit_mb {
        prop_assert!(a.mem_granted_mb <= limit);
    }
    // A powered-on VM gets at least what it uses of its reservation.
    let cpu_floor = vm.cpu_reservation_mhz.min(n.cpu_demand_mhz);
    prop_assert!(
        a.cpu_granted_mhz >= cpu_floor,
        "{name}: CPU {} below min(reservation, demand) = {cpu_floor}",
        a.cpu_granted_mhz
    );
    let mem_floor = vm.mem_reservation_mb.min(n.mem_demand_mb);
    prop_assert!(
        a.mem_granted_mb >= mem_floor,
        "{name}: memory {} below min(reservation, demand) = {mem_floor}",
        a.mem_granted_mb
    );
    // Entitlement includes the whole reservation, used or not.
    prop_assert!(a.cpu_entitlement_mhz >= vm.cpu_reservation_mhz.min(n.cpu_limit_mhz));
    prop_assert!(a.mem_entitlement_mb >= vm.mem_reservation_mb.min(n.mem_limit_mb));
    Ok(())
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn allocate_respects_capacity_reservations_limits_and_demand((host, vms) in host_and_vms()) {
        let vms = admitted(&one_host_scenario(host.clone(), vms));
        let got = allocate(&host, &refs(&vms));
        let overhead: u64 = vms.iter().map(|v| VmNeeds::of(v, &host).mem_overhead_mb).sum();
        prop_assert!(got.iter().map(|a| a.cpu_granted_mhz).sum::<u64>() <= host.cpu_capacity_mhz());
        prop_assert!(got.iter().map(|a| a.cpu_entitlement_mhz).sum::<u64>() <= host.cpu_capacity_mhz());
        prop_assert!(got.iter().map(|a| a.mem_granted_mb).sum::<u64>() + overhead <= host.mem_mb);
        prop_assert!(got.iter().map(|a| a.mem_entitlement_mb).sum::<u64>() + overhead <= host.mem_mb);
        for (vm, a) in vms.iter().zip(&got) {
            check_vm(&host, vm, a)?;
        }
    }

    #[test]
    fn allocate_gives_everyone_their_demand_when_it_fits((host, vms) in host_and_vms()) {
        let vms = admitted(&one_host_scenario(host.clone(), vms));
        let needs: Vec<VmNeeds> = vms.iter().map(|v| VmNeeds::of(v, &host)).collect();
        let cpu_wanted: u64 = needs.iter().map(|n| n.cpu_demand_mhz.min(n.cpu_limit_mhz)).sum();
        let mem_wanted: u64 = needs.iter().map(|n| n.mem_demand_mb.min(n.mem_limit_mb)).sum();
        let overhead: u64 = needs.iter().map(|n| n.mem_overhead_mb).sum();
        let got = allocate(&host, &refs(&vms));
        for (n, a) in needs.iter().zip(&got) {
            if cpu_wanted <= host.cpu_capacity_mhz() {
                prop_assert_eq!(a.cpu_granted_mhz, n.cpu_demand_mhz.min(n.cpu_limit_mhz));
            }
            if mem_wanted + overhead <= host.mem_mb {
                prop_assert_eq!(a.mem_granted_mb, n.mem_demand_mb.min(n.mem_limit_mb));
            }
        }
    }

    #[test]
    fn allocate_equal_vms_get_equal_grants(
        (host, others) in host_and_vms(),
        twin in vm(ONE_HOST),
        copies in 2usize..4,
    ) {
        let mut vms = others;
        for k in 0..copies {
            vms.push(VmSpec { name: format!("twin{k}"), ..twin.clone() });
        }
        let vms = admitted(&one_host_scenario(host.clone(), vms));
        let got = allocate(&host, &refs(&vms));
        let twins: Vec<&VmAllocation> = vms
            .iter()
            .zip(&got)
            .filter(|(v, _)| v.name.starts_with("twin"))
            .map(|(_, a)| a)
            .collect();
        // Twins that were all admitted get identical allocations.
        prop_assume!(twins.len() == copies);
        for t in &twins {
            prop_assert_eq!(*t, twins[0]);
        }
    }

    #[test]
    fn allocate_more_shares_never_lower_a_vms_grant(
        (host, vms) in host_and_vms(),
        pick in any::<prop::sample::Index>(),
        base in 0u32..=10_000,
        more in 1u32..=10_000,
    ) {
        let vms = admitted(&one_host_scenario(host.clone(), vms));
        prop_assume!(!vms.is_empty());
        let i = pick.index(vms.len());
        let with = |s: u32| {
            let mut v = vms.clone();
            v[i].cpu_shares = Shares::Custom(s);
            v[i].mem_shares = Shares::Custom(s);
            allocate(&host, &refs(&v))[i]
        };
        let (lo, hi) = (with(base), with(base + more));
        prop_assert!(hi.cpu_granted_mhz >= lo.cpu_granted_mhz, "CPU {:?} -> {:?}", lo, hi);
        prop_assert!(hi.cpu_entitlement_mhz >= lo.cpu_entitlement_mhz, "CPU {:?} -> {:?}", lo, hi);
        prop_assert!(hi.mem_granted_mb >= lo.mem_granted_mb, "memory {:?} -> {:?}", lo, hi);
        prop_assert!(hi.mem_entitlement_mb >= lo.mem_entitlement_mb, "memory {:?} -> {:?}", lo, hi);
    }

    #[test]
    fn share_levels_are_monotone_too(
        (host, vms) in host_and_vms(),
        pick in any::<prop::sample::Index>(),
    ) {
        let vms = admitted(&one_host_scenario(host.clone(), vms));
        prop_assume!(!vms.is_empty());
        let i = pick.index(vms.len());
        let levels = [ShareLevel::Low, ShareLevel::Normal, ShareLevel::High];
        let grants: Vec<(u64, u64)> = levels
            .iter()
            .map(|&l| {
                let mut v = vms.clone();
                v[i].cpu_shares = Shares::Level(l);
                v[i].mem_shares = Shares::Level(l);
                let a = allocate(&host, &refs(&v))[i];
                (a.cpu_granted_mhz, a.mem_granted_mb)
            })
            .collect();
        prop_assert!(grants.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1),
            "low/normal/high gave {:?}", grants);
    }
}

// ---------------------------------------------------------------------------
// Whole runs and admission control
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn runs_keep_every_invariant_at_every_sample(s in scenario()) {
        let trace = Sim::run(&s, 0, &[]).expect("no settings to reject");
        prop_assert_eq!(trace.samples.len(), 4); // t = 0, 20, 40, 60
        for sample in &trace.samples {
            // The configuration in force at this sample: the changes the
            // event log says were applied up to now (refused ones are not).
            let mut config = s.clone();
            for e in trace.events.iter().filter(|e| e.t_s <= sample.t_s) {
                if let (EventKind::SettingChanged, Detail::Setting { field, to, .. }) = (e.kind, &e.detail) {
                    let vm = config.vm_mut(&e.subject).unwrap();
                    set_field(vm, VmField::parse(field).unwrap(), &Value::parse(to)).unwrap();
                }
            }
            for h in &sample.hosts {
                let spec = config.host(&h.name).unwrap();
                prop_assert!(h.cpu_granted_mhz <= h.cpu_capacity_mhz, "t={} {:?}", sample.t_s, h);
                prop_assert!(h.mem_granted_mb <= h.mem_capacity_mb, "t={} {:?}", sample.t_s, h);
                prop_assert!(h.cpu_reserved_mhz <= h.cpu_capacity_mhz, "t={} {:?}", sample.t_s, h);
                prop_assert!(h.mem_reserved_mb <= h.mem_capacity_mb, "t={} {:?}", sample.t_s, h);
                let running = sample.vms.iter().filter(|v| v.powered_on && v.host.as_deref() == Some(h.name.as_str())).count();
                prop_assert_eq!(h.vms_running as usize, running);
                if let Some(cpus) = spec.logical_cpus() {
                    for v in sample.vms.iter().filter(|v| v.powered_on && v.host.as_deref() == Some(h.name.as_str())) {
                        prop_assert!(config.vm(&v.name).unwrap().vcpus <= cpus);
                    }
                }
            }
            for v in &sample.vms {
                let spec = config.vm(&v.name).unwrap();
                let host = config.host(v.host.as_deref().unwrap()).unwrap();
                if v.powered_on {
                    check_vm(host, spec, &v.alloc)?;
                } else {
                    prop_assert_eq!(v.alloc, VmAllocation::default(), "{} is off", v.name);
                }
            }
        }
    }

    #[test]
    fn same_input_gives_the_same_trace(s in scenario(), seed in any::<u64>()) {
        let a = Sim::run(&s, seed, &[]).unwrap();
        let b = Sim::run(&s, seed, &[]).unwrap();
        prop_assert_eq!(a.seed, seed);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }

    #[test]
    fn admission_holds_for_any_order_of_power_ons(
        s in scenario(),
        order in Just((0..8).collect::<Vec<usize>>()).prop_shuffle(),
        offs in prop::collection::vec(any::<bool>(), 8),
    ) {
        // Everything starts off; then VMs power on in a random order, some
        // powering off again, each step through admission control.
        let mut s = s;
        for v in &mut s.vm {
            v.powered_on = false;
        }
        s.timeline.clear();
        let mut sim = Sim::new(&s, 0);
        let on = |name: &str, on: bool| Setting {
            target: format!("vm.{name}.powered_on"),
            value: Value::Bool(on),
        };
        let names: Vec<String> = s.vm.iter().map(|v| v.name.clone()).collect();
        for (step, &i) in order.iter().filter(|&&i| i < names.len()).enumerate() {
            sim.apply(&on(&names[i], true)).unwrap();
            if offs[step] {
                let j = order[(step * 5 + 3) % order.len()];
                if j < names.len() {
                    sim.apply(&on(&names[j], false)).unwrap();
                }
            }
            let sample = sim.sample();
            for h in &s.host {
                let running: Vec<&VmSpec> = sample
                    .vms
                    .iter()
                    .filter(|v| v.powered_on && v.host.as_deref() == Some(h.name.as_str()))
                    .map(|v| s.vm(&v.name).unwrap())
                    .collect();
                let cpu: u64 = running.iter().map(|v| v.cpu_reservation_mhz).sum();
                let mem: u64 = running
                    .iter()
                    .map(|v| v.mem_reservation_mb + VmNeeds::of(v, h).mem_overhead_mb)
                    .sum();
                prop_assert!(cpu <= h.cpu_capacity_mhz(), "CPU reserved {} > {}", cpu, h.cpu_capacity_mhz());
                prop_assert!(mem <= h.mem_mb, "memory reserved {} > {}", mem, h.mem_mb);
                if let Some(cpus) = h.logical_cpus() {
                    prop_assert!(running.iter().all(|v| v.vcpus <= cpus));
                }
            }
        }
        // Every power-on either ran or was refused with an event.
        for e in sim.events() {
            prop_assert!(matches!(
                e.kind,
                EventKind::PowerOn | EventKind::PowerOff | EventKind::AdmissionDenied
            ));
        }
    }

    #[test]
    fn a_refused_power_on_really_did_not_fit((host, vms) in host_and_vms()) {
        // Admission is not over-cautious: a refused VM's reservation (plus
        // overhead) really exceeds what the VMs before it left unreserved,
        // or it has too many vCPUs.
        let s = one_host_scenario(host.clone(), vms);
        let trace = Sim::run(&s, 0, &[]).unwrap();
        let mut cpu_left = host.cpu_capacity_mhz();
        let mut mem_left = host.mem_mb;
        for v in &s.vm {
            if !v.powered_on {
                continue;
            }
            let overhead = VmNeeds::of(v, &host).mem_overhead_mb;
            let too_wide = host.logical_cpus().is_some_and(|c| v.vcpus > c);
            let fits = !too_wide
                && v.cpu_reservation_mhz <= cpu_left
                && v.mem_reservation_mb + overhead <= mem_left;
            let ran = trace.samples[0].vms.iter().any(|x| x.name == v.name && x.powered_on);
            prop_assert_eq!(ran, fits, "{}", v.name);
            let refused = trace
                .events
                .iter()
                .any(|e| e.kind == EventKind::AdmissionDenied && e.subject == v.name);
            prop_assert_eq!(refused, !fits);
            if fits {
                cpu_left -= v.cpu_reservation_mhz;
                mem_left -= v.mem_reservation_mb + overhead;
            }
        }
    }
}
