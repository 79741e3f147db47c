//! Goals in words: what a goal's check wants and the value it was judged
//! on, in the page and the CLI alike.

use crate::text::{event_kind_name, tr_fill, Lang};
use vlab_sim::report::goal::{Check, Goal, GoalResult};

/// What a goal's check wants, with the value it was judged on, in `lang`,
/// e.g. "now 4000 MHz, needs at least 4500 MHz".
pub fn goal_detail(lang: Lang, goal: &Goal, result: &GoalResult) -> String {
    let actual = result.actual.to_string();
    // " MHz", " MB", or nothing for counts and 0/1 flags.
    let spaced = |unit: &str| {
        if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        }
    };
    match &goal.check {
        Check::AtLeast { metric, value } | Check::AtMost { metric, value } => {
            let key = if matches!(goal.check, Check::AtLeast { .. }) {
                "goal.now_at_least"
            } else {
                "goal.now_at_most"
            };
            tr_fill(
                lang,
                key,
                &[
                    ("actual", &actual),
                    ("unit", &spaced(metric.unit())),
                    ("value", &value.to_string()),
                ],
            )
        }
        Check::Approx {
            metric,
            value,
            tolerance,
        } => tr_fill(
            lang,
            "goal.now_approx",
            &[
                ("actual", &actual),
                ("unit", &spaced(metric.unit())),
                ("value", &value.to_string()),
                ("tolerance", &tolerance.to_string()),
            ],
        ),
        Check::EventOccurs { .. } => tr_fill(lang, "goal.events_seen_some", &[("count", &actual)]),
        Check::EventNever { .. } => tr_fill(lang, "goal.events_seen_none", &[("count", &actual)]),
    }
}

/// The goal's check with its detail, as the CLI and the golden traces
/// print it: the metric and when it was judged, or the event kind.
pub fn goal_line(lang: Lang, goal: &Goal, result: &GoalResult) -> String {
    let detail = goal_detail(lang, goal, result);
    match &goal.check {
        Check::AtLeast { metric, .. }
        | Check::AtMost { metric, .. }
        | Check::Approx { metric, .. } => tr_fill(
            lang,
            "goal.metric_line",
            &[
                ("metric", &metric.to_string()),
                ("t", &result.at_s.unwrap_or(0).to_string()),
                ("detail", &detail),
            ],
        ),
        Check::EventOccurs { kind, .. } | Check::EventNever { kind, .. } => tr_fill(
            lang,
            "goal.event_line",
            &[("kind", &event_kind_name(lang, *kind)), ("detail", &detail)],
        ),
    }
}
