//! Drawing the DRS charts on their canvases with plotters (browser only:
//! natively, as in server-side rendering, effects do not run and these do
//! nothing). The theme's ink, Okabe–Ito colours, a line at the shown time,
//! and larger text and lines on the projector.

/// Translated axis titles the drawing needs (with their units).
#[derive(Clone, PartialEq)]
pub struct DrawText {
    pub time: String,
    pub load: String,
    pub imbalance: String,
    pub hosts: String,
    pub energy: String,
}

#[cfg(target_arch = "wasm32")]
pub use canvas::{draw_imbalance, draw_loads, draw_power};

#[cfg(not(target_arch = "wasm32"))]
pub use native::{draw_imbalance, draw_loads, draw_power};

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::DrawText;
    use crate::drs::drs_model::DrsSeries;
    use crate::state::prefs::Theme;
    use yew::NodeRef;

    pub fn draw_loads(_: &NodeRef, _: &DrsSeries, _: u32, _: Theme, _: &DrawText) {}
    pub fn draw_imbalance(_: &NodeRef, _: &DrsSeries, _: u32, _: Theme, _: &DrawText) {}
    pub fn draw_power(_: &NodeRef, _: &DrsSeries, _: u32, _: Theme, _: &DrawText) {}
}

#[cfg(target_arch = "wasm32")]
mod canvas {
    use super::DrawText;
    use crate::common::canvas_setup::{ink, parse_hex, sized_area, Ink};
    use crate::common::chart::PALETTE;
    use crate::common::measured_canvas::MeasuredCanvas;
    use crate::drs::drs_charts::{
        ENERGY_COLOUR, HOSTS_ON_COLOUR, IMBALANCE_COLOUR, MARK_COLOUR, TARGET_COLOUR,
    };
    use crate::drs::drs_model::{segments, DrsSeries};
    use crate::state::prefs::Theme;
    use plotters::coord::types::RangedCoordf64;
    use plotters::coord::Shift;
    use plotters::prelude::*;
    use yew::NodeRef;

    type Area = DrawingArea<MeasuredCanvas, Shift>;
    type Chart<'a> = ChartContext<'a, MeasuredCanvas, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

    use crate::common::canvas_setup::Scale;

