//! Settings: `vm.NAME.FIELD = VALUE`, the one way anything changes a VM's
//! configuration. Lab controls, reference solutions, timeline entries and
//! the CLI's `--set` all become settings.

use crate::scenario::{Scenario, VmSpec};
use crate::shares::Shares;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A setting's value as written in TOML or on the command line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Text(String),
}

impl Value {
    /// Reads a command-line value: `true`/`false`, a whole number, or text.
    pub fn parse(text: &str) -> Value {
        match text.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            t => t
                .parse()
                .map(Value::Int)
                .unwrap_or_else(|_| Value::Text(t.to_string())),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

/// A change to one field of one VM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    /// `vm.NAME.FIELD`.
    pub target: String,
    pub value: Value,
}

/// The VM fields a setting may change (the scenario's `[[vm]]` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VmField {
    Vcpus,
    MemMb,
    PoweredOn,
    CpuReservationMhz,
    CpuLimitMhz,
    CpuShares,
    CpuDemandMhz,
    MemReservationMb,
    MemLimitMb,
    MemShares,
    MemDemandMb,
    MemOverheadMb,
}

impl VmField {
    pub const ALL: [VmField; 12] = [
        VmField::Vcpus,
        VmField::MemMb,
        VmField::PoweredOn,
        VmField::CpuReservationMhz,
        VmField::CpuLimitMhz,
        VmField::CpuShares,
        VmField::CpuDemandMhz,
        VmField::MemReservationMb,
        VmField::MemLimitMb,
        VmField::MemShares,
        VmField::MemDemandMb,
        VmField::MemOverheadMb,
    ];

    pub fn name(self) -> &'static str {
        match self {
            VmField::Vcpus => "vcpus",
            VmField::MemMb => "mem_mb",
            VmField::PoweredOn => "powered_on",
            VmField::CpuReservationMhz => "cpu_reservation_mhz",
            VmField::CpuLimitMhz => "cpu_limit_mhz",
            VmField::CpuShares => "cpu_shares",
            VmField::CpuDemandMhz => "cpu_demand_mhz",
            VmField::MemReservationMb => "mem_reservation_mb",
            VmField::MemLimitMb => "mem_limit_mb",
            VmField::MemShares => "mem_shares",
            VmField::MemDemandMb => "mem_demand_mb",
            VmField::MemOverheadMb => "mem_overhead_mb",
        }
    }

    pub fn parse(name: &str) -> Option<VmField> {
        VmField::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether a limit-style field, where `"unlimited"` clears it.
    fn is_limit(self) -> bool {
        matches!(self, VmField::CpuLimitMhz | VmField::MemLimitMb)
    }
}

/// A parsed setting target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VmTarget {
    pub vm: String,
    pub field: VmField,
}

/// Why a setting cannot be applied; says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    pub target: String,
    pub message: String,
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.target, self.message)
    }
}

impl std::error::Error for SettingError {}

impl VmTarget {
    /// Parses `vm.NAME.FIELD`, checking that the VM exists in `scenario`.
    pub fn parse(target: &str, scenario: &Scenario) -> Result<VmTarget, SettingError> {
        let err = |message: String| SettingError {
            target: target.to_string(),
            message,
        };
        let rest = target.strip_prefix("vm.").ok_or_else(|| {
            err("a target has the form vm.NAME.FIELD, e.g. vm.web.cpu_limit_mhz".into())
        })?;
        let (vm, field) = rest
            .rsplit_once('.')
            .ok_or_else(|| err("a target has the form vm.NAME.FIELD".into()))?;
        if scenario.vm(vm).is_none() {
            let names: Vec<&str> = scenario.vm.iter().map(|v| v.name.as_str()).collect();
            return Err(err(format!(
                "there is no VM named '{vm}'; the scenario has: {}",
                names.join(", ")
            )));
        }
        let field = VmField::parse(field).ok_or_else(|| {
            let names: Vec<&str> = VmField::ALL.iter().map(|f| f.name()).collect();
            err(format!(
                "'{field}' is not a VM field; use one of: {}",
                names.join(", ")
            ))
        })?;
        Ok(VmTarget {
            vm: vm.to_string(),
            field,
        })
    }
}

