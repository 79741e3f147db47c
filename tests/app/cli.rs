//! The `vlab` binary as a user runs it: arguments in, exit status and
//! output out.

use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use vlab::migration::migration_text::check_title;
use vlab::text::Lang;
use vlab_sim::migration::checks::CheckName;

const LAB: &str = "mem-admission-64gb";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `vlab ARGS` in the package root.
fn vlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vlab"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run the vlab binary")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn status(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

/// Runs `vlab ARGS`, expecting success and one JSON object on stdout.
fn json(args: &[&str]) -> Json {
    let o = vlab(args);
    assert_eq!(status(&o), 0, "vlab {args:?} failed: {}", stderr(&o));
    serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("vlab {args:?}: not one JSON object ({e}):\n{}", stdout(&o)))
}

/// A fresh file in this test binary's scratch directory.
fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write scratch file");
    path
}

fn lab_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("labs"))
        .expect("labs/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("labs/{n}"))
        .collect();
    files.sort();
    files
}

fn goal<'a>(out: &'a Json, id: &str) -> &'a Json {
    out["goals"]
        .as_array()
        .expect("goals is an array")
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("no goal {id} in {}", out["goals"]))
}

#[test]
fn list_shows_every_lab_once() {
    let o = vlab(&["list"]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), lab_files().len(), "{out}");
    for file in lab_files() {
        let id = file.trim_start_matches("labs/").trim_end_matches(".toml");
        let matching = lines
            .iter()
            .filter(|l| l.split_whitespace().next() == Some(id))
            .count();
        assert_eq!(matching, 1, "{id} in:\n{out}");
    }
    assert!(out.contains("Memory admission"), "{out}");
}

#[test]
fn check_accepts_every_lab() {
    let files = lab_files();
    // Every lab of issues 2-5 and 14; a lab lost from the directory fails
    // here.
    assert_eq!(files.len(), 42);
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let o = vlab(&args);
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    for f in &files {
        assert!(stdout(&o).contains(&format!("ok {f}")), "{}", stdout(&o));
    }
}

#[test]
fn check_reports_a_broken_file_with_line_and_field() {
    let path = temp_file(
        "broken.toml",
        "[[host]]\nname = \"esxi\"\ncpu_mhz = 4000\nmem_mb = 8192\n\n[[vm]]\nname = \"a\"\nhost = \"esxi-02\"\nmem_mb = 1024\n",
    );
    let file = path.to_str().unwrap();
    let o = vlab(&["check", file]);
    assert_eq!(status(&o), 1, "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{file}:8: vm[0].host: no host named 'esxi-02'")),
        "{err}"
    );
}

