//! The bounded search against the exhaustive one it replaced, at every
//! balancing step of seeded passes: the same move, the same alternatives
//! (with their reasons), the same stall.

use super::super::{
    Alternative, DrsHost, DrsRule, DrsVm, Out, PassInput, State, Stuck, Why, ALTERNATIVES,
    MAX_MOVES_PER_HOST,
};
use crate::base::rng::SplitMix64;
use crate::drs::load::spread;
use crate::drs::spec::RuleKind;

impl State<'_> {
    /// The search as it was before the bound: every candidate judged.
    fn exhaustive(&self) -> Result<(usize, usize, Vec<Alternative>), Option<Alternative>> {
        let hosts = self.hosts();
        let usable: Vec<usize> = (0..hosts.len()).filter(|&h| hosts[h].usable).collect();
        let loads: Vec<u64> = usable
            .iter()
            .map(|&h| self.loads.load_pm(hosts, h))
            .collect();
        let sum: u64 = loads.iter().sum();
        let n = usable.len() as u64;
        let now = spread(&loads);
        let sums = self.sums();
        // Sources: the two most loaded hosts above the mean that still
        // have moves left this pass (ties: lower index first); targets:
        // every host below the mean.
        let mut sources: Vec<(u64, usize)> = usable
            .iter()
            .zip(&loads)
            .filter(|&(&h, &x)| {
                x * n > sum && self.above_baseline(h) && self.host_moves[h] < MAX_MOVES_PER_HOST
            })
            .map(|(&h, &x)| (x, h))
            .collect();
        sources.sort_by_key(|&(x, h)| (std::cmp::Reverse(x), h));
        sources.truncate(2);
        let targets: Vec<usize> = usable
            .iter()
            .zip(&loads)
            .filter(|&(_, &x)| x * n < sum)
            .map(|(&h, _)| h)
            .collect();
        let now_sqrt = (now as f64).sqrt();
        // (raw gain spread, vm, target, why-or-score)
        let mut seen: Vec<(u128, usize, usize, Result<u64, Out>)> = Vec::new();
        for &(_, s) in &sources {
            for v in (0..self.input.vms.len()).filter(|&v| self.at[v] == s) {
                if self.moved[v] {
                    continue;
                }
                for &t in &targets {
                    let after = self.spread_after(&sums, v, t);
                    let gain = now.saturating_sub(after);
                    let verdict = self.judge(v, s, t, (now, now_sqrt), after);
                    seen.push((gain, v, t, verdict));
                }
            }
        }
        let Some(best) = seen
            .iter()
            .filter_map(|(_, v, t, r)| r.as_ref().ok().map(|score| (*score, *v, *t)))
            .max_by_key(|&(score, v, t)| (score, std::cmp::Reverse((v, t))))
        else {
            // Nothing qualifies: name the move that would have helped most
            // (ties: VM, then host order) and what stops it.
            let most = seen
                .iter()
                .filter(|c| c.0 > 0)
                .min_by_key(|&&(gain, w, u, _)| (std::cmp::Reverse(gain), w, u));
            return Err(most.map(|&(gain, w, u, r)| Alternative {
                vm: self.input.vms[w].name.clone(),
                to: hosts[u].name.clone(),
                imbalance_after_milli: self.milli(now - gain),
                why: r.err().map_or(Why::SmallGain, |out| self.why(out)),
            }));
        };
        let (best_score, v, t) = best;
        // The alternatives: the largest gains first (ties: VM, then host
        // order), picked without sorting every candidate.
        let key = |&(gain, w, u, _): &(u128, usize, usize, Result<u64, Out>)| {
            (std::cmp::Reverse(gain), w, u)
        };
        let mut top: Vec<(u128, usize, usize, Result<u64, Out>)> =
            Vec::with_capacity(ALTERNATIVES + 1);
        for c in seen {
            if (c.1, c.2) == (v, t) || c.0 == 0 {
                continue;
            }
            if top.len() == ALTERNATIVES && key(&c) >= key(&top[ALTERNATIVES - 1]) {
                continue;
            }
            let at = top.partition_point(|x| key(x) < key(&c));
            top.insert(at, c);
            top.truncate(ALTERNATIVES);
        }
        let alts = top
            .into_iter()
            .map(|(gain, w, u, r)| Alternative {
                vm: self.input.vms[w].name.clone(),
                to: hosts[u].name.clone(),
                imbalance_after_milli: self.milli(now - gain),
                why: match r {
                    Err(out) => self.why(out),
                    Ok(score) if score == best_score => Why::Tie,
                    Ok(_) => Why::LowerScore,
                },
            })
            .collect();
        Ok((v, t, alts))
    }
}

