//! A student's progress as a file they can hand in or carry to another
//! computer: `vlab-progress-NAME.json`, written by "Export progress",
//! read back by "Import progress" and graded by `vlab grade`.
//!
//! ```json
//! { "format": "vlab-progress", "version": 1, "student": "Ada",
//!   "labs": { "shares-contention": { "settings": { "db-shares": "high" },
//!             "passed": ["db-protected"], "hints_shown": 1, "seed": 42,
//!             "answers": { "db-at-start": "2667" }, "committed": true } },
//!   "checksum": "5b0c…" }
//! ```
//!
//! `labs` maps a lab id to its [`LabProgress`] as the browser stores it.
//! `checksum` is FNV-1a 64 (16 lowercase hex digits) over the canonical
//! JSON of every other member of the object: keys sorted, no whitespace,
//! strings as `serde_json` writes them. It detects a file edited after the
//! export; it is not security (anyone can recompute it).
//!
//! Pure: [`read`] takes the labs through a lookup, so tests can pass their
//! own; every problem names the field, what it accepts and what to do, in
//! the locale files' words ([`problem_text`], [`notice_text`]).

use crate::state::prefs::LabProgress;
use crate::text::{off_step_text, tr, tr_fill, Lang};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;
use vlab_sim::lab::spec::{ControlKind, QuestionKind};
use vlab_sim::lab::variant::MAX_VARIANT;
use vlab_sim::{Lab, Value};

/// The `format` member of every progress file.
pub const FORMAT: &str = "vlab-progress";
/// The one version of the format this vlab reads and writes.
pub const VERSION: u64 = 1;
/// Longest student name and longest typed answer kept, in characters.
pub const MAX_TEXT: usize = 200;

/// A progress file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub student: Option<String>,
    /// Only labs this vlab has; the others are in `notices`.
    pub labs: BTreeMap<String, LabProgress>,
    /// Whether the checksum matches what the file holds.
    pub checksum: Checksum,
    pub notices: Vec<ImportNotice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checksum {
    Matches,
    /// The file was changed after it was exported.
    Differs,
    /// The file has no checksum.
    Missing,
}

/// Read anyway, but worth saying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportNotice {
    /// No lab has this id here; its entry was skipped.
    UnknownLab {
        id: String,
    },
    /// A lab opened from a file (`mine-…`) that this browser does not
    /// have open: its entry was skipped (open the file, then import).
    UserLabMissing {
        id: String,
    },
    /// A lab opened from a file that is not the one the progress was
    /// made in (its controls or questions differ): its entry was
    /// skipped, the rest of the file read.
    UserLabDiffers {
        id: String,
    },
    Edited,
    NoChecksum,
}

/// What a field accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepts {
    Object,
    Text {
        max: usize,
    },
    Bool,
    WholeNumber,
    IdList,
    /// A control's value: a whole number, true or false, or text.
    SettingValue,
    Range {
        min: i64,
        max: i64,
    },
    /// A range control's value off its step: the range, the step and the
    /// valid values on either side of the one given.
    Step {
        min: i64,
        max: i64,
        step: i64,
        nearest: Vec<i64>,
    },
    OneOf(String),
    /// The lab's own seed, or 1..=`max` when the lab has variants.
    Seed {
        own: u64,
        max: Option<u64>,
    },
}

/// What an id in the file should have been one of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Control,
    Goal,
    Question,
}

/// Why nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProblem {
    NotJson {
        line: usize,
        column: usize,
    },
    /// JSON, but no `"format": "vlab-progress"` object.
    NotProgress,
    WrongFormat {
        given: String,
    },
    WrongVersion {
        given: String,
    },
    /// `field` holds `given`, which it does not accept.
    BadValue {
        field: String,
        given: String,
        accepts: Accepts,
    },
    /// `field` names `given`, which is not a control, goal or question of
    /// the lab; it has `known`.
    UnknownId {
        field: String,
        given: String,
        kind: IdKind,
        known: String,
    },
}

