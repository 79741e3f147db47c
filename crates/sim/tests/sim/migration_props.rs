//! Properties of live migration in scenarios (issue 5's tests): random
//! small two-host clusters, each VM migrated up to twice (to the other
//! host, to another datastore, or both) at random times, with random
//! faults on the timeline (a host failing, a vMotion network set to 0).
//! Every move of a VM is a completed migration (so a refused or failed one
//! never moves it); a failed one leaves it running on the source unless
//! the source itself failed; the running migrations never overrun the cost
//! model's budgets; an idle VM goes in one round of its non-zero memory
//! over the bandwidth plus the stun; the same seed gives the same trace.
//! Then two properties of the plan: memory first never sends less than
//! storage first, and more disk writes never make a disk copy quicker.

use crate::fixtures::{host_at, proptest_config, run_named};
use proptest::prelude::*;
use vlab_sim::event::Detail;
use vlab_sim::migration::cost::{
    network_budget, DATASTORE_BUDGET, HOST_BUDGET, NETWORK_BUDGET_10GBE, NETWORK_BUDGET_1GBE,
};
use vlab_sim::migration::precopy::RESUME_MS;
use vlab_sim::migration::record::{MigrationNote, MigrationRecord, Outcome};
use vlab_sim::migration::{
    plan, storage_copy, MigrationKind, Order, PlanInput, PrecopyInput, StorageInput,
};
use vlab_sim::{EventKind, Trace};

const DURATION_S: u32 = 120;
const HOSTS: [&str; 2] = ["esx1", "esx2"];
const DATASTORES: [&str; 2] = ["ds1", "ds2"];

#[derive(Debug, Clone)]
struct Vm {
    host: usize,
    mem_mb: u64,
    dirty_mb_s: u64,
    disk_gb: u64,
    disk_write_mb_s: u64,
    datastore: usize,
}

#[derive(Debug, Clone)]
struct Move {
    vm: usize,
    other_host: bool,
    other_datastore: bool,
    at_s: u32,
    sdps: bool,
    memory_first: bool,
    max_switchover_s: u32,
}

#[derive(Debug, Clone, Copy)]
enum Fault {
    HostFails(usize),
    NetworkGone(usize),
}

#[derive(Debug, Clone)]
struct Case {
    gbps: [u32; 2],
    vms: Vec<Vm>,
    moves: Vec<Move>,
    faults: Vec<(u32, Fault)>,
}

fn vm() -> impl Strategy<Value = Vm> {
    (
        0usize..2,
        prop_oneof![Just(256u64), Just(512)],
        prop_oneof![Just(0u64), 1u64..=400],
        1u64..=3,
        prop_oneof![Just(0u64), 1u64..=60],
        0usize..2,
    )
        .prop_map(
            |(host, mem_mb, dirty_mb_s, disk_gb, disk_write_mb_s, datastore)| Vm {
                host,
                mem_mb,
                dirty_mb_s,
                disk_gb,
                disk_write_mb_s,
                datastore,
            },
        )
}

/// The VM's first migration moves it to the other host, its disk to the
/// other datastore, or both; a second one may also ask for where the VM
/// started (back, if the first moved it).
fn a_move(vm: usize, first: bool) -> impl Strategy<Value = Move> {
    (
        0u8..if first { 3 } else { 4 },
        0u32..=60,
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(100u32), 1u32..=5],
    )
        .prop_map(
            move |(what, at_s, sdps, memory_first, max_switchover_s)| Move {
                vm,
                // 0: vMotion, 1: Storage vMotion, 2: both, 3: neither.
                other_host: what == 0 || what == 2,
                other_datastore: what == 1 || what == 2,
                at_s,
                sdps,
                memory_first,
                max_switchover_s,
            },
        )
}

fn fault() -> impl Strategy<Value = (u32, Fault)> {
    (
        1u32..=100,
        prop_oneof![
            (0usize..2).prop_map(Fault::HostFails),
            (0usize..2).prop_map(Fault::NetworkGone),
        ],
    )
}

