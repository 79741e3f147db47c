//! vMotion's pre-checks: everything vCenter verifies before a migration
//! starts, each with the reason it failed and what would fix it
//! (`REFERENCES.md`, Live migration). All of them run, so a student sees
//! every cause at once rather than one per attempt.

use crate::inventory::{CpuVendor, EvcMode};
use crate::inventory::{HostSpec, VmSpec};
use crate::migration::spec::VcenterSpec;
use crate::resource::refusal::{Refusal, Shortage, Shortfall};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest round trip long-distance vMotion supports [ms].
pub const MAX_RTT_MS: u32 = 150;
/// The first vCenter version with cross-vCenter vMotion.
pub const MIN_CROSS_VCENTER_VERSION: (u32, u32) = (6, 0);

/// Which requirement a check is about. The snake_case names are part of
/// the CLI's JSON contract and name the UI's texts (`check.NAME.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    VmRunning,
    DestinationDiffers,
    DestinationConnected,
    MaintenanceMode,
    CpuVendor,
    CpuFeatures,
    VmotionNetwork,
    SharedStorage,
    DestinationDatastore,
    LocalDevices,
    CpuAffinity,
    InternalSwitch,
    DestinationCapacity,
    SsoDomain,
    VcenterVersion,
    RoundTrip,
}

impl CheckName {
    pub const ALL: [CheckName; 16] = [
        CheckName::VmRunning,
        CheckName::DestinationDiffers,
        CheckName::DestinationConnected,
        CheckName::MaintenanceMode,
        CheckName::CpuVendor,
        CheckName::CpuFeatures,
        CheckName::VmotionNetwork,
        CheckName::SharedStorage,
        CheckName::DestinationDatastore,
        CheckName::LocalDevices,
        CheckName::CpuAffinity,
        CheckName::InternalSwitch,
        CheckName::DestinationCapacity,
        CheckName::SsoDomain,
        CheckName::VcenterVersion,
        CheckName::RoundTrip,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CheckName::VmRunning => "vm_running",
            CheckName::DestinationDiffers => "destination_differs",
            CheckName::DestinationConnected => "destination_connected",
            CheckName::MaintenanceMode => "maintenance_mode",
            CheckName::CpuVendor => "cpu_vendor",
            CheckName::CpuFeatures => "cpu_features",
            CheckName::VmotionNetwork => "vmotion_network",
            CheckName::SharedStorage => "shared_storage",
            CheckName::DestinationDatastore => "destination_datastore",
            CheckName::LocalDevices => "local_devices",
            CheckName::CpuAffinity => "cpu_affinity",
            CheckName::InternalSwitch => "internal_switch",
            CheckName::DestinationCapacity => "destination_capacity",
            CheckName::SsoDomain => "sso_domain",
            CheckName::VcenterVersion => "vcenter_version",
            CheckName::RoundTrip => "round_trip",
        }
    }
}

/// One check's result. `reason` and `fix` are English (the CLI prints
/// them); the UI says the same in either language from `name` and `args`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub name: CheckName,
    pub passed: bool,
    pub reason: String,
    /// What would make it pass (failed checks only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// The facts `reason` quotes, by name, for translation.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

/// What the checks look at, gathered by the simulation.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub vm: &'a VmSpec,
    pub running: bool,
    pub from: &'a HostSpec,
    pub to: &'a HostSpec,
    pub to_datastore: Option<&'a str>,
    /// The CPU feature level the VM powered on with.
    pub vm_level: &'static EvcMode,
    /// The destination's CPU generation.
    pub to_generation: &'static EvcMode,
    /// The source's and destination's vCenters, when they differ.
    pub vcenters: Option<(&'a VcenterSpec, &'a VcenterSpec)>,
    /// Admission control of the VM's reservations on the destination.
    pub capacity: Option<&'a Refusal>,
}

struct Out(Vec<CheckResult>);

impl Out {
    fn check(
        &mut self,
        name: CheckName,
        failure: Option<(String, String)>,
        args: &[(&str, String)],
    ) {
        let args = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let (passed, reason, fix) = match failure {
            None => (true, "ok".to_string(), None),
            Some((reason, fix)) => (false, reason, Some(fix)),
        };
        self.0.push(CheckResult {
            name,
            passed,
            reason,
            fix,
            args,
        });
    }
}

