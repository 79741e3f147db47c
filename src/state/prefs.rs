//! What the app remembers across reloads: language, theme and per-lab
//! progress. Pure data plus (de)serialization; reading and writing
//! `localStorage` happens only in [`crate::state::storage`].

use crate::text::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use vlab_sim::Value;

/// The version of what vlab stores. Bump it when the stored shape changes
/// in a way serde's defaults cannot read, and add a step from the old
/// shape to [`Prefs::from_stored`].
///
/// Every form vlab has written under [`crate::state::storage::STORAGE_KEY`]
/// (the history of `src/prefs.rs`, now `src/state/prefs.rs`) has carried
/// `"version": 1`:
///
/// - the first release (commit 0db1318): `version`, `lang`, `theme`, and
///   per lab in `progress` its `settings`, `passed` and `hints_shown`;
/// - since the learning loop (commit 431c139, issue 15): the same, plus
///   per lab `seed`, `answers`, `committed` and `explore`, and `student`.
///   Each new member is optional, so the first form migrates by taking
///   their defaults (no variant, no answers, not committed, exercise mode,
///   no name); `tests::the_first_releases_storage_keeps_its_progress`.
///
/// A version above this one was written by a newer vlab: it is left as
/// it is ([`Discarded::Newer`]), never overwritten.
pub const PREFS_VERSION: u32 = 1;

/// Colour scheme; `projector` is high contrast with large type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Light,
    Dark,
    Projector,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Projector];

    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Projector => "projector",
        }
    }

    pub fn from_code(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// A student's state in one lab.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LabProgress {
    /// Control id -> value the student chose (absent = the lab's default).
    #[serde(default)]
    pub settings: BTreeMap<String, Value>,
    /// Goals met with the current settings.
    #[serde(default)]
    pub passed: BTreeSet<String>,
    /// How many hints are revealed.
    #[serde(default)]
    pub hints_shown: usize,
    /// The variant drawn (`None`: the lab as written, its own seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Question id -> the student's prediction, as typed or chosen.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, String>,
    /// The predictions are committed: the run is revealed and judged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub committed: bool,
    /// Explore mode: everything shown at once, no predictions asked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub explore: bool,
}

/// Everything stored, under one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    pub version: u32,
    pub lang: Lang,
    pub theme: Theme,
    #[serde(default)]
    pub progress: BTreeMap<String, LabProgress>,
    /// The name exported progress files carry (empty: none given).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub student: String,
    /// Presenter mode: large type, the projector theme, instructions
    /// folded, keyboard shortcuts (`lab/shortcuts.rs`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub presenter: bool,
    /// A teacher's link hid the answers (`?answers=hidden`): no solution
    /// button, predictions recorded but not judged, until a link releases
    /// them (`?answers=released`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub answers_hidden: bool,
    /// Labs opened from a file or a link, kept so they are there after a
    /// reload: id (`mine-…`) -> the file as it was opened. Older vlabs
    /// ignore the member (serde skips unknown fields), so the version
    /// stays 1; `catalog::user` parses them again at start-up.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub my_labs: BTreeMap<String, MyLabFile>,
    /// The lab being built in the sandbox (`#/sandbox`), as the sandbox
    /// writes its draft (`sandbox::draft`), so an instructor's work
    /// survives a reload. Kept as plain JSON: the state layer does not
    /// know its shape, and a draft the sandbox cannot read gives its
    /// example, never a reset of everything else stored. Optional, so the
    /// version stays 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox_draft: Option<serde_json::Value>,
}

/// A lab brought at run time, as kept in storage: its file's name and
/// text, exactly as opened (parsed again on every start).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyLabFile {
    pub file: String,
    pub source: String,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            version: PREFS_VERSION,
            lang: Lang::default(),
            theme: Theme::default(),
            progress: BTreeMap::new(),
            student: String::new(),
            presenter: false,
            answers_hidden: false,
            my_labs: BTreeMap::new(),
            sandbox_draft: None,
        }
    }
}

/// Why stored prefs were not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discarded {
    /// Not JSON, or not our shape: reset.
    Corrupt,
    /// Written by an older version this one has no migration from: reset.
    Outdated,
    /// Written by a newer vlab: kept untouched in storage (this vlab runs
    /// with defaults and does not save over it).
    Newer,
}

