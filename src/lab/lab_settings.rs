//! Pure view-model helpers for the lab page: from the stored control values
//! to settings, and from a trace to chart series. No DOM here, so native
//! tests cover it.

use crate::state::prefs::LabProgress;
use crate::text::{off_step_text, tr_fill, Lang};
use vlab_sim::lab::spec::{Control, ControlKind};
use vlab_sim::lab::variant::MAX_VARIANT;
use vlab_sim::scenario::current_value;
use vlab_sim::{Lab, Setting, Value};

/// The seed of the student's variant: the one drawn, else the lab's own.
pub fn seed(lab: &Lab, progress: Option<&LabProgress>) -> u64 {
    progress.and_then(|p| p.seed).unwrap_or(lab.spec.seed)
}

/// The value a control shows: the student's, else the scenario's (in the
/// student's variant).
pub fn control_value(lab: &Lab, control: &Control, progress: Option<&LabProgress>) -> Value {
    if let Some(v) = progress.and_then(|p| student_value(control, p)) {
        return v.clone();
    }
    let variant = lab.variant(seed(lab, progress));
    if let Some(v) = variant.iter().rev().find(|s| s.target == control.target) {
        return v.value.clone();
    }
    current_value(&lab.spec.scenario, &control.target).unwrap_or(Value::Int(0))
}

/// The variant's inputs then the student's settings: what views that
/// rebuild the scenario apply (`Lab::run` adds the variant itself).
pub fn full_settings(lab: &Lab, progress: Option<&LabProgress>) -> Vec<Setting> {
    let mut all = lab.variant(seed(lab, progress));
    all.extend(settings(lab, progress));
    all
}

/// The student's settings, in control order (only changed controls).
pub fn settings(lab: &Lab, progress: Option<&LabProgress>) -> Vec<Setting> {
    let Some(p) = progress else { return Vec::new() };
    lab.spec
        .control
        .iter()
        .filter_map(|c| {
            student_value(c, p).map(|v| Setting {
                target: c.target.clone(),
                value: v.clone(),
            })
        })
        .collect()
}

/// The settings the student is likely to ask for next, as [`settings`]
/// would give them, at most `max`: the control moved last (`moved`, a
/// control id) one step either way for a slider, its other choices for a
/// drop-down, flipped for a switch; before any has moved, the same for
/// each control in the page's order. What a student does most with a
/// control is step it with the arrow keys, or try it back and forth;
/// these runs can be done ahead (`sliced_run`).
pub fn likely_next(
    lab: &Lab,
    progress: Option<&LabProgress>,
    moved: Option<&str>,
    max: usize,
) -> Vec<Vec<Setting>> {
    let moved = moved.and_then(|id| lab.spec.control.iter().find(|c| c.id == id));
    let controls = match moved {
        Some(c) => std::slice::from_ref(c),
        None => &lab.spec.control[..],
    };
    controls
        .iter()
        .flat_map(|c| neighbours(lab, progress, c))
        .take(max)
        .collect()
}

/// The settings with `c` one step away from its value (see
/// [`likely_next`]).
fn neighbours(lab: &Lab, progress: Option<&LabProgress>, c: &Control) -> Vec<Vec<Setting>> {
    let now = control_value(lab, c, progress);
    let values: Vec<Value> = match (c.kind, &now) {
        (ControlKind::Range, Value::Int(n)) => {
            let step = c.step.unwrap_or(1).max(1);
            [n.checked_sub(step), n.checked_add(step)]
                .into_iter()
                .flatten()
                .map(Value::Int)
                .collect()
        }
        (ControlKind::Toggle, Value::Bool(b)) => vec![Value::Bool(!b)],
        (ControlKind::Choice, _) => c
            .choices
            .iter()
            .flatten()
            .filter(|v| **v != now)
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    values
        .into_iter()
        .filter(|v| control_accepts(c, v))
        .map(|v| {
            let mut p = progress.cloned().unwrap_or_default();
            p.settings.insert(c.id.clone(), v);
            settings(lab, Some(&p))
        })
        .collect()
}

/// The student's value for `c`, if it is one the control can produce.
/// Stored progress is not checked as it loads (an older vlab may have
/// stored a value the lab's control no longer offers): such a value is
/// passed over, and the control keeps its default.
fn student_value<'a>(c: &Control, p: &'a LabProgress) -> Option<&'a Value> {
    p.settings.get(&c.id).filter(|v| control_accepts(c, v))
}

