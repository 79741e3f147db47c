//! Property tests of vSphere HA admission control (`docs/references.md`, "HA")
//! on random small clusters: failover capacity never claims every host
//! while a VM runs; powering on a VM never raises the failover capacity or
//! the free percentages; a power-on admitted under the slot policy for N
//! failures leaves room for every powered-on VM after any N hosts fail,
//! and is admitted exactly when the failover capacity stays at least N.

use crate::fixtures::proptest_config;
use proptest::prelude::*;
use vlab_sim::ha::admission::{admit_power_on, summarize, HaHost, HaVm, Policy};

fn hosts() -> impl Strategy<Value = Vec<HaHost>> {
    prop::collection::vec(
        (
            1_000u64..=20_000,
            1_024u64..=32_768,
            prop::bool::weighted(0.85),
        ),
        1..=5,
    )
    .prop_map(|hs| {
        hs.into_iter()
            .enumerate()
            .map(|(i, (cpu_mhz, mem_mb, connected))| HaHost {
                name: format!("h{i}"),
                cpu_mhz,
                mem_mb,
                connected,
            })
            .collect()
    })
}

/// A VM; reservations are 0 a third of the time (the 32 MHz / 0 MB
/// defaults).
fn vm(name: String) -> impl Strategy<Value = HaVm> {
    (
        prop_oneof![Just(0u64), 1u64..=4_000],
        prop_oneof![Just(0u64), 1u64..=4_096],
        0u64..=200,
        any::<bool>(),
    )
        .prop_map(move |(cpu, mem, overhead, on)| HaVm {
            name: name.clone(),
            cpu_reservation_mhz: cpu,
            mem_reservation_mb: mem,
            mem_overhead_mb: overhead,
            powered_on: on,
            host: None,
        })
}

fn vms() -> impl Strategy<Value = Vec<HaVm>> {
    (0usize..=10).prop_flat_map(|n| (0..n).map(|i| vm(format!("vm{i}"))).collect::<Vec<_>>())
}

fn slots_policy() -> impl Strategy<Value = Policy> {
    (
        0u32..=3,
        prop::option::of(100u64..=3_000),
        prop::option::of(256u64..=4_096),
    )
        .prop_map(|(host_failures, cpu, mem)| Policy::Slots {
            host_failures,
            fixed_cpu_slot_mhz: cpu,
            fixed_mem_slot_mb: mem,
        })
}

fn policy() -> impl Strategy<Value = Policy> {
    prop_oneof![
        slots_policy(),
        (0u32..=60, 0u32..=60)
            .prop_map(|(cpu_pct, mem_pct)| Policy::Percentage { cpu_pct, mem_pct }),
        prop::collection::vec(0usize..5, 0..=2).prop_map(|hs| Policy::FailoverHosts {
            hosts: hs.into_iter().map(|i| format!("h{i}")).collect(),
        }),
        Just(Policy::Disabled),
    ]
}

fn new_vm() -> impl Strategy<Value = HaVm> {
    vm("new".into()).prop_map(|v| HaVm {
        powered_on: true,
        ..v
    })
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn failover_capacity_never_claims_every_host(p in policy(), hs in hosts(), vs in vms()) {
        let s = summarize(&p, &hs, &vs);
        if vs.iter().any(|v| v.powered_on) {
            let counted = s.slots_per_host.len() as u32;
            prop_assert!(s.failover_capacity <= counted.saturating_sub(1), "{s:?}");
        }
    }

    #[test]
    fn a_powered_on_vm_never_raises_capacity_or_percentages(
        p in policy(), hs in hosts(), vs in vms(), extra in new_vm(),
    ) {
        let before = summarize(&p, &hs, &vs);
        let mut more = vs.clone();
        more.push(extra);
        let after = summarize(&p, &hs, &more);
        prop_assert!(after.failover_capacity <= before.failover_capacity);
        prop_assert!(after.cpu_failover_pct <= before.cpu_failover_pct);
        prop_assert!(after.mem_failover_pct <= before.mem_failover_pct);
        prop_assert!(after.used_slots > before.used_slots);
    }

    #[test]
    fn admitted_under_slots_survives_any_n_host_failures(
        p in slots_policy(), hs in hosts(), vs in vms(), extra in new_vm(),
    ) {
        let Policy::Slots { host_failures: n, .. } = p else { unreachable!() };
        let admitted = admit_power_on(&p, &hs, &vs, &extra).is_ok();
        let mut more = vs.clone();
        more.push(extra);
        let after = summarize(&p, &hs, &more);
        // Admission is the same question as "failover capacity >= n" (and,
        // for n = 0, "the VMs fit at all").
        let fits = after.used_slots <= after.total_slots;
        prop_assert_eq!(admitted, fits && after.failover_capacity >= n, "{:?}", after);
        if admitted {
            let slots: Vec<u32> = after.slots_per_host.values().copied().collect();
            let total: u32 = slots.iter().sum();
            for failed in 0u32..(1 << slots.len()) {
                if failed.count_ones() != n {
                    continue;
                }
                let lost: u32 = (0..slots.len())
                    .filter(|i| failed & (1 << i) != 0)
                    .map(|i| slots[i])
                    .sum();
                prop_assert!(total - lost >= after.used_slots, "{after:?} lose {failed:b}");
            }
        }
    }

    #[test]
    fn admitted_under_percentage_keeps_the_configured_share(
        cpu_pct in 0u32..=60, mem_pct in 0u32..=60, hs in hosts(), vs in vms(), extra in new_vm(),
    ) {
        let p = Policy::Percentage { cpu_pct, mem_pct };
        if admit_power_on(&p, &hs, &vs, &extra).is_ok() {
            let mut more = vs.clone();
            more.push(extra);
            let after = summarize(&p, &hs, &more);
            prop_assert!(after.cpu_failover_pct >= cpu_pct, "{after:?}");
            prop_assert!(after.mem_failover_pct >= mem_pct, "{after:?}");
        }
    }
}
