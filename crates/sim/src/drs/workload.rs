//! VM demand over a simulated day from seeded workload shapes: flat,
//! diurnal, bursty and a batch window. Demand holds for one
//! [`WORKLOAD_INTERVAL_S`] interval at a time, as vCenter's 5-minute
//! statistics see it. All integer arithmetic (no `cos`, whose last bit
//! may differ between native and wasm libm), so traces agree everywhere.

use crate::base::rng::SplitMix64;
use crate::inventory::workload::{Shape, WorkloadSpec};

/// Demand changes at most once per interval [s]: vCenter's 5-minute
/// statistics, and DRS's default period.
pub const WORKLOAD_INTERVAL_S: u32 = 300;
/// One simulated day [s]; time 0 is midnight.
pub const DAY_S: u32 = 86_400;

/// One interval's demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Demand {
    pub cpu_mhz: u64,
    /// `None` = the VM's configured active memory.
    pub mem_active_mb: Option<u64>,
}

impl WorkloadSpec {
    pub fn cpu_base_mhz(&self) -> u64 {
        self.cpu_base_mhz.unwrap_or(self.cpu_mhz / 10)
    }

    /// Demand during the interval holding `t_s`, for VM number `vm` (its
    /// place in the scenario) under `seed`. The same arguments give the
    /// same demand whatever was asked before: each interval draws from
    /// its own SplitMix64 stream.
    pub fn demand_at(&self, t_s: u32, seed: u64, vm: usize) -> Demand {
        let interval = t_s / WORKLOAD_INTERVAL_S;
        let level = self.level_pm(interval, seed, vm);
        let jitter = |value: u64, salt: u64| {
            if self.jitter_pct == 0 {
                return value;
            }
            let mut r = stream(seed, vm, interval, salt);
            let span = u64::from(self.jitter_pct) * 2;
            // -jitter..=+jitter percent, in whole percent.
            let pct = 100 + r.below_or_eq(span) - u64::from(self.jitter_pct);
            value * pct / 100
        };
        let between = |base: u64, peak: u64| {
            let (lo, hi) = (base.min(peak), base.max(peak));
            let v = lo + (hi - lo) * level / 1000;
            if base <= peak {
                v
            } else {
                hi - (v - lo)
            }
        };
        let cpu = jitter(between(self.cpu_base_mhz(), self.cpu_mhz), 1);
        let mem = self.mem_active_mb.map(|peak| {
            let base = self.mem_base_mb.unwrap_or(peak / 2);
            jitter(between(base, peak), 2)
        });
        Demand {
            cpu_mhz: cpu,
            mem_active_mb: mem,
        }
    }

    /// Where the interval sits between base (0) and peak (1000) [‰].
    fn level_pm(&self, interval: u32, seed: u64, vm: usize) -> u64 {
        let minute = (interval * WORKLOAD_INTERVAL_S % DAY_S) / 60;
        match self.shape {
            Shape::Flat => 1000,
            Shape::Diurnal => day_curve_pm(minute, u32::from(self.peak_hour.min(23)) * 60),
            Shape::Bursty => {
                let draw = stream(seed, vm, interval, 0).below_or_eq(99);
                if draw < u64::from(self.burst_pct) {
                    1000
                } else {
                    0
                }
            }
            Shape::Batch => {
                let hour = minute / 60;
                let (start, end) = (u32::from(self.start_hour), u32::from(self.end_hour));
                let inside = if start <= end {
                    (start..end).contains(&hour)
                } else {
                    hour >= start || hour < end
                };
                if inside {
                    1000
                } else {
                    0
                }
            }
        }
    }
}

/// The diurnal curve at `minute` of the day for a peak at `peak_minute`
/// [‰]: 1 − smoothstep(d), d the distance from the peak as a share of
/// half a day. Within 1.2 percentage points of the raised cosine
/// (1 + cos πd) / 2, in exact integer arithmetic.
pub fn day_curve_pm(minute: u32, peak_minute: u32) -> u64 {
    const HALF_DAY_MIN: u64 = 720;
    let apart = minute.abs_diff(peak_minute) % 1440;
    let n = u64::from(apart.min(1440 - apart));
    let n3 = HALF_DAY_MIN.pow(3);
    let smooth = (3 * n * n * HALF_DAY_MIN - 2 * n * n * n) * 1000 / n3;
    1000 - smooth
}

