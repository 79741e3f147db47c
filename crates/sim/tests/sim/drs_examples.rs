//! DRS and DPM against their published rules, one table row per case,
//! each table citing its source (`REFERENCES.md`, "DRS and DPM"):
//! - DRS memory demand = active + 25% of idle consumed + overhead
//!   (REFERENCES.md, DRS), as a formula and as the sample reports it;
//! - recommendation priorities and threshold targets, after VMware KB
//!   "Calculating the priority level of a VMware DRS migration
//!   recommendation": priority = 6 − ⌈imbalance / 0.1 × √hosts⌉, read left
//!   to right (the grouping REFERENCES.md marks unsure; `drs/threshold.rs`
//!   explains), priority 1 kept for mandatory moves, threshold T applying
//!   priorities 1..=T; then the moves one pass makes at each threshold;
//! - DPM's band: target 63% ± 18% → power off below 45%, power on above
//!   81% (REFERENCES.md, DPM), as figures and in whole runs;
//! - the workload shapes at given times of day (`drs/workload.rs`);
//! - the host power model: watts linear in CPU utilization between idle
//!   and peak (SPECpower-style; `drs/power.rs`), and the energy of runs.

use vlab_sim::drs::demand::drs_mem_demand_mb;
use vlab_sim::drs::load::{DrsHost, DrsVm};
use vlab_sim::drs::pass::{run_pass, PassInput, Reason};
use vlab_sim::drs::power::watts;
use vlab_sim::drs::spec::DpmSpec;
use vlab_sim::drs::threshold::{applies, balance_priority, target_imbalance_milli};
use vlab_sim::inventory::workload::{Shape, WorkloadSpec};
use vlab_sim::{parse_scenario, EventKind, Sim, Trace};

fn run(src: &str) -> Trace {
    let s = parse_scenario("example.toml", src).unwrap_or_else(|e| panic!("{e:?}\n{src}"));
    Sim::run(&s, 1, &[]).expect("no settings")
}

/// `[[host]]` tables: 20000 MHz, 64 GB, 10 GbE vMotion, IPMI, 150 W idle,
/// 350 W peak, 10 W standby (the defaults).
fn hosts(names: &[&str]) -> String {
    names
        .iter()
        .map(|h| {
            format!(
                "[[host]]\nname = \"{h}\"\ncpu_mhz = 20000\nmem_mb = 65536\nvmotion_gbps = 10\npower_mgmt = \"ipmi\"\n"
            )
        })
        .collect()
}

// ---------------------------------------------------------------------
// DRS memory demand (REFERENCES.md, DRS: "Memory demand = active + 25% of
// idle consumed + overhead").
// ---------------------------------------------------------------------

/// (active, consumed, overhead, demand) [MB].
const MEM_DEMAND: [(u64, u64, u64, u64); 8] = [
    // 1024 active of 4096 consumed: 3072 idle, a quarter counts.
    (1024, 4096, 100, 1024 + 768 + 100),
    // All consumed memory active: no idle part.
    (4096, 4096, 50, 4146),
    // Nothing active: a quarter of what the guest holds.
    (0, 8192, 0, 2048),
    // Consumed below active (pages not yet touched): active counts.
    (2048, 1024, 10, 2058),
    // A quarter of 3 MB rounds down.
    (1000, 1003, 0, 1000),
    (512, 16384, 200, 512 + 3968 + 200),
    (0, 0, 0, 0),
    // Overhead counts whole.
    (0, 0, 143, 143),
];

#[test]
fn memory_demand_is_active_plus_a_quarter_of_idle_plus_overhead() {
    for (active, consumed, overhead, want) in MEM_DEMAND {
        assert_eq!(
            drs_mem_demand_mb(active, consumed, overhead),
            want,
            "active {active}, consumed {consumed}, overhead {overhead}"
        );
    }
}

/// A VM's memory fields in a run: mem_mb, mem_demand_mb, mem_active_mb,
/// mem_consumed_mb, mem_overhead_mb; then the DRS demand [MB].
type MemRow = (u64, Option<u64>, Option<u64>, Option<u64>, u64, u64);

