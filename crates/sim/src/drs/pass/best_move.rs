//! The best load-balancing move of one step, and the best alternatives it
//! beat, found without judging every candidate.
//!
//! The candidates are every movable VM on the two most loaded hosts to
//! every host below the mean ([`State::best_balancing_move`]). The answer
//! needs only two things of them: the highest score (the move), and the
//! largest gains (its [`ALTERNATIVES`], or the move that would have helped
//! most when none qualifies). So the search is a branch and bound:
//!
//! - Targets are grouped by what a VM's effect on them depends on
//!   (capacity and vMotion link), and each group is scanned from its least
//!   loaded host up.
//! - Before a target is judged, an upper bound of its gain is computed
//!   exactly in integers: adding the VM raises the target's load by an
//!   amount `d` that the per-mille rounding keeps within a range of at most
//!   four integers, the same for the whole group; the spread after the move
//!   is a convex quadratic in `d`, rising with the target's load.
//! - So the bound only falls along a group's scan, and once it can neither
//!   beat the best score so far nor enter the largest gains so far, the rest
//!   of the group is skipped.
//!
//! The result is exactly the exhaustive search's (a test compares the two
//! at every step of seeded passes); only the work differs: about the VMs
//! on the two sources times the groups, instead of times the targets.

use super::{Alternative, Out, State, Sums, ALTERNATIVES, MAX_MOVES_PER_HOST};
use crate::base::wide::mul;
use crate::drs::load::{per_mille, spread, to_f64};

/// A candidate judged: (gain in spread, VM, target, score or why it is out).
type Judged = (u128, usize, usize, Result<u64, Out>);

/// Targets that a VM's move affects alike: same CPU and memory capacity
/// and the same vMotion link, least loaded first (ties: host order).
struct Group {
    cpu_mhz: u64,
    mem_mb: u64,
    link_mb_s: u64,
    /// (load now [‰], host).
    targets: Vec<(u64, usize)>,
}

/// What the search has kept so far.
#[derive(Default)]
struct Kept {
    /// Highest (score, VM, target) among valid moves (ties: first VM, then
    /// first host).
    best: Option<(u64, usize, usize)>,
    /// The largest gains, one more than [`ALTERNATIVES`] (the move itself
    /// may be among them), by (larger gain, VM, target).
    top: Vec<Judged>,
}

fn top_key(c: &Judged) -> (std::cmp::Reverse<u128>, usize, usize) {
    (std::cmp::Reverse(c.0), c.1, c.2)
}

impl Kept {
    fn offer(&mut self, c: Judged) {
        if let Ok(score) = c.3 {
            let better = self.best.is_none_or(|(s, v, t)| {
                (score, std::cmp::Reverse((c.1, c.2))) > (s, std::cmp::Reverse((v, t)))
            });
            if better {
                self.best = Some((score, c.1, c.2));
            }
        }
        let at = self.top.partition_point(|x| top_key(x) < top_key(&c));
        if at <= ALTERNATIVES {
            self.top.insert(at, c);
            self.top.truncate(ALTERNATIVES + 1);
        }
    }

    /// The smallest gain that may still enter the largest gains.
    fn gain_to_enter(&self) -> u128 {
        match self.top.get(ALTERNATIVES) {
            Some(worst) => worst.0,
            None => 1,
        }
    }
}

