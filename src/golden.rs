//! Golden traces: the exact text a lab's reference solution produces, so a
//! change in any model shows up as a reviewable diff in `tests/golden/`.
//!
//! Native tests (`tests/golden.rs`) and a future wasm test call the same
//! function, so both platforms must produce byte-identical text.

use std::fmt::Write;
use vlab_sim::report::trace_text;
use vlab_sim::{Lab, Outcome, Scenario, Setting};

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
    render_outcome(id, &lab.spec.scenario, &solution, &outcome)
}

/// The trace text of any run, then one line per goal: what `vlab run`
/// prints without `--json`.
pub fn render_outcome(
    name: &str,
    scenario: &Scenario,
    settings: &[Setting],
    outcome: &Outcome,
) -> String {
    let mut out = trace_text::render(name, scenario, settings, &outcome.trace);
    for g in &outcome.goals {
        let verdict = if g.passed { "PASS" } else { "FAIL" };
        let _ = writeln!(out, "goal {} {verdict}: {}", g.id, g.detail);
    }
    out
}
