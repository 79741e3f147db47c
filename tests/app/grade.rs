//! `vlab grade`: exported progress files graded by recomputing, with a
//! fake file system. Most tests grade a small lab of their own whose
//! variants each have their own answer to "how much CPU does db get at
//! the start?"; the last one goes through `vlab` with the built-in labs.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use vlab::cli::grade::{grade, CSV_HEADER};
use vlab::cli::run_cli;
use vlab::state::prefs::LabProgress;
use vlab::state::progress_file::export;
use vlab_sim::{parse_lab, Lab, Value};

const LAB: &str = "shares-test";
const BUILT_IN: &str = "shares-contention";
const QUESTION: &str = "db-at-start";

/// A small lab of its own (the built-in ones change as they are
/// written): three busy VMs on a 8000 MHz host, shares as controls, one
/// question. Its variants draw batch's demand (1500, 2000 or 2500 MHz),
/// so db gets 3250, 3000 or 2750 MHz at the start (2666 as written), and
/// only the solution (db high, batch low) meets every goal.
const SOURCE: &str = r#"
id = "shares-test"
topic = "resource-controls"
seed = 1
title = { en = "Shares", zh-CN = "份额" }
summary = { en = "Shares under contention.", zh-CN = "争用时的份额。" }
intro = { en = "Predict, then set the shares.", zh-CN = "先预测，再设置份额。" }

[scenario]
duration_s = 60

[[scenario.host]]
name = "esxi"
sockets = 1
cores_per_socket = 4
core_mhz = 2000
mem_mb = 32768

[[scenario.vm]]
name = "web"
host = "esxi"
vcpus = 2
mem_mb = 4096
cpu_demand_mhz = 4000

[[scenario.vm]]
name = "db"
host = "esxi"
vcpus = 2
mem_mb = 4096
cpu_demand_mhz = 4000

[[scenario.vm]]
name = "batch"
host = "esxi"
vcpus = 2
mem_mb = 4096
cpu_demand_mhz = 4000

[[control]]
id = "db-shares"
target = "vm.db.cpu_shares"
kind = "choice"
choices = ["low", "normal", "high"]
label = { en = "db CPU shares", zh-CN = "db CPU 份额" }

[[control]]
id = "batch-shares"
target = "vm.batch.cpu_shares"
kind = "choice"
choices = ["low", "normal", "high"]
label = { en = "batch CPU shares", zh-CN = "batch CPU 份额" }

[[goal]]
id = "db-protected"
check = "at_least"
metric = "vm.db.cpu_granted_mhz"
value = 3500
text = { en = "db gets at least 3500 MHz", zh-CN = "db 至少得到 3500 MHz" }

[[goal]]
id = "web-kept"
check = "at_least"
metric = "vm.web.cpu_granted_mhz"
value = 2500
text = { en = "web keeps at least 2500 MHz", zh-CN = "web 至少保留 2500 MHz" }

[[goal]]
id = "batch-held-back"
check = "at_most"
metric = "vm.batch.cpu_granted_mhz"
value = 1500
text = { en = "batch gets at most 1500 MHz", zh-CN = "batch 最多得到 1500 MHz" }

[[solution]]
set = "vm.db.cpu_shares"
value = "high"

[[solution]]
set = "vm.batch.cpu_shares"
value = "low"

[[figure]]
id = "equal"
metric = "vm.db.cpu_granted_mhz"
at_s = 0

[[question]]
id = "db-at-start"
kind = "number"
answer = "equal"
unit = "MHz"
tolerance = 100
text = { en = "How much CPU does db get at the start, in MHz?", zh-CN = "开始时 db 得到多少 CPU（MHz）？" }
explain = { en = "db gets {{equal}} MHz.", zh-CN = "db 得到 {{equal}} MHz。" }

[[vary]]
target = "vm.batch.cpu_demand_mhz"
min = 1500
max = 2500
step = 500
"#;

fn varied() -> &'static Lab {
    static LAB_WITH_VARIANTS: OnceLock<Lab> = OnceLock::new();
    LAB_WITH_VARIANTS.get_or_init(|| {
        parse_lab("varied.toml", SOURCE).unwrap_or_else(|e| panic!("the test lab parses: {e:?}"))
    })
}