/// Runs every pre-check, in a fixed order; the cross-vCenter ones only
/// between two vCenters.
pub fn run_checks(f: &Facts) -> Vec<CheckResult> {
    let mut out = Out(Vec::new());
    let (vm, from, to) = (f.vm, f.from, f.to);
    let dest = ("dest", to.name.clone());
    out.check(
        CheckName::VmRunning,
        (!f.running).then(|| {
            (
                format!("{} is powered off: vMotion moves running VMs", vm.name),
                "power it on first (a powered-off VM is cold-migrated)".into(),
            )
        }),
        &[("vm", vm.name.clone())],
    );
    out.check(
        CheckName::DestinationDiffers,
        (f.running && from.name == to.name && f.to_datastore.is_none()).then(|| {
            (
                format!(
                    "{} already runs on {} and its disk stays where it is: nothing to move",
                    vm.name, to.name
                ),
                "choose another host, or a destination datastore for a Storage vMotion".into(),
            )
        }),
        &[("vm", vm.name.clone()), dest.clone()],
    );
    out.check(
        CheckName::DestinationConnected,
        to.failed.then(|| {
            (
                format!("{} is not connected", to.name),
                "choose a connected host".into(),
            )
        }),
        std::slice::from_ref(&dest),
    );
    out.check(
        CheckName::MaintenanceMode,
        to.maintenance.then(|| {
            (
                format!("{} is in maintenance mode", to.name),
                format!(
                    "exit maintenance mode on {} or choose another host",
                    to.name
                ),
            )
        }),
        std::slice::from_ref(&dest),
    );
    let vendors = [
        ("from_vendor", from.cpu_vendor),
        ("to_vendor", to.cpu_vendor),
    ];
    out.check(
        CheckName::CpuVendor,
        (from.cpu_vendor != to.cpu_vendor).then(|| {
            (
                format!(
                    "{} has an {} CPU, {} an {} one: vMotion cannot cross CPU vendors",
                    from.name, from.cpu_vendor, to.name, to.cpu_vendor
                ),
                format!(
                    "choose a host with an {} CPU, or power the VM off and cold-migrate it",
                    from.cpu_vendor
                ),
            )
        }),
        &vendors.map(|(k, v): (&str, CpuVendor)| (k, v.label().to_string())),
    );
    let same_vendor = f.vm_level.vendor == f.to_generation.vendor;
    out.check(
        CheckName::CpuFeatures,
        (same_vendor && f.vm_level.rank > f.to_generation.rank).then(|| {
            (
                format!(
                    "{} runs with {} features; {}'s CPU is {} and lacks {}",
                    vm.name,
                    f.vm_level.label,
                    to.name,
                    f.to_generation.label,
                    missing(f.vm_level, f.to_generation)
                ),
                format!(
                    "set the cluster's EVC baseline to {} (the oldest host) and power-cycle the VM",
                    f.to_generation.label
                ),
            )
        }),
        &[
            ("vm_level", f.vm_level.label.to_string()),
            ("dest_cpu", f.to_generation.label.to_string()),
            ("missing", missing(f.vm_level, f.to_generation)),
            dest.clone(),
        ],
    );
    let no_vmotion: Vec<&str> = [from, to]
        .iter()
        .filter(|h| h.vmotion_gbps.is_none())
        .map(|h| h.name.as_str())
        .collect();
    let moves_compute = from.name != to.name;
    out.check(
        CheckName::VmotionNetwork,
        (moves_compute && !no_vmotion.is_empty()).then(|| {
            (
                format!("no vMotion VMkernel network on {}", no_vmotion.join(", ")),
                format!(
                    "add a vMotion VMkernel adapter (vmotion_gbps) on {}",
                    no_vmotion.join(", ")
                ),
            )
        }),
        &[("hosts", no_vmotion.join(", "))],
    );
    let disk_ds = vm.datastore.as_deref();
    let unseen = match (f.to_datastore, disk_ds) {
        (None, Some(ds)) if !to.datastores.iter().any(|d| d == ds) => Some(ds),
        _ => None,
    };
    out.check(
        CheckName::SharedStorage,
        unseen.map(|ds| {
            (
                format!("{} does not see datastore {ds}, which holds the VM's disk", to.name),
                format!(
                    "choose a destination datastore {} sees (to_datastore): the migration then moves the disk too",
                    to.name
                ),
            )
        }),
        &[("datastore", disk_ds.unwrap_or("").to_string()), dest.clone()],
    );
    let target_unseen = f
        .to_datastore
        .filter(|ds| !to.datastores.iter().any(|d| d == ds));
    out.check(
        CheckName::DestinationDatastore,
        target_unseen.map(|ds| {
            (
                format!("{} does not see the destination datastore {ds}", to.name),
                format!(
                    "choose a datastore {} sees: {}",
                    to.name,
                    to.datastores.join(", ")
                ),
            )
        }),
        &[
            ("datastore", f.to_datastore.unwrap_or("").to_string()),
            dest.clone(),
            ("seen", to.datastores.join(", ")),
        ],
    );
    let devices = vm.connected_devices.join(", ");
    out.check(
        CheckName::LocalDevices,
        (moves_compute && !vm.connected_devices.is_empty()).then(|| {
            (
                format!("host-local devices are connected: {devices}"),
                "disconnect them (connected_devices = [])".into(),
            )
        }),
        &[("devices", devices.clone())],
    );
    let cpus: Vec<String> = vm.cpu_affinity.iter().map(u32::to_string).collect();
    out.check(
        CheckName::CpuAffinity,
        (moves_compute && !cpus.is_empty()).then(|| {
            (
                format!("its vCPUs are pinned to physical CPUs {}", cpus.join(", ")),
                "remove the CPU affinity (cpu_affinity = [])".into(),
            )
        }),
        &[("cpus", cpus.join(", "))],
    );
    out.check(
        CheckName::InternalSwitch,
        (moves_compute && vm.internal_switch).then(|| {
            (
                "its network adapter is on an internal-only vSwitch (no uplinks)".into(),
                "connect it to a port group with uplinks on both hosts".into(),
            )
        }),
        &[],
    );
    let (short, needed, available) = match f.capacity {
        Some(Refusal::Short(Shortage {
            resource,
            needed,
            available,
            ..
        })) => (Some(*resource), *needed, *available),
        _ => (None, 0, 0),
    };
    let unit = match short {
        Some(Shortfall::CpuMhz) => " MHz of CPU",
        Some(Shortfall::MemMb) => " MB of memory",
        _ => " vCPUs",
    };
    out.check(
        CheckName::DestinationCapacity,
        (moves_compute && short.is_some()).then(|| {
            (
                format!(
                    "{} cannot back its reservation: it needs {needed}{unit}, {available} available",
                    to.name
                ),
                format!("lower the VM's reservation or free capacity on {}", to.name),
            )
        }),
        &[
            dest.clone(),
            ("needed", needed.to_string()),
            ("available", available.to_string()),
            (
                "resource",
                match short {
                    Some(Shortfall::CpuMhz) => "cpu",
                    Some(Shortfall::MemMb) => "mem",
                    Some(Shortfall::Vcpus) => "vcpus",
                    None => "",
                }
                .to_string(),
            ),
        ],
    );
    if let Some((a, b)) = f.vcenters {
        cross_vcenter(&mut out, a, b);
    }
    out.0
}

