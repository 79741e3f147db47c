//! Checks of one host's or one VM's own fields, as a file loads and after
//! a setting: each problem as (field, message).

use super::{HostSpec, VmSpec};

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
    let mut out = Vec::new();
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
