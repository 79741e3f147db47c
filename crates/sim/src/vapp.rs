//! vApps: a resource pool that also powers its VMs on and off as a unit
//! (vSphere Virtual Machine Administration, "Managing Multi-Tiered
//! Applications with vSphere vApp").
//!
//! A vApp's resource settings are a pool's, and in the cluster's tree it
//! *is* a pool ([`Scenario::lower_vapps`] adds it to the pools when the file
//! loads), so VMs join it with their `pool` field. Powering it on starts its
//! VMs group by group in `start_order`, waiting `start_delay_s` between
//! groups (vSphere's default: 120 s); powering it off stops them in the
//! reverse order with the same delay. VMs in the same group start together,
//! in file order.

use crate::pool::PoolSpec;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// vSphere's default delay between start (and stop) groups [s].
pub const DEFAULT_START_DELAY_S: u32 = 120;

/// One vApp as the scenario states it (`[[vapp]]`): a pool's fields plus
/// its power settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VappSpec {
    #[serde(flatten)]
    pub pool: PoolSpec,
    /// Wait between start groups, and between stop groups [s] (default
    /// 120).
    pub start_delay_s: u32,
    /// Powered on at time 0 (default true).
    pub powered_on: bool,
}

impl<'de> Deserialize<'de> for VappSpec {
    /// The pool's fields, with unknown fields rejected as in `[[pool]]`
    /// (serde's `flatten` would let them through).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut table = toml::Table::deserialize(d)?;
        let start_delay_s = match table.remove("start_delay_s") {
            None => DEFAULT_START_DELAY_S,
            Some(v) => v
                .as_integer()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| {
                    D::Error::custom("start_delay_s: expected a whole number of seconds")
                })?,
        };
        let powered_on = match table.remove("powered_on") {
            None => true,
            Some(v) => v
                .as_bool()
                .ok_or_else(|| D::Error::custom("powered_on: expected true or false"))?,
        };
        let pool = PoolSpec::deserialize(toml::Value::Table(table)).map_err(|e| {
            D::Error::custom(format!(
                "{} (a vApp also takes start_delay_s and powered_on)",
                e.message().trim()
            ))
        })?;
        Ok(VappSpec {
            pool,
            start_delay_s,
            powered_on,
        })
    }
}

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

/// The vApp fields a setting may change (`vapp.NAME.FIELD`); its resource
/// settings are changed as a pool's (`pool.NAME.FIELD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VappField {
    PoweredOn,
    StartDelayS,
}

impl VappField {
    pub const ALL: [VappField; 2] = [VappField::PoweredOn, VappField::StartDelayS];

    pub fn name(self) -> &'static str {
        match self {
            VappField::PoweredOn => "powered_on",
            VappField::StartDelayS => "start_delay_s",
        }
    }
}

/// A parsed `vapp.NAME.FIELD` target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VappTarget {
    pub vapp: String,
    pub field: VappField,
}

impl VappTarget {
    pub fn parse(target: &str, scenario: &Scenario) -> Result<VappTarget, crate::SettingError> {
        let err = |message: String| crate::SettingError {
            target: target.to_string(),
            message,
        };
        let (name, field) = target
            .strip_prefix("vapp.")
            .and_then(|r| r.rsplit_once('.'))
            .ok_or_else(|| {
                err("a vApp target has the form vapp.NAME.FIELD, e.g. vapp.shop.powered_on".into())
            })?;
        if scenario.vapp(name).is_none() {
            let names: Vec<&str> = scenario.vapp.iter().map(|v| v.pool.name.as_str()).collect();
            return Err(err(format!(
                "there is no vApp named '{name}'; the scenario has: {}",
                if names.is_empty() {
                    "(none)".to_string()
                } else {
                    names.join(", ")
                }
            )));
        }
        let field = VappField::ALL
            .into_iter()
            .find(|f| f.name() == field)
            .ok_or_else(|| {
                err(format!(
                    "'{field}' is not a vApp field a setting can change; use powered_on or start_delay_s (its resources: pool.{name}.FIELD)"
                ))
            })?;
        Ok(VappTarget {
            vapp: name.to_string(),
            field,
        })
    }

    pub fn get(&self, s: &Scenario) -> crate::setting::Value {
        use crate::setting::Value;
        let v = s.vapp(&self.vapp).expect("parse checked the vApp");
        match self.field {
            VappField::PoweredOn => Value::Bool(v.powered_on),
            VappField::StartDelayS => Value::Int(i64::from(v.start_delay_s)),
        }
    }

    pub fn set(&self, s: &mut Scenario, value: &crate::setting::Value) -> Result<(), String> {
        use crate::setting::Value;
        let v = s
            .vapp
            .iter_mut()
            .find(|v| v.pool.name == self.vapp)
            .expect("parse checked the vApp");
        match (self.field, value) {
            (VappField::PoweredOn, Value::Bool(b)) => v.powered_on = *b,
            (VappField::StartDelayS, Value::Int(n)) if (0..=3600).contains(n) => {
                v.start_delay_s = *n as u32
            }
            (VappField::PoweredOn, other) => {
                return Err(format!("expected true or false, got '{other}'"))
            }
            (VappField::StartDelayS, other) => {
                return Err(format!("expected a delay from 0 to 3600 s, got '{other}'"))
            }
        }
        Ok(())
    }
}
