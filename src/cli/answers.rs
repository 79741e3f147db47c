//! `vlab run LAB --seed N --answers`: the questions of the variant a seed
//! draws, with their answers computed from its run, so a teacher can hand
//! every student a different problem and still hold the key.

use crate::text::{fill, tr, Lang};
use serde_json::{json, Map, Value as Json};
use std::fmt::Write;
use vlab_sim::lab::spec::QuestionKind;
use vlab_sim::Lab;

/// The answer key of `lab` at `seed`, as text or (with `json`) one object.
pub fn answers(lab: &Lab, seed: u64, as_json: bool) -> Result<String, String> {
    let figures = lab
        .figures(seed)
        .map_err(|e| format!("--seed {seed}: {e}"))?;
    let answers = lab.answers_from(&figures);
    let drawn = lab.variant(seed);
    if as_json {
        let mut by_id = Map::new();
        for (q, a) in lab.spec.question.iter().zip(&answers) {
            let mut entry = json!({
                "kind": a.kind,
                "text": { "en": q.text.en, "zh-CN": q.text.zh_cn },
                "expected": a.expected,
            });
            if let Some(unit) = &a.unit {
                entry["unit"] = json!(unit);
            }
            if let Some(t) = q.tolerance {
                entry["tolerance"] = json!(t);
            }
            by_id.insert(q.id.clone(), entry);
        }
        let inputs: Map<String, Json> = drawn
            .iter()
            .map(|s| (s.target.clone(), json!(s.value.to_string())))
            .collect();
        let out = json!({ "lab": lab.spec.id, "seed": seed, "inputs": inputs, "answers": by_id });
        return Ok(serde_json::to_string_pretty(&out).expect("JSON of plain data") + "\n");
    }
    let lang = Lang::En;
    let mut out = String::new();
    let variant = if drawn.is_empty() {
        tr(lang, "question.variant_authored")
    } else {
        fill(&tr(lang, "question.variant"), &[("n", &seed.to_string())])
    };
    let _ = writeln!(out, "{} · {variant}", lab.spec.title.en);
    if !drawn.is_empty() {
        let _ = writeln!(out, "{}:", tr(lang, "question.drawn"));
        for s in &drawn {
            let _ = writeln!(out, "  {} = {}", s.target, s.value);
        }
    }
    for (q, a) in lab.spec.question.iter().zip(&answers) {
        let text = vlab_sim::lab::figures::fill(&q.text.en, &figures);
        let _ = writeln!(out, "\n{}. {text}", q.id);
        if q.kind == QuestionKind::Choice {
            for c in &q.choice {
                let _ = writeln!(out, "   [{}] {}", c.value, c.text.en);
            }
        }
        let unit = a.unit.as_deref().unwrap_or("");
        let tolerance = q
            .tolerance
            .filter(|&t| t > 0.0)
            .map(|t| format!(" (±{t})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "   {}: {} {unit}{tolerance}",
            tr(lang, "question.answer"),
            a.expected
        );
    }
    if lab.spec.question.is_empty() {
        let _ = writeln!(out, "{}", tr(lang, "question.none"));
    }
    Ok(out)
}
