//! Network I/O Control version 3 (vSphere 6.0 and later): one physical
//! uplink of a distributed switch shared by the system traffic types.
//!
//! # What vSphere does
//! Each system traffic type (management, virtual machine, vMotion, Fault
//! Tolerance, iSCSI, NFS, vSAN, vSphere Replication, vSphere Data
//! Protection backup) has three settings per physical adapter:
//! - **shares**, 1 to 100: the relative priority against the other types
//!   *active on the same adapter*, applied only when the adapter is
//!   saturated. Levels low / normal / high = 25 / 50 / 100 **\[pub\]**.
//! - **reservation** \[Mbps\], default 0 **\[pub\]**: guaranteed minimum. The
//!   reservations on an adapter may add up to at most **75 %** of its
//!   bandwidth **\[pub\]** (7.5 Gbps on 10 GbE). Reserved bandwidth that a
//!   type does not use goes to the other system traffic types **\[pub\]**.
//! - **limit** \[Mbps\], default unlimited **\[pub\]**: hard cap, even when the
//!   adapter is idle.
//!
//! Defaults: every type at normal (50) shares except virtual machine
//! traffic at high (100) **[unsure: the vSphere Client's default table, as
//! widely quoted; the guide's text found does not state it]**.
//!
//! # The model
//! One uplink of 1, 10 or 25 GbE (1000 / 10000 / 25000 Mbps). The
//! bandwidth is divided by the same engine as CPU and memory,
//! [`crate::base::divvy::divvy`] **\[der\]**: floor = min(reservation, demand),
//! cap = min(limit, demand), weight = shares. So shares matter only under
//! contention, a reservation is a floor, not a bonus on top of the share,
//! and what one type does not use flows to the others (work-conserving).
//! Grants are rounded down to whole Mbps. Demand per type is a scenario
//! input; types the scenario does not list are idle with their defaults.
//! Not modelled: per-VM vNIC shares/reservations and network resource
//! pools (NIOC v3 splits the virtual machine traffic further), teaming
//! across uplinks, and bandwidth admission control for VM placement.
//!
//! # Sources
//! - vSphere Networking guide (6.0), "Bandwidth Allocation Parameters for
//!   System Traffic": shares 1 to 100, the worked example (FT and iSCSI at
//!   100 shares, the others at 50: two active types get 50 % each, three
//!   get 40 / 40 / 20 %), 75 % reservation cap, unused reservation flowing
//!   to other system traffic. <https://docs.vmware.com/en/VMware-vSphere/6.0/com.vmware.vsphere.networking.doc/GUID-E8F17006-45DD-4AE7-9984-BF43952599E5.html>
//! - Same guide, "Example Bandwidth Reservation for System Traffic": on
//!   10 GbE reserve 1 Gbps each for management, iSCSI, FT and vMotion and
//!   0.5 Gbps for VMs; no more than 7.5 Gbps in all. <http://pubs.vmware.com/vsphere-60/topic/com.vmware.vsphere.networking.doc/GUID-E1983465-4EEB-4526-ADC8-939159335284.html>
//! - vSphere 7.0 guide, "Configure Bandwidth Allocation for System
//!   Traffic": custom shares 1 to 100, shares apply "when a physical
//!   adapter is saturated". <https://docs.vmware.com/en/VMware-vSphere/7.0/com.vmware.vsphere.networking.doc/GUID-491C1690-D32E-4940-AEA0-6E1C65D36B93.html>
//! - vSphere API `SharesInfo.level`: for network, low = 0.25, normal = 0.5,
//!   high = 1 x `networkResourcePoolHighShareValue` (100).
//!   <https://developer.broadcom.com/xapis/virtual-infrastructure-json-api/latest/data-structures/SharesInfo>;
//!   `DvsHostInfrastructureTrafficResourceAllocation` (limit unset =
//!   unlimited, Mbit/s); `DistributedVirtualSwitchHostInfrastructureTrafficClass`
//!   (the nine traffic classes).
//! - NSX-T `ResourceAllocation` (the same NIOC v3 profile): shares default
//!   50, reservation at most 75 %. <https://developer.broadcom.com/xapis/nsx-t-data-center-rest-api/latest/types_ResourceAllocation.html>

use crate::base::divvy::{divvy, Claim};
use crate::base::shares::{ShareLevel, Shares};
use serde::{Deserialize, Serialize};

/// Reservations on an adapter may add up to at most this percentage of its
/// bandwidth **\[pub\]**.
pub const MAX_RESERVATION_PERCENT: u64 = 75;
/// Custom shares must lie in this range **\[pub\]**.
pub const SHARES_RANGE: std::ops::RangeInclusive<u32> = 1..=100;

