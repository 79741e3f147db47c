//! The idle memory tax (Waldspurger, OSDI 2002, section 5.3; ESXi's
//! `Mem.IdleTax`, default 75%).
//!
//! ESX reclaims memory from the VM with the lowest *shares-per-page ratio*
//!
//! ```text
//! rho = S / (P * (f + k * (1 - f))),   k = 1 / (1 - tau)
//! ```
//!
//! with S its shares, P the pages it holds, f the fraction of them in
//! active use and tau the tax rate: an idle page "costs" k active ones
//! (k = 4 at 75%). Reclaiming from the lowest ratio until no VM's ratio is
//! lower than another's (the fixed point of the paper's algorithm) gives
//! every VM between its floor and cap the same rho. Solving rho = const for
//! P, with A = f * P the active memory:
//!
//! ```text
//! P(x) = S * x                               while S * x <= A (all active)
//! P(x) = (S * x * (100 - tau) + tau * A) / 100    above A (tau in %)
//! ```
//!
//! where x = 1 / rho is the common "memory per share" level. This module
//! water-fills that curve, clamped to each claim's floor and cap, exactly
//! like [`crate::base::divvy`] does for the straight line P = S * x; with no
//! idle memory (A at the cap) or a 0% tax the two coincide, and
//! [`divvy_taxed`] then defers to [`crate::base::divvy::divvy`].

use crate::base::divvy::{divvy, Claim};
use crate::base::wide::{div, mul};

/// A claim plus what the idle memory tax needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxedClaim {
    pub claim: Claim,
    /// Memory in active use [MB] (at most the cap to matter).
    pub active: u64,
    /// Tax rate [%], 0–99.
    pub tax_pct: u8,
}

/// Fractional bits of the level x (MB per share) in the search.
const SCALE_BITS: u32 = 32;

/// Divides `capacity` among `claims` as [`divvy`] does, with idle memory
/// taxed: under contention, memory goes first from the VMs whose pages are
/// idle. Grants are rounded down.
pub fn divvy_taxed(capacity: u64, claims: &[TaxedClaim]) -> Vec<u64> {
    let plain: Vec<Claim> = claims.iter().map(|c| c.claim).collect();
    let taxed = |c: &TaxedClaim| c.tax_pct > 0 && c.active < c.claim.cap && c.claim.shares > 0;
    let floors: u64 = plain.iter().map(|c| c.floor.min(c.cap)).sum();
    let caps: u64 = plain.iter().map(|c| c.cap).sum();
    if !claims.iter().any(taxed) || floors > capacity || caps <= capacity {
        return divvy(capacity, &plain);
    }
    // The largest level whose grants still fit: grants grow with the level,
    // and every claim is at its cap once S * x >= 100 * cap.
    let max_cap = plain.iter().map(|c| c.cap).max().unwrap_or(0);
    let (mut lo, mut hi) = (0u128, (u128::from(max_cap) * 100 + 1) << SCALE_BITS);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        let total: u128 = claims.iter().map(|c| u128::from(grant_at(c, mid))).sum();
        if total <= u128::from(capacity) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    claims.iter().map(|c| grant_at(c, lo)).collect()
}

/// A claim's grant at level `x_scaled` / 2^SCALE_BITS MB per share.
fn grant_at(c: &TaxedClaim, x_scaled: u128) -> u64 {
    let shares_x = mul(u128::from(c.claim.shares), x_scaled); // scaled MB
    let active = u128::from(c.active) << SCALE_BITS;
    let tau = u128::from(c.tax_pct.min(99));
    let wanted = if shares_x <= active {
        shares_x
    } else {
        div(mul(shares_x, 100 - tau) + tau * active, 100)
    };
    let mb = (wanted >> SCALE_BITS).min(u128::from(u64::MAX)) as u64;
    mb.clamp(c.claim.floor.min(c.claim.cap), c.claim.cap)
}

/// The shares-per-page ratio rho of a VM holding `granted_mb`, of which
/// `active_mb` is in active use, with `shares` at tax rate `tax_pct`;
/// pages of 4 KB. `None` when it holds no memory.
pub fn shares_per_page(shares: u64, granted_mb: u64, active_mb: u64, tax_pct: u8) -> Option<f64> {
    if granted_mb == 0 {
        return None;
    }
    let pages = granted_mb as f64 * 256.0;
    let f = (active_mb.min(granted_mb) as f64) / granted_mb as f64;
    let k = 100.0 / (100.0 - f64::from(tax_pct.min(99)));
    Some(shares as f64 / (pages * (f + k * (1.0 - f))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vm(shares: u64, cap: u64, active: u64, tax_pct: u8) -> TaxedClaim {
        TaxedClaim {
            claim: Claim {
                floor: 0,
                cap,
                shares,
            },
            active,
            tax_pct,
        }
    }

    #[test]
    fn no_tax_splits_by_shares_alone() {
        // Two 4 GB VMs with equal shares on 4 GB, one idle: at 0% tax the
        // idle one keeps half, as shares alone say.
        let got = divvy_taxed(4096, &[vm(40960, 4096, 4096, 0), vm(40960, 4096, 256, 0)]);
        assert_eq!(got, vec![2048, 2048]);
    }

    #[test]
    fn default_tax_moves_memory_to_the_busy_vm() {
        // At 75% (k = 4) both end with the same rho: busy P1 = S x, idle
        // P2 = (S x + 3 * 256) / 4, P1 + P2 = 4096 -> P1 = 3123.2.
        let got = divvy_taxed(4096, &[vm(40960, 4096, 4096, 75), vm(40960, 4096, 256, 75)]);
        assert!((3122..=3124).contains(&got[0]), "{got:?}");
        assert!((971..=973).contains(&got[1]), "{got:?}");
        let rho = |i: usize, active| shares_per_page(40960, got[i], active, 75).unwrap();
        assert!((rho(0, 4096) - rho(1, 256)).abs() / rho(0, 4096) < 1e-3);
    }

    #[test]
    fn higher_tax_takes_more_from_the_idle_vm() {
        let idle_at = |tax| {
            divvy_taxed(
                4096,
                &[vm(40960, 4096, 4096, tax), vm(40960, 4096, 256, tax)],
            )[1]
        };
        assert!(idle_at(99) < idle_at(75));
        assert!(idle_at(75) < idle_at(50));
        assert!(idle_at(50) < idle_at(0));
    }

    #[test]
    fn idle_pages_cost_k_active_ones() {
        // All idle: rho = S / (P k). Fully active: rho = S / P.
        let idle = shares_per_page(1000, 100, 0, 75).unwrap();
        let busy = shares_per_page(1000, 100, 100, 75).unwrap();
        assert!((busy / idle - 4.0).abs() < 1e-9);
        assert_eq!(shares_per_page(1000, 0, 0, 75), None);
    }
}
