//! DRS and DPM inside the simulation: workload demand every 5 minutes,
//! a DRS pass every `period_s` ([`crate::drs::pass`]) whose moves run as
//! live migrations ([`crate::sim::migration`]), maintenance mode, DPM's
//! power decisions and the energy the hosts draw.

use super::Sim;
use crate::drs::demand::drs_mem_demand_mb;
use crate::drs::dpm_priority::{applies, power_off_priority, power_on_priority};
use crate::drs::load::{per_mille, stddev_milli, DrsHost, DrsVm, Loads, Stuck};
use crate::drs::note::{DrsNote, DrsSample, DrsSummary, HostPower, PowerEvent, Recommendation};
use crate::drs::pass::{run_pass, Blocked, Move, PassInput, PassResult, Reason, Why};
use crate::drs::power::{watts, DPM_OFF_WINDOW_S, DPM_ON_WINDOW_S, J_PER_KWH, RISK_WINDOW_S};
use crate::drs::rules::DrsRule;
use crate::drs::spec::{Automation, DpmAutomation, RuleKind, DEFAULT_THRESHOLD};
use crate::drs::threshold::target_imbalance_milli;
use crate::drs::workload::WORKLOAD_INTERVAL_S;
use crate::event::{Detail, EventKind};
use crate::inventory::Platform;
use crate::migration::spec::MigrationSpec;
use crate::migration::Outcome;
use std::collections::VecDeque;

/// DRS and DPM's running state.
#[derive(Debug, Clone, Default)]
pub struct DrsState {
    pub power: Vec<HostPower>,
    /// Per host, its utilization at each DPM look [‰], newest last.
    util: Vec<VecDeque<u64>>,
    /// Per VM, its CPU demand at each workload interval [MHz], newest last.
    demand: Vec<VecDeque<u64>>,
    /// Per host, energy drawn so far [J].
    energy_j: Vec<u64>,
    pub recommendations: Vec<Recommendation>,
    /// Recommendations of the last pass still waiting for the student.
    pending: Vec<usize>,
    pub power_events: Vec<PowerEvent>,
    /// The imbalance the first pass found, before its moves [thousandths].
    first_imbalance_milli: Option<u32>,
    /// Migrations DRS started.
    pub migrations: u32,
    /// `[[maintenance]]` entries not yet begun / not yet ended.
    next_maintenance: usize,
    maintenance_ends: Vec<(u32, usize)>,
    /// Hosts whose maintenance (or standby) evacuation is not finished.
    evacuating: Vec<bool>,
    /// Hosts an administrator put in maintenance mode (`[[maintenance]]`
    /// or the host's own `maintenance`), apart from DPM's standby, which
    /// also closes a host to new VMs.
    in_maintenance: Vec<bool>,
    /// Hosts DPM found unmanageable (logged once).
    unmanaged_logged: Vec<bool>,
    /// (VM, host) pairs already reported as unable to leave: the log says
    /// it once, not at every pass.
    blocked_logged: Vec<(String, String, Reason)>,
    /// The last "no move qualifies" reported (VM, host, why), so a stall
    /// is said once, not at every pass; cleared by a balancing move.
    stall_logged: Option<(String, String, Why)>,
    /// When a woken host last came up [s]: DPM waits one power-on window
    /// for DRS to move load onto it before judging again.
    last_awake_s: Option<u32>,
    /// The last power action DPM in manual mode recommended (host, power
    /// on?), so the log says it once while it stands.
    dpm_recommended: Option<(usize, bool)>,
}

impl Sim {
    pub(crate) fn drs_on(&self) -> bool {
        self.config.drs.as_ref().is_some_and(|d| d.enabled)
    }

    /// Whether the scenario has DRS or DPM at all (on or off): then the
    /// run meters energy and its samples carry DRS's figures.
    fn has_drs_or_dpm(&self) -> bool {
        self.config.drs.is_some() || self.config.dpm.is_some()
    }

    fn dpm_on(&self) -> bool {
        let Some(dpm) = &self.config.dpm else {
            return false;
        };
        let fc_ok = self.config.platform == Platform::Vsphere
            || self.config.drs.as_ref().is_some_and(|d| d.threshold > 1);
        dpm.enabled && self.drs_on() && fc_ok
    }

    pub(crate) fn start_drs(&mut self) {
        let hosts = self.config.host.len();
        self.drs.power = vec![HostPower::On; hosts];
        self.drs.util = vec![VecDeque::new(); hosts];
        // Energy is DRS and DPM's figure: other labs skip the per-step
        // power sums.
        self.drs.energy_j = if self.has_drs_or_dpm() {
            vec![0; hosts]
        } else {
            Vec::new()
        };
        self.drs.evacuating = vec![false; hosts];
        self.drs.in_maintenance = self.config.host.iter().map(|h| h.maintenance).collect();
        self.drs.unmanaged_logged = vec![false; hosts];
        self.drs.demand = vec![VecDeque::new(); self.config.vm.len()];
        self.config.maintenance.sort_by_key(|m| m.at_s);
        self.apply_workload();
    }

