//! Lab-file errors, data-driven: each case is a short bad snippet and what
//! the error must say: the field path, the line, and a hint of the fix.
//!
//! Lab cases append their snippet to a small valid lab ([`BASE_LAB`]);
//! scenario cases are whole bare scenario files. `line` counts within the
//! snippet (1 = its first line), so cases stay readable.

use vlab_sim::{parse_lab, parse_scenario, LabError};

/// A minimal valid lab: one host, one VM (`web`), one goal, one solution.
const BASE_LAB: &str = r#"id = "t"
topic = "resource-controls"
seed = 1
title = { en = "T", zh-CN = "T" }
summary = { en = "S", zh-CN = "S" }
intro = { en = "I", zh-CN = "I" }

[scenario]
duration_s = 40

[[scenario.host]]
name = "h"
cpu_mhz = 4000
mem_mb = 8192

[[scenario.vm]]
name = "web"
host = "h"
mem_mb = 1024
cpu_demand_mhz = 2000

[[goal]]
id = "g"
check = "at_least"
metric = "vm.web.cpu_granted_mhz"
value = 2000
text = { en = "G", zh-CN = "G" }

[[solution]]
set = "vm.web.cpu_limit_mhz"
value = 4000
"#;

#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Snippet appended to [`BASE_LAB`], parsed with `parse_lab`.
    Lab,
    /// Snippet is a whole bare scenario, parsed with `parse_scenario`.
    Scenario,
}

struct Case {
    name: &'static str,
    kind: Kind,
    snippet: &'static str,
    /// Line of the error within the snippet (1-based).
    line: usize,
    /// Field path the error names.
    field: &'static str,
    /// Substrings the message must contain: what is wrong, and the fix.
    says: &'static [&'static str],
}

const VM_DB: &str = "[[scenario.vm]]\nname = \"db\"\nhost = \"h\"\nmem_mb = 1024\n";

