//! vMotion's pre-checks inside a scenario, data-driven (issue 5): each case
//! edits a small two-host scenario that passes every check so that exactly
//! one check trips (or, for the `None` cases, so that a check that would
//! trip passes again). A tripped migration is refused: that check failed
//! and every other one passed, a `migration_refused` event names it, the
//! migration never started and the VM stayed where it was. Then the
//! migration parts of the file format that are rejected at load.

use vlab_sim::event::Detail;
use vlab_sim::migration::checks::CheckName;
use vlab_sim::migration::record::{MigrationNote, MigrationRecord, Outcome};
use vlab_sim::{parse_scenario, EventKind, Sim, Trace};

/// Two 10 GbE hosts seeing one shared datastore, one small running VM on
/// esx1 and one vMotion of it to esx2 at 40 s (the 512 MB VM has touched
/// its memory by 32 s). `# +NAME` lines are where cases add lines; the
/// lines a case replaces are unique.
const BASE: &str = r#"
duration_s = 60
step_s = 1

[[host]]
name = "esx1"
cpu_mhz = 20000
mem_mb = 16384
vmotion_gbps = 10 # esx1 vMotion
datastores = ["shared"] # esx1 datastores
# +esx1

[[host]]
name = "esx2"
cpu_mhz = 10000
mem_mb = 16384
vmotion_gbps = 10 # esx2 vMotion
datastores = ["shared"] # esx2 datastores
# +esx2

[[vm]]
name = "web"
host = "esx1"
mem_mb = 512
disk_gb = 1
datastore = "shared" # web datastore
# +web

[[migration]]
vm = "web"
to_host = "esx2"
at_s = 40
# +migration

# +end
"#;

/// The hosts in two vCenters of one SSO domain, 40 + 40 ms from each
/// other: every cross-vCenter check passes.
const CROSS: &[(&str, &str)] = &[
    ("# +esx1", "vcenter = \"vc1\""),
    ("# +esx2", "vcenter = \"vc2\""),
    (
        "# +end",
        r#"[[vcenter]]
name = "vc1"
version = "7.0"
sso_domain = "vsphere.local"
rtt_ms = 40

[[vcenter]]
name = "vc2"
version = "8.0" # vc2 version
sso_domain = "vsphere.local" # vc2 sso
rtt_ms = 40 # vc2 rtt
"#,
    ),
];

/// The VM's disk on a datastore only esx1 sees.
const LOCAL_DISK: &[(&str, &str)] = &[
    (
        r#"datastores = ["shared"] # esx1 datastores"#,
        r#"datastores = ["shared", "local1"]"#,
    ),
    (
        r#"datastore = "shared" # web datastore"#,
        r#"datastore = "local1""#,
    ),
];

/// esx1 an Ice Lake, esx2 a Haswell, and no EVC: the VM powers on with
/// Ice Lake features.
const MIXED_CPUS: &[(&str, &str)] = &[
    ("# +esx1", "cpu_generation = \"icelake\""),
    ("# +esx2", "cpu_generation = \"haswell\""),
];

/// Turns EVC on at the Haswell baseline at 1 s.
const EVC_AT_1: &str = r#"[[timeline]]
at_s = 1
set = "cluster.evc_baseline"
value = "haswell""#;

struct Case {
    name: &'static str,
    /// Edits applied in order: (needle, replacement); each needle occurs
    /// exactly once when it is applied.
    edits: &'static [&'static [(&'static str, &'static str)]],
    /// The one check that fails, or `None`: every check passes and the VM
    /// moves.
    trips: Option<CheckName>,
}

