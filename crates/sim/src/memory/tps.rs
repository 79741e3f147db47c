//! Transparent page sharing: sharing domains, the scanner, copy-on-write
//! breaks, and who holds the shared copies.
//!
//! Content identity [model, after Waldspurger 2002 section 4]: zero pages
//! all match; OS-image pages match the same image page in another VM with
//! the same `guest_os`, app pages likewise by `app`; within one VM OS and
//! app pages are distinct and unique pages never match. A *sharing domain*
//! is where matches count: with `Mem.ShareForceSalting` 2 (vSphere 6+'s
//! default) each VM is salted with its own value, so each is its own
//! domain (only its zero pages collapse); with 1, VMs without a
//! `sched.mem.pshare.salt` of their own share one salt and so share across
//! VMs, like salting 0 (per-VM salts are not modelled); with 0, the paper
//! and FusionCompute, zero pages collapse to one host-wide frame and OS/app
//! pages are shared among VMs with the same image (see
//! `HostMemConfig::intra_vm_only`).
//!
//! Scanning [pub rates, model selection]: each step the scanner visits a
//! fraction of every VM's resident pages, evenly over classes: vSphere and
//! FusionCompute `dt / Mem.ShareScanTime` of them, scaled down when the
//! host total exceeds `Mem.ShareScanGHz` x 4 MB/s per GHz; the paper ESX 2's
//! 50 pages/s per VM, at most 200 pages/s in all. A visited private page
//! of a class with a match in its domain (zero: always; OS/app: another
//! running VM in the domain) becomes shared. Hashing, hint frames and
//! verification are not modelled.
//!
//! Copies [model]: VMs of one OS/app domain hold nested subsets of one
//! image, so the domain needs as many frames as its largest member shares;
//! image pages held by k VMs are charged 1/k to each (the rest of a
//! division to the largest). Pages only one VM holds are reported private.
//! A zero domain needs one frame, charged to its largest member.
//!
//! Writes [model]: `write_pct_per_min` % of a VM's shared pages are written
//! per minute, each getting a private copy (which needs a free frame, else
//! the write waits). The page keeps its class, so the scanner may share it
//! again: sharing settles at scan / (scan + write) of the sharable pages.

use crate::base::wide::{div, mul};

use super::config::{
    HostMemConfig, PAGES_PER_MB, PAPER_SCAN_PAGES_PER_VM_S, PAPER_SCAN_PAGES_TOTAL_S,
};
use super::pages::{VmPages, APP, OS, ZERO};
use super::MemoryModel;

const FP: u32 = 32;
const ONE: u64 = 1 << FP;

/// Domain ids per VM for the zero, OS and app classes (`None`: no match
/// possible).
pub(crate) type Domains = [Vec<Option<usize>>; 3];

/// `guest_os` and `app` of each VM, as the host last saw them.
pub(crate) fn domains(
    host: &HostMemConfig,
    vms: &[VmPages],
    keys: &[[Option<String>; 2]],
) -> Domains {
    let intra = host.intra_vm_only();
    let n = vms.len();
    let mut d: Domains = [vec![None; n], vec![None; n], vec![None; n]];
    for i in 0..n {
        if !vms[i].running {
            continue;
        }
        d[ZERO][i] = Some(if intra { i } else { 0 });
        for (class, k) in [(OS, 0), (APP, 1)] {
            let Some(key) = &keys[i][k] else { continue };
            d[class][i] = Some(if intra {
                i
            } else {
                (0..=i)
                    .find(|&j| vms[j].running && keys[j][k].as_ref() == Some(key))
                    .unwrap_or(i)
            });
        }
    }
    d
}

/// The VMs of each sharing domain: (class, members in order), with the
/// per-VM "has a match" flags the scanner needs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Groups {
    pub groups: Vec<(usize, Vec<usize>)>,
    pub matchable: [Vec<bool>; 3],
}