fn find(id: &str) -> Option<&'static Lab> {
    (id == LAB).then(varied)
}

fn answer(seed: u64) -> String {
    let answers = varied().answers(seed).expect("answers");
    answers
        .into_iter()
        .find(|a| a.id == QUESTION)
        .expect("the question")
        .expected
}

/// Two variants with answers different from each other and from the lab
/// as written.
fn two_variants() -> (u64, u64) {
    let own = answer(varied().spec.seed);
    let seeds: Vec<u64> = (2..200).filter(|&s| answer(s) != own).collect();
    let first = seeds[0];
    let second = *seeds
        .iter()
        .find(|&&s| answer(s) != answer(first))
        .expect("two different variants");
    (first, second)
}

/// A student's progress in the lab: variant `seed`, the solution's
/// control values, the goals they meet (as the page records them), and
/// `given` as the committed prediction.
fn progress(seed: u64, given: &str) -> LabProgress {
    let lab = varied();
    let mut p = LabProgress {
        seed: (seed != lab.spec.seed).then_some(seed),
        committed: true,
        ..LabProgress::default()
    };
    p.settings
        .insert("db-shares".into(), Value::Text("high".into()));
    p.settings
        .insert("batch-shares".into(), Value::Text("low".into()));
    p.answers.insert(QUESTION.into(), given.into());
    let settings = vlab::lab::lab_settings::settings(lab, Some(&p));
    let outcome = lab.run(seed, &settings).expect("the run");
    p.passed = outcome
        .goals
        .iter()
        .filter(|g| g.passed)
        .map(|g| g.id.clone())
        .collect();
    p
}

fn file(student: &str, p: LabProgress) -> String {
    export(Some(student), &BTreeMap::from([(LAB.to_string(), p)]))
}

/// Runs `vlab grade ARGS` over `files` (name -> contents).
fn run(files: &[(&str, String)], args: &[&str]) -> (i32, String) {
    let fs: BTreeMap<String, String> = files
        .iter()
        .map(|(n, c)| (n.to_string(), c.clone()))
        .collect();
    let read = |path: &str| {
        fs.get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    };
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    grade(&args, &read, &find)
}

/// The table line of `file`.
fn line<'a>(out: &'a str, file: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(file))
        .unwrap_or_else(|| panic!("no line for {file} in:\n{out}"))
}

#[test]
fn a_right_answer_and_met_goals_are_recomputed_and_agree() {
    let (seed, _) = two_variants();
    let (status, out) = run(
        &[("ada.json", file("Ada", progress(seed, &answer(seed))))],
        &["ada.json"],
    );
    assert_eq!(status, 0, "{out}");
    let head = out.lines().next().unwrap();
    for col in [
        "file",
        "student",
        "lab",
        "variant",
        "committed",
        "questions",
        "goals",
    ] {
        assert!(head.contains(col), "{head}");
    }
    let cells: Vec<&str> = line(&out, "ada.json").split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "ada.json",
            "Ada",
            LAB,
            &seed.to_string(),
            "yes",
            "1/1",
            "3/3"
        ],
        "{out}"
    );
    assert!(!out.contains("Notes:"), "{out}");
}

#[test]
fn a_wrong_answer_counts_as_wrong_and_uncommitted_is_shown() {
    let (seed, _) = two_variants();
    let mut p = progress(seed, "100");
    p.committed = false;
    let (status, out) = run(&[("bob.json", file("Bob", p))], &["bob.json"]);
    assert_eq!(status, 0, "{out}");
    let l = line(&out, "bob.json");
    assert!(l.contains(" no ") && l.contains("0/1"), "{out}");
    assert!(!out.contains("matches variant"), "{out}");
}

#[test]
fn an_edited_file_and_goals_it_claims_are_reported() {
    let (seed, _) = two_variants();
    // Claims every goal with no control changed, then edits the answer.
    let mut p = progress(seed, "100");
    p.settings.clear();
    let text = file("Eve", p).replace("\"100\"", &format!("\"{}\"", answer(seed)));
    let (status, out) = run(&[("eve.json", text)], &["eve.json"]);
    assert_eq!(status, 0, "{out}");
    assert!(line(&out, "eve.json").contains("1/1"), "{out}");
    assert!(
        out.contains("eve.json: edited after export: the checksum does not match"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "eve.json · {LAB}: the file records as met: batch-held-back, db-protected, web-kept; its settings, run again, meet: "
        )),
        "{out}"
    );
}