/// NIOC shares of a setting: low / normal / high = 25 / 50 / 100 **\[pub\]**,
/// or the custom number.
pub fn net_shares(s: Shares) -> u64 {
    match s {
        Shares::Level(ShareLevel::Low) => 25,
        Shares::Level(ShareLevel::Normal) => 50,
        Shares::Level(ShareLevel::High) => 100,
        Shares::Custom(n) => u64::from(n),
    }
}

/// The system traffic types of NIOC v3, in the order grants are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrafficType {
    Management,
    VirtualMachine,
    Vmotion,
    FaultTolerance,
    Iscsi,
    Nfs,
    Vsan,
    VsphereReplication,
    Backup,
}

impl TrafficType {
    /// Every type, in the stable order of [`allocate`]'s result.
    pub const ALL: [TrafficType; 9] = [
        TrafficType::Management,
        TrafficType::VirtualMachine,
        TrafficType::Vmotion,
        TrafficType::FaultTolerance,
        TrafficType::Iscsi,
        TrafficType::Nfs,
        TrafficType::Vsan,
        TrafficType::VsphereReplication,
        TrafficType::Backup,
    ];

    /// Every type, in the stable order of [`allocate`]'s result.
    pub fn all() -> [TrafficType; 9] {
        Self::ALL
    }

    /// Stable snake_case id, as in scenario files and field paths.
    pub fn name(self) -> &'static str {
        match self {
            TrafficType::Management => "management",
            TrafficType::VirtualMachine => "virtual_machine",
            TrafficType::Vmotion => "vmotion",
            TrafficType::FaultTolerance => "fault_tolerance",
            TrafficType::Iscsi => "iscsi",
            TrafficType::Nfs => "nfs",
            TrafficType::Vsan => "vsan",
            TrafficType::VsphereReplication => "vsphere_replication",
            TrafficType::Backup => "backup",
        }
    }

    /// The name the vSphere Client shows.
    pub fn label(self) -> &'static str {
        match self {
            TrafficType::Management => "Management Traffic",
            TrafficType::VirtualMachine => "Virtual Machine Traffic",
            TrafficType::Vmotion => "vMotion Traffic",
            TrafficType::FaultTolerance => "Fault Tolerance (FT) Traffic",
            TrafficType::Iscsi => "iSCSI Traffic",
            TrafficType::Nfs => "NFS Traffic",
            TrafficType::Vsan => "vSAN Traffic",
            TrafficType::VsphereReplication => "vSphere Replication (VR) Traffic",
            TrafficType::Backup => "vSphere Data Protection Backup Traffic",
        }
    }

    /// Parses a [`name`](Self::name).
    pub fn parse(text: &str) -> Option<TrafficType> {
        Self::ALL.into_iter().find(|t| t.name() == text.trim())
    }

    /// Default shares: high (100) for virtual machine traffic, normal (50)
    /// for the others.
    pub fn default_shares(self) -> Shares {
        match self {
            TrafficType::VirtualMachine => Shares::Level(ShareLevel::High),
            _ => Shares::Level(ShareLevel::Normal),
        }
    }
}

/// Speed of the physical adapter; written as `uplink_gbps = 1 | 10 | 25`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub enum UplinkSpeed {
    Gbe1,
    #[default]
    Gbe10,
    Gbe25,
}

impl UplinkSpeed {
    /// The speed in Gbit/s.
    pub fn gbps(self) -> u32 {
        match self {
            UplinkSpeed::Gbe1 => 1,
            UplinkSpeed::Gbe10 => 10,
            UplinkSpeed::Gbe25 => 25,
        }
    }

    /// The bandwidth \[Mbps\].
    pub fn capacity_mbps(self) -> u64 {
        u64::from(self.gbps()) * 1000
    }

    /// The speed for 1, 10 or 25 Gbit/s.
    pub fn from_gbps(gbps: u32) -> Option<UplinkSpeed> {
        match gbps {
            1 => Some(UplinkSpeed::Gbe1),
            10 => Some(UplinkSpeed::Gbe10),
            25 => Some(UplinkSpeed::Gbe25),
            _ => None,
        }
    }
}

impl TryFrom<u32> for UplinkSpeed {
    type Error = String;
    fn try_from(gbps: u32) -> Result<Self, String> {
        UplinkSpeed::from_gbps(gbps)
            .ok_or_else(|| format!("{gbps} GbE is not a modelled uplink speed; use 1, 10 or 25"))
    }
}

impl From<UplinkSpeed> for u32 {
    fn from(s: UplinkSpeed) -> u32 {
        s.gbps()
    }
}

/// One traffic type's settings and current demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficSpec {
    pub kind: TrafficType,
    /// Shares; absent = the type's default ([`TrafficType::default_shares`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shares: Option<Shares>,
    /// Reservation \[Mbps\] (default 0).
    #[serde(default)]
    pub reservation_mbps: u64,
    /// Limit \[Mbps\]; absent = unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_mbps: Option<u64>,
    /// What the traffic would send now \[Mbps\] (default 0: idle).
    #[serde(default)]
    pub demand_mbps: u64,
}

