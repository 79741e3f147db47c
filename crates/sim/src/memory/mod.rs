//! Memory reclamation on one host, simulated over time (issue 4): page
//! sharing, host memory states, ballooning, compression, host swapping and
//! what each costs the VM. Guest memory is modelled at page granularity as
//! *counts* of 4 KB pages by content class and location, so a host of real
//! size (16 VMs x 4 GB = 16 M pages) steps in microseconds.
//!
//! (Being written: see the types below for the contract between the
//! engine, the simulation and the UI.)

use serde::{Deserialize, Serialize};

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

/// The free-memory thresholds [MB] below which each state begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MemThresholds {
    pub min_free_mb: u64,
    /// Below this: clear (vSphere 6+; the paper has no clear state, and
    /// this equals `soft_mb` there).
    pub high_mb: u64,
    pub clear_mb: u64,
    pub soft_mb: u64,
    pub hard_mb: u64,
    pub low_mb: u64,
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
}

/// One VM's memory at one sample [MB]: where its touched guest pages are.
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
}
