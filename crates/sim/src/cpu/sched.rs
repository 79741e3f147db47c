//! CPU ready, %MLMTD and co-stop: how a VM's CPU grant looks in the
//! scheduler's accounting (vCenter's "summation" counters and esxtop).
//!
//! The divvy ([`crate::base::divvy`]) decides each VM's granted MHz per sample.
//! This module turns wanted vs. granted MHz into the four states a vCPU's
//! time is split into, so students see contention as *ready time*:
//!
//! ```text
//! run + ready + costop + wait = interval      (per vCPU)
//! ```
//!
//! # Published (what the model must reproduce)
//! - The four states: "%RUN + %RDY + %CSTP + %WAIT = 100%" for a powered-on
//!   VM, and ready time is accumulated over the sample interval (Broadcom KB
//!   387750, "Understanding the CPU ready values in the vSphere Client
//!   performance charts").
//! - vCenter's real-time charts sample every 20 s ([`REALTIME_INTERVAL_S`])
//!   and a VM's counters are sums over its vCPUs, in ms; %RDY = ready ms /
//!   (interval s × 1000) × 100, divided by the vCPUs for a per-vCPU figure
//!   (Broadcom community thread "CPU ready percentage for multi vCPU VMs
//!   threshold"; computertechblog.com, "Understanding Historical CPU Ready
//!   statistics"). So a 4-vCPU VM can show more than 100%.
//! - %RDY: ready to run but not scheduled; %MLMTD: ready to run but not
//!   scheduled because running would violate the CPU limit; %CSTP: an SMP
//!   VM's vCPU stopped so that its siblings can catch up (VMware KB 1017926
//!   as quoted on cragdoo.co.uk, 2013; "Interpreting esxtop Statistics" as
//!   summarised on technicloud.com, 2013). %MLMTD is not a fifth state, so
//!   it lies inside %RDY, as esxtop counts it.
//! - Relaxed co-scheduling (ESX 3 and later): a vCPU that runs ahead of its
//!   siblings by more than a skew threshold is co-stopped; 1-vCPU VMs never
//!   co-stop (VMware, "The CPU Scheduler in VMware vSphere 5.1", 2013, and
//!   the VMware performance blog, "ESX Scheduler Support for SMP VMs", 2008).
//! - Thresholds, *community guidance, not VMware's*: 5% ready per vCPU is a
//!   level to watch, 10% or more means degraded performance (vmtoday.com,
//!   "CPU Ready Revisited", 2013; computertechblog.com: 2000 ms per vCPU in
//!   the real-time chart; calculatorcorp.com, "CPU Ready Percent
//!   Calculator": under 5% healthy, 5 to 10% watch). See [`ReadyLevel`].
//!
//! # The model (our assumptions: a time-stepped fluid model per interval)
//! All vCPUs of a VM are treated alike. With `n` vCPUs, core clock `core`,
//! interval `T` ms, and `ms(x) = ⌊x · T / core⌋` (MHz to vCPU-ms summed over
//! the vCPUs):
//!
//! ```text
//! wanted  = min(demand, n·core)              run     = min(granted, wanted)
//! allowed = min(wanted, max(limit, run))     (= wanted without a limit)
//! mlmtd_ms      = ms(wanted) − ms(allowed)   limit's part of the shortfall
//! contention_ms = ms(allowed) − ms(run)      the host's part
//! costop_ms     = ⌊contention_ms · (n−1)/n · 2.5%⌋
//! ready_ms      = mlmtd_ms + contention_ms − costop_ms + ready_queue_ms
//! wait_ms       = n·T − run_ms − ready_ms − costop_ms
//! ```
//!
//! - Shortfall = wanted − run is split into the limit's part (%MLMTD) and
//!   the contention part; co-stop is carved out of the contention part, so
//!   run + ready + costop = wanted time (plus the queueing term below).
//! - Co-stop share: `(n−1)/n × 2.5%` of the contention time
//!   ([`COSTOP_MAX_PER_MILLE`]): 0 for 1 vCPU, 1.25% for 2, 2.1% for 6,
//!   never above 2.5%. The fluid model has no skew of its own; this share
//!   is an assumption (not a measurement) chosen so that co-stop grows with
//!   the vCPU count and stays small next to the ready time, as it does on
//!   a host whose VMs are evenly busy (co-stop becomes large only with
//!   uneven vCPU load, which the model does not represent).
//! - So on the lecture's host (60 busy vCPUs on 48 cores, equal shares)
//!   each vCPU misses 20% of every sample: 19.58% ready + 0.42% co-stop.
//! - Queueing ([`Queueing::ErlangC`], optional): a host that is busy but not
//!   over-committed still shows some ready time, because bursts collide.
//!   Each vCPU burst is a customer of an M/M/c queue with `c` = pCPUs and
//!   load `ρ` = Σ min(demand, limit) / (pCPUs × core), capped at 95%
//!   ([`QUEUE_RHO_MAX_PER_MILLE`]: M/M/c has no steady state at ρ ≥ 1, and
//!   past saturation the fluid term is the ready time). Mean wait per unit of
//!   run time is `C(c, cρ) / (c(1 − ρ))` (Erlang C; L. Kleinrock, *Queueing
//!   Systems* vol. 1, 1975), so `ready_queue_ms = min(ms(wanted) × that,
//!   idle time)`. It is computed in fixed-point integers (deterministic), it
//!   does not depend on the VM's own grant (so ready stays monotone in the
//!   grant), and it grows with the host's load. It is FCFS, not proportional
//!   share, so it overstates waits on small hosts: a teaching aid for "ready
//!   rises before 100%", not a prediction of esxtop's numbers.
//!
//! Rounding is always down, and each state is a difference of rounded
//! values, so the four states add up to `n·T` exactly.

