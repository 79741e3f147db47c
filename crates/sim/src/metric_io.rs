//! Network and storage metrics: `traffic.KIND.FIELD`, `disk.VM.FIELD` and
//! `datastore.FIELD`, read from a sample's NIOC and SIOC results.

use crate::nioc::TrafficType;
use crate::sim::Sample;

/// A per-traffic-type quantity on the NIOC uplink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TrafficMetric {
    DemandMbps,
    GrantedMbps,
}

/// A per-VM-disk quantity on the SIOC datastore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiskMetric {
    DemandIops,
    Iops,
    /// Latency the VM sees, rounded down [ms].
    LatencyMs,
}

/// A datastore quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatastoreMetric {
    Iops,
    /// Device latency, rounded down [ms].
    LatencyMs,
    /// 1 when the latency is above the congestion threshold, else 0.
    Congested,
}

pub const TRAFFIC_METRICS: [(&str, TrafficMetric); 2] = [
    ("demand_mbps", TrafficMetric::DemandMbps),
    ("granted_mbps", TrafficMetric::GrantedMbps),
];
pub const DISK_METRICS: [(&str, DiskMetric); 3] = [
    ("demand_iops", DiskMetric::DemandIops),
    ("iops", DiskMetric::Iops),
    ("latency_ms", DiskMetric::LatencyMs),
];
pub const DATASTORE_METRICS: [(&str, DatastoreMetric); 3] = [
    ("iops", DatastoreMetric::Iops),
    ("latency_ms", DatastoreMetric::LatencyMs),
    ("congested", DatastoreMetric::Congested),
];

/// Finds `name` in a metric table, or lists the table's names.
pub fn lookup<T: Copy>(table: &[(&str, T)], name: &str) -> Result<T, String> {
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, m)| *m)
        .ok_or_else(|| {
            let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
            format!("'{name}' is not a metric; use one of: {}", names.join(", "))
        })
}

/// The name of `m` in `table`.
pub fn name_in<T: Copy + PartialEq>(table: &[(&'static str, T)], m: T) -> &'static str {
    table.iter().find(|(_, x)| *x == m).map_or("?", |(n, _)| n)
}

pub fn read_traffic(sample: &Sample, kind: TrafficType, m: TrafficMetric) -> Option<u64> {
    let t = sample.network.iter().find(|t| t.kind == kind)?;
    Some(match m {
        TrafficMetric::DemandMbps => t.demand_mbps,
        TrafficMetric::GrantedMbps => t.granted_mbps,
    })
}

pub fn read_disk(sample: &Sample, vm: &str, m: DiskMetric) -> Option<u64> {
    let d = sample.storage.as_ref()?.disk.iter().find(|d| d.vm == vm)?;
    Some(match m {
        DiskMetric::DemandIops => d.demand_iops,
        DiskMetric::Iops => d.iops,
        DiskMetric::LatencyMs => d.latency_us / 1000,
    })
}

pub fn read_datastore(sample: &Sample, m: DatastoreMetric) -> Option<u64> {
    let d = &sample.storage.as_ref()?.datastore;
    Some(match m {
        DatastoreMetric::Iops => d.iops,
        DatastoreMetric::LatencyMs => d.latency_us / 1000,
        DatastoreMetric::Congested => u64::from(d.congested),
    })
}