/// The same formula as a run's sample reports it (`vm_mem_demand_mb`).
/// Consumed defaults to the memory the guest touched (`mem_demand_mb`,
/// itself at most `mem_mb`); active to all of it, capped at it.
const MEM_DEMAND_IN_RUNS: [MemRow; 5] = [
    // 1024 + (6144 − 1024) / 4 + 100.
    (8192, None, Some(1024), Some(6144), 100, 1024 + 1280 + 100),
    // Consumed defaults to the touched 4096: 1024 + 3072 / 4 + 50.
    (8192, Some(4096), Some(1024), None, 50, 1024 + 768 + 50),
    // Active defaults to all touched memory: no idle part.
    (4096, Some(2048), None, None, 0, 2048),
    // Everything touched and consumed, 512 active: 512 + 7680 / 4.
    (8192, None, Some(512), None, 80, 512 + 1920 + 80),
    // Consumed above what was touched (the guest freed pages the host
    // still holds): 1000 + (4096 − 1000) / 4.
    (4096, Some(1024), Some(1000), Some(4096), 0, 1000 + 774),
];

#[test]
fn runs_report_the_drs_memory_demand_per_vm() {
    for (k, &(mem_mb, touched, active, consumed, overhead, want)) in
        MEM_DEMAND_IN_RUNS.iter().enumerate()
    {
        let mut src = format!("duration_s = 60\nstep_s = 60\n[drs]\n{}", hosts(&["esx1"]));
        src += &format!(
            "[[vm]]\nname = \"vm\"\nmem_mb = {mem_mb}\nmem_overhead_mb = {overhead}\ncpu_demand_mhz = 1000\n"
        );
        for (field, value) in [
            ("mem_demand_mb", touched),
            ("mem_active_mb", active),
            ("mem_consumed_mb", consumed),
        ] {
            if let Some(v) = value {
                src += &format!("{field} = {v}\n");
            }
        }
        let t = run(&src);
        for s in &t.samples {
            let d = s.drs.as_ref().expect("DRS figures");
            assert_eq!(d.vm_mem_demand_mb, [want], "row {k} at {} s", s.t_s);
        }
    }
}

// ---------------------------------------------------------------------
// Priorities and thresholds (VMware KB "Calculating the priority level of
// a VMware DRS migration recommendation"): priority = 6 −
// ⌈imbalance / 0.1 × √hosts⌉, i.e. ⌈(imbalance / 0.1) × √hosts⌉, clamped
// to 2..5 for load balancing (1 is for mandatory moves); the cluster is
// balanced (no recommendation) when the ceiling is 0.
// ---------------------------------------------------------------------

/// (imbalance [thousandths], hosts, priority).
const PRIORITIES: [(u32, usize, Option<u8>); 16] = [
    (0, 2, None),
    (0, 16, None),
    // 0.001 / 0.1 × 2 = 0.02 → 1 → 5: any imbalance at all.
    (1, 4, Some(5)),
    (50, 4, Some(5)),  // 0.5 × 2 = 1.0 → 1 → 5
    (51, 4, Some(4)),  // 1.02 → 2 → 4
    (100, 4, Some(4)), // 2.0 → 4
    (101, 4, Some(3)), // 2.02 → 3 → 3
    (150, 4, Some(3)), // 3.0 → 3
    (200, 4, Some(2)), // 4.0 → 2
    (201, 4, Some(2)), // 4.02 → 5 → 1, clamped to 2: 1 is mandatory only
    (400, 4, Some(2)), // 8 → clamped
    (70, 2, Some(5)),  // 0.7 × 1.414 = 0.99 → 1 → 5
    (71, 2, Some(4)),  // 1.004 → 2 → 4
    (150, 2, Some(3)), // 2.12 → 3 → 3
    (25, 16, Some(5)), // 0.25 × 4 = 1.0 → 5
    (26, 16, Some(4)), // 1.04 → 2 → 4
];

#[test]
fn priorities_follow_the_kb_formula_read_left_to_right() {
    for (imbalance, n, want) in PRIORITIES {
        assert_eq!(
            balance_priority(imbalance, n),
            want,
            "imbalance {imbalance} on {n} hosts"
        );
    }
}

/// (threshold, hosts, target [thousandths]): moves happen above
/// (5 − T) × 0.1 / √hosts, where the KB priority reaches T; threshold 1
/// makes no load-balancing moves.
const TARGETS: [(u8, usize, Option<u32>); 12] = [
    (1, 4, None),
    (2, 4, Some(150)), // 3 × 0.1 / 2
    (3, 4, Some(100)), // 2 × 0.1 / 2
    (4, 4, Some(50)),
    (5, 4, Some(0)), // any imbalance
    (2, 2, Some(212)),
    (3, 2, Some(141)),
    (4, 2, Some(71)),
    (3, 16, Some(50)),
    (2, 9, Some(100)),
    (3, 96, Some(20)), // 0.2 / 9.80
    (3, 1, Some(200)),
];

