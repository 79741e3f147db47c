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

use super::allocation::{VmAllocation, VmNeeds};
use super::tree::Resource;
use crate::base::divvy::{divvy, Claim};
use crate::inventory::{Inventory, VmSpec};

/// Adjusts `allocs` (one per member, (VM, host) as in
/// [`crate::resource::cluster::members`]) to what each host can give.
pub fn fit_hosts(config: &Inventory, members: &[(usize, usize)], allocs: &mut [VmAllocation]) {
    if config.host.iter().filter(|h| !h.failed).count() <= 1 {
        return;
    }
    for (h, host) in config.host.iter().enumerate() {
        let on: Vec<usize> = (0..members.len()).filter(|&k| members[k].1 == h).collect();
        if on.is_empty() {
            continue;
        }
        for res in [Resource::Cpu, Resource::Mem] {
            let claims: Vec<(Claim, u64)> = on
                .iter()
                .map(|&k| {
                    let vm = &config.vm[members[k].0];
                    let n = VmNeeds::of(vm, host);
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
                    let want = if under_limited_pool(config, vm, res) {
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
                    let overhead: u64 = on
                        .iter()
                        .map(|&k| VmNeeds::of(&config.vm[members[k].0], host).mem_overhead_mb)
                        .sum();
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

/// Whether a pool above `vm` has a limit on `res`.
fn under_limited_pool(config: &Inventory, vm: &VmSpec, res: Resource) -> bool {
    config.pool_chain(vm.pool.as_deref()).any(|pool| match res {
        Resource::Cpu => pool.cpu_limit_mhz.is_some(),
        Resource::Mem => pool.mem_limit_mb.is_some(),
    })
}
