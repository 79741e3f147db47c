//! The host memory state machine, with hysteresis, and the mechanisms each
//! state enables.
//!
//! Reading of the published tables [pub, docs/references.md]: each percentage is
//! the level of free memory *below which* the state begins (clear < 100% of
//! minFree, soft < 64%, hard < 32%, low < 16%; paper: soft < 4%, hard < 2%,
//! low < 1% of memory). The host falls at once to the deepest state whose
//! threshold free memory is below.
//!
//! Hysteresis [pub for the paper: "transitions back to higher states occur
//! only after significantly exceeding the higher threshold"; model for
//! vSphere, which only says transitions have hysteresis]: a state is left
//! upward only when free memory reaches the threshold of the state above
//! it: clear -> high at 400% of minFree (`high_mb`), soft -> clear at 100%,
//! hard -> soft at 64%, low -> hard at 32%; paper: soft -> high at 6%, hard
//! -> soft at 4%, low -> hard at 2%.
//!
//! Mechanisms [pub]:
//!
//! | model    | high | clear            | soft                 | hard                 | low                        |
//! |----------|------|------------------|----------------------|----------------------|----------------------------|
//! | vSphere6 | TPS* | TPS, break large | TPS, balloon         | TPS, compress, swap  | compress, swap, block      |
//! | paper    | TPS  | –                | TPS, balloon         | TPS, swap            | TPS, swap, block           |
//! | FC       | TPS  | –                | TPS, bubble          | TPS, swap            | TPS, swap, block           |
//!
//! \* vSphere 6+: once free memory falls below the high threshold itself
//! (400 % of minFree) large pages are broken at the next sharing pass, so
//! identical VMs share in the high state too (`memory::host`); clear
//! breaks them and calls sharing at once.
//!
//! In soft, a VM that cannot balloon (no Tools, or at its 65 % maximum) is
//! not swapped: swapping belongs to the hard state, and only a limit
//! forces it earlier, for what the balloon cannot take (`memory::host`,
//! reclaim). Limits are enforced in every state, balloon first.

use super::min_free::ThresholdPages;
use super::{MemState, MemoryModel};

/// What the hypervisor may do in a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mechanisms {
    /// Page sharing scans run.
    pub tps: bool,
    /// Large pages are broken (so TPS can share their small pages).
    pub break_large_pages: bool,
    /// Balloons inflate toward their targets.
    pub balloon: bool,
    /// Pages about to be swapped are compressed first.
    pub compress: bool,
    /// Host swapping for every VM over its target.
    pub swap: bool,
    /// New allocations of VMs over their targets wait.
    pub block: bool,
}

/// The mechanisms `state` enables under `model` (see the module table).
pub fn mechanisms(model: MemoryModel, state: MemState) -> Mechanisms {
    let vs = model == MemoryModel::Vsphere6;
    let deep = state >= MemState::Hard;
    Mechanisms {
        tps: !(vs && state == MemState::Low),
        break_large_pages: vs && state >= MemState::Clear,
        balloon: state == MemState::Soft,
        compress: vs,
        swap: deep,
        block: state == MemState::Low,
    }
}

/// The states of `model`, from the first below high to the deepest.
fn ladder(model: MemoryModel) -> &'static [MemState] {
    match model {
        MemoryModel::Vsphere6 => &[
            MemState::Clear,
            MemState::Soft,
            MemState::Hard,
            MemState::Low,
        ],
        _ => &[MemState::Soft, MemState::Hard, MemState::Low],
    }
}

fn entry(th: &ThresholdPages, s: MemState) -> u64 {
    match s {
        MemState::High => u64::MAX,
        MemState::Clear => th.clear,
        MemState::Soft => th.soft,
        MemState::Hard => th.hard,
        MemState::Low => th.low,
    }
}

/// The state after `current` with `free_pages` free.
pub(crate) fn next_state(
    model: MemoryModel,
    th: &ThresholdPages,
    current: MemState,
    free_pages: u64,
) -> MemState {
    let ladder = ladder(model);
    let deepest_below = ladder
        .iter()
        .copied()
        .filter(|&s| free_pages < entry(th, s))
        .max()
        .unwrap_or(MemState::High);
    if deepest_below > current {
        return deepest_below;
    }
    // Upward, one state at a time, each needing the threshold above it.
    let mut s = current;
    loop {
        let Some(pos) = ladder.iter().position(|&x| x == s) else {
            return MemState::High;
        };
        let (above, up_at) = if pos == 0 {
            (MemState::High, th.high)
        } else {
            (ladder[pos - 1], entry(th, ladder[pos - 1]))
        };
        if free_pages >= up_at {
            s = above;
        } else {
            return s;
        }
    }
}

/// The state a host of `mem_mb` under `model` moves to from `current` with
/// `free_mb` free (the engine's transition rule, in MB for callers).
pub fn state_after(model: MemoryModel, mem_mb: u64, current: MemState, free_mb: u64) -> MemState {
    let th = super::min_free::threshold_pages(model, mem_mb);
    next_state(
        model,
        &th,
        current,
        free_mb.saturating_mul(super::config::PAGES_PER_MB),
    )
}
