//! Loading and validating lab and scenario files. Everything a student or an
//! author can get wrong becomes a [`LabError`] naming the field and the fix.

use crate::base::names::repeated;
use crate::base::setting::{Setting, Value};
use crate::event::EventKind;
use crate::lab::error::{line_of_offset, locate, LabError};
use crate::lab::spec::{ControlKind, GoalSpec, LabSpec, QuestionKind};
use crate::report::goal::{Check, Goal};
use crate::report::metric::Metric;
use crate::scenario::{current_value, Origins, Scenario};

/// A validated lab: its spec plus the typed goals.
#[derive(Debug, Clone, PartialEq)]
pub struct Lab {
    pub spec: LabSpec,
    pub goals: Vec<Goal>,
}

/// What a file turned out to be: a full lab, or a bare scenario.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Lab(Box<Lab>),
    Scenario(Box<Scenario>),
}

/// Collects errors with the file's name and the source to locate them in.
struct Problems<'a> {
    file: &'a str,
    source: &'a str,
    errors: Vec<LabError>,
    /// The file's host and VM tables behind the expanded ones (`count`).
    origins: Origins,
}

impl Problems<'_> {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let (field, message) = (field.into(), message.into());
        // One table with `count` stands for several entries with the same
        // problem: say it once.
        if self
            .errors
            .iter()
            .any(|e| e.field == field && e.message == message)
        {
            return;
        }
        self.errors.push(LabError {
            file: self.file.to_string(),
            line: locate(self.source, &field),
            field,
            message,
        });
    }
}

/// What a reader may change before a file is validated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Run this long instead of the file's `duration_s` [s]; the file is
    /// then checked against the new length (a migration at 600 s in a
    /// 120 s file is fine with 700 s).
    pub duration_s: Option<u32>,
}

/// Parses a lab file (`id = ...` at the top) or a bare scenario file.
pub fn parse_document(file: &str, source: &str) -> Result<Document, Vec<LabError>> {
    parse_document_with(file, source, LoadOptions::default())
}

/// [`parse_document`] with `options` applied before validation.
pub fn parse_document_with(
    file: &str,
    source: &str,
    options: LoadOptions,
) -> Result<Document, Vec<LabError>> {
    let is_lab = source
        .lines()
        .any(|l| l.trim_start().starts_with("id ") || l.trim_start().starts_with("id="));
    if is_lab {
        parse_lab_with(file, source, options).map(|lab| Document::Lab(Box::new(lab)))
    } else {
        parse_scenario_with(file, source, options).map(|s| Document::Scenario(Box::new(s)))
    }
}

/// Parses and validates a lab file.
pub fn parse_lab(file: &str, source: &str) -> Result<Lab, Vec<LabError>> {
    parse_lab_with(file, source, LoadOptions::default())
}

/// [`parse_lab`] with `options` applied before validation.
pub fn parse_lab_with(
    file: &str,
    source: &str,
    options: LoadOptions,
) -> Result<Lab, Vec<LabError>> {
    let mut spec: LabSpec = from_toml(file, source)?;
    let origins = expand(file, source, &mut spec.scenario, "scenario.")?;
    options.apply(&mut spec.scenario);
    spec.scenario.lower_vapps();
    let mut p = Problems {
        file,
        source,
        errors: Vec::new(),
        origins,
    };
    check_lab(&spec, &mut p);
    let goals: Vec<Goal> = spec
        .goal
        .iter()
        .enumerate()
        .filter_map(|(i, g)| check_goal(g, i, &spec.scenario, &mut p))
        .collect();
    check_figures(&spec, &mut p);
    check_questions(&spec, &mut p);
    check_vary(&spec, &mut p);
    if p.errors.is_empty() {
        Ok(Lab { spec, goals })
    } else {
        Err(p.errors)
    }
}

/// Parses and validates a bare scenario file.
pub fn parse_scenario(file: &str, source: &str) -> Result<Scenario, Vec<LabError>> {
    parse_scenario_with(file, source, LoadOptions::default())
}

/// [`parse_scenario`] with `options` applied before validation.
pub fn parse_scenario_with(
    file: &str,
    source: &str,
    options: LoadOptions,
) -> Result<Scenario, Vec<LabError>> {
    let mut scenario: Scenario = from_toml(file, source)?;
    let origins = expand(file, source, &mut scenario, "")?;
    options.apply(&mut scenario);
    scenario.lower_vapps();
    let mut p = Problems {
        file,
        source,
        errors: Vec::new(),
        origins,
    };
    check_scenario(&scenario, "", &mut p);
    if p.errors.is_empty() {
        Ok(scenario)
    } else {
        Err(p.errors)
    }
}