impl Setting {
    /// Applies this setting to `scenario`'s VM configuration.
    pub fn apply_to(&self, scenario: &mut Scenario) -> Result<(), SettingError> {
        let target = VmTarget::parse(&self.target, scenario)?;
        let vm = scenario
            .vm_mut(&target.vm)
            .expect("VmTarget::parse checked the VM exists");
        set_field(vm, target.field, &self.value).map_err(|message| SettingError {
            target: self.target.clone(),
            message,
        })
    }
}

/// Writes `value` into `vm.field`, or says what kind of value the field takes.
pub fn set_field(vm: &mut VmSpec, field: VmField, value: &Value) -> Result<(), String> {
    if field.is_limit() && matches!(value, Value::Text(t) if t == "unlimited") {
        match field {
            VmField::CpuLimitMhz => vm.cpu_limit_mhz = None,
            _ => vm.mem_limit_mb = None,
        }
        return Ok(());
    }
    match field {
        VmField::PoweredOn => vm.powered_on = as_bool(value)?,
        VmField::CpuShares => vm.cpu_shares = as_shares(value)?,
        VmField::MemShares => vm.mem_shares = as_shares(value)?,
        VmField::Vcpus => {
            let n = as_count(value)?;
            vm.vcpus = u32::try_from(n)
                .ok()
                .filter(|&n| n >= 1)
                .ok_or("vcpus must be a whole number from 1 up")?;
        }
        VmField::MemMb => vm.mem_mb = as_count(value)?,
        VmField::CpuReservationMhz => vm.cpu_reservation_mhz = as_count(value)?,
        VmField::CpuLimitMhz => vm.cpu_limit_mhz = Some(as_count(value)?),
        VmField::CpuDemandMhz => vm.cpu_demand_mhz = Some(as_count(value)?),
        VmField::MemReservationMb => vm.mem_reservation_mb = as_count(value)?,
        VmField::MemLimitMb => vm.mem_limit_mb = Some(as_count(value)?),
        VmField::MemDemandMb => vm.mem_demand_mb = Some(as_count(value)?),
        VmField::MemOverheadMb => vm.mem_overhead_mb = Some(as_count(value)?),
    }
    Ok(())
}

fn as_bool(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(format!("expected true or false, got '{other}'")),
    }
}

fn as_count(value: &Value) -> Result<u64, String> {
    match value {
        Value::Int(n) if *n >= 0 => Ok(*n as u64),
        other => Err(format!("expected a whole number 0 or more, got '{other}'")),
    }
}

fn as_shares(value: &Value) -> Result<Shares, String> {
    let parsed = match value {
        Value::Int(n) => u32::try_from(*n).ok().map(Shares::Custom),
        Value::Text(t) => Shares::parse(t),
        Value::Bool(_) => None,
    };
    parsed.ok_or_else(|| format!("expected low, normal, high or a number of shares, got '{value}'"))
}

/// The current value of a VM field, in the form a setting would write it.
pub fn get_field(vm: &VmSpec, field: VmField) -> Value {
    let opt = |v: Option<u64>| v.map_or(Value::Text("unlimited".into()), |n| Value::Int(n as i64));
    // Absent demand and overhead mean "the model decides".
    let auto = |v: Option<u64>| v.map_or(Value::Text("auto".into()), |n| Value::Int(n as i64));
    match field {
        VmField::Vcpus => Value::Int(i64::from(vm.vcpus)),
        VmField::MemMb => Value::Int(vm.mem_mb as i64),
        VmField::PoweredOn => Value::Bool(vm.powered_on),
        VmField::CpuReservationMhz => Value::Int(vm.cpu_reservation_mhz as i64),
        VmField::CpuLimitMhz => opt(vm.cpu_limit_mhz),
        VmField::CpuShares => shares_value(vm.cpu_shares),
        VmField::CpuDemandMhz => auto(vm.cpu_demand_mhz),
        VmField::MemReservationMb => Value::Int(vm.mem_reservation_mb as i64),
        VmField::MemLimitMb => opt(vm.mem_limit_mb),
        VmField::MemShares => shares_value(vm.mem_shares),
        VmField::MemDemandMb => auto(vm.mem_demand_mb),
        VmField::MemOverheadMb => auto(vm.mem_overhead_mb),
    }
}

fn shares_value(s: Shares) -> Value {
    match s {
        Shares::Custom(n) => Value::Int(i64::from(n)),
        level => Value::Text(level.to_string()),
    }
}
