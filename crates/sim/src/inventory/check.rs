//! Checks of one host's or one VM's own fields, as a file loads and after
//! a setting: each problem as (field, message).

use super::{HostSpec, VmSpec};

// Upper bounds on what a lab may describe, so that no file (or setting)
// can ask the engines for more memory or time than a browser tab has.
// Where VMware publishes a maximum, the bound is it: VMware Configuration
// Maximums, vSphere 8.0 (configmax.broadcom.com), "ESXi Host Maximums" and
// "Virtual Machine Maximums". The others are marked as the model's own.

/// Memory per host: 24 TB [MB] (VMware Configuration Maximums).
pub const MAX_HOST_MEM_MB: u64 = 24 * 1024 * 1024;
/// Logical CPUs per host: 768 (VMware Configuration Maximums).
pub const MAX_LOGICAL_CPUS: u32 = 768;
/// NUMA nodes per host: 16 (VMware Configuration Maximums); one per socket
/// in this model.
pub const MAX_SOCKETS: u32 = 16;
/// One core's clock [MHz]: no published maximum; the model's own bound,
/// above any x86 server core shipped (about 6 GHz).
pub const MAX_CORE_MHZ: u64 = 10_000;
/// A host's whole CPU [MHz]: every logical CPU at the highest clock.
pub const MAX_HOST_CPU_MHZ: u64 = MAX_LOGICAL_CPUS as u64 * MAX_CORE_MHZ;
/// Virtual CPUs per VM: 768 (VMware Configuration Maximums).
pub const MAX_VM_VCPUS: u32 = 768;
/// Memory per VM: 24 TB [MB] (VMware Configuration Maximums).
pub const MAX_VM_MEM_MB: u64 = 24 * 1024 * 1024;
/// Virtual disk size: 62 TB [GB] (VMware Configuration Maximums).
pub const MAX_DISK_GB: u64 = 62 * 1024;
/// A VM's memory dirtying or disk write rate [MB/s]: the model's own
/// bound, twice a 400 GbE link (50,000 MB/s).
pub const MAX_RATE_MB_S: u64 = 100_000;

/// One host's own configuration problems as (field, message).
pub fn host_problems(h: &HostSpec) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let by_cores = [
        h.sockets.is_some(),
        h.cores_per_socket.is_some(),
        h.core_mhz.is_some(),
    ];
    if h.cpu_mhz.is_none() && by_cores != [true; 3] {
        out.push((
            "cpu_mhz",
            "give cpu_mhz, or all of sockets, cores_per_socket and core_mhz".to_string(),
        ));
    }
    if h.cpu_capacity_mhz() == 0 || h.mem_mb == 0 {
        out.push(("mem_mb", "a host needs CPU and memory above 0".to_string()));
    }
    if h.mem_mb > MAX_HOST_MEM_MB {
        out.push((
            "mem_mb",
            format!("a host has at most {MAX_HOST_MEM_MB} MB (24 TB, VMware Configuration Maximums), not {}: lower mem_mb", h.mem_mb),
        ));
    }
    if h.sockets.is_some_and(|s| s > MAX_SOCKETS) {
        out.push((
            "sockets",
            format!("a host has 1 to {MAX_SOCKETS} sockets (NUMA nodes, VMware Configuration Maximums): lower sockets"),
        ));
    }
    if h.logical_cpus().is_some_and(|n| n > MAX_LOGICAL_CPUS) {
        out.push((
            "cores_per_socket",
            format!("sockets × cores_per_socket is at most {MAX_LOGICAL_CPUS} logical CPUs per host (VMware Configuration Maximums): lower either"),
        ));
    }
    if h.core_mhz.is_some_and(|m| m > MAX_CORE_MHZ) {
        out.push((
            "core_mhz",
            format!("a core's clock is at most {MAX_CORE_MHZ} MHz in this model (no server core runs above about 6 GHz): lower core_mhz"),
        ));
    }
    if h.cpu_mhz.is_some_and(|m| m > MAX_HOST_CPU_MHZ) {
        out.push((
            "cpu_mhz",
            format!("a host has at most {MAX_HOST_CPU_MHZ} MHz ({MAX_LOGICAL_CPUS} logical CPUs at {MAX_CORE_MHZ} MHz): lower cpu_mhz"),
        ));
    }
    if h.tps_salting > 2 {
        out.push((
            "tps_salting",
            "Mem.ShareForceSalting is 0 or 1 (share across VMs) or 2 (within a VM only, the default)".to_string(),
        ));
    }
    if h.esxi_version_number().is_none() {
        out.push((
            "esxi_version",
            format!(
                "write the ESXi version as MAJOR.MINOR, e.g. \"6.7\", not '{}'",
                h.esxi_version
            ),
        ));
    }
    if h.mem_idle_tax_pct > 99 {
        out.push((
            "mem_idle_tax_pct",
            "the idle memory tax rate is a percentage from 0 to 99 (ESXi's default is 75)"
                .to_string(),
        ));
    }
    out
}

