//! The scenario: hosts, VMs and a timeline of changes, as a lab file (or a
//! bare scenario file) states them. Field names are part of the lab format
//! v1 contract documented in `labs/README.md`.

use crate::migration::CpuVendor;
use crate::pool::PoolSpec;
use crate::scenario_ha::{FaultSpec, HaSpec, RestartPriority};
use crate::scenario_migration::{ClusterSpec, DatastoreSpec, MigrationSpec, VcenterSpec};
use crate::setting::Setting;
use crate::shares::Shares;
use serde::{Deserialize, Serialize};

/// The product whose published behaviour the engine follows where the two
/// differ: vSphere (default) or Huawei FusionCompute, whose CPU QoS fixes a
/// VM at its reservation before sharing the rest by quota
/// ([`crate::fc_qos`]) and which has no resource pools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    #[default]
    Vsphere,
    Fusioncompute,
}

impl Platform {
    pub fn is_vsphere(&self) -> bool {
        *self == Platform::Vsphere
    }
}

/// Default simulated duration [s].
pub const DEFAULT_DURATION_S: u32 = 120;
/// Default sample interval [s]: vCenter's real-time charts use 20 s samples.
pub const DEFAULT_STEP_S: u32 = 20;

/// A cluster configuration plus what happens to it over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Whose resource-control behaviour to model (default vSphere).
    #[serde(default, skip_serializing_if = "Platform::is_vsphere")]
    pub platform: Platform,
    /// Hosts, in file order.
    #[serde(default)]
    pub host: Vec<HostSpec>,
    /// Resource pools, in file order (none: every VM sits at its host's root).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pool: Vec<PoolSpec>,
    /// vApps: pools that power their VMs on and off in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vapp: Vec<crate::vapp::VappSpec>,
    /// VMs, in file order: the order they are powered on at time 0.
    #[serde(default)]
    pub vm: Vec<VmSpec>,
    /// A distributed switch uplink shared by system traffic types, under
    /// Network I/O Control (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nioc: Option<crate::nioc::NiocSpec>,
    /// A datastore shared by the VMs' disks, under Storage I/O Control
    /// (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sioc: Option<crate::sioc::SiocSpec>,
    /// Cluster-wide settings (EVC).
    #[serde(default, skip_serializing_if = "ClusterSpec::is_default")]
    pub cluster: ClusterSpec,
    /// vCenter Servers the hosts belong to (cross-vCenter vMotion).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vcenter: Vec<VcenterSpec>,
    /// Datastores with a stated throughput (Storage vMotion).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datastore: Vec<DatastoreSpec>,
    /// Live migrations requested, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migration: Vec<MigrationSpec>,
    /// vSphere HA (absent: off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ha: Option<HaSpec>,
    /// Faults injected over time (HA labs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fault: Vec<FaultSpec>,
    /// DRS (absent: off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drs: Option<crate::scenario_drs::DrsSpec>,
    /// DPM (absent: off; needs DRS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpm: Option<crate::scenario_drs::DpmSpec>,
    /// DRS rules, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule: Vec<crate::scenario_drs::RuleSpec>,
    /// Hosts put into maintenance mode over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maintenance: Vec<crate::scenario_drs::MaintenanceSpec>,
    /// Changes at given times (demand shifts, power operations).
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// Simulated time [s].
    #[serde(default = "default_duration_s")]
    pub duration_s: u32,
    /// Sample interval [s].
    #[serde(default = "default_step_s")]
    pub step_s: u32,
}

fn default_duration_s() -> u32 {
    DEFAULT_DURATION_S
}
fn default_step_s() -> u32 {
    DEFAULT_STEP_S
}
fn default_true() -> bool {
    true
}
fn default_vcpus() -> u32 {
    1
}
fn default_start_order() -> u32 {
    1
}
fn is_one(n: &u32) -> bool {
    *n == 1
}

/// A physical host. Give either `cpu_mhz`, or `sockets`, `cores_per_socket`
/// and `core_mhz` (then the capacity is their product).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostSpec {
    pub name: String,
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
    pub memory_model: crate::memory::MemoryModel,
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
    pub power_mgmt: Option<crate::scenario_drs::PowerMgmt>,
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

fn default_one() -> u32 {
    1
}
fn is_intel(v: &CpuVendor) -> bool {
    *v == CpuVendor::Intel
}

