//! `vlab grade FILE... [--csv]`: the instructor's side of exported
//! progress. For every lab in every file it recomputes, never trusts: the
//! variant from the file's seed, each prediction judged against that
//! variant's answers, and the goals from a new run of the file's settings.
//! It reports what does not add up: a file edited after export, goals the
//! file records that its settings do not meet, and a wrong number that is
//! the right answer of another variant (the lab as written, or another
//! file's) — a sign of a copied answer.

use crate::lab::lab_settings;
use crate::state::progress_file::{self, Checksum, ImportNotice, Imported};
use crate::text::{fill, tr, Lang};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use vlab_sim::lab::spec::QuestionKind;
use vlab_sim::{judge, Answer, Lab};

const EN: Lang = Lang::En;

/// The CSV header; the columns are identifiers, not sentences.
pub const CSV_HEADER: &str = "file,student,lab,variant,as_written,committed,questions_right,questions_total,goals_met,goals_total,edited,notes";

/// One lab of one file, graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub lab: String,
    pub seed: u64,
    /// The seed is the lab's own: no variant drawn.
    pub as_written: bool,
    pub committed: bool,
    pub right: usize,
    pub questions: usize,
    pub met: usize,
    pub goals: usize,
    pub notes: Vec<String>,
}

/// One file, graded (or why not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileGrade {
    pub file: String,
    pub student: Option<String>,
    pub edited: bool,
    pub rows: Vec<Row>,
    /// About the whole file: edits, skipped labs, why it was not graded.
    pub notes: Vec<String>,
    /// Unreadable or invalid: not graded.
    pub failed: bool,
}

/// Runs `vlab grade` with `args` (after `grade`); labs come from `find`.
/// Exit status 0 when every file was read, 1 when one was unreadable or
/// invalid (the others are still graded), 2 on bad arguments.
pub fn grade<'a>(
    args: &[String],
    read: &dyn Fn(&str) -> std::io::Result<String>,
    find: &dyn Fn(&str) -> Option<&'a Lab>,
) -> (i32, String) {
    let mut csv = false;
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--csv" => csv = true,
            opt if opt.starts_with("--") => {
                return (2, fill(&tr(EN, "grade.bad_option"), &[("option", opt)]))
            }
            file => files.push(file.to_string()),
        }
    }
    if files.is_empty() {
        return (2, tr(EN, "grade.no_files"));
    }
    let graded = grade_files(&files, read, find);
    let failed = graded.iter().any(|g| g.failed);
    let out = if csv {
        to_csv(&graded)
    } else {
        to_table(&graded)
    };
    (i32::from(failed), out)
}

