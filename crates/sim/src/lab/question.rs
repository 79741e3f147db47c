//! Predict, then reveal: a lab's questions, their answers computed from the
//! run of a seed, and the verdict on what a student answered.

use crate::base::setting::SettingError;
use crate::lab::figures::{fill, Figures};
use crate::lab::parse::Lab;
use crate::lab::spec::{PickOf, QuestionKind, QuestionSpec};
use serde::Serialize;

/// A question's right answer for one seed, as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub id: String,
    pub kind: QuestionKind,
    /// The figure as printed: a number with the figure's decimals, a
    /// choice's value, or a VM or host name.
    pub expected: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// How a student's answer compares with the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub id: String,
    pub correct: bool,
    pub expected: String,
    /// What the student gave (empty: no answer).
    pub given: String,
    /// Number questions: given − expected, printed like the expected
    /// value (absent when the answer is not a number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub off_by: Option<String>,
}

impl Lab {
    /// The right answer of every question for `seed`, in file order.
    pub fn answers(&self, seed: u64) -> Result<Vec<Answer>, SettingError> {
        let figures = self.figures(seed)?;
        Ok(self.answers_from(&figures))
    }

    /// [`Lab::answers`] from figures already computed.
    pub fn answers_from(&self, figures: &Figures) -> Vec<Answer> {
        self.spec
            .question
            .iter()
            .map(|q| Answer {
                id: q.id.clone(),
                kind: q.kind,
                expected: figures.get(&q.answer).cloned().unwrap_or_default(),
                unit: q.unit.clone(),
            })
            .collect()
    }

    /// What is wrong with the questions at `seed`: an answer that is not
    /// one of its choices, or not a VM or host of the scenario (empty:
    /// every question can be answered right).
    pub fn question_problems(&self, seed: u64) -> Result<Vec<String>, SettingError> {
        let answers = self.answers(seed)?;
        let scenario = self.spec.scenario.with_settings(&self.variant(seed))?;
        let mut out = Vec::new();
        for (q, a) in self.spec.question.iter().zip(&answers) {
            let ok = match q.kind {
                QuestionKind::Number => parse_fixed(&a.expected, 3).is_some(),
                QuestionKind::Choice => q.choice.iter().any(|c| c.value == a.expected),
                QuestionKind::Pick => match q.of {
                    Some(PickOf::Vm) => scenario.vm(&a.expected).is_some(),
                    Some(PickOf::Host) => scenario.host(&a.expected).is_some(),
                    None => false,
                },
            };
            if !ok {
                out.push(format!(
                    "question {}: the answer at seed {seed} is '{}', which a student cannot give; check its figure '{}'",
                    q.id, a.expected, q.answer
                ));
            }
        }
        Ok(out)
    }

    /// The explanation of question `q` in `lang`, with its figures.
    pub fn explanation(&self, q: &QuestionSpec, figures: &Figures, lang: &str) -> String {
        fill(q.explain.get(lang), figures)
    }
}

/// Judges `given` against `answer` for question `q`.
pub fn judge(q: &QuestionSpec, answer: &Answer, given: &str) -> Verdict {
    let given = given.trim();
    let (correct, off_by) = match q.kind {
        QuestionKind::Number => number_verdict(&answer.expected, given, q.tolerance.unwrap_or(0.0)),
        QuestionKind::Choice | QuestionKind::Pick => {
            (!given.is_empty() && given == answer.expected, None)
        }
    };
    Verdict {
        id: q.id.clone(),
        correct,
        expected: answer.expected.clone(),
        given: given.to_string(),
        off_by,
    }
}

/// Compares two decimal numbers in fixed point at the expected value's
/// decimals (`"16.4"` → tenths), so no float rounding decides a grade.
fn number_verdict(expected: &str, given: &str, tolerance: f64) -> (bool, Option<String>) {
    let decimals = expected.split_once('.').map_or(0, |(_, f)| f.len() as u32);
    let (Some(e), Some(g)) = (
        parse_fixed(expected, decimals),
        parse_fixed(given, decimals),
    ) else {
        return (false, None);
    };
    let scale = 10f64.powi(decimals as i32);
    // The tolerance is the author's, in the answer's unit; rounded once to
    // the same fixed point.
    let tol = (tolerance * scale).round() as i64;
    let diff = g - e;
    let off_by = crate::lab::figures::format_figure(diff, 1, 0);
    let off_by = if decimals == 0 {
        off_by
    } else {
        crate::lab::figures::format_figure(diff, 10u64.pow(decimals), decimals as u8)
    };
    (diff.abs() <= tol, Some(off_by))
}

/// `text` as an integer in units of 10^-decimals, rounded half away from
/// zero; accepts `,` as the decimal mark and a leading sign.
pub fn parse_fixed(text: &str, decimals: u32) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 15
    {
        return None;
    }
    let mut value: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut rest = frac.chars();
    for _ in 0..decimals {
        let d = rest.next().map_or(0, |c| c as i64 - '0' as i64);
        value = value.checked_mul(10)?.checked_add(d)?;
    }
    if rest.next().is_some_and(|c| c >= '5') {
        value += 1;
    }
    Some(if neg { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_in_fixed_point() {
        assert_eq!(parse_fixed("16.4", 1), Some(164));
        assert_eq!(parse_fixed("16", 1), Some(160));
        assert_eq!(parse_fixed("16,45", 1), Some(165));
        assert_eq!(parse_fixed(" -2.5 ", 0), Some(-3));
        assert_eq!(parse_fixed(".5", 1), Some(5));
        assert_eq!(parse_fixed("", 0), None);
        assert_eq!(parse_fixed("1e3", 0), None);
        assert_eq!(parse_fixed("lots", 0), None);
        assert_eq!(parse_fixed("99999999999999999999", 0), None);
    }

    #[test]
    fn a_number_within_the_tolerance_is_right_and_says_by_how_much_it_is_off() {
        assert_eq!(
            number_verdict("16.4", "16", 0.5),
            (true, Some("-0.4".into()))
        );
        assert_eq!(
            number_verdict("16.4", "17", 0.5),
            (false, Some("0.6".into()))
        );
        assert_eq!(number_verdict("508", "508", 0.0), (true, Some("0".into())));
        assert_eq!(
            number_verdict("508", "500", 5.0),
            (false, Some("-8".into()))
        );
        assert_eq!(number_verdict("508", "", 5.0), (false, None));
    }
}
