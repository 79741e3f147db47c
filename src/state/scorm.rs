//! SCORM 1.2 inside an LMS, the pure part: which labs a package reports
//! ([`Scope`]), a lab's status and score from its progress ([`lab_score`],
//! [`status`]), what the LMS is told ([`Reporter`]) and the progress kept
//! in `cmi.suspend_data` ([`encode`], [`decode`]). The LMS's API object is
//! reached only by [`crate::state::scorm_api`].
//!
//! A package says what it reports with `<meta name="vlab-scorm">` in its
//! `index.html` (written by `scripts/package-scorm.mjs`): `lab:ID` for one
//! lab, `course` for the whole catalog.
//!
//! **Score.** Each goal met and each prediction judged right is one
//! point; a lab's score is `round(100 × points / (goals + questions))`.
//! Points count once the predictions are committed (until then the run
//! is hidden, and goals the defaults meet are not the student's doing).
//! The course's score is the mean of every lab's, rounded.
//!
//! **Status.** A lab is complete when all its goals are met and its
//! predictions are committed (a lab without questions: its goals). Then
//! its status is `completed`, or, when the LMS gives a mastery score,
//! `passed` at or above it and `failed` below. Until then `incomplete`.
//! The course is complete when every lab is. What the LMS recorded is
//! never lowered: neither the status nor the score goes down when the
//! student goes on exploring.
//!
//! **`cmi.suspend_data`** (SCORM 1.2 keeps at most 4096 characters):
//!
//! ```json
//! {"v":1,"l":{"shares-contention":["4892",7,1,0,["2666","3200"],[null,"high","low"],1]}}
//! ```
//!
//! Each lab in the package maps to `[fingerprint, goals met, committed,
//! variant, answers, control values, hints shown, explore]`: the
//! fingerprint is 4 hex digits of FNV-1a over the lab's control, goal and
//! question ids (an entry from a different version of the lab is
//! dropped); goals met are a bit mask in the lab's goal order; committed
//! and explore are 0 or 1; the variant is the seed (0: the lab as
//! written); answers and control values are arrays in the lab's question
//! and control order (`""` and `null`: none). Trailing defaults are left
//! out. When the whole does not fit, the least important goes first:
//! hints shown and explore, then control values, then predictions not yet
//! committed, then whole labs, the least advanced first.

use crate::catalog;
use crate::state::prefs::LabProgress;
use crate::state::progress_file::{self, fnv1a64, MAX_TEXT};
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;
use vlab_sim::{judge, Answer, Lab, Value};

/// The `name` of the `<meta>` that marks a SCORM package's page.
pub const META_NAME: &str = "vlab-scorm";
/// SCORM 1.2's limit on `cmi.suspend_data`, in characters.
pub const SUSPEND_LIMIT: usize = 4096;
/// The `v` member of the suspend data this vlab writes and reads.
pub const SUSPEND_VERSION: u64 = 1;

/// Which labs a package reports on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole catalog.
    Course,
    /// One lab, the one the package launches into.
    Lab(String),
}

impl Scope {
    /// Reads the `<meta name="vlab-scorm">` content: `course` or
    /// `lab:ID` with ID a lab of the catalog.
    pub fn parse(content: &str) -> Option<Scope> {
        match content.trim() {
            "course" => Some(Scope::Course),
            other => {
                let id = other.strip_prefix("lab:")?;
                catalog::find(id).map(|_| Scope::Lab(id.to_string()))
            }
        }
    }

    /// The labs reported, in catalog order.
    pub fn labs(&self) -> Vec<&'static Lab> {
        match self {
            Scope::Course => catalog::labs(),
            Scope::Lab(id) => catalog::find(id).into_iter().collect(),
        }
    }
}

/// `cmi.core.lesson_status` values the page sets, lowest first: a status
/// the LMS recorded is only ever replaced by a higher one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Incomplete,
    Failed,
    Completed,
    Passed,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Incomplete => "incomplete",
            Status::Failed => "failed",
            Status::Completed => "completed",
            Status::Passed => "passed",
        }
    }

    /// A status the LMS holds; `not attempted`, `browsed` and anything
    /// else count as nothing yet.
    pub fn from_lms(code: &str) -> Option<Status> {
        [
            Status::Incomplete,
            Status::Failed,
            Status::Completed,
            Status::Passed,
        ]
        .into_iter()
        .find(|s| s.code() == code.trim())
    }
}

