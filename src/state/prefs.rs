//! What the app remembers across reloads: language, theme and per-lab
//! progress. Pure data plus (de)serialization; reading and writing
//! `localStorage` happens only in [`crate::state::storage`].

use crate::text::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use vlab_sim::Value;

/// Bump when the stored shape changes; older data is reset with a notice.
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
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            version: PREFS_VERSION,
            lang: Lang::default(),
            theme: Theme::default(),
            progress: BTreeMap::new(),
            student: String::new(),
        }
    }
}

/// Why stored prefs were discarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discarded {
    /// Not JSON, or not our shape.
    Corrupt,
    /// Written by another version.
    Outdated,
}

impl Prefs {
    /// Reads stored JSON; `None` input means nothing stored (a first visit).
    pub fn from_stored(json: Option<&str>) -> (Prefs, Option<Discarded>) {
        let Some(json) = json else {
            return (Prefs::default(), None);
        };
        match serde_json::from_str::<Prefs>(json) {
            Ok(p) if p.version == PREFS_VERSION => (p, None),
            Ok(_) => (Prefs::default(), Some(Discarded::Outdated)),
            Err(_) => {
                let outdated = serde_json::from_str::<serde_json::Value>(json)
                    .ok()
                    .and_then(|v| v.get("version")?.as_u64())
                    .is_some_and(|v| v != u64::from(PREFS_VERSION));
                let why = if outdated {
                    Discarded::Outdated
                } else {
                    Discarded::Corrupt
                };
                (Prefs::default(), Some(why))
            }
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("prefs are plain data")
    }
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
    }
}
