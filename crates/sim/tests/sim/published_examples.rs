//! Known answers from VMware's documentation (as quoted in
//! `docs/references.md`, "Reservations, limits, shares") and from the
//! course lecture (chapter 8, sections 1.1 to 1.4). Each scenario is a small
//! TOML string, run through the same parser and simulation as a lab.

use crate::fixtures::{first_event, run, run_with, vm};
use vlab_sim::event::Detail;
use vlab_sim::resource::refusal::Shortage;
use vlab_sim::resource::refusal::Shortfall;
use vlab_sim::{EventKind, Trace, Value};

fn cpu(trace: &Trace, name: &str) -> u64 {
    vm(trace, name).alloc.cpu_granted_mhz
}

fn mem(trace: &Trace, name: &str) -> u64 {
    vm(trace, name).alloc.mem_granted_mb
}

// --- Reservations ----------------------------------------------------------

/// vSphere Resource Management Guide: "2 GHz available, VM1 and VM2 each
/// reserve 1 GHz. If VM1 is using only 500 MHz, VM2 can use 1.5 GHz":
/// unused reserved CPU is lent to others.
const TWO_GHZ: &str = r#"
duration_s = 0
[[host]]
name = "h"
cpu_mhz = 2000
mem_mb = 8192
[[vm]]
name = "vm1"
host = "h"
mem_mb = 1024
cpu_reservation_mhz = 1000
cpu_demand_mhz = 500
[[vm]]
name = "vm2"
host = "h"
mem_mb = 1024
cpu_reservation_mhz = 1000
cpu_demand_mhz = 2000
"#;

#[test]
fn unused_reservation_is_lent_vm2_uses_1_5_ghz() {
    let t = run(TWO_GHZ);
    assert_eq!(cpu(&t, "vm1"), 500);
    assert_eq!(cpu(&t, "vm2"), 1500);
    // Both stay entitled to their whole reservation.
    assert_eq!(vm(&t, "vm1").alloc.cpu_entitlement_mhz, 1000);
    assert_eq!(vm(&t, "vm2").alloc.cpu_entitlement_mhz, 1000);
}

#[test]
fn reservation_is_guaranteed_once_used() {
    // When VM1 wants its reservation back, it gets it: VM2 drops to 1 GHz.
    let t = run_with(TWO_GHZ, &[("vm.vm1.cpu_demand_mhz", Value::Int(2000))]);
    assert_eq!(cpu(&t, "vm1"), 1000);
    assert_eq!(cpu(&t, "vm2"), 1000);
}

