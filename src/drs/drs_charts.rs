//! DRS and DPM over the run: each host's load (a line per host, broken
//! while the host is off), the imbalance against the threshold's target
//! band with a mark where each DRS migration started, and with `[dpm]`
//! the hosts powered on (a step line) and the energy drawn so far. Hours
//! on the x axis for a day, seconds otherwise. Each canvas has a label
//! summing it up, and a data table as its text alternative.

use crate::common::chart::PALETTE;
use crate::common::folded_table::FoldedTable;
use crate::drs::drs_draw::{draw_imbalance, draw_loads, draw_power, DrawText};
use crate::drs::drs_model::{clock, kwh, milli3, pct1, peak, DrsSeries, TimeUnit};
use crate::drs::drs_text::{time_axis, time_text};
use crate::state::use_app;
use crate::text::tr_fill;
use crate::text::{tr, Lang};

use crate::common::draw_soon::use_draw_soon;
use std::rc::Rc;
use yew::prelude::*;

/// The imbalance line, the target band and the migration marks; hosts on
/// and energy (Okabe–Ito, as the other charts).
pub const IMBALANCE_COLOUR: &str = "#0072B2";
pub const TARGET_COLOUR: &str = "#009E73";
pub const MARK_COLOUR: &str = "#D55E00";
pub const HOSTS_ON_COLOUR: &str = "#0072B2";
pub const ENERGY_COLOUR: &str = "#E69F00";

#[derive(Properties, PartialEq)]
pub struct DrsChartsProps {
    pub trace: crate::common::shared_trace::SharedTrace,
    /// The time the cluster views show [s], marked on each chart.
    pub t_s: u32,
    /// Whether the scenario has `[dpm]` (the power chart).
    pub dpm: bool,
}

fn draw_text(lang: Lang, unit: TimeUnit) -> DrawText {
    DrawText {
        time: time_axis(lang, unit),
        load: tr(lang, "drs.axis_load"),
        imbalance: tr(lang, "drs.axis_imbalance"),
        hosts: tr(lang, "drs.axis_hosts"),
        energy: tr(lang, "drs.axis_energy"),
    }
}

/// A table's time cell: seconds, or "h:mm" in a day.
fn t_cell(unit: TimeUnit, t_s: u32) -> String {
    match unit {
        TimeUnit::Seconds => t_s.to_string(),
        TimeUnit::Hours => clock(t_s),
    }
}

fn t_header(lang: Lang, unit: TimeUnit) -> String {
    match unit {
        TimeUnit::Seconds => tr(lang, "chart.t"),
        TimeUnit::Hours => tr(lang, "drs.col_t_h"),
    }
}

/// A chart's data table, folded under its caption: its text alternative.
/// `build` gives its head cells and rows from the series, and runs only
/// while the table is open.
fn data_table(
    lang: Lang,
    title: &str,
    testid: &'static str,
    s: &Rc<DrsSeries>,
    build: impl Fn(&DrsSeries) -> (Html, Html) + 'static,
) -> Html {
    let s = s.clone();
    let table = Callback::from(move |()| {
        let (head, rows) = build(&s);
        html! {
            <table class="data-table">
                <thead><tr>{ head }</tr></thead>
                <tbody>{ rows }</tbody>
            </table>
        }
    });
    html! {
        <FoldedTable testid={testid} summary={tr(lang, "chart.table")}
            label={format!("{} · {title}", tr(lang, "chart.table"))} {table} />
    }
}

fn swatch(colour: &str, class: &'static str) -> Html {
    html! { <span class={classes!("swatch", class)} style={format!("background:{colour}")}></span> }
}

