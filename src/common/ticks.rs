//! Axis ticks for charts over time.

/// Ticks for a time axis from 0 to `end_s`: a round step giving at most
/// eight intervals.
pub fn ticks(end_s: u32) -> Vec<u32> {
    const STEPS: [u32; 10] = [5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
    let step = STEPS
        .into_iter()
        .find(|s| end_s.div_ceil(*s) <= 8)
        .unwrap_or(end_s.div_ceil(8).max(1));
    (0..=end_s).step_by(step as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_few() {
        assert_eq!(ticks(240), [0, 30, 60, 90, 120, 150, 180, 210, 240]);
        assert_eq!(ticks(60), [0, 10, 20, 30, 40, 50, 60]);
        assert_eq!(ticks(0), [0]);
        assert!(ticks(100_000).len() <= 9);
    }
}
