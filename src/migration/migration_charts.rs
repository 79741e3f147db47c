//! A migration's three charts: the data of each pre-copy round (sent and
//! dirtied meanwhile), the data sent over time through the rounds and the
//! stun, and the timeline of its phases with the downtime marked. Each
//! canvas has a label; the rounds table beside them and the data tables
//! here are their text alternatives.

use crate::common::draw_soon::use_draw_soon;
use crate::common::folded_table::FoldedTable;
use crate::migration::migration_draw::{draw_phases, draw_rounds, draw_sent, ChartText};
use crate::migration::migration_model::{downtime_span, phases, sent_curve, switchover_target_mb};
use crate::migration::migration_text::{phase_name, phase_text, secs1};
use crate::state::use_app;
use crate::text::tr_fill;
use crate::text::{tr, Lang};
use std::rc::Rc;
use vlab_sim::migration::plan::PhaseKind;
use vlab_sim::migration::record::MigrationRecord;
use yew::prelude::*;

/// A colour per phase (Okabe–Ito), the same on every chart.
pub fn phase_colour(kind: PhaseKind) -> &'static str {
    match kind {
        PhaseKind::StorageCopy => "#009E73",
        PhaseKind::Precopy => "#56B4E9",
        PhaseKind::Switchover => "#D55E00",
        PhaseKind::Resume => "#CC79A7",
    }
}

/// Sent per round, and dirtied meanwhile.
pub const SENT_COLOUR: &str = "#0072B2";
pub const DIRTIED_COLOUR: &str = "#E69F00";

#[derive(Properties, PartialEq)]
pub struct MigrationChartsProps {
    pub record: Rc<MigrationRecord>,
    pub index: usize,
}

fn chart_text(lang: Lang) -> ChartText {
    ChartText {
        round: tr(lang, "migration.axis_round"),
        time: tr(lang, "migration.axis_time"),
        mb: tr(lang, "migration.axis_mb"),
        downtime: tr(lang, "migration.downtime_mark"),
        phases: [
            PhaseKind::StorageCopy,
            PhaseKind::Precopy,
            PhaseKind::Switchover,
            PhaseKind::Resume,
        ]
        .map(|k| phase_text(lang, k)),
        failed: crate::migration::migration_text::outcome_text(
            lang,
            vlab_sim::migration::record::Outcome::Failed,
        ),
    }
}

#[component]
pub fn MigrationCharts(props: &MigrationChartsProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let (rounds_ref, sent_ref, phases_ref) = (use_node_ref(), use_node_ref(), use_node_ref());
    {
        // Each chart in a task of its own (`use_draw_soon`).
        let deps = (props.record.clone(), app.prefs.theme, chart_text(lang));
        let canvas = rounds_ref.clone();
        use_draw_soon(&rounds_ref, deps.clone(), move |(r, theme, text)| {
            draw_rounds(&canvas, r, *theme, text)
        });
        let canvas = sent_ref.clone();
        use_draw_soon(&sent_ref, deps.clone(), move |(r, theme, text)| {
            draw_sent(&canvas, r, *theme, text)
        });
        let canvas = phases_ref.clone();
        use_draw_soon(&phases_ref, deps, move |(r, theme, text)| {
            draw_phases(&canvas, r, *theme, text)
        });
    }
    let r = &props.record;
    let k = props.index;
    let swatch = |colour: &str, text: String| {
        html! { <li><span class="swatch" style={format!("background:{colour}")}></span>{ text }</li> }
    };
    let rounds_title = tr(lang, "migration.chart_rounds");
    let sent_title = tr(lang, "migration.chart_sent");
    let phases_title = tr(lang, "migration.chart_phases");
    let shown = phases(r);
    html! {
        <div class="migration-charts">
            if !r.rounds.is_empty() {
                <figure class="chart">
                    <figcaption>{ rounds_title.clone() }</figcaption>
                    // Its data table is the card's folded rounds table, above.
                    <canvas ref={rounds_ref} data-testid={format!("migration-rounds-chart-{k}")} role="img"
                        aria-label={format!("{rounds_title}: {}", route_label(r))}
                        aria-details={format!("migration-rounds-folded-{k}")}></canvas>
                    <ul class="legend">
                        { swatch(SENT_COLOUR, tr(lang, "migration.legend_sent")) }
                        { swatch(DIRTIED_COLOUR, tr(lang, "migration.legend_dirtied")) }
                        if let Some(mb) = switchover_target_mb(r) {
                            <li><span class="swatch threshold-swatch"></span>
                                { tr_fill(lang, "migration.target", &[("mb", &mb.to_string()),
                                    ("ms", &vlab_sim::migration::precopy::DEFAULT_SWITCHOVER_MS.to_string())]) }</li>
                        }
                    </ul>
                    <p class="table-note" data-testid={format!("migration-rounds-note-{k}")}>
                        { tr_fill(lang, "migration.rounds_table_note", &[("caption", &tr(lang, "migration.rounds_caption"))]) }
                    </p>
                </figure>
            }
            <figure class="chart">
                <figcaption>{ sent_title.clone() }</figcaption>
                <canvas ref={sent_ref} data-testid={format!("migration-sent-chart-{k}")} role="img"
                    aria-label={format!("{sent_title}: {}", route_label(r))}></canvas>
                <ul class="legend">
                    <li><span class="swatch line-swatch"></span>{ tr(lang, "migration.legend_total") }</li>
                    { for distinct_kinds(&shown).into_iter().map(|kind| swatch(phase_colour(kind), phase_text(lang, kind))) }
                </ul>
                { sent_table(lang, &sent_title, r, k) }
            </figure>
            <figure class="chart">
                <figcaption>{ phases_title.clone() }</figcaption>
                <canvas ref={phases_ref} data-testid={format!("migration-phases-chart-{k}")} role="img"
                    aria-label={format!("{phases_title}: {}", route_label(r))}></canvas>
                <ul class="legend">
                    { for distinct_kinds(&shown).into_iter().map(|kind| swatch(phase_colour(kind), phase_text(lang, kind))) }
                    if let Some((a, b)) = downtime_span(r) {
                        <li><span class="swatch threshold-swatch"></span>
                            { tr_fill(lang, "migration.downtime_mark", &[("ms", &(b - a).to_string())]) }</li>
                    }
                </ul>
                { phase_table(lang, &phases_title, r, k) }
            </figure>
        </div>
    }
}

