//! One DRS pass: mandatory moves first (evacuating hosts that enter
//! maintenance mode or standby, mending broken rules), then greedy load
//! balancing while the imbalance is above the threshold's target.
//!
//! Each balancing step scores every candidate move (a VM on one of the two
//! most loaded hosts to a host below the mean) by its gain (the drop in
//! imbalance), discounted by the risk that the VM's demand does not last
//! and divided by the vMotion's cost in time, after Gulati et al. (VMware
//! Technical Journal 2012). Moves that raise the imbalance, break a rule,
//! break a reservation or overcommit the target are rejected, and the best
//! rejected alternatives are kept with the reason, so every recommendation
//! explains itself. At most [`MAX_MOVES_PER_HOST`] moves touch a host in
//! one pass. The search itself (`best_move.rs`) skips candidates whose
//! exact bound shows they cannot matter, so a step costs about the VMs on
//! two hosts, not those VMs times every target.

use super::load::{stddev_milli, to_f64, DrsHost, DrsVm, Loads, Stuck};
use super::rules::DrsRule;
use super::threshold::{applies, balance_priority, target_imbalance_milli};
use crate::base::wide::mul;
use crate::drs::spec::RuleKind;
use serde::{Deserialize, Serialize};

mod best_move;

/// Load-balancing moves into or out of one host per pass.
pub const MAX_MOVES_PER_HOST: u32 = 8;
/// Smallest risk-adjusted imbalance drop worth a vMotion in a cluster of
/// up to four hosts [thousandths]; larger clusters scale it by 2/√hosts.
pub const MIN_GAIN_MILLI: f64 = 2.0;
/// Alternatives kept with each recommendation.
pub const ALTERNATIVES: usize = 3;

/// What one pass is given.
#[derive(Debug, Clone, Copy)]
pub struct PassInput<'a> {
    pub hosts: &'a [DrsHost],
    pub vms: &'a [DrsVm],
    pub rules: &'a [DrsRule],
    /// Migration threshold, 1 to 5.
    pub threshold: u8,
    /// FusionCompute: only hosts above these CPU and memory baselines [%]
    /// shed load; `None` for vSphere.
    pub baselines: Option<(u8, u8)>,
}

/// Why a recommendation was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Balance CPU and memory load.
    Balance,
    /// Its host is entering maintenance mode, or standby (DPM).
    Evacuate { host: String, standby: bool },
    /// It breaks a rule where it runs.
    Rule { rule: String, rule_kind: RuleKind },
}

/// Why a move was not chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// It would not lower the imbalance.
    RaisesImbalance,
    /// It would break this rule.
    BreaksRule { rule: String },
    /// The target cannot hold its reservations.
    NoRoomForReservation,
    /// The target would be above capacity.
    Overcommits,
    /// A host has no vMotion network.
    NoVmotion,
    /// The gain, discounted for its swinging demand, is too small.
    SmallGain,
    /// A host already has its moves for this pass.
    HostBusy { host: String },
    /// The VM is being migrated.
    Migrating,
    /// vMotion would refuse it.
    CannotVmotion { check: String },
    /// Valid, but another move gains more per vMotion cost.
    LowerScore,
    /// As good as the chosen move; DRS takes the first VM and host in
    /// inventory order.
    Tie,
    /// No host is available to take it.
    NoHost,
    /// DRS is off, so nothing moves it.
    DrsOff,
}

/// A move DRS considered and did not make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    pub vm: String,
    pub to: String,
    /// Imbalance it would have left [thousandths].
    pub imbalance_after_milli: u32,
    pub why: Why,
}

/// One recommendation, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    /// Indices into the pass's VMs and hosts.
    pub vm: usize,
    pub from: usize,
    pub to: usize,
    /// 1 (mandatory) to 5.
    pub priority: u8,
    pub reason: Reason,
    /// Cluster imbalance before and after this move [thousandths].
    pub imbalance_before_milli: u32,
    pub imbalance_after_milli: u32,
    /// Estimated vMotion time [s].
    pub cost_s: u32,
    /// How much the VM's demand moved lately [%].
    pub risk_pct: u8,
    /// Source and target loads before the move [‰].
    pub from_load_pm: u64,
    pub to_load_pm: u64,
    pub alternatives: Vec<Alternative>,
}

