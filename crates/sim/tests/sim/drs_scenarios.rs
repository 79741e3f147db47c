//! DRS and DPM through whole scenarios, each a small TOML cluster run by
//! the same parser and simulation as a lab: FusionCompute's scheduling
//! baselines, initial placement that keeps rules, manual approval,
//! maintenance mode without DRS. Sources: docs/references.md "DRS and DPM";
//! the FusionCompute seed notes (scheduling baseline, BMC, threshold not
//! conservative).

use crate::fixtures::{run, run_with};
use vlab_sim::drs::note::DrsNote;
use vlab_sim::drs::pass::Why;
use vlab_sim::event::Detail;
use vlab_sim::{parse_scenario, EventKind, Trace, Value};

fn hosts(n: usize, extra: &str) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "[[host]]\nname = \"esx{i}\"\nsockets = 2\ncores_per_socket = 8\ncore_mhz = 2000\nmem_mb = 65536\nvmotion_gbps = 10\n{extra}\n"
            )
        })
        .collect()
}

fn vm(name: &str, host: Option<&str>, cpu_mhz: u64) -> String {
    let host = host.map_or(String::new(), |h| format!("host = \"{h}\"\n"));
    format!("[[vm]]\nname = \"{name}\"\n{host}vcpus = 4\nmem_mb = 4096\nmem_demand_mb = 2048\ncpu_demand_mhz = {cpu_mhz}\n")
}

fn host_of(t: &Trace, vm: &str) -> String {
    let v = t.last().vms.iter().find(|v| v.name == vm).unwrap();
    v.host.clone().unwrap_or_default()
}

/// esx1 at about 50% CPU, the others nearly idle: clearly imbalanced.
fn lopsided(platform: &str) -> String {
    format!(
        "platform = \"{platform}\"\nduration_s = 900\nstep_s = 60\n[drs]\n{}{}{}{}{}",
        hosts(3, ""),
        vm("a", Some("esx1"), 6000),
        vm("b", Some("esx1"), 5000),
        vm("c", Some("esx1"), 5000),
        vm("d", Some("esx2"), 500),
    )
}

#[test]
fn fusioncompute_leaves_hosts_below_its_baseline_alone() {
    // 16000 of 32000 MHz = 50%: below the default 60% baseline.
    let fc = run(&lopsided("fusioncompute"));
    assert_eq!(fc.drs.as_ref().unwrap().migrations, 0);
    // vSphere balances the same cluster.
    let vs = run(&lopsided("vsphere"));
    assert!(vs.drs.as_ref().unwrap().migrations >= 1);
    // A 40% baseline puts esx1 above it: FusionCompute moves too.
    let low = run_with(
        &lopsided("fusioncompute"),
        &[("drs.cpu_baseline_pct", Value::Int(40))],
    );
    assert!(low.drs.as_ref().unwrap().migrations >= 1);
}

#[test]
fn fusioncompute_refuses_partial_automation() {
    let src = lopsided("fusioncompute").replace("[drs]\n", "[drs]\nautomation = \"partial\"\n");
    let e = parse_scenario("fc.toml", &src).unwrap_err();
    assert!(
        e.iter().any(|p| p.to_string().contains("drs.automation")),
        "{e:?}"
    );
}

#[test]
fn fusioncompute_power_management_needs_a_threshold_above_conservative() {
    let night = |platform: &str, threshold: i64| {
        let src = format!(
            "platform = \"{platform}\"\nduration_s = 7200\nstep_s = 300\n[drs]\n[dpm]\n{}{}{}",
            hosts(3, "power_mgmt = \"ipmi\""),
            vm("a", Some("esx1"), 500),
            vm("b", Some("esx2"), 500),
        );
        let t = run_with(&src, &[("drs.threshold", Value::Int(threshold))]);
        t.events
            .iter()
            .filter(|e| e.kind == EventKind::HostStandby)
            .count()
    };
    assert!(
        night("fusioncompute", 3) > 0,
        "idle hosts sleep at threshold 3"
    );
    assert_eq!(
        night("fusioncompute", 1),
        0,
        "conservative: no power management"
    );
    assert!(
        night("vsphere", 1) > 0,
        "vSphere's DPM does not depend on the threshold"
    );
}

#[test]
fn initial_placement_keeps_anti_affinity_and_must_rules() {
    let src = format!(
        "duration_s = 60\n[drs]\n{}{}{}{}[[rule]]\nkind = \"anti_affinity\"\nvms = [\"db1\", \"db2\"]\n[[rule]]\nkind = \"vm_host_must\"\nvms = [\"lic\"]\nhosts = [\"esx3\"]\n",
        hosts(3, ""),
        vm("db1", None, 1000),
        vm("db2", None, 1000),
        vm("lic", None, 1000),
    );
    let t = run(&src);
    assert_ne!(host_of(&t, "db1"), host_of(&t, "db2"));
    assert_eq!(host_of(&t, "lic"), "esx3");
}

