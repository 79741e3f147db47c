//! Settings of a VM's fields, `vm.NAME.FIELD = VALUE`: which fields a
//! setting may change, and how each reads and writes its value.

use super::vm::{RestartPriority, VmSpec, DEFAULT_COMPRESSIBLE_PCT};
use super::Inventory;
use crate::base::setting::{
    as_bool, as_count, as_list, as_name, as_pct, as_shares, list_value, shares_value, SettingError,
    Value,
};

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
    IoActive,
    PassthroughNic,
    GuestNuma,
    CoresPerSocket,
}

impl VmField {
    pub const ALL: [VmField; 33] = [
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
        VmField::IoActive,
        VmField::PassthroughNic,
        VmField::GuestNuma,
        VmField::CoresPerSocket,
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
            VmField::IoActive => "io_active",
            VmField::PassthroughNic => "passthrough_nic",
            VmField::GuestNuma => "guest_numa",
            VmField::CoresPerSocket => "cores_per_socket",
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
    pub fn is_limit(self) -> bool {
        matches!(self, VmField::CpuLimitMhz | VmField::MemLimitMb)
    }
}

/// A parsed setting target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VmTarget {
    pub vm: String,
    pub field: VmField,
}

impl VmTarget {
    /// Parses `vm.NAME.FIELD`, checking that the VM exists in `scenario`.
    pub fn parse(target: &str, inv: &Inventory) -> Result<VmTarget, SettingError> {
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
        if inv.vm(vm).is_none() {
            let names = inv.vm_names();
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
        VmField::IoActive => vm.io_active = as_bool(value)?,
        VmField::PassthroughNic => vm.passthrough_nic = as_bool(value)?,
        VmField::GuestNuma => vm.guest_numa = as_bool(value)?,
        VmField::CoresPerSocket => {
            vm.cores_per_socket = u32::try_from(as_count(value)?)
                .ok()
                .filter(|&n| n >= 1)
                .ok_or("cores_per_socket must be a whole number from 1 up")?;
        }
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
                Value::Text(t) => RestartPriority::parse(t),
                _ => None,
            }
            .ok_or_else(|| {
                format!("expected disabled, lowest, low, medium, high or highest, got '{value}'")
            })?
        }
    }
    Ok(())
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
        VmField::IoActive => Value::Bool(vm.io_active),
        VmField::PassthroughNic => Value::Bool(vm.passthrough_nic),
        VmField::GuestNuma => Value::Bool(vm.guest_numa),
        VmField::CoresPerSocket => Value::Int(i64::from(vm.cores_per_socket)),
        VmField::MemZeroPct => Value::Int(i64::from(vm.mem_zero_pct.unwrap_or(0))),
        VmField::MemOsPct => Value::Int(i64::from(vm.mem_os_pct.unwrap_or(0))),
        VmField::MemAppPct => Value::Int(i64::from(vm.mem_app_pct.unwrap_or(0))),
        VmField::MemWritePctPerMin => Value::Int(i64::from(vm.mem_write_pct_per_min.unwrap_or(0))),
        VmField::MemCompressiblePct => Value::Int(i64::from(
            vm.mem_compressible_pct.unwrap_or(DEFAULT_COMPRESSIBLE_PCT),
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