/// The progress file of `labs` (entries with nothing in them are left
/// out), pretty-printed, with its checksum.
pub fn export(student: Option<&str>, labs: &BTreeMap<String, LabProgress>) -> String {
    let student = student.map(str::trim).filter(|s| !s.is_empty());
    let kept: BTreeMap<&String, &LabProgress> = labs
        .iter()
        .filter(|(_, p)| **p != LabProgress::default())
        .collect();
    let mut file = Map::new();
    file.insert("format".into(), Json::from(FORMAT));
    file.insert("version".into(), Json::from(VERSION));
    if let Some(s) = student {
        file.insert("student".into(), Json::from(s));
    }
    file.insert(
        "labs".into(),
        serde_json::to_value(kept).expect("progress is plain data"),
    );
    let sum = checksum(&file);
    // In reading order, not the map's: format first, checksum last.
    let mut out = String::from("{\n");
    for key in ["format", "version", "student", "labs"] {
        if let Some(v) = file.get(key) {
            let v = serde_json::to_string_pretty(v).expect("JSON of plain data");
            out += &format!("  {}: {},\n", Json::from(key), v.replace('\n', "\n  "));
        }
    }
    out + &format!("  \"checksum\": \"{sum}\"\n}}\n")
}

/// The name the export saves under: `vlab-progress-NAME.json`, the name
/// reduced to letters, digits, `-` and `_` (`student` when none is left).
pub fn file_name(student: Option<&str>) -> String {
    let name: String = student
        .unwrap_or("")
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .take(60)
        .collect();
    let name = if name.is_empty() { "student" } else { &name };
    format!("vlab-progress-{name}.json")
}

/// FNV-1a 64 of the canonical JSON of `file` without its `checksum`.
pub fn checksum(file: &Map<String, Json>) -> String {
    let mut text = String::new();
    let mut body = file.clone();
    body.remove("checksum");
    canonical(&Json::Object(body), &mut text);
    format!("{:016x}", fnv1a64(text.as_bytes()))
}

/// FNV-1a, 64 bits (Fowler, Noll, Vo): a quick hash that changes with any
/// edit. Not a cryptographic hash.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// JSON with object keys sorted and no whitespace, whatever order or
/// spacing the file had.
fn canonical(v: &Json, out: &mut String) {
    match v {
        Json::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Json::from(k.as_str()).to_string());
                out.push(':');
                canonical(&m[k], out);
            }
            out.push('}');
        }
        Json::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Reads a progress file. `find` gives the lab of an id (the catalog's in
/// the app and the CLI). Every problem is reported; nothing is imported
/// unless the file has none.
pub fn read<'a>(
    text: &str,
    find: &dyn Fn(&str) -> Option<&'a Lab>,
) -> Result<Imported, Vec<ImportProblem>> {
    let json: Json = serde_json::from_str(text).map_err(|e| {
        vec![ImportProblem::NotJson {
            line: e.line(),
            column: e.column(),
        }]
    })?;
    let Some(file) = json.as_object() else {
        return Err(vec![ImportProblem::NotProgress]);
    };
    match file.get("format") {
        None => return Err(vec![ImportProblem::NotProgress]),
        Some(Json::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(vec![ImportProblem::WrongFormat {
                given: shown(other),
            }])
        }
    }
    match file.get("version") {
        Some(v) if v.as_u64() == Some(VERSION) => {}
        other => {
            return Err(vec![ImportProblem::WrongVersion {
                given: other.map_or_else(|| "none".into(), shown),
            }])
        }
    }
    let mut problems = Vec::new();
    let student = match file.get("student") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) if s.chars().count() <= MAX_TEXT => {
            Some(s.trim().to_string()).filter(|s| !s.is_empty())
        }
        Some(other) => {
            problems.push(bad("student", other, Accepts::Text { max: MAX_TEXT }));
            None
        }
    };
    let mut notices = Vec::new();
    let checksum = match file.get("checksum") {
        Some(Json::String(s)) if *s == checksum(file) => Checksum::Matches,
        Some(_) => {
            notices.push(ImportNotice::Edited);
            Checksum::Differs
        }
        None => {
            notices.push(ImportNotice::NoChecksum);
            Checksum::Missing
        }
    };
    let mut labs = BTreeMap::new();
    match file.get("labs") {
        Some(Json::Object(entries)) => {
            for (id, entry) in entries {
                let user_lab = crate::catalog::user::is_user_id(id);
                let Some(lab) = find(id) else {
                    notices.push(if user_lab {
                        ImportNotice::UserLabMissing { id: id.clone() }
                    } else {
                        ImportNotice::UnknownLab { id: id.clone() }
                    });
                    continue;
                };
                match lab_progress(lab, &format!("labs.{id}"), entry) {
                    Ok(p) => {
                        labs.insert(id.clone(), p);
                    }
                    // A lab brought from a file may have been changed
                    // since: that entry is not this lab's, the others are.
                    Err(_) if user_lab => {
                        notices.push(ImportNotice::UserLabDiffers { id: id.clone() })
                    }
                    Err(mut e) => problems.append(&mut e),
                }
            }
        }
        other => problems.push(bad("labs", other.unwrap_or(&Json::Null), Accepts::Object)),
    }
    if problems.is_empty() {
        Ok(Imported {
            student,
            labs,
            checksum,
            notices,
        })
    } else {
        Err(problems)
    }
}

