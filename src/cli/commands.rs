//! The native `vlab` command: list, check and run labs. Kept in the library
//! (not the binary) so tests call it directly.

use crate::catalog;
use crate::drs::drs_text::rec_sentence;
use crate::lab::event_text::event_text;
use crate::lab::goal_text::goal_detail;
use crate::lab::goal_text::goal_line;
use crate::migration::migration_text::check_text;
use crate::text::Lang;
use serde_json::{json, Map, Value as Json};
use std::fmt::Write;
use vlab_sim::{
    parse_document, parse_document_with, Document, Goal, Lab, LoadOptions, Outcome, Scenario,
    Setting, Sim, Trace, Value,
};

const USAGE_HEAD: &str = "\
usage:
  vlab list                         list the built-in labs
  vlab check FILE...                validate lab or scenario files (exit 1 on errors)
  vlab run FILE|LAB-ID [options]    run a lab or a bare scenario and print the outcome
  vlab grade FILE... [--csv]        grade exported progress files: variant, predictions, goals
                                    rerun, edits and copied answers (exit 1 if one is unreadable)
  vlab prerender [FILE|DIR]         write the catalog into a built index.html, shown until the app
                                    starts (default: $TRUNK_STAGING_DIR/index.html, Trunk's hook)
options for run:
  --seed N                          seed (default: the lab's)
  --set TARGET=VALUE                change a setting at time 0 (repeatable); TARGET is one of
";
const USAGE_TAIL: &str =
    "  --duration SECONDS                run this long instead of the lab's duration_s
  --solution                        apply the lab's reference solution first
  --answers                         print the questions of the variant --seed draws, with their answers
  --json                            print one JSON object instead of text";

/// The help text: every kind of setting target, from the core's list.
fn usage() -> String {
    let mut out = USAGE_HEAD.to_string();
    for kind in vlab_sim::scenario::TARGET_KINDS {
        let _ = writeln!(out, "      {:<28} e.g. {}", kind.form, kind.example);
    }
    out + USAGE_TAIL
}

/// Runs the CLI with `args` (without the program name). Returns the exit
/// status and what to print on stdout (status 0) or stderr (otherwise).
pub fn run_cli(args: &[String], read: &dyn Fn(&str) -> std::io::Result<String>) -> (i32, String) {
    match args.first().map(String::as_str) {
        Some("list") => (0, list()),
        Some("check") if args.len() > 1 => check(&args[1..], read),
        Some("run") if args.len() > 1 => match run(&args[1..], read) {
            Ok(out) => (0, out),
            Err(e) => (2, e),
        },
        Some("grade") if args.len() > 1 => {
            crate::cli::grade::grade(&args[1..], read, &catalog::find)
        }
        Some("prerender") => crate::cli::prerender::command(&args[1..], read),
        Some("help" | "--help" | "-h") => (0, usage()),
        _ => (2, usage()),
    }
}

fn list() -> String {
    let mut out = String::new();
    for lab in catalog::labs() {
        let _ = writeln!(
            out,
            "{:<28} {:<18} {}",
            lab.spec.id,
            lab.spec.topic.name(),
            lab.spec.title.en
        );
    }
    out
}

fn check(files: &[String], read: &dyn Fn(&str) -> std::io::Result<String>) -> (i32, String) {
    let mut out = String::new();
    let mut failed = false;
    for file in files {
        let problems = match read(file) {
            Err(e) => vec![format!("{file}: cannot read: {e}")],
            Ok(source) => match parse_document(file, &source) {
                Err(errors) => errors.iter().map(ToString::to_string).collect(),
                Ok(Document::Lab(lab)) => replay_problems(file, &lab),
                Ok(Document::Scenario(_)) => Vec::new(),
            },
        };
        if problems.is_empty() {
            let _ = writeln!(out, "ok {file}");
        } else {
            failed = true;
            for p in problems {
                let _ = writeln!(out, "{p}");
            }
        }
    }
    (i32::from(failed), out)
}

/// A lab is only useful if its reference solution passes every goal and
/// doing nothing fails at least one.
pub fn replay_problems(file: &str, lab: &Lab) -> Vec<String> {
    let mut problems = seed_problems(file, lab, lab.spec.seed);
    match lab.figures(lab.spec.seed) {
        Err(e) => problems.push(format!("{file}: {e}")),
        Ok(_) => {
            for s in vlab_sim::lab::drift::stated_numbers(lab) {
                problems.push(format!(
                    "{file}: {} ({}): states {} by hand; quote a {{{{figure}}}} instead (labs/README.md, Figures)",
                    s.field, s.lang, s.number
                ));
            }
        }
    }
    if lab.has_variants() {
        for seed in (1..=vlab_sim::lab::variant::VARIANTS_CHECKED).filter(|&s| s != lab.spec.seed) {
            problems.extend(seed_problems(file, lab, seed));
        }
    }
    problems
}

/// The checks every seed must pass, the lab's own and each variant `vlab
/// check` tries: the solution passes, doing nothing does not, every
/// question can be answered.
fn seed_problems(file: &str, lab: &Lab, seed: u64) -> Vec<String> {
    let varied = seed != lab.spec.seed;
    let at = |what: String| {
        if varied {
            format!("{file}: variant {seed}: {what}")
        } else {
            format!("{file}: {what}")
        }
    };
    let fix = |own: &str| {
        if varied {
            "narrow the [[vary]] ranges".to_string()
        } else {
            own.to_string()
        }
    };
    let mut problems = Vec::new();
    if lab.goals.is_empty() {
        // A lab to watch (no goals, no solution): it only has to run.
        if let Err(e) = lab.run(seed, &[]) {
            problems.push(at(e.to_string()));
        }
    } else {
        problems.extend(goal_problems(lab, seed, &at, &fix));
    }
    match lab.question_problems(seed) {
        Err(e) => problems.push(at(e.to_string())),
        Ok(p) => problems.extend(p.into_iter().map(at)),
    }
    problems
}

/// The reference solution passes every goal at `seed`, and doing nothing
/// fails at least one.
fn goal_problems(
    lab: &Lab,
    seed: u64,
    at: &dyn Fn(String) -> String,
    fix: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let mut problems = Vec::new();
    match lab.run(seed, &lab.solution()) {
        Err(e) => problems.push(at(format!("solution: {e}"))),
        Ok(o) => {
            for (goal, g) in lab.goals.iter().zip(&o.goals).filter(|(_, g)| !g.passed) {
                problems.push(at(format!(
                    "solution: goal '{}' fails: {}; {}",
                    g.id,
                    goal_line(Lang::En, goal, g),
                    fix("fix the goal or the [[solution]]")
                )));
            }
        }
    }
    if lab.run(seed, &[]).is_ok_and(|o| o.all_passed()) {
        problems.push(at(format!(
            "goal: every goal already passes before the student changes anything; {}",
            fix("make at least one goal need the solution")
        )));
    }
    problems
}

struct RunArgs {
    file: String,
    seed: Option<u64>,
    settings: Vec<Setting>,
    solution: bool,
    json: bool,
    answers: bool,
    duration_s: Option<u32>,
}

fn parse_run_args(args: &[String]) -> Result<RunArgs, String> {
    let mut it = args.iter();
    let mut r = RunArgs {
        file: it.next().cloned().ok_or_else(usage)?,
        seed: None,
        settings: Vec::new(),
        solution: false,
        json: false,
        answers: false,
        duration_s: None,
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => r.json = true,
            "--answers" => r.answers = true,
            "--solution" => r.solution = true,
            "--seed" => {
                let v = it.next().ok_or("--seed needs a number, e.g. --seed 42")?;
                r.seed = Some(
                    v.parse()
                        .map_err(|_| format!("--seed: '{v}' is not a whole number 0 or more"))?,
                );
            }
            "--duration" => {
                let v = it
                    .next()
                    .ok_or("--duration needs a number of seconds, e.g. --duration 3600")?;
                let d: u32 = v
                    .parse()
                    .map_err(|_| format!("--duration: '{v}' is not a whole number of seconds"))?;
                r.duration_s = Some(d);
            }
            "--set" => {
                let v = it.next().ok_or("--set needs vm.NAME.FIELD=VALUE")?;
                let (target, value) = v.split_once('=').ok_or_else(|| {
                    format!("--set: '{v}' should look like vm.web.cpu_limit_mhz=4000")
                })?;
                r.settings.push(Setting {
                    target: target.trim().to_string(),
                    value: Value::parse(value),
                });
            }
            other => return Err(format!("unknown option '{other}'\n{}", usage())),
        }
    }
    Ok(r)
}

fn run(args: &[String], read: &dyn Fn(&str) -> std::io::Result<String>) -> Result<String, String> {
    let a = parse_run_args(args)?;
    // --duration applies before the file is checked, so entries beyond the
    // file's own duration_s are fine when the run is long enough.
    let options = LoadOptions {
        duration_s: a.duration_s,
    };
    let (file, source) = match read(&a.file) {
        Ok(source) => (a.file.clone(), source),
        Err(e) => match catalog::source(&a.file) {
            Some((name, text)) => (format!("labs/{name}"), text.to_string()),
            None => {
                return Err(format!(
                    "{}: cannot read ({e}) and no built-in lab has that id; see `vlab list`",
                    a.file
                ))
            }
        },
    };
    let doc = parse_document_with(&file, &source, options).map_err(|errs| {
        errs.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let (name, scenario, lab) = match &doc {
        Document::Lab(lab) => (lab.spec.id.clone(), &lab.spec.scenario, Some(&**lab)),
        Document::Scenario(s) => (stem(&a.file), &**s, None),
    };
    if a.solution && lab.is_none() {
        return Err("--solution needs a lab file; a bare scenario has no solution".into());
    }
    let mut settings = lab
        .filter(|_| a.solution)
        .map(|l| l.solution())
        .unwrap_or_default();
    settings.extend(a.settings);
    let seed = a.seed.or(lab.map(|l| l.spec.seed)).unwrap_or(0);
    if a.answers {
        let lab = lab.ok_or("--answers needs a lab file; a bare scenario has no questions")?;
        return crate::cli::answers::answers(lab, seed, a.json);
    }
    // The scenario the run used: the variant the seed draws.
    let varied = match lab {
        Some(lab) => Some(
            lab.spec
                .scenario
                .with_settings(&lab.variant(seed))
                .map_err(|e| format!("--seed {e}"))?,
        ),
        None => None,
    };
    let scenario = varied.as_ref().unwrap_or(scenario);
    let outcome = match lab {
        Some(lab) => lab.run(seed, &settings),
        None => Sim::run(scenario, seed, &settings).map(|trace| Outcome {
            trace: trace.into(),
            goals: Vec::new(),
        }),
    }
    .map_err(|e| format!("--set {e}"))?;
    Ok(if a.json {
        let goals = lab.map_or(&[][..], |l| &l.goals[..]);
        let mut s = serde_json::to_string_pretty(&to_json(&name, scenario, goals, &outcome))
            .expect("JSON of plain data");
        s.push('\n');
        s
    } else {
        let goals = lab.map_or(&[][..], |l| &l.goals[..]);
        crate::cli::golden::render_outcome(&name, scenario, goals, &settings, &outcome)
    })
}

fn stem(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned())
}

/// The JSON output contract (see README): lab, seed, goals, vms, hosts,
/// pools (keyed by name), cluster, events.
pub fn to_json(name: &str, scenario: &Scenario, goals: &[Goal], outcome: &Outcome) -> Json {
    let trace: &Trace = &outcome.trace;
    let last = trace.last();
    let mut vms = Map::new();
    for (i, v) in last.vms.iter().enumerate() {
        let spec = scenario.vm(&v.name);
        let drs_demand = last
            .drs
            .as_ref()
            .and_then(|d| d.vm_mem_demand_mb.get(i).copied());
        vms.insert(
            v.name.clone(),
            json!({
                "host": v.host,
                "powered_on": v.powered_on,
                "vcpus": spec.map(|s| s.vcpus),
                "mem_mb": spec.map(|s| s.mem_mb),
                "cpu_demand_mhz": v.cpu_demand_mhz,
                "cpu_entitlement_mhz": v.alloc.cpu_entitlement_mhz,
                "cpu_granted_mhz": v.alloc.cpu_granted_mhz,
                "mem_demand_mb": v.mem_demand_mb,
                "mem_active_mb": v.mem_active_mb,
                "mem_entitlement_mb": v.alloc.mem_entitlement_mb,
                "mem_granted_mb": v.alloc.mem_granted_mb,
                "shares_per_page": v.shares_per_page,
                "numa": v.numa,
                "cpu_ready_ms": v.cpu.map(|c| c.ready_ms),
                "cpu_ready_pct": v.cpu.map(|c| c.ready_pct()),
                "cpu_ready_pct_per_vcpu": v.cpu.map(|c| c.ready_pct_per_vcpu()),
                "cpu_ready_level": v.cpu.map(|c| c.ready_level()),
                "cpu_mlmtd_ms": v.cpu.map(|c| c.mlmtd_ms),
                "cpu_mlmtd_pct": v.cpu.map(|c| c.mlmtd_pct()),
                "cpu_costop_ms": v.cpu.map(|c| c.costop_ms),
                "cpu_costop_pct": v.cpu.map(|c| c.costop_pct()),
                "shared_mb": v.mem.map(|m| m.shared_mb + m.zero_mb),
                "zero_mb": v.mem.map(|m| m.zero_mb),
                "private_mb": v.mem.map(|m| m.private_mb),
                "ballooned_mb": v.mem.map(|m| m.ballooned_mb),
                "guest_swapped_mb": v.mem.map(|m| m.guest_swapped_mb),
                "compressed_mb": v.mem.map(|m| m.compressed_mb),
                "swapped_mb": v.mem.map(|m| m.swapped_mb),
                "active_mb": v.mem.map(|m| m.active_mb),
                "touched_mb": v.mem.map(|m| m.touched_mb),
                "consumed_mb": v.mem.map(|m| m.consumed_mb),
                "memory_performance_pct": v.mem.map(|m| m.performance_pct),
                "drs_mem_demand_mb": drs_demand,
            }),
        );
    }
    let mut host_memory = Map::new();
    for (h, host) in last.hosts.iter().enumerate() {
        let Some(m) = last.memory.get(h) else {
            continue;
        };
        // The state at t = 0, then every change at the second it happened.
        let first = trace.samples.first().and_then(|s| s.memory.get(h));
        let mut timeline: Vec<Json> = first
            .map(|m| json!({"t_s": 0, "state": m.state}))
            .into_iter()
            .collect();
        for e in &trace.events {
            if let (
                vlab_sim::EventKind::MemStateChanged,
                vlab_sim::event::Detail::MemState { to, .. },
            ) = (e.kind, &e.detail)
            {
                if e.subject == host.name {
                    timeline.push(json!({"t_s": e.t_s, "state": to}));
                }
            }
        }
        host_memory.insert(
            host.name.clone(),
            json!({
                "min_free_mb": m.thresholds.min_free_mb,
                "thresholds": m.thresholds,
                "state": m.state,
                "state_timeline": timeline,
                "free_mb": m.free_mb,
                "shared_saved_mb": m.shared_saved_mb,
                "zero_saved_mb": m.zero_saved_mb,
            }),
        );
    }
    let mut hosts = Map::new();
    for h in &last.hosts {
        hosts.insert(
            h.name.clone(),
            json!({
                "cpu_capacity_mhz": h.cpu_capacity_mhz,
                "cpu_reserved_mhz": h.cpu_reserved_mhz,
                "cpu_granted_mhz": h.cpu_granted_mhz,
                "mem_capacity_mb": h.mem_capacity_mb,
                "mem_reserved_mb": h.mem_reserved_mb,
                "mem_granted_mb": h.mem_granted_mb,
                "vms_running": h.vms_running,
                "failed": h.failed,
            }),
        );
    }
    let mut pools = Map::new();
    for p in &last.pools {
        let a = &p.alloc;
        pools.insert(
            p.name.clone(),
            json!({
                "parent": p.parent,
                "vapp": p.vapp,
                "cpu_reservation_mhz": p.spec.cpu_reservation_mhz,
                "cpu_limit_mhz": p.spec.cpu_limit_mhz,
                "cpu_shares": a.cpu_shares,
                "cpu_expandable": p.spec.cpu_expandable,
                "mem_reservation_mb": p.spec.mem_reservation_mb,
                "mem_limit_mb": p.spec.mem_limit_mb,
                "mem_shares": a.mem_shares,
                "mem_expandable": p.spec.mem_expandable,
                "cpu_entitlement_mhz": a.cpu_entitlement_mhz,
                "cpu_granted_mhz": a.cpu_granted_mhz,
                "cpu_reservation_used_mhz": a.cpu_reservation_used_mhz,
                "cpu_unreserved_mhz": a.cpu_unreserved_mhz,
                "mem_entitlement_mb": a.mem_entitlement_mb,
                "mem_granted_mb": a.mem_granted_mb,
                "mem_reservation_used_mb": a.mem_reservation_used_mb,
                "mem_unreserved_mb": a.mem_unreserved_mb,
            }),
        );
    }
    let c = &last.cluster;
    let cluster = json!({
        "state": c.state.name(),
        "cpu_capacity_mhz": c.cpu_capacity_mhz,
        "cpu_reserved_mhz": c.cpu_reserved_mhz,
        "mem_capacity_mb": c.mem_capacity_mb,
        "mem_reserved_mb": c.mem_reserved_mb,
    });
    json!({
        "lab": name,
        "seed": trace.seed,
        "t_s": last.t_s,
        "goals": goals.iter().zip(&outcome.goals).map(|(goal, g)| json!({
            "id": g.id, "passed": g.passed, "actual": g.actual, "detail": goal_detail(Lang::En, goal, g),
        })).collect::<Vec<_>>(),
        "vms": vms,
        "hosts": hosts,
        "pools": pools,
        "cluster": cluster,
        "host_memory": host_memory,
        "network": last.network,
        "storage": last.storage,
        "migrations": migrations_json(trace),
        "ha": last.ha,
        "drs": drs_json(scenario, trace),
        "dpm": dpm_json(scenario, trace),
        "events": trace.events.iter().map(|e| json!({
            "t_s": e.t_s, "kind": e.kind.name(), "subject": e.subject, "text": event_text(Lang::En, e), "detail": e.detail,
        })).collect::<Vec<_>>(),
    })
}

/// `migrations` of the JSON contract: each record, its checks with what
/// they found and the fix in English.
fn migrations_json(trace: &Trace) -> Json {
    let records = trace.migrations.iter().map(|m| {
        let mut record = serde_json::to_value(m).expect("JSON of plain data");
        let checks = m.checks.iter().map(|c| {
            let text = check_text(Lang::En, m, c);
            let mut check = serde_json::to_value(c).expect("JSON of plain data");
            check["reason"] = Json::String(text.reason);
            if let Some(fix) = text.fix {
                check["fix"] = Json::String(fix);
            }
            check
        });
        record["checks"] = Json::Array(checks.collect());
        record
    });
    Json::Array(records.collect())
}

/// Imbalance in thousandths as a number with three decimals.
fn ratio(milli: u32) -> f64 {
    f64::from(milli) / 1000.0
}

/// `drs` of the JSON contract (null without `[drs]`).
fn drs_json(scenario: &Scenario, trace: &Trace) -> Json {
    let (Some(spec), Some(d)) = (&scenario.drs, &trace.drs) else {
        return Json::Null;
    };
    json!({
        "enabled": spec.enabled,
        "automation": spec.automation.name(),
        "threshold": spec.threshold,
        "period_s": spec.period_s,
        "imbalance_before": ratio(d.imbalance_before_milli),
        "imbalance_after": ratio(d.imbalance_after_milli),
        "target_imbalance": d.target_milli.map(ratio),
        "migrations": d.migrations,
        "recommendations": d.recommendations.iter().map(|r| json!({
            "number": r.number,
            "t_s": r.t_s,
            "vm": r.vm,
            "from": r.from,
            "to": r.to,
            "priority": r.priority,
            "reason": rec_sentence(Lang::En, r),
            "kind": r.reason,
            "applied": r.applied,
            "imbalance_before": ratio(r.imbalance_before_milli),
            "imbalance_after": ratio(r.imbalance_after_milli),
            "cost_s": r.cost_s,
            "risk_pct": r.risk_pct,
            "alternatives": r.alternatives,
        })).collect::<Vec<_>>(),
    })
}

/// `dpm` of the JSON contract (null without `[dpm]`).
fn dpm_json(scenario: &Scenario, trace: &Trace) -> Json {
    let (Some(spec), Some(d)) = (&scenario.dpm, &trace.drs) else {
        return Json::Null;
    };
    json!({
        "enabled": spec.enabled,
        "target_pct": spec.target_pct,
        "tolerance_pct": spec.tolerance_pct,
        "power_off_below_pct": d.power_off_below_pct,
        "power_on_above_pct": d.power_on_above_pct,
        "host_power_events": d.host_power_events,
        "energy_kwh": d.energy_kwh,
    })
}
