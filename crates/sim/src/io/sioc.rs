//! Storage I/O Control (SIOC) on one datastore shared by VMs on several
//! hosts: the "noisy neighbour" and what SIOC does about it.
//!
//! # What vSphere does
//! - Each virtual disk has **shares**, low / normal / high = 500 / 1000 /
//!   2000, custom 200 to 4000 **\[pub\]**, and an **IOPS limit**, default
//!   unlimited **\[pub\]**. Limits are enforced by the host whether SIOC is on
//!   or not. Storage I/O has no reservations in this model (the API's
//!   `IOAllocationInfo`: "We do not support reservation").
//! - SIOC is off by default **\[pub\]**. When on, every host sharing the
//!   datastore reports its device latency; when the datastore-wide average
//!   exceeds the **congestion threshold**, SIOC throttles the hosts' device
//!   queue depths so that the latency settles near the threshold, and the
//!   array's queue is divided by the disks' shares **\[pub\]**.
//! - The threshold is either a latency, 5 to 100 ms **\[pub\]** (30 ms was
//!   the default before vSphere 5.1 **\[pub\]**), or, since 5.1 and by
//!   default, "the estimated latency when the datastore is operating at
//!   90% of its peak throughput" (50 to 100 %) **\[pub\]**.
//! - The control law is PARDA's (Gulati et al., FAST '09), per host:
//!   w(t+1) = (1 - g) w(t) + g (L_threshold / L(t) w(t) + beta) **\[pub\]**.
//!   SIOC re-evaluates every 4 s **\[unsure: widely quoted, not found\]**.
//!
//! # The model (all of this is the model's assumption **\[model\]**)
//! Units: throughput in IOPS, latency in microseconds (`_us`, the unit of
//! vSphere's `sizeNormalizedDatastoreLatency` counter).
//! - **Device.** Peak throughput P \[IOPS\] and base latency L0 (no
//!   queueing). At throughput X the device latency is M/M/1-shaped:
//!   `L(X) = L0 / (1 - X/P)` = `L0 * P / (P - X)`.
//! - **Queue bound.** The hosts can have at most Q I/Os outstanding at the
//!   device (the sum of their device queue depths, default 256, e.g. 8
//!   hosts x 32). By Little's law (Q = X * L) a window of W outstanding
//!   I/Os gives `X(W) = W * P / (L0 * P + W)` and `L = L0 + W / P`, so
//!   the latency stays finite when demand exceeds the peak: at most
//!   `L0 + Q / P`, at throughput `X(Q) < P`.
//! - **Offered load.** Each disk offers `min(demand, limit)`.
//! - **Without SIOC** (or below the threshold) the array serves first come,
//!   first served: the total is `min(offered, X(Q))`, split in proportion
//!   to the offered loads. The noisy neighbour takes most, and everyone
//!   sees the same high latency. (Real hosts also apply shares among VMs
//!   *on the same host*; this model treats every host alike.)
//! - **Congested** means the latency without throttling, `L(min(offered,
//!   X(Q)))`, is above the threshold latency `Lt`. For a percentage p,
//!   `Lt = L(p * P) = L0 / (1 - p)`.
//! - **With SIOC, congested:** the total is what the device sustains at the
//!   threshold, `X_t = P * (1 - L0 / Lt)` (so 90 % of peak for the
//!   automatic threshold), divided by [`crate::base::divvy::divvy`] with weight
//!   = disk shares and cap = offered load. The device latency is then
//!   `L(X_t) <= Lt`. SIOC costs some total throughput (X_t below X(Q)):
//!   the price of isolation the guide mentions for low thresholds. Real
//!   arrays' throughput curves are flatter than M/M/1, so the real cost is
//!   smaller (PARDA measured 3130 IOPS at 60 ms uncontrolled, 3150 at 30 ms).
//! - **VM latency.** A disk that gets all it asks for sees the device
//!   latency. A throttled one (by SIOC or by its own limit) keeps the
//!   outstanding I/Os its demand needs, so by Little's law it sees
//!   `L_device * demand / iops`: its I/Os wait in the host's queue.
//! - **Over time**: the simulation evaluates the steady state at every
//!   sample (20 s), longer than SIOC's few-second control loop needs to
//!   settle, so each sample shows where the datastore has settled for that
//!   sample's demand and settings. The transient within a sample is not
//!   modelled.
//!
//! # Sources
//! - Resource Management guide, "Set Storage I/O Control Threshold Value"
//!   (90 % of peak; below 20 ms lowers throughput, above 50 ms weak
//!   isolation). <https://docs.vmware.com/en/VMware-vSphere/7.0/com.vmware.vsphere.resmgmt.doc/GUID-D3FE742F-5398-4274-83C0-C9D14DBE372A.html>
//! - vSphere API `StorageIORMInfo`: `congestionThreshold` 5 to 100 ms,
//!   `percentOfPeakThroughput` 50 to 100, default 90, mode automatic by
//!   default. <https://developer.broadcom.com/xapis/virtual-infrastructure-json-api/latest/data-structures/StorageIORMInfo>
//! - 30 ms default before 5.1: <http://stretch-cloud.info/2012/09/sioc-enhancement-automatic-latency-threshold-computation/>
//! - Disk shares: `SharesInfo.level` "For Disk: Shares = 500 / 1000 /
//!   2000" <https://developer.broadcom.com/xapis/virtual-infrastructure-json-api/latest/data-structures/SharesInfo>;
//!   range 200 to 4000 and no reservations: `IOAllocationInfo`
//!   <https://vijava.sourceforge.net/vSphereAPIDoc/ver51/ReferenceGuide/vim.StorageResourceManager.IOAllocationInfo.html>
//! - Shares and IOPS limits (default unlimited): <https://docs.vmware.com/en/VMware-vSphere/7.0/com.vmware.vsphere.resmgmt.doc/GUID-D964A753-0844-4343-A96F-27A4C769F92D.html>
//! - PARDA control law: <https://www.usenix.org/legacy/event/fast09/tech/full_papers/gulati/gulati_html/node5.html>;
//!   experiment (6 hosts x 32 outstanding I/Os; 3130 IOPS at 60 ms
//!   uncontrolled, 3150 IOPS near 30 ms with a 30 ms threshold):
//!   <https://static.usenix.org/events/fast09/tech/full_papers/gulati/gulati_html/node21.html>

