//! Network and storage settings: `traffic.KIND.FIELD`, `nioc.uplink_gbps`,
//! `disk.VM.FIELD` and `sioc.FIELD`, for the scenario's `[nioc]` uplink and
//! `[sioc]` datastore ([`super::nioc`], [`super::sioc`]).

use super::nioc::{NiocSpec, TrafficSpec, TrafficType, UplinkSpeed};
use super::sioc::{SiocSpec, Threshold};
use crate::base::setting::{as_count, as_limit, as_shares, shares_value, SettingError, Value};
use crate::inventory::Inventory;

/// A network or storage setting's target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IoTarget {
    /// `traffic.KIND.FIELD`: one system traffic type on the uplink.
    Traffic(TrafficType, TrafficField),
    /// `nioc.uplink_gbps`.
    Uplink,
    /// `disk.VM.FIELD`: a VM's virtual disk on the datastore.
    Disk(String, DiskField),
    /// `sioc.FIELD`.
    Sioc(SiocField),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TrafficField {
    Shares,
    ReservationMbps,
    LimitMbps,
    DemandMbps,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiskField {
    Shares,
    LimitIops,
    DemandIops,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiocField {
    /// `sioc.enabled`: Storage I/O Control on or off.
    Enabled,
    /// `sioc.threshold_latency_ms`: a manual congestion threshold.
    ThresholdLatencyMs,
    /// `sioc.threshold_percent_of_peak`: the automatic threshold.
    ThresholdPercentOfPeak,
}

pub const TRAFFIC_FIELDS: [(&str, TrafficField); 4] = [
    ("shares", TrafficField::Shares),
    ("reservation_mbps", TrafficField::ReservationMbps),
    ("limit_mbps", TrafficField::LimitMbps),
    ("demand_mbps", TrafficField::DemandMbps),
];
pub const DISK_FIELDS: [(&str, DiskField); 3] = [
    ("shares", DiskField::Shares),
    ("limit_iops", DiskField::LimitIops),
    ("demand_iops", DiskField::DemandIops),
];
pub const SIOC_FIELDS: [(&str, SiocField); 3] = [
    ("enabled", SiocField::Enabled),
    ("threshold_latency_ms", SiocField::ThresholdLatencyMs),
    (
        "threshold_percent_of_peak",
        SiocField::ThresholdPercentOfPeak,
    ),
];

fn field_of<T: Copy>(table: &[(&str, T)], name: &str) -> Result<T, String> {
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
            format!(
                "'{name}' is not a field here; use one of: {}",
                names.join(", ")
            )
        })
}

