//! Memory reclamation on one host, simulated over time (issue 4): page
//! sharing, host memory states, ballooning, compression, host swapping and
//! what each costs the VM, after `docs/references.md` ("Memory reclamation
//! (ESXi)", the FusionCompute line) and Waldspurger, "Memory Resource
//! Management in VMware ESX Server", OSDI 2002.
//!
//! Guest memory is modelled at page granularity as *counts* of 4 KB pages
//! by content class (zero, guest-OS image, application, unique) and
//! location (private, shared, ballooned, guest-swapped, compressed, host
//! swapped), so a host of real size (16 VMs x 4 GB = 4 M pages) steps in
//! microseconds. Pure, integer, deterministic: no clock, no I/O, no random
//! numbers (expected-value accounting with remainders carried).
//!
//! # API
//!
//! ```
//! use vlab_sim::memory::{HostMemConfig, HostMemory, MemoryModel, VmMemConfig};
//! let host = HostMemConfig::new(8192, MemoryModel::Vsphere6);
//! let vms = vec![VmMemConfig::new("a", 4096), VmMemConfig::new("b", 4096)];
//! let mut mem = HostMemory::new(&host, &vms, 42);
//! for _ in 0..60 {
//!     mem.step(&host, &vms, 1);
//! }
//! let (h, per_vm) = mem.sample();
//! assert!(h.free_mb < 8192 && per_vm.len() == 2);
//! ```
//!
//! - [`HostMemory::new`] / [`HostMemory::step`] / [`HostMemory::sample`]:
//!   the engine ([`host`] describes one step); [`HostMemory::ledger`] and
//!   [`HostMemory::vm_ledgers`] give page-exact accounting for checks.
//! - [`HostMemConfig`], [`VmMemConfig`] ([`config`]): inputs and the
//!   published defaults; [`overcommit_pct`], [`fusioncompute_swap_disk_gb`].
//! - [`min_free_mb`], [`thresholds`] ([`min_free`]): the published numbers.
//! - [`mechanisms`] ([`state`]): what each state enables.
//! - [`performance_pct`] ([`cost`]): the throughput index.
//!
//! # Model, in one page ([pub] = published, [model] = our assumption)
//!
//! - States [pub]: vSphere 6+ minFree = 6% of the first 4 GB + 4% of the
//!   next 8 + 2% of the next 16 + 1% of the rest; clear < 100%, soft < 64%,
//!   hard < 32%, low < 16% of minFree, back to high at 400%; the 2002 paper
//!   soft < 4%, hard < 2%, low < 1% of memory, back to high at 6%. Upward
//!   transitions need the next higher threshold (hysteresis; [pub] in the
//!   paper, [model] for vSphere). FusionCompute [model]: the paper's.
//! - Targets [pub]: shares, reservations, limits and the idle memory tax
//!   (`crate::base::idle_tax::divvy_taxed`) divide host memory minus overheads
//!   minus the free memory to keep (vSphere: 100% of minFree; paper and
//!   FusionCompute: 6%) among running VMs.
//! - TPS ([`tps`]): scanned at `Mem.ShareScanTime` 60 min capped by
//!   `Mem.ShareScanGHz` 4 MB/s/GHz [pub] (paper: 50 pages/s per VM, 200 in
//!   all [pub]); zero pages collapse per sharing domain, OS/app pages across
//!   VMs with the same image when salting is off [pub]; write churn
//!   re-privatises shared pages [model]; large pages share nothing until
//!   the host first reaches clear [pub] (then stay broken [model]).
//! - Balloon, compression, swap ([`reclaim`]): balloon needs Tools, <= 65%
//!   [pub]; the guest gives zero (free) pages, then idle, then active ones,
//!   paging non-free ones to its disk [pub/model]; compression for pages of
//!   <= 2 KB into <= 10% of configured memory, vSphere only [pub]; host swap
//!   file = configured - reservation (FusionCompute: its swap disk) and
//!   random page choice [pub]; rates 64 MB/s per VM, touching 256 MB/s
//!   [model].
//! - Cost ([`cost`]): 100 / (1 + sum of active fractions x cost): compressed
//!   1, guest-swapped 10, host-swapped 25 [model].
//! - FusionCompute: sharing among VMs of the same OS (no salting), memory
//!   bubble = balloon (needs the PV driver, 65% [model]), swap to the swap
//!   disk (ceil((GB x 1024 + 128) x 11 / 10240) GB [pub]), no compression;
//!   overcommit up to 150% [pub] is reported by [`overcommit_pct`] (admission
//!   is the caller's).

