//! Whole-scenario checks as a file loads: unique names, every part's own
//! checks (pools, I/O, migration, HA, DRS), hosts and VMs, the run's
//! length, and each timeline entry against the configuration the earlier
//! ones leave. Each problem is (field, message), the field relative to the
//! scenario (`host[0].mem_mb`); `crate::lab` adds file and line.

use super::Scenario;
use crate::base::names::repeated;
use crate::drs::validate::drs_problems;
use crate::ha::validate::ha_problems;
use crate::inventory::check::{host_problems, vm_problems};
use crate::inventory::Platform;
use crate::io::setting::io_problems;
use crate::migration::spec::MigrationSections;
use crate::migration::validate::migration_problems;
use crate::resource::pool_check::pool_problems;

/// Most samples one run may produce (duration / step), to keep runs fast.
pub const MAX_SAMPLES: u32 = 10_000;
/// Longest run: a week [s]. The memory engine steps every second, so the
/// run's time grows with it (the model's own bound).
pub const MAX_DURATION_S: u32 = 7 * 86_400;
/// Hosts per cluster: 96 (VMware Configuration Maximums, vSphere 8.0).
pub const MAX_HOSTS: usize = 96;
/// Virtual machines per cluster: 10,000 (VMware Configuration Maximums,
/// vSphere 8.0).
pub const MAX_VMS: usize = 10_000;

/// Every problem of `s`, as (field, message).
pub fn problems(s: &Scenario) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |field: String, message: String| out.push((field, message));
    if s.host.is_empty() {
        add(
            "host".into(),
            "add at least one [[host]] with name, cpu_mhz and mem_mb".into(),
        );
    }
    if s.host.len() > MAX_HOSTS {
        add(
            "host".into(),
            format!(
                "a cluster has at most {MAX_HOSTS} hosts (VMware Configuration Maximums), not {}: remove [[host]] tables or lower their count",
                s.host.len()
            ),
        );
    }
    if s.vm.len() > MAX_VMS {
        add(
            "vm".into(),
            format!(
                "a cluster has at most {MAX_VMS} VMs (VMware Configuration Maximums), not {}: remove [[vm]] tables or lower their count",
                s.vm.len()
            ),
        );
    }
    if s.duration_s > MAX_DURATION_S {
        add(
            "duration_s".into(),
            format!(
                "a run lasts at most {MAX_DURATION_S} s (a week), not {}: shorten duration_s",
                s.duration_s
            ),
        );
    }
    let tables = [
        (
            "host",
            s.host.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(),
        ),
        ("vm", s.vm.iter().map(|v| v.name.as_str()).collect()),
        ("pool", s.pool.iter().map(|p| p.name.as_str()).collect()),
    ];
    for (table, names) in tables {
        for (i, name) in repeated(names.into_iter()) {
            add(
                format!("{table}[{i}]"),
                format!("'{name}' is used twice; names and ids must be unique"),
            );
        }
    }
    for (field, message) in cluster_problems(s) {
        add(field, message);
    }
    if s.platform == Platform::Fusioncompute && !s.pool.is_empty() {
        add(
            "platform".into(),
            "FusionCompute has no resource pools or vApps in this model: remove them, or set platform = \"vsphere\"".into(),
        );
    }
    // vApps were appended to the pools: report them as the vApps they are.
    let own_pools = s.pool.iter().filter(|q| !q.vapp).count();
    for (field, message) in pool_problems(&s.inventory()) {
        let field = match field
            .strip_prefix("pool[")
            .and_then(|r| r.split_once(']'))
            .and_then(|(i, rest)| Some((i.parse::<usize>().ok()?, rest)))
        {
            Some((i, rest)) if i >= own_pools => format!("vapp[{}]{rest}", i - own_pools),
            _ => field,
        };
        add(field, message);
    }
    for (field, message) in s
        .io_problems()
        .into_iter()
        .chain(migration_problems(&s.migration_sections()))
        .chain(s.ha_problems())
        .chain(s.drs_problems())
    {
        add(field, message);
    }
    for (i, h) in s.host.iter().enumerate() {
        for (field, message) in host_problems(h) {
            add(format!("host[{i}].{field}"), message);
        }
    }
    for (i, vm) in s.vm.iter().enumerate() {
        let at = format!("vm[{i}]");
        if let Some(host) = vm.host.as_deref().filter(|h| s.host(h).is_none()) {
            let names: Vec<&str> = s.host.iter().map(|h| h.name.as_str()).collect();
            add(
                format!("{at}.host"),
                format!(
                    "no host named '{host}'; hosts: {}; or leave host out to let the cluster place the VM",
                    names.join(", ")
                ),
            );
        }
        for (field, message) in vm_problems(vm) {
            add(format!("{at}.{field}"), message);
        }
    }
    if s.step_s == 0 || s.duration_s / s.step_s.max(1) > MAX_SAMPLES {
        add(
            "step_s".into(),
            format!("step_s must be at least 1, and a run at most {MAX_SAMPLES} samples (duration_s / step_s): shorten duration_s or raise step_s"),
        );
    }
    let mut last = 0;
    // Entries apply in order, so each is checked against the configuration
    // the earlier ones leave (a limit set at 20 s, a reservation at 40 s).
    let mut state = s.clone();
    for (i, t) in s.timeline.iter().enumerate() {
        let at = format!("timeline[{i}]");
        if t.at_s < last || t.at_s > s.duration_s {
            add(
                format!("{at}.at_s"),
                "timeline entries must be in time order, within duration_s".into(),
            );
        }
        last = t.at_s;
        match state.with_settings(&[t.setting()]) {
            Ok(next) => state = next,
            Err(e) => add(format!("{at}.set"), e.message),
        }
    }
    out
}

