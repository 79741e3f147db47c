//! `platform = "fusioncompute"`: FusionCompute's CPU QoS as a second named
//! behaviour, and where it differs from vSphere's divvy.

use vlab_sim::{parse_scenario, Sim};

fn granted(platform: &str) -> Vec<u64> {
    let toml = format!(
        r#"{platform}
duration_s = 0
[[host]]
name = "cna"
cpu_mhz = 3000
mem_mb = 16384
[[vm]]
name = "a"
mem_mb = 1024
cpu_reservation_mhz = 1200
[[vm]]
name = "b"
mem_mb = 1024
cpu_demand_mhz = 200
[[vm]]
name = "c"
mem_mb = 1024
"#
    );
    let s = parse_scenario("fc.toml", &toml).unwrap();
    let t = Sim::run(&s, 1, &[]).unwrap();
    t.last()
        .vms
        .iter()
        .map(|v| v.alloc.cpu_granted_mhz)
        .collect()
}

#[test]
fn fusioncompute_leaves_a_reserved_vm_at_its_reservation() {
    // Equal quotas, 3000 MHz: B wants only 200. vSphere lifts A above its
    // 1200 MHz reservation to an equal share with C (1400 each);
    // FusionCompute's rule fixes A at its reservation first and the
    // surplus B leaves goes to C.
    assert_eq!(granted(""), vec![1400, 200, 1400]);
    assert_eq!(
        granted("platform = \"fusioncompute\""),
        vec![1200, 200, 1600]
    );
}

#[test]
fn published_quota_example_holds_on_both_platforms() {
    // Huawei's 2.8 GHz core, quotas 1000/2000/4000, all busy: 400/800/1600.
    for platform in ["", "platform = \"fusioncompute\""] {
        let toml = format!(
            "{platform}\nduration_s = 0\n[[host]]\nname = \"cna\"\ncpu_mhz = 2800\nmem_mb = 8192\n[[vm]]\nname = \"a\"\nmem_mb = 512\ncpu_shares = 1000\n[[vm]]\nname = \"b\"\nmem_mb = 512\ncpu_shares = 2000\n[[vm]]\nname = \"c\"\nmem_mb = 512\ncpu_shares = 4000\n"
        );
        let s = parse_scenario("fc.toml", &toml).unwrap();
        let t = Sim::run(&s, 1, &[]).unwrap();
        let got: Vec<u64> = t
            .last()
            .vms
            .iter()
            .map(|v| v.alloc.cpu_granted_mhz)
            .collect();
        assert_eq!(got, vec![400, 800, 1600], "{platform}");
    }
}

#[test]
fn fusioncompute_scenarios_have_no_resource_pools() {
    let toml = "platform = \"fusioncompute\"\n[[host]]\nname = \"cna\"\ncpu_mhz = 2800\nmem_mb = 8192\n[[pool]]\nname = \"p\"\n";
    let err = parse_scenario("fc.toml", toml).unwrap_err();
    assert_eq!(err[0].field, "platform");
    assert!(err[0].message.contains("no resource pools"));
}

// --- FusionCompute memory overcommit (内存复用) ------------------------------
// Course notes (`../shared/seeds/fusioncompute-notes.md`, 内存复用): on, the
// VMs' configured memory may exceed the host's (up to 150 %); off, every
// VM's memory counts as reserved; turning it off needs every running VM's
// reservation raised to its size first; passthrough NICs and guest NUMA
// conflict with it.

use crate::fixtures::{first_event, run};
use vlab_sim::event::{Detail, EventKind, SettingRefusal};

/// A 64 GB FusionCompute host and `n` VMs of 8 GB, with `cluster` lines.
fn fc_host(n: usize, cluster: &str, vm_extra: &str) -> String {
    let mut toml = format!(
        "platform = \"fusioncompute\"\nduration_s = 10\nstep_s = 1\n[cluster]\n{cluster}\n[[host]]\nname = \"cna1\"\ncpu_mhz = 40000\nmem_mb = 65536\nmemory_model = \"fusioncompute\"\n"
    );
    for i in 1..=n {
        toml += &format!("[[vm]]\nname = \"vm{i}\"\nhost = \"cna1\"\nmem_mb = 8192\n{vm_extra}\n");
    }
    toml
}

fn powered_on(t: &vlab_sim::Trace) -> usize {
    t.last().vms.iter().filter(|v| v.powered_on).count()
}

#[test]
fn overcommit_off_a_ninth_8_gb_vm_on_a_64_gb_host_is_refused() {
    let t = run(&fc_host(9, "mem_overcommit = false", ""));
    assert_eq!(powered_on(&t), 8);
    let e = first_event(&t, EventKind::AdmissionDenied).expect("vm9 refused");
    assert_eq!(e.subject, "vm9");
}

