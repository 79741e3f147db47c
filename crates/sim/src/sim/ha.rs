//! vSphere HA inside the simulation: the `[[fault]]` entries happen at
//! their time, the Fault Domain Manager notices them on the published
//! timelines ([`crate::ha::fdm`]), isolated hosts apply their isolation
//! response, and the master restarts the VMs it lost in priority order on
//! hosts that can back their reservations, retrying while capacity is
//! short. A VM is never restarted while its first instance still runs
//! (the datastore lock stops it), so no VM runs twice.

use super::Sim;
use crate::event::{Detail, EventKind};
use crate::ha::fdm::{self, FdmHost, IsolationResponse, RESTART_RETRY_S};
use crate::ha::spec::{FaultKind, FcHaPolicy};
use crate::ha::{HaNote, HaSample, RestartBlock};
use crate::inventory::{Platform, RestartPriority};
use std::collections::BTreeSet;

/// Something HA will do at a given second.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Action {
    Fault(usize),
    Heal(usize),
    DeclareDead(usize),
    ElectionStart,
    /// Elect a master among the hosts of this partition (0 = the main one).
    Elect(u32),
    SelfIsolated(usize),
    MasterSeesIsolated(usize),
    Respond(usize),
    ShutdownDone(usize),
    Reset(usize),
}

/// A VM the master wants to restart.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pending {
    vm: usize,
    /// The host it ran on.
    from: usize,
    /// Attempts made so far.
    attempts: u32,
    /// First attempt [s].
    first_s: u32,
    /// Next attempt [s].
    next_s: u32,
}

/// HA's state during a run.
#[derive(Debug, Clone, Default)]
pub struct HaState {
    master: Option<usize>,
    isolated: Vec<bool>,
    /// Per host: 0 = with the master, else the partition it was cut into.
    partition: Vec<u32>,
    lost_datastores: BTreeSet<String>,
    /// (due [s], action), in due order, stable.
    queue: Vec<(u32, Action)>,
    pending: Vec<Pending>,
    /// Per VM: its guest is hung.
    pub(crate) crashed: Vec<bool>,
    /// A cut-off partition elected its own master (until the partition
    /// heals and one master remains).
    partition_master: bool,
    /// Per VM: when it last started during the run (power-on, restart or
    /// reset) [s]; `None` = running since before the run.
    pub(crate) started_s: Vec<Option<u32>>,
    /// Per VM: when VM monitoring reset it [s].
    resets: Vec<Vec<u32>>,
    /// Per VM: when its guest last hung [s].
    hung_at_s: Vec<u32>,
}

impl Sim {
    fn ha_on(&self) -> bool {
        self.config.ha.as_ref().is_some_and(|h| h.enabled)
    }

    /// At time 0: the first election and the faults' schedule.
    pub(crate) fn start_ha(&mut self) {
        let hosts = self.config.host.len();
        self.ha.isolated = vec![false; hosts];
        self.ha.partition = vec![0; hosts];
        self.ha.crashed = vec![false; self.config.vm.len()];
        self.ha.started_s = vec![None; self.config.vm.len()];
        self.ha.resets = vec![Vec::new(); self.config.vm.len()];
        self.ha.hung_at_s = vec![0; self.config.vm.len()];
        for (k, f) in self.config.fault.iter().enumerate() {
            self.ha.queue.push((f.at_s, Action::Fault(k)));
            if let Some(until) = f.until_s {
                self.ha.queue.push((until, Action::Heal(k)));
            }
        }
        self.sort_queue();
        if self.ha_on() {
            self.elect(0);
        }
        self.advance_ha();
    }

    fn sort_queue(&mut self) {
        self.ha.queue.sort_by_key(|(t, _)| *t);
    }

    fn schedule(&mut self, delay_s: u32, action: Action) {
        self.ha.queue.push((self.t_s + delay_s, action));
        self.sort_queue();
    }

    /// The next second HA has something to do, after now.
    pub(crate) fn next_ha_s(&self) -> Option<u32> {
        let queued = self.ha.queue.first().map(|(t, _)| *t);
        let retry = self.ha.pending.iter().map(|p| p.next_s).min();
        [queued, retry]
            .into_iter()
            .flatten()
            .filter(|&t| t > self.t_s)
            .min()
    }

