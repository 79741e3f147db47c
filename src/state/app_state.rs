//! The app's one reducer: every state change is an [`AppAction`]. The
//! reducer is pure; saving to storage is an effect in [`crate::app`].

use crate::state::prefs::{Discarded, LabProgress, Prefs, Theme};
use crate::text::Lang;
use std::collections::BTreeSet;
use std::rc::Rc;
use vlab_sim::Value;
use yew::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub prefs: Prefs,
    /// Set when stored prefs were discarded at start-up, until dismissed.
    pub notice: Option<Discarded>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AppAction {
    SetLang(Lang),
    SetTheme(Theme),
    DismissNotice,
    /// A student moved a control.
    SetControl {
        lab: String,
        control: String,
        value: Value,
    },
    /// Replace all of a lab's control values (reset: empty; solution).
    SetControls {
        lab: String,
        values: Vec<(String, Value)>,
    },
    /// The goals met with the current settings.
    RecordPassed {
        lab: String,
        passed: BTreeSet<String>,
    },
    RevealHint {
        lab: String,
    },
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            AppAction::SetLang(l) => next.prefs.lang = l,
            AppAction::SetTheme(t) => next.prefs.theme = t,
            AppAction::DismissNotice => next.notice = None,
            AppAction::SetControl {
                lab: id,
                control,
                value,
            } => {
                lab(&mut next, &id).settings.insert(control, value);
            }
            AppAction::SetControls { lab: id, values } => {
                lab(&mut next, &id).settings = values.into_iter().collect();
            }
            AppAction::RecordPassed { lab: id, passed } => {
                lab(&mut next, &id).passed = passed;
            }
            AppAction::RevealHint { lab: id } => lab(&mut next, &id).hints_shown += 1,
        }
        // Yew skips the re-render when the same Rc comes back.
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// The app state handle every component reads through context.
pub type AppContext = UseReducerHandle<AppState>;

/// The app state; panics outside `<App>`, which provides it.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("use_app() needs the AppContext provider that <App> renders")
}

/// The progress entry of lab `id`, created on first use.
fn lab<'a>(next: &'a mut AppState, id: &str) -> &'a mut LabProgress {
    next.prefs.progress.entry(id.to_string()).or_default()
}
