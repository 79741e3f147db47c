//! Allocation targets and the reclamation mechanisms: balloon, compression,
//! host swap, and memory coming back.
//!
//! Targets [pub: Waldspurger 2002 sections 5–6, docs/references.md "Idle memory
//! tax"]: the host memory left after overheads and the free memory the
//! model aims at (`target_free_mb`) is divided among running VMs with
//! [`crate::base::idle_tax::divvy_taxed`]: floor = reservation, cap = min(limit,
//! touched), shares, active pages, the host's tax rate. A VM consuming more
//! than its target is asked to give back the difference (never below its
//! reservation), at the rates in [`super::config`], by the mechanisms the
//! host state enables ([`super::state`]).
//!
//! Balloon [pub: needs Tools, at most 65% of configured memory; the guest
//! pages to its own disk beyond its free memory]: the guest gives up, in
//! order, its free pages (private zero pages: no I/O), then idle pages
//! (paged to its own disk: `guest_swapped`, cheap since idle), then active
//! ones (paged too, costly). The balloon is counted in the host frames it
//! frees [model]: only private pages are taken (a shared page frees
//! nothing), and unbacked guest pages the driver may also pin are not
//! modelled.
//!
//! Compression and swap [pub: compress first, keep pages of 2 KB or less,
//! cache at most 10% of configured memory; swap file = configured -
//! reservation (FusionCompute: the swap disk of the notes); pages chosen at
//! random]: pages are taken from the private ones at random, so active
//! pages in proportion; `compressible_pct` of them go to the cache (two to
//! a frame) while it has room, the rest to the swap file. vSphere only:
//! the paper predates compression and FusionCompute's notes list none.
//! When the cache is full, new pages go straight to swap [model; ESXi
//! evicts the cache's LRU pages instead, same totals].
//!
//! Coming back [model]: while a VM is under its target and the host has
//! free memory above `target_free_mb`, its reclaimed *active* pages come
//! back first (they are being touched: swapped, then compressed, then
//! guest-paged), then the balloon deflates (guest-paged idle pages, then
//! free pages). Idle swapped or compressed pages stay out until touched
//! (until they join the working set).

use super::config::{
    fusioncompute_swap_disk_gb, BALLOON_MAX_PCT, PAGES_PER_MB, ZIP_CACHE_MAX_PCT,
    ZIP_PAGES_PER_FRAME,
};
use super::pages::{mul_div, Split, VmPages, APP, OS, UNIQUE, ZERO};
use super::MemoryModel;
use crate::base::divvy::Claim;
use crate::base::idle_tax::{divvy_taxed, TaxedClaim};

/// Each running VM's guest-memory consumption [pages]: private pages, its
/// compression cache and its charge for shared copies.
pub(crate) fn consumed(v: &VmPages, charged: u64) -> u64 {
    v.private_total() + v.cache_frames() + charged
}

/// The divvy's inputs: capacity and one claim per VM (`None`: not
/// running).
pub(crate) type TargetInputs = (u64, Vec<Option<TaxedClaim>>);

/// What [`targets`] depends on, to skip recomputing unchanged targets.
pub(crate) fn target_inputs(capacity: u64, vms: &[VmPages], tax_pct: u8) -> TargetInputs {
    let claims = vms
        .iter()
        .map(|v| {
            v.running.then(|| {
                let cap = v.limit.map_or(v.touched, |l| l.min(v.touched));
                TaxedClaim {
                    claim: Claim {
                        floor: v.reservation.min(cap),
                        cap,
                        shares: v.shares,
                    },
                    active: v.active(),
                    tax_pct: tax_pct.min(99),
                }
            })
        })
        .collect();
    (capacity, claims)
}

/// Allocation targets [pages], one per VM (0 when not running).
pub(crate) fn targets(inputs: &TargetInputs) -> Vec<u64> {
    let (capacity, claims) = inputs;
    let running: Vec<TaxedClaim> = claims.iter().flatten().copied().collect();
    let mut grants = divvy_taxed(*capacity, &running).into_iter();
    claims
        .iter()
        .map(|c| {
            if c.is_some() {
                grants.next().unwrap_or(0)
            } else {
                0
            }
        })
        .collect()
}

