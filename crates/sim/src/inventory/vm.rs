//! A virtual machine as a lab file states it (`[[vm]]`): its size,
//! resource controls, and every field an engine reads about it (memory
//! content, dirty rate and disk for migration, restart priority for HA,
//! workload for DRS). Absent optional fields take the defaults noted.

use super::workload::WorkloadSpec;
use crate::base::serde_default::{
    default_one, default_true, is_false, is_one, is_true, is_zero, is_zero_u8,
};
use crate::base::shares::Shares;
use serde::{Deserialize, Serialize};

/// A virtual machine. Absent optional fields take the defaults noted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmSpec {
    pub name: String,
    /// With `count = N`, this table stands for N identical VMs, named by
    /// `name` with `{n}` (or `{n:02}`, zero-padded) numbered from `first`
    /// (default 1). The loader expands them in place as the file loads
    /// ([`crate::scenario::Origins`]), so every other part sees plain VMs
    /// and neither field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Where `{n}` starts counting (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<u32>,
    /// Name of the host it runs on; absent = anywhere in the cluster (the
    /// engine places it at power-on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Resource pool; absent = the cluster's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// Virtual CPUs (default 1).
    #[serde(default = "default_vcpus")]
    pub vcpus: u32,
    /// Virtual cores per virtual socket (default 1): the guest sees
    /// vcpus / cores_per_socket sockets. Since vSphere 6.5 it does not
    /// shape virtual NUMA (`cpu::numa`).
    #[serde(default = "default_one", skip_serializing_if = "is_one")]
    pub cores_per_socket: u32,
    /// Configured memory [MB]: what the guest OS sees.
    pub mem_mb: u64,
    /// Powered on at time 0, in file order (default true). In a vApp: takes
    /// part when the vApp powers on.
    #[serde(default = "default_true")]
    pub powered_on: bool,
    /// In a vApp: its start group (default 1); lower groups start first.
    #[serde(default = "default_start_order", skip_serializing_if = "is_one")]
    pub start_order: u32,
    /// CPU reservation [MHz] (default 0).
    #[serde(default)]
    pub cpu_reservation_mhz: u64,
    /// CPU limit [MHz]; absent = unlimited.
    pub cpu_limit_mhz: Option<u64>,
    /// CPU shares (default normal: 1000 per vCPU).
    #[serde(default)]
    pub cpu_shares: Shares,
    /// CPU the guest wants [MHz]; absent = every vCPU busy.
    pub cpu_demand_mhz: Option<u64>,
    /// Memory reservation [MB] (default 0).
    #[serde(default)]
    pub mem_reservation_mb: u64,
    /// Memory limit [MB]; absent = unlimited (the configured memory).
    pub mem_limit_mb: Option<u64>,
    /// Memory shares (default normal: 10 per MB).
    #[serde(default)]
    pub mem_shares: Shares,
    /// Memory the guest has touched and wants [MB]; absent = all of the
    /// configured memory.
    pub mem_demand_mb: Option<u64>,
    /// The part of it in active use, its working set [MB]; absent = all of
    /// it. Idle memory (demand minus active) is taxed: under contention it
    /// is reclaimed first (idle memory tax).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_active_mb: Option<u64>,
    /// Virtualization overhead [MB]; absent = the model's estimate.
    pub mem_overhead_mb: Option<u64>,
    /// Guest OS image: VMs with the same value have identical OS pages,
    /// which page sharing can merge when salting allows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_os: Option<String>,
    /// Application image: VMs with the same value share application pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    /// VMware Tools (the balloon driver) installed (default true).
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub tools_installed: bool,
    /// Touched memory that is zero pages [%]; absent = the model's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_zero_pct: Option<u8>,
    /// Touched memory that is guest-OS image pages [%].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_os_pct: Option<u8>,
    /// Touched memory that is application image pages [%].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_app_pct: Option<u8>,
    /// Shared pages the guest writes per minute [%], each write breaking
    /// sharing for that page (copy-on-write).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_write_pct_per_min: Option<u32>,
    /// Pages that compress to 2 KB or less [%].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_compressible_pct: Option<u8>,
    /// How fast the guest dirties memory [MB/s] (default 0): what vMotion's
    /// pre-copy has to keep up with.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub mem_dirty_mb_s: u64,
    /// Round-to-round variation of the dirty rate [±%] (default 0, seeded).
    #[serde(default, skip_serializing_if = "is_zero_u8")]
    pub mem_dirty_jitter_pct: u8,
    /// Memory the guest writes to, at most, in one pre-copy round [MB];
    /// absent = all its memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writable_working_set_mb: Option<u64>,
    /// Its virtual disk [GB] (default 40).
    #[serde(default = "default_disk_gb", skip_serializing_if = "is_default_disk")]
    pub disk_gb: u64,
    /// The guest's disk writes [MB/s] (default 0), mirrored during a
    /// Storage vMotion.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub disk_write_mb_s: u64,
    /// Datastore holding its files; absent = shared storage every host
    /// sees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datastore: Option<String>,
    /// Host-local devices connected to it, e.g. "cdrom", "usb" (block
    /// vMotion).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub connected_devices: Vec<String>,
    /// Physical CPUs its vCPUs are pinned to (blocks vMotion; default
    /// none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cpu_affinity: Vec<u32>,
    /// Its network adapter is on an internal-only vSwitch, one without
    /// uplinks (blocks vMotion; default false).
    #[serde(default, skip_serializing_if = "is_false")]
    pub internal_switch: bool,
    /// Its guest still does disk or network I/O while its VMware Tools
    /// heartbeats stop (default false): vSphere HA's VM monitoring leaves
    /// such a VM alone (`das.iostatsInterval`, `ha::spec`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub io_active: bool,
    /// It has a passthrough NIC (FusionCompute: cannot run with memory
    /// overcommit on; default false).
    #[serde(default, skip_serializing_if = "is_false")]
    pub passthrough_nic: bool,
    /// Its guest sees NUMA nodes (FusionCompute: memory overcommit turns
    /// guest NUMA off; default false).
    #[serde(default, skip_serializing_if = "is_false")]
    pub guest_numa: bool,
    /// vSphere HA restart priority (default medium; disabled = never
    /// restarted).
    #[serde(default, skip_serializing_if = "is_medium")]
    pub restart_priority: RestartPriority,
    /// Demand over the day (DRS labs); absent = `cpu_demand_mhz` and
    /// `mem_active_mb` all day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<WorkloadSpec>,
    /// Memory the host has backed for it [MB]; absent = what the guest
    /// touched (`mem_demand_mb`). DRS counts a quarter of the idle part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_consumed_mb: Option<u64>,
}

