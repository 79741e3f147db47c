//! A lab's file on the web build: fetched when the lab is first opened
//! (see `catalog`), while the page says it is loading. With the file at
//! hand (embedded, or fetched before) nothing happens.

use crate::catalog;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// Where the file of lab `id` stands.
#[derive(Debug, Clone, PartialEq)]
pub enum LabFile {
    /// Parsed: `catalog::find` has it.
    Ready,
    /// Being fetched.
    Loading,
    /// The fetch or the parse failed: what went wrong.
    Failed(String),
    /// No lab has this id.
    Unknown,
}

/// Fetches lab `id`'s file if it is not at hand, and renders again when
/// it arrives.
#[hook]
pub fn use_lab_file(id: &str) -> LabFile {
    let failed = use_state(|| None::<(String, String)>);
    let update = use_force_update();
    {
        let failed = failed.clone();
        use_effect_with(id.to_string(), move |id| {
            if catalog::entry(id).is_some() && catalog::find(id).is_none() {
                let id = id.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match catalog::load(&[&id]).await {
                        // The page renders in a task of its own: the parse
                        // and the lab's first render together blocked the
                        // page for over 200 ms on a slow laptop (issue 18).
                        Ok(()) => {
                            Timeout::new(0, move || update.force_update()).forget();
                        }
                        Err(e) => failed.set(Some((id, e))),
                    }
                });
            }
        });
    }
    if catalog::find(id).is_some() {
        LabFile::Ready
    } else if catalog::entry(id).is_none() {
        LabFile::Unknown
    } else if let Some((_, e)) = failed.as_ref().filter(|(i, _)| i == id) {
        LabFile::Failed(e.clone())
    } else {
        LabFile::Loading
    }
}