fn cases() -> Vec<Case> {
    use Kind::*;
    vec![
        Case {
            name: "unknown field is rejected with its name and line",
            kind: Lab,
            snippet: "[[scenario.vm]]\nname = \"db\"\nhost = \"h\"\nmem_mb = 1024\ncpu_reservaton_mhz = 500\n",
            line: 5,
            field: "(syntax)",
            says: &["unknown field `cpu_reservaton_mhz`", "cpu_reservation_mhz", "labs/README.md"],
        },
        Case {
            name: "unknown top-level field in a scenario",
            kind: Scenario,
            snippet: "[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 1024\n\n[[vms]]\nname = \"a\"\n",
            line: 6,
            field: "(syntax)",
            says: &["unknown field `vms`", "`vm`"],
        },
        Case {
            name: "wrong type names the expected type",
            kind: Scenario,
            snippet: "[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = \"lots\"\n",
            line: 4,
            field: "(syntax)",
            says: &["invalid type: string \"lots\"", "expected u64"],
        },
        Case {
            name: "VM on an unknown host lists the hosts",
            kind: Lab,
            snippet: "[[scenario.vm]]\nname = \"db\"\nhost = \"h2\"\nmem_mb = 1024\n",
            line: 3,
            field: "scenario.vm[1].host",
            says: &["no host named 'h2'", "hosts: h"],
        },
        Case {
            name: "CPU limit below reservation",
            kind: Lab,
            snippet: "[[scenario.vm]]\nname = \"db\"\nhost = \"h\"\nmem_mb = 1024\ncpu_reservation_mhz = 2000\ncpu_limit_mhz = 1000\n",
            line: 6,
            field: "scenario.vm[1].cpu_limit_mhz",
            says: &["limit 1000 MHz is below the reservation 2000 MHz", "raise the limit or lower the reservation"],
        },
        Case {
            name: "memory limit below reservation, in a bare scenario",
            kind: Scenario,
            snippet: "[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 8192\n[[vm]]\nname = \"a\"\nhost = \"h\"\nmem_mb = 4096\nmem_reservation_mb = 2048\nmem_limit_mb = 1024\n",
            line: 10,
            field: "vm[0].mem_limit_mb",
            says: &["limit 1024 MB is below the reservation 2048 MB", "raise the limit or lower the reservation"],
        },
        Case {
            name: "reservation above configured memory",
            kind: Scenario,
            snippet: "[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 8192\n[[vm]]\nname = \"a\"\nhost = \"h\"\nmem_mb = 4096\nmem_reservation_mb = 5000\n",
            line: 9,
            field: "vm[0].mem_reservation_mb",
            says: &["cannot exceed the configured 4096 MB"],
        },
        Case {
            name: "host without CPU capacity",
            kind: Scenario,
            snippet: "[[host]]\nname = \"h\"\nsockets = 2\nmem_mb = 8192\n",
            line: 1,
            field: "host[0].cpu_mhz",
            says: &["give cpu_mhz, or all of sockets, cores_per_socket and core_mhz"],
        },
        Case {
            name: "a scenario needs a host",
            kind: Scenario,
            snippet: "duration_s = 60\n",
            line: 1,
            field: "host",
            says: &["add at least one [[host]]"],
        },
        Case {
            name: "goal with an unknown metric lists the metrics",
            kind: Lab,
            snippet: "[[goal]]\nid = \"g2\"\ncheck = \"at_least\"\nmetric = \"vm.web.cpu_used_mhz\"\nvalue = 1\ntext = { en = \"x\", zh-CN = \"x\" }\n",
            line: 4,
            field: "goal[1].metric",
            says: &["'cpu_used_mhz' is not a metric", "cpu_granted_mhz"],
        },
        Case {
            name: "goal metric naming no VM",
            kind: Lab,
            snippet: "[[goal]]\nid = \"g2\"\ncheck = \"at_most\"\nmetric = \"vm.nope.cpu_granted_mhz\"\nvalue = 1\ntext = { en = \"x\", zh-CN = \"x\" }\n",
            line: 4,
            field: "goal[1].metric",
            says: &["no VM, host or pool named 'nope'"],
        },
        Case {
            name: "goal approx without tolerance",
            kind: Lab,
            snippet: "[[goal]]\nid = \"g2\"\ncheck = \"approx\"\nmetric = \"vm.web.cpu_granted_mhz\"\nvalue = 2000\ntext = { en = \"x\", zh-CN = \"x\" }\n",
            line: 3,
            field: "goal[1].check",
            says: &["'approx' needs tolerance"],
        },
        Case {
            name: "goal with an unknown check",
            kind: Lab,
            snippet: "[[goal]]\nid = \"g2\"\ncheck = \"equals\"\nmetric = \"vm.web.cpu_granted_mhz\"\nvalue = 2000\ntext = { en = \"x\", zh-CN = \"x\" }\n",
            line: 3,
            field: "goal[1].check",
            says: &["use one of: at_least, at_most, approx, event_occurs, event_never"],
        },
        Case {
            name: "goal with an unknown event kind",
            kind: Lab,
            snippet: "[[goal]]\nid = \"g2\"\ncheck = \"event_never\"\nevent = \"admission_refused\"\ntext = { en = \"x\", zh-CN = \"x\" }\n",
            line: 4,
            field: "goal[1].event",
            says: &["unknown event kind", "admission_denied"],
        },
        Case {
            name: "duplicate goal ids",
            kind: Lab,
            snippet: "[[goal]]\nid = \"g\"\ncheck = \"event_never\"\nevent = \"admission_denied\"\ntext = { en = \"x\", zh-CN = \"x\" }\n",
            line: 1,
            field: "goal[1]",
            says: &["'g' is used twice", "unique"],
        },
        Case {
            name: "control target naming no VM",
            kind: Lab,
            snippet: "[[control]]\nid = \"c\"\ntarget = \"vm.nope.cpu_limit_mhz\"\nkind = \"range\"\nmin = 0\nmax = 1\nlabel = { en = \"x\", zh-CN = \"x\" }\n",
            line: 3,
            field: "control[0].target",
            says: &["no VM named 'nope'", "the scenario has: web"],
        },
        Case {
            name: "control target naming no field",
            kind: Lab,
            snippet: "[[control]]\nid = \"c\"\ntarget = \"vm.web.cpu_limit\"\nkind = \"range\"\nmin = 0\nmax = 1\nlabel = { en = \"x\", zh-CN = \"x\" }\n",
            line: 3,
            field: "control[0].target",
            says: &["'cpu_limit' is not a VM field", "cpu_limit_mhz"],
        },
        Case {
            name: "range control not covering the scenario's value",
            kind: Lab,
            snippet: "[[control]]\nid = \"c\"\ntarget = \"vm.web.mem_mb\"\nkind = \"range\"\nmin = 2048\nmax = 4096\nlabel = { en = \"x\", zh-CN = \"x\" }\n",
            line: 5,
            field: "control[0].min",
            says: &["value 1024 must lie within min..=max"],
        },
        Case {
            name: "timeline out of order",
            kind: Lab,
            snippet: "[[scenario.timeline]]\nat_s = 30\nset = \"vm.web.cpu_demand_mhz\"\nvalue = 0\n\n[[scenario.timeline]]\nat_s = 10\nset = \"vm.web.cpu_demand_mhz\"\nvalue = 1000\n",
            line: 7,
            field: "scenario.timeline[1].at_s",
            says: &["in time order", "within duration_s"],
        },
        Case {
            name: "timeline past the end of the run",
            kind: Scenario,
            snippet: "duration_s = 60\n[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 1024\n[[vm]]\nname = \"a\"\nhost = \"h\"\nmem_mb = 512\n[[timeline]]\nat_s = 90\nset = \"vm.a.powered_on\"\nvalue = false\n",
            line: 11,
            field: "timeline[0].at_s",
            says: &["within duration_s"],
        },
        Case {
            name: "timeline value of the wrong kind",
            kind: Lab,
            snippet: "[[scenario.timeline]]\nat_s = 20\nset = \"vm.web.powered_on\"\nvalue = 3\n",
            line: 3,
            field: "scenario.timeline[0].set",
            says: &["expected true or false, got '3'"],
        },
        Case {
            // Each entry alone is fine; together they leave a limit below
            // the reservation, which vSphere would refuse.
            name: "timeline entries are checked in order, not one by one",
            kind: Lab,
            snippet: "[[scenario.timeline]]\nat_s = 20\nset = \"vm.web.cpu_limit_mhz\"\nvalue = 1000\n\n[[scenario.timeline]]\nat_s = 30\nset = \"vm.web.cpu_reservation_mhz\"\nvalue = 2000\n",
            line: 8,
            field: "scenario.timeline[1].set",
            says: &["limit 1000 MHz is below the reservation 2000 MHz"],
        },
        Case {
            name: "duplicate VM names",
            kind: Lab,
            snippet: "[[scenario.vm]]\nname = \"web\"\nhost = \"h\"\nmem_mb = 1024\n",
            line: 1,
            field: "scenario.vm[1]",
            says: &["'web' is used twice", "must be unique"],
        },
        Case {
            name: "solution step naming no VM",
            kind: Lab,
            snippet: "[[solution]]\nset = \"vm.nope.cpu_limit_mhz\"\nvalue = 1\n",
            line: 2,
            field: "solution[1].set",
            says: &["no VM named 'nope'"],
        },
        Case {
            name: "unknown pool field is rejected",
            kind: Scenario,
            snippet: "[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 1024\n[[pool]]\nname = \"p\"\nexpandible = false\n",
            line: 7,
            field: "(syntax)",
            says: &["unknown field `expandible`", "cpu_expandable"],
        },
        Case {
            name: "pool parent that does not exist",
            kind: Lab,
            snippet: "[[scenario.pool]]\nname = \"prod\"\nparent = \"dept\"\n",
            line: 3,
            field: "scenario.pool[0].parent",
            says: &["no pool named 'dept'", "pools: prod", "leave parent out"],
        },
        Case {
            name: "pools whose parents form a cycle",
            kind: Scenario,
            snippet: "[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 1024\n[[pool]]\nname = \"a\"\nparent = \"b\"\n[[pool]]\nname = \"b\"\nparent = \"a\"\n",
            line: 7,
            field: "pool[0].parent",
            says: &["cycle (a -> b -> a)", "must end at the cluster's root"],
        },
        Case {
            name: "VM in an unknown pool",
            kind: Lab,
            snippet: "[[scenario.vm]]\nname = \"db\"\nhost = \"h\"\npool = \"prod\"\nmem_mb = 1024\n",
            line: 4,
            field: "scenario.vm[1].pool",
            says: &["no pool named 'prod'", "pools: (none)", "leave pool out"],
        },
        Case {
            name: "pool limit below its reservation",
            kind: Lab,
            snippet: "[[scenario.pool]]\nname = \"prod\"\nmem_reservation_mb = 2048\nmem_limit_mb = 1024\n",
            line: 4,
            field: "scenario.pool[0].mem_limit_mb",
            says: &["limit 1024 MB is below the reservation 2048 MB", "raise the limit"],
        },
        Case {
            name: "child pools reserving more than a non-expandable parent",
            kind: Scenario,
            snippet: "[[host]]\nname = \"h\"\ncpu_mhz = 8000\nmem_mb = 1024\n[[pool]]\nname = \"dept\"\ncpu_reservation_mhz = 2000\ncpu_expandable = false\n[[pool]]\nname = \"team\"\nparent = \"dept\"\ncpu_reservation_mhz = 3000\n",
            line: 7,
            field: "pool[0].cpu_reservation_mhz",
            says: &["child pools reserve 3000 MHz", "not expandable", "cpu_expandable = true"],
        },
        Case {
            name: "child pools reserving more than a parent's limit",
            kind: Scenario,
            snippet: "[[host]]\nname = \"h\"\ncpu_mhz = 8000\nmem_mb = 8192\n[[pool]]\nname = \"dept\"\nmem_limit_mb = 1000\n[[pool]]\nname = \"team\"\nparent = \"dept\"\nmem_reservation_mb = 3000\n",
            line: 7,
            field: "pool[0].mem_limit_mb",
            says: &["child pools reserve 3000 MB, more than its limit of 1000 MB"],
        },
        Case {
            name: "pools reserving more than their host has",
            kind: Scenario,
            snippet: "[[host]]\nname = \"h\"\ncpu_mhz = 8000\nmem_mb = 1024\n[[pool]]\nname = \"a\"\ncpu_reservation_mhz = 5000\n[[pool]]\nname = \"b\"\ncpu_reservation_mhz = 5000\n",
            line: 7,
            field: "pool[0].cpu_reservation_mhz",
            says: &["the pools reserve 10000 MHz, more than the cluster's 8000 MHz"],
        },
        Case {
            name: "duplicate pool names",
            kind: Lab,
            snippet: "[[scenario.pool]]\nname = \"p\"\n[[scenario.pool]]\nname = \"p\"\n",
            line: 3,
            field: "scenario.pool[1]",
            says: &["'p' is used twice"],
        },
        Case {
            name: "goal metric naming no pool",
            kind: Lab,
            snippet: "[[goal]]\nid = \"g2\"\ncheck = \"at_least\"\nmetric = \"pool.prod.cpu_unreserved_mhz\"\nvalue = 1\ntext = { en = \"x\", zh-CN = \"x\" }\n",
            line: 4,
            field: "goal[1].metric",
            says: &["no VM, host or pool named 'prod'"],
        },
        Case {
            name: "goal with an unknown pool metric lists the pool metrics",
            kind: Lab,
            snippet: "[[scenario.pool]]\nname = \"prod\"\n[[goal]]\nid = \"g2\"\ncheck = \"at_least\"\nmetric = \"pool.prod.cpu_reserved_mhz\"\nvalue = 1\ntext = { en = \"x\", zh-CN = \"x\" }\n",
            line: 6,
            field: "goal[1].metric",
            says: &["'cpu_reserved_mhz' is not a metric", "cpu_reservation_used_mhz", "mem_unreserved_mb"],
        },
        Case {
            name: "solution step breaking a limit",
            kind: Lab,
            snippet: "[[scenario.vm]]\nname = \"db\"\nhost = \"h\"\nmem_mb = 1024\ncpu_reservation_mhz = 500\n[[solution]]\nset = \"vm.db.cpu_limit_mhz\"\nvalue = 100\n",
            line: 7,
            field: "solution[1].set",
            says: &["below the reservation 500 MHz"],
        },
        Case {
            name: "control target naming no pool",
            kind: Lab,
            snippet: "[[scenario.pool]]\nname = \"p\"\n\n[[control]]\nid = \"c\"\ntarget = \"pool.nope.cpu_reservation_mhz\"\nkind = \"range\"\nmin = 0\nmax = 1\nlabel = { en = \"x\", zh-CN = \"x\" }\n",
            line: 6,
            field: "control[0].target",
            says: &["no resource pool named 'nope'", "the scenario has: p"],
        },
        Case {
            name: "control target naming a pool field a setting cannot change",
            kind: Lab,
            snippet: "[[scenario.pool]]\nname = \"p\"\n\n[[control]]\nid = \"c\"\ntarget = \"pool.p.parent\"\nkind = \"choice\"\nchoices = [\"x\"]\nlabel = { en = \"x\", zh-CN = \"x\" }\n",
            line: 6,
            field: "control[0].target",
            says: &["'parent' is not a pool field", "cpu_expandable, mem_expandable"],
        },
        Case {
            name: "control target with a pool prefix in a lab without pools",
            kind: Lab,
            snippet: "[[control]]\nid = \"c\"\ntarget = \"pool.web.cpu_shares\"\nkind = \"choice\"\nchoices = [\"normal\"]\nlabel = { en = \"x\", zh-CN = \"x\" }\n",
            line: 3,
            field: "control[0].target",
            says: &["no resource pool named 'web'", "add a [[pool]]"],
        },
        Case {
            name: "control target with neither vm. nor pool.",
            kind: Lab,
            snippet: "[[control]]\nid = \"c\"\ntarget = \"server.h.cpu_mhz\"\nkind = \"range\"\nmin = 0\nmax = 1\nlabel = { en = \"x\", zh-CN = \"x\" }\n",
            line: 3,
            field: "control[0].target",
            says: &["vm.NAME.FIELD", "pool.NAME.FIELD"],
        },
        Case {
            name: "toggle on a pool's number field",
            kind: Lab,
            snippet: "[[scenario.pool]]\nname = \"p\"\n\n[[control]]\nid = \"c\"\ntarget = \"pool.p.cpu_reservation_mhz\"\nkind = \"toggle\"\nlabel = { en = \"x\", zh-CN = \"x\" }\n",
            line: 7,
            field: "control[0].kind",
            says: &["true/false field", "cpu_expandable"],
        },
        Case {
            name: "range on an unlimited pool limit",
            kind: Lab,
            snippet: "[[scenario.pool]]\nname = \"p\"\n\n[[control]]\nid = \"c\"\ntarget = \"pool.p.cpu_limit_mhz\"\nkind = \"range\"\nmin = 0\nmax = 4000\nlabel = { en = \"x\", zh-CN = \"x\" }\n",
            line: 6,
            field: "control[0].target",
            says: &["found 'unlimited'", "[[scenario.pool]]"],
        },
        Case {
            name: "solution step reserving more than the host has in a pool",
            kind: Lab,
            snippet: "[[scenario.pool]]\nname = \"p\"\n\n[[solution]]\nset = \"pool.p.cpu_reservation_mhz\"\nvalue = 9000\n",
            line: 5,
            field: "solution[1].set",
            says: &["the pools reserve 9000 MHz, more than the cluster's 4000 MHz"],
        },
        Case {
            name: "timeline pool value of the wrong kind",
            kind: Lab,
            snippet: "[[scenario.pool]]\nname = \"p\"\n\n[[scenario.timeline]]\nat_s = 20\nset = \"pool.p.mem_expandable\"\nvalue = \"yes\"\n",
            line: 6,
            field: "scenario.timeline[0].set",
            says: &["expected true or false, got 'yes'"],
        },
    ]
}

