//! [`HostMemory`]: one host's memory, stepped through time.
//!
//! Each step of `dt_s` seconds, in order:
//! 1. take the configs: a VM powered off releases everything; a VM powered
//!    on starts with nothing touched once its overhead fits in free memory;
//!    reclaimed pages are relabelled idle/active for the new working set;
//! 2. the state from free memory (with hysteresis) and the mechanisms it
//!    enables; free memory below the high threshold (400 % of minFree,
//!    vSphere 6+) or the clear state breaks large pages for good [pub:
//!    broken at the next sharing pass; model: they are not re-formed];
//! 3. allocation targets (shares, reservations, limits, idle tax);
//! 4. page sharing: the scanner shares what it visits, then writes break
//!    shared pages (a free frame each);
//! 5. VMs under target get reclaimed memory back, while free memory stays
//!    above the model's goal;
//! 6. guests touch new memory (from free memory; in the low state VMs over
//!    target wait; a VM with a limit touches no faster than it can be
//!    reclaimed);
//! 7. VMs over target (in the high and clear states: over their limit)
//!    give back the difference: balloon (soft or better; swap where it
//!    cannot), compression and swap (hard and low);
//! 8. the state again, for the sample.
//!
//! VMs are identified by position; a different name at a position is a
//! different VM (it starts afresh). Everything is integer expected-value
//! accounting with remainders carried, so no randomness is used; the seed
//! is kept for future sampled behaviour and does not change results.

use super::config::{
    HostMemConfig, VmMemConfig, BALLOON_PAGES_PER_S, PAGES_PER_MB, RETURN_PAGES_PER_S,
    SWAP_OUT_PAGES_PER_S, TOUCH_PAGES_PER_S,
};
use super::cost::vm_performance_pct;
use super::min_free::{threshold_pages, thresholds, ThresholdPages};
use super::pages::{mb_to_pages, VmPages, ZERO};
use super::reclaim::{
    balloon, balloon_max, compress_swap, consumed, give_back, swap_file, target_inputs, targets,
    TargetInputs,
};
use super::state::{mechanisms, next_state, Mechanisms};
use super::tps::{cow_breaks, domains, groups, saved, scan, tally_into, Groups, Tally};
use super::{HostMemSample, MemState, MemThresholds, VmMemSample};

/// How often targets are recomputed when nothing needs them [s] (they
/// only show in samples then).
const TARGET_REFRESH_S: u64 = 10;

type GroupKey = (Vec<bool>, Vec<[Option<String>; 2]>, bool);

/// One host's memory over time.
#[derive(Debug, Clone)]
pub struct HostMemory {
    host: HostMemConfig,
    host_pages: u64,
    th: ThresholdPages,
    thresholds: MemThresholds,
    state: MemState,
    large_pages_broken: bool,
    vms: Vec<VmPages>,
    keys: Vec<[Option<String>; 2]>,
    groups: Groups,
    /// What `groups` was computed from.
    group_key: Option<GroupKey>,
    tally: Tally,
    scratch: Vec<(u64, usize)>,
    /// When targets were last computed [s], and from what.
    targets_at_s: Option<u64>,
    target_inputs: Option<TargetInputs>,
    seed: u64,
    time_s: u64,
}

/// Page-exact accounting of host memory at one moment [pages]:
/// `free + private + copies + cache + overhead = host`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemLedger {
    pub host_pages: u64,
    pub free_pages: u64,
    /// Frames backing one VM's page each.
    pub private_pages: u64,
    /// Frames backing shared pages, each counted once.
    pub shared_copy_pages: u64,
    pub compression_cache_pages: u64,
    pub overhead_pages: u64,
}

