//! Worked examples of live migration (issue 5, `docs/references.md` "Live
//! migration"), each with its numbers computed by hand in the comments.
//!
//! Units: 1 GbE = 125 MB/s, 10 GbE = 1250 MB/s; a transfer of M MB at
//! R MB/s takes ceil(1000 M / R) ms; a round dirties d x (its duration)
//! MB, rounded down; the stun sends the last dirtied pages plus 1 MB of
//! device state, and resume + RARP take 20 ms (plus the round trip between
//! two vCenters). The memory engine touches a VM's memory at 16 MB/s after
//! power-on, so a 512 MB VM is fully touched at 32 s and a 4 GB one at
//! 256 s; `mem_zero_pct = 0` makes every touched page non-zero.

use crate::fixtures::{first_event, host_at, run, run_with};
use vlab_sim::event::Detail;
use vlab_sim::migration::cost::Budgeted;
use vlab_sim::migration::record::{MigrationNote, MigrationRecord, Outcome};
use vlab_sim::migration::{precopy, MigrationKind, PhaseKind, PrecopyInput, StopReason};
use vlab_sim::{EventKind, Trace, Value};

/// Two hosts on a vMotion network of `gbps` sharing datastore "shared",
/// then `rest` (VMs, migrations, timeline).
fn scenario(duration_s: u32, step_s: u32, gbps: u32, rest: &str) -> String {
    format!(
        r#"duration_s = {duration_s}
step_s = {step_s}

[[host]]
name = "esx1"
cpu_mhz = 40000
mem_mb = 65536
vmotion_gbps = {gbps}
datastores = ["shared", "local1"]

[[host]]
name = "esx2"
cpu_mhz = 40000
mem_mb = 65536
vmotion_gbps = {gbps}
datastores = ["shared"]
{rest}"#
    )
}

/// One VM `web` on esx1 of `mem_mb` dirtying `dirty_mb_s`, moved to esx2
/// at `at_s` with `migration` lines added, `vm` lines added to the VM.
fn one_vm(mem_mb: u64, dirty_mb_s: u64, at_s: u32, vm: &str, migration: &str) -> String {
    format!(
        r#"
[[vm]]
name = "web"
host = "esx1"
mem_mb = {mem_mb}
mem_zero_pct = 0
mem_dirty_mb_s = {dirty_mb_s}
{vm}

[[migration]]
vm = "web"
to_host = "esx2"
at_s = {at_s}
{migration}
"#
    )
}

fn the(t: &Trace, vm: &str) -> MigrationRecord {
    t.migrations
        .iter()
        .find(|r| r.vm == vm)
        .cloned()
        .unwrap_or_else(|| panic!("no migration of {vm}"))
}

/// The migration events of `vm` as (second, kind, note).
fn log(t: &Trace, vm: &str) -> Vec<(u32, EventKind, MigrationNote)> {
    t.events
        .iter()
        .filter(|e| e.subject == vm)
        .filter_map(|e| match &e.detail {
            Detail::Migration { note, .. } => Some((e.t_s, e.kind, note.clone())),
            _ => None,
        })
        .collect()
}

fn sent(r: &MigrationRecord) -> Vec<u64> {
    r.rounds.iter().map(|x| x.sent_mb).collect()
}

#[test]
fn precopy_rounds_follow_the_closed_form_exactly() {
    // V0 = 10000 MB over R = 1000 MB/s with d = 400 MB/s, SDPS off:
    // round i sends V0 (d/R)^i = 10000, 4000, 1600, 640 (each takes as
    // many ms as it has MB); the 256 MB dirtied during the last take
    // 256 ms <= 500: converged. Stun: 257 MB = 257 ms + 20 ms.
    let mut input = PrecopyInput::new(10_000, 400, 1000);
    input.sdps = false;
    let o = precopy(&input);
    let closed_form: Vec<u64> = (0..4)
        .map(|i| (10_000.0 * 0.4f64.powi(i)).round() as u64)
        .collect();
    assert_eq!(closed_form, [10_000, 4000, 1600, 640]);
    let sent: Vec<u64> = o.rounds.iter().map(|r| r.sent_mb).collect();
    assert_eq!(sent, closed_form);
    let durations: Vec<u64> = o.rounds.iter().map(|r| r.duration_ms).collect();
    assert_eq!(durations, [10_000, 4000, 1600, 640]);
    assert_eq!(o.rounds[3].dirtied_mb, 256);
    assert_eq!(o.stop, StopReason::Converged);
    assert_eq!(o.stun_sent_mb, 257);
    assert_eq!(o.downtime_ms, 277);
    // Everything: the geometric sum 16240 MB plus the stun.
    assert_eq!(o.total_sent_mb, 16_240 + 257);
    assert_eq!(o.total_ms, 16_240 + 277);
}