/// Per-VM configuration problems as (field, message).
pub fn vm_problems(vm: &VmSpec) -> Vec<(&'static str, String)> {
    let mut out = vm_size_problems(vm);
    if vm.mem_mb == 0 {
        out.push(("mem_mb", "configured memory must be above 0 MB".to_string()));
    }
    if vm.cores_per_socket == 0 || vm.vcpus % vm.cores_per_socket.max(1) != 0 {
        out.push((
            "cores_per_socket",
            format!(
                "vcpus ({}) must be a whole multiple of cores_per_socket ({}), as vSphere requires",
                vm.vcpus, vm.cores_per_socket
            ),
        ));
    }
    if vm.mem_reservation_mb > vm.mem_mb {
        out.push((
            "mem_reservation_mb",
            format!(
                "a reservation cannot exceed the configured {} MB",
                vm.mem_mb
            ),
        ));
    }
    if let Some(l) = vm.mem_limit_mb.filter(|&l| l < vm.mem_reservation_mb) {
        out.push(("mem_limit_mb", format!("the limit {l} MB is below the reservation {} MB; raise the limit or lower the reservation", vm.mem_reservation_mb)));
    }
    let mix = [vm.mem_zero_pct, vm.mem_os_pct, vm.mem_app_pct];
    if mix.iter().map(|p| u32::from(p.unwrap_or(0))).sum::<u32>() > 100 {
        out.push((
            "mem_zero_pct",
            "mem_zero_pct + mem_os_pct + mem_app_pct is the share of touched memory in each content class and cannot exceed 100".to_string(),
        ));
    }
    if vm.mem_compressible_pct.is_some_and(|p| p > 100) {
        out.push((
            "mem_compressible_pct",
            "a percentage from 0 to 100".to_string(),
        ));
    }
    let demand = vm.mem_demand_mb.unwrap_or(vm.mem_mb);
    if let Some(a) = vm.mem_active_mb.filter(|&a| a > demand) {
        out.push(("mem_active_mb", format!("active memory {a} MB is more than the {demand} MB the guest has touched (mem_demand_mb); lower it or raise mem_demand_mb")));
    }
    if let Some(l) = vm.cpu_limit_mhz.filter(|&l| l < vm.cpu_reservation_mhz) {
        out.push(("cpu_limit_mhz", format!("the limit {l} MHz is below the reservation {} MHz; raise the limit or lower the reservation", vm.cpu_reservation_mhz)));
    }
    out
}

