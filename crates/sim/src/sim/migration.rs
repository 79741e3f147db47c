//! The simulation's live migrations: each `[[migration]]` entry is
//! requested at its time, pre-checked, queued while vCenter's cost model
//! has no room, laid out in time when it starts ([`crate::migration::plan`])
//! and finished at the second its last phase ends, when the VM moves to the
//! destination. A host or vMotion network lost while it runs fails it, and
//! the VM keeps running on the source.

use super::Sim;
use crate::base::setting::{Setting, SettingError};
use crate::event::{Detail, EventKind, SettingRefusal};
use crate::migration::checks::{run_checks, CheckName, CheckResult, Facts};
use crate::migration::cost::{
    first_blocked, network_budget, Budgeted, Need, DATASTORE_BUDGET, HOST_BUDGET,
};
use crate::migration::plan::{plan, PlanFailure, PlanInput};
use crate::migration::precopy::{PrecopyInput, DEFAULT_SWITCHOVER_MS};
use crate::migration::record::{
    power_on_level, vmotion_mb_s, MigrationNote, MigrationRecord, Outcome,
};
use crate::migration::setting::MigrationTarget;
use crate::migration::storage::StorageInput;
use crate::migration::MigrationKind;
use crate::scenario::current_value;
use crate::scenario::Scenario;

impl Sim {
    /// Applies a migration, cluster or vCenter setting now. A requested
    /// migration keeps what it was asked to do; one not yet requested
    /// takes the change.
    pub(crate) fn apply_to_migration(
        &mut self,
        setting: &Setting,
        target: &MigrationTarget,
    ) -> Result<(), SettingError> {
        let from = current_value(&self.config, &setting.target)?.to_string();
        if let Some(message) = self.evc_lowering_problem(target, &setting.value) {
            let field = target.field.name().to_string();
            let to = setting.value.to_string();
            self.log(
                EventKind::SettingRefused,
                "cluster",
                Detail::Refused {
                    field,
                    from,
                    to,
                    why: SettingRefusal::EvcUnderRunningVms,
                },
            );
            debug_assert!(!message.is_empty());
            return Ok(());
        }
        self.config.apply(setting)?;
        for k in 0..self.migrations.len() {
            if self.migrations[k].outcome == Outcome::Pending {
                self.migrations[k] = new_record(&self.config, k);
            }
        }
        let to = current_value(&self.config, &setting.target)?.to_string();
        let field = target.field.name().to_string();
        let name = target.name().to_string();
        self.log(
            EventKind::SettingChanged,
            &name,
            Detail::Setting { field, from, to },
        );
        Ok(())
    }

    /// Lowering (or enabling) EVC under running VMs with newer features is
    /// refused: vSphere wants them powered off first.
    fn evc_lowering_problem(
        &self,
        target: &MigrationTarget,
        value: &crate::base::setting::Value,
    ) -> Option<String> {
        if target.field != crate::migration::setting::MigrationField::EvcBaseline {
            return None;
        }
        let crate::base::setting::Value::Text(key) = value else {
            return None;
        };
        let vendor = self.config.host.first()?.cpu_vendor;
        let mode = vendor.mode(key)?;
        let above: Vec<&str> = (0..self.placed.len())
            .filter(|&i| self.cpu_level[i].is_some_and(|l| l.rank > mode.rank))
            .map(|i| self.config.vm[i].name.as_str())
            .collect();
        (!above.is_empty()).then(|| {
            format!(
                "{} run with newer features than {}: power them off before lowering EVC",
                above.join(", "),
                mode.label
            )
        })
    }

    /// Requests due now, queued ones with room, running ones that ended or
    /// lost a host: everything migration does at the current second.
    pub(crate) fn advance_migrations(&mut self) {
        let now_ms = u64::from(self.t_s) * 1000;
        self.fail_broken_migrations();
        for k in 0..self.migrations.len() {
            if matches!(self.migrations[k].end_ms(), Some(end) if end <= now_ms) {
                self.finish_migration(k);
            }
        }
        for k in 0..self.migrations.len() {
            let r = &self.migrations[k];
            if r.outcome == Outcome::Pending && r.at_s <= self.t_s {
                self.request_migration(k);
            }
        }
        for k in 0..self.migrations.len() {
            if self.migrations[k].outcome == Outcome::Queued {
                self.try_start_migration(k, false);
            }
        }
    }

    /// The next second at which a migration is due or ends, after now.
    pub(crate) fn next_migration_s(&self) -> Option<u32> {
        self.migrations
            .iter()
            .filter_map(|r| match r.outcome {
                Outcome::Pending => Some(r.at_s),
                Outcome::Running => r.end_ms().map(|e| e.div_ceil(1000) as u32),
                _ => None,
            })
            .filter(|&t| t > self.t_s)
            .min()
    }

