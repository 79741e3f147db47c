//! `#/open`: open a lab or bare scenario file from disk, picked or dropped
//! anywhere on the page, or carried in a share link (`#/open?lab=…`).
//! The file is checked by the core's parser (`catalog::user::add`); its
//! problems are shown in place, as `vlab check` prints them and marked on
//! their lines, with the text to fix right there. Once it passes, the lab
//! is kept (`AppAction::KeepLab`) and its page opens.

use crate::catalog::user;
use crate::pages::my_labs::MyLabs;
use crate::pages::open_excerpt::{excerpt, Row};
use crate::state::lab_link::{self, LinkProblem};
use crate::state::route::Route;
use crate::state::{use_app, AppAction, AppContext};
use crate::text::{tr, tr_fill, Lang};
use std::rc::Rc;
use vlab_sim::LabError;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OpenPageProps {
    /// A lab carried in a share link (its payload, see `lab_link`).
    #[prop_or_default]
    pub lab: Option<String>,
    /// The name of the link's file.
    #[prop_or_default]
    pub file: Option<String>,
    /// Control values after the link's lab, applied when it opens.
    #[prop_or_default]
    pub shared: Vec<(String, String)>,
}

/// Where opening stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Waiting,
    Reading(String),
    ReadFailed(String),
    NotText(String),
    /// The file did not pass: its problems, and its text to fix.
    Problems {
        file: String,
        errors: Rc<Vec<LabError>>,
        /// The text the problems are about (the editor may have moved on).
        checked: Rc<String>,
    },
    Link(LinkProblem),
}

#[component]
pub fn OpenPage(props: &OpenPageProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let stage = use_state(|| Stage::Waiting);
    // The text in the editor, as the reader fixes it.
    let text = use_state(String::new);
    let dragging = use_state(|| false);
    // The file being read; dropping it cancels the read.
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);

    // Checks `source`: opens the lab, or shows what is wrong with it.
    let check = {
        let (app, stage, text) = (app.clone(), stage.clone(), text.clone());
        Rc::new(
            move |file: String, source: String, shared: Vec<(String, String)>, link: bool| {
                match open_source(&app, &file, &source, &shared, link) {
                    Ok(()) => stage.set(Stage::Waiting),
                    Err(errors) => {
                        text.set(source.clone());
                        stage.set(Stage::Problems {
                            file,
                            errors: Rc::new(errors),
                            checked: Rc::new(source),
                        });
                    }
                }
            },
        )
    };
    // A file picked or dropped: read as text, then checked.
    let on_file = {
        let (stage, check, reader) = (stage.clone(), check.clone(), reader.clone());
        Callback::from(move |file: web_sys::File| {
            let name = file.name();
            stage.set(Stage::Reading(name.clone()));
            let (stage, check) = (stage.clone(), check.clone());
            let read = move |result: Result<String, gloo::file::FileReadError>| match result {
                Err(_) => stage.set(Stage::ReadFailed(name)),
                Ok(source) if source.contains('\0') => stage.set(Stage::NotText(name)),
                Ok(source) => check(name, source, Vec::new(), false),
            };
            let file = gloo::file::File::from(file);
            *reader.borrow_mut() = Some(gloo::file::callbacks::read_as_text(&file, read));
        })
    };
    // A lab in the link: decoded, then checked like a file.
    {
        let (stage, check) = (stage.clone(), check.clone());
        use_effect_with(
            (props.lab.clone(), props.file.clone(), props.shared.clone()),
            move |(lab, file, shared)| {
                if let Some(payload) = lab {
                    let file = file
                        .as_deref()
                        .map(lab_link::link_file_name)
                        .unwrap_or_else(|| "lab.toml".into());
                    match lab_link::decode(payload) {
                        Ok(source) => check(file, source, shared.clone(), true),
                        Err(problem) => stage.set(Stage::Link(problem)),
                    }
                }
            },
        );
    }
    // Drop a file anywhere on the page.
    {
        let (dragging, on_file) = (dragging.clone(), on_file.clone());
        use_effect_with((), move |_| drop_anywhere(dragging, on_file));
    }
    let on_pick = {
        let on_file = on_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|list| list.get(0));
            // Choosing the same file again (fixed on disk) is a new change.
            input.set_value("");
            if let Some(file) = file {
                on_file.emit(file);
            }
        })
    };
    let on_edit = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let on_check_again = {
        let (stage, text, check) = (stage.clone(), text.clone(), check.clone());
        Callback::from(move |_: MouseEvent| {
            if let Stage::Problems { file, .. } = &*stage {
                check(file.clone(), (*text).clone(), Vec::new(), false);
            }
        })
    };
    let on_fix = {
        let check = check.clone();
        Callback::from(move |(file, source): (String, String)| {
            check(file, source, Vec::new(), false)
        })
    };

    html! {
        <div class={classes!("open-page", dragging.then_some("dragging"))} data-testid="open-page">
            <h1>{ tr(lang, "open_lab.heading") }</h1>
            <p class="lead">{ tr(lang, "open_lab.intro") }</p>
            <section class="panel open-pick">
                <label for="open-file" class="open-file-label">{ tr(lang, "open_lab.choose") }</label>
                <input id="open-file" type="file" accept=".toml,text/plain" data-testid="open-file"
                       aria-describedby="open-drop-hint" onchange={on_pick} />
                <p id="open-drop-hint" class="muted small">{ tr(lang, "open_lab.drop_hint") }</p>
                <div role="status" aria-live="polite" data-testid="open-status">
                    { status_view(lang, &stage) }
                </div>
            </section>
            { problems_view(lang, &stage, &text, on_edit, on_check_again) }
            <MyLabs on_fix={on_fix} />
            if *dragging {
                <div class="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
                    <p>{ tr(lang, "open_lab.drop_here") }</p>
                </div>
            }
        </div>
    }
}