fn case() -> impl Strategy<Value = Case> {
    (
        [
            prop_oneof![Just(1u32), Just(10)],
            prop_oneof![Just(1u32), Just(10)],
        ],
        prop::collection::vec(vm(), 1..=10),
        prop::collection::vec(fault(), 0..=2),
    )
        .prop_flat_map(|(gbps, vms, mut faults)| {
            faults.sort_by_key(|&(t, _)| t);
            let n = vms.len();
            let moves = prop::collection::vec(0usize..=2, n).prop_flat_map(|count| {
                let picked: Vec<_> = count
                    .iter()
                    .enumerate()
                    .flat_map(|(i, &n)| (0..n).map(move |k| a_move(i, k == 0)))
                    .collect();
                picked
            });
            (Just(gbps), Just(vms), moves, Just(faults))
        })
        .prop_map(|(gbps, vms, moves, faults)| Case {
            gbps,
            vms,
            moves,
            faults,
        })
}

impl Case {
    fn toml(&self) -> String {
        let mut s = format!("duration_s = {DURATION_S}\nstep_s = 1\n");
        for (h, name) in HOSTS.iter().enumerate() {
            s += &format!(
                "[[host]]\nname = \"{name}\"\ncpu_mhz = 100000\nmem_mb = 65536\nvmotion_gbps = {}\ndatastores = [\"ds1\", \"ds2\"]\n",
                self.gbps[h]
            );
        }
        for (i, v) in self.vms.iter().enumerate() {
            s += &format!(
                "[[vm]]\nname = \"vm{i}\"\nhost = \"{}\"\nmem_mb = {}\nmem_zero_pct = 0\nmem_dirty_mb_s = {}\ndisk_gb = {}\ndisk_write_mb_s = {}\ndatastore = \"{}\"\n",
                HOSTS[v.host], v.mem_mb, v.dirty_mb_s, v.disk_gb, v.disk_write_mb_s, DATASTORES[v.datastore]
            );
        }
        for m in &self.moves {
            let v = &self.vms[m.vm];
            let to_host = HOSTS[v.host ^ usize::from(m.other_host)];
            s += &format!(
                "[[migration]]\nvm = \"vm{}\"\nto_host = \"{to_host}\"\nat_s = {}\nsdps = {}\nmax_switchover_s = {}\norder = \"{}\"\n",
                m.vm,
                m.at_s,
                m.sdps,
                m.max_switchover_s,
                if m.memory_first { "memory_first" } else { "storage_first" }
            );
            if m.other_datastore {
                s += &format!("to_datastore = \"{}\"\n", DATASTORES[v.datastore ^ 1]);
            }
        }
        for (at_s, f) in &self.faults {
            let (set, value) = match f {
                Fault::HostFails(h) => (format!("host.{}.failed", HOSTS[*h]), "true"),
                Fault::NetworkGone(h) => (format!("host.{}.vmotion_gbps", HOSTS[*h]), "0"),
            };
            s += &format!("[[timeline]]\nat_s = {at_s}\nset = \"{set}\"\nvalue = {value}\n");
        }
        s
    }

    fn run(&self, seed: u64) -> Trace {
        run_named("a generated case", &self.toml(), seed, &[])
    }
}

/// The seconds `r` held its budgets: from its start to the second it was
/// finished (`None`: it never started, or took no time).
fn held_s(r: &MigrationRecord) -> Option<(u64, u64)> {
    let start = r.start_ms?;
    (r.total_ms > 0).then(|| (start / 1000, (start + r.total_ms).div_ceil(1000)))
}

/// Whether `r`'s `kind` event was logged at `at_s` (any time from its
/// request when `None`) with its outcome's note.
fn logged(t: &Trace, r: &MigrationRecord, kind: EventKind, at_s: Option<u32>) -> bool {
    t.events.iter().any(|e| {
        e.kind == kind
            && e.subject == r.vm
            && at_s.is_none_or(|at| e.t_s == at)
            && e.t_s >= r.at_s
            && matches!(&e.detail, Detail::Migration { to, note, .. }
                if *to == r.to && (kind == EventKind::MigrationCompleted || Some(note) == r.note.as_ref()))
    })
}

