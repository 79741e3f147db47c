//! Properties of vSphere HA in scenarios (issue 6's tests;
//! `docs/references.md`, "HA"): random small clusters (2 to 4 hosts on shared
//! datastores, VMs with random reservations and restart priorities, random
//! HA settings) under random faults (host crash, isolation, partition,
//! datastore loss, guest crash, healed or not).
//!
//! - No VM runs twice: replaying the event log (power-on, power-off, HA
//!   restart) gives each sample's power state, a VM is restarted only
//!   while it is off, and a running VM's host has not failed.
//! - No host's reserved CPU or memory exceeds its capacity at any sample
//!   (restarts go only where reservations fit).
//! - A VM with restart priority `disabled` is never restarted.
//! - The same seed gives the same trace.
//! - With the slot policy for N host failures and every VM powered on
//!   through admission control, any N hosts crashing together leave every
//!   protected VM running again once HA has restarted them (the
//!   Availability Guide's promise of "Slot Policy Admission Control").

use crate::fixtures::{proptest_config, run_named};
use proptest::prelude::*;
use std::collections::BTreeMap;
use vlab_sim::event::Detail;
use vlab_sim::ha::note::HaNote;
use vlab_sim::{EventKind, Trace};

// Each case runs minutes of simulated time, second by second: the
// properties below ask for few cases.

const PRIORITIES: [&str; 6] = ["disabled", "lowest", "low", "medium", "high", "highest"];

#[derive(Debug, Clone)]
struct Host {
    cpu_mhz: u64,
    mem_mb: u64,
    /// Sees ds2 as well as ds1.
    ds2: bool,
}

#[derive(Debug, Clone)]
struct Vm {
    /// Pinned to this host (index); `None` = placed by admission control.
    host: Option<usize>,
    mem_mb: u64,
    cpu_reservation_mhz: u64,
    mem_reservation_mb: u64,
    cpu_demand_mhz: u64,
    /// On ds1 (every host sees it); else shared storage.
    on_ds1: bool,
    priority: usize,
}

#[derive(Debug, Clone)]
enum Fault {
    HostCrash(usize),
    Isolation(usize),
    /// The hosts cut off together (indexes, distinct).
    Partition(Vec<usize>),
    DatastoreLoss(&'static str),
    GuestCrash(usize),
}

#[derive(Debug, Clone)]
struct Case {
    hosts: Vec<Host>,
    vms: Vec<Vm>,
    admission: &'static str,
    host_failures: u32,
    isolation_response: &'static str,
    vm_monitoring: &'static str,
    priority_delay_s: u32,
    overload_fails_host_pct: Option<u32>,
    /// (fault, at_s, until_s).
    faults: Vec<(Fault, u32, Option<u32>)>,
    duration_s: u32,
}

fn host() -> impl Strategy<Value = Host> {
    (
        prop_oneof![Just(8_000u64), Just(12_000), 4_000u64..=20_000],
        prop_oneof![Just(8_192u64), Just(16_384), 4_096u64..=32_768],
        prop::bool::weighted(0.7),
    )
        .prop_map(|(cpu_mhz, mem_mb, ds2)| Host {
            cpu_mhz,
            mem_mb,
            ds2,
        })
}

fn vm(hosts: usize, pinned: bool) -> impl Strategy<Value = Vm> {
    (
        if pinned {
            prop::option::of(0..hosts).boxed()
        } else {
            Just(None).boxed()
        },
        prop_oneof![Just(1_024u64), Just(2_048)],
        prop_oneof![Just(0u64), 100u64..=4_000],
        prop_oneof![Just(0u64), 64u64..=1_024],
        prop_oneof![Just(500u64), 100u64..=3_000],
        any::<bool>(),
        0usize..PRIORITIES.len(),
    )
        .prop_map(
            |(host, mem_mb, cpu_res, mem_res, cpu_demand_mhz, on_ds1, priority)| Vm {
                host,
                mem_mb,
                cpu_reservation_mhz: cpu_res,
                mem_reservation_mb: mem_res.min(mem_mb),
                cpu_demand_mhz,
                on_ds1,
                priority,
            },
        )
}

fn fault(hosts: usize, vms: usize) -> impl Strategy<Value = Fault> {
    prop_oneof![
        3 => (0..hosts).prop_map(Fault::HostCrash),
        2 => (0..hosts).prop_map(Fault::Isolation),
        1 => prop::sample::subsequence((0..hosts).collect::<Vec<_>>(), 1..hosts)
            .prop_map(Fault::Partition),
        1 => prop_oneof![Just("ds1"), Just("ds2")].prop_map(Fault::DatastoreLoss),
        1 => (0..vms).prop_map(Fault::GuestCrash),
    ]
}

fn timed_fault(hosts: usize, vms: usize) -> impl Strategy<Value = (Fault, u32, Option<u32>)> {
    (fault(hosts, vms), 1u32..=120, prop::option::of(1u32..=150))
        .prop_map(|(f, at_s, heal)| (f, at_s, heal.map(|d| at_s + d)))
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..=4, 1usize..=7)
        .prop_flat_map(|(n_hosts, n_vms)| {
            (
                prop::collection::vec(host(), n_hosts),
                prop::collection::vec(vm(n_hosts, true), n_vms),
                prop::sample::select(vec!["slots", "percentage", "failover_hosts", "disabled"]),
                1..n_hosts as u32,
                prop::sample::select(vec!["leave_powered_on", "power_off", "shutdown"]),
                prop::sample::select(vec!["disabled", "high", "low"]),
                prop_oneof![3 => Just(0u32), 1 => 1u32..=30],
                prop::option::weighted(0.2, 100u32..=150),
                prop::collection::vec(timed_fault(n_hosts, n_vms), 0..=3),
            )
        })
        .prop_map(
            |(mut hosts, vms, admission, host_failures, iso, mon, delay, overload, faults)| Case {
                hosts: {
                    // Some host sees ds2 (the faults may lose it).
                    hosts[0].ds2 = true;
                    hosts
                },
                vms,
                admission,
                host_failures,
                isolation_response: iso,
                vm_monitoring: mon,
                priority_delay_s: delay,
                overload_fails_host_pct: overload,
                faults,
                duration_s: 300,
            },
        )
}

