//! The sandbox page (`#/sandbox`): the forms, what is wrong with them,
//! the lab file they make (to read, copy or save), and the lab run live
//! below. The draft lives in the prefs (it survives a reload); every
//! change is checked at once field by field, and, 300 ms after the typing
//! stops, the file goes through the core's parser and, accepted, replaces
//! the run shown. A refused draft is never run: the last accepted one
//! stays on screen, and the page says so.

use crate::common::download::{download, DownloadUrl};
use crate::lab::lab_page::LabPage;
use crate::sandbox::draft::Draft;
use crate::sandbox::drs_form::DrsForm;
use crate::sandbox::events_form::EventsForm;
use crate::sandbox::fields::{self, Report};
use crate::sandbox::form_field::{Edit, SectionProps};
use crate::sandbox::ha_form::HaForm;
use crate::sandbox::host_form::HostForm;
use crate::sandbox::lab_check::{self, Checked, Outcome};
use crate::sandbox::lab_form::LabForm;
use crate::sandbox::pool_form::PoolForm;
use crate::sandbox::to_toml;
use crate::sandbox::vm_form::VmForm;
use crate::state::{use_app, AppAction};
use crate::text::{tr, tr_fill, Lang};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How long typing must pause before the file is checked and run [ms].
pub const DEBOUNCE_MS: u32 = 300;

/// The run on screen: the lab's id, and a revision that changes with
/// every accepted file, so the lab page starts afresh.
type Shown = Option<(String, u32)>;

#[component]
pub fn SandboxPage() -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let draft = Rc::new(Draft::from_json(app.prefs.sandbox_draft.as_ref()));
    let report = fields::check(&draft, lang);
    let file = to_toml::file_name(&draft);
    let source = to_toml::write(&draft);
    let valid = report.is_valid();

    // The first render checks at once (and a server-side render shows the
    // run); later changes wait for the typing to pause.
    let checked = {
        let (file, source) = (file.clone(), source.clone());
        use_state(move || valid.then(|| lab_check::check(&file, &source)))
    };
    let revision = use_mut_ref(|| 0u32);
    let shown = {
        let first: Shown = checked
            .as_ref()
            .and_then(|c| c.ready_id())
            .map(|id| (id.to_string(), 0));
        use_state(move || first)
    };
    let accept = {
        let (checked, shown, revision) = (checked.clone(), shown.clone(), revision.clone());
        Rc::new(move |c: Checked| {
            if let Some(id) = c.ready_id() {
                *revision.borrow_mut() += 1;
                shown.set(Some((id.to_string(), *revision.borrow())));
            }
            checked.set(Some(c));
        })
    };
    {
        let accept = accept.clone();
        let up_to_date = checked.as_ref().is_some_and(|c| c.source == source);
        use_effect_with(
            (file.clone(), source.clone(), valid && !up_to_date),
            move |(file, source, due)| {
                #[cfg(target_arch = "wasm32")]
                let timer = due.then(|| {
                    let (file, source) = (file.clone(), source.clone());
                    gloo::timers::callback::Timeout::new(DEBOUNCE_MS, move || {
                        accept(lab_check::check(&file, &source))
                    })
                });
                #[cfg(not(target_arch = "wasm32"))]
                let _ = (file, source, due, accept);
                move || {
                    #[cfg(target_arch = "wasm32")]
                    drop(timer);
                }
            },
        );
    }

    // Edits apply to the newest draft, even two before a re-render.
    let latest = use_mut_ref(|| (*draft).clone());
    *latest.borrow_mut() = (*draft).clone();
    let edit = {
        let app = app.clone();
        let latest = latest.clone();
        Callback::from(move |change: Edit| {
            let mut next = latest.borrow().clone();
            change(&mut next);
            *latest.borrow_mut() = next.clone();
            app.dispatch(AppAction::SetSandboxDraft(Some(next.to_json())));
        })
    };

    let current = checked.as_ref().filter(|c| c.source == source);
    let shown_report = Rc::new(with_checker_problems(report, current, lang));
    let section = SectionProps {
        draft: draft.clone(),
        report: shown_report.clone(),
        lang,
        edit,
    };

    html! {
        <div class="sandbox" data-testid="sandbox">
            <h1>{ tr(lang, "sandbox.heading") }</h1>
            <p class="lead">{ tr(lang, "sandbox.intro") }</p>
            <Toolbar lang={lang} file={file.clone()} source={source.clone()} valid={valid}
                refused={matches!(current.map(|c| &c.outcome), Some(Outcome::Refused(_)))}
                accept={Callback::from({ let accept = accept.clone(); move |c: Checked| accept(c) })} />
            { status(lang, &shown_report, valid, current) }
            <div class="sb-forms">
                <LabForm ..section.clone() />
                <HostForm ..section.clone() />
                <PoolForm ..section.clone() />
                <VmForm ..section.clone() />
                <DrsForm ..section.clone() />
                <HaForm ..section.clone() />
                <EventsForm ..section.clone() />
            </div>
            <details class="sb-toml" data-testid="sandbox-toml">
                <summary>{ tr(lang, "sandbox.toml_summary") }</summary>
                <pre tabindex="0"><code>{ source.clone() }</code></pre>
            </details>
            <section class="sb-live" aria-labelledby="sb-live-h" data-testid="sandbox-live">
                <h2 id="sb-live-h">{ tr(lang, "sandbox.live_heading") }</h2>
                {
                    match &*shown {
                        Some((id, rev)) => html! { <LabPage key={format!("{id}#{rev}")} id={id.clone()} /> },
                        None => html! { <p class="muted">{ tr(lang, "sandbox.live_none") }</p> },
                    }
                }
            </section>
        </div>
    }
}

