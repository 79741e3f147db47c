//! DRS's recommendations over the run, in the order it made them: the
//! move, its priority and reason, the imbalance before and after, the
//! vMotion's cost, and whether it was applied or waits for the student.
//! Each has a "why" to open: the whole reasoning and the moves DRS
//! rejected, each with its reason. When the lab has a `drs.approved`
//! control, a waiting recommendation has an "Apply" button that sets it,
//! as moving the control would.

use crate::common::table_scroll::TableScroll;
use crate::drs::drs_model::{
    approve_value, clock, first_unapplied, last_drs, milli3, rec_state, ApproveControl, RecState,
    TimeUnit,
};
use crate::drs::drs_text::{priority_text, reason_text, rec_sentence, time_text, why_text};
use crate::state::{use_app, AppAction, AppContext};
use crate::text::tr_fill;
use crate::text::{tr, Lang};
use std::rc::Rc;
use vlab_sim::drs::note::Recommendation;

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DrsRecsProps {
    pub trace: crate::common::shared_trace::SharedTrace,
    /// The time the cluster views show [s]: later rows are dimmed.
    pub t_s: u32,
    #[prop_or_default]
    pub approve: Option<Rc<ApproveControl>>,
}

#[component]
pub fn DrsRecs(props: &DrsRecsProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let Some(summary) = props.trace.drs.as_ref() else {
        return html! {};
    };
    let unit = TimeUnit::for_run(props.trace.last().t_s);
    let last = last_drs(&props.trace);
    let first = first_unapplied(summary);
    let approve = props.approve.as_deref();
    let rows = summary.recommendations.iter().map(|r| {
        let state = rec_state(r, last);
        let button = match (state, approve, first) {
            (RecState::Applied, ..) => None,
            (_, Some(a), Some(first)) => apply_button(lang, &app, a, first, r.number),
            _ => None,
        };
        row(lang, unit, r, state, props.t_s, button)
    });
    let note = approve.filter(|_| first.is_some()).map(|a| {
        tr_fill(
            lang,
            "drs.recs_apply_note",
            &[("control", a.control.label.get(lang.code()))],
        )
    });
    html! {
        <div class="drs-recs" data-testid="drs-recs">
            <h3 id="drs-recs-h">{ tr(lang, "drs.recs_heading") }</h3>
            <p class="table-note">{ tr(lang, "drs.recs_intro") }</p>
            if summary.recommendations.is_empty() {
                <p class="muted" data-testid="drs-recs-empty">{ tr(lang, "drs.recs_empty") }</p>
            } else {
                <TableScroll label={tr(lang, "drs.recs_heading")} class="drs-recs-wrap">
                    <table class="data-table drs-recs-table" aria-labelledby="drs-recs-h">
                        <thead><tr>
                            <th scope="col">{ tr(lang, "drs.col_number") }</th>
                            <th scope="col">{ tr(lang, "drs.col_state") }</th>
                            <th scope="col">{ tr(lang, "drs.col_time") }</th>
                            <th scope="col">{ tr(lang, "drs.col_vm") }</th>
                            <th scope="col">{ tr(lang, "drs.col_move") }</th>
                            <th scope="col">{ tr(lang, "drs.col_priority") }</th>
                            <th scope="col">{ tr(lang, "drs.col_reason") }</th>
                            <th scope="col">{ tr(lang, "drs.col_imbalance") }</th>
                            <th scope="col">{ tr(lang, "drs.col_cost") }</th>
                        </tr></thead>
                        { for rows }
                    </table>
                </TableScroll>
            }
            if let Some(note) = note {
                <p class="table-note">{ note }</p>
            }
        </div>
    }
}

/// "Apply" for recommendation `number`, when the control can be set to
/// it: approvals count in order, so it also applies `first`..`number`.
fn apply_button(
    lang: Lang,
    app: &AppContext,
    a: &ApproveControl,
    first: u32,
    number: u32,
) -> Option<Html> {
    let value = approve_value(&a.control, number)?;
    let (from, to) = (first.to_string(), number.to_string());
    let text = if first == number {
        tr(lang, "drs.apply")
    } else {
        tr_fill(lang, "drs.apply_through", &[("from", &from), ("to", &to)])
    };
    let label = tr_fill(
        lang,
        "drs.apply_label",
        &[
            ("from", &from),
            ("to", &to),
            ("control", a.control.label.get(lang.code())),
        ],
    );
    let onclick = {
        let app = app.clone();
        let (lab, control) = (a.lab.clone(), a.control.id.clone());
        Callback::from(move |e: MouseEvent| {
            // The button goes away once applied: keep the keyboard's place
            // on its row's number, which stays.
            keep_focus_on_row(&e);
            app.dispatch(AppAction::SetControl {
                lab: lab.clone(),
                control: control.clone(),
                value: value.clone(),
            })
        })
    };
    Some(html! {
        <button type="button" class="btn btn-small drs-apply" data-testid={format!("drs-apply-{number}")}
            aria-label={label.clone()} title={label} {onclick}>{ text }</button>
    })
}