/// Whether `c` can produce `v`: a range's whole number within min..=max
/// and on its step, a toggle's true or false, one of a choice's values.
pub fn control_accepts(c: &Control, v: &Value) -> bool {
    match (c.kind, v) {
        (ControlKind::Range, Value::Int(n)) => {
            (c.min.unwrap_or(i64::MIN)..=c.max.unwrap_or(i64::MAX)).contains(n)
                && c.off_step(*n).is_none()
        }
        (ControlKind::Toggle, Value::Bool(_)) => true,
        (ControlKind::Choice, v) => c.choices.as_deref().unwrap_or_default().contains(v),
        _ => false,
    }
}

/// Control values that reproduce the reference solution: each solution
/// step mapped onto the control with the same target.
pub fn solution_values(lab: &Lab) -> Vec<(String, Value)> {
    lab.spec
        .solution
        .iter()
        .filter_map(|s| {
            lab.spec
                .control
                .iter()
                .find(|c| c.target == s.set)
                .map(|c| (c.id.clone(), s.value.clone()))
        })
        .collect()
}

/// Control values as `control=value` pairs for a shared link: only the
/// controls the student changed.
pub fn share_pairs(lab: &Lab, progress: Option<&LabProgress>) -> Vec<(String, String)> {
    let Some(p) = progress else { return Vec::new() };
    let seed = p.seed.map(|n| (SEED_KEY.to_string(), n.to_string()));
    seed.into_iter()
        .chain(
            lab.spec
                .control
                .iter()
                .filter_map(|c| student_value(c, p).map(|v| (c.id.clone(), v.to_string()))),
        )
        .collect()
}

/// What is wrong with one `control=value` pair of a shared link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareProblem {
    /// No control has this id; `known` lists the lab's control ids.
    UnknownControl { id: String, known: String },
    /// A range control's value is not a whole number within min..=max.
    NotInRange {
        id: String,
        text: String,
        min: i64,
        max: i64,
    },
    /// A range control's value is within min..=max but off its step;
    /// `nearest` holds the valid values on either side.
    OffStep {
        id: String,
        text: String,
        min: i64,
        max: i64,
        step: i64,
        nearest: Vec<i64>,
    },
    /// `seed=` is not a variant of this lab (1 to `max`; only labs with
    /// variants have any).
    NotASeed { text: String, max: u64 },
    /// A toggle's value is not true or false.
    NotBool { id: String, text: String },
    /// A choice's value is not one of `choices`.
    NotAChoice {
        id: String,
        text: String,
        choices: String,
    },
}

/// The key of a shared link's variant (`#/lab/ID?seed=4172`); no control
/// may be named so.
pub const SEED_KEY: &str = "seed";

/// The variant a shared link names: `None` without `seed=`, the lab's own
/// seed as `None` too (the lab as written).
pub fn parse_shared_seed(
    lab: &Lab,
    pairs: &[(String, String)],
) -> Result<Option<u64>, ShareProblem> {
    let Some((_, text)) = pairs.iter().find(|(k, _)| k == SEED_KEY) else {
        return Ok(None);
    };
    match text.parse::<u64>() {
        Ok(n) if n == lab.spec.seed => Ok(None),
        Ok(n) if (1..=MAX_VARIANT).contains(&n) && lab.has_variants() => Ok(Some(n)),
        _ => Err(ShareProblem::NotASeed {
            text: text.clone(),
            max: MAX_VARIANT,
        }),
    }
}

