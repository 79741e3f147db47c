//! Checks of the scenario's DRS and DPM parts as a lab file loads:
//! `[drs]` and `[dpm]` values, `[[rule]]` and `[[maintenance]]` names,
//! VM workloads and host power figures.

use super::spec::{Automation, DrsSections, RuleKind};
use crate::inventory::{Inventory, Platform};

/// Problems of the DRS and DPM sections, VM workloads and host power
/// figures as (field, message), fields relative to the scenario.
pub fn drs_problems(inv: &Inventory, sec: &DrsSections) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |field: String, message: String| out.push((field, message));
    let hosts: Vec<&str> = inv.host.iter().map(|h| h.name.as_str()).collect();
    let vms: Vec<&str> = inv.vm.iter().map(|v| v.name.as_str()).collect();
    if let Some(drs) = &sec.drs {
        if !(1..=5).contains(&drs.threshold) {
            add(
                "drs.threshold".into(),
                "a migration threshold from 1 (conservative) to 5 (aggressive)".into(),
            );
        }
        if drs.period_s == 0 {
            add(
                "drs.period_s".into(),
                "seconds between DRS passes, above 0 (vCenter: 300)".into(),
            );
        }
        if inv.platform == Platform::Fusioncompute && drs.automation == Automation::Partial {
            add(
                "drs.automation".into(),
                "FusionCompute's scheduling is manual or automatic: use \"manual\" or \"full\""
                    .into(),
            );
        }
        for (field, pct) in [
            ("cpu_baseline_pct", drs.cpu_baseline_pct),
            ("mem_baseline_pct", drs.mem_baseline_pct),
        ] {
            if pct > 100 {
                add(format!("drs.{field}"), "a percentage from 0 to 100".into());
            }
        }
    }
    if let Some(dpm) = &sec.dpm {
        if sec.drs.is_none() {
            add(
                "dpm".into(),
                "DPM works through DRS: add a [drs] table".into(),
            );
        }
        if u16::from(dpm.target_pct) + u16::from(dpm.tolerance_pct) > 100
            || dpm.tolerance_pct > dpm.target_pct
        {
            add(
                "dpm.tolerance_pct".into(),
                format!(
                    "target ± tolerance must stay within 0..100% (vSphere: 63 ± 18); got {} ± {}",
                    dpm.target_pct, dpm.tolerance_pct
                ),
            );
        }
        if !(1..=5).contains(&dpm.threshold) {
            add(
                "dpm.threshold".into(),
                "a DPM threshold from 1 (conservative) to 5 (aggressive); vSphere's default is 3"
                    .into(),
            );
        }
        if dpm.boot_s == 0 {
            add(
                "dpm.boot_s".into(),
                "a host takes time to boot: give seconds above 0".into(),
            );
        }
    }
    for (k, r) in sec.rule.iter().enumerate() {
        let at = format!("rule[{k}]");
        for (j, v) in r.vms.iter().enumerate() {
            if !vms.contains(&v.as_str()) {
                add(
                    format!("{at}.vms[{j}]"),
                    format!("no VM named '{v}'; VMs: {}", vms.join(", ")),
                );
            }
        }
        for (j, h) in r.hosts.iter().enumerate() {
            if !hosts.contains(&h.as_str()) {
                add(
                    format!("{at}.hosts[{j}]"),
                    format!("no host named '{h}'; hosts: {}", hosts.join(", ")),
                );
            }
        }
        match r.kind {
            RuleKind::Affinity | RuleKind::AntiAffinity if r.vms.len() < 2 => add(
                format!("{at}.vms"),
                "a VM-VM rule names at least two VMs".into(),
            ),
            RuleKind::VmHostMust | RuleKind::VmHostShould
                if r.hosts.is_empty() || r.vms.is_empty() =>
            {
                add(
                    format!("{at}.hosts"),
                    "a VM-Host rule names its VMs and the hosts they (must or should) run on"
                        .into(),
                )
            }
            RuleKind::Affinity | RuleKind::AntiAffinity if !r.hosts.is_empty() => add(
                format!("{at}.hosts"),
                "a VM-VM rule has no hosts: use kind vm_host_must or vm_host_should".into(),
            ),
            _ => {}
        }
    }
    for (k, m) in sec.maintenance.iter().enumerate() {
        if !hosts.contains(&m.host.as_str()) {
            add(
                format!("maintenance[{k}].host"),
                format!("no host named '{}'; hosts: {}", m.host, hosts.join(", ")),
            );
        }
        if m.until_s.is_some_and(|u| u <= m.at_s) {
            add(
                format!("maintenance[{k}].until_s"),
                "leaving maintenance mode comes after entering it (until_s > at_s)".into(),
            );
        }
    }
    for (i, v) in inv.vm.iter().enumerate() {
        let at = format!("vm[{i}]");
        if let Some(w) = &v.workload {
            let checks = [
                ("peak_hour", u32::from(w.peak_hour), 23),
                ("start_hour", u32::from(w.start_hour), 23),
                ("end_hour", u32::from(w.end_hour), 24),
                ("burst_pct", u32::from(w.burst_pct), 100),
                ("jitter_pct", u32::from(w.jitter_pct), 100),
            ];
            for (field, value, max) in checks {
                if value > max {
                    add(
                        format!("{at}.workload.{field}"),
                        format!("at most {max}, got {value}"),
                    );
                }
            }
            if w.mem_active_mb.is_some_and(|m| m > v.mem_mb) {
                add(
                    format!("{at}.workload.mem_active_mb"),
                    format!(
                        "active memory cannot exceed the VM's {} MB (mem_mb)",
                        v.mem_mb
                    ),
                );
            }
        }
        if v.mem_consumed_mb.is_some_and(|m| m > v.mem_mb) {
            add(
                format!("{at}.mem_consumed_mb"),
                format!(
                    "consumed memory cannot exceed the VM's {} MB (mem_mb)",
                    v.mem_mb
                ),
            );
        }
    }
    for (i, h) in inv.host.iter().enumerate() {
        if h.peak_w < h.idle_w {
            add(
                format!("host[{i}].peak_w"),
                format!("peak draw is at least the idle draw ({} W)", h.idle_w),
            );
        }
        if h.standby_w > h.idle_w {
            add(
                format!("host[{i}].standby_w"),
                format!("standby draw is below the idle draw ({} W)", h.idle_w),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_bad_field() {
        let s: crate::scenario::Scenario = toml::from_str(
            r#"
[drs]
threshold = 7
[dpm]
target_pct = 90
[[host]]
name = "esx1"
mem_mb = 1024
idle_w = 200
peak_w = 100
[[vm]]
name = "a"
mem_mb = 512
workload = { shape = "diurnal", cpu_mhz = 100, peak_hour = 30 }
[[rule]]
kind = "anti_affinity"
vms = ["a", "zz"]
[[maintenance]]
host = "esx9"
at_s = 60
"#,
        )
        .unwrap();
        let fields: Vec<String> = drs_problems(&s.inventory(), &s.drs_sections())
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for want in [
            "drs.threshold",
            "dpm.tolerance_pct",
            "rule[0].vms[1]",
            "maintenance[0].host",
            "vm[0].workload.peak_hour",
            "host[0].peak_w",
        ] {
            assert!(
                fields.iter().any(|f| f == want),
                "{want} missing from {fields:?}"
            );
        }
    }
}
