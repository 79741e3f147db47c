//! The memory engine against published numbers and the qualitative results
//! of Waldspurger (OSDI 2002) and `docs/references.md` "Memory reclamation".

use vlab_sim::inventory::MemoryModel;
use vlab_sim::memory::{
    fusioncompute_swap_disk_gb, mechanisms, min_free_centi_mb, min_free_mb, overcommit_pct,
    performance_pct, state_after, thresholds, HostMemConfig, HostMemSample, HostMemory, MemState,
    VmMemConfig, VmMemSample,
};

fn run(host: &HostMemConfig, vms: &[VmMemConfig], secs: u32) -> (HostMemSample, Vec<VmMemSample>) {
    let mut mem = HostMemory::new(host, vms, 1);
    for _ in 0..secs {
        mem.step(host, vms, 1);
    }
    mem.sample()
}

fn small_pages(mem_mb: u64, model: MemoryModel) -> HostMemConfig {
    let mut h = HostMemConfig::new(mem_mb, model);
    h.large_pages = false;
    h
}

fn linux(name: &str, mem_mb: u64) -> VmMemConfig {
    let mut v = VmMemConfig::new(name, mem_mb);
    v.guest_os = Some("linux".into());
    v.app = Some("web".into());
    v.zero_pct = 10;
    v.os_pct = 40;
    v.app_pct = 20;
    v
}

#[test]
fn min_free_for_published_host_sizes() {
    // Exact, in hundredths of a MB, then rounded to the nearest MB.
    let cases = [
        (4, 24_576, 246),
        (12, 57_344, 573),
        (28, 90_112, 901),
        (64, 126_976, 1270),
        (256, 323_584, 3236),
    ];
    for (gb, centi, mb) in cases {
        assert_eq!(min_free_centi_mb(gb * 1024), centi, "{gb} GB");
        assert_eq!(min_free_mb(gb * 1024), mb, "{gb} GB");
    }
}

#[test]
fn vsphere_thresholds_are_percents_of_min_free() {
    let t = thresholds(MemoryModel::Vsphere6, 28 * 1024);
    assert_eq!(t.min_free_mb, 901);
    assert_eq!(t.high_mb, 3604); // 400% of 901.12
    assert_eq!(t.clear_mb, 901);
    assert_eq!(t.soft_mb, 577); // 576.72
    assert_eq!(t.hard_mb, 288); // 288.36
    assert_eq!(t.low_mb, 144); // 144.18
    assert_eq!(t.target_free_mb, 901);
}

#[test]
fn paper_thresholds_are_percents_of_memory() {
    let t = thresholds(MemoryModel::Paper2002, 10_240);
    assert_eq!(
        (t.high_mb, t.soft_mb, t.hard_mb, t.low_mb),
        (614, 410, 205, 102)
    );
    assert_eq!(t.clear_mb, t.soft_mb);
    assert_eq!(t.target_free_mb, 614);
}

#[test]
fn states_fall_at_thresholds_and_rise_with_hysteresis() {
    let m = MemoryModel::Vsphere6;
    let gb28 = 28 * 1024;
    assert_eq!(state_after(m, gb28, MemState::High, 2000), MemState::High);
    assert_eq!(state_after(m, gb28, MemState::High, 900), MemState::Clear);
    assert_eq!(state_after(m, gb28, MemState::High, 500), MemState::Soft);
    assert_eq!(state_after(m, gb28, MemState::High, 200), MemState::Hard);
    assert_eq!(state_after(m, gb28, MemState::High, 100), MemState::Low);
    // Back up only at the threshold of the state above.
    assert_eq!(state_after(m, gb28, MemState::Soft, 700), MemState::Soft);
    assert_eq!(state_after(m, gb28, MemState::Soft, 950), MemState::Clear);
    assert_eq!(state_after(m, gb28, MemState::Clear, 2000), MemState::Clear);
    assert_eq!(state_after(m, gb28, MemState::Clear, 3700), MemState::High);
    assert_eq!(state_after(m, gb28, MemState::Low, 3700), MemState::High);
    // The paper: soft < 4%, back to high at 6%.
    let p = MemoryModel::Paper2002;
    assert_eq!(state_after(p, 10_240, MemState::High, 500), MemState::High);
    assert_eq!(state_after(p, 10_240, MemState::High, 400), MemState::Soft);
    assert_eq!(state_after(p, 10_240, MemState::Soft, 500), MemState::Soft);
    assert_eq!(state_after(p, 10_240, MemState::Soft, 620), MemState::High);
}