/// A VM's sizes and rates above what the model (or vSphere) allows, as
/// (field, message). Limits are not bounded: a limit above everything is
/// no limit.
fn vm_size_problems(vm: &VmSpec) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if vm.vcpus == 0 || vm.vcpus > MAX_VM_VCPUS {
        out.push((
            "vcpus",
            format!(
                "a VM has 1 to {MAX_VM_VCPUS} vCPUs (VMware Configuration Maximums), not {}: change vcpus",
                vm.vcpus
            ),
        ));
    }
    if vm.mem_mb > MAX_VM_MEM_MB {
        out.push((
            "mem_mb",
            format!("a VM has at most {MAX_VM_MEM_MB} MB (24 TB, VMware Configuration Maximums), not {}: lower mem_mb", vm.mem_mb),
        ));
    }
    let w = vm.workload.as_ref();
    let mhz = [
        ("cpu_reservation_mhz", Some(vm.cpu_reservation_mhz)),
        ("cpu_demand_mhz", vm.cpu_demand_mhz),
        ("workload.cpu_mhz", w.map(|w| w.cpu_mhz)),
        ("workload.cpu_base_mhz", w.and_then(|w| w.cpu_base_mhz)),
    ];
    for (field, v) in mhz {
        if let Some(v) = v.filter(|&v| v > MAX_HOST_CPU_MHZ) {
            out.push((field, format!("{v} MHz is more than the largest host has ({MAX_HOST_CPU_MHZ} MHz): lower {field}")));
        }
    }
    let mb = [
        ("mem_demand_mb", vm.mem_demand_mb),
        ("mem_overhead_mb", vm.mem_overhead_mb),
        ("mem_consumed_mb", vm.mem_consumed_mb),
        ("writable_working_set_mb", vm.writable_working_set_mb),
        ("workload.mem_active_mb", w.and_then(|w| w.mem_active_mb)),
        ("workload.mem_base_mb", w.and_then(|w| w.mem_base_mb)),
    ];
    for (field, v) in mb {
        if let Some(v) = v.filter(|&v| v > MAX_VM_MEM_MB) {
            out.push((field, format!("{v} MB is more than a VM can have ({MAX_VM_MEM_MB} MB, 24 TB, VMware Configuration Maximums): lower {field}")));
        }
    }
    if vm.disk_gb > MAX_DISK_GB {
        out.push((
            "disk_gb",
            format!("a virtual disk has at most {MAX_DISK_GB} GB (62 TB, VMware Configuration Maximums), not {}: lower disk_gb", vm.disk_gb),
        ));
    }
    for (field, v) in [
        ("mem_dirty_mb_s", vm.mem_dirty_mb_s),
        ("disk_write_mb_s", vm.disk_write_mb_s),
    ] {
        if v > MAX_RATE_MB_S {
            out.push((field, format!("at most {MAX_RATE_MB_S} MB/s in this model (twice a 400 GbE link), not {v}: lower {field}")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(problems: Vec<(&'static str, String)>) -> Vec<&'static str> {
        problems.into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn hosts_above_the_published_maximums_are_refused() {
        let ok = HostSpec {
            sockets: Some(MAX_SOCKETS),
            cores_per_socket: Some(MAX_LOGICAL_CPUS / MAX_SOCKETS),
            core_mhz: Some(MAX_CORE_MHZ),
            mem_mb: MAX_HOST_MEM_MB,
            ..HostSpec::default()
        };
        assert_eq!(fields(host_problems(&ok)), Vec::<&str>::new());
        let big = HostSpec {
            sockets: Some(MAX_SOCKETS + 1),
            core_mhz: Some(u64::MAX),
            mem_mb: MAX_HOST_MEM_MB + 1,
            ..ok.clone()
        };
        assert_eq!(
            fields(host_problems(&big)),
            ["mem_mb", "sockets", "cores_per_socket", "core_mhz"]
        );
        let by_total = HostSpec {
            cpu_mhz: Some(MAX_HOST_CPU_MHZ + 1),
            ..HostSpec::default()
        };
        assert!(fields(host_problems(&by_total)).contains(&"cpu_mhz"));
    }

    #[test]
    fn vms_above_the_published_maximums_are_refused() {
        let ok = VmSpec {
            vcpus: MAX_VM_VCPUS,
            mem_mb: MAX_VM_MEM_MB,
            ..VmSpec::default()
        };
        assert_eq!(fields(vm_problems(&ok)), Vec::<&str>::new());
        let big = VmSpec {
            vcpus: MAX_VM_VCPUS + 1,
            cores_per_socket: 1,
            mem_mb: u64::MAX,
            cpu_demand_mhz: Some(u64::MAX),
            disk_gb: MAX_DISK_GB + 1,
            mem_dirty_mb_s: MAX_RATE_MB_S + 1,
            ..VmSpec::default()
        };
        let got = fields(vm_problems(&big));
        for f in [
            "vcpus",
            "mem_mb",
            "cpu_demand_mhz",
            "disk_gb",
            "mem_dirty_mb_s",
        ] {
            assert!(got.contains(&f), "{f} in {got:?}");
        }
        // The message says what is accepted and what to do.
        let (_, message) = &vm_problems(&big)[1];
        assert!(message.contains("25165824 MB") && message.contains("lower mem_mb"));
        let none = VmSpec {
            vcpus: 0,
            ..VmSpec::default()
        };
        assert!(fields(vm_problems(&none)).contains(&"vcpus"));
    }
}
