//! The scenario's live-migration parts: `[[vcenter]]`,
//! `[[datastore]]` and `[[migration]]` (lab format v1, `labs/README.md`).
//! The VM and host fields migration reads live on `VmSpec` and `HostSpec`.

use super::Order;
use crate::base::serde_default::default_true;
use crate::inventory::{ClusterSpec, HostSpec, VmSpec};
use serde::{Deserialize, Serialize};

/// A vCenter Server: hosts name theirs in `vcenter`. Migrating between
/// two needs the same SSO domain, both at 6.0 or later, and a round trip
/// of at most 150 ms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VcenterSpec {
    pub name: String,
    /// Version, "MAJOR.MINOR" (default "8.0").
    #[serde(default = "default_version")]
    pub version: String,
    /// Single sign-on domain (default "vsphere.local").
    #[serde(default = "default_sso")]
    pub sso_domain: String,
    /// Round trip from its site to the WAN core [ms] (default 0); between
    /// two vCenters the round trip is the sum of theirs.
    #[serde(default)]
    pub rtt_ms: u32,
}

fn default_version() -> String {
    "8.0".to_string()
}
fn default_sso() -> String {
    "vsphere.local".to_string()
}

impl VcenterSpec {
    /// (major, minor), when `version` reads as one.
    pub fn version_number(&self) -> Option<(u32, u32)> {
        crate::inventory::host::version_number(&self.version)
    }
}

/// Datastore throughput for Storage vMotion [MB/s] when not stated.
pub const DEFAULT_DATASTORE_MB_S: u32 = 200;

/// A datastore; hosts list the ones they see in `datastores`. Declaring
/// one is only needed to set its throughput.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatastoreSpec {
    pub name: String,
    /// What a bulk copy can read or write [MB/s] (default 200).
    #[serde(default = "default_datastore_mb_s")]
    pub throughput_mb_s: u32,
}

fn default_datastore_mb_s() -> u32 {
    DEFAULT_DATASTORE_MB_S
}

/// One requested migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationSpec {
    pub vm: String,
    /// Destination host (the VM's own host: a Storage vMotion only).
    pub to_host: String,
    /// Destination datastore; absent = the disk stays where it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_datastore: Option<String>,
    /// When it is requested [s].
    pub at_s: u32,
    /// Stun During Page Send (default true).
    #[serde(default = "default_true")]
    pub sdps: bool,
    /// With both a new host and a new datastore: storage first (default,
    /// vSphere's order) or memory first (to compare).
    #[serde(default, skip_serializing_if = "is_storage_first")]
    pub order: Order,
    /// The longest switchover vSphere accepts [s] (default 100); a longer
    /// one fails the migration before the stun.
    #[serde(default = "default_max_switchover_s")]
    pub max_switchover_s: u32,
}

fn is_storage_first(o: &Order) -> bool {
    *o == Order::StorageFirst
}
fn default_max_switchover_s() -> u32 {
    crate::migration::plan::DEFAULT_MAX_SWITCHOVER_S
}

/// The scenario's live-migration sections and the hosts and VMs they name,
/// as the load-time checks read them.
#[derive(Debug, Clone, Copy)]
pub struct MigrationSections<'a> {
    pub host: &'a [HostSpec],
    pub vm: &'a [VmSpec],
    pub cluster: &'a ClusterSpec,
    pub vcenter: &'a [VcenterSpec],
    pub datastore: &'a [DatastoreSpec],
    pub migration: &'a [MigrationSpec],
    /// The run's length [s].
    pub duration_s: u32,
}

impl<'a> MigrationSections<'a> {
    pub fn host(&self, name: &str) -> Option<&'a HostSpec> {
        self.host.iter().find(|h| h.name == name)
    }

    pub fn vm(&self, name: &str) -> Option<&'a VmSpec> {
        self.vm.iter().find(|v| v.name == name)
    }

    pub fn vcenter(&self, name: &str) -> Option<&'a VcenterSpec> {
        self.vcenter.iter().find(|v| v.name == name)
    }
}