use crate::base::divvy::{divvy, Claim};
use crate::base::shares::{ShareLevel, Shares};
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// The latency threshold before vSphere 5.1 \[ms\] **\[pub\]**.
pub const DEFAULT_THRESHOLD_MS: u32 = 30;
/// The automatic threshold's default percentage of peak **\[pub\]**.
pub const DEFAULT_PERCENT_OF_PEAK: u32 = 90;
/// Allowed manual thresholds \[ms\] **\[pub\]** (API 5.1+).
pub const THRESHOLD_MS_RANGE: RangeInclusive<u32> = 5..=100;
/// Allowed percentages of peak **\[pub\]**.
pub const PERCENT_OF_PEAK_RANGE: RangeInclusive<u32> = 50..=100;
/// Allowed custom disk shares **\[pub\]**.
pub const DISK_SHARES_RANGE: RangeInclusive<u32> = 200..=4000;
/// Default bound on outstanding I/Os at the device **\[model\]**.
pub const DEFAULT_MAX_QUEUE_DEPTH: u64 = 256;

/// Disk shares of a setting: low / normal / high = 500 / 1000 / 2000
/// **\[pub\]**, or the custom number.
pub fn disk_shares(s: Shares) -> u64 {
    match s {
        Shares::Level(ShareLevel::Low) => 500,
        Shares::Level(ShareLevel::Normal) => 1000,
        Shares::Level(ShareLevel::High) => 2000,
        Shares::Custom(n) => u64::from(n),
    }
}

/// The congestion threshold: `{ latency_ms = 30 }` or
/// `{ percent_of_peak = 90 }` (default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// Manual: a latency \[ms\].
    LatencyMs(u32),
    /// Automatic: the latency at this percentage of peak throughput.
    PercentOfPeak(u32),
}

impl Default for Threshold {
    fn default() -> Self {
        Threshold::PercentOfPeak(DEFAULT_PERCENT_OF_PEAK)
    }
}

/// One VM's virtual disk on the datastore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiskSpec {
    /// The VM (or disk) name, unique on the datastore.
    pub vm: String,
    /// The host it runs on, for display only: the model treats hosts alike.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Disk shares (default normal: 1000).
    #[serde(default)]
    pub shares: Shares,
    /// IOPS limit; absent = unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_iops: Option<u64>,
    /// What the VM would issue \[IOPS\] (default 0: idle).
    #[serde(default)]
    pub demand_iops: u64,
}

