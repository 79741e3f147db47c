//! Property tests of NIOC v3 allocation on random valid uplinks: capacity,
//! reservations as floors, limits and demand as caps, work conservation and
//! monotonicity in shares.

use crate::fixtures::proptest_config;
use proptest::prelude::*;
use vlab_sim::base::shares::{ShareLevel, Shares};
use vlab_sim::io::nioc::{allocate, NiocSpec, TrafficSpec, TrafficType, UplinkSpeed};

fn shares() -> impl Strategy<Value = Option<Shares>> {
    prop_oneof![
        Just(None),
        Just(Some(Shares::Level(ShareLevel::Low))),
        Just(Some(Shares::Level(ShareLevel::Normal))),
        Just(Some(Shares::Level(ShareLevel::High))),
        (1u32..=100).prop_map(|n| Some(Shares::Custom(n))),
    ]
}

fn uplink() -> impl Strategy<Value = UplinkSpeed> {
    prop_oneof![
        Just(UplinkSpeed::Gbe1),
        Just(UplinkSpeed::Gbe10),
        Just(UplinkSpeed::Gbe25),
    ]
}

/// A valid spec: each reservation at most a ninth of 75 %, so their sum
/// fits; limits never below reservations; demand up to 1.5 x the link.
fn spec() -> impl Strategy<Value = NiocSpec> {
    let one = (
        any::<bool>(),
        shares(),
        0u64..=1000,
        prop::option::of(0u64..=1000),
        0u64..=1000,
    );
    (uplink(), prop::collection::vec(one, 9)).prop_map(|(uplink_gbps, rows)| {
        let cap = uplink_gbps.capacity_mbps();
        let traffic = TrafficType::all()
            .into_iter()
            .zip(rows)
            .filter(|(_, (listed, ..))| *listed)
            .map(|(kind, (_, shares, res, extra, demand))| {
                let reservation_mbps = cap * 75 / 100 / 9 * res / 1000;
                TrafficSpec {
                    kind,
                    shares,
                    reservation_mbps,
                    limit_mbps: extra.map(|e| reservation_mbps + cap * e / 1000),
                    demand_mbps: cap * 3 / 2 * demand / 1000,
                }
            })
            .collect();
        NiocSpec {
            uplink_gbps,
            traffic,
        }
    })
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn specs_are_valid(s in spec()) {
        prop_assert!(s.validate().is_empty(), "{:?}", s.validate());
    }

    #[test]
    fn total_never_exceeds_the_uplink(s in spec()) {
        let total: u64 = allocate(&s).iter().map(|g| g.granted_mbps).sum();
        prop_assert!(total <= s.capacity_mbps());
    }

    #[test]
    fn each_gets_its_reservation_up_to_its_demand(s in spec()) {
        for g in allocate(&s) {
            prop_assert!(g.granted_mbps >= g.reservation_mbps.min(g.demand_mbps), "{g:?}");
        }
    }

    #[test]
    fn none_exceeds_its_limit_or_demand(s in spec()) {
        for g in allocate(&s) {
            prop_assert!(g.granted_mbps <= g.demand_mbps, "{g:?}");
            prop_assert!(g.granted_mbps <= g.limit_mbps.unwrap_or(u64::MAX), "{g:?}");
        }
    }

    /// If a type gets less than it could use, the link is full (up to one
    /// Mbps of rounding per type).
    #[test]
    fn work_conserving(s in spec()) {
        let grants = allocate(&s);
        let total: u64 = grants.iter().map(|g| g.granted_mbps).sum();
        let wanting = grants.iter().any(|g| {
            g.granted_mbps < g.demand_mbps.min(g.limit_mbps.unwrap_or(u64::MAX))
        });
        if wanting {
            prop_assert!(total + 9 >= s.capacity_mbps(), "total {total}: {grants:?}");
        }
    }

    #[test]
    fn more_shares_never_lower_a_grant(s in spec(), pick in 0usize..9, extra in 1u32..=99) {
        let kind = TrafficType::all()[pick];
        let before = allocate(&s)[pick].granted_mbps;
        let mut more = s.clone();
        let current = more.effective()[pick].shares_value() as u32;
        let raised = Shares::Custom((current + extra).min(100));
        match more.traffic.iter_mut().find(|t| t.kind == kind) {
            Some(t) => t.shares = Some(raised),
            None => more.traffic.push(TrafficSpec { shares: Some(raised), ..TrafficSpec::idle(kind) }),
        }
        prop_assert!(allocate(&more)[pick].granted_mbps >= before);
    }

    /// Below saturation every type gets its demand (capped by its limit).
    #[test]
    fn shares_matter_only_under_contention(s in spec()) {
        let grants = allocate(&s);
        let wanted: u64 = grants
            .iter()
            .map(|g| g.demand_mbps.min(g.limit_mbps.unwrap_or(u64::MAX)))
            .sum();
        if wanted <= s.capacity_mbps() {
            for g in grants {
                prop_assert_eq!(g.granted_mbps, g.demand_mbps.min(g.limit_mbps.unwrap_or(u64::MAX)));
            }
        }
    }
}