pub mod config;
pub mod cost;
pub mod host;
pub mod mapping;
pub mod min_free;
pub(crate) mod pages;
pub mod reclaim;
pub mod state;
pub mod tps;

pub use config::{fusioncompute_swap_disk_gb, overcommit_pct, HostMemConfig, VmMemConfig};
pub use cost::performance_pct;
pub use host::{HostMemory, MemLedger, VmLedger};
pub use min_free::{min_free_centi_mb, min_free_mb, thresholds};
pub use state::{mechanisms, state_after, Mechanisms};

/// The host's `memory_model` (defined with the host: [`crate::inventory`]).
pub use crate::inventory::MemoryModel;

use serde::{Deserialize, Serialize};

/// A host memory state, from plenty of free memory to almost none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemState {
    High,
    Clear,
    Soft,
    Hard,
    Low,
}

impl MemState {
    /// VMware's name of the state.
    pub fn name(self) -> &'static str {
        match self {
            MemState::High => "high",
            MemState::Clear => "clear",
            MemState::Soft => "soft",
            MemState::Hard => "hard",
            MemState::Low => "low",
        }
    }
}

/// The free-memory thresholds [MB, nearest] of a host (see [`state`] for
/// how they are read): a state begins when free memory falls below its
/// threshold, and is left upward when free memory reaches the threshold
/// of the state above (`high_mb` for the first state below high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MemThresholds {
    /// vSphere: minFree; paper and FusionCompute: 6% of memory.
    pub min_free_mb: u64,
    /// Back to high at or above this (vSphere 400% of minFree; paper 6%).
    pub high_mb: u64,
    /// Below this: clear (vSphere 6+; the paper has no clear state, and
    /// this equals `soft_mb` there).
    pub clear_mb: u64,
    pub soft_mb: u64,
    pub hard_mb: u64,
    pub low_mb: u64,
    /// Free memory the allocation targets aim to keep (vSphere: `clear_mb`;
    /// paper and FusionCompute: `high_mb`).
    pub target_free_mb: u64,
}

/// One host's memory at one sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostMemSample {
    pub state: MemState,
    pub thresholds: MemThresholds,
    /// Physical memory not backing anything [MB].
    pub free_mb: u64,
    /// Memory saved by page sharing: guest pages backed by shared copies
    /// minus the copies [MB].
    pub shared_saved_mb: u64,
    /// Memory saved by sharing zero pages (part of `shared_saved_mb`) [MB].
    pub zero_saved_mb: u64,
    /// Physical memory [MB].
    pub mem_mb: u64,
    /// Virtualization overhead of the running VMs [MB].
    pub overhead_mb: u64,
    /// Frames backing shared pages, each counted once [MB].
    pub shared_copies_mb: u64,
    /// Whether large pages have been broken (vSphere 6+ with large pages).
    pub large_pages_broken: bool,
    /// Simulated time [s].
    pub time_s: u64,
}

/// One VM's memory at one sample [MB, rounded down; `private_mb` takes the
/// rounding]: where its touched guest pages are.
/// `private_mb + shared_mb + zero_mb + ballooned_mb + compressed_mb +
/// swapped_mb = touched_mb` (guest pages paged out by the guest itself
/// count as ballooned: the balloon holds their frames).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VmMemSample {
    /// Guest memory the VM has touched.
    pub touched_mb: u64,
    /// Its active working set.
    pub active_mb: u64,
    /// Backed by a page of its own.
    pub private_mb: u64,
    /// Backed by a copy shared with other pages (not zero pages).
    pub shared_mb: u64,
    /// Zero pages backed by the shared zero page.
    pub zero_mb: u64,
    /// Taken by the balloon driver.
    pub ballooned_mb: u64,
    /// Of those, what the guest had to page out to its own disk.
    pub guest_swapped_mb: u64,
    /// Held compressed in the VM's compression cache.
    pub compressed_mb: u64,
    /// Host memory the compression cache uses.
    pub compression_cache_mb: u64,
    /// In the host swap file.
    pub swapped_mb: u64,
    /// Host memory it consumes: private + its share of shared copies +
    /// compression cache.
    pub consumed_mb: u64,
    /// Relative throughput of its memory accesses [%], 100 = all in RAM.
    pub performance_pct: u32,
    /// Whether it runs (powered on and its overhead allocated).
    pub running: bool,
    /// Its virtualization overhead [MB] (not in `consumed_mb`).
    pub overhead_mb: u64,
    /// Its allocation target [MB].
    pub target_mb: u64,
}
