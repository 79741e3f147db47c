//! How urgent a DPM power recommendation is, and whether DPM's threshold
//! lets it act (vSphere Resource Management, "vSphere DPM Threshold").
//!
//! Published: DPM's recommendations carry priorities from 1 (mandatory)
//! to 5 (slight improvement), from how far the cluster is over or under
//! its target utilization; power-on recommendations are priority 1 to 3,
//! power-off recommendations 2 to 5. The threshold slider (1,
//! conservative, to 5, aggressive; default 3) applies recommendations of
//! its priority or more urgent: conservative applies only priority 1, so
//! it never powers a host off.
//!
//! The mapping from utilization to a priority is not published; this is
//! the model's, chosen so that the default threshold (3) acts exactly at
//! the published band (power on above target + tolerance, off below
//! target − tolerance):
//!
//! - power on: 1 when a host's demand exceeds its capacity, 2 above the
//!   midpoint between the band's top and 100 %, 3 above the band's top;
//! - power off: 2 when every host is below half the band's bottom, 3 below
//!   the bottom, 4 below the midpoint between the bottom and the target, 5
//!   below the target.
//!
//! Utilizations in ‰.

/// Priority of waking a host when the hottest host ran at `util_pm`, or
/// `None` when it is within the band (`on_above_pm`).
pub fn power_on_priority(util_pm: u64, on_above_pm: u64) -> Option<u8> {
    let mid = (on_above_pm + 1000) / 2;
    match util_pm {
        u if u > 1000 => Some(1),
        u if u > mid => Some(2),
        u if u > on_above_pm => Some(3),
        _ => None,
    }
}

/// Priority of putting a host in standby when the busiest host ran at
/// `util_pm`, or `None` when it is not under the target.
pub fn power_off_priority(util_pm: u64, off_below_pm: u64, target_pm: u64) -> Option<u8> {
    let mid = (off_below_pm + target_pm) / 2;
    match util_pm {
        u if u < off_below_pm / 2 => Some(2),
        u if u < off_below_pm => Some(3),
        u if u < mid => Some(4),
        u if u < target_pm => Some(5),
        _ => None,
    }
}

/// Whether DPM at `threshold` (1–5) acts on a recommendation of
/// `priority`.
pub fn applies(priority: u8, threshold: u8) -> bool {
    priority <= threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    /// vSphere's band: 63 ± 18 %.
    const ON: u64 = 810;
    const OFF: u64 = 450;
    const TARGET: u64 = 630;

    #[test]
    fn the_default_threshold_acts_exactly_at_the_published_band() {
        assert!(power_on_priority(811, ON).is_some_and(|p| applies(p, 3)));
        assert_eq!(power_on_priority(810, ON), None);
        assert!(power_off_priority(449, OFF, TARGET).is_some_and(|p| applies(p, 3)));
        assert!(!power_off_priority(450, OFF, TARGET).is_some_and(|p| applies(p, 3)));
    }

    #[test]
    fn conservative_never_powers_off_and_wakes_only_for_an_overloaded_host() {
        assert!(
            (0..=1000).all(|u| !power_off_priority(u, OFF, TARGET).is_some_and(|p| applies(p, 1)))
        );
        assert!(!power_on_priority(950, ON).is_some_and(|p| applies(p, 1)));
        assert!(power_on_priority(1001, ON).is_some_and(|p| applies(p, 1)));
    }

    #[test]
    fn aggressive_powers_off_up_to_the_target() {
        assert!(power_off_priority(600, OFF, TARGET).is_some_and(|p| applies(p, 5)));
        assert!(!power_off_priority(600, OFF, TARGET).is_some_and(|p| applies(p, 4)));
        assert_eq!(power_off_priority(630, OFF, TARGET), None);
    }

    #[test]
    fn priorities_stay_in_the_published_ranges() {
        for u in 0..=1200 {
            assert!(power_on_priority(u, ON).is_none_or(|p| (1..=3).contains(&p)));
            assert!(power_off_priority(u, OFF, TARGET).is_none_or(|p| (2..=5).contains(&p)));
        }
    }
}
