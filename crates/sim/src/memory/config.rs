//! Inputs of the memory engine: one host and its VMs, with the published
//! defaults of the ESXi advanced settings they stand for.
//!
//! Sizes are in MB as a user writes them; the engine converts them to
//! 4 KB pages ([`PAGES_PER_MB`]).

use serde::{Deserialize, Serialize};

use super::MemoryModel;

/// 4 KB pages per MB.
pub const PAGES_PER_MB: u64 = 256;

/// `Mem.ShareScanTime` [pub]: every page is scanned once in this many
/// minutes.
pub const DEFAULT_SHARE_SCAN_TIME_MIN: u32 = 60;
/// `Mem.ShareScanGHz` [pub]: at most this many MB/s scanned per GHz of host
/// CPU.
pub const DEFAULT_SHARE_SCAN_GHZ: u32 = 4;
/// `Mem.ShareForceSalting` [pub]: 2 since December 2014.
pub const DEFAULT_TPS_SALTING: u8 = 2;
/// `Mem.IdleTax` [pub]: 75%.
pub const DEFAULT_IDLE_TAX_PCT: u8 = 75;
/// ESX 2 scan rates used in the 2002 mode [pub: docs/references.md, "ESX 2: 50
/// pages/s per VM, 200/s total"].
pub const PAPER_SCAN_PAGES_PER_VM_S: u64 = 50;
pub const PAPER_SCAN_PAGES_TOTAL_S: u64 = 200;
/// `Mem.CtlMaxPercent` [pub]: a balloon holds at most 65% of configured
/// memory (also used for FusionCompute's memory bubble [model]).
pub const BALLOON_MAX_PCT: u64 = 65;
/// `Mem.MemZipMaxPct` [pub]: the compression cache holds at most 10% of
/// configured memory.
pub const ZIP_CACHE_MAX_PCT: u64 = 10;
/// A compressed page is kept only if it fits in 2 KB [pub], so a cache frame
/// holds two compressed pages [model: every kept page takes exactly 2 KB].
pub const ZIP_PAGES_PER_FRAME: u64 = 2;
/// FusionCompute's overcommit ceiling [%] ([`crate::inventory::cluster`]).
pub use crate::inventory::cluster::FC_MAX_OVERCOMMIT_PCT;

/// How fast a guest touches new memory, per VM [model]: 16 MB/s, so a
/// 4 GB guest has touched all its memory about 4 minutes after power-on
/// (slower than the 64 MB/s a balloon inflates at, so a growing demand is
/// met by ballooning before the host falls to the hard state).
pub const TOUCH_PAGES_PER_S: u64 = 16 * PAGES_PER_MB;
/// How fast a balloon inflates or deflates, per VM [model]: 64 MB/s (the
/// driver polls its target about once a second [pub]).
pub const BALLOON_PAGES_PER_S: u64 = 64 * PAGES_PER_MB;
/// How many pages per second per VM the host can compress or swap out
/// [model]: 64 MB/s.
pub const SWAP_OUT_PAGES_PER_S: u64 = 64 * PAGES_PER_MB;
/// How many reclaimed pages per second per VM come back when it is under
/// its target [model]: 64 MB/s.
pub const RETURN_PAGES_PER_S: u64 = 64 * PAGES_PER_MB;

/// One host's memory settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostMemConfig {
    /// Physical memory managed by the hypervisor [MB].
    pub mem_mb: u64,
    pub model: MemoryModel,
    /// `Mem.ShareForceSalting` (vSphere 6+ only): 2 (default) = every VM
    /// salted with its own value, i.e. intra-VM sharing only; 1 = VMs with
    /// no `sched.mem.pshare.salt` share one salt, i.e. inter-VM sharing
    /// (per-VM salts are not modelled); 0 = salting off, inter-VM sharing.
    pub tps_salting: u8,
    /// Guest memory backed by 2 MB large pages (vSphere 6+ only): nothing
    /// is shared until free memory first falls below the
    /// high threshold (400 % of minFree).
    pub large_pages: bool,
    /// Host CPU capacity [MHz], for `Mem.ShareScanGHz`.
    pub cpu_mhz: u64,
    /// Idle memory tax [%], 0–99.
    pub idle_tax_pct: u8,
    /// `Mem.ShareScanTime` [min].
    pub share_scan_time_min: u32,
    /// `Mem.ShareScanGHz` [MB/s per GHz]; 0 = no cap.
    pub share_scan_ghz: u32,
}

