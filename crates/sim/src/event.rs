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
}

impl EventKind {
    pub const ALL: [EventKind; 5] = [
        EventKind::PowerOn,
        EventKind::AdmissionDenied,
        EventKind::PowerOff,
        EventKind::SettingChanged,
        EventKind::SettingRefused,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EventKind::PowerOn => "power_on",
            EventKind::AdmissionDenied => "admission_denied",
            EventKind::PowerOff => "power_off",
            EventKind::SettingChanged => "setting_changed",
            EventKind::SettingRefused => "setting_refused",
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

/// Structured details, so the UI can say it in either language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Detail {
    None,
    /// Admission control: `needed` of `resource` versus `available` on `host`.
    Admission {
        host: String,
        resource: Shortfall,
        needed: u64,
        available: u64,
    },
    /// A field changed (or would have) from `from` to `to`.
    Setting {
        field: String,
        from: String,
        to: String,
    },
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
                    resource,
                    needed,
                    available,
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
            (EventKind::SettingRefused, Detail::Admission { host, resource, needed, available }) => {
                let unit = if *resource == Shortfall::CpuMhz { "MHz" } else { "MB" };
                format!(
                    "change to {s} refused: it would reserve {needed} {unit}, host {host} has {available} {unit} unreserved"
                )
            }
            (EventKind::SettingRefused, Detail::Setting { field, from, to }) => {
                format!("change to {s}.{field} ({from} -> {to}) refused: it would leave a limit below a reservation")
            }
            (_, Detail::Setting { field, from, to }) => format!("{s}.{field}: {from} -> {to}"),
            (EventKind::PowerOn, _) => format!("{s} powered on"),
            (EventKind::PowerOff, _) => format!("{s} powered off"),
            (kind, _) => format!("{} {s}", kind.name()),
        }
    }
}