#[test]
fn check_reports_a_lab_whose_goals_already_pass() {
    // A lab the student cannot fail teaches nothing: check says so.
    let source = std::fs::read_to_string(root().join("labs/cpu-limit-16vcpu.toml"))
        .unwrap()
        .replace("cpu_limit_mhz = 10000", "cpu_limit_mhz = 25000");
    let path = temp_file("already-solved.toml", &source);
    let o = vlab(&["check", path.to_str().unwrap()]);
    assert_eq!(status(&o), 1, "{}", stdout(&o));
    assert!(
        stderr(&o).contains("every goal already passes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_without_files_and_unknown_commands_show_usage() {
    for args in [&["check"][..], &["frobnicate"][..], &[][..]] {
        let o = vlab(args);
        assert_eq!(status(&o), 2, "{args:?}");
        assert!(stderr(&o).contains("usage:"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn run_json_has_the_documented_shape_and_explains_the_refusal() {
    let out = json(&["run", LAB, "--json"]);
    let obj = out.as_object().expect("one JSON object");
    for key in ["lab", "seed", "goals", "vms", "hosts", "events"] {
        assert!(obj.contains_key(key), "missing {key}: {out}");
    }
    assert_eq!(out["lab"], LAB);
    assert_eq!(out["seed"], 1);

    let goals = out["goals"].as_array().unwrap();
    assert_eq!(goals.len(), 3);
    for g in goals {
        assert!(
            g["id"].is_string() && g["passed"].is_boolean() && g["detail"].is_string(),
            "{g}"
        );
    }
    assert_eq!(goal(&out, "vm9-running")["passed"], false);

    let vms = out["vms"].as_object().expect("vms keyed by name");
    assert_eq!(vms.len(), 10);
    let vm1 = &vms["vm1"];
    assert_eq!(vm1["host"], "esxi-01");
    assert_eq!(vm1["powered_on"], true);
    assert!(
        vm1["cpu_granted_mhz"].is_u64() && vm1["mem_granted_mb"].is_u64(),
        "{vm1}"
    );
    assert_eq!(vm1["mem_granted_mb"], 4096);
    assert_eq!(vms["vm9"]["powered_on"], false);
    assert_eq!(vms["vm9"]["cpu_granted_mhz"], 0);

    let host = &out["hosts"]["esxi-01"];
    assert_eq!(host["mem_capacity_mb"], 65536);
    assert_eq!(host["vms_running"], 8);

    let events = out["events"].as_array().unwrap();
    for e in events {
        assert!(
            e["t_s"].is_u64()
                && e["kind"].is_string()
                && e["subject"].is_string()
                && e["text"].is_string(),
            "{e}"
        );
    }
    let denied = events
        .iter()
        .find(|e| e["kind"] == "admission_denied" && e["subject"] == "vm9")
        .unwrap_or_else(|| panic!("no admission_denied for vm9: {}", out["events"]));
    let text = denied["text"].as_str().unwrap();
    assert!(text.contains("0 MB of unreserved memory"), "{text}");
    assert!(text.contains("8192 MB"), "{text}");
    assert_eq!(denied["t_s"], 0);
}

#[test]
fn run_solution_passes_every_goal() {
    let out = json(&["run", LAB, "--json", "--solution"]);
    let goals = out["goals"].as_array().unwrap();
    assert!(!goals.is_empty());
    assert!(
        goals.iter().all(|g| g["passed"] == true),
        "{}",
        out["goals"]
    );
    assert!(out["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["kind"] != "admission_denied"));
}

#[test]
fn run_set_changes_one_setting() {
    let out = json(&["run", LAB, "--json", "--set", "vm.vm9.mem_reservation_mb=0"]);
    assert_eq!(
        goal(&out, "vm9-running")["passed"],
        true,
        "{}",
        out["goals"]
    );
    assert_eq!(
        goal(&out, "big-running")["passed"],
        false,
        "{}",
        out["goals"]
    );
    assert_eq!(out["vms"]["vm9"]["powered_on"], true);
}

#[test]
fn run_set_on_an_unknown_vm_exits_2_naming_it() {
    let o = vlab(&["run", LAB, "--set", "vm.nope.vcpus=2"]);
    assert_eq!(status(&o), 2, "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("vm.nope.vcpus"), "{err}");
    assert!(err.contains("no VM named 'nope'"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn run_rejects_bad_arguments_with_exit_2() {
    for (args, says) in [
        (&["run", LAB, "--seed", "x"][..], "--seed"),
        (
            &["run", LAB, "--set", "novalue"][..],
            "vm.web.cpu_limit_mhz=4000",
        ),
        (&["run", LAB, "--frob"][..], "unknown option '--frob'"),
        (&["run", "no-such-lab"][..], "vlab list"),
    ] {
        let o = vlab(args);
        assert_eq!(status(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn run_bare_scenario_file_has_no_goals() {
    let path = temp_file(
        "two-vms.toml",
        "duration_s = 40\n\n[[host]]\nname = \"h\"\ncpu_mhz = 3000\nmem_mb = 8192\n\n[[vm]]\nname = \"a\"\nhost = \"h\"\nmem_mb = 1024\n\n[[vm]]\nname = \"b\"\nhost = \"h\"\nmem_mb = 1024\ncpu_shares = \"high\"\n",
    );
    let out = json(&["run", path.to_str().unwrap(), "--json"]);
    assert_eq!(out["goals"], Json::Array(vec![]));
    assert_eq!(out["lab"], "two-vms");
    assert_eq!(out["seed"], 0);
    // 3000 MHz split 1 : 2 by shares.
    assert_eq!(out["vms"]["a"]["cpu_granted_mhz"], 1000);
    assert_eq!(out["vms"]["b"]["cpu_granted_mhz"], 2000);

    let o = vlab(&["run", path.to_str().unwrap(), "--solution"]);
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("--solution needs a lab file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn run_seed_is_echoed() {
    let out = json(&["run", LAB, "--json", "--seed", "7"]);
    assert_eq!(out["seed"], 7);
    let text = stdout(&vlab(&["run", LAB, "--seed", "7"]));
    assert!(text.starts_with(&format!("# run {LAB} seed=7 ")), "{text}");
}

#[test]
fn run_text_with_solution_is_the_golden_trace() {
    // `vlab run ID --solution` prints exactly the golden trace, so a golden
    // file can be reproduced (and diffed) from the command line.
    let o = vlab(&["run", LAB, "--solution"]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let golden = root().join(format!("tests/golden/{LAB}.txt"));
    let want = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
        panic!(
            "{} missing: run UPDATE_GOLDEN=1 cargo test -p vlab --test app golden",
            golden.display()
        )
    });
    assert_eq!(stdout(&o), want);
}

#[test]
fn run_the_same_thing_twice_prints_the_same_output() {
    let a = vlab(&["run", "shares-contention", "--json"]);
    let b = vlab(&["run", "shares-contention", "--json"]);
    assert_eq!(status(&a), 0);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn duration_overrides_the_run_length_and_is_checked() {
    let out = json(&["run", "shares-contention", "--json", "--duration", "200"]);
    assert_eq!(out["t_s"], 200);
    let bad = vlab(&["run", "shares-contention", "--duration", "soon"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--duration"));
    let too_long = vlab(&["run", "shares-contention", "--duration", "4000000000"]);
    assert!(String::from_utf8_lossy(&too_long.stderr).contains("samples"));
}

#[test]
fn json_has_the_resource_control_contract() {
    let out = json(&["run", "pool-limit-stops-borrowing", "--json"]);
    let dev = &out["pools"]["RP-DEV"];
    for key in [
        "cpu_entitlement_mhz",
        "mem_entitlement_mb",
        "cpu_reservation_used_mhz",
        "mem_reservation_used_mb",
        "cpu_unreserved_mhz",
        "mem_unreserved_mb",
    ] {
        assert!(dev[key].is_u64(), "pools.RP-DEV.{key}: {dev}");
    }
    assert_eq!(dev["cpu_reservation_used_mhz"], 4000);
    assert_eq!(out["cluster"]["state"], "valid");
    let prod = &out["vms"]["prod"];
    assert!(prod["cpu_ready_pct"].as_f64().unwrap() > 0.0, "{prod}");
    assert!(prod["shares_per_page"].as_f64().unwrap() > 0.0, "{prod}");
    let denied = out["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "admission_denied")
        .expect("t3 refused");
    assert_eq!(denied["subject"], "t3");
    assert_eq!(denied["detail"]["pool"], "RP-TEST");
}

#[test]
fn json_has_the_memory_contract_with_exact_state_changes() {
    let out = json(&["run", "balloon-vs-swap", "--json"]);
    let host = out["host_memory"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    for key in ["min_free_mb", "free_mb", "shared_saved_mb"] {
        assert!(host[key].is_u64(), "host_memory.{key}: {host}");
    }
    let timeline = host["state_timeline"].as_array().unwrap();
    assert_eq!(timeline[0]["t_s"], 0);
    let times: Vec<u64> = timeline
        .iter()
        .map(|s| s["t_s"].as_u64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    // Changes are logged at the second they happen, not at 10 s samples.
    assert!(times.iter().any(|t| t % 10 != 0), "{times:?}");
    assert_eq!(timeline.last().unwrap()["state"], host["state"]);
    let legacy = &out["vms"]["app-legacy"];
    for key in [
        "shared_mb",
        "ballooned_mb",
        "compressed_mb",
        "swapped_mb",
        "active_mb",
        "consumed_mb",
    ] {
        assert!(legacy[key].is_u64(), "vms.app-legacy.{key}: {legacy}");
    }
    assert_eq!(legacy["ballooned_mb"], 0, "no Tools, no balloon");
    assert!(legacy["swapped_mb"].as_u64().unwrap() > 0);
}

#[test]
fn run_json_lists_migrations_with_checks_rounds_and_outcome() {
    // Starting point of the SDPS lab: no convergence, 2048 MB left for the
    // stun over 1 GbE.
    let out = json(&["run", "labs/vmotion-sdps.toml", "--json"]);
    let migrations = out["migrations"].as_array().expect("migrations array");
    assert_eq!(migrations.len(), 1);
    let m = &migrations[0];
    assert_eq!(
        (m["vm"].as_str(), m["from"].as_str(), m["to"].as_str()),
        (Some("cache"), Some("esx1"), Some("esx2"))
    );
    assert_eq!(m["outcome"], "completed");
    assert_eq!(m["started"], true);
    assert_eq!(m["converged"], false);
    assert_eq!(m["sdps_engaged"], false);
    let checks = m["checks"].as_array().expect("checks");
    assert!(checks
        .iter()
        .all(|c| c["passed"] == true && c["name"].is_string() && c["reason"].is_string()));
    let rounds = m["rounds"].as_array().expect("rounds");
    assert_eq!(rounds[0]["sent_mb"], 4096);
    assert!(rounds
        .iter()
        .all(|r| r["dirtied_mb"].is_u64() && r["duration_ms"].is_u64()));
    assert!(m["downtime_ms"].as_u64().unwrap() > 16_000);
    assert!(m["total_sent_mb"].as_u64().unwrap() > 12_000);
    assert!(m["total_s"].as_f64().unwrap() > 100.0);

    // Turning SDPS on converges: the guest pays with a slowdown instead.
    let on = json(&[
        "run",
        "labs/vmotion-sdps.toml",
        "--json",
        "--set",
        "migration.cache.sdps=true",
    ]);
    let m = &on["migrations"][0];
    assert_eq!(
        (m["converged"].as_bool(), m["sdps_engaged"].as_bool()),
        (Some(true), Some(true))
    );
    assert!(m["downtime_ms"].as_u64().unwrap() < 1000);
    // 200 MB/s held to 96 % of 125 MB/s = 120 MB/s: 40 % slower.
    assert_eq!(m["guest_slowdown_pct"].as_u64(), Some(40));
}

#[test]
fn run_json_shows_a_refused_migration_with_its_reasons() {
    let src = r#"
duration_s = 60
[[host]]
name = "a"
cpu_mhz = 10000
mem_mb = 16384
vmotion_gbps = 10
[[host]]
name = "b"
cpu_mhz = 10000
mem_mb = 16384
maintenance = true
[[vm]]
name = "v"
host = "a"
mem_mb = 1024
connected_devices = ["cdrom"]
[[migration]]
vm = "v"
to_host = "b"
at_s = 10
"#;
    let path = temp_file("refused-migration.toml", src);
    let out = json(&["run", path.to_str().unwrap(), "--json"]);
    let m = &out["migrations"][0];
    assert_eq!(m["outcome"], "refused");
    assert_eq!(m["started"], false);
    let failed: Vec<&str> = m["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        failed,
        ["maintenance_mode", "vmotion_network", "local_devices"]
    );
    assert_eq!(
        out["vms"]["v"]["host"], "a",
        "a refused migration leaves the VM where it was"
    );
    let refused = out["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "migration_refused");
    // The event names the failed checks by their English titles, and its
    // detail by their names.
    let refused = refused.expect("a migration_refused event");
    let text = refused["text"].as_str().unwrap();
    for name in [CheckName::MaintenanceMode, CheckName::LocalDevices] {
        let title = check_title(Lang::En, name);
        assert!(text.contains(&title), "{title} missing from {text}");
    }
    assert_eq!(
        refused["detail"]["note"]["failed"],
        serde_json::json!(failed),
        "{refused}"
    );
}

/// Issue 13: `--duration` applies before the file is checked, so a
/// migration after the file's own duration_s runs when the run is long
/// enough; without it the file is refused, naming the field.
#[test]
fn duration_applies_before_validation_issue_13() {
    let file = temp_file(
        "late-migration.toml",
        "duration_s = 120\n[[host]]\nname = \"esx1\"\ncpu_mhz = 8000\nmem_mb = 16384\nvmotion_gbps = 10\n[[host]]\nname = \"esx2\"\ncpu_mhz = 8000\nmem_mb = 16384\nvmotion_gbps = 10\n[[vm]]\nname = \"web\"\nhost = \"esx1\"\nmem_mb = 2048\n[[migration]]\nvm = \"web\"\nto_host = \"esx2\"\nat_s = 600\n",
    );
    let path = file.to_str().unwrap();
    let refused = vlab(&["run", path]);
    assert_eq!(status(&refused), 2, "{}", stdout(&refused));
    assert!(
        stderr(&refused).contains("migration[0].at_s"),
        "{}",
        stderr(&refused)
    );
    let out = json(&["run", path, "--duration", "700", "--json"]);
    assert_eq!(out["migrations"][0]["outcome"], "completed", "{out}");
    // A built-in lab, by id, is re-read with the new length too.
    let lab = json(&["run", LAB, "--duration", "200", "--json"]);
    assert_eq!(lab["t_s"], 200);
}

/// Issue 13: the help names every kind of setting target the core has.
#[test]
fn help_lists_every_setting_target() {
    let help = stdout(&vlab(&["help"]));
    for kind in vlab_sim::scenario::TARGET_KINDS {
        assert!(
            help.contains(kind.form),
            "{} missing from\n{help}",
            kind.form
        );
    }
}

#[test]
fn answers_print_each_variants_key_as_the_core_computes_it() {
    let lab = vlab::catalog::labs()
        .into_iter()
        .find(|l| l.has_variants() && l.spec.question.len() > 1)
        .expect("a lab with variants and questions");
    let id = lab.spec.id.as_str();
    for seed in [lab.spec.seed, 17, 4172] {
        let out = json(&[
            "run",
            id,
            "--seed",
            &seed.to_string(),
            "--answers",
            "--json",
        ]);
        assert_eq!(out["lab"], id);
        assert_eq!(out["seed"], seed);
        let core = lab.answers(seed).expect("answers compute");
        assert_eq!(out["answers"].as_object().unwrap().len(), core.len());
        for a in &core {
            assert_eq!(
                out["answers"][&a.id]["expected"],
                a.expected.as_str(),
                "{id} seed {seed}: {}",
                a.id
            );
            assert!(out["answers"][&a.id]["text"]["zh-CN"].is_string());
        }
        let drawn = out["inputs"].as_object().unwrap();
        assert_eq!(
            drawn.is_empty(),
            seed == lab.spec.seed,
            "only other seeds draw"
        );
        for s in lab.variant(seed) {
            assert_eq!(drawn[&s.target], s.value.to_string());
        }
    }
    let text = vlab(&["run", id, "--seed", "4172", "--answers"]);
    assert_eq!(status(&text), 0);
    let text = stdout(&text);
    assert!(text.contains("Variant 4172"), "{text}");
    for a in lab.answers(4172).unwrap() {
        assert!(
            text.contains(&format!("answer: {}", a.expected)),
            "{}: {text}",
            a.id
        );
    }
    // Different students, different problems: the answers differ somewhere.
    let keys: std::collections::BTreeSet<Vec<String>> = (1..=12)
        .map(|s| {
            lab.answers(s)
                .unwrap()
                .into_iter()
                .map(|a| a.expected)
                .collect()
        })
        .collect();
    assert!(keys.len() > 1, "{id}: every variant has the same answers");
}

#[test]
fn answers_need_a_lab() {
    let scenario = temp_file(
        "bare-answers.toml",
        "[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 1024\n",
    );
    let o = vlab(&["run", scenario.to_str().unwrap(), "--answers"]);
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("--answers needs a lab file"),
        "{}",
        stderr(&o)
    );
}

/// A lab saved from the sandbox passes `vlab check`: its example, and a
/// cluster with one of everything the forms make.
#[test]
fn a_lab_saved_from_the_sandbox_passes_vlab_check() {
    use vlab::sandbox::draft::Draft;
    use vlab::sandbox::{fields, to_toml};
    let mut full = Draft::example();
    full.id = "full-cluster".into();
    full.duration_s = "900".into();
    full.add_host();
    full.add_pool();
    full.vms[0].pool = "pool1".into();
    full.vms[1].cpu_limit_mhz = "4000".into();
    full.add_vm();
    full.drs.enabled = true;
    full.add_rule();
    full.ha.enabled = true;
    full.add_fault();
    full.add_migration();
    full.add_maintenance();
    let dir = std::env::temp_dir().join(format!("vlab-sandbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for draft in [Draft::example(), full] {
        assert!(fields::check(&draft, Lang::En).is_valid());
        let path = dir.join(to_toml::file_name(&draft));
        std::fs::write(&path, to_toml::write(&draft)).unwrap();
        let o = vlab(&["check", path.to_str().unwrap()]);
        assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).starts_with("ok "), "{}", stdout(&o));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
