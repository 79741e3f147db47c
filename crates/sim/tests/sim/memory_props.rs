//! Property tests of the memory engine over random hosts, VM mixes and
//! timelines: memory is conserved, reservations are never reclaimed, a
//! balloon never exceeds 65% and a compression cache 10% of configured
//! memory, swap stays within the swap file.

use crate::fixtures::proptest_config;
use proptest::prelude::*;
use vlab_sim::inventory::MemoryModel;
use vlab_sim::memory::{HostMemConfig, HostMemory, VmMemConfig};

fn model() -> impl Strategy<Value = MemoryModel> {
    prop_oneof![
        Just(MemoryModel::Vsphere6),
        Just(MemoryModel::Paper2002),
        Just(MemoryModel::Fusioncompute),
    ]
}

fn host() -> impl Strategy<Value = HostMemConfig> {
    (
        model(),
        1024u64..=16_384,
        0u8..=2,
        any::<bool>(),
        0u8..=95,
        1u32..=60,
    )
        .prop_map(|(model, mem_mb, salting, large, tax, scan_min)| {
            let mut h = HostMemConfig::new(mem_mb, model);
            h.tps_salting = salting;
            h.large_pages = large;
            h.idle_tax_pct = tax;
            h.share_scan_time_min = scan_min;
            h
        })
}

fn os() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("linux".to_string())),
        Just(Some("win".to_string()))
    ]
}

fn vm(i: usize) -> impl Strategy<Value = VmMemConfig> {
    (
        (
            256u64..=6144,
            0u64..=100,
            prop::option::of(0u64..=100),
            1u64..=100_000,
            0u64..=64,
        ),
        (os(), os(), any::<bool>(), 0u64..=100, 0u64..=100),
        (0u8..=40, 0u8..=60, 0u8..=40, 0u32..=20, 0u8..=100),
    )
        .prop_map(move |(a, b, c)| {
            let (mem_mb, res_pct, limit_pct, shares, overhead_mb) = a;
            let (guest_os, app, tools, touched_pct, active_pct) = b;
            let (zero_pct, os_pct, app_pct, write_pct_per_min, compressible_pct) = c;
            let touched_mb = mem_mb * touched_pct / 100;
            VmMemConfig {
                name: format!("vm{i}"),
                powered_on: true,
                mem_mb,
                reservation_mb: mem_mb * res_pct / 400,
                limit_mb: limit_pct.map(|p| mem_mb * p / 100),
                shares,
                overhead_mb,
                guest_os,
                app,
                tools_installed: tools,
                touched_mb,
                active_mb: touched_mb * active_pct / 100,
                zero_pct,
                os_pct,
                app_pct,
                write_pct_per_min,
                compressible_pct,
            }
        })
}

fn vms() -> impl Strategy<Value = Vec<VmMemConfig>> {
    (1usize..=6).prop_flat_map(|n| (0..n).map(vm).collect::<Vec<_>>())
}

/// A change applied between segments of the run.
#[derive(Debug, Clone)]
enum Change {
    Power(usize, bool),
    Active(usize, u64),
    Touched(usize, u64),
    Limit(usize, Option<u64>),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (0usize..6, any::<bool>()).prop_map(|(i, on)| Change::Power(i, on)),
        (0usize..6, 0u64..=100).prop_map(|(i, p)| Change::Active(i, p)),
        (0usize..6, 0u64..=100).prop_map(|(i, p)| Change::Touched(i, p)),
        (0usize..6, prop::option::of(0u64..=100)).prop_map(|(i, p)| Change::Limit(i, p)),
    ]
}

fn apply(vms: &mut [VmMemConfig], c: &Change) {
    let n = vms.len();
    match *c {
        Change::Power(i, on) => vms[i % n].powered_on = on,
        Change::Active(i, p) => vms[i % n].active_mb = vms[i % n].mem_mb * p / 100,
        Change::Touched(i, p) => vms[i % n].touched_mb = vms[i % n].mem_mb * p / 100,
        Change::Limit(i, p) => vms[i % n].limit_mb = p.map(|p| vms[i % n].mem_mb * p / 100),
    }
}