    fn vm_index(&self, name: &str) -> usize {
        self.config
            .vm
            .iter()
            .position(|v| v.name == name)
            .expect("validation checked the migration's VM")
    }

    fn host_index(&self, name: &str) -> usize {
        self.config
            .host
            .iter()
            .position(|h| h.name == name)
            .expect("validation checked the migration's host")
    }

    fn request_migration(&mut self, k: usize) {
        self.try_start_migration(k, true);
    }

    /// Where migration `k` moves its VM from and what it moves, as the VM
    /// stands now: a queued migration's VM may have moved (another of its
    /// migrations ran) since it was requested.
    fn locate_migration(&mut self, k: usize) {
        let i = self.vm_index(&self.migrations[k].vm);
        let vm = &self.config.vm[i];
        let from = self.placed[i].map(|h| self.config.host[h].name.clone());
        let r = &mut self.migrations[k];
        r.from = from.unwrap_or_default();
        r.from_datastore = vm.datastore.clone();
        let moves_storage = r.to_datastore.is_some() && r.to_datastore != vm.datastore;
        r.kind = match (r.from != r.to, moves_storage) {
            (_, false) => MigrationKind::Compute,
            (false, true) => MigrationKind::Storage,
            (true, true) => MigrationKind::Both,
        };
    }

