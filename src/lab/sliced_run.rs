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
//!
//! A page keeps its last few outcomes ([`KEPT_RUNS`]): a setting tried
//! again shows at once. After a long run, the runs the student is likely
//! to ask for next (`lab_settings::likely_next`: the control moved last, a
//! step either way) are done ahead, a slice per task while the page is
//! otherwise idle: the next step of a slider in a day-long lab then shows
//! without a run (issue 18). The model is deterministic, so an outcome
//! run ahead is the one the student's change would have produced.

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

/// How many finished outcomes a page keeps, its own among them: the
/// slider's value a step either way and the one before, or a drop-down's
/// few choices. (A day-long DRS outcome holds 288 samples.)
pub const KEPT_RUNS: usize = 4;

/// How long a run's first slice must take [ms] for its likely successors
/// to be run ahead: below it, a run costs the next change little (most
/// labs run in well under a millisecond).
const AHEAD_MIN_MS: f64 = 4.0;

/// How long after a long run's outcome has rendered the runs ahead begin
/// [ms]: its charts draw and the page settles first.
const AHEAD_AFTER_MS: u32 = 250;

/// A lab run's result, as the page shows it.
#[derive(Clone, PartialEq)]
pub struct SlicedRun {
    /// The newest finished outcome of this lab: this key's, or while a
    /// newer run is under way, the one before it.
    pub outcome: SharedOutcome,
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
    outcome: SharedOutcome,
    generation: u64,
    /// When the run under way started [ms, the page's clock].
    started_ms: Option<f64>,
    /// The pending next slice; dropping it cancels it.
    timer: Option<Timeout>,
    /// Finished outcomes by key, oldest first (at most [`KEPT_RUNS`]).
    kept: Vec<(Key, SharedOutcome)>,
    /// Whether this lab's runs are long, their likely successors worth
    /// running ahead: one of them was not done in the slice in its render,
    /// or that slice took [`AHEAD_MIN_MS`] or more. Kept for the lab: a
    /// run ahead carried on as the page's may end in a short slice.
    long: bool,
    /// The keys likely asked for next (`lab_settings::likely_next`).
    ahead: Vec<Key>,
    /// A run ahead under way.
    ahead_run: Option<(Key, LabRun)>,
    /// The pending slice of the runs ahead; dropping it cancels it.
    ahead_timer: Option<Timeout>,
}

/// A run's outcome, as the page holds it.
pub type SharedOutcome = Rc<Option<Result<Outcome, String>>>;