/// Keeps the lab `source` parsed as `file`, and opens its page with the
/// control values `shared`; or every problem the file has. A link's lab
/// replaces the link in the history, so Back does not open it again.
fn open_source(
    app: &AppContext,
    file: &str,
    source: &str,
    shared: &[(String, String)],
    from_link: bool,
) -> Result<(), Vec<LabError>> {
    let id = user::add(file, source)?;
    app.dispatch(AppAction::KeepLab {
        id: id.clone(),
        file: file.to_string(),
        source: source.to_string(),
    });
    go_to(
        &Route::Lab {
            id,
            shared: shared.to_vec(),
        },
        from_link,
    );
    Ok(())
}

/// Navigates to `route`, replacing the current history entry or not.
fn go_to(route: &Route, replace: bool) {
    #[cfg(target_arch = "wasm32")]
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        if replace {
            let here = location.href().unwrap_or_default();
            let base = here.split('#').next().unwrap_or("");
            let _ = location.replace(&format!("{base}{}", route.href()));
        } else {
            let _ = location.set_hash(&route.href());
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (route, replace);
}

/// Window listeners that take a file dropped anywhere on the page and
/// highlight the page while one is dragged over it; removed with the page.
fn drop_anywhere(
    dragging: UseStateHandle<bool>,
    on_file: Callback<web_sys::File>,
) -> impl FnOnce() {
    #[cfg(target_arch = "wasm32")]
    {
        use gloo::events::{EventListener, EventListenerOptions};
        use wasm_bindgen::JsCast;
        let window = web_sys::window().expect("a browser window");
        let options = EventListenerOptions::enable_prevent_default();
        let has_files = |e: &web_sys::DragEvent| {
            e.data_transfer()
                .is_some_and(|d| d.types().includes(&"Files".into(), 0))
        };
        let over = {
            let dragging = dragging.clone();
            EventListener::new_with_options(&window, "dragover", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::DragEvent>() else {
                    return;
                };
                if has_files(e) {
                    // Without this the browser opens the file itself.
                    e.prevent_default();
                    if !*dragging {
                        dragging.set(true);
                    }
                }
            })
        };
        let leave = {
            let dragging = dragging.clone();
            EventListener::new(&window, "dragleave", move |e| {
                // Leaving the window has no element to go to.
                let left = e
                    .dyn_ref::<web_sys::DragEvent>()
                    .is_some_and(|e| e.related_target().is_none());
                if left {
                    dragging.set(false);
                }
            })
        };
        let dropped = EventListener::new_with_options(&window, "drop", options, move |e| {
            let Some(e) = e.dyn_ref::<web_sys::DragEvent>() else {
                return;
            };
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                on_file.emit(file);
            }
        });
        move || std::mem::drop((over, leave, dropped))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (dragging, on_file);
        || {}
    }
}

