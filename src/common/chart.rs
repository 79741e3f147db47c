//! A line chart of granted resources over time, drawn with plotters on a
//! canvas sized in device pixels (crisp on high-DPI screens), with a data
//! table as its accessible alternative.

use crate::common::chart_overlay::{lines, table_times, value_at, Line};
use crate::common::folded_table::FoldedTable;
use crate::state::use_app;
use crate::text::tr;
use std::rc::Rc;
use yew::prelude::*;

/// Distinct hues (Okabe–Ito, then Tol's muted), cycled by VM index.
pub const PALETTE: [&str; 12] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
    "#882255", "#44AA99", "#332288", "#AA4499",
];

/// One line of a chart: a VM's grant over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    /// The VM's position in the scenario: picks the same colour as in the
    /// host view, even when VMs that never ran are left out of the chart.
    pub index: usize,
    /// (t [s], granted [MHz or MB]).
    pub points: Vec<(u32, u64)>,
}

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub testid: AttrValue,
    pub title: AttrValue,
    pub series: Rc<Vec<Series>>,
    /// Setting B's series while A and B are compared: drawn dashed over
    /// A's (`chart_overlay`). None, the chart is A's alone, as before.
    #[prop_or_default]
    pub compare: Option<Rc<Vec<Series>>>,
}

#[component]
pub fn Chart(props: &ChartProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let canvas = use_node_ref();
    {
        let target = canvas.clone();
        let theme = app.prefs.theme;
        let axis = tr(lang, "chart.time_axis");
        crate::common::draw_soon::use_draw_soon(
            &canvas,
            (props.series.clone(), props.compare.clone(), theme, axis),
            move |(series, compare, theme, axis)| {
                draw(
                    &target,
                    &lines(series, compare.as_deref().map(|b| &b[..])),
                    *theme,
                    axis,
                );
            },
        );
    }
    let lines = lines(&props.series, props.compare.as_deref().map(|b| &b[..]));
    html! {
        <figure class="chart">
            <figcaption>{ props.title.clone() }</figcaption>
            <canvas ref={canvas} data-testid={props.testid.clone()} role="img" aria-label={props.title.clone()}></canvas>
            <ul class="legend">
                { for lines.iter().map(|l| html! {
                    <li><span class={classes!("swatch", l.dashed.then_some("dashed"))}
                        style={format!("--c:{0};background:{0}", PALETTE[l.index % PALETTE.len()])}></span>{ l.label.clone() }</li>
                }) }
            </ul>
            <FoldedTable testid={format!("{}-table", props.testid)} summary={tr(lang, "chart.table")}
                label={format!("{} · {}", tr(lang, "chart.table"), props.title)}
                table={data_table(lang, props.series.clone(), props.compare.clone())} />
        </figure>
    }
}

/// The chart's data table, built only when it is opened: a row per time,
/// a column per line.
fn data_table(
    lang: crate::text::Lang,
    series: Rc<Vec<Series>>,
    compare: Option<Rc<Vec<Series>>>,
) -> Callback<(), Html> {
    Callback::from(move |()| {
        let lines = lines(&series, compare.as_deref().map(|b| &b[..]));
        let times = table_times(&lines);
        html! {
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{ tr(lang, "chart.t") }</th>
                    { for lines.iter().map(|l| html! { <th scope="col">{ l.label.clone() }</th> }) }
                </tr></thead>
                <tbody>
                    { for times.iter().enumerate().map(|(row, &t)| html! {
                        <tr>
                            <th scope="row">{ t }</th>
                            { for lines.iter().map(|l| html! { <td class="num">{ cell(l, row, t) }</td> }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    })
}

/// A line's value in the data table's row `row` (time `t_s`): a run's
/// series sample every row, so the point at the same position is it;
/// else (comparing) the point at that time, or "—".
fn cell(line: &Line, row: usize, t_s: u32) -> String {
    match line.points.get(row) {
        Some(&(t, v)) if t == t_s => v.to_string(),
        _ => value_at(line.points, t_s).map_or_else(|| "—".to_string(), |v| v.to_string()),
    }
}

#[cfg(target_arch = "wasm32")]
fn draw(canvas: &NodeRef, series: &[Line], theme: crate::state::prefs::Theme, axis: &str) {
    use super::canvas_setup::{ink, parse_hex, sized_area, Ink};
    use plotters::prelude::*;

    let Some((root, dpr)) = sized_area(canvas) else {
        return;
    };
    let Ink { bg, fg, grid } = ink(theme);
    let px = |n: f64| (n * dpr) as u32;
    let font = |n: f64| ("sans-serif", n * dpr);
    let _ = root.fill(&bg);
    let t_max = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .max()
        .unwrap_or(1)
        .max(1);
    let y_max = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .max()
        .unwrap_or(1)
        .max(1);
    let y_top = (y_max as f64 * 1.1).ceil() as u64;
    let Ok(mut chart) = ChartBuilder::on(&root)
        .margin(px(10.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(0u32..t_max, 0u64..y_top)
    else {
        return;
    };
    let line_width = if theme == crate::state::prefs::Theme::Projector {
        px(4.0)
    } else {
        px(2.5)
    };
    let _ = chart
        .configure_mesh()
        .x_desc(axis)
        .label_style(font(12.0).into_font().color(&fg))
        .axis_desc_style(font(13.0).into_font().color(&fg))
        .axis_style(fg)
        .light_line_style(grid)
        .bold_line_style(grid)
        .draw();
    // Earlier lines are drawn wider, so VMs with identical grants show as
    // nested stripes instead of hiding each other; B's lines (dashed) go
    // over A's.
    let n = series.iter().filter(|s| !s.dashed).count();
    let mut solid = 0;
    for s in series {
        let c = parse_hex(PALETTE[s.index % PALETTE.len()]);
        if s.dashed {
            // Its dashes are edged in the background's colour, so they
            // stay visible where B's line lies on A's (same colour).
            for (ink, w) in [(bg, line_width + px(3.0)), (c, line_width)] {
                let _ = chart.draw_series(DashedLineSeries::new(
                    s.points.iter().copied(),
                    px(10.0),
                    px(7.0),
                    ink.stroke_width(w),
                ));
            }
            // Hollow marks at its samples, unless so many (a day) that
            // they would hide the dashes.
            if s.points.len() <= 60 {
                let _ = chart.draw_series(
                    s.points
                        .iter()
                        .map(|&p| Circle::new(p, px(3.0), c.stroke_width(px(1.5)))),
                );
            }
            continue;
        }
        solid += 1;
        let width = line_width + px(2.0) * n.saturating_sub(solid).min(4) as u32;
        let _ = chart.draw_series(LineSeries::new(
            s.points.iter().copied(),
            c.stroke_width(width),
        ));
        let _ = chart.draw_series(
            s.points
                .iter()
                .map(|&p| Circle::new(p, px(3.0), c.filled())),
        );
    }
    let _ = root.present();
}

/// Natively (server-side rendering in tests) effects do not run.
#[cfg(not(target_arch = "wasm32"))]
fn draw(_canvas: &NodeRef, _series: &[Line], _theme: crate::state::prefs::Theme, _axis: &str) {}
