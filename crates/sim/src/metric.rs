//! Metrics: named numbers read from a sample, `vm.NAME.FIELD`,
//! `host.NAME.FIELD` or `pool.NAME.FIELD`. Goals compare them; the CLI and the UI show them.

use crate::sim::Sample;
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
    MemEntitlementMb,
    MemGrantedMb,
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
}

impl PoolMetric {
    pub const ALL: [PoolMetric; 8] = [
        PoolMetric::CpuEntitlementMhz,
        PoolMetric::CpuGrantedMhz,
        PoolMetric::CpuReservationUsedMhz,
        PoolMetric::CpuUnreservedMhz,
        PoolMetric::MemEntitlementMb,
        PoolMetric::MemGrantedMb,
        PoolMetric::MemReservationUsedMb,
        PoolMetric::MemUnreservedMb,
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
        }
    }
}

impl VmMetric {
    pub const ALL: [VmMetric; 7] = [
        VmMetric::PoweredOn,
        VmMetric::CpuDemandMhz,
        VmMetric::CpuEntitlementMhz,
        VmMetric::CpuGrantedMhz,
        VmMetric::MemDemandMb,
        VmMetric::MemEntitlementMb,
        VmMetric::MemGrantedMb,
    ];
    pub fn name(self) -> &'static str {
        match self {
            VmMetric::PoweredOn => "powered_on",
            VmMetric::CpuDemandMhz => "cpu_demand_mhz",
            VmMetric::CpuEntitlementMhz => "cpu_entitlement_mhz",
            VmMetric::CpuGrantedMhz => "cpu_granted_mhz",
            VmMetric::MemDemandMb => "mem_demand_mb",
            VmMetric::MemEntitlementMb => "mem_entitlement_mb",
            VmMetric::MemGrantedMb => "mem_granted_mb",
        }
    }
}

impl HostMetric {
    pub const ALL: [HostMetric; 9] = [
        HostMetric::CpuCapacityMhz,
        HostMetric::CpuReservedMhz,
        HostMetric::CpuUnreservedMhz,
        HostMetric::CpuGrantedMhz,
        HostMetric::MemCapacityMb,
        HostMetric::MemReservedMb,
        HostMetric::MemUnreservedMb,
        HostMetric::MemGrantedMb,
        HostMetric::VmsRunning,
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
        }
    }
}

/// A metric of one named VM or host.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    Vm(String, VmMetric),
    Host(String, HostMetric),
    Pool(String, PoolMetric),
}

impl Metric {
    /// Parses `vm.NAME.FIELD`, `host.NAME.FIELD` or `pool.NAME.FIELD`;
    /// names are checked by the lab validator, which knows the scenario.
    pub fn parse(text: &str) -> Result<Metric, String> {
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
                "'{scope}' is not a metric scope; use vm, host or pool"
            )),
        }
    }

    /// The object's name.
    pub fn subject(&self) -> &str {
        match self {
            Metric::Vm(n, _) | Metric::Host(n, _) | Metric::Pool(n, _) => n,
        }
    }

    /// The unit suffix for display: MHz, MB or none.
    pub fn unit(&self) -> &'static str {
        let name = match self {
            Metric::Vm(_, m) => m.name(),
            Metric::Host(_, m) => m.name(),
            Metric::Pool(_, m) => m.name(),
        };
        if name.ends_with("_mhz") {
            "MHz"
        } else if name.ends_with("_mb") {
            "MB"
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
                }
            }
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
        }
    }
}
