//! Times the memory engine: 16 VMs x 4 GB on a 48 GB host (overcommitted
//! 4:3), one hour in 1 s steps. `cargo run -p vlab-sim --profile bench-fast
//! --example memory_bench` (`-- --json`: the figures as `BENCH {json}`
//! lines for `make bench`).

// A benchmark measures wall-clock time; the model it runs does not.
#![allow(clippy::disallowed_methods)]

#[path = "bench_cases/mod.rs"]
mod bench_cases;

use std::time::Instant;
use vlab_sim::inventory::MemoryModel;

fn main() {
    if std::env::args().any(|a| a == "--json") {
        let start = Instant::now();
        let clock = move || start.elapsed().as_secs_f64() * 1e3;
        bench_cases::run_engine_cases("native", &["memory"], &clock, &mut |l| println!("{l}"));
        return;
    }
    for model in [
        MemoryModel::Vsphere6,
        MemoryModel::Paper2002,
        MemoryModel::Fusioncompute,
    ] {
        let (host, vms) = bench_cases::memory_engine(model);
        let start = Instant::now();
        let mem = bench_cases::memory_engine_hour(&host, &vms);
        let elapsed = start.elapsed();
        let (h, per_vm) = mem.sample();
        let swapped: u64 = per_vm.iter().map(|v| v.swapped_mb).sum();
        let ballooned: u64 = per_vm.iter().map(|v| v.ballooned_mb).sum();
        println!(
            "{model:?}: 16 VMs x 4 GB x 3600 steps of 1 s in {:.2} ms; state {:?}, free {} MB, shared saved {} MB, ballooned {} MB, swapped {} MB",
            elapsed.as_secs_f64() * 1000.0,
            h.state,
            h.free_mb,
            h.shared_saved_mb,
            ballooned,
            swapped
        );
    }
}