#[test]
fn a_scenario_vmotion_halves_each_round_when_d_is_half_of_r() {
    // 4096 MB over 10 GbE (1250 MB/s), d = 625 MB/s = R/2, SDPS off:
    //   round 1: 4096 MB in ceil(3276.8) = 3277 ms, dirtying 2048;
    //   round 2: 2048 MB in 1639 ms, dirtying 1024;
    //   round 3: 1024 MB in 820 ms, dirtying 512, which takes 410 ms
    //            <= 500: converged.
    // Closed form V0 (1/2)^i: 4096, 2048, 1024, 512. Stun: 513 MB in
    // 411 ms + 20 = 431 ms; total 3277 + 1639 + 820 + 431 = 6167 ms.
    let t = run(&scenario(
        300,
        20,
        10,
        &one_vm(4096, 625, 260, "", "sdps = false"),
    ));
    let r = the(&t, "web");
    assert_eq!(r.outcome, Outcome::Completed, "{r:?}");
    assert_eq!(r.link_mb_s, 1250);
    for (i, round) in r.rounds.iter().enumerate() {
        let closed = 4096.0 * 0.5f64.powi(i as i32);
        assert!((round.sent_mb as f64 - closed).abs() <= 1.0, "{r:?}");
        assert!(
            (round.dirtied_mb as f64 - closed / 2.0).abs() <= 1.0,
            "{r:?}"
        );
    }
    assert_eq!(sent(&r), [4096, 2048, 1024]);
    let durations: Vec<u64> = r.rounds.iter().map(|x| x.duration_ms).collect();
    assert_eq!(durations, [3277, 1639, 820]);
    assert!(r.converged && !r.sdps_engaged);
    assert_eq!(r.downtime_ms, 431);
    assert_eq!(r.total_ms, 6167);
    assert_eq!(r.total_sent_mb, 4096 + 2048 + 1024 + 513);
    // Started at 260, ended at 266.167: the VM runs on esx2 from 267 s.
    assert_eq!(r.start_ms, Some(260_000));
    let kinds: Vec<PhaseKind> = r.phases.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [PhaseKind::Precopy, PhaseKind::Switchover, PhaseKind::Resume]
    );
    assert_eq!(
        log(&t, "web")
            .iter()
            .map(|(s, k, _)| (*s, *k))
            .collect::<Vec<_>>(),
        [
            (260, EventKind::MigrationStarted),
            (267, EventKind::MigrationCompleted)
        ]
    );
    assert_eq!(host_at(&t, "web", 260).as_deref(), Some("esx1"));
    assert_eq!(host_at(&t, "web", 280).as_deref(), Some("esx2"));
}

#[test]
fn ten_times_the_bandwidth_makes_round_one_ten_times_shorter() {
    // 4096 MB dirtying 50 MB/s.
    // 10 GbE: round 1 = 3277 ms, dirtying 163 MB (131 ms to send):
    //         converged after one round.
    // 1 GbE:  round 1 = ceil(4096000 / 125) = 32768 ms, dirtying 1638;
    //         then 1638 (13104 ms) -> 655 (5240) -> 262 (2096) -> 104
    //         (832) -> 41 MB left, 328 ms: five rounds. 50 MB/s is well
    //         under the link's 125 MB/s, so SDPS leaves the guest alone.
    let src = scenario(300, 20, 10, &one_vm(4096, 50, 260, "", ""));
    let fast = the(&run(&src), "web");
    let slow = the(
        &run_with(
            &src,
            &[
                ("host.esx1.vmotion_gbps", Value::Int(1)),
                ("host.esx2.vmotion_gbps", Value::Int(1)),
            ],
        ),
        "web",
    );
    assert_eq!((fast.link_mb_s, slow.link_mb_s), (1250, 125));
    assert_eq!(fast.rounds[0].duration_ms, 3277);
    assert_eq!(slow.rounds[0].duration_ms, 32_768);
    let ratio = slow.rounds[0].duration_ms as f64 / fast.rounds[0].duration_ms as f64;
    assert!((ratio - 10.0).abs() < 0.01, "{ratio}");
    assert_eq!(sent(&fast), [4096]);
    assert_eq!(sent(&slow), [4096, 1638, 655, 262, 104]);
    assert!(fast.converged && slow.converged);
    assert!(!slow.sdps_engaged);
    // Downtime: 164 MB at 1250 MB/s = 132 ms + 20; 42 MB at 125 = 336 + 20.
    assert_eq!((fast.downtime_ms, slow.downtime_ms), (152, 356));
    assert_eq!(slow.total_ms, 32_768 + 13_104 + 5240 + 2096 + 832 + 356);
}