/// The second a started migration was finished (completed or failed).
fn end_s(r: &MigrationRecord) -> u32 {
    (r.start_ms.unwrap_or_default() + r.total_ms).div_ceil(1000) as u32
}

fn check_moves(c: &Case, t: &Trace) -> Result<(), TestCaseError> {
    for r in &t.migrations {
        match r.outcome {
            Outcome::Refused => {
                prop_assert!(!r.started && r.start_ms.is_none());
                prop_assert!(
                    matches!(r.note, Some(MigrationNote::Refused { .. })),
                    "{:?}",
                    r.note
                );
                prop_assert!(
                    logged(t, r, EventKind::MigrationRefused, None),
                    "no migration_refused event: {r:?}"
                );
            }
            Outcome::Failed => {
                prop_assert!(r.started);
                prop_assert_eq!(r.downtime_ms, 0);
                let at = end_s(r);
                prop_assert!(
                    logged(t, r, EventKind::MigrationFailed, Some(at)),
                    "no migration_failed event at {at}: {r:?}"
                );
                let source_failed = matches!(
                    &r.note,
                    Some(MigrationNote::HostFailed { host }) if *host == r.from
                );
                if !source_failed {
                    prop_assert_eq!(host_at(t, &r.vm, at), Some(r.from.clone()), "{:?}", r);
                }
            }
            Outcome::Completed => {
                let at = end_s(r);
                prop_assert!(
                    logged(t, r, EventKind::MigrationCompleted, Some(at)),
                    "no migration_completed event at {at}: {r:?}"
                );
                let start_s = (r.start_ms.unwrap_or_default() / 1000) as u32;
                prop_assert_eq!(host_at(t, &r.vm, start_s), Some(r.from.clone()));
                prop_assert_eq!(host_at(t, &r.vm, at), Some(r.to.clone()), "{:?}", r);
            }
            Outcome::Running => {
                // Still going when the run ends.
                let end = r.start_ms.unwrap_or_default() + r.total_ms;
                prop_assert!(end > u64::from(DURATION_S) * 1000, "{r:?}");
            }
            Outcome::Queued => prop_assert!(!r.started),
            Outcome::Pending => prop_assert!(false, "never requested: {r:?}"),
        }
    }
    // Every move of a VM is a completed migration of it, ending then,
    // from where it was to where it is: refused, failed, queued and
    // running ones never move it. It only stops with its host.
    for (i, v) in c.vms.iter().enumerate() {
        let name = format!("vm{i}");
        let at_0 = host_at(t, &name, 0);
        prop_assert_eq!(at_0.as_deref(), Some(HOSTS[v.host]));
        for s in 1..=DURATION_S {
            let (was, is) = (host_at(t, &name, s - 1), host_at(t, &name, s));
            match (&was, &is) {
                (Some(a), Some(b)) if a != b => {
                    let by: Vec<&MigrationRecord> = t
                        .migrations
                        .iter()
                        .filter(|r| r.vm == name && r.outcome == Outcome::Completed)
                        .filter(|r| end_s(r) == s && r.from == *a && r.to == *b)
                        .collect();
                    prop_assert_eq!(by.len(), 1, "{} moved {}->{} at {}", name, a, b, s);
                }
                (Some(a), None) => {
                    let host = t.samples[s as usize].hosts.iter().find(|h| h.name == *a);
                    prop_assert!(host.is_some_and(|h| h.failed), "{name} stopped at {s}");
                }
                (None, Some(_)) => prop_assert!(false, "{name} came back at {s}"),
                _ => {}
            }
        }
    }
    Ok(())
}

