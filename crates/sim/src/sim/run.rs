//! A run that can stop and go on: [`Run`] steps a scenario a few sample
//! intervals at a time, so a caller with a frame budget (the page, which
//! must not block input for more than a few milliseconds) can spread a
//! long simulation over several tasks. The core has no clock: the caller
//! decides how many steps fit, and the trace is the same however the run
//! was sliced.

use crate::base::setting::{Setting, SettingError};
use crate::scenario::Scenario;
use crate::sim::sample::{Sample, Trace};
use crate::sim::Sim;

/// A simulation under way: the samples so far and the state to go on from.
pub struct Run {
    sim: Sim,
    samples: Vec<Sample>,
    duration_s: u32,
}

impl Run {
    /// Applies `settings` to `scenario`'s configuration, powers the VMs on
    /// and takes the sample at time 0.
    pub fn start(
        scenario: &Scenario,
        seed: u64,
        settings: &[Setting],
    ) -> Result<Run, SettingError> {
        let configured = scenario.with_settings(settings)?;
        let sim = Sim::new(&configured, seed);
        let samples = vec![sim.sample()];
        Ok(Run {
            sim,
            samples,
            duration_s: configured.duration_s,
        })
    }

    /// Whether the run has reached its duration.
    pub fn is_done(&self) -> bool {
        self.sim.t_s >= self.duration_s
    }

    /// Simulated time reached and the run's duration [s].
    pub fn progress_s(&self) -> (u32, u32) {
        (self.sim.t_s.min(self.duration_s), self.duration_s)
    }

    /// Takes up to `steps` sample intervals; returns whether the run is done.
    pub fn advance(&mut self, steps: usize) -> bool {
        for _ in 0..steps {
            if self.is_done() {
                break;
            }
            self.step();
        }
        self.is_done()
    }

    fn step(&mut self) {
        let sim = &mut self.sim;
        let events_before = sim.events.len();
        let revision_before = sim.revision;
        sim.step();
        // Every change to the configuration or power state logs an event,
        // so a step without events cannot change the allocation: reuse the
        // last sample instead of dividing everything again.
        let sample = match self.samples.last() {
            Some(prev) if sim.events.len() == events_before && sim.revision == revision_before => {
                sim.with_memory(Sample {
                    t_s: sim.t_s,
                    // Energy accrues without events.
                    drs: sim.drs_sample(),
                    ..prev.clone()
                })
            }
            _ => sim.sample(),
        };
        debug_assert_eq!(
            sample,
            sim.sample(),
            "a step without events changed the allocation"
        );
        self.samples.push(sample);
    }

    /// The trace, once done (runs any steps left first).
    pub fn finish(mut self) -> Trace {
        self.advance(usize::MAX);
        let drs = self.sim.drs_summary();
        Trace {
            seed: self.sim.seed,
            samples: self.samples,
            events: self.sim.events,
            migrations: self.sim.migrations,
            drs,
        }
    }
}
