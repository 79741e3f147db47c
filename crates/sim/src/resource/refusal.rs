//! Why admission control refuses: which resource was short, where (a
//! host, a pool, the cluster), and how far borrowing up the chain of
//! expandable reservations reached. Power-ons, reservation changes,
//! restarts and vMotion's destination check all refuse in these terms.

use serde::{Deserialize, Serialize};

/// The resource admission control found short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shortfall {
    /// Unreserved CPU [MHz] below the VM's CPU reservation.
    CpuMhz,
    /// Unreserved memory [MB] below the VM's reservation plus overhead.
    MemMb,
    /// More vCPUs than the host has logical CPUs.
    Vcpus,
    /// FusionCompute memory overcommit: the host's VMs' configured memory
    /// would pass 150 % of its memory [MB].
    OvercommitMb,
}

/// Where borrowing up a chain of expandable reservations stopped, i.e. what
/// bounds a pool's unreserved capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// It reached the host's root: the host's unreserved capacity.
    Host,
    /// It reached the root of a cluster of several hosts: the cluster's
    /// unreserved capacity.
    Cluster,
    /// This pool's reservation is not expandable.
    Pool(String),
    /// This pool's limit caps what it may hold.
    Limit(String),
}

fn is_none<T>(o: &Option<T>) -> bool {
    o.is_none()
}

/// `needed` of `resource` versus `available` on `host`, or, for a VM in
/// resource pool `pool`, the pool's unreserved capacity including what it
/// can borrow up to `stop`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortage {
    pub host: String,
    /// The VM's resource pool; absent = the host's root (and then the
    /// JSON is as before pools existed).
    #[serde(default, skip_serializing_if = "is_none")]
    pub pool: Option<String>,
    /// With `pool`: where borrowing stopped.
    #[serde(default, skip_serializing_if = "is_none")]
    pub stop: Option<Stop>,
    pub resource: Shortfall,
    pub needed: u64,
    pub available: u64,
}

/// Why admission control said no.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A resource was short.
    Short(Shortage),
    /// The VM's host has failed (or is not in the cluster).
    HostUnavailable { host: String },
    /// FusionCompute: a VM with a passthrough NIC cannot run in a cluster
    /// with memory overcommit on.
    PassthroughWithOvercommit,
}

impl Refusal {
    /// The shortage, when a resource was short.
    pub fn shortage(&self) -> Option<&Shortage> {
        match self {
            Refusal::Short(s) => Some(s),
            Refusal::HostUnavailable { .. } | Refusal::PassthroughWithOvercommit => None,
        }
    }
}