fn parse(case: &Case) -> (Result<(), Vec<LabError>>, usize, String) {
    match case.kind {
        Kind::Lab => {
            let source = format!("{BASE_LAB}{}", case.snippet);
            let offset = BASE_LAB.lines().count();
            (parse_lab("lab.toml", &source).map(drop), offset, source)
        }
        Kind::Scenario => (
            parse_scenario("lab.toml", case.snippet).map(drop),
            0,
            case.snippet.to_string(),
        ),
    }
}

#[test]
fn the_base_lab_and_a_bare_scenario_are_valid() {
    parse_lab("lab.toml", BASE_LAB).expect("base lab is valid");
    // Appending a valid second VM keeps it valid: errors below come from
    // what each snippet gets wrong, not from appending.
    parse_lab("lab.toml", &format!("{BASE_LAB}{VM_DB}")).expect("base + db is valid");
    parse_scenario(
        "s.toml",
        "[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 1024\n",
    )
    .expect("bare scenario is valid");
}

#[test]
fn every_bad_snippet_is_reported_at_its_field_and_line_with_a_fix() {
    let mut failures = Vec::new();
    let cases = cases();
    for case in &cases {
        let (result, offset, source) = parse(case);
        let errors = match result {
            Ok(()) => {
                failures.push(format!("[{}] parsed without error", case.name));
                continue;
            }
            Err(errors) => errors,
        };
        let line = offset + case.line;
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let found = errors.iter().find(|e| e.field == case.field);
        let Some(e) = found else {
            failures.push(format!(
                "[{}] no error for field {}; got:\n  {}",
                case.name,
                case.field,
                shown.join("\n  ")
            ));
            continue;
        };
        let text = e.to_string();
        let prefix = format!("lab.toml:{line}: {}: ", case.field);
        if !text.starts_with(&prefix) {
            let at = source.lines().nth(line - 1).unwrap_or("");
            failures.push(format!(
                "[{}] expected `{prefix}...` (line {line} is `{at}`), got `{text}`",
                case.name
            ));
        }
        for want in case.says {
            if !e.message.contains(want) {
                failures.push(format!(
                    "[{}] message lacks `{want}`: `{}`",
                    case.name, e.message
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn several_problems_are_all_reported_at_once() {
    // An author fixing a file sees every problem in one go, not one per run.
    let snippet = "[[scenario.vm]]\nname = \"web\"\nhost = \"h2\"\nmem_mb = 1024\n";
    let errors = parse_lab("lab.toml", &format!("{BASE_LAB}{snippet}")).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"scenario.vm[1]"), "{fields:?}");
    assert!(fields.contains(&"scenario.vm[1].host"), "{fields:?}");
}
