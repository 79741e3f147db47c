//! Metrics: named numbers read from a sample, `vm.NAME.FIELD`,
//! `host.NAME.FIELD`, `pool.NAME.FIELD` or `cluster.FIELD`. Goals compare them; the CLI and the UI show them.

use crate::io::nioc::TrafficType;
use crate::report::metric_io::{
    lookup, name_in, read_datastore, read_disk, read_drs, read_ha, read_migration, read_traffic,
    DatastoreMetric, DiskMetric, DrsMetric, HaMetric, MigrationMetric, TrafficMetric,
    DATASTORE_METRICS, DISK_METRICS, DRS_METRICS, HA_METRICS, MIGRATION_METRICS, TRAFFIC_METRICS,
};
use crate::sim::sample::Sample;
use std::fmt;

/// A per-VM quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VmMetric {
    /// 1 when powered on, else 0.
    PoweredOn,
    CpuDemandMhz,
    CpuEntitlementMhz,
    CpuGrantedMhz,
    MemDemandMb,
    MemActiveMb,
    MemEntitlementMb,
    MemGrantedMb,
    /// CPU ready in the sample interval, summed over vCPUs [ms] (vCenter's
    /// real-time "Ready" summation counter).
    CpuReadyMs,
    /// The part of it caused by the VM's limit [ms] (%MLMTD).
    CpuMlmtdMs,
    /// Co-stop, summed over vCPUs [ms] (%CSTP).
    CpuCostopMs,
    /// Memory engine: guest memory backed by shared copies, zero pages
    /// included [MB].
    SharedMb,
    /// Taken by the balloon [MB].
    BalloonedMb,
    /// In the compression cache [MB].
    CompressedMb,
    /// In the host swap file [MB].
    SwappedMb,
    /// Host memory the VM consumes [MB].
    ConsumedMb,
    /// Memory performance index [% of all-in-RAM].
    MemPerformancePct,
    /// 1 while powered on with a guest that answers (not hung), else 0.
    GuestUp,
    /// CPU ready over the sample interval, summed over vCPUs [% × 100]
    /// (esxtop's %RDY).
    CpuReadyPctX100,
    /// The same per vCPU [% × 100].
    CpuReadyPerVcpuX100,
    /// Co-stop over the sample interval, summed over vCPUs [% × 100].
    CpuCostopPctX100,
    /// CPU shares as a number.
    CpuShares,
    /// Memory shares as a number.
    MemShares,
    /// Physical NUMA nodes its vCPUs run on (0 while off or on a host not
    /// described by sockets).
    NumaNodes,
    /// Its home NUMA node (0-based).
    NumaHome,
    /// Virtual NUMA nodes its guest sees (0 = none).
    VnumaNodes,
    /// Virtual sockets its guest sees.
    VirtualSockets,
    /// Of its memory, the part on the nodes its vCPUs run on [%].
    NumaLocalMemPct,
}

/// A per-host quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HostMetric {
    CpuCapacityMhz,
    CpuReservedMhz,
    CpuUnreservedMhz,
    CpuGrantedMhz,
    MemCapacityMb,
    MemReservedMb,
    MemUnreservedMb,
    MemGrantedMb,
    VmsRunning,
    /// Memory engine: the host memory state, 0 high, 1 clear, 2 soft,
    /// 3 hard, 4 low.
    MemState,
    /// Free host memory [MB].
    MemFreeMb,
    /// Memory saved by page sharing [MB].
    MemSharedSavedMb,
}

/// A per-resource-pool quantity (memory figures count the overhead of the
/// VMs below the pool).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PoolMetric {
    CpuEntitlementMhz,
    CpuGrantedMhz,
    CpuReservationUsedMhz,
    CpuUnreservedMhz,
    MemEntitlementMb,
    MemGrantedMb,
    MemReservationUsedMb,
    MemUnreservedMb,
    /// Shares as numbers (scalable shares included).
    CpuShares,
    MemShares,
}

