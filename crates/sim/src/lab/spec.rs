//! Lab format v1: a lab exercise as data. `labs/README.md` documents every
//! field; the structs here are that contract, with unknown fields rejected.

use crate::base::setting::{Setting, Value};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// Text in both of the course's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
}

impl Text {
    /// The text in `lang` ("zh-CN" or anything else for English).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "zh-CN" {
            &self.zh_cn
        } else {
            &self.en
        }
    }

    /// Both languages, English first.
    pub fn both(&self) -> [&str; 2] {
        [&self.en, &self.zh_cn]
    }
}

/// The course topics the catalog groups labs by, in syllabus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    ResourceControls,
    Memory,
    Migration,
    Ha,
    DrsDpm,
    /// Huawei FusionCompute's own mechanisms (内存复用, CPU QoS, its
    /// migration prerequisites, HA policies, scheduling baselines).
    Fusioncompute,
}

impl Topic {
    pub const ALL: [Topic; 6] = [
        Topic::ResourceControls,
        Topic::Memory,
        Topic::Migration,
        Topic::Ha,
        Topic::DrsDpm,
        Topic::Fusioncompute,
    ];

    /// The kebab-case name used in lab files and URLs.
    pub fn name(self) -> &'static str {
        match self {
            Topic::ResourceControls => "resource-controls",
            Topic::Memory => "memory",
            Topic::Migration => "migration",
            Topic::Ha => "ha",
            Topic::DrsDpm => "drs-dpm",
            Topic::Fusioncompute => "fusioncompute",
        }
    }
}

/// A lab file as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabSpec {
    /// Lab format version; only 1 exists.
    #[serde(default = "format_v1")]
    pub format: u32,
    /// Stable identifier: lowercase letters, digits and '-'; used in URLs.
    pub id: String,
    pub topic: Topic,
    /// Position within its topic in the catalog (ascending).
    #[serde(default)]
    pub order: u32,
    /// Seed for everything random in the run.
    pub seed: u64,
    pub title: Text,
    /// One line for the catalog card.
    pub summary: Text,
    /// Instructions, Markdown (raw HTML is shown as text).
    pub intro: Text,
    pub scenario: Scenario,
    #[serde(default)]
    pub control: Vec<Control>,
    #[serde(default)]
    pub goal: Vec<GoalSpec>,
    #[serde(default)]
    pub hint: Vec<Text>,
    /// The reference solution: settings that make every goal pass.
    #[serde(default)]
    pub solution: Vec<SolutionStep>,
    /// Figures the texts quote as `{{id}}`: read from the lab's own runs or
    /// its scenario, so a text cannot state a number the model does not
    /// produce.
    #[serde(default)]
    pub figure: Vec<FigureSpec>,
    /// Questions a student answers before the outcome is shown; each
    /// answer is one of the figures, so it is computed, not typed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub question: Vec<QuestionSpec>,
    /// Inputs a seed may vary: a variant per student.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vary: Vec<VarySpec>,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// A number in `unit`, right within `tolerance`.
    Number,
    /// One of `choice`; right when its `value` is the figure as printed.
    Choice,
    /// A VM or host (`of`); right when it is the figure's name.
    Pick,
}

/// What a pick question offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PickOf {
    Vm,
    Host,
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceSpec {
    /// Compared with the answer figure as printed, e.g. "0" or "1".
    pub value: String,
    pub text: Text,
}

/// A prediction the student commits to before the run is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSpec {
    /// Identifier, unique within the lab.
    pub id: String,
    pub text: Text,
    pub kind: QuestionKind,
    /// The id of the `[[figure]]` that is the right answer.
    pub answer: String,
    /// Number questions: the unit the answer is given in, e.g. "MB".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Number questions: the largest difference still counted right, in
    /// `unit` (may have decimals; default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// Choice questions: the options, in the order shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choice: Vec<ChoiceSpec>,
    /// Pick questions: VMs or hosts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<PickOf>,
    /// Shown after the student commits: why the run gives what it gives,
    /// quoting figures as `{{id}}`.
    pub explain: Text,
}