#[test]
fn overcommit_on_configured_memory_may_reach_150_pct_of_the_host() {
    // 12 x 8 GB = 96 GB = 150 % of 64 GB: all on; a 13th is refused.
    let t = run(&fc_host(13, "", ""));
    assert_eq!(powered_on(&t), 12);
    let e = first_event(&t, EventKind::AdmissionDenied).expect("vm13 refused");
    assert_eq!(e.subject, "vm13");
}

#[test]
fn a_passthrough_nic_cannot_power_on_with_overcommit_on() {
    let t = run(&fc_host(
        1,
        "mem_overcommit = true",
        "passthrough_nic = true",
    ));
    assert_eq!(powered_on(&t), 0);
    let e = first_event(&t, EventKind::AdmissionDenied).expect("refused");
    assert_eq!(e.detail, Detail::PassthroughWithOvercommit);
    let t = run(&fc_host(
        1,
        "mem_overcommit = false",
        "passthrough_nic = true",
    ));
    assert_eq!(powered_on(&t), 1);
}

#[test]
fn guest_numa_is_turned_off_with_overcommit_on() {
    let t = run(&fc_host(1, "", "guest_numa = true"));
    assert_eq!(powered_on(&t), 1);
    let e = first_event(&t, EventKind::GuestNumaOff).expect("guest NUMA off");
    assert_eq!(e.subject, "vm1");
    let t = run(&fc_host(1, "mem_overcommit = false", "guest_numa = true"));
    assert!(first_event(&t, EventKind::GuestNumaOff).is_none());
}

#[test]
fn overcommit_goes_off_only_once_every_running_vm_reserves_its_size() {
    let off_at_5 = "[[timeline]]\nat_s = 5\nset = \"cluster.mem_overcommit\"\nvalue = false\n";
    let t = run(&(fc_host(2, "", "") + off_at_5));
    let e = first_event(&t, EventKind::SettingRefused).expect("refused");
    let Detail::Refused { why, .. } = &e.detail else {
        panic!("{e:?}")
    };
    assert_eq!(
        why,
        &SettingRefusal::ReservationsBelowSize { vm: "vm1".into() }
    );
    let t = run(&(fc_host(2, "", "mem_reservation_mb = 8192") + off_at_5));
    assert!(first_event(&t, EventKind::SettingRefused).is_none());
}

// --- NUMA and virtual sockets (the lecture's 1.4 discussion) ---------------
// A host of 2 sockets x 24 cores at 2.5 GHz: is the first VM, 8 vCPUs in 2
// virtual sockets, spread over the two physical CPUs? (docs/references.md,
// "NUMA".)

use crate::fixtures::metric;

fn lecture_host(vms: &str) -> String {
    format!(
        "duration_s = 0\n[[host]]\nname = \"esxi\"\nsockets = 2\ncores_per_socket = 24\ncore_mhz = 2500\nmem_mb = 131072\n{vms}"
    )
}

#[test]
fn the_8_vcpu_2_socket_vm_runs_on_one_physical_cpu_with_local_memory() {
    let t = run(&lecture_host(
        "[[vm]]\nname = \"first\"\nhost = \"esxi\"\nvcpus = 8\ncores_per_socket = 4\nmem_mb = 8192\n",
    ));
    assert_eq!(metric(&t, "vm.first.virtual_sockets"), 2);
    assert_eq!(metric(&t, "vm.first.numa_nodes"), 1);
    assert_eq!(metric(&t, "vm.first.vnuma_nodes"), 0);
    assert_eq!(metric(&t, "vm.first.numa_local_mem_pct"), 100);
}

#[test]
fn a_32_vcpu_vm_spans_both_sockets_and_its_guest_sees_two_numa_nodes() {
    let t = run(&lecture_host(
        "[[vm]]\nname = \"wide\"\nhost = \"esxi\"\nvcpus = 32\ncores_per_socket = 32\nmem_mb = 65536\n",
    ));
    assert_eq!(metric(&t, "vm.wide.virtual_sockets"), 1);
    assert_eq!(metric(&t, "vm.wide.numa_nodes"), 2);
    assert_eq!(metric(&t, "vm.wide.vnuma_nodes"), 2);
}

#[test]
fn ten_6_vcpu_vms_power_on_on_48_cores_but_not_a_49_vcpu_one() {
    let mut vms = String::new();
    for i in 0..10 {
        vms += &format!("[[vm]]\nname = \"vm{i}\"\nhost = \"esxi\"\nvcpus = 6\nmem_mb = 4096\n");
    }
    vms += "[[vm]]\nname = \"huge\"\nhost = \"esxi\"\nvcpus = 49\nmem_mb = 4096\n";
    let t = run(&lecture_host(&vms));
    assert!((0..10).all(|i| metric(&t, &format!("vm.vm{i}.powered_on")) == 1));
    assert_eq!(metric(&t, "vm.huge.powered_on"), 0);
    // Balanced by load: five on each socket.
    let homes: Vec<i64> = (0..10)
        .map(|i| metric(&t, &format!("vm.vm{i}.numa_home")))
        .collect();
    assert_eq!(homes.iter().filter(|&&h| h == 0).count(), 5, "{homes:?}");
}
