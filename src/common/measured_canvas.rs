//! The charts' drawing backend: plotters-canvas's `CanvasBackend`, with
//! text measured by the canvas itself.
//!
//! plotters measures text on the web by adding a `<span>` to `<body>`
//! and reading its size (plotters 0.3.7, `style/font/web.rs`), which
//! forces the browser to lay out the whole page once per label: a chart
//! measures twenty-odd labels, so one chart update cost twenty layouts,
//! and the page's own mutation-watchers (and the benchmark's) saw the
//! spans come and go. `CanvasRenderingContext2D.measureText` measures
//! with the font the label is drawn in, without touching the page.
//!
//! Lines, rectangles, paths, circles and polygons are drawn here too, as
//! `CanvasBackend` draws them, but setting the context's colours and line
//! width only when they change. `CanvasBackend` formats an
//! `rgba(r,g,b,a)` string and sends it to the context for every shape;
//! a chart's grid and markers are hundreds of shapes in a few styles, and
//! the strings were over a third of a chart's drawing time in a profile
//! at 4× CPU (issue 18). Text is still `CanvasBackend`'s.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// plotters-canvas's error type (its name is not exported).
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;

/// A canvas to draw charts on (see the module's notes).
pub struct MeasuredCanvas {
    inner: CanvasBackend,
    /// The same 2D context `inner` draws with (a canvas has only one).
    context: CanvasRenderingContext2d,
    /// What this backend last set on `context`; `None` until it sets it,
    /// so a new backend (one per chart drawing) sets it once.
    stroke: Option<(Rgba, u32)>,
    fill: Option<Rgba>,
}

/// A colour as a comparable key: red, green, blue, and alpha's bits.
type Rgba = (u8, u8, u8, u64);

fn rgba(color: BackendColor) -> Rgba {
    let (r, g, b) = color.rgb;
    (r, g, b, color.alpha.to_bits())
}

/// The string `CanvasBackend` sets for a colour (the same, so a shape
/// looks as it did).
fn css(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({},{},{},{})", r, g, b, color.alpha)
}

type Drawn = Result<(), DrawingErrorKind<CanvasError>>;

impl MeasuredCanvas {
    pub fn new(canvas: HtmlCanvasElement) -> Option<MeasuredCanvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(MeasuredCanvas {
            inner,
            context,
            stroke: None,
            fill: None,
        })
    }

    fn set_stroke(&mut self, style: &impl BackendStyle) {
        let (color, width) = (style.color(), style.stroke_width());
        let key = (rgba(color), width);
        if self.stroke != Some(key) {
            self.context.set_stroke_style_str(&css(color));
            self.context.set_line_width(f64::from(width));
            self.stroke = Some(key);
        }
    }

    fn set_fill(&mut self, color: BackendColor) {
        let key = rgba(color);
        if self.fill != Some(key) {
            self.context.set_fill_style_str(&css(color));
            self.fill = Some(key);
        }
    }

    /// A path through `points` (none: an empty path, as `CanvasBackend`).
    fn trace(&self, points: impl IntoIterator<Item = BackendCoord>) -> bool {
        let mut points = points.into_iter();
        self.context.begin_path();
        let Some(start) = points.next() else {
            return false;
        };
        self.context.move_to(f64::from(start.0), f64::from(start.1));
        for p in points {
            self.context.line_to(f64::from(p.0), f64::from(p.1));
        }
        true
    }
}

/// A one-pixel horizontal or vertical line sits on pixel centres, not
/// between two rows (`CanvasBackend`'s `fine_hor_ver_lines`).
fn fine_hor_ver(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut from, mut to) = (
        (f64::from(from.0), f64::from(from.1)),
        (f64::from(to.0), f64::from(to.1)),
    );
    if from.0 == to.0 {
        from.0 -= 0.5;
        to.0 -= 0.5;
    }
    if from.1 == to.1 {
        from.1 -= 0.5;
        to.1 -= 0.5;
    }
    (from, to)
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.set_fill(color);
        self.context
            .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (from, to) = fine_hor_ver(from, to);
        self.set_stroke(style);
        self.context.begin_path();
        self.context.move_to(from.0, from.1);
        self.context.line_to(to.0, to.1);
        self.context.stroke();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let w = f64::from(bottom_right.0 - upper_left.0);
        let h = f64::from(bottom_right.1 - upper_left.1);
        if fill {
            self.set_fill(style.color());
            self.context.fill_rect(x, y, w, h);
        } else {
            self.set_stroke(style);
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.set_stroke(style);
        self.trace(path);
        self.context.stroke();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.set_fill(style.color());
        } else {
            self.set_stroke(style);
        }
        self.context.begin_path();
        let (x, y) = (f64::from(center.0), f64::from(center.1));
        // `arc` throws only for a negative radius; a u32 is not.
        let _ = self
            .context
            .arc(x, y, f64::from(radius), 0.0, std::f64::consts::TAU);
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.set_fill(style.color());
        if self.trace(vert) {
            self.context.close_path();
        }
        self.context.fill();
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        // CanvasBackend sets the fill colour to the text's.
        self.fill = None;
        self.inner.draw_text(text, style, pos)
    }

    /// Width and height [device px] of `text` in `style`'s font: the
    /// advance width, and the font's ascent plus descent (what a line of
    /// it takes, as the `<span>` plotters measured gave).
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        let size = style.size();
        // The font string CanvasBackend::draw_text sets.
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            size,
            style.family().as_str()
        ));
        let m = self
            .context
            .measure_text(text)
            .map_err(|e| DrawingErrorKind::FontError(format!("measureText: {e:?}").into()))?;
        let line = m.font_bounding_box_ascent() + m.font_bounding_box_descent();
        // A browser without font metrics: a usual line height.
        let height = if line.is_finite() && line > 0.0 {
            line
        } else {
            size * 1.2
        };
        Ok((m.width().ceil() as u32, height.ceil() as u32))
    }
}
