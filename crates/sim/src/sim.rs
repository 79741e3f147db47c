//! The simulation: a scenario's VMs powered on through admission control,
//! then stepped through time, applying the timeline and sampling the
//! allocation. State is a function of (scenario, seed, settings) alone.

use crate::admission::{admit_pool_change, admit_power_on, admit_reservation_change};
use crate::allocation::{VmAllocation, VmNeeds};
use crate::event::{Detail, Event, EventKind};
use crate::scenario::Scenario;
use crate::setting::{
    get_field, get_pool_field, set_field, set_pool_field, PoolTarget, Setting, SettingError,
    Target, VmField,
};
use crate::tree::{PoolAllocation, Resource, Tree};
use serde::{Deserialize, Serialize};

/// One VM at one sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VmSample {
    pub name: String,
    pub host: String,
    pub powered_on: bool,
    /// CPU demand, capped at what its vCPUs can use [MHz].
    pub cpu_demand_mhz: u64,
    /// Active memory [MB].
    pub mem_demand_mb: u64,
    #[serde(flatten)]
    pub alloc: VmAllocation,
}

/// One host at one sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostSample {
    pub name: String,
    pub cpu_capacity_mhz: u64,
    /// Sum of running VMs' CPU reservations [MHz].
    pub cpu_reserved_mhz: u64,
    pub cpu_granted_mhz: u64,
    pub mem_capacity_mb: u64,
    /// Sum of running VMs' memory reservations plus overheads [MB].
    pub mem_reserved_mb: u64,
    /// Granted to guests plus overheads [MB].
    pub mem_granted_mb: u64,
    pub vms_running: u32,
}

/// One resource pool at one sample (memory figures count the overhead of
/// the VMs below it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolSample {
    pub name: String,
    pub host: String,
    /// Parent pool; absent = the host's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(flatten)]
    pub alloc: PoolAllocation,
}

/// Everything at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    pub t_s: u32,
    pub vms: Vec<VmSample>,
    pub hosts: Vec<HostSample>,
    /// Resource pools in file order; absent from JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<PoolSample>,
}

/// A whole run: samples every `step_s`, and the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub seed: u64,
    pub samples: Vec<Sample>,
    pub events: Vec<Event>,
}

impl Trace {
    pub fn last(&self) -> &Sample {
        self.samples
            .last()
            .expect("a trace has at least the t=0 sample")
    }
}

/// A running simulation.
#[derive(Debug, Clone)]
pub struct Sim {
    config: Scenario,
    seed: u64,
    t_s: u32,
    /// Whether each VM (in scenario order) is powered on.
    running: Vec<bool>,
    events: Vec<Event>,
    next_timeline: usize,
}

impl Sim {
    /// Powers on the scenario's VMs at time 0, in file order, each through
    /// admission control. `seed` is recorded; engines that sample use it.
    pub fn new(scenario: &Scenario, seed: u64) -> Sim {
        let mut sim = Sim {
            config: scenario.clone(),
            seed,
            t_s: 0,
            running: vec![false; scenario.vm.len()],
            events: Vec::new(),
            next_timeline: 0,
        };
        for i in 0..scenario.vm.len() {
            if scenario.vm[i].powered_on {
                sim.power_on(i);
            }
        }
        sim.apply_due_timeline();
        sim
    }

