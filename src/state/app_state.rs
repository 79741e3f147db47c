//! The app's one reducer: every state change is an [`AppAction`]. The
//! reducer is pure; saving to storage is an effect in [`crate::app`].

use crate::state::prefs::{Discarded, LabProgress, MyLabFile, Prefs, Theme};
use crate::text::Lang;
use std::collections::{BTreeMap, BTreeSet};
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
    /// Presenter mode on or off.
    SetPresenter(bool),
    /// Answers and solutions hidden (a teacher's link) or released.
    SetAnswersHidden(bool),
    /// The name exported progress files carry.
    SetStudent(String),
    /// Progress read from a file ([`crate::state::progress_file`]): each
    /// lab in it replaces that lab's progress, the others stay; the file's
    /// name, if it has one, becomes the student's.
    ImportProgress {
        labs: BTreeMap<String, LabProgress>,
        student: Option<String>,
    },
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
    /// A prediction typed or chosen (not yet committed).
    SetAnswer {
        lab: String,
        question: String,
        answer: String,
    },
    /// Commit the predictions: the run is revealed and judged.
    CommitAnswers {
        lab: String,
    },
    /// Clear the predictions and ask again.
    AnswerAgain {
        lab: String,
    },
    /// Explore mode on (everything at once) or off (predict first).
    SetExplore {
        lab: String,
        explore: bool,
    },
    /// Another variant (`None`: the lab as written). Predictions were for
    /// the old numbers, so they are cleared; control values stay.
    SetVariant {
        lab: String,
        seed: Option<u64>,
    },
    /// Forget everything about one lab.
    ResetLab {
        lab: String,
    },
    /// Keep a lab opened from a file or a link (`catalog::user` parsed it
    /// as `id`), so it is there after a reload; replaces one kept as `id`.
    KeepLab {
        id: String,
        file: String,
        source: String,
    },
    /// Forget a kept lab, and the progress made in it.
    ForgetLab {
        id: String,
    },
    /// The sandbox's draft changed (`None`: back to its example).
    SetSandboxDraft(Option<serde_json::Value>),
    /// Another tab of vlab saved: take its prefs, so this tab's next save
    /// does not overwrite what was done there.
    Adopt(Prefs),
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            AppAction::SetLang(l) => next.prefs.lang = l,
            AppAction::SetTheme(t) => next.prefs.theme = t,
            AppAction::SetPresenter(on) => next.prefs.presenter = on,
            AppAction::SetAnswersHidden(hidden) => next.prefs.answers_hidden = hidden,
            AppAction::SetStudent(s) => next.prefs.student = s,
            AppAction::ImportProgress { labs, student } => {
                next.prefs.progress.extend(labs);
                if let Some(s) = student {
                    next.prefs.student = s;
                }
            }
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
            AppAction::SetAnswer {
                lab: id,
                question,
                answer,
            } => {
                let p = lab(&mut next, &id);
                // A committed answer is final until "answer again".
                if !p.committed {
                    p.answers.insert(question, answer);
                }
            }
            AppAction::CommitAnswers { lab: id } => lab(&mut next, &id).committed = true,
            AppAction::AnswerAgain { lab: id } => {
                let p = lab(&mut next, &id);
                p.committed = false;
                p.answers.clear();
            }
            AppAction::SetExplore { lab: id, explore } => lab(&mut next, &id).explore = explore,
            AppAction::SetVariant { lab: id, seed } => {
                let p = lab(&mut next, &id);
                if p.seed != seed {
                    p.seed = seed;
                    p.committed = false;
                    p.answers.clear();
                }
            }
            AppAction::ResetLab { lab: id } => {
                next.prefs.progress.remove(&id);
            }
            AppAction::KeepLab { id, file, source } => {
                next.prefs.my_labs.insert(id, MyLabFile { file, source });
            }
            AppAction::ForgetLab { id } => {
                next.prefs.my_labs.remove(&id);
                next.prefs.progress.remove(&id);
            }
            AppAction::SetSandboxDraft(draft) => next.prefs.sandbox_draft = draft,
            AppAction::Adopt(prefs) => next.prefs = prefs,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<AppState> {
        Rc::new(AppState {
            prefs: Default::default(),
            notice: None,
        })
    }

    fn answer(s: Rc<AppState>, q: &str, a: &str) -> Rc<AppState> {
        s.reduce(AppAction::SetAnswer {
            lab: "l".into(),
            question: q.into(),
            answer: a.into(),
        })
    }

    #[test]
    fn committed_predictions_are_final_until_answered_again() {
        let s = answer(state(), "q", "12");
        let s = s.reduce(AppAction::CommitAnswers { lab: "l".into() });
        let s = answer(s, "q", "99");
        let p = &s.prefs.progress["l"];
        assert!(p.committed);
        assert_eq!(p.answers["q"], "12", "a committed answer does not change");
        let s = s.reduce(AppAction::AnswerAgain { lab: "l".into() });
        let p = &s.prefs.progress["l"];
        assert!(!p.committed && p.answers.is_empty());
    }

    #[test]
    fn a_new_variant_clears_predictions_but_keeps_control_values() {
        let s = state().reduce(AppAction::SetControl {
            lab: "l".into(),
            control: "c".into(),
            value: Value::Int(5),
        });
        let s = answer(s, "q", "12").reduce(AppAction::CommitAnswers { lab: "l".into() });
        let s = s.reduce(AppAction::SetVariant {
            lab: "l".into(),
            seed: Some(4172),
        });
        let p = &s.prefs.progress["l"];
        assert_eq!(p.seed, Some(4172));
        assert!(!p.committed && p.answers.is_empty());
        assert_eq!(p.settings["c"], Value::Int(5));
        // The same variant again changes nothing.
        let again = s.clone().reduce(AppAction::SetVariant {
            lab: "l".into(),
            seed: Some(4172),
        });
        assert!(Rc::ptr_eq(&s, &again));
    }

    #[test]
    fn resetting_a_lab_forgets_only_that_lab() {
        let s = answer(state(), "q", "1");
        let s = s.reduce(AppAction::RevealHint {
            lab: "other".into(),
        });
        let s = s.reduce(AppAction::ResetLab { lab: "l".into() });
        assert!(!s.prefs.progress.contains_key("l"));
        assert_eq!(s.prefs.progress["other"].hints_shown, 1);
    }

    #[test]
    fn a_kept_lab_is_remembered_and_forgetting_it_drops_its_progress() {
        let keep = |source: &str| AppAction::KeepLab {
            id: "mine-x".into(),
            file: "x.toml".into(),
            source: source.into(),
        };
        let s = state().reduce(keep("v1")).reduce(AppAction::RevealHint {
            lab: "mine-x".into(),
        });
        // Kept again (fixed and reopened): the newer text replaces it.
        let s = s.reduce(keep("v2"));
        assert_eq!(s.prefs.my_labs["mine-x"].source, "v2");
        assert_eq!(s.prefs.progress["mine-x"].hints_shown, 1);
        let s = answer(s, "q", "1").reduce(AppAction::ForgetLab {
            id: "mine-x".into(),
        });
        assert!(s.prefs.my_labs.is_empty());
        assert!(!s.prefs.progress.contains_key("mine-x"));
        assert!(s.prefs.progress.contains_key("l"), "other labs stay");
    }

    #[test]
    fn another_tabs_save_is_adopted_whole() {
        let here = answer(state(), "q", "1");
        let mut there = Prefs::default();
        there
            .progress
            .entry("other".into())
            .or_default()
            .hints_shown = 2;
        there
            .progress
            .entry("l".into())
            .or_default()
            .answers
            .insert("q".into(), "1".into());
        let s = here.reduce(AppAction::Adopt(there.clone()));
        assert_eq!(s.prefs, there);
        // Adopting what this tab already has changes nothing (no save loop).
        let again = s.clone().reduce(AppAction::Adopt(there));
        assert!(Rc::ptr_eq(&s, &again));
    }
}
