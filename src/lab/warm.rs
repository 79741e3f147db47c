//! The lab page's pure code, run once in a Web Worker before the whole
//! app's first lab page (issue 18).
//!
//! Chromium compiles a WebAssembly function the first time it is called,
//! on the thread that calls it, and shares what it compiled with every
//! thread holding the same module. The first lab opened from the catalog
//! build called the lab parser, the simulation and the figures for the
//! first time on the page's thread: most of its long tasks were that
//! compiling. `static/warm.js` instantiates the module the page is about
//! to start and calls [`warm_lab`] on the lab's file, so the same
//! functions are compiled on the worker's thread; the page then finds
//! them ready. Nothing here touches the DOM (a worker has none), and the
//! worker's instance shares no memory with the page's: what it computes
//! is thrown away.

use crate::common::markdown::SafeHtml;
use crate::lab::lab_figures::{figures, filled};
use crate::state::prefs::Prefs;
use crate::text::tr;

/// Takes the steps the lab page takes when lab file `text` arrives, in
/// the same functions: the prefs read back, the parse and checks, the
/// run from start to finish with its goals, the figures, and the
/// instructions and hints turned to HTML. `Err` says what failed (the
/// worker reports it; the page then compiles the rest itself, as before).
pub fn warm_lab(file: &str, text: &str) -> Result<(), String> {
    let (prefs, _) = Prefs::from_stored(Some(&Prefs::default().to_json()));
    let lang = prefs.lang;
    let lab = vlab_sim::parse_lab(file, text)
        .map_err(|errors| format!("{} problems in {file}", errors.len()))?;
    let seed = lab.spec.seed;
    let mut run = lab.start(seed, &[]).map_err(|e| e.to_string())?;
    while !run.advance(STEPS_PER_CALL) {}
    let _ = run.finish(&lab);
    let _ = lab.answers_from(&figures(&lab, seed));
    for text in [&lab.spec.intro].into_iter().chain(&lab.spec.hint) {
        let _ = SafeHtml::from_markdown(&filled(&lab, text, lang, seed)).to_html();
    }
    let _ = tr(lang, "lab.loading");
    Ok(())
}

/// Sample intervals per call of `advance`: any number takes the same
/// functions; this one keeps the loop short.
const STEPS_PER_CALL: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    /// The worker is given every built-in lab in turn (the one a student
    /// opens first); each must go through without an error.
    #[test]
    fn every_built_in_lab_warms() {
        for (name, source) in crate::catalog::LAB_FILES {
            let file = format!("labs/{name}");
            assert_eq!(warm_lab(&file, source), Ok(()), "{file}");
        }
    }

    #[test]
    fn a_broken_file_is_an_error_not_a_panic() {
        let err = warm_lab("labs/broken.toml", "id = 3").unwrap_err();
        assert!(err.contains("labs/broken.toml"), "{err}");
    }
}
