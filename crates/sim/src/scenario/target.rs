//! Setting targets across the scenario: `vm.NAME.FIELD`,
//! `pool.NAME.FIELD`, `host.NAME.FIELD`, `vapp.NAME.FIELD` (the
//! inventory's), `traffic.*`, `nioc.*`, `disk.*`, `sioc.*` (I/O),
//! `migration.*`, `cluster.*`, `vcenter.*` (migration), `ha.*` (HA),
//! `drs.*`, `dpm.*`, `rule.*` (DRS). Each part parses, reads and writes
//! its own targets; this module only dispatches on the prefix.

use super::Scenario;
use crate::base::setting::{Setting, SettingError, Value};
use crate::drs::setting::{DrsField, DrsTarget};
use crate::drs::spec::{DrsSections, DrsSectionsMut};
use crate::ha::setting::{HaField, HaTarget};
use crate::inventory::cluster_field::{ClusterField, ClusterTarget};
use crate::inventory::host_field::{get_host_field, set_host_field, HostField, HostTarget};
use crate::inventory::pool_field::{get_pool_field, set_pool_field, PoolField, PoolTarget};
use crate::inventory::vapp::{VappField, VappTarget};
use crate::inventory::vm_field::{get_field, set_field, VmField, VmTarget};
use crate::io::setting::{IoTarget, DISK_FIELDS, SIOC_FIELDS, TRAFFIC_FIELDS};
use crate::migration::setting::{MigrationField, MigrationTarget};

/// One kind of setting target: its form, an example, and the part of the
/// model that owns it.
#[derive(Debug, Clone, Copy)]
pub struct TargetKind {
    /// E.g. `vm.NAME.FIELD`.
    pub form: &'static str,
    /// E.g. `vm.web.cpu_limit_mhz`.
    pub example: &'static str,
    /// The fields it may change, in the owner's order.
    pub fields: fn() -> Vec<&'static str>,
}

/// Every kind of setting target, as `--set`, controls, solutions and
/// timeline entries write them.
pub const TARGET_KINDS: [TargetKind; 16] = [
    TargetKind {
        form: "vm.NAME.FIELD",
        example: "vm.web.cpu_limit_mhz",
        fields: || VmField::ALL.iter().map(|f| f.name()).collect(),
    },
    TargetKind {
        form: "pool.NAME.FIELD",
        example: "pool.RP-KID.cpu_reservation_mhz",
        fields: || PoolField::ALL.iter().map(|f| f.name()).collect(),
    },
    TargetKind {
        form: "host.NAME.FIELD",
        example: "host.esx1.failed",
        fields: || HostField::ALL.iter().map(|f| f.name()).collect(),
    },
    TargetKind {
        form: "vapp.NAME.FIELD",
        example: "vapp.shop.powered_on",
        fields: || VappField::ALL.iter().map(|f| f.name()).collect(),
    },
    TargetKind {
        form: "traffic.KIND.FIELD",
        example: "traffic.vmotion.shares",
        fields: || TRAFFIC_FIELDS.iter().map(|f| f.0).collect(),
    },
    TargetKind {
        form: "nioc.uplink_gbps",
        example: "nioc.uplink_gbps",
        fields: || vec!["uplink_gbps"],
    },
    TargetKind {
        form: "disk.VM.FIELD",
        example: "disk.web.shares",
        fields: || DISK_FIELDS.iter().map(|f| f.0).collect(),
    },
    TargetKind {
        form: "sioc.FIELD",
        example: "sioc.enabled",
        fields: || SIOC_FIELDS.iter().map(|f| f.0).collect(),
    },
    TargetKind {
        form: "migration.VM.FIELD",
        example: "migration.web.sdps",
        fields: || MigrationField::MIGRATION.iter().map(|f| f.name()).collect(),
    },
    TargetKind {
        form: "cluster.evc_baseline",
        example: "cluster.evc_baseline",
        fields: || vec!["evc_baseline"],
    },
    TargetKind {
        form: "cluster.FIELD",
        example: "cluster.scalable_shares",
        fields: || ClusterField::ALL.iter().map(|f| f.name()).collect(),
    },
    TargetKind {
        form: "vcenter.NAME.FIELD",
        example: "vcenter.vc2.rtt_ms",
        fields: || MigrationField::VCENTER.iter().map(|f| f.name()).collect(),
    },
    TargetKind {
        form: "ha.FIELD",
        example: "ha.admission",
        fields: || HaField::ALL.iter().map(|f| f.name()).collect(),
    },
    TargetKind {
        form: "drs.FIELD",
        example: "drs.threshold",
        fields: || DrsField::DRS.iter().map(|f| f.name()).collect(),
    },
    TargetKind {
        form: "dpm.FIELD",
        example: "dpm.enabled",
        fields: || DrsField::DPM.iter().map(|f| f.name()).collect(),
    },
    TargetKind {
        form: "rule.NAME.enabled",
        example: "rule.apart.enabled",
        fields: || vec!["enabled"],
    },
];