impl LoadOptions {
    fn apply(self, scenario: &mut Scenario) {
        if let Some(d) = self.duration_s {
            scenario.duration_s = d;
        }
    }
}

/// Hosts and VMs with `count` as the entries they stand for, before
/// anything reads the scenario; a problem stops loading, as a syntax error
/// does.
fn expand(
    file: &str,
    source: &str,
    s: &mut Scenario,
    prefix: &str,
) -> Result<Origins, Vec<LabError>> {
    s.expand_counts().map_err(|problems| {
        let mut p = Problems {
            file,
            source,
            errors: Vec::new(),
            origins: Origins::default(),
        };
        for (field, message) in problems {
            p.add(format!("{prefix}{field}"), message);
        }
        p.errors
    })
}

fn from_toml<T: serde::de::DeserializeOwned>(file: &str, source: &str) -> Result<T, Vec<LabError>> {
    let error = |field: String, e: toml::de::Error| {
        let line = e.span().map(|s| line_of_offset(source, s.start));
        // toml's message already names an unknown field ("unknown field
        // `foo`, expected one of ..."); a wrong type gets what the field
        // accepts, with an example.
        let message = e.message().trim().to_string();
        let accepts = accepts(&message, field.rsplit('.').next().unwrap_or(""));
        vec![LabError {
            file: file.to_string(),
            line,
            field,
            message: format!(
                "{message}{accepts} (see labs/README.md for every field and its type)"
            ),
        }]
    };
    let de = toml::Deserializer::parse(source).map_err(|e| error("(syntax)".into(), e))?;
    T::deserialize(de).map_err(|e| {
        // The field is read off the text at the error's span: an unknown
        // field at its key, a wrong type at its value.
        let field = e
            .span()
            .and_then(|s| super::toml_path::field_at(source, s.start))
            .unwrap_or_else(|| "(syntax)".to_string());
        error(field, e)
    })
}

/// What a field of the type serde expected accepts, as a fix: "; give a
/// whole number, e.g. `cpu_mhz = 2000`".
fn accepts(message: &str, key: &str) -> String {
    let Some(expected) = message.split("expected ").nth(1) else {
        return String::new();
    };
    let key = key.split('[').next().unwrap_or(key);
    let example = if ["u8", "u16", "u32", "u64", "i32", "i64", "usize"]
        .iter()
        .any(|t| expected.starts_with(t))
    {
        ("a whole number", format!("{key} = 2000"))
    } else if expected.starts_with("a boolean") {
        ("true or false", format!("{key} = true"))
    } else if expected.starts_with("a string") {
        ("text in quotes", format!("{key} = \"...\""))
    } else {
        return String::new();
    };
    format!("; give {}, e.g. `{}`", example.0, example.1)
}

fn check_lab(spec: &LabSpec, p: &mut Problems) {
    if spec.format != 1 {
        p.add(
            "format",
            format!(
                "format {} is not supported; this vlab reads format 1",
                spec.format
            ),
        );
    }
    if spec.id.is_empty()
        || !spec
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        p.add(
            "id",
            "use lowercase letters, digits and '-' only, e.g. \"mem-admission-64gb\"",
        );
    }
    check_scenario(&spec.scenario, "scenario.", p);
    // A lab without goals is a cluster to watch (one an instructor built
    // in the sandbox, say): it has nothing to solve, so no solution
    // either. The labs in `labs/` all have goals (tests/app/labs.rs).
    if spec.goal.is_empty() && !spec.solution.is_empty() {
        p.add(
            "goal",
            "a [[solution]] needs goals to pass: add a [[goal]], or remove the solution for a lab to watch",
        );
    }
    if !spec.goal.is_empty() && spec.solution.is_empty() {
        p.add(
            "solution",
            "a lab needs a reference solution: at least one [[solution]] step",
        );
    }
    unique(spec.control.iter().map(|c| c.id.as_str()), "control", p);
    for (i, _) in spec
        .control
        .iter()
        .enumerate()
        .filter(|(_, c)| c.id == "seed")
    {
        p.add(
            format!("control[{i}].id"),
            "'seed' names the variant in shared links (?seed=4172); call the control something else",
        );
    }
    unique(spec.goal.iter().map(|g| g.id.as_str()), "goal", p);
    for (i, c) in spec.control.iter().enumerate() {
        let at = format!("control[{i}]");
        let current = match current_value(&spec.scenario, &c.target) {
            Ok(v) => v,
            Err(e) => {
                p.add(format!("{at}.target"), e.message);
                continue;
            }
        };
        match c.kind {
            ControlKind::Range => match (c.min, c.max, current) {
                (Some(min), Some(max), Value::Int(v)) if min <= v && v <= max && c.step.unwrap_or(1) > 0 => {}
                (Some(_), Some(_), Value::Int(v)) => p.add(
                    format!("{at}.min"),
                    format!("the scenario's value {v} must lie within min..=max, and step must be positive"),
                ),
                (_, _, Value::Int(_)) => p.add(format!("{at}.min"), "a range control needs min and max"),
                (_, _, other) => {
                    let table = if c.target.starts_with("pool.") { "pool" } else { "vm" };
                    p.add(
                        format!("{at}.target"),
                        format!("a range control needs a number in the scenario, found '{other}': set the field in [[scenario.{table}]]"),
                    )
                }
            },
            ControlKind::Toggle if !matches!(current, Value::Bool(_)) => {
                p.add(format!("{at}.kind"), "a toggle controls a true/false field such as powered_on or cpu_expandable")
            }
            ControlKind::Choice => match &c.choices {
                Some(choices) if choices.contains(&current) => {}
                _ => p.add(
                    format!("{at}.choices"),
                    format!("list the allowed values, including the scenario's current '{current}'"),
                ),
            },
            ControlKind::Toggle => {}
        }
    }
    let steps: Vec<Setting> = spec.solution.iter().map(|s| s.setting()).collect();
    for (i, s) in steps.iter().enumerate() {
        if let Err(e) = spec.scenario.with_settings(std::slice::from_ref(s)) {
            p.add(format!("solution[{i}].set"), e.message);
        }
    }
}