#[test]
fn without_sdps_a_fast_dirtier_does_not_converge() {
    // 4096 MB dirtying 200 MB/s over 1 GbE (125 MB/s), SDPS off: each
    // round of 4096 MB takes 32768 ms and dirties all 4096 MB again. After
    // three rounds 12288 MB = 3 x memory have gone: pre-copy gives up
    // (no progress) and stuns the VM to send all 4096 MB + 1 MB of device
    // state: 32776 ms + 20 ms of downtime. Total 3 x 32768 + 32796 =
    // 131100 ms.
    let off = one_vm(4096, 200, 260, "", "sdps = false");
    let t = run(&scenario(400, 20, 1, &off));
    let r = the(&t, "web");
    assert_eq!(r.outcome, Outcome::Completed, "{r:?}");
    assert!(!r.converged && !r.sdps_engaged);
    assert_eq!(sent(&r), [4096, 4096, 4096]);
    assert_eq!(r.downtime_ms, 32_796);
    assert_eq!(r.total_ms, 131_100);
    assert_eq!(r.total_sent_mb, 3 * 4096 + 4097);

    // With a 30 s maximum switchover, vSphere gives up before the stun:
    // failed when pre-copy ends (260 + 98.304 s -> 359 s), the VM never
    // stopped and still runs on esx1.
    let capped = one_vm(4096, 200, 260, "", "sdps = false\nmax_switchover_s = 30");
    let t = run(&scenario(400, 20, 1, &capped));
    let r = the(&t, "web");
    assert_eq!(r.outcome, Outcome::Failed, "{r:?}");
    assert_eq!(
        r.note,
        Some(MigrationNote::SwitchoverTooLong {
            needed_ms: 32_796,
            max_ms: 30_000
        })
    );
    assert_eq!((r.downtime_ms, r.total_ms), (0, 98_304));
    assert_eq!(
        log(&t, "web").last().map(|(s, k, _)| (*s, *k)),
        Some((359, EventKind::MigrationFailed))
    );
    assert_eq!(host_at(&t, "web", 360).as_deref(), Some("esx1"));
    assert_eq!(host_at(&t, "web", 400).as_deref(), Some("esx1"));

    // SDPS on: the guest dirties faster than the link sends, so SDPS
    // holds it to 96 % of the link, 120 MB/s: 40 % slower. Each round is
    // 96 % of the one before: 4096 MB in 32768 ms dirties 3932 MB, sent in
    // 31456 ms, which dirties 3774 MB... Pre-copy converges (long, but
    // with a sub-second stun); Xen's 30-round and 3x limits do not apply.
    let on = one_vm(4096, 200, 260, "", "");
    let r = the(&run(&scenario(1400, 20, 1, &on)), "web");
    assert_eq!(r.outcome, Outcome::Completed, "{r:?}");
    assert!(r.converged && r.sdps_engaged, "{r:?}");
    assert_eq!(r.guest_slowdown_pct, 40);
    assert_eq!(sent(&r)[..3], [4096, 3932, 3774]);
    assert!(r.rounds.len() > 30, "{}", r.rounds.len());
    assert!(r.downtime_ms < 1000, "{r:?}");
}

