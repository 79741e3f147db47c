//! Events: what happened, when, to whom. Domain outcomes such as a refused
//! power-on are events the student sees, never errors or panics.

use crate::drs::note::DrsNote;
use crate::ha::{HaNote, HaRefusal};
use crate::memory::MemState;
use crate::migration::MigrationNote;
use crate::resource::refusal::{Refusal, Shortage};
use serde::{Deserialize, Serialize};

/// What kind of thing happened. The snake_case names are part of the CLI's
/// JSON contract and of lab goals (`event = "admission_denied"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A VM was powered on.
    PowerOn,
    /// Admission control refused a power-on.
    AdmissionDenied,
    /// A VM was powered off.
    PowerOff,
    /// A scheduled or student change was applied.
    SettingChanged,
    /// A change was refused (e.g. a reservation the host cannot back).
    SettingRefused,
    /// A host failed: its capacity left the cluster, its VMs went down.
    HostFailed,
    /// A vApp began powering on (its VMs follow group by group).
    VappPowerOn,
    /// A vApp began powering off (its VMs stop in reverse order).
    VappPowerOff,
    /// A host's memory state changed (high, clear, soft, hard, low).
    MemStateChanged,
    /// A live migration passed its pre-checks and started.
    MigrationStarted,
    /// A live migration waits for room in vCenter's cost model.
    MigrationQueued,
    /// A live migration's pre-checks failed: it did not start.
    MigrationRefused,
    /// A live migration finished: the VM runs on the destination.
    MigrationCompleted,
    /// A live migration was abandoned: the VM runs on at the source.
    MigrationFailed,
    /// HA: the slaves lost the master and started an election.
    ElectionStarted,
    /// HA: a master was elected.
    MasterElected,
    /// HA: a host is isolated from the management network.
    HostIsolated,
    /// HA: a host is cut off from the master but alive.
    HostPartitioned,
    /// HA: the master declared a host dead.
    HostDeclaredDead,
    /// HA: an isolated host applied its isolation response.
    IsolationResponse,
    /// HA restarted a VM.
    VmRestarted,
    /// HA could not restart a VM (and why).
    VmRestartFailed,
    /// A guest stopped sending VMware Tools heartbeats.
    GuestCrashed,
    /// VM monitoring reset a guest.
    VmReset,
    /// A datastore was lost.
    DatastoreLost,
    /// A fault ended.
    FaultHealed,
    /// A fault began (a `[[fault]]` entry).
    FaultInjected,
    /// DRS recommended a migration (applied, or waiting for approval).
    DrsRecommended,
    /// A host was asked to enter maintenance mode.
    MaintenanceRequested,
    /// A host in maintenance mode has no VMs left.
    MaintenanceEntered,
    /// A host left maintenance mode.
    MaintenanceExited,
    /// A VM could not leave a host it had to leave (and why).
    EvacuationBlocked,
    /// DPM put a host in standby.
    HostStandby,
    /// DPM woke a host from standby.
    HostWaking,
    /// A woken host is up and takes VMs.
    HostAwake,
    /// DPM would power a host off but cannot wake it again (no IPMI,
    /// iLO or Wake-on-LAN).
    DpmCannotManage,
    /// DRS is above its target but no move qualifies (and why not).
    DrsNoMove,
    /// FusionCompute: a VM powered on with guest NUMA in a cluster with
    /// memory overcommit on, which turns guest NUMA off.
    GuestNumaOff,
    /// DPM in manual mode recommends a power action (not taken).
    DpmRecommended,
}