    /// The y axis: titled `desc`, ticks by `label`.
    struct YAxis<'a> {
        desc: &'a str,
        label: &'a dyn Fn(&f64) -> String,
    }

    /// A tick: whole numbers as such, others with one decimal.
    fn tick(v: &f64) -> String {
        if (v - v.round()).abs() < 1e-6 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        }
    }

    /// A chart over the run: x in the series' unit from 0 to the end, y
    /// from 0 to `y_top`; room for a right axis if asked. Its mesh is
    /// drawn by [`mesh`], after any secondary axis is set (which takes the
    /// right label area, so the primary labels stay on the left).
    fn frame<'a>(
        root: &'a Area,
        s: &Scale,
        series: &DrsSeries,
        y_top: f64,
        right_axis: bool,
    ) -> Option<Chart<'a>> {
        let x_end = series.unit.x(series.end_s).max(1e-3);
        let mut builder = ChartBuilder::on(root);
        builder
            .margin(s.px(10.0))
            // Room for the last x label, centred on the right edge.
            .margin_right(s.px(if right_axis { 10.0 } else { 24.0 }))
            .x_label_area_size(s.px(40.0 * s.text))
            .y_label_area_size(s.px(64.0 * s.text));
        if right_axis {
            builder.right_y_label_area_size(s.px(64.0 * s.text));
        }
        builder.build_cartesian_2d(0f64..x_end, 0f64..y_top).ok()
    }

    /// The grid and the axes' labels and titles.
    fn mesh(chart: &mut Chart, s: &Scale, ink: &Ink, text: &DrawText, y: YAxis) {
        let _ = chart
            .configure_mesh()
            .x_desc(text.time.as_str())
            .y_desc(y.desc)
            .x_label_formatter(&tick)
            .y_label_formatter(y.label)
            .label_style(s.font(12.0).into_font().color(&ink.fg))
            .axis_desc_style(s.font(13.0).into_font().color(&ink.fg))
            .axis_style(ink.fg)
            .max_light_lines(2)
            .light_line_style(ink.grid)
            .bold_line_style(ink.grid)
            .draw();
    }

    /// The canvas sized and cleared in the theme's background, with its
    /// scale and ink; `None` before it is laid out.
    fn blank(canvas: &NodeRef, theme: Theme) -> Option<(Area, Scale, Ink)> {
        let (root, dpr) = sized_area(canvas)?;
        let ink = ink(theme);
        let _ = root.fill(&ink.bg);
        Some((root, Scale::new(dpr, theme), ink))
    }

    /// The time the cluster views show, as a thin line.
    fn cursor(chart: &mut Chart, s: &Scale, ink: &Ink, series: &DrsSeries, t_s: u32, y_top: f64) {
        let x = series.unit.x(t_s);
        let _ = chart.draw_series(LineSeries::new(
            [(x, 0.0), (x, y_top)],
            ink.fg.stroke_width(s.px(1.0)),
        ));
    }

    /// One line per host, in % of its capacity, broken while it is off.
    pub fn draw_loads(
        canvas: &NodeRef,
        series: &DrsSeries,
        t_s: u32,
        theme: Theme,
        text: &DrawText,
    ) {
        let Some((root, s, ink)) = blank(canvas, theme) else {
            return;
        };
        let top = series
            .loads
            .iter()
            .flat_map(|l| l.points.iter().filter_map(|p| p.1))
            .max()
            .unwrap_or(0) as f64
            / 10.0;
        let y_top = (top * 1.1).max(100.0);
        let Some(mut chart) = frame(&root, &s, series, y_top, false) else {
            return;
        };
        let y = YAxis {
            desc: &text.load,
            label: &tick,
        };
        mesh(&mut chart, &s, &ink, text, y);
        let n = series.loads.len();
        for (i, line) in series.loads.iter().enumerate() {
            let colour = parse_hex(PALETTE[line.index % PALETTE.len()]);
            // Earlier hosts drawn wider, so equal loads show as nested
            // stripes instead of hiding each other.
            let width = s.px(s.line) + s.px(2.0) * (n - 1 - i).min(3) as u32;
            for seg in segments(&line.points) {
                let pts: Vec<(f64, f64)> = seg
                    .iter()
                    .map(|&(t, pm)| (series.unit.x(t), pm as f64 / 10.0))
                    .collect();
                if pts.len() == 1 {
                    let _ = chart.draw_series(std::iter::once(Circle::new(
                        pts[0],
                        s.px(3.0),
                        colour.filled(),
                    )));
                }
                let _ = chart.draw_series(LineSeries::new(pts, colour.stroke_width(width)));
            }
        }
        cursor(&mut chart, &s, &ink, series, t_s, y_top);
        let _ = root.present();
    }

    /// The imbalance over the target band (green up to the target: within
    /// it), with a triangle where each DRS migration started.
    pub fn draw_imbalance(
        canvas: &NodeRef,
        series: &DrsSeries,
        t_s: u32,
        theme: Theme,
        text: &DrawText,
    ) {
        let Some((root, s, ink)) = blank(canvas, theme) else {
            return;
        };
        let milli = |m: u32| f64::from(m) / 1000.0;
        let top = series
            .imbalance
            .iter()
            .map(|p| p.imbalance_milli.max(p.target_milli.unwrap_or(0)))
            .max()
            .unwrap_or(0);
        let y_top = (milli(top) * 1.15).max(0.05);
        let dec = |v: &f64| format!("{v:.2}");
        let Some(mut chart) = frame(&root, &s, series, y_top, false) else {
            return;
        };
        let y = YAxis {
            desc: &text.imbalance,
            label: &dec,
        };
        mesh(&mut chart, &s, &ink, text, y);
        let x = |t: u32| series.unit.x(t);
        // The band, one polygon per stretch with a target (the target
        // follows the number of hosts powered on).
        let targets: Vec<(u32, Option<u64>)> = series
            .imbalance
            .iter()
            .map(|p| (p.t_s, p.target_milli.map(u64::from)))
            .collect();
        let green = parse_hex(TARGET_COLOUR);
        for seg in segments(&targets) {
            let upper = seg.iter().map(|&(t, m)| (x(t), m as f64 / 1000.0));
            let lower = seg.iter().rev().map(|&(t, _)| (x(t), 0.0));
            let outline: Vec<(f64, f64)> = upper.chain(lower).collect();
            let _ = chart.draw_series(std::iter::once(Polygon::new(
                outline,
                green.mix(0.18).filled(),
            )));
            let _ = chart.draw_series(LineSeries::new(
                seg.iter().map(|&(t, m)| (x(t), m as f64 / 1000.0)),
                green.stroke_width(s.px(1.5)),
            ));
        }
        let _ = chart.draw_series(LineSeries::new(
            series
                .imbalance
                .iter()
                .map(|p| (x(p.t_s), milli(p.imbalance_milli))),
            parse_hex(IMBALANCE_COLOUR).stroke_width(s.px(s.line)),
        ));
        let mark = parse_hex(MARK_COLOUR);
        let _ = chart.draw_series(series.marks.iter().map(|&t| {
            TriangleMarker::new((x(t), y_top * 0.04), s.px(6.0 * s.text), mark.filled())
        }));
        cursor(&mut chart, &s, &ink, series, t_s, y_top);
        let _ = root.present();
    }

    /// Hosts powered on as a step line (left axis) and the energy drawn
    /// so far (right axis, kWh).
    pub fn draw_power(
        canvas: &NodeRef,
        series: &DrsSeries,
        t_s: u32,
        theme: Theme,
        text: &DrawText,
    ) {
        let Some(points) = series.power.as_ref().filter(|p| !p.is_empty()) else {
            return;
        };
        let Some((root, s, ink)) = blank(canvas, theme) else {
            return;
        };
        let hosts = points.iter().map(|p| p.hosts_on).max().unwrap_or(1).max(1);
        let y_top = f64::from(hosts) + 0.5;
        let whole = |v: &f64| {
            if (v - v.round()).abs() < 1e-6 {
                format!("{v:.0}")
            } else {
                String::new()
            }
        };
        let Some(chart) = frame(&root, &s, series, y_top, true) else {
            return;
        };
        let x = |t: u32| series.unit.x(t);
        let kwh_top = (points.last().map_or(0, |p| p.energy_wh) as f64 / 1000.0 * 1.1).max(0.01);
        let x_end = x(series.end_s).max(1e-3);
        let mut chart = chart.set_secondary_coord(0f64..x_end, 0f64..kwh_top);
        let y = YAxis {
            desc: &text.hosts,
            label: &whole,
        };
        mesh(&mut chart, &s, &ink, text, y);
        let _ = chart
            .configure_secondary_axes()
            .y_desc(text.energy.as_str())
            .y_label_formatter(&tick)
            .label_style(s.font(12.0).into_font().color(&ink.fg))
            .axis_desc_style(s.font(13.0).into_font().color(&ink.fg))
            .axis_style(ink.fg)
            .draw();
        let _ = chart.draw_secondary_series(LineSeries::new(
            points
                .iter()
                .map(|p| (x(p.t_s), p.energy_wh as f64 / 1000.0)),
            parse_hex(ENERGY_COLOUR).stroke_width(s.px(s.line)),
        ));
        // A step: the count holds until the next sample.
        let mut steps: Vec<(f64, f64)> = Vec::new();
        for w in points.windows(2) {
            let (a, b) = (w[0], w[1]);
            steps.push((x(a.t_s), f64::from(a.hosts_on)));
            steps.push((x(b.t_s), f64::from(a.hosts_on)));
        }
        if let Some(last) = points.last() {
            steps.push((x(last.t_s), f64::from(last.hosts_on)));
        }
        let _ = chart.draw_series(LineSeries::new(
            steps,
            parse_hex(HOSTS_ON_COLOUR).stroke_width(s.px(s.line)),
        ));
        let line = x(t_s);
        let _ = chart.draw_series(LineSeries::new(
            [(line, 0.0), (line, y_top)],
            ink.fg.stroke_width(s.px(1.0)),
        ));
        let _ = root.present();
    }
}
