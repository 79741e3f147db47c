//! The run's live migrations, one block each: where it went, what kind
//! and how it ended; its figures (time, data, downtime, rounds, SDPS,
//! bandwidth) and why it waited or failed; every pre-check; the pre-copy
//! rounds; and its charts.

use crate::common::folded_table::FoldedTable;
use crate::migration::migration_charts::MigrationCharts;
use crate::migration::migration_checks::MigrationChecks;
use crate::migration::migration_model::{phases, ran, route, sent_mb, stun_sent_mb};
use crate::migration::migration_text::{kind_text, note_text, outcome_text, secs1};
use crate::state::use_app;
use crate::text::{capitalized, tr_fill};
use crate::text::{tr, Lang};
use std::rc::Rc;
use vlab_sim::migration::plan::PhaseKind;
use vlab_sim::migration::record::{MigrationRecord, Outcome};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MigrationViewProps {
    /// The trace's migrations, as the run left them.
    pub migrations: Rc<Vec<MigrationRecord>>,
}

#[component]
pub fn MigrationView(props: &MigrationViewProps) -> Html {
    let lang = use_app().prefs.lang;
    if props.migrations.is_empty() {
        return html! {};
    }
    html! {
        <section class="table-block migrations" data-testid="migrations" aria-labelledby="migrations-h">
            <h3 id="migrations-h">{ tr(lang, "migration.heading") }</h3>
            <p class="table-note">{ tr(lang, "migration.intro") }</p>
            { for props.migrations.iter().enumerate().map(|(k, r)| card(lang, k, Rc::new(r.clone()))) }
        </section>
    }
}

/// The border and badge follow the outcome; the words carry it.
fn state_class(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Completed => "state-valid",
        Outcome::Refused | Outcome::Failed => "state-red",
        Outcome::Pending | Outcome::Queued | Outcome::Running => "state-yellow",
    }
}

fn card(lang: Lang, k: usize, r: Rc<MigrationRecord>) -> Html {
    let outcome = r.outcome.name();
    let icon = match r.outcome {
        Outcome::Completed => "✓",
        Outcome::Refused | Outcome::Failed => "✗",
        _ => "…",
    };
    let note = r
        .note
        .as_ref()
        .filter(|_| r.outcome != Outcome::Completed)
        .map(|n| capitalized(&note_text(lang, &r.vm, &r.from, &r.to, n)));
    let heading = format!("migration-h-{k}");
    html! {
        <article class={classes!("cluster-state", "migration", state_class(r.outcome))}
                 data-testid={format!("migration-{k}")} data-vm={r.vm.clone()} data-outcome={outcome}
                 aria-labelledby={heading.clone()}>
            <h4 id={heading} class="cluster-line">
                { format!("{}: {}", r.vm, route(&r)) }{ " " }
                <span class="tag">{ kind_text(lang, r.kind) }</span>{ " " }
                <span class="state-badge" data-testid={format!("migration-outcome-{k}")}>
                    <span aria-hidden="true">{ icon }{ " " }</span>{ outcome_text(lang, r.outcome) }
                </span>
            </h4>
            if let Some(note) = note {
                <p class="cluster-line migration-note" data-testid={format!("migration-note-{k}")}>{ note }</p>
            }
            { figures(lang, k, &r) }
            <MigrationChecks record={r.clone()} index={k} />
            { rounds_table(lang, k, &r) }
            if ran(&r) {
                <MigrationCharts record={r.clone()} index={k} />
            }
        </article>
    }
}

/// One figure: its name and value.
fn figure(lang: Lang, key: &str, id: &str, value: String) -> Html {
    html! {
        <li data-testid={id.to_string()}>{ tr(lang, key) }{ tr(lang, "migration.label_sep") }<strong>{ value }</strong></li>
    }
}

fn yes_no(lang: Lang, b: bool) -> String {
    tr(
        lang,
        if b {
            "migration.yes_label"
        } else {
            "migration.no_label"
        },
    )
}

