//! The scenario's vSphere HA parts: `[ha]` and `[[fault]]` (lab format v1,
//! `labs/README.md`). VM `restart_priority` lives on `VmSpec`.

use super::fdm::IsolationResponse;
use crate::base::serde_default::{default_one, default_true};
use serde::{Deserialize, Serialize};

/// HA admission control policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdmissionPolicy {
    /// Host failures the cluster tolerates, by slot size.
    #[default]
    Slots,
    /// Percentage of cluster resources reserved for failover.
    Percentage,
    /// Dedicated failover hosts.
    FailoverHosts,
    Disabled,
}

impl AdmissionPolicy {
    pub const ALL: [AdmissionPolicy; 4] = [
        AdmissionPolicy::Slots,
        AdmissionPolicy::Percentage,
        AdmissionPolicy::FailoverHosts,
        AdmissionPolicy::Disabled,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AdmissionPolicy::Slots => "slots",
            AdmissionPolicy::Percentage => "percentage",
            AdmissionPolicy::FailoverHosts => "failover_hosts",
            AdmissionPolicy::Disabled => "disabled",
        }
    }

    pub fn parse(name: &str) -> Option<AdmissionPolicy> {
        AdmissionPolicy::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// `das.iostatsInterval` [s]: before a reset, VM monitoring looks at the
/// VM's disk and network I/O over this window and leaves a VM that did
/// any alone (published default 120 s; docs/references.md, VM monitoring).
pub const IOSTATS_INTERVAL_S: u32 = 120;

/// VM monitoring: how long without VMware Tools heartbeats before HA
/// resets the guest, unless the guest still does I/O
/// ([`IOSTATS_INTERVAL_S`], the VM's `io_active`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VmMonitoring {
    #[default]
    Disabled,
    /// 30 s failure interval.
    High,
    /// 60 s.
    Medium,
    /// 120 s.
    Low,
}

impl VmMonitoring {
    pub const ALL: [VmMonitoring; 4] = [
        VmMonitoring::Disabled,
        VmMonitoring::High,
        VmMonitoring::Medium,
        VmMonitoring::Low,
    ];

    pub fn name(self) -> &'static str {
        match self {
            VmMonitoring::Disabled => "disabled",
            VmMonitoring::High => "high",
            VmMonitoring::Medium => "medium",
            VmMonitoring::Low => "low",
        }
    }

    pub fn parse(name: &str) -> Option<VmMonitoring> {
        VmMonitoring::ALL.into_iter().find(|m| m.name() == name)
    }

    /// After a VM starts (powered on, restarted or reset during the run),
    /// how long VM monitoring ignores missing heartbeats [s] (the
    /// published presets: 120, 240, 480; 0 when off).
    pub fn min_uptime_s(self) -> u32 {
        match self {
            VmMonitoring::Disabled => 0,
            VmMonitoring::High => 120,
            VmMonitoring::Medium => 240,
            VmMonitoring::Low => 480,
        }
    }

    /// At most this many resets of one VM within [`Self::reset_window_s`]
    /// (3 in every preset).
    pub fn max_resets(self) -> u32 {
        3
    }

    /// The window the reset limit counts over [s]: 1 hour, 24 hours or
    /// 7 days.
    pub fn reset_window_s(self) -> u32 {
        match self {
            VmMonitoring::Disabled | VmMonitoring::High => 3_600,
            VmMonitoring::Medium => 86_400,
            VmMonitoring::Low => 7 * 86_400,
        }
    }

    /// Heartbeats missed before a reset [s] (the published sensitivity
    /// presets); `None` when off.
    pub fn failure_interval_s(self) -> Option<u32> {
        match self {
            VmMonitoring::Disabled => None,
            VmMonitoring::High => Some(30),
            VmMonitoring::Medium => Some(60),
            VmMonitoring::Low => Some(120),
        }
    }
}

/// FusionCompute's HA policy for a failed host's VMs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FcHaPolicy {
    /// Restart them elsewhere in the cluster (vSphere's behaviour too).
    #[default]
    RestoreInCluster,
    /// Wait for the host to come back and restart them there.
    RestoreOnOriginalHost,
    /// Leave them stopped.
    Stop,
}

impl FcHaPolicy {
    pub const ALL: [FcHaPolicy; 3] = [
        FcHaPolicy::RestoreInCluster,
        FcHaPolicy::RestoreOnOriginalHost,
        FcHaPolicy::Stop,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FcHaPolicy::RestoreInCluster => "restore_in_cluster",
            FcHaPolicy::RestoreOnOriginalHost => "restore_on_original_host",
            FcHaPolicy::Stop => "stop",
        }
    }

    pub fn parse(name: &str) -> Option<FcHaPolicy> {
        FcHaPolicy::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// vSphere HA for the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HaSpec {
    /// HA on (default true once `[ha]` is given).
    #[serde(default = "default_true")]
    pub enabled: bool,
    #[serde(default)]
    pub admission: AdmissionPolicy,
    /// Slot policy: host failures to tolerate (default 1).
    #[serde(default = "default_one")]
    pub host_failures: u32,
    /// Percentage policy: CPU reserved for failover [%]; absent = computed
    /// from `host_failures` (the largest hosts' share, vSphere 6.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_pct: Option<u32>,
    /// Percentage policy: memory reserved for failover [%]; absent =
    /// computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_pct: Option<u32>,
    /// Fixed CPU slot size [MHz]; absent = the largest reservation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_cpu_mhz: Option<u64>,
    /// Fixed memory slot size [MB]; absent = the largest reservation plus
    /// overhead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_mem_mb: Option<u64>,
    /// Dedicated failover hosts (policy `failover_hosts`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failover_hosts: Vec<String>,
    #[serde(default)]
    pub isolation_response: IsolationResponse,
    #[serde(default)]
    pub vm_monitoring: VmMonitoring,
    /// How long one priority level's restarts take before the next level
    /// starts [s] (default 0: vSphere's "resources allocated" condition).
    #[serde(default)]
    pub priority_delay_s: u32,
    /// A host whose VMs demand more than this % of its CPU fails too
    /// (optional; shows a cascade without admission control).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overload_fails_host_pct: Option<u32>,
    /// FusionCompute's HA policy (platform = "fusioncompute").
    #[serde(default)]
    pub fc_policy: FcHaPolicy,
}

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// The host stops, with its VMs.
    HostCrash,
    /// Its management network is cut; it and its VMs run on.
    HostIsolation,
    /// It (and the other hosts named) lose the network to the rest.
    Partition,
    /// A datastore is lost to every host (PDL).
    DatastoreLoss,
    /// The guest OS hangs; VMware Tools heartbeats stop.
    GuestCrash,
}

/// A fault injected at `at_s`, healed at `until_s` when given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    pub kind: FaultKind,
    /// The host (crash, isolation), hosts cut off together (partition,
    /// comma-separated), datastore or VM it hits.
    pub target: String,
    pub at_s: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_s: Option<u32>,
}
