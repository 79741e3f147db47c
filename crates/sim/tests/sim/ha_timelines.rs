//! Golden vSphere HA timelines (issue 6): the cases of
//! `tests/testdata/ha_timelines.toml`, small scenarios each with the
//! complete event log it must produce (time, event, subject; memory state
//! changes left out), each citing the published timeline it follows (the
//! file's header lists the sources: [DD] the HA Deepdive, [AG] the
//! Availability Guide, [FC] FusionCompute's HA policies).
//!
//! Every case's log is checked by [`every_case_plays_its_timeline`]; the
//! tests after it assert more about one case (event details, where VMs
//! run, HA's figures), reading its scenario and timeline by name.

use crate::fixtures::{self, host_at, metric_at, sample_at};
use serde::Deserialize;
use std::collections::BTreeMap;
use vlab_sim::event::Detail;
use vlab_sim::ha::note::{HaNote, RestartBlock};
use vlab_sim::ha::HaRefusal;
use vlab_sim::{EventKind, Trace};

/// `tests/testdata/ha_timelines.toml`; its header documents the fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    /// Named `[[host]]` blocks that cases share.
    hosts: BTreeMap<String, String>,
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    scenario: String,
    /// A key of [`Data::hosts`], appended to `scenario`.
    hosts: Option<String>,
    /// (t_s, event kind, subject), in order.
    timeline: Vec<(u32, String, String)>,
}

fn data() -> Data {
    fixtures::data(
        "ha_timelines.toml",
        include_str!("../testdata/ha_timelines.toml"),
    )
}

/// The scenario file of `case`: its scenario, then its hosts.
fn source(data: &Data, case: &Case) -> String {
    let mut src = case.scenario.clone();
    if let Some(name) = &case.hosts {
        let hosts = data
            .hosts
            .get(name)
            .unwrap_or_else(|| panic!("{}: no [hosts] entry {name}", case.name));
        src.push('\n');
        src += hosts;
    }
    src
}

/// Runs `case` and compares its event log, memory state changes left
/// out, with its timeline: the trace, or what differed.
fn play(data: &Data, case: &Case) -> Result<Trace, String> {
    let src = source(data, case);
    let trace = fixtures::run_named(&case.name, &src, 7, &[]);
    let events: Vec<_> = trace
        .events
        .iter()
        .filter(|e| e.kind != EventKind::MemStateChanged)
        .collect();
    let got: Vec<(u32, &str, &str)> = events
        .iter()
        .map(|e| (e.t_s, e.kind.name(), e.subject.as_str()))
        .collect();
    let want: Vec<(u32, &str, &str)> = case
        .timeline
        .iter()
        .map(|(t_s, kind, subject)| (*t_s, kind.as_str(), subject.as_str()))
        .collect();
    if got == want {
        return Ok(trace);
    }
    let at = got.iter().zip(&want).take_while(|(g, w)| g == w).count();
    let log: Vec<String> = events
        .iter()
        .map(|e| {
            format!(
                "{:>4} {:<20} {} {:?}",
                e.t_s,
                e.kind.name(),
                e.subject,
                e.detail
            )
        })
        .collect();
    Err(format!(
        "{}: timeline differs from entry {at} (got {:?}, want {:?})\n got: {got:?}\nwant: {want:?}\n\n{}\n\n{src}",
        case.name,
        got.get(at),
        want.get(at),
        log.join("\n")
    ))
}

/// The trace of the case named `name`, its timeline checked.
fn played(name: &str) -> Trace {
    let data = data();
    let named: Vec<&Case> = data.case.iter().filter(|c| c.name == name).collect();
    let [case] = named[..] else {
        panic!("ha_timelines.toml has {} cases named {name}", named.len());
    };
    play(&data, case).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_case_plays_its_timeline() {
    let data = data();
    let mut failures = Vec::new();
    for (k, case) in data.case.iter().enumerate() {
        if data.case[..k].iter().any(|c| c.name == case.name) {
            failures.push(format!("{}: the name is used twice", case.name));
        }
        if let Err(e) = play(&data, case) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        data.case.len(),
        failures.join("\n\n")
    );
}

/// The detail of the `n`th event of `kind` about `subject`.
fn detail<'a>(t: &'a Trace, kind: EventKind, subject: &str, n: usize) -> &'a Detail {
    &t.events
        .iter()
        .filter(|e| e.kind == kind && e.subject == subject)
        .nth(n)
        .unwrap_or_else(|| panic!("no {} #{n} for {subject}", kind.name()))
        .detail
}