/// A lab's standing: points (goals met, committed predictions right) out
/// of its goals and questions, and whether it is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabScore {
    pub points: u32,
    pub total: u32,
    pub complete: bool,
}

impl LabScore {
    /// `round(100 × points / total)`, 0 to 100.
    pub fn percent(self) -> u32 {
        if self.total == 0 {
            return if self.complete { 100 } else { 0 };
        }
        (200 * self.points + self.total) / (2 * self.total)
    }
}

/// The right answers of a lab's questions at a seed (the page passes its
/// cached figures; tests run the lab).
pub type AnswersFn<'a> = &'a dyn Fn(&Lab, u64) -> Vec<Answer>;

/// Lab `lab`'s standing from its progress. `answers` is asked only when
/// the predictions are committed.
pub fn lab_score(lab: &Lab, progress: Option<&LabProgress>, answers: AnswersFn) -> LabScore {
    let spec = &lab.spec;
    let total = (spec.goal.len() + spec.question.len()) as u32;
    let Some(p) = progress else {
        return LabScore {
            points: 0,
            total,
            complete: false,
        };
    };
    // Until the predictions are committed the run is hidden: goals the
    // lab's defaults happen to meet are not the student's yet.
    let counted = p.committed || spec.question.is_empty();
    let goals = spec
        .goal
        .iter()
        .filter(|g| counted && p.passed.contains(&g.id))
        .count();
    let all_goals = goals == spec.goal.len();
    let right = if p.committed && !spec.question.is_empty() {
        let seed = p.seed.unwrap_or(spec.seed);
        let key = answers(lab, seed);
        spec.question
            .iter()
            .zip(&key)
            .filter(|(q, a)| {
                let given = p.answers.get(&q.id).map_or("", String::as_str);
                judge(q, a, given).correct
            })
            .count()
    } else {
        0
    };
    LabScore {
        points: (goals + right) as u32,
        total,
        complete: counted && all_goals,
    }
}

/// The status of complete or not, at `score`, with the LMS's mastery
/// score if it gives one.
pub fn status(complete: bool, score: u32, mastery: Option<u32>) -> Status {
    match (complete, mastery) {
        (false, _) => Status::Incomplete,
        (true, None) => Status::Completed,
        (true, Some(m)) if score >= m => Status::Passed,
        (true, Some(_)) => Status::Failed,
    }
}

/// A CMIDecimal from the LMS (a score, a mastery score) as a whole
/// number 0 to 100; `None` when empty or not a number.
pub fn parse_score(text: &str) -> Option<u32> {
    let n: f64 = text.trim().parse().ok()?;
    n.is_finite().then(|| n.round().clamp(0.0, 100.0) as u32)
}

/// `cmi.core.session_time` (CMITimespan, `HHHH:MM:SS`) of a session of
/// `seconds`.
pub fn session_time(seconds: u64) -> String {
    let h = (seconds / 3600).min(9999);
    format!("{:02}:{:02}:{:02}", h, seconds / 60 % 60, seconds % 60)
}

/// What the LMS is told after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub status: Status,
    pub score: u32,
    pub suspend_data: String,
}

