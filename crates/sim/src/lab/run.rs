//! Running a lab: the scenario with the student's settings, then its goals.

use crate::base::setting::{Setting, SettingError};
use crate::lab::parse::Lab;
use crate::report::goal::GoalResult;
use crate::sim::sample::Trace;
use crate::sim::Run;
use std::rc::Rc;

/// What a run of a lab produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Shared, not copied: the app's views hold it for as long as the
    /// outcome shows, and a day-long trace is large.
    pub trace: Rc<Trace>,
    pub goals: Vec<GoalResult>,
}

impl Outcome {
    pub fn all_passed(&self) -> bool {
        self.goals.iter().all(|g| g.passed)
    }
}

impl Lab {
    /// Runs the lab with `settings` (the student's control values) applied
    /// at time 0, before any VM powers on, on the variant `seed` draws
    /// ([`Lab::variant`]: none for the lab's own seed).
    pub fn run(&self, seed: u64, settings: &[Setting]) -> Result<Outcome, SettingError> {
        Ok(self.start(seed, settings)?.finish(self))
    }

    /// The same run as [`Lab::run`], to be taken a few steps at a time
    /// ([`LabRun::advance`]), then judged ([`LabRun::finish`]).
    pub fn start(&self, seed: u64, settings: &[Setting]) -> Result<LabRun, SettingError> {
        let mut all = self.variant(seed);
        all.extend_from_slice(settings);
        Ok(LabRun(Run::start(&self.spec.scenario, seed, &all)?))
    }

    /// The reference solution as settings.
    pub fn solution(&self) -> Vec<Setting> {
        self.spec.solution.iter().map(|s| s.setting()).collect()
    }
}

/// A lab's run under way ([`Lab::start`]).
pub struct LabRun(Run);

impl LabRun {
    /// Takes up to `steps` sample intervals; returns whether the run is done.
    pub fn advance(&mut self, steps: usize) -> bool {
        self.0.advance(steps)
    }

    /// Simulated time reached and the run's duration [s].
    pub fn progress_s(&self) -> (u32, u32) {
        self.0.progress_s()
    }

    /// The trace (after any steps left) and the goals of `lab`, the lab
    /// this run was started from, judged on it.
    pub fn finish(self, lab: &Lab) -> Outcome {
        let trace = self.0.finish();
        let goals = lab.goals.iter().map(|g| g.evaluate(&trace)).collect();
        Outcome {
            trace: Rc::new(trace),
            goals,
        }
    }
}