/// At every second a migration starts, the running ones fit the budgets.
fn check_budgets(c: &Case, t: &Trace) -> Result<(), TestCaseError> {
    let held: Vec<(&MigrationRecord, (u64, u64))> = t
        .migrations
        .iter()
        .filter_map(|r| held_s(r).map(|h| (r, h)))
        .collect();
    for &(_, (now, _)) in &held {
        let running: Vec<&MigrationRecord> = held
            .iter()
            .filter(|(_, (a, b))| *a <= now && now < *b)
            .map(|(r, _)| *r)
            .collect();
        for (h, host) in HOSTS.iter().enumerate() {
            let on_host = running.iter().filter(|r| r.from == *host || r.to == *host);
            let host_cost: u32 = on_host
                .clone()
                .map(|r| match r.kind {
                    MigrationKind::Compute => 1,
                    MigrationKind::Storage | MigrationKind::Both => 4,
                })
                .sum();
            prop_assert!(host_cost <= HOST_BUDGET, "{host} at {now}s: {running:?}");
            let vmotions = on_host.filter(|r| r.kind.moves_compute()).count() as u32;
            let budget = if c.gbps[h] >= 10 {
                NETWORK_BUDGET_10GBE
            } else {
                NETWORK_BUDGET_1GBE
            };
            prop_assert!(vmotions <= budget, "{host} at {now}s: {vmotions} vMotions");
        }
        for ds in DATASTORES {
            let cost: u32 = running
                .iter()
                .map(|r| {
                    let uses = r.from_datastore.as_deref() == Some(ds)
                        || (r.kind.moves_storage() && r.to_datastore.as_deref() == Some(ds));
                    match (uses, r.kind) {
                        (false, _) => 0,
                        (true, MigrationKind::Compute) => 1,
                        (true, _) => 16,
                    }
                })
                .sum();
            prop_assert!(cost <= DATASTORE_BUDGET);
        }
        for r in &running {
            prop_assert_eq!(running.iter().filter(|o| o.vm == r.vm).count(), 1);
        }
    }
    // A migration that waited says on which budget, and that one was full.
    for e in &t.events {
        if let Detail::Migration {
            note:
                MigrationNote::Queued {
                    in_use,
                    cost,
                    budget,
                    ..
                },
            ..
        } = &e.detail
        {
            prop_assert_eq!(e.kind, EventKind::MigrationQueued);
            prop_assert!(in_use + cost > *budget && *in_use <= *budget, "{e:?}");
        }
    }
    Ok(())
}

/// An idle VM's vMotion: one round of its non-zero memory at the link
/// rate, then the stun (1 MB of device state) and the resume.
fn check_idle_vmotions(c: &Case, t: &Trace) -> Result<(), TestCaseError> {
    for r in &t.migrations {
        let i: usize = r.vm[2..].parse().expect("vmN");
        let idle = c.vms[i].dirty_mb_s == 0;
        if !(idle && r.kind == MigrationKind::Compute && r.outcome == Outcome::Completed) {
            continue;
        }
        let start_s = (r.start_ms.unwrap_or_default() / 1000) as usize;
        let mem = t.samples[start_s].vms[i]
            .mem
            .expect("running VMs have memory");
        let mem_mb = c.vms[i].mem_mb;
        let non_zero = mem_mb - ((mem_mb - mem.touched_mb) + mem.zero_mb).min(mem_mb);
        let link = r.link_mb_s;
        prop_assert_eq!(r.rounds.len(), 1, "{:?}", r);
        prop_assert_eq!(r.rounds[0].sent_mb, non_zero);
        prop_assert_eq!(r.rounds[0].dirtied_mb, 0);
        let send = |mb: u64| (mb * 1000).div_ceil(link);
        prop_assert_eq!(r.total_ms, send(non_zero) + send(1) + RESUME_MS, "{:?}", r);
        prop_assert_eq!(r.downtime_ms, send(1) + RESUME_MS);
        prop_assert_eq!(r.total_sent_mb, non_zero + 1);
        prop_assert!(r.converged && !r.sdps_engaged);
    }
    Ok(())
}

