//! The cluster picture one DRS pass works on, and the load figures it
//! measures: each host's normalized entitlement and their spread.
//!
//! A host's normalized entitlement is the sum of its VMs' dynamic
//! entitlements over its capacity, for CPU and for memory (Gulati et al.,
//! VMware Technical Journal 2012). vlab folds the two into one host load,
//! each resource weighted by how much of the cluster it uses, so the
//! busier resource counts more; that weighting is a model choice (vSphere
//! does not publish its own). Loads are integers in per-mille of capacity;
//! the imbalance is their standard deviation, in thousandths.

use crate::base::wide::mul;

/// A host as DRS sees it during one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrsHost {
    pub name: String,
    pub cpu_mhz: u64,
    pub mem_mb: u64,
    /// Powered on, connected and not in (or entering) maintenance mode or
    /// standby: it counts in the imbalance and may take VMs.
    pub usable: bool,
    /// Entering maintenance mode or standby: its VMs must leave.
    pub evacuating: bool,
    /// Entering standby (DPM chose it), not maintenance mode.
    pub entering_standby: bool,
    /// Has a vMotion network.
    pub vmotion: bool,
    /// Its vMotion bandwidth [MB/s] (0 without a network).
    pub link_mb_s: u64,
}

/// A powered-on VM as DRS sees it during one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrsVm {
    pub name: String,
    /// Index into the pass's hosts.
    pub host: usize,
    /// Dynamic CPU entitlement [MHz].
    pub cpu_mhz: u64,
    /// Memory entitlement from DRS's memory demand, overhead included [MB].
    pub mem_mb: u64,
    /// CPU reservation [MHz].
    pub cpu_reserved_mhz: u64,
    /// Memory reservation plus overhead [MB].
    pub mem_reserved_mb: u64,
    /// Memory vMotion copies [MB].
    pub copy_mb: u64,
    /// How fast it dirties memory [MB/s].
    pub dirty_mb_s: u64,
    /// How much its demand moved over the last hour [%]: a VM whose
    /// demand swings is a riskier move (its gain may not last).
    pub risk_pct: u8,
    /// Why it cannot move at all (`None`: it can).
    pub stuck: Option<Stuck>,
}

/// Why a VM cannot be moved by DRS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stuck {
    /// A migration of it is already running.
    Migrating,
    /// vMotion's pre-checks would refuse it (the named check).
    CannotVmotion(String),
}

/// Per-mille of `capacity` (0 for none).
pub fn per_mille(amount: u64, capacity: u64) -> u64 {
    (amount * 1000).checked_div(capacity).unwrap_or(0)
}

/// The loads of one pass: per host, the CPU and memory entitlement
/// placed there, and the weights that fold them into one load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loads {
    pub cpu_mhz: Vec<u64>,
    pub mem_mb: Vec<u64>,
    pub cpu_reserved_mhz: Vec<u64>,
    pub mem_reserved_mb: Vec<u64>,
    /// CPU's weight and memory's [‰ of the usable cluster in use].
    pub weights: (u64, u64),
}

impl Loads {
    pub fn of(hosts: &[DrsHost], vms: &[DrsVm]) -> Loads {
        let n = hosts.len();
        let mut l = Loads {
            cpu_mhz: vec![0; n],
            mem_mb: vec![0; n],
            cpu_reserved_mhz: vec![0; n],
            mem_reserved_mb: vec![0; n],
            weights: (1, 1),
        };
        for v in vms {
            l.add(v, v.host);
        }
        let usable = || hosts.iter().filter(|h| h.usable);
        let cpu_cap: u64 = usable().map(|h| h.cpu_mhz).sum();
        let mem_cap: u64 = usable().map(|h| h.mem_mb).sum();
        let cpu_all: u64 = vms.iter().map(|v| v.cpu_mhz).sum();
        let mem_all: u64 = vms.iter().map(|v| v.mem_mb).sum();
        let w = (per_mille(cpu_all, cpu_cap), per_mille(mem_all, mem_cap));
        l.weights = if w.0 + w.1 == 0 { (1, 1) } else { w };
        l
    }

    pub fn add(&mut self, v: &DrsVm, h: usize) {
        self.cpu_mhz[h] += v.cpu_mhz;
        self.mem_mb[h] += v.mem_mb;
        self.cpu_reserved_mhz[h] += v.cpu_reserved_mhz;
        self.mem_reserved_mb[h] += v.mem_reserved_mb;
    }