use serde::{Deserialize, Serialize};

/// vCenter's real-time statistics interval [s].
pub const REALTIME_INTERVAL_S: u32 = 20;
/// Per-vCPU ready from which a VM is worth watching [hundredths of %].
pub const READY_WATCH_PCT_X100: u32 = 500;
/// Per-vCPU ready from which performance is degraded [hundredths of %].
pub const READY_DEGRADED_PCT_X100: u32 = 1000;
/// Co-stop share of the contention time as the vCPU count grows [‰].
pub const COSTOP_MAX_PER_MILLE: u64 = 25;
/// Highest host load the queueing term uses [‰].
pub const QUEUE_RHO_MAX_PER_MILLE: u64 = 950;

/// Fixed-point scale of the Erlang recursion.
const SCALE: u128 = 1_000_000_000;

/// One host's processors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostCpu {
    /// Logical CPUs the scheduler places vCPUs on.
    pub pcpus: u32,
    /// Clock of one logical CPU [MHz].
    pub core_mhz: u64,
}

/// One powered-on VM in one sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VmCpu {
    pub vcpus: u32,
    /// What its vCPUs want [MHz] (capped here at vCPUs × core clock).
    pub demand_mhz: u64,
    /// What the divvy granted [MHz].
    pub granted_mhz: u64,
    /// Its CPU limit [MHz], if any.
    pub limit_mhz: Option<u64>,
}

/// Whether bursts queue for pCPUs below saturation (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Queueing {
    /// Fluid model only: no ready time without a shortfall.
    Off,
    /// Add the M/M/c (Erlang C) waiting time.
    ErlangC,
}

/// One VM's scheduler accounting for one interval. Times are summed over
/// the VM's vCPUs, like vCenter's summation counters; percentages are of
/// one interval, summed over vCPUs like esxtop's VM rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpuSchedSample {
    pub vcpus: u32,
    pub interval_s: u32,
    /// Time running [ms].
    pub run_ms: u64,
    /// Time ready but not running [ms], including `mlmtd_ms` and
    /// `ready_queue_ms`.
    pub ready_ms: u64,
    /// Ready time caused by the VM's limit [ms].
    pub mlmtd_ms: u64,
    /// Ready time from the queueing term [ms] (0 with [`Queueing::Off`]).
    pub ready_queue_ms: u64,
    /// Time co-stopped [ms].
    pub costop_ms: u64,
    /// Time idle or waiting for I/O [ms].
    pub wait_ms: u64,
    /// %RUN [hundredths of %].
    pub run_pct_x100: u32,
    /// %RDY [hundredths of %].
    pub ready_pct_x100: u32,
    /// %MLMTD [hundredths of %].
    pub mlmtd_pct_x100: u32,
    /// %CSTP [hundredths of %].
    pub costop_pct_x100: u32,
}

/// Per-vCPU ready, classified by the community thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadyLevel {
    /// Below 5% per vCPU.
    Ok,
    /// 5% to below 10% per vCPU.
    Watch,
    /// 10% per vCPU or more.
    Degraded,
}

impl ReadyLevel {
    /// Classifies a per-vCPU ready percentage [hundredths of %].
    pub fn from_per_vcpu_pct_x100(pct_x100: u32) -> ReadyLevel {
        if pct_x100 >= READY_DEGRADED_PCT_X100 {
            ReadyLevel::Degraded
        } else if pct_x100 >= READY_WATCH_PCT_X100 {
            ReadyLevel::Watch
        } else {
            ReadyLevel::Ok
        }
    }
}

impl CpuSchedSample {
    /// Time the vCPUs wanted to run [ms]: run + ready + co-stop, without
    /// the queueing term.
    pub fn wanted_ms(&self) -> u64 {
        self.run_ms + self.ready_ms + self.costop_ms - self.ready_queue_ms
    }