/// A VM that had to move and could not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocked {
    pub vm: usize,
    pub host: usize,
    pub reason: Reason,
    pub why: Why,
}

/// What one pass found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassResult {
    pub imbalance_before_milli: u32,
    pub imbalance_after_milli: u32,
    /// Target for the threshold (`None`: threshold 1, no balancing).
    pub target_milli: Option<u32>,
    pub moves: Vec<Move>,
    pub blocked: Vec<Blocked>,
    /// Each VM's host after the moves (index into hosts).
    pub placement: Vec<usize>,
    /// Balancing stopped above the target because no move qualified:
    /// the candidate that would have helped most, and why it is out
    /// (`None` when balancing reached the target, or there was no
    /// candidate at all).
    pub stalled: Option<Alternative>,
}

/// Estimated vMotion time [s]: memory over the bandwidth left after the
/// guest's dirtying (the pre-copy series' sum); a VM dirtying faster than
/// the link needs SDPS, counted as ten times the plain copy.
pub fn vmotion_cost_s(copy_mb: u64, dirty_mb_s: u64, link_mb_s: u64) -> u32 {
    if link_mb_s == 0 {
        return u32::MAX;
    }
    let s = if dirty_mb_s < link_mb_s {
        copy_mb.div_ceil(link_mb_s - dirty_mb_s)
    } else {
        copy_mb.div_ceil(link_mb_s) * 10
    };
    s.min(u64::from(u32::MAX)) as u32
}

/// Why a candidate is out, naming VMs, rules and hosts by index: a
/// [`Why`] that costs no allocation, so judging thousands of candidates
/// stays cheap; only the alternatives kept are turned into [`Why`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Out {
    Migrating,
    /// The VM (its `stuck` names the check).
    CannotVmotion(usize),
    NoVmotion,
    /// The rule.
    BreaksRule(usize),
    NoRoomForReservation,
    /// The host.
    HostBusy(usize),
    Overcommits,
    RaisesImbalance,
    SmallGain,
}

/// n, Σx and Σx² of the usable hosts' loads.
struct Sums {
    n: u128,
    sum: u128,
    sq: u128,
}

struct State<'a> {
    input: PassInput<'a>,
    /// Usable hosts (fixed for the pass).
    n_usable: usize,
    /// Per VM, the rules naming it, in rule order: only these can forbid
    /// its moves.
    rules_of: Vec<Vec<usize>>,
    at: Vec<usize>,
    /// Per host, the VMs on it now, in VM order.
    on_host: Vec<Vec<usize>>,
    loads: Loads,
    moved: Vec<bool>,
    /// The imbalance now [thousandths], kept up to date by `apply`.
    imbalance_milli: u32,
    host_moves: Vec<u32>,
    moves: Vec<Move>,
    blocked: Vec<Blocked>,
    stalled: Option<Alternative>,
}

/// For each of `n_vms` VMs, the indices of the rules that name it, in
/// rule order (each once).
fn rules_of(rules: &[DrsRule], n_vms: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); n_vms];
    for (k, r) in rules.iter().enumerate() {
        for &v in &r.vms {
            if let Some(list) = out.get_mut(v) {
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
        }
    }
    out
}

/// Runs one pass.
pub fn run_pass(input: PassInput) -> PassResult {
    let mut st = State::new(input);
    let usable = st.n_usable;
    let before = st.imbalance_milli;
    st.evacuate();
    st.mend_rules();
    st.balance();
    PassResult {
        imbalance_before_milli: before,
        imbalance_after_milli: st.imbalance_milli,
        target_milli: target_imbalance_milli(input.threshold, usable),
        moves: st.moves,
        blocked: st.blocked,
        placement: st.at,
        stalled: st.stalled,
    }
}

