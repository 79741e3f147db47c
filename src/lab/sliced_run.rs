//! Runs a lab in slices, so the page never freezes: each slice takes as
//! many sample intervals as fit in [`SLICE_MS`], and the next slice waits
//! for a fresh browser task, so input and painting go on in between. A
//! change to the lab, its settings or its seed drops the run under way
//! (its timer is cancelled) and starts the new one. While a run is under
//! way, the page keeps showing the previous outcome of the same lab,
//! marked as out of date, with the run's progress.
//!
//! Short runs (most labs) finish within their first slice, during the
//! render that asked for them, so they show at once. A longer run shows
//! its progress, and marks the page's outcome out of date, only once it
//! has gone on for [`PROGRESS_MS`]: a run done sooner goes straight from the
//! old outcome to the new, without painting the page a third time between
//! (on a slow laptop that paint alone cost about 40 ms). The core has no
//! clock ([`vlab_sim::LabRun`] takes steps when told); the budget is the
//! page's own. Natively (the CLI's and the tests' server-side renders)
//! there is no budget: a run finishes in one go.

use crate::common::clock::now_ms;
use crate::common::draw_soon;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use vlab_sim::{Lab, LabRun, Outcome, Setting};
use yew::prelude::*;

/// How long one slice may run [ms]: well under the 50 ms after which
/// browsers count a task as long, leaving room for the render after it.
pub const SLICE_MS: f64 = 12.0;

/// How long a slice run from a timer may take [ms]: no render follows it
/// in its task (see [`arm`]), so it may be longer than the first.
pub const TIMER_SLICE_MS: f64 = 30.0;

/// How long a run goes on before the page shows its progress, and then
/// how often the progress moves on [ms]: within the 100 ms in which a
/// response still feels immediate, the old outcome stays as it is.
pub const PROGRESS_MS: f64 = 100.0;

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
    /// When the run under way started [ms, the page's clock].
    started_ms: Option<f64>,
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
        self.started_ms = now_ms();
        // The render under way shows this run's outcome if the slice
        // finishes it: its charts may draw in this task too.
        draw_soon::after_render(self.started_ms);
        self.slice(SLICE_MS, true);
    }

    /// Takes steps until the run is done or the slice's time is up. With
    /// `whole_only` (the slice in a render), a run that will clearly not
    /// be done in time leaves at once: its render is not held up by a
    /// slice that cannot show its outcome anyway.
    fn slice(&mut self, budget_ms: f64, whole_only: bool) {
        let Some(run) = self.run.as_mut() else {
            return;
        };
        let started = now_ms();
        let done = loop {
            if run.advance(STEPS_PER_LOOK) {
                break true;
            }
            if let (Some(t0), Some(t)) = (started, now_ms()) {
                let spent_ms = t - t0;
                if spent_ms >= budget_ms
                    || (whole_only && projected_ms(spent_ms, run.progress_s()) > budget_ms)
                {
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
        // With nothing to show yet, the progress shows at once.
        let quiet = self.outcome.is_some()
            && match (self.started_ms, now_ms()) {
                (Some(t0), Some(t)) => t - t0 < PROGRESS_MS,
                _ => false,
            };
        SlicedRun {
            outcome: self.outcome.clone(),
            generation: self.generation,
            running: self.run.as_ref().filter(|_| !quiet).map(LabRun::progress_s),
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
/// slices themselves in a day-long lab. That render waits for a task of
/// its own, so neither it nor a slice makes a task of over 50 ms.
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
        j.slice(TIMER_SLICE_MS, false);
        let due = match (rendered_ms, now_ms()) {
            (Some(then), Some(now)) => now - then >= PROGRESS_MS,
            _ => true,
        };
        if j.run.is_some() && !due {
            arm(&mut j, Rc::downgrade(&job), update, rendered_ms);
            return;
        }
        let weak = Rc::downgrade(&job);
        j.timer = Some(Timeout::new(0, move || {
            if let Some(job) = weak.upgrade() {
                job.borrow_mut().timer = None;
                let started_ms = now_ms();
                update.force_update();
                // After the call that schedules the render: see `after_render`.
                draw_soon::after_render(started_ms);
            }
        }));
    }));
}

/// How long the whole run will take [ms], at the pace of its first
/// `spent_ms` for `done_s` of `total_s` simulated seconds.
fn projected_ms(spent_ms: f64, (done_s, total_s): (u32, u32)) -> f64 {
    if done_s == 0 {
        return 0.0;
    }
    spent_ms * f64::from(total_s) / f64::from(done_s)
}