    /// Everything HA does at the current second.
    pub(crate) fn advance_ha(&mut self) {
        while let Some((due, _)) = self.ha.queue.first() {
            if *due > self.t_s {
                break;
            }
            let (_, action) = self.ha.queue.remove(0);
            self.ha_action(action);
        }
        if self.ha.pending.iter().any(|p| p.next_s <= self.t_s) {
            self.restart_due();
        }
    }

    fn ha_action(&mut self, action: Action) {
        match action {
            Action::Fault(k) => self.fault(k),
            Action::Heal(k) => self.heal(k),
            Action::DeclareDead(h) => {
                // Queued by a master that has failed since: the new one
                // finds the host dead when it reads the protected list.
                if self.ha.master.is_none() {
                    return;
                }
                if self.config.host[h].failed || !self.sees_heartbeats(h) {
                    let name = self.config.host[h].name.clone();
                    self.log(
                        EventKind::HostDeclaredDead,
                        &name,
                        Detail::Ha(HaNote::DeclaredDead),
                    );
                    for p in self.ha.pending.iter_mut().filter(|p| p.from == h) {
                        p.next_s = p.next_s.min(self.t_s);
                    }
                    // Restarted with everything else due this second, in
                    // one priority order (advance_ha).
                    self.queue_restarts_from(h);
                }
            }
            Action::ElectionStart => {
                self.log(
                    EventKind::ElectionStarted,
                    "cluster",
                    Detail::Ha(HaNote::ElectionStarted),
                );
            }
            Action::Elect(partition) => {
                self.elect(partition);
                if partition == 0 {
                    // The new master reads the protected list and restarts
                    // what ran on hosts that are down, in one order.
                    let at = self.t_s + fdm::NEW_MASTER_RESTART_S;
                    let hosts = &self.config.host;
                    for p in self.ha.pending.iter_mut() {
                        if p.next_s < at || (p.next_s == u32::MAX && hosts[p.from].failed) {
                            p.next_s = at;
                        }
                    }
                }
            }
            Action::SelfIsolated(h) => {
                if self.ha.isolated[h] {
                    let name = self.config.host[h].name.clone();
                    self.log(
                        EventKind::HostIsolated,
                        &name,
                        Detail::Ha(HaNote::Isolated { by_master: false }),
                    );
                    self.schedule(fdm::ISOLATION_RESPONSE_DELAY_S, Action::Respond(h));
                }
            }
            Action::MasterSeesIsolated(h) => {
                if self.ha.isolated[h] || self.ha.partition[h] != 0 {
                    let name = self.config.host[h].name.clone();
                    if self.sees_heartbeats(h) {
                        let note = if self.ha.isolated[h] {
                            HaNote::Isolated { by_master: true }
                        } else {
                            HaNote::Partitioned
                        };
                        let kind = if self.ha.isolated[h] {
                            EventKind::HostIsolated
                        } else {
                            EventKind::HostPartitioned
                        };
                        self.log(kind, &name, Detail::Ha(note));
                    } else {
                        // No datastore heartbeats: to the master it is dead.
                        self.ha_action(Action::DeclareDead(h));
                    }
                }
            }
            Action::Respond(h) => self.isolation_response(h),
            Action::ShutdownDone(h) => self.power_off_for_restart(h),
            Action::Reset(i) if self.config.vm[i].io_active => {
                // das.iostatsInterval: I/O within the window means the
                // guest still works; no reset (said once).
                if self.ha.crashed[i] && self.placed[i].is_some() {
                    let after_s = self.t_s - self.ha.hung_at_s[i];
                    let name = self.config.vm[i].name.clone();
                    let note = HaNote::IoActive {
                        after_s,
                        window_s: crate::ha::spec::IOSTATS_INTERVAL_S,
                    };
                    self.log(EventKind::GuestCrashed, &name, Detail::Ha(note));
                }
            }
            Action::Reset(i) => {
                if self.ha.crashed[i] && self.placed[i].is_some() {
                    self.ha.crashed[i] = false;
                    self.ha.started_s[i] = Some(self.t_s);
                    self.ha.resets[i].push(self.t_s);
                    // The failure interval, or longer while the minimum
                    // uptime after the last start ran.
                    let after_s = self.t_s - self.ha.hung_at_s[i];
                    let name = self.config.vm[i].name.clone();
                    self.log(
                        EventKind::VmReset,
                        &name,
                        Detail::Ha(HaNote::Reset { after_s }),
                    );
                }
            }
        }
    }