impl PoolMetric {
    pub const ALL: [PoolMetric; 10] = [
        PoolMetric::CpuEntitlementMhz,
        PoolMetric::CpuGrantedMhz,
        PoolMetric::CpuReservationUsedMhz,
        PoolMetric::CpuUnreservedMhz,
        PoolMetric::MemEntitlementMb,
        PoolMetric::MemGrantedMb,
        PoolMetric::MemReservationUsedMb,
        PoolMetric::MemUnreservedMb,
        PoolMetric::CpuShares,
        PoolMetric::MemShares,
    ];
    pub fn name(self) -> &'static str {
        match self {
            PoolMetric::CpuEntitlementMhz => "cpu_entitlement_mhz",
            PoolMetric::CpuGrantedMhz => "cpu_granted_mhz",
            PoolMetric::CpuReservationUsedMhz => "cpu_reservation_used_mhz",
            PoolMetric::CpuUnreservedMhz => "cpu_unreserved_mhz",
            PoolMetric::MemEntitlementMb => "mem_entitlement_mb",
            PoolMetric::MemGrantedMb => "mem_granted_mb",
            PoolMetric::MemReservationUsedMb => "mem_reservation_used_mb",
            PoolMetric::MemUnreservedMb => "mem_unreserved_mb",
            PoolMetric::CpuShares => "cpu_shares",
            PoolMetric::MemShares => "mem_shares",
        }
    }
}

impl VmMetric {
    pub const ALL: [VmMetric; 28] = [
        VmMetric::PoweredOn,
        VmMetric::CpuDemandMhz,
        VmMetric::CpuEntitlementMhz,
        VmMetric::CpuGrantedMhz,
        VmMetric::MemDemandMb,
        VmMetric::MemActiveMb,
        VmMetric::MemEntitlementMb,
        VmMetric::MemGrantedMb,
        VmMetric::CpuReadyMs,
        VmMetric::CpuMlmtdMs,
        VmMetric::CpuCostopMs,
        VmMetric::SharedMb,
        VmMetric::BalloonedMb,
        VmMetric::CompressedMb,
        VmMetric::SwappedMb,
        VmMetric::ConsumedMb,
        VmMetric::MemPerformancePct,
        VmMetric::GuestUp,
        VmMetric::CpuReadyPctX100,
        VmMetric::CpuReadyPerVcpuX100,
        VmMetric::CpuCostopPctX100,
        VmMetric::CpuShares,
        VmMetric::MemShares,
        VmMetric::NumaNodes,
        VmMetric::NumaHome,
        VmMetric::VnumaNodes,
        VmMetric::VirtualSockets,
        VmMetric::NumaLocalMemPct,
    ];
    pub fn name(self) -> &'static str {
        match self {
            VmMetric::PoweredOn => "powered_on",
            VmMetric::CpuDemandMhz => "cpu_demand_mhz",
            VmMetric::CpuEntitlementMhz => "cpu_entitlement_mhz",
            VmMetric::CpuGrantedMhz => "cpu_granted_mhz",
            VmMetric::MemDemandMb => "mem_demand_mb",
            VmMetric::MemActiveMb => "mem_active_mb",
            VmMetric::CpuReadyMs => "cpu_ready_ms",
            VmMetric::CpuMlmtdMs => "cpu_mlmtd_ms",
            VmMetric::CpuCostopMs => "cpu_costop_ms",
            VmMetric::SharedMb => "shared_mb",
            VmMetric::BalloonedMb => "ballooned_mb",
            VmMetric::CompressedMb => "compressed_mb",
            VmMetric::SwappedMb => "swapped_mb",
            VmMetric::ConsumedMb => "consumed_mb",
            VmMetric::MemPerformancePct => "mem_performance_pct",
            VmMetric::GuestUp => "guest_up",
            VmMetric::CpuReadyPctX100 => "cpu_ready_pct_x100",
            VmMetric::CpuReadyPerVcpuX100 => "cpu_ready_per_vcpu_x100",
            VmMetric::CpuCostopPctX100 => "cpu_costop_pct_x100",
            VmMetric::CpuShares => "cpu_shares",
            VmMetric::MemShares => "mem_shares",
            VmMetric::NumaNodes => "numa_nodes",
            VmMetric::NumaHome => "numa_home",
            VmMetric::VnumaNodes => "vnuma_nodes",
            VmMetric::VirtualSockets => "virtual_sockets",
            VmMetric::NumaLocalMemPct => "numa_local_mem_pct",
            VmMetric::MemEntitlementMb => "mem_entitlement_mb",
            VmMetric::MemGrantedMb => "mem_granted_mb",
        }
    }
}

