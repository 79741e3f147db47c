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
use std::collections::BTreeMap;

/// Adjusts `allocs` (one per member, (VM, host) as in
/// [`crate::resource::cluster::members`]) to what each host can give.
pub fn fit_hosts(config: &Inventory, members: &[(usize, usize)], allocs: &mut [VmAllocation]) {
    if config.host.iter().filter(|h| !h.failed).count() <= 1 {
        return;
    }
    let limited = LimitedPools::of(config);
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
        let needs: Vec<VmNeeds> = on
            .iter()
            .map(|&k| VmNeeds::of(&config.vm[members[k].0], host))
            .collect();
        for res in [Resource::Cpu, Resource::Mem] {
            let claims: Vec<(Claim, u64)> = on
                .iter()
                .zip(&needs)
                .map(|(&k, n)| {
                    let vm = &config.vm[members[k].0];
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
                    let want = if limited.above(vm, res) {
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
                    let overhead: u64 = needs.iter().map(|n| n.mem_overhead_mb).sum();
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

/// Per pool, whether it or a pool above it has a CPU limit and a memory
/// limit: found once per pool rather than by walking the chain (a name
/// lookup per level) for every VM and resource.
struct LimitedPools<'a> {
    by_name: BTreeMap<&'a str, [bool; 2]>,
}

impl<'a> LimitedPools<'a> {
    fn of(config: &Inventory<'a>) -> LimitedPools<'a> {
        let by_name = config
            .pool
            .iter()
            .map(|p| {
                let chain = || config.pool_chain(Some(&p.name));
                let cpu = chain().any(|q| q.cpu_limit_mhz.is_some());
                let mem = chain().any(|q| q.mem_limit_mb.is_some());
                (p.name.as_str(), [cpu, mem])
            })
            .collect();
        LimitedPools { by_name }
    }

    /// Whether a pool above `vm` has a limit on `res`.
    fn above(&self, vm: &VmSpec, res: Resource) -> bool {
        let Some(flags) = vm.pool.as_deref().and_then(|p| self.by_name.get(p)) else {
            return false;
        };
        match res {
            Resource::Cpu => flags[0],
            Resource::Mem => flags[1],
        }
    }
}