    /// VM monitoring's answer to a hung guest: a reset once heartbeats
    /// have been missing for the failure interval and the VM has been up
    /// for the minimum uptime, unless it was already reset the maximum
    /// number of times within the window (then it stays hung, and says
    /// so).
    fn schedule_reset(&mut self, i: usize) {
        let Some(mode) = self
            .config
            .ha
            .as_ref()
            .filter(|h| h.enabled)
            .map(|h| h.vm_monitoring)
        else {
            return;
        };
        let Some(interval) = mode.failure_interval_s() else {
            return;
        };
        let window = mode.reset_window_s();
        let recent = self.ha.resets[i]
            .iter()
            .filter(|&&r| r + window > self.t_s)
            .count() as u32;
        if recent >= mode.max_resets() {
            let name = self.config.vm[i].name.clone();
            let note = HaNote::ResetLimit {
                resets: recent,
                window_s: window,
            };
            self.log(EventKind::GuestCrashed, &name, Detail::Ha(note));
            return;
        }
        let watched_from = self.ha.started_s[i].map_or(0, |s| s + mode.min_uptime_s());
        let at = (self.t_s + interval).max(watched_from);
        self.schedule(at - self.t_s, Action::Reset(i));
    }

    /// Elects a master among the hosts up and on the main network.
    fn elect(&mut self, partition: u32) {
        let lost = &self.ha.lost_datastores;
        let hosts: Vec<FdmHost> = self
            .config
            .host
            .iter()
            .enumerate()
            .map(|(h, host)| FdmHost {
                name: &host.name,
                electable: !host.failed
                    && !self.ha.isolated[h]
                    && self.ha.partition[h] == partition,
                datastores: host
                    .datastores
                    .iter()
                    .map(String::as_str)
                    .filter(|d| !lost.contains(*d))
                    .collect(),
            })
            .collect();
        let winner = fdm::elect(&hosts).map(str::to_string);
        if let Some(name) = winner {
            if partition == 0 {
                self.ha.master = self.config.host.iter().position(|h| h.name == name);
            } else {
                self.ha.partition_master = true;
            }
            self.log(
                EventKind::MasterElected,
                &name,
                Detail::Ha(HaNote::Master {
                    host: name.clone(),
                    partition,
                }),
            );
        } else if partition == 0 {
            self.ha.master = None;
        }
    }

    /// Whether the master sees host `h`'s datastore heartbeats.
    /// When the master declares slave `h` dead after it went silent [s]:
    /// later when the two share a heartbeat datastore, whose heartbeats
    /// it checks as well (whether or not they still come).
    fn dead_after_s(&self, h: usize) -> u32 {
        let shared = self.ha.master.is_some_and(|m| {
            let lost = &self.ha.lost_datastores;
            let mine = live_datastores(&self.config.host[h], lost);
            let master = live_datastores(&self.config.host[m], lost);
            !fdm::heartbeat_datastores(&mine, &master).is_empty()
        });
        if shared {
            fdm::DEAD_WITH_HEARTBEAT_DATASTORES_S
        } else {
            fdm::DEAD_S
        }
    }

    fn sees_heartbeats(&self, h: usize) -> bool {
        let Some(m) = self.ha.master else {
            return false;
        };
        if self.config.host[h].failed {
            return false;
        }
        let mine = live_datastores(&self.config.host[h], &self.ha.lost_datastores);
        let master = live_datastores(&self.config.host[m], &self.ha.lost_datastores);
        !fdm::heartbeat_datastores(&mine, &master).is_empty()
    }

