//! The "divvy": dividing a parent's capacity among its children.
//!
//! Weighted max-min fairness with floors and caps, as `docs/references.md`
//! describes for vSphere: every child gets at least its floor (its
//! reservation), never more than its cap (its limit, and its demand), and
//! capacity above the floors goes to children in proportion to their shares,
//! "water-filling": what a capped child cannot use flows on to the others.
//!
//! Formally, each child `i` gets `clamp(level * shares_i, floor_i, cap_i)`
//! for the single `level` at which the grants add up to the capacity (or
//! every child is at its cap). A reservation is therefore a floor, not a
//! bonus on top of the shares-based amount. Grants are rounded down to whole
//! units, so up to one unit per child may stay unassigned; rounding down
//! keeps every grant monotone in its own shares.

use super::wide::{div, mul};

/// One child's claim on its parent's capacity, in one resource's unit
/// (MHz or MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    /// Guaranteed minimum (the reservation, or what of it is used).
    pub floor: u64,
    /// Maximum the child can take (limit, demand, size).
    pub cap: u64,
    /// Relative weight under contention.
    pub shares: u64,
}

/// Divides `capacity` among `claims`; returns one grant per claim, in order.
///
/// When the floors alone exceed the capacity (possible only after an
/// out-of-band change such as a host failure, never after admission control),
/// each floor is scaled down in proportion, and shares play no part.
pub fn divvy(capacity: u64, claims: &[Claim]) -> Vec<u64> {
    let floor = |c: &Claim| c.floor.min(c.cap);
    let floors: u64 = claims.iter().map(floor).sum();
    if floors > capacity {
        return claims
            .iter()
            .map(|c| mul_div(floor(c), capacity, floors))
            .collect();
    }
    let caps: u64 = claims.iter().map(|c| c.cap).sum();
    if caps <= capacity {
        return claims.iter().map(|c| c.cap).collect();
    }
    let level = find_level_segment(capacity, claims);
    // Within the segment, children strictly between floor and cap share
    // what the others leave, in proportion to their shares.
    let active = |c: &Claim| c.shares > 0 && level.below_cap(c) && level.at_or_above_floor(c);
    let fixed: u64 = claims
        .iter()
        .filter(|c| !active(c))
        .map(|c| level.clamp(c))
        .sum();
    let active_shares: u64 = claims.iter().filter(|c| active(c)).map(|c| c.shares).sum();
    let spare = capacity - fixed;
    claims
        .iter()
        .map(|c| {
            if active(c) {
                mul_div(spare, c.shares, active_shares).clamp(floor(c), c.cap)
            } else {
                level.clamp(c)
            }
        })
        .collect()
}

/// `a * b / d` rounded down, without overflow.
fn mul_div(a: u64, b: u64, d: u64) -> u64 {
    debug_assert!(d > 0, "divisor must be positive");
    super::wide::mul_div(a, b, d) as u64
}

/// A water level `num / den` shares-units, compared exactly with integers.
#[derive(Debug, Clone, Copy)]
struct Level {
    num: u128,
    den: u128,
}

impl Level {
    /// The child's grant at this level, times `den`.
    fn scaled_grant(self, c: &Claim) -> u128 {
        let f = mul(u128::from(c.floor.min(c.cap)), self.den);
        let cap = mul(u128::from(c.cap), self.den);
        mul(self.num, u128::from(c.shares)).clamp(f, cap)
    }

    /// The child's grant at this level (only exact for children at a bound).
    fn clamp(self, c: &Claim) -> u64 {
        div(self.scaled_grant(c), self.den) as u64
    }

    fn below_cap(self, c: &Claim) -> bool {
        mul(self.num, u128::from(c.shares)) < mul(u128::from(c.cap), self.den)
    }

    fn at_or_above_floor(self, c: &Claim) -> bool {
        mul(self.num, u128::from(c.shares)) >= mul(u128::from(c.floor.min(c.cap)), self.den)
    }
}

