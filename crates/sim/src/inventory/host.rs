//! A physical host as a lab file states it (`[[host]]`): its capacity and
//! every field an engine reads about it (memory management, vMotion
//! network and CPU, DPM's power figures). One table per host, whatever the
//! engine; the engines own what the fields mean.

use super::cpu_model::{CpuVendor, EvcMode};
use crate::base::serde_default::{default_one, default_true, is_false, is_one, is_true};
use serde::{Deserialize, Serialize};

/// A physical host. Give either `cpu_mhz`, or `sockets`, `cores_per_socket`
/// and `core_mhz` (then the capacity is their product).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostSpec {
    pub name: String,
    /// With `count = N`, this table stands for N identical hosts, named by
    /// `name` with `{n}` (or `{n:02}`, zero-padded) numbered from `first`
    /// (default 1). The loader expands them in place as the file loads
    /// ([`crate::scenario::Origins`]), so every other part sees plain hosts
    /// and neither field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Where `{n}` starts counting (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<u32>,
    /// Total CPU capacity [MHz], when not given by sockets and cores.
    pub cpu_mhz: Option<u64>,
    pub sockets: Option<u32>,
    pub cores_per_socket: Option<u32>,
    /// Clock of one core [MHz].
    pub core_mhz: Option<u64>,
    /// Physical memory available to VMs [MB].
    pub mem_mb: u64,
    /// Idle memory tax rate [%], ESXi's `Mem.IdleTax` (0–99, default 75:
    /// an idle page costs as much as 4 active ones).
    #[serde(default = "default_idle_tax_pct")]
    pub mem_idle_tax_pct: u8,
    /// Page sharing salting, ESXi's `Mem.ShareForceSalting`: 2 (default
    /// since 2014) shares within a VM only; 1 and 0 across VMs too (1 only
    /// differs for VMs with their own salt, which vlab does not model).
    #[serde(default = "default_salting")]
    pub tps_salting: u8,
    /// Whose memory management the host follows: vSphere 6+ (default),
    /// Waldspurger's 2002 paper, or FusionCompute.
    #[serde(default, skip_serializing_if = "is_default_model")]
    pub memory_model: MemoryModel,
    /// Backs guest memory with 2 MB pages, not shared until broken in the
    /// clear state (default true; the paper's ESX had none).
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub large_pages: bool,
    /// Failed (or disconnected): its capacity leaves the cluster and its
    /// VMs power off (default false). vSphere HA restarts them (HA labs).
    #[serde(default, skip_serializing_if = "is_false")]
    pub failed: bool,
    /// In maintenance mode: no VM may move or power on there (default
    /// false).
    #[serde(default, skip_serializing_if = "is_false")]
    pub maintenance: bool,
    /// ESXi version, "MAJOR.MINOR" (default "8.0"); cross-vCenter vMotion
    /// needs 6.0 or later on both hosts.
    #[serde(
        default = "default_esxi_version",
        skip_serializing_if = "is_default_esxi_version"
    )]
    pub esxi_version: String,
    /// vMotion VMkernel network, per NIC [Gbit/s] (1, 10, 25, 40 or 100);
    /// absent = none, so no vMotion to or from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vmotion_gbps: Option<u32>,
    /// NICs on the vMotion network (default 1); multi-NIC vMotion adds
    /// their bandwidth.
    #[serde(default = "default_one", skip_serializing_if = "is_one")]
    pub vmotion_nics: u32,
    /// CPU vendor, "intel" (default) or "amd".
    #[serde(default, skip_serializing_if = "is_intel")]
    pub cpu_vendor: CpuVendor,
    /// CPU generation as an EVC baseline of its vendor, e.g. "haswell";
    /// absent = the vendor's newest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_generation: Option<String>,
    /// Datastores it sees.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datastores: Vec<String>,
    /// The vCenter it belongs to; absent = the scenario's one vCenter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vcenter: Option<String>,
    /// How DPM wakes it from standby: "ipmi", "ilo" or "wol"; absent =
    /// none, so DPM never powers it off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_mgmt: Option<PowerMgmt>,
    /// Draw when powered on and idle [W] (default 150).
    #[serde(default = "default_idle_w", skip_serializing_if = "is_default_idle_w")]
    pub idle_w: u32,
    /// Draw at full CPU [W] (default 350); linear in between.
    #[serde(default = "default_peak_w", skip_serializing_if = "is_default_peak_w")]
    pub peak_w: u32,
    /// Draw in standby [W] (default 10: the BMC stays awake).
    #[serde(
        default = "default_standby_w",
        skip_serializing_if = "is_default_standby_w"
    )]
    pub standby_w: u32,
}

