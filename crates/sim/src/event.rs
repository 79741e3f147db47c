//! Events: what happened, when, to whom. Domain outcomes such as a refused
//! power-on are events the student sees, never errors or panics.

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
}

impl EventKind {
    pub const ALL: [EventKind; 37] = [
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
        }
    }

    pub fn parse(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The resource admission control found short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shortfall {
    /// Unreserved CPU [MHz] below the VM's CPU reservation.
    CpuMhz,
    /// Unreserved memory [MB] below the VM's reservation plus overhead.
    MemMb,
    /// More vCPUs than the host has logical CPUs.
    Vcpus,
}

/// Where borrowing up a chain of expandable reservations stopped, i.e. what
/// bounds a pool's unreserved capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// It reached the host's root: the host's unreserved capacity.
    Host,
    /// It reached the root of a cluster of several hosts: the cluster's
    /// unreserved capacity.
    Cluster,
    /// This pool's reservation is not expandable.
    Pool(String),
    /// This pool's limit caps what it may hold.
    Limit(String),
}

fn is_none<T>(o: &Option<T>) -> bool {
    o.is_none()
}

/// Structured details, so the UI can say it in either language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Detail {
    None,
    /// Admission control: `needed` of `resource` versus `available` on `host`,
    /// or, for a VM in resource pool `pool`, the pool's unreserved capacity
    /// including what it can borrow up to `stop`.
    Admission {
        host: String,
        /// The VM's resource pool; absent = the host's root (and then the
        /// JSON is as before pools existed).
        #[serde(default, skip_serializing_if = "is_none")]
        pool: Option<String>,
        /// With `pool`: where borrowing stopped.
        #[serde(default, skip_serializing_if = "is_none")]
        stop: Option<Stop>,
        resource: Shortfall,
        needed: u64,
        available: u64,
    },
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
    /// A host's memory state went from `from` to `to`.
    MemState {
        from: crate::memory::MemState,
        to: crate::memory::MemState,
    },
    /// A live migration of the subject VM from host `from` to `to`.
    Migration {
        from: String,
        to: String,
        note: crate::sim_migration::MigrationNote,
    },
    /// vSphere HA: what the Fault Domain Manager saw or did.
    Ha(crate::sim_ha::HaNote),
    /// vSphere HA admission control refused a power-on.
    HaAdmission(crate::ha::HaRefusal),
    /// DRS or DPM: a recommendation, a VM that cannot leave, a power
    /// action.
    Drs(crate::sim_drs::DrsNote),
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