impl Report {
    /// The data model elements and their values, in the order they are set.
    pub fn values(&self) -> [(&'static str, String); 3] {
        [
            ("cmi.suspend_data", self.suspend_data.clone()),
            ("cmi.core.score.raw", self.score.to_string()),
            ("cmi.core.lesson_status", self.status.code().to_string()),
        ]
    }
}

/// Turns progress into reports for one session: remembers the best
/// status and score (the LMS's at launch, then each report's) and each
/// lab's standing until its progress changes, so a change in one lab
/// recomputes only that lab.
#[derive(Debug)]
pub struct Reporter {
    scope: Scope,
    mastery: Option<u32>,
    best_status: Option<Status>,
    best_score: Option<u32>,
    cache: BTreeMap<String, (Option<LabProgress>, LabScore)>,
}

impl Reporter {
    /// A session of `scope`; the LMS recorded `status` and `score` (none
    /// on a first launch) and gives `mastery`.
    pub fn new(
        scope: Scope,
        mastery: Option<u32>,
        status: Option<Status>,
        score: Option<u32>,
    ) -> Reporter {
        Reporter {
            scope,
            mastery,
            best_status: status,
            best_score: score,
            cache: BTreeMap::new(),
        }
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The report of `progress` (every lab's; only the scope's count).
    pub fn report(
        &mut self,
        progress: &BTreeMap<String, LabProgress>,
        answers: AnswersFn,
    ) -> Report {
        let labs = self.scope.labs();
        let mut scores = Vec::with_capacity(labs.len());
        for lab in &labs {
            let id = &lab.spec.id;
            let p = progress.get(id);
            let score = match self.cache.get(id) {
                Some((seen, score)) if seen.as_ref() == p => *score,
                _ => {
                    let score = lab_score(lab, p, answers);
                    self.cache.insert(id.clone(), (p.cloned(), score));
                    score
                }
            };
            scores.push(score);
        }
        let n = scores.len().max(1) as u32;
        let sum: u32 = scores.iter().map(|s| s.percent()).sum();
        let score = (2 * sum + n) / (2 * n);
        let complete = !scores.is_empty() && scores.iter().all(|s| s.complete);
        let now = status(complete, score, self.mastery);
        let status = self.best_status.map_or(now, |s| s.max(now));
        let score = self.best_score.map_or(score, |s| s.max(score));
        self.best_status = Some(status);
        self.best_score = Some(score);
        Report {
            status,
            score,
            suspend_data: encode(&labs, progress, SUSPEND_LIMIT),
        }
    }
}

/// A lab's fingerprint: 4 hex digits of FNV-1a over its control, goal and
/// question ids, so suspend data indexed by position is read only by the
/// lab it was written for.
pub fn fingerprint(lab: &Lab) -> String {
    let spec = &lab.spec;
    let mut text = String::new();
    for (tag, ids) in [
        ("c", spec.control.iter().map(|c| &c.id).collect::<Vec<_>>()),
        ("g", spec.goal.iter().map(|g| &g.id).collect()),
        ("q", spec.question.iter().map(|q| &q.id).collect()),
    ] {
        text.push_str(tag);
        for id in ids {
            text.push(':');
            text.push_str(id);
        }
        text.push(';');
    }
    format!("{:04x}", fnv1a64(text.as_bytes()) >> 48)
}

/// How much of each lab's progress an encoding keeps, most first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Keep {
    All,
    /// Without hints shown and explore.
    NoExtras,
    /// And without control values.
    NoSettings,
    /// And without predictions not yet committed.
    NoDrafts,
}

/// One lab's entry, trailing defaults left out; `None` when nothing is left.
fn entry(lab: &Lab, p: &LabProgress, keep: Keep) -> Option<Json> {
    let spec = &lab.spec;
    let mask = spec
        .goal
        .iter()
        .take(64)
        .enumerate()
        .filter(|(_, g)| p.passed.contains(&g.id))
        .fold(0u64, |m, (i, _)| m | 1 << i);
    let keep_answers = p.committed || keep < Keep::NoDrafts;
    let answers: Vec<Json> = spec
        .question
        .iter()
        .map(|q| {
            let a = p.answers.get(&q.id).filter(|_| keep_answers);
            Json::from(a.map_or(String::new(), |a| a.chars().take(MAX_TEXT).collect()))
        })
        .collect();
    let settings: Vec<Json> = spec
        .control
        .iter()
        .map(|c| match p.settings.get(&c.id) {
            Some(v) if keep < Keep::NoSettings => serde_json::to_value(v).unwrap_or(Json::Null),
            _ => Json::Null,
        })
        .collect();
    let extras = keep < Keep::NoExtras;
    let mut items = vec![
        Json::from(fingerprint(lab)),
        Json::from(mask),
        Json::from(u8::from(p.committed)),
        Json::from(p.seed.unwrap_or(0)),
        Json::Array(trimmed(answers, |a| a.as_str() == Some(""))),
        Json::Array(trimmed(settings, Json::is_null)),
        Json::from(if extras { p.hints_shown } else { 0 }),
        Json::from(u8::from(extras && p.explore)),
    ];
    let is_default = |v: &Json| match v {
        Json::Number(n) => n.as_u64() == Some(0),
        Json::Array(a) => a.is_empty(),
        _ => false,
    };
    while items.last().is_some_and(is_default) {
        items.pop();
    }
    (items.len() > 1).then_some(Json::Array(items))
}

fn trimmed(mut v: Vec<Json>, empty: impl Fn(&Json) -> bool) -> Vec<Json> {
    while v.last().is_some_and(&empty) {
        v.pop();
    }
    v
}

/// How far a lab has got, for choosing which to drop first: committed,
/// then goals met, then answers given.
fn advance(p: &LabProgress) -> (bool, usize, usize) {
    (p.committed, p.passed.len(), p.answers.len())
}

/// The suspend data of `labs` from `progress`, at most `limit` characters
/// (see the module's docs for the format and what is dropped first).
pub fn encode(labs: &[&Lab], progress: &BTreeMap<String, LabProgress>, limit: usize) -> String {
    let present: Vec<(&Lab, &LabProgress)> = labs
        .iter()
        .filter_map(|lab| progress.get(&lab.spec.id).map(|p| (*lab, p)))
        .collect();
    let text = |keep: Keep, skip: &[&str]| {
        let l: Map<String, Json> = present
            .iter()
            .filter(|(lab, _)| !skip.contains(&lab.spec.id.as_str()))
            .filter_map(|(lab, p)| Some((lab.spec.id.clone(), entry(lab, p, keep)?)))
            .collect();
        // `v` first, for a person reading it in the LMS.
        format!(r#"{{"v":{SUSPEND_VERSION},"l":{}}}"#, Json::Object(l))
    };
    for keep in [Keep::All, Keep::NoExtras, Keep::NoSettings, Keep::NoDrafts] {
        let t = text(keep, &[]);
        if t.chars().count() <= limit {
            return t;
        }
    }
    // Whole labs, the least advanced first (the later in the catalog
    // first among equals).
    let mut order: Vec<(usize, &Lab, &LabProgress)> = present
        .iter()
        .enumerate()
        .map(|(i, (lab, p))| (i, *lab, *p))
        .collect();
    order.sort_by_key(|(i, _, p)| (advance(p), std::cmp::Reverse(*i)));
    let mut skip: Vec<&str> = Vec::new();
    for (_, lab, _) in order {
        skip.push(&lab.spec.id);
        let t = text(Keep::NoDrafts, &skip);
        if t.chars().count() <= limit {
            return t;
        }
    }
    text(Keep::NoDrafts, &skip)
}

/// The progress of `labs` that suspend data holds. Entries of other labs,
/// of another version of a lab (fingerprint), or with a value the lab
/// does not accept (checked as an imported progress file is) are left
/// out; unreadable data gives nothing.
pub fn decode(text: &str, labs: &[&Lab]) -> BTreeMap<String, LabProgress> {
    let mut out = BTreeMap::new();
    let Ok(json) = serde_json::from_str::<Json>(text) else {
        return out;
    };
    if json.get("v").and_then(Json::as_u64) != Some(SUSPEND_VERSION) {
        return out;
    }
    let Some(entries) = json.get("l").and_then(Json::as_object) else {
        return out;
    };
    for lab in labs {
        let id = &lab.spec.id;
        let Some(p) = entries.get(id).and_then(|e| progress_of(lab, e)) else {
            continue;
        };
        // The checks of an imported file: control values, goals, hints,
        // the variant, the answers.
        let file = json!({
            "format": progress_file::FORMAT,
            "version": progress_file::VERSION,
            "labs": { id.as_str(): p },
        });
        let find = |want: &str| (want == id.as_str()).then_some(*lab);
        if let Ok(mut read) = progress_file::read(&file.to_string(), &find) {
            if let Some(p) = read.labs.remove(id) {
                out.insert(id.clone(), p);
            }
        }
    }
    out
}

/// One entry as progress, read by position; `None` when its shape or its
/// fingerprint is wrong.
fn progress_of(lab: &Lab, entry: &Json) -> Option<LabProgress> {
    let items = entry.as_array()?;
    let spec = &lab.spec;
    if items.first()?.as_str()? != fingerprint(lab) {
        return None;
    }
    let num = |i: usize| match items.get(i) {
        None => Some(0),
        Some(v) => v.as_u64(),
    };
    let list = |i: usize| match items.get(i) {
        None => Some(Vec::new()),
        Some(v) => v.as_array().cloned(),
    };
    let mask = num(1)?;
    let mut p = LabProgress {
        passed: spec
            .goal
            .iter()
            .take(64)
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, g)| g.id.clone())
            .collect(),
        committed: num(2)? == 1,
        seed: Some(num(3)?).filter(|s| *s != 0),
        hints_shown: usize::try_from(num(6)?).ok()?,
        explore: num(7)? == 1,
        ..LabProgress::default()
    };
    let answers = list(4)?;
    if answers.len() > spec.question.len() {
        return None;
    }
    for (q, a) in spec.question.iter().zip(answers) {
        let a = a.as_str()?;
        if !a.is_empty() {
            p.answers.insert(q.id.clone(), a.to_string());
        }
    }
    let settings = list(5)?;
    if settings.len() > spec.control.len() {
        return None;
    }
    for (c, v) in spec.control.iter().zip(settings) {
        if !v.is_null() {
            let v: Value = serde_json::from_value(v).ok()?;
            p.settings.insert(c.id.clone(), v);
        }
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vlab_sim::lab::spec::{ControlKind, QuestionKind};

    /// The answer key, each lab and seed run once for all the tests.
    fn key(lab: &Lab, seed: u64) -> Vec<Answer> {
        static KEYS: std::sync::Mutex<BTreeMap<(String, u64), Vec<Answer>>> =
            std::sync::Mutex::new(BTreeMap::new());
        let at = (lab.spec.id.clone(), seed);
        if let Some(k) = KEYS.lock().unwrap().get(&at) {
            return k.clone();
        }
        let k = lab.answers(seed).expect("a built-in lab's answers");
        KEYS.lock().unwrap().insert(at, k.clone());
        k
    }

    fn lab(id: &str) -> &'static Lab {
        catalog::find(id).expect("a built-in lab")
    }

