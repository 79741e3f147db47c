//! vSphere HA settings: `ha.FIELD` (the cluster's `[ha]`). A VM's
//! `restart_priority` is a VM field; a host's `datastores` a host field.

use super::fdm::IsolationResponse;
use super::spec::{AdmissionPolicy, FcHaPolicy, HaSpec, VmMonitoring};
use crate::base::setting::{as_bool, as_count, SettingError, Value};
use crate::inventory::HostSpec;

/// The `[ha]` fields a setting may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HaField {
    Enabled,
    Admission,
    HostFailures,
    CpuPct,
    MemPct,
    SlotCpuMhz,
    SlotMemMb,
    FailoverHosts,
    IsolationResponse,
    VmMonitoring,
    PriorityDelayS,
    OverloadFailsHostPct,
    FcPolicy,
}

impl HaField {
    pub const ALL: [HaField; 13] = [
        HaField::Enabled,
        HaField::Admission,
        HaField::HostFailures,
        HaField::CpuPct,
        HaField::MemPct,
        HaField::SlotCpuMhz,
        HaField::SlotMemMb,
        HaField::FailoverHosts,
        HaField::IsolationResponse,
        HaField::VmMonitoring,
        HaField::PriorityDelayS,
        HaField::OverloadFailsHostPct,
        HaField::FcPolicy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HaField::Enabled => "enabled",
            HaField::Admission => "admission",
            HaField::HostFailures => "host_failures",
            HaField::CpuPct => "cpu_pct",
            HaField::MemPct => "mem_pct",
            HaField::SlotCpuMhz => "slot_cpu_mhz",
            HaField::SlotMemMb => "slot_mem_mb",
            HaField::FailoverHosts => "failover_hosts",
            HaField::IsolationResponse => "isolation_response",
            HaField::VmMonitoring => "vm_monitoring",
            HaField::PriorityDelayS => "priority_delay_s",
            HaField::OverloadFailsHostPct => "overload_fails_host_pct",
            HaField::FcPolicy => "fc_policy",
        }
    }
}

/// A parsed `ha.FIELD` target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HaTarget {
    pub field: HaField,
}

impl HaTarget {
    pub fn claims(target: &str) -> bool {
        target.starts_with("ha.")
    }

    pub fn parse(target: &str, ha: Option<&HaSpec>) -> Result<HaTarget, SettingError> {
        let err = |message: String| SettingError {
            target: target.to_string(),
            message,
        };
        if ha.is_none() {
            return Err(err(
                "the scenario has no [ha] table: add one to use ha.* settings".into(),
            ));
        }
        let field = target.strip_prefix("ha.").unwrap_or("");
        let field = HaField::ALL
            .into_iter()
            .find(|f| f.name() == field)
            .ok_or_else(|| {
                let names: Vec<&str> = HaField::ALL.iter().map(|f| f.name()).collect();
                err(format!(
                    "'{field}' is not an HA field; use one of: {}",
                    names.join(", ")
                ))
            })?;
        Ok(HaTarget { field })
    }

    /// Writes `value` into `[ha]`; failover hosts must be among `hosts`.
    pub fn set(&self, ha: &mut HaSpec, hosts: &[HostSpec], value: &Value) -> Result<(), String> {
        let hosts: Vec<String> = hosts.iter().map(|h| h.name.clone()).collect();
        let opt = |v: &Value| -> Result<Option<u64>, String> {
            match v {
                Value::Text(t) if t == "auto" || t == "none" => Ok(None),
                v => as_count(v).map(Some),
            }
        };
        let pct = |v: &Value| -> Result<Option<u32>, String> {
            match opt(v)? {
                Some(n) if n > 100 => {
                    Err(format!("expected a percentage from 0 to 100, got '{v}'"))
                }
                n => Ok(n.map(|n| n as u32)),
            }
        };
        let text = |v: &Value| match v {
            Value::Text(t) => t.clone(),
            other => other.to_string(),
        };
        match self.field {
            HaField::Enabled => ha.enabled = as_bool(value)?,
            HaField::Admission => {
                ha.admission = AdmissionPolicy::parse(&text(value)).ok_or_else(|| {
                    format!("expected slots, percentage, failover_hosts or disabled, got '{value}'")
                })?
            }
            HaField::HostFailures => {
                ha.host_failures = u32::try_from(as_count(value)?).unwrap_or(u32::MAX)
            }
            HaField::CpuPct => ha.cpu_pct = pct(value)?,
            HaField::MemPct => ha.mem_pct = pct(value)?,
            HaField::SlotCpuMhz => ha.slot_cpu_mhz = opt(value)?,
            HaField::SlotMemMb => ha.slot_mem_mb = opt(value)?,
            HaField::FailoverHosts => {
                let list: Vec<String> = match value {
                    Value::Text(t) if t == "none" => Vec::new(),
                    v => text(v)
                        .split(',')
                        .map(|h| h.trim().to_string())
                        .filter(|h| !h.is_empty())
                        .collect(),
                };
                if let Some(bad) = list.iter().find(|h| !hosts.contains(h)) {
                    return Err(format!(
                        "there is no host named '{bad}'; the scenario has: {}",
                        hosts.join(", ")
                    ));
                }
                ha.failover_hosts = list;
            }
            HaField::IsolationResponse => {
                ha.isolation_response = IsolationResponse::parse(&text(value)).ok_or_else(|| {
                    format!("expected leave_powered_on, power_off or shutdown, got '{value}'")
                })?
            }
            HaField::VmMonitoring => {
                ha.vm_monitoring = VmMonitoring::parse(&text(value)).ok_or_else(|| {
                    format!("expected disabled, high, medium or low, got '{value}'")
                })?
            }
            HaField::PriorityDelayS => {
                ha.priority_delay_s = u32::try_from(as_count(value)?).unwrap_or(u32::MAX)
            }
            HaField::OverloadFailsHostPct => {
                ha.overload_fails_host_pct = opt(value)?.map(|n| n.min(u64::from(u32::MAX)) as u32)
            }
            HaField::FcPolicy => {
                ha.fc_policy = FcHaPolicy::parse(&text(value)).ok_or_else(|| {
                    format!(
                        "expected restore_in_cluster, restore_on_original_host or stop, got '{value}'"
                    )
                })?
            }
        }
        Ok(())
    }

    pub fn get(&self, ha: &HaSpec) -> Value {
        let opt = |v: Option<u64>| v.map_or(Value::Text("auto".into()), |n| Value::Int(n as i64));
        match self.field {
            HaField::Enabled => Value::Bool(ha.enabled),
            HaField::Admission => Value::Text(ha.admission.name().into()),
            HaField::HostFailures => Value::Int(i64::from(ha.host_failures)),
            HaField::CpuPct => opt(ha.cpu_pct.map(u64::from)),
            HaField::MemPct => opt(ha.mem_pct.map(u64::from)),
            HaField::SlotCpuMhz => opt(ha.slot_cpu_mhz),
            HaField::SlotMemMb => opt(ha.slot_mem_mb),
            HaField::FailoverHosts => Value::Text(if ha.failover_hosts.is_empty() {
                "none".into()
            } else {
                ha.failover_hosts.join(",")
            }),
            HaField::IsolationResponse => Value::Text(ha.isolation_response.name().into()),
            HaField::VmMonitoring => Value::Text(ha.vm_monitoring.name().into()),
            HaField::PriorityDelayS => Value::Int(i64::from(ha.priority_delay_s)),
            HaField::OverloadFailsHostPct => opt(ha.overload_fails_host_pct.map(u64::from)),
            HaField::FcPolicy => Value::Text(ha.fc_policy.name().into()),
        }
    }
}