/// A parsed setting target: a VM's field or a resource pool's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Vm(VmTarget),
    Pool(PoolTarget),
    Host(HostTarget),
    Io(IoTarget),
    Vapp(VappTarget),
    /// `migration.VM.FIELD`, `cluster.FIELD` or `vcenter.NAME.FIELD`.
    Migration(MigrationTarget),
    /// `ha.FIELD`.
    Ha(HaTarget),
    /// `drs.FIELD`, `dpm.FIELD` or `rule.NAME.enabled`.
    Drs(DrsTarget),
    /// `cluster.scalable_shares` or `cluster.mem_overcommit`.
    Cluster(ClusterTarget),
}

impl Target {
    /// Parses `vm.NAME.FIELD` or `pool.NAME.FIELD` against `scenario`.
    pub fn parse(target: &str, scenario: &Scenario) -> Result<Target, SettingError> {
        let inv = scenario.inventory();
        if target.starts_with("pool.") {
            PoolTarget::parse(target, &inv).map(Target::Pool)
        } else if target.starts_with("vm.") {
            VmTarget::parse(target, &inv).map(Target::Vm)
        } else if target.starts_with("host.") {
            HostTarget::parse(target, &inv).map(Target::Host)
        } else if target.starts_with("vapp.") {
            VappTarget::parse(target, &scenario.vapp).map(Target::Vapp)
        } else if IoTarget::claims(target) {
            IoTarget::parse(target, scenario.nioc.as_ref(), scenario.sioc.as_ref()).map(Target::Io)
        } else if DrsTarget::claims(target) {
            DrsTarget::parse(target, &scenario.drs_sections()).map(Target::Drs)
        } else if HaTarget::claims(target) {
            HaTarget::parse(target, scenario.ha.as_ref()).map(Target::Ha)
        } else if ClusterTarget::claims(target) {
            ClusterTarget::parse(target).map(Target::Cluster)
        } else if MigrationTarget::claims(target) {
            MigrationTarget::parse(target, &scenario.migration, &scenario.vcenter)
                .map(Target::Migration)
        } else {
            let forms: Vec<String> = TARGET_KINDS
                .iter()
                .map(|k| format!("{} (e.g. {})", k.form, k.example))
                .collect();
            Err(SettingError {
                target: target.to_string(),
                message: format!("a target has one of the forms {}", forms.join(", ")),
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
            Target::Cluster(_) => "cluster",
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
            Target::Cluster(t) => t.field.name(),
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
        Target::Io(t) => t.get(scenario.nioc.as_ref(), scenario.sioc.as_ref()),
        Target::Vapp(t) => t.get(&scenario.vapp),
        Target::Migration(t) => t.get(&scenario.cluster, &scenario.vcenter, &scenario.migration),
        Target::Ha(t) => t.get(scenario.ha.as_ref().expect("parse checked [ha] exists")),
        Target::Drs(t) => t.get(&scenario.drs_sections()),
        Target::Cluster(t) => t.get(&scenario.cluster),
    })
}

impl Scenario {
    /// Applies `setting` to the scenario's configuration (without checking
    /// the result; [`Scenario::with_settings`] does).
    pub fn apply(&mut self, setting: &Setting) -> Result<(), SettingError> {
        let err = |message: String| SettingError {
            target: setting.target.clone(),
            message,
        };
        let scenario = self;
        let value = &setting.value;
        match Target::parse(&setting.target, scenario)? {
            Target::Vm(target) => {
                let vm = scenario
                    .vm_mut(&target.vm)
                    .expect("VmTarget::parse checked the VM exists");
                set_field(vm, target.field, value).map_err(err)
            }
            Target::Pool(target) => {
                let pool = scenario
                    .pool
                    .iter_mut()
                    .find(|p| p.name == target.pool)
                    .expect("PoolTarget::parse checked the pool exists");
                set_pool_field(pool, target.field, value).map_err(err)
            }
            Target::Host(target) => {
                let host = scenario
                    .host_mut(&target.host)
                    .expect("HostTarget::parse checked the host exists");
                set_host_field(host, target.field, value).map_err(err)
            }
            Target::Io(target) => target
                .set(&mut scenario.nioc, &mut scenario.sioc, value)
                .map_err(err),
            Target::Vapp(target) => target.set(&mut scenario.vapp, value).map_err(err),
            Target::Migration(target) => target
                .set(
                    &mut scenario.cluster,
                    &mut scenario.vcenter,
                    &mut scenario.migration,
                    &scenario.host,
                    value,
                )
                .map_err(err),
            Target::Ha(target) => {
                let ha = scenario.ha.as_mut().expect("parse checked [ha] exists");
                target.set(ha, &scenario.host, value).map_err(err)
            }
            Target::Cluster(target) => target.set(&mut scenario.cluster, value).map_err(err),
            Target::Drs(target) => target
                .set(
                    DrsSectionsMut {
                        drs: &mut scenario.drs,
                        dpm: &mut scenario.dpm,
                        rule: &mut scenario.rule,
                    },
                    value,
                )
                .map_err(err),
        }
    }
}

impl Scenario {
    /// The DRS and DPM sections, for their settings and checks.
    pub fn drs_sections(&self) -> DrsSections<'_> {
        DrsSections {
            drs: &self.drs,
            dpm: &self.dpm,
            rule: &self.rule,
            maintenance: &self.maintenance,
        }
    }
}