impl HostMetric {
    pub const ALL: [HostMetric; 12] = [
        HostMetric::CpuCapacityMhz,
        HostMetric::CpuReservedMhz,
        HostMetric::CpuUnreservedMhz,
        HostMetric::CpuGrantedMhz,
        HostMetric::MemCapacityMb,
        HostMetric::MemReservedMb,
        HostMetric::MemUnreservedMb,
        HostMetric::MemGrantedMb,
        HostMetric::VmsRunning,
        HostMetric::MemState,
        HostMetric::MemFreeMb,
        HostMetric::MemSharedSavedMb,
    ];
    pub fn name(self) -> &'static str {
        match self {
            HostMetric::CpuCapacityMhz => "cpu_capacity_mhz",
            HostMetric::CpuReservedMhz => "cpu_reserved_mhz",
            HostMetric::CpuUnreservedMhz => "cpu_unreserved_mhz",
            HostMetric::CpuGrantedMhz => "cpu_granted_mhz",
            HostMetric::MemCapacityMb => "mem_capacity_mb",
            HostMetric::MemReservedMb => "mem_reserved_mb",
            HostMetric::MemUnreservedMb => "mem_unreserved_mb",
            HostMetric::MemGrantedMb => "mem_granted_mb",
            HostMetric::VmsRunning => "vms_running",
            HostMetric::MemState => "mem_state",
            HostMetric::MemFreeMb => "mem_free_mb",
            HostMetric::MemSharedSavedMb => "mem_shared_saved_mb",
        }
    }
}

/// A quantity of the whole cluster (`cluster.FIELD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClusterMetric {
    /// 0 valid, 1 yellow, 2 red.
    State,
    CpuCapacityMhz,
    CpuReservedMhz,
    MemCapacityMb,
    MemReservedMb,
}

impl ClusterMetric {
    pub const ALL: [ClusterMetric; 5] = [
        ClusterMetric::State,
        ClusterMetric::CpuCapacityMhz,
        ClusterMetric::CpuReservedMhz,
        ClusterMetric::MemCapacityMb,
        ClusterMetric::MemReservedMb,
    ];
    pub fn name(self) -> &'static str {
        match self {
            ClusterMetric::State => "state",
            ClusterMetric::CpuCapacityMhz => "cpu_capacity_mhz",
            ClusterMetric::CpuReservedMhz => "cpu_reserved_mhz",
            ClusterMetric::MemCapacityMb => "mem_capacity_mb",
            ClusterMetric::MemReservedMb => "mem_reserved_mb",
        }
    }
}

/// A metric of one named VM, host or pool, or of the cluster.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    Vm(String, VmMetric),
    Host(String, HostMetric),
    Pool(String, PoolMetric),
    Cluster(ClusterMetric),
    Traffic(TrafficType, TrafficMetric),
    Disk(String, DiskMetric),
    Datastore(DatastoreMetric),
    Migration(String, MigrationMetric),
    Ha(HaMetric),
    Drs(DrsMetric),
}