#[test]
fn threshold_targets_are_where_the_priority_reaches_the_threshold() {
    for (threshold, n, want) in TARGETS {
        assert_eq!(
            target_imbalance_milli(threshold, n),
            want,
            "threshold {threshold} on {n} hosts"
        );
    }
    // Threshold T applies priorities 1..=T.
    for threshold in 1..=5u8 {
        for priority in 1..=5u8 {
            assert_eq!(applies(threshold, priority), priority <= threshold);
        }
    }
}

/// One pass on two 10000 MHz hosts holding 12 and 6 VMs of 500 MHz (60%
/// and 30%: imbalance 0.150). Each move of one VM drops the imbalance by
/// 0.050; KB priorities at 0.150, 0.100 and 0.050 on 2 hosts are 3, 4 and
/// 5. (threshold, priorities of the moves made, imbalance after).
const THRESHOLD_PASSES: [(u8, &[u8], u32); 5] = [
    (1, &[], 150),
    (2, &[], 150),
    (3, &[3], 100),
    (4, &[3, 4], 50),
    (5, &[3, 4, 5], 0),
];

#[test]
fn a_pass_moves_while_the_threshold_applies_the_priority() {
    let host = |name: &str| DrsHost {
        name: name.into(),
        cpu_mhz: 10_000,
        mem_mb: 65_536,
        usable: true,
        evacuating: false,
        entering_standby: false,
        vmotion: true,
        link_mb_s: 1_250,
    };
    let hosts = [host("esx1"), host("esx2")];
    // No memory entitlement: the load is the CPU's alone.
    let vms: Vec<DrsVm> = (0..18)
        .map(|i| DrsVm {
            name: format!("vm{i}"),
            host: usize::from(i >= 12),
            cpu_mhz: 500,
            mem_mb: 0,
            cpu_reserved_mhz: 0,
            mem_reserved_mb: 0,
            copy_mb: 1_024,
            dirty_mb_s: 0,
            risk_pct: 0,
            stuck: None,
        })
        .collect();
    for (threshold, priorities, after) in THRESHOLD_PASSES {
        let r = run_pass(PassInput {
            hosts: &hosts,
            vms: &vms,
            rules: &[],
            threshold,
            baselines: None,
        });
        assert_eq!(r.imbalance_before_milli, 150);
        let got: Vec<u8> = r.moves.iter().map(|m| m.priority).collect();
        assert_eq!(got, priorities, "threshold {threshold}");
        assert_eq!(r.imbalance_after_milli, after, "threshold {threshold}");
        assert_eq!(
            r.target_milli,
            target_imbalance_milli(threshold, 2),
            "threshold {threshold}"
        );
        for (k, m) in r.moves.iter().enumerate() {
            assert_eq!(m.reason, Reason::Balance);
            assert_eq!((m.from, m.to), (0, 1));
            // Equal VMs: the first in inventory order goes first.
            assert_eq!(m.vm, k, "threshold {threshold}");
            assert_eq!(m.imbalance_before_milli - m.imbalance_after_milli, 50);
        }
    }
}

// ---------------------------------------------------------------------
// DPM (REFERENCES.md, DPM: "target demand/capacity 63% +- 18%: consider
// powering hosts off when utilization is below 45%, on when above 81%;
// demand windows 5 min (on) and 40 min (off)").
// ---------------------------------------------------------------------

/// (target, tolerance, power off below, power on above) [%].
const DPM_BANDS: [(u8, u8, u8, u8); 5] = [
    (63, 18, 45, 81), // vSphere's defaults
    (50, 10, 40, 60),
    (70, 30, 40, 100),
    (80, 25, 55, 100), // capped at 100%
    (40, 0, 40, 40),
];

#[test]
fn the_dpm_band_is_the_target_plus_or_minus_the_tolerance() {
    let d = DpmSpec::default();
    assert_eq!((d.target_pct, d.tolerance_pct), (63, 18));
    for (target_pct, tolerance_pct, off, on) in DPM_BANDS {
        let d = DpmSpec {
            target_pct,
            tolerance_pct,
            ..DpmSpec::default()
        };
        assert_eq!(
            (d.power_off_below_pct(), d.power_on_above_pct()),
            (off, on),
            "{target_pct} ± {tolerance_pct}"
        );
    }
}

