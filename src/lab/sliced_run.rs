//! Runs a lab in slices, so the page never freezes: each slice takes as
//! many sample intervals as fit in [`SLICE_MS`], and the next slice waits
//! for a fresh browser task, so input and painting go on in between. A
//! change to the lab, its settings or its seed drops the run under way
//! (its timer is cancelled) and starts the new one. While a run is under
//! way, the page keeps showing the previous outcome of the same lab,
//! marked as out of date, with the run's progress.
//!
//! Short runs (most labs) finish within their first slice, during the
//! render that asked for them, so they show at once. The core has no
//! clock ([`vlab_sim::LabRun`] takes steps when told); the budget is the
//! page's own. Natively (the CLI's and the tests' server-side renders)
//! there is no budget: a run finishes in one go.

use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use vlab_sim::{Lab, LabRun, Outcome, Setting};
use yew::prelude::*;

/// How long one slice may run [ms]: well under the 50 ms after which
/// browsers count a task as long, leaving room for the render after it.
pub const SLICE_MS: f64 = 12.0;

/// How often the progress moves on screen while a run goes on [ms].
const PROGRESS_MS: f64 = 150.0;

/// Sample intervals taken between two looks at the clock.
const STEPS_PER_LOOK: usize = 4;

/// A lab run's result, as the page shows it.
#[derive(Clone, PartialEq)]
pub struct SlicedRun {
    /// The newest finished outcome of this lab: this key's, or while a
    /// newer run is under way, the one before it.
    pub outcome: Rc<Option<Result<Outcome, String>>>,
    /// Bumped each time `outcome` changes: a cheap key for memos.
    pub generation: u64,
    /// Simulated time reached and the run's duration [s], while a run is
    /// under way; None once the outcome is this key's.
    pub running: Option<(u32, u32)>,
}

/// What identifies a run: the lab, the student's settings, the variant.
type Key = (String, Vec<Setting>, u64);

#[derive(Default)]
struct Job {
    key: Option<Key>,
    lab: Option<&'static Lab>,
    run: Option<LabRun>,
    outcome: Rc<Option<Result<Outcome, String>>>,
    generation: u64,
    /// The pending next slice; dropping it cancels it.
    timer: Option<Timeout>,
}

impl Job {
    /// Starts the run for `key`, unless it is the one under way or done.
    fn restart(&mut self, key: Key, lab: Option<&'static Lab>) {
        // The same run, unless the lab's file arrived since (the web
        // build fetches it).
        if self.key.as_ref() == Some(&key) && self.lab.is_some() == lab.is_some() {
            return;
        }
        let same_lab = self.key.as_ref().is_some_and(|k| k.0 == key.0);
        self.timer = None;
        self.run = None;
        self.lab = lab;
        if !same_lab {
            // Another lab's outcome must never show here.
            self.set_outcome(None);
        }
        match lab.map(|lab| lab.start(key.2, &key.1)) {
            None => self.set_outcome(None),
            Some(Err(e)) => self.set_outcome(Some(Err(e.to_string()))),
            Some(Ok(run)) => self.run = Some(run),
        }
        self.key = Some(key);
        self.slice();
    }

    /// Takes steps until the run is done or the slice's time is up.
    fn slice(&mut self) {
        let Some(run) = self.run.as_mut() else {
            return;
        };
        let started = now_ms();
        let done = loop {
            if run.advance(STEPS_PER_LOOK) {
                break true;
            }
            if let (Some(t0), Some(t)) = (started, now_ms()) {
                if t - t0 >= SLICE_MS {
                    break false;
                }
            }
        };
        if done {
            let run = self.run.take().expect("a run under way");
            let lab = self.lab.expect("a run has its lab");
            self.set_outcome(Some(Ok(run.finish(lab))));
        }
    }

    fn set_outcome(&mut self, outcome: Option<Result<Outcome, String>>) {
        self.outcome = Rc::new(outcome);
        self.generation += 1;
    }

    fn view(&self) -> SlicedRun {
        SlicedRun {
            outcome: self.outcome.clone(),
            generation: self.generation,
            running: self.run.as_ref().map(LabRun::progress_s),
        }
    }
}

/// The outcome of `lab` run at `seed` with `settings`, computed a slice
/// at a time (see the module's notes).
#[hook]
pub fn use_sliced_run(
    lab: Option<&'static Lab>,
    id: &str,
    settings: &[Setting],
    seed: u64,
) -> SlicedRun {
    let job = use_mut_ref(Job::default);
    let update = use_force_update();
    job.borrow_mut()
        .restart((id.to_string(), settings.to_vec(), seed), lab);
    {
        // After each render: if the run is not done, its next slice waits
        // for a fresh task, then renders again.
        let job = job.clone();
        use_effect(move || {
            schedule(&job, update);
        });
    }
    let view = job.borrow().view();
    view
}

fn schedule(job: &Rc<RefCell<Job>>, update: UseForceUpdateHandle) {
    let mut j = job.borrow_mut();
    if j.run.is_none() || j.timer.is_some() {
        return;
    }
    arm(&mut j, Rc::downgrade(job), update, now_ms());
}

/// Sets the timer for the next slice. The page renders again when the run
/// is done, or to move the progress on at most every [`PROGRESS_MS`]:
/// rendering the whole lab page after every slice cost more than the
/// slices themselves in a day-long lab.
fn arm(
    j: &mut Job,
    weak: Weak<RefCell<Job>>,
    update: UseForceUpdateHandle,
    rendered_ms: Option<f64>,
) {
    j.timer = Some(Timeout::new(0, move || {
        // The page may have gone: then there is nothing to do.
        let Some(job) = weak.upgrade() else {
            return;
        };
        let mut j = job.borrow_mut();
        j.timer = None;
        j.slice();
        let due = match (rendered_ms, now_ms()) {
            (Some(then), Some(now)) => now - then >= PROGRESS_MS,
            _ => true,
        };
        if j.run.is_some() && !due {
            arm(&mut j, Rc::downgrade(&job), update, rendered_ms);
            return;
        }
        drop(j);
        update.force_update();
    }));
}

/// The page's clock [ms]; None natively, where a run goes in one go.
fn now_ms() -> Option<f64> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(js_sys::Date::now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}
