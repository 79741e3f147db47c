//! vMotion's pre-checks inside a scenario, data-driven (issue 5): each case
//! of `tests/testdata/migration_checks.toml` edits a small two-host
//! scenario that passes every check so that exactly one check trips (or,
//! for the cases without `trips`, so that a check that would trip passes
//! again). A tripped migration is refused: that check failed and every
//! other one passed, a `migration_refused` event names it, the migration
//! never started and the VM stayed where it was. Then the migration parts
//! of the file format that are rejected at load.

use crate::fixtures::{self, first_event, host_in};
use serde::Deserialize;
use std::collections::BTreeMap;
use vlab_sim::event::Detail;
use vlab_sim::migration::checks::CheckName;
use vlab_sim::migration::record::{MigrationNote, MigrationRecord, Outcome};
use vlab_sim::{parse_scenario, EventKind, Trace};

/// `tests/testdata/migration_checks.toml`; its header documents the
/// fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    base: String,
    setups: BTreeMap<String, Vec<Edit>>,
    case: Vec<Case>,
    invalid: Vec<Invalid>,
}

/// `replace` (found exactly once) becomes `with`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    replace: String,
    with: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// Named edit lists applied first, in order.
    #[serde(default)]
    setups: Vec<String>,
    /// Edits applied after the setups, in order.
    #[serde(default)]
    edits: Vec<Edit>,
    /// The one check that fails, or `None`: every check passes and the VM
    /// moves.
    trips: Option<CheckName>,
}

/// A scenario the loader rejects, the field it names and words the
/// message must contain.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Invalid {
    name: String,
    #[serde(default)]
    setups: Vec<String>,
    #[serde(default)]
    edits: Vec<Edit>,
    field: String,
    says: Vec<String>,
}

fn data() -> Data {
    fixtures::data(
        "migration_checks.toml",
        include_str!("../testdata/migration_checks.toml"),
    )
}

/// The setup that puts the hosts in two vCenters: its cases run the
/// cross-vCenter checks too.
const CROSS: &str = "cross";

/// The checks that run only between two vCenters.
const CROSS_VCENTER: [CheckName; 4] = [
    CheckName::SsoDomain,
    CheckName::VcenterVersion,
    CheckName::HostVersion,
    CheckName::RoundTrip,
];

/// The checks a migration runs, in their order.
fn checks_run(cross: bool) -> Vec<CheckName> {
    CheckName::ALL
        .into_iter()
        .filter(|c| cross || !CROSS_VCENTER.contains(c))
        .collect()
}

/// Applies the `setups` named, then `edits`, to the base scenario, for
/// case `what`.
fn source(data: &Data, what: &str, setups: &[String], edits: &[Edit]) -> String {
    let named = setups.iter().flat_map(|name| {
        data.setups
            .get(name)
            .unwrap_or_else(|| panic!("{what}: no setup named {name}"))
    });
    let mut s = data.base.clone();
    for Edit { replace, with } in named.chain(edits) {
        assert_eq!(
            s.matches(replace.as_str()).count(),
            1,
            "{what}: `{replace}` must occur exactly once in\n{s}"
        );
        s = s.replacen(replace.as_str(), with, 1);
    }
    s
}

/// An edit written in a test.
fn edit(replace: &str, with: &str) -> Edit {
    Edit {
        replace: replace.into(),
        with: with.into(),
    }
}

/// Runs case `what`'s scenario `src`.
fn run(what: &str, src: &str) -> Trace {
    fixtures::run_named(what, src, 7, &[])
}

/// Where `vm` runs at each sample (`None` while powered off).
fn hosts_over_time(t: &Trace, vm: &str) -> Vec<Option<String>> {
    t.samples.iter().map(|s| host_in(s, vm)).collect()
}

