//! Every embedded lab is valid, solvable, not already solved, bilingual and
//! playable through its own controls. CI runs this before anything embeds
//! the labs (see `src/catalog.rs`).

use std::path::Path;
use vlab::catalog::{self, LAB_FILES};
use vlab_sim::lab::spec::ControlKind;
use vlab_sim::scenario::Target;
use vlab_sim::{Lab, Setting, Text, Value};

fn labs() -> Vec<&'static Lab> {
    catalog::labs()
}

/// Checks both languages of `text` are non-empty, naming `what` if not.
fn bilingual(problems: &mut Vec<String>, id: &str, what: &str, text: &Text) {
    if text.en.trim().is_empty() {
        problems.push(format!("{id}: {what}: English text is empty"));
    }
    if text.zh_cn.trim().is_empty() {
        problems.push(format!("{id}: {what}: zh-CN text is empty"));
    }
}

#[test]
fn every_lab_file_parses_and_is_embedded() {
    let (parsed, errors) = catalog::parse_all();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "lab errors:\n{}", shown.join("\n"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("labs");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("labs/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let embedded: Vec<&str> = LAB_FILES.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        embedded, on_disk,
        "labs/*.toml and the embedded labs differ: rebuild"
    );
    assert_eq!(parsed.len(), LAB_FILES.len());
    assert_eq!(labs().len(), LAB_FILES.len());
}

/// The index build.rs writes (what the catalog shows before any lab file
/// is loaded) says what the labs themselves say, in catalog order.
#[test]
fn the_catalog_index_matches_the_labs() {
    let labs = labs();
    assert_eq!(catalog::index().len(), labs.len());
    for (e, lab) in catalog::index().iter().zip(&labs) {
        let s = &lab.spec;
        assert_eq!(e.id, s.id);
        assert_eq!(e.file, format!("{}.toml", s.id));
        assert_eq!(e.topic, s.topic, "{}", e.id);
        assert_eq!(e.title("en"), s.title.en, "{}", e.id);
        assert_eq!(e.title("zh-CN"), s.title.zh_cn, "{}", e.id);
        assert_eq!(e.summary("zh-CN"), s.summary.zh_cn, "{}", e.id);
        assert_eq!(e.goals, lab.goals.len(), "{}", e.id);
    }
    let order: Vec<_> = labs
        .iter()
        .map(|l| (l.spec.topic, l.spec.order, &l.spec.id))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "catalog order: topic, order, id");
}

#[test]
fn lab_ids_are_unique_and_match_their_file_names() {
    let (parsed, _) = catalog::parse_all();
    for ((file, _), lab) in LAB_FILES.iter().zip(&parsed) {
        assert_eq!(
            file.strip_suffix(".toml"),
            Some(lab.spec.id.as_str()),
            "labs/{file} should be named after its id"
        );
    }
    let mut ids: Vec<&str> = labs().iter().map(|l| l.spec.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), LAB_FILES.len(), "duplicate lab ids");
}

#[test]
fn reference_solution_passes_every_goal() {
    for lab in labs() {
        let outcome = lab
            .run(lab.spec.seed, &lab.solution())
            .unwrap_or_else(|e| panic!("{}: solution rejected: {e}", lab.spec.id));
        assert_eq!(outcome.goals.len(), lab.goals.len());
        for (goal, g) in lab.goals.iter().zip(&outcome.goals) {
            assert!(
                g.passed,
                "{}: with the reference solution, goal {} fails: {}",
                lab.spec.id,
                g.id,
                vlab::lab::goal_text::goal_line(vlab::text::Lang::En, goal, g)
            );
        }
    }
}

#[test]
fn doing_nothing_fails_at_least_one_goal() {
    for lab in labs() {
        let outcome = lab.run(lab.spec.seed, &[]).expect("no settings");
        assert!(
            !outcome.all_passed(),
            "{}: every goal passes before the student changes anything",
            lab.spec.id
        );
    }
}