impl<'a> State<'a> {
    fn new(input: PassInput<'a>) -> State<'a> {
        let mut on_host = vec![Vec::new(); input.hosts.len()];
        for (v, vm) in input.vms.iter().enumerate() {
            on_host[vm.host].push(v);
        }
        let mut st = State {
            input,
            n_usable: input.hosts.iter().filter(|h| h.usable).count(),
            rules_of: rules_of(input.rules, input.vms.len()),
            at: input.vms.iter().map(|v| v.host).collect(),
            on_host,
            loads: Loads::of(input.hosts, input.vms),
            moved: vec![false; input.vms.len()],
            imbalance_milli: 0,
            host_moves: vec![0; input.hosts.len()],
            moves: Vec::new(),
            blocked: Vec::new(),
            stalled: None,
        };
        st.imbalance_milli = st.imbalance();
        st
    }
}

impl State<'_> {
    fn hosts(&self) -> &[DrsHost] {
        self.input.hosts
    }

    fn imbalance(&self) -> u32 {
        stddev_milli(&self.loads.usable_loads(self.hosts()))
    }

    /// n, Σx and Σx² over the usable hosts' loads now.
    fn sums(&self) -> Sums {
        let loads = self.loads.usable_loads(self.hosts());
        Sums {
            n: loads.len() as u128,
            sum: loads.iter().map(|&x| u128::from(x)).sum(),
            sq: loads
                .iter()
                .map(|&x| mul(u128::from(x), u128::from(x)))
                .sum(),
        }
    }

    /// Spread of the usable loads with `v` moved from its host to `to`,
    /// from the sums now: only two loads change.
    fn spread_after(&self, sums: &Sums, v: usize, to: usize) -> u128 {
        let hosts = self.hosts();
        let vm = &self.input.vms[v];
        let from = self.at[v];
        let (mut sum, mut sq) = (sums.sum, sums.sq);
        let mut swap = |h: usize, add: bool| {
            if hosts[h].usable {
                let old = u128::from(self.loads.load_pm(hosts, h));
                let new = u128::from(self.loads.load_pm_with(hosts, h, vm, add));
                // Added before subtracted: the sums stay non-negative.
                sum = sum + new - old;
                sq = sq + mul(new, new) - mul(old, old);
            }
        };
        swap(from, false);
        swap(to, true);
        mul(sums.n, sq) - mul(sum, sum)
    }

    fn n_usable(&self) -> usize {
        self.n_usable
    }

    fn milli(&self, spread: u128) -> u32 {
        let n = self.n_usable().max(1) as f64;
        (to_f64(spread).sqrt() / n).round() as u32
    }

    /// The first hard obstacle to moving `v` to `to`, checking rules
    /// (`soft_too`: should rules as well; `affinity`: affinity too).
    fn obstacle(&self, v: usize, to: usize, soft_too: bool, affinity: bool) -> Option<Out> {
        let vm = &self.input.vms[v];
        let hosts = self.hosts();
        match &vm.stuck {
            Some(Stuck::Migrating) => return Some(Out::Migrating),
            Some(Stuck::CannotVmotion(_)) => return Some(Out::CannotVmotion(v)),
            None => {}
        }
        if !hosts[self.at[v]].vmotion || !hosts[to].vmotion {
            return Some(Out::NoVmotion);
        }
        // Only the rules naming `v` can forbid its move (rule order kept,
        // so the first one reported is the same).
        for &k in &self.rules_of[v] {
            let r = &self.input.rules[k];
            if (soft_too || !r.soft())
                && (affinity || r.kind != RuleKind::Affinity)
                && r.forbids(v, to, &self.at)
            {
                return Some(Out::BreaksRule(k));
            }
        }
        if !self.loads.reservations_fit(hosts, to, vm) {
            return Some(Out::NoRoomForReservation);
        }
        None
    }

