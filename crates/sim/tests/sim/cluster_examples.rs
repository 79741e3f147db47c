//! The cluster: pools at the cluster's root, VMs placed by the engine,
//! validity (valid / yellow / red) and the idle memory tax, each case a small
//! TOML scenario run through the same parser and simulation as a lab.
//! Sources: vSphere Resource Management Guide, "DRS Cluster Validity"
//! (valid, yellow and red clusters) and "Admission Control"; Waldspurger,
//! OSDI 2002, section 5.3 (idle memory tax).

use crate::fixtures::{first_event, run, run_with, sample_at, vm};
use vlab_sim::event::Detail;
use vlab_sim::resource::cluster::ClusterState;
use vlab_sim::resource::refusal::Shortage;
use vlab_sim::resource::refusal::{Shortfall, Stop};
use vlab_sim::{parse_scenario, EventKind, Sim, Trace, Value};

fn state_at(t: &Trace, t_s: u32) -> ClusterState {
    sample_at(t, t_s).cluster.state
}

/// Three 4 GHz hosts (12 GHz) and three pools reserving 4 GHz each, as in
/// the guide's yellow-cluster example: the cluster is valid until a host
/// fails and leaves 8 GHz for 12 GHz of reservations.
const THREE_HOSTS: &str = r#"
duration_s = 40
[[host]]
name = "h1"
cpu_mhz = 4000
mem_mb = 16384
[[host]]
name = "h2"
cpu_mhz = 4000
mem_mb = 16384
[[host]]
name = "h3"
cpu_mhz = 4000
mem_mb = 16384
[[pool]]
name = "RP1"
cpu_reservation_mhz = 4000
[[pool]]
name = "RP2"
cpu_reservation_mhz = 4000
[[pool]]
name = "RP3"
cpu_reservation_mhz = 4000
[[vm]]
name = "v1"
pool = "RP1"
mem_mb = 1024
mem_overhead_mb = 0
[[timeline]]
at_s = 20
set = "host.h3.failed"
value = true
"#;

#[test]
fn a_host_failure_turns_the_cluster_yellow() {
    let t = run(THREE_HOSTS);
    assert_eq!(state_at(&t, 0), ClusterState::Valid);
    assert_eq!(state_at(&t, 20), ClusterState::Yellow);
    let c = &t.last().cluster;
    assert_eq!(c.cpu_capacity_mhz, 8000);
    assert_eq!(c.cpu_reserved_mhz, 12_000);
    assert!(t
        .events
        .iter()
        .any(|e| e.kind == EventKind::HostFailed && e.subject == "h3"));
}

#[test]
fn yellow_cluster_admission_has_nothing_left_to_reserve() {
    // After the failure nothing is unreserved: a 1 GHz reservation at the
    // root is refused, and the refusal names the cluster, not a host.
    let t = run(&format!(
        "{THREE_HOSTS}[[vm]]\nname = \"late\"\nmem_mb = 1024\nmem_overhead_mb = 0\ncpu_reservation_mhz = 1000\npowered_on = false\n[[timeline]]\nat_s = 40\nset = \"vm.late.powered_on\"\nvalue = true\n"
    ));
    let denied = first_event(&t, EventKind::AdmissionDenied).expect("refused");
    assert_eq!(denied.subject, "late");
    match &denied.detail {
        Detail::Admission(Shortage {
            pool: None,
            stop: Some(Stop::Cluster),
            resource: Shortfall::CpuMhz,
            needed: 1000,
            available: 0,
            ..
        }) => {}
        other => panic!("unexpected refusal {other:?}"),
    }
}