/// A seeded cluster: a few host sizes and link speeds, VMs of mixed sizes
/// and risks, some reservations, VMs that cannot move, and rules.
fn cluster(seed: u64) -> (Vec<DrsHost>, Vec<DrsVm>, Vec<DrsRule>) {
    let mut r = SplitMix64::new(seed);
    let n_hosts = 2 + r.below_or_eq(14) as usize;
    let sizes = [(20_000, 65_536), (40_000, 131_072), (64_000, 262_144)];
    let links = [0, 125, 1250];
    let hosts: Vec<DrsHost> = (0..n_hosts)
        .map(|h| {
            let (cpu_mhz, mem_mb) = sizes[r.below_or_eq(2) as usize];
            let link_mb_s =
                links[(r.below_or_eq(9) as usize).min(2) * usize::from(r.below_or_eq(9) > 0)];
            DrsHost {
                name: format!("esx{h}"),
                cpu_mhz,
                mem_mb,
                usable: r.below_or_eq(9) > 0,
                evacuating: false,
                entering_standby: false,
                vmotion: link_mb_s > 0,
                link_mb_s,
            }
        })
        .collect();
    let n_vms = 5 + r.below_or_eq(25 * n_hosts as u64) as usize;
    // Some hosts carry much more than others, so balancing has work.
    let weights: Vec<u64> = (0..n_hosts).map(|_| 1 + r.below_or_eq(7)).collect();
    let total: u64 = weights.iter().sum();
    let vms: Vec<DrsVm> = (0..n_vms)
        .map(|v| {
            let mut pick = r.below_or_eq(total - 1);
            let host = weights
                .iter()
                .position(|&w| {
                    let here = pick < w;
                    pick = pick.saturating_sub(w);
                    here
                })
                .unwrap_or(0);
            let cpu_mhz = 100 + r.below_or_eq(4_000);
            let mem_mb = 256 + r.below_or_eq(16_384);
            DrsVm {
                name: format!("vm{v}"),
                host,
                cpu_mhz,
                mem_mb,
                cpu_reserved_mhz: if r.below_or_eq(4) == 0 {
                    cpu_mhz / 2
                } else {
                    0
                },
                mem_reserved_mb: if r.below_or_eq(4) == 0 { mem_mb } else { 0 },
                copy_mb: mem_mb,
                dirty_mb_s: r.below_or_eq(200),
                risk_pct: r.below_or_eq(60) as u8,
                stuck: match r.below_or_eq(30) {
                    0 => Some(Stuck::Migrating),
                    1 => Some(Stuck::CannotVmotion("cpu".into())),
                    _ => None,
                },
            }
        })
        .collect();
    let kinds = [
        RuleKind::Affinity,
        RuleKind::AntiAffinity,
        RuleKind::VmHostMust,
        RuleKind::VmHostShould,
    ];
    let rules = (0..r.below_or_eq(4))
        .map(|k| DrsRule {
            label: format!("rule{k}"),
            kind: kinds[r.below_or_eq(3) as usize],
            vms: (0..2 + r.below_or_eq(3))
                .map(|_| r.below_or_eq(n_vms as u64 - 1) as usize)
                .collect(),
            hosts: (0..1 + r.below_or_eq(2))
                .map(|_| r.below_or_eq(n_hosts as u64 - 1) as usize)
                .collect(),
        })
        .collect();
    (hosts, vms, rules)
}

#[test]
fn the_bounded_search_finds_what_judging_every_candidate_finds() {
    let (mut steps, mut stalls, mut with_alternatives) = (0, 0, 0);
    for seed in 0..400 {
        let (hosts, vms, rules) = cluster(seed);
        for threshold in [3, 5] {
            let input = PassInput {
                hosts: &hosts,
                vms: &vms,
                rules: &rules,
                threshold,
                baselines: if seed % 7 == 0 { Some((30, 40)) } else { None },
            };
            let mut st = State::new(input);
            st.mend_rules();
            for _ in 0..200 {
                let want = st.exhaustive();
                let got = st.best_balancing_move();
                assert_eq!(
                    got, want,
                    "seed {seed}, threshold {threshold}, step {steps}"
                );
                steps += 1;
                match got {
                    Ok((v, t, alts)) => {
                        with_alternatives += usize::from(!alts.is_empty());
                        st.apply(v, t, 3, super::super::Reason::Balance, alts);
                    }
                    Err(_) => {
                        stalls += 1;
                        break;
                    }
                }
            }
        }
    }
    // The cases reach every branch: moves with alternatives, and stalls.
    assert!(steps > 2_000, "{steps} steps");
    assert!(
        stalls > 100 && with_alternatives > 1_000,
        "{stalls} stalls, {with_alternatives}"
    );
}
