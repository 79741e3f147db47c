//! vApps: a resource pool that also powers its VMs on and off as a unit
//! (vSphere Virtual Machine Administration, "Managing Multi-Tiered
//! Applications with vSphere vApp").
//!
//! A vApp's resource settings are a pool's, and in the cluster's tree it
//! *is* a pool (`Scenario::lower_vapps` adds it to the pools when the file
//! loads), so VMs join it with their `pool` field. Powering it on starts its
//! VMs group by group in `start_order`, waiting `start_delay_s` between
//! groups (vSphere's default: 120 s); powering it off stops them in the
//! reverse order with the same delay. VMs in the same group start together,
//! in file order.

use super::pool::PoolSpec;
use crate::base::setting::{SettingError, Value};
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
    pub fn parse(target: &str, vapps: &[VappSpec]) -> Result<VappTarget, SettingError> {
        let err = |message: String| SettingError {
            target: target.to_string(),
            message,
        };
        let (name, field) = target
            .strip_prefix("vapp.")
            .and_then(|r| r.rsplit_once('.'))
            .ok_or_else(|| {
                err("a vApp target has the form vapp.NAME.FIELD, e.g. vapp.shop.powered_on".into())
            })?;
        if !vapps.iter().any(|v| v.pool.name == name) {
            let names: Vec<&str> = vapps.iter().map(|v| v.pool.name.as_str()).collect();
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

    pub fn get(&self, vapps: &[VappSpec]) -> Value {
        let v = vapps
            .iter()
            .find(|v| v.pool.name == self.vapp)
            .expect("parse checked the vApp");
        match self.field {
            VappField::PoweredOn => Value::Bool(v.powered_on),
            VappField::StartDelayS => Value::Int(i64::from(v.start_delay_s)),
        }
    }

    pub fn set(&self, vapps: &mut [VappSpec], value: &Value) -> Result<(), String> {
        let v = vapps
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