impl Event {
    /// A plain English sentence, for the CLI and golden traces. The app
    /// renders the same facts through its locale files.
    pub fn text(&self) -> String {
        let s = &self.subject;
        match (&self.kind, &self.detail) {
            (
                EventKind::AdmissionDenied,
                Detail::Admission {
                    host,
                    pool: Some(pool),
                    stop,
                    resource,
                    needed,
                    available,
                },
            ) if *resource != Shortfall::Vcpus => {
                let reach = reach(pool, host, stop.as_ref());
                match resource {
                    Shortfall::CpuMhz => format!(
                        "power-on of {s} refused: pool {pool} has {available} MHz of unreserved CPU ({reach}), the VM reserves {needed} MHz"
                    ),
                    _ => format!(
                        "power-on of {s} refused: pool {pool} has {available} MB of unreserved memory ({reach}), the VM needs {needed} MB (reservation + overhead)"
                    ),
                }
            }
            (
                EventKind::AdmissionDenied,
                Detail::Admission {
                    pool: None,
                    stop: Some(Stop::Cluster),
                    resource,
                    needed,
                    available,
                    ..
                },
            ) => match resource {
                Shortfall::CpuMhz => format!(
                    "power-on of {s} refused: the cluster has {available} MHz of unreserved CPU, the VM reserves {needed} MHz"
                ),
                _ => format!(
                    "power-on of {s} refused: the cluster has {available} MB of unreserved memory, the VM needs {needed} MB (reservation + overhead)"
                ),
            },
            (
                EventKind::AdmissionDenied,
                Detail::Admission {
                    host,
                    resource,
                    needed,
                    available,
                    ..
                },
            ) => match resource {
                Shortfall::CpuMhz => format!(
                    "power-on of {s} refused: host {host} has {available} MHz of unreserved CPU, the VM reserves {needed} MHz"
                ),
                Shortfall::MemMb => format!(
                    "power-on of {s} refused: host {host} has {available} MB of unreserved memory, the VM needs {needed} MB (reservation + overhead)"
                ),
                Shortfall::Vcpus => format!(
                    "power-on of {s} refused: it has {needed} vCPUs but host {host} has only {available} logical CPUs"
                ),
            },
            (
                EventKind::SettingRefused,
                Detail::Admission {
                    host,
                    pool: Some(pool),
                    stop,
                    resource,
                    needed,
                    available,
                },
            ) => {
                let unit = if *resource == Shortfall::CpuMhz { "MHz" } else { "MB" };
                let reach = reach(pool, host, stop.as_ref());
                format!(
                    "change to {s} refused: it would reserve {needed} {unit}, pool {pool} has {available} {unit} unreserved ({reach})"
                )
            }
            (
                EventKind::SettingRefused,
                Detail::Admission {
                    pool: None,
                    stop: Some(Stop::Cluster),
                    resource,
                    needed,
                    available,
                    ..
                },
            ) => {
                let unit = if *resource == Shortfall::CpuMhz { "MHz" } else { "MB" };
                format!(
                    "change to {s} refused: it would reserve {needed} {unit}, the cluster has {available} {unit} unreserved"
                )
            }
            (
                EventKind::SettingRefused,
                Detail::Admission {
                    host,
                    resource,
                    needed,
                    available,
                    ..
                },
            ) => {
                let unit = if *resource == Shortfall::CpuMhz { "MHz" } else { "MB" };
                format!(
                    "change to {s} refused: it would reserve {needed} {unit}, host {host} has {available} {unit} unreserved"
                )
            }
            (EventKind::SettingRefused, Detail::Setting { field, from, to }) if field == "evc_baseline" => {
                format!("change of the EVC baseline ({from} -> {to}) refused: running VMs use newer CPU features; power them off first")
            }
            (EventKind::SettingRefused, Detail::Setting { field, from, to }) => {
                format!("change to {s}.{field} ({from} -> {to}) refused: it would leave a limit below a reservation")
            }
            (_, Detail::Setting { field, from, to }) => format!("{s}.{field}: {from} -> {to}"),
            (_, Detail::MemState { from, to }) => {
                format!("host {s} memory state {} -> {}", from.name(), to.name())
            }
            (_, Detail::Ha(note)) => crate::sim_ha::describe(s, note),
            (EventKind::HostAwake, _) => format!("DPM: host {s} is up and takes VMs"),
            (EventKind::DpmCannotManage, _) => format!(
                "DPM would put host {s} in standby but cannot wake it again: give it IPMI, iLO or Wake-on-LAN (power_mgmt)"
            ),
            (
                EventKind::HostStandby,
                Detail::Drs(crate::sim_drs::DrsNote::Power {
                    utilization_pm,
                    window_s,
                }),
            ) => format!(
                "DPM put host {s} in standby: every host ran below the power-off threshold for {} min ({}% here)",
                window_s / 60,
                utilization_pm / 10
            ),
            (
                EventKind::HostWaking,
                Detail::Drs(crate::sim_drs::DrsNote::Power {
                    utilization_pm,
                    window_s,
                }),
            ) => format!(
                "DPM wakes host {s} from standby: the busiest host ran at {}% over {} min, above the power-on threshold",
                utilization_pm / 10,
                window_s / 60
            ),
            (_, Detail::Drs(note)) => crate::sim_drs::describe(s, note),
            (EventKind::MaintenanceRequested, _) => {
                format!("host {s} entering maintenance mode: its VMs must leave")
            }
            (EventKind::MaintenanceEntered, _) => {
                format!("host {s} is in maintenance mode: no VMs left on it")
            }
            (EventKind::MaintenanceExited, _) => format!("host {s} left maintenance mode"),
            (_, Detail::HaAdmission(refusal)) => {
                format!("power-on of {s} refused by HA admission control: {}", refusal.describe())
            }
            (_, Detail::Migration { from, to, note }) => {
                crate::sim_migration::describe(s, from, to, note)
            }
            (_, Detail::HostUnavailable { host }) => {
                format!("power-on of {s} refused: host {host} is not available (failed)")
            }
            (EventKind::PowerOn, _) => format!("{s} powered on"),
            (EventKind::PowerOff, _) => format!("{s} powered off"),
            (EventKind::HostFailed, _) => format!("host {s} failed: its VMs went down"),
            (EventKind::VappPowerOn, _) => format!("vApp {s} powering on, group by group"),
            (EventKind::VappPowerOff, _) => {
                format!("vApp {s} powering off, groups in reverse order")
            }
            (kind, _) => format!("{} {s}", kind.name()),
        }
    }
}

/// How far a pool's unreserved capacity reaches, in words.
fn reach(pool: &str, host: &str, stop: Option<&Stop>) -> String {
    match stop {
        Some(Stop::Pool(p)) if p == pool => "its reservation is not expandable".into(),
        Some(Stop::Pool(p)) => format!("expandable up to pool {p}, which is not expandable"),
        Some(Stop::Limit(p)) if p == pool => "expandable up to its own limit".into(),
        Some(Stop::Limit(p)) => format!("expandable up to the limit of pool {p}"),
        Some(Stop::Cluster) => "expandable up to the cluster".into(),
        Some(Stop::Host) | None => format!("expandable up to host {host}"),
    }
}
