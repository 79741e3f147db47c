//! Charts draw after the render, in a task of their own (issue 18). A
//! page's render (Yew's diff and the DOM it changes) and its charts'
//! drawing (plotters on a canvas, after a forced layout to size it) used
//! to run in one task: on a slow laptop a lab with several charts blocked
//! input for a few hundred milliseconds at a time. Now the render ends,
//! the browser may paint and take input, and the charts draw in a task
//! queued after it: all those the render changed together (one timer, not
//! one per chart, whose gaps and paints between added up to about 15 ms
//! at 4x CPU), up to [`DRAW_BUDGET_MS`] a task.

use yew::prelude::*;

/// How long one task of drawing may run before the rest waits for the
/// next [ms]: a long task is one over 50 ms.
#[cfg(target_arch = "wasm32")]
const DRAW_BUDGET_MS: f64 = 30.0;

/// As `use_effect_with(deps, draw)`, but `draw` runs after the render, in
/// a task queued for it. New `deps` before it ran (a newer change), or
/// the chart going, cancel it: only the latest data is drawn. Outside
/// the browser (the server-side render tests) nothing is drawn.
#[hook]
pub fn use_draw_soon<D>(deps: D, draw: impl Fn(&D) + 'static)
where
    D: PartialEq + Clone + 'static,
{
    use_effect_with(deps, move |deps| {
        #[cfg(target_arch = "wasm32")]
        {
            let deps = deps.clone();
            let live = queue::push(Box::new(move || draw(&deps)));
            move || live.set(false)
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (deps, draw);
            || ()
        }
    });
}

/// The draws waiting for their task, in the order the render asked.
#[cfg(target_arch = "wasm32")]
mod queue {
    use super::DRAW_BUDGET_MS;
    use crate::common::clock::now_ms;
    use gloo::timers::callback::Timeout;
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;
    use std::rc::Rc;

    type Draw = (Rc<Cell<bool>>, Box<dyn FnOnce()>);

    thread_local! {
        static WAITING: RefCell<VecDeque<Draw>> = const { RefCell::new(VecDeque::new()) };
        static TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    }

    /// Queues `draw`; it runs unless the returned flag is cleared first.
    pub fn push(draw: Box<dyn FnOnce()>) -> Rc<Cell<bool>> {
        let live = Rc::new(Cell::new(true));
        WAITING.with(|w| w.borrow_mut().push_back((live.clone(), draw)));
        arm();
        live
    }

    fn arm() {
        TIMER.with(|t| {
            let mut t = t.borrow_mut();
            if t.is_none() {
                *t = Some(Timeout::new(0, run));
            }
        });
    }

    /// Draws what is waiting while the budget lasts; the rest waits for
    /// another task. A chart's drawing cannot be cut short, so the next
    /// one waits too when the longest drawn so far would not fit in what
    /// is left (a day-long DRS chart takes 20-40 ms at 4x CPU: two of
    /// them in one task made it a long one).
    fn run() {
        TIMER.with(|t| t.borrow_mut().take());
        // No clock: everything waiting draws in this task.
        let started = now_ms();
        let mut longest_ms: f64 = 0.0;
        loop {
            // Taken one at a time: a draw may queue another.
            let next = WAITING.with(|w| w.borrow_mut().pop_front());
            let Some((live, draw)) = next else {
                return;
            };
            if !live.get() {
                continue;
            }
            let before = now_ms();
            draw();
            let (Some(t0), Some(t1), Some(t)) = (started, before, now_ms()) else {
                continue;
            };
            longest_ms = longest_ms.max(t - t1);
            let spent_ms = t - t0;
            if spent_ms + longest_ms > DRAW_BUDGET_MS {
                if WAITING.with(|w| !w.borrow().is_empty()) {
                    arm();
                }
                return;
            }
        }
    }
}
