//! Resource pools as the scenario states them (`[[pool]]`).
//!
//! A pool hangs under the cluster's root (or under another pool) and has, per resource, a reservation, a limit, shares and
//! an "expandable reservation" switch, as in the vSphere Resource
//! Management Guide ("Resource Pool Attributes"). VMs join a pool with their
//! `pool` field. [`crate::resource::tree`] divides resources down the tree and does
//! the reservation accounting.

use crate::base::shares::Shares;
use serde::{Deserialize, Serialize};

fn default_true() -> bool {
    true
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One resource pool. Absent optional fields take the defaults noted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolSpec {
    /// Unique among the scenario's pools.
    pub name: String,
    /// Parent pool; absent = the cluster's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// CPU reservation [MHz] (default 0).
    #[serde(default)]
    pub cpu_reservation_mhz: u64,
    /// CPU limit [MHz]; absent = unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_limit_mhz: Option<u64>,
    /// CPU shares (default normal: 4000; low 2000, high 8000).
    #[serde(default)]
    pub cpu_shares: Shares,
    /// Memory reservation [MB] (default 0), counting the VMs' overhead.
    #[serde(default)]
    pub mem_reservation_mb: u64,
    /// Memory limit [MB]; absent = unlimited. Counts the VMs' overhead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_limit_mb: Option<u64>,
    /// Memory shares (default normal: 163840; low 81920, high 327680).
    #[serde(default)]
    pub mem_shares: Shares,
    /// Both switches below at once (`expandable = false` is vSphere's one
    /// "Expandable Reservation" tick box per resource, both unticked); when
    /// given it sets `cpu_expandable` and `mem_expandable` as the file loads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expandable: Option<bool>,
    /// Whether children may reserve more CPU than the pool's reservation by
    /// borrowing from its parent (default true, as in vSphere).
    #[serde(default = "default_true")]
    pub cpu_expandable: bool,
    /// The same for memory (default true).
    #[serde(default = "default_true")]
    pub mem_expandable: bool,
    /// vSphere 7 scalable shares for this pool's *child pools* (the option
    /// sits on the parent, as in vSphere): each child pool whose shares are
    /// a level gets multiplier x the sum of its own children's shares
    /// (powered-on VMs and pools), multiplier low 1, normal 2, high 4.
    /// Custom share values stay as they are. Default false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub scalable_shares: bool,
    /// Set when the pool is a vApp's ([`crate::inventory::vapp`]), never in a file.
    #[serde(skip)]
    pub vapp: bool,
}

impl PoolSpec {
    /// A pool with every optional field at its default.
    pub fn new(name: &str) -> PoolSpec {
        PoolSpec {
            name: name.to_string(),
            parent: None,
            cpu_reservation_mhz: 0,
            cpu_limit_mhz: None,
            cpu_shares: Shares::default(),
            mem_reservation_mb: 0,
            mem_limit_mb: None,
            mem_shares: Shares::default(),
            expandable: None,
            cpu_expandable: true,
            mem_expandable: true,
            scalable_shares: false,
            vapp: false,
        }
    }
}
