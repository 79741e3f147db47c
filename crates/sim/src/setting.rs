//! Settings: `vm.NAME.FIELD = VALUE`, `pool.NAME.FIELD = VALUE` or
//! `host.NAME.FIELD = VALUE`, the one way anything changes a VM's, a
//! resource pool's or a host's configuration. Lab
//! controls, reference solutions, timeline entries and the CLI's `--set`
//! all become settings.

use crate::pool::PoolSpec;
use crate::scenario::{Scenario, VmSpec};
use crate::setting_host::{get_host_field, set_host_field, HostTarget};
use crate::setting_io::IoTarget;
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

/// A change to one field of one VM or resource pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    /// `vm.NAME.FIELD` or `pool.NAME.FIELD`.
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
    MemActiveMb,
    MemOverheadMb,
    ToolsInstalled,
    MemZeroPct,
    MemOsPct,
    MemAppPct,
    MemWritePctPerMin,
    MemCompressiblePct,
    MemDirtyMbS,
    MemDirtyJitterPct,
    WritableWorkingSetMb,
    DiskGb,
    DiskWriteMbS,
    Datastore,
    ConnectedDevices,
    CpuAffinity,
    InternalSwitch,
    RestartPriority,
}

impl VmField {
    pub const ALL: [VmField; 29] = [
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
        VmField::MemActiveMb,
        VmField::MemOverheadMb,
        VmField::ToolsInstalled,
        VmField::MemZeroPct,
        VmField::MemOsPct,
        VmField::MemAppPct,
        VmField::MemWritePctPerMin,
        VmField::MemCompressiblePct,
        VmField::MemDirtyMbS,
        VmField::MemDirtyJitterPct,
        VmField::WritableWorkingSetMb,
        VmField::DiskGb,
        VmField::DiskWriteMbS,
        VmField::Datastore,
        VmField::ConnectedDevices,
        VmField::CpuAffinity,
        VmField::InternalSwitch,
        VmField::RestartPriority,
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
            VmField::MemActiveMb => "mem_active_mb",
            VmField::MemOverheadMb => "mem_overhead_mb",
            VmField::ToolsInstalled => "tools_installed",
            VmField::MemZeroPct => "mem_zero_pct",
            VmField::MemOsPct => "mem_os_pct",
            VmField::MemAppPct => "mem_app_pct",
            VmField::MemWritePctPerMin => "mem_write_pct_per_min",
            VmField::MemCompressiblePct => "mem_compressible_pct",
            VmField::MemDirtyMbS => "mem_dirty_mb_s",
            VmField::MemDirtyJitterPct => "mem_dirty_jitter_pct",
            VmField::WritableWorkingSetMb => "writable_working_set_mb",
            VmField::DiskGb => "disk_gb",
            VmField::DiskWriteMbS => "disk_write_mb_s",
            VmField::Datastore => "datastore",
            VmField::ConnectedDevices => "connected_devices",
            VmField::CpuAffinity => "cpu_affinity",
            VmField::InternalSwitch => "internal_switch",
            VmField::RestartPriority => "restart_priority",
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

/// The resource pool fields a setting may change (the scenario's `[[pool]]`
/// names; a pool's place in the tree, `host` and `parent`, is fixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PoolField {
    CpuReservationMhz,
    CpuLimitMhz,
    CpuShares,
    MemReservationMb,
    MemLimitMb,
    MemShares,
    CpuExpandable,
    MemExpandable,
    /// Both expandable switches at once.
    Expandable,
}

impl PoolField {
    pub const ALL: [PoolField; 9] = [
        PoolField::CpuReservationMhz,
        PoolField::CpuLimitMhz,
        PoolField::CpuShares,
        PoolField::MemReservationMb,
        PoolField::MemLimitMb,
        PoolField::MemShares,
        PoolField::CpuExpandable,
        PoolField::MemExpandable,
        PoolField::Expandable,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PoolField::CpuReservationMhz => "cpu_reservation_mhz",
            PoolField::CpuLimitMhz => "cpu_limit_mhz",
            PoolField::CpuShares => "cpu_shares",
            PoolField::MemReservationMb => "mem_reservation_mb",
            PoolField::MemLimitMb => "mem_limit_mb",
            PoolField::MemShares => "mem_shares",
            PoolField::CpuExpandable => "cpu_expandable",
            PoolField::MemExpandable => "mem_expandable",
            PoolField::Expandable => "expandable",
        }
    }