pub(crate) fn groups(d: &Domains) -> Groups {
    let n = d[ZERO].len();
    let mut g = Groups {
        groups: Vec::new(),
        matchable: [vec![false; n], vec![false; n], vec![false; n]],
    };
    for class in [ZERO, OS, APP] {
        let mut seen = vec![false; n];
        for i in 0..n {
            let Some(dom) = d[class][i] else { continue };
            if seen[i] {
                continue;
            }
            let members: Vec<usize> = (i..n).filter(|&j| d[class][j] == Some(dom)).collect();
            for &j in &members {
                seen[j] = true;
                g.matchable[class][j] = class == ZERO || members.len() >= 2;
            }
            g.groups.push((class, members));
        }
    }
    g
}

/// Who holds which shared copies.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Frames backing shared pages, all domains.
    pub copies: u64,
    pub zero_copies: u64,
    /// Per VM: copy frames charged to it.
    pub charged: Vec<u64>,
    /// Per VM: non-zero shared pages whose copy another VM also holds.
    pub multi: Vec<u64>,
    /// Per group of `Groups::groups`: its members by the last tally's
    /// rank. Counts change little between tallies, so sorting from the
    /// last ranking is a linear pass (a fresh sort per group and tally
    /// was a tenth of the memory engine's time). Only a hint: the rank
    /// is a total order, so any starting order sorts to the same one.
    order: Vec<Vec<usize>>,
}

impl Tally {
    /// Drops the ranking hint; call when the groups change.
    pub fn forget_order(&mut self) {
        self.order.clear();
    }

    /// Equal copies and charges (the ranking hint aside).
    pub fn same_counts(&self, other: &Tally) -> bool {
        (self.copies, self.zero_copies, &self.charged, &self.multi)
            == (
                other.copies,
                other.zero_copies,
                &other.charged,
                &other.multi,
            )
    }
}

/// Recomputes `t` for `vms` (reusing its buffers and `scratch`).
pub(crate) fn tally_into(
    vms: &[VmPages],
    g: &Groups,
    t: &mut Tally,
    scratch: &mut Vec<(u64, usize)>,
) {
    let n = vms.len();
    t.copies = 0;
    t.zero_copies = 0;
    t.charged.clear();
    t.charged.resize(n, 0);
    t.multi.clear();
    t.multi.resize(n, 0);
    t.order.resize_with(g.groups.len(), Vec::new);
    for ((class, members), order) in g.groups.iter().zip(&mut t.order) {
        let class = *class;
        if class == ZERO {
            // One frame, charged to the member sharing the most zero pages.
            let mut best: Option<(u64, usize)> = None;
            for &j in members {
                let c = vms[j].shared[ZERO];
                if c > 0 && best.is_none_or(|b| c > b.0) {
                    best = Some((c, j));
                }
            }
            if let Some((_, j)) = best {
                t.copies += 1;
                t.zero_copies += 1;
                t.charged[j] += 1;
            }
            continue;
        }
        if members.len() == 1 {
            let j = members[0];
            t.copies += vms[j].shared[class];
            t.charged[j] += vms[j].shared[class];
            continue;
        }
        if order.len() != members.len() {
            order.clone_from(members);
        }
        debug_assert!(
            {
                let mut o = order.clone();
                o.sort_unstable();
                o == *members
            },
            "a group's ranking hint outlived its group"
        );
        scratch.clear();
        scratch.extend(order.iter().map(|&j| (vms[j].shared[class], j)));
        scratch.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        order.clear();
        order.extend(scratch.iter().map(|&(_, j)| j));
        let largest = scratch[0];
        t.copies += largest.0;
        let second = scratch[1].0;
        for &(c, j) in scratch.iter() {
            t.multi[j] += c.min(second);
        }
        // Segment k (pages held by the k+1 largest) split evenly: the
        // member at rank p pays the shares of segments p.. .
        let (mut acc, mut rest) = (0, 0);
        for k in (0..scratch.len()).rev() {
            let next = scratch.get(k + 1).map_or(0, |m| m.0);
            let seg = scratch[k].0 - next;
            let holders = k as u64 + 1;
            acc += seg / holders;
            rest += seg % holders;
            t.charged[scratch[k].1] += acc;
        }
        t.charged[largest.1] += rest;
    }
}

