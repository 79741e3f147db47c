//! The scenario: the cluster's inventory, each engine's section (HA, DRS,
//! migrations, NIOC, SIOC...) and a timeline of changes, as a lab file (or
//! a bare scenario file) states them. Field names are part of the lab
//! format v1 contract documented in `labs/README.md`.
//!
//! Settings reach every part through [`Target`] (parse, read, write);
//! [`Scenario::with_settings`] applies them and checks the result with
//! each part's own checks, which [`problems`] also runs as a file loads.

mod check;
mod configure;
mod expand;
mod target;
mod vapp;

pub use check::{problems, MAX_DURATION_S, MAX_HOSTS, MAX_SAMPLES, MAX_VMS};
pub use expand::{Origins, MAX_COUNT};
pub use target::{current_value, Target, TargetKind, TARGET_KINDS};
pub use vapp::PowerStep;

use crate::base::serde_default::is_false;
use crate::base::setting::{Setting, Value};
use crate::drs::spec::{DpmSpec, DrsSpec, MaintenanceSpec, RuleSpec};
use crate::ha::spec::{AdmissionPolicy, FaultSpec, HaSpec};
use crate::inventory::{ClusterSpec, HostSpec, Inventory, Platform, PoolSpec, VappSpec, VmSpec};
use crate::io::nioc::NiocSpec;
use crate::io::sioc::SiocSpec;
use crate::migration::spec::{DatastoreSpec, MigrationSpec, VcenterSpec, DEFAULT_DATASTORE_MB_S};
use serde::{Deserialize, Serialize};

/// Default simulated duration [s].
pub const DEFAULT_DURATION_S: u32 = 120;
/// Default sample interval [s]: vCenter's real-time charts use 20 s samples.
pub const DEFAULT_STEP_S: u32 = 20;

/// A cluster configuration plus what happens to it over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Whose resource-control behaviour to model (default vSphere).
    #[serde(default, skip_serializing_if = "Platform::is_vsphere")]
    pub platform: Platform,
    /// Hosts, in file order.
    #[serde(default)]
    pub host: Vec<HostSpec>,
    /// Resource pools, in file order (none: every VM sits at its host's root).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pool: Vec<PoolSpec>,
    /// vApps: pools that power their VMs on and off in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vapp: Vec<VappSpec>,
    /// VMs, in file order: the order they are powered on at time 0.
    #[serde(default)]
    pub vm: Vec<VmSpec>,
    /// A distributed switch uplink shared by system traffic types, under
    /// Network I/O Control (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nioc: Option<NiocSpec>,
    /// A datastore shared by the VMs' disks, under Storage I/O Control
    /// (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sioc: Option<SiocSpec>,
    /// Cluster-wide settings (EVC).
    #[serde(default, skip_serializing_if = "ClusterSpec::is_default")]
    pub cluster: ClusterSpec,
    /// vCenter Servers the hosts belong to (cross-vCenter vMotion).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vcenter: Vec<VcenterSpec>,
    /// Datastores with a stated throughput (Storage vMotion).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datastore: Vec<DatastoreSpec>,
    /// Live migrations requested, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migration: Vec<MigrationSpec>,
    /// vSphere HA (absent: off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ha: Option<HaSpec>,
    /// Faults injected over time (HA labs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fault: Vec<FaultSpec>,
    /// DRS (absent: off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drs: Option<DrsSpec>,
    /// DPM (absent: off; needs DRS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpm: Option<DpmSpec>,
    /// DRS rules, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule: Vec<RuleSpec>,
    /// Hosts put into maintenance mode over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maintenance: Vec<MaintenanceSpec>,
    /// Changes at given times (demand shifts, power operations).
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// Simulated time [s].
    #[serde(default = "default_duration_s")]
    pub duration_s: u32,
    /// Sample interval [s].
    #[serde(default = "default_step_s")]
    pub step_s: u32,
}

fn default_duration_s() -> u32 {
    DEFAULT_DURATION_S
}
fn default_step_s() -> u32 {
    DEFAULT_STEP_S
}

/// One scheduled change: at `at_s`, set `set` to `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// When [s].
    pub at_s: u32,
    /// Target, e.g. `vm.web.cpu_demand_mhz` or `vm.db.powered_on`.
    pub set: String,
    /// New value (number, boolean, or a share level / "unlimited").
    pub value: Value,
    /// Made directly on a host, bypassing vCenter (default false): no
    /// admission control, so the cluster may turn yellow or red.
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_of_band: bool,
}

impl TimelineEntry {
    pub fn setting(&self) -> Setting {
        Setting {
            target: self.set.clone(),
            value: self.value.clone(),
        }
    }
}

impl Scenario {
    /// The hosts, VMs and pools, as the resource models and the engines'
    /// checks see them.
    pub fn inventory(&self) -> Inventory<'_> {
        let failover_hosts: &[String] = match &self.ha {
            Some(ha) if ha.enabled && ha.admission == AdmissionPolicy::FailoverHosts => {
                &ha.failover_hosts
            }
            _ => &[],
        };
        Inventory {
            platform: self.platform,
            host: &self.host,
            vm: &self.vm,
            pool: &self.pool,
            failover_hosts,
            cluster: &self.cluster,
        }
    }

    pub fn host(&self, name: &str) -> Option<&HostSpec> {
        self.inventory().host(name)
    }

    pub fn vm(&self, name: &str) -> Option<&VmSpec> {
        self.inventory().vm(name)
    }

    pub fn pool(&self, name: &str) -> Option<&PoolSpec> {
        self.inventory().pool(name)
    }

    /// Whether `host` is one of HA's dedicated failover hosts (policy
    /// `failover_hosts`): no VM powers on there, restarts go there first.
    pub fn is_failover_host(&self, host: &str) -> bool {
        self.inventory().is_failover_host(host)
    }

    pub fn vm_mut(&mut self, name: &str) -> Option<&mut VmSpec> {
        self.vm.iter_mut().find(|v| v.name == name)
    }

    pub fn host_mut(&mut self, name: &str) -> Option<&mut HostSpec> {
        self.host.iter_mut().find(|h| h.name == name)
    }

    pub fn vcenter(&self, name: &str) -> Option<&VcenterSpec> {
        self.vcenter.iter().find(|v| v.name == name)
    }

    /// Throughput of datastore `name` [MB/s] (the default when undeclared).
    pub fn datastore_mb_s(&self, name: &str) -> u32 {
        self.datastore
            .iter()
            .find(|d| d.name == name)
            .map_or(DEFAULT_DATASTORE_MB_S, |d| d.throughput_mb_s)
    }
}

impl Default for Scenario {
    fn default() -> Scenario {
        toml::from_str("").expect("the defaults deserialize")
    }
}