/// What is being read, or why a file could not be.
fn status_view(lang: Lang, stage: &Stage) -> Html {
    let line = |key: &str, file: &str, class: &'static str| {
        html! { <p class={class}>{ tr_fill(lang, key, &[("file", file)]) }</p> }
    };
    match stage {
        Stage::Reading(file) => line("open_lab.reading", file, "muted"),
        Stage::ReadFailed(file) => line("open_lab.read_failed", file, "error"),
        Stage::NotText(file) => line("open_lab.not_text", file, "error"),
        Stage::Link(problem) => html! {
            <p class="error" data-testid="open-link-problem">
                { tr_fill(lang, "open_lab.link_problem", &[("problem", &tr(lang, problem.text_key()))]) }
            </p>
        },
        _ => html! {},
    }
}

/// The file's problems: the list as `vlab check` prints it, where they
/// are in the text, and the text to fix with "Check again".
fn problems_view(
    lang: Lang,
    stage: &Stage,
    text: &str,
    on_edit: Callback<InputEvent>,
    on_check_again: Callback<MouseEvent>,
) -> Html {
    let Stage::Problems {
        file,
        errors,
        checked,
    } = stage
    else {
        return html! {};
    };
    let count = errors.len().to_string();
    let rows = excerpt(checked, errors);
    html! {
        <section class="panel open-problems" aria-labelledby="open-problems-h" data-testid="open-problems">
            // Announced as it appears; a heading inside, not a heading
            // with the alert role (which would drop it from the outline).
            <div role="alert">
                <h2 id="open-problems-h">
                    { tr_fill(lang, "open_lab.problems", &[("file", file), ("count", &count)]) }
                </h2>
            </div>
            <h3>{ tr(lang, "open_lab.problems_list") }</h3>
            <ul class="open-errors" data-testid="open-errors">
                { for errors.iter().map(|e| html! { <li><code>{ e.to_string() }</code></li> }) }
            </ul>
            if !rows.is_empty() {
                <h3 id="open-where-h">{ tr(lang, "open_lab.where") }</h3>
                <div class="src-excerpt" data-testid="open-excerpt" role="group" aria-labelledby="open-where-h">
                    { for rows.iter().map(|row| row_view(lang, row)) }
                </div>
            }
            <label for="open-text">{ tr(lang, "open_lab.edit_label") }</label>
            <p id="open-text-note" class="muted small">{ tr(lang, "open_lab.edit_note") }</p>
            <textarea id="open-text" class="open-text" data-testid="open-text" rows="18"
                spellcheck="false" aria-describedby="open-text-note"
                value={text.to_string()} oninput={on_edit} />
            <p>
                <button type="button" class="btn btn-primary" data-testid="open-check-again" onclick={on_check_again}>
                    { tr(lang, "open_lab.check_again") }
                </button>
            </p>
        </section>
    }
}

fn row_view(lang: Lang, row: &Row) -> Html {
    match row {
        Row::Line { n, text, bad } => html! {
            <div class={classes!("src-line", bad.then_some("bad"))} data-line={n.to_string()}
                 data-testid={bad.then_some("src-bad-line")}>
                <span class="src-n">{ n }</span>
                <code class="src-text">{ text.clone() }</code>
            </div>
        },
        Row::Message { line, text } => html! {
            <div class="src-msg" data-testid="src-msg" data-line={line.to_string()}>{ text.clone() }</div>
        },
        Row::Gap => {
            html! { <div class="src-gap" aria-hidden="true">{ tr(lang, "open_lab.gap") }</div> }
        }
    }
}