fn name_of<T: Copy + PartialEq>(table: &[(&'static str, T)], f: T) -> &'static str {
    table.iter().find(|(_, x)| *x == f).map_or("?", |(n, _)| n)
}

impl IoTarget {
    /// Whether `target` is a network or storage target at all.
    pub fn claims(target: &str) -> bool {
        ["traffic.", "nioc.", "disk.", "sioc."]
            .iter()
            .any(|p| target.starts_with(p))
    }

    /// Parses a target against the scenario's `[nioc]` and `[sioc]`
    /// sections, which must have the one it refers to.
    pub fn parse(
        target: &str,
        nioc: Option<&NiocSpec>,
        sioc: Option<&SiocSpec>,
    ) -> Result<IoTarget, SettingError> {
        let err = |message: String| SettingError {
            target: target.to_string(),
            message,
        };
        let (scope, rest) = target.split_once('.').unwrap_or((target, ""));
        match scope {
            "traffic" | "nioc" if nioc.is_none() => Err(err(
                "the scenario has no [nioc] uplink; add one to use traffic settings".into(),
            )),
            "disk" | "sioc" if sioc.is_none() => Err(err(
                "the scenario has no [sioc] datastore; add one to use disk settings".into(),
            )),
            "traffic" => {
                let (kind, field) = rest.split_once('.').ok_or_else(|| {
                    err("a traffic target has the form traffic.KIND.FIELD, e.g. traffic.vmotion.shares".into())
                })?;
                let kind = TrafficType::parse(kind).ok_or_else(|| {
                    let names: Vec<&str> = TrafficType::all().iter().map(|k| k.name()).collect();
                    err(format!(
                        "'{kind}' is not a traffic type; use one of: {}",
                        names.join(", ")
                    ))
                })?;
                Ok(IoTarget::Traffic(
                    kind,
                    field_of(&TRAFFIC_FIELDS, field).map_err(err)?,
                ))
            }
            "nioc" if rest == "uplink_gbps" => Ok(IoTarget::Uplink),
            "nioc" => Err(err("the uplink's setting is nioc.uplink_gbps".into())),
            "disk" => {
                let (vm, field) = rest.rsplit_once('.').ok_or_else(|| {
                    err("a disk target has the form disk.VM.FIELD, e.g. disk.web.shares".into())
                })?;
                let sioc = sioc.expect("checked above");
                if !sioc.disk.iter().any(|d| d.vm == vm) {
                    let names: Vec<&str> = sioc.disk.iter().map(|d| d.vm.as_str()).collect();
                    return Err(err(format!(
                        "no disk of VM '{vm}' on the datastore; disks: {}",
                        names.join(", ")
                    )));
                }
                Ok(IoTarget::Disk(
                    vm.to_string(),
                    field_of(&DISK_FIELDS, field).map_err(err)?,
                ))
            }
            _ => Ok(IoTarget::Sioc(field_of(&SIOC_FIELDS, rest).map_err(err)?)),
        }
    }

    /// The subject an event names: the traffic type, the VM, or the switch
    /// or datastore.
    pub fn subject(&self) -> String {
        match self {
            IoTarget::Traffic(kind, _) => kind.name().to_string(),
            IoTarget::Uplink => "nioc".into(),
            IoTarget::Disk(vm, _) => vm.clone(),
            IoTarget::Sioc(_) => "sioc".into(),
        }
    }

    pub fn field_name(&self) -> &'static str {
        match self {
            IoTarget::Traffic(_, f) => name_of(&TRAFFIC_FIELDS, *f),
            IoTarget::Uplink => "uplink_gbps",
            IoTarget::Disk(_, f) => name_of(&DISK_FIELDS, *f),
            IoTarget::Sioc(f) => name_of(&SIOC_FIELDS, *f),
        }
    }

    /// The current value, in the form a setting would write it.
    pub fn get(&self, nioc: Option<&NiocSpec>, sioc: Option<&SiocSpec>) -> Value {
        let int = |n: u64| Value::Int(n as i64);
        let opt = |v: Option<u64>| v.map_or(Value::Text("unlimited".into()), int);
        match self {
            IoTarget::Traffic(kind, f) => {
                let nioc = nioc.expect("parse checked [nioc]");
                let t = nioc
                    .effective()
                    .into_iter()
                    .find(|t| t.kind == *kind)
                    .expect("every type is effective");
                match f {
                    TrafficField::Shares => shares_value(t.shares.unwrap_or(kind.default_shares())),
                    TrafficField::ReservationMbps => int(t.reservation_mbps),
                    TrafficField::LimitMbps => opt(t.limit_mbps),
                    TrafficField::DemandMbps => int(t.demand_mbps),
                }
            }
            IoTarget::Uplink => int(u64::from(
                nioc.expect("parse checked [nioc]").uplink_gbps.gbps(),
            )),
            IoTarget::Disk(vm, f) => {
                let sioc = sioc.expect("parse checked [sioc]");
                let d = sioc
                    .disk
                    .iter()
                    .find(|d| &d.vm == vm)
                    .expect("parse checked the disk");
                match f {
                    DiskField::Shares => shares_value(d.shares),
                    DiskField::LimitIops => opt(d.limit_iops),
                    DiskField::DemandIops => int(d.demand_iops),
                }
            }
            IoTarget::Sioc(f) => {
                let sioc = sioc.expect("parse checked [sioc]");
                match (f, sioc.threshold) {
                    (SiocField::Enabled, _) => Value::Bool(sioc.enabled),
                    (SiocField::ThresholdLatencyMs, Threshold::LatencyMs(ms)) => int(u64::from(ms)),
                    (SiocField::ThresholdPercentOfPeak, Threshold::PercentOfPeak(p)) => {
                        int(u64::from(p))
                    }
                    _ => Value::Text("off".into()),
                }
            }
        }
    }

    /// Writes `value` into the section, or says what kind of value the
    /// field takes.
    pub fn set(
        &self,
        nioc: &mut Option<NiocSpec>,
        sioc: &mut Option<SiocSpec>,
        value: &Value,
    ) -> Result<(), String> {
        match self {
            IoTarget::Traffic(kind, f) => {
                let nioc: &mut NiocSpec = nioc.as_mut().expect("parse checked [nioc]");
                let i = match nioc.traffic.iter().position(|t| t.kind == *kind) {
                    Some(i) => i,
                    None => {
                        nioc.traffic.push(TrafficSpec::idle(*kind));
                        nioc.traffic.len() - 1
                    }
                };
                let t = &mut nioc.traffic[i];
                match f {
                    TrafficField::Shares => t.shares = Some(as_shares(value)?),
                    TrafficField::ReservationMbps => t.reservation_mbps = as_count(value)?,
                    TrafficField::LimitMbps => t.limit_mbps = as_limit(value)?,
                    TrafficField::DemandMbps => t.demand_mbps = as_count(value)?,
                }
            }
            IoTarget::Uplink => {
                let gbps = u32::try_from(as_count(value)?).unwrap_or(0);
                nioc.as_mut().expect("parse checked [nioc]").uplink_gbps =
                    UplinkSpeed::from_gbps(gbps).ok_or("the uplink is 1, 10 or 25 (GbE)")?;
            }
            IoTarget::Disk(vm, f) => {
                let sioc: &mut SiocSpec = sioc.as_mut().expect("parse checked [sioc]");
                let d = sioc
                    .disk
                    .iter_mut()
                    .find(|d| &d.vm == vm)
                    .expect("parse checked the disk");
                match f {
                    DiskField::Shares => d.shares = as_shares(value)?,
                    DiskField::LimitIops => d.limit_iops = as_limit(value)?,
                    DiskField::DemandIops => d.demand_iops = as_count(value)?,
                }
            }
            IoTarget::Sioc(f) => {
                let sioc = sioc.as_mut().expect("parse checked [sioc]");
                match f {
                    SiocField::Enabled => match value {
                        Value::Bool(b) => sioc.enabled = *b,
                        other => return Err(format!("expected true or false, got '{other}'")),
                    },
                    SiocField::ThresholdLatencyMs => {
                        let ms = as_count(value)?;
                        sioc.threshold =
                            Threshold::LatencyMs(u32::try_from(ms).unwrap_or(u32::MAX));
                    }
                    SiocField::ThresholdPercentOfPeak => {
                        let pct = as_count(value)?;
                        sioc.threshold =
                            Threshold::PercentOfPeak(u32::try_from(pct).unwrap_or(u32::MAX));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Problems of the `[nioc]` and `[sioc]` sections after a change, as
/// (field, message); the same checks as when the file loads.
pub fn io_problems(
    nioc: Option<&NiocSpec>,
    sioc: Option<&SiocSpec>,
    inv: &Inventory,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(n) = nioc {
        out.extend(
            n.validate()
                .into_iter()
                .map(|(f, m)| (format!("nioc.{f}"), m)),
        );
    }
    if let Some(d) = sioc {
        out.extend(
            d.validate()
                .into_iter()
                .map(|(f, m)| (format!("sioc.{f}"), m)),
        );
        for (i, disk) in d.disk.iter().enumerate() {
            if inv.vm(&disk.vm).is_none() {
                out.push((
                    format!("sioc.disk[{i}].vm"),
                    format!("no VM named '{}' in the scenario", disk.vm),
                ));
            }
        }
    }
    out
}
