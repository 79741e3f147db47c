//! The memory engine's events in words.

use crate::text::{tr, tr_fill, Lang};
use vlab_sim::memory::MemState;

/// A host memory state's name, e.g. "soft" (软状态).
pub fn state_name(lang: Lang, state: MemState) -> String {
    tr(lang, &format!("mem.state_{}", state.name()))
}

/// Host `host`'s memory state changed from `from` to `to`.
pub fn state_change_text(lang: Lang, host: &str, from: MemState, to: MemState) -> String {
    tr_fill(
        lang,
        "event.mem_state",
        &[
            ("host", host),
            ("from", &state_name(lang, from)),
            ("to", &state_name(lang, to)),
        ],
    )
}