    /// Ready time per vCPU [ms].
    pub fn ready_ms_per_vcpu(&self) -> u64 {
        self.per_vcpu(self.ready_ms)
    }

    /// Co-stop time per vCPU [ms].
    pub fn costop_ms_per_vcpu(&self) -> u64 {
        self.per_vcpu(self.costop_ms)
    }

    /// Run time per vCPU [ms].
    pub fn run_ms_per_vcpu(&self) -> u64 {
        self.per_vcpu(self.run_ms)
    }

    /// Per-vCPU %RDY [hundredths of %].
    pub fn ready_pct_x100_per_vcpu(&self) -> u32 {
        pct_x100(self.ready_ms, self.interval_s, self.vcpus)
    }

    /// The community threshold level of the per-vCPU ready time.
    pub fn ready_level(&self) -> ReadyLevel {
        ReadyLevel::from_per_vcpu_pct_x100(self.ready_pct_x100_per_vcpu())
    }

    /// %RUN, for display.
    pub fn run_pct(&self) -> f64 {
        self.pct_f64(self.run_ms, 1)
    }

    /// %RDY summed over vCPUs, for display.
    pub fn ready_pct(&self) -> f64 {
        self.pct_f64(self.ready_ms, 1)
    }

    /// %MLMTD summed over vCPUs, for display.
    pub fn mlmtd_pct(&self) -> f64 {
        self.pct_f64(self.mlmtd_ms, 1)
    }

    /// %CSTP summed over vCPUs, for display.
    pub fn costop_pct(&self) -> f64 {
        self.pct_f64(self.costop_ms, 1)
    }

    /// %RDY per vCPU, for display.
    pub fn ready_pct_per_vcpu(&self) -> f64 {
        self.pct_f64(self.ready_ms, self.vcpus)
    }

    /// %CSTP per vCPU, for display.
    pub fn costop_pct_per_vcpu(&self) -> f64 {
        self.pct_f64(self.costop_ms, self.vcpus)
    }

    fn per_vcpu(&self, ms: u64) -> u64 {
        ms.checked_div(u64::from(self.vcpus)).unwrap_or(0)
    }

    fn pct_f64(&self, ms: u64, vcpus: u32) -> f64 {
        let interval_ms = f64::from(self.interval_s) * 1000.0 * f64::from(vcpus);
        if interval_ms > 0.0 {
            ms as f64 * 100.0 / interval_ms
        } else {
            0.0
        }
    }
}

/// The scheduler accounting of every VM on one host for one interval, in
/// the order of `vms`.
pub fn sched_samples(
    host: &HostCpu,
    vms: &[VmCpu],
    interval_s: u32,
    queueing: Queueing,
) -> Vec<CpuSchedSample> {
    let delay_ppm = match queueing {
        Queueing::Off => 0,
        Queueing::ErlangC => {
            let offered_mhz = vms.iter().map(|vm| offered_mhz(host, vm)).sum();
            erlang_c_delay_ppm(host.pcpus, host.core_mhz, offered_mhz)
        }
    };
    vms.iter()
        .map(|vm| sample(host, vm, interval_s, delay_ppm))
        .collect()
}

/// What a VM offers the pCPUs: its demand, within its vCPUs and its limit.
fn offered_mhz(host: &HostCpu, vm: &VmCpu) -> u64 {
    let wanted = vm
        .demand_mhz
        .min(u64::from(vm.vcpus).saturating_mul(host.core_mhz));
    vm.limit_mhz.map_or(wanted, |l| wanted.min(l))
}

fn sample(host: &HostCpu, vm: &VmCpu, interval_s: u32, delay_ppm: u64) -> CpuSchedSample {
    let n = u64::from(vm.vcpus);
    let interval_ms = u64::from(interval_s) * 1000;
    let core = host.core_mhz;
    let mut s = CpuSchedSample {
        vcpus: vm.vcpus,
        interval_s,
        run_ms: 0,
        ready_ms: 0,
        mlmtd_ms: 0,
        ready_queue_ms: 0,
        costop_ms: 0,
        wait_ms: n * interval_ms,
        run_pct_x100: 0,
        ready_pct_x100: 0,
        mlmtd_pct_x100: 0,
        costop_pct_x100: 0,
    };
    if n == 0 || interval_ms == 0 || core == 0 {
        return s;
    }
    let wanted = vm.demand_mhz.min(n.saturating_mul(core));
    let run = vm.granted_mhz.min(wanted);
    let allowed = vm.limit_mhz.map_or(wanted, |l| l.max(run).min(wanted));
    let to_ms = |mhz: u64| mul_div(mhz, interval_ms, core);
    let (wanted_ms, allowed_ms) = (to_ms(wanted), to_ms(allowed));
    s.run_ms = to_ms(run);
    s.mlmtd_ms = wanted_ms - allowed_ms;
    let contention_ms = allowed_ms - s.run_ms;
    s.costop_ms = mul_div(contention_ms, (n - 1) * COSTOP_MAX_PER_MILLE, n * 1000);
    let idle_ms = n * interval_ms - wanted_ms;
    s.ready_queue_ms = mul_div(wanted_ms, delay_ppm, 1_000_000).min(idle_ms);
    s.ready_ms = s.mlmtd_ms + contention_ms - s.costop_ms + s.ready_queue_ms;
    s.wait_ms = idle_ms - s.ready_queue_ms;
    s.run_pct_x100 = pct_x100(s.run_ms, interval_s, 1);
    s.ready_pct_x100 = pct_x100(s.ready_ms, interval_s, 1);
    s.mlmtd_pct_x100 = pct_x100(s.mlmtd_ms, interval_s, 1);
    s.costop_pct_x100 = pct_x100(s.costop_ms, interval_s, 1);
    s
}