#[test]
fn a_fifth_vmotion_on_1gbe_waits_for_the_network() {
    // Five idle 512 MB VMs leave esx1 at 40 s over 1 GbE, whose budget is
    // 4 vMotions. The first four start, splitting the bandwidth at their
    // start: 125, 125/2 = 62, 125/3 = 41, 125/4 = 31 MB/s. The first
    // takes 4096 + 8 + 20 = 4124 ms and ends at 44.124 s, so at 45 s the
    // fifth starts, sharing with the three still running: 31 MB/s.
    let mut rest = String::new();
    for i in 1..=5 {
        rest += &format!(
            "[[vm]]\nname = \"vm{i}\"\nhost = \"esx1\"\nmem_mb = 512\nmem_zero_pct = 0\n\n"
        );
    }
    for i in 1..=5 {
        rest += &format!("[[migration]]\nvm = \"vm{i}\"\nto_host = \"esx2\"\nat_s = 40\n\n");
    }
    let t = run(&scenario(80, 1, 1, &rest));
    let links: Vec<u64> = t.migrations.iter().map(|r| r.link_mb_s).collect();
    assert_eq!(links, [125, 62, 41, 31, 31]);
    let starts: Vec<Option<u64>> = t.migrations.iter().map(|r| r.start_ms).collect();
    assert_eq!(
        starts,
        [
            Some(40_000),
            Some(40_000),
            Some(40_000),
            Some(40_000),
            Some(45_000)
        ]
    );
    assert_eq!(t.migrations[0].total_ms, 4124);
    assert!(t.migrations.iter().all(|r| r.outcome == Outcome::Completed));
    let queued = MigrationNote::Queued {
        on: vlab_sim::migration::cost::Budgeted::Network("esx1".into()),
        in_use: 4,
        cost: 1,
        budget: 4,
    };
    assert_eq!(
        log(&t, "vm5"),
        [
            (40, EventKind::MigrationQueued, queued.clone()),
            (
                45,
                EventKind::MigrationStarted,
                MigrationNote::Started {
                    kind: MigrationKind::Compute,
                    link_mb_s: 31
                }
            ),
            (
                62,
                EventKind::MigrationCompleted,
                MigrationNote::Completed {
                    // 512 MB at 31 MB/s: 16517 ms; 1 MB: 33 ms; + 20.
                    total_ms: 16_570,
                    downtime_ms: 53,
                    total_sent_mb: 513
                }
            ),
        ]
    );
    let queued = first_event(&t, EventKind::MigrationQueued).map(|e| &e.detail);
    assert!(
        matches!(
            queued,
            Some(Detail::Migration {
                note: MigrationNote::Queued {
                    on: Budgeted::Network(host),
                    in_use: 4,
                    budget: 4,
                    ..
                },
                ..
            }) if host == "esx1"
        ),
        "{queued:?}"
    );
    // At 45 s the first one's completion frees the slot the fifth takes.
    let at_45: Vec<(String, EventKind)> = t
        .events
        .iter()
        .filter(|e| e.t_s == 45 && matches!(e.detail, Detail::Migration { .. }))
        .map(|e| (e.subject.clone(), e.kind))
        .collect();
    assert_eq!(
        at_45,
        [
            ("vm1".to_string(), EventKind::MigrationCompleted),
            ("vm5".to_string(), EventKind::MigrationStarted)
        ]
    );
}

#[test]
fn ten_gbe_lets_eight_vmotions_run_at_once() {
    // The same five on 10 GbE (budget 8): none waits.
    let mut rest = String::new();
    for i in 1..=5 {
        rest += &format!(
            "[[vm]]\nname = \"vm{i}\"\nhost = \"esx1\"\nmem_mb = 512\n\n[[migration]]\nvm = \"vm{i}\"\nto_host = \"esx2\"\nat_s = 40\n\n"
        );
    }
    let t = run(&scenario(60, 1, 10, &rest));
    assert!(t.migrations.iter().all(|r| r.start_ms == Some(40_000)));
    assert!(t
        .events
        .iter()
        .all(|e| e.kind != EventKind::MigrationQueued));
}