fn check_goal(g: &GoalSpec, i: usize, s: &Scenario, p: &mut Problems) -> Option<Goal> {
    let at = format!("goal[{i}]");
    let before = p.errors.len();
    let metric = g.metric.as_deref().map(|m| match Metric::parse(m) {
        Ok(metric) if exists(&metric, s) => Some(metric),
        Ok(metric) => {
            p.add(
                format!("{at}.metric"),
                format!(
                    "no VM, host or pool named '{}' in the scenario",
                    metric.subject()
                ),
            );
            None
        }
        Err(e) => {
            p.add(format!("{at}.metric"), e);
            None
        }
    });
    let need = |p: &mut Problems, field: &str, what: &str| {
        p.add(
            format!("{at}.{field}"),
            format!("check '{}' needs {what}", g.check),
        )
    };
    let compare = matches!(g.check.as_str(), "at_least" | "at_most" | "approx");
    if compare && metric.is_none() {
        need(
            p,
            "check",
            "metric = \"vm.NAME.FIELD\" or \"host.NAME.FIELD\"",
        );
    }
    if compare && g.value.is_none() {
        need(p, "check", "value = a number in the metric's unit");
    }
    if g.check == "approx" && g.tolerance.is_none_or(|t| t < 0) {
        need(p, "check", "tolerance = an allowed difference of 0 or more");
    }
    let kind = match g.event.as_deref().map(EventKind::parse) {
        Some(Some(k)) => Some(k),
        Some(None) => {
            let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.name()).collect();
            p.add(
                format!("{at}.event"),
                format!("unknown event kind; use one of: {}", names.join(", ")),
            );
            None
        }
        None => None,
    };
    let events = matches!(g.check.as_str(), "event_occurs" | "event_never");
    if events && g.event.is_none() {
        need(
            p,
            "check",
            "event = an event kind such as \"admission_denied\"",
        );
    }
    if let Some(subject) = &g.subject {
        if s.vm(subject).is_none() && s.host(subject).is_none() && s.pool(subject).is_none() {
            p.add(
                format!("{at}.subject"),
                format!("no VM, host or pool named '{subject}'"),
            );
        }
    }
    if let (Some(from), Some(until)) = (g.from_s, g.until_s) {
        let step = s.step_s.max(1);
        if from > until {
            p.add(format!("{at}.until_s"), "until_s must not be before from_s");
        } else if from.div_ceil(step) * step > until.min(s.duration_s) {
            p.add(
                format!("{at}.from_s"),
                format!("the window {from}..={until} s holds no sample; samples are taken every {step} s"),
            );
        }
    }
    if !compare && !events {
        p.add(
            format!("{at}.check"),
            "use one of: at_least, at_most, approx, event_occurs, event_never",
        );
    }
    if p.errors.len() > before {
        return None;
    }
    let metric = metric.flatten();
    let value = g.value.unwrap_or(0);
    let subject = g.subject.clone();
    let check = match g.check.as_str() {
        "at_least" => Check::AtLeast {
            metric: metric?,
            value,
        },
        "at_most" => Check::AtMost {
            metric: metric?,
            value,
        },
        "approx" => Check::Approx {
            metric: metric?,
            value,
            tolerance: g.tolerance.unwrap_or(0),
        },
        "event_occurs" => Check::EventOccurs {
            kind: kind?,
            subject,
        },
        _ => Check::EventNever {
            kind: kind?,
            subject,
        },
    };
    Some(Goal {
        id: g.id.clone(),
        check,
        from_s: g.from_s,
        until_s: g.until_s,
    })
}

