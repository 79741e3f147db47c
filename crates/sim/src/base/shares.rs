//! Share levels, as the vSphere Resource Management Guide publishes them.
//!
//! CPU: low/normal/high = 500/1000/2000 per vCPU. Memory: 5/10/20 per MB of
//! configured memory. Both keep the 1:2:4 ratio the lecture quotes (4:2:1).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A VM's or a resource pool's share setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Shares {
    /// One of the published levels.
    Level(ShareLevel),
    /// A custom number of shares.
    Custom(u32),
}

/// The three published share levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShareLevel {
    Low,
    Normal,
    High,
}

impl ShareLevel {
    /// Multiplier relative to `low`: 1, 2 or 4.
    fn weight(self) -> u64 {
        match self {
            ShareLevel::Low => 1,
            ShareLevel::Normal => 2,
            ShareLevel::High => 4,
        }
    }
}

impl Default for Shares {
    fn default() -> Self {
        Shares::Level(ShareLevel::Normal)
    }
}

/// CPU shares per vCPU at level `low`.
pub const CPU_SHARES_LOW_PER_VCPU: u64 = 500;
/// Memory shares per MB of configured memory at level `low`.
pub const MEM_SHARES_LOW_PER_MB: u64 = 5;
/// A resource pool's share levels are those of a VM with this many vCPUs...
pub const POOL_LEVEL_VCPUS: u32 = 4;
/// ...and this much configured memory [MB].
pub const POOL_LEVEL_MEM_MB: u64 = 16 * 1024;

impl Shares {
    /// CPU shares of a VM with `vcpus` virtual CPUs.
    pub fn cpu_shares(self, vcpus: u32) -> u64 {
        match self {
            Shares::Level(l) => CPU_SHARES_LOW_PER_VCPU * l.weight() * u64::from(vcpus),
            Shares::Custom(n) => u64::from(n),
        }
    }

    /// Memory shares of a VM with `mem_mb` MB of configured memory.
    pub fn mem_shares(self, mem_mb: u64) -> u64 {
        match self {
            Shares::Level(l) => (MEM_SHARES_LOW_PER_MB * l.weight()).saturating_mul(mem_mb),
            Shares::Custom(n) => u64::from(n),
        }
    }

    /// A resource pool's CPU shares: a pool's levels are those of a 4-vCPU
    /// VM, 2000/4000/8000 (Resource Management Guide, "Resource Pool
    /// Attributes").
    pub fn pool_cpu_shares(self) -> u64 {
        self.cpu_shares(POOL_LEVEL_VCPUS)
    }

    /// A resource pool's memory shares: those of a 16 GB VM,
    /// 81920/163840/327680.
    pub fn pool_mem_shares(self) -> u64 {
        self.mem_shares(POOL_LEVEL_MEM_MB)
    }

    /// vSphere 7 scalable shares: the multiplier low : normal : high =
    /// 1 : 2 : 4 applied to the sum of a pool's children's shares; `None`
    /// for a custom value, which stays as it is.
    pub fn scalable_multiplier(self) -> Option<u64> {
        match self {
            Shares::Level(l) => Some(l.weight()),
            Shares::Custom(_) => None,
        }
    }

    /// Parses `low`, `normal`, `high` or a whole number.
    pub fn parse(text: &str) -> Option<Shares> {
        match text.trim().to_ascii_lowercase().as_str() {
            "low" => Some(Shares::Level(ShareLevel::Low)),
            "normal" => Some(Shares::Level(ShareLevel::Normal)),
            "high" => Some(Shares::Level(ShareLevel::High)),
            other => other.parse().ok().map(Shares::Custom),
        }
    }
}

impl fmt::Display for Shares {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shares::Level(ShareLevel::Low) => f.write_str("low"),
            Shares::Level(ShareLevel::Normal) => f.write_str("normal"),
            Shares::Level(ShareLevel::High) => f.write_str("high"),
            Shares::Custom(n) => write!(f, "{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_levels_per_vcpu_and_per_mb() {
        let high = Shares::Level(ShareLevel::High);
        let normal = Shares::default();
        let low = Shares::Level(ShareLevel::Low);
        assert_eq!(
            [low, normal, high].map(|s| s.cpu_shares(1)),
            [500, 1000, 2000]
        );
        assert_eq!(normal.cpu_shares(4), 4000);
        assert_eq!([low, normal, high].map(|s| s.mem_shares(1)), [5, 10, 20]);
        // A 16 GB VM at normal: the published resource-pool default 163840.
        assert_eq!(normal.mem_shares(16 * 1024), 163_840);
        assert_eq!(Shares::Custom(1234).cpu_shares(8), 1234);
    }

    #[test]
    fn pool_levels_are_those_of_a_4_vcpu_16_gb_vm() {
        let levels = [ShareLevel::Low, ShareLevel::Normal, ShareLevel::High].map(Shares::Level);
        assert_eq!(levels.map(Shares::pool_cpu_shares), [2000, 4000, 8000]);
        assert_eq!(
            levels.map(Shares::pool_mem_shares),
            [81_920, 163_840, 327_680]
        );
        assert_eq!(
            levels.map(Shares::scalable_multiplier),
            [Some(1), Some(2), Some(4)]
        );
        assert_eq!(Shares::Custom(7).scalable_multiplier(), None);
    }

    #[test]
    fn parses_levels_and_numbers() {
        assert_eq!(Shares::parse("HIGH"), Some(Shares::Level(ShareLevel::High)));
        assert_eq!(Shares::parse("3000"), Some(Shares::Custom(3000)));
        assert_eq!(Shares::parse("lots"), None);
    }
}