#[test]
fn storage_vmotion_of_a_40_gb_disk_at_200_mb_s() {
    // 40 GB = 40960 MB at 200 MB/s (the default datastore throughput),
    // no guest writes: 204800 ms of bulk copy, nothing mirrored, then a
    // 100 ms switchover: 204.9 s, done at 40 + 204.9 -> 245 s. A later
    // vMotion of the VM starts from the new datastore.
    let rest = r#"
[[vm]]
name = "web"
host = "esx1"
mem_mb = 512
datastore = "local1"

[[migration]]
vm = "web"
to_host = "esx1"
to_datastore = "shared"
at_s = 40

[[migration]]
vm = "web"
to_host = "esx2"
at_s = 250
"#;
    let t = run(&scenario(260, 10, 10, rest));
    let r = &t.migrations[0];
    assert_eq!(r.kind, MigrationKind::Storage);
    assert_eq!(r.outcome, Outcome::Completed, "{r:?}");
    let disk = r.storage.expect("a disk copy");
    assert_eq!(disk.write_slowdown_pct, 0);
    assert_eq!(disk.copy_ms, 204_800);
    assert_eq!((disk.mirrored_mb, disk.copied_mb), (0, 40_960));
    assert_eq!((r.total_ms, r.downtime_ms, r.link_mb_s), (204_900, 100, 0));
    assert!(r.rounds.is_empty());
    assert_eq!(r.total_sent_mb, 40_960);
    let kinds: Vec<PhaseKind> = r.phases.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PhaseKind::StorageCopy, PhaseKind::Switchover]);
    assert_eq!(
        log(&t, "web")[..2]
            .iter()
            .map(|(s, k, _)| (*s, *k))
            .collect::<Vec<_>>(),
        [
            (40, EventKind::MigrationStarted),
            (245, EventKind::MigrationCompleted)
        ]
    );
    // The disk is on "shared" now, which esx2 sees: a plain vMotion.
    let next = &t.migrations[1];
    assert_eq!(next.from_datastore.as_deref(), Some("shared"));
    assert_eq!(next.kind, MigrationKind::Compute);
    assert_eq!(next.outcome, Outcome::Completed, "{next:?}");

    // Half the throughput on the destination: the copy takes twice as long.
    let slower = format!("{rest}\n[[datastore]]\nname = \"shared\"\nthroughput_mb_s = 100\n");
    let t = run(&scenario(260, 10, 10, &slower));
    assert_eq!(t.migrations[0].storage.map(|d| d.copy_ms), Some(409_600));
    assert_eq!(t.migrations[0].outcome, Outcome::Running);
}

#[test]
fn memory_first_sends_the_dirty_bitmap_again() {
    // 512 MB dirtying 20 MB/s, writable working set 256 MB, a 4 GB disk
    // on local1 (esx1 only) moving to "shared" with the VM, 10 GbE.
    //
    // Storage first: disk 4096 MB at 200 MB/s = 20480 ms; then one round
    // of 512 MB in 410 ms dirtying 8 MB (7 ms): stun 9 MB = 8 ms + 20.
    // Sent 4096 + 512 + 9 = 4617 MB in 20480 + 410 + 28 = 20918 ms.
    //
    // Memory first: 512 MB in 410 ms (converged, but it cannot switch over
    // before the disk), the disk in 20480 ms while the bitmap fills with
    // 20 x 20.48 = 409 MB, capped at the 256 MB working set; 256 MB again
    // in 205 ms dirtying 4 MB: stun 5 MB = 4 ms + 20. Sent 512 + 4096 +
    // 256 + 5 = 4869 MB in 410 + 20480 + 205 + 24 = 21119 ms: 252 MB more.
    let src = scenario(
        80,
        5,
        10,
        &one_vm(
            512,
            20,
            40,
            "writable_working_set_mb = 256\ndisk_gb = 4\ndatastore = \"local1\"",
            "to_datastore = \"shared\"",
        ),
    );
    let storage_first = the(&run(&src), "web");
    let memory_first = the(
        &run_with(
            &src,
            &[("migration.web.order", Value::Text("memory_first".into()))],
        ),
        "web",
    );
    for r in [&storage_first, &memory_first] {
        assert_eq!(r.kind, MigrationKind::Both);
        assert_eq!(r.outcome, Outcome::Completed, "{r:?}");
    }
    assert_eq!(sent(&storage_first), [512]);
    assert_eq!(
        (storage_first.total_sent_mb, storage_first.total_ms),
        (4617, 20_918)
    );
    assert_eq!(storage_first.downtime_ms, 28);
    assert_eq!(sent(&memory_first), [512, 256]);
    assert_eq!(
        (memory_first.total_sent_mb, memory_first.total_ms),
        (4869, 21_119)
    );
    assert_eq!(memory_first.downtime_ms, 24);
    let order = |r: &MigrationRecord| r.phases.iter().map(|p| p.kind).collect::<Vec<_>>();
    assert_eq!(
        order(&storage_first)[..2],
        [PhaseKind::StorageCopy, PhaseKind::Precopy]
    );
    assert_eq!(
        order(&memory_first)[..3],
        [
            PhaseKind::Precopy,
            PhaseKind::StorageCopy,
            PhaseKind::Precopy
        ]
    );
}