    /// `out` with its names.
    fn why(&self, out: Out) -> Why {
        match out {
            Out::Migrating => Why::Migrating,
            Out::CannotVmotion(v) => Why::CannotVmotion {
                check: match &self.input.vms[v].stuck {
                    Some(Stuck::CannotVmotion(check)) => check.clone(),
                    _ => String::new(),
                },
            },
            Out::NoVmotion => Why::NoVmotion,
            Out::BreaksRule(k) => Why::BreaksRule {
                rule: self.input.rules[k].label.clone(),
            },
            Out::NoRoomForReservation => Why::NoRoomForReservation,
            Out::HostBusy(h) => Why::HostBusy {
                host: self.hosts()[h].name.clone(),
            },
            Out::Overcommits => Why::Overcommits,
            Out::RaisesImbalance => Why::RaisesImbalance,
            Out::SmallGain => Why::SmallGain,
        }
    }

    fn cost_s(&self, v: usize, to: usize) -> u32 {
        let vm = &self.input.vms[v];
        let link = self.hosts()[self.at[v]]
            .link_mb_s
            .min(self.hosts()[to].link_mb_s);
        vmotion_cost_s(vm.copy_mb, vm.dirty_mb_s, link)
    }

    fn apply(&mut self, v: usize, to: usize, priority: u8, reason: Reason, alts: Vec<Alternative>) {
        let hosts = self.input.hosts;
        let from = self.at[v];
        let before = self.imbalance_milli;
        let (from_load_pm, to_load_pm) = (
            self.loads.load_pm(hosts, from),
            self.loads.load_pm(hosts, to),
        );
        let cost_s = self.cost_s(v, to);
        let vm = &self.input.vms[v];
        self.loads.remove(vm, from);
        self.loads.add(vm, to);
        self.at[v] = to;
        if let Ok(i) = self.on_host[from].binary_search(&v) {
            self.on_host[from].remove(i);
        }
        if let Err(i) = self.on_host[to].binary_search(&v) {
            self.on_host[to].insert(i, v);
        }
        self.moved[v] = true;
        self.imbalance_milli = self.imbalance();
        if reason == Reason::Balance {
            self.host_moves[from] += 1;
            self.host_moves[to] += 1;
        }
        self.moves.push(Move {
            vm: v,
            from,
            to,
            priority,
            reason,
            imbalance_before_milli: before,
            imbalance_after_milli: self.imbalance_milli,
            cost_s,
            risk_pct: vm.risk_pct,
            from_load_pm,
            to_load_pm,
            alternatives: alts,
        });
    }

    /// The best host for a mandatory move of `v` among `targets`: hard
    /// rules and reservations must hold; then hosts that keep should
    /// rules, affinity and capacity come first, then the lowest spread.
    fn best_mandatory_target(&self, v: usize, targets: &[usize]) -> Result<usize, Why> {
        let hosts = self.hosts();
        let sums = self.sums();
        let mut best: Option<((bool, bool, u128, usize), usize)> = None;
        let mut first_why = None;
        for &t in targets {
            if !hosts[t].usable || t == self.at[v] {
                continue;
            }
            if let Some(out) = self.obstacle(v, t, false, false) {
                first_why.get_or_insert(out);
                continue;
            }
            let soft = self.obstacle(v, t, true, true).is_some();
            let over = !self.loads.entitlement_fits(hosts, t, &self.input.vms[v]);
            let key = (soft, over, self.spread_after(&sums, v, t), t);
            if best.as_ref().is_none_or(|(k, _)| key < *k) {
                best = Some((key, t));
            }
        }
        best.map(|(_, t)| t)
            .ok_or_else(|| first_why.map_or(Why::NoHost, |out| self.why(out)))
    }

    fn evacuate(&mut self) {
        let hosts = self.input.hosts;
        let all: Vec<usize> = (0..hosts.len()).collect();
        for (h, host) in hosts.iter().enumerate() {
            if !host.evacuating {
                continue;
            }
            for v in 0..self.input.vms.len() {
                if self.at[v] != h {
                    continue;
                }
                let reason = Reason::Evacuate {
                    host: host.name.clone(),
                    standby: host.entering_standby,
                };
                match self.best_mandatory_target(v, &all) {
                    Ok(t) => self.apply(v, t, 1, reason, Vec::new()),
                    Err(why) => self.blocked.push(Blocked {
                        vm: v,
                        host: h,
                        reason,
                        why,
                    }),
                }
            }
        }
    }