impl Metric {
    /// Parses `vm.NAME.FIELD`, `host.NAME.FIELD` or `pool.NAME.FIELD`;
    /// names are checked by the lab validator, which knows the scenario.
    pub fn parse(text: &str) -> Result<Metric, String> {
        if let Some(field) = text.strip_prefix("datastore.") {
            return lookup(&DATASTORE_METRICS, field).map(Metric::Datastore);
        }
        if let Some(rest) = text.strip_prefix("traffic.") {
            let (kind, field) = rest
                .split_once('.')
                .ok_or("a traffic metric has the form traffic.KIND.FIELD")?;
            let kind = TrafficType::parse(kind).ok_or_else(|| {
                let names: Vec<&str> = TrafficType::all().iter().map(|k| k.name()).collect();
                format!(
                    "'{kind}' is not a traffic type; use one of: {}",
                    names.join(", ")
                )
            })?;
            return lookup(&TRAFFIC_METRICS, field).map(|m| Metric::Traffic(kind, m));
        }
        if let Some(rest) = text.strip_prefix("disk.") {
            let (vm, field) = rest
                .rsplit_once('.')
                .ok_or("a disk metric has the form disk.VM.FIELD")?;
            return lookup(&DISK_METRICS, field).map(|m| Metric::Disk(vm.into(), m));
        }
        if let Some(field) = text.strip_prefix("drs.") {
            return lookup(&DRS_METRICS, field).map(Metric::Drs);
        }
        if let Some(field) = text.strip_prefix("ha.") {
            return lookup(&HA_METRICS, field).map(Metric::Ha);
        }
        if let Some(rest) = text.strip_prefix("migration.") {
            let (vm, field) = rest
                .rsplit_once('.')
                .ok_or("a migration metric has the form migration.VM.FIELD")?;
            return lookup(&MIGRATION_METRICS, field).map(|m| Metric::Migration(vm.into(), m));
        }
        if let Some(field) = text.strip_prefix("cluster.") {
            return ClusterMetric::ALL
                .into_iter()
                .find(|m| m.name() == field)
                .map(Metric::Cluster)
                .ok_or_else(|| unknown(field, &ClusterMetric::ALL.map(ClusterMetric::name)));
        }
        let (scope, rest) = text
            .split_once('.')
            .ok_or("a metric has the form vm.NAME.FIELD or host.NAME.FIELD")?;
        let (name, field) = rest
            .rsplit_once('.')
            .ok_or("a metric has the form vm.NAME.FIELD or host.NAME.FIELD")?;
        match scope {
            "vm" => VmMetric::ALL
                .into_iter()
                .find(|m| m.name() == field)
                .map(|m| Metric::Vm(name.into(), m))
                .ok_or_else(|| unknown(field, &VmMetric::ALL.map(VmMetric::name))),
            "host" => HostMetric::ALL
                .into_iter()
                .find(|m| m.name() == field)
                .map(|m| Metric::Host(name.into(), m))
                .ok_or_else(|| unknown(field, &HostMetric::ALL.map(HostMetric::name))),
            "pool" => PoolMetric::ALL
                .into_iter()
                .find(|m| m.name() == field)
                .map(|m| Metric::Pool(name.into(), m))
                .ok_or_else(|| unknown(field, &PoolMetric::ALL.map(PoolMetric::name))),
            _ => Err(format!(
                "'{scope}' is not a metric scope; use vm, host, pool, cluster, traffic, disk, datastore, migration, ha or drs"
            )),
        }
    }

    /// The object's name.
    pub fn subject(&self) -> &str {
        match self {
            Metric::Vm(n, _) | Metric::Host(n, _) | Metric::Pool(n, _) => n,
            Metric::Cluster(_) => "cluster",
            Metric::Traffic(kind, _) => kind.name(),
            Metric::Disk(n, _) | Metric::Migration(n, _) => n,
            Metric::Datastore(_) => "datastore",
            Metric::Ha(_) => "ha",
            Metric::Drs(_) => "drs",
        }
    }