    pub fn parse(name: &str) -> Option<PoolField> {
        PoolField::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A parsed pool setting target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PoolTarget {
    pub pool: String,
    pub field: PoolField,
}

impl PoolTarget {
    /// Parses `pool.NAME.FIELD`, checking that the pool exists in `scenario`.
    pub fn parse(target: &str, scenario: &Scenario) -> Result<PoolTarget, SettingError> {
        let err = |message: String| SettingError {
            target: target.to_string(),
            message,
        };
        let rest = target.strip_prefix("pool.").ok_or_else(|| {
            err(
                "a pool target has the form pool.NAME.FIELD, e.g. pool.RP-KID.cpu_expandable"
                    .into(),
            )
        })?;
        let (pool, field) = rest
            .rsplit_once('.')
            .ok_or_else(|| err("a pool target has the form pool.NAME.FIELD".into()))?;
        if scenario.pool(pool).is_none() {
            let names: Vec<&str> = scenario.pool.iter().map(|p| p.name.as_str()).collect();
            let names = if names.is_empty() {
                "(none: add a [[pool]])".to_string()
            } else {
                names.join(", ")
            };
            return Err(err(format!(
                "there is no resource pool named '{pool}'; the scenario has: {names}"
            )));
        }
        let field = PoolField::parse(field).ok_or_else(|| {
            let names: Vec<&str> = PoolField::ALL.iter().map(|f| f.name()).collect();
            err(format!(
                "'{field}' is not a pool field that a setting can change; use one of: {}",
                names.join(", ")
            ))
        })?;
        Ok(PoolTarget {
            pool: pool.to_string(),
            field,
        })
    }
}

/// A parsed setting target: a VM's field or a resource pool's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Vm(VmTarget),
    Pool(PoolTarget),
    Host(HostTarget),
    Io(IoTarget),
    Vapp(crate::vapp::VappTarget),
    /// `migration.VM.FIELD`, `cluster.FIELD` or `vcenter.NAME.FIELD`.
    Migration(crate::setting_migration::MigrationTarget),
    /// `ha.FIELD`.
    Ha(crate::setting_ha::HaTarget),
    /// `drs.FIELD`, `dpm.FIELD` or `rule.NAME.enabled`.
    Drs(crate::setting_drs::DrsTarget),
}

impl Target {
    /// Parses `vm.NAME.FIELD` or `pool.NAME.FIELD` against `scenario`.
    pub fn parse(target: &str, scenario: &Scenario) -> Result<Target, SettingError> {
        if target.starts_with("pool.") {
            PoolTarget::parse(target, scenario).map(Target::Pool)
        } else if target.starts_with("vm.") {
            VmTarget::parse(target, scenario).map(Target::Vm)
        } else if target.starts_with("host.") {
            HostTarget::parse(target, scenario).map(Target::Host)
        } else if target.starts_with("vapp.") {
            crate::vapp::VappTarget::parse(target, scenario).map(Target::Vapp)
        } else if IoTarget::claims(target) {
            IoTarget::parse(target, scenario).map(Target::Io)
        } else if crate::setting_drs::DrsTarget::claims(target) {
            crate::setting_drs::DrsTarget::parse(target, scenario).map(Target::Drs)
        } else if crate::setting_ha::HaTarget::claims(target) {
            crate::setting_ha::HaTarget::parse(target, scenario).map(Target::Ha)
        } else if crate::setting_migration::MigrationTarget::claims(target) {
            crate::setting_migration::MigrationTarget::parse(target, scenario)
                .map(Target::Migration)
        } else {
            Err(SettingError {
                target: target.to_string(),
                message: "a target has the form vm.NAME.FIELD, e.g. vm.web.cpu_limit_mhz, pool.NAME.FIELD, e.g. pool.RP-KID.cpu_reservation_mhz, host.NAME.FIELD, e.g. host.esx1.failed, traffic.KIND.FIELD, disk.VM.FIELD, sioc.FIELD, migration.VM.FIELD, cluster.evc_baseline, vcenter.NAME.FIELD, ha.FIELD, drs.FIELD, dpm.FIELD or rule.NAME.enabled".into(),
            })
        }
    }