#[test]
fn manual_mode_moves_only_what_the_student_applied() {
    let src = lopsided("vsphere").replace("[drs]\n", "[drs]\nautomation = \"manual\"\n");
    let none = run(&src);
    let d = none.drs.as_ref().unwrap();
    assert_eq!(d.migrations, 0);
    assert!(!d.recommendations.is_empty());
    assert!(d.recommendations.iter().all(|r| !r.applied));
    assert_eq!(d.imbalance_after_milli, d.imbalance_before_milli);
    let one = run_with(&src, &[("drs.approved", Value::Int(1))]);
    let d1 = one.drs.as_ref().unwrap();
    assert_eq!(d1.migrations, 1);
    assert!(d1.recommendations[0].applied);
    assert!(d1.imbalance_after_milli < d1.imbalance_before_milli);
    // The first recommendation is the same whether applied or not.
    assert_eq!(d.recommendations[0].vm, d1.recommendations[0].vm);
    assert_eq!(d.recommendations[0].to, d1.recommendations[0].to);
}

#[test]
fn without_drs_maintenance_mode_says_the_vms_must_be_moved_by_hand() {
    let src = format!(
        "duration_s = 300\n[drs]\nenabled = false\n{}{}[[maintenance]]\nhost = \"esx1\"\nat_s = 60\n",
        hosts(2, ""),
        vm("a", Some("esx1"), 1000),
    );
    let t = run(&src);
    let blocked: Vec<&Detail> = t
        .events
        .iter()
        .filter(|e| e.kind == EventKind::EvacuationBlocked)
        .map(|e| &e.detail)
        .collect();
    assert_eq!(blocked.len(), 1, "{blocked:?}");
    assert!(
        matches!(
            blocked[0],
            Detail::Drs(DrsNote::Blocked {
                why: Why::DrsOff,
                ..
            })
        ),
        "{:?}",
        blocked[0]
    );
    assert_eq!(host_of(&t, "a"), "esx1");
    assert!(!t
        .events
        .iter()
        .any(|e| e.kind == EventKind::MaintenanceEntered));
}

#[test]
fn leaving_maintenance_mode_lets_drs_use_the_host_again() {
    let src = format!(
        "duration_s = 1800\nstep_s = 60\n[drs]\n{}{}{}{}[[maintenance]]\nhost = \"esx2\"\nat_s = 60\nuntil_s = 600\n",
        hosts(2, ""),
        vm("a", Some("esx1"), 8000),
        vm("b", Some("esx2"), 8000),
        vm("c", Some("esx1"), 8000),
    );
    let t = run(&src);
    let kinds: Vec<EventKind> = t.events.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&EventKind::MaintenanceEntered));
    assert!(kinds.contains(&EventKind::MaintenanceExited));
    let on_esx2 = t
        .last()
        .hosts
        .iter()
        .find(|h| h.name == "esx2")
        .unwrap()
        .vms_running;
    assert!(on_esx2 >= 1, "DRS moved load back after maintenance");
}

#[test]
fn ha_restarts_keep_must_and_anti_affinity_rules() {
    let base = format!(
        "duration_s = 300\n[ha]\nadmission = \"disabled\"\n{}{}{}{}{}[[fault]]\nkind = \"host_crash\"\ntarget = \"esx1\"\nat_s = 30\n",
        hosts(3, "datastores = [\"san\"]"),
        vm("db1", Some("esx1"), 1000),
        vm("db2", Some("esx2"), 1000),
        vm("lic", Some("esx1"), 1000),
        // esx3 is the busier survivor: by load alone both go to esx2.
        vm("busy", Some("esx3"), 8000),
    );
    let free = run(&base);
    assert_eq!(host_of(&free, "db1"), "esx2");
    assert_eq!(host_of(&free, "lic"), "esx2");
    let rules = "[[rule]]\nkind = \"anti_affinity\"\nvms = [\"db1\", \"db2\"]\n[[rule]]\nkind = \"vm_host_must\"\nvms = [\"lic\"]\nhosts = [\"esx1\", \"esx3\"]\n";
    let t = run(&format!("{base}{rules}"));
    // db1 may not join db2 on esx2; lic may only go to esx3.
    assert_eq!(host_of(&t, "db1"), "esx3");
    assert_eq!(host_of(&t, "lic"), "esx3");
}

#[test]
fn drs_says_once_why_it_stays_above_its_target() {
    // The lopsided cluster, but without vMotion networks: no move can run.
    let src = lopsided("vsphere").replace("vmotion_gbps = 10\n", "");
    let t = run(&src);
    let stalls: Vec<_> = t
        .events
        .iter()
        .filter(|e| e.kind == EventKind::DrsNoMove)
        .collect();
    assert_eq!(stalls.len(), 1, "said once, not at each of the 3 passes");
    assert_eq!(stalls[0].t_s, 300);
    match &stalls[0].detail {
        Detail::Drs(DrsNote::NoMove {
            imbalance_milli,
            target_milli,
            best,
        }) => {
            assert!(imbalance_milli > target_milli, "above the target");
            assert_eq!(best.why, Why::NoVmotion);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(t.drs.as_ref().unwrap().migrations, 0);
    // With the networks DRS moves, and says nothing of the kind.
    let moving = run(&lopsided("vsphere"));
    assert!(!moving.events.iter().any(|e| e.kind == EventKind::DrsNoMove));
}
