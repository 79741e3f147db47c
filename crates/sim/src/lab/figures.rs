//! The figures a lab's texts quote (`{{id}}`), computed from the lab's own
//! runs and scenario, and the texts with them filled in. A text that says
//! "the migration pauses the VM for {{downtime}} s" cannot drift from the
//! model: the number is the run's.

use crate::base::setting::{Setting, SettingError, Value};
use crate::lab::parse::Lab;
use crate::lab::spec::{EventRead, FigureRun, FigureSpec, PickBy, Text};
use crate::report::metric::Metric;
use crate::scenario::current_value;
use crate::sim::sample::{Sample, Trace};
use std::collections::BTreeMap;

/// Each figure's id and its value as printed.
pub type Figures = BTreeMap<String, String>;

/// The `{{id}}` placeholders in `text`, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            break;
        };
        out.push(after[..close].trim());
        rest = &after[close + 2..];
    }
    out
}

/// `text` with every `{{id}}` replaced by its figure; an unknown id stays
/// as written, so a mistake shows.
pub fn fill(text: &str, figures: &Figures) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        match figures.get(after[..close].trim()) {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[open..open + close + 4]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// `value / per`, printed with `decimals` places (half away from zero).
pub fn format_figure(value: i64, per: u64, decimals: u8) -> String {
    let per = i128::from(per.max(1));
    let scale = 10i128.pow(u32::from(decimals));
    let scaled = i128::from(value) * scale;
    let half = per / 2;
    let rounded = if scaled >= 0 {
        (scaled + half) / per
    } else {
        (scaled - half) / per
    };
    if decimals == 0 {
        return rounded.to_string();
    }
    let sign = if rounded < 0 { "-" } else { "" };
    let whole = rounded.abs() / scale;
    let frac = rounded.abs() % scale;
    format!(
        "{sign}{whole}.{frac:0width$}",
        width = usize::from(decimals)
    )
}

/// What a figure reads: a number, or the name of a VM or host.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FigureValue {
    Number(i64),
    Name(String),
}

impl Lab {
    /// Every figure the lab declares, from runs at `seed` (the variant
    /// that seed draws, see [`Lab::variant`]).
    pub fn figures(&self, seed: u64) -> Result<Figures, SettingError> {
        let mut runs: BTreeMap<Vec<Setting>, std::rc::Rc<Trace>> = BTreeMap::new();
        let mut out = Figures::new();
        for f in &self.spec.figure {
            let printed = match self.figure_value(f, seed, &mut runs)? {
                FigureValue::Number(n) => format_figure(n, f.per.unwrap_or(1), f.decimals),
                FigureValue::Name(name) => name,
            };
            out.insert(f.id.clone(), printed);
        }
        Ok(out)
    }

    fn figure_value(
        &self,
        f: &FigureSpec,
        seed: u64,
        runs: &mut BTreeMap<Vec<Setting>, std::rc::Rc<Trace>>,
    ) -> Result<FigureValue, SettingError> {
        let err = |message: String| SettingError {
            target: format!("figure {}", f.id),
            message,
        };
        if let Some(name) = &f.constant {
            return crate::lab::constants::constant(name)
                .map(FigureValue::Number)
                .ok_or_else(|| err(format!("no published constant named '{name}'")));
        }
        if let Some(target) = &f.input {
            let scenario = self.spec.scenario.with_settings(&self.variant(seed))?;
            return match current_value(&scenario, target)? {
                Value::Int(n) => Ok(FigureValue::Number(n)),
                other => Err(err(format!("{target} is '{other}', not a number"))),
            };
        }
        let mut settings = match f.run {
            FigureRun::Start => Vec::new(),
            FigureRun::Solution => self.solution(),
        };
        settings.extend(f.set.iter().map(|s| s.setting()));
        if !runs.contains_key(&settings) {
            let trace = self.run(seed, &settings)?.trace;
            runs.insert(settings.clone(), trace);
        }
        let trace = &runs[&settings];
        if let Some(kind) = &f.event {
            let mut of_kind = trace.events.iter().filter(|e| e.kind.name() == kind);
            return match f.read.unwrap_or_default() {
                EventRead::Count => Ok(FigureValue::Number(of_kind.count() as i64)),
                EventRead::Subject => of_kind
                    .next()
                    .map(|e| FigureValue::Name(e.subject.clone()))
                    .ok_or_else(|| err(format!("no {kind} event in the run"))),
            };
        }
        let metric = f
            .metric
            .as_deref()
            .ok_or_else(|| err("give metric, input, constant or event".into()))?;
        let sample = match f.at_s {
            None => trace.last(),
            Some(t) => trace
                .samples
                .iter()
                .rev()
                .find(|s| s.t_s <= t)
                .unwrap_or(trace.last()),
        };
        if let Some(by) = f.pick {
            return pick(metric, by, sample).map_err(err);
        }
        let metric = Metric::parse(metric).map_err(err)?;
        metric
            .read(sample)
            .map(FigureValue::Number)
            .ok_or_else(|| err(format!("{metric} has no value at t={}s", sample.t_s)))
    }

    /// Every text of the lab a student reads, with where it is (see
    /// [`crate::lab::spec::LabSpec::texts`]).
    pub fn texts(&self) -> Vec<(String, &Text)> {
        self.spec.texts()
    }
}

/// The VM or host whose `pattern` metric (`vm.*.FIELD`, `host.*.FIELD`)
/// is largest or smallest in `sample`; ties go to the first name in
/// sorted order, so the answer does not depend on file order.
fn pick(pattern: &str, by: PickBy, sample: &Sample) -> Result<FigureValue, String> {
    let mut names: Vec<&str> = if pattern.starts_with("vm.*.") {
        sample.vms.iter().map(|v| v.name.as_str()).collect()
    } else if pattern.starts_with("host.*.") {
        sample.hosts.iter().map(|h| h.name.as_str()).collect()
    } else {
        return Err(format!(
            "pick reads vm.*.FIELD or host.*.FIELD, not '{pattern}'"
        ));
    };
    names.sort_unstable();
    let mut best: Option<(&str, i64)> = None;
    for name in names {
        let metric = Metric::parse(&pattern.replacen('*', name, 1))?;
        let Some(v) = metric.read(sample) else {
            continue;
        };
        let better = match (best, by) {
            (None, _) => true,
            (Some((_, b)), PickBy::Max) => v > b,
            (Some((_, b)), PickBy::Min) => v < b,
        };
        if better {
            best = Some((name, v));
        }
    }
    best.map(|(name, _)| FigureValue::Name(name.to_string()))
        .ok_or_else(|| format!("no value of {pattern} at t={}s", sample.t_s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_print_rounded_with_their_decimals() {
        assert_eq!(format_figure(16_412, 1000, 1), "16.4");
        assert_eq!(format_figure(16_450, 1000, 1), "16.5");
        assert_eq!(format_figure(508, 1, 0), "508");
        assert_eq!(format_figure(2_049, 1024, 2), "2.00");
        assert_eq!(format_figure(-1_500, 1000, 0), "-2");
        assert_eq!(format_figure(7, 1, 2), "7.00");
    }

    #[test]
    fn placeholders_are_found_and_filled() {
        let text = "pauses for {{down}} s ({{ sent }} MB), not {{nope}}";
        assert_eq!(placeholders(text), ["down", "sent", "nope"]);
        let figures: Figures = [("down", "16.4"), ("sent", "14337")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            fill(text, &figures),
            "pauses for 16.4 s (14337 MB), not {{nope}}"
        );
        assert_eq!(fill("no braces { here }", &figures), "no braces { here }");
    }
}
