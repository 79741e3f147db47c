//! Goals: typed checks with tolerances over a run's trace.

use crate::event::EventKind;
use crate::report::metric::Metric;
use crate::sim::sample::Trace;
use serde::{Deserialize, Serialize};

/// A checked goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub id: String,
    pub check: Check,
    /// See [`crate::lab::spec::GoalSpec::from_s`].
    pub from_s: Option<u32>,
    /// See [`crate::lab::spec::GoalSpec::until_s`].
    pub until_s: Option<u32>,
}

impl Goal {
    /// The time window [s] this goal looks at, inclusive.
    fn window(&self, trace: &Trace) -> (u32, u32) {
        let end = trace.last().t_s;
        match (self.from_s, self.until_s) {
            (None, None) => (end, end),
            (from, until) => (from.unwrap_or(0), until.unwrap_or(end)),
        }
    }
}

/// The closed set of checks a goal can make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    AtLeast {
        metric: Metric,
        value: i64,
    },
    AtMost {
        metric: Metric,
        value: i64,
    },
    Approx {
        metric: Metric,
        value: i64,
        tolerance: i64,
    },
    EventOccurs {
        kind: EventKind,
        subject: Option<String>,
    },
    EventNever {
        kind: EventKind,
        subject: Option<String>,
    },
}

/// How a goal fared, with the number it was judged on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalResult {
    pub id: String,
    pub passed: bool,
    /// The metric's value (at the first failing sample, else the last), or
    /// the number of matching events.
    pub actual: i64,
    /// The sample the metric was judged at [s] (`None` for event checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_s: Option<u32>,
}

impl Goal {
    pub fn evaluate(&self, trace: &Trace) -> GoalResult {
        let window = self.window(trace);
        let (passed, actual, at_s) = match &self.check {
            Check::AtLeast { metric, value } => compare(trace, metric, window, |v| v >= *value),
            Check::AtMost { metric, value } => compare(trace, metric, window, |v| v <= *value),
            Check::Approx {
                metric,
                value,
                tolerance,
            } => compare(trace, metric, window, |v| (v - value).abs() <= *tolerance),
            Check::EventOccurs { kind, subject } => {
                let n = count_events(trace, *kind, subject.as_deref(), self.from_s, self.until_s);
                (n > 0, n, None)
            }
            Check::EventNever { kind, subject } => {
                let n = count_events(trace, *kind, subject.as_deref(), self.from_s, self.until_s);
                (n == 0, n, None)
            }
        };
        GoalResult {
            id: self.id.clone(),
            passed,
            actual,
            at_s,
        }
    }
}

/// Checks `ok` at every sample in `window`; judged on the first failing
/// sample, else the last one in the window: (passed, value, at [s]).
fn compare(
    trace: &Trace,
    metric: &Metric,
    window: (u32, u32),
    ok: impl Fn(i64) -> bool,
) -> (bool, i64, Option<u32>) {
    let last_t = trace.last().t_s;
    let mut judged = None;
    for s in trace
        .samples
        .iter()
        .filter(|s| (window.0..=window.1).contains(&s.t_s))
    {
        let v = metric.read(s).unwrap_or(0);
        judged = Some((s.t_s, v));
        if !ok(v) {
            break;
        }
    }
    let (t, v) = judged.unwrap_or((last_t, metric.read(trace.last()).unwrap_or(0)));
    (ok(v), v, Some(t))
}

fn count_events(
    trace: &Trace,
    kind: EventKind,
    subject: Option<&str>,
    from_s: Option<u32>,
    until_s: Option<u32>,
) -> i64 {
    trace
        .events
        .iter()
        .filter(|e| e.kind == kind)
        .filter(|e| subject.is_none_or(|s| s == e.subject))
        .filter(|e| e.t_s >= from_s.unwrap_or(0) && e.t_s <= until_s.unwrap_or(u32::MAX))
        .count() as i64
}