/// Grades each file; the files of one run are compared with each other
/// for answers that belong to another student's variant.
pub fn grade_files<'a>(
    files: &[String],
    read: &dyn Fn(&str) -> std::io::Result<String>,
    find: &dyn Fn(&str) -> Option<&'a Lab>,
) -> Vec<FileGrade> {
    let read: Vec<(String, Result<Imported, Vec<String>>)> = files
        .iter()
        .map(|f| {
            let imported = match read(f) {
                Err(e) => Err(vec![fill(
                    &tr(EN, "grade.cannot_read"),
                    &[("error", &e.to_string())],
                )]),
                Ok(text) => progress_file::read(&text, find).map_err(|problems| {
                    problems
                        .iter()
                        .map(|p| {
                            fill(
                                &tr(EN, "grade.not_graded"),
                                &[("problem", &progress_file::problem_text(EN, p))],
                            )
                        })
                        .collect()
                }),
            };
            (f.clone(), imported)
        })
        .collect();
    // Every lab's variants in this run: its own seed and each file's.
    let mut seeds: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
    for imported in read.iter().filter_map(|(_, r)| r.as_ref().ok()) {
        for (id, p) in &imported.labs {
            if let Some(lab) = find(id) {
                let set = seeds.entry(lab.spec.id.as_str()).or_default();
                set.insert(lab.spec.seed);
                set.insert(lab_settings::seed(lab, Some(p)));
            }
        }
    }
    let mut answers = AnswerCache::default();
    read.iter()
        .map(|(file, imported)| match imported {
            Err(notes) => FileGrade {
                file: file.clone(),
                student: None,
                edited: false,
                rows: Vec::new(),
                notes: notes.clone(),
                failed: true,
            },
            Ok(imported) => {
                let mut notes: Vec<String> = imported
                    .notices
                    .iter()
                    .map(|n| match n {
                        ImportNotice::Edited => tr(EN, "grade.edited"),
                        ImportNotice::NoChecksum => tr(EN, "grade.no_checksum"),
                        other => progress_file::notice_text(EN, other),
                    })
                    .collect();
                let rows: Vec<Row> = imported
                    .labs
                    .iter()
                    .filter_map(|(id, p)| {
                        let lab = find(id)?;
                        let others = seeds.get(lab.spec.id.as_str());
                        Some(grade_lab(lab, p, others, &mut answers))
                    })
                    .collect();
                if rows.is_empty() {
                    notes.push(tr(EN, "grade.no_labs"));
                }
                FileGrade {
                    file: file.clone(),
                    student: imported.student.clone(),
                    edited: imported.checksum != Checksum::Matches,
                    rows,
                    notes,
                    failed: false,
                }
            }
        })
        .collect()
}

/// Each (lab, seed)'s answers, computed once per run.
#[derive(Default)]
struct AnswerCache(BTreeMap<(String, u64), Result<Vec<Answer>, String>>);

impl AnswerCache {
    fn get(&mut self, lab: &Lab, seed: u64) -> &Result<Vec<Answer>, String> {
        self.0
            .entry((lab.spec.id.clone(), seed))
            .or_insert_with(|| lab.answers(seed).map_err(|e| e.to_string()))
    }
}

/// A variant as the table names it: its seed, and whether it is the lab
/// as written.
fn variant_name(seed: u64, as_written: bool) -> String {
    if as_written {
        fill(&tr(EN, "grade.as_written"), &[("seed", &seed.to_string())])
    } else {
        seed.to_string()
    }
}

fn grade_lab(
    lab: &Lab,
    p: &crate::state::prefs::LabProgress,
    seeds: Option<&BTreeSet<u64>>,
    cache: &mut AnswerCache,
) -> Row {
    let seed = lab_settings::seed(lab, Some(p));
    let mut notes = Vec::new();
    let mut right = 0;
    match cache.get(lab, seed).clone() {
        Err(e) => notes.push(fill(&tr(EN, "grade.cannot_run"), &[("error", &e)])),
        Ok(expected) => {
            for (q, a) in lab.spec.question.iter().zip(&expected) {
                let given = p.answers.get(&q.id).map_or("", String::as_str);
                if judge(q, a, given).correct {
                    right += 1;
                    continue;
                }
                if given.trim().is_empty() || q.kind != QuestionKind::Number {
                    continue;
                }
                // Exactly another variant's answer: judged with no tolerance.
                let exact = vlab_sim::lab::spec::QuestionSpec {
                    tolerance: None,
                    ..q.clone()
                };
                let other = seeds.into_iter().flatten().copied().find(|&s| {
                    s != seed
                        && cache.get(lab, s).as_ref().is_ok_and(|answers| {
                            answers.iter().find(|o| o.id == q.id).is_some_and(|o| {
                                o.expected != a.expected && judge(&exact, o, given).correct
                            })
                        })
                });
                if let Some(other) = other {
                    notes.push(fill(
                        &tr(EN, "grade.copied"),
                        &[
                            ("question", &q.id),
                            ("given", given.trim()),
                            ("other", &variant_name(other, other == lab.spec.seed)),
                            ("seed", &seed.to_string()),
                        ],
                    ));
                }
            }
        }
    }
    let settings = lab_settings::settings(lab, Some(p));
    let met: BTreeSet<String> = match lab.run(seed, &settings) {
        Ok(o) => o
            .goals
            .iter()
            .filter(|g| g.passed)
            .map(|g| g.id.clone())
            .collect(),
        Err(e) => {
            notes.push(fill(
                &tr(EN, "grade.cannot_run"),
                &[("error", &e.to_string())],
            ));
            BTreeSet::new()
        }
    };
    if met != p.passed {
        let list = |s: &BTreeSet<String>| {
            if s.is_empty() {
                tr(EN, "grade.none")
            } else {
                s.iter().cloned().collect::<Vec<_>>().join(", ")
            }
        };
        notes.push(fill(
            &tr(EN, "grade.passed_differs"),
            &[("recorded", &list(&p.passed)), ("met", &list(&met))],
        ));
    }
    Row {
        lab: lab.spec.id.clone(),
        seed,
        as_written: seed == lab.spec.seed,
        committed: p.committed,
        right,
        questions: lab.spec.question.len(),
        met: met.len(),
        goals: lab.goals.len(),
        notes,
    }
}

