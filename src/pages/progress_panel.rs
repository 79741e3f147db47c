//! "Your progress" on the catalog page: export the progress kept in this
//! browser to a file (with an optional name), and import such a file
//! (see [`crate::state::progress_file`]). The file is read and written
//! with gloo's `file` module (Blob, object URL, FileReader), which yew
//! already builds, so no browser glue is written by hand here.
//!
//! An imported file is checked against the labs' own files, which only
//! the whole app parses: the catalog build (issue 18, `app::CatalogOnly`)
//! hands the file's text to it ([`ProgressImport`]).

use crate::catalog;
use crate::state::progress_file::{self, ImportNotice, ImportProblem};
use crate::state::{use_app, AppAction, AppContext};
use crate::text::{tr, tr_fill, Lang};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the last export or import did; shown in the current language.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The file waits for the whole app, which checks it (the catalog build).
    HandedOver,
    Exported(String),
    Imported {
        labs: Vec<String>,
        student: Option<String>,
        notices: Vec<ImportNotice>,
    },
    Problems(Vec<ImportProblem>),
    ReadFailed,
    /// The labs' files could not be fetched (the web build's only).
    LoadFailed(String),
}

/// Browser handles that must outlive the event that made them: the
/// object URL of the last export (revoked when replaced) and the file
/// being read (its read is cancelled when dropped).
/// Only held: dropping one revokes the URL or cancels the read.
#[derive(Default)]
struct Handles {
    _url: Option<gloo::file::ObjectUrl>,
    _reader: Option<gloo::file::callbacks::FileReader>,
}

/// Where an imported file's text is checked.
pub trait ProgressImport: 'static {
    /// Checks `text` and, if it passes, imports it; `status` tells how it went.
    fn import(text: String, status: UseStateHandle<Option<Status>>, app: AppContext);
    /// When the panel first shows: a file handed over by the catalog build.
    fn resume(status: UseStateHandle<Option<Status>>, app: AppContext);
}

/// The whole app checks a file here, against the labs' files.
pub struct CheckHere;

/// The catalog build hands the file to the whole app, whose panel then
/// imports it. The page stays the catalog throughout.
pub struct HandToWholeApp;

/// Where the catalog build leaves a file's text for the whole app: a
/// property of `window`, which both builds see and a reload forgets.
const PENDING: &str = "vlabPendingImport";

impl ProgressImport for CheckHere {
    fn import(text: String, status: UseStateHandle<Option<Status>>, app: AppContext) {
        // The file's labs are checked against their own files,
        // which the web build fetches on first use.
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = catalog::load_all().await {
                status.set(Some(Status::LoadFailed(e)));
                return;
            }
            match progress_file::read(&text, &catalog::find) {
                Ok(file) => {
                    status.set(Some(Status::Imported {
                        labs: file.labs.keys().cloned().collect(),
                        student: file.student.clone(),
                        notices: file.notices,
                    }));
                    app.dispatch(AppAction::ImportProgress {
                        labs: file.labs,
                        student: file.student,
                    });
                }
                Err(problems) => status.set(Some(Status::Problems(problems))),
            }
        });
    }
    fn resume(status: UseStateHandle<Option<Status>>, app: AppContext) {
        #[cfg(target_arch = "wasm32")]
        if let Some(window) = web_sys::window() {
            let key = wasm_bindgen::JsValue::from_str(PENDING);
            let text = js_sys::Reflect::get(&window, &key)
                .ok()
                .and_then(|v| v.as_string());
            let _ = js_sys::Reflect::delete_property(&window, &key);
            if let Some(text) = text {
                Self::import(text, status, app);
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (status, app, PENDING);
    }
}

impl ProgressImport for HandToWholeApp {
    fn import(text: String, status: UseStateHandle<Option<Status>>, _: AppContext) {
        #[cfg(target_arch = "wasm32")]
        if let Some(window) = web_sys::window() {
            let key = wasm_bindgen::JsValue::from_str(PENDING);
            let _ = js_sys::Reflect::set(&window, &key, &wasm_bindgen::JsValue::from_str(&text));
            crate::pages::handover::request_whole_app();
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = text;
        status.set(Some(Status::HandedOver));
    }
    fn resume(_: UseStateHandle<Option<Status>>, _: AppContext) {}
}

#[component]
pub fn ProgressPanel<I: ProgressImport>() -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let status = use_state(|| None::<Status>);
    let handles = use_mut_ref(Handles::default);
    {
        let (status, app) = (status.clone(), app.clone());
        use_effect_with((), move |_| I::resume(status, app));
    }

    let on_name = {
        let app = app.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            app.dispatch(AppAction::SetStudent(el.value()));
        })
    };
    let on_export = {
        let app = app.clone();
        let status = status.clone();
        let handles = handles.clone();
        Callback::from(move |_: MouseEvent| {
            let student = app.prefs.student.trim();
            let student = (!student.is_empty()).then_some(student);
            let json = progress_file::export(student, &app.prefs.progress);
            let name = progress_file::file_name(student);
            download(&name, &json, &handles);
            status.set(Some(Status::Exported(name)));
        })
    };
    let on_import = {
        let app = app.clone();
        let status = status.clone();
        let handles = handles.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|list| list.get(0)) else {
                return;
            };
            // Choosing the same file again is a new change.
            input.set_value("");
            let app = app.clone();
            let status = status.clone();
            let read = move |text: Result<String, gloo::file::FileReadError>| match text {
                Ok(text) => I::import(text, status, app),
                Err(_) => status.set(Some(Status::ReadFailed)),
            };
            let file = gloo::file::File::from(file);
            handles.borrow_mut()._reader = Some(gloo::file::callbacks::read_as_text(&file, read));
        })
    };

    html! {
        <section class="panel progress-panel" data-testid="progress-panel" aria-labelledby="progress-heading">
            <h2 id="progress-heading">{ tr(lang, "progress.heading") }</h2>
            <p class="muted">{ tr(lang, "progress.intro") }</p>
            <div class="progress-actions">
                <div class="progress-export">
                    <label for="progress-student">{ tr(lang, "progress.name") }</label>
                    <input id="progress-student" type="text" data-testid="progress-student"
                           autocomplete="name" maxlength={progress_file::MAX_TEXT.to_string()}
                           aria-describedby="progress-student-note"
                           value={app.prefs.student.clone()} oninput={on_name} />
                    <p id="progress-student-note" class="muted small">{ tr(lang, "progress.name_note") }</p>
                    <button type="button" class="btn btn-primary" data-testid="progress-export" onclick={on_export}>
                        { tr(lang, "progress.export") }
                    </button>
                </div>
                <div class="progress-import">
                    <label for="progress-import">{ tr(lang, "progress.import") }</label>
                    <input id="progress-import" type="file" accept=".json,application/json"
                           data-testid="progress-import" aria-describedby="progress-import-note"
                           onchange={on_import} />
                    <p id="progress-import-note" class="muted small">{ tr(lang, "progress.import_note") }</p>
                </div>
            </div>
            // A live region present from the start, so screen readers
            // announce what fills it; problems are alerts of their own.
            <div class="progress-result" role="status" aria-live="polite">
                { status_view(lang, (*status).as_ref()) }
            </div>
            { problems_view(lang, (*status).as_ref()) }
        </section>
    }
}

