//! Checks of a scenario's resource pools: parents that exist, no cycles,
//! limits not below reservations, and reservations the cluster's tree can
//! back (creating a pool is subject to admission control, as a power-on
//! is).

use super::tree::{Resource, Tree};
use crate::inventory::Inventory;
use crate::inventory::PoolSpec;

/// Problems as (field path without the `scenario.` prefix, message).
pub fn pool_problems(s: &Inventory) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let pool_names = || names(s.pool.iter().map(|p| p.name.as_str()));
    for (i, pool) in s.pool.iter().enumerate() {
        let at = format!("pool[{i}]");
        if let Some(parent) = &pool.parent {
            match s.pool(parent) {
                None => out.push((
                    format!("{at}.parent"),
                    format!(
                        "no pool named '{parent}'; pools: {}; leave parent out to hang the pool under the cluster's root",
                        pool_names()
                    ),
                )),
                Some(_) => {
                    if let Some(cycle) = cycle_from(s, pool) {
                        out.push((
                            format!("{at}.parent"),
                            format!(
                                "the parents form a cycle ({cycle}); a chain of parents must end at the cluster's root"
                            ),
                        ));
                    }
                }
            }
        }
        for (field, message) in limits_below_reservations(pool) {
            out.push((format!("{at}.{field}"), message));
        }
    }
    for (i, vm) in s.vm.iter().enumerate() {
        let Some(name) = &vm.pool else { continue };
        if s.pool(name).is_none() {
            out.push((
                format!("vm[{i}].pool"),
                format!(
                    "no pool named '{name}'; pools: {}; leave pool out to run the VM at the cluster's root",
                    pool_names()
                ),
            ));
        }
    }
    if out.is_empty() {
        out.extend(unbacked_reservations(s));
    }
    out
}

/// A pool's own problems as (field, message): limits below reservations
/// (vSphere refuses both). Also used to check settings.
pub fn limits_below_reservations(pool: &PoolSpec) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(l) = pool.cpu_limit_mhz.filter(|&l| l < pool.cpu_reservation_mhz) {
        out.push(("cpu_limit_mhz", format!("the limit {l} MHz is below the reservation {} MHz; raise the limit or lower the reservation", pool.cpu_reservation_mhz)));
    }
    if let Some(l) = pool.mem_limit_mb.filter(|&l| l < pool.mem_reservation_mb) {
        out.push(("mem_limit_mb", format!("the limit {l} MB is below the reservation {} MB; raise the limit or lower the reservation", pool.mem_reservation_mb)));
    }
    out
}

/// Pool reservations their parents cannot back: a non-expandable pool
/// whose child pools reserve more than it does, a pool whose child pools
/// reserve more than its limit, or pools reserving more than the cluster's
/// connected hosts have. Checked with no VM running (VMs are checked as
/// they power on).
fn unbacked_reservations(s: &Inventory) -> Vec<(String, String)> {
    let mut out = Vec::new();
    {
        let pools: Vec<&PoolSpec> = s.pool.iter().collect();
        let tree = Tree::new(
            crate::resource::cluster::capacity(s),
            &pools,
            &[],
            Vec::new(),
        );
        for res in [Resource::Cpu, Resource::Mem] {
            let (unit, reservation_field, limit_field, expandable_field) = match res {
                Resource::Cpu => (
                    "MHz",
                    "cpu_reservation_mhz",
                    "cpu_limit_mhz",
                    "cpu_expandable",
                ),
                Resource::Mem => ("MB", "mem_reservation_mb", "mem_limit_mb", "mem_expandable"),
            };
            let reserved = tree.reserved(res);
            for (k, pool) in pools.iter().enumerate() {
                let i = s.pool.iter().position(|p| p.name == pool.name).unwrap_or(k);
                let r = &reserved[1 + k];
                let expandable = match res {
                    Resource::Cpu => pool.cpu_expandable,
                    Resource::Mem => pool.mem_expandable,
                };
                if !expandable && r.used > r.reservation {
                    out.push((
                        format!("pool[{i}].{reservation_field}"),
                        format!(
                            "its child pools reserve {} {unit}, more than its reservation of {} {unit}, which is not expandable: raise it, lower theirs, or set {expandable_field} = true",
                            r.used, r.reservation
                        ),
                    ));
                }
                if let Some(limit) = r.limit.filter(|&l| r.used > l) {
                    out.push((
                        format!("pool[{i}].{limit_field}"),
                        format!(
                            "its child pools reserve {} {unit}, more than its limit of {limit} {unit}: raise the limit or lower their reservations",
                            r.used
                        ),
                    ));
                }
            }
            let capacity = tree.capacity(res);
            if reserved[0].used > capacity {
                // Reported at the first top-level pool.
                let first = s.pool.iter().position(|p| p.parent.is_none()).unwrap_or(0);
                out.push((
                    format!("pool[{first}].{reservation_field}"),
                    format!(
                        "the pools reserve {} {unit}, more than the cluster's {capacity} {unit}: lower their reservations",
                        reserved[0].used
                    ),
                ));
            }
        }
    }
    out
}

/// The cycle `pool` starts, as "a -> b -> a", if its parents lead back to
/// a pool already seen.
fn cycle_from(s: &Inventory, pool: &PoolSpec) -> Option<String> {
    let mut seen = vec![pool.name.as_str()];
    let mut at = pool;
    while let Some(parent) = at.parent.as_deref() {
        let next = s.pool(parent)?;
        let looped = seen.contains(&parent);
        seen.push(parent);
        if looped {
            return (seen[0] == parent).then(|| seen.join(" -> "));
        }
        at = next;
    }
    None
}

fn names<'a>(it: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = it.collect();
    if all.is_empty() {
        "(none)".into()
    } else {
        all.join(", ")
    }
}