fn cross_vcenter(out: &mut Out, a: &VcenterSpec, b: &VcenterSpec) {
    let names = [("from_vc", a.name.clone()), ("to_vc", b.name.clone())];
    out.check(
        CheckName::SsoDomain,
        (a.sso_domain != b.sso_domain).then(|| {
            (
                format!(
                    "{} is in SSO domain {}, {} in {}",
                    a.name, a.sso_domain, b.name, b.sso_domain
                ),
                "join both vCenters to one SSO domain (Enhanced Linked Mode)".into(),
            )
        }),
        &[
            names[0].clone(),
            names[1].clone(),
            ("from_sso", a.sso_domain.clone()),
            ("to_sso", b.sso_domain.clone()),
        ],
    );
    let old: Vec<&VcenterSpec> = [a, b]
        .into_iter()
        .filter(|v| {
            v.version_number()
                .is_none_or(|n| n < MIN_CROSS_VCENTER_VERSION)
        })
        .collect();
    let old_text = old
        .iter()
        .map(|v| format!("{} {}", v.name, v.version))
        .collect::<Vec<_>>()
        .join(", ");
    out.check(
        CheckName::VcenterVersion,
        (!old.is_empty()).then(|| {
            (
                format!("cross-vCenter vMotion needs vCenter 6.0 or later: {old_text}"),
                "upgrade vCenter to 6.0 or later".into(),
            )
        }),
        &[("old", old_text.clone())],
    );
    let rtt = a.rtt_ms + b.rtt_ms;
    out.check(
        CheckName::RoundTrip,
        (rtt > MAX_RTT_MS).then(|| {
            (
                format!("the round trip between the sites is {rtt} ms, more than {MAX_RTT_MS} ms"),
                format!("use a link with a round trip of at most {MAX_RTT_MS} ms"),
            )
        }),
        &[
            ("rtt_ms", rtt.to_string()),
            ("max_ms", MAX_RTT_MS.to_string()),
        ],
    );
}

/// What `have` lacks of `need`'s feature level: the features every
/// baseline between them adds.
fn missing(need: &EvcMode, have: &EvcMode) -> String {
    need.vendor
        .ladder()
        .iter()
        .filter(|m| m.rank > have.rank && m.rank <= need.rank)
        .map(|m| m.adds)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Round trip between two vCenters' sites [ms].
pub fn rtt_ms(a: &VcenterSpec, b: &VcenterSpec) -> u32 {
    a.rtt_ms + b.rtt_ms
}