/// What an export or import did (nothing for problems).
fn status_view(lang: Lang, status: Option<&Status>) -> Html {
    match status {
        None | Some(Status::Problems(_) | Status::ReadFailed | Status::LoadFailed(_)) => html! {},
        Some(Status::HandedOver) => html! {
            <p data-testid="progress-status">{ tr(lang, "catalog.starting") }</p>
        },
        Some(Status::Exported(name)) => html! {
            <p data-testid="progress-status">
                { tr_fill(lang, "progress.exported", &[("file", name)]) }
            </p>
        },
        Some(Status::Imported {
            labs,
            student,
            notices,
        }) => {
            let titles: Vec<String> = labs
                .iter()
                .filter_map(|id| catalog::entry(id))
                .map(|l| format!("“{}”", l.title(lang.code())))
                .collect();
            let done = if titles.is_empty() {
                tr(lang, "progress.imported_none")
            } else {
                let sep = if lang == Lang::ZhCn { "、" } else { ", " };
                tr_fill(lang, "progress.imported", &[("labs", &titles.join(sep))])
            };
            // English sentences are spaced; Chinese ones are not.
            let space = if lang == Lang::ZhCn { "" } else { " " };
            html! {
                <div data-testid="progress-status" data-imported={labs.len().to_string()}>
                    <p>
                        { done }
                        if let Some(s) = student {
                            { space }{ tr_fill(lang, "progress.imported_for", &[("student", s)]) }
                        }
                    </p>
                    if !notices.is_empty() {
                        <ul class="progress-notices" data-testid="progress-notices">
                            { for notices.iter().map(|n| html! {
                                <li>{ progress_file::notice_text(lang, n) }</li>
                            }) }
                        </ul>
                    }
                </div>
            }
        }
    }
}

/// Why nothing was imported.
fn problems_view(lang: Lang, status: Option<&Status>) -> Html {
    match status {
        Some(Status::Problems(problems)) => html! {
            <div class="error" role="alert" data-testid="progress-error">
                <p>{ tr(lang, "progress.not_imported") }</p>
                <ul>
                    { for problems.iter().map(|p| html! { <li>{ progress_file::problem_text(lang, p) }</li> }) }
                </ul>
            </div>
        },
        Some(Status::ReadFailed) => html! {
            <p class="error" role="alert" data-testid="progress-error">{ tr(lang, "progress.read_failed") }</p>
        },
        Some(Status::LoadFailed(e)) => html! {
            <p class="error" role="alert" data-testid="progress-error">{ tr_fill(lang, "progress.load_failed", &[("error", e)]) }</p>
        },
        _ => html! {},
    }
}

/// Saves `text` as `name`: a Blob, its object URL and a temporary
/// `<a download>` clicked once. The URL stays valid until the next export.
fn download(name: &str, text: &str, handles: &Rc<RefCell<Handles>>) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let blob = gloo::file::Blob::new_with_options(text, Some("application/json"));
        let url = gloo::file::ObjectUrl::from(blob);
        let link = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("a").ok())
            .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(a) = link {
            let _ = a.set_attribute("href", &url);
            let _ = a.set_attribute("download", name);
            a.click();
        }
        handles.borrow_mut()._url = Some(url);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (name, text, handles);
}