/// `ms / (interval_s × 1000 × vcpus) × 100` in hundredths of a percent,
/// rounded down (saturating at `u32::MAX`).
fn pct_x100(ms: u64, interval_s: u32, vcpus: u32) -> u32 {
    let den = u64::from(interval_s) * u64::from(vcpus);
    if den == 0 {
        return 0;
    }
    u32::try_from(mul_div(ms, 10, den)).unwrap_or(u32::MAX)
}

/// Mean M/M/c waiting time per unit of run time [ppm], for `pcpus` servers
/// of `core_mhz` each offered `offered_mhz`: `C(c, A) / (c − A)` with
/// `A = offered / core`, the load capped at [`QUEUE_RHO_MAX_PER_MILLE`].
fn erlang_c_delay_ppm(pcpus: u32, core_mhz: u64, offered_mhz: u64) -> u64 {
    let (c, q) = (u128::from(pcpus), u128::from(core_mhz));
    let qc = q * c;
    if qc == 0 || qc > u128::from(u64::MAX) {
        return 0;
    }
    // A = a / q; the recursion stays exact to 1e-9 in u128.
    let a = u128::from(offered_mhz).min(qc * u128::from(QUEUE_RHO_MAX_PER_MILLE) / 1000);
    if a == 0 {
        return 0;
    }
    // Erlang B: B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)).
    let mut b = SCALE;
    for k in 1..=c {
        let ab = a * b;
        b = SCALE * ab / (k * q * SCALE + ab);
    }
    // Erlang C = B / (1 − ρ(1 − B)), ρ = a / qc.
    let erlang_c = b * qc * SCALE / (qc * SCALE - a * (SCALE - b));
    // Wait per unit of service: C / (c(1 − ρ)) = C · q / (qc − a).
    (erlang_c * q * 1_000_000 / ((qc - a) * SCALE)) as u64
}

/// `a * b / d` rounded down, without overflow.
fn mul_div(a: u64, b: u64, d: u64) -> u64 {
    crate::base::wide::mul_div(a, b, d) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_c_matches_textbook_values() {
        // M/M/1 at ρ = 0.5: C = ρ = 0.5, wait/service = ρ/(1−ρ) = 1.
        let ppm = erlang_c_delay_ppm(1, 1000, 500);
        assert!((999_998..=1_000_000).contains(&ppm), "{ppm}");
        // M/M/2 at ρ = 0.5: C = 1/3, wait/service = C/(2·0.5) = 1/3.
        let ppm = erlang_c_delay_ppm(2, 1000, 1000);
        assert!((333_332..=333_334).contains(&ppm), "{ppm}");
        // Idle host, or no pCPUs: no queueing.
        assert_eq!(erlang_c_delay_ppm(8, 2000, 0), 0);
        assert_eq!(erlang_c_delay_ppm(0, 2000, 1000), 0);
    }

    #[test]
    fn load_above_the_cap_uses_the_cap() {
        let capped = erlang_c_delay_ppm(4, 1000, 3800);
        assert_eq!(erlang_c_delay_ppm(4, 1000, 10_000), capped);
        assert!(capped > erlang_c_delay_ppm(4, 1000, 3000));
    }

    #[test]
    fn percentages_are_hundredths_rounded_down() {
        assert_eq!(pct_x100(10_000, 20, 1), 5000);
        assert_eq!(pct_x100(1, 20, 1), 0);
        assert_eq!(pct_x100(24_000, 20, 6), 2000);
        assert_eq!(pct_x100(5, 0, 1), 0);
    }

    #[test]
    fn ready_levels_at_their_boundaries() {
        let level = ReadyLevel::from_per_vcpu_pct_x100;
        assert_eq!(level(499), ReadyLevel::Ok);
        assert_eq!(level(500), ReadyLevel::Watch);
        assert_eq!(level(999), ReadyLevel::Watch);
        assert_eq!(level(1000), ReadyLevel::Degraded);
    }
}
