//! CPU compatibility for vMotion: vendors and the Enhanced vMotion
//! Compatibility (EVC) ladder.
//!
//! A running guest has seen the CPU features of the host it powered on
//! under and may use any of them, so it can only move to a CPU that has
//! them all: the same vendor, and a generation at least as new as the VM's
//! feature level. EVC sets one baseline for the whole cluster and masks
//! every newer feature on every host, so older and newer hosts can mix; a
//! VM powered on under a higher baseline (or on a newer host without EVC)
//! keeps that level until it is power-cycled. The ladder below is the
//! order of vSphere's EVC modes (vSphere 8 names); the features listed are
//! the notable ones each baseline adds, for teaching, not the full CPUID.

use serde::{Deserialize, Serialize};
use std::fmt;

/// CPU vendor: vMotion never crosses vendors.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum CpuVendor {
    #[default]
    Intel,
    Amd,
}

impl CpuVendor {
    pub fn name(self) -> &'static str {
        match self {
            CpuVendor::Intel => "intel",
            CpuVendor::Amd => "amd",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CpuVendor::Intel => "Intel",
            CpuVendor::Amd => "AMD",
        }
    }

    pub fn parse(name: &str) -> Option<CpuVendor> {
        [CpuVendor::Intel, CpuVendor::Amd]
            .into_iter()
            .find(|v| v.name() == name)
    }

    /// The vendor's EVC baselines, oldest first.
    pub fn ladder(self) -> &'static [EvcMode] {
        match self {
            CpuVendor::Intel => INTEL,
            CpuVendor::Amd => AMD,
        }
    }

    /// Its baseline `key` (e.g. "haswell"), if there is one.
    pub fn mode(self, key: &str) -> Option<&'static EvcMode> {
        self.ladder().iter().find(|m| m.key == key)
    }

    /// Its newest baseline: a host without a stated generation has it.
    pub fn newest(self) -> &'static EvcMode {
        self.ladder().last().expect("each vendor has baselines")
    }
}

impl fmt::Display for CpuVendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One EVC baseline: a CPU generation's feature set.
#[derive(Debug, PartialEq, Eq)]
pub struct EvcMode {
    pub vendor: CpuVendor,
    /// Position on the vendor's ladder, 1 = oldest.
    pub rank: u8,
    /// Name in lab files, e.g. "haswell".
    pub key: &'static str,
    /// vSphere's name, e.g. "Intel Haswell Generation".
    pub label: &'static str,
    /// Notable features this baseline adds to the one below.
    pub adds: &'static str,
}

macro_rules! ladder {
    ($vendor:expr; $($rank:literal $key:literal $label:literal $adds:literal;)*) => {
        &[$(EvcMode { vendor: $vendor, rank: $rank, key: $key, label: $label, adds: $adds }),*]
    };
}

const INTEL: &[EvcMode] = ladder![CpuVendor::Intel;
    1 "merom" "Intel Merom Generation" "SSSE3";
    2 "penryn" "Intel Penryn Generation" "SSE4.1";
    3 "nehalem" "Intel Nehalem Generation" "SSE4.2, POPCNT";
    4 "westmere" "Intel Westmere Generation" "AES-NI, PCLMULQDQ";
    5 "sandybridge" "Intel Sandy Bridge Generation" "AVX, XSAVE";
    6 "ivybridge" "Intel Ivy Bridge Generation" "RDRAND, F16C, FSGSBASE";
    7 "haswell" "Intel Haswell Generation" "AVX2, FMA3, BMI1/2, MOVBE";
    8 "broadwell" "Intel Broadwell Generation" "ADX, RDSEED, SMAP";
    9 "skylake" "Intel Skylake Generation" "AVX-512, XSAVEC, CLFLUSHOPT";
    10 "cascadelake" "Intel Cascade Lake Generation" "AVX-512 VNNI";
    11 "icelake" "Intel Ice Lake Generation" "SHA, VAES, AVX-512 VBMI2";
    12 "sapphirerapids" "Intel Sapphire Rapids Generation" "AMX, AVX-512 FP16";
];

const AMD: &[EvcMode] = ladder![CpuVendor::Amd;
    1 "rev-e" "AMD Opteron Generation 1" "SSE3";
    2 "rev-f" "AMD Opteron Generation 2" "CMPXCHG16B, RDTSCP";
    3 "greyhound" "AMD Opteron Generation 3" "SSE4a, ABM, 3DNow! prefetch";
    4 "greyhound-no3dnow" "AMD Opteron Generation 3 (no 3DNow!)" "(3DNow! masked)";
    5 "bulldozer" "AMD Opteron Generation 4" "AVX, XOP, FMA4, AES";
    6 "piledriver" "AMD Opteron Piledriver Generation" "FMA3, F16C, BMI1";
    7 "steamroller" "AMD Opteron Steamroller Generation" "FSGSBASE, XSAVEOPT";
    8 "zen" "AMD Zen Generation" "AVX2, BMI2, SHA, ADX, RDSEED";
    9 "zen2" "AMD Zen 2 Generation" "CLWB, RDPID, WBNOINVD";
    10 "zen3" "AMD Zen 3 Generation" "PKU, VAES, VPCLMULQDQ";
    11 "zen4" "AMD Zen 4 Generation" "AVX-512";
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ladders_are_ranked_oldest_first_with_unique_keys() {
        for vendor in [CpuVendor::Intel, CpuVendor::Amd] {
            for (i, m) in vendor.ladder().iter().enumerate() {
                assert_eq!(usize::from(m.rank), i + 1, "{}", m.key);
                assert_eq!(m.vendor, vendor);
                assert_eq!(vendor.mode(m.key), Some(m));
            }
        }
        assert!(CpuVendor::Intel.mode("zen").is_none());
        assert_eq!(CpuVendor::Amd.newest().key, "zen4");
    }
}
