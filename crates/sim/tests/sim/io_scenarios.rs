//! NIOC and SIOC inside a scenario: parsed from `[nioc]` and `[sioc]`,
//! changed by settings and the timeline, read by metrics and goals.

use crate::fixtures::{metric_at, run_with};
use vlab_sim::base::setting::{Setting, Value};
use vlab_sim::{parse_scenario, EventKind, Trace};

const SCENARIO: &str = r#"
duration_s = 40
[[host]]
name = "h"
cpu_mhz = 10000
mem_mb = 16384
[[vm]]
name = "web"
mem_mb = 1024
[[vm]]
name = "batch"
mem_mb = 1024
[nioc]
uplink_gbps = 10
[[nioc.traffic]]
kind = "vmotion"
demand_mbps = 8000
[[nioc.traffic]]
kind = "virtual_machine"
demand_mbps = 6000
[sioc]
peak_iops = 10000
base_latency_us = 3000
max_queue_depth = 512
threshold = { latency_ms = 30 }
[[sioc.disk]]
vm = "web"
demand_iops = 1000
[[sioc.disk]]
vm = "batch"
demand_iops = 20000
[[timeline]]
at_s = 20
set = "sioc.enabled"
value = true
"#;

fn run(settings: &[(&str, Value)]) -> Trace {
    run_with(SCENARIO, settings)
}

#[test]
fn under_contention_vm_traffic_high_shares_beat_vmotion() {
    // 14 Gbps wanted on 10: VM traffic (100 shares) gets its 6000 in
    // full, since 100:50 of 10000 would give it 6667; vMotion the rest.
    let t = run(&[]);
    assert_eq!(
        metric_at(&t, "traffic.virtual_machine.granted_mbps", 0),
        6000
    );
    assert_eq!(metric_at(&t, "traffic.vmotion.granted_mbps", 0), 4000);
}

#[test]
fn a_vmotion_reservation_protects_it() {
    let t = run(&[
        ("traffic.virtual_machine.demand_mbps", Value::Int(10_000)),
        ("traffic.vmotion.reservation_mbps", Value::Int(5000)),
    ]);
    assert_eq!(metric_at(&t, "traffic.vmotion.granted_mbps", 0), 5000);
    assert_eq!(
        metric_at(&t, "traffic.virtual_machine.granted_mbps", 0),
        5000
    );
}

#[test]
fn reservations_above_75_percent_of_the_uplink_are_rejected() {
    let s = parse_scenario("io.toml", SCENARIO).unwrap();
    let err = s
        .with_settings(&[Setting {
            target: "traffic.vmotion.reservation_mbps".into(),
            value: Value::Int(8000),
        }])
        .expect_err("above 75%");
    assert!(err.message.contains("75%"), "{}", err.message);
}

#[test]
fn enabling_sioc_protects_the_small_vm_from_the_noisy_neighbour() {
    let t = run(&[]);
    // Before: FCFS, the small VM gets under half its demand.
    assert!(metric_at(&t, "disk.web.iops", 0) < 500);
    assert!(metric_at(&t, "datastore.latency_ms", 0) > 30);
    assert_eq!(metric_at(&t, "datastore.congested", 0), 1);
    // After the timeline turns SIOC on: latency held at the threshold and
    // the small VM gets all it asks for.
    assert_eq!(metric_at(&t, "datastore.latency_ms", 20), 30);
    assert_eq!(metric_at(&t, "disk.web.iops", 20), 1000);
    assert!(t
        .events
        .iter()
        .any(|e| e.kind == EventKind::SettingChanged && e.subject == "sioc"));
}

#[test]
fn an_iops_limit_caps_the_noisy_neighbour_even_without_sioc() {
    let t = run(&[("disk.batch.limit_iops", Value::Int(2000))]);
    assert_eq!(metric_at(&t, "disk.batch.iops", 0), 2000);
    assert_eq!(metric_at(&t, "disk.web.iops", 0), 1000);
}

#[test]
fn a_powered_off_vm_issues_no_io() {
    let t = run(&[("vm.batch.powered_on", Value::Bool(false))]);
    assert_eq!(metric_at(&t, "disk.batch.iops", 0), 0);
    assert_eq!(metric_at(&t, "datastore.congested", 0), 0);
}

#[test]
fn io_targets_name_what_is_wrong() {
    let s = parse_scenario("io.toml", SCENARIO).unwrap();
    for (target, value, says) in [
        ("traffic.ftp.shares", Value::Int(10), "not a traffic type"),
        (
            "disk.nobody.shares",
            Value::Int(10),
            "no disk of VM 'nobody'",
        ),
        ("nioc.uplink_gbps", Value::Int(40), "1, 10 or 25"),
        ("sioc.enabled", Value::Int(1), "true or false"),
    ] {
        let err = s
            .with_settings(&[Setting {
                target: target.into(),
                value,
            }])
            .expect_err(target);
        assert!(err.message.contains(says), "{target}: {}", err.message);
    }
}
