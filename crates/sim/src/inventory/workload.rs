//! A VM's demand over the day as a lab file states it (`workload = {
//! shape = "diurnal", ... }`). DRS labs read it; [`crate::drs::workload`]
//! turns it into demand per interval.

use serde::{Deserialize, Serialize};

/// How a VM's demand moves over the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Always at the peak.
    Flat,
    /// A smooth day curve: the peak at `peak_hour`, the trough 12 hours
    /// away.
    Diurnal,
    /// At the base, with seeded bursts to the peak (`burst_pct` of the
    /// intervals).
    Bursty,
    /// At the peak from `start_hour` to `end_hour` (a night batch by
    /// default), at the base otherwise.
    Batch,
}

impl Shape {
    pub const ALL: [Shape; 4] = [Shape::Flat, Shape::Diurnal, Shape::Bursty, Shape::Batch];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Flat => "flat",
            Shape::Diurnal => "diurnal",
            Shape::Bursty => "bursty",
            Shape::Batch => "batch",
        }
    }

    pub fn parse(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A VM's `workload = { shape = "diurnal", cpu_mhz = 4000, ... }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadSpec {
    pub shape: Shape,
    /// CPU demand at the peak [MHz].
    pub cpu_mhz: u64,
    /// CPU demand at the base [MHz] (default 10% of `cpu_mhz`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_base_mhz: Option<u64>,
    /// Active memory at the peak [MB]; absent = the VM's `mem_active_mb`
    /// all day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_active_mb: Option<u64>,
    /// Active memory at the base [MB] (default half the peak).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_base_mb: Option<u64>,
    /// Diurnal: the hour of the peak, 0 to 23 (default 14).
    #[serde(default = "default_peak_hour")]
    pub peak_hour: u8,
    /// Bursty: the share of intervals that are bursts [%] (default 20).
    #[serde(default = "default_burst_pct")]
    pub burst_pct: u8,
    /// Batch: the window's first hour, 0 to 23 (default 1).
    #[serde(default = "default_start_hour")]
    pub start_hour: u8,
    /// Batch: the hour the window ends, 0 to 24 (default 5); before
    /// `start_hour` = the window runs past midnight.
    #[serde(default = "default_end_hour")]
    pub end_hour: u8,
    /// Seeded noise on every interval's demand [±%] (default 0).
    #[serde(default)]
    pub jitter_pct: u8,
}

fn default_peak_hour() -> u8 {
    14
}
fn default_burst_pct() -> u8 {
    20
}
fn default_start_hour() -> u8 {
    1
}
fn default_end_hour() -> u8 {
    5
}

impl WorkloadSpec {
    /// A flat workload at `cpu_mhz` (tests, and VMs without a workload).
    pub fn flat(cpu_mhz: u64) -> WorkloadSpec {
        WorkloadSpec {
            shape: Shape::Flat,
            cpu_mhz,
            cpu_base_mhz: None,
            mem_active_mb: None,
            mem_base_mb: None,
            peak_hour: default_peak_hour(),
            burst_pct: default_burst_pct(),
            start_hour: default_start_hour(),
            end_hour: default_end_hour(),
            jitter_pct: 0,
        }
    }
}
