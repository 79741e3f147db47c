//! The scenario seen by the memory engine ([`crate::memory`]): one
//! [`HostMemConfig`] per host and, for it, the VMs that have ever run there
//! (`members`, append-only: the engine knows a VM by its place in the list,
//! so a VM keeps its place as it powers off and on again).

use crate::inventory::Inventory;
use crate::memory::{HostMemConfig, VmMemConfig};
use crate::resource::allocation::VmNeeds;

/// What absent page-mix fields mean: no zero, OS or application pages (no
/// page sharing), no share-breaking writes, half the pages compressible.
pub const DEFAULT_COMPRESSIBLE_PCT: u8 = 50;

/// Host `h`'s memory configuration and its view of its `members` (VM
/// indices, in the order they first ran there). `pool_caps[i]` is VM `i`'s
/// memory entitlement when a pool above it has a memory limit.
pub fn configs(
    config: &Inventory,
    placed: &[Option<usize>],
    h: usize,
    members: &[usize],
    pool_caps: &[Option<u64>],
) -> (HostMemConfig, Vec<VmMemConfig>) {
    let host = &config.host[h];
    let mut cfg = HostMemConfig::new(if host.failed { 0 } else { host.mem_mb }, host.memory_model);
    cfg.tps_salting = host.tps_salting;
    cfg.large_pages = host.large_pages;
    cfg.cpu_mhz = host.cpu_capacity_mhz();
    cfg.idle_tax_pct = host.mem_idle_tax_pct;
    let vms = members
        .iter()
        .map(|&i| {
            let vm = &config.vm[i];
            let n = VmNeeds::of(vm, host);
            let mut v = VmMemConfig::new(&vm.name, vm.mem_mb);
            v.powered_on = placed[i] == Some(h);
            v.reservation_mb = vm.mem_reservation_mb;
            // A pool's memory limit bounds its VMs together: each is held
            // to what the pool tree entitles it to, like a limit of its own.
            v.limit_mb = match (vm.mem_limit_mb, pool_caps.get(i).copied().flatten()) {
                (Some(own), Some(cap)) => Some(own.min(cap)),
                (own, cap) => own.or(cap),
            };
            v.shares = vm.mem_shares.mem_shares(vm.mem_mb);
            v.overhead_mb = n.mem_overhead_mb;
            v.guest_os = vm.guest_os.clone();
            v.app = vm.app.clone();
            v.tools_installed = vm.tools_installed;
            v.touched_mb = n.mem_demand_mb;
            v.active_mb = n.mem_active_mb;
            v.zero_pct = vm.mem_zero_pct.unwrap_or(0);
            v.os_pct = vm.mem_os_pct.unwrap_or(0);
            v.app_pct = vm.mem_app_pct.unwrap_or(0);
            v.write_pct_per_min = vm.mem_write_pct_per_min.unwrap_or(0);
            v.compressible_pct = vm.mem_compressible_pct.unwrap_or(DEFAULT_COMPRESSIBLE_PCT);
            v
        })
        .collect();
    (cfg, vms)
}

/// Per VM (scenario order), its memory entitlement [MB] when a pool above
/// it has a memory limit, else `None`; empty when no pool has one.
pub fn pool_caps(config: &Inventory, placed: &[Option<usize>]) -> Vec<Option<u64>> {
    if !config.pool.iter().any(|p| p.mem_limit_mb.is_some()) {
        return Vec::new();
    }
    let members = crate::resource::cluster::members(placed);
    let pools: Vec<&crate::inventory::pool::PoolSpec> = config.pool.iter().collect();
    let tree = crate::resource::cluster::tree(config, &pools, &members, None);
    let (allocs, _) = tree.allocate();
    let mut caps = vec![None; config.vm.len()];
    for (&(i, _), a) in members.iter().zip(allocs) {
        if under_mem_limited_pool(config, i) {
            caps[i] = Some(a.mem_entitlement_mb);
        }
    }
    caps
}

fn under_mem_limited_pool(config: &Inventory, i: usize) -> bool {
    config
        .pool_chain(config.vm[i].pool.as_deref())
        .any(|p| p.mem_limit_mb.is_some())
}
