//! One host's CPU and memory allocation among its powered-on VMs.
//!
//! Two divvies per resource, both with [`crate::base::divvy`] (down the host's
//! resource tree, [`crate::resource::tree`], when there are pools):
//! - *entitlement*: what the VM is entitled to, with its whole reservation
//!   as the floor (what vCenter shows as entitlement);
//! - *granted*: what it actually gets, with the floor lowered to what it
//!   uses of its reservation. Reserved capacity the VM does not use is lent
//!   to the others (the Resource Management Guide's 2 GHz example).

use crate::base::overhead::estimate_overhead_mb;
use crate::inventory::{HostSpec, VmSpec};
use serde::{Deserialize, Serialize};

/// Effective, derived figures for one VM on its host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VmNeeds {
    /// Most CPU the VM can use: vCPUs x core clock [MHz].
    pub cpu_max_mhz: u64,
    /// CPU demand, capped at `cpu_max_mhz` [MHz].
    pub cpu_demand_mhz: u64,
    /// Limit, capped at `cpu_max_mhz` [MHz].
    pub cpu_limit_mhz: u64,
    /// Memory the guest has touched and wants, capped at configured
    /// memory [MB].
    pub mem_demand_mb: u64,
    /// The part of it the guest actively uses (its working set) [MB].
    pub mem_active_mb: u64,
    /// The host's idle memory tax rate [%] (`Mem.IdleTax`, 0–99).
    pub mem_idle_tax_pct: u8,
    /// Limit, capped at configured memory [MB].
    pub mem_limit_mb: u64,
    /// Overhead locked at power-on [MB].
    pub mem_overhead_mb: u64,
}

impl VmNeeds {
    pub fn of(vm: &VmSpec, host: &HostSpec) -> VmNeeds {
        let host_mhz = host.cpu_capacity_mhz();
        let cpu_max_mhz = match host.core_mhz {
            Some(core) => (u64::from(vm.vcpus) * core).min(host_mhz),
            None => host_mhz,
        };
        let mem_demand_mb = vm.mem_demand_mb.unwrap_or(vm.mem_mb).min(vm.mem_mb);
        VmNeeds {
            cpu_max_mhz,
            cpu_demand_mhz: vm.cpu_demand_mhz.unwrap_or(cpu_max_mhz).min(cpu_max_mhz),
            cpu_limit_mhz: vm.cpu_limit_mhz.unwrap_or(u64::MAX).min(cpu_max_mhz),
            mem_demand_mb,
            mem_active_mb: vm.mem_active_mb.unwrap_or(mem_demand_mb).min(mem_demand_mb),
            mem_idle_tax_pct: host.mem_idle_tax_pct,
            mem_limit_mb: vm.mem_limit_mb.unwrap_or(vm.mem_mb).min(vm.mem_mb),
            mem_overhead_mb: vm
                .mem_overhead_mb
                .unwrap_or_else(|| estimate_overhead_mb(vm.vcpus, vm.mem_mb)),
        }
    }
}

/// One VM's allocation at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VmAllocation {
    pub cpu_entitlement_mhz: u64,
    pub cpu_granted_mhz: u64,
    pub mem_entitlement_mb: u64,
    pub mem_granted_mb: u64,
}

/// Divides `host` among `vms` (all powered on, on this host), ignoring
/// resource pools: the one-level tree of [`crate::resource::tree`], which gives this
/// flat case exactly.
pub fn allocate(host: &HostSpec, vms: &[&VmSpec]) -> Vec<VmAllocation> {
    super::tree::Tree::on_host(host, &[], vms).allocate().0
}
