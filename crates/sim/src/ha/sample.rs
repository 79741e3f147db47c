//! vSphere HA's figures at one sample: the master, the admission policy's
//! figures, slots per host, isolated and partitioned hosts, VMs waiting
//! for a restart.

use super::spec::AdmissionPolicy;
use super::HaSummary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The cluster's HA figures at one sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HaSample {
    /// The master, if one is elected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master: Option<String>,
    pub admission: AdmissionPolicy,
    #[serde(flatten)]
    pub summary: HaSummary,
    /// Slots the powered-on VMs take on each host, by name.
    pub used_slots_per_host: BTreeMap<String, u32>,
    /// Percentage policy: the CPU and memory kept free for failover [%],
    /// as configured or computed from `host_failures` (what admission
    /// control compares against).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configured_pct: Option<(u32, u32)>,
    /// Hosts isolated from the management network now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub isolated: Vec<String>,
    /// Hosts cut off from the master by a network partition now (alive,
    /// their VMs running; the master does not restart them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitioned: Vec<String>,
    /// VMs waiting for HA to restart them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restarting: Vec<String>,
}