#[test]
fn every_text_is_in_both_languages() {
    let mut problems = Vec::new();
    for lab in labs() {
        let s = &lab.spec;
        let id = s.id.as_str();
        bilingual(&mut problems, id, "title", &s.title);
        bilingual(&mut problems, id, "summary", &s.summary);
        bilingual(&mut problems, id, "intro", &s.intro);
        for g in &s.goal {
            bilingual(&mut problems, id, &format!("goal {}", g.id), &g.text);
        }
        for c in &s.control {
            bilingual(
                &mut problems,
                id,
                &format!("control {} label", c.id),
                &c.label,
            );
        }
        for (i, h) in s.hint.iter().enumerate() {
            bilingual(&mut problems, id, &format!("hint {}", i + 1), h);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_lab_has_a_hint_and_a_control() {
    for lab in labs() {
        assert!(!lab.spec.hint.is_empty(), "{}: no [[hint]]", lab.spec.id);
        assert!(
            !lab.spec.control.is_empty(),
            "{}: no [[control]]",
            lab.spec.id
        );
    }
}

/// The values a control offers: a range's ends and its steps, a toggle's
/// two states, a choice's list.
fn offered(c: &vlab_sim::lab::spec::Control) -> Vec<Value> {
    match c.kind {
        ControlKind::Range => {
            let (min, max) = (c.min.unwrap(), c.max.unwrap());
            let step = c.step.unwrap_or(1).max(1);
            let mut v: Vec<i64> = (min..=max).step_by(step as usize).collect();
            v.push(max);
            v.into_iter().map(Value::Int).collect()
        }
        ControlKind::Toggle => vec![Value::Bool(false), Value::Bool(true)],
        ControlKind::Choice => c.choices.clone().unwrap_or_default(),
    }
}

#[test]
fn every_value_a_control_offers_runs() {
    // Whatever the student picks with a control, the lab runs: the UI
    // never offers a setting the simulation would reject.
    for lab in labs() {
        for c in &lab.spec.control {
            for value in offered(c) {
                let setting = Setting {
                    target: c.target.clone(),
                    value: value.clone(),
                };
                if let Err(e) = lab.run(lab.spec.seed, &[setting]) {
                    panic!(
                        "{}: control {} offers {value}, which is rejected: {e}",
                        lab.spec.id, c.id
                    );
                }
            }
        }
    }
}

#[test]
fn the_reference_solution_is_reachable_with_the_controls() {
    // Each solution step sets a field some control offers, to a value the
    // control can produce, so a student can solve the lab in the UI.
    for lab in labs() {
        let scenario = &lab.spec.scenario;
        for step in &lab.spec.solution {
            let target = Target::parse(&step.set, scenario).expect("validated");
            let control = lab
                .spec
                .control
                .iter()
                .find(|c| Target::parse(&c.target, scenario).ok() == Some(target.clone()))
                .unwrap_or_else(|| {
                    panic!(
                        "{}: solution sets {}, which no control offers",
                        lab.spec.id, step.set
                    )
                });
            assert!(
                offered(control).contains(&step.value),
                "{}: solution sets {} = {}, which control {} cannot produce",
                lab.spec.id,
                step.set,
                step.value,
                control.id
            );
        }
    }
}

/// Issue 14, texts that cannot drift: every figure a lab's texts quote
/// (`{{id}}`) comes from its own runs or the model's constants, and a
/// number a text states outside a placeholder is one of the lab's inputs,
/// never a result typed by hand (`vlab_sim::lab::drift`).
#[test]
fn every_number_a_text_states_is_an_input_or_a_figure_from_the_run() {
    let mut problems = Vec::new();
    for lab in labs() {
        let id = &lab.spec.id;
        let figures = match lab.figures(lab.spec.seed) {
            Ok(f) => f,
            Err(e) => {
                problems.push(format!("{id}: figures: {e}"));
                continue;
            }
        };
        for (field, text) in lab.texts() {
            for raw in text.both() {
                let filled = vlab_sim::lab::figures::fill(raw, &figures);
                assert!(!filled.contains("{{"), "{id}: {field}: unfilled {filled}");
            }
        }
        for s in vlab_sim::lab::drift::stated_numbers(lab) {
            problems.push(format!(
                "{id}: {} ({}) states {}: quote it as a {{{{figure}}}} from the run, or make it an input",
                s.field, s.lang, s.number
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n{} numbers",
        problems.join("\n"),
        problems.len()
    );
}

#[test]
fn every_lab_asks_a_question_in_both_languages() {
    let mut problems = Vec::new();
    for lab in labs() {
        let id = &lab.spec.id;
        if lab.spec.question.is_empty() {
            problems.push(format!(
                "{id}: no [[question]]: a student predicts before the run is shown"
            ));
        }
        for q in &lab.spec.question {
            bilingual(
                &mut problems,
                id,
                &format!("question {} text", q.id),
                &q.text,
            );
            bilingual(
                &mut problems,
                id,
                &format!("question {} explain", q.id),
                &q.explain,
            );
            for c in &q.choice {
                bilingual(
                    &mut problems,
                    id,
                    &format!("question {} choice {}", q.id, c.value),
                    &c.text,
                );
            }
        }
        match lab.question_problems(lab.spec.seed) {
            Ok(p) => problems.extend(p.into_iter().map(|p| format!("{id}: {p}"))),
            Err(e) => problems.push(format!("{id}: {e}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn at_least_twelve_labs_have_variants_and_every_topic_some() {
    let varied: Vec<&Lab> = labs().into_iter().filter(|l| l.has_variants()).collect();
    assert!(varied.len() >= 12, "{} labs have variants", varied.len());
    for topic in vlab_sim::Topic::ALL {
        assert!(
            varied.iter().any(|l| l.spec.topic == topic),
            "no lab of topic {} has variants",
            topic.name()
        );
    }
}