/// Runs `segments` of `steps` steps of `dt_s`, checking every step.
fn check_run(host: &HostMemConfig, mut vms: Vec<VmMemConfig>, changes: &[Change], dt_s: u32) {
    let mut mem = HostMemory::new(host, &vms, 9);
    let mut before = mem.vm_ledgers();
    for seg in 0..=changes.len() {
        if seg > 0 {
            apply(&mut vms, &changes[seg - 1]);
        }
        for _ in 0..40 {
            mem.step(host, &vms, dt_s);
            let l = mem.ledger();
            // Conservation, page-exact.
            assert_eq!(
                l.free_pages
                    + l.private_pages
                    + l.shared_copy_pages
                    + l.compression_cache_pages
                    + l.overhead_pages,
                l.host_pages,
                "{l:?}"
            );
            let after = mem.vm_ledgers();
            let consumed: u64 = after.iter().map(|v| v.consumed_pages).sum();
            assert_eq!(
                l.free_pages + consumed + l.overhead_pages,
                l.host_pages,
                "shared copies charged once"
            );
            for (i, (a, b)) in after.iter().zip(&before).enumerate() {
                let reclaimed = |v: &vlab_sim::memory::VmLedger| {
                    v.balloon_pages + v.compressed_pages + v.swapped_pages
                };
                assert_eq!(
                    a.private_pages + a.shared_pages + reclaimed(a),
                    a.touched_pages,
                    "vm {i}: every touched page is somewhere"
                );
                assert!(
                    a.balloon_pages <= a.mem_pages * 65 / 100,
                    "vm {i}: balloon {a:?}"
                );
                assert!(
                    a.compression_cache_pages <= a.mem_pages / 10,
                    "vm {i}: cache {a:?}"
                );
                assert!(a.swapped_pages <= a.swap_file_pages, "vm {i}: swap {a:?}");
                assert!(a.guest_swapped_pages <= a.balloon_pages);
                if a.running && b.running && reclaimed(a) > reclaimed(b) {
                    assert!(
                        a.consumed_pages >= a.reservation_pages.min(a.touched_pages),
                        "vm {i}: reservation reclaimed {a:?}"
                    );
                }
            }
            let (h, per_vm) = mem.sample();
            let sum_mb: u64 = per_vm
                .iter()
                .map(|v| v.consumed_mb + v.overhead_mb)
                .sum::<u64>()
                + h.free_mb;
            assert!(sum_mb <= host.mem_mb && sum_mb + 2 * per_vm.len() as u64 + 1 >= host.mem_mb);
            before = after;
        }
    }
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn memory_is_conserved_and_bounds_hold(
        host in host(),
        vms in vms(),
        changes in prop::collection::vec(change(), 0..5),
        dt_s in prop_oneof![Just(1u32), Just(5), Just(30)],
    ) {
        check_run(&host, vms, &changes, dt_s);
    }

    #[test]
    fn overcommitted_hosts_stay_consistent(
        model in model(),
        n in 2usize..=8,
        per_vm_mb in 1024u64..=4096,
        tools_mask in any::<u8>(),
    ) {
        // Always overcommitted: VMs total twice the host.
        let host = HostMemConfig::new(per_vm_mb * n as u64 / 2, model);
        let vms: Vec<VmMemConfig> = (0..n)
            .map(|i| {
                let mut v = VmMemConfig::new(&format!("vm{i}"), per_vm_mb);
                v.tools_installed = tools_mask & (1 << i) != 0;
                v.zero_pct = 5;
                v.guest_os = Some("linux".into());
                v.os_pct = 30;
                v.write_pct_per_min = 3;
                v
            })
            .collect();
        check_run(&host, vms, &[], 10);
    }
}
