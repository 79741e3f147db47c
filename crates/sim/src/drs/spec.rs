//! The scenario's DRS and DPM parts: `[drs]`, `[dpm]`, `[[rule]]` and
//! `[[maintenance]]` (lab format v1, `labs/README.md`). The VM fields
//! `workload` and `mem_consumed_mb` and the host fields `power_mgmt`,
//! `idle_w`, `peak_w` and `standby_w` live on `VmSpec` and `HostSpec`.

use crate::base::serde_default::{default_true, is_zero_u32};
use serde::{Deserialize, Serialize};

/// How far DRS acts on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Automation {
    /// Recommendations wait for the student (`drs.approved`), initial
    /// placement too is only recommended: vlab places on the recommended
    /// host, as a student clicking "power on" would.
    Manual,
    /// Initial placement is automatic; migrations are only recommended.
    Partial,
    /// Placement and migrations are automatic.
    #[default]
    Full,
}

impl Automation {
    pub const ALL: [Automation; 3] = [Automation::Manual, Automation::Partial, Automation::Full];

    pub fn name(self) -> &'static str {
        match self {
            Automation::Manual => "manual",
            Automation::Partial => "partial",
            Automation::Full => "full",
        }
    }

    pub fn parse(name: &str) -> Option<Automation> {
        Automation::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// vSphere DRS (or, with `platform = "fusioncompute"`, FusionCompute's
/// compute resource scheduling).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrsSpec {
    /// Default true.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Default full.
    #[serde(default)]
    pub automation: Automation,
    /// Migration threshold, 1 (conservative: mandatory moves only) to 5
    /// (aggressive); default 3.
    #[serde(default = "default_threshold")]
    pub threshold: u8,
    /// Interval between DRS passes [s] (default 300, vCenter's 5 minutes).
    #[serde(default = "default_period_s")]
    pub period_s: u32,
    /// Manual and partial automation: how many of DRS's migration
    /// recommendations the student applied, in the order they were made
    /// (default 0). Each applied one starts when it is made.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub approved: u32,
    /// FusionCompute: hosts whose CPU use [%] stays below this baseline are
    /// left alone (default 60).
    #[serde(
        default = "default_baseline",
        skip_serializing_if = "is_default_baseline"
    )]
    pub cpu_baseline_pct: u8,
    /// FusionCompute: the same for memory [%] (default 60).
    #[serde(
        default = "default_baseline",
        skip_serializing_if = "is_default_baseline"
    )]
    pub mem_baseline_pct: u8,
}

/// vCenter's default migration threshold.
pub const DEFAULT_THRESHOLD: u8 = 3;
/// vCenter's DRS interval [s].
pub const DEFAULT_DRS_PERIOD_S: u32 = 300;
/// FusionCompute's scheduling baseline when the lab does not set one [%]
/// (a model default: the seed notes name the setting, not a value).
pub const DEFAULT_BASELINE_PCT: u8 = 60;

fn default_threshold() -> u8 {
    DEFAULT_THRESHOLD
}
fn default_period_s() -> u32 {
    DEFAULT_DRS_PERIOD_S
}
fn default_baseline() -> u8 {
    DEFAULT_BASELINE_PCT
}
fn is_default_baseline(p: &u8) -> bool {
    *p == DEFAULT_BASELINE_PCT
}

impl Default for DrsSpec {
    fn default() -> DrsSpec {
        toml::from_str("").expect("the defaults deserialize")
    }
}

/// vSphere Distributed Power Management.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DpmSpec {
    /// Default true.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Target demand/capacity per host [%] (default 63).
    #[serde(default = "default_target_pct")]
    pub target_pct: u8,
    /// Band around the target [±%] (default 18): power on above
    /// target + tolerance, consider power-off below target − tolerance.
    #[serde(default = "default_tolerance_pct")]
    pub tolerance_pct: u8,
    /// How long a host takes from the wake-up call to running VMs [s]
    /// (default 300; a model value: real servers take 3 to 10 minutes).
    #[serde(default = "default_boot_s")]
    pub boot_s: u32,
    /// DPM's own automation level (default automatic): manual only
    /// recommends power actions (`dpm_recommended`).
    #[serde(default)]
    pub automation: DpmAutomation,
    /// DPM's own threshold, 1 (conservative) to 5 (aggressive), default 3:
    /// it acts on recommendations of that priority or more urgent
    /// (`drs::dpm_priority`).
    #[serde(default = "default_dpm_threshold")]
    pub threshold: u8,
}

