//! Checks of the scenario's live-migration parts as a lab file loads:
//! CPU generations on their vendor's ladder, an EVC baseline every host can
//! carry, vMotion network speeds, datastores and vCenters that exist, and
//! `[[migration]]` entries naming real VMs and hosts within the run.

use super::spec::MigrationSections;
use crate::inventory::host_field::VMOTION_GBPS;
use crate::inventory::ClusterSpec;
use crate::inventory::HostSpec;

/// Why the cluster cannot run at EVC baseline `baseline`, if it cannot:
/// a host of another vendor, or one whose CPU is older than the baseline.
pub fn evc_problem(hosts: &[HostSpec], baseline: &str) -> Option<String> {
    let vendor = hosts.first().map(|h| h.cpu_vendor).unwrap_or_default();
    let Some(mode) = vendor.mode(baseline) else {
        let keys: Vec<&str> = vendor.ladder().iter().map(|m| m.key).collect();
        return Some(format!(
            "'{baseline}' is not an {vendor} EVC baseline; use one of: {}",
            keys.join(", ")
        ));
    };
    if let Some(h) = hosts.iter().find(|h| h.cpu_vendor != vendor) {
        return Some(format!(
            "EVC needs one CPU vendor in the cluster; host {} is {}, host {} is {vendor}",
            h.name, h.cpu_vendor, hosts[0].name
        ));
    }
    hosts.iter().find_map(|h| {
        let generation = h.generation();
        (generation.rank < mode.rank).then(|| {
            format!(
                "host {}'s CPU is {}, older than the {} baseline: choose a baseline no newer than the oldest host",
                h.name, generation.label, mode.label
            )
        })
    })
}

/// The EVC baseline's problem, as a list (none or one).
pub fn evc_problems(hosts: &[HostSpec], cluster: &ClusterSpec) -> Vec<String> {
    cluster
        .evc_baseline
        .as_deref()
        .and_then(|b| evc_problem(hosts, b))
        .into_iter()
        .collect()
}

/// Problems as (field, message), fields relative to the scenario.
pub fn migration_problems(s: &MigrationSections) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for message in evc_problems(s.host, s.cluster) {
        out.push(("cluster.evc_baseline".to_string(), message));
    }
    for (i, h) in s.host.iter().enumerate() {
        let at = format!("host[{i}]");
        if let Some(g) = h.cpu_generation.as_deref() {
            if h.cpu_vendor.mode(g).is_none() {
                let keys: Vec<&str> = h.cpu_vendor.ladder().iter().map(|m| m.key).collect();
                out.push((
                    format!("{at}.cpu_generation"),
                    format!(
                        "'{g}' is not an {} generation; use one of: {}",
                        h.cpu_vendor,
                        keys.join(", ")
                    ),
                ));
            }
        }
        if let Some(g) = h.vmotion_gbps {
            if !VMOTION_GBPS.contains(&i64::from(g)) {
                out.push((
                    format!("{at}.vmotion_gbps"),
                    "a vMotion network is 1, 10, 25, 40 or 100 Gbit/s per NIC (leave it out for none)".into(),
                ));
            }
        }
        if h.vmotion_nics == 0 {
            out.push((format!("{at}.vmotion_nics"), "use at least 1 NIC".into()));
        }
        if let Some(vc) = h.vcenter.as_deref().filter(|v| s.vcenter(v).is_none()) {
            out.push((
                format!("{at}.vcenter"),
                format!("no [[vcenter]] named '{vc}': add one with name, version and sso_domain"),
            ));
        }
    }
    for (i, vc) in s.vcenter.iter().enumerate() {
        if vc.version_number().is_none() {
            out.push((
                format!("vcenter[{i}].version"),
                format!(
                    "write the version as MAJOR.MINOR, e.g. \"7.0\", not '{}'",
                    vc.version
                ),
            ));
        }
    }
    for (i, d) in s.datastore.iter().enumerate() {
        if d.throughput_mb_s == 0 {
            out.push((
                format!("datastore[{i}].throughput_mb_s"),
                "a datastore's throughput must be above 0 MB/s".into(),
            ));
        }
    }
    let seen = |ds: &str| s.host.iter().any(|h| h.datastores.iter().any(|d| d == ds));
    for (i, vm) in s.vm.iter().enumerate() {
        if let Some(ds) = vm.datastore.as_deref() {
            let on_host = vm
                .host
                .as_deref()
                .and_then(|h| s.host(h))
                .is_none_or(|h| h.datastores.iter().any(|d| d == ds));
            if !on_host || !seen(ds) {
                out.push((
                    format!("vm[{i}].datastore"),
                    format!("datastore '{ds}' is not in the datastores of the VM's host: add it to that host's datastores"),
                ));
            }
        }
    }
    for (i, m) in s.migration.iter().enumerate() {
        let at = format!("migration[{i}]");
        if s.vm(&m.vm).is_none() {
            let names: Vec<&str> = s.vm.iter().map(|v| v.name.as_str()).collect();
            out.push((
                format!("{at}.vm"),
                format!("no VM named '{}'; VMs: {}", m.vm, names.join(", ")),
            ));
        }
        if s.host(&m.to_host).is_none() {
            let names: Vec<&str> = s.host.iter().map(|h| h.name.as_str()).collect();
            out.push((
                format!("{at}.to_host"),
                format!("no host named '{}'; hosts: {}", m.to_host, names.join(", ")),
            ));
        }
        if let Some(ds) = m.to_datastore.as_deref().filter(|d| !seen(d)) {
            out.push((
                format!("{at}.to_datastore"),
                format!("no host sees a datastore named '{ds}': list it in a host's datastores"),
            ));
        }
        if let Some(vm) = s.vm(&m.vm) {
            let same_host = vm.host.as_deref() == Some(m.to_host.as_str());
            let same_disk = m.to_datastore.is_none() || m.to_datastore == vm.datastore;
            if same_host && same_disk && !s.migration[..i].iter().any(|e| e.vm == m.vm) {
                out.push((
                    format!("{at}.to_host"),
                    format!("{} already runs on {}: name another host, or a to_datastore for a Storage vMotion", m.vm, m.to_host),
                ));
            }
        }
        if m.at_s > s.duration_s {
            out.push((
                format!("{at}.at_s"),
                format!(
                    "at_s must lie within the run (duration_s = {})",
                    s.duration_s
                ),
            ));
        }
        if m.max_switchover_s == 0 {
            out.push((
                format!("{at}.max_switchover_s"),
                "use at least 1 s (vSphere's default is 100)".into(),
            ));
        }
    }
    out
}
