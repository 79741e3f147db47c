//! From the cluster's entitlements to what each host can give.
//!
//! The cluster's tree ([`crate::resource::cluster`]) divides the connected hosts'
//! capacity as if it were one machine. A VM, though, runs on one host, and
//! that host's capacity bounds what its VMs get. This is the role of DRS's
//! per-host resource settings in vSphere (Gulati et al., VMware Technical
//! Journal 2012): the cluster computes entitlements, each host's local
//! scheduler realises them. Per host and resource:
//!
//! - if the cluster-level grants of its VMs fit, each keeps its grant and
//!   the host's spare capacity goes to those still short of their demand
//!   (by shares, within their limits): a host is never left idle while one
//!   of its VMs wants more;
//! - if they do not fit (the placement is unbalanced), the host's capacity
//!   is divided by shares with reservations as floors, each VM capped at
//!   its cluster-level grant.
//!
//! A VM below a pool with a limit keeps its cluster-level grant as its cap,
//! since the limit bounds the pool across all hosts. In a cluster of one
//! connected host the cluster's tree *is* that host's, and nothing changes.

use super::allocation::VmAllocation;
use super::tree::{Resource, Tree};
use crate::base::divvy::{divvy, Claim};
use crate::inventory::Inventory;

/// Adjusts `allocs` (one per member, (VM, host) as in
/// [`crate::resource::cluster::members`]), the allocation of `tree` (the
/// cluster's tree over those members), to what each host can give.
pub fn fit_hosts(
    config: &Inventory,
    tree: &Tree,
    members: &[(usize, usize)],
    allocs: &mut [VmAllocation],
) {
    if config.host.iter().filter(|h| !h.failed).count() <= 1 {
        return;
    }
    // The tree has each member's needs on its host and its pools resolved.
    let all_needs = tree.needs();
    let limited = tree.limited_above();
    // Each host's members, in member order, in one pass over them (a
    // scan per host cost hosts x VMs at the cluster maximum).
    let mut on_host: Vec<Vec<usize>> = vec![Vec::new(); config.host.len()];
    for (k, &(_, h)) in members.iter().enumerate() {
        if let Some(on) = on_host.get_mut(h) {
            on.push(k);
        }
    }
    for (host, on) in config.host.iter().zip(&on_host) {
        if on.is_empty() {
            continue;
        }
        for res in [Resource::Cpu, Resource::Mem] {
            let claims: Vec<(Claim, u64)> = on
                .iter()
                .map(|&k| {
                    let (vm, n) = (&config.vm[members[k].0], &all_needs[k]);
                    let (granted, reservation, want, shares) = match res {
                        Resource::Cpu => (
                            allocs[k].cpu_granted_mhz,
                            vm.cpu_reservation_mhz,
                            n.cpu_demand_mhz.min(n.cpu_limit_mhz),
                            vm.cpu_shares.cpu_shares(vm.vcpus),
                        ),
                        Resource::Mem => (
                            allocs[k].mem_granted_mb,
                            vm.mem_reservation_mb,
                            n.mem_demand_mb.min(n.mem_limit_mb),
                            vm.mem_shares.mem_shares(vm.mem_mb),
                        ),
                    };
                    let limited_above = match res {
                        Resource::Cpu => limited[k][0],
                        Resource::Mem => limited[k][1],
                    };
                    let want = if limited_above {
                        granted
                    } else {
                        want.max(granted)
                    };
                    let claim = Claim {
                        floor: reservation.min(want),
                        cap: want,
                        shares,
                    };
                    (claim, granted)
                })
                .collect();
            let capacity = match res {
                Resource::Cpu => host.cpu_capacity_mhz(),
                Resource::Mem => {
                    let overhead: u64 = on.iter().map(|&k| all_needs[k].mem_overhead_mb).sum();
                    host.mem_mb.saturating_sub(overhead)
                }
            };
            let granted_total: u64 = claims.iter().map(|c| c.1).sum();
            let fitted: Vec<Claim> = claims
                .iter()
                .map(|&(c, granted)| {
                    if granted_total <= capacity {
                        Claim {
                            floor: granted,
                            ..c
                        }
                    } else {
                        Claim {
                            cap: granted,
                            floor: c.floor.min(granted),
                            ..c
                        }
                    }
                })
                .collect();
            for (&k, g) in on.iter().zip(divvy(capacity, &fitted)) {
                match res {
                    Resource::Cpu => allocs[k].cpu_granted_mhz = g,
                    Resource::Mem => allocs[k].mem_granted_mb = g,
                }
            }
        }
    }
}