    /// Runs the checks, then starts the migration if the cost model has
    /// room, else queues it (logging why, the first time).
    fn try_start_migration(&mut self, k: usize, first_try: bool) {
        self.locate_migration(k);
        let i = self.vm_index(&self.migrations[k].vm);
        let checks = self.checks_for(k, i);
        let failed: Vec<CheckName> = checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.name)
            .collect();
        self.migrations[k].checks = checks;
        if !failed.is_empty() {
            let note = MigrationNote::Refused { failed };
            self.migrations[k].outcome = Outcome::Refused;
            self.migrations[k].note = Some(note.clone());
            self.log_migration(k, EventKind::MigrationRefused, note);
            return;
        }
        let needs = self.migration_needs(k, i);
        let held = |on: &Budgeted| self.budget_in_use(on);
        if let Some((need, in_use)) = first_blocked(&needs, held) {
            let note = MigrationNote::Queued {
                on: need.on.clone(),
                in_use,
                cost: need.cost,
                budget: need.budget,
            };
            self.migrations[k].outcome = Outcome::Queued;
            if first_try {
                self.log_migration(k, EventKind::MigrationQueued, note.clone());
            }
            self.migrations[k].note = Some(note);
            return;
        }
        self.start_migration(k, i);
    }

    fn checks_for(&self, k: usize, i: usize) -> Vec<CheckResult> {
        let r = &self.migrations[k];
        let vm = &self.config.vm[i];
        let to_h = self.host_index(&r.to);
        let from_h = self.placed[i].unwrap_or(to_h);
        let (from, to) = (&self.config.host[from_h], &self.config.host[to_h]);
        let capacity = if from_h == to_h {
            None
        } else {
            crate::resource::admission::admit_on_host(
                &self.config.inventory(),
                &self.placed,
                i,
                to_h,
            )
        };
        let vcenters = match (from.vcenter.as_deref(), to.vcenter.as_deref()) {
            (Some(a), Some(b)) if a != b => self.config.vcenter(a).zip(self.config.vcenter(b)),
            _ => None,
        };
        run_checks(&Facts {
            vm,
            running: self.placed[i].is_some(),
            from,
            to,
            to_datastore: r
                .to_datastore
                .as_deref()
                .filter(|d| Some(*d) != vm.datastore.as_deref()),
            vm_level: self.cpu_level[i].unwrap_or_else(|| {
                power_on_level(self.config.cluster.evc_baseline.as_deref(), from)
            }),
            to_generation: to.generation(),
            vcenters,
            capacity: capacity.as_ref(),
        })
    }

    /// What migration `k` holds against the cost model's budgets.
    fn migration_needs(&self, k: usize, i: usize) -> Vec<Need> {
        let r = &self.migrations[k];
        let cost = r.kind.cost();
        let mut needs = vec![Need {
            on: Budgeted::Vm(r.vm.clone()),
            cost: 1,
            budget: 1,
        }];
        let mut hosts = vec![r.from.clone()];
        if r.to != r.from {
            hosts.push(r.to.clone());
        }
        for h in &hosts {
            needs.push(Need {
                on: Budgeted::Host(h.clone()),
                cost: cost.host,
                budget: HOST_BUDGET,
            });
            if r.kind.moves_compute() {
                let gbps = self
                    .config
                    .host(h)
                    .and_then(|x| x.vmotion_gbps)
                    .unwrap_or(1);
                needs.push(Need {
                    on: Budgeted::Network(h.clone()),
                    cost: cost.network,
                    budget: network_budget(gbps),
                });
            }
        }
        let mut stores: Vec<String> = self.config.vm[i].datastore.iter().cloned().collect();
        if r.kind.moves_storage() {
            stores.extend(r.to_datastore.iter().cloned());
        }
        for ds in stores {
            needs.push(Need {
                on: Budgeted::Datastore(ds),
                cost: cost.datastore,
                budget: DATASTORE_BUDGET,
            });
        }
        needs
    }

    /// Cost held on `on` by the running migrations.
    fn budget_in_use(&self, on: &Budgeted) -> u32 {
        self.migrations
            .iter()
            .enumerate()
            .filter(|(_, r)| r.outcome == Outcome::Running)
            .map(|(k, _)| {
                let i = self.vm_index(&self.migrations[k].vm);
                self.migration_needs(k, i)
                    .into_iter()
                    .filter(|n| &n.on == on)
                    .map(|n| n.cost)
                    .sum::<u32>()
            })
            .sum()
    }

    fn start_migration(&mut self, k: usize, i: usize) {
        let spec = self.config.migration[k].clone();
        let vm = &self.config.vm[i];
        let r = &self.migrations[k];
        let (from_h, to_h) = (self.host_index(&r.from), self.host_index(&r.to));
        let (from, to) = (&self.config.host[from_h], &self.config.host[to_h]);
        // Concurrent vMotions on either host's network share it.
        let sharing = 1 + self
            .migrations
            .iter()
            .filter(|o| o.outcome == Outcome::Running && o.kind.moves_compute())
            .filter(|o| {
                [&o.from, &o.to]
                    .iter()
                    .any(|h| **h == r.from || **h == r.to)
            })
            .count() as u64;
        let link_mb_s = if r.kind.moves_compute() {
            vmotion_mb_s(from).min(vmotion_mb_s(to)) / sharing
        } else {
            0
        };
        let rtt_ms = match (from.vcenter.as_deref(), to.vcenter.as_deref()) {
            (Some(a), Some(b)) if a != b => self
                .config
                .vcenter(a)
                .zip(self.config.vcenter(b))
                .map_or(0, |(a, b)| {
                    u64::from(crate::migration::checks::rtt_ms(a, b))
                }),
            _ => 0,
        };
        let source_ds = vm.datastore.as_deref().unwrap_or("");
        // The copier runs at the slower datastore, shared evenly with the
        // disk copies already running on either; without shared storage
        // the disk also crosses the vMotion network.
        let copy_mb_s = match r.to_datastore.as_deref() {
            Some(dst) => {
                let stores = [source_ds, dst];
                let copying = 1 + self
                    .migrations
                    .iter()
                    .filter(|o| o.outcome == Outcome::Running && o.kind.moves_storage())
                    .filter(|o| {
                        [
                            o.from_datastore.as_deref().unwrap_or(""),
                            o.to_datastore.as_deref().unwrap_or(""),
                        ]
                        .iter()
                        .any(|d| stores.contains(d))
                    })
                    .count() as u64;
                let rate = u64::from(
                    self.config
                        .datastore_mb_s(source_ds)
                        .min(self.config.datastore_mb_s(dst)),
                ) / copying;
                if r.kind == MigrationKind::Both {
                    rate.min(link_mb_s)
                } else {
                    rate
                }
            }
            None => 0,
        };
        let input = PlanInput {
            kind: r.kind,
            order: spec.order,
            memory: PrecopyInput {
                mem_mb: vm.mem_mb,
                zero_mb: self.zero_mb(i, from_h),
                writable_working_set_mb: vm.writable_working_set_mb.unwrap_or(vm.mem_mb),
                dirty_mb_s: vm.mem_dirty_mb_s,
                link_mb_s,
                device_state_mb: 1,
                switchover_target_ms: DEFAULT_SWITCHOVER_MS,
                sdps: spec.sdps,
                dirty_jitter_pct: vm.mem_dirty_jitter_pct,
                seed: self.seed ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            },
            disk: StorageInput {
                disk_mb: vm.disk_gb * 1024,
                copy_mb_s,
                write_mb_s: vm.disk_write_mb_s,
            },
            rtt_ms,
            max_switchover_ms: u64::from(spec.max_switchover_s) * 1000,
        };
        let p = plan(&input);
        let r = &mut self.migrations[k];
        r.started = true;
        r.start_ms = Some(u64::from(self.t_s) * 1000);
        r.link_mb_s = link_mb_s;
        r.rounds = p.rounds.clone();
        r.phases = p.phases.clone();
        r.storage = p.disk;
        // Mirrored writes cross the network too when the host changes.
        r.total_sent_mb = p.total_sent_mb
            + match (r.kind, p.disk) {
                (MigrationKind::Both, Some(d)) => d.mirrored_mb,
                _ => 0,
            };
        r.total_ms = p.total_ms;
        r.total_s = p.total_ms as f64 / 1000.0;
        r.downtime_ms = p.downtime_ms;
        r.converged = p.memory.as_ref().is_some_and(|m| m.converged());
        r.sdps_engaged = p.memory.as_ref().is_some_and(|m| m.sdps_engaged);
        r.guest_slowdown_pct = p.memory.as_ref().map_or(0, |m| m.guest_slowdown_pct);
        r.outcome = Outcome::Running;
        r.note = p.failure.map(|f| match f {
            PlanFailure::SwitchoverTooLong { needed_ms, max_ms } => {
                MigrationNote::SwitchoverTooLong { needed_ms, max_ms }
            }
        });
        let kind = r.kind;
        self.log_migration(
            k,
            EventKind::MigrationStarted,
            MigrationNote::Started { kind, link_mb_s },
        );
        // A zero-length migration (nothing to send) ends at once.
        if self.migrations[k].total_ms == 0 {
            self.finish_migration(k);
        }
    }

    /// Pages the VM has never touched or that are zero: sent as markers
    /// only [MB].
    fn zero_mb(&self, i: usize, h: usize) -> u64 {
        let mem_mb = self.config.vm[i].mem_mb;
        self.mem_of(i, h).map_or(0, |v| {
            (mem_mb.saturating_sub(v.touched_mb) + v.zero_mb).min(mem_mb)
        })
    }

    /// VM `i`'s memory on host `h` now, per the memory engine.
    fn mem_of(&self, i: usize, h: usize) -> Option<crate::memory::VmMemSample> {
        let pos = self.mem_members[h].iter().position(|&m| m == i)?;
        self.memory[h].sample().1.get(pos).copied()
    }

    /// Ends running migration `k` as its plan says: the VM moves, or the
    /// planned failure happens with the VM still on the source.
    fn finish_migration(&mut self, k: usize) {
        if let Some(note) = self.migrations[k].note.clone() {
            self.fail_migration(k, note);
            return;
        }
        let i = self.vm_index(&self.migrations[k].vm);
        let to_h = self.host_index(&self.migrations[k].to);
        let from_h = self.host_index(&self.migrations[k].from);
        let touched_mb = self.mem_of(i, from_h).map_or(0, |m| m.touched_mb);
        self.placed[i] = Some(to_h);
        self.note_members();
        if to_h != from_h {
            let caps = crate::memory::mapping::pool_caps(&self.config.inventory(), &self.placed);
            let (host, vms) = crate::memory::mapping::configs(
                &self.config.inventory(),
                &self.placed,
                to_h,
                &self.mem_members[to_h],
                &caps,
            );
            let k_mem = self.mem_members[to_h].iter().position(|&m| m == i);
            if let Some(k_mem) = k_mem {
                self.memory[to_h].arrive(&host, &vms, k_mem, touched_mb);
            }
        }
        let to = self.config.host[to_h].name.clone();
        let to_datastore = self.migrations[k].to_datastore.clone();
        let vm = &mut self.config.vm[i];
        vm.host = Some(to);
        if to_datastore.is_some() {
            vm.datastore = to_datastore;
        }
        let r = &mut self.migrations[k];
        r.outcome = Outcome::Completed;
        let note = MigrationNote::Completed {
            total_ms: r.total_ms,
            downtime_ms: r.downtime_ms,
            total_sent_mb: r.total_sent_mb,
        };
        self.log_migration(k, EventKind::MigrationCompleted, note);
    }

    fn fail_migration(&mut self, k: usize, note: MigrationNote) {
        let r = &mut self.migrations[k];
        r.outcome = Outcome::Failed;
        r.downtime_ms = 0;
        // It ran until now: keep what happened by then.
        if let Some(start) = r.start_ms {
            let ran_ms = (u64::from(self.t_s) * 1000)
                .saturating_sub(start)
                .min(r.total_ms);
            if ran_ms < r.total_ms {
                cut_at(r, ran_ms);
            }
            r.total_ms = ran_ms;
            r.total_s = r.total_ms as f64 / 1000.0;
        }
        r.note = Some(note.clone());
        self.log_migration(k, EventKind::MigrationFailed, note);
    }

    /// Fails running migrations whose hosts or networks went away.
    fn fail_broken_migrations(&mut self) {
        for k in 0..self.migrations.len() {
            if self.migrations[k].outcome != Outcome::Running {
                continue;
            }
            let r = &self.migrations[k];
            let i = self.vm_index(&r.vm);
            let (from, to) = (self.host_index(&r.from), self.host_index(&r.to));
            let hosts = [&self.config.host[from], &self.config.host[to]];
            let note = if let Some(h) = hosts.iter().find(|h| h.failed) {
                Some(MigrationNote::HostFailed {
                    host: h.name.clone(),
                })
            } else if self.placed[i] != Some(from) {
                Some(MigrationNote::VmPoweredOff)
            } else {
                hosts
                    .iter()
                    .find(|h| r.kind.moves_compute() && h.vmotion_gbps.is_none())
                    .map(|h| MigrationNote::NetworkLost {
                        host: h.name.clone(),
                    })
            };
            if let Some(note) = note {
                self.fail_migration(k, note);
            }
        }
    }

    fn log_migration(&mut self, k: usize, kind: EventKind, note: MigrationNote) {
        let r = &self.migrations[k];
        let detail = Detail::Migration {
            from: r.from.clone(),
            to: r.to.clone(),
            note,
        };
        let vm = r.vm.clone();
        self.log(kind, &vm, detail);
    }
}