fn host_name(h: usize) -> String {
    format!("esx{}", h + 1)
}

impl Case {
    fn toml(&self) -> String {
        let mut s = format!(
            "duration_s = {}\nstep_s = 1\n[ha]\nadmission = \"{}\"\nhost_failures = {}\nisolation_response = \"{}\"\nvm_monitoring = \"{}\"\npriority_delay_s = {}\n",
            self.duration_s,
            self.admission,
            self.host_failures,
            self.isolation_response,
            self.vm_monitoring,
            self.priority_delay_s
        );
        if self.admission == "failover_hosts" {
            // The last host stands by.
            s += &format!(
                "failover_hosts = [\"{}\"]\n",
                host_name(self.hosts.len() - 1)
            );
        }
        if let Some(pct) = self.overload_fails_host_pct {
            s += &format!("overload_fails_host_pct = {pct}\n");
        }
        for (h, host) in self.hosts.iter().enumerate() {
            let ds = if host.ds2 {
                "[\"ds1\", \"ds2\"]"
            } else {
                "[\"ds1\"]"
            };
            s += &format!(
                "[[host]]\nname = \"{}\"\ncpu_mhz = {}\nmem_mb = {}\ndatastores = {ds}\n",
                host_name(h),
                host.cpu_mhz,
                host.mem_mb
            );
        }
        for (i, vm) in self.vms.iter().enumerate() {
            s += &format!(
                "[[vm]]\nname = \"vm{i}\"\nmem_mb = {}\ncpu_reservation_mhz = {}\nmem_reservation_mb = {}\ncpu_demand_mhz = {}\nmem_demand_mb = 512\nrestart_priority = \"{}\"\n",
                vm.mem_mb,
                vm.cpu_reservation_mhz,
                vm.mem_reservation_mb,
                vm.cpu_demand_mhz,
                PRIORITIES[vm.priority]
            );
            if let Some(h) = vm.host {
                s += &format!("host = \"{}\"\n", host_name(h));
            }
            if vm.on_ds1 {
                s += "datastore = \"ds1\"\n";
            }
        }
        for (f, at_s, until_s) in &self.faults {
            let (kind, target) = match f {
                Fault::HostCrash(h) => ("host_crash", host_name(*h)),
                Fault::Isolation(h) => ("host_isolation", host_name(*h)),
                Fault::Partition(hs) => (
                    "partition",
                    hs.iter()
                        .map(|&h| host_name(h))
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                Fault::DatastoreLoss(ds) => ("datastore_loss", ds.to_string()),
                Fault::GuestCrash(i) => ("guest_crash", format!("vm{i}")),
            };
            s += &format!("[[fault]]\nkind = \"{kind}\"\ntarget = \"{target}\"\nat_s = {at_s}\n");
            if let Some(u) = until_s {
                s += &format!("until_s = {u}\n");
            }
        }
        s
    }

    fn run(&self, seed: u64) -> Trace {
        run_named("a generated case", &self.toml(), seed, &[])
    }
}

/// Replays the event log against the samples: each VM powers on or is
/// restarted only while off and powers off only while on, each sample's
/// power states are the replay's, and a running VM's host has not failed.
fn check_one_instance(t: &Trace) -> Result<(), TestCaseError> {
    let mut on: BTreeMap<&str, bool> = t.samples[0]
        .vms
        .iter()
        .map(|v| (v.name.as_str(), false))
        .collect();
    let mut events = t.events.iter().peekable();
    let mut last_t = 0;
    for s in &t.samples {
        while let Some(e) = events.next_if(|e| e.t_s <= s.t_s) {
            prop_assert!(e.t_s >= last_t, "events out of order at {}", e.t_s);
            last_t = e.t_s;
            let vm = e.subject.as_str();
            match e.kind {
                EventKind::PowerOn | EventKind::VmRestarted => {
                    prop_assert!(
                        !on[vm],
                        "{vm}: {} at {} while it runs",
                        e.kind.name(),
                        e.t_s
                    );
                    on.insert(vm, true);
                }
                EventKind::PowerOff => {
                    prop_assert!(on[vm], "{vm}: powered off at {} while off", e.t_s);
                    on.insert(vm, false);
                }
                _ => {}
            }
        }
        for v in &s.vms {
            prop_assert_eq!(
                v.powered_on,
                on[v.name.as_str()],
                "{} at {}",
                &v.name,
                s.t_s
            );
            if v.powered_on {
                let at = v.host.as_deref().expect("a running VM has a host");
                let host = s.hosts.iter().find(|h| h.name == at).expect("its host");
                prop_assert!(!host.failed, "{} runs on failed {at} at {}", v.name, s.t_s);
            }
        }
    }
    prop_assert!(events.next().is_none(), "events after the last sample");
    Ok(())
}

/// No host has more reserved than it has, at any sample.
fn check_reservations_fit(t: &Trace) -> Result<(), TestCaseError> {
    for s in &t.samples {
        for h in &s.hosts {
            prop_assert!(
                h.cpu_reserved_mhz <= h.cpu_capacity_mhz,
                "{} CPU {} > {} MHz at {}",
                h.name,
                h.cpu_reserved_mhz,
                h.cpu_capacity_mhz,
                s.t_s
            );
            prop_assert!(
                h.mem_reserved_mb <= h.mem_capacity_mb,
                "{} memory {} > {} MB at {}",
                h.name,
                h.mem_reserved_mb,
                h.mem_capacity_mb,
                s.t_s
            );
        }
    }
    Ok(())
}

/// VMs with restart priority `disabled` are never restarted, nor tried.
fn check_disabled_never_restarted(case: &Case, t: &Trace) -> Result<(), TestCaseError> {
    for (i, vm) in case.vms.iter().enumerate() {
        if PRIORITIES[vm.priority] != "disabled" {
            continue;
        }
        let name = format!("vm{i}");
        prop_assert!(
            !t.events.iter().any(|e| e.subject == name
                && matches!(e.kind, EventKind::VmRestarted | EventKind::VmRestartFailed)),
            "{} (disabled) restarted",
            name
        );
        for s in &t.samples {
            let ha = s.ha.as_ref().expect("HA figures");
            prop_assert!(!ha.restarting.contains(&name));
        }
    }
    Ok(())
}

/// A restart lands where the sample shows the VM, unless it moved again
/// in the same second.
fn check_restart_hosts(t: &Trace) -> Result<(), TestCaseError> {
    for (k, e) in t.events.iter().enumerate() {
        let Detail::Ha(HaNote::Restarted { host, .. }) = &e.detail else {
            continue;
        };
        let later_same_s = t.events[k + 1..]
            .iter()
            .any(|f| f.t_s == e.t_s && f.subject == e.subject && f.kind == EventKind::PowerOff);
        if later_same_s {
            continue;
        }
        let s = &t.samples[e.t_s as usize];
        let v = s.vms.iter().find(|v| v.name == e.subject).expect("the VM");
        prop_assert_eq!(v.host.as_deref(), Some(host.as_str()));
    }
    Ok(())
}

proptest! {
    #![proptest_config(proptest_config(64))]

    #[test]
    fn faults_never_run_a_vm_twice_nor_overbook_a_host(case in case()) {
        let t = case.run(11);
        prop_assert_eq!(t.samples.len() as u32, case.duration_s + 1);
        check_one_instance(&t)?;
        check_reservations_fit(&t)?;
        check_disabled_never_restarted(&case, &t)?;
        check_restart_hosts(&t)?;
    }
}

proptest! {
    #![proptest_config(proptest_config(24))]

    #[test]
    fn the_same_seed_gives_the_same_trace(case in case(), seed in any::<u64>()) {
        prop_assert_eq!(case.run(seed), case.run(seed));
    }
}

/// A cluster under the slot policy for `host_failures` failures, every VM
/// placed by admission control, and `host_failures` hosts crashing at 10 s.
fn slot_case() -> impl Strategy<Value = (Case, Vec<usize>)> {
    (2usize..=4, 1usize..=8)
        .prop_flat_map(|(n_hosts, n_vms)| {
            (
                prop::collection::vec(host(), n_hosts),
                prop::collection::vec(vm(n_hosts, false), n_vms),
                prop::sample::select(vec!["leave_powered_on", "power_off"]),
                (1..n_hosts).prop_flat_map(move |n| {
                    prop::sample::subsequence((0..n_hosts).collect::<Vec<_>>(), n)
                }),
            )
        })
        .prop_map(|(hosts, vms, iso, crashed)| {
            let case = Case {
                hosts,
                vms,
                admission: "slots",
                host_failures: crashed.len() as u32,
                isolation_response: iso,
                vm_monitoring: "disabled",
                priority_delay_s: 0,
                overload_fails_host_pct: None,
                faults: crashed
                    .iter()
                    .map(|&h| (Fault::HostCrash(h), 10, None))
                    .collect(),
                duration_s: 120,
            };
            (case, crashed)
        })
}

proptest! {
    #![proptest_config(proptest_config(64))]

    /// Availability Guide, "Slot Policy Admission Control": with the
    /// failover capacity admission control keeps, any `host_failures`
    /// hosts can fail and every protected VM restarts on the others (by
    /// 45 s after the crash: the master's election and restart delay).
    #[test]
    fn slots_for_n_failures_restart_every_protected_vm((case, crashed) in slot_case()) {
        let t = case.run(3);
        check_one_instance(&t)?;
        check_reservations_fit(&t)?;
        let before = &t.samples[9];
        let ha = before.ha.as_ref().expect("HA figures");
        prop_assert!(ha.summary.failover_capacity >= case.host_failures);
        let end = t.last();
        for (i, vm) in case.vms.iter().enumerate() {
            let name = format!("vm{i}");
            let was = before.vms.iter().find(|v| v.name == name).expect("the VM");
            let now = end.vms.iter().find(|v| v.name == name).expect("the VM");
            if !was.powered_on {
                // Refused by admission control at power-on.
                prop_assert!(t.events.iter().any(|e| e.kind == EventKind::AdmissionDenied
                    && e.subject == name));
                prop_assert!(!now.powered_on);
                continue;
            }
            let hit = crashed
                .iter()
                .any(|&h| was.host.as_deref() == Some(host_name(h).as_str()));
            if PRIORITIES[vm.priority] == "disabled" && hit {
                prop_assert!(!now.powered_on, "{} (disabled) back", name);
            } else {
                prop_assert!(
                    now.powered_on,
                    "{} not restarted after {:?} crashed\n{}",
                    name,
                    crashed,
                    case.toml()
                );
            }
        }
        prop_assert!(end.ha.as_ref().unwrap().restarting.is_empty());
        prop_assert!(!t.events.iter().any(|e| e.kind == EventKind::VmRestartFailed));
    }
}
