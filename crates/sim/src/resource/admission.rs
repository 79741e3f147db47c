//! Power-on admission control on one host: a VM starts only if it has no
//! more vCPUs than the host has logical CPUs, and its reservations (memory:
//! plus overhead) fit the unreserved capacity of where it sits: the host's
//! root, or its resource pool, which may borrow up the chain of expandable
//! reservations ([`super::tree::Tree::headroom`]).

//! Admission control in the cluster: a VM powers on only on a connected
//! host with at least as many logical CPUs as it has vCPUs, if its
//! reservations (memory: plus overhead) fit the unreserved capacity of where
//! it sits in the cluster's tree (the root, or its resource pool, which may
//! borrow up the chain of expandable reservations,
//! [`super::tree::Tree::headroom`]) and the host's own unreserved capacity.
//! A VM without a host is placed on the least-loaded host that admits it.

use super::allocation::VmNeeds;
use super::cluster::{self, Placement};
use super::refusal::{Refusal, Shortage, Shortfall, Stop};
use super::tree::{Headroom, Node, Resource};
use crate::inventory::cluster::FC_MAX_OVERCOMMIT_PCT;
use crate::inventory::PoolSpec;
use crate::inventory::{Inventory, VmSpec};

/// Where VM `i` may power on: its host, or for a VM without one the
/// connected host that admits it with the lowest load afterwards. The
/// refusal says what was short (for a VM without a host: on the host that
/// would have been least loaded).
pub fn admit_power_on(config: &Inventory, placed: &Placement, i: usize) -> Result<usize, Refusal> {
    let vm = &config.vm[i];
    let candidates: Vec<usize> = match vm.host.as_deref() {
        Some(name) => {
            let h = config
                .host
                .iter()
                .position(|h| h.name == name)
                .ok_or_else(|| Refusal::HostUnavailable { host: name.into() })?;
            if config.host[h].failed {
                return Err(Refusal::HostUnavailable { host: name.into() });
            }
            vec![h]
        }
        None => by_load_after(config, placed, vm),
    };
    admit_power_on_among(config, placed, i, &candidates)
}

/// Like [`admit_power_on`], trying only `candidates` in their order (DRS's
/// initial placement).
pub fn admit_power_on_among(
    config: &Inventory,
    placed: &Placement,
    i: usize,
    candidates: &[usize],
) -> Result<usize, Refusal> {
    let vm = &config.vm[i];
    let mut first_refusal = None;
    for &h in candidates {
        match check_fits(config, placed, i, vm, h) {
            None => return Ok(h),
            Some(detail) => {
                first_refusal.get_or_insert(detail);
            }
        }
    }
    Err(first_refusal.unwrap_or(Refusal::HostUnavailable {
        host: "cluster".into(),
    }))
}

/// Whether running VM `i` may change to `changed` (e.g. a higher
/// reservation). `None` means yes.
pub fn admit_reservation_change(
    config: &Inventory,
    placed: &Placement,
    i: usize,
    changed: &VmSpec,
) -> Option<Refusal> {
    check_fits(config, placed, i, changed, placed[i]?)
}

/// Connected hosts a VM may be placed on, least loaded first once `vm`
/// runs there: load is the larger of CPU and memory demand over capacity;
/// ties go to file order. Hosts in maintenance mode and HA's dedicated
/// failover hosts take no new VMs.
pub(crate) fn by_load_after(config: &Inventory, placed: &Placement, vm: &VmSpec) -> Vec<usize> {
    let mut hosts: Vec<(u128, usize)> = (0..config.host.len())
        .filter(|&h| {
            let host = &config.host[h];
            !host.failed && !host.maintenance && !config.is_failover_host(&host.name)
        })
        .map(|h| {
            let host = &config.host[h];
            let (mut cpu, mut mem) = (0u64, 0u64);
            let running = placed.iter().enumerate().filter(|(_, at)| **at == Some(h));
            for spec in running.map(|(j, _)| &config.vm[j]).chain([vm]) {
                let n = VmNeeds::of(spec, host);
                cpu += n.cpu_demand_mhz;
                mem += n.mem_demand_mb + n.mem_overhead_mb;
            }
            // Compare fractions exactly: per-million of capacity.
            let frac = |used: u64, cap: u64| u128::from(used) * 1_000_000 / u128::from(cap.max(1));
            (
                frac(cpu, host.cpu_capacity_mhz()).max(frac(mem, host.mem_mb)),
                h,
            )
        })
        .collect();
    hosts.sort();
    hosts.into_iter().map(|(_, h)| h).collect()
}

