//! The simulation: a scenario's VMs powered on through admission control,
//! then stepped through time, applying the timeline and sampling the
//! allocation. State is a function of (scenario, seed, settings) alone.

use crate::base::idle_tax::shares_per_page;
use crate::base::setting::{Setting, SettingError, Value};
use crate::cpu::fc_qos::{fusioncompute_cpu_allocation, FcVm};
use crate::cpu::sched::{sched_samples, CpuSchedSample, HostCpu, Queueing, VmCpu};
use crate::event::{Detail, Event, EventKind, SettingRefusal};
use crate::inventory::check::vm_problems;
use crate::inventory::cluster_field::{ClusterField, ClusterTarget};
use crate::inventory::host_field::{get_host_field, set_host_field, HostField, HostTarget};
use crate::inventory::pool_field::{get_pool_field, set_pool_field, PoolTarget};
use crate::inventory::vapp::{VappField, VappTarget};
use crate::inventory::vm_field::{get_field, set_field, VmField};
use crate::inventory::{EvcMode, Platform, PoolSpec, VmSpec};
use crate::io::setting::IoTarget;
use crate::io::sioc::SiocOutcome;
use crate::memory::HostMemory;
use crate::migration::record::{power_on_level, MigrationRecord, MigrationSample, Outcome};
use crate::resource::admission::{admit_pool_change, admit_power_on, admit_reservation_change};
use crate::resource::allocation::{VmAllocation, VmNeeds};
use crate::resource::cluster;
use crate::resource::tree::{Capacity, Node, Resource};
use crate::scenario::{current_value, Scenario, Target};

pub mod drs;
pub mod ha;
pub mod migration;
pub mod run;
pub mod sample;

pub use run::Run;

pub use sample::{ClusterSample, HostSample, PoolSample, Sample, Trace, VmSample};

/// A running simulation.
#[derive(Debug, Clone)]
pub struct Sim {
    pub(crate) config: Scenario,
    pub(crate) seed: u64,
    pub(crate) t_s: u32,
    /// Where each VM (in scenario order) runs: `Some(host index)` while
    /// powered on.
    pub(crate) placed: Vec<Option<usize>>,
    events: Vec<Event>,
    next_timeline: usize,
    /// Power operations a vApp scheduled: (due [s], VM index, on), in the
    /// order they fall due.
    scheduled: Vec<(u32, usize, bool)>,
    /// Each host's memory, stepped second by second ([`crate::memory`]).
    pub(crate) memory: Vec<HostMemory>,
    /// Per host, the VMs that have run there, in the order they first did
    /// (the memory engine's list).
    pub(crate) mem_members: Vec<Vec<usize>>,
    /// The CPU feature level each VM powered on with (EVC), while on.
    pub(crate) cpu_level: Vec<Option<&'static EvcMode>>,
    /// The scenario's migrations, in file order ([`crate::sim::migration`]).
    pub(crate) migrations: Vec<MigrationRecord>,
    /// vSphere HA's state ([`crate::sim::ha`]).
    pub(crate) ha: crate::sim::ha::HaState,
    /// DRS and DPM's state ([`crate::sim::drs`]).
    pub(crate) drs: crate::sim::drs::DrsState,
    /// Bumped by changes that log no event (demand from workloads, host
    /// power states), so `run` knows to divide again.
    pub(crate) revision: u64,
}

/// The memory engine's time step [s]: ballooning, sharing and swapping
/// move second by second.
pub const MEMORY_STEP_S: u32 = 1;
/// The memory engine's step in runs longer than [`LONG_RUN_S`] [s]: a
/// simulated day (DRS and DPM labs) at one-second steps would cost a
/// slider movement half a second; at a minute the rates still hold, only
/// their timing is coarser.
pub const LONG_RUN_MEMORY_STEP_S: u32 = 60;
/// Runs longer than this step memory every [`LONG_RUN_MEMORY_STEP_S`] [s].
pub const LONG_RUN_S: u32 = 4 * 3600;