/// DPM's automation level (vSphere: off, manual, automatic; off is
/// `enabled = false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DpmAutomation {
    /// Power actions are only recommended.
    Manual,
    #[default]
    Automatic,
}

impl DpmAutomation {
    pub const ALL: [DpmAutomation; 2] = [DpmAutomation::Manual, DpmAutomation::Automatic];

    pub fn name(self) -> &'static str {
        match self {
            DpmAutomation::Manual => "manual",
            DpmAutomation::Automatic => "automatic",
        }
    }

    pub fn parse(name: &str) -> Option<DpmAutomation> {
        DpmAutomation::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// DPM's threshold when the lab does not set one (vSphere's default, the
/// middle of the slider).
pub const DEFAULT_DPM_THRESHOLD: u8 = 3;

fn default_dpm_threshold() -> u8 {
    DEFAULT_DPM_THRESHOLD
}

pub const DEFAULT_DPM_TARGET_PCT: u8 = 63;
pub const DEFAULT_DPM_TOLERANCE_PCT: u8 = 18;
pub const DEFAULT_BOOT_S: u32 = 300;

fn default_target_pct() -> u8 {
    DEFAULT_DPM_TARGET_PCT
}
fn default_tolerance_pct() -> u8 {
    DEFAULT_DPM_TOLERANCE_PCT
}
fn default_boot_s() -> u32 {
    DEFAULT_BOOT_S
}

impl Default for DpmSpec {
    fn default() -> DpmSpec {
        toml::from_str("").expect("the defaults deserialize")
    }
}

impl DpmSpec {
    /// Below this host utilization [%] DPM considers powering hosts off.
    pub fn power_off_below_pct(&self) -> u8 {
        self.target_pct.saturating_sub(self.tolerance_pct)
    }

    /// Above this host utilization [%] DPM powers hosts on.
    pub fn power_on_above_pct(&self) -> u8 {
        self.target_pct.saturating_add(self.tolerance_pct).min(100)
    }
}

/// A DRS rule's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Keep the VMs together on one host.
    Affinity,
    /// Keep the VMs on different hosts.
    AntiAffinity,
    /// The VMs must run on one of `hosts` (HA and DRS obey it).
    VmHostMust,
    /// The VMs should run on one of `hosts` (DRS prefers it, may break it).
    VmHostShould,
}

impl RuleKind {
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Affinity => "affinity",
            RuleKind::AntiAffinity => "anti_affinity",
            RuleKind::VmHostMust => "vm_host_must",
            RuleKind::VmHostShould => "vm_host_should",
        }
    }
}

/// One `[[rule]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Shown in explanations; absent = "rule N" (1-based, file order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub kind: RuleKind,
    pub vms: Vec<String>,
    /// For VM-Host rules: the host group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// Default true.
    #[serde(default = "default_true")]
    pub enabled: bool,
}

impl RuleSpec {
    /// Its name, or "rule N" for the `k`th rule (0-based).
    pub fn label(&self, k: usize) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("rule {}", k + 1))
    }
}

/// One `[[maintenance]]`: a host enters maintenance mode at `at_s` (DRS
/// evacuates it) and, with `until_s`, leaves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceSpec {
    pub host: String,
    pub at_s: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_s: Option<u32>,
}

/// The scenario's DRS and DPM sections, read.
#[derive(Debug, Clone, Copy)]
pub struct DrsSections<'a> {
    pub drs: &'a Option<DrsSpec>,
    pub dpm: &'a Option<DpmSpec>,
    pub rule: &'a [RuleSpec],
    pub maintenance: &'a [MaintenanceSpec],
}

/// The scenario's DRS and DPM sections, to change with a setting.
#[derive(Debug)]
pub struct DrsSectionsMut<'a> {
    pub drs: &'a mut Option<DrsSpec>,
    pub dpm: &'a mut Option<DpmSpec>,
    pub rule: &'a mut [RuleSpec],
}
