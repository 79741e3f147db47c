//! Predict, then reveal: answers are figures of the run, they follow the
//! variant a seed draws, and a student's answer is judged in fixed point.
//! Variants draw inside their ranges, on their step grid, the same for
//! the same seed; the lab's own seed is the lab as written.

use crate::fixtures::proptest_config;
use proptest::prelude::*;
use vlab_sim::lab::spec::QuestionKind;
use vlab_sim::{judge, parse_lab, Lab, Sim, Value};

/// Admission control on a 8192 MB host: `web` reserves what `big` then
/// cannot; `big`'s size is varied, and so is its reservation.
const LAB: &str = r#"
id = "q"
topic = "memory"
seed = 1
title = { en = "T", zh-CN = "T" }
summary = { en = "S", zh-CN = "S" }
intro = { en = "big has {{big_mb}} MB.", zh-CN = "big 有 {{big_mb}} MB。" }

[[scenario.host]]
name = "h"
cpu_mhz = 8000
mem_mb = 8192

[[scenario.vm]]
name = "web"
host = "h"
mem_mb = 4096
mem_reservation_mb = 4096
mem_overhead_mb = 0
cpu_demand_mhz = 1000

[[scenario.vm]]
name = "big"
host = "h"
mem_mb = 6144
mem_reservation_mb = 6144
mem_overhead_mb = 0
cpu_demand_mhz = 3000

[[goal]]
id = "big-on"
check = "at_least"
metric = "vm.big.powered_on"
value = 1
text = { en = "G", zh-CN = "G" }

[[solution]]
set = "vm.big.mem_reservation_mb"
value = 0

[[figure]]
id = "big_mb"
input = "vm.big.mem_mb"

[[figure]]
id = "refused"
event = "admission_denied"

[[figure]]
id = "refusals"
event = "admission_denied"
read = "count"

[[figure]]
id = "unreserved"
metric = "host.h.mem_unreserved_mb"
per = 1024
decimals = 1

[[figure]]
id = "busiest"
metric = "vm.*.cpu_granted_mhz"
pick = "max"
run = "solution"

[[figure]]
id = "big_on"
metric = "vm.big.powered_on"

[[question]]
id = "which"
kind = "pick"
of = "vm"
answer = "refused"
text = { en = "Which VM is refused?", zh-CN = "哪台被拒绝？" }
explain = { en = "{{refused}} is refused {{refusals}} time(s).", zh-CN = "{{refused}} 被拒绝 {{refusals}} 次。" }

[[question]]
id = "free"
kind = "number"
answer = "unreserved"
unit = "GB"
tolerance = 0.5
text = { en = "Unreserved?", zh-CN = "未预留？" }
explain = { en = "E", zh-CN = "E" }

[[question]]
id = "on"
kind = "choice"
answer = "big_on"
choice = [{ value = "0", text = { en = "No", zh-CN = "否" } }, { value = "1", text = { en = "Yes", zh-CN = "是" } }]
text = { en = "Does big run?", zh-CN = "big 运行吗？" }
explain = { en = "E", zh-CN = "E" }

[[question]]
id = "top"
kind = "pick"
of = "vm"
answer = "busiest"
text = { en = "Who gets the most CPU once both run?", zh-CN = "都运行后谁得到最多 CPU？" }
explain = { en = "E", zh-CN = "E" }

[[vary]]
target = "vm.big.mem_mb"
min = 5120
max = 7168
step = 512

[[vary]]
target = "vm.big.mem_reservation_mb"
min = 5120
max = 5120
"#;

fn lab() -> Lab {
    parse_lab("q.toml", LAB).expect("the example lab is valid")
}

fn expected(lab: &Lab, seed: u64, id: &str) -> String {
    let answers = lab.answers(seed).expect("answers compute");
    answers.into_iter().find(|a| a.id == id).unwrap().expected
}

