//! The page's side of a SCORM 1.2 session: the only code that calls the
//! LMS's API object. Thin: what to report is [`crate::state::scorm`]'s.
//!
//! In a package (its `index.html` has `<meta name="vlab-scorm">`), at
//! start-up [`start`] looks for the API the standard way — `window.API`
//! on this window, then on its parents up to 7 levels, then on the
//! opener's — calls `LMSInitialize("")`, reads the recorded status, score
//! and mastery score, and replaces the package's labs' progress with the
//! LMS's `cmi.suspend_data` (the LMS holds the student's record; the
//! browser's own storage may be another student's). A lab package opens
//! its lab. After each change of progress [`report`] sets the elements
//! whose values changed and commits a second later (one commit for a
//! slider's drag); `pagehide` sets `cmi.core.exit = "suspend"` and the
//! session time, commits and calls `LMSFinish("")`.
//!
//! Outside a package, or with no API found, or when `LMSInitialize`
//! fails, nothing happens: the app runs as it does on any web server.
//! Natively (tests, server-side rendering) both functions do nothing.

use crate::state::prefs::Prefs;
use crate::state::scorm::AnswersFn;

#[cfg(target_arch = "wasm32")]
pub use web::{report, start};

/// Natively there is no LMS.
#[cfg(not(target_arch = "wasm32"))]
pub fn start(_prefs: &mut Prefs) {}

/// Natively there is no LMS.
#[cfg(not(target_arch = "wasm32"))]
pub fn report(_prefs: &Prefs, _answers: AnswersFn) {}

#[cfg(target_arch = "wasm32")]
mod web {
    use super::{AnswersFn, Prefs};
    use crate::state::scorm::{
        decode, parse_score, session_time, Reporter, Scope, Status, META_NAME,
    };
    use gloo::events::EventListener;
    use gloo::timers::callback::Timeout;
    use js_sys::{Array, Function, Object, Reflect};
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use wasm_bindgen::{JsCast, JsValue};

    /// How long after a change the data is committed, in milliseconds.
    const COMMIT_MS: u32 = 1000;
    /// Parents searched for `API` above the page's own window (ADL's
    /// discovery algorithm).
    const MAX_PARENTS: usize = 7;

    struct Session {
        api: JsValue,
        reporter: Reporter,
        /// The value of each element as the LMS has it.
        sent: BTreeMap<&'static str, String>,
        started_ms: f64,
        commit: Option<Timeout>,
    }

    thread_local! {
        static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
    }

    /// Joins the LMS, if the page is a package inside one, and puts the
    /// LMS's record of the package's labs into `prefs`.
    pub fn start(prefs: &mut Prefs) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(scope) = package_scope(&window) else {
            return;
        };
        let Some(api) = find_api(&window) else {
            return;
        };
        if !succeeded(call(&api, "LMSInitialize", &[""])) {
            return;
        }
        let get = |element: &str| {
            call(&api, "LMSGetValue", &[element])
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let status = get("cmi.core.lesson_status");
        let score = get("cmi.core.score.raw");
        let suspend = get("cmi.suspend_data");
        let recorded = Status::from_lms(&status);
        let labs = scope.labs();
        for lab in &labs {
            prefs.progress.remove(&lab.spec.id);
        }
        prefs.progress.extend(decode(&suspend, &labs));
        set(&api, "cmi.core.score.min", "0");
        set(&api, "cmi.core.score.max", "100");
        let mut sent = BTreeMap::from([
            ("cmi.core.lesson_status", status),
            ("cmi.core.score.raw", score.clone()),
            ("cmi.suspend_data", suspend),
        ]);
        if recorded.is_none() {
            set(&api, "cmi.core.lesson_status", Status::Incomplete.code());
            sent.insert("cmi.core.lesson_status", Status::Incomplete.code().into());
        }
        call(&api, "LMSCommit", &[""]);
        if let Scope::Lab(id) = &scope {
            open_lab(&window, id);
        }
        let mastery = parse_score(&get("cmi.student_data.mastery_score"));
        let reporter = Reporter::new(scope, mastery, recorded, parse_score(&score));
        // The listener lives as long as the page.
        EventListener::new(&window, "pagehide", |_| finish()).forget();
        SESSION.with(|s| {
            *s.borrow_mut() = Some(Session {
                api,
                reporter,
                sent,
                started_ms: js_sys::Date::now(),
                commit: None,
            })
        });
    }

