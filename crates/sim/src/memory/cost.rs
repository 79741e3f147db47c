//! What reclamation costs a VM: a relative throughput index.
//!
//! ```text
//! performance_pct = 100 / (1 + sum over locations L of (active pages in L / active pages) x cost(L))
//! ```
//!
//! Only active pages count: an idle page is by definition not being
//! touched, wherever it is. Relative costs of touching an active page in
//! each location [model; chosen to order the mechanisms as the paper and
//! VMware's guidance do, not measured]: RAM 0 (shared or private alike),
//! compression cache 1 (a decompression, tens of microseconds), guest swap
//! 10 (a guest page fault to its virtual disk; the guest pages out its
//! coldest active pages), host swap 25 (a disk read at a host fault, for a
//! page chosen at random). Ballooning thus costs nothing while the guest
//! has free or idle pages to give, and a little beyond; host swapping picks
//! active pages in proportion, so the same MB reclaimed by swapping costs a
//! lot more.

use super::pages::VmPages;

/// Relative access costs of an active page, in tenths.
pub const COST_COMPRESSED_X10: u64 = 10;
pub const COST_GUEST_SWAPPED_X10: u64 = 100;
pub const COST_HOST_SWAPPED_X10: u64 = 250;

/// The index for `active` pages of which `compressed`, `guest_swapped` and
/// `swapped` are out of RAM [% of full speed, rounded down].
pub fn performance_pct(active: u64, compressed: u64, guest_swapped: u64, swapped: u64) -> u32 {
    if active == 0 {
        return 100;
    }
    let a = u128::from(active) * 10;
    let penalty = u128::from(compressed) * u128::from(COST_COMPRESSED_X10)
        + u128::from(guest_swapped) * u128::from(COST_GUEST_SWAPPED_X10)
        + u128::from(swapped) * u128::from(COST_HOST_SWAPPED_X10);
    (100 * a / (a + penalty)) as u32
}

pub(crate) fn vm_performance_pct(v: &VmPages) -> u32 {
    performance_pct(v.active(), v.zip.active, v.gsw.active, v.swp.active)
}
