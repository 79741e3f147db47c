//! The migration threshold and recommendation priorities, after VMware's
//! KB "Calculating the priority level of a VMware DRS migration
//! recommendation": priority = 6 − ⌈imbalance / 0.1 × √hosts⌉, read
//! left to right, i.e. (imbalance / 0.1) × √hosts (docs/references.md marks
//! the grouping unsure). Priority 1 is reserved for mandatory moves
//! (maintenance mode, standby, rules), so a load-balancing move is
//! priority 2 to 5; threshold T applies priorities 1..=T.

/// Priority of a load-balancing move made at imbalance `imbalance_milli`
/// [thousandths] in a cluster of `hosts` usable hosts; `None` when the
/// cluster is balanced (no recommendation at all).
pub fn balance_priority(imbalance_milli: u32, hosts: usize) -> Option<u8> {
    let x = f64::from(imbalance_milli) / 100.0 * (hosts as f64).sqrt();
    let level = x.ceil();
    if level <= 0.0 {
        return None;
    }
    Some((6.0 - level).clamp(2.0, 5.0) as u8)
}

/// The largest imbalance threshold `threshold` tolerates [thousandths]:
/// moves happen only above it. `None` for threshold 1, which makes no
/// load-balancing moves at all.
pub fn target_imbalance_milli(threshold: u8, hosts: usize) -> Option<u32> {
    if !(2..=5).contains(&threshold) {
        return None;
    }
    let steps = f64::from(5 - threshold);
    Some((steps * 100.0 / (hosts.max(1) as f64).sqrt()).round() as u32)
}

/// Whether threshold `threshold` applies a recommendation of `priority`.
pub fn applies(threshold: u8, priority: u8) -> bool {
    priority <= threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    // Data-driven: (imbalance, hosts, priority), from the KB formula.
    const CASES: [(u32, usize, Option<u8>); 8] = [
        (0, 4, None),
        (10, 4, Some(5)),  // 0.01/0.1×2 = 0.2 → ⌈⌉ 1 → 5
        (50, 4, Some(5)),  // 1.0 → 5
        (51, 4, Some(4)),  // 1.02 → 2 → 4
        (100, 4, Some(4)), // 2.0 → 4
        (141, 2, Some(4)), // 1.994 → 2 → 4
        (150, 4, Some(3)), // 3.0 → 3
        (400, 4, Some(2)), // 8 → clamped to 2: 1 is mandatory only
    ];

    #[test]
    fn priorities_follow_the_kb_formula() {
        for (imbalance, hosts, want) in CASES {
            assert_eq!(
                balance_priority(imbalance, hosts),
                want,
                "{imbalance} on {hosts}"
            );
        }
    }

    #[test]
    fn targets_match_the_priority_boundaries() {
        // Threshold 3 on 4 hosts: moves above 0.2/2 = 0.100.
        assert_eq!(target_imbalance_milli(3, 4), Some(100));
        assert_eq!(target_imbalance_milli(5, 4), Some(0));
        assert_eq!(target_imbalance_milli(2, 9), Some(100));
        assert_eq!(target_imbalance_milli(1, 4), None);
        for hosts in 2..=32 {
            for t in 2..=5u8 {
                let target = target_imbalance_milli(t, hosts).unwrap();
                // Just above the target a move applies; at it, none does
                // (up to the rounding of the target to thousandths).
                let above = balance_priority(target + 2, hosts).unwrap();
                assert!(applies(t, above), "t={t} hosts={hosts}");
                if target >= 2 {
                    let below = balance_priority(target - 2, hosts);
                    assert!(below.is_none_or(|p| !applies(t, p)), "t={t} hosts={hosts}");
                }
            }
        }
    }
}