fn plan_input() -> impl Strategy<Value = PlanInput> {
    (
        (
            256u64..=16_384,
            0u64..=100,
            0u64..=1_000,
            12u64..=2_500,
            any::<bool>(),
            0u8..=30,
            any::<u64>(),
        ),
        (1u64..=64, 10u64..=500, 0u64..=300),
        (0u64..=150, 1u64..=100),
    )
        .prop_map(
            |(
                (mem_mb, wws_pct, dirty_mb_s, link_mb_s, sdps, jitter, seed),
                (disk_gb, copy_mb_s, write_mb_s),
                (rtt_ms, max_s),
            )| {
                let mut memory = PrecopyInput::new(mem_mb, dirty_mb_s, link_mb_s);
                memory.writable_working_set_mb = (mem_mb * wws_pct / 100).max(1);
                memory.sdps = sdps;
                memory.dirty_jitter_pct = jitter;
                memory.seed = seed;
                PlanInput {
                    kind: MigrationKind::Both,
                    order: Order::StorageFirst,
                    memory,
                    disk: StorageInput {
                        disk_mb: disk_gb * 1024,
                        copy_mb_s,
                        write_mb_s,
                    },
                    rtt_ms,
                    max_switchover_ms: max_s * 1000,
                }
            },
        )
}

proptest! {
    #![proptest_config(proptest_config(32))]

    #[test]
    fn migrations_keep_their_promises(c in case(), seed in any::<u64>()) {
        let t = c.run(seed);
        prop_assert_eq!(t.migrations.len(), c.moves.len());
        check_moves(&c, &t)?;
        check_budgets(&c, &t)?;
        check_idle_vmotions(&c, &t)?;
        // Determinism: the same inputs, the same trace.
        prop_assert!(c.run(seed) == t, "two runs differ");
    }
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn memory_first_never_sends_less_than_storage_first(i in plan_input()) {
        let storage_first = plan(&i);
        let memory_first = plan(&PlanInput { order: Order::MemoryFirst, ..i });
        prop_assert!(
            memory_first.total_sent_mb >= storage_first.total_sent_mb,
            "memory first {} < storage first {}: {:?} {:?}",
            memory_first.total_sent_mb,
            storage_first.total_sent_mb,
            memory_first,
            storage_first
        );
    }

    /// The mirror driver's single pass always finishes the copy; more
    /// writes never finish it sooner, mirror less or slow the guest less.
    #[test]
    fn more_disk_writes_never_copy_sooner(
        disk_gb in 1u64..=64,
        copy_mb_s in 10u64..=500,
        write_mb_s in 0u64..=500,
        extra in 1u64..=200,
    ) {
        let slow = StorageInput { disk_mb: disk_gb * 1024, copy_mb_s, write_mb_s };
        let fast = StorageInput { write_mb_s: write_mb_s + extra, ..slow };
        let (a, b) = (storage_copy(&slow), storage_copy(&fast));
        prop_assert_eq!(a.copied_mb, slow.disk_mb);
        prop_assert_eq!(b.copied_mb, fast.disk_mb);
        prop_assert!(b.copy_ms >= a.copy_ms, "{a:?} {b:?}");
        prop_assert!(b.mirrored_mb >= a.mirrored_mb, "{a:?} {b:?}");
        prop_assert!(b.write_slowdown_pct >= a.write_slowdown_pct, "{a:?} {b:?}");
        // The copier keeps at least half the destination: at most twice
        // the idle copy time (plus the last partial second).
        prop_assert!(b.copy_ms <= 2 * (fast.disk_mb * 1000).div_ceil(copy_mb_s) + 1000, "{b:?}");
        if write_mb_s == 0 {
            // No writes: the disk at the datastore's rate, in one pass.
            prop_assert_eq!(a.copy_ms, (slow.disk_mb * 1000).div_ceil(copy_mb_s));
        }
    }
}

#[test]
fn network_budgets_are_the_published_ones() {
    // The reconstruction above reads the budgets as the engine does.
    assert_eq!(network_budget(1), NETWORK_BUDGET_1GBE);
    assert_eq!(network_budget(10), NETWORK_BUDGET_10GBE);
    assert_eq!(
        (NETWORK_BUDGET_1GBE, NETWORK_BUDGET_10GBE, HOST_BUDGET),
        (4, 8, 8)
    );
}