/// The figures that mean something for this migration: timing always;
/// data, downtime and pre-copy once it ran; the disk when it moved.
fn figures(lang: Lang, k: usize, r: &MigrationRecord) -> Html {
    let id = |name: &str| format!("mig-{name}-{k}");
    let mut items = vec![figure(
        lang,
        "migration.requested",
        &id("requested"),
        format!("t = {} s", r.at_s),
    )];
    if let Some(start) = r.start_ms.filter(|&s| s / 1000 != u64::from(r.at_s)) {
        items.push(figure(
            lang,
            "migration.started_at",
            &id("started"),
            format!("t = {} s", secs1(start)),
        ));
    }
    if ran(r) {
        items.push(figure(
            lang,
            "migration.total_time",
            &id("total"),
            format!("{} s", secs1(r.total_ms)),
        ));
        items.push(figure(
            lang,
            "migration.sent",
            &id("sent"),
            format!("{} MB", sent_mb(r)),
        ));
        if r.outcome != Outcome::Failed {
            items.push(figure(
                lang,
                "migration.downtime",
                &id("downtime"),
                format!("{} ms", r.downtime_ms),
            ));
        }
    }
    if ran(r) && r.kind.moves_compute() {
        items.push(figure(
            lang,
            "migration.bandwidth",
            &id("bandwidth"),
            format!("{} MB/s", r.link_mb_s),
        ));
        items.push(figure(
            lang,
            "migration.rounds",
            &id("rounds"),
            r.rounds.len().to_string(),
        ));
        items.push(figure(
            lang,
            "migration.converged",
            &id("converged"),
            yes_no(lang, r.converged),
        ));
        let sdps = if r.sdps_engaged {
            tr_fill(
                lang,
                "migration.sdps_slowdown",
                &[("pct", &r.guest_slowdown_pct.to_string())],
            )
        } else {
            tr(lang, "migration.sdps_idle")
        };
        items.push(figure(lang, "migration.sdps", &id("sdps"), sdps));
    }
    if let Some(disk) = r.storage.filter(|_| ran(r)) {
        items.push(figure(
            lang,
            "migration.disk_copied",
            &id("disk"),
            format!("{} MB", disk.copied_mb),
        ));
        items.push(figure(
            lang,
            "migration.mirrored",
            &id("mirrored"),
            format!("{} MB", disk.mirrored_mb),
        ));
        items.push(figure(
            lang,
            "migration.write_slowdown",
            &id("write-slowdown"),
            format!("{} %", disk.write_slowdown_pct),
        ));
    }
    html! { <ul class="cluster-figures migration-figures">{ for items }</ul> }
}

/// Each pre-copy round, then what went during the stun: folded, its rows
/// built only while open, like the charts' data tables. A slow link's
/// migration has dozens of rounds, and their rows made up most of a
/// vMotion lab's page: laying them out as the outcome appeared blocked
/// a slow laptop for about 60 ms (issue 18).
fn rounds_table(lang: Lang, k: usize, r: &MigrationRecord) -> Html {
    if r.rounds.is_empty() {
        return html! {};
    }
    let caption = tr(lang, "migration.rounds_caption");
    let table = {
        let r = r.clone();
        Callback::from(move |()| rounds_rows(lang, k, &r))
    };
    html! {
        <FoldedTable testid={format!("migration-rounds-folded-{k}")} id={format!("migration-rounds-folded-{k}")}
            summary={format!("{caption} ({})", r.rounds.len())} label={caption} {table} />
    }
}

/// The rounds table itself.
fn rounds_rows(lang: Lang, k: usize, r: &MigrationRecord) -> Html {
    let stun = phases(r)
        .iter()
        .find(|p| p.kind == PhaseKind::Switchover)
        .map(|p| p.end_ms - p.start_ms)
        .filter(|_| r.kind.moves_compute() && r.outcome != Outcome::Failed);
    html! {
            <table class="data-table migration-rounds" id={format!("migration-rounds-{k}")}
                data-testid={format!("migration-rounds-{k}")}>
                <caption>{ tr(lang, "migration.rounds_caption") }</caption>
                <thead><tr>
                    <th scope="col">{ tr(lang, "migration.col_round") }</th>
                    <th scope="col">{ tr(lang, "migration.col_sent") }</th>
                    <th scope="col">{ tr(lang, "migration.col_dirtied") }</th>
                    <th scope="col">{ tr(lang, "migration.col_duration") }</th>
                </tr></thead>
                <tbody>
                    { for r.rounds.iter().enumerate().map(|(i, x)| html! {
                        <tr>
                            <th scope="row">{ i + 1 }</th>
                            <td class="num">{ x.sent_mb }</td>
                            <td class="num">{ x.dirtied_mb }</td>
                            <td class="num">{ x.duration_ms }</td>
                        </tr>
                    }) }
                </tbody>
                if let Some(ms) = stun {
                    <tfoot><tr>
                        <th scope="row">{ tr(lang, "migration.stun_row") }</th>
                        <td class="num">{ stun_sent_mb(r) }</td>
                        <td class="num">{ "—" }</td>
                        <td class="num">{ ms }</td>
                    </tr></tfoot>
                }
            </table>
    }
}