    /// Tells the LMS what changed in `prefs`' progress, if in a session.
    pub fn report(prefs: &Prefs, answers: AnswersFn) {
        SESSION.with(|cell| {
            let mut session = cell.borrow_mut();
            let Some(s) = session.as_mut() else {
                return;
            };
            let report = s.reporter.report(&prefs.progress, answers);
            let mut changed = false;
            for (element, value) in report.values() {
                if s.sent.get(element) != Some(&value) {
                    set(&s.api, element, &value);
                    s.sent.insert(element, value);
                    changed = true;
                }
            }
            if changed {
                // Replacing the timer cancels the previous one.
                s.commit = Some(Timeout::new(COMMIT_MS, || {
                    SESSION.with(|cell| {
                        if let Some(s) = cell.borrow().as_ref() {
                            call(&s.api, "LMSCommit", &[""]);
                        }
                    })
                }));
            }
        });
    }

    /// Ends the session once: exit, session time, commit, `LMSFinish`.
    fn finish() {
        let Some(s) = SESSION.with(|cell| cell.borrow_mut().take()) else {
            return;
        };
        let seconds = ((js_sys::Date::now() - s.started_ms) / 1000.0).max(0.0) as u64;
        set(&s.api, "cmi.core.exit", "suspend");
        set(&s.api, "cmi.core.session_time", &session_time(seconds));
        call(&s.api, "LMSCommit", &[""]);
        call(&s.api, "LMSFinish", &[""]);
    }

    /// The package's scope from `<meta name="vlab-scorm">`, if any.
    fn package_scope(window: &web_sys::Window) -> Option<Scope> {
        let meta = window
            .document()?
            .query_selector(&format!("meta[name=\"{META_NAME}\"]"))
            .ok()??;
        Scope::parse(&meta.get_attribute("content")?)
    }

    /// `API` on `window` or its parents, else on its opener and the
    /// opener's parents.
    fn find_api(window: &web_sys::Window) -> Option<JsValue> {
        find_api_from(window).or_else(|| {
            let opener = window.opener().ok()?;
            (!opener.is_null() && !opener.is_undefined())
                .then(|| find_api_from(&opener))
                .flatten()
        })
    }

    fn find_api_from(start: &JsValue) -> Option<JsValue> {
        let mut w = start.clone();
        for _ in 0..=MAX_PARENTS {
            // A window of another origin throws: the search ends there.
            let api = Reflect::get(&w, &JsValue::from_str("API")).ok()?;
            if api.is_object() {
                return Some(api);
            }
            let parent = Reflect::get(&w, &JsValue::from_str("parent")).ok()?;
            if parent.is_null() || parent.is_undefined() || Object::is(&parent, &w) {
                return None;
            }
            w = parent;
        }
        None
    }

    /// Calls `api.name(...args)`; `None` when it is not a function or throws.
    fn call(api: &JsValue, name: &str, args: &[&str]) -> Option<JsValue> {
        let f: Function = Reflect::get(api, &JsValue::from_str(name))
            .ok()?
            .dyn_into()
            .ok()?;
        let args: Array = args.iter().map(|a| JsValue::from_str(a)).collect();
        f.apply(api, &args).ok()
    }

    fn set(api: &JsValue, element: &str, value: &str) {
        call(api, "LMSSetValue", &[element, value]);
    }

    /// SCORM 1.2 answers the string "true"; some runtimes a boolean.
    fn succeeded(v: Option<JsValue>) -> bool {
        v.is_some_and(|v| v.as_string().as_deref() == Some("true") || v.as_bool() == Some(true))
    }

    /// A lab package launched at the catalog opens its lab instead,
    /// without a history entry.
    fn open_lab(window: &web_sys::Window, id: &str) {
        let hash = window.location().hash().unwrap_or_default();
        if matches!(hash.as_str(), "" | "#" | "#/") {
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(
                    &JsValue::NULL,
                    "",
                    Some(&format!("#/lab/{id}")),
                );
            }
        }
    }
}
