//! The host power model DPM is judged by: idle and peak watts, linear in
//! CPU utilization between them (the SPECpower-style approximation), and
//! a small draw in standby (the BMC stays awake to wake it).

/// A host's draw when its VMs use `util_pm` [‰] of its CPU [W].
pub fn watts(idle_w: u32, peak_w: u32, util_pm: u64) -> u64 {
    let span = u64::from(peak_w.saturating_sub(idle_w));
    u64::from(idle_w) + span * util_pm.min(1000) / 1000
}

/// Joules in a kilowatt-hour.
pub const J_PER_KWH: u64 = 3_600_000;

/// DPM's window for powering hosts on [s] (VMware, vSphere Resource Management: 5 minutes).
pub const DPM_ON_WINDOW_S: u32 = 300;
/// DPM's window for powering hosts off [s] (40 minutes).
pub const DPM_OFF_WINDOW_S: u32 = 2400;
/// Demand history DRS keeps per VM to judge how stable it is [s].
pub const RISK_WINDOW_S: u32 = 3600;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn power_is_linear_between_idle_and_peak() {
        assert_eq!(watts(150, 300, 0), 150);
        assert_eq!(watts(150, 300, 500), 225);
        assert_eq!(watts(150, 300, 1000), 300);
        assert_eq!(
            watts(150, 300, 2000),
            300,
            "demand above capacity runs at peak"
        );
    }
}
