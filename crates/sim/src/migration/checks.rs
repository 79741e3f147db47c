//! vMotion's pre-checks: everything vCenter verifies before a migration
//! starts, each with the reason it failed and what would fix it
//! (`docs/references.md`, Live migration). All of them run, so a student sees
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
    HostVersion,
    RoundTrip,
}

impl CheckName {
    pub const ALL: [CheckName; 17] = [
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
        CheckName::HostVersion,
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
            CheckName::HostVersion => "host_version",
            CheckName::RoundTrip => "round_trip",
        }
    }
}

/// One check's result: the page and the CLI say what it found, and for a
/// failed one what would fix it, from `name` and `args` (`check.*` in the
/// locale files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub name: CheckName,
    pub passed: bool,
    /// The facts the texts quote, by name.
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
    fn check(&mut self, name: CheckName, failed: bool, args: &[(&str, String)]) {
        let args = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        self.0.push(CheckResult {
            name,
            passed: !failed,
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
    out.check(CheckName::VmRunning, !f.running, &[("vm", vm.name.clone())]);
    out.check(
        CheckName::DestinationDiffers,
        f.running && from.name == to.name && f.to_datastore.is_none(),
        &[("vm", vm.name.clone()), dest.clone()],
    );
    out.check(
        CheckName::DestinationConnected,
        to.failed,
        std::slice::from_ref(&dest),
    );
    out.check(
        CheckName::MaintenanceMode,
        to.maintenance,
        std::slice::from_ref(&dest),
    );
    let vendors = [
        ("from_vendor", from.cpu_vendor),
        ("to_vendor", to.cpu_vendor),
    ];
    out.check(
        CheckName::CpuVendor,
        from.cpu_vendor != to.cpu_vendor,
        &vendors.map(|(k, v): (&str, CpuVendor)| (k, v.label().to_string())),
    );
    let same_vendor = f.vm_level.vendor == f.to_generation.vendor;
    out.check(
        CheckName::CpuFeatures,
        same_vendor && f.vm_level.rank > f.to_generation.rank,
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
        moves_compute && !no_vmotion.is_empty(),
        &[("hosts", no_vmotion.join(", "))],
    );
    let disk_ds = vm.datastore.as_deref();
    let unseen = match (f.to_datastore, disk_ds) {
        (None, Some(ds)) if !to.datastores.iter().any(|d| d == ds) => Some(ds),
        _ => None,
    };
    out.check(
        CheckName::SharedStorage,
        unseen.is_some(),
        &[
            ("datastore", disk_ds.unwrap_or("").to_string()),
            dest.clone(),
        ],
    );
    let target_unseen = f
        .to_datastore
        .filter(|ds| !to.datastores.iter().any(|d| d == ds));
    out.check(
        CheckName::DestinationDatastore,
        target_unseen.is_some(),
        &[
            ("datastore", f.to_datastore.unwrap_or("").to_string()),
            dest.clone(),
            ("seen", to.datastores.join(", ")),
        ],
    );
    let devices = vm.connected_devices.join(", ");
    out.check(
        CheckName::LocalDevices,
        moves_compute && !vm.connected_devices.is_empty(),
        &[("devices", devices.clone())],
    );
    let cpus: Vec<String> = vm.cpu_affinity.iter().map(u32::to_string).collect();
    out.check(
        CheckName::CpuAffinity,
        moves_compute && !cpus.is_empty(),
        &[("cpus", cpus.join(", "))],
    );
    out.check(
        CheckName::InternalSwitch,
        moves_compute && vm.internal_switch,
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
    let _unit = match short {
        Some(Shortfall::CpuMhz) => " MHz of CPU",
        Some(Shortfall::MemMb) => " MB of memory",
        _ => " vCPUs",
    };
    out.check(
        CheckName::DestinationCapacity,
        moves_compute && short.is_some(),
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
                    Some(Shortfall::OvercommitMb) => "overcommit",
                    None => "",
                }
                .to_string(),
            ),
        ],
    );
    if let Some((a, b)) = f.vcenters {
        cross_vcenter(&mut out, f, a, b);
    }
    out.0
}

fn cross_vcenter(out: &mut Out, f: &Facts, a: &VcenterSpec, b: &VcenterSpec) {
    let names = [("from_vc", a.name.clone()), ("to_vc", b.name.clone())];
    out.check(
        CheckName::SsoDomain,
        a.sso_domain != b.sso_domain,
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
        !old.is_empty(),
        &[("old", old_text.clone())],
    );
    // The lecture and vSphere's documentation: cross-vCenter vMotion needs
    // ESXi 6.0 or later on both hosts as well.
    let old_hosts = [f.from, f.to]
        .into_iter()
        .filter(|h| {
            h.esxi_version_number()
                .is_none_or(|n| n < MIN_CROSS_VCENTER_VERSION)
        })
        .map(|h| format!("{} {}", h.name, h.esxi_version))
        .collect::<Vec<_>>();
    out.check(
        CheckName::HostVersion,
        !old_hosts.is_empty(),
        &[("old", old_hosts.join(", "))],
    );
    let rtt = a.rtt_ms + b.rtt_ms;
    out.check(
        CheckName::RoundTrip,
        rtt > MAX_RTT_MS,
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