    /// The next second DRS, DPM, a workload change or maintenance is due.
    pub(crate) fn next_drs_s(&self) -> Option<u32> {
        let after = |period: u32| (self.t_s / period + 1) * period;
        let workload = self
            .config
            .vm
            .iter()
            .any(|v| v.workload.is_some())
            .then(|| after(WORKLOAD_INTERVAL_S));
        let pass = self
            .config
            .drs
            .as_ref()
            .filter(|d| d.enabled)
            .map(|d| after(d.period_s.max(1)));
        let maintenance = self
            .config
            .maintenance
            .get(self.drs.next_maintenance)
            .map(|m| m.at_s);
        let ends = self.drs.maintenance_ends.iter().map(|e| e.0).min();
        let boots = self.drs.power.iter().filter_map(|p| match p {
            HostPower::Booting { ready_s } => Some(*ready_s),
            _ => None,
        });
        [workload, pass, maintenance, ends]
            .into_iter()
            .flatten()
            .chain(boots)
            .filter(|&t| t > self.t_s)
            .min()
    }

    /// Adds the hosts' energy from now to `until` [s], the state holding.
    pub(crate) fn integrate_energy(&mut self, until: u32) {
        let dt = u64::from(until.saturating_sub(self.t_s));
        if dt == 0 || self.drs.energy_j.is_empty() {
            return;
        }
        let util_pm = self.cpu_util_pms();
        for (h, &util_pm) in util_pm.iter().enumerate() {
            let w = self.host_watts(h, util_pm);
            self.drs.energy_j[h] += w * dt;
        }
    }

    /// Host `h`'s draw now [W], its VMs wanting `util_pm` of its CPU.
    fn host_watts(&self, h: usize, util_pm: u64) -> u64 {
        let host = &self.config.host[h];
        if host.failed {
            return 0;
        }
        match self.drs.power.get(h).copied().unwrap_or_default() {
            HostPower::Standby => u64::from(host.standby_w),
            HostPower::Booting { .. } => u64::from(host.idle_w),
            HostPower::On | HostPower::EnteringStandby => watts(host.idle_w, host.peak_w, util_pm),
        }
    }

    /// [`Self::cpu_util_pm`] of every host, in one pass over the VMs.
    fn cpu_util_pms(&self) -> Vec<u64> {
        let mut demand_mhz = vec![0u64; self.config.host.len()];
        for (vm, h) in self.config.vm.iter().zip(&self.placed) {
            if let Some(h) = *h {
                let host = &self.config.host[h];
                demand_mhz[h] += crate::resource::allocation::VmNeeds::of(vm, host).cpu_demand_mhz;
            }
        }
        let util_pm: Vec<u64> = self
            .config
            .host
            .iter()
            .zip(demand_mhz)
            .map(|(host, d)| per_mille(d, host.cpu_capacity_mhz()))
            .collect();
        debug_assert!((0..util_pm.len()).all(|h| util_pm[h] == self.cpu_util_pm(h)));
        util_pm
    }

    /// CPU the VMs on host `h` want over its capacity [‰].
    fn cpu_util_pm(&self, h: usize) -> u64 {
        let host = &self.config.host[h];
        let demand: u64 = (0..self.config.vm.len())
            .filter(|&i| self.placed[i] == Some(h))
            .map(|i| {
                crate::resource::allocation::VmNeeds::of(&self.config.vm[i], host).cpu_demand_mhz
            })
            .sum();
        per_mille(demand, host.cpu_capacity_mhz())
    }

    /// Everything DRS and DPM do at the current second.
    pub(crate) fn advance_drs(&mut self) {
        if self.drs.power.is_empty() {
            return;
        }
        if self.t_s % WORKLOAD_INTERVAL_S == 0 && self.t_s > 0 {
            self.apply_workload();
        }
        self.finish_boots();
        self.end_maintenance();
        let started = self.start_maintenance();
        let period = self.config.drs.as_ref().map_or(0, |d| d.period_s.max(1));
        let due = self.drs_on() && self.t_s > 0 && self.t_s % period == 0;
        if due || (started && self.drs_on()) {
            if due && self.dpm_on() {
                self.dpm_look();
            }
            self.drs_pass();
        } else if started {
            self.report_stuck_without_drs();
        }
        self.finish_evacuations();
    }

    /// Sets each VM's demand for the interval now from its workload.
    fn apply_workload(&mut self) {
        let mut changed = false;
        for i in 0..self.config.vm.len() {
            let Some(w) = &self.config.vm[i].workload else {
                continue;
            };
            let d = w.demand_at(self.t_s, self.seed, i);
            let vm = &mut self.config.vm[i];
            changed |= vm.cpu_demand_mhz != Some(d.cpu_mhz);
            vm.cpu_demand_mhz = Some(d.cpu_mhz);
            if let Some(active) = d.mem_active_mb {
                let touched = vm.mem_demand_mb.unwrap_or(vm.mem_mb);
                let active = Some(active.min(touched));
                changed |= vm.mem_active_mb != active;
                vm.mem_active_mb = active;
            }
            let history = &mut self.drs.demand[i];
            history.push_back(d.cpu_mhz);
            if history.len() > (RISK_WINDOW_S / WORKLOAD_INTERVAL_S) as usize {
                history.pop_front();
            }
        }
        if changed {
            self.revision += 1;
        }
    }

    /// VM `i`'s DRS memory demand [MB] on the host it runs on.
    pub fn drs_mem_demand(&self, i: usize) -> u64 {
        let Some(h) = self.placed[i] else { return 0 };
        let vm = &self.config.vm[i];
        let n = crate::resource::allocation::VmNeeds::of(vm, &self.config.host[h]);
        let consumed = vm.mem_consumed_mb.unwrap_or(n.mem_demand_mb).min(vm.mem_mb);
        drs_mem_demand_mb(n.mem_active_mb, consumed, n.mem_overhead_mb)
    }