/// Whether VM `i`, running or not, would fit host `h` (vMotion's
/// destination check): its vCPUs, and its reservations against the
/// cluster's tree and the host's unreserved capacity without it. `None`
/// means yes.
pub fn admit_on_host(
    config: &Inventory,
    placed: &Placement,
    i: usize,
    h: usize,
) -> Option<Refusal> {
    check_fits(config, placed, i, &config.vm[i], h)
}

fn check_fits(
    config: &Inventory,
    placed: &Placement,
    i: usize,
    vm: &VmSpec,
    h: usize,
) -> Option<Refusal> {
    let host = &config.host[h];
    let fc_overcommit = config.cluster.fc_overcommit(config.platform);
    if fc_overcommit && vm.passthrough_nic {
        return Some(Refusal::PassthroughWithOvercommit);
    }
    if fc_overcommit {
        // FusionCompute: the configured memory of the host's VMs may reach
        // 150 % of its memory, reservations aside.
        let others: u64 = placed
            .iter()
            .enumerate()
            .filter(|&(j, at)| j != i && *at == Some(h))
            .map(|(j, _)| config.vm[j].mem_mb)
            .sum();
        let ceiling = host.mem_mb * FC_MAX_OVERCOMMIT_PCT / 100;
        if others + vm.mem_mb > ceiling {
            return Some(Refusal::Short(Shortage {
                host: host.name.clone(),
                pool: None,
                stop: None,
                resource: Shortfall::OvercommitMb,
                needed: others + vm.mem_mb,
                available: ceiling,
            }));
        }
    }
    if let Some(cpus) = host.logical_cpus() {
        if vm.vcpus > cpus {
            return Some(Refusal::Short(Shortage {
                host: host.name.clone(),
                pool: None,
                stop: None,
                resource: Shortfall::Vcpus,
                needed: u64::from(vm.vcpus),
                available: u64::from(cpus),
            }));
        }
    }
    // The cluster's tree without VM `i`: what the others leave.
    let pools: Vec<&PoolSpec> = config.pool.iter().collect();
    let others: Vec<(usize, usize)> = cluster::members(placed)
        .into_iter()
        .filter(|&(j, _)| j != i)
        .collect();
    let tree = cluster::tree(config, &pools, &others, None);
    let at = tree.pool_node(vm.pool.as_deref());
    let overhead = VmNeeds::of(vm, host).mem_overhead_mb;
    let host_free = {
        let used = cluster::host_reserved(config, placed, h, Some(i));
        [
            host.cpu_capacity_mhz().saturating_sub(used.cpu_mhz),
            host.mem_mb.saturating_sub(used.mem_mb),
        ]
    };
    let asks = [
        (Resource::Cpu, Shortfall::CpuMhz, vm.cpu_reservation_mhz),
        (
            Resource::Mem,
            Shortfall::MemMb,
            vm.mem_reservation_mb + overhead,
        ),
    ];
    for (k, (res, shortfall, needed)) in asks.into_iter().enumerate() {
        let room = tree.headroom(res, &tree.reserved(res), at);
        if needed > room.available {
            let pool = pool_name(at, &pools);
            return Some(refusal(config, &host.name, pool, room, shortfall, needed));
        }
        if needed > host_free[k] {
            return Some(Refusal::Short(Shortage {
                host: host.name.clone(),
                pool: None,
                stop: None,
                resource: shortfall,
                needed,
                available: host_free[k],
            }));
        }
    }
    None
}

