//! Running a lab: the scenario with the student's settings, then its goals.

use crate::base::setting::{Setting, SettingError};
use crate::lab::parse::Lab;
use crate::report::goal::GoalResult;
use crate::sim::sample::Trace;
use crate::sim::Sim;

/// What a run of a lab produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub trace: Trace,
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
        let mut all = self.variant(seed);
        all.extend_from_slice(settings);
        let trace = Sim::run(&self.spec.scenario, seed, &all)?;
        let goals = self.goals.iter().map(|g| g.evaluate(&trace)).collect();
        Ok(Outcome { trace, goals })
    }

    /// The reference solution as settings.
    pub fn solution(&self) -> Vec<Setting> {
        self.spec.solution.iter().map(|s| s.setting()).collect()
    }
}