/// Declared dead at T18s (the master checks the heartbeat datastores it
/// shares with esx1 too): off from the crash, restarted on esx2 (the
/// first attempt); esx3 stays master.
#[test]
fn slave_crash_declared_dead_at_18s_with_heartbeat_datastores() {
    let t = played("slave_crash_declared_dead_at_18s_with_heartbeat_datastores");
    assert_eq!(host_at(&t, "web", 9).as_deref(), Some("esx1"));
    assert!((10..28).all(|s| host_at(&t, "web", s).is_none()));
    assert_eq!(host_at(&t, "web", 28).as_deref(), Some("esx2"));
    assert_eq!(
        detail(&t, EventKind::VmRestarted, "web", 0),
        &Detail::Ha(HaNote::Restarted {
            host: "esx2".into(),
            attempt: 1
        })
    );
    let ha = t.last().ha.as_ref().expect("HA figures");
    assert_eq!(ha.master.as_deref(), Some("esx3"));
}

/// No master from the crash until esx2 is elected; the VM restarts on
/// esx1.
#[test]
fn master_crash_election_at_10s_elected_at_25s_restarts_at_35s() {
    let t = played("master_crash_election_at_10s_elected_at_25s_restarts_at_35s");
    assert_eq!(
        detail(&t, EventKind::ElectionStarted, "cluster", 0),
        &Detail::Ha(HaNote::ElectionStarted)
    );
    assert_eq!(t.samples[34].ha.as_ref().unwrap().master, None);
    assert_eq!(
        t.samples[35].ha.as_ref().unwrap().master.as_deref(),
        Some("esx2")
    );
    assert_eq!(host_at(&t, "web", 45).as_deref(), Some("esx1"));
}

/// Isolated first by the master's view, then by the host's own; the
/// response powers off one VM, which runs on esx1 until then and on esx2
/// after.
#[test]
fn slave_isolation_with_heartbeats_power_off_at_60s_then_restart() {
    let t = played("slave_isolation_with_heartbeats_power_off_at_60s_then_restart");
    assert_eq!(
        detail(&t, EventKind::HostIsolated, "esx1", 0),
        &Detail::Ha(HaNote::Isolated { by_master: true })
    );
    assert_eq!(
        detail(&t, EventKind::HostIsolated, "esx1", 1),
        &Detail::Ha(HaNote::Isolated { by_master: false })
    );
    assert_eq!(
        detail(&t, EventKind::IsolationResponse, "esx1", 0),
        &Detail::Ha(HaNote::Response {
            response: vlab_sim::ha::fdm::IsolationResponse::PowerOff,
            vms: 1
        })
    );
    // It ran on the isolated host until the response, then on esx2.
    assert!((0..70).all(|s| host_at(&t, "web", s).as_deref() == Some("esx1")));
    assert_eq!(host_at(&t, "web", 70).as_deref(), Some("esx2"));
    let ha = t.samples[50].ha.as_ref().unwrap();
    assert_eq!(ha.isolated, ["esx1"]);
}

/// The new master restarts the VM on esx1.
#[test]
fn master_isolation_isolated_at_5s_responds_at_35s() {
    let t = played("master_isolation_isolated_at_5s_responds_at_35s");
    assert_eq!(host_at(&t, "web", 45).as_deref(), Some("esx1"));
}