    /// Whether an enabled VM-Host must rule or anti-affinity rule forbids
    /// VM `i` on host `h` now (HA restarts keep them, as vSphere HA does
    /// by default for must rules).
    pub(crate) fn hard_rule_forbids(&self, i: usize, h: usize) -> bool {
        let name = &self.config.vm[i].name;
        let host = &self.config.host[h].name;
        self.config
            .rule
            .iter()
            .filter(|r| r.enabled && r.vms.contains(name))
            .any(|r| match r.kind {
                RuleKind::VmHostMust => !r.hosts.contains(host),
                RuleKind::AntiAffinity => r.vms.iter().any(|other| {
                    other != name
                        && self
                            .config
                            .vm
                            .iter()
                            .position(|v| &v.name == other)
                            .is_some_and(|j| self.placed[j] == Some(h))
                }),
                _ => false,
            })
    }

    /// DRS's initial placement of VM `i`: usable hosts where no hard rule
    /// forbids it, those keeping should rules first, then by the
    /// imbalance it would leave (ties: file order). `None` when DRS is off
    /// or the VM names its host.
    pub(crate) fn drs_placement(&self, i: usize) -> Option<Vec<usize>> {
        if !self.drs_on() || self.config.vm[i].host.is_some() || self.drs.power.is_empty() {
            return None;
        }
        let (hosts, mut vms, mut index) = self.drs_snapshot();
        let vm = &self.config.vm[i];
        let first = hosts.iter().position(|h| h.usable)?;
        let n = crate::resource::allocation::VmNeeds::of(vm, &self.config.host[first]);
        let consumed = vm.mem_consumed_mb.unwrap_or(n.mem_demand_mb).min(vm.mem_mb);
        let mem = drs_mem_demand_mb(n.mem_active_mb, consumed, n.mem_overhead_mb)
            .max(vm.mem_reservation_mb + n.mem_overhead_mb);
        vms.push(DrsVm {
            name: vm.name.clone(),
            host: first,
            cpu_mhz: n
                .cpu_demand_mhz
                .min(n.cpu_limit_mhz)
                .max(vm.cpu_reservation_mhz),
            mem_mb: mem,
            cpu_reserved_mhz: vm.cpu_reservation_mhz,
            mem_reserved_mb: vm.mem_reservation_mb + n.mem_overhead_mb,
            copy_mb: 0,
            dirty_mb_s: 0,
            risk_pct: 0,
            stuck: None,
        });
        index.push(i);
        let new = vms.len() - 1;
        let rules = self.drs_rules(&index);
        let mut loads = Loads::of(&hosts, &vms[..new]);
        loads.weights = Loads::of(&hosts, &vms).weights;
        let mut at: Vec<usize> = vms.iter().map(|v| v.host).collect();
        let mut order: Vec<(bool, u128, usize)> = Vec::new();
        for t in (0..hosts.len()).filter(|&t| hosts[t].usable) {
            at[new] = t;
            let forbids = |soft: bool| {
                rules
                    .iter()
                    .any(|r| r.soft() == soft && r.forbids(new, t, &at))
            };
            if forbids(false) {
                continue;
            }
            let after: Vec<u64> = (0..hosts.len())
                .filter(|&h| hosts[h].usable)
                .map(|h| {
                    if h == t {
                        loads.load_pm_with(&hosts, h, &vms[new], true)
                    } else {
                        loads.load_pm(&hosts, h)
                    }
                })
                .collect();
            order.push((forbids(true), crate::drs::load::spread(&after), t));
        }
        order.sort_unstable();
        Some(order.into_iter().map(|(_, _, t)| t).collect())
    }

    /// The pass's picture of the cluster, and the scenario index of each
    /// pass VM.
    fn drs_snapshot(&self) -> (Vec<DrsHost>, Vec<DrsVm>, Vec<usize>) {
        // Dynamic CPU entitlements: the cluster's divvy of today's demand.
        let members = crate::resource::cluster::members(&self.placed);
        let pools: Vec<&crate::inventory::pool::PoolSpec> = self.config.pool.iter().collect();
        let tree = crate::resource::cluster::tree(&self.config.inventory(), &pools, &members, None);
        let (allocs, _) = tree.allocate();
        self.drs_snapshot_of(&members, &allocs)
    }

