//! A line chart of granted resources over time, drawn with plotters on a
//! canvas sized in device pixels (crisp on high-DPI screens), with a data
//! table as its accessible alternative.

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
}

#[component]
pub fn Chart(props: &ChartProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let theme = app.prefs.theme;
        let axis = tr(lang, "chart.time_axis");
        use_effect_with(
            (props.series.clone(), theme, axis),
            move |(series, theme, axis)| {
                draw(&canvas, series, *theme, axis);
            },
        );
    }
    let times: Vec<u32> = props
        .series
        .first()
        .map(|s| s.points.iter().map(|p| p.0).collect())
        .unwrap_or_default();
    html! {
        <figure class="chart">
            <figcaption>{ props.title.clone() }</figcaption>
            <canvas ref={canvas} data-testid={props.testid.clone()} role="img" aria-label={props.title.clone()}></canvas>
            <ul class="legend">
                { for props.series.iter().map(|s| html! {
                    <li><span class="swatch" style={format!("background:{}", PALETTE[s.index % PALETTE.len()])}></span>{ s.name.clone() }</li>
                }) }
            </ul>
            <FoldedTable testid={format!("{}-table", props.testid)} summary={tr(lang, "chart.table")}
                label={format!("{} · {}", tr(lang, "chart.table"), props.title)}>
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{ tr(lang, "chart.t") }</th>
                            { for props.series.iter().map(|s| html! { <th scope="col">{ s.name.clone() }</th> }) }
                        </tr></thead>
                        <tbody>
                            { for times.iter().enumerate().map(|(row, t)| html! {
                                <tr>
                                    <th scope="row">{ t }</th>
                                    { for props.series.iter().map(|s| html! { <td class="num">{ s.points[row].1 }</td> }) }
                                </tr>
                            }) }
                        </tbody>
                    </table>
            </FoldedTable>
        </figure>
    }
}

#[cfg(target_arch = "wasm32")]
fn draw(canvas: &NodeRef, series: &[Series], theme: crate::state::prefs::Theme, axis: &str) {
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
    let n = series.len();
    for (i, s) in series.iter().enumerate() {
        let c = parse_hex(PALETTE[s.index % PALETTE.len()]);
        // Earlier series are drawn wider, so VMs with identical grants show
        // as nested stripes instead of hiding each other.
        let width = line_width + px(2.0) * (n - 1 - i).min(4) as u32;
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
fn draw(_canvas: &NodeRef, _series: &[Series], _theme: crate::state::prefs::Theme, _axis: &str) {}
