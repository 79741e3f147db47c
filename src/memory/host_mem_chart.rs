//! A host's free memory over time against its state thresholds (high,
//! clear, soft, hard, low), the state at each sample as a background band,
//! and in words: the state now, what the hypervisor does in it, and what
//! page sharing saves. One host at a time (selector with several); a data
//! table is the accessible alternative.

use crate::common::folded_table::FoldedTable;
use crate::memory::mem_model::{point_at, state_bands, threshold_list, HostMemSeries, StateBand};
use crate::state::use_app;
use crate::text::{tr, Lang};
use rust_i18n::t;
use std::rc::Rc;
use vlab_sim::memory::MemState;
use yew::prelude::*;

/// A colour per state, from calm to alarming (Okabe–Ito): the bands'
/// tint and the swatches in the state list.
pub fn state_colour(state: MemState) -> &'static str {
    match state {
        MemState::High => "#009E73",
        MemState::Clear => "#56B4E9",
        MemState::Soft => "#F0E442",
        MemState::Hard => "#E69F00",
        MemState::Low => "#D55E00",
    }
}

/// The free-memory line's colour.
const FREE_COLOUR: &str = "#0072B2";

#[derive(Properties, PartialEq)]
pub struct HostMemChartProps {
    pub hosts: Rc<Vec<HostMemSeries>>,
    /// The time the cluster view shows [s]: the "now" of the text.
    pub t_s: u32,
}

/// Translated text the drawing needs: axis titles and state names.
#[derive(Clone, PartialEq)]
struct DrawText {
    time: String,
    free: String,
    states: [String; 5],
}

/// A state's name, e.g. "soft" (zh: "软（soft）": VMware's term stays).
pub fn state_text(lang: Lang, state: MemState) -> String {
    tr(lang, &format!("mem.state_{}", state.name()))
}

#[component]
pub fn HostMemChart(props: &HostMemChartProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let canvas = use_node_ref();
    let chosen = use_state(|| None::<String>);
    let shown = chosen
        .as_ref()
        .and_then(|name| props.hosts.iter().find(|h| &h.name == name))
        .or_else(|| props.hosts.first())
        .filter(|h| !h.points.is_empty())
        .cloned();
    {
        let target = canvas.clone();
        let text = DrawText {
            time: tr(lang, "chart.time_axis"),
            free: tr(lang, "mem.axis_free"),
            states: [
                MemState::High,
                MemState::Clear,
                MemState::Soft,
                MemState::Hard,
                MemState::Low,
            ]
            .map(|s| state_text(lang, s)),
        };
        crate::common::draw_soon::use_draw_soon(
            &canvas,
            (shown.clone(), props.t_s, app.prefs.theme, text),
            move |(shown, t_s, theme, text)| {
                if let Some(host) = shown {
                    draw(&target, host, *t_s, *theme, text);
                }
            },
        );
    }
    let Some(host) = shown else {
        return html! {};
    };
    let Some((now_t, now)) = point_at(&host.points, props.t_s) else {
        return html! {};
    };
    let on_pick = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            chosen.set(Some(el.value()));
        })
    };
    let l = lang.code();
    let name = now.state.name();
    let title = tr(lang, "mem.host_title");
    html! {
        <figure class="chart host-mem-chart" data-host={host.name.clone()}>
            <figcaption>{ title.clone() }</figcaption>
            if props.hosts.len() > 1 {
                <div class="control chart-select">
                    <label for="host-mem-select">{ tr(lang, "mem.host_select") }</label>
                    <select id="host-mem-select" data-testid="host-mem-select" onchange={on_pick}>
                        { for props.hosts.iter().map(|h| html! {
                            <option value={h.name.clone()} selected={h.name == host.name}>{ h.name.clone() }</option>
                        }) }
                    </select>
                </div>
            }
            <ul class="mem-now">
                <li class={classes!("mem-state-now", format!("state-{name}"))}
                    data-testid="host-mem-state" data-state={name}>
                    <span class="swatch" style={format!("background:{}", state_colour(now.state))}></span>
                    <strong>{ t!("mem.state_now", locale = l, state = state_text(lang, now.state),
                                 short = tr(lang, &format!("mem.short_{name}"))) }</strong>
                    <span class="mem-state-does">{ tr(lang, &format!("mem.does_{name}")) }</span>
                </li>
                <li data-testid="host-mem-free">{ t!("mem.free_now", locale = l, mb = now.free_mb) }</li>
                <li data-testid="host-mem-saved">
                    { t!("mem.saved", locale = l, shared = now.shared_saved_mb, zero = now.zero_saved_mb) }
                </li>
            </ul>
            <canvas ref={canvas} data-testid="host-mem-chart" role="img"
                aria-label={format!("{title}: {} · t = {now_t} s", host.name)}></canvas>
            <p class="legend-heading">{ t!("mem.thresholds", locale = l, min_free = now.thresholds.min_free_mb) }</p>
            <ul class="legend thresholds" data-testid="host-mem-thresholds">
                { for threshold_list(&now.thresholds).iter().map(|(state, mb)| html! {
                    <li data-state={state.name()}>
                        <span class="swatch threshold-swatch"></span>
                        { t!("mem.threshold", locale = l, state = state_text(lang, *state), mb = mb) }
                    </li>
                }) }
                <li><span class="swatch" style={format!("background:{FREE_COLOUR}")}></span>{ tr(lang, "mem.free") }</li>
            </ul>
            <p class="legend-heading">{ tr(lang, "mem.states") }</p>
            <ol class="legend state-bands" data-testid="host-mem-states">
                { for state_bands(&host.points).iter().map(|b| html! {
                    <li data-state={b.state.name()}>
                        <span class="swatch" style={format!("background:{}", state_colour(b.state))}></span>
                        { band_text(lang, b) }
                    </li>
                }) }
            </ol>
            { data_table(lang, props.hosts.clone(), &host.name) }
        </figure>
    }
}

