//! Pool settings (`pool.NAME.FIELD = VALUE`): reading and writing every
//! field, bad values named by the setting, order independence, and run-time
//! changes through admission control. Built on the Resource Management
//! Guide's expandable reservation example (RP-MOM reserving 6 GHz with
//! VM-M1 at 1 GHz, child RP-KID reserving 2 GHz with VM-K1 at 2 GHz).

use crate::fixtures::{pool_vm, MOM_AND_KID_POOLS};
use vlab_sim::event::{Detail, SettingRefusal};
use vlab_sim::inventory::pool_field::PoolField;
use vlab_sim::resource::refusal::Shortage;
use vlab_sim::resource::refusal::{Shortfall, Stop};
use vlab_sim::scenario::{current_value, Target};
use vlab_sim::{parse_scenario, EventKind, Scenario, Setting, Sim, Value};

/// The guide's example for 40 s: VM-M1 (1 GHz) in RP-MOM, VM-K1 (2 GHz)
/// in RP-KID.
fn mom_and_kid() -> String {
    format!(
        "\nduration_s = 40\n{MOM_AND_KID_POOLS}{}{}",
        pool_vm("VM-M1", "RP-MOM", 1000),
        pool_vm("VM-K1", "RP-KID", 2000)
    )
}

fn scenario() -> Scenario {
    parse_scenario("s.toml", &mom_and_kid()).expect("valid")
}

fn set(target: &str, value: Value) -> Setting {
    Setting {
        target: target.into(),
        value,
    }
}

fn int(n: i64) -> Value {
    Value::Int(n)
}

fn text(t: &str) -> Value {
    Value::Text(t.into())
}

#[test]
fn current_value_reads_every_pool_field_and_vm_fields_as_before() {
    let s = scenario();
    let want = [
        ("cpu_reservation_mhz", int(2000)),
        ("cpu_limit_mhz", text("unlimited")),
        ("cpu_shares", text("normal")),
        ("mem_reservation_mb", int(0)),
        ("mem_limit_mb", text("unlimited")),
        ("mem_shares", text("normal")),
        ("cpu_expandable", Value::Bool(true)),
        ("mem_expandable", Value::Bool(true)),
        ("expandable", Value::Bool(true)),
    ];
    assert_eq!(want.len(), PoolField::ALL.len());
    for (field, value) in want {
        let target = format!("pool.RP-KID.{field}");
        assert_eq!(current_value(&s, &target), Ok(value), "{target}");
    }
    assert_eq!(
        current_value(&s, "pool.RP-MOM.cpu_expandable"),
        Ok(Value::Bool(false))
    );
    assert_eq!(
        current_value(&s, "vm.VM-K1.cpu_reservation_mhz"),
        Ok(int(2000))
    );
    assert_eq!(
        current_value(&s, "vm.VM-K1.cpu_limit_mhz"),
        Ok(text("unlimited"))
    );
}

#[test]
fn every_pool_field_can_be_set() {
    let s = scenario();
    let settings = [
        set("pool.RP-KID.cpu_reservation_mhz", int(3000)),
        set("pool.RP-KID.cpu_limit_mhz", int(5000)),
        set("pool.RP-KID.cpu_shares", text("high")),
        set("pool.RP-KID.mem_reservation_mb", int(1024)),
        set("pool.RP-KID.mem_limit_mb", int(4096)),
        set("pool.RP-KID.mem_shares", int(100_000)),
        set("pool.RP-KID.cpu_expandable", Value::Bool(false)),
        set("pool.RP-KID.mem_expandable", Value::Bool(false)),
    ];
    let changed = s.with_settings(&settings).expect("all valid");
    for setting in &settings {
        assert_eq!(
            current_value(&changed, &setting.target).as_ref(),
            Ok(&setting.value),
            "{}",
            setting.target
        );
    }
    // The file's scenario is untouched.
    assert_eq!(s, scenario());
    // "unlimited" clears a limit again.
    let cleared = changed
        .with_settings(&[
            set("pool.RP-KID.cpu_limit_mhz", text("unlimited")),
            set("pool.RP-KID.mem_limit_mb", text("unlimited")),
        ])
        .unwrap();
    let kid = cleared.pool("RP-KID").unwrap();
    assert_eq!((kid.cpu_limit_mhz, kid.mem_limit_mb), (None, None));
}

