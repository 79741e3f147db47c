//! Where a lab file's problems are: the lines around each one, numbered,
//! the offending line marked and its message right under it, as an
//! editor shows a compiler's errors. Pure (rows, not HTML), so it is
//! tested natively; `open_page` draws the rows.

use std::collections::{BTreeMap, BTreeSet};
use vlab_sim::LabError;

/// Lines shown before and after an offending line.
const BEFORE: usize = 2;
const AFTER: usize = 1;

/// One row of the excerpt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// Line `n` (1-based) of the file; `bad` when a problem is on it.
    Line { n: usize, text: String, bad: bool },
    /// A problem's `field: message`, under its line.
    Message { line: usize, text: String },
    /// Lines left out.
    Gap,
}

/// The rows that show every problem with a line, in line order. A
/// problem past the end of the text (the text was edited after the
/// check) is shown under the last line.
pub fn excerpt(source: &str, errors: &[LabError]) -> Vec<Row> {
    let lines: Vec<&str> = source.lines().collect();
    let last = lines.len().max(1);
    let mut messages: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for e in errors {
        if let Some(line) = e.line {
            messages
                .entry(line.clamp(1, last))
                .or_default()
                .push(format!("{}: {}", e.field, e.message));
        }
    }
    let shown: BTreeSet<usize> = messages
        .keys()
        .flat_map(|&n| n.saturating_sub(BEFORE).max(1)..=(n + AFTER).min(last))
        .collect();
    let mut rows = Vec::new();
    let mut previous = 0;
    for n in shown {
        if n > previous + 1 {
            rows.push(Row::Gap);
        }
        previous = n;
        let bad = messages.get(&n);
        rows.push(Row::Line {
            n,
            text: lines.get(n - 1).copied().unwrap_or("").to_string(),
            bad: bad.is_some(),
        });
        for text in bad.into_iter().flatten() {
            rows.push(Row::Message {
                line: n,
                text: text.clone(),
            });
        }
    }
    if previous > 0 && previous < lines.len() {
        rows.push(Row::Gap);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(line: Option<usize>, field: &str) -> LabError {
        LabError {
            file: "f.toml".into(),
            line,
            field: field.into(),
            message: "fix it".into(),
        }
    }

    fn text(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                Row::Line { n, bad: true, .. } => format!("{n}!"),
                Row::Line { n, .. } => n.to_string(),
                Row::Message { text, .. } => text.clone(),
                Row::Gap => "…".into(),
            })
            .collect()
    }

    #[test]
    fn each_problem_is_marked_in_its_context_with_its_message_under_it() {
        let source: String = (1..=20).map(|n| format!("line {n}\n")).collect();
        let rows = excerpt(
            &source,
            &[error(Some(5), "a"), error(Some(7), "b"), error(None, "c")],
        );
        assert_eq!(
            text(&rows),
            [
                "…",
                "3",
                "4",
                "5!",
                "a: fix it",
                "6",
                "7!",
                "b: fix it",
                "8",
                "…"
            ]
        );
        assert!(rows.contains(&Row::Line {
            n: 5,
            text: "line 5".into(),
            bad: true
        }));
        // Far apart: two excerpts with a gap between.
        let rows = excerpt(&source, &[error(Some(1), "a"), error(Some(20), "b")]);
        assert_eq!(
            text(&rows),
            ["1!", "a: fix it", "2", "…", "18", "19", "20!", "b: fix it"]
        );
    }

    #[test]
    fn two_problems_on_one_line_and_a_line_past_the_end() {
        let rows = excerpt(
            "a = 1\nb = 2\n",
            &[
                error(Some(2), "x"),
                error(Some(2), "y"),
                error(Some(9), "z"),
            ],
        );
        assert_eq!(
            text(&rows),
            ["1", "2!", "x: fix it", "y: fix it", "z: fix it"]
        );
        assert_eq!(excerpt("a = 1\n", &[error(None, "x")]), []);
    }
}