/// Four identical hosts, one flat VM each at `pct`% of its host's CPU,
/// for an hour: below 45% everywhere for DPM's 40-minute window, DPM
/// chooses one host at 2400 s (the least loaded, ties: the last in file
/// order), the other three taking its VM at 4/3 of the load (≤ 63%); it
/// is in standby once the VM's vMotion is done, a second or so later.
/// (pct, first standby: (decision time, host)).
const DPM_POWER_OFF: [(u64, Option<(u32, &str)>); 4] = [
    (10, Some((2400, "esx4"))),
    (44, Some((2400, "esx4"))),
    (45, None), // not below 45%
    (60, None),
];

#[test]
fn dpm_powers_a_host_off_after_forty_minutes_below_45_percent() {
    for (pct, want) in DPM_POWER_OFF {
        let names = ["esx1", "esx2", "esx3", "esx4"];
        let mut src = format!(
            "duration_s = 3600\nstep_s = 300\n[drs]\n[dpm]\n{}",
            hosts(&names)
        );
        for h in names {
            src += &format!(
                "[[vm]]\nname = \"vm-{h}\"\nhost = \"{h}\"\nmem_mb = 1024\ncpu_demand_mhz = {}\n",
                pct * 200
            );
        }
        let t = run(&src);
        let first = t
            .events
            .iter()
            .find(|e| e.kind == EventKind::HostStandby)
            .map(|e| (e.t_s, e.subject.as_str()));
        match (first, want) {
            (Some((t_s, host)), Some((decided, want_host))) => {
                assert_eq!(host, want_host, "{pct}%");
                assert!((decided..decided + 10).contains(&t_s), "{pct}%: at {t_s}");
                let evacuated = t.events.iter().any(|e| {
                    e.kind == EventKind::DrsRecommended
                        && e.t_s == decided
                        && e.subject == format!("vm-{host}")
                });
                assert!(evacuated, "{pct}%: its VM moves at {decided}");
            }
            (got, want) => assert_eq!(got, want, "{pct}% on every host"),
        }
    }
}

/// Two hosts, both VMs on esx1 at a tenth of their peak until 01:00 (a
/// batch window from 01:00): DPM puts the empty esx2 in standby at
/// 2400 s; at 3600 s esx1 runs both peaks. Above 81% over DPM's 5-minute
/// window it wakes esx2 (awake 300 s later, DRS then moves a VM there).
/// (peak per VM [MHz], esx1 at the peak [%], wake-up time).
const DPM_POWER_ON: [(u64, u64, Option<u32>); 4] = [
    (8_000, 80, None),
    (8_100, 81, None), // not above 81%
    (8_200, 82, Some(3600)),
    (9_500, 95, Some(3600)),
];

#[test]
fn dpm_wakes_a_host_after_five_minutes_above_81_percent() {
    for (peak, pct, want) in DPM_POWER_ON {
        let mut src = format!(
            "duration_s = 5400\nstep_s = 300\n[drs]\n[dpm]\n{}",
            hosts(&["esx1", "esx2"])
        );
        for vm in ["vm0", "vm1"] {
            src += &format!(
                "[[vm]]\nname = \"{vm}\"\nhost = \"esx1\"\nmem_mb = 1024\n\
                 workload = {{ shape = \"batch\", cpu_mhz = {peak}, start_hour = 1, end_hour = 24 }}\n"
            );
        }
        let t = run(&src);
        let standby: Vec<(u32, &str)> = t
            .events
            .iter()
            .filter(|e| e.kind == EventKind::HostStandby)
            .map(|e| (e.t_s, e.subject.as_str()))
            .collect();
        assert_eq!(standby, [(2400, "esx2")], "peak {peak}");
        let wake = t
            .events
            .iter()
            .find(|e| e.kind == EventKind::HostWaking)
            .map(|e| e.t_s);
        assert_eq!(wake, want, "esx1 at {pct}%");
        let power = &t.drs.as_ref().expect("DRS figures").host_power_events;
        if let Some(at) = want {
            let wake = power.iter().find(|p| p.action == "wake").expect("listed");
            assert_eq!((wake.t_s, wake.utilization_pct), (at, pct));
            let awake = t
                .events
                .iter()
                .find(|e| e.kind == EventKind::HostAwake)
                .map(|e| e.t_s);
            assert_eq!(awake, Some(at + 300), "boot_s 300 by default");
        }
    }
}

