//! vApps in the scenario: each vApp's pool joins the pools as the file
//! loads, and its power sequence is planned group by group (see
//! [`crate::inventory::vapp`] for the format).

use super::Scenario;
use crate::inventory::vapp::DEFAULT_START_DELAY_S;
use crate::inventory::VappSpec;

/// One step of a vApp's power sequence: at `offset_s` after the request,
/// these VMs (indices into the scenario's VMs) power on or off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PowerStep {
    pub offset_s: u32,
    pub vms: Vec<usize>,
}

impl Scenario {
    /// Adds each vApp's resource settings to the pools (once), so the
    /// cluster's tree, admission control and `pool.NAME.FIELD` settings
    /// treat it as the pool it is; applies each pool's `expandable`
    /// shorthand to both resources.
    pub fn lower_vapps(&mut self) {
        for p in self
            .pool
            .iter_mut()
            .chain(self.vapp.iter_mut().map(|v| &mut v.pool))
        {
            if let Some(both) = p.expandable {
                p.cpu_expandable = both;
                p.mem_expandable = both;
            }
        }
        for v in &self.vapp {
            if !self.pool.iter().any(|p| p.name == v.pool.name) {
                let mut pool = v.pool.clone();
                pool.vapp = true;
                self.pool.push(pool);
            }
        }
    }

    pub fn vapp(&self, name: &str) -> Option<&VappSpec> {
        self.vapp.iter().find(|v| v.pool.name == name)
    }

    /// The VMs of vApp `name` grouped by start order, groups in order.
    pub fn vapp_groups(&self, name: &str) -> Vec<Vec<usize>> {
        let mut members: Vec<(u32, usize)> = self
            .vm
            .iter()
            .enumerate()
            .filter(|(_, vm)| vm.pool.as_deref() == Some(name) && vm.powered_on)
            .map(|(i, vm)| (vm.start_order, i))
            .collect();
        members.sort();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut last = None;
        for (order, i) in members {
            if last != Some(order) {
                groups.push(Vec::new());
                last = Some(order);
            }
            groups.last_mut().expect("pushed above").push(i);
        }
        groups
    }

    /// Power-on sequence of vApp `name`: group k at k x the delay.
    pub fn vapp_start_plan(&self, name: &str) -> Vec<PowerStep> {
        let delay = self
            .vapp(name)
            .map_or(DEFAULT_START_DELAY_S, |v| v.start_delay_s);
        self.vapp_groups(name)
            .into_iter()
            .enumerate()
            .map(|(k, vms)| PowerStep {
                offset_s: k as u32 * delay,
                vms,
            })
            .collect()
    }

    /// Power-off sequence: the start groups in reverse, same delay.
    pub fn vapp_stop_plan(&self, name: &str) -> Vec<PowerStep> {
        let delay = self
            .vapp(name)
            .map_or(DEFAULT_START_DELAY_S, |v| v.start_delay_s);
        self.vapp_groups(name)
            .into_iter()
            .rev()
            .enumerate()
            .map(|(k, mut vms)| {
                vms.reverse();
                PowerStep {
                    offset_s: k as u32 * delay,
                    vms,
                }
            })
            .collect()
    }

    /// Whether VM `i` belongs to a vApp (and so starts with it).
    pub fn in_vapp(&self, i: usize) -> bool {
        self.vm[i]
            .pool
            .as_deref()
            .is_some_and(|p| self.vapp(p).is_some())
    }
}