/// Moves focus from the pressed button to the row header beside it.
fn keep_focus_on_row(e: &MouseEvent) {
    use wasm_bindgen::JsCast;
    let header = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|b| b.closest("tr").ok().flatten())
        .and_then(|row| row.query_selector("th").ok().flatten())
        .and_then(|th| th.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(th) = header {
        let _ = th.focus();
    }
}

/// A time in a narrow cell: "300 s", or "h:mm" in a day (the cell's
/// title gives the seconds too).
fn short_time(lang: Lang, unit: TimeUnit, t_s: u32) -> String {
    match unit {
        TimeUnit::Hours => clock(t_s),
        TimeUnit::Seconds => time_text(lang, unit, t_s),
    }
}

/// One recommendation's rows; `cause` says what emptied its host.
fn row(
    lang: Lang,
    unit: TimeUnit,
    r: &Recommendation,
    state: RecState,
    shown_s: u32,
    button: Option<Html>,
) -> Html {
    let later = r.t_s > shown_s;
    let n = r.number;
    // Two rows: the figures, then the reasoning across the whole table
    // (a cell of its own would be too narrow to read). The state and the
    // button come first, so they stay in view when the table scrolls.
    html! {
        <tbody class={classes!("drs-rec", later.then_some("later"))} data-state={state.name()}>
            <tr data-testid={format!("drs-rec-{n}")} data-state={state.name()} data-t={r.t_s.to_string()}
                class={classes!(later.then_some("later"))}>
                <th scope="row" tabindex="-1">{ format!("#{n}") }</th>
                <td class="text drs-state">
                    <span class={classes!("tag", format!("rec-{}", state.name()))}>
                        { tr(lang, &format!("drs.state_{}", state.name())) }
                    </span>
                    if let Some(button) = button {
                        { " " }{ button }
                    }
                </td>
                <td class="num" title={time_text(lang, unit, r.t_s)}>
                    { short_time(lang, unit, r.t_s) }
                    if later {
                        <span class="sr-only">{ format!(" ({})", tr(lang, "drs.later")) }</span>
                    }
                </td>
                <td class="text">{ &r.vm }</td>
                <td class="text drs-move">{ format!("{} → {}", r.from, r.to) }</td>
                <td class="num">{ priority_text(lang, r.priority) }</td>
                <td class="text drs-reason">{ reason_text(lang, &r.reason) }</td>
                <td class="num">{ format!("{} → {}", milli3(r.imbalance_before_milli), milli3(r.imbalance_after_milli)) }</td>
                <td class="num">{ r.cost_s }</td>
            </tr>
            <tr class="drs-why-row">
                <td colspan="9" class="text">{ why(lang, r) }</td>
            </tr>
        </tbody>
    }
}

/// The reasoning in full (the summary), then the loads and the moves DRS
/// considered and rejected, each with its reason.
fn why(lang: Lang, r: &Recommendation) -> Html {
    let loads = tr_fill(
        lang,
        "drs.why_loads",
        &[
            ("from", &r.from),
            ("to", &r.to),
            ("from_pct", &(r.from_load_pm / 10).to_string()),
            ("to_pct", &(r.to_load_pm / 10).to_string()),
            ("risk", &r.risk_pct.to_string()),
        ],
    );
    let summary = tr_fill(
        lang,
        "drs.why",
        &[
            ("n", &r.number.to_string()),
            ("sentence", &rec_sentence(lang, r)),
        ],
    );
    html! {
        <details class="drs-why" data-testid={format!("drs-why-{}", r.number)}>
            <summary>{ summary }</summary>
            <p>{ loads }</p>
            if r.alternatives.is_empty() {
                <p class="muted">{ tr(lang, "drs.no_alternatives") }</p>
            } else {
                <p>{ tr(lang, "drs.alternatives") }</p>
                <ul class="drs-alternatives">
                    { for r.alternatives.iter().map(|a| html! {
                        <li>{ tr_fill(lang, "drs.alternative", &[
                            ("vm", &a.vm),
                            ("to", &a.to),
                            ("after", &milli3(a.imbalance_after_milli)),
                            ("why", &why_text(lang, &a.why)),
                        ]) }</li>
                    }) }
                </ul>
            }
        </details>
    }
}
