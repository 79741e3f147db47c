//! Checks of the scenario's HA parts as a lab file loads: `[ha]` values
//! and hosts that exist, `[[fault]]` targets of the right kind.

use super::spec::{FaultKind, FaultSpec, HaSpec};
use crate::inventory::Inventory;

/// Problems of `[ha]` and the `[[fault]]` entries in a run of `duration_s`
/// as (field, message), fields relative to the scenario.
pub fn ha_problems(
    inv: &Inventory,
    ha: Option<&HaSpec>,
    faults: &[FaultSpec],
    duration_s: u32,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let hosts = inv.host_names();
    if let Some(ha) = ha {
        for (field, pct) in [("cpu_pct", ha.cpu_pct), ("mem_pct", ha.mem_pct)] {
            if pct.is_some_and(|p| p > 100) {
                out.push((format!("ha.{field}"), "a percentage from 0 to 100".into()));
            }
        }
        if ha.host_failures as usize >= inv.host.len().max(1) {
            out.push((
                "ha.host_failures".into(),
                format!(
                    "tolerate fewer host failures than there are hosts ({})",
                    inv.host.len()
                ),
            ));
        }
        for (i, h) in ha.failover_hosts.iter().enumerate() {
            if !hosts.contains(&h.as_str()) {
                out.push((
                    format!("ha.failover_hosts[{i}]"),
                    format!("no host named '{h}'; hosts: {}", hosts.join(", ")),
                ));
            }
        }
        if ha.slot_cpu_mhz == Some(0) || ha.slot_mem_mb == Some(0) {
            out.push((
                "ha.slot_cpu_mhz".into(),
                "a fixed slot size must be above 0".into(),
            ));
        }
    }
    let datastores: Vec<&str> = inv
        .host
        .iter()
        .flat_map(|h| h.datastores.iter().map(String::as_str))
        .collect();
    for (i, f) in faults.iter().enumerate() {
        let at = format!("fault[{i}]");
        let ok = match f.kind {
            FaultKind::HostCrash | FaultKind::HostIsolation => hosts.contains(&f.target.as_str()),
            FaultKind::Partition => f.target.split(',').all(|h| hosts.contains(&h.trim())),
            FaultKind::DatastoreLoss => datastores.contains(&f.target.as_str()),
            FaultKind::GuestCrash => inv.vm(&f.target).is_some(),
        };
        if !ok {
            let what = match f.kind {
                FaultKind::HostCrash | FaultKind::HostIsolation => {
                    format!("a host ({})", hosts.join(", "))
                }
                FaultKind::Partition => format!("hosts separated by commas ({})", hosts.join(", ")),
                FaultKind::DatastoreLoss => "a datastore some host lists in its datastores".into(),
                FaultKind::GuestCrash => "a VM".into(),
            };
            out.push((
                format!("{at}.target"),
                format!("'{}' is not {what}", f.target),
            ));
        }
        if f.at_s > duration_s || f.until_s.is_some_and(|u| u <= f.at_s) {
            out.push((
                format!("{at}.at_s"),
                format!(
                    "at_s must lie within the run (duration_s = {}) and until_s after it",
                    duration_s
                ),
            ));
        }
    }
    out
}