/// The migration's VM and route, for labels.
fn route_label(r: &MigrationRecord) -> String {
    format!("{}, {}", r.vm, crate::migration::migration_model::route(r))
}

/// Phase kinds in the order they first appear.
fn distinct_kinds(phases: &[vlab_sim::migration::plan::Phase]) -> Vec<PhaseKind> {
    let mut out: Vec<PhaseKind> = Vec::new();
    for p in phases {
        if !out.contains(&p.kind) {
            out.push(p.kind);
        }
    }
    out
}

/// The sent-over-time points as a table (built only while open).
fn sent_table(lang: Lang, title: &str, r: &MigrationRecord, k: usize) -> Html {
    let label = format!("{} · {title}: {}", tr(lang, "chart.table"), route_label(r));
    let r = r.clone();
    let table = Callback::from(move |()| {
        html! {
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{ tr(lang, "migration.col_t") }</th>
                    <th scope="col">{ tr(lang, "migration.col_sent_so_far") }</th>
                </tr></thead>
                <tbody>
                    { for sent_curve(&r).iter().map(|(ms, mb)| html! {
                        <tr><th scope="row">{ secs1(*ms) }</th><td class="num">{ mb }</td></tr>
                    }) }
                </tbody>
            </table>
        }
    });
    html! {
        <FoldedTable testid={format!("migration-sent-table-{k}")} summary={tr(lang, "chart.table")}
            {label} {table} />
    }
}

/// Each phase's start, end and length (built only while open).
fn phase_table(lang: Lang, title: &str, r: &MigrationRecord, k: usize) -> Html {
    let label = format!("{} · {title}: {}", tr(lang, "chart.table"), route_label(r));
    let r = r.clone();
    let table = Callback::from(move |()| {
        html! {
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{ tr(lang, "migration.col_phase") }</th>
                    <th scope="col">{ tr(lang, "migration.col_start") }</th>
                    <th scope="col">{ tr(lang, "migration.col_end") }</th>
                    <th scope="col">{ tr(lang, "migration.col_duration") }</th>
                </tr></thead>
                <tbody>
                    { for phases(&r).iter().map(|p| html! {
                        <tr data-phase={phase_name(p.kind)}>
                            <th scope="row">{ phase_text(lang, p.kind) }</th>
                            <td class="num">{ secs1(p.start_ms) }</td>
                            <td class="num">{ secs1(p.end_ms) }</td>
                            <td class="num">{ p.end_ms - p.start_ms }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    });
    html! {
        <FoldedTable testid={format!("migration-phase-table-{k}")} summary={tr(lang, "chart.table")}
            {label} {table} />
    }
}