    /// Runs `scenario` with `settings` applied to its configuration first.
    pub fn run(
        scenario: &Scenario,
        seed: u64,
        settings: &[Setting],
    ) -> Result<Trace, SettingError> {
        let configured = scenario.with_settings(settings)?;
        let mut sim = Sim::new(&configured, seed);
        let mut samples = vec![sim.sample()];
        while sim.t_s < configured.duration_s {
            let events_before = sim.events.len();
            sim.step();
            // Every change to the configuration or power state logs an
            // event, so a step without events cannot change the allocation:
            // reuse the last sample instead of dividing everything again.
            let sample = match samples.last() {
                Some(prev) if sim.events.len() == events_before => Sample {
                    t_s: sim.t_s,
                    ..prev.clone()
                },
                _ => sim.sample(),
            };
            debug_assert_eq!(
                sample,
                sim.sample(),
                "a step without events changed the allocation"
            );
            samples.push(sample);
        }
        Ok(Trace {
            seed,
            samples,
            events: sim.events,
        })
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
    pub fn step(&mut self) {
        let step = self.config.step_s.max(1);
        self.t_s = (self.t_s + step).min(self.config.duration_s.max(self.t_s + 1));
        self.apply_due_timeline();
    }

    /// Applies a setting now; a domain refusal becomes an event.
    pub fn apply(&mut self, setting: &Setting) -> Result<(), SettingError> {
        let target = match Target::parse(&setting.target, &self.config)? {
            Target::Vm(t) => t,
            Target::Pool(t) => return self.apply_to_pool(setting, &t),
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
            let on = matches!(setting.value, crate::setting::Value::Bool(true));
            set_field(&mut self.config.vm[i], VmField::PoweredOn, &setting.value).map_err(err)?;
            match (on, self.running[i]) {
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
        if !crate::validate::vm_problems(&changed).is_empty() {
            // E.g. a timeline lowering a limit below a reservation the
            // student raised: vSphere refuses such a change, and so do we.
            let field = target.field.name().to_string();
            self.log(
                EventKind::SettingRefused,
                &changed.name,
                Detail::Setting { field, from, to },
            );
            return Ok(());
        }
        if self.running[i] {
            if let Some(detail) = admit_reservation_change(&self.config, &self.running, i, &changed)
            {
                self.log(EventKind::SettingRefused, &changed.name, detail);
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

    /// Applies a pool setting now: a change the pool tree cannot back (a
    /// higher reservation its parents cannot lend, a limit or a
    /// non-expandable reservation below what its children reserve) is
    /// refused with an event, as vSphere refuses it.
    fn apply_to_pool(
        &mut self,
        setting: &Setting,
        target: &PoolTarget,
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
        if !crate::validate_pools::limits_below_reservations(&changed).is_empty() {
            self.log(
                EventKind::SettingRefused,
                &name,
                Detail::Setting { field, from, to },
            );
            return Ok(());
        }
        if let Some(detail) = admit_pool_change(&self.config, &self.running, p, &changed) {
            self.log(EventKind::SettingRefused, &name, detail);
            return Ok(());
        }
        self.config.pool[p] = changed;
        self.log(
            EventKind::SettingChanged,
            &name,
            Detail::Setting { field, from, to },
        );
        Ok(())
    }

    /// The allocation now.
    pub fn sample(&self) -> Sample {
        let mut vms: Vec<VmSample> = Vec::with_capacity(self.config.vm.len());
        let mut hosts = Vec::with_capacity(self.config.host.len());
        let mut allocs = vec![VmAllocation::default(); self.config.vm.len()];
        let mut pool_allocs = vec![PoolAllocation::default(); self.config.pool.len()];
        for host in &self.config.host {
            let on_host: Vec<usize> = (0..self.config.vm.len())
                .filter(|&i| self.running[i] && self.config.vm[i].host == host.name)
                .collect();
            let specs: Vec<_> = on_host.iter().map(|&i| &self.config.vm[i]).collect();
            let pool_ids: Vec<usize> = (0..self.config.pool.len())
                .filter(|&p| self.config.pool[p].host == host.name)
                .collect();
            let pools: Vec<_> = pool_ids.iter().map(|&p| &self.config.pool[p]).collect();
            let tree = Tree::new(host, &pools, &specs);
            let (vm_allocs, in_pools) = tree.allocate();
            for (&i, a) in on_host.iter().zip(vm_allocs) {
                allocs[i] = a;
            }
            for (&p, a) in pool_ids.iter().zip(in_pools) {
                pool_allocs[p] = a;
            }
            // What the root holds: VMs' reservations (memory: plus
            // overhead) and top-level pools' expanded reservations.
            let root_used = |res| tree.reserved(res)[0].used;
            let overhead: u64 = specs
                .iter()
                .map(|vm| VmNeeds::of(vm, host).mem_overhead_mb)
                .sum();
            hosts.push(HostSample {
                name: host.name.clone(),
                cpu_capacity_mhz: host.cpu_capacity_mhz(),
                cpu_reserved_mhz: root_used(Resource::Cpu),
                cpu_granted_mhz: on_host.iter().map(|&i| allocs[i].cpu_granted_mhz).sum(),
                mem_capacity_mb: host.mem_mb,
                mem_reserved_mb: root_used(Resource::Mem),
                mem_granted_mb: on_host
                    .iter()
                    .map(|&i| allocs[i].mem_granted_mb)
                    .sum::<u64>()
                    + overhead,
                vms_running: on_host.len() as u32,
            });
        }
        let pools = self
            .config
            .pool
            .iter()
            .zip(pool_allocs)
            .map(|(p, alloc)| PoolSample {
                name: p.name.clone(),
                host: p.host.clone(),
                parent: p.parent.clone(),
                alloc,
            })
            .collect();
        for (i, vm) in self.config.vm.iter().enumerate() {
            let needs = self.config.host(&vm.host).map(|h| VmNeeds::of(vm, h));
            let on = self.running[i];
            vms.push(VmSample {
                name: vm.name.clone(),
                host: vm.host.clone(),
                powered_on: on,
                cpu_demand_mhz: needs.filter(|_| on).map_or(0, |n| n.cpu_demand_mhz),
                mem_demand_mb: needs.filter(|_| on).map_or(0, |n| n.mem_demand_mb),
                alloc: allocs[i],
            });
        }
        for h in &hosts {
            debug_assert!(
                h.cpu_granted_mhz <= h.cpu_capacity_mhz,
                "CPU over capacity on {}",
                h.name
            );
        }
        Sample {
            t_s: self.t_s,
            vms,
            hosts,
            pools,
        }
    }

    fn apply_due_timeline(&mut self) {
        while let Some(entry) = self.config.timeline.get(self.next_timeline) {
            if entry.at_s > self.t_s {
                break;
            }
            let setting = entry.setting();
            self.next_timeline += 1;
            // Timeline entries were validated with the lab; a bad one
            // (possible only in a hand-built Scenario) is skipped.
            let applied = self.apply(&setting);
            debug_assert!(applied.is_ok(), "invalid timeline entry: {applied:?}");
        }
    }

    fn power_on(&mut self, i: usize) {
        let vm = &self.config.vm[i];
        match admit_power_on(&self.config, &self.running, i) {
            Ok(()) => {
                self.running[i] = true;
                let name = vm.name.clone();
                self.log(EventKind::PowerOn, &name, Detail::None);
            }
            Err(detail) => {
                let name = vm.name.clone();
                self.log(EventKind::AdmissionDenied, &name, detail);
            }
        }
    }

    fn power_off(&mut self, i: usize) {
        self.running[i] = false;
        let name = self.config.vm[i].name.clone();
        self.log(EventKind::PowerOff, &name, Detail::None);
    }

    fn log(&mut self, kind: EventKind, subject: &str, detail: Detail) {
        self.events.push(Event {
            t_s: self.t_s,
            kind,
            subject: subject.to_string(),
            detail,
        });
    }
}