    /// Every goal met, every prediction right and committed.
    fn done(lab: &Lab) -> LabProgress {
        let answers = key(lab, lab.spec.seed);
        LabProgress {
            passed: lab.spec.goal.iter().map(|g| g.id.clone()).collect(),
            answers: lab
                .spec
                .question
                .iter()
                .zip(answers)
                .map(|(q, a)| (q.id.clone(), a.expected))
                .collect(),
            committed: true,
            ..LabProgress::default()
        }
    }

    #[test]
    fn the_scope_comes_from_the_meta_content() {
        assert_eq!(Scope::parse("course"), Some(Scope::Course));
        assert_eq!(
            Scope::parse(" lab:shares-contention "),
            Some(Scope::Lab("shares-contention".into()))
        );
        assert_eq!(Scope::parse("lab:no-such-lab"), None);
        assert_eq!(Scope::parse(""), None);
        assert_eq!(Scope::Course.labs().len(), catalog::labs().len());
        assert_eq!(Scope::Lab("shares-contention".into()).labs().len(), 1);
    }

    #[test]
    fn a_lab_is_complete_with_every_goal_met_and_its_predictions_committed() {
        let l = lab("shares-contention");
        let (goals, questions) = (l.spec.goal.len() as u32, l.spec.question.len() as u32);
        assert!(goals > 0 && questions > 0);
        let none = lab_score(l, None, &key);
        assert_eq!(
            (none.points, none.total, none.complete),
            (0, goals + questions, false)
        );
        assert_eq!(none.percent(), 0);
        assert_eq!(status(none.complete, 0, None), Status::Incomplete);

        let mut p = done(l);
        let all = lab_score(l, Some(&p), &key);
        assert_eq!((all.points, all.complete), (goals + questions, true));
        assert_eq!(all.percent(), 100);
        assert_eq!(status(true, 100, None), Status::Completed);

        // Goals met but predictions not committed: incomplete, and nothing
        // counts yet (the run is hidden until the student commits).
        p.committed = false;
        let s = lab_score(l, Some(&p), &key);
        assert_eq!((s.points, s.complete), (0, false));

        // Committed, one answer wrong, one goal unmet.
        p.committed = true;
        let q0 = &l.spec.question[0];
        p.answers.insert(q0.id.clone(), "not an answer".into());
        p.passed.remove(&l.spec.goal[0].id);
        let s = lab_score(l, Some(&p), &key);
        assert_eq!((s.points, s.complete), (goals + questions - 2, false));
        let expected =
            (200 * (goals + questions - 2) + (goals + questions)) / (2 * (goals + questions));
        assert_eq!(s.percent(), expected);
    }