/// One VM's page-level state, for checking invariants [pages].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VmLedger {
    pub running: bool,
    pub mem_pages: u64,
    pub reservation_pages: u64,
    pub limit_pages: Option<u64>,
    pub touched_pages: u64,
    /// Pages backed by a frame of their own.
    pub private_pages: u64,
    /// Pages backed by a shared copy (zero pages included).
    pub shared_pages: u64,
    pub consumed_pages: u64,
    pub target_pages: u64,
    pub balloon_pages: u64,
    pub guest_swapped_pages: u64,
    pub compressed_pages: u64,
    pub compression_cache_pages: u64,
    pub swapped_pages: u64,
    pub swap_file_pages: u64,
}

impl HostMemory {
    /// A host at time 0 with `vms` (those powered on start with their
    /// overhead allocated and nothing touched).
    pub fn new(host: &HostMemConfig, vms: &[VmMemConfig], seed: u64) -> HostMemory {
        let mut h = HostMemory {
            host: host.clone(),
            host_pages: mb_to_pages(host.mem_mb),
            th: threshold_pages(host.model, host.mem_mb),
            thresholds: thresholds(host.model, host.mem_mb),
            state: MemState::High,
            large_pages_broken: false,
            vms: Vec::new(),
            keys: Vec::new(),
            groups: Groups::default(),
            group_key: None,
            tally: Tally::default(),
            scratch: Vec::new(),
            targets_at_s: None,
            target_inputs: None,
            seed,
            time_s: 0,
        };
        h.sync(host, vms);
        h.state = next_state(host.model, &h.th, MemState::High, h.free());
        h
    }

    /// Advances `dt_s` seconds with these configs (which may differ from
    /// the previous call's: demand, power, limits...).
    pub fn step(&mut self, host: &HostMemConfig, vms: &[VmMemConfig], dt_s: u32) {
        let dt = u64::from(dt_s);
        self.sync(host, vms);
        for v in self.vms.iter_mut().filter(|v| v.running) {
            v.relabel_active();
        }
        self.state = next_state(self.host.model, &self.th, self.state, self.free());
        let mech = mechanisms(self.host.model, self.state);
        // vSphere 6+: below the high threshold (400 % of minFree) large
        // pages are broken at the next sharing pass, whatever the state
        // (free memory between 100 % and 400 % may still be "high" on the
        // way down); clear breaks them too and calls sharing at once.
        let below_high = self.host.uses_large_pages() && self.free() < self.th.high;
        if mech.break_large_pages || below_high {
            self.large_pages_broken = true;
        }

        // Targets: needed while reclaiming, returning or blocking; else
        // refreshed every TARGET_REFRESH_S for the samples.
        // (Unchanged inputs keep last step's targets.)
        let needed = self.state >= MemState::Soft
            || mech.block
            || self.vms.iter().any(|v| v.running && v.reclaimed() > 0);
        let stale = self
            .targets_at_s
            .is_none_or(|t| self.time_s >= t + TARGET_REFRESH_S);
        if needed || stale {
            let overhead: u64 = self.vms.iter().map(|v| v.overhead).sum();
            let capacity = self.host_pages.saturating_sub(overhead + self.th.goal);
            let inputs = target_inputs(capacity, &self.vms, self.host.idle_tax_pct);
            if self.target_inputs.as_ref() != Some(&inputs) {
                let t = targets(&inputs);
                for (v, t) in self.vms.iter_mut().zip(t) {
                    v.target = t;
                }
                self.target_inputs = Some(inputs);
            }
            self.targets_at_s = Some(self.time_s);
        }

        // Page sharing.
        if mech.tps && (!self.host.uses_large_pages() || self.large_pages_broken) {
            scan(&self.host, &mut self.vms, &self.groups, dt);
        }
        self.retally();
        let budget = self.free();
        cow_breaks(&mut self.vms, dt, budget);
        self.retally();

        // Memory coming back.
        let mut budget = self.free().saturating_sub(self.th.goal);
        for i in 0..self.vms.len() {
            let c = self.consumed(i);
            let v = &mut self.vms[i];
            if !v.running || c >= v.target || v.reclaimed() == 0 {
                continue;
            }
            let n = (v.target - c).min(RETURN_PAGES_PER_S * dt);
            budget -= give_back(v, n, budget);
        }
        self.retally();

        // Guests touching memory.
        let mut budget = self.free();
        for i in 0..self.vms.len() {
            let c = self.consumed(i);
            let v = &mut self.vms[i];
            if !v.running || (mech.block && c >= v.target) {
                continue;
            }
            let mut n = (v.touch_goal.saturating_sub(v.touched))
                .min(TOUCH_PAGES_PER_S * dt)
                .min(budget);
            if let Some(limit) = v.limit {
                let rate = BALLOON_PAGES_PER_S.max(SWAP_OUT_PAGES_PER_S) * dt;
                n = n.min((limit.max(v.reservation) + rate).saturating_sub(c));
            }
            v.grow(n);
            budget -= n;
        }
        self.retally();

        // Reclamation.
        for i in 0..self.vms.len() {
            let c = self.consumed(i);
            self.reclaim(i, c, mech, dt);
        }
        self.retally();
        self.state = next_state(self.host.model, &self.th, self.state, self.free());
        self.time_s += dt;
    }