#[test]
fn mechanisms_per_state() {
    let m = |s| mechanisms(MemoryModel::Vsphere6, s);
    assert!(m(MemState::High).tps && !m(MemState::High).balloon);
    assert!(m(MemState::Clear).break_large_pages);
    assert!(m(MemState::Soft).balloon && !m(MemState::Soft).swap);
    assert!(m(MemState::Hard).swap && m(MemState::Hard).compress && !m(MemState::Hard).balloon);
    assert!(m(MemState::Low).block && !m(MemState::Low).tps);
    let p = |s| mechanisms(MemoryModel::Paper2002, s);
    assert!(!p(MemState::Hard).compress && p(MemState::Hard).swap);
}

#[test]
fn fusioncompute_swap_disk_formula() {
    assert_eq!(fusioncompute_swap_disk_gb(1024), 2); // 1.24
    assert_eq!(fusioncompute_swap_disk_gb(4096), 5); // 4.54
    assert_eq!(fusioncompute_swap_disk_gb(8192), 9); // 8.94
    assert_eq!(fusioncompute_swap_disk_gb(32_768), 36); // 35.34
}

#[test]
fn overcommit_ratio() {
    let host = small_pages(8192, MemoryModel::Fusioncompute);
    let vms = vec![VmMemConfig::new("a", 6144), VmMemConfig::new("b", 6144)];
    assert_eq!(overcommit_pct(&host, &vms), 150);
}

#[test]
fn paper_identical_vms_share_well_over_half() {
    // Five identical Linux VMs (10% zero, 40% OS, 20% app pages), ESX 2
    // scan rates: after three hours they share close to (4/5 x 60% + 10%).
    let host = HostMemConfig::new(4096, MemoryModel::Paper2002);
    let vms: Vec<_> = (0..5).map(|i| linux(&format!("vm{i}"), 256)).collect();
    let (h, per_vm) = run(&host, &vms, 3 * 3600);
    let touched: u64 = per_vm.iter().map(|v| v.touched_mb).sum();
    assert_eq!(touched, 1280);
    assert!(h.shared_saved_mb * 100 > touched * 50, "{h:?}");
    assert!(h.shared_saved_mb * 100 < touched * 70, "{h:?}");
}

#[test]
fn salting_limits_sharing_to_zero_pages() {
    let vms: Vec<_> = (0..4).map(|i| linux(&format!("vm{i}"), 1024)).collect();
    let mut host = small_pages(16_384, MemoryModel::Vsphere6);
    host.tps_salting = 0;
    let (open, _) = run(&host, &vms, 2 * 3600);
    host.tps_salting = 2;
    let (salted, per_vm) = run(&host, &vms, 2 * 3600);
    // Salted: only zero pages (10% of 4 GB) collapse.
    assert_eq!(salted.shared_saved_mb, salted.zero_saved_mb);
    assert!(
        salted.zero_saved_mb > 300 && salted.zero_saved_mb <= 410,
        "{salted:?}"
    );
    assert!(per_vm.iter().all(|v| v.shared_mb == 0));
    // Open: OS and app pages too (3/4 of 60% of 4 GB more).
    assert!(
        open.shared_saved_mb > salted.shared_saved_mb + 1500,
        "{open:?}"
    );
}

#[test]
fn large_pages_share_nothing_until_the_host_is_short() {
    let vms: Vec<_> = (0..4).map(|i| linux(&format!("vm{i}"), 1024)).collect();
    let mut host = HostMemConfig::new(16_384, MemoryModel::Vsphere6);
    host.tps_salting = 0;
    let (h, _) = run(&host, &vms, 1800);
    assert_eq!(h.shared_saved_mb, 0);
    assert!(!h.large_pages_broken);
    // On a small host the clear state breaks them, and TPS follows.
    let host = HostMemConfig {
        mem_mb: 4096,
        tps_salting: 0,
        ..host
    };
    let (h, _) = run(&host, &vms, 1800);
    assert!(h.large_pages_broken);
    assert!(h.shared_saved_mb > 500, "{h:?}");
}