    /// The VM's or pool's name.
    pub fn name(&self) -> &str {
        match self {
            Target::Vm(t) => &t.vm,
            Target::Pool(t) => &t.pool,
            Target::Host(t) => &t.host,
            Target::Io(_) => "",
            Target::Vapp(t) => &t.vapp,
            Target::Migration(t) => t.name(),
            Target::Ha(_) => "ha",
            Target::Drs(_) => "drs",
        }
    }

    /// The field's name, e.g. `cpu_reservation_mhz`.
    pub fn field_name(&self) -> &'static str {
        match self {
            Target::Vm(t) => t.field.name(),
            Target::Pool(t) => t.field.name(),
            Target::Host(t) => t.field.name(),
            Target::Io(t) => t.field_name(),
            Target::Vapp(t) => t.field.name(),
            Target::Migration(t) => t.field.name(),
            Target::Ha(t) => t.field.name(),
            Target::Drs(t) => t.field.name(),
        }
    }
}

/// The current value of `target` (`vm.NAME.FIELD` or `pool.NAME.FIELD`) in
/// `scenario`, in the form a setting would write it: what a lab control
/// shows before the student moves it.
pub fn current_value(scenario: &Scenario, target: &str) -> Result<Value, SettingError> {
    Ok(match Target::parse(target, scenario)? {
        Target::Vm(t) => get_field(scenario.vm(&t.vm).expect("parse checked the VM"), t.field),
        Target::Pool(t) => get_pool_field(
            scenario.pool(&t.pool).expect("parse checked the pool"),
            t.field,
        ),
        Target::Host(t) => get_host_field(
            scenario.host(&t.host).expect("parse checked the host"),
            t.field,
        ),
        Target::Io(t) => t.get(scenario),
        Target::Vapp(t) => t.get(scenario),
        Target::Migration(t) => t.get(scenario),
        Target::Ha(t) => t.get(scenario),
        Target::Drs(t) => t.get(scenario),
    })
}

impl Setting {
    /// Applies this setting to `scenario`'s VM or pool configuration
    /// (without checking the result; [`Scenario::with_settings`] does).
    pub fn apply_to(&self, scenario: &mut Scenario) -> Result<(), SettingError> {
        let err = |message: String| SettingError {
            target: self.target.clone(),
            message,
        };
        match Target::parse(&self.target, scenario)? {
            Target::Vm(target) => {
                let vm = scenario
                    .vm_mut(&target.vm)
                    .expect("VmTarget::parse checked the VM exists");
                set_field(vm, target.field, &self.value).map_err(err)
            }
            Target::Pool(target) => {
                let pool = scenario
                    .pool
                    .iter_mut()
                    .find(|p| p.name == target.pool)
                    .expect("PoolTarget::parse checked the pool exists");
                set_pool_field(pool, target.field, &self.value).map_err(err)
            }
            Target::Host(target) => {
                let host = scenario
                    .host_mut(&target.host)
                    .expect("HostTarget::parse checked the host exists");
                set_host_field(host, target.field, &self.value).map_err(err)
            }
            Target::Io(target) => target.set(scenario, &self.value).map_err(err),
            Target::Vapp(target) => target.set(scenario, &self.value).map_err(err),
            Target::Migration(target) => target.set(scenario, &self.value).map_err(err),
            Target::Ha(target) => target.set(scenario, &self.value).map_err(err),
            Target::Drs(target) => target.set(scenario, &self.value).map_err(err),
        }
    }
}

