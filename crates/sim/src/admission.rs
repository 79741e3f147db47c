//! Power-on admission control on one host: a VM starts only if it has no
//! more vCPUs than the host has logical CPUs, and its reservations (memory:
//! plus overhead) fit the unreserved capacity of where it sits: the host's
//! root, or its resource pool, which may borrow up the chain of expandable
//! reservations ([`crate::tree::Tree::headroom`]).

use crate::event::{Detail, Shortfall, Stop};
use crate::pool::PoolSpec;
use crate::scenario::{Scenario, VmSpec};
use crate::tree::{Headroom, Node, Resource, Tree};

/// Whether VM `i` may power on; the refusal says what was short.
pub fn admit_power_on(config: &Scenario, running: &[bool], i: usize) -> Result<(), Detail> {
    check_fits(config, running, i, &config.vm[i]).map_or(Ok(()), Err)
}

/// Whether running VM `i` may change to `changed` (e.g. a higher
/// reservation). `None` means yes.
pub fn admit_reservation_change(
    config: &Scenario,
    running: &[bool],
    i: usize,
    changed: &VmSpec,
) -> Option<Detail> {
    check_fits(config, running, i, changed)
}

fn check_fits(config: &Scenario, running: &[bool], i: usize, vm: &VmSpec) -> Option<Detail> {
    let host = config.host(&vm.host)?;
    if let Some(cpus) = host.logical_cpus() {
        if vm.vcpus > cpus {
            return Some(Detail::Admission {
                host: host.name.clone(),
                pool: None,
                stop: None,
                resource: Shortfall::Vcpus,
                needed: u64::from(vm.vcpus),
                available: u64::from(cpus),
            });
        }
    }
    // The host's tree without VM `i`: what the others leave.
    let pools: Vec<&PoolSpec> = config.pools_on(&host.name).collect();
    let others: Vec<&VmSpec> = config
        .vm
        .iter()
        .enumerate()
        .filter(|&(j, v)| running[j] && j != i && v.host == host.name)
        .map(|(_, v)| v)
        .collect();
    let tree = Tree::new(host, &pools, &others);
    let at = tree.pool_node(vm.pool.as_deref());
    let overhead = crate::allocation::VmNeeds::of(vm, host).mem_overhead_mb;
    let asks = [
        (Resource::Cpu, Shortfall::CpuMhz, vm.cpu_reservation_mhz),
        (
            Resource::Mem,
            Shortfall::MemMb,
            vm.mem_reservation_mb + overhead,
        ),
    ];
    for (res, shortfall, needed) in asks {
        let room = tree.headroom(res, &tree.reserved(res), at);
        if needed > room.available {
            let pool = pool_name(at, &pools);
            return Some(refusal(&host.name, pool, room, shortfall, needed));
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
    config: &Scenario,
    running: &[bool],
    p: usize,
    changed: &PoolSpec,
) -> Option<Detail> {
    let host = config.host(&changed.host)?;
    let on_host = |v: &VmSpec, j: usize| running[j] && v.host == host.name;
    let vms: Vec<&VmSpec> = config
        .vm
        .iter()
        .enumerate()
        .filter(|&(j, v)| on_host(v, j))
        .map(|(_, v)| v)
        .collect();
    // The host's pools, the changed one first (node 1 of the tree).
    let mut pools: Vec<&PoolSpec> = vec![changed];
    pools.extend(
        config
            .pool
            .iter()
            .enumerate()
            .filter(|&(j, q)| j != p && q.host == host.name)
            .map(|(_, q)| q),
    );
    let with_change = Tree::new(host, &pools, &vms);
    let old: Vec<&PoolSpec> = std::iter::once(&config.pool[p])
        .chain(pools[1..].iter().copied())
        .collect();
    let before = Tree::new(host, &old, &vms);
    // Everything but the pool and what is below it: what the others leave.
    let below = |q: &PoolSpec| in_subtree(config, &q.name, &changed.name);
    let others: Vec<&PoolSpec> = pools[1..].iter().copied().filter(|q| !below(q)).collect();
    let other_vms: Vec<&VmSpec> = vms
        .iter()
        .copied()
        .filter(|v| {
            !v.pool
                .as_deref()
                .is_some_and(|q| in_subtree(config, q, &changed.name))
        })
        .collect();
    let without = Tree::new(host, &others, &other_vms);
    let parent = without.pool_node(changed.parent.as_deref());
    for res in [Resource::Cpu, Resource::Mem] {
        let (shortfall, expandable) = match res {
            Resource::Cpu => (Shortfall::CpuMhz, changed.cpu_expandable),
            Resource::Mem => (Shortfall::MemMb, changed.mem_expandable),
        };
        let r = with_change.reserved(res)[1];
        let own = |stop: Stop, available: u64| Detail::Admission {
            host: host.name.clone(),
            pool: Some(changed.name.clone()),
            stop: Some(stop),
            resource: shortfall,
            needed: r.used,
            available,
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
            return Some(refusal(&host.name, pool, room, shortfall, r.held()));
        }
    }
    None
}

/// Whether pool `name` is `top` or hangs below it.
fn in_subtree(config: &Scenario, name: &str, top: &str) -> bool {
    let mut at = name;
    // A chain longer than the number of pools is a cycle (validation
    // rejects those).
    for _ in 0..=config.pool.len() {
        if at == top {
            return true;
        }
        match config.pool(at).and_then(|q| q.parent.as_deref()) {
            Some(parent) => at = parent,
            None => return false,
        }
    }
    false
}

/// The name of the pool `node` is, if it is one (not the host's root).
fn pool_name(node: Node, pools: &[&PoolSpec]) -> Option<String> {
    match node {
        Node::Pool(i) => Some(pools[i].name.clone()),
        _ => None,
    }
}

/// An admission refusal at `pool` (or the host's root when `None`): what
/// was `needed` against the `room` borrowing up the chain left.
fn refusal(
    host: &str,
    pool: Option<String>,
    room: Headroom,
    resource: Shortfall,
    needed: u64,
) -> Detail {
    Detail::Admission {
        host: host.to_string(),
        stop: pool.as_ref().map(|_| room.stop),
        pool,
        resource,
        needed,
        available: room.available,
    }
}
