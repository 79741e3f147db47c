//! Power-on admission control on one host: a VM starts only if it has no
//! more vCPUs than the host has logical CPUs, and its reservations (memory:
//! plus overhead) fit the unreserved capacity of where it sits: the host's
//! root, or its resource pool, which may borrow up the chain of expandable
//! reservations ([`crate::tree::Tree::headroom`]).

use crate::event::{Detail, Shortfall};
use crate::pool::PoolSpec;
use crate::scenario::{Scenario, VmSpec};
use crate::tree::{Node, Resource, Tree};

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
            let pool = match at {
                Node::Pool(p) => Some(pools[p].name.clone()),
                _ => None,
            };
            return Some(Detail::Admission {
                host: host.name.clone(),
                stop: pool.as_ref().map(|_| room.stop),
                pool,
                resource: shortfall,
                needed,
                available: room.available,
            });
        }
    }
    None
}