impl State<'_> {
    /// The best load-balancing move now, with the best alternatives it
    /// beat: `None` when no move lowers the imbalance enough.
    pub(super) fn best_balancing_move(
        &self,
    ) -> Result<(usize, usize, Vec<Alternative>), Option<Alternative>> {
        let hosts = self.hosts();
        let usable: Vec<usize> = (0..hosts.len()).filter(|&h| hosts[h].usable).collect();
        let load: Vec<u64> = (0..hosts.len())
            .map(|h| self.loads.load_pm(hosts, h))
            .collect();
        let loads: Vec<u64> = usable.iter().map(|&h| load[h]).collect();
        let sum: u64 = loads.iter().sum();
        let n = usable.len() as u64;
        let now = spread(&loads);
        let sums = self.sums();
        // Sources: the two most loaded hosts above the mean that still
        // have moves left this pass (ties: lower index first); targets:
        // every host below the mean.
        let mut sources: Vec<(u64, usize)> = usable
            .iter()
            .filter(|&&h| {
                load[h] * n > sum
                    && self.above_baseline(h)
                    && self.host_moves[h] < MAX_MOVES_PER_HOST
            })
            .map(|&h| (load[h], h))
            .collect();
        sources.sort_by_key(|&(x, h)| (std::cmp::Reverse(x), h));
        sources.truncate(2);
        let groups = self.target_groups(&usable, &load, n, sum);
        let now_sqrt = to_f64(now).sqrt();
        let mut kept = Kept::default();
        for &(_, s) in &sources {
            for &v in &self.on_host[s] {
                if self.moved[v] {
                    continue;
                }
                let from = self.leaving(&sums, v, load[s]);
                for g in &groups {
                    let range = self.rise_range(v, g);
                    for &(b, t) in &g.targets {
                        let bound = from.gain_bound(now, b, range);
                        if !self.may_matter(&kept, v, t, bound, (now, now_sqrt)) {
                            // Later targets of the group are busier: their
                            // bound is no higher.
                            break;
                        }
                        let rise = self.loads.load_pm_with(hosts, t, &self.input.vms[v], true) - b;
                        let after = from.spread_after(b, rise);
                        debug_assert_eq!(after, self.spread_after(&sums, v, t));
                        let gain = now.saturating_sub(after);
                        if gain == 0 {
                            // It raises the imbalance: never the move, never
                            // an alternative shown.
                            continue;
                        }
                        let verdict = self.judge(v, s, t, (now, now_sqrt), after);
                        kept.offer((gain, v, t, verdict));
                    }
                }
            }
        }
        self.answer(kept, now)
    }

    /// The usable hosts below the mean, grouped (groups in order of their
    /// least loaded host).
    fn target_groups(&self, usable: &[usize], load: &[u64], n: u64, sum: u64) -> Vec<Group> {
        let hosts = self.hosts();
        let mut groups: Vec<Group> = Vec::new();
        let mut below: Vec<(u64, usize)> = usable
            .iter()
            .filter(|&&h| load[h] * n < sum)
            .map(|&h| (load[h], h))
            .collect();
        below.sort_unstable();
        for (x, h) in below {
            let host = &hosts[h];
            let key = (host.cpu_mhz, host.mem_mb, host.link_mb_s);
            match groups
                .iter_mut()
                .find(|g| (g.cpu_mhz, g.mem_mb, g.link_mb_s) == key)
            {
                Some(g) => g.targets.push((x, h)),
                None => groups.push(Group {
                    cpu_mhz: key.0,
                    mem_mb: key.1,
                    link_mb_s: key.2,
                    targets: vec![(x, h)],
                }),
            }
        }
        groups
    }

    /// The spread's terms once `v` has left its host, whose load is `a`
    /// now.
    fn leaving(&self, sums: &Sums, v: usize, a: u64) -> FromSide {
        let hosts = self.hosts();
        let a2 = self
            .loads
            .load_pm_with(hosts, self.at[v], &self.input.vms[v], false);
        let (a, a2) = (u128::from(a), u128::from(a2));
        // `a` is in the sums: they stay non-negative.
        let sum = sums.sum + a2 - a;
        let sq = sums.sq + mul(a2, a2) - mul(a, a);
        let spread = (mul(sums.n, sq) - mul(sum, sum)) as i128;
        let (n, sum) = (sums.n as i128, sum as i128);
        let small = (n < 1 << 12 && sum.abs() < 1 << 31).then_some((n as i64, sum as i64));
        FromSide {
            n,
            sum,
            spread,
            small,
        }
    }

    /// The least and most that adding `v` can raise the load of a host of
    /// group `g` [‰]: each per-mille part and their weighted fold round
    /// down, so each adds at most one to the exact quotient's floor.
    fn rise_range(&self, v: usize, g: &Group) -> (u64, u64) {
        let vm = &self.input.vms[v];
        let (wc, wm) = self.loads.weights;
        let cpu = per_mille(vm.cpu_mhz, g.cpu_mhz);
        let mem = per_mille(vm.mem_mb, g.mem_mb);
        let least = (cpu * wc + mem * wm) / (wc + wm);
        let most = ((cpu + 1) * wc + (mem + 1) * wm) / (wc + wm) + 1;
        (least, most)
    }

    /// Whether a candidate whose gain is at most `bound` may still be the
    /// move or one of the largest gains kept.
    fn may_matter(&self, kept: &Kept, v: usize, t: usize, bound: u128, now: (u128, f64)) -> bool {
        if bound == 0 {
            return false;
        }
        if bound >= kept.gain_to_enter() {
            return true;
        }
        // The score `judge` would give, at the bound: the score is
        // monotonic in the gain, so no candidate under the bound scores
        // higher, and none is worth a vMotion if the bound is not.
        let (now, now_sqrt) = now;
        self.score(v, t, now_sqrt, now - bound)
            .is_some_and(|score| kept.best.is_none_or(|(best, _, _)| score >= best))
    }

    /// The move and its alternatives from what was kept.
    fn answer(
        &self,
        kept: Kept,
        now: u128,
    ) -> Result<(usize, usize, Vec<Alternative>), Option<Alternative>> {
        let hosts = self.hosts();
        let Some((best_score, v, t)) = kept.best else {
            // Nothing qualifies: name the move that would have helped most
            // (ties: VM, then host order) and what stops it.
            return Err(kept
                .top
                .into_iter()
                .next()
                .map(|(gain, w, u, r)| Alternative {
                    vm: self.input.vms[w].name.clone(),
                    to: hosts[u].name.clone(),
                    imbalance_after_milli: self.milli(now - gain),
                    why: r.err().map_or(super::Why::SmallGain, |out| self.why(out)),
                }));
        };
        let alts = kept
            .top
            .into_iter()
            .filter(|c| (c.1, c.2) != (v, t))
            .take(ALTERNATIVES)
            .map(|(gain, w, u, r)| Alternative {
                vm: self.input.vms[w].name.clone(),
                to: hosts[u].name.clone(),
                imbalance_after_milli: self.milli(now - gain),
                why: match r {
                    Err(out) => self.why(out),
                    Ok(score) if score == best_score => super::Why::Tie,
                    Ok(_) => super::Why::LowerScore,
                },
            })
            .collect();
        Ok((v, t, alts))
    }
}

