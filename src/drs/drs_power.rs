//! DPM's story: a strip per host with its power states over the run (on,
//! entering standby, standby, booting), the shown time marked, then DPM's
//! power actions in sentences. The strip is one image with a summary; the
//! list is its text alternative.

use crate::drs::drs_model::{clock, power_rows, time_ticks, PowerRow, PowerState, TimeUnit};
use crate::drs::drs_text::{power_action_text, power_state_text, time_axis, time_text};
use crate::state::use_app;
use crate::text::tr_fill;
use crate::text::{tr, Lang};

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DpmPowerProps {
    pub trace: crate::common::shared_trace::SharedTrace,
    /// The time the cluster views show [s].
    pub t_s: u32,
}

/// Where `t_s` sits on the strip [%].
fn pct(t_s: u32, end_s: u32) -> f64 {
    if end_s == 0 {
        0.0
    } else {
        (f64::from(t_s) * 100.0 / f64::from(end_s)).min(100.0)
    }
}

/// A time on the strip: "h:mm" in a day, "300 s" otherwise.
fn short_time(lang: Lang, unit: TimeUnit, t_s: u32) -> String {
    match unit {
        TimeUnit::Hours => clock(t_s),
        TimeUnit::Seconds => tr_fill(lang, "drs.time_s", &[("s", &t_s.to_string())]),
    }
}

/// A tick's number in the axis's unit.
fn tick_text(unit: TimeUnit, t_s: u32) -> String {
    match unit {
        TimeUnit::Hours => (t_s / 3600).to_string(),
        TimeUnit::Seconds => t_s.to_string(),
    }
}

/// One host's states in words, for the strip's label.
fn row_text(lang: Lang, unit: TimeUnit, row: &PowerRow) -> String {
    let spans: Vec<String> = row
        .spans
        .iter()
        .map(|s| {
            tr_fill(
                lang,
                "drs.power_span",
                &[
                    ("state", &power_state_text(lang, s.state)),
                    ("from", &short_time(lang, unit, s.from_s)),
                    ("to", &short_time(lang, unit, s.to_s)),
                ],
            )
        })
        .collect();
    tr_fill(
        lang,
        "drs.power_host_spans",
        &[
            ("host", &row.host),
            ("spans", &spans.join(&tr(lang, "drs.list_sep"))),
        ],
    )
}

#[component]
pub fn DpmPower(props: &DpmPowerProps) -> Html {
    let lang = use_app().prefs.lang;
    let trace = &props.trace;
    let Some(summary) = trace.drs.as_ref() else {
        return html! {};
    };
    let end = trace.last().t_s;
    let unit = TimeUnit::for_run(end);
    let rows = power_rows(trace);
    let hosts: Vec<String> = rows.iter().map(|r| row_text(lang, unit, r)).collect();
    let label = tr_fill(
        lang,
        "drs.power_strip_label",
        &[
            ("end", &short_time(lang, unit, end)),
            ("hosts", &hosts.join("; ")),
        ],
    );
    let intro = tr_fill(
        lang,
        "drs.power_intro",
        &[
            ("off", &summary.power_off_below_pct.unwrap_or(0).to_string()),
            ("on", &summary.power_on_above_pct.unwrap_or(0).to_string()),
        ],
    );
    let present: Vec<PowerState> = PowerState::ALL
        .into_iter()
        .filter(|st| rows.iter().any(|r| r.spans.iter().any(|s| s.state == *st)))
        .collect();
    let cursor = html! { <span class="strip-now" style={format!("left:{:.2}%", pct(props.t_s, end))}></span> };
    html! {
        <div class="dpm-power" data-testid="dpm-power">
            <h3>{ tr(lang, "drs.power_heading") }</h3>
            <p class="table-note">{ intro }</p>
            <div class="dpm-strip" role="img" aria-label={label} data-testid="dpm-strip">
                { for rows.iter().map(|r| html! {
                    <div class="strip-lane" data-host={r.host.clone()}>
                        <span class="strip-label">{ &r.host }</span>
                        <span class="strip-track power-track">
                            { for r.spans.iter().map(|s| {
                                let (left, right) = (pct(s.from_s, end), pct(s.to_s, end));
                                html! {
                                    <span class={classes!("power-span", format!("power-{}", s.state.name()))}
                                        data-state={s.state.name()}
                                        style={format!("left:{left:.2}%;width:{:.2}%", right - left)}
                                        title={format!("{}: {}–{}", power_state_text(lang, s.state),
                                                       short_time(lang, unit, s.from_s), short_time(lang, unit, s.to_s))}>
                                    </span>
                                }
                            }) }
                            { cursor.clone() }
                        </span>
                    </div>
                }) }
                <div class="strip-lane strip-axis">
                    <span class="strip-label">{ time_axis(lang, unit) }</span>
                    <span class="strip-track">
                        { for time_ticks(end).into_iter().map(|t| html! {
                            <span class="strip-tick" style={format!("left:{:.2}%", pct(t, end))}>{ tick_text(unit, t) }</span>
                        }) }
                    </span>
                </div>
            </div>
            <ul class="legend power-legend">
                { for present.iter().map(|st| html! {
                    <li><span class={classes!("swatch", "power-span", format!("power-{}", st.name()))}></span>
                        { power_state_text(lang, *st) }</li>
                }) }
            </ul>
            <h4>{ tr(lang, "drs.power_events") }</h4>
            if summary.host_power_events.is_empty() {
                <p class="muted" data-testid="dpm-none">{ tr(lang, "drs.power_none") }</p>
            } else {
                <ol class="dpm-events" data-testid="dpm-events">
                    { for summary.host_power_events.iter().map(|e| html! {
                        <li data-action={e.action.clone()} data-t={e.t_s.to_string()}
                            class={classes!((e.t_s > props.t_s).then_some("later"))}>
                            <span class="tl-time">{ time_text(lang, unit, e.t_s) }</span>
                            <span>{ power_action_text(lang, e) }</span>
                        </li>
                    }) }
                </ol>
            }
        </div>
    }
}
