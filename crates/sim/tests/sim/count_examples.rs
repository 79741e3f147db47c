//! `count = N` on a host or VM table (issue 15): the table stands for N
//! identical entries numbered through `{n}` in the name, expanded as the
//! file loads, in file order; everything after the loader sees plain
//! entries. The error cases are in `tests/testdata/lab_errors.toml`.

use crate::fixtures::{self, proptest_config};
use proptest::prelude::*;
use std::collections::BTreeSet;
use vlab_sim::{parse_scenario, EventKind, Scenario, Setting, Value};

const COUNTED: &str = r#"
[[host]]
name = "esx{n}"
count = 2
cpu_mhz = 8000
mem_mb = 8192

[[vm]]
name = "a"
host = "esx1"
mem_mb = 1024

[[vm]]
name = "app{n:02}"
count = 3
first = 9
host = "esx2"
mem_mb = 1024
mem_overhead_mb = 0

[[vm]]
name = "z"
mem_mb = 1024
"#;

fn names(s: &Scenario) -> (Vec<&str>, Vec<&str>) {
    (
        s.host.iter().map(|h| h.name.as_str()).collect(),
        s.vm.iter().map(|v| v.name.as_str()).collect(),
    )
}

#[test]
fn a_count_is_that_many_entries_in_file_order() {
    let s = parse_scenario("c.toml", COUNTED).expect("valid");
    let (hosts, vms) = names(&s);
    assert_eq!(hosts, ["esx1", "esx2"]);
    assert_eq!(vms, ["a", "app09", "app10", "app11", "z"]);
    assert!(s.vm.iter().all(|v| v.count.is_none() && v.first.is_none()));
    assert!(s
        .host
        .iter()
        .all(|h| h.count.is_none() && h.first.is_none()));
    // Copies of one table: the same but for the name.
    assert_eq!(s.vm[2].mem_overhead_mb, Some(0));
    assert_eq!(s.vm[3].host.as_deref(), Some("esx2"));

    // VMs power on in file order, the numbered ones where their table is.
    let trace = fixtures::run(COUNTED);
    let on: Vec<&str> = trace
        .events
        .iter()
        .filter(|e| e.kind == EventKind::PowerOn)
        .map(|e| e.subject.as_str())
        .collect();
    assert_eq!(on, ["a", "app09", "app10", "app11", "z"]);
}

#[test]
fn settings_name_one_numbered_vm() {
    let s = parse_scenario("c.toml", COUNTED).expect("valid");
    let limited = s
        .with_settings(&[Setting {
            target: "vm.app10.cpu_limit_mhz".into(),
            value: Value::Int(500),
        }])
        .expect("app10 exists");
    let limits: Vec<Option<u64>> = limited.vm.iter().map(|v| v.cpu_limit_mhz).collect();
    assert_eq!(limits, [None, None, Some(500), None, None]);
}

#[test]
fn a_problem_of_every_copy_is_reported_once_at_the_table_s_line() {
    let bad = COUNTED.replace("mem_overhead_mb = 0", "mem_reservation_mb = 2048");
    let errors = parse_scenario("c.toml", &bad).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        ["c.toml:19: vm[1].mem_reservation_mb: a reservation cannot exceed the configured 1024 MB"]
    );
}

#[test]
fn a_name_with_n_and_no_count_is_number_one() {
    let one = COUNTED.replace("count = 3\nfirst = 9\n", "");
    let s = parse_scenario("c.toml", &one).expect("valid");
    assert_eq!(names(&s).1, ["a", "app01", "z"]);
}

/// One table: `Some((count, first, width))` numbered, `None` plain.
type Table = Option<(u32, Option<u32>, usize)>;

/// The names table `i` stands for.
fn expected(i: usize, table: &Table) -> Vec<String> {
    match *table {
        None => vec![format!("p{i}")],
        Some((count, first, w)) => {
            let first = first.unwrap_or(1);
            (first..first + count)
                .map(|k| format!("t{i}-{k:0w$}"))
                .collect()
        }
    }
}

/// `tables` as `[[kind]]` tables with `body`, counted or written out.
fn toml(kind: &str, tables: &[Table], body: &str, counted: bool) -> String {
    let mut out = String::new();
    for (i, table) in tables.iter().enumerate() {
        match (table, counted) {
            (Some((count, first, w)), true) => {
                let n = if *w == 0 {
                    "{n}".to_string()
                } else {
                    format!("{{n:0{w}}}")
                };
                out += &format!("[[{kind}]]\nname = \"t{i}-{n}\"\ncount = {count}\n");
                if let Some(first) = first {
                    out += &format!("first = {first}\n");
                }
                out += body;
            }
            _ => {
                for name in expected(i, table) {
                    out += &format!("[[{kind}]]\nname = \"{name}\"\n{body}");
                }
            }
        }
    }
    out
}

fn tables(most: usize) -> impl Strategy<Value = Vec<Table>> {
    prop::collection::vec(
        prop::option::of((1u32..=5, prop::option::of(0u32..=12), 0usize..=3)),
        1..=most,
    )
}

proptest! {
    #![proptest_config(proptest_config(128))]

    /// Expanding, then validating, gives every table's entries in file
    /// order with distinct names: the very scenario the written-out file
    /// gives.
    #[test]
    fn counted_tables_load_as_the_written_out_file(hosts in tables(3), vms in tables(5)) {
        let host_body = "cpu_mhz = 4000\nmem_mb = 65536\n";
        let vm_body = "mem_mb = 256\nmem_overhead_mb = 0\ncpu_demand_mhz = 100\n";
        let file = |counted| {
            format!("{}{}", toml("host", &hosts, host_body, counted), toml("vm", &vms, vm_body, counted))
        };
        let counted = parse_scenario("c.toml", &file(true)).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let written = parse_scenario("w.toml", &file(false)).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        for (list, got) in [(&hosts, names(&counted).0), (&vms, names(&counted).1)] {
            let want: Vec<String> = list.iter().enumerate().flat_map(|(i, t)| expected(i, t)).collect();
            prop_assert_eq!(&got, &want);
            prop_assert_eq!(got.iter().collect::<BTreeSet<_>>().len(), got.len());
        }
        prop_assert_eq!(counted, written);
    }
}