/// Host power model defaults [W]: a typical two-socket server (model
/// values, not a vendor's figures).
pub const DEFAULT_IDLE_W: u32 = 150;
pub const DEFAULT_PEAK_W: u32 = 350;
pub const DEFAULT_STANDBY_W: u32 = 10;

fn default_idle_w() -> u32 {
    DEFAULT_IDLE_W
}
fn default_peak_w() -> u32 {
    DEFAULT_PEAK_W
}
fn default_standby_w() -> u32 {
    DEFAULT_STANDBY_W
}
fn is_default_idle_w(w: &u32) -> bool {
    *w == DEFAULT_IDLE_W
}
fn is_default_peak_w(w: &u32) -> bool {
    *w == DEFAULT_PEAK_W
}
fn is_default_standby_w(w: &u32) -> bool {
    *w == DEFAULT_STANDBY_W
}

fn is_intel(v: &CpuVendor) -> bool {
    *v == CpuVendor::Intel
}

/// ESXi's default `Mem.IdleTax` [%].
pub const DEFAULT_IDLE_TAX_PCT: u8 = 75;

fn default_salting() -> u8 {
    2
}
fn is_default_model(m: &MemoryModel) -> bool {
    *m == MemoryModel::default()
}
fn default_idle_tax_pct() -> u8 {
    DEFAULT_IDLE_TAX_PCT
}

impl HostSpec {
    /// Total CPU capacity [MHz].
    pub fn cpu_capacity_mhz(&self) -> u64 {
        match (self.cpu_mhz, self.logical_cpus(), self.core_mhz) {
            (Some(mhz), _, _) => mhz,
            (None, Some(cpus), Some(core)) => u64::from(cpus).saturating_mul(core),
            _ => 0,
        }
    }

    /// Its CPU generation, as an EVC baseline of its vendor (the vendor's
    /// newest when the file does not say).
    pub fn generation(&self) -> &'static EvcMode {
        self.cpu_generation
            .as_deref()
            .and_then(|g| self.cpu_vendor.mode(g))
            .unwrap_or_else(|| self.cpu_vendor.newest())
    }

    /// Logical CPUs (cores), when the host is described by its sockets.
    /// Saturating: a file with absurd counts gets a validation error, not
    /// an overflow on the way there (found by tests/app/fuzz.rs).
    pub fn logical_cpus(&self) -> Option<u32> {
        Some(self.sockets?.saturating_mul(self.cores_per_socket?))
    }
}

/// Whose published memory-management behaviour the host follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemoryModel {
    /// vSphere 6 and later: sliding-scale minFree, states high / clear /
    /// soft / hard / low at 400 / 100 / 64 / 32 / 16% of minFree, large
    /// pages broken in the clear state, salting.
    #[default]
    Vsphere6,
    /// Waldspurger's OSDI 2002 paper: high / soft / hard / low at 6 / 4 /
    /// 2 / 1% of memory; no large pages, no salting.
    Paper2002,
    /// Huawei FusionCompute: memory sharing, swapping and "memory bubble"
    /// ballooning, overcommit ratio, swap disk per the notes' formula.
    Fusioncompute,
}

/// How vCenter wakes a host from standby.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PowerMgmt {
    Ipmi,
    Ilo,
    Wol,
}

impl PowerMgmt {
    pub const ALL: [PowerMgmt; 3] = [PowerMgmt::Ipmi, PowerMgmt::Ilo, PowerMgmt::Wol];

    pub fn name(self) -> &'static str {
        match self {
            PowerMgmt::Ipmi => "ipmi",
            PowerMgmt::Ilo => "ilo",
            PowerMgmt::Wol => "wol",
        }
    }

    pub fn parse(name: &str) -> Option<PowerMgmt> {
        PowerMgmt::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The defaults a lab file gets: one source of truth, the serde
/// attributes (an empty name and no memory; tests fill in the rest).
impl Default for HostSpec {
    fn default() -> HostSpec {
        toml::from_str("name = \"\"\nmem_mb = 0").expect("the defaults deserialize")
    }
}

/// The ESXi version a host has when the lab does not say.
pub const DEFAULT_ESXI_VERSION: &str = "8.0";

fn default_esxi_version() -> String {
    DEFAULT_ESXI_VERSION.to_string()
}

fn is_default_esxi_version(v: &str) -> bool {
    v == DEFAULT_ESXI_VERSION
}

/// "MAJOR.MINOR" (or "MAJOR") as numbers, `None` when it is not one.
pub fn version_number(version: &str) -> Option<(u32, u32)> {
    let (major, minor) = version.split_once('.').unwrap_or((version, "0"));
    Some((major.parse().ok()?, minor.parse().ok()?))
}

impl HostSpec {
    /// Its ESXi version as (major, minor), when it reads as one.
    pub fn esxi_version_number(&self) -> Option<(u32, u32)> {
        version_number(&self.esxi_version)
    }
}