#[test]
fn bad_pool_settings_name_the_setting_and_the_fix() {
    let s = scenario();
    let cases: &[(&str, Value, &[&str])] = &[
        (
            "pool.RP-NOPE.cpu_reservation_mhz",
            int(1),
            &["no resource pool named 'RP-NOPE'", "RP-MOM, RP-KID"],
        ),
        (
            "pool.RP-KID.parent",
            text("RP-MOM"),
            &["'parent' is not a pool field", "cpu_expandable"],
        ),
        (
            "pool.RP-KID.cpu_expandable",
            int(1),
            &["expected true or false, got '1'"],
        ),
        (
            "pool.RP-KID.cpu_reservation_mhz",
            int(-5),
            &["expected a whole number 0 or more"],
        ),
        (
            "pool.RP-KID.cpu_limit_mhz",
            text("lots"),
            &["\"unlimited\"", "got 'lots'"],
        ),
        (
            "pool.RP-KID.mem_shares",
            text("huge"),
            &["low, normal, high or a number"],
        ),
        (
            "pool.RP-KID.cpu_limit_mhz",
            int(1000),
            &["limit 1000 MHz is below the reservation 2000 MHz"],
        ),
        // RP-MOM's 6 GHz is not expandable: it cannot back a 7 GHz child.
        (
            "pool.RP-KID.cpu_reservation_mhz",
            int(7000),
            &[
                "pool RP-MOM could not back it",
                "child pools reserve 7000 MHz",
                "cpu_expandable = true",
            ],
        ),
        // The host has 20 GHz.
        (
            "pool.RP-MOM.cpu_reservation_mhz",
            int(25_000),
            &["the pools reserve 25000 MHz, more than the cluster's 20000 MHz"],
        ),
        (
            "pools.RP-KID.cpu_shares",
            text("high"),
            &["vm.NAME.FIELD", "pool.NAME.FIELD"],
        ),
    ];
    for (target, value, says) in cases {
        let err = s
            .with_settings(&[set(target, value.clone())])
            .expect_err(target);
        assert_eq!(&err.target, target);
        for want in *says {
            assert!(
                err.message.contains(want),
                "{target}: `{}` lacks `{want}`",
                err.message
            );
        }
    }
}

#[test]
fn a_tree_problem_is_blamed_on_the_pool_setting_that_caused_it() {
    // Lowering RP-MOM below its child's 2 GHz: blamed on RP-MOM's setting,
    // even with a harmless setting on another pool before it.
    let err = scenario()
        .with_settings(&[
            set("pool.RP-KID.cpu_shares", text("high")),
            set("pool.RP-MOM.cpu_reservation_mhz", int(1000)),
        ])
        .unwrap_err();
    assert_eq!(err.target, "pool.RP-MOM.cpu_reservation_mhz");
    assert!(
        err.message.starts_with("its child pools reserve 2000 MHz"),
        "{}",
        err.message
    );
}