/// The field problems, plus what the file checker refused, each at its
/// field when the forms have it (a field's own problem comes first).
fn with_checker_problems(mut report: Report, checked: Option<&Checked>, lang: Lang) -> Report {
    if let Some(Checked {
        outcome: Outcome::Refused(problems),
        ..
    }) = checked
    {
        for p in problems {
            if let Some(field) = p.field(&report) {
                report.problems.entry(field).or_insert_with(|| p.text(lang));
            }
        }
    }
    report
}

/// Whether the draft is valid, being checked, or refused (with the
/// problems no field shows).
fn status(lang: Lang, report: &Report, valid: bool, current: Option<&Checked>) -> Html {
    let unplaced: Vec<String> = match current.map(|c| &c.outcome) {
        Some(Outcome::Refused(problems)) => problems
            .iter()
            .filter(|p| p.field(report).is_none())
            .map(|p| p.text(lang))
            .collect(),
        _ => Vec::new(),
    };
    let refused = matches!(current.map(|c| &c.outcome), Some(Outcome::Refused(_)));
    let (class, text) = if !report.problems.is_empty() || refused {
        let count = (report.problems.len() + unplaced.len()).to_string();
        (
            "sb-status bad",
            tr_fill(lang, "sandbox.status_problems", &[("count", &count)]),
        )
    } else if valid && current.is_none() {
        ("sb-status", tr(lang, "sandbox.status_checking"))
    } else {
        ("sb-status ok", tr(lang, "sandbox.status_valid"))
    };
    html! {
        <div class={class} role="status" data-testid="sandbox-status">
            <p>{ text }</p>
            if !unplaced.is_empty() {
                <p>{ lab_check::unplaced_heading(lang) }</p>
                <ul data-testid="sandbox-checker-errors">
                    { for unplaced.into_iter().map(|t| html! { <li><code>{ t }</code></li> }) }
                </ul>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ToolbarProps {
    lang: Lang,
    file: String,
    source: String,
    /// Every field is valid.
    valid: bool,
    /// The checker refused this very text.
    refused: bool,
    /// A check made here (on saving) becomes the page's.
    accept: Callback<Checked>,
}

/// Save as lab file, and start again from the example.
#[component]
fn Toolbar(p: &ToolbarProps) -> Html {
    let app = use_app();
    let lang = p.lang;
    // The last save's URL, alive until the next save.
    let saved = use_mut_ref(|| None::<DownloadUrl>);
    let saved_file = use_state(|| None::<String>);
    let confirm = use_state(|| false);
    let on_save = {
        let (file, source, accept) = (p.file.clone(), p.source.clone(), p.accept.clone());
        let saved_file = saved_file.clone();
        let saved: Rc<RefCell<Option<DownloadUrl>>> = saved.clone();
        Callback::from(move |_: MouseEvent| {
            // Checked again now: the pause before the live check may not
            // have passed, and only an accepted file is saved.
            let checked = lab_check::check(&file, &source);
            if checked.ready_id().is_some() {
                *saved.borrow_mut() = download(&file, &source, "application/toml");
                saved_file.set(Some(file.clone()));
            } else {
                saved_file.set(None);
            }
            accept.emit(checked);
        })
    };
    let can_save = p.valid && !p.refused;
    let on_reset = {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| confirm.set(true))
    };
    let on_keep = {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| confirm.set(false))
    };
    let on_discard = {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| {
            app.dispatch(AppAction::SetSandboxDraft(None));
            confirm.set(false);
        })
    };
    html! {
        <div class="sb-toolbar">
            <button type="button" class="btn btn-primary" data-testid="sandbox-save"
                disabled={!can_save} aria-describedby={(!can_save).then_some("sb-save-note")}
                onclick={on_save}>{ tr(lang, "sandbox.save") }</button>
            if !can_save {
                <span class="sb-hint" id="sb-save-note">{ tr(lang, "sandbox.save_blocked") }</span>
            }
            if *confirm {
                <span class="sb-confirm" role="group" aria-label={tr(lang, "sandbox.reset")}>
                    <span>{ tr(lang, "sandbox.reset_confirm") }</span>
                    <button type="button" class="btn" data-testid="sandbox-reset-yes" onclick={on_discard}>{ tr(lang, "sandbox.reset_yes") }</button>
                    <button type="button" class="btn" onclick={on_keep}>{ tr(lang, "sandbox.reset_no") }</button>
                </span>
            } else {
                <button type="button" class="btn" data-testid="sandbox-reset" onclick={on_reset}>{ tr(lang, "sandbox.reset") }</button>
            }
            if let Some(file) = &*saved_file {
                <p class="sb-saved" role="status" data-testid="sandbox-saved">
                    { tr_fill(lang, "sandbox.saved", &[("file", file)]) }
                </p>
            }
        </div>
    }
}
