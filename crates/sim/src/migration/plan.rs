//! One migration from start to finish: which parts move (memory, disk or
//! both), in which order, and the timeline of phases that follows.
//!
//! - vMotion: pre-copy rounds, then the switchover (the VM is stunned while
//!   the last dirty pages and the device state go), then resume on the
//!   destination and a RARP that moves the VM's MAC on the physical switch;
//!   the source is freed. Downtime = switchover + resume.
//! - Storage vMotion: the mirrored bulk copy, then a brief suspend and
//!   resume that swaps the disks.
//! - Both (no shared storage): storage first, as vSphere does (the disk is
//!   larger and changes more slowly than memory). "Memory first" is there
//!   to compare: memory pre-copies, then the dirty bitmap keeps growing
//!   through the whole disk copy and has to be sent again.
//!
//! vSphere gives up before the stun when the switchover would exceed its
//! maximum (100 s by default), so the VM keeps running on the source: a
//! failed migration, never a long outage.

use super::precopy::{precopy, precopy_from, PrecopyInput, PrecopyOutcome, Round, RESUME_MS};
use super::storage::{storage_copy, StorageInput, StorageOutcome, STORAGE_SWITCHOVER_MS};
use super::MigrationKind;
use serde::{Deserialize, Serialize};

/// vSphere's maximum switchover time [s]: longer, and the migration fails
/// with the VM still running on the source.
pub const DEFAULT_MAX_SWITCHOVER_S: u32 = 100;

/// Storage first (vSphere's order) or memory first (for comparison).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    #[default]
    StorageFirst,
    MemoryFirst,
}

impl Order {
    pub const ALL: [Order; 2] = [Order::StorageFirst, Order::MemoryFirst];

    pub fn name(self) -> &'static str {
        match self {
            Order::StorageFirst => "storage_first",
            Order::MemoryFirst => "memory_first",
        }
    }

    pub fn parse(name: &str) -> Option<Order> {
        Order::ALL.into_iter().find(|o| o.name() == name)
    }
}

/// A stretch of the migration's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// The mirrored bulk copy of the disk.
    StorageCopy,
    /// Memory pre-copy rounds (the VM runs).
    Precopy,
    /// The VM is stunned: last pages, device state (and disk swap).
    Switchover,
    /// Resume on the destination and RARP.
    Resume,
}

/// One phase [ms from the migration's start].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    pub kind: PhaseKind,
    pub start_ms: u64,
    pub end_ms: u64,
}

/// Why a migration that had started did not finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PlanFailure {
    /// The switchover would take `needed_ms`, more than `max_ms`.
    SwitchoverTooLong { needed_ms: u64, max_ms: u64 },
}

/// What one migration does, worked out when it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanInput {
    pub kind: MigrationKind,
    pub order: Order,
    /// Memory (with `kind` moving compute).
    pub memory: PrecopyInput,
    /// Disk (with `kind` moving storage).
    pub disk: StorageInput,
    /// Round trip between the sites [ms], paid once at resume.
    pub rtt_ms: u64,
    pub max_switchover_ms: u64,
}

/// The worked-out migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub phases: Vec<Phase>,
    /// Memory pre-copy rounds, in order (both passes with memory first).
    pub rounds: Vec<Round>,
    pub memory: Option<PrecopyOutcome>,
    pub disk: Option<StorageOutcome>,
    /// Start to finish, or to the failure [ms].
    pub total_ms: u64,
    /// Memory and disk data sent [MB].
    pub total_sent_mb: u64,
    /// The VM was stunned [ms] (0 when it failed before the stun).
    pub downtime_ms: u64,
    pub failure: Option<PlanFailure>,
}

/// Lays a migration out in time.
pub fn plan(input: &PlanInput) -> Plan {
    let mut b = Builder::default();
    let disk = input
        .kind
        .moves_storage()
        .then(|| storage_copy(&input.disk));
    if !input.kind.moves_compute() {
        let disk = disk.expect("a storage migration copies the disk");
        b.push(PhaseKind::StorageCopy, disk.copy_ms);
        b.sent_mb += disk.copied_mb;
        b.push(PhaseKind::Switchover, STORAGE_SWITCHOVER_MS);
        return b.finish(None, Some(disk), STORAGE_SWITCHOVER_MS);
    }
    let memory = match (input.order, disk) {
        (Order::MemoryFirst, Some(d)) => {
            // Memory converges first, but cannot switch over until the
            // disk is there: the bitmap fills while the copier runs, then
            // goes out again from that bitmap.
            let first = precopy(&input.memory);
            let precopy_ms = first.rounds.iter().map(|r| r.duration_ms).sum();
            b.push(PhaseKind::Precopy, precopy_ms);
            b.rounds.extend(first.rounds.iter().copied());
            b.sent_mb += first.rounds.iter().map(|r| r.sent_mb).sum::<u64>();
            b.push(PhaseKind::StorageCopy, d.copy_ms);
            b.sent_mb += d.copied_mb;
            let m = input.memory;
            let bitmap_mb = (m.dirty_mb_s.saturating_mul(d.copy_ms) / 1000)
                .max(first.rounds.last().map_or(0, |r| r.dirtied_mb))
                .min(m.writable_working_set_mb)
                .min(m.mem_mb);
            precopy_from(&input.memory, bitmap_mb)
        }
        (_, d) => {
            if let Some(d) = d {
                b.push(PhaseKind::StorageCopy, d.copy_ms);
                b.sent_mb += d.copied_mb;
            }
            precopy(&input.memory)
        }
    };
    let precopy_ms = memory.rounds.iter().map(|r| r.duration_ms).sum();
    b.push(PhaseKind::Precopy, precopy_ms);
    b.rounds.extend(memory.rounds.iter().copied());
    b.sent_mb += memory.rounds.iter().map(|r| r.sent_mb).sum::<u64>();
    let resume_ms = RESUME_MS + input.rtt_ms;
    let switchover_ms = memory.downtime_ms - RESUME_MS;
    if switchover_ms + resume_ms > input.max_switchover_ms {
        let failure = PlanFailure::SwitchoverTooLong {
            needed_ms: switchover_ms + resume_ms,
            max_ms: input.max_switchover_ms,
        };
        return b.fail(Some(memory), disk, failure);
    }
    b.push(PhaseKind::Switchover, switchover_ms);
    b.push(PhaseKind::Resume, resume_ms);
    b.sent_mb += memory.stun_sent_mb;
    b.finish(Some(memory), disk, switchover_ms + resume_ms)
}