fn exists(metric: &Metric, s: &Scenario) -> bool {
    match metric {
        Metric::Vm(name, _) => s.vm(name).is_some(),
        Metric::Host(name, _) => s.host(name).is_some(),
        Metric::Pool(name, _) => s.pool(name).is_some(),
        Metric::Cluster(_) => true,
        Metric::Traffic(..) => s.nioc.is_some(),
        Metric::Disk(vm, _) => s
            .sioc
            .as_ref()
            .is_some_and(|d| d.disk.iter().any(|x| &x.vm == vm)),
        Metric::Datastore(_) => s.sioc.is_some(),
        Metric::Migration(vm, _) => s.migration.iter().any(|m| &m.vm == vm),
        Metric::Ha(_) => s.ha.is_some(),
        Metric::Drs(_) => s.drs.is_some() || s.dpm.is_some(),
    }
}

/// Figures: each reads one metric or input that exists, every `{{id}}`
/// in a text names a figure, and every figure is quoted somewhere. Titles
/// and summaries (the catalog shows them without running the lab) quote
/// none.
fn check_figures(spec: &LabSpec, p: &mut Problems) {
    use crate::lab::figures::placeholders;
    unique(spec.figure.iter().map(|f| f.id.as_str()), "figure", p);
    for (i, f) in spec.figure.iter().enumerate() {
        let at = format!("figure[{i}]");
        match (&f.metric, &f.input, &f.constant) {
            (None, None, None) if f.event.is_some() => {
                let kind = f.event.as_deref().unwrap_or_default();
                if EventKind::parse(kind).is_none() {
                    let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.name()).collect();
                    p.add(
                        format!("{at}.event"),
                        format!("unknown event kind; use one of: {}", names.join(", ")),
                    );
                }
            }
            (Some(m), None, None) if f.pick.is_some() => {
                let named = ["vm.", "host."]
                    .iter()
                    .find_map(|prefix| m.strip_prefix(prefix).and_then(|r| r.strip_prefix("*.")).map(|field| (prefix, field)));
                match named {
                    Some((prefix, field)) => {
                        let any = if *prefix == "vm." {
                            spec.scenario.vm.first().map(|v| v.name.clone())
                        } else {
                            spec.scenario.host.first().map(|h| h.name.clone())
                        };
                        if let Some(name) = any {
                            if let Err(e) = Metric::parse(&format!("{prefix}{name}.{field}")) {
                                p.add(format!("{at}.metric"), e);
                            }
                        }
                    }
                    None => p.add(
                        format!("{at}.metric"),
                        "with pick, name every VM or host with '*': \"vm.*.swapped_mb\" or \"host.*.mem_free_mb\"",
                    ),
                }
            }
            (None, None, Some(name)) => {
                if crate::lab::constants::constant(name).is_none() {
                    let names: Vec<&str> =
                        crate::lab::constants::CONSTANTS.iter().map(|c| c.0).collect();
                    p.add(
                        format!("{at}.constant"),
                        format!("no published constant named '{name}'; use one of: {}", names.join(", ")),
                    );
                }
            }
            (Some(m), None, None) => match Metric::parse(m) {
                Ok(metric) if exists(&metric, &spec.scenario) => {}
                Ok(metric) => p.add(
                    format!("{at}.metric"),
                    format!("no VM, host or pool named '{}' in the scenario", metric.subject()),
                ),
                Err(e) => p.add(format!("{at}.metric"), e),
            },
            (None, Some(target), None) => match current_value(&spec.scenario, target) {
                Ok(Value::Int(_)) => {}
                Ok(other) => p.add(
                    format!("{at}.input"),
                    format!("{target} is '{other}', not a number a text can quote"),
                ),
                Err(e) => p.add(format!("{at}.input"), e.message),
            },
            _ => p.add(
                format!("{at}.metric"),
                "give one of metric = \"vm.NAME.FIELD\" (a run's figure), input = \"vm.NAME.FIELD\" (the scenario's), constant = \"NAME\" (a published default) or event = \"KIND\" (a run's event)",
            ),
        }
        for (k, step) in f.set.iter().enumerate() {
            if let Err(e) = spec.scenario.with_settings(&[step.setting()]) {
                p.add(format!("{at}.set[{k}].set"), e.message);
            }
        }
        if f.per == Some(0) {
            p.add(format!("{at}.per"), "divide by 1 or more");
        }
    }
    let declared: std::collections::BTreeSet<&str> =
        spec.figure.iter().map(|f| f.id.as_str()).collect();
    let mut used = std::collections::BTreeSet::new();
    let texts = spec.texts();
    used.extend(spec.question.iter().map(|q| q.answer.clone()));
    for (field, text) in &texts {
        for lang_text in text.both() {
            for id in placeholders(lang_text) {
                used.insert(id.to_string());
                if !declared.contains(id) {
                    p.add(
                        field.clone(),
                        format!(
                            "'{{{{{id}}}}}' names no [[figure]]; declare one with id = \"{id}\""
                        ),
                    );
                }
            }
        }
    }
    for (field, text) in [("title", &spec.title), ("summary", &spec.summary)] {
        if text.both().iter().any(|t| !placeholders(t).is_empty()) {
            p.add(
                field,
                "the catalog shows this without running the lab: quote figures in the intro or hints instead",
            );
        }
    }
    for (i, f) in spec.figure.iter().enumerate() {
        if !used.contains(&f.id) {
            p.add(
                format!("figure[{i}].id"),
                format!(
                    "figure '{}' is quoted by no text; remove it or quote it as {{{{{}}}}}",
                    f.id, f.id
                ),
            );
        }
    }
}