/// The spread's terms once `v` has left its host: n, Σx and n·Σx² − (Σx)².
struct FromSide {
    n: i128,
    sum: i128,
    spread: i128,
    /// n and Σx when they are small enough for [`FromSide::change`] to
    /// work in 64 bits (see there): 128-bit multiplication is a library
    /// routine in WebAssembly, and the bound is computed for every
    /// candidate.
    small: Option<(i64, i64)>,
}

/// Loads and rises below this [‰] keep [`FromSide::change`] in 64 bits.
const SMALL: u64 = 1 << 20;

impl FromSide {
    /// The spread after the move, exactly, for a target whose load `b`
    /// rises by `d`: only its term changes, so the spread changes by
    /// n·(2bd + d²) − 2·Σx·d − d².
    fn spread_after(&self, b: u64, d: u64) -> u128 {
        (self.spread + self.change(b, d)) as u128
    }

    fn change(&self, b: u64, d: u64) -> i128 {
        if let Some((n, sum)) = self.small {
            if b < SMALL && d < SMALL {
                // n < 2^12, |Σx| < 2^31, b, d < 2^20: each term is below
                // 2^54, so the i64 result is exact.
                let (b, d) = (b as i64, d as i64);
                return i128::from(n * (2 * b * d + d * d) - 2 * sum * d - d * d);
            }
        }
        self.change_wide(b, d)
    }

    /// [`FromSide::change`] in i128: a call of its own, so that LLVM does
    /// not compute it beside the 64-bit path and select (see
    /// [`crate::base::wide`]).
    #[cold]
    #[inline(never)]
    fn change_wide(&self, b: u64, d: u64) -> i128 {
        let (b, d) = (i128::from(b), i128::from(d));
        self.n * (2 * b * d + d * d) - 2 * self.sum * d - d * d
    }

    /// An upper bound of the gain (spread now − after, at least 0) for a
    /// target whose load `b` rises by an amount within `range`.
    fn gain_bound(&self, now: u128, b: u64, range: (u64, u64)) -> u128 {
        let least_change = (range.0..=range.1)
            .map(|d| self.change(b, d))
            .min()
            .unwrap_or(0);
        let after = self.spread + least_change;
        (now as i128 - after).max(0) as u128
    }
}

#[cfg(test)]
mod tests;