#[test]
fn reservation_is_a_floor_taken_from_the_others_in_proportion() {
    // FusionCompute CPU QoS: if a VM's quota-based part (6000 / 3 = 2000 MHz)
    // is below its reservation (4000 MHz) it gets the reservation, and the
    // shortfall comes from the others in proportion to their quotas.
    let t = run(r#"
duration_s = 0
[[host]]
name = "h"
cpu_mhz = 6000
mem_mb = 8192
[[vm]]
name = "reserved"
host = "h"
mem_mb = 1024
cpu_reservation_mhz = 4000
[[vm]]
name = "normal"
host = "h"
mem_mb = 1024
[[vm]]
name = "high"
host = "h"
mem_mb = 1024
cpu_shares = "high"
"#);
    assert_eq!(cpu(&t, "reserved"), 4000);
    // The remaining 2000 MHz split 1000 : 2000 shares.
    assert_eq!(cpu(&t, "normal"), 666);
    assert_eq!(cpu(&t, "high"), 1333);
}

// --- Shares ----------------------------------------------------------------

/// Lecture 1.1 and the Resource Management Guide: high : normal : low =
/// 4 : 2 : 1, applied under contention.
#[test]
fn cpu_share_levels_split_4_2_1_under_contention() {
    let t = run(r#"
duration_s = 0
[[host]]
name = "h"
cpu_mhz = 7000
mem_mb = 16384
[[vm]]
name = "high"
host = "h"
mem_mb = 1024
cpu_shares = "high"
[[vm]]
name = "normal"
host = "h"
mem_mb = 1024
cpu_shares = "normal"
[[vm]]
name = "low"
host = "h"
mem_mb = 1024
cpu_shares = "low"
"#);
    assert_eq!(
        [cpu(&t, "high"), cpu(&t, "normal"), cpu(&t, "low")],
        [4000, 2000, 1000]
    );
}

#[test]
fn memory_share_levels_split_4_2_1_under_contention() {
    // 20 / 10 / 5 shares per MB of equal 7168 MB VMs on 7168 MB of memory
    // (no overhead, as the lecture assumes).
    let vm = |name: &str, level: &str| {
        format!(
            "[[vm]]\nname = \"{name}\"\nhost = \"h\"\nmem_mb = 7168\nmem_overhead_mb = 0\nmem_shares = \"{level}\"\n"
        )
    };
    let toml = format!(
        "duration_s = 0\n[[host]]\nname = \"h\"\ncpu_mhz = 10000\nmem_mb = 7168\n{}{}{}",
        vm("high", "high"),
        vm("normal", "normal"),
        vm("low", "low")
    );
    let t = run(&toml);
    assert_eq!(
        [mem(&t, "high"), mem(&t, "normal"), mem(&t, "low")],
        [4096, 2048, 1024]
    );
}

/// The shares-contention lab's numbers: three 2-vCPU VMs each wanting
/// 4000 MHz of an 8000 MHz host.
const CONTENTION: &str = r#"
[[host]]
name = "h"
sockets = 1
cores_per_socket = 4
core_mhz = 2000
mem_mb = 32768
[[vm]]
name = "web"
host = "h"
vcpus = 2
mem_mb = 4096
cpu_demand_mhz = 4000
[[vm]]
name = "db"
host = "h"
vcpus = 2
mem_mb = 4096
cpu_demand_mhz = 4000
[[vm]]
name = "batch"
host = "h"
vcpus = 2
mem_mb = 4096
cpu_demand_mhz = 4000
[[timeline]]
at_s = 60
set = "vm.batch.cpu_demand_mhz"
value = 0
"#;

#[test]
fn equal_shares_split_evenly() {
    let t = run(CONTENTION);
    let at0 = &t.samples[0];
    let grants: Vec<u64> = at0.vms.iter().map(|v| v.alloc.cpu_granted_mhz).collect();
    assert_eq!(grants, vec![2666, 2666, 2666]); // 8000 / 3, rounded down
}

#[test]
fn a_vm_never_gets_more_than_it_demands_the_rest_flows_on() {
    // db high (4000 shares) would get 8000 x 4/7 = 4571 MHz but demands
    // 4000; web (2000) and batch (1000) split the other 4000 MHz 2 : 1.
    let t = run_with(
        CONTENTION,
        &[
            ("vm.db.cpu_shares", Value::Text("high".into())),
            ("vm.batch.cpu_shares", Value::Text("low".into())),
        ],
    );
    let at0 = &t.samples[0];
    let g = |n: &str| {
        at0.vms
            .iter()
            .find(|v| v.name == n)
            .unwrap()
            .alloc
            .cpu_granted_mhz
    };
    assert_eq!([g("web"), g("db"), g("batch")], [2666, 4000, 1333]);
}

#[test]
fn shares_stop_mattering_without_contention() {
    // After batch finishes (t = 60 s), web and db want 8000 MHz in all:
    // each gets its demand, whatever its shares.
    let t = run_with(
        CONTENTION,
        &[
            ("vm.web.cpu_shares", Value::Text("low".into())),
            ("vm.db.cpu_shares", Value::Text("high".into())),
        ],
    );
    assert_eq!(t.last().t_s, 120);
    assert_eq!(cpu(&t, "web"), 4000);
    assert_eq!(cpu(&t, "db"), 4000);
    assert_eq!(cpu(&t, "batch"), 0);
    let changed = first_event(&t, EventKind::SettingChanged).expect("timeline event");
    assert_eq!((changed.t_s, changed.subject.as_str()), (60, "batch"));
}

// --- Limits ----------------------------------------------------------------

/// Lecture 1.1: "a VM with 16 vCPUs at 2 GHz and a 10 GHz limit: the guest
/// sees 16 x 2 GHz, but only 10 GHz is usable", even on an idle host.
const SIXTEEN_VCPUS: &str = r#"
duration_s = 0
[[host]]
name = "h"
sockets = 2
cores_per_socket = 24
core_mhz = 2000
mem_mb = 131072
[[vm]]
name = "analytics"
host = "h"
vcpus = 16
mem_mb = 32768
cpu_limit_mhz = 10000
"#;

#[test]
fn limit_caps_16_vcpus_at_10_ghz_on_an_idle_host() {
    let t = run(SIXTEEN_VCPUS);
    let v = vm(&t, "analytics");
    assert_eq!(v.cpu_demand_mhz, 32_000); // what the guest sees
    assert_eq!(v.alloc.cpu_granted_mhz, 10_000);
    assert_eq!(t.last().hosts[0].cpu_capacity_mhz, 96_000);
}

#[test]
fn usable_cpu_is_min_of_configured_and_limit() {
    let unlimited = run_with(
        SIXTEEN_VCPUS,
        &[(
            "vm.analytics.cpu_limit_mhz",
            Value::Text("unlimited".into()),
        )],
    );
    assert_eq!(cpu(&unlimited, "analytics"), 32_000);
    let above = run_with(
        SIXTEEN_VCPUS,
        &[("vm.analytics.cpu_limit_mhz", Value::Int(40_000))],
    );
    assert_eq!(cpu(&above, "analytics"), 32_000);
}

#[test]
fn memory_limit_caps_memory_even_when_free() {
    let t = run(r#"
duration_s = 0
[[host]]
name = "h"
cpu_mhz = 4000
mem_mb = 65536
[[vm]]
name = "v"
host = "h"
mem_mb = 8192
mem_limit_mb = 2048
"#);
    assert_eq!(mem(&t, "v"), 2048);
}

// --- Admission control -----------------------------------------------------

/// Lecture 1.2: a 64 GB host (2 x 32 GB; assume the hypervisor takes none)
/// with eight 8 GB VMs. With full reservations a 9th cannot start.
fn eight_reserved_vms_and(extra: &str) -> String {
    let mut toml = String::from(
        "duration_s = 0\n[[host]]\nname = \"esxi\"\nsockets = 2\ncores_per_socket = 24\ncore_mhz = 2500\nmem_mb = 65536\n",
    );
    for i in 1..=8 {
        toml += &format!(
            "[[vm]]\nname = \"vm{i}\"\nhost = \"esxi\"\nmem_mb = 8192\nmem_reservation_mb = 8192\nmem_overhead_mb = 0\n"
        );
    }
    toml + extra
}

#[test]
fn ninth_fully_reserved_8_gb_vm_is_refused() {
    let t = run(&eight_reserved_vms_and(
        "[[vm]]\nname = \"vm9\"\nhost = \"esxi\"\nmem_mb = 8192\nmem_reservation_mb = 8192\nmem_overhead_mb = 0\n",
    ));
    let refused: Vec<_> = t
        .events
        .iter()
        .filter(|e| e.kind == EventKind::AdmissionDenied)
        .collect();
    assert_eq!(refused.len(), 1, "{:?}", t.events);
    let e = refused[0];
    assert_eq!(e.subject, "vm9");
    assert_eq!(
        e.detail,
        Detail::Admission(Shortage {
            host: "esxi".into(),
            pool: None,
            stop: None,
            resource: Shortfall::MemMb,
            needed: 8192,
            available: 0,
        })
    );
    assert!(!vm(&t, "vm9").powered_on);
    assert_eq!(t.last().hosts[0].vms_running, 8);
    assert_eq!(t.last().hosts[0].mem_reserved_mb, 65_536);
}

#[test]
fn ninth_vm_without_reservation_starts_on_overcommitted_memory() {
    // Admission counts reservations, not configured sizes.
    let t = run(&eight_reserved_vms_and(
        "[[vm]]\nname = \"vm9\"\nhost = \"esxi\"\nmem_mb = 8192\nmem_overhead_mb = 0\n",
    ));
    assert!(vm(&t, "vm9").powered_on);
    assert!(t.events.iter().all(|e| e.kind == EventKind::PowerOn));
}

#[test]
fn a_48_gb_reserved_vm_is_refused_on_a_full_host_and_starts_on_an_empty_one() {
    let big =
        "[[vm]]\nname = \"big\"\nhost = \"esxi\"\nmem_mb = 49152\nmem_reservation_mb = 49152\nmem_overhead_mb = 0\n";
    let full = run(&eight_reserved_vms_and(big));
    assert!(!vm(&full, "big").powered_on);
    let alone = run(&format!(
        "duration_s = 0\n[[host]]\nname = \"esxi\"\ncpu_mhz = 120000\nmem_mb = 65536\n{big}"
    ));
    assert!(vm(&alone, "big").powered_on);
}

#[test]
fn memory_admission_counts_overhead() {
    // Reservation plus the VM's overhead must fit: 8192 MB reserved with
    // 100 MB overhead does not fit in 8200 MB.
    let t = run(r#"
duration_s = 0
[[host]]
name = "h"
cpu_mhz = 4000
mem_mb = 8200
[[vm]]
name = "v"
host = "h"
mem_mb = 8192
mem_reservation_mb = 8192
mem_overhead_mb = 100
"#);
    let e = &t.events[0];
    assert_eq!(e.kind, EventKind::AdmissionDenied);
    assert!(
        matches!(
            e.detail,
            Detail::Admission(Shortage {
                resource: Shortfall::MemMb,
                needed: 8292,
                available: 8200,
                ..
            })
        ),
        "{e:?}"
    );
}

#[test]
fn cpu_admission_counts_cpu_reservations() {
    let t = run(r#"
duration_s = 0
[[host]]
name = "h"
cpu_mhz = 3000
mem_mb = 8192
[[vm]]
name = "a"
host = "h"
mem_mb = 1024
cpu_reservation_mhz = 2000
[[vm]]
name = "b"
host = "h"
mem_mb = 1024
cpu_reservation_mhz = 1500
"#);
    assert!(vm(&t, "a").powered_on);
    assert!(!vm(&t, "b").powered_on);
    let e = first_event(&t, EventKind::AdmissionDenied).unwrap();
    assert_eq!(e.subject, "b");
    assert!(
        matches!(
            &e.detail,
            Detail::Admission(Shortage {
                resource: Shortfall::CpuMhz,
                needed: 1500,
                available: 1000,
                ..
            })
        ),
        "{e:?}"
    );
}

/// Lecture 1.4: a host with 2 CPUs x 24 cores at 2.5 GHz. Sixty vCPUs in
/// ten VMs may overcommit the 48 cores, but one VM cannot have more vCPUs
/// than the host has logical CPUs.
fn cores_48_and_giant(vcpus: u32) -> String {
    let mut toml = String::from(
        "duration_s = 0\n[[host]]\nname = \"esxi\"\nsockets = 2\ncores_per_socket = 24\ncore_mhz = 2500\nmem_mb = 262144\n",
    );
    for i in 1..=10 {
        toml +=
            &format!("[[vm]]\nname = \"app{i:02}\"\nhost = \"esxi\"\nvcpus = 6\nmem_mb = 8192\n");
    }
    toml + &format!("[[vm]]\nname = \"giant\"\nhost = \"esxi\"\nvcpus = {vcpus}\nmem_mb = 65536\n")
}

#[test]
fn more_vcpus_than_logical_cpus_is_refused() {
    let t = run(&cores_48_and_giant(64));
    assert!(!vm(&t, "giant").powered_on);
    assert_eq!(t.last().hosts[0].vms_running, 10); // 60 vCPUs on 48 cores run
    let e = first_event(&t, EventKind::AdmissionDenied).expect("giant refused");
    assert_eq!(e.subject, "giant");
    assert!(matches!(
        e.detail,
        Detail::Admission(Shortage {
            resource: Shortfall::Vcpus,
            needed: 64,
            available: 48,
            ..
        })
    ));
}

#[test]
fn as_many_vcpus_as_logical_cpus_starts_and_shares_by_vcpu_count() {
    let t = run(&cores_48_and_giant(48));
    assert!(vm(&t, "giant").powered_on);
    assert_eq!(t.last().hosts[0].vms_running, 11);
    // Normal shares are 1000 per vCPU: 120000 x 48 / 108 and x 6 / 108.
    assert_eq!(cpu(&t, "giant"), 53_333);
    assert_eq!(cpu(&t, "app01"), 6_666);
}