    fn fault(&mut self, k: usize) {
        let f = self.config.fault[k].clone();
        self.log(
            EventKind::FaultInjected,
            &f.target,
            Detail::Ha(HaNote::Fault { kind: f.kind }),
        );
        match f.kind {
            FaultKind::HostCrash => {
                if let Some(h) = self.host_named(&f.target) {
                    self.crash_host(h, None);
                }
            }
            FaultKind::HostIsolation => {
                if let Some(h) = self.host_named(&f.target) {
                    self.ha.isolated[h] = true;
                    if !self.ha_on() {
                        return;
                    }
                    if self.ha.master == Some(h) {
                        self.schedule(fdm::MASTER_ISOLATED_S, Action::SelfIsolated(h));
                        self.start_election();
                    } else {
                        self.schedule(fdm::SLAVE_ISOLATED_S, Action::SelfIsolated(h));
                        self.schedule(self.dead_after_s(h), Action::MasterSeesIsolated(h));
                    }
                }
            }
            FaultKind::Partition => {
                let cut: Vec<usize> = f
                    .target
                    .split(',')
                    .filter_map(|n| self.host_named(n.trim()))
                    .collect();
                for &h in &cut {
                    self.ha.partition[h] = 1;
                }
                if !self.ha_on() {
                    return;
                }
                // The side without the master elects its own.
                self.schedule(fdm::ELECTION_START_S + fdm::ELECTION_S, Action::Elect(1));
                if self.ha.master.is_some_and(|m| cut.contains(&m)) {
                    self.start_election();
                } else {
                    for &h in &cut {
                        self.schedule(self.dead_after_s(h), Action::MasterSeesIsolated(h));
                    }
                }
            }
            FaultKind::DatastoreLoss => {
                self.ha.lost_datastores.insert(f.target.clone());
                let hit: Vec<usize> = (0..self.config.vm.len())
                    .filter(|&i| {
                        self.placed[i].is_some()
                            && self.config.vm[i].datastore.as_deref() == Some(f.target.as_str())
                    })
                    .collect();
                self.log(
                    EventKind::DatastoreLost,
                    &f.target,
                    Detail::Ha(HaNote::DatastoreLost {
                        vms: hit.len() as u32,
                    }),
                );
                for i in hit {
                    let from = self.placed[i].expect("running");
                    self.power_off(i);
                    self.add_pending(i, from, self.t_s);
                }
            }
            FaultKind::GuestCrash => {
                if let Some(i) = self.config.vm.iter().position(|v| v.name == f.target) {
                    if self.placed[i].is_some() {
                        self.ha.crashed[i] = true;
                        self.ha.hung_at_s[i] = self.t_s;
                        self.log(
                            EventKind::GuestCrashed,
                            &f.target,
                            Detail::Ha(HaNote::GuestCrashed),
                        );
                        self.schedule_reset(i);
                    }
                }
            }
        }
    }

    fn heal(&mut self, k: usize) {
        let f = self.config.fault[k].clone();
        match f.kind {
            FaultKind::HostCrash => {
                if let Some(h) = self.host_named(&f.target) {
                    self.config.host[h].failed = false;
                }
            }
            FaultKind::HostIsolation => {
                if let Some(h) = self.host_named(&f.target) {
                    self.ha.isolated[h] = false;
                }
            }
            FaultKind::Partition => {
                for p in &mut self.ha.partition {
                    *p = 0;
                }
            }
            FaultKind::DatastoreLoss => {
                self.ha.lost_datastores.remove(&f.target);
            }
            FaultKind::GuestCrash => {
                if let Some(i) = self.config.vm.iter().position(|v| v.name == f.target) {
                    self.ha.crashed[i] = false;
                }
            }
        }
        self.log(
            EventKind::FaultHealed,
            &f.target,
            Detail::Ha(HaNote::Healed { kind: f.kind }),
        );
        // The network is whole again: the cut-off side's master steps
        // down and the cluster has one master (the main side's keeps the
        // role: it holds the most datastores among the connected hosts).
        if f.kind == FaultKind::Partition && std::mem::take(&mut self.ha.partition_master) {
            if let Some(m) = self.ha.master {
                let name = self.config.host[m].name.clone();
                self.log(
                    EventKind::MasterElected,
                    &name,
                    Detail::Ha(HaNote::Master {
                        host: name.clone(),
                        partition: 0,
                    }),
                );
            }
        }
        // A host back while no election is under way (none could be
        // elected): elect now. During one, it takes part in it.
        self.capacity_back();
    }

    /// A host or capacity came back: HA elects a master if it has none
    /// (and none is being elected) and tries the waiting restarts now.
    pub(crate) fn capacity_back(&mut self) {
        if self.ha_on() && self.ha.master.is_none() && self.election_at().is_none() {
            self.elect(0);
        }
        for p in &mut self.ha.pending {
            p.next_s = p.next_s.min(self.t_s);
        }
    }