/// Both restarts fail on esx1's lock and HA will retry; the VM runs once,
/// on esx1, all along.
#[test]
fn isolation_without_heartbeat_datastore_restart_fails_on_the_lock() {
    let t = played("isolation_without_heartbeat_datastore_restart_fails_on_the_lock");
    for (n, attempt) in [(0, 1), (1, 2)] {
        assert_eq!(
            detail(&t, EventKind::VmRestartFailed, "web", n),
            &Detail::Ha(HaNote::RestartFailed {
                why: RestartBlock::Locked {
                    host: "esx1".into()
                },
                attempt,
                gave_up: false
            })
        );
    }
    // Never twice, never anywhere else.
    for s in &t.samples {
        let running: Vec<_> = s.vms.iter().filter(|v| v.powered_on).collect();
        assert_eq!(running.len(), 1);
        assert_eq!(running[0].host.as_deref(), Some("esx1"));
        let on_esx1 = s.hosts.iter().find(|h| h.name == "esx1").unwrap();
        assert_eq!(on_esx1.vms_running, 1);
    }
    assert!(t.last().ha.as_ref().unwrap().restarting == ["web"]);
}

/// Nothing left to restart; the VM ends where it ran.
#[test]
fn isolation_without_heartbeats_healed_stops_the_retries() {
    let t = played("isolation_without_heartbeats_healed_stops_the_retries");
    assert!(t.last().ha.as_ref().unwrap().restarting.is_empty());
    assert_eq!(host_at(&t, "web", 200).as_deref(), Some("esx1"));
}

/// esx1 is master of partition 1, the VM never moves, esx1 is listed
/// partitioned until the network heals, and esx3 is the one master at the
/// end.
#[test]
fn partition_with_heartbeats_restarts_nothing() {
    let t = played("partition_with_heartbeats_restarts_nothing");
    assert_eq!(
        detail(&t, EventKind::MasterElected, "esx1", 0),
        &Detail::Ha(HaNote::Master {
            host: "esx1".into(),
            partition: 1
        })
    );
    assert!(t
        .samples
        .iter()
        .all(|s| host_at(&t, "web", s.t_s).as_deref() == Some("esx1")));
    let partitioned_at = |t_s: u32| sample_at(&t, t_s).ha.as_ref().unwrap().partitioned.clone();
    assert_eq!(partitioned_at(50), vec!["esx1".to_string()]);
    assert!(partitioned_at(100).is_empty(), "healed at 80 s");
    assert_eq!(
        t.last().ha.as_ref().unwrap().master.as_deref(),
        Some("esx3")
    );
}

/// One VM powered off by the loss; the first restart fails on the lost
/// datastore, the second brings it back on esx1; `app`, on ds2, runs on.
#[test]
fn datastore_loss_powers_off_and_restarts_when_it_heals() {
    let t = played("datastore_loss_powers_off_and_restarts_when_it_heals");
    assert_eq!(
        detail(&t, EventKind::DatastoreLost, "ds1", 0),
        &Detail::Ha(HaNote::DatastoreLost { vms: 1 })
    );
    assert_eq!(
        detail(&t, EventKind::VmRestartFailed, "web", 0),
        &Detail::Ha(HaNote::RestartFailed {
            why: RestartBlock::DatastoreLost {
                datastore: "ds1".into()
            },
            attempt: 1,
            gave_up: false
        })
    );
    assert_eq!(
        detail(&t, EventKind::VmRestarted, "web", 0),
        &Detail::Ha(HaNote::Restarted {
            host: "esx1".into(),
            attempt: 2
        })
    );
    assert!((10..90).all(|s| host_at(&t, "web", s).is_none()));
    assert!(t
        .samples
        .iter()
        .all(|s| host_at(&t, "app", s.t_s).as_deref() == Some("esx2")));
}

/// The fifth failure gives up, and nothing is left to restart.
#[test]
fn datastore_lost_for_good_five_attempts_then_give_up() {
    let t = played("datastore_lost_for_good_five_attempts_then_give_up");
    let Detail::Ha(HaNote::RestartFailed {
        attempt, gave_up, ..
    }) = detail(&t, EventKind::VmRestartFailed, "web", 4)
    else {
        panic!("a restart failure");
    };
    assert_eq!((*attempt, *gave_up), (5, true));
    assert!(t.last().ha.as_ref().unwrap().restarting.is_empty());
}

