//! The labs embedded at build time, parsed once and sorted for the catalog.

use std::sync::OnceLock;
use vlab_sim::{parse_lab, Lab, LabError, Topic};

include!(concat!(env!("OUT_DIR"), "/labs.rs"));

/// Every embedded lab, validated, sorted by topic then `order` then id.
///
/// The build embeds only files that CI has validated (`tests/labs.rs`), so
/// a parse failure here is a build defect; it is reported, not hidden.
pub fn labs() -> &'static [Lab] {
    static LABS: OnceLock<Vec<Lab>> = OnceLock::new();
    LABS.get_or_init(|| {
        let (mut ok, errors) = parse_all();
        for e in &errors {
            debug_assert!(false, "embedded lab invalid: {e}");
        }
        ok.sort_by(|a, b| {
            (a.spec.topic, a.spec.order, &a.spec.id).cmp(&(b.spec.topic, b.spec.order, &b.spec.id))
        });
        ok
    })
}

/// Parses every embedded lab file: the valid ones and all errors.
pub fn parse_all() -> (Vec<Lab>, Vec<LabError>) {
    let mut labs = Vec::new();
    let mut errors = Vec::new();
    for (name, source) in LAB_FILES {
        match parse_lab(&format!("labs/{name}"), source) {
            Ok(lab) => labs.push(lab),
            Err(mut e) => errors.append(&mut e),
        }
    }
    (labs, errors)
}

/// The lab with this id.
pub fn find(id: &str) -> Option<&'static Lab> {
    labs().iter().find(|l| l.spec.id == id)
}

/// Labs of one topic, in catalog order.
pub fn by_topic(topic: Topic) -> impl Iterator<Item = &'static Lab> {
    labs().iter().filter(move |l| l.spec.topic == topic)
}

/// The file name and TOML text of built-in lab `id`.
pub fn source(id: &str) -> Option<(&'static str, &'static str)> {
    let lab = find(id)?;
    LAB_FILES.iter().copied().find(|(_, text)| {
        // Each file is one lab: its id line names it.
        text.lines()
            .any(|l| l.trim() == format!("id = \"{}\"", lab.spec.id))
    })
}