/// Problems of the `[cluster]` switches as (field, message).
pub fn cluster_problems(s: &Scenario) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if s.cluster.mem_overcommit.is_some() && s.platform != Platform::Fusioncompute {
        out.push((
            "cluster.mem_overcommit".into(),
            "memory overcommit is a FusionCompute cluster switch (vSphere always overcommits): set platform = \"fusioncompute\" or remove it".into(),
        ));
    }
    out
}

impl Scenario {
    /// The live-migration sections and what they name.
    pub fn migration_sections(&self) -> MigrationSections<'_> {
        MigrationSections {
            host: &self.host,
            vm: &self.vm,
            cluster: &self.cluster,
            vcenter: &self.vcenter,
            datastore: &self.datastore,
            migration: &self.migration,
            duration_s: self.duration_s,
        }
    }

    pub(crate) fn io_problems(&self) -> Vec<(String, String)> {
        io_problems(self.nioc.as_ref(), self.sioc.as_ref(), &self.inventory())
    }

    pub(crate) fn ha_problems(&self) -> Vec<(String, String)> {
        ha_problems(
            &self.inventory(),
            self.ha.as_ref(),
            &self.fault,
            self.duration_s,
        )
    }

    pub(crate) fn drs_problems(&self) -> Vec<(String, String)> {
        drs_problems(&self.inventory(), &self.drs_sections())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::parse::parse_scenario;
    use crate::sim::Sim;

    fn scenario(head: &str, hosts: usize, vms: usize) -> String {
        let mut s = format!("{head}\n");
        for i in 0..hosts {
            s += &format!("[[host]]\nname = \"h{i}\"\nsockets = 16\ncores_per_socket = 48\ncore_mhz = 10000\nmem_mb = 25165824\n");
        }
        for i in 0..vms {
            s += &format!("[[vm]]\nname = \"v{i}\"\nvcpus = 768\nmem_mb = 25165824\n");
        }
        s
    }

    #[test]
    fn a_host_and_a_vm_at_the_published_maximums_load_and_run() {
        let s = parse_scenario("max.toml", &scenario("duration_s = 60\nstep_s = 20", 1, 1))
            .expect("the maximums are allowed");
        let trace = Sim::run(&s, 1, &[]).expect("runs");
        assert_eq!(trace.samples.len(), 4);
    }

    #[test]
    fn clusters_and_runs_above_the_maximums_are_refused() {
        let head = format!("duration_s = {}\nstep_s = 3600", MAX_DURATION_S + 1);
        let errors = parse_scenario("big.toml", &scenario(&head, MAX_HOSTS + 1, 0))
            .expect_err("too many hosts, too long");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"host"), "{fields:?}");
        assert!(fields.contains(&"duration_s"), "{fields:?}");
        let mut many = String::from("[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 1024\n");
        for i in 0..=MAX_VMS / 1000 {
            many += &format!("[[vm]]\nname = \"v{i}x{{n}}\"\ncount = 1000\nmem_mb = 1\n");
        }
        let errors = parse_scenario("many.toml", &many).expect_err("too many VMs");
        let vm = errors
            .iter()
            .find(|e| e.field == "vm")
            .expect("names the vm table");
        assert!(vm.message.contains("10000"), "{}", vm.message);
    }
}