    /// When the election under way elects the main partition's master
    /// [s], if one is.
    fn election_at(&self) -> Option<u32> {
        self.ha
            .queue
            .iter()
            .find(|(_, a)| *a == Action::Elect(0))
            .map(|(t, _)| *t)
    }

    /// The master is gone: the slaves notice at 10 s and elect a new one
    /// 15 s later, unless an election is already under way (one election,
    /// however many hosts fail). Returns when it elects [s].
    fn start_election(&mut self) -> u32 {
        self.ha.master = None;
        if let Some(at) = self.election_at() {
            return at;
        }
        self.schedule(fdm::ELECTION_START_S, Action::ElectionStart);
        self.schedule(fdm::ELECTION_START_S + fdm::ELECTION_S, Action::Elect(0));
        self.t_s + fdm::ELECTION_START_S + fdm::ELECTION_S
    }

    fn host_named(&self, name: &str) -> Option<usize> {
        self.config.host.iter().position(|h| h.name == name)
    }

    /// Host `h` stops with its VMs; HA notices on the FDM timeline.
    pub(crate) fn crash_host(&mut self, h: usize, overload: Option<(u64, u64)>) {
        if self.config.host[h].failed {
            return;
        }
        self.config.host[h].failed = true;
        self.host_went_down(h, overload);
    }

    /// Host `h`, now marked failed, takes its VMs down; HA notices on the
    /// FDM timeline.
    pub(crate) fn host_went_down(&mut self, h: usize, overload: Option<(u64, u64)>) {
        let name = self.config.host[h].name.clone();
        let detail = match overload {
            Some((demand_mhz, capacity_mhz)) => Detail::Ha(HaNote::Overloaded {
                demand_mhz,
                capacity_mhz,
            }),
            None => Detail::None,
        };
        self.log(EventKind::HostFailed, &name, detail);
        let victims: Vec<usize> = (0..self.placed.len())
            .filter(|&i| self.placed[i] == Some(h))
            .collect();
        for &i in &victims {
            self.power_off(i);
        }
        if !self.ha_on() {
            return;
        }
        if self.ha.master == Some(h) || self.ha.master.is_none() {
            // The slaves elect a new master, which restarts at 35 s (or
            // 10 s after the election already under way).
            let at = self.start_election() + fdm::NEW_MASTER_RESTART_S;
            for &i in &victims {
                self.add_pending(i, h, at);
            }
        } else {
            // Due once the master declares the host dead.
            for &i in &victims {
                self.add_pending(i, h, u32::MAX);
            }
            self.schedule(self.dead_after_s(h), Action::DeclareDead(h));
        }
    }

    fn add_pending(&mut self, vm: usize, from: usize, next_s: u32) {
        if !self.ha_on() || self.config.vm[vm].restart_priority == RestartPriority::Disabled {
            return;
        }
        let policy = self
            .config
            .ha
            .as_ref()
            .map(|h| h.fc_policy)
            .unwrap_or_default();
        if self.config.platform == Platform::Fusioncompute && policy == FcHaPolicy::Stop {
            return;
        }
        self.ha.pending.retain(|p| p.vm != vm);
        self.ha.pending.push(Pending {
            vm,
            from,
            attempts: 0,
            first_s: next_s,
            next_s,
        });
    }

    /// Makes the restarts of host `h`'s VMs due now.
    fn queue_restarts_from(&mut self, h: usize) {
        let now = self.t_s;
        let on_it: Vec<usize> = (0..self.placed.len())
            .filter(|&i| self.placed[i] == Some(h))
            .collect();
        for i in on_it {
            // Still running there (isolated or partitioned): the master
            // tries, and the lock on its files stops it.
            if !self.ha.pending.iter().any(|p| p.vm == i) {
                self.add_pending(i, h, now);
            }
        }
        for p in self.ha.pending.iter_mut().filter(|p| p.from == h) {
            if p.attempts == 0 {
                p.first_s = now;
            }
            p.next_s = now;
        }
    }