    /// [`Self::drs_snapshot`] from the cluster tree's allocation of
    /// `members` (scenario index, host) now, before any host fit: the
    /// sample has just divided the same tree, and a day-long lab's
    /// samples spent a fifth of their time dividing it again (issue 18).
    fn drs_snapshot_of(
        &self,
        members: &[(usize, usize)],
        allocs: &[crate::resource::allocation::VmAllocation],
    ) -> (Vec<DrsHost>, Vec<DrsVm>, Vec<usize>) {
        debug_assert_eq!(members.len(), allocs.len());
        let hosts: Vec<DrsHost> = self
            .config
            .host
            .iter()
            .enumerate()
            .map(|(h, host)| {
                let power = self.drs.power.get(h).copied().unwrap_or_default();
                let on = !host.failed && power.is_on();
                DrsHost {
                    name: host.name.clone(),
                    cpu_mhz: host.cpu_capacity_mhz(),
                    mem_mb: host.mem_mb,
                    usable: on && !host.maintenance,
                    evacuating: on && host.maintenance,
                    entering_standby: power == HostPower::EnteringStandby,
                    vmotion: host.vmotion_gbps.is_some(),
                    link_mb_s: crate::migration::record::vmotion_mb_s(host),
                }
            })
            .collect();
        let migrating: Vec<bool> = (0..self.config.vm.len())
            .map(|i| {
                let name = &self.config.vm[i].name;
                self.migrations.iter().any(|r| {
                    &r.vm == name && matches!(r.outcome, Outcome::Running | Outcome::Queued)
                })
            })
            .collect();
        let mut index = Vec::new();
        let vms = members
            .iter()
            .zip(allocs)
            .map(|(&(i, h), a)| {
                index.push(i);
                let vm = &self.config.vm[i];
                let n = crate::resource::allocation::VmNeeds::of(vm, &self.config.host[h]);
                let overhead = n.mem_overhead_mb;
                let mem = self
                    .drs_mem_demand(i)
                    .clamp(vm.mem_reservation_mb + overhead, n.mem_limit_mb + overhead);
                let stuck = if migrating[i] {
                    Some(Stuck::Migrating)
                } else {
                    static_refusal(vm).map(|c| Stuck::CannotVmotion(c.to_string()))
                };
                DrsVm {
                    name: vm.name.clone(),
                    host: h,
                    cpu_mhz: a.cpu_entitlement_mhz,
                    mem_mb: mem,
                    cpu_reserved_mhz: vm.cpu_reservation_mhz,
                    mem_reserved_mb: vm.mem_reservation_mb + overhead,
                    copy_mb: vm.mem_consumed_mb.unwrap_or(n.mem_demand_mb).min(vm.mem_mb),
                    dirty_mb_s: vm.mem_dirty_mb_s,
                    risk_pct: risk_pct(&self.drs.demand[i]),
                    stuck,
                }
            })
            .collect();
        (hosts, vms, index)
    }

    /// The rules over a snapshot's indices (disabled rules and VMs not
    /// running left out).
    fn drs_rules(&self, index: &[usize]) -> Vec<DrsRule> {
        let pass_vm = |name: &str| index.iter().position(|&i| self.config.vm[i].name == name);
        let host = |name: &str| self.config.host.iter().position(|h| h.name == name);
        self.config
            .rule
            .iter()
            .enumerate()
            .filter(|(_, r)| r.enabled)
            .map(|(k, r)| DrsRule {
                label: r.label(k),
                kind: r.kind,
                vms: r.vms.iter().filter_map(|v| pass_vm(v)).collect(),
                hosts: r.hosts.iter().filter_map(|h| host(h)).collect(),
            })
            .collect()
    }

