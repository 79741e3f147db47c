//! Golden traces: for every embedded lab, the reference solution's run at the
//! lab's seed, rendered as text with one line per goal result, must equal
//! `tests/golden/<lab-id>.txt`.
//!
//! After an intended model change, regenerate and review the diff:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test -p vlab --test app golden
//! git diff tests/golden/
//! ```

// The rendering lives in `src/cli/golden.rs`, so `wasm.rs` reproduces the
// exact same text in the browser.
use std::path::{Path, PathBuf};
use vlab::catalog;
use vlab::cli::golden::golden_text;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0" && !v.is_empty())
}

/// The first line where `want` and `got` differ, for a readable failure.
fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i), g.get(i));
        if a != b {
            return format!(
                "line {}:\n  golden: {}\n  now:    {}",
                i + 1,
                a.unwrap_or(&"<end of file>"),
                b.unwrap_or(&"<end of output>")
            );
        }
    }
    "trailing newline differs".to_string()
}

#[test]
fn every_lab_matches_its_golden_trace() {
    let labs = catalog::labs();
    assert!(!labs.is_empty(), "no embedded labs");
    let dir = golden_dir();
    let mut failures = Vec::new();
    for lab in labs {
        let id = &lab.spec.id;
        let path = dir.join(format!("{id}.txt"));
        let got = golden_text(lab);
        if updating() {
            std::fs::create_dir_all(&dir).expect("create tests/golden");
            std::fs::write(&path, &got).expect("write golden file");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Err(_) => failures.push(format!(
                "{}: missing. Create it with: UPDATE_GOLDEN=1 cargo test -p vlab --test app golden",
                path.display()
            )),
            Ok(want) if want != got => failures.push(format!(
                "{}: the trace changed at {}\nIf the change is intended, run UPDATE_GOLDEN=1 cargo test -p vlab --test app golden and review `git diff tests/golden/`.",
                path.display(),
                first_difference(&want, &got)
            )),
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn no_golden_file_without_a_lab() {
    // A renamed or deleted lab must take its golden file with it.
    let ids: Vec<&str> = catalog::labs().iter().map(|l| l.spec.id.as_str()).collect();
    let Ok(entries) = std::fs::read_dir(golden_dir()) else {
        return; // nothing generated yet: the test above says how
    };
    let orphans: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.strip_suffix(".txt")
                .is_none_or(|id| !ids.contains(&id))
        })
        .collect();
    assert!(
        orphans.is_empty(),
        "tests/golden/ has files for no embedded lab: {orphans:?}; delete them"
    );
}

#[test]
fn golden_text_is_deterministic_and_ends_with_every_goal() {
    for lab in catalog::labs() {
        let text = golden_text(lab);
        assert_eq!(text, golden_text(lab), "lab {}", lab.spec.id);
        assert!(
            text.starts_with(&format!("# run {} seed={}", lab.spec.id, lab.spec.seed)),
            "{text}"
        );
        let goal_lines: Vec<&str> = text.lines().filter(|l| l.starts_with("goal ")).collect();
        assert_eq!(goal_lines.len(), lab.goals.len(), "lab {}", lab.spec.id);
        for (line, goal) in goal_lines.iter().zip(&lab.goals) {
            assert!(
                line.starts_with(&format!("goal {} PASS: ", goal.id)),
                "lab {}: reference solution should pass: {line}",
                lab.spec.id
            );
        }
    }
}