impl DiskSpec {
    /// What the disk offers the datastore: its demand, capped by its limit.
    pub fn offered_iops(&self) -> u64 {
        self.limit_iops
            .map_or(self.demand_iops, |l| l.min(self.demand_iops))
    }
}

/// A datastore, its SIOC settings and the disks on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiocSpec {
    /// Peak throughput of the device \[IOPS\].
    pub peak_iops: u64,
    /// Latency without queueing \[us\] (5 ms = 5000).
    pub base_latency_us: u64,
    /// Most I/Os the hosts keep outstanding at the device (default 256).
    #[serde(default = "default_max_queue_depth")]
    pub max_queue_depth: u64,
    /// SIOC enabled (default false).
    #[serde(default)]
    pub enabled: bool,
    /// Congestion threshold (default 90 % of peak).
    #[serde(default)]
    pub threshold: Threshold,
    /// The disks, in file order.
    #[serde(default)]
    pub disk: Vec<DiskSpec>,
}

fn default_max_queue_depth() -> u64 {
    DEFAULT_MAX_QUEUE_DEPTH
}

/// `a * b / d` rounded down, saturating at `u64::MAX`.
fn mul_div(a: u64, b: u64, d: u64) -> u64 {
    let q = crate::base::wide::mul_div(a, b, d.max(1));
    u64::try_from(q).unwrap_or(u64::MAX)
}

impl SiocSpec {
    fn peak(&self) -> u64 {
        self.peak_iops.max(1)
    }

    fn base_us(&self) -> u64 {
        self.base_latency_us.max(1)
    }

    /// Device latency at a throughput \[us\]: `L0 * P / (P - X)`.
    pub fn latency_at_us(&self, iops: u64) -> u64 {
        let p = self.peak();
        mul_div(self.base_us(), p, p.saturating_sub(iops).max(1))
    }

    /// Throughput with `window_mio` thousandths of an I/O outstanding:
    /// `W * P / (L0 * P + W)`, W in I/Os and L0 in seconds.
    pub fn window_iops(&self, window_mio: u64) -> u64 {
        let (p, l0) = (u128::from(self.peak()), u128::from(self.base_us()));
        let w = u128::from(window_mio);
        (w * p * 1000 / (l0 * p + w * 1000)) as u64
    }

    /// Throughput with the hosts' full queues: `X(Q)`.
    pub fn saturated_iops(&self) -> u64 {
        self.window_iops(self.max_window_mio())
    }

    fn max_window_mio(&self) -> u64 {
        self.max_queue_depth.max(1).saturating_mul(1000)
    }

    /// The threshold as a latency \[us\]; `None` for 100 % of peak (never
    /// congested).
    pub fn threshold_latency_us(&self) -> Option<u64> {
        match self.threshold {
            Threshold::LatencyMs(ms) => Some(u64::from(ms) * 1000),
            Threshold::PercentOfPeak(p) if p < 100 => {
                Some(mul_div(self.base_us(), 100, u64::from(100 - p)))
            }
            Threshold::PercentOfPeak(_) => None,
        }
    }

    /// What the device sustains at the threshold latency: `P (1 - L0/Lt)`.
    pub fn throttled_iops(&self) -> Option<u64> {
        let lt = self.threshold_latency_us()?;
        Some(mul_div(self.peak(), lt.saturating_sub(self.base_us()), lt))
    }

    /// Latency without SIOC throttling, and whether it is above the
    /// threshold.
    fn uncontrolled(&self) -> (u64, bool) {
        let offered: u64 = self.disk.iter().map(DiskSpec::offered_iops).sum();
        let latency = self.latency_at_us(offered.min(self.saturated_iops()));
        let congested = self.threshold_latency_us().is_some_and(|lt| latency > lt);
        (latency, congested)
    }