    fn pass_input<'a>(
        &self,
        hosts: &'a [DrsHost],
        vms: &'a [DrsVm],
        rules: &'a [DrsRule],
    ) -> PassInput<'a> {
        let drs = self.config.drs.clone().unwrap_or_default();
        PassInput {
            hosts,
            vms,
            rules,
            threshold: drs.threshold,
            baselines: (self.config.platform == Platform::Fusioncompute)
                .then_some((drs.cpu_baseline_pct, drs.mem_baseline_pct)),
        }
    }

    /// One DRS pass now: recommendations, applied when automation (or the
    /// student) allows.
    fn drs_pass(&mut self) {
        let (hosts, vms, index) = self.drs_snapshot();
        let rules = self.drs_rules(&index);
        let result = run_pass(self.pass_input(&hosts, &vms, &rules));
        self.drs
            .first_imbalance_milli
            .get_or_insert(result.imbalance_before_milli);
        self.take_recommendations(&result, &hosts, &vms, &index);
        self.report_stall(&result);
        for b in &result.blocked {
            self.log_blocked(b, &hosts, &vms);
        }
    }

    fn take_recommendations(
        &mut self,
        result: &PassResult,
        hosts: &[DrsHost],
        vms: &[DrsVm],
        index: &[usize],
    ) {
        let drs = self.config.drs.clone().unwrap_or_default();
        let previous = std::mem::take(&mut self.drs.pending);
        for m in &result.moves {
            let vm = &vms[m.vm].name;
            let to = &hosts[m.to].name;
            // A recommendation still waiting from the last pass keeps its
            // number: vCenter shows it once.
            if let Some(&k) = previous.iter().find(|&&k| {
                let r = &self.drs.recommendations[k];
                &r.vm == vm && &r.to == to
            }) {
                self.drs.pending.push(k);
                continue;
            }
            let number = self.drs.recommendations.len() as u32 + 1;
            // DPM's own evacuations follow DPM's automation (automatic
            // here), not DRS's: a manual DRS would otherwise leave the
            // host half-empty for the rest of the day.
            let for_standby = matches!(&m.reason, Reason::Evacuate { .. })
                && self.drs.power[m.from] == HostPower::EnteringStandby;
            let automatic = drs.automation == Automation::Full || for_standby;
            let applied = automatic || number <= drs.approved;
            let rec = recommendation(number, self.t_s, m, hosts, vms, applied);
            self.log(
                EventKind::DrsRecommended,
                vm,
                Detail::Drs(DrsNote::Recommended(Box::new(rec.clone()))),
            );
            self.drs.recommendations.push(rec);
            if applied {
                self.start_drs_migration(index[m.vm], to);
            } else {
                self.drs.pending.push(number as usize - 1);
            }
        }
    }

    /// Starts a vMotion of VM `i` to host `to` through the migration
    /// engine (its pre-checks, cost model and pre-copy).
    fn start_drs_migration(&mut self, i: usize, to: &str) {
        self.config.migration.push(MigrationSpec {
            vm: self.config.vm[i].name.clone(),
            to_host: to.to_string(),
            to_datastore: None,
            at_s: self.t_s,
            sdps: true,
            order: Default::default(),
            max_switchover_s: crate::migration::plan::DEFAULT_MAX_SWITCHOVER_S,
        });
        let k = self.config.migration.len() - 1;
        let mut record = super::migration::new_record(&self.config, k);
        record.by_drs = true;
        self.migrations.push(record);
        self.drs.migrations += 1;
        self.advance_migrations();
    }

    /// Says, once per distinct cause, that DRS stays above its target
    /// because no move qualifies.
    fn report_stall(&mut self, result: &PassResult) {
        if result.moves.iter().any(|m| m.reason == Reason::Balance) {
            self.drs.stall_logged = None;
        }
        let (Some(best), Some(target)) = (&result.stalled, result.target_milli) else {
            return;
        };
        let key = (best.vm.clone(), best.to.clone(), best.why.clone());
        if self.drs.stall_logged.as_ref() == Some(&key) {
            return;
        }
        self.drs.stall_logged = Some(key);
        let note = DrsNote::NoMove {
            imbalance_milli: result.imbalance_after_milli,
            target_milli: target,
            best: best.clone(),
        };
        // About the VM whose move would have helped most.
        let vm = best.vm.clone();
        self.log(EventKind::DrsNoMove, &vm, Detail::Drs(note));
    }

    fn log_blocked(&mut self, b: &Blocked, hosts: &[DrsHost], vms: &[DrsVm]) {
        let key = (
            vms[b.vm].name.clone(),
            hosts[b.host].name.clone(),
            b.reason.clone(),
        );
        if self.drs.blocked_logged.contains(&key) {
            return;
        }
        self.drs.blocked_logged.push(key);
        let note = DrsNote::Blocked {
            host: hosts[b.host].name.clone(),
            reason: b.reason.clone(),
            why: b.why.clone(),
        };
        self.log(
            EventKind::EvacuationBlocked,
            &vms[b.vm].name.clone(),
            Detail::Drs(note),
        );
    }

    /// Maintenance requests due now: the host takes no new VMs and DRS
    /// evacuates it. Whether any began.
    fn start_maintenance(&mut self) -> bool {
        let mut any = false;
        while let Some(m) = self.config.maintenance.get(self.drs.next_maintenance) {
            if m.at_s > self.t_s {
                break;
            }
            let (name, until) = (m.host.clone(), m.until_s);
            let k = self.drs.next_maintenance;
            self.drs.next_maintenance += 1;
            let Some(h) = self.config.host.iter().position(|x| x.name == name) else {
                continue;
            };
            self.drs.in_maintenance[h] = true;
            self.sync_closed(h);
            self.drs.evacuating[h] = true;
            // A new request is reported afresh.
            self.drs.blocked_logged.retain(|(_, host, _)| *host != name);
            if let Some(until) = until {
                self.drs.maintenance_ends.push((until, k));
            }
            self.revision += 1;
            self.log(EventKind::MaintenanceRequested, &name, Detail::None);
            any = true;
        }
        any
    }

    fn end_maintenance(&mut self) {
        let due: Vec<usize> = self
            .drs
            .maintenance_ends
            .iter()
            .filter(|e| e.0 <= self.t_s)
            .map(|e| e.1)
            .collect();
        self.drs.maintenance_ends.retain(|e| e.0 > self.t_s);
        for k in due {
            let name = self.config.maintenance[k].host.clone();
            if let Some(h) = self.config.host.iter().position(|x| x.name == name) {
                self.drs.in_maintenance[h] = false;
                self.sync_closed(h);
                self.drs.evacuating[h] = false;
                self.drs.blocked_logged.retain(|(_, host, _)| *host != name);
                self.revision += 1;
                self.log(EventKind::MaintenanceExited, &name, Detail::None);
            }
        }
    }

    /// Without DRS nothing evacuates a host in maintenance mode: say so
    /// for each VM left there.
    fn report_stuck_without_drs(&mut self) {
        for h in 0..self.config.host.len() {
            if !self.drs.evacuating[h] {
                continue;
            }
            let host = self.config.host[h].name.clone();
            for i in 0..self.config.vm.len() {
                if self.placed[i] == Some(h) {
                    let note = DrsNote::Blocked {
                        host: host.clone(),
                        reason: Reason::Evacuate {
                            host: host.clone(),
                            standby: false,
                        },
                        why: Why::DrsOff,
                    };
                    let vm = self.config.vm[i].name.clone();
                    self.log(EventKind::EvacuationBlocked, &vm, Detail::Drs(note));
                }
            }
        }
    }

    /// Hosts whose evacuation finished: maintenance mode entered, or
    /// standby.
    fn finish_evacuations(&mut self) {
        for h in 0..self.config.host.len() {
            let standby = self.drs.power[h] == HostPower::EnteringStandby;
            if !(self.drs.evacuating[h] || standby) {
                continue;
            }
            let busy = self.placed.contains(&Some(h))
                || self
                    .migrations
                    .iter()
                    .any(|r| r.outcome == Outcome::Running && (r.from == self.config.host[h].name));
            if busy {
                continue;
            }
            let name = self.config.host[h].name.clone();
            if standby {
                self.drs.power[h] = HostPower::Standby;
                self.revision += 1;
                let util = self.drs.util[h].back().copied().unwrap_or(0);
                self.power_event(h, "standby", util);
                let note = DrsNote::Power {
                    utilization_pm: util,
                    window_s: DPM_OFF_WINDOW_S,
                };
                self.log(EventKind::HostStandby, &name, Detail::Drs(note));
            } else {
                self.drs.evacuating[h] = false;
                self.log(EventKind::MaintenanceEntered, &name, Detail::None);
            }
        }
    }

    /// Closes host `h` to new VMs and migrations (the host's `maintenance`
    /// flag, which admission, HA and vMotion's checks read) while it is in
    /// maintenance mode or not plainly on.
    fn sync_closed(&mut self, h: usize) {
        self.config.host[h].maintenance =
            self.drs.in_maintenance[h] || self.drs.power[h] != HostPower::On;
    }

    fn power_event(&mut self, h: usize, action: &str, util_pm: u64) {
        self.drs.power_events.push(PowerEvent {
            t_s: self.t_s,
            host: self.config.host[h].name.clone(),
            action: action.to_string(),
            utilization_pct: util_pm.div_ceil(10),
        });
    }

    fn finish_boots(&mut self) {
        for h in 0..self.config.host.len() {
            if let HostPower::Booting { ready_s } = self.drs.power[h] {
                if ready_s <= self.t_s {
                    self.drs.power[h] = HostPower::On;
                    self.sync_closed(h);
                    self.drs.util[h].clear();
                    self.drs.last_awake_s = Some(self.t_s);
                    self.revision += 1;
                    self.power_event(h, "awake", 0);
                    let name = self.config.host[h].name.clone();
                    self.log(EventKind::HostAwake, &name, Detail::Drs(DrsNote::Plain));
                }
            }
        }
    }

    /// Host `h`'s utilization now: the larger of CPU demand and DRS memory
    /// demand over capacity [‰].
    fn dpm_util_pm(&self, h: usize) -> u64 {
        let host = &self.config.host[h];
        let mem: u64 = (0..self.config.vm.len())
            .filter(|&i| self.placed[i] == Some(h))
            .map(|i| self.drs_mem_demand(i))
            .sum();
        self.cpu_util_pm(h).max(per_mille(mem, host.mem_mb))
    }

    /// DPM's look at the cluster: record utilization, then wake a host
    /// when one runs hot, or put the least valuable host in standby when
    /// all ran cool for the whole off window.
    fn dpm_look(&mut self) {
        let dpm = self.config.dpm.clone().unwrap_or_default();
        let period = self.config.drs.as_ref().map_or(300, |d| d.period_s.max(1));
        let keep = (DPM_OFF_WINDOW_S / period).max(1) as usize;
        let on_looks = (DPM_ON_WINDOW_S / period).max(1) as usize;
        let on: Vec<usize> = (0..self.config.host.len())
            .filter(|&h| {
                self.drs.power[h] == HostPower::On
                    && !self.config.host[h].failed
                    && !self.drs.in_maintenance[h]
            })
            .collect();
        for &h in &on {
            let u = self.dpm_util_pm(h);
            let hist = &mut self.drs.util[h];
            hist.push_back(u);
            while hist.len() > keep {
                hist.pop_front();
            }
        }
        let avg = |hist: &VecDeque<u64>, n: usize| -> u64 {
            let take: Vec<u64> = hist.iter().rev().take(n).copied().collect();
            take.iter().sum::<u64>() / take.len().max(1) as u64
        };
        let high = u64::from(dpm.power_on_above_pct()) * 10;
        let low = u64::from(dpm.power_off_below_pct()) * 10;
        let in_transition = self
            .drs
            .power
            .iter()
            .any(|p| matches!(p, HostPower::Booting { .. } | HostPower::EnteringStandby));
        let settling = self
            .drs
            .last_awake_s
            .is_some_and(|t| self.t_s < t + DPM_ON_WINDOW_S);
        if in_transition || settling {
            return;
        }
        let hottest = on
            .iter()
            .map(|&h| (avg(&self.drs.util[h], on_looks), h))
            .max_by_key(|&(u, h)| (u, std::cmp::Reverse(h)));
        let manual = dpm.automation == DpmAutomation::Manual;
        if let Some((u, _)) = hottest {
            let wake = power_on_priority(u, high).filter(|&p| applies(p, dpm.threshold));
            if let (Some(priority), Some(h)) = (wake, self.dpm_wake_candidate()) {
                if manual {
                    self.dpm_recommend(h, true, priority, u);
                } else {
                    self.dpm_wake(h, u, dpm.boot_s);
                }
                return;
            }
        }
        // Power off: judged on the busiest host over the whole off window.
        let busiest = (on.len() > 1 && on.iter().all(|&h| self.drs.util[h].len() >= keep))
            .then(|| on.iter().map(|&h| avg(&self.drs.util[h], keep)).max())
            .flatten();
        let target_pm = u64::from(dpm.target_pct) * 10;
        let sleep = busiest.and_then(|u| {
            power_off_priority(u, low, target_pm)
                .filter(|&p| applies(p, dpm.threshold))
                .map(|p| (p, u))
        });
        match sleep {
            Some((priority, u)) => match self.dpm_standby_candidate(&on, target_pm) {
                Some((h, _)) if manual => self.dpm_recommend(h, false, priority, u),
                Some((h, util)) => self.dpm_standby(h, util),
                None => self.drs.dpm_recommended = None,
            },
            None => self.drs.dpm_recommended = None,
        }
    }

    /// DPM in manual mode: say what it would do, once while it stands.
    fn dpm_recommend(&mut self, h: usize, power_on: bool, priority: u8, util_pm: u64) {
        if self.drs.dpm_recommended == Some((h, power_on)) {
            return;
        }
        self.drs.dpm_recommended = Some((h, power_on));
        let name = self.config.host[h].name.clone();
        let note = DrsNote::PowerRecommended {
            power_on,
            priority,
            utilization_pm: util_pm,
        };
        self.log(EventKind::DpmRecommended, &name, Detail::Drs(note));
    }

    /// The host DPM would wake: the largest in standby (ties: the first).
    fn dpm_wake_candidate(&self) -> Option<usize> {
        (0..self.config.host.len())
            .filter(|&h| {
                self.drs.power[h] == HostPower::Standby
                    && !self.config.host[h].failed
                    && !self.drs.in_maintenance[h]
            })
            .max_by_key(|&h| (self.config.host[h].cpu_capacity_mhz(), std::cmp::Reverse(h)))
    }

    fn dpm_wake(&mut self, h: usize, util_pm: u64, boot_s: u32) {
        self.drs.dpm_recommended = None;
        self.drs.power[h] = HostPower::Booting {
            ready_s: self.t_s + boot_s,
        };
        self.power_event(h, "wake", util_pm);
        let name = self.config.host[h].name.clone();
        let note = DrsNote::Power {
            utilization_pm: util_pm,
            window_s: DPM_ON_WINDOW_S,
        };
        self.log(EventKind::HostWaking, &name, Detail::Drs(note));
    }

    /// The host DPM would put in standby: the least loaded manageable host
    /// whose VMs the others can take and stay at or below the target
    /// (ties: the last in file order), with its average utilization [‰].
    fn dpm_standby_candidate(&mut self, on: &[usize], target_pm: u64) -> Option<(usize, u64)> {
        let mut candidates: Vec<(u64, usize)> = on
            .iter()
            .map(|&h| (avg_last(&self.drs.util[h]), h))
            .collect();
        candidates.sort_by_key(|&(u, h)| (u, std::cmp::Reverse(h)));
        for (u, h) in candidates {
            if self.config.host[h].power_mgmt.is_none() {
                if !self.drs.unmanaged_logged[h] {
                    self.drs.unmanaged_logged[h] = true;
                    let name = self.config.host[h].name.clone();
                    self.log(
                        EventKind::DpmCannotManage,
                        &name,
                        Detail::Drs(DrsNote::Plain),
                    );
                }
                continue;
            }
            if self.can_empty(h, on, target_pm) {
                return Some((h, u));
            }
        }
        None
    }

    /// Starts putting host `h` in standby: DRS evacuates it first.
    fn dpm_standby(&mut self, h: usize, util_pm: u64) {
        self.drs.dpm_recommended = None;
        self.drs.power[h] = HostPower::EnteringStandby;
        self.sync_closed(h);
        self.revision += 1;
        if let Some(x) = self.drs.util[h].back_mut() {
            *x = util_pm;
        }
    }

    /// Whether the other powered-on hosts can take host `h`'s VMs, rules
    /// and reservations kept, and stay at or below `target_pm` of their
    /// capacity on average.
    fn can_empty(&self, h: usize, on: &[usize], target_pm: u64) -> bool {
        let rest: Vec<usize> = on.iter().copied().filter(|&x| x != h).collect();
        if rest.is_empty() {
            return false;
        }
        let cpu_cap: u64 = rest
            .iter()
            .map(|&x| self.config.host[x].cpu_capacity_mhz())
            .sum();
        let mem_cap: u64 = rest.iter().map(|&x| self.config.host[x].mem_mb).sum();
        let (mut cpu, mut mem) = (0u64, 0u64);
        for &x in on {
            let host = &self.config.host[x];
            for i in 0..self.config.vm.len() {
                if self.placed[i] == Some(x) {
                    cpu += crate::resource::allocation::VmNeeds::of(&self.config.vm[i], host)
                        .cpu_demand_mhz;
                    mem += self.drs_mem_demand(i);
                }
            }
        }
        if per_mille(cpu, cpu_cap) > target_pm || per_mille(mem, mem_cap) > target_pm {
            return false;
        }
        let (mut hosts, vms, index) = self.drs_snapshot();
        hosts[h].usable = false;
        hosts[h].evacuating = true;
        let rules = self.drs_rules(&index);
        let result = run_pass(self.pass_input(&hosts, &vms, &rules));
        result.blocked.is_empty()
    }

    /// DRS's figures now, for the sample.
    pub(crate) fn drs_sample(&self) -> Option<DrsSample> {
        if !self.has_drs_or_dpm() {
            return None;
        }
        self.drs_sample_of(self.drs_snapshot())
    }

    /// [`Self::drs_sample`] with the cluster tree's allocation of
    /// `members` now (see [`Self::drs_snapshot_of`]).
    pub(crate) fn drs_sample_with(
        &self,
        members: &[(usize, usize)],
        allocs: &[crate::resource::allocation::VmAllocation],
    ) -> Option<DrsSample> {
        if !self.has_drs_or_dpm() {
            return None;
        }
        self.drs_sample_of(self.drs_snapshot_of(members, allocs))
    }

    fn drs_sample_of(
        &self,
        (hosts, vms, index): (Vec<DrsHost>, Vec<DrsVm>, Vec<usize>),
    ) -> Option<DrsSample> {
        let loads = Loads::of(&hosts, &vms);
        let host_load_pm: Vec<u64> = (0..hosts.len())
            .map(|h| {
                if hosts[h].usable || hosts[h].evacuating {
                    loads.load_pm(&hosts, h)
                } else {
                    0
                }
            })
            .collect();
        let usable = hosts.iter().filter(|h| h.usable).count();
        let rules = self.drs_rules(&index);
        let at: Vec<usize> = vms.iter().map(|v| v.host).collect();
        let rule_violations = rules
            .iter()
            .map(|r| r.violations(&at, hosts.len()).len() as u32)
            .sum();
        let threshold = self
            .config
            .drs
            .as_ref()
            .map_or(DEFAULT_THRESHOLD, |d| d.threshold);
        let util_pm = self.cpu_util_pms();
        Some(DrsSample {
            imbalance_milli: stddev_milli(&loads.usable_loads(&hosts)),
            target_milli: target_imbalance_milli(threshold, usable),
            host_load_pm,
            host_watts: util_pm
                .iter()
                .enumerate()
                .map(|(h, &u)| self.host_watts(h, u))
                .collect(),
            host_cpu_demand_pm: util_pm,
            host_power: self.drs.power.clone(),
            energy_wh: self.drs.energy_j.iter().sum::<u64>() / 3600,
            migrations: self.drs.migrations,
            pending: self
                .drs
                .pending
                .iter()
                .map(|&k| self.drs.recommendations[k].number)
                .collect(),
            rule_violations,
            vm_mem_demand_mb: (0..self.config.vm.len())
                .map(|i| self.drs_mem_demand(i))
                .collect(),
        })
    }

    /// The run's DRS and DPM summary (`None` without either).
    pub(crate) fn drs_summary(&self) -> Option<DrsSummary> {
        let now = self.drs_sample()?;
        let dpm = self.config.dpm.as_ref();
        Some(DrsSummary {
            imbalance_before_milli: self
                .drs
                .first_imbalance_milli
                .unwrap_or(now.imbalance_milli),
            // Measured, not planned: waiting recommendations moved nothing.
            imbalance_after_milli: now.imbalance_milli,
            target_milli: now.target_milli,
            migrations: self.drs.migrations,
            recommendations: self.drs.recommendations.clone(),
            power_off_below_pct: dpm.map(|d| d.power_off_below_pct()),
            power_on_above_pct: dpm.map(|d| d.power_on_above_pct()),
            host_power_events: self.drs.power_events.clone(),
            energy_kwh: self.energy_kwh(),
        })
    }

    /// Energy the hosts drew so far [kWh].
    pub fn energy_kwh(&self) -> f64 {
        let j: u64 = self.drs.energy_j.iter().sum();
        (j as f64 / J_PER_KWH as f64 * 1000.0).round() / 1000.0
    }
}