/// Most a balloon may hold [pages].
pub(crate) fn balloon_max(v: &VmPages) -> u64 {
    v.mem * BALLOON_MAX_PCT / 100
}

/// Inflates the balloon to free up to `n` frames (`rate` pages at most);
/// returns the frames freed.
pub(crate) fn balloon(v: &mut VmPages, n: u64, rate: u64) -> u64 {
    let room = balloon_max(v).saturating_sub(v.ballooned());
    let mut left = n.min(room).min(rate);
    let start = left;
    let free = v.take_private(left, &[ZERO]);
    v.bal_free += free;
    left -= free;
    let idle = v.private_nonzero().saturating_sub(v.active_private());
    let m = v.take_private(left.min(idle), &[OS, APP, UNIQUE]);
    v.gsw.idle += m;
    left -= m;
    let a = v.take_private(left, &[OS, APP, UNIQUE]);
    v.gsw.active += a;
    left -= a;
    start - left
}

/// The swap file's size [pages].
pub(crate) fn swap_file(model: MemoryModel, v: &VmPages) -> u64 {
    match model {
        MemoryModel::Fusioncompute => {
            fusioncompute_swap_disk_gb(v.mem / PAGES_PER_MB) * 1024 * PAGES_PER_MB
        }
        _ => v.mem - v.reservation,
    }
}

/// Compresses (when `compress`) and swaps pages to free up to `n` frames,
/// handling at most `rate` pages; returns the frames freed.
pub(crate) fn compress_swap(
    v: &mut VmPages,
    n: u64,
    rate: u64,
    compress: bool,
    swap_room: u64,
) -> u64 {
    if n == 0 {
        return 0;
    }
    let p = if compress {
        v.compressible_pct.min(99)
    } else {
        0
    };
    let cache_max = v.mem * ZIP_CACHE_MAX_PCT / 100;
    let zip_room = (cache_max * ZIP_PAGES_PER_FRAME).saturating_sub(v.zip.total());
    // k pages free n frames when p% of them are kept at half a frame.
    let k = (u128::from(n) * 200).div_ceil(u128::from(200 - p)) as u64;
    let mut kz = (k * p / 100).min(zip_room);
    let cache_growth = |kz: u64| (v.zip.total() + kz).div_ceil(2) - v.cache_frames();
    let net_z = kz - cache_growth(kz);
    let mut ks = n.saturating_sub(net_z).min(swap_room);
    // Rate and the private pages there are.
    let limit = rate.min(v.private_total());
    if kz + ks > limit {
        let all = kz + ks;
        kz = mul_div(kz, limit, all);
        ks = limit - kz;
    }
    let picked = kz + ks;
    if picked == 0 {
        return 0;
    }
    let active = mul_div(picked, v.active_private(), v.private_total());
    let growth = cache_growth(kz);
    let taken = v.take_private(picked, &[ZERO, OS, APP, UNIQUE]);
    debug_assert_eq!(taken, picked);
    let az = mul_div(kz, active, picked);
    add(&mut v.zip, kz, az);
    add(&mut v.swp, ks, active - az);
    picked - growth
}

fn add(s: &mut Split, pages: u64, active: u64) {
    s.active += active;
    s.idle += pages - active;
}

/// Brings back up to `n` reclaimed pages using at most `budget` frames;
/// returns the frames used.
pub(crate) fn give_back(v: &mut VmPages, n: u64, budget: u64) -> u64 {
    let mut left = n.min(budget);
    let start = left;
    // Active pages first: swapped, compressed, guest-paged.
    let m = left.min(v.swp.active);
    v.swp.active -= m;
    v.put_back(m);
    left -= m;
    let m = left.min(v.zip.active);
    let cache_before = v.cache_frames();
    v.zip.active -= m;
    v.put_back(m);
    // Frames the shrinking cache gives back can be used again.
    left = left - m + (cache_before - v.cache_frames()).min(m);
    let m = left.min(v.gsw.active);
    v.gsw.active -= m;
    v.put_back(m);
    left -= m;
    let m = left.min(v.gsw.idle);
    v.gsw.idle -= m;
    v.put_back(m);
    left -= m;
    let m = left.min(v.bal_free);
    v.bal_free -= m;
    v.private[ZERO] += m;
    left -= m;
    start - left
}
