//! The cluster: its connected hosts pooled under one root, where VMs run,
//! and whether the resource tree is valid, yellow or red.
//!
//! vCenter manages a DRS cluster's resource pools at the cluster level: the
//! root's capacity is the sum over the connected hosts, and reservations
//! and entitlements are accounted there (Resource Management Guide,
//! "Managing Resource Pools" and "DRS Cluster Validity"). Each VM still
//! runs on one host, whose capacity bounds what its VMs get
//! ([`crate::sim`] divides each host by the cluster's entitlements).

use super::allocation::VmNeeds;
use super::tree::{Capacity, Node, Resource, Tree};
use crate::inventory::PoolSpec;
use crate::inventory::{HostSpec, Inventory, VmSpec};
use serde::{Deserialize, Serialize};

/// Where each VM runs: `Some(host index)` while powered on.
pub type Placement = [Option<usize>];

/// DRS cluster validity (Resource Management Guide, "DRS Cluster
/// Validity"), worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterState {
    /// Every reservation can be honoured.
    Valid,
    /// Overcommitted: the tree is consistent, but the connected hosts'
    /// capacity is below what the root's children reserve (e.g. after a
    /// host failure).
    Yellow,
    /// Invalid: some pool's children reserve more than the pool can hold
    /// (after a change made on a host, bypassing vCenter).
    Red,
}

impl ClusterState {
    pub fn name(self) -> &'static str {
        match self {
            ClusterState::Valid => "valid",
            ClusterState::Yellow => "yellow",
            ClusterState::Red => "red",
        }
    }
}

/// The connected hosts' capacity together [MHz, MB].
pub fn capacity(config: &Inventory) -> Capacity {
    config
        .host
        .iter()
        .filter(|h| !h.failed)
        .fold(Capacity::default(), |c, h| Capacity {
            // Saturating: absurd sizes in a file must not overflow before
            // validation reports them.
            cpu_mhz: c.cpu_mhz.saturating_add(h.cpu_capacity_mhz()),
            mem_mb: c.mem_mb.saturating_add(h.mem_mb),
        })
}

/// The cluster's tree over `pools` and the VMs `members` (indices into
/// `config.vm`, each placed on a host by `placed` or `extra`).
pub fn tree<'a>(
    config: &Inventory<'a>,
    pools: &[&'a PoolSpec],
    members: &[(usize, usize)],
    vm_override: Option<(usize, &'a VmSpec)>,
) -> Tree<'a> {
    let vm = |i: usize| match vm_override {
        Some((j, spec)) if j == i => spec,
        _ => &config.vm[i],
    };
    let specs: Vec<&VmSpec> = members.iter().map(|&(i, _)| vm(i)).collect();
    let needs = members
        .iter()
        .map(|&(i, h)| VmNeeds::of(vm(i), &config.host[h]))
        .collect();
    Tree::new(capacity(config), pools, &specs, needs)
        .with_root_scalable(config.cluster.scalable_shares)
}

/// The running VMs as (VM index, host index), in scenario order.
pub fn members(placed: &Placement) -> Vec<(usize, usize)> {
    placed
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.map(|h| (i, h)))
        .collect()
}

/// The cluster's validity for the tree of all running VMs.
pub fn state(tree: &Tree, pools: &[&PoolSpec]) -> ClusterState {
    let mut worst = ClusterState::Valid;
    for res in [Resource::Cpu, Resource::Mem] {
        let reserved = tree.reserved(res);
        for (i, pool) in pools.iter().enumerate() {
            let r = reserved[tree.id_of(Node::Pool(i))];
            let expandable = match res {
                Resource::Cpu => pool.cpu_expandable,
                Resource::Mem => pool.mem_expandable,
            };
            let over_reservation = !expandable && r.used > r.reservation;
            let over_limit = r.limit.is_some_and(|l| r.used > l);
            if over_reservation || over_limit {
                return ClusterState::Red;
            }
        }
        if reserved[tree.id_of(Node::Root)].used > tree.capacity(res) {
            worst = ClusterState::Yellow;
        }
    }
    worst
}

/// What the VMs on `host` reserve there, VM `except` left out [MHz, MB]
/// (memory: reservations plus overheads).
pub fn host_reserved(
    config: &Inventory,
    placed: &Placement,
    host: usize,
    except: Option<usize>,
) -> Capacity {
    let h: &HostSpec = &config.host[host];
    placed
        .iter()
        .enumerate()
        .filter(|&(i, at)| *at == Some(host) && Some(i) != except)
        .fold(Capacity::default(), |c, (i, _)| {
            let vm = &config.vm[i];
            Capacity {
                cpu_mhz: c.cpu_mhz + vm.cpu_reservation_mhz,
                mem_mb: c.mem_mb + vm.mem_reservation_mb + VmNeeds::of(vm, h).mem_overhead_mb,
            }
        })
}