const CASES: &[Case] = &[
    Case {
        name: "the base scenario migrates",
        edits: &[],
        trips: None,
    },
    Case {
        name: "a powered-off VM is not vMotioned",
        edits: &[&[("# +web", "powered_on = false")]],
        trips: Some(CheckName::VmRunning),
    },
    Case {
        name: "a VM placed on esx1 by admission, \"moved\" to esx1",
        // Without a `host` it lands on esx1, the host with the most room;
        // nothing would move.
        edits: &[&[
            ("host = \"esx1\"", ""),
            ("to_host = \"esx2\"", "to_host = \"esx1\""),
        ]],
        trips: Some(CheckName::DestinationDiffers),
    },
    Case {
        name: "a failed destination",
        edits: &[&[("# +esx2", "failed = true")]],
        trips: Some(CheckName::DestinationConnected),
    },
    Case {
        name: "a destination in maintenance mode",
        edits: &[&[("# +esx2", "maintenance = true")]],
        trips: Some(CheckName::MaintenanceMode),
    },
    Case {
        name: "Intel to AMD",
        edits: &[&[("# +esx2", "cpu_vendor = \"amd\"")]],
        trips: Some(CheckName::CpuVendor),
    },
    Case {
        name: "Ice Lake features to a Haswell host without EVC",
        edits: &[MIXED_CPUS],
        trips: Some(CheckName::CpuFeatures),
    },
    Case {
        name: "an EVC baseline at the older generation masks the newer features",
        edits: &[
            MIXED_CPUS,
            &[("# +end", "[cluster]\nevc_baseline = \"haswell\"")],
        ],
        trips: None,
    },
    Case {
        name: "a baseline older than both hosts works too",
        edits: &[
            MIXED_CPUS,
            &[("# +end", "[cluster]\nevc_baseline = \"merom\"")],
        ],
        trips: None,
    },
    Case {
        name: "EVC asked for under the running VM: refused, it keeps Ice Lake",
        edits: &[MIXED_CPUS, &[("# +end", EVC_AT_1)]],
        trips: Some(CheckName::CpuFeatures),
    },
    Case {
        name: "the VM powered off, EVC on, the VM powered on: it may move",
        edits: &[
            MIXED_CPUS,
            &[(
                "# +end",
                r#"[[timeline]]
at_s = 1
set = "vm.web.powered_on"
value = false

[[timeline]]
at_s = 2
set = "cluster.evc_baseline"
value = "haswell"

[[timeline]]
at_s = 3
set = "vm.web.powered_on"
value = true"#,
            )],
        ],
        trips: None,
    },
    Case {
        name: "no vMotion network on the destination",
        edits: &[&[("vmotion_gbps = 10 # esx2 vMotion", "")]],
        trips: Some(CheckName::VmotionNetwork),
    },
    Case {
        name: "no vMotion network on the source",
        edits: &[&[("vmotion_gbps = 10 # esx1 vMotion", "")]],
        trips: Some(CheckName::VmotionNetwork),
    },
    Case {
        name: "the disk on a datastore the destination does not see",
        edits: &[LOCAL_DISK],
        trips: Some(CheckName::SharedStorage),
    },
    Case {
        name: "moving the disk to a datastore both see fixes it",
        edits: &[LOCAL_DISK, &[("# +migration", "to_datastore = \"shared\"")]],
        trips: None,
    },
    Case {
        name: "a destination datastore the destination does not see",
        edits: &[
            &[(
                r#"datastores = ["shared"] # esx1 datastores"#,
                r#"datastores = ["shared", "local1"]"#,
            )],
            &[("# +migration", "to_datastore = \"local1\"")],
        ],
        trips: Some(CheckName::DestinationDatastore),
    },
    Case {
        name: "a connected CD-ROM",
        edits: &[&[("# +web", "connected_devices = [\"cdrom\"]")]],
        trips: Some(CheckName::LocalDevices),
    },
    Case {
        name: "vCPUs pinned to physical CPUs",
        edits: &[&[("# +web", "cpu_affinity = [0, 1]")]],
        trips: Some(CheckName::CpuAffinity),
    },
    Case {
        name: "an internal-only vSwitch",
        edits: &[&[("# +web", "internal_switch = true")]],
        trips: Some(CheckName::InternalSwitch),
    },
    Case {
        name: "a CPU reservation esx2 cannot back",
        // 15000 MHz fits esx1 (20000) and the cluster (30000), not esx2.
        edits: &[&[("# +web", "cpu_reservation_mhz = 15000")]],
        trips: Some(CheckName::DestinationCapacity),
    },
    Case {
        name: "a CPU reservation esx2 can back",
        edits: &[&[("# +web", "cpu_reservation_mhz = 9000")]],
        trips: None,
    },
    Case {
        name: "two vCenters in one SSO domain, 80 ms apart",
        edits: &[CROSS],
        trips: None,
    },
    Case {
        name: "two SSO domains",
        edits: &[
            CROSS,
            &[(
                r#"sso_domain = "vsphere.local" # vc2 sso"#,
                r#"sso_domain = "branch.local""#,
            )],
        ],
        trips: Some(CheckName::SsoDomain),
    },
    Case {
        name: "a vCenter 5.5",
        edits: &[
            CROSS,
            &[(r#"version = "8.0" # vc2 version"#, r#"version = "5.5""#)],
        ],
        trips: Some(CheckName::VcenterVersion),
    },
    Case {
        name: "a round trip of 160 ms",
        edits: &[CROSS, &[("rtt_ms = 40 # vc2 rtt", "rtt_ms = 120")]],
        trips: Some(CheckName::RoundTrip),
    },
    Case {
        name: "a round trip of exactly 150 ms is allowed",
        edits: &[CROSS, &[("rtt_ms = 40 # vc2 rtt", "rtt_ms = 110")]],
        trips: None,
    },
];

/// The checks that run only between two vCenters.
const CROSS_VCENTER: [CheckName; 3] = [
    CheckName::SsoDomain,
    CheckName::VcenterVersion,
    CheckName::RoundTrip,
];

/// The checks a migration runs, in their order.
fn checks_run(cross: bool) -> Vec<CheckName> {
    CheckName::ALL
        .into_iter()
        .filter(|c| cross || !CROSS_VCENTER.contains(c))
        .collect()
}

/// Applies `edits` to [`BASE`].
fn source(edits: &[&[(&str, &str)]]) -> String {
    let mut s = BASE.to_string();
    for (needle, with) in edits.iter().flat_map(|e| e.iter()) {
        assert_eq!(s.matches(needle).count(), 1, "needle {needle:?} in\n{s}");
        s = s.replacen(needle, with, 1);
    }
    s
}

fn run(src: &str) -> Trace {
    let s = parse_scenario("m.toml", src).unwrap_or_else(|e| panic!("{e:?}\n{src}"));
    Sim::run(&s, 7, &[]).expect("no settings")
}

/// Where `vm` runs at each sample (`None` while powered off).
fn hosts_over_time(t: &Trace, vm: &str) -> Vec<Option<String>> {
    t.samples
        .iter()
        .map(|s| {
            let v = s.vms.iter().find(|v| v.name == vm).expect("the VM");
            v.host.clone().filter(|_| v.powered_on)
        })
        .collect()
}

fn check_case(case: &Case) {
    let src = source(case.edits);
    let t = run(&src);
    let r: &MigrationRecord = &t.migrations[0];
    let cross = case.edits.contains(&CROSS);
    let names: Vec<CheckName> = r.checks.iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        checks_run(cross),
        "{}: the checks that ran",
        case.name
    );
    for c in &r.checks {
        let should_fail = Some(c.name) == case.trips;
        assert_eq!(!c.passed, should_fail, "{}: {c:?}", case.name);
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
        Some(name) => {
            assert_eq!(r.outcome, Outcome::Refused, "{}: {r:?}", case.name);
            assert!(!r.started && r.start_ms.is_none() && r.rounds.is_empty());
            assert_eq!(
                r.note,
                Some(MigrationNote::Refused { failed: vec![name] }),
                "{}",
                case.name
            );
            // One event: refused at the requested time, naming the check.
            assert_eq!(
                migration_events.len(),
                1,
                "{}: {migration_events:?}",
                case.name
            );
            let e = migration_events[0];
            assert_eq!(
                (e.kind, e.t_s, e.subject.as_str()),
                (EventKind::MigrationRefused, 40, "web")
            );
            match &e.detail {
                Detail::Migration { to, note, .. } => {
                    assert_eq!(*to, r.to);
                    assert_eq!(*note, MigrationNote::Refused { failed: vec![name] });
                }
                other => panic!("{other:?}"),
            }
            // The VM never moved: on esx1 throughout from 40 s (or off).
            assert!(
                before[40..].iter().all(|h| *h == on_esx1),
                "{}: {before:?}",
                case.name
            );
        }
        None => {
            assert_eq!(r.outcome, Outcome::Completed, "{}: {r:?}", case.name);
            let kinds: Vec<EventKind> = migration_events.iter().map(|e| e.kind).collect();
            assert_eq!(
                kinds,
                [EventKind::MigrationStarted, EventKind::MigrationCompleted],
                "{}",
                case.name
            );
            assert_eq!(before[40], on_esx1, "{}", case.name);
            assert_eq!(
                before.last().cloned().flatten().as_deref(),
                Some("esx2"),
                "{}",
                case.name
            );
        }
    }
}

#[test]
fn each_pre_check_trips_alone_and_refuses_the_migration() {
    for case in CASES {
        check_case(case);
    }
}

#[test]
fn every_check_has_a_case_that_trips_it() {
    for name in CheckName::ALL {
        assert!(
            CASES.iter().any(|c| c.trips == Some(name)),
            "no case trips {}",
            name.name()
        );
    }
}

#[test]
fn all_failed_checks_are_reported_at_once() {
    // A student sees every cause in one attempt, not one per try.
    let src = source(&[
        &[(
            "# +web",
            "connected_devices = [\"usb\"]\ncpu_affinity = [3]",
        )],
        &[("# +esx2", "maintenance = true")],
    ]);
    let r = &run(&src).migrations[0];
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
    // The case above: at 1 s web runs with Ice Lake features, so the
    // Haswell baseline is refused (power it off first) and EVC stays off.
    let t = run(&source(&[MIXED_CPUS, &[("# +end", EVC_AT_1)]]));
    let refused = t
        .events
        .iter()
        .find(|e| e.kind == EventKind::SettingRefused)
        .expect("setting_refused");
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

/// A scenario the loader rejects, the field it names and words the
/// message must contain.
struct Invalid {
    name: &'static str,
    edits: &'static [&'static [(&'static str, &'static str)]],
    field: &'static str,
    says: &'static [&'static str],
}