/// Whether pool `p` may change to `changed` while `running` VMs run (a
/// reservation raise, a lower limit, expandable switched off…). `None`
/// means yes. The checks, per resource:
/// - what the pool's children reserve must still fit what it can hold: its
///   reservation if not expandable, its limit;
/// - if it now holds more (a higher reservation), the increase must fit
///   its parent's unreserved capacity, borrowing up the chain as a VM's
///   power-on does. The refusal then names the parent pool (or the host)
///   and where borrowing stopped, with `needed` = what the pool would hold.
pub fn admit_pool_change(
    config: &Inventory,
    placed: &Placement,
    p: usize,
    changed: &PoolSpec,
) -> Option<Refusal> {
    let members = cluster::members(placed);
    // The pools, the changed one first (node 1 of the tree).
    let mut pools: Vec<&PoolSpec> = vec![changed];
    pools.extend(
        config
            .pool
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != p)
            .map(|(_, q)| q),
    );
    let with_change = cluster::tree(config, &pools, &members, None);
    let old: Vec<&PoolSpec> = std::iter::once(&config.pool[p])
        .chain(pools[1..].iter().copied())
        .collect();
    let before = cluster::tree(config, &old, &members, None);
    // Everything but the pool and what is below it: what the others leave.
    let below = |q: &PoolSpec| in_subtree(config, &q.name, &changed.name);
    let others: Vec<&PoolSpec> = pools[1..].iter().copied().filter(|q| !below(q)).collect();
    let other_members: Vec<(usize, usize)> = members
        .iter()
        .copied()
        .filter(|&(i, _)| {
            !config.vm[i]
                .pool
                .as_deref()
                .is_some_and(|q| in_subtree(config, q, &changed.name))
        })
        .collect();
    let without = cluster::tree(config, &others, &other_members, None);
    let parent = without.pool_node(changed.parent.as_deref());
    let scope = scope_name(config);
    for res in [Resource::Cpu, Resource::Mem] {
        let (shortfall, expandable) = match res {
            Resource::Cpu => (Shortfall::CpuMhz, changed.cpu_expandable),
            Resource::Mem => (Shortfall::MemMb, changed.mem_expandable),
        };
        let r = with_change.reserved(res)[1];
        let own = |stop: Stop, available: u64| {
            Refusal::Short(Shortage {
                host: scope.clone(),
                pool: Some(changed.name.clone()),
                stop: Some(stop),
                resource: shortfall,
                needed: r.used,
                available,
            })
        };
        if !expandable && r.used > r.reservation {
            return Some(own(Stop::Pool(changed.name.clone()), r.reservation));
        }
        if let Some(limit) = r.limit.filter(|&l| r.used > l) {
            return Some(own(Stop::Limit(changed.name.clone()), limit));
        }
        if r.held() <= before.reserved(res)[1].held() {
            continue;
        }
        let room = without.headroom(res, &without.reserved(res), parent);
        if r.held() > room.available {
            let pool = pool_name(parent, &others);
            return Some(refusal(config, &scope, pool, room, shortfall, r.held()));
        }
    }
    None
}

/// The root's name in refusals: the host of a one-host cluster, else
/// "cluster".
fn scope_name(config: &Inventory) -> String {
    match config.host {
        [only] => only.name.clone(),
        _ => "cluster".into(),
    }
}

/// Whether pool `name` is `top` or hangs below it.
fn in_subtree(config: &Inventory, name: &str, top: &str) -> bool {
    config.pool_chain(Some(name)).any(|p| p.name == top)
}

/// The name of the pool `node` is, if it is one (not the root).
fn pool_name(node: Node, pools: &[&PoolSpec]) -> Option<String> {
    match node {
        Node::Pool(i) => Some(pools[i].name.clone()),
        _ => None,
    }
}

/// An admission refusal at `pool` (or the root when `None`): what was
/// `needed` against the `room` borrowing up the chain left. In a cluster
/// of several hosts the root is the cluster, not `host`.
fn refusal(
    config: &Inventory,
    host: &str,
    pool: Option<String>,
    room: Headroom,
    resource: Shortfall,
    needed: u64,
) -> Refusal {
    let several = config.host.len() > 1;
    let stop = match (room.stop, several) {
        (Stop::Host, true) => Stop::Cluster,
        (stop, _) => stop,
    };
    Refusal::Short(Shortage {
        host: host.to_string(),
        stop: if pool.is_some() || stop == Stop::Cluster {
            Some(stop)
        } else {
            None
        },
        pool,
        resource,
        needed,
        available: room.available,
    })
}