fn yes_no(b: bool) -> String {
    tr(EN, if b { "grade.is_yes" } else { "grade.is_no" })
}

/// The table: one line per lab of each file, then the notes.
pub fn to_table(graded: &[FileGrade]) -> String {
    let head: Vec<String> = [
        "file",
        "student",
        "lab",
        "variant",
        "committed",
        "questions",
        "goals",
    ]
    .iter()
    .map(|k| tr(EN, &format!("grade.{k}")))
    .collect();
    let mut lines = vec![head];
    let mut notes = Vec::new();
    for g in graded {
        let student = g.student.clone().unwrap_or_else(|| "-".into());
        for n in &g.notes {
            notes.push(format!("{}: {n}", g.file));
        }
        for r in &g.rows {
            let variant = variant_name(r.seed, r.as_written);
            lines.push(vec![
                g.file.clone(),
                student.clone(),
                r.lab.clone(),
                variant,
                yes_no(r.committed),
                format!("{}/{}", r.right, r.questions),
                format!("{}/{}", r.met, r.goals),
            ]);
            for n in &r.notes {
                notes.push(format!("{} · {}: {n}", g.file, r.lab));
            }
        }
    }
    let widths: Vec<usize> = (0..lines[0].len())
        .map(|c| {
            lines
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for l in &lines {
        let cells: Vec<String> = l
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "\n{}", tr(EN, "grade.notes"));
        for n in notes {
            let _ = writeln!(out, "  {n}");
        }
    }
    out
}

/// A CSV field, quoted when it holds a comma, quote or line break
/// (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV with a header: one row per lab of each file; a file with no
/// graded lab gets one row with its notes.
pub fn to_csv(graded: &[FileGrade]) -> String {
    let mut out = format!("{CSV_HEADER}\n");
    for g in graded {
        let student = g.student.clone().unwrap_or_default();
        let mut row = |fields: Vec<String>| {
            let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            let _ = writeln!(out, "{}", cells.join(","));
        };
        if g.rows.is_empty() {
            let mut fields = vec![g.file.clone(), student.clone()];
            fields.extend(std::iter::repeat_n(String::new(), 8));
            fields.push(g.edited.to_string());
            fields.push(g.notes.join("; "));
            row(fields);
        }
        for r in &g.rows {
            let notes: Vec<&String> = g.notes.iter().chain(&r.notes).collect();
            row(vec![
                g.file.clone(),
                student.clone(),
                r.lab.clone(),
                r.seed.to_string(),
                r.as_written.to_string(),
                r.committed.to_string(),
                r.right.to_string(),
                r.questions.to_string(),
                r.met.to_string(),
                r.goals.to_string(),
                g.edited.to_string(),
                notes
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ]);
        }
    }
    out
}
