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
//! A render in a task that has time to spare (one that a lab's run asked
//! for, see [`after_render`]) draws its charts at once, in the same task:
//! a task of its own costs the charts a frame (in drs-diurnal-day at 4x
//! CPU the render took 18 ms and the charts 5 ms, then waited about 20 ms
//! for their task and the frame after it).
//!
//! A chart away from the screen waits ([`super::near_viewport`]) until it
//! comes near, or until the page is printed: a `beforeprint` listener draws
//! every waiting chart at once, so paper shows them all.

use super::near_viewport::use_near_viewport;
use yew::prelude::*;

/// How long one task of drawing may run before the rest waits for the
/// next [ms]: a long task is one over 50 ms. The queue stops before a
/// chart that would not fit (see `drain`), so the budget can come close;
/// each task more costs the charts after it a frame (at 30 ms, a DRS
/// lab's three charts took two tasks and a change reached the screen
/// 20-40 ms later at 4x CPU).
#[cfg(target_arch = "wasm32")]
const DRAW_BUDGET_MS: f64 = 40.0;

/// Tells the queue that a render is under way in a task that began at
/// `task_started_ms` (the page's clock): once the render is done, in the
/// same task, the charts it changed draw while the task stays within the
/// drawing budget (40 ms), each expected to take as long as its latest
/// drawing; those that would not fit wait for their own task as usual.
/// Call it during the render, or after the state change that schedules
/// it: it works by queueing after the render (see the queue's own
/// `after_render`).
pub fn after_render(task_started_ms: Option<f64>) {
    #[cfg(target_arch = "wasm32")]
    queue::after_render(task_started_ms);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = task_started_ms;
}

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
    // How long its latest drawing took [ms]: what the next one is taken
    // to need (see `queue::drain`).
    let cost_ms = use_mut_ref(|| None::<f64>);
    use_effect_with((deps, near), move |(deps, near)| {
        #[cfg(target_arch = "wasm32")]
        {
            let stale = drawn.borrow().as_ref() != Some(deps);
            let live = stale.then(|| {
                let deps = deps.clone();
                let expected_ms = *cost_ms.borrow();
                let draw: Box<dyn FnOnce()> = Box::new(move || {
                    let started = crate::common::clock::now_ms();
                    draw(&deps);
                    *drawn.borrow_mut() = Some(deps);
                    if let (Some(t0), Some(t)) = (started, crate::common::clock::now_ms()) {
                        *cost_ms.borrow_mut() = Some(t - t0);
                    }
                });
                if *near {
                    queue::push(draw, expected_ms)
                } else {
                    queue::park(draw, expected_ms)
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
            let _ = (deps, near, drawn, cost_ms, draw);
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

    /// How long a chart's first drawing is taken to last [ms]: a day-long
    /// DRS chart's took 30-40 ms at 4x CPU (its code not yet compiled).
    const FIRST_GUESS_MS: f64 = 40.0;

    /// A chart's drawing: whether it is still wanted, how long it is
    /// expected to take [ms], and the drawing.
    struct Draw {
        live: Rc<Cell<bool>>,
        expected_ms: f64,
        draw: Box<dyn FnOnce()>,
    }

    impl Draw {
        /// `draw`, expected to take `expected_ms` (its chart's latest
        /// drawing; None: never drawn), and the flag that cancels it.
        fn new(draw: Box<dyn FnOnce()>, expected_ms: Option<f64>) -> (Draw, Rc<Cell<bool>>) {
            let live = Rc::new(Cell::new(true));
            let d = Draw {
                live: live.clone(),
                expected_ms: expected_ms.unwrap_or(FIRST_GUESS_MS),
                draw,
            };
            (d, live)
        }
    }

    thread_local! {
        static WAITING: RefCell<VecDeque<Draw>> = const { RefCell::new(VecDeque::new()) };
        static TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
        /// Whether the drawing after this task's render is arranged.
        static AFTER_RENDER: Cell<bool> = const { Cell::new(false) };
        /// Draws of charts away from the screen, for printing.
        static PARKED: RefCell<Vec<Draw>> = const { RefCell::new(Vec::new()) };
        static PRINT_HOOK: RefCell<Option<EventListener>> = const { RefCell::new(None) };
    }

    /// Keeps `draw` until the page is printed; it runs then unless the
    /// returned flag is cleared first (the chart came near the screen and
    /// queued its own draw, or its data changed).
    pub fn park(draw: Box<dyn FnOnce()>, expected_ms: Option<f64>) -> Rc<Cell<bool>> {
        let (d, live) = Draw::new(draw, expected_ms);
        PARKED.with(|p| {
            let mut p = p.borrow_mut();
            p.retain(|d| d.live.get());
            p.push(d);
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
        for d in waiting.into_iter().chain(parked) {
            if d.live.get() {
                (d.draw)();
            }
        }
    }

    /// Queues `draw` (see [`Draw::new`]); it runs unless the returned
    /// flag is cleared first.
    pub fn push(draw: Box<dyn FnOnce()>, expected_ms: Option<f64>) -> Rc<Cell<bool>> {
        let (d, live) = Draw::new(draw, expected_ms);
        WAITING.with(|w| w.borrow_mut().push_back(d));
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

    /// See [`super::after_render`]. Yew renders in a microtask of the
    /// task that changed its state (`wasm_bindgen_futures`' queue); a
    /// future spawned now runs on that queue after the render and its
    /// effects, still in the same task. Should Yew ever render later, the
    /// future finds nothing queued and the timer draws as before.
    pub fn after_render(task_started_ms: Option<f64>) {
        if AFTER_RENDER.with(|a| a.replace(true)) {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            AFTER_RENDER.with(|a| a.set(false));
            if let Some(t0) = task_started_ms {
                drain(t0, false);
            }
        });
    }

    /// The timer's task: draws what is waiting while the budget lasts.
    /// Without a clock nothing is timed, every chart is expected to take
    /// the first guess, which fits: everything draws in this task.
    fn run() {
        TIMER.with(|t| t.borrow_mut().take());
        drain(now_ms().unwrap_or(0.0), true);
    }

    /// Draws what is waiting while the task that began at `t0` stays within
    /// the budget; the rest waits for another task. A chart's drawing
    /// cannot be cut short, so one that would not fit in what is left, by
    /// its latest drawing's time, waits (two day-long DRS charts in one
    /// task made it a long one). A task of the queue's own (`own_task`)
    /// draws its first chart whatever it costs, or nothing would ever draw.
    fn drain(t0: f64, own_task: bool) {
        let mut drew = false;
        loop {
            // Taken one at a time: a draw may queue another.
            let next = WAITING.with(|w| w.borrow_mut().pop_front());
            let Some(d) = next else {
                TIMER.with(|t| t.borrow_mut().take());
                return;
            };
            if !d.live.get() {
                continue;
            }
            let spent_ms = now_ms().map_or(0.0, |now| now - t0);
            if (drew || !own_task) && spent_ms + d.expected_ms > DRAW_BUDGET_MS {
                WAITING.with(|w| w.borrow_mut().push_front(d));
                arm();
                return;
            }
            (d.draw)();
            drew = true;
        }
    }
}