    fn isolation_response(&mut self, h: usize) {
        if !self.ha.isolated[h] {
            return;
        }
        let response = self
            .config
            .ha
            .as_ref()
            .map(|x| x.isolation_response)
            .unwrap_or_default();
        let vms = self.placed.iter().filter(|at| **at == Some(h)).count() as u32;
        let name = self.config.host[h].name.clone();
        self.log(
            EventKind::IsolationResponse,
            &name,
            Detail::Ha(HaNote::Response { response, vms }),
        );
        match response {
            IsolationResponse::LeavePoweredOn => {}
            IsolationResponse::PowerOff => self.power_off_for_restart(h),
            IsolationResponse::Shutdown => {
                self.schedule(fdm::GUEST_SHUTDOWN_S, Action::ShutdownDone(h))
            }
        }
    }

    /// The isolated host powers its VMs off; the master, which sees the
    /// power-off through the datastore, restarts them.
    fn power_off_for_restart(&mut self, h: usize) {
        let on_it: Vec<usize> = (0..self.placed.len())
            .filter(|&i| self.placed[i] == Some(h))
            .collect();
        for &i in &on_it {
            self.power_off(i);
            let now = self.t_s;
            match self.ha.pending.iter_mut().find(|p| p.vm == i) {
                Some(p) => p.next_s = now,
                None => self.add_pending(i, h, now),
            }
        }
    }

    /// Tries every restart that is due, highest priority first.
    fn restart_due(&mut self) {
        let now = self.t_s;
        if self.ha.master.is_none() {
            return;
        }
        // A VM whose host rejoined the master runs on there: nothing to do.
        let (placed, isolated, partition) = (&self.placed, &self.ha.isolated, &self.ha.partition);
        let failed = |h: usize| self.config.host[h].failed;
        self.ha.pending.retain(|p| match placed[p.vm] {
            Some(h) => isolated[h] || partition[h] != 0 || failed(h),
            None => true,
        });
        let mut due: Vec<Pending> = self
            .ha
            .pending
            .iter()
            .filter(|p| p.next_s <= now)
            .cloned()
            .collect();
        due.sort_by_key(|p| {
            (
                std::cmp::Reverse(self.config.vm[p.vm].restart_priority),
                p.vm,
            )
        });
        let delay = self.config.ha.as_ref().map_or(0, |h| h.priority_delay_s);
        let top = due.first().map(|p| self.config.vm[p.vm].restart_priority);
        for p in due {
            if delay > 0 && Some(self.config.vm[p.vm].restart_priority) != top {
                // Lower levels wait for the level above.
                if let Some(q) = self.ha.pending.iter_mut().find(|q| q.vm == p.vm) {
                    q.next_s = now + delay;
                }
                continue;
            }
            self.try_restart(p);
        }
    }

    fn try_restart(&mut self, p: Pending) {
        let i = p.vm;
        let attempt = p.attempts + 1;
        let outcome = self.restart_host(i, p.from);
        let name = self.config.vm[i].name.clone();
        match outcome {
            Ok(h) => {
                self.ha.pending.retain(|q| q.vm != i);
                self.placed[i] = Some(h);
                self.cpu_level[i] = Some(crate::migration::record::power_on_level(
                    self.config.cluster.evc_baseline.as_deref(),
                    &self.config.host[h],
                ));
                self.ha.crashed[i] = false;
                self.ha.started_s[i] = Some(self.t_s);
                let host = self.config.host[h].name.clone();
                self.log(
                    EventKind::VmRestarted,
                    &name,
                    Detail::Ha(HaNote::Restarted { host, attempt }),
                );
            }
            Err(why) => {
                let gave_up = attempt as usize >= RESTART_RETRY_S.len();
                self.log(
                    EventKind::VmRestartFailed,
                    &name,
                    Detail::Ha(HaNote::RestartFailed {
                        why,
                        attempt,
                        gave_up,
                    }),
                );
                if gave_up {
                    self.ha.pending.retain(|q| q.vm != i);
                } else if let Some(q) = self.ha.pending.iter_mut().find(|q| q.vm == i) {
                    // Retries count from the first attempt actually made.
                    if q.attempts == 0 {
                        q.first_s = self.t_s;
                    }
                    q.attempts = attempt;
                    let planned = q.first_s.saturating_add(RESTART_RETRY_S[attempt as usize]);
                    q.next_s = planned.max(self.t_s + 1);
                }
            }
        }
    }