fn check_case(data: &Data, case: &Case) {
    let name = &case.name;
    let src = source(data, name, &case.setups, &case.edits);
    let t = run(name, &src);
    let r: &MigrationRecord = t
        .migrations
        .first()
        .unwrap_or_else(|| panic!("{name}: no migration recorded"));
    let cross = case.setups.iter().any(|s| s == CROSS);
    let names: Vec<CheckName> = r.checks.iter().map(|c| c.name).collect();
    assert_eq!(names, checks_run(cross), "{name}: the checks that ran");
    for c in &r.checks {
        let should_fail = Some(c.name) == case.trips;
        assert_eq!(
            !c.passed,
            should_fail,
            "{name}: check {} should {}: {c:?}",
            c.name.name(),
            if should_fail { "fail" } else { "pass" }
        );
    }
    let before = hosts_over_time(&t, "web");
    let on_esx1 = if case.trips == Some(CheckName::VmRunning) {
        None
    } else {
        Some("esx1".to_string())
    };
    let migration_events: Vec<_> = t
        .events
        .iter()
        .filter(|e| matches!(e.detail, Detail::Migration { .. }))
        .collect();
    match case.trips {
        Some(check) => {
            assert_eq!(r.outcome, Outcome::Refused, "{name}: the outcome: {r:?}");
            assert!(
                !r.started && r.start_ms.is_none() && r.rounds.is_empty(),
                "{name}: a refused migration never starts: {r:?}"
            );
            assert_eq!(
                r.note,
                Some(MigrationNote::Refused {
                    failed: vec![check]
                }),
                "{name}: the record's note"
            );
            // One event: refused at the requested time, naming the check.
            assert_eq!(
                migration_events.len(),
                1,
                "{name}: one migration event: {migration_events:?}"
            );
            let e = migration_events[0];
            assert_eq!(
                (e.kind, e.t_s, e.subject.as_str()),
                (EventKind::MigrationRefused, 40, "web"),
                "{name}: the event"
            );
            match &e.detail {
                Detail::Migration { to, note, .. } => {
                    assert_eq!(*to, r.to, "{name}: the event's destination");
                    assert_eq!(
                        *note,
                        MigrationNote::Refused {
                            failed: vec![check]
                        },
                        "{name}: the event's note"
                    );
                }
                other => panic!("{name}: {other:?}"),
            }
            // The VM never moved: on esx1 throughout from 40 s (or off).
            assert!(
                before[40..].iter().all(|h| *h == on_esx1),
                "{name}: the VM moved: {before:?}"
            );
        }
        None => {
            assert_eq!(r.outcome, Outcome::Completed, "{name}: the outcome: {r:?}");
            let kinds: Vec<EventKind> = migration_events.iter().map(|e| e.kind).collect();
            assert_eq!(
                kinds,
                [EventKind::MigrationStarted, EventKind::MigrationCompleted],
                "{name}: the migration events"
            );
            assert_eq!(before[40], on_esx1, "{name}: where the VM runs at 40 s");
            assert_eq!(
                before.last().cloned().flatten().as_deref(),
                Some("esx2"),
                "{name}: where the VM runs at the end"
            );
        }
    }
}

#[test]
fn each_pre_check_trips_alone_and_refuses_the_migration() {
    let data = data();
    for case in &data.case {
        check_case(&data, case);
    }
}

#[test]
fn every_check_has_a_case_that_trips_it() {
    let data = data();
    for check in CheckName::ALL {
        assert!(
            data.case.iter().any(|c| c.trips == Some(check)),
            "no case trips {}",
            check.name()
        );
    }
}

#[test]
fn all_failed_checks_are_reported_at_once() {
    // A student sees every cause in one attempt, not one per try.
    let what = "three checks fail";
    let src = source(
        &data(),
        what,
        &[],
        &[
            edit(
                "# +web",
                "connected_devices = [\"usb\"]\ncpu_affinity = [3]",
            ),
            edit("# +esx2", "maintenance = true"),
        ],
    );
    let r = &run(what, &src).migrations[0];
    assert_eq!(
        r.note,
        Some(MigrationNote::Refused {
            failed: vec![
                CheckName::MaintenanceMode,
                CheckName::LocalDevices,
                CheckName::CpuAffinity,
            ]
        })
    );
}

#[test]
fn evc_is_not_lowered_under_a_vm_running_newer_features() {
    // The case "EVC asked for under the running VM": at 1 s web runs with
    // Ice Lake features, so the Haswell baseline is refused (power it off
    // first) and EVC stays off.
    let what = "EVC at 1 s under Ice Lake features";
    let setups = ["mixed_cpus".to_string(), "evc_at_1".to_string()];
    let t = run(what, &source(&data(), what, &setups, &[]));
    let refused = first_event(&t, EventKind::SettingRefused).expect("setting_refused");
    assert_eq!((refused.t_s, refused.subject.as_str()), (1, "cluster"));
    let features = t.migrations[0]
        .checks
        .iter()
        .find(|c| c.name == CheckName::CpuFeatures)
        .expect("cpu_features ran");
    assert!(
        features.args["vm_level"].contains("Ice Lake"),
        "{features:?}"
    );
}

#[test]
fn bad_migration_input_is_rejected_at_load_naming_the_field() {
    let data = data();
    for case in &data.invalid {
        let name = &case.name;
        let src = source(&data, name, &case.setups, &case.edits);
        let errors = match parse_scenario("m.toml", &src) {
            Ok(_) => panic!("{name}: loaded"),
            Err(e) => e,
        };
        let e = errors
            .iter()
            .find(|e| e.field == case.field)
            .unwrap_or_else(|| panic!("{name}: no error on {}: {errors:?}", case.field));
        assert!(!case.says.is_empty(), "{name}: says nothing");
        for word in &case.says {
            assert!(
                e.message.contains(word.as_str()),
                "{name}: lacks `{word}`: {e}"
            );
        }
        assert_eq!(errors.len(), 1, "{name}: one error: {errors:?}");
    }
}