// ---------------------------------------------------------------------
// Workload shapes (drs/workload.rs): demand holds for 5-minute intervals;
// diurnal = base + (peak − base) × (1 − smoothstep(d)), d the distance
// from the peak hour over 12 hours; batch at the peak inside its window;
// bursty at the peak for `burst_pct` of the intervals; base 10% of the
// peak unless given.
// ---------------------------------------------------------------------

fn diurnal(peak_mhz: u64, base_mhz: Option<u64>, peak_hour: u8) -> WorkloadSpec {
    WorkloadSpec {
        shape: Shape::Diurnal,
        cpu_base_mhz: base_mhz,
        peak_hour,
        ..WorkloadSpec::flat(peak_mhz)
    }
}

fn batch(peak_mhz: u64, start_hour: u8, end_hour: u8) -> WorkloadSpec {
    WorkloadSpec {
        shape: Shape::Batch,
        start_hour,
        end_hour,
        ..WorkloadSpec::flat(peak_mhz)
    }
}

fn bursty(peak_mhz: u64, burst_pct: u8) -> WorkloadSpec {
    WorkloadSpec {
        shape: Shape::Bursty,
        burst_pct,
        ..WorkloadSpec::flat(peak_mhz)
    }
}

const fn at(h: u32, m: u32) -> u32 {
    h * 3600 + m * 60
}

#[test]
fn workload_shapes_give_the_demand_at_each_time_of_day() {
    // (workload, time [s], CPU demand [MHz]).
    let cases: Vec<(WorkloadSpec, u32, u64)> = vec![
        (WorkloadSpec::flat(3000), at(0, 0), 3000),
        (WorkloadSpec::flat(3000), at(13, 37), 3000),
        // Diurnal, peak 4000 at 14:00, base 400.
        (diurnal(4000, Some(400), 14), at(14, 0), 4000),
        (diurnal(4000, Some(400), 14), at(14, 4), 4000), // same interval
        (diurnal(4000, Some(400), 14), at(2, 0), 400),   // 12 h away
        (diurnal(4000, Some(400), 14), at(8, 0), 2200),  // 6 h: halfway
        (diurnal(4000, Some(400), 14), at(20, 0), 2200), // symmetric
        // 3 h away: smoothstep(1/4) = 0.156 → level 0.844 → 400 + 3038.
        (diurnal(4000, Some(400), 14), at(11, 0), 3438),
        (diurnal(4000, Some(400), 14), at(17, 0), 3438),
        // Peak at 23:00, 01:00 is 2 h away over midnight: smoothstep(1/6)
        // = 0.074 → 0.926; base defaults to 10%: 400 + 3333.
        (diurnal(4000, None, 23), at(1, 0), 3733),
        // The next day repeats the curve.
        (diurnal(4000, Some(400), 14), 86_400 + at(8, 0), 2200),
        // A base above the peak runs the curve upside down.
        (diurnal(1000, Some(4000), 14), at(14, 0), 1000),
        (diurnal(1000, Some(4000), 14), at(2, 0), 4000),
        (diurnal(1000, Some(4000), 14), at(8, 0), 2500),
        // Batch 01:00 to 05:00 by default, base 10%.
        (WorkloadSpec::flat(5000), at(0, 30), 5000),
        (batch(5000, 1, 5), at(0, 55), 500),
        (batch(5000, 1, 5), at(1, 0), 5000),
        (batch(5000, 1, 5), at(4, 55), 5000),
        (batch(5000, 1, 5), at(5, 0), 500),
        // Over midnight: 22:00 to 02:00.
        (batch(3000, 22, 2), at(21, 55), 300),
        (batch(3000, 22, 2), at(22, 0), 3000),
        (batch(3000, 22, 2), at(1, 55), 3000),
        (batch(3000, 22, 2), at(2, 0), 300),
        // Bursty at 0% and 100% of intervals: always base, always peak.
        (bursty(2000, 0), at(9, 0), 200),
        (bursty(2000, 0), at(19, 5), 200),
        (bursty(2000, 100), at(9, 0), 2000),
        (bursty(2000, 100), at(19, 5), 2000),
    ];
    for (k, (w, t_s, want)) in cases.iter().enumerate() {
        assert_eq!(
            w.demand_at(*t_s, 1, 0).cpu_mhz,
            *want,
            "row {k}: {:?} at {t_s} s",
            w.shape
        );
    }
}

