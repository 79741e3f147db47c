//! DRS and DPM against their published rules, one row of
//! `tests/testdata/drs_examples.toml` per case, each table citing its
//! source (`docs/references.md`, "DRS and DPM"):
//! - DRS memory demand = active + 25% of idle consumed + overhead
//!   (docs/references.md, DRS), as a formula and as the sample reports it;
//! - recommendation priorities and threshold targets, after VMware KB
//!   "Calculating the priority level of a VMware DRS migration
//!   recommendation": priority = 6 − ⌈imbalance / 0.1 × √hosts⌉, read left
//!   to right (the grouping docs/references.md marks unsure; `drs/threshold.rs`
//!   explains), priority 1 kept for mandatory moves, threshold T applying
//!   priorities 1..=T; then the moves one pass makes at each threshold;
//! - DPM's band: target 63% ± 18% → power off below 45%, power on above
//!   81% (docs/references.md, DPM), as figures and in whole runs;
//! - the workload shapes at given times of day (`drs/workload.rs`);
//! - the host power model: watts linear in CPU utilization between idle
//!   and peak (SPECpower-style; `drs/power.rs`), and the energy of runs.

use crate::fixtures::{self, first_event, run};
use serde::Deserialize;
use vlab_sim::drs::demand::drs_mem_demand_mb;
use vlab_sim::drs::load::{DrsHost, DrsVm};
use vlab_sim::drs::note::DrsNote;
use vlab_sim::drs::pass::{run_pass, PassInput, Reason};
use vlab_sim::drs::power::watts;
use vlab_sim::drs::spec::DpmSpec;
use vlab_sim::drs::threshold::{applies, balance_priority, target_imbalance_milli};
use vlab_sim::event::Detail;
use vlab_sim::inventory::workload::{Shape, WorkloadSpec};
use vlab_sim::EventKind;

/// `tests/testdata/drs_examples.toml`, one table a test; its header
/// documents the fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    mem_demand: Vec<MemDemand>,
    mem_demand_in_runs: Vec<MemDemandInRun>,
    priorities: Vec<Priority>,
    targets: Vec<Target>,
    threshold_passes: Vec<ThresholdPass>,
    dpm_bands: Vec<DpmBand>,
    dpm_power_off: Vec<DpmPowerOff>,
    dpm_power_on: Vec<DpmPowerOn>,
    workloads: Vec<WorkloadAt>,
    active_memory: Vec<ActiveMemoryAt>,
    watts: Vec<Watts>,
    energy: Vec<Energy>,
}

fn data() -> Data {
    fixtures::data(
        "drs_examples.toml",
        include_str!("../testdata/drs_examples.toml"),
    )
}