/// ESXi's default `Mem.IdleTax` [%].
pub const DEFAULT_IDLE_TAX_PCT: u8 = 75;

fn default_salting() -> u8 {
    2
}
fn is_default_model(m: &crate::memory::MemoryModel) -> bool {
    *m == crate::memory::MemoryModel::default()
}
fn default_idle_tax_pct() -> u8 {
    DEFAULT_IDLE_TAX_PCT
}
fn is_false(b: &bool) -> bool {
    !*b
}

/// The defaults a lab file gets: one source of truth, the serde
/// attributes (an empty name and no memory; tests fill in the rest).
impl Default for HostSpec {
    fn default() -> HostSpec {
        toml::from_str("name = \"\"\nmem_mb = 0").expect("the defaults deserialize")
    }
}

impl Default for Scenario {
    fn default() -> Scenario {
        toml::from_str("").expect("the defaults deserialize")
    }
}

impl Default for VmSpec {
    fn default() -> VmSpec {
        toml::from_str("name = \"\"\nmem_mb = 0").expect("the defaults deserialize")
    }
}

impl HostSpec {
    /// Total CPU capacity [MHz].
    pub fn cpu_capacity_mhz(&self) -> u64 {
        match (self.cpu_mhz, self.logical_cpus(), self.core_mhz) {
            (Some(mhz), _, _) => mhz,
            (None, Some(cpus), Some(core)) => u64::from(cpus) * core,
            _ => 0,
        }
    }

    /// Logical CPUs (cores), when the host is described by its sockets.
    pub fn logical_cpus(&self) -> Option<u32> {
        Some(self.sockets? * self.cores_per_socket?)
    }
}

/// A virtual machine. Absent optional fields take the defaults noted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmSpec {
    pub name: String,
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
    /// vSphere HA restart priority (default medium; disabled = never
    /// restarted).
    #[serde(default, skip_serializing_if = "is_medium")]
    pub restart_priority: RestartPriority,
    /// Demand over the day (DRS labs); absent = `cpu_demand_mhz` and
    /// `mem_active_mb` all day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<crate::drs::workload::WorkloadSpec>,
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
fn is_zero(n: &u64) -> bool {
    *n == 0
}
fn is_zero_u8(n: &u8) -> bool {
    *n == 0
}

fn is_true(b: &bool) -> bool {
    *b
}

/// One scheduled change: at `at_s`, set `set` to `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// When [s].
    pub at_s: u32,
    /// Target, e.g. `vm.web.cpu_demand_mhz` or `vm.db.powered_on`.
    pub set: String,
    /// New value (number, boolean, or a share level / "unlimited").
    pub value: crate::setting::Value,
    /// Made directly on a host, bypassing vCenter (default false): no
    /// admission control, so the cluster may turn yellow or red.
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_of_band: bool,
}

impl TimelineEntry {
    pub fn setting(&self) -> Setting {
        Setting {
            target: self.set.clone(),
            value: self.value.clone(),
        }
    }
}

impl Scenario {
    pub fn host(&self, name: &str) -> Option<&HostSpec> {
        self.host.iter().find(|h| h.name == name)
    }

    pub fn vm(&self, name: &str) -> Option<&VmSpec> {
        self.vm.iter().find(|v| v.name == name)
    }

    pub fn vm_mut(&mut self, name: &str) -> Option<&mut VmSpec> {
        self.vm.iter_mut().find(|v| v.name == name)
    }

    pub fn pool(&self, name: &str) -> Option<&PoolSpec> {
        self.pool.iter().find(|p| p.name == name)
    }