#[test]
fn answers_are_the_runs_figures_of_every_kind() {
    let lab = lab();
    assert_eq!(expected(&lab, 1, "which"), "big");
    // 8192 − 4096 reserved by web = 4096 MB = 4.0 GB.
    assert_eq!(expected(&lab, 1, "free"), "4.0");
    assert_eq!(expected(&lab, 1, "on"), "0");
    assert_eq!(expected(&lab, 1, "top"), "big");
    assert!(lab.question_problems(1).unwrap().is_empty());
}

#[test]
fn the_explanation_quotes_the_runs_figures() {
    let lab = lab();
    let figures = lab.figures(1).unwrap();
    let q = &lab.spec.question[0];
    assert_eq!(
        lab.explanation(q, &figures, "en"),
        "big is refused 1 time(s)."
    );
    assert_eq!(lab.explanation(q, &figures, "zh-CN"), "big 被拒绝 1 次。");
}

#[test]
fn answers_are_judged_in_the_questions_unit_and_tolerance() {
    let lab = lab();
    let answers = lab.answers(1).unwrap();
    let q = |id: &str| lab.spec.question.iter().find(|q| q.id == id).unwrap();
    let a = |id: &str| answers.iter().find(|a| a.id == id).unwrap();
    let free = q("free");
    assert_eq!(free.kind, QuestionKind::Number);
    assert!(judge(free, a("free"), "4").correct);
    assert!(judge(free, a("free"), "4,4").correct);
    let off = judge(free, a("free"), "3.2");
    assert!(!off.correct);
    assert_eq!(off.off_by.as_deref(), Some("-0.8"));
    assert!(!judge(free, a("free"), "").correct);
    assert!(judge(q("which"), a("which"), " big ").correct);
    assert!(!judge(q("which"), a("which"), "web").correct);
    assert!(judge(q("on"), a("on"), "0").correct);
    assert!(!judge(q("on"), a("on"), "1").correct);
}

#[test]
fn the_labs_own_seed_is_the_lab_as_written_and_other_seeds_draw() {
    let lab = lab();
    assert!(lab.variant(1).is_empty());
    assert_eq!(
        lab.run(1, &[]).unwrap(),
        lab.run(1, &[]).unwrap(),
        "same seed, same run"
    );
    let drawn: Vec<i64> = (2..40)
        .map(|seed| match lab.variant(seed)[0].value {
            Value::Int(n) => n,
            ref v => panic!("{v}"),
        })
        .collect();
    assert!(
        drawn
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 2,
        "seeds draw different sizes: {drawn:?}"
    );
}

#[test]
fn figures_and_answers_follow_the_variant() {
    let lab = lab();
    let seed = (2..100)
        .find(|&s| lab.variant(s)[0].value != Value::Int(6144))
        .expect("some seed draws another size");
    let Value::Int(size) = lab.variant(seed)[0].value else {
        unreachable!()
    };
    let figures = lab.figures(seed).unwrap();
    assert_eq!(figures["big_mb"], size.to_string());
    let varied = lab.spec.scenario.with_settings(&lab.variant(seed)).unwrap();
    assert_eq!(varied.vm("big").unwrap().mem_mb, size as u64);
    assert_eq!(
        *lab.run(seed, &[]).unwrap().trace,
        Sim::run(&varied, seed, &[]).unwrap(),
        "the lab's run is the varied scenario's"
    );
    assert_ne!(
        *lab.run(seed, &[]).unwrap().trace,
        Sim::run(&lab.spec.scenario, seed, &[]).unwrap()
    );
}

proptest! {
    #![proptest_config(proptest_config(64))]

    #[test]
    fn a_variant_draws_each_input_inside_its_range_on_its_step_grid(seed in 2u64..1_000_000) {
        let lab = lab();
        let drawn = lab.variant(seed);
        prop_assert_eq!(drawn.len(), lab.spec.vary.len());
        prop_assert_eq!(&drawn, &lab.variant(seed));
        for (v, s) in lab.spec.vary.iter().zip(&drawn) {
            prop_assert_eq!(&s.target, &v.target);
            let Value::Int(n) = s.value else { panic!("a number") };
            prop_assert!(v.min <= n && n <= v.max);
            prop_assert_eq!((n - v.min) % v.step, 0);
        }
    }
}