/// Writes `value` into `pool.field`, or says what kind of value it takes.
pub fn set_pool_field(pool: &mut PoolSpec, field: PoolField, value: &Value) -> Result<(), String> {
    match field {
        PoolField::CpuReservationMhz => pool.cpu_reservation_mhz = as_count(value)?,
        PoolField::CpuLimitMhz => pool.cpu_limit_mhz = as_limit(value)?,
        PoolField::CpuShares => pool.cpu_shares = as_shares(value)?,
        PoolField::MemReservationMb => pool.mem_reservation_mb = as_count(value)?,
        PoolField::MemLimitMb => pool.mem_limit_mb = as_limit(value)?,
        PoolField::MemShares => pool.mem_shares = as_shares(value)?,
        PoolField::CpuExpandable => pool.cpu_expandable = as_bool(value)?,
        PoolField::MemExpandable => pool.mem_expandable = as_bool(value)?,
        PoolField::Expandable => {
            let both = as_bool(value)?;
            pool.expandable = Some(both);
            pool.cpu_expandable = both;
            pool.mem_expandable = both;
        }
    }
    Ok(())
}

/// The current value of a pool field, in the form a setting would write it.
pub fn get_pool_field(pool: &PoolSpec, field: PoolField) -> Value {
    let opt = |v: Option<u64>| v.map_or(Value::Text("unlimited".into()), |n| Value::Int(n as i64));
    match field {
        PoolField::CpuReservationMhz => Value::Int(pool.cpu_reservation_mhz as i64),
        PoolField::CpuLimitMhz => opt(pool.cpu_limit_mhz),
        PoolField::CpuShares => shares_value(pool.cpu_shares),
        PoolField::MemReservationMb => Value::Int(pool.mem_reservation_mb as i64),
        PoolField::MemLimitMb => opt(pool.mem_limit_mb),
        PoolField::MemShares => shares_value(pool.mem_shares),
        PoolField::CpuExpandable => Value::Bool(pool.cpu_expandable),
        PoolField::MemExpandable => Value::Bool(pool.mem_expandable),
        PoolField::Expandable => Value::Bool(pool.cpu_expandable && pool.mem_expandable),
    }
}

/// A limit: a whole number, or `"unlimited"` (no limit).
pub(crate) fn as_limit(value: &Value) -> Result<Option<u64>, String> {
    match value {
        Value::Text(t) if t == "unlimited" => Ok(None),
        Value::Int(n) if *n >= 0 => Ok(Some(*n as u64)),
        other => Err(format!(
            "expected a whole number 0 or more, or \"unlimited\", got '{other}'"
        )),
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
        VmField::MemActiveMb => vm.mem_active_mb = Some(as_count(value)?),
        VmField::MemOverheadMb => vm.mem_overhead_mb = Some(as_count(value)?),
        VmField::ToolsInstalled => vm.tools_installed = as_bool(value)?,
        VmField::MemZeroPct => vm.mem_zero_pct = Some(as_pct(value)?),
        VmField::MemOsPct => vm.mem_os_pct = Some(as_pct(value)?),
        VmField::MemAppPct => vm.mem_app_pct = Some(as_pct(value)?),
        VmField::MemWritePctPerMin => {
            vm.mem_write_pct_per_min = Some(u32::try_from(as_count(value)?).unwrap_or(u32::MAX))
        }
        VmField::MemCompressiblePct => vm.mem_compressible_pct = Some(as_pct(value)?),
        VmField::MemDirtyMbS => vm.mem_dirty_mb_s = as_count(value)?,
        VmField::MemDirtyJitterPct => vm.mem_dirty_jitter_pct = as_pct(value)?,
        VmField::WritableWorkingSetMb => {
            vm.writable_working_set_mb = match value {
                Value::Text(t) if t == "auto" => None,
                v => Some(as_count(v)?),
            }
        }
        VmField::DiskGb => vm.disk_gb = as_count(value)?,
        VmField::DiskWriteMbS => vm.disk_write_mb_s = as_count(value)?,
        VmField::Datastore => vm.datastore = as_name(value)?,
        VmField::ConnectedDevices => vm.connected_devices = as_list(value)?,
        VmField::CpuAffinity => {
            vm.cpu_affinity = as_list(value)?
                .iter()
                .map(|c| {
                    c.parse().map_err(|_| {
                        format!("expected CPU numbers such as 0,1 or none, got '{value}'")
                    })
                })
                .collect::<Result<_, _>>()?
        }
        VmField::InternalSwitch => vm.internal_switch = as_bool(value)?,
        VmField::RestartPriority => {
            vm.restart_priority = match value {
                Value::Text(t) => crate::scenario_ha::RestartPriority::parse(t),
                _ => None,
            }
            .ok_or_else(|| {
                format!("expected disabled, lowest, low, medium, high or highest, got '{value}'")
            })?
        }
    }
    Ok(())
}

