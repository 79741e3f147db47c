//! What a lab's cluster is made of, as its file states it: hosts, VMs,
//! resource pools and vApps, and the platform whose behaviour they follow.
//! Every engine reads these; none of them is defined here. The settings
//! that change a host's, VM's, pool's or vApp's fields
//! (`host.NAME.FIELD`, `vm.NAME.FIELD`, ...) and the checks of one VM's
//! or host's own fields live here too.
//!
//! [`Inventory`] is a borrowed view of these lists: the part of a scenario
//! the resource models ([`crate::resource`]) and the engines' checks need,
//! without the engines' own sections.

pub mod check;
pub mod cluster;
pub mod cluster_field;
pub mod cpu_model;
pub mod host;
pub mod host_field;
pub mod pool;
pub mod pool_field;
pub mod vapp;
pub mod vm;
pub mod vm_field;
pub mod workload;

pub use cluster::ClusterSpec;
pub use cpu_model::{CpuVendor, EvcMode};
pub use host::{HostSpec, MemoryModel, PowerMgmt};
pub use pool::PoolSpec;
pub use vapp::VappSpec;
pub use vm::{RestartPriority, VmSpec};
pub use workload::{Shape, WorkloadSpec};

use serde::{Deserialize, Serialize};

/// The product whose published behaviour the engine follows where the two
/// differ: vSphere (default) or Huawei FusionCompute, whose CPU QoS fixes a
/// VM at its reservation before sharing the rest by quota
/// (`crate::cpu::fc_qos`) and which has no resource pools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    #[default]
    Vsphere,
    Fusioncompute,
}

impl Platform {
    pub fn is_vsphere(&self) -> bool {
        *self == Platform::Vsphere
    }
}

/// A borrowed view of a scenario's hosts, VMs and pools.
#[derive(Debug, Clone, Copy)]
pub struct Inventory<'a> {
    pub platform: Platform,
    /// Hosts, in file order.
    pub host: &'a [HostSpec],
    /// VMs, in file order.
    pub vm: &'a [VmSpec],
    /// Resource pools in file order, vApps' pools after them.
    pub pool: &'a [PoolSpec],
    /// Hosts no VM powers on at (vSphere HA's dedicated failover hosts,
    /// while HA is on with that policy).
    pub failover_hosts: &'a [String],
    /// Cluster-wide settings.
    pub cluster: &'a ClusterSpec,
}

impl<'a> Inventory<'a> {
    pub fn host(&self, name: &str) -> Option<&'a HostSpec> {
        self.host.iter().find(|h| h.name == name)
    }

    pub fn vm(&self, name: &str) -> Option<&'a VmSpec> {
        self.vm.iter().find(|v| v.name == name)
    }

    pub fn pool(&self, name: &str) -> Option<&'a PoolSpec> {
        self.pool.iter().find(|p| p.name == name)
    }

    /// Pool `name` and the pools above it, up to the cluster's root. A
    /// chain longer than the number of pools is a cycle (validation rejects
    /// those), so the walk stops there.
    pub fn pool_chain(self, name: Option<&str>) -> impl Iterator<Item = &'a PoolSpec> + 'a {
        let mut at = name.and_then(|n| self.pool(n));
        std::iter::from_fn(move || {
            let here = at?;
            at = here.parent.as_deref().and_then(|n| self.pool(n));
            Some(here)
        })
        .take(self.pool.len())
    }

    /// Whether `host` is one of HA's dedicated failover hosts: no VM
    /// powers on there, restarts go there first.
    pub fn is_failover_host(&self, host: &str) -> bool {
        self.failover_hosts.iter().any(|h| h == host)
    }

    /// The names of the hosts, in file order.
    pub fn host_names(&self) -> Vec<&'a str> {
        self.host.iter().map(|h| h.name.as_str()).collect()
    }

    /// The names of the VMs, in file order.
    pub fn vm_names(&self) -> Vec<&'a str> {
        self.vm.iter().map(|v| v.name.as_str()).collect()
    }
}