/// The scenario's problems, at `prefix` (`"scenario."` in a lab file),
/// each host and VM at the table the file writes it in.
fn check_scenario(s: &Scenario, prefix: &str, p: &mut Problems) {
    for (field, message) in crate::scenario::problems(s) {
        let field = p.origins.in_file(&field);
        p.add(format!("{prefix}{field}"), message);
    }
}

fn check_questions(spec: &LabSpec, p: &mut Problems) {
    unique(spec.question.iter().map(|q| q.id.as_str()), "question", p);
    for (i, q) in spec.question.iter().enumerate() {
        let at = format!("question[{i}]");
        if !spec.figure.iter().any(|f| f.id == q.answer) {
            p.add(
                format!("{at}.answer"),
                format!("'{}' names no [[figure]]; the answer is a figure's id, so it is computed from the run", q.answer),
            );
        }
        match q.kind {
            QuestionKind::Number => {
                if q.tolerance.is_some_and(|t| t.is_nan() || t < 0.0) {
                    p.add(
                        format!("{at}.tolerance"),
                        "give an allowed difference of 0 or more, in the question's unit",
                    );
                }
            }
            QuestionKind::Choice => {
                if q.choice.len() < 2 {
                    p.add(
                        format!("{at}.choice"),
                        "a choice question needs at least two [[question.choice]] options",
                    );
                }
                unique(
                    q.choice.iter().map(|c| c.value.as_str()),
                    &format!("{at}.choice"),
                    p,
                );
            }
            QuestionKind::Pick => {
                if q.of.is_none() {
                    p.add(
                        format!("{at}.of"),
                        "a pick question needs of = \"vm\" or of = \"host\"",
                    );
                }
            }
        }
        if q.kind != QuestionKind::Number && (q.unit.is_some() || q.tolerance.is_some()) {
            p.add(
                format!("{at}.unit"),
                "unit and tolerance belong to number questions only",
            );
        }
        if q.kind != QuestionKind::Choice && !q.choice.is_empty() {
            p.add(
                format!("{at}.choice"),
                "options belong to choice questions only",
            );
        }
    }
}

fn check_vary(spec: &LabSpec, p: &mut Problems) {
    unique(spec.vary.iter().map(|v| v.target.as_str()), "vary", p);
    for (i, v) in spec.vary.iter().enumerate() {
        let at = format!("vary[{i}]");
        match current_value(&spec.scenario, &v.target) {
            Ok(Value::Int(_)) => {}
            Ok(other) => p.add(
                format!("{at}.target"),
                format!("{} is '{other}'; a variant draws numbers only", v.target),
            ),
            Err(e) => p.add(format!("{at}.target"), e.message),
        }
        if v.min > v.max || v.step <= 0 {
            p.add(
                format!("{at}.min"),
                "give min <= max and a step of 1 or more",
            );
        }
    }
}

fn unique<'a>(names: impl Iterator<Item = &'a str>, table: &str, p: &mut Problems) {
    for (i, name) in repeated(names) {
        p.add(
            format!("{table}[{i}]"),
            format!("'{name}' is used twice; names and ids must be unique"),
        );
    }
}
