//! Power-on admission control on one host: a VM starts only if the host's
//! unreserved capacity covers its reservations (memory: plus overhead), and
//! it has no more vCPUs than the host has logical CPUs.

use crate::allocation::VmNeeds;
use crate::event::{Detail, Shortfall};
use crate::scenario::{Scenario, VmSpec};

/// Reserved CPU [MHz] and memory incl. overhead [MB] of the running VMs on
/// `host`, leaving out VM `except`.
fn reserved_on(config: &Scenario, running: &[bool], host: &str, except: usize) -> (u64, u64) {
    let Some(h) = config.host(host) else {
        return (0, 0);
    };
    config
        .vm
        .iter()
        .enumerate()
        .filter(|&(i, vm)| running[i] && i != except && vm.host == host)
        .fold((0, 0), |(cpu, mem), (_, vm)| {
            let overhead = VmNeeds::of(vm, h).mem_overhead_mb;
            (
                cpu + vm.cpu_reservation_mhz,
                mem + vm.mem_reservation_mb + overhead,
            )
        })
}

/// Whether VM `i` may power on; the refusal says what was short.
pub fn admit_power_on(config: &Scenario, running: &[bool], i: usize) -> Result<(), Detail> {
    check_fits(config, running, i, &config.vm[i]).map_or(Ok(()), Err)
}

/// Whether running VM `i` may change to `changed` (e.g. a higher
/// reservation). `None` means yes.
pub fn admit_reservation_change(
    config: &Scenario,
    running: &[bool],
    i: usize,
    changed: &VmSpec,
) -> Option<Detail> {
    check_fits(config, running, i, changed)
}

fn check_fits(config: &Scenario, running: &[bool], i: usize, vm: &VmSpec) -> Option<Detail> {
    let host = config.host(&vm.host)?;
    let refuse = |resource, needed, available| {
        Some(Detail::Admission {
            host: host.name.clone(),
            resource,
            needed,
            available,
        })
    };
    if let Some(cpus) = host.logical_cpus() {
        if vm.vcpus > cpus {
            return refuse(Shortfall::Vcpus, u64::from(vm.vcpus), u64::from(cpus));
        }
    }
    let (cpu_reserved, mem_reserved) = reserved_on(config, running, &host.name, i);
    let cpu_free = host.cpu_capacity_mhz().saturating_sub(cpu_reserved);
    if vm.cpu_reservation_mhz > cpu_free {
        return refuse(Shortfall::CpuMhz, vm.cpu_reservation_mhz, cpu_free);
    }
    let mem_free = host.mem_mb.saturating_sub(mem_reserved);
    let mem_needed = vm.mem_reservation_mb + VmNeeds::of(vm, host).mem_overhead_mb;
    if mem_needed > mem_free {
        return refuse(Shortfall::MemMb, mem_needed, mem_free);
    }
    None
}