#[component]
pub fn DrsCharts(props: &DrsChartsProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let (load_ref, imbalance_ref, power_ref) = (use_node_ref(), use_node_ref(), use_node_ref());
    let series = use_memo((props.trace.clone(), props.dpm), |(trace, dpm)| {
        DrsSeries::of(trace, *dpm)
    });
    {
        // Each chart in a task of its own (`use_draw_soon`).
        let deps = (
            series.clone(),
            props.t_s,
            app.prefs.theme,
            draw_text(lang, series.unit),
        );
        let canvas = load_ref.clone();
        use_draw_soon(
            &load_ref,
            deps.clone(),
            move |(series, t_s, theme, text)| draw_loads(&canvas, series, *t_s, *theme, text),
        );
        let canvas = imbalance_ref.clone();
        use_draw_soon(
            &imbalance_ref,
            deps.clone(),
            move |(series, t_s, theme, text)| draw_imbalance(&canvas, series, *t_s, *theme, text),
        );
        let canvas = power_ref.clone();
        use_draw_soon(&power_ref, deps, move |(series, t_s, theme, text)| {
            draw_power(&canvas, series, *t_s, *theme, text)
        });
    }
    let s = &series;
    html! {
        <div class="drs-charts" data-testid="drs-charts">
            <h3>{ tr(lang, "drs.charts_heading") }</h3>
            { load_chart(lang, s, load_ref) }
            { imbalance_chart(lang, s, imbalance_ref) }
            if s.power.is_some() {
                { power_chart(lang, s, power_ref) }
            }
        </div>
    }
}

fn load_chart(lang: Lang, s: &Rc<DrsSeries>, canvas: NodeRef) -> Html {
    let title = tr(lang, "drs.load_title");
    let sep = tr(lang, "drs.list_sep");
    let hosts: Vec<String> = s
        .loads
        .iter()
        .filter_map(|l| {
            let (pm, t) = peak(l)?;
            Some(tr_fill(
                lang,
                "drs.load_host",
                &[
                    ("host", &l.host),
                    ("peak", &pct1(pm)),
                    ("at", &time_text(lang, s.unit, t)),
                ],
            ))
        })
        .collect();
    let label = tr_fill(
        lang,
        "drs.load_label",
        &[
            ("title", &title),
            ("end", &time_text(lang, s.unit, s.end_s)),
            ("hosts", &hosts.join(&sep)),
        ],
    );
    let off = tr(lang, "drs.off_cell");
    html! {
        <figure class="chart drs-chart">
            <figcaption>{ title.clone() }</figcaption>
            <canvas ref={canvas} data-testid="drs-load-chart" role="img" aria-label={label}></canvas>
            <ul class="legend">
                { for s.loads.iter().map(|l| html! {
                    <li>{ swatch(PALETTE[l.index % PALETTE.len()], "fill-swatch") }{ l.host.clone() }</li>
                }) }
                if s.loads.iter().any(|l| l.points.iter().any(|p| p.1.is_none())) {
                    <li class="muted">{ tr(lang, "drs.legend_off") }</li>
                }
            </ul>
            { data_table(lang, &title, "drs-load-table", s, move |s| {
                let times: Vec<u32> = s
                    .loads
                    .first()
                    .map(|l| l.points.iter().map(|p| p.0).collect())
                    .unwrap_or_default();
                (html! { <>
                    <th scope="col">{ t_header(lang, s.unit) }</th>
                    { for s.loads.iter().map(|l| html! { <th scope="col">{ format!("{} (%)", l.host) }</th> }) }
                </> }, html! { <>
                    { for times.iter().enumerate().map(|(row, t)| html! {
                        <tr>
                            <th scope="row">{ t_cell(s.unit, *t) }</th>
                            { for s.loads.iter().map(|l| match l.points.get(row).and_then(|p| p.1) {
                                Some(pm) => html! { <td class="num">{ pct1(pm) }</td> },
                                None => html! { <td class="num none">{ off.clone() }</td> },
                            }) }
                        </tr>
                    }) }
                </> })
            }) }
        </figure>
    }
}

