//! What every chart shares on the canvas (browser only): a drawing
//! area sized in device pixels for the canvas's CSS width, so lines stay
//! crisp on high-DPI screens, and the theme's ink.

use plotters::coord::Shift;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;
use yew::NodeRef;

use super::measured_canvas::MeasuredCanvas;
use crate::state::prefs::Theme;

/// Device pixels, and text and lines a size larger on the projector.
pub struct Scale {
    pub dpr: f64,
    pub text: f64,
    pub line: f64,
}

impl Scale {
    pub fn new(dpr: f64, theme: Theme) -> Scale {
        let projector = theme == Theme::Projector;
        Scale {
            dpr,
            text: if projector { 1.3 } else { 1.0 },
            line: if projector { 4.0 } else { 2.5 },
        }
    }

    /// `n` CSS pixels in device pixels.
    pub fn px(&self, n: f64) -> u32 {
        (n * self.dpr) as u32
    }

    /// A sans-serif font of `n` CSS pixels, scaled.
    pub fn font(&self, n: f64) -> (&'static str, f64) {
        ("sans-serif", n * self.dpr * self.text)
    }
}

/// Background, text and grid colours for a theme.
pub struct Ink {
    pub bg: RGBColor,
    pub fg: RGBColor,
    pub grid: RGBColor,
}

pub fn ink(theme: Theme) -> Ink {
    match theme {
        Theme::Light => Ink {
            bg: WHITE,
            fg: RGBColor(0x22, 0x22, 0x22),
            grid: RGBColor(0xe4, 0xe4, 0xe4),
        },
        Theme::Dark => Ink {
            bg: RGBColor(0x1b, 0x1e, 0x24),
            fg: RGBColor(0xe8, 0xe8, 0xe8),
            grid: RGBColor(0x3a, 0x3f, 0x48),
        },
        Theme::Projector => Ink {
            bg: WHITE,
            fg: BLACK,
            grid: RGBColor(0xc0, 0xc0, 0xc0),
        },
    }
}

/// The canvas as a drawing area, its height following its width like the
/// other charts, and the device pixel ratio (to scale sizes and fonts).
pub fn sized_area(canvas: &NodeRef) -> Option<(DrawingArea<MeasuredCanvas, Shift>, f64)> {
    sized_area_shaped(canvas, 0.45, 200.0, 360.0)
}

/// The same, `ratio` times as high as wide within `min_h..=max_h` CSS
/// pixels (a one-row timeline is flatter than a chart).
pub fn sized_area_shaped(
    canvas: &NodeRef,
    ratio: f64,
    min_h: f64,
    max_h: f64,
) -> Option<(DrawingArea<MeasuredCanvas, Shift>, f64)> {
    let el = canvas.cast::<HtmlCanvasElement>()?;
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let css_w = f64::from(el.client_width().max(320));
    let css_h = (css_w * ratio).clamp(min_h, max_h);
    // Only when they change: setting either, even to what it was, clears
    // the canvas and marks the page's layout out of date, a forced layout
    // per chart on the next draw (issue 18). Every draw fills its
    // background first, so an unchanged canvas needs no clearing.
    let (w, h) = ((css_w * dpr) as u32, (css_h * dpr) as u32);
    if el.width() != w {
        el.set_width(w);
    }
    if el.height() != h {
        el.set_height(h);
    }
    let style = format!("height:{css_h}px");
    super::attribute::set_if_changed(&el, "style", Some(&style));
    let backend = MeasuredCanvas::new(el)?;
    Some((backend.into_drawing_area(), dpr))
}

/// `#RRGGBB` as a plotters colour.
pub fn parse_hex(hex: &str) -> RGBColor {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}