impl EventKind {
    pub const ALL: [EventKind; 39] = [
        EventKind::PowerOn,
        EventKind::AdmissionDenied,
        EventKind::PowerOff,
        EventKind::SettingChanged,
        EventKind::SettingRefused,
        EventKind::HostFailed,
        EventKind::VappPowerOn,
        EventKind::VappPowerOff,
        EventKind::MemStateChanged,
        EventKind::MigrationStarted,
        EventKind::MigrationQueued,
        EventKind::MigrationRefused,
        EventKind::MigrationCompleted,
        EventKind::MigrationFailed,
        EventKind::ElectionStarted,
        EventKind::MasterElected,
        EventKind::HostIsolated,
        EventKind::HostPartitioned,
        EventKind::HostDeclaredDead,
        EventKind::IsolationResponse,
        EventKind::VmRestarted,
        EventKind::VmRestartFailed,
        EventKind::GuestCrashed,
        EventKind::VmReset,
        EventKind::DatastoreLost,
        EventKind::FaultHealed,
        EventKind::FaultInjected,
        EventKind::DrsRecommended,
        EventKind::MaintenanceRequested,
        EventKind::MaintenanceEntered,
        EventKind::MaintenanceExited,
        EventKind::EvacuationBlocked,
        EventKind::HostStandby,
        EventKind::HostWaking,
        EventKind::HostAwake,
        EventKind::DpmCannotManage,
        EventKind::DrsNoMove,
        EventKind::GuestNumaOff,
        EventKind::DpmRecommended,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EventKind::PowerOn => "power_on",
            EventKind::AdmissionDenied => "admission_denied",
            EventKind::PowerOff => "power_off",
            EventKind::SettingChanged => "setting_changed",
            EventKind::SettingRefused => "setting_refused",
            EventKind::HostFailed => "host_failed",
            EventKind::VappPowerOn => "vapp_power_on",
            EventKind::VappPowerOff => "vapp_power_off",
            EventKind::MemStateChanged => "mem_state_changed",
            EventKind::MigrationStarted => "migration_started",
            EventKind::MigrationQueued => "migration_queued",
            EventKind::MigrationRefused => "migration_refused",
            EventKind::MigrationCompleted => "migration_completed",
            EventKind::MigrationFailed => "migration_failed",
            EventKind::ElectionStarted => "election_started",
            EventKind::MasterElected => "master_elected",
            EventKind::HostIsolated => "host_isolated",
            EventKind::HostPartitioned => "host_partitioned",
            EventKind::HostDeclaredDead => "host_declared_dead",
            EventKind::IsolationResponse => "isolation_response",
            EventKind::VmRestarted => "vm_restarted",
            EventKind::VmRestartFailed => "vm_restart_failed",
            EventKind::GuestCrashed => "guest_crashed",
            EventKind::VmReset => "vm_reset",
            EventKind::DatastoreLost => "datastore_lost",
            EventKind::FaultHealed => "fault_healed",
            EventKind::FaultInjected => "fault_injected",
            EventKind::DrsRecommended => "drs_recommended",
            EventKind::MaintenanceRequested => "maintenance_requested",
            EventKind::MaintenanceEntered => "maintenance_entered",
            EventKind::MaintenanceExited => "maintenance_exited",
            EventKind::EvacuationBlocked => "evacuation_blocked",
            EventKind::HostStandby => "host_standby",
            EventKind::HostWaking => "host_waking",
            EventKind::HostAwake => "host_awake",
            EventKind::DpmCannotManage => "dpm_cannot_manage",
            EventKind::DrsNoMove => "drs_no_move",
            EventKind::GuestNumaOff => "guest_numa_off",
            EventKind::DpmRecommended => "dpm_recommended",
        }
    }

    pub fn parse(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// Why a change to a field was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SettingRefusal {
    /// A limit would fall below a reservation.
    LimitBelowReservation,
    /// A memory reservation would exceed the VM's configured memory.
    ReservationAboveMemory,
    /// Another check of the VM's own fields fails, at `field`.
    VmField { field: String },
    /// Running VMs use CPU features the new EVC baseline would hide: they
    /// must be powered off first.
    EvcUnderRunningVms,
    /// NIOC's reservations would take more than 75% of the uplink.
    UplinkOverReserved,
    /// Another Network or Storage I/O Control rule fails, at `field` of
    /// the `[nioc]` or `[sioc]` section.
    IoRule { field: String },
    /// FusionCompute: memory overcommit cannot go off while running VM
    /// `vm` has a reservation below its size (raise it to 100 % first).
    ReservationsBelowSize { vm: String },
    /// FusionCompute: memory overcommit cannot go on while VM `vm` with a
    /// passthrough NIC runs.
    PassthroughNicRunning { vm: String },
}

impl SettingRefusal {
    /// The refusal a VM check failing at `field` means.
    pub fn for_vm_field(field: &str) -> SettingRefusal {
        match field {
            "cpu_limit_mhz" | "mem_limit_mb" => SettingRefusal::LimitBelowReservation,
            "mem_reservation_mb" => SettingRefusal::ReservationAboveMemory,
            f => SettingRefusal::VmField {
                field: f.to_string(),
            },
        }
    }

    /// The refusal an I/O check failing at `field` means.
    pub fn for_io_field(field: &str) -> SettingRefusal {
        if field.ends_with("reservation_mbps") || field == "nioc.traffic" {
            SettingRefusal::UplinkOverReserved
        } else {
            SettingRefusal::IoRule {
                field: field.to_string(),
            }
        }
    }
}

/// Structured details, so the UI can say it in either language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Detail {
    None,
    /// Admission control found `needed` of a resource short of what was
    /// `available` ([`Shortage`]).
    Admission(Shortage),
    /// FusionCompute: the VM has a passthrough NIC and the cluster's memory
    /// overcommit is on.
    PassthroughWithOvercommit,
    /// The VM's host has failed (or is not in the cluster).
    HostUnavailable {
        host: String,
    },
    /// A field changed (or would have) from `from` to `to`.
    Setting {
        field: String,
        from: String,
        to: String,
    },
    /// A change of a field from `from` to `to` was refused, and why.
    Refused {
        field: String,
        from: String,
        to: String,
        why: SettingRefusal,
    },
    /// A host's memory state went from `from` to `to`.
    MemState {
        from: MemState,
        to: MemState,
    },
    /// A live migration of the subject VM from host `from` to `to`.
    Migration {
        from: String,
        to: String,
        note: MigrationNote,
    },
    /// vSphere HA: what the Fault Domain Manager saw or did.
    Ha(HaNote),
    /// vSphere HA admission control refused a power-on.
    HaAdmission(HaRefusal),
    /// DRS or DPM: a recommendation, a VM that cannot leave, a power
    /// action.
    Drs(DrsNote),
}

/// One entry of the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Simulated time [s].
    pub t_s: u32,
    pub kind: EventKind,
    /// The VM (or host) concerned.
    pub subject: String,
    pub detail: Detail,
}

impl From<Refusal> for Detail {
    fn from(r: Refusal) -> Detail {
        match r {
            Refusal::Short(s) => Detail::Admission(s),
            Refusal::HostUnavailable { host } => Detail::HostUnavailable { host },
            Refusal::PassthroughWithOvercommit => Detail::PassthroughWithOvercommit,
        }
    }
}
