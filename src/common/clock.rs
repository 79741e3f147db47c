//! The page's clock, for the budgets that keep tasks short (issue 18): a
//! run's slices (`lab::sliced_run`) and the charts' drawing
//! (`common::draw_soon`).

/// `performance.now()` [ms, sub-millisecond]; None natively (no page, no
/// budget: the work goes in one go). Not `Date.now()`: its whole
/// milliseconds made a run's pace over its first steps read as 0 or 1 ms.
pub fn now_ms() -> Option<f64> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}
