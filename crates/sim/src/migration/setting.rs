//! Live-migration settings: `migration.VM.FIELD` (the VM's `[[migration]]`
//! entries), `cluster.evc_baseline` and `vcenter.NAME.FIELD`.

use super::spec::{MigrationSpec, VcenterSpec};
use super::validate::evc_problem;
use super::Order;
use crate::base::setting::{as_bool, as_count, as_name, SettingError, Value};
use crate::inventory::ClusterSpec;
use crate::inventory::HostSpec;

/// Where a migration setting points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Every `[[migration]]` of this VM.
    Migration(String),
    Cluster,
    Vcenter(String),
}

/// The fields a migration setting may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MigrationField {
    ToHost,
    ToDatastore,
    AtS,
    Sdps,
    Order,
    MaxSwitchoverS,
    EvcBaseline,
    Version,
    SsoDomain,
    RttMs,
}

impl MigrationField {
    pub const MIGRATION: [MigrationField; 6] = [
        MigrationField::ToHost,
        MigrationField::ToDatastore,
        MigrationField::AtS,
        MigrationField::Sdps,
        MigrationField::Order,
        MigrationField::MaxSwitchoverS,
    ];
    pub const VCENTER: [MigrationField; 3] = [
        MigrationField::Version,
        MigrationField::SsoDomain,
        MigrationField::RttMs,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MigrationField::ToHost => "to_host",
            MigrationField::ToDatastore => "to_datastore",
            MigrationField::AtS => "at_s",
            MigrationField::Sdps => "sdps",
            MigrationField::Order => "order",
            MigrationField::MaxSwitchoverS => "max_switchover_s",
            MigrationField::EvcBaseline => "evc_baseline",
            MigrationField::Version => "version",
            MigrationField::SsoDomain => "sso_domain",
            MigrationField::RttMs => "rtt_ms",
        }
    }
}

/// A parsed migration, cluster or vCenter setting target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MigrationTarget {
    pub scope: Scope,
    pub field: MigrationField,
}

impl MigrationTarget {
    pub fn claims(target: &str) -> bool {
        target == "cluster.evc_baseline"
            || ["migration.", "vcenter."]
                .iter()
                .any(|p| target.starts_with(p))
    }

    pub fn name(&self) -> &str {
        match &self.scope {
            Scope::Migration(n) | Scope::Vcenter(n) => n,
            Scope::Cluster => "cluster",
        }
    }

    pub fn parse(
        target: &str,
        migration: &[MigrationSpec],
        vcenter: &[VcenterSpec],
    ) -> Result<MigrationTarget, SettingError> {
        let err = |message: String| SettingError {
            target: target.to_string(),
            message,
        };
        let pick = |fields: &[MigrationField], field: &str| {
            fields
                .iter()
                .copied()
                .find(|f| f.name() == field)
                .ok_or_else(|| {
                    let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
                    err(format!(
                        "'{field}' is not a field here; use one of: {}",
                        names.join(", ")
                    ))
                })
        };
        if target == "cluster.evc_baseline" {
            return Ok(MigrationTarget {
                scope: Scope::Cluster,
                field: MigrationField::EvcBaseline,
            });
        }
        if let Some(rest) = target.strip_prefix("migration.") {
            let (vm, field) = rest.rsplit_once('.').ok_or_else(|| {
                err(
                    "a migration target has the form migration.VM.FIELD, e.g. migration.web.sdps"
                        .into(),
                )
            })?;
            if !migration.iter().any(|m| m.vm == vm) {
                let names: Vec<&str> = migration.iter().map(|m| m.vm.as_str()).collect();
                return Err(err(format!(
                    "no [[migration]] moves a VM named '{vm}'; the scenario migrates: {}",
                    if names.is_empty() {
                        "(none)".into()
                    } else {
                        names.join(", ")
                    }
                )));
            }
            return Ok(MigrationTarget {
                scope: Scope::Migration(vm.to_string()),
                field: pick(&MigrationField::MIGRATION, field)?,
            });
        }
        if let Some(rest) = target.strip_prefix("vcenter.") {
            let (name, field) = rest.rsplit_once('.').ok_or_else(|| {
                err(
                    "a vCenter target has the form vcenter.NAME.FIELD, e.g. vcenter.vc2.rtt_ms"
                        .into(),
                )
            })?;
            if !vcenter.iter().any(|v| v.name == name) {
                return Err(err(format!("there is no [[vcenter]] named '{name}'")));
            }
            return Ok(MigrationTarget {
                scope: Scope::Vcenter(name.to_string()),
                field: pick(&MigrationField::VCENTER, field)?,
            });
        }
        Err(err("the cluster's setting is cluster.evc_baseline".into()))
    }