/// A value as a message quotes it: text as it is, anything else as JSON,
/// cut to 40 characters.
fn shown(v: &Json) -> String {
    let s = match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.chars().count() > 40 {
        s.chars().take(39).chain(['…']).collect()
    } else {
        s
    }
}

fn bad(field: &str, v: &Json, accepts: Accepts) -> ImportProblem {
    ImportProblem::BadValue {
        field: field.to_string(),
        given: shown(v),
        accepts,
    }
}

/// What each member of a lab's progress accepts (an unknown member is
/// ignored, as the browser's storage ignores it).
fn member_accepts(member: &str) -> Accepts {
    match member {
        "settings" | "answers" => Accepts::Object,
        "passed" => Accepts::IdList,
        "hints_shown" => Accepts::WholeNumber,
        "committed" | "explore" => Accepts::Bool,
        _ => Accepts::WholeNumber, // "seed"
    }
}

/// One lab's entry: first its shape, member by member, then its values
/// against the lab.
fn lab_progress(lab: &Lab, at: &str, entry: &Json) -> Result<LabProgress, Vec<ImportProblem>> {
    let Some(members) = entry.as_object() else {
        return Err(vec![bad(at, entry, Accepts::Object)]);
    };
    let mut problems = Vec::new();
    for (k, v) in members {
        let field = format!("{at}.{k}");
        // Each member alone: serde names no field, so try them one by one.
        let alone = Json::Object(Map::from_iter([(k.clone(), v.clone())]));
        if serde_json::from_value::<LabProgress>(alone).is_ok() {
            continue;
        }
        let entries = match (k.as_str(), v) {
            ("settings" | "answers", Json::Object(m)) => Some(m),
            _ => None,
        };
        match entries {
            // Name the entry that is wrong, not the whole map.
            Some(m) => {
                for (id, x) in m {
                    let ok = if k == "settings" {
                        serde_json::from_value::<Value>(x.clone()).is_ok()
                    } else {
                        x.is_string()
                    };
                    if !ok {
                        let accepts = if k == "settings" {
                            Accepts::SettingValue
                        } else {
                            Accepts::Text { max: MAX_TEXT }
                        };
                        problems.push(bad(&format!("{field}.{id}"), x, accepts));
                    }
                }
            }
            None => problems.push(bad(&field, v, member_accepts(k))),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut p: LabProgress =
        serde_json::from_value(entry.clone()).expect("every member was read on its own");
    check_values(lab, at, &mut p, &mut problems);
    if problems.is_empty() {
        Ok(p)
    } else {
        Err(problems)
    }
}

fn ids<'a>(it: impl Iterator<Item = &'a String>) -> String {
    it.map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// The values of `p` against `lab`: controls and their values, goals,
/// hints, the variant and the questions. The lab's own seed is stored as
/// `None`, as the page stores it.
fn check_values(lab: &Lab, at: &str, p: &mut LabProgress, problems: &mut Vec<ImportProblem>) {
    let spec = &lab.spec;
    for (id, value) in &p.settings {
        let field = format!("{at}.settings.{id}");
        let Some(c) = spec.control.iter().find(|c| &c.id == id) else {
            problems.push(ImportProblem::UnknownId {
                field,
                given: id.clone(),
                kind: IdKind::Control,
                known: ids(spec.control.iter().map(|c| &c.id)),
            });
            continue;
        };
        let accepts = match c.kind {
            ControlKind::Range => {
                let (min, max) = (c.min.unwrap_or(i64::MIN), c.max.unwrap_or(i64::MAX));
                match value {
                    Value::Int(n) if (min..=max).contains(n) => {
                        c.off_step(*n).map(|nearest| Accepts::Step {
                            min,
                            max,
                            step: c.step.unwrap_or(1),
                            nearest,
                        })
                    }
                    _ => Some(Accepts::Range { min, max }),
                }
            }
            ControlKind::Toggle => (!matches!(value, Value::Bool(_))).then_some(Accepts::Bool),
            ControlKind::Choice => {
                let choices = c.choices.as_deref().unwrap_or_default();
                (!choices.contains(value)).then(|| {
                    let names: Vec<String> = choices.iter().map(Value::to_string).collect();
                    Accepts::OneOf(names.join(", "))
                })
            }
        };
        if let Some(accepts) = accepts {
            problems.push(ImportProblem::BadValue {
                field,
                given: value.to_string(),
                accepts,
            });
        }
    }
    for goal in &p.passed {
        if !spec.goal.iter().any(|g| &g.id == goal) {
            problems.push(ImportProblem::UnknownId {
                field: format!("{at}.passed"),
                given: goal.clone(),
                kind: IdKind::Goal,
                known: ids(spec.goal.iter().map(|g| &g.id)),
            });
        }
    }
    if p.hints_shown > spec.hint.len() {
        problems.push(ImportProblem::BadValue {
            field: format!("{at}.hints_shown"),
            given: p.hints_shown.to_string(),
            accepts: Accepts::Range {
                min: 0,
                max: spec.hint.len() as i64,
            },
        });
    }
    match p.seed {
        Some(n) if n == spec.seed => p.seed = None,
        Some(n) if !(lab.has_variants() && (1..=MAX_VARIANT).contains(&n)) => {
            problems.push(ImportProblem::BadValue {
                field: format!("{at}.seed"),
                given: n.to_string(),
                accepts: Accepts::Seed {
                    own: spec.seed,
                    max: lab.has_variants().then_some(MAX_VARIANT),
                },
            });
        }
        _ => {}
    }
    for (id, answer) in &p.answers {
        let field = format!("{at}.answers.{id}");
        let Some(q) = spec.question.iter().find(|q| &q.id == id) else {
            problems.push(ImportProblem::UnknownId {
                field,
                given: id.clone(),
                kind: IdKind::Question,
                known: ids(spec.question.iter().map(|q| &q.id)),
            });
            continue;
        };
        let accepts = if answer.chars().count() > MAX_TEXT {
            Some(Accepts::Text { max: MAX_TEXT })
        } else if q.kind == QuestionKind::Choice
            && !answer.is_empty()
            && !q.choice.iter().any(|c| &c.value == answer)
        {
            Some(Accepts::OneOf(ids(q.choice.iter().map(|c| &c.value))))
        } else {
            None
        };
        if let Some(accepts) = accepts {
            problems.push(ImportProblem::BadValue {
                field,
                given: shown(&Json::from(answer.as_str())),
                accepts,
            });
        }
    }
}

fn accepts_text(lang: Lang, a: &Accepts) -> String {
    match a {
        Accepts::Object => tr(lang, "progress_file.accepts_object"),
        Accepts::Text { max } => tr_fill(
            lang,
            "progress_file.accepts_text",
            &[("max", &max.to_string())],
        ),
        Accepts::Bool => tr(lang, "progress_file.accepts_bool"),
        Accepts::WholeNumber => tr(lang, "progress_file.accepts_whole"),
        Accepts::IdList => tr(lang, "progress_file.accepts_ids"),
        Accepts::SettingValue => tr(lang, "progress_file.accepts_setting"),
        Accepts::Range { min, max } => tr_fill(
            lang,
            "progress_file.accepts_range",
            &[("min", &min.to_string()), ("max", &max.to_string())],
        ),
        Accepts::Step {
            min,
            max,
            step,
            nearest,
        } => off_step_text(
            lang,
            "progress_file.accepts_step",
            (*min, *max, *step),
            nearest,
            &[],
        ),
        Accepts::OneOf(values) => {
            tr_fill(lang, "progress_file.accepts_one_of", &[("values", values)])
        }
        Accepts::Seed {
            own,
            max: Some(max),
        } => tr_fill(
            lang,
            "progress_file.accepts_seed",
            &[("own", &own.to_string()), ("max", &max.to_string())],
        ),
        Accepts::Seed { own, max: None } => tr_fill(
            lang,
            "progress_file.accepts_own_seed",
            &[("own", &own.to_string())],
        ),
    }
}

/// A problem as a sentence in `lang`: the field, what it accepts, what
/// to do.
pub fn problem_text(lang: Lang, p: &ImportProblem) -> String {
    match p {
        ImportProblem::NotJson { line, column } => tr_fill(
            lang,
            "progress_file.not_json",
            &[("line", &line.to_string()), ("column", &column.to_string())],
        ),
        ImportProblem::NotProgress => tr(lang, "progress_file.not_progress"),
        ImportProblem::WrongFormat { given } => {
            tr_fill(lang, "progress_file.wrong_format", &[("given", given)])
        }
        ImportProblem::WrongVersion { given } => tr_fill(
            lang,
            "progress_file.wrong_version",
            &[("given", given), ("version", &VERSION.to_string())],
        ),
        ImportProblem::BadValue {
            field,
            given,
            accepts,
        } => tr_fill(
            lang,
            "progress_file.bad_value",
            &[
                ("field", field),
                ("given", given),
                ("accepts", &accepts_text(lang, accepts)),
            ],
        ),
        ImportProblem::UnknownId {
            field,
            given,
            kind,
            known,
        } => {
            let key = match kind {
                IdKind::Control => "progress_file.unknown_control",
                IdKind::Goal => "progress_file.unknown_goal",
                IdKind::Question => "progress_file.unknown_question",
            };
            let known = if known.is_empty() { "—" } else { known };
            tr_fill(
                lang,
                key,
                &[("field", field), ("given", given), ("known", known)],
            )
        }
    }
}

/// A notice as a sentence in `lang`.
pub fn notice_text(lang: Lang, n: &ImportNotice) -> String {
    match n {
        ImportNotice::UnknownLab { id } => {
            tr_fill(lang, "progress_file.unknown_lab", &[("id", id)])
        }
        ImportNotice::UserLabMissing { id } => {
            tr_fill(lang, "open_lab.progress_lab_missing", &[("id", id)])
        }
        ImportNotice::UserLabDiffers { id } => {
            tr_fill(lang, "open_lab.progress_lab_differs", &[("id", id)])
        }
        ImportNotice::Edited => tr(lang, "progress_file.edited"),
        ImportNotice::NoChecksum => tr(lang, "progress_file.no_checksum"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    const LAB: &str = "shares-contention";

    fn find(id: &str) -> Option<&'static Lab> {
        catalog::find(id)
    }

    fn sample() -> BTreeMap<String, LabProgress> {
        let mut p = LabProgress {
            hints_shown: 1,
            committed: true,
            ..LabProgress::default()
        };
        p.settings
            .insert("db-shares".into(), Value::Text("high".into()));
        p.passed.insert("db-protected".into());
        p.answers.insert("db-at-start".into(), "2667".into());
        let mut labs = BTreeMap::from([(LAB.to_string(), p)]);
        labs.insert("cpu-limit-16vcpu".into(), LabProgress::default());
        labs
    }

    fn problems(text: &str) -> Vec<String> {
        read(text, &find)
            .expect_err("a problem")
            .iter()
            .map(|p| problem_text(Lang::En, p))
            .collect()
    }

    /// `f` applied to the JSON of a good export, written back.
    fn edited(f: impl FnOnce(&mut Json)) -> String {
        let mut v: Json = serde_json::from_str(&export(Some("Ada"), &sample())).unwrap();
        f(&mut v);
        v.to_string()
    }

    #[test]
    fn an_export_reads_back_the_same_with_a_matching_checksum() {
        let text = export(Some("  Ada Lovelace "), &sample());
        assert!(text.starts_with("{\n  \"format\": \"vlab-progress\",\n  \"version\": 1,"));
        assert!(text.trim_end().ends_with('}') && text.contains("\"checksum\": \""));
        let got = read(&text, &find).unwrap();
        assert_eq!(got.student.as_deref(), Some("Ada Lovelace"));
        assert_eq!(got.checksum, Checksum::Matches);
        assert_eq!(got.notices, []);
        // Empty entries are left out of the file.
        let mut want = sample();
        want.remove("cpu-limit-16vcpu");
        assert_eq!(got.labs, want);
        // Spacing and key order do not change the checksum.
        let compact: Json = serde_json::from_str(&text).unwrap();
        assert_eq!(
            read(&compact.to_string(), &find).unwrap().checksum,
            Checksum::Matches
        );
        // A Chinese name round-trips, and an unnamed file has no student.
        let zh = read(&export(Some("张三"), &sample()), &find).unwrap();
        assert_eq!(zh.student.as_deref(), Some("张三"));
        assert_eq!(read(&export(None, &sample()), &find).unwrap().student, None);
    }

    #[test]
    fn the_checksum_catches_an_edit_and_a_missing_checksum() {
        let text = edited(|v| v["labs"][LAB]["answers"]["db-at-start"] = "2600".into());
        let got = read(&text, &find).unwrap();
        assert_eq!(got.checksum, Checksum::Differs);
        assert_eq!(got.notices, [ImportNotice::Edited]);
        assert!(notice_text(Lang::En, &got.notices[0]).contains("changed after it was exported"));
        let renamed = read(&edited(|v| v["student"] = "Bob".into()), &find).unwrap();
        assert_eq!(renamed.checksum, Checksum::Differs);
        let bare = edited(|v| {
            v.as_object_mut().unwrap().remove("checksum");
        });
        assert_eq!(read(&bare, &find).unwrap().checksum, Checksum::Missing);
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn unknown_labs_are_skipped_with_a_notice() {
        let text = edited(|v| v["labs"]["no-such-lab"] = serde_json::json!({"hints_shown": 1}));
        let got = read(&text, &find).unwrap();
        assert!(got.labs.contains_key(LAB) && !got.labs.contains_key("no-such-lab"));
        let unknown = ImportNotice::UnknownLab {
            id: "no-such-lab".into(),
        };
        assert!(got.notices.contains(&unknown));
        assert!(notice_text(Lang::ZhCn, &unknown).contains("no-such-lab"));
    }

    /// Progress in a lab opened from a file travels in the file like any
    /// other; where that lab is not open, or is another version of it,
    /// only its entry is skipped (grading and import go on).
    #[test]
    fn progress_in_a_lab_opened_from_a_file_never_refuses_the_file() {
        let mine = "mine-shares-contention";
        let mut labs = sample();
        let mut p = labs[LAB].clone();
        p.passed.clear();
        labs.insert(mine.into(), p);
        let text = export(Some("Ada"), &labs);
        // Not open here (the CLI's grader, another browser).
        let got = read(&text, &find).unwrap();
        assert!(got.labs.contains_key(LAB) && !got.labs.contains_key(mine));
        let missing = ImportNotice::UserLabMissing { id: mine.into() };
        assert_eq!(got.notices, std::slice::from_ref(&missing));
        assert!(notice_text(Lang::En, &missing).contains(mine));
        assert!(notice_text(Lang::ZhCn, &missing).contains(mine));
        // Open here: read and checked against it like a built-in lab.
        catalog::user::add("mine.toml", &catalog::source(LAB).unwrap().1).unwrap();
        let got = read(&text, &find).unwrap();
        assert_eq!(got.labs[mine].settings, labs[mine].settings);
        assert!(got.notices.is_empty());
        // Open here, but a different lab under that id: skipped, not fatal.
        let other =
            edited(|v| v["labs"][mine] = serde_json::json!({"settings": {"no-such-control": 3}}));
        let got = read(&other, &find).unwrap();
        assert!(got.labs.contains_key(LAB) && !got.labs.contains_key(mine));
        assert!(got
            .notices
            .contains(&ImportNotice::UserLabDiffers { id: mine.into() }));
        // A built-in lab with a bad value still refuses the file.
        let bad = edited(|v| v["labs"][LAB]["settings"] = serde_json::json!({"nope": 1}));
        assert!(read(&bad, &find).is_err());
    }

    #[test]
    fn a_file_that_is_not_progress_says_what_it_is_and_what_to_do() {
        let e = problems("{\"format\": \"vlab-progress\",");
        assert!(
            e[0].contains("not valid JSON") && e[0].contains("line 1"),
            "{e:?}"
        );
        assert!(problems("[1, 2]")[0].contains("not a vlab progress file"));
        let e = problems(r#"{"format": "lab", "version": 1, "labs": {}}"#);
        assert!(
            e[0].starts_with("format: 'lab'") && e[0].contains("vlab-progress"),
            "{e:?}"
        );
        let e = problems(r#"{"format": "vlab-progress", "version": 2, "labs": {}}"#);
        assert!(
            e[0].starts_with("version:") && e[0].contains("version 1"),
            "{e:?}"
        );
        let e = problems(r#"{"format": "vlab-progress", "version": 1, "labs": []}"#);
        assert!(e[0].starts_with("labs: '[]'"), "{e:?}");
    }

    #[test]
    fn bad_values_name_the_field_and_what_it_accepts_in_both_languages() {
        let text = edited(|v| {
            let p = &mut v["labs"][LAB];
            p["settings"]["db-shares"] = "huge".into();
            p["settings"]["web-shares"] = serde_json::json!([1]);
            p["hints_shown"] = "many".into();
            p["committed"] = 1.into();
        });
        let e = problems(&text);
        let has = |needle: &str| e.iter().any(|m| m.contains(needle));
        assert!(
            has("labs.shares-contention.settings.web-shares: '[1]'"),
            "{e:?}"
        );
        assert!(
            has("labs.shares-contention.hints_shown: 'many'") && has("whole number"),
            "{e:?}"
        );
        assert!(
            has("labs.shares-contention.committed: '1'") && has("true or false"),
            "{e:?}"
        );
        // Values are checked once the shape is right.
        let e = problems(&edited(|v| {
            let p = &mut v["labs"][LAB];
            p["settings"]["db-shares"] = "huge".into();
            p["settings"]["nope"] = 1.into();
            p["passed"] = serde_json::json!(["db-protected", "fast"]);
            p["hints_shown"] = 9.into();
            p["seed"] = 100_000.into();
            p["answers"]["q9"] = "1".into();
        }));
        let hints = format!("from 0 to {}", find(LAB).unwrap().spec.hint.len());
        let want = [
            "labs.shares-contention.settings.db-shares: 'huge'",
            "one of: low, normal, high",
            "labs.shares-contention.settings.nope: 'nope' is not a control",
            "'fast' is not a goal",
            "labs.shares-contention.hints_shown: '9'",
            &hints,
            "labs.shares-contention.seed: '100000'",
            "labs.shares-contention.answers.q9: 'q9' is not a question",
        ];
        for w in want {
            assert!(e.iter().any(|m| m.contains(w)), "{w} in {e:#?}");
        }
        let problem = read(&edited(|v| v["labs"][LAB]["hints_shown"] = 9.into()), &find)
            .unwrap_err()
            .remove(0);
        let zh = problem_text(Lang::ZhCn, &problem);
        assert!(
            zh.contains("labs.shares-contention.hints_shown") && zh.contains("0"),
            "{zh}"
        );
        assert_ne!(zh, problem_text(Lang::En, &problem));
    }

    /// An imported control value must be one the control can produce:
    /// in range, on its step, a number, a control of the lab; each
    /// problem names the control in both languages.
    #[test]
    fn control_values_off_their_step_or_range_are_refused_by_name() {
        let lab = "numa-virtual-sockets";
        let file = |id: &str, value: Json| {
            let mut p = LabProgress::default();
            p.settings.insert("db-vcpus".into(), Value::Int(16));
            let mut v: Json =
                serde_json::from_str(&export(None, &BTreeMap::from([(lab.to_string(), p)])))
                    .unwrap();
            v["labs"][lab]["settings"][id] = value;
            v.to_string()
        };
        let got = read(&file("db-vcpus", 32.into()), &find).unwrap();
        assert_eq!(got.labs[lab].settings["db-vcpus"], Value::Int(32));
        let field = "labs.numa-virtual-sockets.settings.db-vcpus";
        let cases = [
            (
                file("db-vcpus", 30.into()),
                "from 8 to 64 in steps of 8, such as 24 or 32",
            ),
            (file("db-vcpus", 72.into()), "from 8 to 64"),
            (file("db-vcpus", "sixteen".into()), "from 8 to 64"),
        ];
        for (text, accepts) in cases {
            let problems = read(&text, &find).unwrap_err();
            assert_eq!(problems.len(), 1);
            let en = problem_text(Lang::En, &problems[0]);
            assert!(en.starts_with(field) && en.contains(accepts), "{en}");
            let zh = problem_text(Lang::ZhCn, &problems[0]);
            assert!(zh.contains(field), "{zh}");
        }
        let zh = problem_text(
            Lang::ZhCn,
            &read(&file("db-vcpus", 30.into()), &find).unwrap_err()[0],
        );
        assert!(zh.contains("步长为 8") && zh.contains("24 或 32"), "{zh}");
        let unknown = read(&file("db-cpus", 16.into()), &find).unwrap_err();
        let en = problem_text(Lang::En, &unknown[0]);
        assert!(
            en.contains("settings.db-cpus: 'db-cpus' is not a control") && en.contains("db-vcpus"),
            "{en}"
        );
    }

    #[test]
    fn the_labs_own_seed_reads_as_no_variant() {
        let lab = find(LAB).unwrap();
        let got = read(
            &edited(|v| v["labs"][LAB]["seed"] = lab.spec.seed.into()),
            &find,
        )
        .unwrap();
        assert_eq!(got.labs[LAB].seed, None);
    }

    #[test]
    fn importing_replaces_the_labs_in_the_file_and_keeps_the_others() {
        use crate::state::prefs::Prefs;
        use crate::state::{AppAction, AppState};
        use std::rc::Rc;
        use yew::Reducible;
        let mut prefs = Prefs::default();
        let mine = LabProgress {
            hints_shown: 2,
            ..LabProgress::default()
        };
        prefs
            .progress
            .insert("cpu-limit-16vcpu".into(), mine.clone());
        prefs.progress.insert(LAB.into(), mine.clone());
        let state = Rc::new(AppState {
            prefs,
            notice: None,
        });
        let file = read(&export(Some("Ada"), &sample()), &find).unwrap();
        let next = state.reduce(AppAction::ImportProgress {
            labs: file.labs.clone(),
            student: file.student,
        });
        assert_eq!(next.prefs.progress[LAB], file.labs[LAB]);
        assert_eq!(next.prefs.progress["cpu-limit-16vcpu"], mine);
        assert_eq!(next.prefs.student, "Ada");
    }

    #[test]
    fn file_names_keep_letters_digits_and_dashes() {
        assert_eq!(file_name(None), "vlab-progress-student.json");
        assert_eq!(file_name(Some("  ")), "vlab-progress-student.json");
        assert_eq!(
            file_name(Some("Ada Lovelace")),
            "vlab-progress-Ada-Lovelace.json"
        );
        assert_eq!(file_name(Some("../x/y")), "vlab-progress-xy.json");
        assert_eq!(file_name(Some("张三")), "vlab-progress-张三.json");
    }
}
