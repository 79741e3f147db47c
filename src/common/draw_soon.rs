//! Charts draw after the render, in a task of their own (issue 18). A
//! page's render (Yew's diff and the DOM it changes) and its charts'
//! drawing (plotters on a canvas, after a forced layout to size it) used
//! to run in one task: on a slow laptop a lab with several charts blocked
//! input for a few hundred milliseconds at a time. Now the render ends,
//! the browser may paint and take input, and the charts draw in a task
//! queued after it: all those the render changed together (one timer, not
//! one per chart, whose gaps and paints between added up to about 15 ms
//! at 4x CPU), up to [`DRAW_BUDGET_MS`] a task.
//!
//! A chart away from the screen waits ([`super::near_viewport`]) until it
//! comes near, or until the page is printed: a `beforeprint` listener draws
//! every waiting chart at once, so paper shows them all.

use super::near_viewport::use_near_viewport;
use yew::prelude::*;

/// How long one task of drawing may run before the rest waits for the
/// next [ms]: a long task is one over 50 ms. The queue stops before a
/// chart that would not fit (see `run`), so the budget can come close;
/// each task more costs the charts after it a frame (at 30 ms, a DRS
/// lab's three charts took two tasks and a change reached the screen
/// 20-40 ms later at 4x CPU).
#[cfg(target_arch = "wasm32")]
const DRAW_BUDGET_MS: f64 = 40.0;

/// As `use_effect_with(deps, draw)`, but `draw` runs after the render, in
/// a task queued for it, and only while `canvas` is near the screen
/// ([`use_near_viewport`]): a chart off it draws when it comes near, once
/// for the data it shows. New `deps` before it ran (a newer change), the
/// chart leaving the screen, or the chart going, cancel it: only the
/// latest data is drawn. Outside the browser (the server-side render
/// tests) nothing is drawn.
#[hook]
pub fn use_draw_soon<D>(canvas: &NodeRef, deps: D, draw: impl Fn(&D) + 'static)
where
    D: PartialEq + Clone + 'static,
{
    let near = use_near_viewport(canvas);
    // What the canvas shows: drawn again only for other data.
    let drawn = use_mut_ref(|| None::<D>);
    use_effect_with((deps, near), move |(deps, near)| {
        #[cfg(target_arch = "wasm32")]
        {
            let stale = drawn.borrow().as_ref() != Some(deps);
            let live = stale.then(|| {
                let deps = deps.clone();
                let draw: Box<dyn FnOnce()> = Box::new(move || {
                    draw(&deps);
                    *drawn.borrow_mut() = Some(deps);
                });
                if *near {
                    queue::push(draw)
                } else {
                    queue::park(draw)
                }
            });
            move || {
                if let Some(live) = live {
                    live.set(false);
                }
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (deps, near, drawn, draw);
            || ()
        }
    });
}

/// The draws waiting for their task, in the order the render asked.
#[cfg(target_arch = "wasm32")]
mod queue {
    use super::DRAW_BUDGET_MS;
    use crate::common::clock::now_ms;
    use gloo::events::EventListener;
    use gloo::timers::callback::Timeout;
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;
    use std::rc::Rc;

    type Draw = (Rc<Cell<bool>>, Box<dyn FnOnce()>);

    thread_local! {
        static WAITING: RefCell<VecDeque<Draw>> = const { RefCell::new(VecDeque::new()) };
        static TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
        /// Draws of charts away from the screen, for printing.
        static PARKED: RefCell<Vec<Draw>> = const { RefCell::new(Vec::new()) };
        static PRINT_HOOK: RefCell<Option<EventListener>> = const { RefCell::new(None) };
    }

    /// Keeps `draw` until the page is printed; it runs then unless the
    /// returned flag is cleared first (the chart came near the screen and
    /// queued its own draw, or its data changed).
    pub fn park(draw: Box<dyn FnOnce()>) -> Rc<Cell<bool>> {
        let live = Rc::new(Cell::new(true));
        PARKED.with(|p| {
            let mut p = p.borrow_mut();
            p.retain(|(live, _)| live.get());
            p.push((live.clone(), draw));
        });
        PRINT_HOOK.with(|h| {
            if h.borrow().is_none() {
                *h.borrow_mut() = web_sys::window()
                    .map(|w| EventListener::new(&w, "beforeprint", |_| draw_all()));
            }
        });
        live
    }

    /// Every waiting and parked draw, now (the page is about to print).
    fn draw_all() {
        let parked = PARKED.with(|p| std::mem::take(&mut *p.borrow_mut()));
        let waiting = WAITING.with(|w| std::mem::take(&mut *w.borrow_mut()));
        for (live, draw) in waiting.into_iter().chain(parked) {
            if live.get() {
                draw();
            }
        }
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