impl Sim {
    /// Powers on the scenario's VMs at time 0, in file order, each through
    /// admission control. `seed` is recorded; engines that sample use it.
    pub fn new(scenario: &Scenario, seed: u64) -> Sim {
        let mut sim = Sim {
            config: scenario.clone(),
            seed,
            t_s: 0,
            placed: vec![None; scenario.vm.len()],
            events: Vec::new(),
            next_timeline: 0,
            scheduled: Vec::new(),
            memory: Vec::new(),
            mem_members: vec![Vec::new(); scenario.host.len()],
            cpu_level: vec![None; scenario.vm.len()],
            migrations: (0..scenario.migration.len())
                .map(|k| migration::new_record(scenario, k))
                .collect(),
            ha: Default::default(),
            drs: Default::default(),
            revision: 0,
        };
        sim.start_drs();
        for i in 0..scenario.vm.len() {
            if scenario.vm[i].powered_on && !scenario.in_vapp(i) {
                sim.power_on(i);
            }
        }
        for v in &scenario.vapp {
            if v.powered_on {
                sim.vapp_power(&v.pool.name, true);
            }
        }
        sim.apply_due_scheduled();
        sim.apply_due_timeline();
        sim.note_members();
        let caps = crate::memory::mapping::pool_caps(&sim.config.inventory(), &sim.placed);
        sim.memory = (0..scenario.host.len())
            .map(|h| {
                let (host, vms) = crate::memory::mapping::configs(
                    &sim.config.inventory(),
                    &sim.placed,
                    h,
                    &sim.mem_members[h],
                    &caps,
                );
                HostMemory::new(&host, &vms, seed.wrapping_add(h as u64))
            })
            .collect();
        sim.advance_migrations();
        sim.start_ha();
        sim
    }

    /// Adds VMs running on a host for the first time to its memory list.
    pub(crate) fn note_members(&mut self) {
        for (i, at) in self.placed.iter().enumerate() {
            if let Some(h) = *at {
                if !self.mem_members[h].contains(&i) {
                    self.mem_members[h].push(i);
                }
            }
        }
    }

    /// Starts (or stops) vApp `name`: its first group now, the others
    /// after the vApp's delays. A new request replaces what is pending.
    fn vapp_power(&mut self, name: &str, on: bool) {
        let plan = if on {
            self.config.vapp_start_plan(name)
        } else {
            self.config.vapp_stop_plan(name)
        };
        let members: Vec<usize> = plan.iter().flat_map(|s| s.vms.clone()).collect();
        self.scheduled.retain(|(_, i, _)| !members.contains(i));
        let kind = if on {
            EventKind::VappPowerOn
        } else {
            EventKind::VappPowerOff
        };
        self.log(kind, name, Detail::None);
        for step in plan {
            for i in step.vms {
                self.scheduled.push((self.t_s + step.offset_s, i, on));
            }
        }
        // Stable: equal due times keep the plan's order.
        self.scheduled.sort_by_key(|&(due, _, _)| due);
        self.apply_due_scheduled();
    }

    fn apply_due_scheduled(&mut self) {
        while let Some(&(due, i, on)) = self.scheduled.first() {
            if due > self.t_s {
                break;
            }
            self.scheduled.remove(0);
            match (on, self.placed[i].is_some()) {
                (true, false) => self.power_on(i),
                (false, true) => self.power_off(i),
                _ => {}
            }
        }
    }

    /// Runs `scenario` with `settings` applied to its configuration first
    /// (in one go: [`Run`] takes the same steps a few at a time).
    pub fn run(
        scenario: &Scenario,
        seed: u64,
        settings: &[Setting],
    ) -> Result<Trace, SettingError> {
        Ok(Run::start(scenario, seed, settings)?.finish())
    }

