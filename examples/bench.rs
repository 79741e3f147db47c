//! Speed of the simulation core, for BENCHMARKS.md:
//! `cargo run --profile bench-fast --example bench`.
//! `-- LAB_ID...`: only those labs' solutions and starts, 2000 runs each (for a
//! profiler: `perf record target/bench-fast/examples/bench drs-diurnal-day`).
//! `-- --json`: every lab's solution and the synthetic runs as
//! `BENCH {json}` lines for `make bench` (scenarios shared with the
//! browser benchmark: `crates/sim/examples/bench_cases/mod.rs`).
//! Wall-clock timing lives here, never in vlab-sim or in tests.

#[path = "../crates/sim/examples/bench_cases/mod.rs"]
mod bench_cases;

use bench_cases::{memory_hour, synthetic};
use std::time::Instant;
use vlab_sim::{parse_scenario, Sim};

/// Every lab's reference solution, timed by `clock`, as `BENCH` lines.
pub fn lab_cases(side: &str, clock: bench_cases::Clock, out: &mut dyn FnMut(String)) {
    // Warm up first: V8 runs wasm on a baseline tier until it has
    // optimized the hot functions; both sides do the same.
    for lab in vlab::catalog::labs() {
        let settings = lab.solution();
        for _ in 0..10 {
            std::hint::black_box(lab.run(lab.spec.seed, &settings).unwrap());
        }
    }
    for lab in vlab::catalog::labs() {
        let settings = lab.solution();
        let t = bench_cases::measure(clock, 5, 10.0, &mut || {
            std::hint::black_box(lab.run(lab.spec.seed, &settings).unwrap());
        });
        let id = &lab.spec.id;
        out(bench_cases::json_line(
            side,
            "lab",
            &format!("lab-{id}"),
            &format!("lab {id} (solution)"),
            &t,
            "",
        ));
    }
}

fn time<F: FnMut()>(label: &str, runs: u32, mut f: F) {
    f(); // warm up
    let start = Instant::now();
    for _ in 0..runs {
        f();
    }
    let per_run_us = start.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
    println!("{label:<48} {per_run_us:>10.1} us/run  ({runs} runs)");
}

fn main() {
    if std::env::args().any(|a| a == "--json") {
        let start = Instant::now();
        let clock = move || start.elapsed().as_secs_f64() * 1e3;
        let mut print = |l: String| println!("{l}");
        lab_cases("native", &clock, &mut print);
        bench_cases::run_engine_cases("native", &["sim"], &clock, &mut print);
        return;
    }
    let only: Vec<String> = std::env::args().skip(1).collect();
    if !only.is_empty() {
        for lab in vlab::catalog::labs()
            .into_iter()
            .filter(|l| only.contains(&l.spec.id))
        {
            let settings = lab.solution();
            time(&format!("lab {} (solution)", lab.spec.id), 2000, || {
                std::hint::black_box(lab.run(lab.spec.seed, &settings).unwrap());
            });
            // The lab as it opens too: what a student's first moves rerun.
            time(&format!("lab {} (start)", lab.spec.id), 2000, || {
                std::hint::black_box(lab.run(lab.spec.seed, &[]).unwrap());
            });
        }
        return;
    }
    for lab in vlab::catalog::labs() {
        let settings = lab.solution();
        time(&format!("lab {} (solution)", lab.spec.id), 2000, || {
            std::hint::black_box(lab.run(lab.spec.seed, &settings).unwrap());
        });
    }
    let hour = parse_scenario("memory-hour", &memory_hour()).expect("valid memory scenario");
    time(
        "memory: 16 VMs x 4 GB on 48 GB, 1 h at 1 s steps",
        10,
        || {
            std::hint::black_box(Sim::run(&hour, 1, &[]).unwrap());
        },
    );
    for (hosts, vms, samples) in [(1, 50, 7), (4, 50, 181), (16, 64, 181)] {
        let scenario = parse_scenario("bench", &synthetic(hosts, vms, samples))
            .expect("valid synthetic scenario");
        let runs = if hosts * vms > 500 { 5 } else { 50 };
        time(
            &format!("{hosts} hosts x {vms} VMs, {samples} samples"),
            runs,
            || {
                std::hint::black_box(Sim::run(&scenario, 1, &[]).unwrap());
            },
        );
    }
}