#[test]
fn the_destination_failing_mid_migration_leaves_the_vm_on_the_source() {
    // 512 MB over 1 GbE takes 4124 ms from 40 s; esx2 fails at 42 s.
    let src = scenario(
        60,
        1,
        1,
        &format!(
            "{}\n[[timeline]]\nat_s = 42\nset = \"host.esx2.failed\"\nvalue = true\n",
            one_vm(512, 0, 40, "", "")
        ),
    );
    let t = run(&src);
    let r = the(&t, "web");
    assert_eq!(r.outcome, Outcome::Failed, "{r:?}");
    assert_eq!(
        r.note,
        Some(MigrationNote::HostFailed {
            host: "esx2".into()
        })
    );
    // It ran 2 s; the VM was never stunned.
    assert_eq!((r.total_ms, r.downtime_ms), (2000, 0));
    let events: Vec<(u32, EventKind)> = log(&t, "web").iter().map(|(s, k, _)| (*s, *k)).collect();
    assert_eq!(
        events,
        [
            (40, EventKind::MigrationStarted),
            (42, EventKind::MigrationFailed)
        ]
    );
    let failed = first_event(&t, EventKind::MigrationFailed).expect("failed");
    assert!(
        matches!(&failed.detail, Detail::Migration { from, .. } if from == "esx1"),
        "{:?}",
        failed.detail
    );
    for s in [42, 45, 60] {
        assert_eq!(host_at(&t, "web", s).as_deref(), Some("esx1"), "at {s}");
    }
}

#[test]
fn losing_the_vmotion_network_fails_the_migration_and_refuses_the_next() {
    // The same migration; esx1's vMotion network goes at 42 s. A second
    // try at 50 s is refused: no vMotion network on esx1.
    let src = scenario(
        60,
        1,
        1,
        &format!(
            "{}\n[[migration]]\nvm = \"web\"\nto_host = \"esx2\"\nat_s = 50\n\n[[timeline]]\nat_s = 42\nset = \"host.esx1.vmotion_gbps\"\nvalue = 0\n",
            one_vm(512, 0, 40, "", "")
        ),
    );
    let t = run(&src);
    let (first, second) = (&t.migrations[0], &t.migrations[1]);
    assert_eq!(first.outcome, Outcome::Failed, "{first:?}");
    assert_eq!(
        first.note,
        Some(MigrationNote::NetworkLost {
            host: "esx1".into()
        })
    );
    assert_eq!(first.total_ms, 2000);
    assert_eq!(second.outcome, Outcome::Refused, "{second:?}");
    let failed: Vec<_> = second
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.name.name())
        .collect();
    assert_eq!(failed, ["vmotion_network"]);
    assert_eq!(host_at(&t, "web", 60).as_deref(), Some("esx1"));
}

#[test]
fn the_round_trip_between_vcenters_adds_to_the_downtime() {
    // An idle 512 MB VM over 10 GbE: one round of 410 ms, then 1 MB of
    // device state (1 ms) and the 20 ms resume: 21 ms of downtime. Between
    // two vCenters 40 + 60 = 100 ms apart the resume waits a round trip:
    // 121 ms, and the whole migration is 100 ms longer.
    let local = scenario(60, 1, 10, &one_vm(512, 0, 40, "", ""));
    let remote = local
        .replace(
            "datastores = [\"shared\", \"local1\"]",
            "datastores = [\"shared\", \"local1\"]\nvcenter = \"vc1\"",
        )
        .replace(
            "datastores = [\"shared\"]\n",
            "datastores = [\"shared\"]\nvcenter = \"vc2\"\n",
        )
        + "\n[[vcenter]]\nname = \"vc1\"\nrtt_ms = 40\n\n[[vcenter]]\nname = \"vc2\"\nrtt_ms = 60\n";
    let a = the(&run(&local), "web");
    let b = the(&run(&remote), "web");
    assert!(a.checks.len() < b.checks.len(), "cross-vCenter checks ran");
    assert_eq!(
        (a.outcome, b.outcome),
        (Outcome::Completed, Outcome::Completed)
    );
    assert_eq!(a.downtime_ms, 21);
    assert_eq!(b.downtime_ms, 121);
    assert_eq!(a.total_ms, 410 + 21);
    assert_eq!(b.total_ms, a.total_ms + 100);
    let resume = |r: &MigrationRecord| {
        r.phases
            .iter()
            .find(|p| p.kind == PhaseKind::Resume)
            .map(|p| p.end_ms - p.start_ms)
    };
    assert_eq!((resume(&a), resume(&b)), (Some(20), Some(120)));
}