/// Case `name`, a guest hung at 10 s under VM monitoring: the reset says
/// `after_s`, the guest is down from the hang until the reset, and the VM
/// stays on its host (a reset is no restart).
fn check_reset_after(name: &str, after_s: u32) {
    let t = played(name);
    assert_eq!(
        detail(&t, EventKind::VmReset, "web", 0),
        &Detail::Ha(HaNote::Reset { after_s }),
        "{name}"
    );
    assert_eq!(metric_at(&t, "vm.web.guest_up", 9), 1, "{name}");
    assert_eq!(metric_at(&t, "vm.web.guest_up", 10), 0, "{name}");
    assert_eq!(metric_at(&t, "vm.web.guest_up", 9 + after_s), 0, "{name}");
    assert_eq!(metric_at(&t, "vm.web.guest_up", 10 + after_s), 1, "{name}");
    assert_eq!(metric_at(&t, "vm.web.guest_up", 200), 1, "{name}");
    // The VM itself stays on its host: a reset is no restart.
    assert!(
        t.samples
            .iter()
            .all(|s| host_at(&t, "web", s.t_s).as_deref() == Some("esx1")),
        "{name}"
    );
}

#[test]
fn vm_monitoring_high_resets_after_30_s() {
    check_reset_after("vm_monitoring_high_resets_after_30_s", 30);
}

#[test]
fn vm_monitoring_medium_resets_after_60_s() {
    check_reset_after("vm_monitoring_medium_resets_after_60_s", 60);
}

#[test]
fn vm_monitoring_low_resets_after_120_s() {
    check_reset_after("vm_monitoring_low_resets_after_120_s", 120);
}

/// The second reset waited 60 s (the minimum uptime); the fourth hang
/// says why it is not reset, and the guest stays down.
#[test]
fn vm_monitoring_waits_the_minimum_uptime_and_stops_after_three_resets() {
    let t = played("vm_monitoring_waits_the_minimum_uptime_and_stops_after_three_resets");
    assert_eq!(
        detail(&t, EventKind::VmReset, "web", 1),
        &Detail::Ha(HaNote::Reset { after_s: 60 })
    );
    let limit = t
        .events
        .iter()
        .filter(|e| e.kind == EventKind::GuestCrashed && e.t_s == 500)
        .find_map(|e| match &e.detail {
            Detail::Ha(note @ HaNote::ResetLimit { .. }) => Some(note.clone()),
            _ => None,
        });
    assert_eq!(
        limit,
        Some(HaNote::ResetLimit {
            resets: 3,
            window_s: 3600
        })
    );
    assert_eq!(metric_at(&t, "vm.web.guest_up", 499), 1);
    assert!((500..=700).all(|s| metric_at(&t, "vm.web.guest_up", s) == 0));
}

/// At the failure interval VM monitoring sees the guest's I/O of the last
/// 120 s and does not reset it: the log says so, the guest stays hung.
#[test]
fn vm_monitoring_leaves_a_guest_doing_io_alone() {
    let t = played("vm_monitoring_leaves_a_guest_doing_io_alone");
    assert_eq!(
        detail(&t, EventKind::GuestCrashed, "web", 1),
        &Detail::Ha(HaNote::IoActive {
            after_s: 30,
            window_s: 120
        })
    );
    assert!((10..=200).all(|s| metric_at(&t, "vm.web.guest_up", s) == 0));
}

/// The guest stays down from the hang, and the VM on.
#[test]
fn vm_monitoring_disabled_never_resets() {
    let t = played("vm_monitoring_disabled_never_resets");
    assert!((0..10).all(|s| metric_at(&t, "vm.web.guest_up", s) == 1));
    assert!((10..=200).all(|s| metric_at(&t, "vm.web.guest_up", s) == 0));
    assert!(t.samples.iter().all(|s| s.vms[0].powered_on));
}

/// `batch` runs on esx2 after the restarts.
#[test]
fn restart_priorities_highest_first() {
    let t = played("restart_priorities_highest_first");
    assert_eq!(host_at(&t, "batch", 28).as_deref(), Some("esx2"));
}