fn is_medium(p: &RestartPriority) -> bool {
    *p == RestartPriority::Medium
}

/// A VM's disk when the file does not say [GB].
pub const DEFAULT_DISK_GB: u64 = 40;

fn default_disk_gb() -> u64 {
    DEFAULT_DISK_GB
}
fn is_default_disk(gb: &u64) -> bool {
    *gb == DEFAULT_DISK_GB
}

/// Restart priority (vSphere 6.5+ levels).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum RestartPriority {
    /// Never restarted.
    Disabled,
    Lowest,
    Low,
    #[default]
    Medium,
    High,
    Highest,
}

impl RestartPriority {
    pub const ALL: [RestartPriority; 6] = [
        RestartPriority::Disabled,
        RestartPriority::Lowest,
        RestartPriority::Low,
        RestartPriority::Medium,
        RestartPriority::High,
        RestartPriority::Highest,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RestartPriority::Disabled => "disabled",
            RestartPriority::Lowest => "lowest",
            RestartPriority::Low => "low",
            RestartPriority::Medium => "medium",
            RestartPriority::High => "high",
            RestartPriority::Highest => "highest",
        }
    }

    pub fn parse(name: &str) -> Option<RestartPriority> {
        RestartPriority::ALL.into_iter().find(|p| p.name() == name)
    }
}

fn default_vcpus() -> u32 {
    1
}
fn default_start_order() -> u32 {
    1
}

/// Pages that compress to 2 KB or less when the file does not say [%].
pub const DEFAULT_COMPRESSIBLE_PCT: u8 = 50;

impl Default for VmSpec {
    fn default() -> VmSpec {
        toml::from_str("name = \"\"\nmem_mb = 0").expect("the defaults deserialize")
    }
}
