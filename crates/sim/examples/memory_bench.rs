//! Times the memory engine: 16 VMs x 4 GB on a 48 GB host (overcommitted
//! 4:3), one hour in 1 s steps. `cargo run --release -p vlab-sim --example
//! memory_bench`.

// A benchmark measures wall-clock time; the model it runs does not.
#![allow(clippy::disallowed_methods)]

use std::time::Instant;
use vlab_sim::inventory::MemoryModel;
use vlab_sim::memory::{HostMemConfig, HostMemory, VmMemConfig};

fn main() {
    for model in [
        MemoryModel::Vsphere6,
        MemoryModel::Paper2002,
        MemoryModel::Fusioncompute,
    ] {
        let mut host = HostMemConfig::new(48 * 1024, model);
        host.large_pages = false;
        let vms: Vec<VmMemConfig> = (0..16)
            .map(|i| {
                let mut v = VmMemConfig::new(&format!("vm{i}"), 4096);
                v.guest_os = Some("linux".into());
                v.app = Some(if i % 2 == 0 { "web" } else { "db" }.into());
                v.zero_pct = 10;
                v.os_pct = 30;
                v.app_pct = 20;
                v.write_pct_per_min = 2;
                v.tools_installed = i % 4 != 0;
                v.active_mb = 512 + 128 * (i % 8);
                v
            })
            .collect();
        let start = Instant::now();
        let mut mem = HostMemory::new(&host, &vms, 7);
        for _ in 0..3600 {
            mem.step(&host, &vms, 1);
        }
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
