//! DRS's memory demand: active memory plus a quarter of the idle consumed
//! memory plus overhead (docs/references.md, DRS). Counting some idle memory
//! keeps DRS from packing VMs whose idle pages the host would then have
//! to reclaim.

/// Share of idle consumed memory DRS counts as demand [%].
pub const IDLE_CONSUMED_PCT: u64 = 25;

/// DRS memory demand [MB] = active + 25% × (consumed − active) + overhead.
/// Consumed below active (not yet touched) counts as active.
pub fn drs_mem_demand_mb(active_mb: u64, consumed_mb: u64, overhead_mb: u64) -> u64 {
    let idle = consumed_mb.saturating_sub(active_mb);
    active_mb + idle * IDLE_CONSUMED_PCT / 100 + overhead_mb
}

#[cfg(test)]
mod tests {
    use super::*;

    // (active, consumed, overhead, demand): data-driven cases.
    const CASES: [(u64, u64, u64, u64); 5] = [
        (1024, 4096, 100, 1024 + 768 + 100),
        (4096, 4096, 50, 4146),
        (0, 8192, 0, 2048),
        (2048, 1024, 10, 2058),
        (1000, 1003, 0, 1000),
    ];

    #[test]
    fn demand_is_active_plus_a_quarter_of_idle_plus_overhead() {
        for (a, c, o, want) in CASES {
            assert_eq!(drs_mem_demand_mb(a, c, o), want, "active {a} consumed {c}");
        }
    }
}