/// Both failures of `batch` are for lack of 6000 MHz, to be retried; esx2
/// runs `db` alone.
#[test]
fn restart_priorities_short_capacity_goes_to_the_highest() {
    let t = played("restart_priorities_short_capacity_goes_to_the_highest");
    for (n, attempt) in [(0, 1), (1, 2)] {
        let Detail::Ha(HaNote::RestartFailed {
            why: RestartBlock::NoCapacity { needed_mhz, .. },
            attempt: a,
            gave_up: false,
        }) = detail(&t, EventKind::VmRestartFailed, "batch", n)
        else {
            panic!("no capacity, will retry");
        };
        assert_eq!((*needed_mhz, *a), (6000, attempt));
    }
    let esx2 = &t.last().hosts[1];
    assert_eq!((esx2.cpu_reserved_mhz, esx2.vms_running), (6000, 1));
    assert_eq!(t.last().ha.as_ref().unwrap().restarting, ["batch"]);
}

/// `batch` is off at the end.
#[test]
fn restart_priority_disabled_is_never_restarted() {
    let t = played("restart_priority_disabled_is_never_restarted");
    assert!(host_at(&t, "batch", 200).is_none());
}

/// The VM is off from the failure to the end.
#[test]
fn fusioncompute_stop_leaves_the_vm_off() {
    let t = played("fusioncompute_stop_leaves_the_vm_off");
    assert!((10..=150).all(|s| host_at(&t, "app", s).is_none()));
}

/// Off until cna1 is back, then on cna1.
#[test]
fn fusioncompute_restore_on_original_host_waits_for_it() {
    let t = played("fusioncompute_restore_on_original_host_waits_for_it");
    assert!((10..100).all(|s| host_at(&t, "app", s).is_none()));
    assert_eq!(host_at(&t, "app", 100).as_deref(), Some("cna1"));
}

/// On cna2 at the end.
#[test]
fn fusioncompute_restore_in_cluster_restarts_on_the_other_host() {
    let t = played("fusioncompute_restore_in_cluster_restarts_on_the_other_host");
    assert_eq!(host_at(&t, "app", 150).as_deref(), Some("cna2"));
}

/// vm3 is refused for want of one slot of the none left; 4 slots of 4000
/// MHz, 2 used, one host failure covered.
#[test]
fn slot_admission_refuses_the_vm_that_would_break_one_host_failure() {
    let t = played("slot_admission_refuses_the_vm_that_would_break_one_host_failure");
    assert_eq!(
        detail(&t, EventKind::AdmissionDenied, "vm3", 0),
        &Detail::HaAdmission(HaRefusal::NotEnoughSlots {
            needed: 1,
            available: 0,
            host_failures: 1
        })
    );
    let ha = t.last().ha.as_ref().unwrap();
    assert_eq!(ha.summary.slot_cpu_mhz, 4000);
    assert_eq!(ha.summary.total_slots, 4);
    assert_eq!(ha.summary.used_slots, 2);
    assert_eq!(ha.summary.failover_capacity, 1);
}

/// With host_failures = 0 all three fit: 3 slots used.
#[test]
fn slot_admission_without_host_failures_admits_all_three() {
    let t = played("slot_admission_without_host_failures_admits_all_three");
    assert_eq!(t.last().ha.as_ref().unwrap().summary.used_slots, 3);
}

// Regressions: faults that overlap.

/// HA is still trying to restart the VM at the end.
#[test]
fn crash_healed_before_declared_dead_retries_from_the_first_attempt() {
    let t = played("crash_healed_before_declared_dead_retries_from_the_first_attempt");
    assert_eq!(t.last().ha.as_ref().unwrap().restarting, ["web"]);
}

/// The VM stays off from the crash until the new election's restart.
#[test]
fn master_back_before_the_election_takes_part_in_it() {
    let t = played("master_back_before_the_election_takes_part_in_it");
    assert!((10..45).all(|s| host_at(&t, "web", s).is_none()));
}
