//! The run's HA story: a horizontal strip with a lane per stage (fault,
//! detection, election, response, restart, recovery, admission control)
//! and a dot at each second something happened, the shown time marked;
//! then the events second by second, in sentences, with the time since the
//! fault; then each host's CPU load before and after it. The strip is one
//! image with a summary; the list is its text alternative.

use crate::common::ticks::ticks;
use crate::ha::ha_load::HaLoad;
use crate::ha::ha_model::{stage, LoadTable, Stage, TimeGroup};
use crate::ha::ha_text::kind_text;
use crate::ha::ha_text::timeline_text;
use crate::state::use_app;
use crate::text::tr_fill;
use crate::text::{tr, Lang};
use std::rc::Rc;
use vlab_sim::EventKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HaTimelineProps {
    /// The run's HA events by second ([`crate::ha::ha_model::timeline`]).
    pub groups: Rc<Vec<TimeGroup>>,
    /// Each host's load around the first fault, if there was one.
    #[prop_or_default]
    pub load: Option<Rc<LoadTable>>,
    /// The run's last sample [s].
    pub end_s: u32,
    /// The time the cluster views show [s].
    pub t_s: u32,
}

fn stage_text(lang: Lang, s: Stage) -> String {
    tr(lang, &format!("ha.stage_{}", s.name()))
}

/// Where `t_s` sits on the strip [%].
fn left(t_s: u32, end_s: u32) -> String {
    let pct = if end_s == 0 {
        0.0
    } else {
        (f64::from(t_s) * 100.0 / f64::from(end_s)).min(100.0)
    };
    format!("left:{pct:.2}%")
}

/// Is this event bad news (its tag says so in the bad colour)?
fn is_bad(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::VmRestartFailed | EventKind::AdmissionDenied | EventKind::HostFailed
    )
}

/// Did HA fail to do something (a restart, a power-on)?
fn refused(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::VmRestartFailed | EventKind::AdmissionDenied
    )
}

/// One second of one lane: whether some of it went through and whether
/// some of it failed (filled, ringed, or a hollow ring).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dot {
    t_s: u32,
    ok: bool,
    failed: bool,
}

/// Per stage present, the seconds it happened at.
fn lanes(groups: &[TimeGroup]) -> Vec<(Stage, Vec<Dot>)> {
    Stage::ALL
        .into_iter()
        .filter_map(|st| {
            let dots: Vec<Dot> = groups
                .iter()
                .filter_map(|g| {
                    let here: Vec<_> = g.events.iter().filter(|e| stage(e) == Some(st)).collect();
                    (!here.is_empty()).then(|| Dot {
                        t_s: g.t_s,
                        ok: here.iter().any(|e| !refused(e.kind)),
                        failed: here.iter().any(|e| refused(e.kind)),
                    })
                })
                .collect();
            (!dots.is_empty()).then_some((st, dots))
        })
        .collect()
}

#[component]
pub fn HaTimeline(props: &HaTimelineProps) -> Html {
    let lang = use_app().prefs.lang;
    let lanes = lanes(&props.groups);
    let end = props.end_s;
    let sep = tr(lang, "ha.list_sep");
    let summary: Vec<String> = lanes
        .iter()
        .map(|(st, dots)| {
            let times: Vec<String> = dots.iter().map(|d| d.t_s.to_string()).collect();
            tr_fill(
                lang,
                "ha.timeline_stage_at",
                &[
                    ("stage", &stage_text(lang, *st)),
                    ("times", &times.join(&sep)),
                ],
            )
        })
        .collect();
    let label = tr_fill(
        lang,
        "ha.timeline_label",
        &[
            ("end", &end.to_string()),
            ("stages", &summary.join(&tr(lang, "ha.picture_sep"))),
        ],
    );
    let cursor = html! { <span class="strip-now" style={left(props.t_s, end)}></span> };
    html! {
        <section class="table-block ha-timeline" data-testid="ha-timeline" aria-labelledby="ha-timeline-h">
            <h3 id="ha-timeline-h">{ tr(lang, "ha.timeline_heading") }</h3>
            <p class="table-note">{ tr(lang, "ha.timeline_intro") }</p>
            if props.groups.is_empty() {
                <p class="muted">{ tr(lang, "ha.timeline_empty") }</p>
            } else {
                <div class="ha-strip" role="img" aria-label={label} data-testid="ha-strip">
                    { for lanes.iter().map(|(st, dots)| html! {
                        <div class="strip-lane" data-stage={st.name()}>
                            <span class="strip-label">{ stage_text(lang, *st) }</span>
                            <span class="strip-track">
                                { cursor.clone() }
                                { for dots.iter().map(|d| html! {
                                    <span class={classes!("strip-dot", format!("stage-{}", st.name()),
                                                          d.failed.then_some("failed"), (!d.ok).then_some("hollow"))}
                                          style={left(d.t_s, end)} title={format!("{} s", d.t_s)}></span>
                                }) }
                            </span>
                        </div>
                    }) }
                    <div class="strip-lane strip-axis">
                        <span class="strip-label">{ tr(lang, "ha.axis") }</span>
                        <span class="strip-track">
                            { for ticks(end).into_iter().map(|t| html! {
                                <span class="strip-tick" style={left(t, end)}>{ t }</span>
                            }) }
                        </span>
                    </div>
                </div>
                // A list taller than the screen scrolls in a region the
                // keyboard can focus and scroll.
                <div class="ha-timeline-scroll" role="region" tabindex="0"
                    aria-label={tr(lang, "ha.timeline_list")}>
                    <ol class="ha-timeline-list" data-testid="ha-timeline-list">
                        { for props.groups.iter().map(|g| group(lang, g, props.t_s)) }
                    </ol>
                </div>
            }
            if let Some(load) = props.load.clone() {
                <HaLoad table={load} />
            }
        </section>
    }
}

fn group(lang: Lang, g: &TimeGroup, shown_s: u32) -> Html {
    let later = g.t_s > shown_s;
    html! {
        <li class={classes!("tl-group", later.then_some("later"))} data-t={g.t_s.to_string()}>
            <span class="tl-time">
                { format!("t = {} s", g.t_s) }
                if let Some(s) = g.since_fault_s.filter(|s| *s > 0) {
                    { " " }<span class="tl-since">{ tr_fill(lang, "ha.since_fault", &[("s", &s.to_string())]) }</span>
                }
                if later {
                    <span class="sr-only">{ format!(" ({})", tr(lang, "ha.later")) }</span>
                }
            </span>
            <ul class="tl-events">
                { for g.events.iter().map(|e| {
                    let st = stage(e).map_or("", Stage::name);
                    html! {
                        <li data-kind={e.kind.name()}>
                            <span class={classes!("tag", "tl-kind", format!("stage-{st}"), is_bad(e.kind).then_some("tag-bad"))}>
                                { kind_text(lang, e.kind) }
                            </span>
                            { " " }{ timeline_text(lang, e) }
                        </li>
                    }
                }) }
            </ul>
        </li>
    }
}
