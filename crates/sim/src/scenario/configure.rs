//! A scenario with settings applied: each setting written by the part
//! that owns it, then the result checked as the file's checks would, so a
//! configuration vSphere would refuse never runs.

use super::check::cluster_problems;
use super::Scenario;
use super::Target;
use crate::base::setting::{Setting, SettingError};
use crate::inventory::check::vm_problems;
use crate::inventory::Platform;
use crate::inventory::PoolSpec;
use crate::migration::validate::evc_problems;
use crate::resource::pool_check::{limits_below_reservations, pool_problems};

impl Scenario {
    /// A copy with `settings` applied to the VMs' and pools' configuration,
    /// in order. Fails on a bad target or value, or a configuration vSphere
    /// would reject (a limit below the reservation, pool reservations the
    /// tree cannot back), naming the setting.
    pub fn with_settings(&self, settings: &[Setting]) -> Result<Scenario, SettingError> {
        let mut s = self.clone();
        for setting in settings {
            s.apply(setting)?;
        }
        // Checked once all settings are in, so their order does not matter
        // (raising a limit and a reservation together works either way).
        let mut pool_settings = Vec::new();
        for setting in settings {
            let problem = match Target::parse(&setting.target, &s)? {
                Target::Vm(t) => {
                    let vm = s.vm(&t.vm).expect("parse checked the VM exists");
                    vm_problems(vm).into_iter().next()
                }
                Target::Pool(t) => {
                    let pool = s.pool(&t.pool).expect("parse checked the pool exists");
                    pool_settings.push((setting, pool));
                    limits_below_reservations(pool).into_iter().next()
                }
                // set_host_field already checked the value's range; a
                // host's CPU generation must still carry the EVC baseline.
                Target::Host(_) => evc_problems(&s.host, &s.cluster)
                    .into_iter()
                    .next()
                    .map(|m| ("", m)),
                Target::Vapp(_) | Target::Migration(_) => None,
                Target::Drs(_) => s.drs_problems().into_iter().next().map(|(_, m)| ("", m)),
                Target::Ha(_) => s.ha_problems().into_iter().next().map(|(_, m)| ("", m)),
                Target::Io(_) => s.io_problems().into_iter().next().map(|(_, m)| ("", m)),
                Target::Cluster(_) => cluster_problems(&s)
                    .into_iter()
                    .next()
                    .map(|(_, m)| ("", m)),
            };
            if let Some((_, message)) = problem {
                return Err(SettingError {
                    target: setting.target.clone(),
                    message,
                });
            }
        }
        // The pool tree must still back its reservations, as when the file
        // loads. Blame a setting on the pool the problem is at, else the
        // first pool setting.
        if let Some(&first) = pool_settings.first() {
            let problems = pool_problems(&s.inventory());
            if let Some((path, message)) = problems.into_iter().next() {
                let at = path
                    .strip_prefix("pool[")
                    .and_then(|r| r.split_once(']'))
                    .and_then(|(i, _)| i.parse::<usize>().ok())
                    .and_then(|i| s.pool.get(i));
                let on = |f: &dyn Fn(&PoolSpec) -> bool| {
                    pool_settings.iter().find(|(_, p)| f(p)).copied()
                };
                let (blamed, blamed_pool) = at
                    .and_then(|at| on(&|p| p.name == at.name))
                    .unwrap_or(first);
                let message = match at {
                    Some(at) if at.name != blamed_pool.name => {
                        format!("pool {} could not back it: {message}", at.name)
                    }
                    _ => message,
                };
                return Err(SettingError {
                    target: blamed.target.clone(),
                    message,
                });
            }
        }
        s.apply_platform_rules();
        Ok(s)
    }
}

impl Scenario {
    /// What the platform implies for the configuration a run uses.
    /// FusionCompute counts the VMs' memory reservations, not a per-VM
    /// overhead, against a host's physical memory (the notes: "每个计算节点
    /// 上的所有vm预留内存总和不能大于物理内存"), so a VM without a stated
    /// `mem_overhead_mb` has none; and with memory overcommit off every VM
    /// is fully reserved.
    pub fn apply_platform_rules(&mut self) {
        if self.platform == Platform::Fusioncompute {
            for vm in &mut self.vm {
                vm.mem_overhead_mb.get_or_insert(0);
            }
        }
        self.fully_reserve_if_not_overcommitted();
    }

    /// FusionCompute with memory overcommit off: every VM's memory counts
    /// as fully reserved (its reservation is its size, as the notes require
    /// before the switch goes off).
    pub fn fully_reserve_if_not_overcommitted(&mut self) {
        if self.cluster.fc_full_reservation(self.platform) {
            for vm in &mut self.vm {
                vm.mem_reservation_mb = vm.mem_mb;
            }
        }
    }
}
