//! Times DRS, for BENCHMARKS.md ("DRS and DPM"):
//! `cargo run -p vlab-sim --profile bench-fast --example drs_bench`.
//!
//! 1. One DRS pass ([`vlab_sim::drs::pass::run_pass`]) over a seeded
//!    synthetic cluster of 96 hosts and 10,000 VMs (and 16 x 1,000) at
//!    thresholds 1, 3 and 5: uneven load (hosts weighted 1 to 8), one host
//!    entering maintenance mode, rules of every kind (some broken at the
//!    start), reservations, VMs that cannot move. The target: fast
//!    enough to be interactive.
//! 2. A whole simulated day (5-minute steps) of a lab-sized cluster: 4
//!    hosts, 16 VMs with diurnal, bursty and batch workloads, DRS fully
//!    automated and DPM, with and without DPM.
//!
//! 3. With `-- --json`: `BENCH {json}` lines for `make bench`: the above,
//!    the cluster maximum (96 hosts, 10,000 VMs, three levels of pools:
//!    allocation, HA admission control and a DRS pass together) and DRS's
//!    scaling from 1,000 to 10,000 VMs (`bench_cases/mod.rs`).
//!
//! Wall-clock timing lives here, never in vlab-sim or in tests.

// A benchmark measures wall-clock time; the model it runs does not.
#![allow(clippy::disallowed_methods)]

#[path = "bench_cases/mod.rs"]
mod bench_cases;

use bench_cases::{describe_pass as describe, drs_cluster as cluster, lab_day};
use std::hint::black_box;
use std::time::{Duration, Instant};
use vlab_sim::drs::pass::{run_pass, PassInput};
use vlab_sim::{parse_scenario, Setting, Sim, Value};

/// Best wall time of `runs` runs of `f`, and its last result.
fn best_of<T>(runs: u32, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let value = black_box(f());
        best = best.min(start.elapsed());
        out = Some(value);
    }
    (best, out.expect("at least one run"))
}

fn main() {
    if std::env::args().any(|a| a == "--json") {
        let start = Instant::now();
        let clock = move || start.elapsed().as_secs_f64() * 1e3;
        let groups = ["drs", "cluster", "scaling"];
        bench_cases::run_engine_cases("native", &groups, &clock, &mut |l| println!("{l}"));
        return;
    }
    for (n_hosts, n_vms) in [(16, 1_000), (96, 10_000)] {
        let c = cluster(n_hosts, n_vms, 7);
        let input = PassInput {
            hosts: &c.hosts,
            vms: &c.vms,
            rules: &c.rules,
            threshold: 1,
            baselines: None,
        };
        let runs = if n_vms > 5_000 { 5 } else { 20 };
        for threshold in [1, 3, 5] {
            let input = PassInput { threshold, ..input };
            let (t, result) = best_of(runs, || run_pass(input));
            println!(
                "DRS pass, {n_hosts} hosts x {n_vms} VMs, threshold {threshold}: {:.1} ms (best of {runs}); {}",
                t.as_secs_f64() * 1e3,
                describe(&result)
            );
        }
    }

    let day = parse_scenario("drs-day", &lab_day()).expect("a valid day");
    let dpm_off = [Setting {
        target: "dpm.enabled".into(),
        value: Value::parse("false"),
    }];
    for (label, settings) in [("DRS + DPM", &[][..]), ("DRS only", &dpm_off[..])] {
        let (t, trace) = best_of(10, || Sim::run(&day, 1, settings).expect("settings apply"));
        let drs = trace.drs.as_ref().expect("DRS figures");
        println!(
            "day, 4 hosts x 16 VMs, 289 samples, {label}: {:.1} ms (best of 10); {} DRS migrations, {} power actions, {} kWh",
            t.as_secs_f64() * 1e3,
            drs.migrations,
            drs.host_power_events.len(),
            drs.energy_kwh
        );
    }
}
