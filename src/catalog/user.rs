//! Labs an instructor brings at run time: a file opened or dropped on the
//! page, a lab built in the sandbox, or one received in a shared link.
//! Each is parsed by the core's own parser (the same `file:line: field:
//! fix` errors as `vlab check`) and kept for the session under an id of
//! its own, `mine-` + the file's id, so it never shadows a built-in lab
//! and every view finds it through `catalog::find` like any other.
//!
//! A bare scenario file (hosts and VMs, no `id`) becomes a lab with no
//! controls or goals, named after its file: a cluster to run and watch.

use std::cell::RefCell;
use std::collections::BTreeMap;
use vlab_sim::{parse_document, Document, Lab, LabError, LabSpec, Text, Topic};

/// The id prefix of every lab brought at run time.
pub const PREFIX: &str = "mine-";

/// A lab brought at run time: its source, as given, and the parsed lab.
#[derive(Debug, Clone)]
pub struct UserLab {
    /// The name it was opened under (`my-lab.toml`), for messages and
    /// for saving it again.
    pub file: String,
    /// The text as given: saving writes it back unchanged, so the file
    /// reopens identically.
    pub source: String,
    pub lab: &'static Lab,
}

thread_local! {
    static USER: RefCell<BTreeMap<String, UserLab>> = const { RefCell::new(BTreeMap::new()) };
}

/// Whether `id` names a lab brought at run time (not a built-in one).
pub fn is_user_id(id: &str) -> bool {
    id.starts_with(PREFIX)
}

/// Parses `source` (a lab, or a bare scenario) and keeps it; returns its
/// id, or every problem the file has. Adding a lab with an id already
/// kept replaces it (the sandbox re-adds its lab as it is edited).
pub fn add(file: &str, source: &str) -> Result<String, Vec<LabError>> {
    let mut lab = match parse_document(file, source)? {
        Document::Lab(lab) => *lab,
        Document::Scenario(scenario) => scenario_lab(file, *scenario),
    };
    let id = format!("{PREFIX}{}", lab.spec.id.trim_start_matches(PREFIX));
    // Every view looks the lab up by its spec's id.
    lab.spec.id = id.clone();
    // A replaced lab's old copy is leaked: views of the last render may
    // still hold it. A lab is a few KB; an edit session leaks little.
    let lab: &'static Lab = Box::leak(Box::new(lab));
    USER.with(|u| {
        u.borrow_mut().insert(
            id.clone(),
            UserLab {
                file: file.to_string(),
                source: source.to_string(),
                lab,
            },
        )
    });
    Ok(id)
}

/// The lab kept under `id`.
pub fn find(id: &str) -> Option<&'static Lab> {
    USER.with(|u| u.borrow().get(id).map(|l| l.lab))
}

/// The file name and text lab `id` was brought with.
pub fn get(id: &str) -> Option<UserLab> {
    USER.with(|u| u.borrow().get(id).cloned())
}

/// Every lab brought this session, by id.
pub fn all() -> Vec<UserLab> {
    USER.with(|u| u.borrow().values().cloned().collect())
}

/// Forgets lab `id` (its leaked copy stays until the page closes).
pub fn remove(id: &str) {
    USER.with(|u| u.borrow_mut().remove(id));
}

/// A bare scenario as a lab: named after its file, with no controls,
/// goals or hints; the instructions say where it came from.
fn scenario_lab(file: &str, scenario: vlab_sim::Scenario) -> Lab {
    let stem = file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file)
        .trim_end_matches(".toml");
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let id = if id.trim_matches('-').is_empty() {
        "scenario".to_string()
    } else {
        id
    };
    let same = |s: &str| Text {
        en: s.to_string(),
        zh_cn: s.to_string(),
    };
    Lab {
        spec: LabSpec {
            format: 1,
            id,
            topic: Topic::ResourceControls,
            order: 0,
            seed: 1,
            title: same(stem),
            summary: same(file),
            // The page says, in the reader's language, that a lab without
            // goals is a cluster to watch (`lab.no_goals`).
            intro: same(""),
            scenario,
            control: Vec::new(),
            goal: Vec::new(),
            hint: Vec::new(),
            solution: Vec::new(),
            figure: Vec::new(),
            question: Vec::new(),
            vary: Vec::new(),
        },
        goals: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAB: &str = include_str!("../../labs/shares-contention.toml");

    #[test]
    fn a_lab_file_is_kept_under_its_own_id_and_found_by_the_catalog() {
        let id = add("my.toml", LAB).expect("a built-in lab's file is valid");
        assert_eq!(id, "mine-shares-contention");
        let lab = crate::catalog::find(&id).expect("the catalog finds it");
        assert_eq!(lab.spec.id, id);
        // The built-in lab is untouched.
        assert_eq!(
            crate::catalog::find("shares-contention").unwrap().spec.id,
            "shares-contention"
        );
        assert_eq!(get(&id).unwrap().source, LAB);
    }

    #[test]
    fn a_broken_file_gives_the_checkers_errors_with_lines() {
        let broken = LAB.replace("mem_mb = 32768", "mem_mb = \"lots\"");
        let errors = add("broken.toml", &broken).unwrap_err();
        let text = errors[0].to_string();
        assert!(text.starts_with("broken.toml:"), "{text}");
        assert!(text.contains("mem_mb"), "{text}");
        assert!(errors[0].line.is_some());
    }

    #[test]
    fn a_bare_scenario_becomes_a_lab_without_goals() {
        let scenario = "duration_s = 60\n[[host]]\nname = \"esx1\"\ncpu_mhz = 8000\nmem_mb = 16384\n[[vm]]\nname = \"a\"\nhost = \"esx1\"\nvcpus = 1\nmem_mb = 1024\ncpu_demand_mhz = 500\n";
        let id = add("My Cluster.toml", scenario).expect("valid scenario");
        assert_eq!(id, "mine-my-cluster");
        let lab = find(&id).unwrap();
        assert!(lab.goals.is_empty());
        assert!(lab.start(lab.spec.seed, &[]).is_ok());
    }
}
