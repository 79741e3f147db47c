//! vApps: a pool that powers its VMs on in start order, with a delay
//! between groups, and off in reverse (vSphere Virtual Machine
//! Administration, "vApp Start Order"; default delay 120 s).

use crate::fixtures::{first_event, run, run_with};
use vlab_sim::base::setting::Value;
use vlab_sim::event::Detail;
use vlab_sim::resource::refusal::Shortage;
use vlab_sim::{parse_scenario, EventKind, Trace};

const SHOP: &str = r#"
duration_s = 800
[[host]]
name = "h"
cpu_mhz = 10000
mem_mb = 16384
[[vapp]]
name = "shop"
cpu_reservation_mhz = 3000
cpu_expandable = false
[[vm]]
name = "db"
pool = "shop"
mem_mb = 1024
[[vm]]
name = "app"
pool = "shop"
mem_mb = 1024
start_order = 2
[[vm]]
name = "web"
pool = "shop"
mem_mb = 1024
start_order = 3
[[vm]]
name = "web2"
pool = "shop"
mem_mb = 1024
start_order = 3
[[timeline]]
at_s = 400
set = "vapp.shop.powered_on"
value = false
"#;

fn power_log(t: &Trace) -> Vec<(u32, &'static str, String)> {
    t.events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::PowerOn => Some((e.t_s, "on", e.subject.clone())),
            EventKind::PowerOff => Some((e.t_s, "off", e.subject.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn groups_start_in_order_with_the_default_delay_and_stop_in_reverse() {
    let t = run(SHOP);
    let log = power_log(&t);
    let expect = |s: &[(u32, &'static str, &str)]| {
        s.iter()
            .map(|&(t, k, n)| (t, k, n.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        log,
        expect(&[
            (0, "on", "db"),
            (120, "on", "app"),
            (240, "on", "web"),
            (240, "on", "web2"),
            (400, "off", "web2"),
            (400, "off", "web"),
            (520, "off", "app"),
            (640, "off", "db"),
        ])
    );
    assert_eq!(t.events[0].kind, EventKind::VappPowerOn);
}

#[test]
fn the_delay_is_a_setting() {
    let t = run_with(SHOP, &[("vapp.shop.start_delay_s", Value::Int(60))]);
    let ons: Vec<u32> = power_log(&t)
        .into_iter()
        .filter(|e| e.1 == "on")
        .map(|e| e.0)
        .collect();
    assert_eq!(ons, vec![0, 60, 120, 120]);
}

#[test]
fn a_vapp_is_a_pool_for_admission_control() {
    // Not expandable: 3 GHz for its VMs' reservations, 2 GHz each.
    let toml = SHOP
        .replace(
            "name = \"app\"\npool = \"shop\"",
            "name = \"app\"\npool = \"shop\"\ncpu_reservation_mhz = 2000",
        )
        .replace(
            "name = \"db\"\npool = \"shop\"",
            "name = \"db\"\npool = \"shop\"\ncpu_reservation_mhz = 2000",
        );
    let t = run(&toml);
    let denied = first_event(&t, EventKind::AdmissionDenied).expect("app refused");
    assert_eq!((denied.t_s, denied.subject.as_str()), (120, "app"));
    assert!(
        matches!(&denied.detail, Detail::Admission(Shortage { pool: Some(p), available: 1000, .. }) if p == "shop")
    );
}

#[test]
fn a_vapp_powered_off_in_the_file_starts_nothing_until_asked() {
    let toml = SHOP
        .replace("name = \"shop\"\n", "name = \"shop\"\npowered_on = false\n")
        .replace("value = false", "value = true");
    let t = run(&toml);
    let first = power_log(&t)[0].clone();
    assert_eq!(first, (400, "on", "db".to_string()));
}

#[test]
fn unknown_vapp_fields_are_rejected_with_the_line() {
    let bad = "[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 1024\n[[vapp]]\nname = \"x\"\nstart_dealy_s = 5\n";
    let err = parse_scenario("bad.toml", bad).unwrap_err();
    assert_eq!(err[0].line, Some(5));
    assert!(
        err[0].message.contains("start_dealy_s"),
        "{}",
        err[0].message
    );
}