impl Prefs {
    /// Reads stored JSON; `None` input means nothing stored (a first visit).
    pub fn from_stored(json: Option<&str>) -> (Prefs, Option<Discarded>) {
        let Some(json) = json else {
            return (Prefs::default(), None);
        };
        let reset = |why| (Prefs::default(), Some(why));
        match stored_version(json) {
            // Version 1 in every form it was written (see PREFS_VERSION):
            // later members default.
            Some(v) if v == u64::from(PREFS_VERSION) => match serde_json::from_str::<Prefs>(json) {
                Ok(p) => (p, None),
                Err(_) => reset(Discarded::Corrupt),
            },
            Some(v) if v > u64::from(PREFS_VERSION) => reset(Discarded::Newer),
            Some(_) => reset(Discarded::Outdated),
            None => reset(Discarded::Corrupt),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("prefs are plain data")
    }
}

/// The `version` of stored JSON, if it is a JSON object that has one.
pub fn stored_version(json: &str) -> Option<u64> {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()?
        .get("version")?
        .as_u64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_visit_gives_defaults_without_notice() {
        assert_eq!(Prefs::from_stored(None), (Prefs::default(), None));
    }

    #[test]
    fn round_trips() {
        let mut p = Prefs {
            lang: Lang::ZhCn,
            theme: Theme::Projector,
            ..Prefs::default()
        };
        p.progress
            .entry("lab".into())
            .or_default()
            .passed
            .insert("g".into());
        assert_eq!(Prefs::from_stored(Some(&p.to_json())), (p, None));
    }

    /// The sandbox's draft is kept as the sandbox wrote it; any JSON
    /// there reads (the sandbox falls back to its example), so a draft
    /// never resets the progress stored beside it.
    #[test]
    fn the_sandbox_draft_is_kept_as_written_and_never_resets_progress() {
        let mut p = Prefs::default();
        p.progress.entry("lab".into()).or_default().hints_shown = 1;
        p.sandbox_draft = Some(serde_json::json!({"id": "x", "hosts": [{"name": "esx1"}]}));
        assert_eq!(Prefs::from_stored(Some(&p.to_json())), (p.clone(), None));
        p.sandbox_draft = Some(serde_json::json!(42));
        assert_eq!(Prefs::from_stored(Some(&p.to_json())), (p, None));
        assert!(!Prefs::default().to_json().contains("sandbox_draft"));
    }

    #[test]
    fn corrupt_and_outdated_storage_reset_with_a_reason() {
        assert_eq!(
            Prefs::from_stored(Some("{not json")).1,
            Some(Discarded::Corrupt)
        );
        assert_eq!(
            Prefs::from_stored(Some(r#"{"lang":3}"#)).1,
            Some(Discarded::Corrupt)
        );
        let old = r#"{"version":0,"lang":"en","theme":"light"}"#;
        assert_eq!(Prefs::from_stored(Some(old)).1, Some(Discarded::Outdated));
        let damaged = r#"{"version":1,"lang":"en","theme":"sepia"}"#;
        assert_eq!(
            Prefs::from_stored(Some(damaged)).1,
            Some(Discarded::Corrupt)
        );
    }

    /// Storage as the first release (0db1318) wrote it: no variant,
    /// answers, modes or name yet. Its progress, settings and language
    /// are kept; the members added since take their defaults.
    #[test]
    fn the_first_releases_storage_keeps_its_progress() {
        let first = r#"{"version":1,"lang":"zh-CN","theme":"dark","progress":{"shares-contention":{"settings":{"db-shares":"high","web-vcpus":4},"passed":["db-protected"],"hints_shown":2},"cpu-limit-16vcpu":{"settings":{},"passed":[],"hints_shown":0}}}"#;
        let (p, notice) = Prefs::from_stored(Some(first));
        assert_eq!(notice, None);
        assert_eq!((p.version, p.lang, p.theme), (1, Lang::ZhCn, Theme::Dark));
        let lab = &p.progress["shares-contention"];
        assert_eq!(lab.settings["db-shares"], Value::Text("high".into()));
        assert_eq!(lab.settings["web-vcpus"], Value::Int(4));
        assert!(lab.passed.contains("db-protected"));
        assert_eq!(lab.hints_shown, 2);
        assert_eq!(
            (lab.seed, lab.answers.len(), lab.committed, lab.explore),
            (None, 0, false, false)
        );
        assert_eq!(p.student, "");
        assert!(p.progress.contains_key("cpu-limit-16vcpu"));
        // Saved again, it is the current form, and reads back the same.
        assert_eq!(Prefs::from_stored(Some(&p.to_json())), (p, None));
    }

    /// Storage as the current form writes it (since 431c139): variant,
    /// answers, committed, explore and the student's name.
    #[test]
    fn the_current_storage_keeps_answers_variant_and_name() {
        let current = r#"{"version":1,"lang":"en","theme":"projector","progress":{"mem-admission-64gb":{"settings":{"vm9-reservation":4096},"passed":[],"hints_shown":1,"seed":4172,"answers":{"q1":"8192","q2":"host"},"committed":true},"drs-threshold":{"settings":{},"passed":[],"hints_shown":0,"explore":true}},"student":"Ada"}"#;
        let (p, notice) = Prefs::from_stored(Some(current));
        assert_eq!(notice, None);
        let lab = &p.progress["mem-admission-64gb"];
        assert_eq!(lab.seed, Some(4172));
        assert_eq!(lab.answers["q2"], "host");
        assert!(lab.committed && p.progress["drs-threshold"].explore);
        assert_eq!((p.student.as_str(), p.theme), ("Ada", Theme::Projector));
    }

    /// Kept labs read back as written; storage with a member this vlab
    /// does not know (as an older vlab sees `my_labs`) still reads, so
    /// adding the member needed no new version.
    #[test]
    fn kept_labs_round_trip_and_unknown_members_are_ignored() {
        let mut p = Prefs::default();
        p.my_labs.insert(
            "mine-x".into(),
            MyLabFile {
                file: "x.toml".into(),
                source: "id = \"x\"\n".into(),
            },
        );
        let json = p.to_json();
        assert!(json.contains("\"my_labs\":{\"mine-x\""), "{json}");
        assert_eq!(Prefs::from_stored(Some(&json)), (p, None));
        // No kept labs: the member is left out.
        assert!(!Prefs::default().to_json().contains("my_labs"));
        let later = r#"{"version":1,"lang":"en","theme":"light","sandbox":{"hosts":3}}"#;
        assert_eq!(Prefs::from_stored(Some(later)), (Prefs::default(), None));
    }

    /// Storage from a newer vlab is not read, and says so; the caller
    /// keeps it (see `storage::may_overwrite`).
    #[test]
    fn a_newer_version_is_kept_and_named() {
        let newer = r#"{"version":2,"lang":"zh-CN","profile":{"progress":{}}}"#;
        assert_eq!(
            Prefs::from_stored(Some(newer)),
            (Prefs::default(), Some(Discarded::Newer))
        );
        assert_eq!(stored_version(newer), Some(2));
        assert_eq!(stored_version("[1]"), None);
    }
}