    /// The seed this run was started with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Simulated time [s].
    pub fn time_s(&self) -> u32 {
        self.t_s
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Advances one sample interval, applying timeline entries that fall due.
    /// Migrations start and end at whole seconds inside it.
    pub fn step(&mut self) {
        let step = self.config.step_s.max(1);
        let next = (self.t_s + step).min(self.config.duration_s.max(self.t_s + 1));
        // Timeline entries, vApp steps, HA and migrations happen at their
        // own second; the interval is cut there.
        while self.t_s < next {
            let timeline = self.config.timeline.get(self.next_timeline).map(|e| e.at_s);
            let scheduled = self.scheduled.first().map(|&(due, _, _)| due);
            let until = [
                timeline,
                scheduled,
                self.next_migration_s(),
                self.next_ha_s(),
                self.next_drs_s(),
            ]
            .into_iter()
            .flatten()
            .filter(|&t| t > self.t_s && t < next)
            .min()
            .unwrap_or(next);
            self.integrate_energy(until);
            self.advance_memory(until);
            self.apply_due_scheduled();
            self.apply_due_timeline();
            self.advance_ha();
            self.advance_migrations();
            self.advance_drs();
        }
        self.check_overload();
    }

    /// The memory engine's step for this run [s].
    fn memory_step_s(&self) -> u32 {
        if self.config.duration_s > LONG_RUN_S {
            LONG_RUN_MEMORY_STEP_S
        } else {
            MEMORY_STEP_S
        }
    }

    /// Steps each host's memory second by second up to `until` [s], with
    /// the configuration as it is now; changes due at the end apply after.
    fn advance_memory(&mut self, until: u32) {
        self.note_members();
        let caps = crate::memory::mapping::pool_caps(&self.config.inventory(), &self.placed);
        let mut changes = Vec::new();
        for h in 0..self.memory.len() {
            if self.mem_members[h].is_empty() {
                continue;
            }
            let (host, vms) = crate::memory::mapping::configs(
                &self.config.inventory(),
                &self.placed,
                h,
                &self.mem_members[h],
                &caps,
            );
            let step = self.memory_step_s();
            let mut t = self.t_s;
            while t < until {
                let dt = step.min(until - t);
                let before = self.memory[h].state();
                self.memory[h].step(&host, &vms, dt);
                t += dt;
                let after = self.memory[h].state();
                if after != before {
                    changes.push((t, h, before, after));
                }
            }
        }
        // Hosts were stepped one after the other: log in time order.
        changes.sort_by_key(|&(t, h, _, _)| (t, h));
        for (t_s, h, from, to) in changes {
            self.events.push(Event {
                t_s,
                kind: EventKind::MemStateChanged,
                subject: self.config.host[h].name.clone(),
                detail: Detail::MemState { from, to },
            });
        }
        self.t_s = until;
    }

    /// Applies a setting now, through vCenter: a domain refusal becomes an
    /// event.
    pub fn apply(&mut self, setting: &Setting) -> Result<(), SettingError> {
        self.apply_with(setting, false)
    }

    /// Applies a setting now; `out_of_band` = made directly on a host, so
    /// no admission control checks it (the cluster may turn yellow or red).
    pub fn apply_with(&mut self, setting: &Setting, out_of_band: bool) -> Result<(), SettingError> {
        let target = match Target::parse(&setting.target, &self.config)? {
            Target::Vm(t) => t,
            Target::Pool(t) => return self.apply_to_pool(setting, &t, out_of_band),
            Target::Host(t) => return self.apply_to_host(setting, &t),
            Target::Io(t) => return self.apply_to_io(setting, &t),
            Target::Vapp(t) => return self.apply_to_vapp(setting, &t),
            Target::Migration(t) => return self.apply_to_migration(setting, &t),
            Target::Drs(t) => {
                let subject = t.subject(&self.config.drs_sections());
                return self.apply_cluster_setting(setting, &subject, t.field.name());
            }
            Target::Ha(t) => return self.apply_cluster_setting(setting, "ha", t.field.name()),
            Target::Cluster(t) => return self.apply_cluster_switch(setting, t),
        };
        let i = self
            .config
            .vm
            .iter()
            .position(|v| v.name == target.vm)
            .expect("Target::parse checked the VM exists");
        let err = |message: String| SettingError {
            target: setting.target.clone(),
            message,
        };
        if target.field == VmField::PoweredOn {
            let on = matches!(setting.value, Value::Bool(true));
            set_field(&mut self.config.vm[i], VmField::PoweredOn, &setting.value).map_err(err)?;
            match (on, self.placed[i].is_some()) {
                (true, false) => self.power_on(i),
                (false, true) => self.power_off(i),
                _ => {}
            }
            return Ok(());
        }
        let mut changed = self.config.vm[i].clone();
        set_field(&mut changed, target.field, &setting.value).map_err(err)?;
        let from = get_field(&self.config.vm[i], target.field).to_string();
        let to = get_field(&changed, target.field).to_string();
        if let Some((broken, _)) = vm_problems(&changed).into_iter().next() {
            // E.g. a timeline lowering a limit below a reservation the
            // student raised: vSphere refuses such a change, and so do we.
            let field = target.field.name().to_string();
            let why = SettingRefusal::for_vm_field(broken);
            self.log(
                EventKind::SettingRefused,
                &changed.name,
                Detail::Refused {
                    field,
                    from,
                    to,
                    why,
                },
            );
            return Ok(());
        }
        if self.placed[i].is_some() && !out_of_band {
            if let Some(detail) =
                admit_reservation_change(&self.config.inventory(), &self.placed, i, &changed)
            {
                self.log(EventKind::SettingRefused, &changed.name, detail.into());
                return Ok(());
            }
        }
        self.config.vm[i] = changed;
        let field = target.field.name().to_string();
        let name = self.config.vm[i].name.clone();
        self.log(
            EventKind::SettingChanged,
            &name,
            Detail::Setting { field, from, to },
        );
        Ok(())
    }

    /// Applies a cluster-wide setting (HA, DRS, DPM, a rule) now and logs
    /// the change against `subject`.
    fn apply_cluster_setting(
        &mut self,
        setting: &Setting,
        subject: &str,
        field: &str,
    ) -> Result<(), SettingError> {
        let from = current_value(&self.config, &setting.target)?.to_string();
        self.config.apply(setting)?;
        let to = current_value(&self.config, &setting.target)?.to_string();
        let field = field.to_string();
        self.log(
            EventKind::SettingChanged,
            subject,
            Detail::Setting { field, from, to },
        );
        Ok(())
    }

    /// Applies `cluster.scalable_shares` or `cluster.mem_overcommit` now.
    /// FusionCompute refuses to switch memory overcommit off while a running
    /// VM's reservation is below its size, and on while a running VM has a
    /// passthrough NIC.
    fn apply_cluster_switch(
        &mut self,
        setting: &Setting,
        target: ClusterTarget,
    ) -> Result<(), SettingError> {
        let fc = self.config.platform == Platform::Fusioncompute;
        if target.field == ClusterField::MemOvercommit && fc {
            let on = matches!(setting.value, Value::Bool(true));
            let running = |i: &usize| self.placed[*i].is_some();
            let blocker = (0..self.config.vm.len()).filter(running).find(|&i| {
                let vm = &self.config.vm[i];
                if on {
                    vm.passthrough_nic
                } else {
                    vm.mem_reservation_mb < vm.mem_mb
                }
            });
            if let Some(i) = blocker {
                let vm = self.config.vm[i].name.clone();
                let why = if on {
                    SettingRefusal::PassthroughNicRunning { vm }
                } else {
                    SettingRefusal::ReservationsBelowSize { vm }
                };
                let detail = Detail::Refused {
                    field: target.field.name().to_string(),
                    from: current_value(&self.config, &setting.target)?.to_string(),
                    to: setting.value.to_string(),
                    why,
                };
                self.log(EventKind::SettingRefused, "cluster", detail);
                return Ok(());
            }
        }
        self.apply_cluster_setting(setting, "cluster", target.field.name())?;
        self.config.fully_reserve_if_not_overcommitted();
        Ok(())
    }

    /// Applies a pool setting now: a change the pool tree cannot back (a
    /// higher reservation its parents cannot lend, a limit or a
    /// non-expandable reservation below what its children reserve) is
    /// refused with an event, as vSphere refuses it.
    fn apply_to_pool(
        &mut self,
        setting: &Setting,
        target: &PoolTarget,
        out_of_band: bool,
    ) -> Result<(), SettingError> {
        let p = self
            .config
            .pool
            .iter()
            .position(|q| q.name == target.pool)
            .expect("Target::parse checked the pool exists");
        let mut changed = self.config.pool[p].clone();
        set_pool_field(&mut changed, target.field, &setting.value).map_err(|message| {
            SettingError {
                target: setting.target.clone(),
                message,
            }
        })?;
        let field = target.field.name().to_string();
        let from = get_pool_field(&self.config.pool[p], target.field).to_string();
        let to = get_pool_field(&changed, target.field).to_string();
        let name = changed.name.clone();
        if !crate::resource::pool_check::limits_below_reservations(&changed).is_empty() {
            let why = SettingRefusal::LimitBelowReservation;
            self.log(
                EventKind::SettingRefused,
                &name,
                Detail::Refused {
                    field,
                    from,
                    to,
                    why,
                },
            );
            return Ok(());
        }
        if !out_of_band {
            if let Some(detail) =
                admit_pool_change(&self.config.inventory(), &self.placed, p, &changed)
            {
                self.log(EventKind::SettingRefused, &name, detail.into());
                return Ok(());
            }
        }
        self.config.pool[p] = changed;
        self.log(
            EventKind::SettingChanged,
            &name,
            Detail::Setting { field, from, to },
        );
        Ok(())
    }

    /// Applies a host setting now. A failing host takes its VMs down with
    /// it (restarting them elsewhere is vSphere HA's job).
    fn apply_to_host(
        &mut self,
        setting: &Setting,
        target: &HostTarget,
    ) -> Result<(), SettingError> {
        let h = self
            .config
            .host
            .iter()
            .position(|x| x.name == target.host)
            .expect("Target::parse checked the host exists");
        let from = get_host_field(&self.config.host[h], target.field).to_string();
        set_host_field(&mut self.config.host[h], target.field, &setting.value).map_err(
            |message| SettingError {
                target: setting.target.clone(),
                message,
            },
        )?;
        let to = get_host_field(&self.config.host[h], target.field).to_string();
        let name = self.config.host[h].name.clone();
        let field = target.field.name().to_string();
        let failed_now = target.field == HostField::Failed && self.config.host[h].failed;
        if failed_now && from != to {
            self.host_went_down(h, None);
        } else {
            if target.field == HostField::Failed && from != to {
                self.capacity_back();
            }
            self.log(
                EventKind::SettingChanged,
                &name,
                Detail::Setting { field, from, to },
            );
        }
        Ok(())
    }

    /// Applies a vApp setting now: powering it on or off starts its power
    /// sequence.
    fn apply_to_vapp(
        &mut self,
        setting: &Setting,
        target: &VappTarget,
    ) -> Result<(), SettingError> {
        let from = current_value(&self.config, &setting.target)?;
        self.config.apply(setting)?;
        let to = current_value(&self.config, &setting.target)?;
        match (target.field, &to) {
            (VappField::PoweredOn, Value::Bool(on)) => {
                if from != to {
                    self.vapp_power(&target.vapp, *on);
                }
            }
            _ => {
                let detail = Detail::Setting {
                    field: target.field.name().to_string(),
                    from: from.to_string(),
                    to: to.to_string(),
                };
                self.log(EventKind::SettingChanged, &target.vapp, detail);
            }
        }
        Ok(())
    }

    /// Applies a network or storage setting now; one that breaks a
    /// published rule (reservations above 75% of the uplink) is refused.
    fn apply_to_io(&mut self, setting: &Setting, target: &IoTarget) -> Result<(), SettingError> {
        let mut changed = self.config.clone();
        changed.apply(setting)?;
        let field = target.field_name().to_string();
        let from = current_value(&self.config, &setting.target)?.to_string();
        let to = current_value(&changed, &setting.target)?.to_string();
        match changed.io_problems().into_iter().next() {
            None => {
                self.config.nioc = changed.nioc;
                self.config.sioc = changed.sioc;
                let detail = Detail::Setting { field, from, to };
                self.log(EventKind::SettingChanged, &target.subject(), detail);
            }
            Some((broken, _)) => {
                let why = SettingRefusal::for_io_field(&broken);
                let detail = Detail::Refused {
                    field,
                    from,
                    to,
                    why,
                };
                self.log(EventKind::SettingRefused, &target.subject(), detail);
            }
        }
        Ok(())
    }

    /// The allocation now.
    pub fn sample(&self) -> Sample {
        let members = cluster::members(&self.placed);
        let pools: Vec<&PoolSpec> = self.config.pool.iter().collect();
        let tree = cluster::tree(&self.config.inventory(), &pools, &members, None);
        let (mut member_allocs, pool_allocs) = tree.allocate();
        // DRS's entitlements are the tree's, before each host's fit.
        let drs = self.drs_sample_with(&members, &member_allocs);
        crate::resource::host_fit::fit_hosts(
            &self.config.inventory(),
            &tree,
            &members,
            &mut member_allocs,
        );
        if self.config.platform == Platform::Fusioncompute {
            self.fusioncompute_cpu(&members, &mut member_allocs);
        }
        let mut allocs = vec![VmAllocation::default(); self.config.vm.len()];
        for (&(i, _), a) in members.iter().zip(&member_allocs) {
            allocs[i] = *a;
        }
        let root = |res| tree.reserved(res)[tree.id_of(Node::Root)].used;
        // A cluster of one host is that host's root: what the root's
        // children hold (pools' reservations too) is the host's.
        let one_host = self.config.host.len() == 1;
        let hosts = self
            .config
            .host
            .iter()
            .enumerate()
            .map(|(h, host)| {
                let on_host: Vec<usize> =
                    members.iter().filter(|m| m.1 == h).map(|m| m.0).collect();
                let reserved = if one_host {
                    Capacity {
                        cpu_mhz: root(Resource::Cpu),
                        mem_mb: root(Resource::Mem),
                    }
                } else {
                    cluster::host_reserved(&self.config.inventory(), &self.placed, h, None)
                };
                let overhead: u64 = on_host
                    .iter()
                    .map(|&i| VmNeeds::of(&self.config.vm[i], host).mem_overhead_mb)
                    .sum();
                HostSample {
                    name: host.name.clone(),
                    failed: host.failed,
                    cpu_capacity_mhz: if host.failed {
                        0
                    } else {
                        host.cpu_capacity_mhz()
                    },
                    cpu_reserved_mhz: reserved.cpu_mhz,
                    cpu_granted_mhz: on_host.iter().map(|&i| allocs[i].cpu_granted_mhz).sum(),
                    mem_capacity_mb: if host.failed { 0 } else { host.mem_mb },
                    mem_reserved_mb: reserved.mem_mb,
                    mem_granted_mb: on_host
                        .iter()
                        .map(|&i| allocs[i].mem_granted_mb)
                        .sum::<u64>()
                        + overhead,
                    vms_running: on_host.len() as u32,
                }
            })
            .collect::<Vec<_>>();
        let capacity = cluster::capacity(&self.config.inventory());
        let cluster = ClusterSample {
            state: cluster::state(&tree, &pools),
            cpu_capacity_mhz: capacity.cpu_mhz,
            cpu_reserved_mhz: root(Resource::Cpu),
            mem_capacity_mb: capacity.mem_mb,
            mem_reserved_mb: root(Resource::Mem),
        };
        let pools = self
            .config
            .pool
            .iter()
            .zip(pool_allocs)
            .map(|(p, alloc)| PoolSample {
                name: p.name.clone(),
                parent: p.parent.clone(),
                vapp: p.vapp,
                spec: p.clone(),
                alloc,
            })
            .collect();
        let sched = self.sched(&members, &allocs);
        let mut numa = self.numa();
        let vms = self
            .config
            .vm
            .iter()
            .enumerate()
            .map(|(i, vm)| VmSample {
                cpu: sched[i],
                numa: numa[i].take(),
                ..self.vm_sample(i, vm, allocs[i])
            })
            .collect();
        for h in &hosts {
            debug_assert!(
                h.cpu_granted_mhz <= h.cpu_capacity_mhz,
                "CPU over capacity on {}",
                h.name
            );
        }
        let sample = Sample {
            t_s: self.t_s,
            vms,
            hosts,
            cluster,
            pools,
            network: self
                .config
                .nioc
                .as_ref()
                .map_or_else(Vec::new, crate::io::nioc::allocate),
            storage: self.storage(),
            memory: Vec::new(),
            migrations: self
                .migrations
                .iter()
                .filter(|r| r.outcome != Outcome::Pending)
                .map(MigrationSample::of)
                .collect(),
            ha: self.ha_sample(),
            drs,
        };
        self.with_memory(sample)
    }

    /// `sample` with each host's memory and each VM's memory breakdown now.
    fn with_memory(&self, mut sample: Sample) -> Sample {
        sample.memory.clear();
        for v in &mut sample.vms {
            v.mem = None;
        }
        for (h, mem) in self.memory.iter().enumerate() {
            let (host, vms) = mem.sample();
            sample.memory.push(host);
            for (&i, v) in self.mem_members[h].iter().zip(vms) {
                if self.placed.get(i) == Some(&Some(h)) {
                    sample.vms[i].mem = Some(v);
                }
            }
        }
        sample
    }

    /// FusionCompute's CPU QoS on each host: a VM below its reservation is
    /// fixed at it, the rest is shared by quota ([`crate::cpu::fc_qos`]).
    fn fusioncompute_cpu(&self, members: &[(usize, usize)], allocs: &mut [VmAllocation]) {
        for (h, host) in self.config.host.iter().enumerate() {
            let on: Vec<usize> = (0..members.len()).filter(|&k| members[k].1 == h).collect();
            let vms: Vec<FcVm> = on
                .iter()
                .map(|&k| {
                    let vm = &self.config.vm[members[k].0];
                    let n = VmNeeds::of(vm, host);
                    FcVm {
                        quota: vm.cpu_shares.cpu_shares(vm.vcpus),
                        reservation_mhz: vm.cpu_reservation_mhz,
                        limit_mhz: Some(n.cpu_limit_mhz),
                        demand_mhz: n.cpu_demand_mhz,
                    }
                })
                .collect();
            let granted = fusioncompute_cpu_allocation(host.cpu_capacity_mhz(), &vms);
            for (&k, g) in on.iter().zip(granted) {
                allocs[k].cpu_granted_mhz = g;
            }
        }
    }

    /// Each running VM's CPU scheduler accounting over one sample interval,
    /// host by host (fluid model; see [`crate::cpu::sched`]).
    fn sched(
        &self,
        members: &[(usize, usize)],
        allocs: &[VmAllocation],
    ) -> Vec<Option<CpuSchedSample>> {
        let mut out = vec![None; self.config.vm.len()];
        for (h, host) in self.config.host.iter().enumerate() {
            let on: Vec<usize> = members.iter().filter(|m| m.1 == h).map(|m| m.0).collect();
            if on.is_empty() {
                continue;
            }
            let cpu = HostCpu {
                pcpus: host.logical_cpus().unwrap_or(1),
                core_mhz: host.core_mhz.unwrap_or_else(|| host.cpu_capacity_mhz()),
            };
            let vms: Vec<VmCpu> = on
                .iter()
                .map(|&i| {
                    let vm = &self.config.vm[i];
                    let n = VmNeeds::of(vm, host);
                    VmCpu {
                        vcpus: vm.vcpus,
                        demand_mhz: n.cpu_demand_mhz,
                        granted_mhz: allocs[i].cpu_granted_mhz,
                        limit_mhz: vm.cpu_limit_mhz,
                    }
                })
                .collect();
            let interval_s = self.config.step_s.max(1);
            for (&i, s) in on
                .iter()
                .zip(sched_samples(&cpu, &vms, interval_s, Queueing::Off))
            {
                out[i] = Some(s);
            }
        }
        out
    }

    /// The datastore's steady state under this sample's demand: a powered-
    /// off VM issues no I/O.
    fn storage(&self) -> Option<SiocOutcome> {
        let mut spec = self.config.sioc.clone()?;
        for d in &mut spec.disk {
            let on = self
                .config
                .vm
                .iter()
                .position(|v| v.name == d.vm)
                .is_some_and(|i| self.placed[i].is_some());
            if !on {
                d.demand_iops = 0;
            }
        }
        Some(crate::io::sioc::evaluate(&spec))
    }

    /// NUMA placement of the running VMs on each host described by
    /// sockets, in file order (`cpu::numa`).
    fn numa(&self) -> Vec<Option<crate::cpu::numa::NumaPlacement>> {
        use crate::cpu::numa::{place, NumaHost, NumaVm};
        let mut out = vec![None; self.config.vm.len()];
        for (h, host) in self.config.host.iter().enumerate() {
            let (Some(sockets), Some(cores)) = (host.sockets, host.cores_per_socket) else {
                continue;
            };
            let on: Vec<usize> = (0..self.config.vm.len())
                .filter(|&i| self.placed[i] == Some(h))
                .collect();
            let vms: Vec<NumaVm> = on
                .iter()
                .map(|&i| {
                    let vm = &self.config.vm[i];
                    NumaVm {
                        vcpus: vm.vcpus,
                        cores_per_socket: vm.cores_per_socket,
                        mem_mb: vm.mem_mb,
                    }
                })
                .collect();
            let numa_host = NumaHost {
                nodes: sockets,
                cores_per_node: cores,
                mem_per_node_mb: host.mem_mb / u64::from(sockets.max(1)),
            };
            for (&i, p) in on.iter().zip(place(numa_host, &vms)) {
                out[i] = Some(p);
            }
        }
        out
    }

    fn vm_sample(&self, i: usize, vm: &VmSpec, alloc: VmAllocation) -> VmSample {
        let host = self.placed[i].map(|h| &self.config.host[h]);
        let needs = host.map(|h| VmNeeds::of(vm, h));
        let shares_per_page = needs.and_then(|n| {
            shares_per_page(
                vm.mem_shares.mem_shares(vm.mem_mb),
                alloc.mem_granted_mb,
                n.mem_active_mb,
                n.mem_idle_tax_pct,
            )
        });
        VmSample {
            name: vm.name.clone(),
            host: host.map(|h| h.name.clone()).or_else(|| vm.host.clone()),
            powered_on: needs.is_some(),
            cpu_demand_mhz: needs.map_or(0, |n| n.cpu_demand_mhz),
            mem_demand_mb: needs.map_or(0, |n| n.mem_demand_mb),
            mem_active_mb: needs.map_or(0, |n| n.mem_active_mb),
            alloc,
            cpu: None,
            mem: None,
            shares_per_page,
            cpu_shares: vm.cpu_shares.cpu_shares(vm.vcpus),
            mem_shares: vm.mem_shares.mem_shares(vm.mem_mb),
            guest_crashed: self.ha.crashed.get(i).copied().unwrap_or(false),
            numa: None,
        }
    }

    fn apply_due_timeline(&mut self) {
        while let Some(entry) = self.config.timeline.get(self.next_timeline) {
            if entry.at_s > self.t_s {
                break;
            }
            let setting = entry.setting();
            let out_of_band = entry.out_of_band;
            self.next_timeline += 1;
            // Timeline entries were validated with the lab; a bad one
            // (possible only in a hand-built Scenario) is skipped.
            let applied = self.apply_with(&setting, out_of_band);
            debug_assert!(applied.is_ok(), "invalid timeline entry: {applied:?}");
        }
    }

    fn power_on(&mut self, i: usize) {
        let name = self.config.vm[i].name.clone();
        let pinned = self.config.vm[i]
            .host
            .as_deref()
            .and_then(|h| self.config.host.iter().position(|x| x.name == h));
        if let Some(refusal) = self.ha_admission(i, pinned) {
            self.log(
                EventKind::AdmissionDenied,
                &name,
                Detail::HaAdmission(refusal),
            );
            return;
        }
        let placed = match self.drs_placement(i) {
            Some(order) => crate::resource::admission::admit_power_on_among(
                &self.config.inventory(),
                &self.placed,
                i,
                &order,
            ),
            None => admit_power_on(&self.config.inventory(), &self.placed, i),
        };
        match placed {
            Ok(h) => {
                self.placed[i] = Some(h);
                self.cpu_level[i] = Some(power_on_level(
                    self.config.cluster.evc_baseline.as_deref(),
                    &self.config.host[h],
                ));
                if let Some(s) = self.ha.started_s.get_mut(i) {
                    *s = Some(self.t_s).filter(|&t| t > 0);
                }
                self.log(EventKind::PowerOn, &name, Detail::None);
                let overcommit = self.config.cluster.fc_overcommit(self.config.platform);
                if overcommit && self.config.vm[i].guest_numa {
                    self.log(EventKind::GuestNumaOff, &name, Detail::None);
                }
            }
            Err(detail) => {
                self.log(EventKind::AdmissionDenied, &name, detail.into());
            }
        }
    }

    pub(crate) fn power_off(&mut self, i: usize) {
        self.placed[i] = None;
        self.cpu_level[i] = None;
        let name = self.config.vm[i].name.clone();
        self.log(EventKind::PowerOff, &name, Detail::None);
    }

    pub(crate) fn log(&mut self, kind: EventKind, subject: &str, detail: Detail) {
        self.events.push(Event {
            t_s: self.t_s,
            kind,
            subject: subject.to_string(),
            detail,
        });
    }
}