/// Checks every row of `table`: `got_want` gives what the model says and
/// what the row wants. Every row that differs is reported, with its index
/// and fields.
fn check_rows<R: std::fmt::Debug, T: PartialEq + std::fmt::Debug>(
    table: &str,
    rows: &[R],
    got_want: impl Fn(&R) -> (T, T),
) {
    let failures: Vec<String> = rows
        .iter()
        .enumerate()
        .filter_map(|(k, row)| {
            let (got, want) = got_want(row);
            (got != want).then(|| format!("{table}[{k}] {row:?}: got {got:?}, want {want:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
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
// DRS memory demand (docs/references.md, DRS: "Memory demand = active + 25% of
// idle consumed + overhead").
// ---------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemDemand {
    active_mb: u64,
    consumed_mb: u64,
    overhead_mb: u64,
    demand_mb: u64,
}

#[test]
fn memory_demand_is_active_plus_a_quarter_of_idle_plus_overhead() {
    check_rows("mem_demand", &data().mem_demand, |row| {
        let got = drs_mem_demand_mb(row.active_mb, row.consumed_mb, row.overhead_mb);
        (got, row.demand_mb)
    });
}

/// A VM's memory fields in a run (absent: left out of the file), then the
/// DRS demand [MB].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemDemandInRun {
    mem_mb: u64,
    mem_demand_mb: Option<u64>,
    mem_active_mb: Option<u64>,
    mem_consumed_mb: Option<u64>,
    mem_overhead_mb: u64,
    drs_demand_mb: u64,
}

#[test]
fn runs_report_the_drs_memory_demand_per_vm() {
    for (k, row) in data().mem_demand_in_runs.iter().enumerate() {
        let mut src = format!("duration_s = 60\nstep_s = 60\n[drs]\n{}", hosts(&["esx1"]));
        src += &format!(
            "[[vm]]\nname = \"vm\"\nmem_mb = {}\nmem_overhead_mb = {}\ncpu_demand_mhz = 1000\n",
            row.mem_mb, row.mem_overhead_mb
        );
        for (field, value) in [
            ("mem_demand_mb", row.mem_demand_mb),
            ("mem_active_mb", row.mem_active_mb),
            ("mem_consumed_mb", row.mem_consumed_mb),
        ] {
            if let Some(v) = value {
                src += &format!("{field} = {v}\n");
            }
        }
        let t = run(&src);
        for s in &t.samples {
            let d = s.drs.as_ref().expect("DRS figures");
            assert_eq!(
                d.vm_mem_demand_mb,
                [row.drs_demand_mb],
                "mem_demand_in_runs[{k}] at {} s: {row:?}",
                s.t_s
            );
        }
    }
}

// ---------------------------------------------------------------------
// Priorities and thresholds (VMware KB "Calculating the priority level of
// a VMware DRS migration recommendation"): priority = 6 −
// ⌈imbalance / 0.1 × √hosts⌉, clamped to 2..5 for load balancing.
// ---------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Priority {
    imbalance_milli: u32,
    hosts: usize,
    priority: Option<u8>,
}

#[test]
fn priorities_follow_the_kb_formula_read_left_to_right() {
    check_rows("priorities", &data().priorities, |row| {
        (
            balance_priority(row.imbalance_milli, row.hosts),
            row.priority,
        )
    });
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Target {
    threshold: u8,
    hosts: usize,
    target_milli: Option<u32>,
}

#[test]
fn threshold_targets_are_where_the_priority_reaches_the_threshold() {
    check_rows("targets", &data().targets, |row| {
        (
            target_imbalance_milli(row.threshold, row.hosts),
            row.target_milli,
        )
    });
}

#[test]
fn threshold_t_applies_priorities_1_to_t() {
    for threshold in 1..=5u8 {
        for priority in 1..=5u8 {
            assert_eq!(
                applies(threshold, priority),
                priority <= threshold,
                "threshold {threshold}, priority {priority}"
            );
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdPass {
    threshold: u8,
    priorities: Vec<u8>,
    imbalance_after_milli: u32,
}

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
    for (k, row) in data().threshold_passes.iter().enumerate() {
        let threshold = row.threshold;
        let r = run_pass(PassInput {
            hosts: &hosts,
            vms: &vms,
            rules: &[],
            threshold,
            baselines: None,
        });
        let case = format!("threshold_passes[{k}] {row:?}");
        assert_eq!(r.imbalance_before_milli, 150, "{case}");
        let got: Vec<u8> = r.moves.iter().map(|m| m.priority).collect();
        assert_eq!(got, row.priorities, "{case}: the priorities of the moves");
        assert_eq!(
            r.imbalance_after_milli, row.imbalance_after_milli,
            "{case}: the imbalance after"
        );
        assert_eq!(
            r.target_milli,
            target_imbalance_milli(threshold, 2),
            "{case}: the target"
        );
        for (n, m) in r.moves.iter().enumerate() {
            assert_eq!(m.reason, Reason::Balance, "{case}: move {n}");
            assert_eq!((m.from, m.to), (0, 1), "{case}: move {n}");
            // Equal VMs: the first in inventory order goes first.
            assert_eq!(m.vm, n, "{case}: move {n}");
            assert_eq!(
                m.imbalance_before_milli - m.imbalance_after_milli,
                50,
                "{case}: move {n}"
            );
        }
    }
}

// ---------------------------------------------------------------------
// DPM (docs/references.md, DPM: "target demand/capacity 63% +- 18%: consider
// powering hosts off when utilization is below 45%, on when above 81%;
// demand windows 5 min (on) and 40 min (off)").
// ---------------------------------------------------------------------

#[test]
fn dpm_defaults_to_a_target_of_63_plus_or_minus_18_percent() {
    let d = DpmSpec::default();
    assert_eq!((d.target_pct, d.tolerance_pct), (63, 18));
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DpmBand {
    target_pct: u8,
    tolerance_pct: u8,
    off_below_pct: u8,
    on_above_pct: u8,
}

#[test]
fn the_dpm_band_is_the_target_plus_or_minus_the_tolerance() {
    check_rows("dpm_bands", &data().dpm_bands, |row| {
        let d = DpmSpec {
            target_pct: row.target_pct,
            tolerance_pct: row.tolerance_pct,
            ..DpmSpec::default()
        };
        (
            (d.power_off_below_pct(), d.power_on_above_pct()),
            (row.off_below_pct, row.on_above_pct),
        )
    });
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DpmPowerOff {
    vm_pct: u64,
    standby: Option<Standby>,
    /// More `[dpm]` lines (its threshold).
    #[serde(default)]
    dpm: String,
}

/// DPM's decision time and the host it puts in standby.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Standby {
    at_s: u32,
    host: String,
}

#[test]
fn dpm_powers_a_host_off_after_forty_minutes_below_45_percent() {
    for (k, row) in data().dpm_power_off.iter().enumerate() {
        let case = format!("dpm_power_off[{k}] {row:?}");
        let names = ["esx1", "esx2", "esx3", "esx4"];
        let mut src = format!(
            "duration_s = 3600\nstep_s = 300\n[drs]\n[dpm]\n{}\n{}",
            row.dpm,
            hosts(&names)
        );
        for h in names {
            src += &format!(
                "[[vm]]\nname = \"vm-{h}\"\nhost = \"{h}\"\nmem_mb = 1024\ncpu_demand_mhz = {}\n",
                row.vm_pct * 200
            );
        }
        let t = run(&src);
        let first = first_event(&t, EventKind::HostStandby).map(|e| (e.t_s, e.subject.as_str()));
        match (first, &row.standby) {
            (Some((t_s, host)), Some(want)) => {
                let decided = want.at_s;
                assert_eq!(host, want.host, "{case}: the host in standby");
                assert!(
                    (decided..decided + 10).contains(&t_s),
                    "{case}: in standby at {t_s}"
                );
                let evacuated = t.events.iter().any(|e| {
                    e.kind == EventKind::DrsRecommended
                        && e.t_s == decided
                        && e.subject == format!("vm-{host}")
                });
                assert!(evacuated, "{case}: its VM moves at {decided}");
            }
            (got, want) => assert_eq!(
                got,
                want.as_ref().map(|w| (w.at_s, w.host.as_str())),
                "{case}: the first host in standby"
            ),
        }
    }
}

/// DPM in manual mode (vSphere: "manual" automation for power
/// management): the power-off is recommended, once, and not taken.
#[test]
fn manual_dpm_recommends_the_standby_and_leaves_the_host_on() {
    let names = ["esx1", "esx2", "esx3", "esx4"];
    let mut src = format!(
        "duration_s = 3600\nstep_s = 300\n[drs]\n[dpm]\nautomation = \"manual\"\n{}",
        hosts(&names)
    );
    for h in names {
        src += &format!(
            "[[vm]]\nname = \"vm-{h}\"\nhost = \"{h}\"\nmem_mb = 1024\ncpu_demand_mhz = 2000\n"
        );
    }
    let t = run(&src);
    assert!(first_event(&t, EventKind::HostStandby).is_none());
    let recs: Vec<_> = t
        .events
        .iter()
        .filter(|e| e.kind == EventKind::DpmRecommended)
        .collect();
    assert_eq!(recs.len(), 1, "said once: {recs:?}");
    assert_eq!((recs[0].t_s, recs[0].subject.as_str()), (2400, "esx4"));
    assert_eq!(
        recs[0].detail,
        Detail::Drs(DrsNote::PowerRecommended {
            power_on: false,
            priority: 2,
            utilization_pm: 100
        })
    );
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DpmPowerOn {
    peak_mhz: u64,
    esx1_pct: u64,
    wake_s: Option<u32>,
}

#[test]
fn dpm_wakes_a_host_after_five_minutes_above_81_percent() {
    for (k, row) in data().dpm_power_on.iter().enumerate() {
        let case = format!("dpm_power_on[{k}] {row:?}");
        let mut src = format!(
            "duration_s = 5400\nstep_s = 300\n[drs]\n[dpm]\n{}",
            hosts(&["esx1", "esx2"])
        );
        for vm in ["vm0", "vm1"] {
            src += &format!(
                "[[vm]]\nname = \"{vm}\"\nhost = \"esx1\"\nmem_mb = 1024\n\
                 workload = {{ shape = \"batch\", cpu_mhz = {}, start_hour = 1, end_hour = 24 }}\n",
                row.peak_mhz
            );
        }
        let t = run(&src);
        let standby: Vec<(u32, &str)> = t
            .events
            .iter()
            .filter(|e| e.kind == EventKind::HostStandby)
            .map(|e| (e.t_s, e.subject.as_str()))
            .collect();
        assert_eq!(standby, [(2400, "esx2")], "{case}: the hosts in standby");
        let wake = first_event(&t, EventKind::HostWaking).map(|e| e.t_s);
        assert_eq!(wake, row.wake_s, "{case}: when esx2 wakes");
        let power = &t.drs.as_ref().expect("DRS figures").host_power_events;
        if let Some(at) = row.wake_s {
            let wake = power
                .iter()
                .find(|p| p.action == "wake")
                .unwrap_or_else(|| panic!("{case}: no wake listed"));
            assert_eq!(
                (wake.t_s, wake.utilization_pct),
                (at, row.esx1_pct),
                "{case}: the wake listed"
            );
            let awake = first_event(&t, EventKind::HostAwake).map(|e| e.t_s);
            assert_eq!(awake, Some(at + 300), "{case}: boot_s 300 by default");
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

/// Seconds since the start of the run at `at` ("HH:MM") on `day`.
fn seconds(day: u32, at: &str) -> u32 {
    let parsed = at
        .split_once(':')
        .and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)))
        .filter(|&(h, m)| h < 24 && m < 60);
    let Some((h, m)) = parsed else {
        panic!("at = \"{at}\" is no time of day (HH:MM)");
    };
    day * 86_400 + h * 3600 + m * 60
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkloadAt {
    workload: WorkloadSpec,
    #[serde(default)]
    day: u32,
    at: String,
    demand_mhz: u64,
}

#[test]
fn workload_shapes_give_the_demand_at_each_time_of_day() {
    check_rows("workloads", &data().workloads, |row| {
        let t_s = seconds(row.day, &row.at);
        (row.workload.demand_at(t_s, 1, 0).cpu_mhz, row.demand_mhz)
    });
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActiveMemoryAt {
    workload: WorkloadSpec,
    #[serde(default)]
    day: u32,
    at: String,
    active_mb: Option<u64>,
}

#[test]
fn active_memory_follows_the_same_curve_when_given() {
    check_rows("active_memory", &data().active_memory, |row| {
        let t_s = seconds(row.day, &row.at);
        (
            row.workload.demand_at(t_s, 1, 0).mem_active_mb,
            row.active_mb,
        )
    });
}

#[test]
fn bursts_are_base_or_peak_and_follow_the_seed() {
    // (burst %, share of a day's 288 intervals at the peak, within ±10
    // points).
    for pct in [10u8, 25, 50, 75] {
        let w = WorkloadSpec {
            shape: Shape::Bursty,
            burst_pct: pct,
            ..WorkloadSpec::flat(2000)
        };
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Watts {
    idle_w: u32,
    peak_w: u32,
    util_permille: u64,
    draw_w: u64,
}

#[test]
fn power_is_linear_between_idle_and_peak() {
    check_rows("watts", &data().watts, |row| {
        (watts(row.idle_w, row.peak_w, row.util_permille), row.draw_w)
    });
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Energy {
    vm_mhz: u64,
    second_host: bool,
    dpm: bool,
    esx1_w: u64,
    energy_wh: u64,
}

#[test]
fn energy_integrates_the_draw_over_the_run() {
    for (k, row) in data().energy.iter().enumerate() {
        let case = format!("energy[{k}] {row:?}");
        let names: &[&str] = if row.second_host {
            &["esx1", "esx2"]
        } else {
            &["esx1"]
        };
        let mut src = format!(
            "duration_s = 3600\nstep_s = 300\n[drs]\n{}{}",
            if row.dpm { "[dpm]\n" } else { "" },
            hosts(names)
        );
        src += &format!(
            "[[vm]]\nname = \"vm\"\nhost = \"esx1\"\nmem_mb = 1024\ncpu_demand_mhz = {}\n",
            row.vm_mhz
        );
        let t = run(&src);
        let last = t.last().drs.as_ref().expect("DRS figures");
        assert_eq!(last.host_watts[0], row.esx1_w, "{case}: esx1's draw");
        assert_eq!(last.energy_wh, row.energy_wh, "{case}: the energy");
        let kwh = t.drs.as_ref().expect("DRS summary").energy_kwh;
        assert!(
            (kwh * 1000.0 - row.energy_wh as f64).abs() < 1.0,
            "{case}: {kwh} kWh vs {} Wh",
            row.energy_wh
        );
        if row.dpm {
            assert_eq!(last.host_watts[1], 10, "{case}: esx2 in standby");
        }
    }
}