    /// VM `k` (config order) arriving by live migration: the memory it had
    /// touched comes with it, all private (this host's scans find what it
    /// can share again), as far as free memory allows.
    pub fn arrive(&mut self, host: &HostMemConfig, vms: &[VmMemConfig], k: usize, touched_mb: u64) {
        self.sync(host, vms);
        self.retally();
        let free = self.free();
        if let Some(v) = self.vms.get_mut(k).filter(|v| v.running) {
            let n = (touched_mb * PAGES_PER_MB)
                .min(v.touch_goal)
                .saturating_sub(v.touched)
                .min(free);
            v.grow(n);
        }
        self.retally();
    }

    /// The host and each VM now (VMs in config order).
    pub fn sample(&self) -> (HostMemSample, Vec<VmMemSample>) {
        let (saved_pages, zero_saved) = saved(&self.vms, &self.tally);
        let overhead: u64 = self.vms.iter().map(|v| v.overhead).sum();
        let host = HostMemSample {
            state: self.state,
            thresholds: self.thresholds,
            free_mb: self.free() / PAGES_PER_MB,
            shared_saved_mb: saved_pages / PAGES_PER_MB,
            zero_saved_mb: zero_saved / PAGES_PER_MB,
            mem_mb: self.host.mem_mb,
            overhead_mb: overhead / PAGES_PER_MB,
            shared_copies_mb: self.tally.copies / PAGES_PER_MB,
            large_pages_broken: self.large_pages_broken,
            time_s: self.time_s,
        };
        let vms = (0..self.vms.len()).map(|i| self.vm_sample(i)).collect();
        (host, vms)
    }

    /// Page-exact accounting of host memory.
    pub fn ledger(&self) -> MemLedger {
        let run = || self.vms.iter().filter(|v| v.running);
        MemLedger {
            host_pages: self.host_pages,
            free_pages: self.free(),
            private_pages: run().map(|v| v.private_total()).sum(),
            shared_copy_pages: self.tally.copies,
            compression_cache_pages: run().map(|v| v.cache_frames()).sum(),
            overhead_pages: run().map(|v| v.overhead).sum(),
        }
    }

    /// Each VM's page-level state.
    pub fn vm_ledgers(&self) -> Vec<VmLedger> {
        (0..self.vms.len())
            .map(|i| {
                let v = &self.vms[i];
                VmLedger {
                    running: v.running,
                    mem_pages: v.mem,
                    reservation_pages: v.reservation,
                    limit_pages: v.limit,
                    touched_pages: v.touched,
                    private_pages: v.private_total(),
                    shared_pages: v.shared.iter().sum(),
                    consumed_pages: self.consumed(i),
                    target_pages: v.target,
                    balloon_pages: v.ballooned(),
                    guest_swapped_pages: v.gsw.total(),
                    compressed_pages: v.zip.total(),
                    compression_cache_pages: v.cache_frames(),
                    swapped_pages: v.swp.total(),
                    swap_file_pages: swap_file(self.host.model, v),
                }
            })
            .collect()
    }