/// A band in words, e.g. "20–30 s: soft"; a band of one sample (the last)
/// names only its time.
fn band_text(lang: Lang, b: &StateBand) -> String {
    let state = state_text(lang, b.state);
    let l = lang.code();
    if b.from_s == b.to_s {
        t!("mem.band_at", locale = l, from = b.from_s, state = state).into_owned()
    } else {
        t!(
            "mem.band",
            locale = l,
            from = b.from_s,
            to = b.to_s,
            state = state
        )
        .into_owned()
    }
}

/// Every sample's free memory, state and sharing savings for host
/// `name` of `hosts`; its rows are built only while the table is open.
fn data_table(lang: Lang, hosts: Rc<Vec<HostMemSeries>>, name: &str) -> Html {
    let summary = format!("{} · {}", tr(lang, "chart.table"), name);
    let name = name.to_string();
    let table = Callback::from(move |()| {
        let Some(host) = hosts.iter().find(|h| h.name == name) else {
            return html! {};
        };
        html! {
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{ tr(lang, "chart.t") }</th>
                    <th scope="col">{ tr(lang, "mem.col_free") }</th>
                    <th scope="col">{ tr(lang, "table.state") }</th>
                    <th scope="col">{ tr(lang, "mem.col_saved") }</th>
                    <th scope="col">{ tr(lang, "mem.col_zero_saved") }</th>
                </tr></thead>
                <tbody>
                    { for host.points.iter().map(|(t, m)| html! {
                        <tr>
                            <th scope="row">{ t }</th>
                            <td class="num">{ m.free_mb }</td>
                            <td class="text">{ state_text(lang, m.state) }</td>
                            <td class="num">{ m.shared_saved_mb }</td>
                            <td class="num">{ m.zero_saved_mb }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    });
    html! {
        <FoldedTable testid="host-mem-chart-table" summary={summary.clone()} label={summary} {table} />
    }
}

#[cfg(target_arch = "wasm32")]
fn draw(
    canvas: &NodeRef,
    host: &HostMemSeries,
    t_s: u32,
    theme: crate::state::prefs::Theme,
    text: &DrawText,
) {
    use crate::common::canvas_setup::{ink, parse_hex, sized_area};
    use crate::memory::mem_model::threshold_lines;
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    let Some((root, dpr)) = sized_area(canvas) else {
        return;
    };
    let ink = ink(theme);
    let px = |n: f64| (n * dpr) as u32;
    let font = |n: f64| ("sans-serif", n * dpr);
    let _ = root.fill(&ink.bg);
    let points = &host.points;
    let Some((_, last)) = points.last() else {
        return;
    };
    let t_max = points.iter().map(|p| p.0).max().unwrap_or(1).max(1);
    // A log scale: the thresholds are fixed fractions of minFree (400, 100,
    // 64, 32, 16 %), so they sit evenly apart however much memory is free.
    let lowest = threshold_lines(&last.thresholds)
        .last()
        .map_or(1, |l| l.0)
        .min(points.iter().map(|p| p.1.free_mb).min().unwrap_or(1));
    let y_min = (lowest / 2).max(1);
    let highest = points
        .iter()
        .map(|p| p.1.free_mb.max(p.1.thresholds.high_mb))
        .max()
        .unwrap_or(1);
    let y_top = (highest as f64 * 1.5).ceil() as u64;
    let Ok(mut chart) = ChartBuilder::on(&root)
        .margin(px(10.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(0u32..t_max, (y_min..y_top).log_scale())
    else {
        return;
    };
    let state_index = |s: MemState| s as usize;
    // State bands behind everything, named where there is room.
    for b in state_bands(points) {
        let tint = parse_hex(state_colour(b.state)).mix(0.25);
        let _ = chart.draw_series(std::iter::once(Rectangle::new(
            [(b.from_s, y_top), (b.to_s, y_min)],
            tint.filled(),
        )));
        let (x0, _) = chart.backend_coord(&(b.from_s, y_top));
        let (x1, _) = chart.backend_coord(&(b.to_s, y_top));
        if x1 - x0 > px(48.0) as i32 {
            let _ = chart.draw_series(std::iter::once(Text::new(
                text.states[state_index(b.state)].clone(),
                (b.from_s, y_top),
                font(11.0)
                    .into_font()
                    .color(&ink.fg)
                    .pos(Pos::new(HPos::Left, VPos::Top)),
            )));
        }
    }
    let _ = chart
        .configure_mesh()
        .x_desc(text.time.as_str())
        .y_desc(text.free.as_str())
        .label_style(font(12.0).into_font().color(&ink.fg))
        .axis_desc_style(font(13.0).into_font().color(&ink.fg))
        .axis_style(ink.fg)
        .light_line_style(ink.grid)
        .bold_line_style(ink.grid)
        .draw();
    // Thresholds as dashed lines over time (they follow the host's size),
    // labelled at the right with every state at that value.
    for k in 0..5 {
        if points
            .iter()
            .all(|(_, m)| threshold_list(&m.thresholds)[k].1 == 0)
        {
            continue; // a threshold this model does not have
        }
        let line = points
            .iter()
            .map(|(t, m)| (*t, threshold_list(&m.thresholds)[k].1.max(y_min)));
        let _ = chart.draw_series(DashedLineSeries::new(
            line,
            px(6.0),
            px(4.0),
            ink.fg.stroke_width(px(1.0)),
        ));
    }
    for (mb, states) in threshold_lines(&last.thresholds) {
        let names: Vec<&str> = states
            .iter()
            .map(|s| text.states[state_index(*s)].as_str())
            .collect();
        let _ = chart.draw_series(std::iter::once(Text::new(
            format!("{} {mb}", names.join(" = ")),
            (t_max, mb),
            font(11.0)
                .into_font()
                .color(&ink.fg)
                .pos(Pos::new(HPos::Right, VPos::Bottom)),
        )));
    }
    let _ = chart.draw_series(LineSeries::new(
        points.iter().map(|(t, m)| (*t, m.free_mb.max(y_min))),
        parse_hex(FREE_COLOUR).stroke_width(px(2.5)),
    ));
    let _ = chart.draw_series(LineSeries::new(
        [(t_s, y_min), (t_s, y_top)],
        ink.fg.stroke_width(px(1.0)),
    ));
    let _ = root.present();
}

/// Natively (server-side rendering in tests) effects do not run.
#[cfg(not(target_arch = "wasm32"))]
fn draw(
    _canvas: &NodeRef,
    _host: &HostMemSeries,
    _t_s: u32,
    _theme: crate::state::prefs::Theme,
    _text: &DrawText,
) {
}
