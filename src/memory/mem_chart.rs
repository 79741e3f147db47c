//! Where one VM's memory is over time: its touched memory stacked in six
//! layers (private, shared, zero, ballooned, compressed, swapped), with its
//! memory performance as a thin line on a second axis, so a student sees
//! which mechanism took memory when, and what it cost. One VM at a time
//! (there may be many), chosen in a selector; a data table is the
//! accessible alternative.

use crate::common::folded_table::FoldedTable;
use crate::memory::mem_model::{default_mem_vm, MemLayer, VmMemSeries};
use crate::state::use_app;
use crate::text::{tr, Lang};
use std::rc::Rc;
use yew::prelude::*;

/// One fixed colour per layer, in [`MemLayer::ALL`] order (Okabe–Ito, safe
/// for colour-blind readers): a layer looks the same for every VM.
pub const LAYER_COLOURS: [&str; 6] = [
    "#0072B2", "#009E73", "#56B4E9", "#E69F00", "#CC79A7", "#D55E00",
];

/// What a cell shows without data (the VM was off).
const NONE: &str = "—";

#[derive(Properties, PartialEq)]
pub struct MemChartProps {
    pub vms: Rc<Vec<VmMemSeries>>,
    /// The time the cluster view shows [s], marked on the chart.
    pub t_s: u32,
}

/// Axis titles, translated (the drawing needs them as plain text).
#[derive(Clone, PartialEq)]
struct AxisText {
    time: String,
    mb: String,
    pct: String,
}

fn layer_name(lang: Lang, layer: MemLayer) -> String {
    tr(lang, &format!("mem.layer_{}", layer.name()))
}

#[component]
pub fn MemChart(props: &MemChartProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let canvas = use_node_ref();
    // The chosen VM by name, so it stays chosen when the run changes; None
    // until the student picks one.
    let chosen = use_state(|| None::<String>);
    let shown = chosen
        .as_ref()
        .and_then(|name| props.vms.iter().find(|v| &v.name == name))
        .or_else(|| props.vms.get(default_mem_vm(&props.vms)))
        .cloned();
    {
        let target = canvas.clone();
        let axes = AxisText {
            time: tr(lang, "chart.time_axis"),
            mb: tr(lang, "mem.axis_mb"),
            pct: tr(lang, "mem.axis_pct"),
        };
        crate::common::draw_soon::use_draw_soon(
            &canvas,
            (shown.clone(), props.t_s, app.prefs.theme, axes),
            move |(shown, t_s, theme, axes)| {
                if let Some(vm) = shown {
                    draw(&target, vm, *t_s, *theme, axes);
                }
            },
        );
    }
    let Some(vm) = shown else {
        return html! {};
    };
    let on_pick = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            chosen.set(Some(el.value()));
        })
    };
    let title = tr(lang, "mem.chart_title");
    let performance = tr(lang, "mem.performance");
    html! {
        <figure class="chart mem-chart" data-vm={vm.name.clone()}>
            <figcaption>{ title.clone() }</figcaption>
            <div class="control chart-select">
                <label for="mem-vm-select">{ tr(lang, "mem.vm_select") }</label>
                <select id="mem-vm-select" data-testid="mem-vm-select" onchange={on_pick}>
                    { for props.vms.iter().map(|v| html! {
                        <option value={v.name.clone()} selected={v.name == vm.name}>{ v.name.clone() }</option>
                    }) }
                </select>
            </div>
            <canvas ref={canvas} data-testid="mem-chart" role="img"
                aria-label={format!("{title}: {}", vm.name)}></canvas>
            <ul class="legend" data-testid="mem-chart-legend">
                { for MemLayer::ALL.iter().zip(LAYER_COLOURS).map(|(l, c)| html! {
                    <li><span class="swatch" style={format!("background:{c}")}></span>{ layer_name(lang, *l) }</li>
                }) }
                <li><span class="swatch line-swatch"></span>{ performance.clone() }</li>
            </ul>
            <p class="table-note">{ tr(lang, "mem.stack_note") }</p>
            { data_table(lang, props.vms.clone(), &vm.name, &performance) }
        </figure>
    }
}