#[test]
fn a_migration_queued_behind_another_of_its_vm_starts_where_the_vm_went() {
    // web moves esx1 -> esx2 at 40 s (4124 ms over 1 GbE); a move to esx3
    // requested at 41 s waits (one migration per VM), then starts at 45 s
    // from esx2, where the VM now runs, and ends at 45 + 4.124 -> 50 s.
    // (It used to start from esx1 and fail at once: "web was powered off".)
    let rest = format!(
        "{}\n[[migration]]\nvm = \"web\"\nto_host = \"esx3\"\nat_s = 41\n\n[[host]]\nname = \"esx3\"\ncpu_mhz = 40000\nmem_mb = 65536\nvmotion_gbps = 1\ndatastores = [\"shared\"]\n",
        one_vm(512, 0, 40, "", "")
    );
    let t = run(&scenario(60, 1, 1, &rest));
    let (first, second) = (&t.migrations[0], &t.migrations[1]);
    assert_eq!((first.from.as_str(), first.to.as_str()), ("esx1", "esx2"));
    assert_eq!(first.outcome, Outcome::Completed);
    assert_eq!((second.from.as_str(), second.to.as_str()), ("esx2", "esx3"));
    assert_eq!(second.outcome, Outcome::Completed, "{second:?}");
    assert_eq!(second.start_ms, Some(45_000));
    let kinds: Vec<(u32, EventKind)> = log(&t, "web").iter().map(|(s, k, _)| (*s, *k)).collect();
    assert_eq!(
        kinds,
        [
            (40, EventKind::MigrationStarted),
            (41, EventKind::MigrationQueued),
            (45, EventKind::MigrationCompleted),
            (45, EventKind::MigrationStarted),
            (50, EventKind::MigrationCompleted),
        ]
    );
    assert_eq!(host_at(&t, "web", 60).as_deref(), Some("esx3"));
}

#[test]
fn a_fault_inside_a_sample_interval_hits_the_migration_at_its_time() {
    // As above, with 20 s samples: esx2 fails at 42 s, during the
    // 40-44.124 s migration, so the migration fails and web keeps running
    // on esx1. The engine applies the failure at 60 s instead: the
    // migration completes at 45 s and the failure then takes web down.
    let src = scenario(
        60,
        20,
        1,
        &format!(
            "{}\n[[timeline]]\nat_s = 42\nset = \"host.esx2.failed\"\nvalue = true\n",
            one_vm(512, 0, 40, "", "")
        ),
    );
    let t = run(&src);
    let r = the(&t, "web");
    assert_eq!(r.outcome, Outcome::Failed, "{r:?}");
    assert_eq!(host_at(&t, "web", 60).as_deref(), Some("esx1"));
}

#[test]
fn a_migration_failed_mid_way_reports_only_what_it_sent() {
    // 512 MB at 125 MB/s fails 2 s in: at most 2 x 125 = 250 MB went, in
    // one unfinished round, and the stun (513th MB) never happened. The
    // record says 513 MB sent and a 4096 ms round inside a 2000 ms run.
    let src = scenario(
        60,
        1,
        1,
        &format!(
            "{}\n[[timeline]]\nat_s = 42\nset = \"host.esx2.failed\"\nvalue = true\n",
            one_vm(512, 0, 40, "", "")
        ),
    );
    let r = the(&run(&src), "web");
    assert_eq!((r.outcome, r.total_ms), (Outcome::Failed, 2000));
    assert!(r.total_sent_mb <= 250, "{r:?}");
    let precopy_ms: u64 = r.rounds.iter().map(|x| x.duration_ms).sum();
    assert!(precopy_ms <= r.total_ms, "{r:?}");
}