    /// Writes `value` into the scenario, or says what kind of value it
    /// takes.
    pub fn set(
        &self,
        cluster: &mut ClusterSpec,
        vcenter: &mut [VcenterSpec],
        migration: &mut [MigrationSpec],
        hosts: &[HostSpec],
        value: &Value,
    ) -> Result<(), String> {
        match &self.scope {
            Scope::Cluster => {
                let baseline = as_name(value)?;
                if let Some(b) = &baseline {
                    if let Some(problem) = evc_problem(hosts, b) {
                        return Err(problem);
                    }
                }
                cluster.evc_baseline = baseline;
            }
            Scope::Vcenter(name) => {
                let vc = vcenter
                    .iter_mut()
                    .find(|v| &v.name == name)
                    .expect("parse checked the vCenter");
                match self.field {
                    MigrationField::Version => vc.version = text(value)?,
                    MigrationField::SsoDomain => vc.sso_domain = text(value)?,
                    _ => vc.rtt_ms = u32::try_from(as_count(value)?).unwrap_or(u32::MAX),
                }
            }
            Scope::Migration(vm) => {
                let hosts: Vec<String> = hosts.iter().map(|h| h.name.clone()).collect();
                for m in migration.iter_mut().filter(|m| &m.vm == vm) {
                    match self.field {
                        MigrationField::ToHost => {
                            let to = text(value)?;
                            if !hosts.contains(&to) {
                                return Err(format!(
                                    "there is no host named '{to}'; the scenario has: {}",
                                    hosts.join(", ")
                                ));
                            }
                            m.to_host = to;
                        }
                        MigrationField::ToDatastore => m.to_datastore = as_name(value)?,
                        MigrationField::AtS => {
                            m.at_s = u32::try_from(as_count(value)?).unwrap_or(u32::MAX)
                        }
                        MigrationField::Sdps => m.sdps = as_bool(value)?,
                        MigrationField::Order => {
                            m.order = match value {
                                Value::Text(t) => Order::parse(t),
                                _ => None,
                            }
                            .ok_or_else(|| {
                                format!("expected storage_first or memory_first, got '{value}'")
                            })?
                        }
                        _ => {
                            m.max_switchover_s = u32::try_from(as_count(value)?)
                                .ok()
                                .filter(|&s| s >= 1)
                                .ok_or_else(|| {
                                    format!(
                                    "expected a whole number of seconds from 1 up, got '{value}'"
                                )
                                })?
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The current value, as a setting would write it.
    pub fn get(
        &self,
        cluster: &ClusterSpec,
        vcenter: &[VcenterSpec],
        migration: &[MigrationSpec],
    ) -> Value {
        let name = |o: &Option<String>| Value::Text(o.clone().unwrap_or_else(|| "none".into()));
        match &self.scope {
            Scope::Cluster => name(&cluster.evc_baseline),
            Scope::Vcenter(n) => {
                let vc = vcenter
                    .iter()
                    .find(|v| &v.name == n)
                    .expect("parse checked the vCenter");
                match self.field {
                    MigrationField::Version => Value::Text(vc.version.clone()),
                    MigrationField::SsoDomain => Value::Text(vc.sso_domain.clone()),
                    _ => Value::Int(i64::from(vc.rtt_ms)),
                }
            }
            Scope::Migration(vm) => {
                let m = migration
                    .iter()
                    .find(|m| &m.vm == vm)
                    .expect("parse checked the migration");
                match self.field {
                    MigrationField::ToHost => Value::Text(m.to_host.clone()),
                    MigrationField::ToDatastore => name(&m.to_datastore),
                    MigrationField::AtS => Value::Int(i64::from(m.at_s)),
                    MigrationField::Sdps => Value::Bool(m.sdps),
                    MigrationField::Order => Value::Text(m.order.name().into()),
                    _ => Value::Int(i64::from(m.max_switchover_s)),
                }
            }
        }
    }
}

fn text(value: &Value) -> Result<String, String> {
    match value {
        Value::Text(t) if !t.trim().is_empty() => Ok(t.trim().to_string()),
        other => Err(format!("expected text, got '{other}'")),
    }
}