    /// The unit suffix for display: MHz, MB or none.
    pub fn unit(&self) -> &'static str {
        let name = match self {
            Metric::Vm(_, m) => m.name(),
            Metric::Host(_, m) => m.name(),
            Metric::Pool(_, m) => m.name(),
            Metric::Cluster(m) => m.name(),
            Metric::Traffic(_, m) => name_in(&TRAFFIC_METRICS, *m),
            Metric::Disk(_, m) => name_in(&DISK_METRICS, *m),
            Metric::Datastore(m) => name_in(&DATASTORE_METRICS, *m),
            Metric::Migration(_, m) => name_in(&MIGRATION_METRICS, *m),
            Metric::Ha(m) => name_in(&HA_METRICS, *m),
            Metric::Drs(m) => name_in(&DRS_METRICS, *m),
        };
        if name.ends_with("_mhz") {
            "MHz"
        } else if name.ends_with("_mb") {
            "MB"
        } else if name.ends_with("_ms") {
            "ms"
        } else if name.ends_with("_pct") {
            "%"
        } else if name.ends_with("_mbps") {
            "Mbps"
        } else if name.ends_with("iops") {
            "IOPS"
        } else if name.ends_with("_milli") {
            // Imbalance (a standard deviation of loads) in thousandths.
            "‰"
        } else if name.ends_with("_wh") {
            "Wh"
        } else {
            ""
        }
    }

    /// Reads the metric from `sample`; `None` if the object does not exist.
    pub fn read(&self, sample: &Sample) -> Option<i64> {
        let v = match self {
            Metric::Vm(name, m) => {
                let vm = sample.vms.iter().find(|v| &v.name == name)?;
                match m {
                    VmMetric::PoweredOn => u64::from(vm.powered_on),
                    VmMetric::CpuDemandMhz => vm.cpu_demand_mhz,
                    VmMetric::CpuEntitlementMhz => vm.alloc.cpu_entitlement_mhz,
                    VmMetric::CpuGrantedMhz => vm.alloc.cpu_granted_mhz,
                    VmMetric::MemDemandMb => vm.mem_demand_mb,
                    VmMetric::MemActiveMb => vm.mem_active_mb,
                    VmMetric::CpuReadyMs => vm.cpu.map_or(0, |c| c.ready_ms),
                    VmMetric::CpuMlmtdMs => vm.cpu.map_or(0, |c| c.mlmtd_ms),
                    VmMetric::CpuCostopMs => vm.cpu.map_or(0, |c| c.costop_ms),
                    VmMetric::SharedMb => vm.mem.map_or(0, |m| m.shared_mb + m.zero_mb),
                    VmMetric::BalloonedMb => vm.mem.map_or(0, |m| m.ballooned_mb),
                    VmMetric::CompressedMb => vm.mem.map_or(0, |m| m.compressed_mb),
                    VmMetric::SwappedMb => vm.mem.map_or(0, |m| m.swapped_mb),
                    VmMetric::ConsumedMb => vm.mem.map_or(0, |m| m.consumed_mb),
                    VmMetric::MemPerformancePct => {
                        vm.mem.map_or(0, |m| u64::from(m.performance_pct))
                    }
                    VmMetric::GuestUp => u64::from(vm.powered_on && !vm.guest_crashed),
                    VmMetric::CpuReadyPctX100 => vm.cpu.map_or(0, |c| u64::from(c.ready_pct_x100)),
                    VmMetric::CpuReadyPerVcpuX100 => {
                        vm.cpu.map_or(0, |c| u64::from(c.ready_pct_x100_per_vcpu()))
                    }
                    VmMetric::CpuCostopPctX100 => {
                        vm.cpu.map_or(0, |c| u64::from(c.costop_pct_x100))
                    }
                    VmMetric::CpuShares => vm.cpu_shares,
                    VmMetric::MemShares => vm.mem_shares,
                    VmMetric::NumaNodes => {
                        vm.numa.as_ref().map_or(0, |n| u64::from(n.node_count()))
                    }
                    VmMetric::NumaHome => vm
                        .numa
                        .as_ref()
                        .and_then(|n| n.nodes.first())
                        .map_or(0, |&n| u64::from(n)),
                    VmMetric::VnumaNodes => {
                        vm.numa.as_ref().map_or(0, |n| u64::from(n.vnuma_nodes))
                    }
                    VmMetric::VirtualSockets => {
                        vm.numa.as_ref().map_or(0, |n| u64::from(n.virtual_sockets))
                    }
                    VmMetric::NumaLocalMemPct => vm.numa.as_ref().map_or(0, |n| n.local_mem_pct),
                    VmMetric::MemEntitlementMb => vm.alloc.mem_entitlement_mb,
                    VmMetric::MemGrantedMb => vm.alloc.mem_granted_mb,
                }
            }
            Metric::Host(name, m) => {
                let h = sample.hosts.iter().find(|h| &h.name == name)?;
                match m {
                    HostMetric::CpuCapacityMhz => h.cpu_capacity_mhz,
                    HostMetric::CpuReservedMhz => h.cpu_reserved_mhz,
                    HostMetric::CpuUnreservedMhz => {
                        h.cpu_capacity_mhz.saturating_sub(h.cpu_reserved_mhz)
                    }
                    HostMetric::CpuGrantedMhz => h.cpu_granted_mhz,
                    HostMetric::MemCapacityMb => h.mem_capacity_mb,
                    HostMetric::MemReservedMb => h.mem_reserved_mb,
                    HostMetric::MemUnreservedMb => {
                        h.mem_capacity_mb.saturating_sub(h.mem_reserved_mb)
                    }
                    HostMetric::MemGrantedMb => h.mem_granted_mb,
                    HostMetric::VmsRunning => u64::from(h.vms_running),
                    HostMetric::MemState | HostMetric::MemFreeMb | HostMetric::MemSharedSavedMb => {
                        let i = sample.hosts.iter().position(|x| &x.name == name)?;
                        let mem = sample.memory.get(i)?;
                        match m {
                            HostMetric::MemState => mem.state as u64,
                            HostMetric::MemFreeMb => mem.free_mb,
                            _ => mem.shared_saved_mb,
                        }
                    }
                }
            }
            Metric::Pool(name, m) => {
                let p = &sample.pools.iter().find(|p| &p.name == name)?.alloc;
                match m {
                    PoolMetric::CpuEntitlementMhz => p.cpu_entitlement_mhz,
                    PoolMetric::CpuGrantedMhz => p.cpu_granted_mhz,
                    PoolMetric::CpuReservationUsedMhz => p.cpu_reservation_used_mhz,
                    PoolMetric::CpuUnreservedMhz => p.cpu_unreserved_mhz,
                    PoolMetric::MemEntitlementMb => p.mem_entitlement_mb,
                    PoolMetric::MemGrantedMb => p.mem_granted_mb,
                    PoolMetric::MemReservationUsedMb => p.mem_reservation_used_mb,
                    PoolMetric::MemUnreservedMb => p.mem_unreserved_mb,
                    PoolMetric::CpuShares => p.cpu_shares,
                    PoolMetric::MemShares => p.mem_shares,
                }
            }
            Metric::Cluster(m) => {
                let c = &sample.cluster;
                match m {
                    ClusterMetric::State => c.state as u64,
                    ClusterMetric::CpuCapacityMhz => c.cpu_capacity_mhz,
                    ClusterMetric::CpuReservedMhz => c.cpu_reserved_mhz,
                    ClusterMetric::MemCapacityMb => c.mem_capacity_mb,
                    ClusterMetric::MemReservedMb => c.mem_reserved_mb,
                }
            }
            Metric::Traffic(kind, m) => read_traffic(sample, *kind, *m)?,
            Metric::Disk(vm, m) => read_disk(sample, vm, *m)?,
            Metric::Datastore(m) => read_datastore(sample, *m)?,
            Metric::Migration(vm, m) => read_migration(sample, vm, *m)?,
            Metric::Ha(m) => read_ha(sample, *m)?,
            Metric::Drs(m) => read_drs(sample, *m)?,
        };
        Some(v as i64)
    }
}

fn unknown(field: &str, names: &[&str]) -> String {
    format!(
        "'{field}' is not a metric; use one of: {}",
        names.join(", ")
    )
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Metric::Vm(n, m) => write!(f, "vm.{n}.{}", m.name()),
            Metric::Host(n, m) => write!(f, "host.{n}.{}", m.name()),
            Metric::Pool(n, m) => write!(f, "pool.{n}.{}", m.name()),
            Metric::Cluster(m) => write!(f, "cluster.{}", m.name()),
            Metric::Traffic(k, m) => {
                write!(f, "traffic.{}.{}", k.name(), name_in(&TRAFFIC_METRICS, *m))
            }
            Metric::Disk(n, m) => write!(f, "disk.{n}.{}", name_in(&DISK_METRICS, *m)),
            Metric::Datastore(m) => write!(f, "datastore.{}", name_in(&DATASTORE_METRICS, *m)),
            Metric::Migration(n, m) => {
                write!(f, "migration.{n}.{}", name_in(&MIGRATION_METRICS, *m))
            }
            Metric::Ha(m) => write!(f, "ha.{}", name_in(&HA_METRICS, *m)),
            Metric::Drs(m) => write!(f, "drs.{}", name_in(&DRS_METRICS, *m)),
        }
    }
}