    #[test]
    fn committed_predictions_are_judged_at_the_students_variant() {
        let l = catalog::labs()
            .into_iter()
            .find(|l| l.has_variants() && !l.spec.question.is_empty())
            .expect("a lab with variants");
        let seed = (1..=8)
            .find(|s| *s != l.spec.seed && key(l, *s) != key(l, l.spec.seed))
            .expect("a variant with other answers");
        let mut p = done(l);
        // The lab-as-written answers, given in another variant.
        p.seed = Some(seed);
        let wrong = lab_score(l, Some(&p), &key);
        for (q, a) in l.spec.question.iter().zip(key(l, seed)) {
            p.answers.insert(q.id.clone(), a.expected);
        }
        let right = lab_score(l, Some(&p), &key);
        assert!(wrong.points < right.points, "{wrong:?} {right:?}");
        assert_eq!(right.percent(), 100);
    }

    #[test]
    fn a_mastery_score_makes_a_complete_lab_passed_or_failed() {
        assert_eq!(status(true, 80, Some(80)), Status::Passed);
        assert_eq!(status(true, 79, Some(80)), Status::Failed);
        assert_eq!(status(false, 100, Some(80)), Status::Incomplete);
        assert_eq!(parse_score(" 80 "), Some(80));
        assert_eq!(parse_score("79.5"), Some(80));
        assert_eq!(parse_score(""), None);
        assert_eq!(parse_score("x"), None);
        assert_eq!(parse_score("250"), Some(100));
        assert_eq!(Status::from_lms("completed"), Some(Status::Completed));
        assert_eq!(Status::from_lms("not attempted"), None);
    }