    /// Where VM `i` (which ran on `from`) can restart: failover hosts first,
    /// then the least loaded host that can back its reservations.
    fn restart_host(&self, i: usize, from: usize) -> Result<usize, RestartBlock> {
        if let Some(h) = self.placed[i] {
            return Err(RestartBlock::Locked {
                host: self.config.host[h].name.clone(),
            });
        }
        let vm = &self.config.vm[i];
        if let Some(ds) = vm
            .datastore
            .as_ref()
            .filter(|d| self.ha.lost_datastores.contains(*d))
        {
            return Err(RestartBlock::DatastoreLost {
                datastore: ds.clone(),
            });
        }
        let fc_original = self.config.platform == Platform::Fusioncompute
            && self
                .config
                .ha
                .as_ref()
                .is_some_and(|h| h.fc_policy == FcHaPolicy::RestoreOnOriginalHost);
        if fc_original && self.config.host[from].failed {
            return Err(RestartBlock::OriginalHostDown {
                host: self.config.host[from].name.clone(),
            });
        }
        let mut candidates: Vec<usize> = if fc_original {
            vec![from]
        } else {
            let failover: Vec<usize> = (0..self.config.host.len())
                .filter(|&h| self.config.is_failover_host(&self.config.host[h].name))
                .collect();
            let mut c = failover;
            c.extend(crate::resource::admission::by_load_after(
                &self.config.inventory(),
                &self.placed,
                vm,
            ));
            c
        };
        candidates.retain(|&h| {
            let host = &self.config.host[h];
            !host.failed
                && !self.ha.isolated[h]
                && self.ha.partition[h] == 0
                && vm
                    .datastore
                    .as_ref()
                    .is_none_or(|d| host.datastores.contains(d))
                && !self.hard_rule_forbids(i, h)
        });
        for h in candidates {
            if crate::resource::admission::admit_on_host(
                &self.config.inventory(),
                &self.placed,
                i,
                h,
            )
            .is_none()
            {
                return Ok(h);
            }
        }
        let needs = crate::resource::allocation::VmNeeds::of(vm, &self.config.host[from]);
        Err(RestartBlock::NoCapacity {
            needed_mhz: vm.cpu_reservation_mhz,
            needed_mb: vm.mem_reservation_mb + needs.mem_overhead_mb,
        })
    }

    /// With `overload_fails_host_pct`, hosts whose VMs now demand more CPU
    /// than that share of capacity fail too.
    pub(crate) fn check_overload(&mut self) {
        let Some(pct) = self
            .config
            .ha
            .as_ref()
            .and_then(|h| h.overload_fails_host_pct)
        else {
            return;
        };
        for h in 0..self.config.host.len() {
            let host = &self.config.host[h];
            if host.failed {
                continue;
            }
            let demand: u64 = (0..self.placed.len())
                .filter(|&i| self.placed[i] == Some(h))
                .map(|i| {
                    crate::resource::allocation::VmNeeds::of(&self.config.vm[i], host)
                        .cpu_demand_mhz
                })
                .sum();
            let capacity = host.cpu_capacity_mhz();
            if demand * 100 > u64::from(pct) * capacity {
                self.crash_host(h, Some((demand, capacity)));
            }
        }
    }
}

/// The datastores `host` still sees.
fn live_datastores<'a>(
    host: &'a crate::inventory::HostSpec,
    lost: &BTreeSet<String>,
) -> Vec<&'a str> {
    host.datastores
        .iter()
        .map(String::as_str)
        .filter(|d| !lost.contains(*d))
        .collect()
}

impl Sim {
    /// The `[ha]` policy in the admission module's terms.
    fn ha_policy(&self) -> Option<crate::ha::Policy> {
        use crate::ha::spec::AdmissionPolicy as A;
        let ha = self.config.ha.as_ref().filter(|h| h.enabled)?;
        Some(match ha.admission {
            A::Slots => crate::ha::Policy::Slots {
                host_failures: ha.host_failures,
                fixed_cpu_slot_mhz: ha.slot_cpu_mhz,
                fixed_mem_slot_mb: ha.slot_mem_mb,
            },
            A::Percentage => {
                let (cpu, mem) =
                    crate::ha::computed_percentages(&self.ha_hosts(), ha.host_failures);
                crate::ha::Policy::Percentage {
                    cpu_pct: ha.cpu_pct.unwrap_or(cpu),
                    mem_pct: ha.mem_pct.unwrap_or(mem),
                }
            }
            A::FailoverHosts => crate::ha::Policy::FailoverHosts {
                hosts: ha.failover_hosts.clone(),
            },
            A::Disabled => crate::ha::Policy::Disabled,
        })
    }