/// The random stream of one VM's interval: the seed, the VM and the
/// interval mixed through SplitMix64 so that streams do not overlap in
/// practice.
fn stream(seed: u64, vm: usize, interval: u32, salt: u64) -> SplitMix64 {
    let mut mix = SplitMix64::new(seed ^ 0xD125_0000_0000_0000);
    let a = mix.next_u64() ^ (vm as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let b = SplitMix64::new(a).next_u64() ^ u64::from(interval).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    SplitMix64::new(b ^ salt.wrapping_mul(0x94D0_49BB_1331_11EB))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diurnal() -> WorkloadSpec {
        WorkloadSpec {
            shape: Shape::Diurnal,
            cpu_base_mhz: Some(400),
            ..WorkloadSpec::flat(4000)
        }
    }

    #[test]
    fn the_day_curve_peaks_at_the_peak_and_bottoms_out_twelve_hours_away() {
        assert_eq!(day_curve_pm(14 * 60, 14 * 60), 1000);
        assert_eq!(day_curve_pm(2 * 60, 14 * 60), 0);
        assert_eq!(day_curve_pm(8 * 60, 14 * 60), 500);
        // Symmetric around the peak, wrapping over midnight.
        assert_eq!(day_curve_pm(60, 23 * 60), day_curve_pm(21 * 60, 23 * 60));
    }

    #[test]
    fn the_day_curve_stays_close_to_a_raised_cosine() {
        for minute in 0..1440 {
            let d = f64::from(minute.min(1440 - minute)) / 720.0;
            let cosine = (1.0 + (std::f64::consts::PI * d).cos()) / 2.0 * 1000.0;
            let ours = day_curve_pm(minute, 0) as f64;
            assert!(
                (ours - cosine).abs() <= 12.0,
                "minute {minute}: {ours} vs {cosine}"
            );
        }
    }

    #[test]
    fn diurnal_demand_runs_from_base_at_night_to_peak_in_the_afternoon() {
        let w = diurnal();
        assert_eq!(w.demand_at(14 * 3600, 1, 0).cpu_mhz, 4000);
        assert_eq!(w.demand_at(2 * 3600, 1, 0).cpu_mhz, 400);
        // Constant within an interval.
        assert_eq!(
            w.demand_at(14 * 3600, 1, 0),
            w.demand_at(14 * 3600 + WORKLOAD_INTERVAL_S - 1, 1, 0)
        );
    }

    #[test]
    fn batch_runs_at_the_peak_inside_its_window_only() {
        let w = WorkloadSpec {
            shape: Shape::Batch,
            start_hour: 22,
            end_hour: 2,
            ..WorkloadSpec::flat(3000)
        };
        assert_eq!(w.demand_at(23 * 3600, 7, 3).cpu_mhz, 3000);
        assert_eq!(w.demand_at(3600, 7, 3).cpu_mhz, 3000);
        assert_eq!(w.demand_at(12 * 3600, 7, 3).cpu_mhz, 300);
    }

    #[test]
    fn bursts_follow_the_seed_and_their_share() {
        let w = WorkloadSpec {
            shape: Shape::Bursty,
            burst_pct: 25,
            ..WorkloadSpec::flat(2000)
        };
        let bursts = |seed| {
            (0..DAY_S / WORKLOAD_INTERVAL_S)
                .filter(|k| w.demand_at(k * WORKLOAD_INTERVAL_S, seed, 0).cpu_mhz == 2000)
                .count()
        };
        let day = (DAY_S / WORKLOAD_INTERVAL_S) as usize;
        let n = bursts(1);
        assert!(
            n > day * 15 / 100 && n < day * 35 / 100,
            "{n} bursts of {day}"
        );
        assert_eq!(n, bursts(1), "same seed, same bursts");
        let pattern = |seed| -> Vec<u64> {
            (0..40)
                .map(|k| w.demand_at(k * WORKLOAD_INTERVAL_S, seed, 0).cpu_mhz)
                .collect()
        };
        assert_ne!(pattern(1), pattern(2), "another seed, other bursts");
    }

    #[test]
    fn jitter_stays_within_its_band() {
        let w = WorkloadSpec {
            jitter_pct: 10,
            ..WorkloadSpec::flat(1000)
        };
        for k in 0..288 {
            let cpu = w.demand_at(k * WORKLOAD_INTERVAL_S, 5, 1).cpu_mhz;
            assert!((900..=1100).contains(&cpu), "{cpu}");
        }
    }

    #[test]
    fn memory_follows_the_same_curve_when_given() {
        let w = WorkloadSpec {
            mem_active_mb: Some(8000),
            mem_base_mb: Some(2000),
            ..diurnal()
        };
        assert_eq!(w.demand_at(14 * 3600, 1, 0).mem_active_mb, Some(8000));
        assert_eq!(w.demand_at(2 * 3600, 1, 0).mem_active_mb, Some(2000));
        assert_eq!(diurnal().demand_at(0, 1, 0).mem_active_mb, None);
    }
}