    #[test]
    fn reports_never_lower_what_the_lms_recorded() {
        let l = lab("shares-contention");
        let scope = Scope::Lab(l.spec.id.clone());
        let mut progress = BTreeMap::new();
        let mut r = Reporter::new(scope.clone(), None, None, None);
        let first = r.report(&progress, &key);
        assert_eq!((first.status, first.score), (Status::Incomplete, 0));
        progress.insert(l.spec.id.clone(), done(l));
        let second = r.report(&progress, &key);
        assert_eq!((second.status, second.score), (Status::Completed, 100));
        // Exploring on after completion: a goal lost, answers asked again.
        let p = progress.get_mut(&l.spec.id).unwrap();
        p.passed.clear();
        p.committed = false;
        let third = r.report(&progress, &key);
        assert_eq!((third.status, third.score), (Status::Completed, 100));
        assert_ne!(
            third.suspend_data, second.suspend_data,
            "the progress itself is kept as it is"
        );
        // A relaunch starts from what the LMS holds.
        let mut again = Reporter::new(scope, None, Some(Status::Completed), Some(90));
        let r = again.report(&BTreeMap::new(), &key);
        assert_eq!((r.status, r.score), (Status::Completed, 90));
    }

    /// A lab opened from a file is the student's own, not the package's:
    /// its progress neither counts in the course's score nor takes room
    /// in suspend data, even while it is open.
    #[test]
    fn a_lab_opened_from_a_file_is_left_out_of_the_lms_report() {
        let labs = catalog::labs();
        let mut progress: BTreeMap<String, LabProgress> =
            labs.iter().map(|l| (l.spec.id.clone(), done(l))).collect();
        let mut r = Reporter::new(Scope::Course, None, None, None);
        let without = r.report(&progress, &key);
        let source = catalog::source("shares-contention").unwrap().1;
        let id = catalog::user::add("mine.toml", &source).unwrap();
        progress.insert(id.clone(), LabProgress::default());
        let mut r = Reporter::new(Scope::Course, None, None, None);
        let with = r.report(&progress, &key);
        assert_eq!(
            (with.status, with.score, &with.suspend_data),
            (without.status, without.score, &without.suspend_data)
        );
        assert!(!with.suspend_data.contains(&id));
        assert_eq!(Scope::Course.labs().len(), labs.len());
    }

    #[test]
    fn the_course_is_complete_when_every_lab_is_and_scores_their_mean() {
        let labs = catalog::labs();
        let mut progress: BTreeMap<String, LabProgress> =
            labs.iter().map(|l| (l.spec.id.clone(), done(l))).collect();
        let mut r = Reporter::new(Scope::Course, None, None, None);
        let all = r.report(&progress, &key);
        assert_eq!((all.status, all.score), (Status::Completed, 100));
        // With one lab untouched: incomplete, and the mean counts it as 0.
        progress.remove(&labs[0].spec.id);
        let mut r = Reporter::new(Scope::Course, None, None, None);
        let one_short = r.report(&progress, &key);
        let n = labs.len() as u32;
        assert_eq!(one_short.status, Status::Incomplete);
        assert_eq!(one_short.score, (2 * 100 * (n - 1) + n) / (2 * n));
    }

