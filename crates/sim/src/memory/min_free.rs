//! minFree and the state thresholds of each model.
//!
//! vSphere 5+ sliding scale [pub, docs/references.md "minFree"]: 6% of the
//! first 4 GB, 4% of the next 8 GB, 2% of the next 16 GB, 1% of the rest.
//! The arithmetic is exact in hundredths of a MB (MB x whole percent);
//! [`min_free_mb`] rounds to the nearest MB (halves up): 28 GB -> 901.12 ->
//! 901 MB (the "899 MB" of the blogs is the same sum mis-rounded). The
//! engine itself compares free memory with thresholds in pages, computed
//! from the exact value (nearest page).
//!
//! Thresholds [pub, docs/references.md "Host memory states"]:
//! - vSphere 6+: high 400%, clear 100%, soft 64%, hard 32%, low 16% of
//!   minFree.
//! - 2002 paper: high 6%, soft 4%, hard 2%, low 1% of memory (no clear
//!   state: `clear_mb` = `soft_mb`); `min_free_mb` is the 6% the paper's
//!   targets aim to keep free.
//! - FusionCompute [model]: its documentation gives no thresholds; the
//!   engine uses the paper's 6/4/2/1% of memory.

use super::{MemThresholds, MemoryModel};
use crate::memory::config::PAGES_PER_MB;

/// The sliding scale: (band size [MB], % of it) from the first 4 GB up.
pub const MIN_FREE_BANDS: [(u64, u64); 4] = [(4096, 6), (8192, 4), (16384, 2), (u64::MAX, 1)];

/// vSphere 6+ state thresholds, % of minFree.
pub const HIGH_PCT: u64 = 400;
pub const CLEAR_PCT: u64 = 100;
pub const SOFT_PCT: u64 = 64;
pub const HARD_PCT: u64 = 32;
pub const LOW_PCT: u64 = 16;

/// The 2002 paper's thresholds, % of memory.
pub const PAPER_HIGH_PCT: u64 = 6;
pub const PAPER_SOFT_PCT: u64 = 4;
pub const PAPER_HARD_PCT: u64 = 2;
pub const PAPER_LOW_PCT: u64 = 1;

/// minFree in hundredths of a MB, exact.
pub fn min_free_centi_mb(mem_mb: u64) -> u64 {
    let bands = MIN_FREE_BANDS;
    let mut rest = mem_mb;
    let mut centi = 0;
    for (size, pct) in bands {
        let band = rest.min(size);
        centi += band * pct;
        rest -= band;
    }
    centi
}

/// minFree [MB], rounded to the nearest MB: 4 GB -> 246 (245.76), 12 GB ->
/// 573 (573.44), 28 GB -> 901 (901.12), 64 GB -> 1270 (1269.76), 256 GB ->
/// 3236 (3235.84).
pub fn min_free_mb(mem_mb: u64) -> u64 {
    (min_free_centi_mb(mem_mb) + 50) / 100
}

/// The thresholds as whole percents of a base in hundredths of a MB.
struct Scale {
    base_centi: u64,
    high: u64,
    clear: u64,
    soft: u64,
    hard: u64,
    low: u64,
}

fn scale(model: MemoryModel, mem_mb: u64) -> Scale {
    match model {
        MemoryModel::Vsphere6 => Scale {
            base_centi: min_free_centi_mb(mem_mb),
            high: HIGH_PCT,
            clear: CLEAR_PCT,
            soft: SOFT_PCT,
            hard: HARD_PCT,
            low: LOW_PCT,
        },
        MemoryModel::Paper2002 | MemoryModel::Fusioncompute => Scale {
            // 100% of memory, in hundredths of a MB.
            base_centi: mem_mb * 100,
            high: PAPER_HIGH_PCT,
            clear: PAPER_SOFT_PCT,
            soft: PAPER_SOFT_PCT,
            hard: PAPER_HARD_PCT,
            low: PAPER_LOW_PCT,
        },
    }
}

/// `base_centi` x `pct` % in MB, nearest.
fn mb(base_centi: u64, pct: u64) -> u64 {
    base_centi.saturating_mul(pct).saturating_add(5000) / 10_000
}

/// `base_centi` x `pct` % in pages, nearest.
fn pages(base_centi: u64, pct: u64) -> u64 {
    (u128::from(base_centi) * u128::from(pct) * u128::from(PAGES_PER_MB) + 5000) as u64 / 10_000
}

/// The published thresholds of `model` for a host of `mem_mb` [MB, nearest].
pub fn thresholds(model: MemoryModel, mem_mb: u64) -> MemThresholds {
    let s = scale(model, mem_mb);
    let min_free_mb = match model {
        MemoryModel::Vsphere6 => min_free_mb(mem_mb),
        _ => mb(s.base_centi, s.high),
    };
    let goal = match model {
        MemoryModel::Vsphere6 => s.clear,
        _ => s.high,
    };
    MemThresholds {
        min_free_mb,
        high_mb: mb(s.base_centi, s.high),
        clear_mb: mb(s.base_centi, s.clear),
        soft_mb: mb(s.base_centi, s.soft),
        hard_mb: mb(s.base_centi, s.hard),
        low_mb: mb(s.base_centi, s.low),
        target_free_mb: mb(s.base_centi, goal),
    }
}

/// The same thresholds in pages, as the engine uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ThresholdPages {
    pub high: u64,
    pub clear: u64,
    pub soft: u64,
    pub hard: u64,
    pub low: u64,
    /// Free memory the reclamation targets aim at.
    pub goal: u64,
}

pub(crate) fn threshold_pages(model: MemoryModel, mem_mb: u64) -> ThresholdPages {
    let s = scale(model, mem_mb);
    let goal = match model {
        MemoryModel::Vsphere6 => s.clear,
        _ => s.high,
    };
    ThresholdPages {
        high: pages(s.base_centi, s.high),
        clear: pages(s.base_centi, s.clear),
        soft: pages(s.base_centi, s.soft),
        hard: pages(s.base_centi, s.hard),
        low: pages(s.base_centi, s.low),
        goal: pages(s.base_centi, goal),
    }
}
