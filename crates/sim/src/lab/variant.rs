//! A variant per student: the seed draws each `[[vary]]` input from its
//! range, so every student can get different numbers with answers computed
//! from the run (the OSTEP simulators' contract: a seed is a problem, and
//! `--answers` solves it).
//!
//! The lab's own seed is the lab as written: no input is drawn, so its
//! texts, goldens and reference figures are the author's. Any other seed
//! draws, with [`SplitMix64`] seeded by it, one value per `[[vary]]` in
//! file order.

use crate::base::rng::SplitMix64;
use crate::base::setting::{Setting, Value};
use crate::lab::parse::Lab;

/// Seeds the page offers as new variants: 1 to this, inclusive (four
/// digits read out in class).
pub const MAX_VARIANT: u64 = 9999;

/// Variants `vlab check` and the drift test try: seeds 1 to this. Each
/// must keep the lab a lab: the solution passes, doing nothing does not,
/// every figure and answer is computable, no text states a varied input
/// by hand.
pub const VARIANTS_CHECKED: u64 = 8;

impl Lab {
    /// The inputs `seed` draws, as settings applied before the student's
    /// (empty for the lab's own seed or a lab without `[[vary]]`).
    pub fn variant(&self, seed: u64) -> Vec<Setting> {
        if seed == self.spec.seed || self.spec.vary.is_empty() {
            return Vec::new();
        }
        let mut rng = SplitMix64::new(seed);
        self.spec
            .vary
            .iter()
            .map(|v| {
                let steps = ((v.max - v.min) / v.step.max(1)).max(0) as u64;
                let k = rng.below_or_eq(steps) as i64;
                Setting {
                    target: v.target.clone(),
                    value: Value::Int(v.min + k * v.step.max(1)),
                }
            })
            .collect()
    }

    /// Whether the lab draws variants at all.
    pub fn has_variants(&self) -> bool {
        !self.spec.vary.is_empty()
    }
}
