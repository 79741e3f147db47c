//! What a live migration left behind: its record (checks, rounds, phases,
//! figures, outcome), its state at a sample, and the structured notes the
//! event log shows. The simulation fills them in (`crate::sim`).

use super::checks::{CheckName, CheckResult};
use super::cost::Budgeted;
use super::plan::Phase;
use super::precopy::Round;
use super::storage::StorageOutcome;
use super::{MigrationKind, Order};
use crate::base::serde_default::is_false;
use crate::inventory::{EvcMode, HostSpec};
use serde::{Deserialize, Serialize};

/// 1 Gbit/s in MB/s.
pub const MB_S_PER_GBPS: u64 = 125;

/// Where a migration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Not requested yet.
    Pending,
    /// Passed its checks, waiting for room in the cost model.
    Queued,
    Running,
    Completed,
    /// A pre-check failed: it never started.
    Refused,
    /// Started but did not finish; the VM stayed on the source.
    Failed,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Queued => "queued",
            Outcome::Running => "running",
            Outcome::Completed => "completed",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }

    /// Finished one way or another.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Outcome::Completed | Outcome::Refused | Outcome::Failed
        )
    }
}

/// What the event log says about a migration, in structured form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MigrationNote {
    /// These pre-checks failed.
    Refused { failed: Vec<CheckName> },
    /// Waiting: `on` has `in_use` of its `budget` taken, and this one costs
    /// `cost`.
    Queued {
        on: Budgeted,
        in_use: u32,
        cost: u32,
        budget: u32,
    },
    Started {
        kind: MigrationKind,
        /// vMotion bandwidth it got [MB/s] (0 for storage only).
        link_mb_s: u64,
    },
    Completed {
        total_ms: u64,
        downtime_ms: u64,
        total_sent_mb: u64,
    },
    /// The switchover would have exceeded the maximum.
    SwitchoverTooLong { needed_ms: u64, max_ms: u64 },
    /// A host it used failed.
    HostFailed { host: String },
    /// A host's vMotion network went away.
    NetworkLost { host: String },
    /// The VM was powered off.
    VmPoweredOff,
}

/// One migration, as the CLI's JSON and the UI show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MigrationRecord {
    pub vm: String,
    /// Source host when it was requested ("" when the VM was off).
    pub from: String,
    pub to: String,
    /// The disk's datastore before, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_datastore: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_datastore: Option<String>,
    pub kind: MigrationKind,
    pub order: Order,
    /// Requested [s].
    pub at_s: u32,
    pub checks: Vec<CheckResult>,
    pub started: bool,
    /// Started (after any queueing) [ms of simulated time].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_ms: Option<u64>,
    /// vMotion bandwidth it had [MB/s].
    pub link_mb_s: u64,
    pub rounds: Vec<Round>,
    /// Its timeline [ms from `start_ms`].
    pub phases: Vec<Phase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<StorageOutcome>,
    pub total_sent_mb: u64,
    /// Start to finish [s].
    pub total_s: f64,
    pub total_ms: u64,
    pub downtime_ms: u64,
    /// Pre-copy ended because what was left fit the switchover target.
    pub converged: bool,
    pub sdps_engaged: bool,
    /// How much slower SDPS made the guest during pre-copy [%].
    pub guest_slowdown_pct: u64,
    pub outcome: Outcome,
    /// Why it was refused, waited or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<MigrationNote>,
    /// Started by DRS (a recommendation applied), not by `[[migration]]`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub by_drs: bool,
}

impl MigrationRecord {
    /// When it ends, while running [ms].
    pub fn end_ms(&self) -> Option<u64> {
        (self.outcome == Outcome::Running).then(|| self.start_ms.unwrap_or(0) + self.total_ms)
    }
}

/// A migration's state at one sample, for goals and charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationSample {
    pub vm: String,
    pub outcome: Outcome,
    /// Figures of a finished migration (0 before).
    pub total_ms: u64,
    pub downtime_ms: u64,
    pub total_sent_mb: u64,
    pub rounds: u32,
    pub guest_slowdown_pct: u64,
    /// Guest disk writes the mirror driver sent to both copies [MB].
    pub mirrored_mb: u64,
    /// How much slower the guest's disk writes went at worst while they
    /// were mirrored [%].
    pub write_slowdown_pct: u64,
    pub converged: bool,
}

impl MigrationSample {
    pub fn of(r: &MigrationRecord) -> MigrationSample {
        let done = matches!(r.outcome, Outcome::Completed | Outcome::Failed);
        let figure = |v: u64| if done { v } else { 0 };
        MigrationSample {
            vm: r.vm.clone(),
            outcome: r.outcome,
            total_ms: figure(r.total_ms),
            downtime_ms: figure(r.downtime_ms),
            total_sent_mb: figure(r.total_sent_mb),
            rounds: if done { r.rounds.len() as u32 } else { 0 },
            guest_slowdown_pct: figure(r.guest_slowdown_pct),
            mirrored_mb: figure(r.storage.map_or(0, |s| s.mirrored_mb)),
            write_slowdown_pct: figure(r.storage.map_or(0, |s| s.write_slowdown_pct)),
            converged: done && r.converged,
        }
    }
}

/// The CPU feature level a VM powering on at `host` gets: the cluster's
/// EVC baseline, else the host's own generation.
pub fn power_on_level(evc_baseline: Option<&str>, host: &HostSpec) -> &'static EvcMode {
    evc_baseline
        .and_then(|b| host.cpu_vendor.mode(b))
        .unwrap_or_else(|| host.generation())
}

/// A host's vMotion bandwidth [MB/s] (0 without a vMotion network).
pub fn vmotion_mb_s(host: &HostSpec) -> u64 {
    host.vmotion_gbps.map_or(0, |g| {
        u64::from(g) * u64::from(host.vmotion_nics.max(1)) * MB_S_PER_GBPS
    })
}