fn avg_last(hist: &VecDeque<u64>) -> u64 {
    hist.iter().sum::<u64>() / hist.len().max(1) as u64
}

/// How much a VM's CPU demand moved over the risk window [%]: (max − min)
/// over max.
fn risk_pct(history: &VecDeque<u64>) -> u8 {
    let max = history.iter().copied().max().unwrap_or(0);
    let min = history.iter().copied().min().unwrap_or(0);
    ((max - min) * 100).checked_div(max).unwrap_or(0) as u8
}

/// The vMotion pre-check a VM fails wherever it goes, if any.
fn static_refusal(vm: &crate::inventory::VmSpec) -> Option<&'static str> {
    use crate::migration::checks::CheckName;
    let check = if !vm.connected_devices.is_empty() {
        CheckName::LocalDevices
    } else if !vm.cpu_affinity.is_empty() {
        CheckName::CpuAffinity
    } else if vm.internal_switch {
        CheckName::InternalSwitch
    } else {
        return None;
    };
    Some(check.name())
}

fn recommendation(
    number: u32,
    t_s: u32,
    m: &Move,
    hosts: &[DrsHost],
    vms: &[DrsVm],
    applied: bool,
) -> Recommendation {
    let vm = vms[m.vm].name.clone();
    let from = hosts[m.from].name.clone();
    let to = hosts[m.to].name.clone();
    Recommendation {
        number,
        t_s,
        vm,
        from,
        to,
        priority: m.priority,
        reason: m.reason.clone(),
        imbalance_before_milli: m.imbalance_before_milli,
        imbalance_after_milli: m.imbalance_after_milli,
        cost_s: m.cost_s,
        risk_pct: m.risk_pct,
        from_load_pm: m.from_load_pm,
        to_load_pm: m.to_load_pm,
        alternatives: m.alternatives.clone(),
        applied,
    }
}