#[derive(Default)]
struct Builder {
    phases: Vec<Phase>,
    rounds: Vec<Round>,
    sent_mb: u64,
}

impl Builder {
    fn now_ms(&self) -> u64 {
        self.phases.last().map_or(0, |p| p.end_ms)
    }

    fn push(&mut self, kind: PhaseKind, ms: u64) {
        let start_ms = self.now_ms();
        self.phases.push(Phase {
            kind,
            start_ms,
            end_ms: start_ms + ms,
        });
    }

    fn finish(
        self,
        memory: Option<PrecopyOutcome>,
        disk: Option<StorageOutcome>,
        downtime_ms: u64,
    ) -> Plan {
        Plan {
            total_ms: self.now_ms(),
            phases: self.phases,
            rounds: self.rounds,
            memory,
            disk,
            total_sent_mb: self.sent_mb,
            downtime_ms,
            failure: None,
        }
    }

    fn fail(
        self,
        memory: Option<PrecopyOutcome>,
        disk: Option<StorageOutcome>,
        failure: PlanFailure,
    ) -> Plan {
        Plan {
            failure: Some(failure),
            ..self.finish(memory, disk, 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: MigrationKind, order: Order) -> PlanInput {
        let mut memory = PrecopyInput::new(8192, 100, 1250);
        memory.writable_working_set_mb = 2048;
        PlanInput {
            kind,
            order,
            memory,
            disk: StorageInput {
                disk_mb: 40 * 1024,
                copy_mb_s: 200,
                write_mb_s: 10,
            },
            rtt_ms: 0,
            max_switchover_ms: u64::from(DEFAULT_MAX_SWITCHOVER_S) * 1000,
        }
    }

    #[test]
    fn a_vmotion_is_precopy_then_a_short_stun() {
        let p = plan(&input(MigrationKind::Compute, Order::StorageFirst));
        let kinds: Vec<PhaseKind> = p.phases.iter().map(|ph| ph.kind).collect();
        assert_eq!(
            kinds,
            [PhaseKind::Precopy, PhaseKind::Switchover, PhaseKind::Resume]
        );
        assert!(p.failure.is_none());
        let stun: u64 = p.phases[1..].iter().map(|ph| ph.end_ms - ph.start_ms).sum();
        assert_eq!(stun, p.downtime_ms);
        assert_eq!(p.total_ms, p.phases[2].end_ms);
    }

    #[test]
    fn memory_first_sends_more_than_storage_first() {
        let s = plan(&input(MigrationKind::Both, Order::StorageFirst));
        let m = plan(&input(MigrationKind::Both, Order::MemoryFirst));
        assert!(s.failure.is_none() && m.failure.is_none());
        assert_eq!(s.phases[0].kind, PhaseKind::StorageCopy);
        assert_eq!(m.phases[0].kind, PhaseKind::Precopy);
        // The bitmap filled during the 200+ s disk copy: the whole
        // writable working set goes again.
        assert!(
            m.total_sent_mb >= s.total_sent_mb + 2048,
            "{} vs {}",
            m.total_sent_mb,
            s.total_sent_mb
        );
        assert!(m.rounds.len() > s.rounds.len());
    }

    #[test]
    fn a_switchover_over_the_maximum_fails_before_the_stun() {
        let mut i = input(MigrationKind::Compute, Order::StorageFirst);
        i.memory.sdps = false;
        i.memory.dirty_mb_s = 2000;
        i.memory.writable_working_set_mb = 8192;
        i.memory.link_mb_s = 60;
        let p = plan(&i);
        assert!(
            matches!(p.failure, Some(PlanFailure::SwitchoverTooLong { .. })),
            "{p:?}"
        );
        assert_eq!(p.downtime_ms, 0);
        assert_eq!(p.phases.last().map(|ph| ph.kind), Some(PhaseKind::Precopy));
    }
}