impl TrafficSpec {
    /// The type's defaults, idle.
    pub fn idle(kind: TrafficType) -> TrafficSpec {
        TrafficSpec {
            kind,
            shares: None,
            reservation_mbps: 0,
            limit_mbps: None,
            demand_mbps: 0,
        }
    }

    /// The effective number of shares.
    pub fn shares_value(&self) -> u64 {
        net_shares(self.shares.unwrap_or(self.kind.default_shares()))
    }
}

/// One uplink and the traffic on it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NiocSpec {
    /// Adapter speed: 1, 10 or 25 (default 10).
    #[serde(default)]
    pub uplink_gbps: UplinkSpeed,
    /// Settings and demand per type; unlisted types are idle with defaults.
    #[serde(default)]
    pub traffic: Vec<TrafficSpec>,
}

/// What one traffic type gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficGrant {
    pub kind: TrafficType,
    /// Effective shares.
    pub shares: u64,
    pub reservation_mbps: u64,
    pub limit_mbps: Option<u64>,
    pub demand_mbps: u64,
    /// Bandwidth it gets \[Mbps\].
    pub granted_mbps: u64,
}

impl NiocSpec {
    /// The adapter's bandwidth \[Mbps\].
    pub fn capacity_mbps(&self) -> u64 {
        self.uplink_gbps.capacity_mbps()
    }

    /// The most that may be reserved on the adapter: 75 % \[Mbps\].
    pub fn max_reservation_mbps(&self) -> u64 {
        self.capacity_mbps() * MAX_RESERVATION_PERCENT / 100
    }

    /// The settings of all nine types, in [`TrafficType::ALL`] order: the
    /// first entry listed for a type, or its idle defaults.
    pub fn effective(&self) -> Vec<TrafficSpec> {
        TrafficType::ALL
            .into_iter()
            .map(|kind| {
                self.traffic
                    .iter()
                    .find(|t| t.kind == kind)
                    .cloned()
                    .unwrap_or_else(|| TrafficSpec::idle(kind))
            })
            .collect()
    }

    /// Problems as (field path, message), e.g.
    /// `("traffic.vmotion.reservation_mbps", "9000 Mbps is above 75% ...")`.
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let (gbps, max) = (self.uplink_gbps.gbps(), self.max_reservation_mbps());
        for (i, t) in self.traffic.iter().enumerate() {
            let at = format!("traffic.{}", t.kind.name());
            if self.traffic[..i].iter().any(|u| u.kind == t.kind) {
                out.push((
                    at,
                    "listed more than once; keep one entry per traffic type".to_string(),
                ));
                continue;
            }
            if let Some(Shares::Custom(n)) = t.shares {
                if !SHARES_RANGE.contains(&n) {
                    out.push((format!("{at}.shares"), format!("{n} is outside 1 to 100; use low (25), normal (50), high (100) or a number from 1 to 100")));
                }
            }
            if let Some(l) = t.limit_mbps.filter(|&l| l < t.reservation_mbps) {
                out.push((format!("{at}.limit_mbps"), format!("the limit {l} Mbps is below the reservation {} Mbps; raise the limit or lower the reservation", t.reservation_mbps)));
            }
            if t.reservation_mbps > max {
                out.push((
                    format!("{at}.reservation_mbps"),
                    format!(
                        "{} Mbps is above 75% of the {gbps} GbE uplink ({max} Mbps); lower it",
                        t.reservation_mbps
                    ),
                ));
            }
        }
        let total: u64 = self.effective().iter().map(|t| t.reservation_mbps).sum();
        if total > max && out.iter().all(|(f, _)| !f.ends_with(".reservation_mbps")) {
            out.push(("traffic".to_string(), format!("the reservations add up to {total} Mbps, above 75% of the {gbps} GbE uplink ({max} Mbps); lower some of them")));
        }
        out
    }
}

/// Divides the uplink among the nine traffic types; one grant per type, in
/// [`TrafficType::ALL`] order.
pub fn allocate(spec: &NiocSpec) -> Vec<TrafficGrant> {
    let traffic = spec.effective();
    let claims: Vec<Claim> = traffic
        .iter()
        .map(|t| Claim {
            floor: t.reservation_mbps.min(t.demand_mbps),
            cap: t.limit_mbps.unwrap_or(u64::MAX).min(t.demand_mbps),
            shares: t.shares_value(),
        })
        .collect();
    let grants = divvy(spec.capacity_mbps(), &claims);
    traffic
        .iter()
        .zip(grants)
        .map(|(t, granted_mbps)| TrafficGrant {
            kind: t.kind,
            shares: t.shares_value(),
            reservation_mbps: t.reservation_mbps,
            limit_mbps: t.limit_mbps,
            demand_mbps: t.demand_mbps,
            granted_mbps,
        })
        .collect()
}