/// An input a variant draws: `min`, `min + step`, … up to `max`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VarySpec {
    /// A setting target with a number, as a control's `target`.
    pub target: String,
    pub min: i64,
    pub max: i64,
    #[serde(default = "one")]
    pub step: i64,
}

impl LabSpec {
    /// Every text a student reads that may quote figures, with where it
    /// is: the intro, each hint, each goal's text, each question's text,
    /// choices and explanation.
    pub fn texts(&self) -> Vec<(String, &Text)> {
        let mut out = vec![("intro".to_string(), &self.intro)];
        out.extend(
            self.hint
                .iter()
                .enumerate()
                .map(|(i, h)| (format!("hint[{i}]"), h)),
        );
        out.extend(
            self.goal
                .iter()
                .enumerate()
                .map(|(i, g)| (format!("goal[{i}].text"), &g.text)),
        );
        for (i, q) in self.question.iter().enumerate() {
            out.push((format!("question[{i}].text"), &q.text));
            out.extend(
                q.choice
                    .iter()
                    .enumerate()
                    .map(|(k, c)| (format!("question[{i}].choice[{k}].text"), &c.text)),
            );
            out.push((format!("question[{i}].explain"), &q.explain));
        }
        out
    }
}

fn one() -> i64 {
    1
}

/// Which run a figure is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureRun {
    /// The lab as it opens: no settings (default).
    #[default]
    Start,
    /// With the reference solution applied.
    Solution,
}

/// A number a text quotes, as `{{id}}` in either language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSpec {
    /// Identifier, unique within the lab: the text writes `{{id}}`.
    pub id: String,
    /// A metric of a run, e.g. `migration.cache.downtime_ms` (give this,
    /// `input` or `constant`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// A setting target's value in the scenario as the lab opens, e.g.
    /// `vm.cache.mem_dirty_mb_s`: a number the student starts from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// A published constant the model uses, by name (see
    /// `crate::lab::constants`), e.g. `migration.xen_max_rounds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<String>,
    /// For a metric: the run it is read from (default `start`).
    #[serde(default)]
    pub run: FigureRun,
    /// For a metric: settings applied on top of that run's, e.g. to quote
    /// what a change would do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<SolutionStep>,
    /// For a metric: the sample it is read at [s] (default: the last one;
    /// otherwise the last sample at or before this time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_s: Option<u32>,
    /// Divide by this before printing, e.g. 1000 for ms shown in s
    /// (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<u64>,
    /// Decimal places printed (default 0; rounded half away from zero).
    #[serde(default)]
    pub decimals: u8,
    /// With a `metric` naming `*` for the VM or host (`vm.*.swapped_mb`):
    /// the name of the one with the largest (`max`) or smallest (`min`)
    /// value; ties go to the name that sorts first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pick: Option<PickBy>,
    /// An event kind, e.g. `admission_denied`: the subject of its first
    /// occurrence in the run (`read = "subject"`, default) or how many
    /// times it occurs (`read = "count"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<EventRead>,
}

/// Which end a picked figure takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PickBy {
    Max,
    Min,
}

/// What an event figure reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventRead {
    /// The VM or host of the first occurrence.
    #[default]
    Subject,
    /// The number of occurrences.
    Count,
}

fn format_v1() -> u32 {
    1
}

/// What a student may change, and how the UI offers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Identifier, unique within the lab.
    pub id: String,
    /// Setting target `vm.NAME.FIELD`.
    pub target: String,
    pub label: Text,
    pub kind: ControlKind,
    /// Range bounds and step (kind = "range").
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub step: Option<i64>,
    /// Allowed values (kind = "choice").
    pub choices: Option<Vec<Value>>,
    /// Unit shown beside the value, e.g. "MHz" or "MB".
    pub unit: Option<String>,
}

