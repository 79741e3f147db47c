//! What DRS and DPM said and did, in structured form: recommendations
//! with their reasons and rejected alternatives, VMs that could not leave,
//! DPM's power actions, and the figures per sample and per run.

use super::pass::{Alternative, Reason, Why};
use serde::{Deserialize, Serialize};

/// A host's power state under DPM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostPower {
    #[default]
    On,
    /// DPM chose it: its VMs are leaving, then it goes to standby.
    EnteringStandby,
    Standby,
    /// Woken; takes VMs at `ready_s`.
    Booting {
        ready_s: u32,
    },
}

impl HostPower {
    pub fn name(self) -> &'static str {
        match self {
            HostPower::On => "on",
            HostPower::EnteringStandby => "entering_standby",
            HostPower::Standby => "standby",
            HostPower::Booting { .. } => "booting",
        }
    }

    /// Powered on and running VMs (or able to).
    pub fn is_on(self) -> bool {
        matches!(self, HostPower::On | HostPower::EnteringStandby)
    }
}

/// What DRS or DPM said, for the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DrsNote {
    /// A migration recommendation (subject: the VM).
    Recommended(Box<Recommendation>),
    /// A VM could not leave a host it had to leave (subject: the VM).
    Blocked {
        host: String,
        reason: Reason,
        why: Why,
    },
    /// DPM put a host in standby or woke it (subject: the host), at this
    /// utilization over its window [‰].
    Power { utilization_pm: u64, window_s: u32 },
    /// DPM in manual mode recommends waking the host (`power_on`) or
    /// putting it in standby (subject: the host), with the priority of the
    /// recommendation (1 mandatory … 5 slight) and the utilization that
    /// prompted it [‰].
    PowerRecommended {
        power_on: bool,
        priority: u8,
        utilization_pm: u64,
    },
    /// Above the target, but no move qualified: the one that would have
    /// helped most, and why it is out.
    NoMove {
        imbalance_milli: u32,
        target_milli: u32,
        best: Alternative,
    },
    /// A host left maintenance mode or finished booting.
    Plain,
}

/// One recommendation as the JSON and the UI show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    /// 1-based, in the order DRS made them (what `drs.approved` counts).
    pub number: u32,
    pub t_s: u32,
    pub vm: String,
    pub from: String,
    pub to: String,
    pub priority: u8,
    pub reason: Reason,
    pub imbalance_before_milli: u32,
    pub imbalance_after_milli: u32,
    pub cost_s: u32,
    pub risk_pct: u8,
    pub from_load_pm: u64,
    pub to_load_pm: u64,
    pub alternatives: Vec<Alternative>,
    /// Started as a migration (automatic, or approved by the student).
    pub applied: bool,
}

/// A DPM power action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PowerEvent {
    pub t_s: u32,
    pub host: String,
    /// "standby", "wake" or "awake".
    pub action: String,
    /// Utilization that triggered it [%] (0 for "awake").
    pub utilization_pct: u64,
}

/// What DRS and DPM did over a run (the JSON's `drs` and `dpm`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrsSummary {
    /// Imbalance at the first pass, before its moves (now, when no pass
    /// ran), and at the end of the run [thousandths].
    pub imbalance_before_milli: u32,
    pub imbalance_after_milli: u32,
    pub target_milli: Option<u32>,
    pub migrations: u32,
    pub recommendations: Vec<Recommendation>,
    pub power_off_below_pct: Option<u8>,
    pub power_on_above_pct: Option<u8>,
    pub host_power_events: Vec<PowerEvent>,
    pub energy_kwh: f64,
}

/// DRS's view at one sample, for goals and charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrsSample {
    /// Imbalance now [thousandths].
    pub imbalance_milli: u32,
    pub target_milli: Option<u32>,
    /// Per host (scenario order): load [‰] (0 when off), power state and
    /// draw [W].
    pub host_load_pm: Vec<u64>,
    /// Per host: CPU the VMs there want over its capacity [‰] (above 1000
    /// when demand exceeds the host).
    pub host_cpu_demand_pm: Vec<u64>,
    pub host_power: Vec<HostPower>,
    pub host_watts: Vec<u64>,
    /// Energy so far [Wh].
    pub energy_wh: u64,
    /// DRS migrations started so far.
    pub migrations: u32,
    /// Recommendations waiting for the student (numbers).
    pub pending: Vec<u32>,
    /// Rule violations now (VMs breaking a rule where they run).
    pub rule_violations: u32,
    /// Per VM (scenario order): DRS memory demand [MB] (0 when off).
    pub vm_mem_demand_mb: Vec<u64>,
}

/// Thousandths as a number with three decimals, e.g. 115 → "0.115" (how
/// the imbalance is written everywhere).
pub fn milli3(milli: u32) -> String {
    format!("{}.{:03}", milli / 1000, milli % 1000)
}