/// Reads `control=value` pairs from a shared link. Every problem is
/// reported, naming the control and what it accepts; nothing is applied
/// unless all pairs are valid.
pub fn parse_shared(
    lab: &Lab,
    pairs: &[(String, String)],
) -> Result<Vec<(String, Value)>, Vec<ShareProblem>> {
    let mut values = Vec::new();
    let mut problems = Vec::new();
    for (id, text) in pairs.iter().filter(|(k, _)| k != SEED_KEY) {
        let Some(c) = lab.spec.control.iter().find(|c| &c.id == id) else {
            let known: Vec<&str> = lab.spec.control.iter().map(|c| c.id.as_str()).collect();
            problems.push(ShareProblem::UnknownControl {
                id: id.clone(),
                known: known.join(", "),
            });
            continue;
        };
        let (id, text) = (id.clone(), text.clone());
        let value = match c.kind {
            ControlKind::Range => {
                let (min, max) = (c.min.unwrap_or(i64::MIN), c.max.unwrap_or(i64::MAX));
                match text.parse::<i64>() {
                    Ok(n) if (min..=max).contains(&n) => match c.off_step(n) {
                        None => Ok(Value::Int(n)),
                        Some(nearest) => Err(ShareProblem::OffStep {
                            id,
                            text,
                            min,
                            max,
                            step: c.step.unwrap_or(1),
                            nearest,
                        }),
                    },
                    _ => Err(ShareProblem::NotInRange { id, text, min, max }),
                }
            }
            ControlKind::Toggle => match text.as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(ShareProblem::NotBool { id, text }),
            },
            ControlKind::Choice => {
                let choices = c.choices.clone().unwrap_or_default();
                match choices.iter().find(|v| v.to_string() == text) {
                    Some(v) => Ok(v.clone()),
                    None => {
                        let names: Vec<String> = choices.iter().map(Value::to_string).collect();
                        Err(ShareProblem::NotAChoice {
                            id,
                            text,
                            choices: names.join(", "),
                        })
                    }
                }
            }
        };
        match value {
            Ok(v) => values.push((c.id.clone(), v)),
            Err(e) => problems.push(e),
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// A shared link's problem as a sentence in `lang`.
pub fn share_problem_text(lang: Lang, p: &ShareProblem) -> String {
    match p {
        ShareProblem::UnknownControl { id, known } => {
            tr_fill(lang, "share.unknown", &[("id", id), ("known", known)])
        }
        ShareProblem::NotInRange { id, text, min, max } => tr_fill(
            lang,
            "share.range",
            &[
                ("id", id),
                ("text", text),
                ("min", &min.to_string()),
                ("max", &max.to_string()),
            ],
        ),
        ShareProblem::OffStep {
            id,
            text,
            min,
            max,
            step,
            nearest,
        } => off_step_text(
            lang,
            "share.step",
            (*min, *max, *step),
            nearest,
            &[("id", id), ("text", text)],
        ),
        ShareProblem::NotASeed { text, max } => tr_fill(
            lang,
            "share.seed",
            &[("text", text), ("max", &max.to_string())],
        ),
        ShareProblem::NotBool { id, text } => {
            tr_fill(lang, "share.bool", &[("id", id), ("text", text)])
        }
        ShareProblem::NotAChoice { id, text, choices } => tr_fill(
            lang,
            "share.choice",
            &[("id", id), ("text", text), ("choices", choices)],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn solution_values_reproduce_the_reference_solution() {
        for lab in catalog::labs() {
            let progress = LabProgress {
                settings: solution_values(lab).into_iter().collect(),
                ..Default::default()
            };
            let outcome = lab
                .run(lab.spec.seed, &settings(lab, Some(&progress)))
                .unwrap();
            assert!(
                outcome.all_passed(),
                "{}: the controls cannot express the solution",
                lab.spec.id
            );
        }
    }

    /// The runs done ahead are the ones a student's next step asks for:
    /// for every control of every lab, its neighbours (a slider's value a
    /// step either way within its range, a drop-down's other choices, a
    /// switch flipped), each one valid for the lab, as the settings the
    /// page will have once the student picks it.
    #[test]
    fn likely_next_steps_the_control_moved_last_either_way() {
        for lab in catalog::labs() {
            for c in &lab.spec.control {
                let now = control_value(lab, c, None);
                let next = likely_next(lab, None, Some(&c.id), usize::MAX);
                let expected = match (c.kind, &now) {
                    (ControlKind::Range, Value::Int(n)) => {
                        let step = c.step.unwrap_or(1);
                        usize::from(*n - step >= c.min.unwrap_or(i64::MIN))
                            + usize::from(*n + step <= c.max.unwrap_or(i64::MAX))
                    }
                    (ControlKind::Toggle, _) => 1,
                    (ControlKind::Choice, _) => c.choices.as_ref().unwrap().len() - 1,
                    _ => unreachable!("{}: {} holds {now:?}", lab.spec.id, c.id),
                };
                assert_eq!(next.len(), expected, "{}: {}", lab.spec.id, c.id);
                for settings in &next {
                    let mine: Vec<_> = settings.iter().filter(|s| s.target == c.target).collect();
                    assert_eq!(mine.len(), 1, "{}: {}", lab.spec.id, c.id);
                    assert_ne!(mine[0].value, now, "{}: {}", lab.spec.id, c.id);
                    let progress = LabProgress {
                        settings: [(c.id.clone(), mine[0].value.clone())].into(),
                        ..Default::default()
                    };
                    assert_eq!(settings, &super::settings(lab, Some(&progress)));
                    assert!(
                        lab.start(lab.spec.seed, settings).is_ok(),
                        "{}: {settings:?}",
                        lab.spec.id
                    );
                }
            }
        }
        // Before any control has moved: each in the page's order, as many
        // as asked for.
        let lab = catalog::find("drs-diurnal-day").unwrap();
        let each: Vec<_> = lab
            .spec
            .control
            .iter()
            .flat_map(|c| likely_next(lab, None, Some(&c.id), usize::MAX))
            .collect();
        assert_eq!(likely_next(lab, None, None, 3), each[..3]);
        assert_eq!(
            likely_next(lab, None, Some("no-such-control"), 3),
            each[..3]
        );
        assert_eq!(
            likely_next(lab, None, Some(&lab.spec.control[1].id), 1).len(),
            1
        );
    }

    #[test]
    fn shared_links_round_trip_and_reject_bad_values_by_name() {
        let lab = catalog::find("shares-contention").unwrap();
        let progress = LabProgress {
            settings: solution_values(lab).into_iter().collect(),
            ..Default::default()
        };
        let pairs = share_pairs(lab, Some(&progress));
        let parsed = parse_shared(lab, &pairs).unwrap();
        assert_eq!(
            parsed
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
            progress.settings
        );

        let bad = [
            ("db-shares".to_string(), "huge".to_string()),
            ("nope".to_string(), "1".to_string()),
        ];
        let problems = parse_shared(lab, &bad).unwrap_err();
        let errors: Vec<String> = problems
            .iter()
            .map(|e| share_problem_text(Lang::En, e))
            .collect();
        assert!(
            errors[0].contains("db-shares") && errors[0].contains("low, normal, high"),
            "{errors:?}"
        );
        assert!(errors[1].contains("'nope' is not a control"), "{errors:?}");
        let zh = share_problem_text(Lang::ZhCn, &problems[1]);
        assert!(zh.contains("nope") && zh.contains("控件"), "{zh}");

        let mem = catalog::find("mem-admission-64gb").unwrap();
        let out_of_range = [("vm9-reservation".to_string(), "99999".to_string())];
        let problem = &parse_shared(mem, &out_of_range).unwrap_err()[0];
        assert!(share_problem_text(Lang::En, problem).contains("from 0 to 8192"));
    }

    /// A link can hold only what a control can produce: a value in range
    /// but off the step, out of range, not a number, or for no control is
    /// refused, in both languages, naming the control; nothing is applied,
    /// so the lab keeps its own values.
    #[test]
    fn shared_links_refuse_values_a_control_cannot_produce() {
        let lab = catalog::find("numa-virtual-sockets").unwrap();
        let pair = |id: &str, v: &str| [(id.to_string(), v.to_string())];
        assert_eq!(
            parse_shared(lab, &pair("db-vcpus", "32")),
            Ok(vec![("db-vcpus".to_string(), Value::Int(32))])
        );
        let cases = [
            ("db-vcpus", "30", ["from 8 to 64 in steps of 8", "24 or 32"]),
            ("db-vcpus", "65", ["from 8 to 64", "65"]),
            ("db-vcpus", "sixteen", ["from 8 to 64", "sixteen"]),
            ("db-cpus", "16", ["not a control", "db-vcpus"]),
        ];
        for (id, value, [en, en2]) in cases {
            let problems = parse_shared(lab, &pair(id, value)).unwrap_err();
            assert_eq!(problems.len(), 1);
            let text = share_problem_text(Lang::En, &problems[0]);
            assert!(
                text.contains(id) && text.contains(en) && text.contains(en2),
                "{text}"
            );
            let zh = share_problem_text(Lang::ZhCn, &problems[0]);
            assert!(zh.contains(id) && zh != text, "{zh}");
        }
        let zh = share_problem_text(
            Lang::ZhCn,
            &parse_shared(lab, &pair("db-vcpus", "30")).unwrap_err()[0],
        );
        assert!(zh.contains("步长为 8") && zh.contains("24 或 32"), "{zh}");
        // One bad pair refuses the link as a whole.
        let mixed = [
            ("db-vcpus".to_string(), "31".to_string()),
            ("vm01-vcpus".to_string(), "16".to_string()),
        ];
        assert_eq!(parse_shared(lab, &mixed).unwrap_err().len(), 1);
    }

    /// Stored progress from an older vlab may hold a value the control no
    /// longer offers: it is passed over, and the control keeps its default.
    #[test]
    fn stored_values_a_control_cannot_produce_fall_back_to_its_default() {
        let lab = catalog::find("numa-virtual-sockets").unwrap();
        let c = lab
            .spec
            .control
            .iter()
            .find(|c| c.id == "db-vcpus")
            .unwrap();
        let default = control_value(lab, c, None);
        for bad in [Value::Int(30), Value::Int(640), Value::Bool(true)] {
            let mut p = LabProgress::default();
            p.settings.insert("db-vcpus".into(), bad.clone());
            assert_eq!(control_value(lab, c, Some(&p)), default, "{bad}");
            assert!(settings(lab, Some(&p)).is_empty(), "{bad}");
        }
        let mut p = LabProgress::default();
        p.settings.insert("db-vcpus".into(), Value::Int(32));
        assert_eq!(control_value(lab, c, Some(&p)), Value::Int(32));
        assert_eq!(settings(lab, Some(&p)).len(), 1);
    }

    /// The reference solution is something the controls can produce, so
    /// its links and exports are accepted.
    #[test]
    fn solutions_lie_on_their_controls_steps() {
        for lab in catalog::labs() {
            for (id, v) in solution_values(lab) {
                let c = lab.spec.control.iter().find(|c| c.id == id).unwrap();
                if let Value::Int(n) = v {
                    assert_eq!(c.off_step(n), None, "{}: {id} = {n}", lab.spec.id);
                }
            }
        }
    }

    #[test]
    fn control_defaults_come_from_the_scenario() {
        let lab = catalog::find("cpu-limit-16vcpu").unwrap();
        assert_eq!(
            control_value(lab, &lab.spec.control[0], None),
            Value::Int(10_000)
        );
        assert!(settings(lab, None).is_empty());
        let pools = catalog::find("pool-expandable-reservation").unwrap();
        let values: Vec<Value> = pools
            .spec
            .control
            .iter()
            .map(|c| control_value(pools, c, None))
            .collect();
        assert_eq!(
            values,
            [Value::Bool(false), Value::Int(2000), Value::Int(6000)]
        );
    }

    #[test]
    fn a_shared_link_carries_the_variant_and_rejects_a_bad_one() {
        let lab = catalog::labs()
            .into_iter()
            .find(|l| l.has_variants())
            .expect("some lab has variants");
        let progress = LabProgress {
            seed: Some(4172),
            ..Default::default()
        };
        let pairs = share_pairs(lab, Some(&progress));
        assert_eq!(pairs[0], (SEED_KEY.to_string(), "4172".to_string()));
        assert_eq!(parse_shared_seed(lab, &pairs), Ok(Some(4172)));
        assert_eq!(
            parse_shared(lab, &pairs),
            Ok(Vec::new()),
            "seed is not a control"
        );
        let own = [(SEED_KEY.to_string(), lab.spec.seed.to_string())];
        assert_eq!(
            parse_shared_seed(lab, &own),
            Ok(None),
            "the lab's own seed is the lab as written"
        );
        for bad in ["0", "10000", "x", "-3"] {
            let pairs = [(SEED_KEY.to_string(), bad.to_string())];
            let problem = parse_shared_seed(lab, &pairs).unwrap_err();
            for lang in Lang::ALL {
                let text = share_problem_text(lang, &problem);
                assert!(text.contains(bad) && text.contains("9999"), "{text}");
            }
        }
    }

    #[test]
    fn a_control_shows_the_variants_value_until_the_student_moves_it() {
        for lab in catalog::labs().iter().filter(|l| l.has_variants()) {
            let progress = LabProgress {
                seed: Some(4172),
                ..Default::default()
            };
            let drawn = lab.variant(4172);
            for c in &lab.spec.control {
                if let Some(s) = drawn.iter().rev().find(|s| s.target == c.target) {
                    assert_eq!(
                        control_value(lab, c, Some(&progress)),
                        s.value,
                        "{}: {}",
                        lab.spec.id,
                        c.id
                    );
                }
            }
        }
    }
}