/// A name, or "none" for none.
pub(crate) fn as_name(value: &Value) -> Result<Option<String>, String> {
    match value {
        Value::Text(t) if t == "none" => Ok(None),
        Value::Text(t) if !t.trim().is_empty() => Ok(Some(t.trim().to_string())),
        other => Err(format!("expected a name or none, got '{other}'")),
    }
}

/// A comma-separated list, or "none" for an empty one.
fn as_list(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Text(t) if t == "none" => Ok(Vec::new()),
        Value::Text(t) => Ok(t
            .split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()),
        Value::Int(n) => Ok(vec![n.to_string()]),
        other => Err(format!(
            "expected a comma-separated list or none, got '{other}'"
        )),
    }
}

/// A list as a setting writes it.
fn list_value<T: ToString>(items: &[T]) -> Value {
    if items.is_empty() {
        return Value::Text("none".into());
    }
    Value::Text(items.iter().map(T::to_string).collect::<Vec<_>>().join(","))
}

pub(crate) fn as_bool(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(format!("expected true or false, got '{other}'")),
    }
}

fn as_pct(value: &Value) -> Result<u8, String> {
    match value {
        Value::Int(n) if (0..=100).contains(n) => Ok(*n as u8),
        other => Err(format!(
            "expected a percentage from 0 to 100, got '{other}'"
        )),
    }
}

pub(crate) fn as_count(value: &Value) -> Result<u64, String> {
    match value {
        Value::Int(n) if *n >= 0 => Ok(*n as u64),
        other => Err(format!("expected a whole number 0 or more, got '{other}'")),
    }
}

pub(crate) fn as_shares(value: &Value) -> Result<Shares, String> {
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
        VmField::MemActiveMb => auto(vm.mem_active_mb),
        VmField::MemOverheadMb => auto(vm.mem_overhead_mb),
        VmField::ToolsInstalled => Value::Bool(vm.tools_installed),
        VmField::MemZeroPct => Value::Int(i64::from(vm.mem_zero_pct.unwrap_or(0))),
        VmField::MemOsPct => Value::Int(i64::from(vm.mem_os_pct.unwrap_or(0))),
        VmField::MemAppPct => Value::Int(i64::from(vm.mem_app_pct.unwrap_or(0))),
        VmField::MemWritePctPerMin => Value::Int(i64::from(vm.mem_write_pct_per_min.unwrap_or(0))),
        VmField::MemCompressiblePct => Value::Int(i64::from(
            vm.mem_compressible_pct
                .unwrap_or(crate::host_memory::DEFAULT_COMPRESSIBLE_PCT),
        )),
        VmField::MemDirtyMbS => Value::Int(vm.mem_dirty_mb_s as i64),
        VmField::MemDirtyJitterPct => Value::Int(i64::from(vm.mem_dirty_jitter_pct)),
        VmField::WritableWorkingSetMb => auto(vm.writable_working_set_mb),
        VmField::DiskGb => Value::Int(vm.disk_gb as i64),
        VmField::DiskWriteMbS => Value::Int(vm.disk_write_mb_s as i64),
        VmField::Datastore => Value::Text(vm.datastore.clone().unwrap_or_else(|| "none".into())),
        VmField::ConnectedDevices => list_value(&vm.connected_devices),
        VmField::CpuAffinity => list_value(&vm.cpu_affinity),
        VmField::InternalSwitch => Value::Bool(vm.internal_switch),
        VmField::RestartPriority => Value::Text(vm.restart_priority.name().into()),
    }
}

pub(crate) fn shares_value(s: Shares) -> Value {
    match s {
        Shares::Custom(n) => Value::Int(i64::from(n)),
        level => Value::Text(level.to_string()),
    }
}