    pub fn state(&self) -> MemState {
        self.state
    }

    pub fn thresholds(&self) -> MemThresholds {
        self.thresholds
    }

    pub fn time_s(&self) -> u64 {
        self.time_s
    }

    /// The seed this host was created with (unused: the engine draws no
    /// random numbers).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Frames in use: private pages, shared copies, caches, overheads.
    fn used(&self) -> u64 {
        self.vms
            .iter()
            .filter(|v| v.running)
            .map(|v| v.private_total() + v.cache_frames() + v.overhead)
            .sum::<u64>()
            + self.tally.copies
    }

    fn free(&self) -> u64 {
        let used = self.used();
        debug_assert!(
            used <= self.host_pages,
            "over-allocated: {used} > {}",
            self.host_pages
        );
        self.host_pages.saturating_sub(used)
    }

    fn consumed(&self, i: usize) -> u64 {
        consumed(
            &self.vms[i],
            self.tally.charged.get(i).copied().unwrap_or(0),
        )
    }

    fn retally(&mut self) {
        tally_into(&self.vms, &self.groups, &mut self.tally, &mut self.scratch);
    }

    /// Whether a fresh tally would give the same counts (for a debug check).
    fn tally_is_current(&self) -> bool {
        let mut fresh = Tally::default();
        tally_into(&self.vms, &self.groups, &mut fresh, &mut Vec::new());
        fresh.same_counts(&self.tally)
    }

    /// Takes the configs: power changes, new settings, sharing domains.
    fn sync(&mut self, host: &HostMemConfig, cfgs: &[VmMemConfig]) {
        if host.mem_mb != self.host.mem_mb || host.model != self.host.model {
            self.host_pages = mb_to_pages(host.mem_mb);
            self.th = threshold_pages(host.model, host.mem_mb);
            self.thresholds = thresholds(host.model, host.mem_mb);
        }
        if host.model != self.host.model || !host.uses_large_pages() {
            self.large_pages_broken = false;
        }
        self.host = host.clone();
        // Whether the tally's inputs (who runs, their shared pages, the
        // images) may have changed since the last step's tally.
        let mut changed = self.vms.len() != cfgs.len();
        self.vms.truncate(cfgs.len());
        self.keys.truncate(cfgs.len());
        for (i, cfg) in cfgs.iter().enumerate() {
            if i == self.vms.len() {
                self.vms.push(VmPages::from_config(cfg));
                self.keys.push([None, None]);
            }
            let v = &mut self.vms[i];
            if v.name != cfg.name || !cfg.powered_on {
                changed |= v.running;
                *v = VmPages::from_config(cfg);
            } else {
                v.apply(cfg);
            }
            if self.keys[i][0] != cfg.guest_os || self.keys[i][1] != cfg.app {
                self.keys[i] = [cfg.guest_os.clone(), cfg.app.clone()];
                changed = true;
            }
        }
        // Power-ons, in order, while their overheads fit.
        self.regroup(changed);
        let mut free = self.free();
        let mut powered_on = false;
        for (v, cfg) in self.vms.iter_mut().zip(cfgs) {
            let overhead = mb_to_pages(cfg.overhead_mb);
            if cfg.powered_on && !v.running && overhead <= free {
                v.running = true;
                v.overhead = overhead;
                free -= overhead;
                powered_on = true;
            }
        }
        self.regroup(powered_on);
    }

