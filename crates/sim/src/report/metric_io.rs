//! Network, storage and migration metrics: `traffic.KIND.FIELD`,
//! `disk.VM.FIELD`, `datastore.FIELD` and `migration.VM.FIELD`, read from a
//! sample's NIOC and SIOC results and its migrations.

use crate::io::nioc::TrafficType;
use crate::sim::sample::Sample;

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

/// A quantity of a VM's latest requested live migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MigrationMetric {
    /// 1 once it completed, else 0.
    Completed,
    /// 1 once pre-checks refused it.
    Refused,
    /// 1 once it failed.
    Failed,
    /// Pre-copy converged (1) or not (0).
    Converged,
    /// Figures of a finished migration (0 before).
    DowntimeMs,
    TotalMs,
    TotalSentMb,
    Rounds,
    GuestSlowdownPct,
    MirroredMb,
    WriteSlowdownPct,
}

pub const MIGRATION_METRICS: [(&str, MigrationMetric); 11] = [
    ("completed", MigrationMetric::Completed),
    ("refused", MigrationMetric::Refused),
    ("failed", MigrationMetric::Failed),
    ("converged", MigrationMetric::Converged),
    ("downtime_ms", MigrationMetric::DowntimeMs),
    ("total_ms", MigrationMetric::TotalMs),
    ("total_sent_mb", MigrationMetric::TotalSentMb),
    ("rounds", MigrationMetric::Rounds),
    ("guest_slowdown_pct", MigrationMetric::GuestSlowdownPct),
    ("mirrored_mb", MigrationMetric::MirroredMb),
    ("write_slowdown_pct", MigrationMetric::WriteSlowdownPct),
];

/// `migration.VM.FIELD` at `sample`: `None` before the VM's first
/// migration is requested.
pub fn read_migration(sample: &Sample, vm: &str, m: MigrationMetric) -> Option<u64> {
    use crate::migration::record::Outcome;
    let r = sample.migrations.iter().rev().find(|r| r.vm == vm)?;
    Some(match m {
        MigrationMetric::Completed => u64::from(r.outcome == Outcome::Completed),
        MigrationMetric::Refused => u64::from(r.outcome == Outcome::Refused),
        MigrationMetric::Failed => u64::from(r.outcome == Outcome::Failed),
        MigrationMetric::Converged => u64::from(r.converged),
        MigrationMetric::DowntimeMs => r.downtime_ms,
        MigrationMetric::TotalMs => r.total_ms,
        MigrationMetric::TotalSentMb => r.total_sent_mb,
        MigrationMetric::Rounds => u64::from(r.rounds),
        MigrationMetric::GuestSlowdownPct => r.guest_slowdown_pct,
        MigrationMetric::MirroredMb => r.mirrored_mb,
        MigrationMetric::WriteSlowdownPct => r.write_slowdown_pct,
    })
}

/// A vSphere HA quantity (`ha.FIELD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HaMetric {
    SlotCpuMhz,
    SlotMemMb,
    TotalSlots,
    UsedSlots,
    AvailableSlots,
    /// Hosts that can fail with every powered-on VM still fitting.
    FailoverCapacity,
    CpuFailoverPct,
    MemFailoverPct,
    /// VMs waiting for a restart.
    Restarting,
}

pub const HA_METRICS: [(&str, HaMetric); 9] = [
    ("slot_cpu_mhz", HaMetric::SlotCpuMhz),
    ("slot_mem_mb", HaMetric::SlotMemMb),
    ("total_slots", HaMetric::TotalSlots),
    ("used_slots", HaMetric::UsedSlots),
    ("available_slots", HaMetric::AvailableSlots),
    ("failover_capacity", HaMetric::FailoverCapacity),
    ("cpu_failover_pct", HaMetric::CpuFailoverPct),
    ("mem_failover_pct", HaMetric::MemFailoverPct),
    ("restarting", HaMetric::Restarting),
];

/// `ha.FIELD` at `sample` (`None` without `[ha]`).
pub fn read_ha(sample: &Sample, m: HaMetric) -> Option<u64> {
    let ha = sample.ha.as_ref()?;
    let s = &ha.summary;
    Some(match m {
        HaMetric::SlotCpuMhz => s.slot_cpu_mhz,
        HaMetric::SlotMemMb => s.slot_mem_mb,
        HaMetric::TotalSlots => u64::from(s.total_slots),
        HaMetric::UsedSlots => u64::from(s.used_slots),
        HaMetric::AvailableSlots => u64::from(s.available_slots),
        HaMetric::FailoverCapacity => u64::from(s.failover_capacity),
        HaMetric::CpuFailoverPct => u64::from(s.cpu_failover_pct),
        HaMetric::MemFailoverPct => u64::from(s.mem_failover_pct),
        HaMetric::Restarting => ha.restarting.len() as u64,
    })
}

/// A DRS or DPM quantity (`drs.FIELD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DrsMetric {
    /// Standard deviation of the hosts' loads [thousandths].
    ImbalanceMilli,
    /// The threshold's target [thousandths] (0 at threshold 1).
    TargetMilli,
    /// Imbalance above the target [thousandths], 0 when within it.
    ExcessMilli,
    /// Migrations DRS started so far.
    Migrations,
    /// Recommendations waiting for the student.
    Pending,
    /// VMs breaking a rule where they run.
    RuleViolations,
    /// Hosts powered on (not in standby or booting).
    HostsOn,
    /// The most loaded host's load [%].
    MaxHostLoadPct,
    /// The highest CPU demand over capacity of any host [%] (above 100
    /// when VMs want more than the host has).
    MaxHostCpuPct,
    /// Energy drawn so far [Wh].
    EnergyWh,
}

pub const DRS_METRICS: [(&str, DrsMetric); 10] = [
    ("imbalance_milli", DrsMetric::ImbalanceMilli),
    ("target_milli", DrsMetric::TargetMilli),
    ("excess_milli", DrsMetric::ExcessMilli),
    ("migrations", DrsMetric::Migrations),
    ("pending", DrsMetric::Pending),
    ("rule_violations", DrsMetric::RuleViolations),
    ("hosts_on", DrsMetric::HostsOn),
    ("max_host_load_pct", DrsMetric::MaxHostLoadPct),
    ("max_host_cpu_pct", DrsMetric::MaxHostCpuPct),
    ("energy_wh", DrsMetric::EnergyWh),
];

/// `drs.FIELD` at `sample` (`None` without `[drs]` or `[dpm]`).
pub fn read_drs(sample: &Sample, m: DrsMetric) -> Option<u64> {
    let d = sample.drs.as_ref()?;
    let target = d.target_milli.unwrap_or(0);
    Some(match m {
        DrsMetric::ImbalanceMilli => u64::from(d.imbalance_milli),
        DrsMetric::TargetMilli => u64::from(target),
        DrsMetric::ExcessMilli => u64::from(d.imbalance_milli.saturating_sub(target)),
        DrsMetric::Migrations => u64::from(d.migrations),
        DrsMetric::Pending => d.pending.len() as u64,
        DrsMetric::RuleViolations => u64::from(d.rule_violations),
        DrsMetric::HostsOn => d
            .host_power
            .iter()
            .zip(&sample.hosts)
            .filter(|(p, h)| p.is_on() && !h.failed)
            .count() as u64,
        DrsMetric::MaxHostLoadPct => d.host_load_pm.iter().max().copied().unwrap_or(0) / 10,
        DrsMetric::MaxHostCpuPct => d.host_cpu_demand_pm.iter().max().copied().unwrap_or(0) / 10,
        DrsMetric::EnergyWh => d.energy_wh,
    })
}
