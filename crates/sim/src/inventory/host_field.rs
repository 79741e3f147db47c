//! Host settings: `host.NAME.FIELD = VALUE`. A host failing (or coming
//! back), ESXi's memory settings, maintenance mode and what vMotion needs
//! of a host are the host-level changes the labs need.

use super::host::HostSpec;
use super::Inventory;
use crate::base::setting::{as_bool, SettingError, Value};

/// The host fields a setting may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HostField {
    /// `failed`: true takes the host out of the cluster (its VMs stop).
    Failed,
    /// `mem_idle_tax_pct`: `Mem.IdleTax`, 0–99.
    MemIdleTaxPct,
    /// `tps_salting`: `Mem.ShareForceSalting`, 0, 1 or 2.
    TpsSalting,
    /// `large_pages`: guest memory backed by 2 MB pages.
    LargePages,
    /// `maintenance`: in maintenance mode.
    Maintenance,
    /// `vmotion_gbps`: the vMotion network per NIC [Gbit/s]; 0 = none.
    VmotionGbps,
    /// `vmotion_nics`: NICs on the vMotion network.
    VmotionNics,
    /// `cpu_generation`: the CPU's EVC baseline, e.g. "haswell".
    CpuGeneration,
    /// `datastores`: the datastores it sees, comma-separated ("none").
    Datastores,
}

impl HostField {
    pub const ALL: [HostField; 9] = [
        HostField::Failed,
        HostField::MemIdleTaxPct,
        HostField::TpsSalting,
        HostField::LargePages,
        HostField::Maintenance,
        HostField::VmotionGbps,
        HostField::VmotionNics,
        HostField::CpuGeneration,
        HostField::Datastores,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HostField::Failed => "failed",
            HostField::MemIdleTaxPct => "mem_idle_tax_pct",
            HostField::TpsSalting => "tps_salting",
            HostField::LargePages => "large_pages",
            HostField::Maintenance => "maintenance",
            HostField::VmotionGbps => "vmotion_gbps",
            HostField::VmotionNics => "vmotion_nics",
            HostField::CpuGeneration => "cpu_generation",
            HostField::Datastores => "datastores",
        }
    }

    pub fn parse(name: &str) -> Option<HostField> {
        HostField::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A parsed host setting target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HostTarget {
    pub host: String,
    pub field: HostField,
}

impl HostTarget {
    /// Parses `host.NAME.FIELD`, checking that the host exists.
    pub fn parse(target: &str, inv: &Inventory) -> Result<HostTarget, SettingError> {
        let err = |message: String| SettingError {
            target: target.to_string(),
            message,
        };
        let (host, field) = target
            .strip_prefix("host.")
            .and_then(|rest| rest.rsplit_once('.'))
            .ok_or_else(|| {
                err("a host target has the form host.NAME.FIELD, e.g. host.esx1.failed".into())
            })?;
        if inv.host(host).is_none() {
            let names = inv.host_names();
            return Err(err(format!(
                "there is no host named '{host}'; the scenario has: {}",
                names.join(", ")
            )));
        }
        let field = HostField::parse(field).ok_or_else(|| {
            let names: Vec<&str> = HostField::ALL.iter().map(|f| f.name()).collect();
            err(format!(
                "'{field}' is not a host field that a setting can change; use one of: {}",
                names.join(", ")
            ))
        })?;
        Ok(HostTarget {
            host: host.to_string(),
            field,
        })
    }
}

/// Writes `value` into `host.field`, or says what kind of value it takes.
pub fn set_host_field(host: &mut HostSpec, field: HostField, value: &Value) -> Result<(), String> {
    match (field, value) {
        (HostField::Failed, Value::Bool(b)) => host.failed = *b,
        (HostField::Failed, other) => return Err(format!("expected true or false, got '{other}'")),
        (HostField::MemIdleTaxPct, Value::Int(n)) if (0..=99).contains(n) => {
            host.mem_idle_tax_pct = *n as u8
        }
        (HostField::TpsSalting, Value::Int(n)) if (0..=2).contains(n) => {
            host.tps_salting = *n as u8
        }
        (HostField::TpsSalting, other) => {
            return Err(format!(
                "expected Mem.ShareForceSalting 0, 1 or 2, got '{other}'"
            ))
        }
        (HostField::LargePages, Value::Bool(b)) => host.large_pages = *b,
        (HostField::LargePages, other) => {
            return Err(format!("expected true or false, got '{other}'"))
        }
        (HostField::MemIdleTaxPct, other) => {
            return Err(format!(
                "expected a tax rate from 0 to 99 (%), got '{other}'"
            ))
        }
        (HostField::Maintenance, v) => host.maintenance = as_bool(v)?,
        (HostField::VmotionGbps, Value::Int(0)) => host.vmotion_gbps = None,
        (HostField::VmotionGbps, Value::Int(n)) if VMOTION_GBPS.contains(n) => {
            host.vmotion_gbps = Some(*n as u32)
        }
        (HostField::VmotionGbps, other) => {
            return Err(format!(
            "expected a vMotion network of 1, 10, 25, 40 or 100 Gbit/s (0 = none), got '{other}'"
        ))
        }
        (HostField::VmotionNics, Value::Int(n)) if (1..=16).contains(n) => {
            host.vmotion_nics = *n as u32
        }
        (HostField::VmotionNics, other) => {
            return Err(format!("expected 1 to 16 vMotion NICs, got '{other}'"))
        }
        (HostField::CpuGeneration, Value::Text(g)) if host.cpu_vendor.mode(g).is_some() => {
            host.cpu_generation = Some(g.clone())
        }
        (HostField::Datastores, Value::Text(t)) => {
            host.datastores = if t == "none" {
                Vec::new()
            } else {
                t.split(',')
                    .map(|d| d.trim().to_string())
                    .filter(|d| !d.is_empty())
                    .collect()
            }
        }
        (HostField::Datastores, other) => {
            return Err(format!(
                "expected datastore names separated by commas, or none, got '{other}'"
            ))
        }
        (HostField::CpuGeneration, other) => {
            let keys: Vec<&str> = host.cpu_vendor.ladder().iter().map(|m| m.key).collect();
            return Err(format!(
                "expected a {} CPU generation ({}), got '{other}'",
                host.cpu_vendor,
                keys.join(", ")
            ));
        }
    }
    Ok(())
}

/// The current value of a host field, in the form a setting would write it.
pub fn get_host_field(host: &HostSpec, field: HostField) -> Value {
    match field {
        HostField::Failed => Value::Bool(host.failed),
        HostField::MemIdleTaxPct => Value::Int(i64::from(host.mem_idle_tax_pct)),
        HostField::TpsSalting => Value::Int(i64::from(host.tps_salting)),
        HostField::LargePages => Value::Bool(host.large_pages),
        HostField::Maintenance => Value::Bool(host.maintenance),
        HostField::VmotionGbps => Value::Int(i64::from(host.vmotion_gbps.unwrap_or(0))),
        HostField::VmotionNics => Value::Int(i64::from(host.vmotion_nics)),
        HostField::CpuGeneration => Value::Text(host.generation().key.to_string()),
        HostField::Datastores => Value::Text(if host.datastores.is_empty() {
            "none".into()
        } else {
            host.datastores.join(",")
        }),
    }
}

/// vMotion network speeds a host may have [Gbit/s].
pub const VMOTION_GBPS: [i64; 5] = [1, 10, 25, 40, 100];
