//! Drawing a migration's charts on their canvases with plotters (browser
//! only: natively, as in server-side rendering, effects do not run and
//! these do nothing). The theme's ink, Okabe–Ito colours, and larger text
//! on the projector.

/// Translated text the drawing needs. `downtime` is a template (`%{ms}`).
#[derive(Clone, PartialEq)]
pub struct ChartText {
    pub round: String,
    pub time: String,
    pub mb: String,
    pub downtime: String,
    /// Storage copy, pre-copy, switchover, resume.
    pub phases: [String; 4],
    /// The outcome "failed", marked where a migration stopped.
    pub failed: String,
}

#[cfg(target_arch = "wasm32")]
pub use canvas::{draw_phases, draw_rounds, draw_sent};

#[cfg(not(target_arch = "wasm32"))]
pub use native::{draw_phases, draw_rounds, draw_sent};

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::ChartText;
    use crate::state::prefs::Theme;
    use vlab_sim::migration::record::MigrationRecord;
    use yew::NodeRef;

    pub fn draw_rounds(_: &NodeRef, _: &MigrationRecord, _: Theme, _: &ChartText) {}
    pub fn draw_sent(_: &NodeRef, _: &MigrationRecord, _: Theme, _: &ChartText) {}
    pub fn draw_phases(_: &NodeRef, _: &MigrationRecord, _: Theme, _: &ChartText) {}
}

#[cfg(target_arch = "wasm32")]
mod canvas {
    use super::ChartText;
    use crate::common::canvas_setup::{ink, parse_hex, sized_area, sized_area_shaped, Ink};
    use crate::migration::migration_charts::{phase_colour, DIRTIED_COLOUR, SENT_COLOUR};
    use crate::migration::migration_model::{
        downtime_span, drawn_spans, phases, round_label_stride, sent_curve, switchover_target_mb,
    };
    use crate::state::prefs::Theme;
    use crate::text::fill;
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use vlab_sim::migration::plan::PhaseKind;
    use vlab_sim::migration::record::{MigrationRecord, Outcome};
    use yew::NodeRef;

    use crate::common::canvas_setup::Scale;

    fn phase_index(kind: PhaseKind) -> usize {
        match kind {
            PhaseKind::StorageCopy => 0,
            PhaseKind::Precopy => 1,
            PhaseKind::Switchover => 2,
            PhaseKind::Resume => 3,
        }
    }

    fn secs(ms: u64) -> f64 {
        ms as f64 / 1000.0
    }

    /// Tick labels in seconds: whole ones unless the run is short.
    fn seconds_label(end_s: f64) -> impl Fn(&f64) -> String {
        move |v: &f64| {
            if end_s >= 10.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        }
    }

    /// Bars per round: sent (left) and dirtied meanwhile (right), with the
    /// switchover target pre-copy aims for as a dashed line.
    pub fn draw_rounds(canvas: &NodeRef, r: &MigrationRecord, theme: Theme, text: &ChartText) {
        if r.rounds.is_empty() {
            return;
        }
        let Some((root, dpr)) = sized_area(canvas) else {
            return;
        };
        let s = Scale::new(dpr, theme);
        let Ink { bg, fg, grid } = ink(theme);
        let _ = root.fill(&bg);
        let n = r.rounds.len() as u32;
        let target = switchover_target_mb(r);
        let y_max = r
            .rounds
            .iter()
            .map(|x| x.sent_mb.max(x.dirtied_mb))
            .max()
            .unwrap_or(1)
            .max(target.unwrap_or(0))
            .max(1);
        let y_top = (y_max as f64 * 1.12).ceil() as u64;
        // A round is 10 units wide, centred on 10 × its number.
        let x_end = n * 10 + 5;
        let Ok(mut chart) = ChartBuilder::on(&root)
            .margin(s.px(10.0))
            .x_label_area_size(s.px(40.0 * s.text))
            .y_label_area_size(s.px(64.0 * s.text))
            .build_cartesian_2d(5u32..x_end, 0u64..y_top)
        else {
            return;
        };
        let stride = round_label_stride(r.rounds.len()) as u32;
        let round_label = |v: &u32| {
            if v % 10 == 0 && (v / 10) % stride == 0 {
                (v / 10).to_string()
            } else {
                String::new()
            }
        };
        let _ = chart
            .configure_mesh()
            .x_labels(n as usize + 1)
            .x_label_formatter(&round_label)
            .disable_x_mesh()
            .x_desc(text.round.as_str())
            .y_desc(text.mb.as_str())
            .label_style(s.font(12.0).into_font().color(&fg))
            .axis_desc_style(s.font(13.0).into_font().color(&fg))
            .axis_style(fg)
            .max_light_lines(1)
            .light_line_style(grid)
            .bold_line_style(grid)
            .draw();
        let (sent, dirtied) = (parse_hex(SENT_COLOUR), parse_hex(DIRTIED_COLOUR));
        for (i, round) in r.rounds.iter().enumerate() {
            let x = (i as u32 + 1) * 10;
            let _ = chart.draw_series([
                Rectangle::new([(x - 4, round.sent_mb), (x, 0)], sent.filled()),
                Rectangle::new([(x, round.dirtied_mb), (x + 4, 0)], dirtied.filled()),
            ]);
        }
        // Named in the legend below the canvas.
        if let Some(mb) = target {
            let _ = chart.draw_series(DashedLineSeries::new(
                [(5, mb), (x_end, mb)],
                s.px(6.0),
                s.px(4.0),
                fg.stroke_width(s.px(1.5)),
            ));
        }
        let _ = root.present();
    }