    #[test]
    fn a_lab_s_progress_round_trips_through_suspend_data() {
        let l = lab("shares-contention");
        let mut p = done(l);
        p.seed = None;
        p.hints_shown = 1;
        p.explore = true;
        let c = &l.spec.control[0];
        let value = match c.kind {
            ControlKind::Choice => c.choices.as_ref().unwrap().last().unwrap().clone(),
            ControlKind::Range => Value::Int(c.min.unwrap()),
            ControlKind::Toggle => Value::Bool(true),
        };
        p.settings.insert(c.id.clone(), value);
        let progress = BTreeMap::from([(l.spec.id.clone(), p.clone())]);
        let text = encode(&[l], &progress, SUSPEND_LIMIT);
        assert!(
            text.starts_with(r#"{"v":1,"l":{"shares-contention":[""#),
            "{text}"
        );
        assert_eq!(decode(&text, &[l]), progress);
        // A variant and an uncommitted draft round-trip too.
        let v = catalog::labs()
            .into_iter()
            .find(|l| l.has_variants() && !l.spec.question.is_empty())
            .unwrap();
        let q = &v.spec.question[v.spec.question.len() - 1];
        let draft = LabProgress {
            seed: Some(4172),
            answers: BTreeMap::from([(q.id.clone(), "12,5".to_string())]),
            ..LabProgress::default()
        };
        let progress = BTreeMap::from([(v.spec.id.clone(), draft)]);
        assert_eq!(
            decode(&encode(&[v], &progress, SUSPEND_LIMIT), &[v]),
            progress
        );
        // Nothing to keep: an empty map.
        let empty = encode(&[l], &BTreeMap::new(), SUSPEND_LIMIT);
        assert_eq!(empty, r#"{"v":1,"l":{}}"#);
        assert!(decode(&empty, &[l]).is_empty());
    }

    #[test]
    fn suspend_data_of_another_version_or_another_lab_is_left_out() {
        let l = lab("shares-contention");
        let other = lab("mem-admission-64gb");
        let progress = BTreeMap::from([(l.spec.id.clone(), done(l))]);
        let text = encode(&[l], &progress, SUSPEND_LIMIT);
        // Only the package's labs are read.
        assert!(decode(&text, &[other]).is_empty());
        // The lab changed since: its fingerprint no longer matches.
        let stale = text.replace(&fingerprint(l), "0000");
        assert!(decode(&stale, &[l]).is_empty());
        // Bad values, a bad shape, another version, not JSON.
        let mut bad: Json = serde_json::from_str(&text).unwrap();
        bad["l"]["shares-contention"] = json!([fingerprint(l), 0, 0, 0, [], ["not a value", 3]]);
        assert!(decode(&bad.to_string(), &[l]).is_empty());
        bad["l"]["shares-contention"] = json!({"passed": 1});
        assert!(decode(&bad.to_string(), &[l]).is_empty());
        assert!(decode(&text.replace(r#""v":1"#, r#""v":2"#), &[l]).is_empty());
        assert!(decode("viewed=1,2,3", &[l]).is_empty());
        assert!(decode("", &[l]).is_empty());
    }

    /// The whole course, every lab done, with every control moved, every
    /// hint shown and a variant where the lab has them.
    fn everything() -> BTreeMap<String, LabProgress> {
        catalog::labs()
            .iter()
            .map(|l| {
                let mut p = done(l);
                p.hints_shown = l.spec.hint.len();
                p.explore = true;
                p.seed = l.has_variants().then_some(9999);
                for c in &l.spec.control {
                    let v = match c.kind {
                        ControlKind::Choice => c.choices.as_ref().unwrap()[0].clone(),
                        ControlKind::Range => Value::Int(c.max.unwrap_or(0)),
                        ControlKind::Toggle => Value::Bool(true),
                    };
                    p.settings.insert(c.id.clone(), v);
                }
                for q in &l.spec.question {
                    if q.kind == QuestionKind::Number {
                        p.answers.insert(q.id.clone(), "123456.789".into());
                    }
                }
                (l.spec.id.clone(), p)
            })
            .collect()
    }

    /// [`everything`], with every other lab's predictions not yet
    /// committed and typed out at length: more than 4096 characters.
    fn overfull() -> BTreeMap<String, LabProgress> {
        let mut all = everything();
        for l in catalog::labs().iter().skip(1).step_by(2) {
            let p = all.get_mut(&l.spec.id).unwrap();
            p.committed = false;
            for q in &l.spec.question {
                if q.kind == QuestionKind::Number {
                    p.answers.insert(
                        q.id.clone(),
                        "about 1500 MB, since the reservation holds it ".repeat(3),
                    );
                }
            }
        }
        all
    }

    /// `all` as suspend data keeping only what `keep` keeps, decoded.
    fn stripped(all: &BTreeMap<String, LabProgress>, keep: Keep) -> BTreeMap<String, LabProgress> {
        all.iter()
            .map(|(id, p)| {
                let mut p = p.clone();
                if keep >= Keep::NoExtras {
                    p.hints_shown = 0;
                    p.explore = false;
                }
                if keep >= Keep::NoSettings {
                    p.settings.clear();
                }
                if keep >= Keep::NoDrafts && !p.committed {
                    p.answers.clear();
                }
                (id.clone(), p)
            })
            .filter(|(_, p)| *p != LabProgress::default())
            .collect()
    }

    fn size(labs: &[&Lab], progress: &BTreeMap<String, LabProgress>) -> usize {
        encode(labs, progress, usize::MAX).chars().count()
    }

    #[test]
    fn suspend_data_stays_within_4096_characters_dropping_the_least_important_first() {
        let labs: Vec<&Lab> = catalog::labs();
        // The whole course done, everything kept, fits.
        let done = size(&labs, &everything());
        assert!(
            done <= SUSPEND_LIMIT,
            "the whole course done: {done} characters"
        );
        let all = overfull();
        let full = size(&labs, &all);
        assert!(
            full > SUSPEND_LIMIT,
            "the course with long drafts: {full} characters"
        );
        let fitted = encode(&labs, &all, SUSPEND_LIMIT);
        let kept = fitted.chars().count();
        assert!(kept <= SUSPEND_LIMIT, "{kept}");
        eprintln!(
            "suspend data of {} labs: {done} characters done; with long drafts {full}, {kept} kept",
            labs.len()
        );
        assert_eq!(
            decode(&fitted, &labs).len(),
            labs.len(),
            "every lab kept at 4096"
        );
        // Just enough room for each level: exactly that level is kept.
        for keep in [Keep::All, Keep::NoExtras, Keep::NoSettings, Keep::NoDrafts] {
            let want = stripped(&all, keep);
            let limit = size(&labs, &want);
            assert_eq!(decode(&encode(&labs, &all, limit), &labs), want, "{keep:?}");
            if keep > Keep::All {
                assert!(limit < size(&labs, &all), "{keep:?} is smaller");
            }
        }
        assert_eq!(decode(&fitted, &labs), stripped(&all, Keep::NoDrafts));
    }

    #[test]
    fn whole_labs_go_last_the_least_advanced_first() {
        let labs: Vec<&Lab> = catalog::labs();
        let mut all = overfull();
        // One lab merely opened (hints only), one with a goal met and
        // nothing else: the least advanced of those with data.
        let (opened, goals_only) = (labs[1].spec.id.clone(), labs[2].spec.id.clone());
        all.insert(
            opened.clone(),
            LabProgress {
                hints_shown: 1,
                ..LabProgress::default()
            },
        );
        let p = all.get_mut(&goals_only).unwrap();
        p.committed = false;
        p.answers.clear();
        p.passed = p.passed.iter().take(1).cloned().collect();
        let bare = size(&labs, &stripped(&all, Keep::NoDrafts));
        let back = decode(&encode(&labs, &all, bare - 1), &labs);
        assert!(!back.contains_key(&opened) && !back.contains_key(&goals_only));
        assert_eq!(
            back.len(),
            labs.len() - 2,
            "only the least advanced lab went"
        );
        // A limit too small for any lab keeps an empty, readable record.
        let nothing = encode(&labs, &all, 20);
        assert_eq!(nothing, r#"{"v":1,"l":{}}"#);
        assert!(decode(&nothing, &labs).is_empty());
    }

    #[test]
    fn session_time_is_a_cmi_timespan() {
        assert_eq!(session_time(0), "00:00:00");
        assert_eq!(session_time(3_723), "01:02:03");
        assert_eq!(session_time(400 * 3600 + 59), "400:00:59");
        assert_eq!(
            session_time(u64::MAX),
            format!("9999:{:02}:{:02}", u64::MAX / 60 % 60, u64::MAX % 60)
        );
    }

    #[test]
    fn the_fingerprint_changes_with_the_ids_or_their_order() {
        let l = lab("shares-contention");
        let print = fingerprint(l);
        assert_eq!(print.len(), 4);
        let mut renamed = l.clone();
        renamed.spec.control[0].id.push('2');
        let mut reordered = l.clone();
        reordered.spec.goal.swap(0, 1);
        let mut more = l.clone();
        more.spec.question.pop();
        for changed in [renamed, reordered, more] {
            assert_ne!(fingerprint(&changed), print);
        }
    }
}
