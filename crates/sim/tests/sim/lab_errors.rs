//! Lab-file errors, data-driven: each case of
//! `tests/testdata/lab_errors.toml` is a short bad snippet and what the
//! error must say: the field path, the line, and a hint of the fix.
//!
//! Lab cases append their snippet to a small valid lab (the file's
//! `base_lab`); scenario cases are whole bare scenario files. `line` counts
//! within the snippet (1 = its first line), so cases stay readable.

use crate::fixtures;
use serde::Deserialize;
use vlab_sim::{parse_lab, parse_scenario, LabError};

/// `tests/testdata/lab_errors.toml`; its header documents the fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    base_lab: String,
    case: Vec<Case>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    /// Snippet appended to `base_lab`, parsed with `parse_lab`.
    Lab,
    /// Snippet is a whole bare scenario, parsed with `parse_scenario`.
    Scenario,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    kind: Kind,
    snippet: String,
    /// Line of the error within the snippet (1-based).
    line: usize,
    /// Field path the error names.
    field: String,
    /// Substrings the message must contain: what is wrong, and the fix.
    says: Vec<String>,
}

fn data() -> Data {
    fixtures::data(
        "lab_errors.toml",
        include_str!("../testdata/lab_errors.toml"),
    )
}

/// A valid second VM: appended to the base lab, it keeps it valid.
const VM_DB: &str = "[[scenario.vm]]\nname = \"db\"\nhost = \"h\"\nmem_mb = 1024\n";

/// Parses `case`: its result, the line the snippet starts after, and the
/// whole source parsed.
fn parse(base_lab: &str, case: &Case) -> (Result<(), Vec<LabError>>, usize, String) {
    match case.kind {
        Kind::Lab => {
            let source = format!("{base_lab}{}", case.snippet);
            let offset = base_lab.lines().count();
            (parse_lab("lab.toml", &source).map(drop), offset, source)
        }
        Kind::Scenario => (
            parse_scenario("lab.toml", &case.snippet).map(drop),
            0,
            case.snippet.clone(),
        ),
    }
}

#[test]
fn the_base_lab_and_a_bare_scenario_are_valid() {
    let base_lab = data().base_lab;
    parse_lab("lab.toml", &base_lab).expect("base lab is valid");
    // Appending a valid second VM keeps it valid: errors below come from
    // what each snippet gets wrong, not from appending.
    parse_lab("lab.toml", &format!("{base_lab}{VM_DB}")).expect("base + db is valid");
    parse_scenario(
        "s.toml",
        "[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 1024\n",
    )
    .expect("bare scenario is valid");
}

#[test]
fn every_bad_snippet_is_reported_at_its_field_and_line_with_a_fix() {
    let data = data();
    let mut failures = Vec::new();
    let cases = &data.case;
    for case in cases {
        if case.line == 0 || case.says.is_empty() {
            failures.push(format!(
                "[{}] needs a line from 1 and words to say",
                case.name
            ));
            continue;
        }
        let (result, offset, source) = parse(&data.base_lab, case);
        let errors = match result {
            Ok(()) => {
                failures.push(format!("[{}] parsed without error", case.name));
                continue;
            }
            Err(errors) => errors,
        };
        let line = offset + case.line;
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let found = errors.iter().find(|e| e.field == case.field);
        let Some(e) = found else {
            failures.push(format!(
                "[{}] no error for field {}; got:\n  {}",
                case.name,
                case.field,
                shown.join("\n  ")
            ));
            continue;
        };
        let text = e.to_string();
        let prefix = format!("lab.toml:{line}: {}: ", case.field);
        if !text.starts_with(&prefix) {
            let at = source.lines().nth(line - 1).unwrap_or("");
            failures.push(format!(
                "[{}] expected `{prefix}...` (line {line} is `{at}`), got `{text}`",
                case.name
            ));
        }
        for want in &case.says {
            if !e.message.contains(want) {
                failures.push(format!(
                    "[{}] message lacks `{want}`: `{}`",
                    case.name, e.message
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn several_problems_are_all_reported_at_once() {
    // An author fixing a file sees every problem in one go, not one per run.
    let snippet = "[[scenario.vm]]\nname = \"web\"\nhost = \"h2\"\nmem_mb = 1024\n";
    let base_lab = data().base_lab;
    let errors = parse_lab("lab.toml", &format!("{base_lab}{snippet}")).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"scenario.vm[1]"), "{fields:?}");
    assert!(fields.contains(&"scenario.vm[1].host"), "{fields:?}");
}

#[test]
fn a_lab_without_goals_is_a_lab_to_watch_but_a_solution_needs_goals() {
    let base_lab = data().base_lab;
    let cut = base_lab.find("[[goal]]").expect("the base lab has a goal");
    let watch = &base_lab[..cut];
    let lab = parse_lab("lab.toml", watch).expect("a lab with no goals and no solution is valid");
    assert!(lab.goals.is_empty());
    let with_solution =
        format!("{watch}[[solution]]\nset = \"vm.web.cpu_shares\"\nvalue = \"high\"\n");
    let errors = parse_lab("lab.toml", &with_solution).unwrap_err();
    assert_eq!(errors[0].field, "goal", "{errors:?}");
    assert!(errors[0].message.contains("add a [[goal]]"), "{errors:?}");
}