    /// Data sent so far over time, over the phases as tinted bands.
    pub fn draw_sent(canvas: &NodeRef, r: &MigrationRecord, theme: Theme, text: &ChartText) {
        let points = sent_curve(r);
        let Some(&(end_ms, _)) = points.last() else {
            return;
        };
        let Some((root, dpr)) = sized_area(canvas) else {
            return;
        };
        let s = Scale::new(dpr, theme);
        let Ink { bg, fg, grid } = ink(theme);
        let _ = root.fill(&bg);
        let x_top = secs(end_ms).max(0.001);
        let y_max = points.iter().map(|p| p.1).max().unwrap_or(1).max(1);
        let y_top = (y_max as f64 * 1.1).ceil() as u64;
        let Ok(mut chart) = ChartBuilder::on(&root)
            .margin(s.px(10.0))
            .x_label_area_size(s.px(40.0 * s.text))
            .y_label_area_size(s.px(64.0 * s.text))
            .build_cartesian_2d(0f64..x_top, 0u64..y_top)
        else {
            return;
        };
        for p in phases(r) {
            let tint = parse_hex(phase_colour(p.kind)).mix(0.25);
            let _ = chart.draw_series(std::iter::once(Rectangle::new(
                [(secs(p.start_ms), y_top), (secs(p.end_ms), 0)],
                tint.filled(),
            )));
        }
        let x_label = seconds_label(x_top);
        let _ = chart
            .configure_mesh()
            .x_label_formatter(&x_label)
            .x_desc(text.time.as_str())
            .y_desc(text.mb.as_str())
            .label_style(s.font(12.0).into_font().color(&fg))
            .axis_desc_style(s.font(13.0).into_font().color(&fg))
            .axis_style(fg)
            .max_light_lines(1)
            .light_line_style(grid)
            .bold_line_style(grid)
            .draw();
        let line = parse_hex(SENT_COLOUR);
        let xy = || points.iter().map(|&(t, mb)| (secs(t), mb));
        let _ = chart.draw_series(LineSeries::new(xy(), line.stroke_width(s.px(s.line))));
        let _ = chart.draw_series(xy().map(|p| Circle::new(p, s.px(3.5), line.filled())));
        if let Some((a, b)) = downtime_span(r) {
            let label = fill(&text.downtime, &[("ms", &(b - a).to_string())]);
            let _ = chart.draw_series(std::iter::once(Text::new(
                format!("{label} →"),
                (secs(a), y_top),
                s.font(12.0)
                    .into_font()
                    .color(&fg)
                    .pos(Pos::new(HPos::Right, VPos::Top)),
            )));
        }
        let _ = root.present();
    }