/// Cuts a migration's record at `ran_ms` from its start: the phases up
/// to then, the rounds begun by then (the last one prorated), and the data
/// those sent.
fn cut_at(r: &mut MigrationRecord, ran_ms: u64) {
    let prorate = |mb: u64, done_ms: u64, of_ms: u64| {
        (mb * done_ms.min(of_ms)).checked_div(of_ms).unwrap_or(mb)
    };
    let mut sent = 0;
    r.phases.retain(|p| p.start_ms < ran_ms);
    for p in &mut r.phases {
        p.end_ms = p.end_ms.min(ran_ms);
    }
    if let (Some(copy), Some(d)) = (
        r.phases
            .iter()
            .find(|p| p.kind == crate::migration::PhaseKind::StorageCopy),
        r.storage.as_mut(),
    ) {
        let of_ms = d.copy_ms;
        let done = copy.end_ms - copy.start_ms;
        d.copied_mb = prorate(d.copied_mb, done, of_ms);
        d.mirrored_mb = prorate(d.mirrored_mb, done, of_ms);
        d.copy_ms = done.min(of_ms);
        sent += d.copied_mb;
    }
    let precopy_start = r
        .phases
        .iter()
        .find(|p| p.kind == crate::migration::PhaseKind::Precopy)
        .map(|p| p.start_ms);
    let mut rounds = Vec::new();
    if let Some(mut at) = precopy_start {
        for round in &r.rounds {
            if at >= ran_ms {
                break;
            }
            let done = (ran_ms - at).min(round.duration_ms);
            let mut cut = *round;
            if done < round.duration_ms {
                cut.sent_mb = prorate(round.sent_mb, done, round.duration_ms);
                cut.dirtied_mb = prorate(round.dirtied_mb, done, round.duration_ms);
                cut.duration_ms = done;
            }
            sent += cut.sent_mb;
            rounds.push(cut);
            at += round.duration_ms;
        }
    }
    r.rounds = rounds;
    r.total_sent_mb = sent;
}

/// A record for the scenario's `k`-th `[[migration]]`, not yet requested.
pub(crate) fn new_record(config: &Scenario, k: usize) -> MigrationRecord {
    let spec = &config.migration[k];
    MigrationRecord {
        vm: spec.vm.clone(),
        from: String::new(),
        to: spec.to_host.clone(),
        from_datastore: None,
        to_datastore: spec.to_datastore.clone(),
        kind: MigrationKind::Compute,
        order: spec.order,
        at_s: spec.at_s,
        checks: Vec::new(),
        started: false,
        start_ms: None,
        link_mb_s: 0,
        rounds: Vec::new(),
        phases: Vec::new(),
        storage: None,
        total_sent_mb: 0,
        total_s: 0.0,
        total_ms: 0,
        downtime_ms: 0,
        converged: false,
        sdps_engaged: false,
        guest_slowdown_pct: 0,
        outcome: Outcome::Pending,
        note: None,
        by_drs: false,
    }
}