/// Advances the scanner `dt_s` seconds.
pub(crate) fn scan(host: &HostMemConfig, vms: &mut [VmPages], g: &Groups, dt_s: u64) {
    // Fraction of each VM's resident pages visited, in 2^-32.
    let fractions: Vec<u64> = match host.model {
        MemoryModel::Paper2002 => {
            let running = vms.iter().filter(|v| v.running).count() as u64;
            let per_vm = PAPER_SCAN_PAGES_PER_VM_S.min(PAPER_SCAN_PAGES_TOTAL_S / running.max(1));
            vms.iter()
                .map(|v| {
                    let r = v.resident();
                    if r == 0 {
                        0
                    } else {
                        div(u128::from(per_vm * dt_s) << FP, u128::from(r)).min(u128::from(ONE))
                            as u64
                    }
                })
                .collect()
        }
        _ => {
            let period_s = u64::from(host.share_scan_time_min.max(1)) * 60;
            let mut f = div(u128::from(dt_s) << FP, u128::from(period_s)).min(u128::from(ONE));
            let total_rate: u64 = vms.iter().filter(|v| v.running).map(|v| v.resident()).sum();
            // Pages per period_s the cap allows.
            let cap = u128::from(host.share_scan_ghz)
                * u128::from(host.cpu_mhz)
                * u128::from(PAGES_PER_MB)
                * u128::from(period_s)
                / 1000;
            if host.share_scan_ghz > 0 && u128::from(total_rate) > cap {
                f = div(mul(f, cap), u128::from(total_rate));
            }
            vec![f as u64; vms.len()]
        }
    };
    for i in 0..vms.len() {
        if !vms[i].running || fractions[i] == 0 {
            continue;
        }
        for class in [ZERO, OS, APP] {
            if !g.matchable[class][i] {
                continue;
            }
            let v = &mut vms[i];
            let x = mul(u128::from(v.private[class]), u128::from(fractions[i]))
                + u128::from(v.scan_carry[class]);
            let newly = ((x >> FP) as u64).min(v.private[class]);
            v.scan_carry[class] = (x & u128::from(ONE - 1)) as u64;
            v.private[class] -= newly;
            v.shared[class] += newly;
        }
    }
}

/// Applies `dt_s` seconds of share-breaking writes, using at most `budget`
/// free frames; returns the frames used.
pub(crate) fn cow_breaks(vms: &mut [VmPages], dt_s: u64, mut budget: u64) -> u64 {
    let mut used = 0;
    for v in vms
        .iter_mut()
        .filter(|v| v.running && v.write_pct_per_min > 0)
    {
        let f = div(
            mul(u128::from(v.write_pct_per_min), u128::from(dt_s)) << FP,
            6000,
        );
        let f = f.min(u128::from(ONE));
        for class in [ZERO, OS, APP] {
            let x = mul(u128::from(v.shared[class]), f) + u128::from(v.write_carry[class]);
            let want = ((x >> FP) as u64).min(v.shared[class]);
            v.write_carry[class] = (x & u128::from(ONE - 1)) as u64;
            let n = want.min(budget);
            v.shared[class] -= n;
            v.private[class] += n;
            budget -= n;
            used += n;
        }
    }
    used
}

/// Pages shared by VM `i` that another VM also holds, plus its zero pages:
/// the sharing saving is `sum(shared) - copies`.
pub(crate) fn saved(vms: &[VmPages], t: &Tally) -> (u64, u64) {
    let shared: u64 = vms.iter().map(|v| v.shared.iter().sum::<u64>()).sum();
    let zero: u64 = vms.iter().map(|v| v.shared[ZERO]).sum();
    (
        shared.saturating_sub(t.copies),
        zero.saturating_sub(t.zero_copies),
    )
}
