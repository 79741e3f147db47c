//! What vSphere HA did, in structured form for the event log: the Fault
//! Domain Manager's elections and declarations, isolation responses,
//! restarts and why one failed, VM monitoring's resets.

use super::fdm::IsolationResponse;
use super::spec::FaultKind;
use serde::{Deserialize, Serialize};

/// What happened, for the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HaNote {
    /// `host` is master (of the partition `partition`, 0 = the main one).
    Master { host: String, partition: u32 },
    /// Slaves lost the master and started an election.
    ElectionStarted,
    /// The master declared the host dead: no network or datastore heartbeats.
    DeclaredDead,
    /// The host knows it is isolated (`by_master`: the master saw its
    /// datastore heartbeats and knows it lives).
    Isolated { by_master: bool },
    /// The master sees the host's datastore heartbeats: partitioned, not dead.
    Partitioned,
    /// The isolation response on the subject host.
    Response {
        response: IsolationResponse,
        vms: u32,
    },
    /// Restarted on `host` at attempt `attempt` (1-based).
    Restarted { host: String, attempt: u32 },
    /// A restart attempt failed, and why; `gave_up` after the last attempt.
    RestartFailed {
        why: RestartBlock,
        attempt: u32,
        gave_up: bool,
    },
    /// The guest stopped sending VMware Tools heartbeats.
    GuestCrashed,
    /// VM monitoring reset the guest after `after_s` without heartbeats.
    Reset { after_s: u32 },
    /// VM monitoring did not reset the guest after `after_s` without
    /// heartbeats: it did disk or network I/O within the last `window_s`.
    IoActive { after_s: u32, window_s: u32 },
    /// VM monitoring will not reset the guest again: it already did
    /// `resets` times within the last `window_s`.
    ResetLimit { resets: u32, window_s: u32 },
    /// The datastore is lost; its `vms` running VMs were powered off (VMCP).
    DatastoreLost { vms: u32 },
    /// A fault began.
    Fault { kind: FaultKind },
    /// A fault ended: the host, network or datastore is back.
    Healed { kind: FaultKind },
    /// The host failed from overload: its VMs wanted `demand_mhz`.
    Overloaded { demand_mhz: u64, capacity_mhz: u64 },
}

/// Why a VM could not be restarted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RestartBlock {
    /// Its first instance still runs on `host` (isolated or partitioned)
    /// and holds the lock on its files.
    Locked { host: String },
    /// Its datastore is lost.
    DatastoreLost { datastore: String },
    /// No connected host can back its reservations; `needed_mhz`,
    /// `needed_mb` are what it reserves.
    NoCapacity { needed_mhz: u64, needed_mb: u64 },
    /// FusionCompute's restore-on-original-host policy waits for `host`,
    /// which is down.
    OriginalHostDown { host: String },
}