#[test]
fn pool_settings_are_checked_together_so_order_does_not_matter() {
    let s = scenario();
    // A limit of 1 GHz is below RP-KID's 2 GHz reservation until the
    // reservation drops to 500 MHz: fine together, in any order.
    let limit = set("pool.RP-KID.cpu_limit_mhz", int(1000));
    let reservation = set("pool.RP-KID.cpu_reservation_mhz", int(500));
    let mom = set("pool.RP-MOM.cpu_reservation_mhz", int(1000));
    let orders = [
        vec![limit.clone(), reservation.clone(), mom.clone()],
        vec![mom.clone(), reservation.clone(), limit.clone()],
        vec![reservation.clone(), mom.clone(), limit.clone()],
    ];
    let results: Vec<Scenario> = orders
        .iter()
        .map(|o| s.with_settings(o).expect("valid together"))
        .collect();
    assert!(results.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(
        current_value(&results[0], "pool.RP-KID.cpu_limit_mhz"),
        Ok(int(1000))
    );
    // A 4 GHz child under a 3 GHz non-expandable RP-MOM is refused in
    // either order, blamed on the same setting; RP-MOM expandable fixes it.
    let kid = set("pool.RP-KID.cpu_reservation_mhz", int(4000));
    let mom = set("pool.RP-MOM.cpu_reservation_mhz", int(3000));
    let a = s.with_settings(&[kid.clone(), mom.clone()]).unwrap_err();
    let b = s.with_settings(&[mom.clone(), kid.clone()]).unwrap_err();
    assert_eq!(a, b);
    assert_eq!(a.target, "pool.RP-MOM.cpu_reservation_mhz");
    let expands = set("pool.RP-MOM.cpu_expandable", Value::Bool(true));
    assert!(s.with_settings(&[kid, mom, expands]).is_ok());
}

#[test]
fn targets_parse_to_vms_and_pools() {
    let s = scenario();
    assert!(matches!(
        Target::parse("pool.RP-KID.cpu_expandable", &s),
        Ok(Target::Pool(t)) if t.pool == "RP-KID" && t.field == PoolField::CpuExpandable
    ));
    assert!(matches!(
        Target::parse("vm.VM-K1.vcpus", &s),
        Ok(Target::Vm(_))
    ));
    // A VM's error messages are what they were.
    let e = Target::parse("vm.nope.vcpus", &s).unwrap_err();
    assert!(e.message.starts_with("there is no VM named 'nope'"), "{e}");
}

// --- At run time ----------------------------------------------------------

fn sim() -> Sim {
    let sim = Sim::new(&scenario(), 1);
    assert!(sim.events().iter().all(|e| e.kind == EventKind::PowerOn));
    sim
}

fn last(sim: &Sim) -> &vlab_sim::Event {
    sim.events().last().expect("an event")
}

fn pool_metric(sim: &Sim, name: &str) -> vlab_sim::resource::tree::PoolAllocation {
    sim.sample()
        .pools
        .iter()
        .find(|p| p.name == name)
        .unwrap()
        .alloc
}

#[test]
fn raising_a_pool_reservation_the_parent_can_back_is_a_setting_change() {
    let mut sim = sim();
    // RP-MOM: 6 - 1 (VM-M1) - 2 (RP-KID) = 3 GHz unreserved: 5 GHz fits.
    sim.apply(&set("pool.RP-KID.cpu_reservation_mhz", int(5000)))
        .unwrap();
    let e = last(&sim);
    assert_eq!(e.kind, EventKind::SettingChanged);
    assert_eq!(e.subject, "RP-KID");
    assert_eq!(e.detail, changed("cpu_reservation_mhz", "2000", "5000"));
    assert_eq!(pool_metric(&sim, "RP-MOM").cpu_unreserved_mhz, 0);
    assert_eq!(pool_metric(&sim, "RP-KID").cpu_unreserved_mhz, 3000);
}

#[test]
fn raising_a_pool_reservation_the_parent_cannot_back_is_refused() {
    let mut sim = sim();
    sim.apply(&set("pool.RP-KID.cpu_reservation_mhz", int(5500)))
        .unwrap();
    let e = last(&sim);
    assert_eq!(e.kind, EventKind::SettingRefused);
    assert_eq!(e.subject, "RP-KID");
    // Without RP-KID, RP-MOM has 6 - 1 = 5 GHz unreserved, and it is not
    // expandable.
    assert_eq!(
        e.detail,
        Detail::Admission(Shortage {
            host: "esxi".into(),
            pool: Some("RP-MOM".into()),
            stop: Some(Stop::Pool("RP-MOM".into())),
            resource: Shortfall::CpuMhz,
            needed: 5500,
            available: 5000,
        })
    );
    // Nothing changed.
    assert_eq!(pool_metric(&sim, "RP-KID").cpu_reservation_used_mhz, 2000);
    assert_eq!(pool_metric(&sim, "RP-MOM").cpu_unreserved_mhz, 3000);
}

#[test]
fn a_top_level_pool_raise_is_checked_against_the_host() {
    let mut sim = sim();
    sim.apply(&set("pool.RP-MOM.cpu_reservation_mhz", int(21_000)))
        .unwrap();
    let e = last(&sim);
    assert_eq!(e.kind, EventKind::SettingRefused);
    assert_eq!(
        e.detail,
        Detail::Admission(Shortage {
            host: "esxi".into(),
            pool: None,
            stop: None,
            resource: Shortfall::CpuMhz,
            needed: 21_000,
            available: 20_000,
        })
    );
    sim.apply(&set("pool.RP-MOM.cpu_reservation_mhz", int(20_000)))
        .unwrap();
    assert_eq!(last(&sim).kind, EventKind::SettingChanged);
}

#[test]
fn changes_that_leave_children_unbacked_are_refused() {
    let mut sim = sim();
    // RP-MOM's children reserve 1 + 2 = 3 GHz; it is not expandable.
    sim.apply(&set("pool.RP-MOM.cpu_reservation_mhz", int(2000)))
        .unwrap();
    let e = last(&sim);
    assert_eq!(e.kind, EventKind::SettingRefused);
    assert!(
        matches!(&e.detail, Detail::Admission(Shortage { stop: Some(Stop::Pool(p)), needed: 3000, available: 2000, .. }) if p == "RP-MOM"),
        "{e:?}"
    );
    // Lowering to exactly what is used is fine.
    sim.apply(&set("pool.RP-MOM.cpu_reservation_mhz", int(3000)))
        .unwrap();
    assert_eq!(last(&sim).kind, EventKind::SettingChanged);
    // A limit below what RP-KID's VMs reserve is refused, naming the limit.
    sim.apply(&set("pool.RP-KID.cpu_reservation_mhz", int(0)))
        .unwrap();
    sim.apply(&set("pool.RP-KID.cpu_limit_mhz", int(1000)))
        .unwrap();
    let e = last(&sim);
    assert_eq!(e.kind, EventKind::SettingRefused);
    assert!(
        matches!(&e.detail, Detail::Admission(Shortage { stop: Some(Stop::Limit(p)), needed: 2000, available: 1000, .. }) if p == "RP-KID"),
        "{e:?}"
    );
    // A limit below the pool's own reservation is refused as for a VM.
    sim.apply(&set("pool.RP-MOM.cpu_limit_mhz", int(2000)))
        .unwrap();
    let e = last(&sim);
    assert_eq!(e.kind, EventKind::SettingRefused);
    assert!(
        matches!(
            &e.detail,
            Detail::Refused { field, why: SettingRefusal::LimitBelowReservation, .. }
                if field == "cpu_limit_mhz"
        ),
        "{:?}",
        e.detail
    );
}

#[test]
fn switching_expandable_off_while_borrowing_is_refused() {
    let mut sim = sim();
    // RP-KID at 0 MHz of its own: VM-K1 borrows all 2 GHz from RP-MOM.
    sim.apply(&set("pool.RP-KID.cpu_reservation_mhz", int(0)))
        .unwrap();
    sim.apply(&set("pool.RP-KID.cpu_expandable", Value::Bool(false)))
        .unwrap();
    let e = last(&sim);
    assert_eq!(e.kind, EventKind::SettingRefused);
    assert_eq!(
        e.detail,
        Detail::Admission(Shortage {
            host: "esxi".into(),
            pool: Some("RP-KID".into()),
            stop: Some(Stop::Pool("RP-KID".into())),
            resource: Shortfall::CpuMhz,
            needed: 2000,
            available: 0,
        })
    );
    // Shares, and expandable on, are plain changes.
    sim.apply(&set("pool.RP-KID.cpu_shares", text("high")))
        .unwrap();
    assert_eq!(last(&sim).detail, changed("cpu_shares", "normal", "high"));
    sim.apply(&set("pool.RP-KID.cpu_limit_mhz", text("unlimited")))
        .unwrap();
    assert_eq!(
        last(&sim).detail,
        changed("cpu_limit_mhz", "unlimited", "unlimited")
    );
}

/// A plain change of `field` from `from` to `to`.
fn changed(field: &str, from: &str, to: &str) -> Detail {
    Detail::Setting {
        field: field.into(),
        from: from.into(),
        to: to.into(),
    }
}

#[test]
fn a_bad_pool_setting_at_run_time_is_an_error_not_an_event() {
    let mut sim = sim();
    let before = sim.events().len();
    let err = sim
        .apply(&set("pool.RP-KID.cpu_expandable", text("yes")))
        .unwrap_err();
    assert_eq!(err.target, "pool.RP-KID.cpu_expandable");
    assert_eq!(sim.events().len(), before);
}

#[test]
fn timeline_pool_changes_go_through_admission_control() {
    let toml = format!(
        "{}[[timeline]]\nat_s = 20\nset = \"pool.RP-KID.cpu_reservation_mhz\"\nvalue = 5500\n[[timeline]]\nat_s = 20\nset = \"pool.RP-KID.cpu_reservation_mhz\"\nvalue = 4000\n",
        mom_and_kid()
    )
    .replace("duration_s = 40", "duration_s = 40\nstep_s = 20");
    let s = parse_scenario("s.toml", &toml).expect("valid: both fit the tree with no VM running");
    let t = Sim::run(&s, 1, &[]).unwrap();
    let at_20: Vec<_> = t
        .events
        .iter()
        .filter(|e| e.t_s == 20)
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        at_20,
        [EventKind::SettingRefused, EventKind::SettingChanged]
    );
    let kid = t.last().pools.iter().find(|p| p.name == "RP-KID").unwrap();
    assert_eq!(kid.alloc.cpu_reservation_used_mhz, 2000);
    let mom = t.last().pools.iter().find(|p| p.name == "RP-MOM").unwrap();
    assert_eq!(mom.alloc.cpu_unreserved_mhz, 1000);
}

#[test]
fn settings_at_time_zero_decide_admission() {
    // RP-KID not expandable at time 0: a second 2 GHz VM is refused; with
    // the reservation raised to 4 GHz it fits.
    let toml = mom_and_kid() + &pool_vm("VM-K2", "RP-KID", 2000);
    let s = parse_scenario("s.toml", &toml).unwrap();
    let refused = |settings: &[Setting]| {
        Sim::run(&s, 1, settings)
            .unwrap()
            .events
            .iter()
            .filter(|e| e.kind == EventKind::AdmissionDenied)
            .count()
    };
    assert_eq!(refused(&[]), 0, "expandable by default");
    let off = set("pool.RP-KID.cpu_expandable", Value::Bool(false));
    assert_eq!(refused(std::slice::from_ref(&off)), 1);
    let raise = set("pool.RP-KID.cpu_reservation_mhz", int(4000));
    assert_eq!(refused(&[off, raise]), 0);
}
