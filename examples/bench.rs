//! Speed of the simulation core, for BENCHMARKS.md:
//! `cargo run --profile bench-fast --example bench`.
//! Wall-clock timing lives here, never in vlab-sim or in tests.

use std::time::Instant;
use vlab_sim::{parse_scenario, Sim};

fn time<F: FnMut()>(label: &str, runs: u32, mut f: F) {
    f(); // warm up
    let start = Instant::now();
    for _ in 0..runs {
        f();
    }
    let per_run_us = start.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
    println!("{label:<48} {per_run_us:>10.1} us/run  ({runs} runs)");
}

/// `hosts` hosts with `vms_per_host` VMs each, over `samples` samples.
fn synthetic(hosts: usize, vms_per_host: usize, samples: u32) -> String {
    let mut s = format!("duration_s = {}\nstep_s = 20\n", (samples - 1) * 20);
    for h in 0..hosts {
        s += &format!("[[host]]\nname = \"h{h}\"\nsockets = 2\ncores_per_socket = 24\ncore_mhz = 2500\nmem_mb = 524288\n");
    }
    for h in 0..hosts {
        for v in 0..vms_per_host {
            let shares = ["low", "normal", "high"][v % 3];
            s += &format!(
                "[[vm]]\nname = \"vm{h}-{v}\"\nhost = \"h{h}\"\nvcpus = {}\nmem_mb = {}\ncpu_reservation_mhz = {}\ncpu_shares = \"{shares}\"\nmem_reservation_mb = {}\n",
                1 + v % 8,
                2048 * (1 + v % 4),
                100 * (v % 5),
                512 * (v % 3)
            );
        }
    }
    s
}

/// The memory issue's benchmark: 16 VMs x 4 GB overcommitting a 48 GB
/// host, an hour at 1 s steps (memory engine and allocation together).
fn memory_hour() -> String {
    let mut s = String::from(
        "duration_s = 3600\nstep_s = 1\n[[host]]\nname = \"h\"\nsockets = 2\ncores_per_socket = 12\ncore_mhz = 2500\nmem_mb = 49152\n",
    );
    for v in 0..16 {
        s += &format!(
            "[[vm]]\nname = \"vm{v}\"\nhost = \"h\"\nvcpus = 2\nmem_mb = 4096\nmem_active_mb = {}\nguest_os = \"linux\"\nmem_zero_pct = 10\nmem_os_pct = 30\ntools_installed = {}\n",
            1024 + 128 * (v % 8),
            v % 4 != 0
        );
    }
    s
}

fn main() {
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