/// The largest breakpoint level (a child reaching its floor or its cap) at
/// which the grants still fit in `capacity`. Between it and the next
/// breakpoint the set of children strictly between floor and cap is fixed.
///
/// The grants only grow with the level, so the levels that fit are the
/// lowest ones: the breakpoints are sorted once and the last that fits is
/// found by bisection, O(n log n) instead of trying every breakpoint
/// against every child (a pool of a few hundred VMs, at every sample).
fn find_level_segment(capacity: u64, claims: &[Claim]) -> Level {
    let mut levels: Vec<Level> = claims
        .iter()
        .filter(|c| c.shares > 0)
        .flat_map(|c| {
            [c.floor.min(c.cap), c.cap].map(|bound| Level {
                num: u128::from(bound),
                den: u128::from(c.shares),
            })
        })
        .collect();
    levels.sort_unstable_by(|a, b| mul(a.num, b.den).cmp(&mul(b.num, a.den)));
    let fits = |level: &Level| {
        let total: u128 = claims.iter().map(|x| level.scaled_grant(x)).sum();
        total <= mul(u128::from(capacity), level.den)
    };
    match levels.partition_point(fits) {
        0 => Level { num: 0, den: 1 },
        n => levels[n - 1],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::rng::SplitMix64;

    /// The level as first written: every breakpoint tried against every
    /// child, the largest that fits kept.
    fn level_by_trying_all(capacity: u64, claims: &[Claim]) -> Level {
        let mut best = Level { num: 0, den: 1 };
        for c in claims.iter().filter(|c| c.shares > 0) {
            for bound in [c.floor.min(c.cap), c.cap] {
                let candidate = Level {
                    num: u128::from(bound),
                    den: u128::from(c.shares),
                };
                let total: u128 = claims.iter().map(|x| candidate.scaled_grant(x)).sum();
                let fits = total <= u128::from(capacity) * candidate.den;
                if fits && candidate.num * best.den > best.num * candidate.den {
                    best = candidate;
                }
            }
        }
        best
    }

    #[test]
    fn bisecting_the_sorted_breakpoints_finds_the_level_trying_all_finds() {
        let mut rng = SplitMix64::new(7);
        for case in 0..5_000 {
            let n = 1 + rng.below_or_eq(11) as usize;
            let claims: Vec<Claim> = (0..n)
                .map(|_| {
                    let cap = rng.below_or_eq(10_000);
                    Claim {
                        floor: rng.below_or_eq(4_000),
                        cap,
                        // Zero shares and repeated ratios too.
                        shares: [0, 500, 1000, 2000, 1 + rng.below_or_eq(3000)]
                            [rng.below_or_eq(4) as usize],
                    }
                })
                .collect();
            let capacity = rng.below_or_eq(40_000);
            let (fast, slow) = (
                find_level_segment(capacity, &claims),
                level_by_trying_all(capacity, &claims),
            );
            assert_eq!(
                fast.num * slow.den,
                slow.num * fast.den,
                "case {case}: capacity {capacity}, {claims:?}"
            );
        }
    }

    fn claim(floor: u64, cap: u64, shares: u64) -> Claim {
        Claim { floor, cap, shares }
    }

    #[test]
    fn no_contention_everyone_gets_their_cap() {
        let got = divvy(10_000, &[claim(0, 3000, 1000), claim(0, 2000, 1000)]);
        assert_eq!(got, vec![3000, 2000]);
    }

    #[test]
    fn contention_splits_by_shares() {
        // High (2000) vs normal (1000) vs low (500), all wanting everything.
        let got = divvy(
            7000,
            &[
                claim(0, 7000, 2000),
                claim(0, 7000, 1000),
                claim(0, 7000, 500),
            ],
        );
        assert_eq!(got, vec![4000, 2000, 1000]);
    }

    #[test]
    fn capped_child_leaves_the_rest_to_others() {
        let got = divvy(9000, &[claim(0, 1000, 1000), claim(0, 9000, 1000)]);
        assert_eq!(got, vec![1000, 8000]);
    }

    #[test]
    fn reservation_is_a_floor_not_a_bonus() {
        // Equal shares: the fair split is 3000 each. A 2000 MHz reservation
        // is already covered, so it changes nothing; a 4000 MHz one lifts the
        // child to 4000 and the other gets the remaining 2000.
        let c = |r| [claim(r, 6000, 1000), claim(0, 6000, 1000)];
        assert_eq!(divvy(6000, &c(2000)), vec![3000, 3000]);
        assert_eq!(divvy(6000, &c(4000)), vec![4000, 2000]);
    }

    #[test]
    fn rounds_down_to_whole_units() {
        let got = divvy(10_000, &[claim(0, 10_000, 1); 3]);
        assert_eq!(got, vec![3333, 3333, 3333]);
    }

    #[test]
    fn zero_shares_get_only_their_floor() {
        let got = divvy(5000, &[claim(500, 5000, 0), claim(0, 5000, 1000)]);
        assert_eq!(got, vec![500, 4500]);
    }

    #[test]
    fn overcommitted_floors_scale_down() {
        let got = divvy(6000, &[claim(4000, 4000, 1), claim(4000, 8000, 1)]);
        assert_eq!(got, vec![3000, 3000]);
    }
}