#[test]
fn a_vm_without_tools_is_swapped_not_ballooned() {
    let host = small_pages(8192, MemoryModel::Vsphere6);
    let mut vms = vec![
        VmMemConfig::new("tools", 6144),
        VmMemConfig::new("none", 6144),
    ];
    vms[1].tools_installed = false;
    let (_, v) = run(&host, &vms, 1200);
    assert!(v[0].ballooned_mb > 1000, "{:?}", v[0]);
    assert_eq!(v[1].ballooned_mb, 0);
    assert!(v[1].swapped_mb + v[1].compressed_mb > 1000, "{:?}", v[1]);
}

#[test]
fn a_limit_balloons_an_idle_host() {
    let host = small_pages(65_536, MemoryModel::Vsphere6);
    let mut vm = VmMemConfig::new("capped", 4096);
    vm.limit_mb = Some(2048);
    let (h, v) = run(&host, &[vm], 600);
    assert_eq!(h.state, MemState::High);
    assert!(v[0].consumed_mb <= 2048, "{:?}", v[0]);
    assert!(v[0].ballooned_mb >= 2040, "{:?}", v[0]);
    assert_eq!(v[0].swapped_mb, 0);
}

#[test]
fn compression_saves_swap() {
    let host = small_pages(65_536, MemoryModel::Vsphere6);
    let mut vm = VmMemConfig::new("capped", 4096);
    vm.limit_mb = Some(3072);
    vm.tools_installed = false;
    vm.compressible_pct = 0;
    let (_, none) = run(&host, std::slice::from_ref(&vm), 600);
    vm.compressible_pct = 80;
    let (_, most) = run(&host, &[vm], 600);
    assert_eq!(none[0].compressed_mb, 0);
    assert!(most[0].compressed_mb > 0);
    assert!(most[0].compression_cache_mb <= 409);
    assert!(most[0].swapped_mb < none[0].swapped_mb, "{most:?} {none:?}");
    assert!(most[0].performance_pct > none[0].performance_pct);
}

#[test]
fn ballooning_costs_little_and_swapping_much() {
    // The same 1 GB reclaimed by a limit, from a VM whose working set is a
    // quarter of its memory: the balloon takes idle pages, swap random ones.
    let host = small_pages(65_536, MemoryModel::Vsphere6);
    let mut vm = VmMemConfig::new("vm", 4096);
    vm.limit_mb = Some(3072);
    vm.compressible_pct = 0;
    let (_, ballooned) = run(&host, std::slice::from_ref(&vm), 600);
    vm.tools_installed = false;
    let (_, swapped) = run(&host, &[vm], 600);
    assert!(ballooned[0].ballooned_mb >= 1020 && swapped[0].swapped_mb >= 1020);
    assert_eq!(ballooned[0].guest_swapped_mb, ballooned[0].ballooned_mb);
    assert_eq!(ballooned[0].performance_pct, 100);
    assert!(swapped[0].performance_pct < 30, "{:?}", swapped[0]);
    assert_eq!(performance_pct(1000, 0, 0, 0), 100);
    assert_eq!(performance_pct(1000, 0, 0, 40), 50);
}

#[test]
fn the_idle_memory_tax_moves_memory_to_the_busy_vm() {
    let idle_share = |tax: u8| {
        let mut host = small_pages(6144, MemoryModel::Paper2002);
        host.idle_tax_pct = tax;
        let mut busy = VmMemConfig::new("busy", 4096);
        busy.active_mb = 4096;
        let mut idle = VmMemConfig::new("idle", 4096);
        idle.active_mb = 256;
        let (_, v) = run(&host, &[busy, idle], 1800);
        (v[0].consumed_mb, v[1].consumed_mb)
    };
    let (busy0, idle0) = idle_share(0);
    let (busy75, idle75) = idle_share(75);
    assert!(busy0.abs_diff(idle0) < 100, "{busy0} {idle0}");
    assert!(busy75 > idle75 + 1500, "{busy75} {idle75}");
}

#[test]
fn reservations_are_never_reclaimed() {
    let host = small_pages(8192, MemoryModel::Vsphere6);
    let mut vms: Vec<_> = (0..3)
        .map(|i| VmMemConfig::new(&format!("vm{i}"), 4096))
        .collect();
    vms[0].reservation_mb = 3000;
    vms[0].tools_installed = false;
    let (_, v) = run(&host, &vms, 1800);
    assert!(v[0].consumed_mb >= 2999, "{:?}", v[0]);
    assert!(v[1].ballooned_mb + v[1].swapped_mb > 0);
}