    /// One bar of phases along the time axis; phases too short to see are
    /// widened to a few pixels, and the downtime is bracketed and labelled.
    pub fn draw_phases(canvas: &NodeRef, r: &MigrationRecord, theme: Theme, text: &ChartText) {
        let shown = phases(r);
        let Some(last) = shown.last() else {
            return;
        };
        let Some((root, dpr)) = sized_area_shaped(canvas, 0.22, 140.0, 200.0) else {
            return;
        };
        let s = Scale::new(dpr, theme);
        let Ink { bg, fg, grid } = ink(theme);
        let _ = root.fill(&bg);
        let end_s = secs(last.end_ms).max(0.001);
        let Ok(mut chart) = ChartBuilder::on(&root)
            .margin(s.px(10.0))
            .margin_right(s.px(20.0))
            .x_label_area_size(s.px(40.0 * s.text))
            .y_label_area_size(s.px(8.0))
            .build_cartesian_2d(0f64..end_s, 0f64..1.0)
        else {
            return;
        };
        let x_label = seconds_label(end_s);
        let _ = chart
            .configure_mesh()
            .x_label_formatter(&x_label)
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(text.time.as_str())
            .label_style(s.font(12.0).into_font().color(&fg))
            .axis_desc_style(s.font(13.0).into_font().color(&fg))
            .axis_style(fg)
            .max_light_lines(1)
            .light_line_style(grid)
            .bold_line_style(grid)
            .draw();
        let (x0, _) = chart.backend_coord(&(0.0, 0.0));
        let (x1, _) = chart.backend_coord(&(end_s, 0.0));
        let per_px = end_s / f64::from((x1 - x0).max(1));
        // At least 6 px wide, a short phase pushing into the one before.
        let spans = drawn_spans(&shown, per_px * f64::from(s.px(6.0)));
        let (bar_lo, bar_hi) = (0.12, 0.6);
        for (p, &(a, b)) in shown.iter().zip(&spans) {
            let colour = parse_hex(phase_colour(p.kind));
            let _ = chart.draw_series([
                Rectangle::new([(a, bar_hi), (b, bar_lo)], colour.filled()),
                Rectangle::new([(a, bar_hi), (b, bar_lo)], fg.stroke_width(s.px(1.0))),
            ]);
            let name = &text.phases[phase_index(p.kind)];
            let room = (b - a) / per_px;
            let needed = name.chars().count() as f64 * s.px(7.5) as f64 * s.text;
            if room > needed {
                let _ = chart.draw_series(std::iter::once(Text::new(
                    name.clone(),
                    ((a + b) / 2.0, (bar_lo + bar_hi) / 2.0),
                    s.font(12.0)
                        .into_font()
                        .color(&BLACK)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )));
            }
        }
        let stun = shown.iter().position(|p| p.kind == PhaseKind::Switchover);
        if let (Some((da, db)), Some(k)) = (downtime_span(r), stun) {
            let (a, b) = (spans[k].0, spans[spans.len() - 1].1);
            let (foot, top) = (bar_hi + 0.04, bar_hi + 0.12);
            let _ = chart.draw_series(std::iter::once(PathElement::new(
                vec![(a, foot), (a, top), (b, top), (b, foot)],
                fg.stroke_width(s.px(2.0)),
            )));
            let label = fill(&text.downtime, &[("ms", &(db - da).to_string())]);
            let (x, h) = if b > end_s / 2.0 {
                (b, HPos::Right)
            } else {
                (a, HPos::Left)
            };
            let _ = chart.draw_series(std::iter::once(Text::new(
                label,
                (x, top + 0.03),
                s.font(13.0)
                    .into_font()
                    .style(FontStyle::Bold)
                    .color(&fg)
                    .pos(Pos::new(h, VPos::Bottom)),
            )));
        }
        if r.outcome == Outcome::Failed {
            let _ = chart.draw_series(std::iter::once(Text::new(
                format!("✗ {}", text.failed),
                (end_s, bar_hi + 0.07),
                s.font(13.0)
                    .into_font()
                    .style(FontStyle::Bold)
                    .color(&fg)
                    .pos(Pos::new(HPos::Right, VPos::Bottom)),
            )));
        }
        let _ = root.present();
    }
}