/// Every sample's six layers, touched memory and performance for VM
/// `name` of `vms`; its rows are built only while the table is open.
fn data_table(lang: Lang, vms: Rc<Vec<VmMemSeries>>, name: &str, performance: &str) -> Html {
    let summary = format!("{} · {}", tr(lang, "chart.table"), name);
    let (name, performance) = (name.to_string(), performance.to_string());
    let table = Callback::from(move |()| {
        let Some(vm) = vms.iter().find(|v| v.name == name) else {
            return html! {};
        };
        let row = |(t, m): &(u32, Option<vlab_sim::memory::VmMemSample>)| match m {
            Some(m) => html! {
                <tr>
                    <th scope="row">{ t }</th>
                    { for MemLayer::ALL.iter().map(|l| html! { <td class="num">{ l.mb(m) }</td> }) }
                    <td class="num">{ m.touched_mb }</td>
                    <td class="num">{ m.performance_pct }</td>
                </tr>
            },
            None => html! {
                <tr>
                    <th scope="row">{ t }</th>
                    { for (0..MemLayer::ALL.len() + 2).map(|_| html! { <td class="num none">{ NONE }</td> }) }
                </tr>
            },
        };
        html! {
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{ tr(lang, "chart.t") }</th>
                    { for MemLayer::ALL.iter().map(|l| html! { <th scope="col">{ layer_name(lang, *l) }</th> }) }
                    <th scope="col">{ tr(lang, "mem.touched") }</th>
                    <th scope="col">{ performance.clone() }</th>
                </tr></thead>
                <tbody>{ for vm.points.iter().map(row) }</tbody>
            </table>
        }
    });
    html! {
        <FoldedTable testid="mem-chart-table" summary={summary.clone()} label={summary} {table} />
    }
}

#[cfg(target_arch = "wasm32")]
fn draw(
    canvas: &NodeRef,
    vm: &VmMemSeries,
    t_s: u32,
    theme: crate::state::prefs::Theme,
    axes: &AxisText,
) {
    use crate::common::canvas_setup::{ink, parse_hex, sized_area};
    use crate::memory::mem_model::stack_bounds;
    use plotters::prelude::*;

    let Some((root, dpr)) = sized_area(canvas) else {
        return;
    };
    let ink = ink(theme);
    let px = |n: f64| (n * dpr) as u32;
    let font = |n: f64| ("sans-serif", n * dpr);
    let _ = root.fill(&ink.bg);
    let bounds = stack_bounds(&vm.points);
    let t_max = bounds.iter().map(|b| b.0).max().unwrap_or(1).max(1);
    let top = bounds.iter().map(|b| b.1[6]).max().unwrap_or(1).max(1);
    let y_top = (top as f64 * 1.1).ceil() as u64;
    let Ok(chart) = ChartBuilder::on(&root)
        .margin(px(10.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(64.0))
        .right_y_label_area_size(px(52.0))
        .build_cartesian_2d(0u32..t_max, 0u64..y_top)
    else {
        return;
    };
    // Performance on its own 0–100 % axis, on the right.
    let mut chart = chart.set_secondary_coord(0u32..t_max, 0u32..105u32);
    let _ = chart
        .configure_mesh()
        .x_desc(axes.time.as_str())
        .y_desc(axes.mb.as_str())
        .label_style(font(12.0).into_font().color(&ink.fg))
        .axis_desc_style(font(13.0).into_font().color(&ink.fg))
        .axis_style(ink.fg)
        .light_line_style(ink.grid)
        .bold_line_style(ink.grid)
        .draw();
    let _ = chart
        .configure_secondary_axes()
        .y_desc(axes.pct.as_str())
        .label_style(font(12.0).into_font().color(&ink.fg))
        .axis_desc_style(font(13.0).into_font().color(&ink.fg))
        .axis_style(ink.fg)
        .draw();
    // Each layer is the polygon between its lower and upper boundary.
    for (k, colour) in LAYER_COLOURS.iter().enumerate() {
        let upper = bounds.iter().map(|(t, b)| (*t, b[k + 1]));
        let lower = bounds.iter().rev().map(|(t, b)| (*t, b[k]));
        let outline: Vec<(u32, u64)> = upper.chain(lower).collect();
        let _ = chart.draw_series(std::iter::once(Polygon::new(
            outline,
            parse_hex(colour).filled(),
        )));
    }
    // The performance line, with a halo in the background colour so it
    // reads on top of any layer.
    let perf: Vec<(u32, u32)> = vm
        .points
        .iter()
        .filter_map(|(t, m)| m.map(|m| (*t, m.performance_pct)))
        .collect();
    let _ = chart.draw_secondary_series(LineSeries::new(
        perf.iter().copied(),
        ink.bg.stroke_width(px(4.0)),
    ));
    let _ = chart.draw_secondary_series(LineSeries::new(
        perf.iter().copied(),
        ink.fg.stroke_width(px(1.5)),
    ));
    // The time the cluster view shows.
    let _ = chart.draw_series(LineSeries::new(
        [(t_s, 0), (t_s, y_top)],
        ink.fg.stroke_width(px(1.0)),
    ));
    let _ = root.present();
}

/// Natively (server-side rendering in tests) effects do not run.
#[cfg(not(target_arch = "wasm32"))]
fn draw(
    _canvas: &NodeRef,
    _vm: &VmMemSeries,
    _t_s: u32,
    _theme: crate::state::prefs::Theme,
    _axes: &AxisText,
) {
}