#[test]
fn powering_off_releases_everything() {
    let host = small_pages(8192, MemoryModel::Vsphere6);
    let mut vms = vec![VmMemConfig::new("a", 6144), VmMemConfig::new("b", 6144)];
    vms[0].overhead_mb = 50;
    let mut mem = HostMemory::new(&host, &vms, 1);
    for _ in 0..900 {
        mem.step(&host, &vms, 1);
    }
    vms[1].powered_on = false;
    for _ in 0..600 {
        mem.step(&host, &vms, 1);
    }
    let (h, v) = mem.sample();
    assert_eq!(
        v[1],
        VmMemSample {
            performance_pct: 100,
            ..VmMemSample::default()
        }
    );
    // The balloon of "a" deflated into the freed memory.
    assert_eq!(v[0].ballooned_mb, 0, "{:?}", v[0]);
    let total = h.free_mb + v[0].consumed_mb + 50;
    assert!((8190..=8192).contains(&total), "{h:?} {v:?}");
}

#[test]
fn fusioncompute_shares_same_os_and_uses_its_swap_disk() {
    let host = small_pages(8192, MemoryModel::Fusioncompute);
    let mut vms: Vec<_> = (0..3).map(|i| linux(&format!("vm{i}"), 4096)).collect();
    for v in &mut vms {
        v.tools_installed = false;
    }
    let mut mem = HostMemory::new(&host, &vms, 1);
    for _ in 0..3600 {
        mem.step(&host, &vms, 1);
    }
    let (h, v) = mem.sample();
    assert!(h.shared_saved_mb > 2000, "{h:?}");
    assert!(v
        .iter()
        .all(|v| v.compressed_mb == 0 && v.ballooned_mb == 0));
    let ledgers = mem.vm_ledgers();
    assert_eq!(ledgers[0].swap_file_pages, 5 * 1024 * 256);
}

#[test]
fn runs_are_deterministic() {
    let host = small_pages(12_288, MemoryModel::Vsphere6);
    let mut vms: Vec<_> = (0..6).map(|i| linux(&format!("vm{i}"), 3072)).collect();
    vms[2].tools_installed = false;
    vms[3].write_pct_per_min = 5;
    let trace = |seed| {
        let mut mem = HostMemory::new(&host, &vms, seed);
        (0..900)
            .map(|_| {
                mem.step(&host, &vms, 1);
                mem.sample()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(trace(1), trace(1));
    assert_eq!(trace(1), trace(2));
}

/// VMware KB 2097593: with `Mem.ShareForceSalting` = 1 a VM without its own
/// `sched.mem.pshare.salt` is salted with 0, so it shares across VMs as with
/// 0; only the default 2 (salt = the VM's unique vc.uuid) keeps sharing
/// within each VM.
#[test]
fn salting_one_shares_across_vms_like_zero() {
    let mut host =
        vlab_sim::memory::HostMemConfig::new(8192, vlab_sim::inventory::MemoryModel::Vsphere6);
    let mut intra = |salting| {
        host.tps_salting = salting;
        host.intra_vm_only()
    };
    assert!(!intra(0));
    assert!(!intra(1));
    assert!(intra(2));
}

#[test]
fn large_pages_break_below_the_high_threshold_before_any_clear_state() {
    // vSphere 6+ (docs/references.md, host memory states): below 400 % of
    // minFree large pages are broken at the next sharing pass, so
    // identical VMs share while the host is still "high" (free memory
    // between 100 % and 400 % of minFree, never clear).
    let mut host = HostMemConfig::new(16_384, MemoryModel::Vsphere6);
    host.tps_salting = 0;
    let th = thresholds(MemoryModel::Vsphere6, 16_384);
    let vms: Vec<_> = (0..4).map(|i| linux(&format!("vm{i}"), 3_700)).collect();
    let mut mem = HostMemory::new(&host, &vms, 1);
    let mut lowest_free_mb = u64::MAX;
    for _ in 0..1800 {
        mem.step(&host, &vms, 1);
        let (h, _) = mem.sample();
        lowest_free_mb = lowest_free_mb.min(h.free_mb);
        assert_ne!(h.state, MemState::Clear, "{h:?}");
    }
    let (h, _) = mem.sample();
    assert!(
        lowest_free_mb < th.high_mb && lowest_free_mb >= th.clear_mb,
        "{th:?} {lowest_free_mb}"
    );
    assert!(h.large_pages_broken, "{h:?}");
    assert!(h.shared_saved_mb > 500, "{h:?}");
}
