//! Property tests of the SIOC model on random valid datastores: the peak,
//! demand and limits bound every disk; with SIOC throttling, shares decide
//! and monotonically so; SIOC never makes the latency worse than the
//! threshold or than going without it; SIOC over time stays within the
//! same bounds and settles near the threshold.

use crate::fixtures::{self, proptest_config};
use proptest::prelude::*;
use vlab_sim::base::shares::Shares;
use vlab_sim::io::sioc::{evaluate, DiskSpec, SiocOutcome, SiocSpec, Threshold};

fn shares() -> impl Strategy<Value = Shares> {
    fixtures::shares(200..=4000)
}

fn disk() -> impl Strategy<Value = (Shares, Option<u64>, u64)> {
    (shares(), prop::option::of(1u64..=20_000), 0u64..=20_000)
}

fn threshold() -> impl Strategy<Value = Threshold> {
    prop_oneof![
        (5u32..=100).prop_map(Threshold::LatencyMs),
        (50u32..=100).prop_map(Threshold::PercentOfPeak),
    ]
}

/// A valid datastore: 500 to 50 000 IOPS, 0.1 to 4 ms base latency (below
/// the lowest manual threshold), 1 to 8 disks.
fn spec() -> impl Strategy<Value = SiocSpec> {
    (
        500u64..=50_000,
        100u64..=4000,
        1u64..=1024,
        any::<bool>(),
        threshold(),
        prop::collection::vec(disk(), 1..=8),
    )
        .prop_map(|(peak_iops, base, q, enabled, threshold, disks)| SiocSpec {
            peak_iops,
            base_latency_us: base,
            max_queue_depth: q,
            enabled,
            threshold,
            disk: disks
                .into_iter()
                .enumerate()
                .map(|(i, (shares, limit_iops, demand_iops))| DiskSpec {
                    vm: format!("vm{i}"),
                    host: None,
                    shares,
                    limit_iops,
                    demand_iops,
                })
                .collect(),
        })
}

fn check_bounds(s: &SiocSpec, o: &SiocOutcome) -> Result<(), TestCaseError> {
    let total: u64 = o.disk.iter().map(|d| d.iops).sum();
    prop_assert_eq!(total, o.datastore.iops);
    prop_assert!(total <= s.peak_iops, "{total} > {}", s.peak_iops);
    for (d, r) in s.disk.iter().zip(&o.disk) {
        prop_assert!(r.iops <= d.offered_iops(), "{r:?} vs {d:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn specs_are_valid(s in spec()) {
        prop_assert!(s.validate().is_empty(), "{:?}", s.validate());
    }

    #[test]
    fn within_peak_demand_and_limit(s in spec()) {
        check_bounds(&s, &evaluate(&s))?;
    }

    #[test]
    fn throttled_equal_disks_get_equal_iops(s in spec(), n in 2usize..=6, demand in 1u64..=20_000) {
        let mut s = s;
        s.enabled = true;
        s.disk = (0..n)
            .map(|i| DiskSpec { vm: format!("vm{i}"), host: None, shares: Shares::default(), limit_iops: None, demand_iops: demand })
            .collect();
        let o = evaluate(&s);
        prop_assert!(o.disk.iter().all(|d| d.iops == o.disk[0].iops), "{o:?}");
        prop_assert!(o.disk.iter().all(|d| d.latency_us == o.disk[0].latency_us), "{o:?}");
    }

    #[test]
    fn more_shares_never_lower_iops(s in spec(), pick in 0usize..8, extra in 1u32..=3800) {
        let mut s = s;
        s.enabled = true;
        let pick = pick % s.disk.len();
        let before = evaluate(&s).disk[pick].iops;
        let current = vlab_sim::io::sioc::disk_shares(s.disk[pick].shares) as u32;
        s.disk[pick].shares = Shares::Custom((current + extra).min(4000));
        prop_assert!(evaluate(&s).disk[pick].iops >= before);
    }

    #[test]
    fn sioc_never_raises_latency_beyond_threshold_or_without(s in spec()) {
        let (mut on, mut off) = (s.clone(), s);
        on.enabled = true;
        off.enabled = false;
        let with = evaluate(&on).datastore.latency_us;
        let without = evaluate(&off).datastore.latency_us;
        let bound = without.max(on.threshold_latency_us().unwrap_or(0));
        prop_assert!(with <= bound, "with {with} > max(threshold, without {without})");
    }

    /// Congested and throttled, SIOC uses what the device sustains at the
    /// threshold (less one IOPS of rounding per disk).
    #[test]
    fn throttled_uses_the_throughput_at_the_threshold(s in spec()) {
        let mut s = s;
        s.enabled = true;
        let o = evaluate(&s);
        if o.datastore.throttling {
            let x_t = s.throttled_iops().unwrap();
            prop_assert!(o.datastore.iops + s.disk.len() as u64 >= x_t, "{o:?} vs {x_t}");
            prop_assert!(o.datastore.latency_us <= s.threshold_latency_us().unwrap());
        }
    }
}