    /// Problems as (field path, message).
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut add = |f: String, m: String| out.push((f, m));
        if self.peak_iops == 0 {
            add("peak_iops".into(), "must be above 0 IOPS".into());
        }
        if self.base_latency_us == 0 {
            add(
                "base_latency_us".into(),
                "must be above 0 us (5 ms = 5000)".into(),
            );
        }
        if self.max_queue_depth == 0 {
            add(
                "max_queue_depth".into(),
                "must be at least 1 outstanding I/O".into(),
            );
        }
        match self.threshold {
            Threshold::LatencyMs(ms) if !THRESHOLD_MS_RANGE.contains(&ms) => add(
                "threshold.latency_ms".into(),
                format!("{ms} ms is outside vSphere's 5 to 100 ms; pick a value in that range"),
            ),
            Threshold::LatencyMs(ms) if u64::from(ms) * 1000 <= self.base_latency_us => add(
                "threshold.latency_ms".into(),
                format!(
                    "{ms} ms is not above the base latency {} us, so the datastore would always be congested; raise it",
                    self.base_latency_us
                ),
            ),
            Threshold::PercentOfPeak(p) if !PERCENT_OF_PEAK_RANGE.contains(&p) => add(
                "threshold.percent_of_peak".into(),
                format!("{p}% is outside vSphere's 50 to 100%; pick a value in that range"),
            ),
            _ => {}
        }
        for (i, d) in self.disk.iter().enumerate() {
            if self.disk[..i].iter().any(|e| e.vm == d.vm) {
                add(
                    format!("disk[{i}].vm"),
                    format!("'{}' is listed twice; give each disk its own name", d.vm),
                );
            }
            if let Shares::Custom(n) = d.shares {
                if !DISK_SHARES_RANGE.contains(&n) {
                    add(format!("disk[{i}].shares"), format!("{n} is outside 200 to 4000; use low (500), normal (1000), high (2000) or a number in that range"));
                }
            }
            if d.limit_iops == Some(0) {
                add(
                    format!("disk[{i}].limit_iops"),
                    "0 IOPS blocks all I/O; leave the limit out for unlimited".into(),
                );
            }
        }
        out
    }
}

/// What one disk gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskResult {
    pub vm: String,
    /// Effective shares.
    pub shares: u64,
    pub demand_iops: u64,
    /// Throughput served \[IOPS\].
    pub iops: u64,
    /// Latency the VM sees \[us\]; 0 when it issues no I/O.
    pub latency_us: u64,
}

/// The datastore as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatastoreResult {
    /// Total throughput \[IOPS\].
    pub iops: u64,
    /// Device latency \[us\].
    pub latency_us: u64,
    /// I/Os outstanding at the device (Little's law: iops x latency).
    pub outstanding_io: u64,
    /// The threshold as a latency \[us\]; `None`: never congested.
    pub threshold_latency_us: Option<u64>,
    /// Without throttling, the latency would be above the threshold.
    pub congested: bool,
    /// SIOC is enabled and throttling: shares decide the split.
    pub throttling: bool,
}

/// Datastore totals and one result per disk, in spec order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiocOutcome {
    pub datastore: DatastoreResult,
    pub disk: Vec<DiskResult>,
}

/// Serves up to `capacity` IOPS of the offered load, split by shares
/// (SIOC throttling) or in proportion to the offered loads (FCFS).
fn serve(spec: &SiocSpec, capacity: u64, by_shares: bool) -> SiocOutcome {
    let offered: Vec<u64> = spec.disk.iter().map(DiskSpec::offered_iops).collect();
    let total_offered: u64 = offered.iter().sum();
    let total = total_offered.min(capacity);
    let grants: Vec<u64> = if by_shares {
        let claims: Vec<Claim> = spec
            .disk
            .iter()
            .zip(&offered)
            .map(|(d, &cap)| Claim {
                floor: 0,
                cap,
                shares: disk_shares(d.shares),
            })
            .collect();
        divvy(total, &claims)
    } else {
        offered
            .iter()
            .map(|&o| mul_div(total, o, total_offered))
            .collect()
    };
    let iops: u64 = grants.iter().sum();
    let latency_us = spec.latency_at_us(iops);
    let disk = spec
        .disk
        .iter()
        .zip(grants)
        .map(|(d, got)| DiskResult {
            vm: d.vm.clone(),
            shares: disk_shares(d.shares),
            demand_iops: d.demand_iops,
            iops: got,
            latency_us: if d.demand_iops == 0 {
                0
            } else {
                mul_div(latency_us, d.demand_iops, got)
            },
        })
        .collect();
    SiocOutcome {
        datastore: DatastoreResult {
            iops,
            latency_us,
            outstanding_io: mul_div(iops, latency_us, 1_000_000),
            threshold_latency_us: spec.threshold_latency_us(),
            congested: spec.uncontrolled().1,
            throttling: by_shares,
        },
        disk,
    }
}

/// The steady state: where the datastore settles for these inputs.
pub fn evaluate(spec: &SiocSpec) -> SiocOutcome {
    match spec.throttled_iops() {
        Some(x_t) if spec.enabled && spec.uncontrolled().1 => serve(spec, x_t, true),
        _ => serve(spec, spec.saturated_iops(), false),
    }
}