/// The guide's red-cluster case: a change made directly on a host (vCenter
/// unavailable) leaves a non-expandable pool's children reserving more
/// than the pool has.
#[test]
fn an_out_of_band_change_turns_the_cluster_red() {
    let t = run(r#"
duration_s = 40
[[host]]
name = "h1"
cpu_mhz = 10000
mem_mb = 16384
[[pool]]
name = "RP1"
cpu_reservation_mhz = 2000
cpu_expandable = false
[[vm]]
name = "v1"
pool = "RP1"
mem_mb = 1024
cpu_reservation_mhz = 1000
[[timeline]]
at_s = 20
set = "vm.v1.cpu_reservation_mhz"
value = 3000
out_of_band = true
[[timeline]]
at_s = 40
set = "vm.v1.cpu_reservation_mhz"
value = 4000
"#);
    assert_eq!(state_at(&t, 0), ClusterState::Valid);
    assert_eq!(state_at(&t, 20), ClusterState::Red);
    // Through vCenter the same kind of change is refused.
    let refused = t.events.iter().filter(|e| e.t_s == 40).collect::<Vec<_>>();
    assert_eq!(refused[0].kind, EventKind::SettingRefused, "{refused:?}");
}

#[test]
fn a_vm_without_a_host_goes_to_the_least_loaded_host() {
    let t = run(r#"
duration_s = 0
[[host]]
name = "h1"
cpu_mhz = 8000
mem_mb = 16384
[[host]]
name = "h2"
cpu_mhz = 8000
mem_mb = 16384
[[vm]]
name = "big"
host = "h1"
mem_mb = 8192
cpu_demand_mhz = 6000
[[vm]]
name = "free"
mem_mb = 2048
cpu_demand_mhz = 1000
"#);
    assert_eq!(vm(&t, "free").host.as_deref(), Some("h2"));
    assert_eq!(vm(&t, "free").alloc.cpu_granted_mhz, 1000);
}

#[test]
fn a_vm_pinned_to_a_failed_host_cannot_power_on() {
    let t = run(r#"
duration_s = 0
[[host]]
name = "h1"
cpu_mhz = 8000
mem_mb = 16384
failed = true
[[host]]
name = "h2"
cpu_mhz = 8000
mem_mb = 16384
[[vm]]
name = "pinned"
host = "h1"
mem_mb = 1024
"#);
    assert!(!vm(&t, "pinned").powered_on);
    assert_eq!(
        t.events[0].detail,
        Detail::HostUnavailable { host: "h1".into() }
    );
}

#[test]
fn host_capacity_bounds_what_its_vms_get_in_a_cluster() {
    // Two busy VMs pinned to h1: the cluster has 16 GHz, but h1 only 8.
    let t = run(r#"
duration_s = 0
[[host]]
name = "h1"
cpu_mhz = 8000
mem_mb = 16384
[[host]]
name = "h2"
cpu_mhz = 8000
mem_mb = 16384
[[vm]]
name = "a"
host = "h1"
mem_mb = 1024
[[vm]]
name = "b"
host = "h1"
mem_mb = 1024
cpu_shares = "high"
"#);
    let h1 = &t.last().hosts[0];
    assert!(h1.cpu_granted_mhz <= 8000);
    // Under contention on h1 the high-shares VM gets twice the other.
    assert_eq!(vm(&t, "b").alloc.cpu_granted_mhz, 5333);
    assert_eq!(vm(&t, "a").alloc.cpu_granted_mhz, 2666);
}

/// Waldspurger 2002, 5.3: two VMs with equal shares, one idle, on a host
/// that cannot hold both. Without a tax they split memory evenly; at the
/// default 75% the idle VM's pages cost 4 active ones and it yields memory
/// to the busy one, until their shares-per-page ratios are equal.
fn idle_and_busy(tax_pct: u32) -> String {
    format!(
        r#"
duration_s = 0
[[host]]
name = "h"
cpu_mhz = 8000
mem_mb = 4096
mem_idle_tax_pct = {tax_pct}
[[vm]]
name = "busy"
mem_mb = 4096
mem_overhead_mb = 0
[[vm]]
name = "idle"
mem_mb = 4096
mem_overhead_mb = 0
mem_active_mb = 256
"#
    )
}

#[test]
fn without_the_tax_idle_memory_keeps_its_share() {
    let t = run(&idle_and_busy(0));
    assert_eq!(vm(&t, "busy").alloc.mem_granted_mb, 2048);
    assert_eq!(vm(&t, "idle").alloc.mem_granted_mb, 2048);
    // At 0% an idle page costs what an active one does: equal ratios.
    let rho = |n| vm(&t, n).shares_per_page.unwrap();
    assert!((rho("busy") - rho("idle")).abs() < 1e-12);
}

#[test]
fn the_default_tax_moves_idle_memory_to_the_busy_vm() {
    let t = run(&idle_and_busy(75));
    let busy = vm(&t, "busy").alloc.mem_granted_mb;
    let idle = vm(&t, "idle").alloc.mem_granted_mb;
    assert!((3122..=3124).contains(&busy), "busy {busy}");
    assert!((971..=973).contains(&idle), "idle {idle}");
    let rho = |n| vm(&t, n).shares_per_page.unwrap();
    assert!((rho("busy") - rho("idle")).abs() / rho("busy") < 1e-3);
}

#[test]
fn raising_the_tax_never_gives_the_idle_vm_more() {
    let idle_at = |tax| vm(&run(&idle_and_busy(tax)), "idle").alloc.mem_granted_mb;
    let got: Vec<u64> = [0, 25, 50, 75, 90, 99].map(idle_at).to_vec();
    assert!(got.windows(2).all(|w| w[1] <= w[0]), "{got:?}");
    assert!(
        got[5] < 400,
        "at 99% the idle VM keeps little more than its working set: {got:?}"
    );
}

#[test]
fn expandable_false_stops_borrowing_for_cpu_and_memory() {
    // `expandable` is the contract's one switch for both resources.
    let toml = |extra: &str| {
        format!(
            "duration_s = 0\n[[host]]\nname = \"h\"\ncpu_mhz = 10000\nmem_mb = 16384\n[[pool]]\nname = \"p\"\ncpu_reservation_mhz = 1000\nmem_reservation_mb = 1024\n{extra}\n[[vm]]\nname = \"v\"\npool = \"p\"\nmem_mb = 4096\nmem_overhead_mb = 0\ncpu_reservation_mhz = 2000\n"
        )
    };
    let s = parse_scenario("p.toml", &toml("expandable = false")).unwrap();
    assert!(!s.pool[0].cpu_expandable && !s.pool[0].mem_expandable);
    let t = Sim::run(&s, 1, &[]).unwrap();
    assert!(
        !vm(&t, "v").powered_on,
        "2000 MHz does not fit a fixed 1000 MHz pool"
    );
    let open = run(&toml("expandable = true"));
    assert!(vm(&open, "v").powered_on);
    // The same switch as a setting.
    let t = run_with(&toml(""), &[("pool.p.expandable", Value::Bool(false))]);
    assert!(!vm(&t, "v").powered_on);
}

#[test]
fn a_pool_memory_limit_is_enforced_by_ballooning_its_vms() {
    // Two 2 GB VMs in a pool limited to 2 GB on an idle 16 GB host: the
    // memory engine holds each to its 1 GB share of the pool, by balloon.
    let t = run(r#"
duration_s = 300
step_s = 10
[[host]]
name = "h"
cpu_mhz = 8000
mem_mb = 16384
[[pool]]
name = "capped"
mem_limit_mb = 2048
[[vm]]
name = "a"
pool = "capped"
mem_mb = 2048
mem_overhead_mb = 0
mem_active_mb = 512
[[vm]]
name = "b"
pool = "capped"
mem_mb = 2048
mem_overhead_mb = 0
mem_active_mb = 512
"#);
    for name in ["a", "b"] {
        let m = vm(&t, name).mem.expect("running");
        assert!(m.consumed_mb <= 1024, "{name}: {m:?}");
        assert!(m.ballooned_mb >= 1000, "{name}: {m:?}");
    }
}
