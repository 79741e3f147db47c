//! Golden traces: the exact text a lab's reference solution produces, so a
//! change in any model shows up as a reviewable diff in `tests/golden/`.
//!
//! Native tests (`tests/golden.rs`) and the wasm test call the same
//! function, so both platforms must produce byte-identical text.

use super::trace_text;
use crate::lab::goal_text::goal_line;
use crate::text::Lang;
use std::fmt::Write;
use vlab_sim::{Goal, Lab, Outcome, Scenario, Setting};

/// The reference solution run at the lab's seed, rendered as trace text,
/// then one line per goal: `goal ID PASS|FAIL: detail`.
///
/// This is also what `vlab run LAB-ID --solution` prints.
pub fn golden_text(lab: &Lab) -> String {
    let id = &lab.spec.id;
    let solution = lab.solution();
    let outcome = match lab.run(lab.spec.seed, &solution) {
        Ok(outcome) => outcome,
        // Impossible for a lab that passed validation; shown, not panicked.
        Err(e) => return format!("# run {id}: reference solution rejected: {e}\n"),
    };
    render_outcome(id, &lab.spec.scenario, &lab.goals, &solution, &outcome)
}

/// The trace text of any run, then one line per goal: what `vlab run`
/// prints without `--json`.
pub fn render_outcome(
    name: &str,
    scenario: &Scenario,
    goals: &[Goal],
    settings: &[Setting],
    outcome: &Outcome,
) -> String {
    let mut out = trace_text::render(name, scenario, settings, &outcome.trace);
    for (goal, result) in goals.iter().zip(&outcome.goals) {
        let verdict = if result.passed { "PASS" } else { "FAIL" };
        let line = goal_line(Lang::En, goal, result);
        let _ = writeln!(out, "goal {} {verdict}: {line}", result.id);
    }
    out
}