    pub fn remove(&mut self, v: &DrsVm, h: usize) {
        self.cpu_mhz[h] -= v.cpu_mhz;
        self.mem_mb[h] -= v.mem_mb;
        self.cpu_reserved_mhz[h] -= v.cpu_reserved_mhz;
        self.mem_reserved_mb[h] -= v.mem_reserved_mb;
    }

    /// Host `h`'s CPU and memory normalized entitlement [‰].
    pub fn parts_pm(&self, hosts: &[DrsHost], h: usize) -> (u64, u64) {
        (
            per_mille(self.cpu_mhz[h], hosts[h].cpu_mhz),
            per_mille(self.mem_mb[h], hosts[h].mem_mb),
        )
    }

    /// Host `h`'s load: its normalized entitlements, weighted [‰].
    pub fn load_pm(&self, hosts: &[DrsHost], h: usize) -> u64 {
        let (c, m) = self.parts_pm(hosts, h);
        self.fold(c, m)
    }

    fn fold(&self, cpu_pm: u64, mem_pm: u64) -> u64 {
        let (wc, wm) = self.weights;
        (cpu_pm * wc + mem_pm * wm) / (wc + wm)
    }

    /// Host `h`'s load with `v` added (`sign` > 0) or taken away.
    pub fn load_pm_with(&self, hosts: &[DrsHost], h: usize, v: &DrsVm, add: bool) -> u64 {
        let (cpu, mem) = if add {
            (self.cpu_mhz[h] + v.cpu_mhz, self.mem_mb[h] + v.mem_mb)
        } else {
            (self.cpu_mhz[h] - v.cpu_mhz, self.mem_mb[h] - v.mem_mb)
        };
        self.fold(
            per_mille(cpu, hosts[h].cpu_mhz),
            per_mille(mem, hosts[h].mem_mb),
        )
    }

    /// Whether `v`'s reservations still fit on `h` [MHz, MB].
    pub fn reservations_fit(&self, hosts: &[DrsHost], h: usize, v: &DrsVm) -> bool {
        self.cpu_reserved_mhz[h] + v.cpu_reserved_mhz <= hosts[h].cpu_mhz
            && self.mem_reserved_mb[h] + v.mem_reserved_mb <= hosts[h].mem_mb
    }

    /// Whether `v`'s entitlements fit on `h` without going above capacity.
    pub fn entitlement_fits(&self, hosts: &[DrsHost], h: usize, v: &DrsVm) -> bool {
        self.cpu_mhz[h] + v.cpu_mhz <= hosts[h].cpu_mhz
            && self.mem_mb[h] + v.mem_mb <= hosts[h].mem_mb
    }

    /// The usable hosts' loads, in host order [‰].
    pub fn usable_loads(&self, hosts: &[DrsHost]) -> Vec<u64> {
        (0..hosts.len())
            .filter(|&h| hosts[h].usable)
            .map(|h| self.load_pm(hosts, h))
            .collect()
    }
}

/// Spread of loads as n² × variance, exact: n·Σx² − (Σx)².
pub fn spread(loads: &[u64]) -> u128 {
    let n = loads.len() as u128;
    let sum: u128 = loads.iter().map(|&x| u128::from(x)).sum();
    let sq: u128 = loads
        .iter()
        .map(|&x| mul(u128::from(x), u128::from(x)))
        .sum();
    mul(n, sq) - mul(sum, sum)
}

/// `x` as the nearest f64, by the 64-bit conversion when `x` fits in it
/// (the same value: both round to nearest), since the 128-bit one is a
/// library routine, costly in a search that converts on every candidate.
pub fn to_f64(x: u128) -> f64 {
    match u64::try_from(x) {
        Ok(small) => small as f64,
        Err(_) => wide_to_f64(x),
    }
}

/// A call of its own, so that LLVM does not convert both ways and select
/// (see [`crate::base::wide`]).
#[cold]
#[inline(never)]
fn wide_to_f64(x: u128) -> f64 {
    x as f64
}

/// Standard deviation of `loads` [‰ → thousandths], rounded.
pub fn stddev_milli(loads: &[u64]) -> u32 {
    if loads.is_empty() {
        return 0;
    }
    let n = loads.len() as f64;
    // IEEE sqrt is exactly rounded, so native and wasm agree.
    (to_f64(spread(loads)).sqrt() / n).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_n_squared_times_the_variance() {
        // Loads 0.2 and 0.6: mean 0.4, stddev 0.2.
        assert_eq!(stddev_milli(&[200, 600]), 200);
        assert_eq!(spread(&[200, 600]), 4 * 200 * 200);
        assert_eq!(stddev_milli(&[500, 500, 500]), 0);
        assert_eq!(stddev_milli(&[]), 0);
    }
}
