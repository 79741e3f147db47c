//! What a run leaves: a sample of everything at each step (VMs, hosts,
//! the cluster, pools, network, storage, memory, migrations, HA, DRS) and
//! the whole trace with its event log.

use crate::base::serde_default::is_false;
use crate::cpu::sched::CpuSchedSample;
use crate::drs::note::{DrsSample, DrsSummary};
use crate::event::Event;
use crate::ha::HaSample;
use crate::inventory::PoolSpec;
use crate::io::nioc::TrafficGrant;
use crate::io::sioc::SiocOutcome;
use crate::memory::{HostMemSample, VmMemSample};
use crate::migration::{MigrationRecord, MigrationSample};
use crate::resource::allocation::VmAllocation;
use crate::resource::cluster::ClusterState;
use crate::resource::tree::PoolAllocation;
use serde::{Deserialize, Serialize};

/// One VM at one sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VmSample {
    pub name: String,
    /// The host it runs on (absent while powered off without a host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    pub powered_on: bool,
    /// CPU demand, capped at what its vCPUs can use [MHz].
    pub cpu_demand_mhz: u64,
    /// Memory the guest has touched and wants [MB].
    pub mem_demand_mb: u64,
    /// The part of it in active use [MB].
    pub mem_active_mb: u64,
    #[serde(flatten)]
    pub alloc: VmAllocation,
    /// CPU scheduler accounting for the sample interval (ready, %MLMTD,
    /// co-stop), while powered on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<CpuSchedSample>,
    /// Where its guest memory is (shared, ballooned, compressed, swapped…)
    /// and what that costs it, while powered on (`crate::memory`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem: Option<VmMemSample>,
    /// Idle memory tax: memory shares per 4 KB page, weighted for idle
    /// pages (Waldspurger 2002); the lowest ratio loses memory first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shares_per_page: Option<f64>,
    /// Its CPU shares as a number (a level times its vCPUs, or custom).
    #[serde(default)]
    pub cpu_shares: u64,
    /// Its memory shares as a number (a level times its MB, or custom).
    #[serde(default)]
    pub mem_shares: u64,
    /// Where its vCPUs and memory are on a host described by sockets, and
    /// the NUMA topology its guest sees, while powered on (`cpu::numa`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numa: Option<crate::cpu::numa::NumaPlacement>,
    /// Its guest OS hangs (a guest crash VM monitoring has not reset yet).
    #[serde(default, skip_serializing_if = "is_false")]
    pub guest_crashed: bool,
}

/// One host at one sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostSample {
    pub name: String,
    /// Failed: no capacity, no VMs.
    #[serde(default, skip_serializing_if = "is_false")]
    pub failed: bool,
    pub cpu_capacity_mhz: u64,
    /// Sum of its running VMs' CPU reservations [MHz].
    pub cpu_reserved_mhz: u64,
    pub cpu_granted_mhz: u64,
    pub mem_capacity_mb: u64,
    /// Sum of its running VMs' memory reservations plus overheads [MB].
    pub mem_reserved_mb: u64,
    /// Granted to guests plus overheads [MB].
    pub mem_granted_mb: u64,
    pub vms_running: u32,
}

/// The cluster's root at one sample: connected hosts together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterSample {
    pub state: ClusterState,
    pub cpu_capacity_mhz: u64,
    /// What the root's children hold: VMs' and top-level pools'
    /// reservations, expanded reservations included [MHz].
    pub cpu_reserved_mhz: u64,
    pub mem_capacity_mb: u64,
    /// The same for memory, VM overheads included [MB].
    pub mem_reserved_mb: u64,
}

/// One resource pool at one sample (memory figures count the overhead of
/// the VMs below it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolSample {
    pub name: String,
    /// Parent pool; absent = the cluster's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// A vApp's pool.
    #[serde(default, skip_serializing_if = "is_false")]
    pub vapp: bool,
    /// Its configuration now (reservations, limits, expandable), as the
    /// timeline and settings have left it.
    pub spec: PoolSpec,
    #[serde(flatten)]
    pub alloc: PoolAllocation,
}

/// Everything at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub t_s: u32,
    pub vms: Vec<VmSample>,
    pub hosts: Vec<HostSample>,
    pub cluster: ClusterSample,
    /// Resource pools in file order; absent from JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<PoolSample>,
    /// The uplink's traffic types under NIOC (none without `[nioc]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network: Vec<TrafficGrant>,
    /// The datastore under SIOC (none without `[sioc]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<SiocOutcome>,
    /// Each host's memory state, free memory and sharing savings, in host
    /// order (`crate::memory`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub memory: Vec<HostMemSample>,
    /// Each VM's latest requested live migration (none without
    /// `[[migration]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migrations: Vec<MigrationSample>,
    /// vSphere HA's figures (none without `[ha]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ha: Option<HaSample>,
    /// DRS and DPM now (`None` without `[drs]` or `[dpm]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drs: Option<DrsSample>,
}

/// A whole run: samples every `step_s`, the event log and the migrations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    pub seed: u64,
    pub samples: Vec<Sample>,
    pub events: Vec<Event>,
    /// Live migrations, in the file's order, as the run left them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migrations: Vec<MigrationRecord>,
    /// DRS's recommendations and DPM's power actions (none without
    /// `[drs]` or `[dpm]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drs: Option<DrsSummary>,
}

impl Trace {
    pub fn last(&self) -> &Sample {
        self.samples
            .last()
            .expect("a trace has at least the t=0 sample")
    }
}