impl Control {
    /// For a range control's value `n` within `min..=max` but off its
    /// step (counted from `min`, as a slider counts): the valid values on
    /// either side of it (one when the next step would pass `max`).
    /// `None` when `n` is a value the control can take, lies out of
    /// range, or the control has no step.
    pub fn off_step(&self, n: i64) -> Option<Vec<i64>> {
        let (min, max, step) = (self.min?, self.max?, self.step.filter(|&s| s > 1)?);
        if n < min || n > max {
            return None;
        }
        let (min, step, n) = (i128::from(min), i128::from(step), i128::from(n));
        let below = min + (n - min) / step * step;
        if below == n {
            return None;
        }
        let above = below + step;
        let mut out = vec![below as i64];
        if above <= i128::from(max) {
            out.push(above as i64);
        }
        Some(out)
    }

    /// `n` as a range control can take it: within `min..=max`, on the
    /// step counted from `min` (the nearer neighbour, the lower on a tie).
    pub fn snap(&self, n: i64) -> i64 {
        let (min, max) = (self.min.unwrap_or(i64::MIN), self.max.unwrap_or(i64::MAX));
        let n = n.clamp(min, max.max(min));
        match self.off_step(n).as_deref() {
            Some(&[below, above]) if above - n < n - below => above,
            Some(&[below, ..]) => below,
            _ => n,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlKind {
    /// A slider with a number box: min, max, step.
    Range,
    /// An on/off switch (boolean fields).
    Toggle,
    /// A drop-down of `choices`.
    Choice,
}

/// A goal as written; [`crate::report::goal::Goal`] is its checked form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalSpec {
    pub id: String,
    pub text: Text,
    /// One of: at_least, at_most, approx, event_occurs, event_never.
    pub check: String,
    /// For comparisons: `vm.NAME.FIELD` or `host.NAME.FIELD`.
    pub metric: Option<String>,
    /// For comparisons: the bound or target value, in the metric's unit.
    pub value: Option<i64>,
    /// For approx: allowed absolute difference, in the metric's unit.
    pub tolerance: Option<i64>,
    /// For event checks: the event kind, e.g. "admission_denied".
    pub event: Option<String>,
    /// For event checks: only events about this VM or host.
    pub subject: Option<String>,
    /// Start of the window [s] the check looks at. Comparisons must hold
    /// at every sample in the window; events count if they fall in it.
    /// With neither bound, comparisons look at the final sample only and
    /// events at the whole run.
    pub from_s: Option<u32>,
    /// End of the window [s], inclusive (absent: the end of the run).
    pub until_s: Option<u32>,
}

/// One step of a reference solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolutionStep {
    /// Setting target `vm.NAME.FIELD`.
    pub set: String,
    pub value: Value,
}

impl SolutionStep {
    pub fn setting(&self) -> Setting {
        Setting {
            target: self.set.clone(),
            value: self.value.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(min: i64, max: i64, step: i64) -> Control {
        Control {
            id: "mem".into(),
            target: "vm.a.mem_mb".into(),
            label: Text {
                en: "Memory".into(),
                zh_cn: "内存".into(),
            },
            kind: ControlKind::Range,
            min: Some(min),
            max: Some(max),
            step: Some(step),
            choices: None,
            unit: None,
        }
    }

    #[test]
    fn off_step_names_the_valid_values_on_either_side() {
        let c = range(500, 4000, 500);
        assert_eq!(c.off_step(1000), None);
        assert_eq!(c.off_step(1001), Some(vec![1000, 1500]));
        assert_eq!(c.off_step(4001), None, "out of range is another problem");
        assert_eq!(range(0, 1100, 500).off_step(1050), Some(vec![1000]));
        assert_eq!(range(1, 10, 1).off_step(7), None);
        assert_eq!(range(i64::MIN, i64::MAX, 3).off_step(i64::MAX), None);
    }

    #[test]
    fn snap_moves_a_value_onto_the_nearest_step() {
        let c = range(500, 4000, 500);
        assert_eq!(c.snap(1001), 1000);
        assert_eq!(c.snap(1300), 1500);
        assert_eq!(c.snap(1250), 1000);
        assert_eq!(c.snap(99_999), 4000);
        assert_eq!(c.snap(-5), 500);
    }
}