const INVALID: &[Invalid] = &[
    Invalid {
        name: "an EVC baseline newer than the oldest host",
        edits: &[
            MIXED_CPUS,
            &[("# +end", "[cluster]\nevc_baseline = \"icelake\"")],
        ],
        field: "cluster.evc_baseline",
        says: &["esx2", "Haswell", "older than"],
    },
    Invalid {
        name: "an EVC baseline of the other vendor",
        edits: &[&[("# +end", "[cluster]\nevc_baseline = \"zen2\"")]],
        field: "cluster.evc_baseline",
        says: &["not an Intel EVC baseline", "haswell"],
    },
    Invalid {
        name: "EVC over two vendors",
        edits: &[
            &[("# +esx2", "cpu_vendor = \"amd\"")],
            &[("# +end", "[cluster]\nevc_baseline = \"merom\"")],
        ],
        field: "cluster.evc_baseline",
        says: &["one CPU vendor"],
    },
    Invalid {
        name: "an unknown CPU generation",
        edits: &[&[("# +esx2", "cpu_generation = \"pentium4\"")]],
        field: "host[1].cpu_generation",
        says: &["pentium4", "skylake"],
    },
    Invalid {
        name: "an AMD generation on an Intel host",
        edits: &[&[("# +esx1", "cpu_generation = \"zen3\"")]],
        field: "host[0].cpu_generation",
        says: &["not an Intel generation"],
    },
    Invalid {
        name: "a migration of an unknown VM",
        edits: &[&[("vm = \"web\"", "vm = \"db\"")]],
        field: "migration[0].vm",
        says: &["'db'", "web"],
    },
    Invalid {
        name: "a migration to an unknown host",
        edits: &[&[("to_host = \"esx2\"", "to_host = \"esx9\"")]],
        field: "migration[0].to_host",
        says: &["'esx9'", "esx1, esx2"],
    },
    Invalid {
        name: "a migration to a datastore no host sees",
        edits: &[&[("# +migration", "to_datastore = \"nowhere\"")]],
        field: "migration[0].to_datastore",
        says: &["nowhere"],
    },
    Invalid {
        name: "a migration after the end of the run",
        edits: &[&[("at_s = 40", "at_s = 61")]],
        field: "migration[0].at_s",
        says: &["duration_s = 60"],
    },
    Invalid {
        name: "an unsupported vMotion speed",
        edits: &[&[("vmotion_gbps = 10 # esx2 vMotion", "vmotion_gbps = 5")]],
        field: "host[1].vmotion_gbps",
        says: &["1, 10, 25, 40 or 100"],
    },
    Invalid {
        name: "a host in an undeclared vCenter",
        edits: &[&[("# +esx2", "vcenter = \"vc9\"")]],
        field: "host[1].vcenter",
        says: &["vc9"],
    },
];

#[test]
fn bad_migration_input_is_rejected_at_load_naming_the_field() {
    for case in INVALID {
        let src = source(case.edits);
        let errors = match parse_scenario("m.toml", &src) {
            Ok(_) => panic!("{}: loaded", case.name),
            Err(e) => e,
        };
        let e = errors
            .iter()
            .find(|e| e.field == case.field)
            .unwrap_or_else(|| panic!("{}: no error on {}: {errors:?}", case.name, case.field));
        for word in case.says {
            assert!(e.message.contains(word), "{}: {e}", case.name);
        }
        assert_eq!(errors.len(), 1, "{}: {errors:?}", case.name);
    }
}