    fn mend_rules(&mut self) {
        let rules = self.input.rules;
        for r in rules {
            for (v, mend) in r.violations(&self.at, self.hosts().len()) {
                if self.moved[v] || self.hosts()[self.at[v]].evacuating {
                    continue;
                }
                let reason = Reason::Rule {
                    rule: r.label.clone(),
                    rule_kind: r.kind,
                };
                match self.best_mandatory_target(v, &mend) {
                    Ok(t) => self.apply(v, t, 1, reason, Vec::new()),
                    Err(why) => self.blocked.push(Blocked {
                        vm: v,
                        host: self.at[v],
                        reason,
                        why,
                    }),
                }
            }
        }
    }

    fn balance(&mut self) {
        let threshold = self.input.threshold;
        let limit = self.input.vms.len() + self.hosts().len() * MAX_MOVES_PER_HOST as usize;
        for _ in 0..limit {
            let n = self.n_usable();
            if n < 2 {
                return;
            }
            let Some(priority) = balance_priority(self.imbalance_milli, n) else {
                return;
            };
            if threshold < 2 || !applies(threshold, priority) {
                return;
            }
            match self.best_balancing_move() {
                Ok((v, t, alts)) => self.apply(v, t, priority, Reason::Balance, alts),
                Err(stalled) => {
                    self.stalled = stalled;
                    return;
                }
            }
        }
    }

    /// Whether host `h` is above a FusionCompute baseline (always true on
    /// vSphere).
    fn above_baseline(&self, h: usize) -> bool {
        match self.input.baselines {
            None => true,
            Some((cpu, mem)) => {
                let (c, m) = self.loads.parts_pm(self.hosts(), h);
                c > u64::from(cpu) * 10 || m > u64::from(mem) * 10
            }
        }
    }

    /// A candidate's score (gain per vMotion cost), or why it is out;
    /// `now` is the spread now and its square root.
    fn judge(
        &self,
        v: usize,
        s: usize,
        t: usize,
        now: (u128, f64),
        after: u128,
    ) -> Result<u64, Out> {
        let hosts = self.hosts();
        if let Some(out) = self.obstacle(v, t, true, true) {
            return Err(out);
        }
        for h in [s, t] {
            if self.host_moves[h] >= MAX_MOVES_PER_HOST {
                return Err(Out::HostBusy(h));
            }
        }
        if !self.loads.entitlement_fits(hosts, t, &self.input.vms[v]) {
            return Err(Out::Overcommits);
        }
        let (now, now_sqrt) = now;
        if after >= now {
            return Err(Out::RaisesImbalance);
        }
        self.score(v, t, now_sqrt, after).ok_or(Out::SmallGain)
    }

    /// Moving `v` to `t` scored: its gain per vMotion cost, with `after`
    /// the spread it leaves and `now_sqrt` the square root of the spread
    /// now; `None` when its risk-adjusted gain is too small to be worth a
    /// vMotion. Monotonic in the gain (each step is, IEEE rounding
    /// included), which the search's bound relies on.
    fn score(&self, v: usize, t: usize, now_sqrt: f64, after: u128) -> Option<u64> {
        let n = self.n_usable() as f64;
        let gain_milli = (now_sqrt - to_f64(after).sqrt()) / n;
        let risk = f64::from(100 - self.input.vms[v].risk_pct.min(100)) / 100.0;
        let adjusted = gain_milli * risk;
        // One move shifts a smaller share of a larger cluster's spread:
        // the bar falls with √hosts beyond four, so large clusters still
        // balance (a fixed bar stopped a 96-host cluster far above its
        // target).
        let min_gain = MIN_GAIN_MILLI * (4.0 / n).sqrt().min(1.0);
        if adjusted < min_gain {
            return None;
        }
        // Gain per minute of vMotion (plus a minute's fixed cost), in
        // millionths so ties compare exactly.
        let cost = f64::from(self.cost_s(v, t)) + 60.0;
        Some((adjusted * 60.0 / cost * 1_000_000.0) as u64)
    }
}