impl HostMemConfig {
    /// A host with the published defaults: salting 2, large pages on
    /// (vSphere 6+ only), 75% idle tax, scan every 60 min at most 4 MB/s per
    /// GHz, 20 GHz of CPU.
    pub fn new(mem_mb: u64, model: MemoryModel) -> HostMemConfig {
        HostMemConfig {
            mem_mb,
            model,
            tps_salting: DEFAULT_TPS_SALTING,
            large_pages: model == MemoryModel::Vsphere6,
            cpu_mhz: 20_000,
            idle_tax_pct: DEFAULT_IDLE_TAX_PCT,
            share_scan_time_min: DEFAULT_SHARE_SCAN_TIME_MIN,
            share_scan_ghz: DEFAULT_SHARE_SCAN_GHZ,
        }
    }

    /// Whether VMs share only within themselves (vSphere 6+). With
    /// `Mem.ShareForceSalting` = 2 (the default) a VM without its own
    /// `sched.mem.pshare.salt` is salted with its unique `vc.uuid`: sharing
    /// stays within the VM. With 1 such a VM gets salt 0, as with 0: pages
    /// are shared across VMs (VMware KB 2097593). vlab has no per-VM salt.
    pub fn intra_vm_only(&self) -> bool {
        self.model == MemoryModel::Vsphere6 && self.tps_salting == 2
    }

    /// Whether guest memory starts on large pages.
    pub fn uses_large_pages(&self) -> bool {
        self.model == MemoryModel::Vsphere6 && self.large_pages
    }
}

/// One VM's memory settings and workload.
///
/// Guest content: of the touched pages, `zero_pct` are zero pages,
/// `os_pct` pages of the guest-OS image (identical in every VM with the same
/// `guest_os`), `app_pct` application pages (identical across VMs with the
/// same `app`), the rest unique. Percentages summing over 100 are scaled
/// back in that order (zero first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VmMemConfig {
    pub name: String,
    pub powered_on: bool,
    /// Configured memory [MB].
    pub mem_mb: u64,
    pub reservation_mb: u64,
    pub limit_mb: Option<u64>,
    pub shares: u64,
    /// Virtualization overhead [MB]: allocated at power-on, never reclaimed.
    pub overhead_mb: u64,
    pub guest_os: Option<String>,
    pub app: Option<String>,
    /// VMware Tools (or FusionCompute's PV driver): without them no balloon.
    pub tools_installed: bool,
    /// Guest memory the workload touches [MB]; touched memory grows toward
    /// it and never shrinks while the VM runs (the hypervisor cannot see
    /// what the guest frees).
    pub touched_mb: u64,
    /// The active working set [MB].
    pub active_mb: u64,
    pub zero_pct: u8,
    pub os_pct: u8,
    pub app_pct: u8,
    /// Share-breaking writes: this % of its shared pages written per minute.
    pub write_pct_per_min: u32,
    /// Pages that compress to 2 KB or less [%].
    pub compressible_pct: u8,
}

impl VmMemConfig {
    /// A powered-on VM with normal shares (10 per MB), Tools installed, all
    /// memory touched, a quarter of it active, no sharable content, no
    /// overhead, half its pages compressible.
    pub fn new(name: &str, mem_mb: u64) -> VmMemConfig {
        VmMemConfig {
            name: name.to_string(),
            powered_on: true,
            mem_mb,
            reservation_mb: 0,
            limit_mb: None,
            shares: 10 * mem_mb,
            overhead_mb: 0,
            guest_os: None,
            app: None,
            tools_installed: true,
            touched_mb: mem_mb,
            active_mb: mem_mb / 4,
            zero_pct: 0,
            os_pct: 0,
            app_pct: 0,
            write_pct_per_min: 0,
            compressible_pct: 50,
        }
    }
}

/// Configured memory of the powered-on VMs as a % of physical memory (the
/// overcommit ratio FusionCompute limits to [`FC_MAX_OVERCOMMIT_PCT`]).
pub fn overcommit_pct(host: &HostMemConfig, vms: &[VmMemConfig]) -> u64 {
    let configured: u64 = vms.iter().filter(|v| v.powered_on).map(|v| v.mem_mb).sum();
    if host.mem_mb == 0 {
        return 0;
    }
    configured * 100 / host.mem_mb
}

/// FusionCompute's memory swap disk for a VM of `mem_mb` [GB], as the notes
/// give it: ceil((memory_GB x 1024 + 128) x 11 / 10240) = ceil((mem_mb +
/// 128) x 11 / 10240). 4 GB -> 5 GB; 1 GB -> 2 GB.
pub fn fusioncompute_swap_disk_gb(mem_mb: u64) -> u64 {
    ((mem_mb + 128) * 11).div_ceil(10240)
}