impl Job {
    /// Starts the run for `key`, unless it is the one under way or done:
    /// a kept outcome shows at once, a run ahead for it goes on as this
    /// key's.
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
            self.kept.clear();
            self.ahead.clear();
            self.ahead_run = None;
            self.long = false;
        }
        self.started_ms = now_ms();
        // The render under way shows this run's outcome if the slice
        // finishes it (or it was kept): its charts may draw in this task.
        draw_soon::after_render(self.started_ms);
        let kept = lab.and(self.kept.iter().position(|(k, _)| *k == key));
        if let Some(i) = kept {
            // The newest kept now.
            let entry = self.kept.remove(i);
            self.outcome = entry.1.clone();
            self.kept.push(entry);
            self.generation += 1;
            self.key = Some(key);
            return;
        }
        let ahead = self.ahead_run.take_if(|(k, _)| *k == key);
        match (ahead, lab) {
            (Some((_, run)), _) => self.run = Some(run),
            (None, None) => self.set_outcome(None),
            (None, Some(lab)) => match lab.start(key.2, &key.1) {
                Err(e) => self.set_outcome(Some(Err(e.to_string()))),
                Ok(run) => self.run = Some(run),
            },
        }
        self.key = Some(key);
        let t0 = now_ms();
        self.slice(SLICE_MS, true);
        // Long: not done in this slice, or the slice alone took a while.
        self.long = self.long
            || self.run.is_some()
            || matches!((t0, now_ms()), (Some(t0), Some(t)) if t - t0 >= AHEAD_MIN_MS);
    }

    /// The keys likely asked for next: those not kept yet are run ahead
    /// after a long run. A run ahead for a key no longer likely stops.
    /// At most [`KEPT_RUNS`] - 1, so that they and the shown outcome all
    /// fit in what is kept (else a run ahead could push out another).
    fn set_ahead(&mut self, mut ahead: Vec<Key>) {
        ahead.truncate(KEPT_RUNS - 1);
        if self
            .ahead_run
            .as_ref()
            .is_some_and(|(k, _)| !ahead.contains(k))
        {
            self.ahead_run = None;
        }
        self.ahead = ahead;
    }

    /// The next key to run ahead: none while this key's own run is under
    /// way, or when it was a short one.
    fn ahead_due(&self) -> Option<&Key> {
        if self.run.is_some() || !self.long || self.lab.is_none() {
            return None;
        }
        self.ahead
            .iter()
            .find(|k| !self.kept.iter().any(|(kept, _)| kept == *k))
    }

    /// One slice of the runs ahead ([`SLICE_MS`], or to the end without a
    /// clock). Returns whether more remains.
    fn ahead_slice(&mut self) -> bool {
        let Some(key) = self.ahead_due().cloned() else {
            return false;
        };
        let lab = self.lab.expect("a run ahead has its lab");
        if self.ahead_run.as_ref().is_none_or(|(k, _)| *k != key) {
            match lab.start(key.2, &key.1) {
                Err(e) => {
                    self.keep(key, Rc::new(Some(Err(e.to_string()))));
                    return self.ahead_due().is_some();
                }
                Ok(run) => self.ahead_run = Some((key, run)),
            }
        }
        let (_, run) = self.ahead_run.as_mut().expect("a run ahead");
        if advance_for(run, SLICE_MS, false) {
            let (key, run) = self.ahead_run.take().expect("a run ahead");
            self.keep(key, Rc::new(Some(Ok(run.finish(lab)))));
        }
        self.ahead_due().is_some()
    }

    /// Keeps `outcome` for `key`, the newest. Beyond [`KEPT_RUNS`] the
    /// oldest goes that is neither shown nor likely next: there is one,
    /// as at most KEPT_RUNS - 1 are likely next (`set_ahead`).
    fn keep(&mut self, key: Key, outcome: SharedOutcome) {
        self.kept.retain(|(k, _)| *k != key);
        self.kept.push((key, outcome));
        if self.kept.len() > KEPT_RUNS {
            let wanted = |k: &Key| self.key.as_ref() == Some(k) || self.ahead.contains(k);
            let oldest = self.kept.iter().position(|(k, _)| !wanted(k));
            debug_assert!(oldest.is_some(), "more kept outcomes wanted than kept");
            self.kept.remove(oldest.unwrap_or(0));
        }
    }

    /// Takes steps until the run is done or the slice's time is up. With
    /// `whole_only` (the slice in a render), a run that will clearly not
    /// be done in time leaves at once: its render is not held up by a
    /// slice that cannot show its outcome anyway.
    fn slice(&mut self, budget_ms: f64, whole_only: bool) {
        let Some(run) = self.run.as_mut() else {
            return;
        };
        if advance_for(run, budget_ms, whole_only) {
            let run = self.run.take().expect("a run under way");
            let lab = self.lab.expect("a run has its lab");
            self.set_outcome(Some(Ok(run.finish(lab))));
            if let Some(key) = self.key.clone() {
                self.keep(key, self.outcome.clone());
            }
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
/// at a time (see the module's notes). `ahead`: the settings likely asked
/// for next (`lab_settings::likely_next`), run ahead after a long run.
#[hook]
pub fn use_sliced_run(
    lab: Option<&'static Lab>,
    id: &str,
    settings: &[Setting],
    seed: u64,
    ahead: Vec<Vec<Setting>>,
) -> SlicedRun {
    let job = use_mut_ref(Job::default);
    let update = use_force_update();
    {
        let mut j = job.borrow_mut();
        j.restart((id.to_string(), settings.to_vec(), seed), lab);
        j.set_ahead(
            ahead
                .into_iter()
                .map(|s| (id.to_string(), s, seed))
                .collect(),
        );
    }
    {
        // After each render: if the run is not done, its next slice waits
        // for a fresh task, then renders again; once it is, the runs ahead.
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
    if j.run.is_none() {
        if j.ahead_timer.is_none() && j.ahead_due().is_some() {
            arm_ahead(&mut j, Rc::downgrade(job), AHEAD_AFTER_MS);
        }
        return;
    }
    if j.timer.is_some() {
        return;
    }
    arm(&mut j, Rc::downgrade(job), update, now_ms());
}

/// Sets the timer for the next slice of the runs ahead, `delay_ms` from
/// now. It renders nothing: what it finishes is kept for later. It gives
/// way to a run of the page's own (that run's end arms it again).
fn arm_ahead(j: &mut Job, weak: Weak<RefCell<Job>>, delay_ms: u32) {
    j.ahead_timer = Some(Timeout::new(delay_ms, move || {
        let Some(job) = weak.upgrade() else {
            return;
        };
        let mut j = job.borrow_mut();
        j.ahead_timer = None;
        if j.ahead_slice() {
            arm_ahead(&mut j, Rc::downgrade(&job), 0);
        }
    }));
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

/// Takes steps of `run` until it is done (true) or `budget_ms` is up;
/// with `whole_only`, leaves at once when the whole run clearly will not
/// fit (see [`Job::slice`]). Without a clock, runs to the end.
fn advance_for(run: &mut LabRun, budget_ms: f64, whole_only: bool) -> bool {
    let started = now_ms();
    loop {
        if run.advance(STEPS_PER_LOOK) {
            return true;
        }
        if let (Some(t0), Some(t)) = (started, now_ms()) {
            let spent_ms = t - t0;
            if spent_ms >= budget_ms
                || (whole_only && projected_ms(spent_ms, run.progress_s()) > budget_ms)
            {
                return false;
            }
        }
    }
}

/// How long the whole run will take [ms], at the pace of its first
/// `spent_ms` for `done_s` of `total_s` simulated seconds.
fn projected_ms(spent_ms: f64, (done_s, total_s): (u32, u32)) -> f64 {
    if done_s == 0 {
        return 0.0;
    }
    spent_ms * f64::from(total_s) / f64::from(done_s)
}

#[cfg(test)]
mod tests {
    //! Natively there is no clock: every run finishes within its render,
    //! so `long` is set by hand where a run ahead is wanted.
    use super::*;
    use crate::catalog;
    use vlab_sim::Value;

    /// The lab's run with its DRS threshold (1-5) at `threshold`.
    fn key(lab: &Lab, threshold: i64) -> Key {
        assert!(lab.spec.control.iter().any(|c| c.target == "drs.threshold"));
        let setting = Setting {
            target: "drs.threshold".to_string(),
            value: Value::Int(threshold),
        };
        (lab.spec.id.clone(), vec![setting], lab.spec.seed)
    }

    /// A page showing drs-diurnal-day at threshold 3, its runs long.
    fn long_job() -> (&'static Lab, Job) {
        let lab = catalog::find("drs-diurnal-day").unwrap();
        let mut job = Job::default();
        job.restart(key(lab, 3), Some(lab));
        job.long = true;
        (lab, job)
    }

    /// A run of `lab` at `threshold` begun ahead, not yet advanced.
    fn begun_ahead(lab: &Lab, threshold: i64) -> Option<(Key, LabRun)> {
        let k = key(lab, threshold);
        let run = lab.start(k.2, &k.1).unwrap();
        Some((k, run))
    }

    fn outcome_of(lab: &Lab, k: &Key) -> Outcome {
        lab.run(k.2, &k.1).expect("the setting applies")
    }

    /// A setting tried again shows the outcome kept from before, the same
    /// one (not run again), with a new generation for the page's memos.
    #[test]
    fn a_setting_tried_again_shows_its_kept_outcome() {
        let lab = catalog::find("drs-threshold").unwrap();
        let mut job = Job::default();
        job.restart(key(lab, 1), Some(lab));
        let first = job.outcome.clone();
        job.restart(key(lab, 5), Some(lab));
        assert!(!Rc::ptr_eq(&first, &job.outcome));
        let generation = job.generation;
        job.restart(key(lab, 1), Some(lab));
        assert!(Rc::ptr_eq(&first, &job.outcome), "kept, not run again");
        assert_eq!(job.generation, generation + 1);
        assert_eq!(job.view().running, None);
    }

    /// At most KEPT_RUNS outcomes are kept, the oldest goes first unless
    /// it is likely next; another lab keeps none of this one's.
    #[test]
    fn kept_outcomes_are_few_and_of_this_lab_only() {
        let lab = catalog::find("drs-threshold").unwrap();
        let mut job = Job::default();
        for t in 1..=5 {
            job.restart(key(lab, t), Some(lab));
        }
        let kept: Vec<_> = job.kept.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(kept, (2..=5).map(|t| key(lab, t)).collect::<Vec<_>>());
        assert_eq!(kept.len(), KEPT_RUNS);
        // What is likely next stays: the oldest of the others goes.
        job.set_ahead(vec![key(lab, 2)]);
        job.restart(key(lab, 1), Some(lab));
        let kept: Vec<_> = job.kept.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(kept, [2, 4, 5, 1].map(|t| key(lab, t)));
        let other = catalog::find("drs-manual-mode").unwrap();
        job.restart(
            (other.spec.id.clone(), Vec::new(), other.spec.seed),
            Some(other),
        );
        assert_eq!(job.kept.len(), 1, "only the other lab's own outcome");
    }

    /// After a long run, the likely next keys are run ahead a slice at a
    /// time; the student's step to one of them then shows its outcome at
    /// once, equal to the one a run would have given. A short run has
    /// nothing run ahead, nor does a run still under way.
    #[test]
    fn the_likely_next_steps_are_run_ahead_after_a_long_run() {
        let lab = catalog::find("drs-diurnal-day").unwrap();
        let mut job = Job::default();
        job.restart(key(lab, 3), Some(lab));
        job.set_ahead(vec![key(lab, 2), key(lab, 4)]);
        assert_eq!(job.ahead_due(), None, "a short run: nothing ahead");
        job.long = true;
        assert_eq!(job.ahead_due(), Some(&key(lab, 2)));
        assert!(job.ahead_slice(), "one more to run");
        assert!(!job.ahead_slice(), "both done");
        assert_eq!(job.ahead_due(), None);
        for t in [2, 4] {
            let ahead = job
                .kept
                .iter()
                .find(|(k, _)| *k == key(lab, t))
                .unwrap()
                .1
                .clone();
            job.restart(key(lab, t), Some(lab));
            assert!(
                Rc::ptr_eq(&ahead, &job.outcome),
                "threshold {t}: shown at once"
            );
            assert_eq!(
                job.outcome.as_ref().as_ref().unwrap().as_ref().unwrap(),
                &outcome_of(lab, &key(lab, t)),
                "threshold {t}: the outcome a run gives"
            );
        }
    }

    /// A run ahead that the student's step reaches goes on as the page's
    /// own, and the lab's runs stay long: the steps after it are run
    /// ahead too, though the adopted run ended in a short slice.
    #[test]
    fn a_run_ahead_reached_goes_on_and_the_lab_stays_long() {
        let (lab, mut job) = long_job();
        job.set_ahead(vec![key(lab, 4)]);
        job.ahead_run = begun_ahead(lab, 4);
        job.restart(key(lab, 4), Some(lab));
        assert!(job.ahead_run.is_none(), "carried on as the page's run");
        assert_eq!(
            job.outcome.as_ref().as_ref().unwrap().as_ref().unwrap(),
            &outcome_of(lab, &key(lab, 4))
        );
        job.set_ahead(vec![key(lab, 5)]);
        assert_eq!(job.ahead_due(), Some(&key(lab, 5)));
    }

    /// A run ahead stops when its key is no longer likely, and waits while
    /// the page's own run is under way.
    #[test]
    fn a_run_ahead_gives_way() {
        let (lab, mut job) = long_job();
        job.ahead_run = begun_ahead(lab, 2);
        job.set_ahead(vec![key(lab, 4)]);
        assert!(job.ahead_run.is_none(), "no longer likely");
        job.run = Some(lab.start(lab.spec.seed, &key(lab, 5).1).unwrap());
        assert_eq!(job.ahead_due(), None, "the page's own run first");
        // No more likely next than fit beside the shown outcome.
        job.set_ahead((1..=5).map(|t| key(lab, t)).collect());
        assert_eq!(job.ahead.len(), KEPT_RUNS - 1);
    }
}