#[test]
fn a_copied_answer_is_traced_to_the_variant_it_belongs_to() {
    let (first, second) = two_variants();
    let own = varied().spec.seed;
    // The lab as written's answer, given for another variant.
    let authored = file("Mallory", progress(first, &answer(own)));
    // A classmate's right answer, given for one's own variant.
    let classmate = file("Ada", progress(first, &answer(first)));
    let copier = file("Oscar", progress(second, &answer(first)));
    let (status, out) = run(
        &[
            ("m.json", authored),
            ("a.json", classmate),
            ("o.json", copier),
        ],
        &["m.json", "a.json", "o.json"],
    );
    assert_eq!(status, 0, "{out}");
    assert!(
        out.contains(&format!(
            "m.json · {LAB}: db-at-start: '{}' matches variant {own} (as written), not this file's ({first})",
            answer(own)
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "o.json · {LAB}: db-at-start: '{}' matches variant {first}, not this file's ({second})",
            answer(first)
        )),
        "{out}"
    );
    assert!(!out.contains("a.json · "), "{out}");
}

#[test]
fn csv_has_a_header_and_one_row_per_lab() {
    let (seed, _) = two_variants();
    let (status, out) = run(
        &[(
            "ada.json",
            file("Lovelace, Ada", progress(seed, &answer(seed))),
        )],
        &["--csv", "ada.json"],
    );
    assert_eq!(status, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], CSV_HEADER);
    assert_eq!(
        lines[1],
        format!("ada.json,\"Lovelace, Ada\",{LAB},{seed},false,true,1,1,3,3,false,")
    );
    assert_eq!(lines.len(), 2, "{out}");
}

#[test]
fn unreadable_and_invalid_files_exit_1_and_say_why_while_the_others_are_graded() {
    let (seed, _) = two_variants();
    let mut bad = progress(seed, "1");
    bad.settings
        .insert("db-shares".into(), Value::Text("huge".into()));
    let (status, out) = run(
        &[
            ("ok.json", file("Ada", progress(seed, &answer(seed)))),
            ("bad.json", file("Bob", bad)),
            ("lab.json", "{\"format\": \"lab\"}".into()),
        ],
        &["ok.json", "bad.json", "missing.json", "lab.json"],
    );
    assert_eq!(status, 1, "{out}");
    assert!(line(&out, "ok.json").contains("1/1"), "{out}");
    assert!(
        out.contains("bad.json: not graded: labs.shares-test.settings.db-shares: 'huge' is not allowed; it accepts one of: low, normal, high"),
        "{out}"
    );
    assert!(
        out.contains("missing.json: cannot read: no such file"),
        "{out}"
    );
    assert!(
        out.contains("lab.json: not graded: format: 'lab' is not a vlab progress file"),
        "{out}"
    );
    let (_, csv) = run(&[], &["missing.json", "--csv"]);
    assert_eq!(
        csv.lines().nth(1),
        Some("missing.json,,,,,,,,,,false,cannot read: no such file")
    );
}

#[test]
fn grade_is_a_command_of_vlab_with_the_built_in_labs() {
    let lab = vlab::catalog::find(BUILT_IN).unwrap();
    let mut p = LabProgress::default();
    p.answers.insert(QUESTION.into(), "1".into());
    let text = export(Some("Ada"), &BTreeMap::from([(BUILT_IN.to_string(), p)]));
    let read = |path: &str| {
        if path == "ada.json" {
            Ok(text.clone())
        } else {
            Err(std::io::Error::other("no"))
        }
    };
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (status, out) = run_cli(&args(&["grade", "ada.json"]), &read);
    assert_eq!(status, 0, "{out}");
    let want = format!("{} (as written)", lab.spec.seed);
    assert!(line(&out, "ada.json").contains(&want), "{out}");
    assert_eq!(run_cli(&args(&["grade"]), &read).0, 2);
    assert_eq!(run_cli(&args(&["grade", "--pdf", "ada.json"]), &read).0, 2);
    assert!(run_cli(&args(&["help"]), &read)
        .1
        .contains("vlab grade FILE... [--csv]"));
}