fn imbalance_chart(lang: Lang, s: &Rc<DrsSeries>, canvas: NodeRef) -> Html {
    let title = tr(lang, "drs.imbalance_title");
    let none = tr(lang, "drs.no_target");
    let target = |t: Option<u32>| t.map_or_else(|| none.clone(), milli3);
    let first = s.imbalance.first();
    let last = s.imbalance.last();
    let peak = s.imbalance.iter().map(|p| p.imbalance_milli).max();
    let label = tr_fill(
        lang,
        "drs.imbalance_label",
        &[
            ("title", &title),
            (
                "first",
                &first.map_or_else(String::new, |p| milli3(p.imbalance_milli)),
            ),
            (
                "last",
                &last.map_or_else(String::new, |p| milli3(p.imbalance_milli)),
            ),
            ("peak", &peak.map_or_else(String::new, milli3)),
            ("target", &target(last.and_then(|p| p.target_milli))),
            ("n", &s.marks.len().to_string()),
        ],
    );
    html! {
        <figure class="chart drs-chart">
            <figcaption>{ title.clone() }</figcaption>
            <canvas ref={canvas} data-testid="drs-imbalance-chart" role="img" aria-label={label}></canvas>
            <ul class="legend">
                <li>{ swatch(IMBALANCE_COLOUR, "line-swatch") }{ tr(lang, "drs.legend_imbalance") }</li>
                if s.imbalance.iter().any(|p| p.target_milli.is_some()) {
                    <li>{ swatch(TARGET_COLOUR, "band-swatch") }{ tr(lang, "drs.legend_target") }</li>
                }
                <li><span class="mark-swatch" style={format!("color:{MARK_COLOUR}")} aria-hidden="true">{ "▲" }</span>
                    { tr(lang, "drs.legend_migration") }</li>
            </ul>
            { data_table(lang, &title, "drs-imbalance-table", s, move |s| {
                let none = tr(lang, "drs.no_target");
                let target = |t: Option<u32>| t.map_or_else(|| none.clone(), milli3);
                (html! { <>
                    <th scope="col">{ t_header(lang, s.unit) }</th>
                    <th scope="col">{ tr(lang, "drs.axis_imbalance") }</th>
                    <th scope="col">{ tr(lang, "drs.col_target") }</th>
                    <th scope="col">{ tr(lang, "drs.col_started") }</th>
                </> }, html! { <>
                    { for s.imbalance.iter().map(|p| html! {
                        <tr>
                            <th scope="row">{ t_cell(s.unit, p.t_s) }</th>
                            <td class="num">{ milli3(p.imbalance_milli) }</td>
                            <td class="num">{ target(p.target_milli) }</td>
                            <td class="num">{ p.started }</td>
                        </tr>
                    }) }
                </> })
            }) }
        </figure>
    }
}

fn power_chart(lang: Lang, s: &Rc<DrsSeries>, canvas: NodeRef) -> Html {
    let Some(points) = s.power.as_ref() else {
        return html! {};
    };
    let title = tr(lang, "drs.power_title");
    let count =
        |p: Option<&crate::drs::drs_model::PowerPoint>| p.map_or(0, |p| p.hosts_on).to_string();
    let label = tr_fill(
        lang,
        "drs.power_label",
        &[
            ("title", &title),
            ("first", &count(points.first())),
            ("min", &count(points.iter().min_by_key(|p| p.hosts_on))),
            ("last", &count(points.last())),
            ("kwh", &kwh(points.last().map_or(0, |p| p.energy_wh))),
        ],
    );
    html! {
        <figure class="chart drs-chart">
            <figcaption>{ title.clone() }</figcaption>
            <canvas ref={canvas} data-testid="drs-power-chart" role="img" aria-label={label}></canvas>
            <ul class="legend">
                <li>{ swatch(HOSTS_ON_COLOUR, "line-swatch") }{ tr(lang, "drs.legend_hosts_on") }</li>
                <li>{ swatch(ENERGY_COLOUR, "line-swatch") }{ tr(lang, "drs.legend_energy") }</li>
            </ul>
            { data_table(lang, &title, "drs-power-table", s, move |s| {
                let points = s.power.as_deref().unwrap_or_default();
                (html! { <>
                    <th scope="col">{ t_header(lang, s.unit) }</th>
                    <th scope="col">{ tr(lang, "drs.col_hosts_on") }</th>
                    <th scope="col">{ tr(lang, "drs.col_energy") }</th>
                </> }, html! { <>
                    { for points.iter().map(|p| html! {
                        <tr>
                            <th scope="row">{ t_cell(s.unit, p.t_s) }</th>
                            <td class="num">{ p.hosts_on }</td>
                            <td class="num">{ kwh(p.energy_wh) }</td>
                        </tr>
                    }) }
                </> })
            }) }
        </figure>
    }
}