    /// Recomputes the sharing domains when who runs, salting or the
    /// images changed; then the tally. `changed`: a VM came, went, was
    /// reset, powered on or changed image; without it (most steps) the
    /// last step's tally still holds, unless the host's salting changed.
    fn regroup(&mut self, changed: bool) {
        let intra = self.host.intra_vm_only();
        if !changed && self.group_key.as_ref().is_some_and(|k| k.2 == intra) {
            debug_assert!(self.tally_is_current(), "a VM change was not flagged");
            return;
        }
        let same = self.group_key.as_ref().is_some_and(|(running, keys, i)| {
            *i == intra
                && running.len() == self.vms.len()
                && running.iter().zip(&self.vms).all(|(r, v)| *r == v.running)
                && *keys == self.keys
        });
        if !same {
            self.groups = groups(&domains(&self.host, &self.vms, &self.keys));
            self.tally.forget_order();
            let running = self.vms.iter().map(|v| v.running).collect();
            self.group_key = Some((running, self.keys.clone(), intra));
        }
        self.retally();
    }

    /// Reclaims from VM `i`, consuming `c` pages, what it holds over its
    /// target (over its limit only, in the high and clear states).
    fn reclaim(&mut self, i: usize, c: u64, mech: Mechanisms, dt: u64) {
        let model = self.host.model;
        let state = self.state;
        let v = &mut self.vms[i];
        if !v.running {
            return;
        }
        let limit = v.limit.map_or(u64::MAX, |l| l.max(v.reservation));
        let target = if state >= MemState::Soft {
            v.target.min(limit)
        } else {
            limit
        };
        let over = c.saturating_sub(target.max(v.reservation));
        if over == 0 {
            return;
        }
        let swap_room = swap_file(model, v).saturating_sub(v.swp.total());
        if state <= MemState::Soft {
            // Balloon; swap what the balloon never could.
            let room = if v.tools {
                balloon_max(v).saturating_sub(v.ballooned())
            } else {
                0
            };
            if room > 0 {
                balloon(v, over, BALLOON_PAGES_PER_S * dt);
            }
            // Swapping belongs to the hard state (vSphere 6+ and the 2002
            // paper alike): in high, clear and soft only a limit forces it,
            // for what the balloon cannot take.
            let over_limit = c.saturating_sub(limit.max(v.reservation));
            let rest = over
                .saturating_sub(room)
                .min(over_limit.saturating_sub(room));
            compress_swap(v, rest, SWAP_OUT_PAGES_PER_S * dt, mech.compress, swap_room);
        } else {
            compress_swap(v, over, SWAP_OUT_PAGES_PER_S * dt, mech.compress, swap_room);
        }
    }

    fn vm_sample(&self, i: usize) -> VmMemSample {
        let v = &self.vms[i];
        if !v.running {
            return VmMemSample {
                performance_pct: 100,
                ..VmMemSample::default()
            };
        }
        let mb = |p: u64| p / PAGES_PER_MB;
        let touched_mb = mb(v.touched);
        let shared_mb = mb(self.tally.multi.get(i).copied().unwrap_or(0));
        let zero_mb = mb(v.shared[ZERO]);
        let ballooned_mb = mb(v.ballooned());
        let compressed_mb = mb(v.zip.total());
        let swapped_mb = mb(v.swp.total());
        let others = shared_mb + zero_mb + ballooned_mb + compressed_mb + swapped_mb;
        VmMemSample {
            touched_mb,
            active_mb: mb(v.active()),
            private_mb: touched_mb.saturating_sub(others),
            shared_mb,
            zero_mb,
            ballooned_mb,
            guest_swapped_mb: mb(v.gsw.total()),
            compressed_mb,
            compression_cache_mb: mb(v.cache_frames()),
            swapped_mb,
            consumed_mb: mb(self.consumed(i)),
            performance_pct: vm_performance_pct(v),
            running: true,
            overhead_mb: mb(v.overhead),
            target_mb: mb(v.target),
        }
    }
}