#[test]
fn active_memory_follows_the_same_curve_when_given() {
    let w = |mem_base_mb| WorkloadSpec {
        mem_active_mb: Some(8000),
        mem_base_mb,
        ..diurnal(4000, Some(400), 14)
    };
    // (workload, time, active memory [MB]); the base defaults to half.
    let cases = [
        (w(Some(2000)), at(14, 0), Some(8000)),
        (w(Some(2000)), at(2, 0), Some(2000)),
        (w(Some(2000)), at(8, 0), Some(5000)),
        (w(None), at(2, 0), Some(4000)),
        (diurnal(4000, Some(400), 14), at(2, 0), None),
    ];
    for (k, (w, t_s, want)) in cases.iter().enumerate() {
        assert_eq!(w.demand_at(*t_s, 1, 0).mem_active_mb, *want, "row {k}");
    }
}

#[test]
fn bursts_are_base_or_peak_and_follow_the_seed() {
    // (burst %, share of a day's 288 intervals at the peak, within ±10
    // points).
    for pct in [10u8, 25, 50, 75] {
        let w = bursty(2000, pct);
        let demand = |seed| -> Vec<u64> {
            (0..288)
                .map(|k| w.demand_at(k * 300, seed, 3).cpu_mhz)
                .collect()
        };
        let day = demand(7);
        assert!(day.iter().all(|&d| d == 200 || d == 2000), "{pct}%");
        let peaks = day.iter().filter(|&&d| d == 2000).count() as i64;
        let want = 288 * i64::from(pct) / 100;
        assert!((peaks - want).abs() <= 29, "{pct}%: {peaks} of 288");
        assert_eq!(day, demand(7), "same seed");
        assert_ne!(day, demand(8), "another seed");
    }
}

// ---------------------------------------------------------------------
// Power (drs/power.rs): W = idle + (peak − idle) × utilization, capped at
// the peak; standby draws standby_w; energy integrates it over time.
// ---------------------------------------------------------------------

/// (idle, peak, CPU utilization [‰], draw [W]).
const WATTS: [(u32, u32, u64, u64); 8] = [
    (150, 350, 0, 150),
    (150, 350, 250, 200),
    (150, 350, 500, 250),
    (150, 350, 1000, 350),
    (150, 350, 1500, 350), // demand above capacity: at the peak
    (160, 380, 500, 270),
    (160, 380, 333, 233), // 160 + 220 × 0.333 = 233.26
    (200, 200, 700, 200), // a flat host
];

#[test]
fn power_is_linear_between_idle_and_peak() {
    for (idle, peak, util, want) in WATTS {
        assert_eq!(watts(idle, peak, util), want, "{idle}-{peak} W at {util}‰");
    }
}

/// One hour on one or two hosts (150 W idle, 350 W peak, 10 W standby),
/// one flat VM on esx1: (VM demand [MHz], a second empty host, DPM,
/// esx1's draw [W], the hour's energy [Wh]).
const ENERGY: [(u64, bool, bool, u64, u64); 5] = [
    (0, false, false, 150, 150),
    (5000, false, false, 200, 200), // 25%: 150 + 200 / 4
    (20000, false, false, 350, 350),
    // The empty host idles all hour: 170 + 150.
    (2000, true, false, 170, 320),
    // DPM puts it in standby at 2400 s: 170 Wh + (2400 s × 150 W +
    // 1200 s × 10 W) / 3600 = 170 + 103.3.
    (2000, true, true, 170, 273),
];

#[test]
fn energy_integrates_the_draw_over_the_run() {
    for (demand, two, dpm, esx1_w, wh) in ENERGY {
        let names: &[&str] = if two { &["esx1", "esx2"] } else { &["esx1"] };
        let mut src = format!(
            "duration_s = 3600\nstep_s = 300\n[drs]\n{}{}",
            if dpm { "[dpm]\n" } else { "" },
            hosts(names)
        );
        src += &format!(
            "[[vm]]\nname = \"vm\"\nhost = \"esx1\"\nmem_mb = 1024\ncpu_demand_mhz = {demand}\n"
        );
        let t = run(&src);
        let last = t.last().drs.as_ref().expect("DRS figures");
        assert_eq!(last.host_watts[0], esx1_w, "{demand} MHz");
        assert_eq!(last.energy_wh, wh, "{demand} MHz, two {two}, DPM {dpm}");
        let kwh = t.drs.as_ref().expect("DRS summary").energy_kwh;
        assert!(
            (kwh * 1000.0 - wh as f64).abs() < 1.0,
            "{kwh} kWh vs {wh} Wh"
        );
        if dpm {
            assert_eq!(last.host_watts[1], 10, "esx2 in standby");
        }
    }
}
