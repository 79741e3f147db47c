//! Cluster-wide settings (`[cluster]`): the EVC baseline every host
//! presents, vSphere 7's scalable shares for the cluster's top-level pools,
//! and FusionCompute's memory overcommit switch.

use super::Platform;
use serde::{Deserialize, Serialize};

/// FusionCompute's memory overcommit: a host's VMs' configured memory may
/// reach this share of its memory [%] (the notes: "复用比提升至150%").
pub const FC_MAX_OVERCOMMIT_PCT: u64 = 150;

/// The `[cluster]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    /// Enhanced vMotion Compatibility baseline, e.g. "haswell" (the
    /// hosts' vendor's ladder, [`super::cpu_model`]); absent = EVC off,
    /// each VM sees its host's full CPU. On FusionCompute: the IMC mode's
    /// baseline (Intel only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evc_baseline: Option<String>,
    /// vSphere 7 scalable shares for the cluster's top-level pools (as the
    /// cluster's DRS setting switches them on): each top-level pool's
    /// shares are its children's shares times its level's multiplier
    /// (default false).
    #[serde(default, skip_serializing_if = "crate::base::serde_default::is_false")]
    pub scalable_shares: bool,
    /// FusionCompute's memory overcommit (内存复用) switch; absent = on for
    /// `platform = "fusioncompute"`. On: a host's VMs' configured memory
    /// may reach 150 % of its memory. Off: every VM's memory counts as
    /// fully reserved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_overcommit: Option<bool>,
}

impl ClusterSpec {
    pub fn is_default(&self) -> bool {
        *self == ClusterSpec::default()
    }

    /// Whether FusionCompute's memory overcommit is on (`false` on
    /// vSphere, which has no such switch).
    pub fn fc_overcommit(&self, platform: Platform) -> bool {
        platform == Platform::Fusioncompute && self.mem_overcommit.unwrap_or(true)
    }

    /// Whether every VM's memory counts as fully reserved: FusionCompute
    /// with memory overcommit off.
    pub fn fc_full_reservation(&self, platform: Platform) -> bool {
        platform == Platform::Fusioncompute && !self.mem_overcommit.unwrap_or(true)
    }
}