    fn ha_hosts(&self) -> Vec<crate::ha::HaHost> {
        self.config
            .host
            .iter()
            .enumerate()
            .map(|(i, h)| crate::ha::HaHost {
                name: h.name.clone(),
                cpu_mhz: h.cpu_capacity_mhz(),
                mem_mb: h.mem_mb,
                // Isolated from the management network, a host is out
                // of vCenter's reach: admission control cannot count it.
                connected: !h.failed && !self.ha.isolated.get(i).copied().unwrap_or(false),
            })
            .collect()
    }

    fn ha_vm(&self, i: usize, host: Option<usize>) -> crate::ha::HaVm {
        let vm = &self.config.vm[i];
        let at = host.or(self.placed[i]).unwrap_or(0);
        let overhead = self.config.host.get(at).map_or(0, |h| {
            crate::resource::allocation::VmNeeds::of(vm, h).mem_overhead_mb
        });
        crate::ha::HaVm {
            name: vm.name.clone(),
            cpu_reservation_mhz: vm.cpu_reservation_mhz,
            mem_reservation_mb: vm.mem_reservation_mb,
            mem_overhead_mb: overhead,
            powered_on: self.placed[i].is_some(),
            host: host.map(|h| self.config.host[h].name.clone()),
        }
    }

    fn ha_vms(&self) -> Vec<crate::ha::HaVm> {
        (0..self.config.vm.len())
            .map(|i| self.ha_vm(i, None))
            .collect()
    }

    /// HA admission control for powering VM `i` on (on host `host` when it
    /// is pinned): `None` means yes.
    pub(crate) fn ha_admission(
        &self,
        i: usize,
        host: Option<usize>,
    ) -> Option<crate::ha::HaRefusal> {
        let policy = self.ha_policy()?;
        let candidate = self.ha_vm(i, host);
        crate::ha::admit_power_on(&policy, &self.ha_hosts(), &self.ha_vms(), &candidate).err()
    }

    /// HA's figures now (none without `[ha]`).
    pub(crate) fn ha_sample(&self) -> Option<HaSample> {
        let ha = self.config.ha.as_ref()?;
        let policy = self.ha_policy().unwrap_or(crate::ha::Policy::Disabled);
        let vms = self.ha_vms();
        let summary = crate::ha::summarize(&policy, &self.ha_hosts(), &vms);
        let slot = crate::ha::SlotSize {
            cpu_mhz: summary.slot_cpu_mhz,
            mem_mb: summary.slot_mem_mb,
        };
        let mut used = std::collections::BTreeMap::new();
        for (h, host) in self.config.host.iter().enumerate() {
            let n: u32 = (0..vms.len())
                .filter(|&i| self.placed[i] == Some(h))
                .map(|i| crate::ha::admission::vm_slots(slot, &vms[i]))
                .sum();
            used.insert(host.name.clone(), n);
        }
        Some(HaSample {
            master: self.ha.master.map(|m| self.config.host[m].name.clone()),
            admission: ha.admission,
            summary,
            used_slots_per_host: used,
            configured_pct: match policy {
                crate::ha::Policy::Percentage { cpu_pct, mem_pct } => Some((cpu_pct, mem_pct)),
                _ => None,
            },
            isolated: (0..self.config.host.len())
                .filter(|&h| self.ha.isolated.get(h).copied().unwrap_or(false))
                .map(|h| self.config.host[h].name.clone())
                .collect(),
            partitioned: (0..self.config.host.len())
                .filter(|&h| self.ha.partition.get(h).is_some_and(|&p| p != 0))
                .map(|h| self.config.host[h].name.clone())
                .collect(),
            restarting: self
                .ha
                .pending
                .iter()
                .map(|p| self.config.vm[p.vm].name.clone())
                .collect(),
        })
    }
}