    /// Pool `name` and the pools above it, up to the cluster's root. A
    /// chain longer than the number of pools is a cycle (validation rejects
    /// those), so the walk stops there.
    pub fn pool_chain<'a>(
        &'a self,
        name: Option<&'a str>,
    ) -> impl Iterator<Item = &'a PoolSpec> + 'a {
        let mut at = name.and_then(|n| self.pool(n));
        std::iter::from_fn(move || {
            let here = at?;
            at = here.parent.as_deref().and_then(|n| self.pool(n));
            Some(here)
        })
        .take(self.pool.len())
    }

    /// Whether `host` is one of HA's dedicated failover hosts (policy
    /// `failover_hosts`): no VM powers on there, restarts go there first.
    pub fn is_failover_host(&self, host: &str) -> bool {
        self.ha.as_ref().is_some_and(|ha| {
            ha.enabled
                && ha.admission == crate::scenario_ha::AdmissionPolicy::FailoverHosts
                && ha.failover_hosts.iter().any(|h| h == host)
        })
    }

    pub fn vcenter(&self, name: &str) -> Option<&VcenterSpec> {
        self.vcenter.iter().find(|v| v.name == name)
    }

    /// Throughput of datastore `name` [MB/s] (the default when undeclared).
    pub fn datastore_mb_s(&self, name: &str) -> u32 {
        self.datastore
            .iter()
            .find(|d| d.name == name)
            .map_or(crate::scenario_migration::DEFAULT_DATASTORE_MB_S, |d| {
                d.throughput_mb_s
            })
    }

    pub fn host_mut(&mut self, name: &str) -> Option<&mut HostSpec> {
        self.host.iter_mut().find(|h| h.name == name)
    }
}

impl Scenario {
    /// A copy with `settings` applied to the VMs' and pools' configuration,
    /// in order. Fails on a bad target or value, or a configuration vSphere
    /// would reject (a limit below the reservation, pool reservations the
    /// tree cannot back), naming the setting.
    pub fn with_settings(
        &self,
        settings: &[Setting],
    ) -> Result<Scenario, crate::setting::SettingError> {
        use crate::setting::{SettingError, Target};
        let mut s = self.clone();
        for setting in settings {
            setting.apply_to(&mut s)?;
        }
        // Checked once all settings are in, so their order does not matter
        // (raising a limit and a reservation together works either way).
        let mut pool_settings = Vec::new();
        for setting in settings {
            let problem = match Target::parse(&setting.target, &s)? {
                Target::Vm(t) => {
                    let vm = s.vm(&t.vm).expect("parse checked the VM exists");
                    crate::validate::vm_problems(vm).into_iter().next()
                }
                Target::Pool(t) => {
                    let pool = s.pool(&t.pool).expect("parse checked the pool exists");
                    pool_settings.push((setting, pool));
                    crate::validate_pools::limits_below_reservations(pool)
                        .into_iter()
                        .next()
                }
                // set_host_field already checked the value's range; a
                // host's CPU generation must still carry the EVC baseline.
                Target::Host(_) => crate::validate_migration::evc_problems(&s)
                    .into_iter()
                    .next()
                    .map(|m| ("", m)),
                Target::Vapp(_) | Target::Migration(_) => None,
                Target::Drs(_) => crate::validate_drs::drs_problems(&s)
                    .into_iter()
                    .next()
                    .map(|(_, m)| ("", m)),
                Target::Ha(_) => crate::validate_ha::ha_problems(&s)
                    .into_iter()
                    .next()
                    .map(|(_, m)| ("", m)),
                Target::Io(_) => crate::setting_io::io_problems(&s)
                    .into_iter()
                    .next()
                    .map(|(_, m)| ("", m)),
            };
            if let Some((_, message)) = problem {
                return Err(SettingError {
                    target: setting.target.clone(),
                    message,
                });
            }
        }
        // The pool tree must still back its reservations, as when the file
        // loads. Blame a setting on the pool the problem is at, else the
        // first pool setting.
        if let Some(&first) = pool_settings.first() {
            let problems = crate::validate_pools::pool_problems(&s);
            if let Some((path, message)) = problems.into_iter().next() {
                let at = path
                    .strip_prefix("pool[")
                    .and_then(|r| r.split_once(']'))
                    .and_then(|(i, _)| i.parse::<usize>().ok())
                    .and_then(|i| s.pool.get(i));
                let on = |f: &dyn Fn(&PoolSpec) -> bool| {
                    pool_settings.iter().find(|(_, p)| f(p)).copied()
                };
                let (blamed, blamed_pool) = at
                    .and_then(|at| on(&|p| p.name == at.name))
                    .unwrap_or(first);
                let message = match at {
                    Some(at) if at.name != blamed_pool.name => {
                        format!("pool {} could not back it: {message}", at.name)
                    }
                    _ => message,
                };
                return Err(SettingError {
                    target: blamed.target.clone(),
                    message,
                });
            }
        }
        Ok(s)
    }
}
