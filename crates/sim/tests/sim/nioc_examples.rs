//! NIOC v3 examples: the vSphere Networking guide's worked examples as data,
//! the published defaults, validation messages and the scenario format.

use vlab_sim::base::shares::{ShareLevel, Shares};
use vlab_sim::io::nioc::{allocate, net_shares, NiocSpec, TrafficSpec, TrafficType, UplinkSpeed};

use TrafficType::*;

/// vSphere 6.0 Networking guide, "Bandwidth Allocation Parameters for
/// System Traffic" (Shares row).
const GUIDE_SHARES: &str = "https://docs.vmware.com/en/VMware-vSphere/6.0/com.vmware.vsphere.networking.doc/GUID-E8F17006-45DD-4AE7-9984-BF43952599E5.html";
/// Same guide, "Example Bandwidth Reservation for System Traffic".
const GUIDE_RESERVATION: &str = "http://pubs.vmware.com/vsphere-60/topic/com.vmware.vsphere.networking.doc/GUID-E1983465-4EEB-4526-ADC8-939159335284.html";
/// Same guide, Reservation row: unused reservation goes to other traffic.
const GUIDE_UNUSED: &str = GUIDE_SHARES;
/// Derived from the model (divvy) with published parameters.
const DERIVED: &str = "derived: crate::divvy with the published share levels";

/// (kind, shares, reservation, limit, demand); absent shares = default.
type Row = (TrafficType, Option<u32>, u64, Option<u64>, u64);

struct Case {
    name: &'static str,
    source: &'static str,
    gbps: u32,
    traffic: &'static [Row],
    /// Expected grants [Mbps]; unlisted types must get 0.
    expect: &'static [(TrafficType, u64)],
}

const SATURATE: u64 = 10_000;

const CASES: &[Case] = &[
    Case {
        // "you assign 100 shares to vSphere FT traffic and iSCSI traffic,
        // while each of the other network resource pools has 50 shares ...
        // vSphere Fault Tolerance and iSCSI are the active traffic types on
        // the physical adapter and they use up its capacity. Each traffic
        // receives 50% of the available bandwidth."
        name: "FT and iSCSI at 100 shares, both active: 50% each",
        source: GUIDE_SHARES,
        gbps: 10,
        traffic: &[
            (FaultTolerance, Some(100), 0, None, SATURATE),
            (Iscsi, Some(100), 0, None, SATURATE),
            (Management, Some(50), 0, None, 0),
        ],
        expect: &[(FaultTolerance, 5000), (Iscsi, 5000)],
    },
    Case {
        // "... all three traffic types saturate the adapter. In this case,
        // vSphere FT traffic and iSCSI traffic obtain 40% of the adapter
        // capacity, and vMotion 20%." (The guide names the third type
        // management, then vMotion; either way it is the one at 50 shares.)
        name: "FT and iSCSI at 100, management at 50, all active: 40/40/20%",
        source: GUIDE_SHARES,
        gbps: 10,
        traffic: &[
            (FaultTolerance, Some(100), 0, None, SATURATE),
            (Iscsi, Some(100), 0, None, SATURATE),
            (Management, Some(50), 0, None, SATURATE),
        ],
        expect: &[(FaultTolerance, 4000), (Iscsi, 4000), (Management, 2000)],
    },
    Case {
        // Reservations 1 Gbps for management, iSCSI, FT and vMotion and
        // 0.5 Gbps for VMs; every type saturating the adapter with default
        // shares. The shares split (VM 100, others 50: 20 Mbps a share)
        // already covers every reservation: a reservation is a floor.
        name: "guide's 10 GbE reservations, everything saturating",
        source: GUIDE_RESERVATION,
        gbps: 10,
        traffic: &[
            (Management, None, 1000, None, SATURATE),
            (Iscsi, None, 1000, None, SATURATE),
            (FaultTolerance, None, 1000, None, SATURATE),
            (Vmotion, None, 1000, None, SATURATE),
            (VirtualMachine, None, 500, None, SATURATE),
            (Nfs, None, 0, None, SATURATE),
            (Vsan, None, 0, None, SATURATE),
            (VsphereReplication, None, 0, None, SATURATE),
            (Backup, None, 0, None, SATURATE),
        ],
        expect: &[
            (Management, 1000),
            (VirtualMachine, 2000),
            (Vmotion, 1000),
            (FaultTolerance, 1000),
            (Iscsi, 1000),
            (Nfs, 1000),
            (Vsan, 1000),
            (VsphereReplication, 1000),
            (Backup, 1000),
        ],
    },
    Case {
        // "Reserved bandwidth that is unused becomes available to other
        // types of system traffic." iSCSI reserves 2 Gbps but is idle.
        name: "an idle type's reservation goes to the others",
        source: GUIDE_UNUSED,
        gbps: 10,
        traffic: &[
            (Iscsi, None, 2000, None, 0),
            (VirtualMachine, None, 0, None, SATURATE),
            (Vmotion, None, 0, None, SATURATE),
        ],
        expect: &[(VirtualMachine, 6666), (Vmotion, 3333)],
    },
    Case {
        name: "a reservation above the share split lifts the type to it",
        source: DERIVED,
        gbps: 10,
        traffic: &[
            (Vmotion, None, 5000, None, SATURATE),
            (VirtualMachine, None, 0, None, SATURATE),
        ],
        expect: &[(Vmotion, 5000), (VirtualMachine, 5000)],
    },
    Case {
        name: "a limit caps a type even on an idle adapter",
        source: DERIVED,
        gbps: 10,
        traffic: &[(Vmotion, None, 0, Some(3000), SATURATE)],
        expect: &[(Vmotion, 3000)],
    },
    Case {
        name: "without contention shares do not matter",
        source: DERIVED,
        gbps: 10,
        traffic: &[
            (VirtualMachine, None, 0, None, 3000),
            (Vmotion, Some(1), 0, None, 4000),
        ],
        expect: &[(VirtualMachine, 3000), (Vmotion, 4000)],
    },
    Case {
        name: "1 GbE: VM traffic (high) against vMotion (normal), 2:1",
        source: DERIVED,
        gbps: 1,
        traffic: &[
            (VirtualMachine, None, 0, None, 800),
            (Vmotion, None, 0, None, 800),
        ],
        expect: &[(VirtualMachine, 666), (Vmotion, 333)],
    },
    Case {
        name: "25 GbE: vSAN at high against vMotion at normal, 2:1",
        source: DERIVED,
        gbps: 25,
        traffic: &[
            (Vsan, Some(100), 0, None, 20_000),
            (Vmotion, None, 0, None, 20_000),
        ],
        expect: &[(Vsan, 16_666), (Vmotion, 8333)],
    },
];

fn spec(case: &Case) -> NiocSpec {
    NiocSpec {
        uplink_gbps: UplinkSpeed::from_gbps(case.gbps).expect("modelled speed"),
        traffic: case
            .traffic
            .iter()
            .map(|&(kind, shares, res, limit, demand)| TrafficSpec {
                kind,
                shares: shares.map(Shares::Custom),
                reservation_mbps: res,
                limit_mbps: limit,
                demand_mbps: demand,
            })
            .collect(),
    }
}

#[test]
fn published_examples_from_the_networking_guide() {
    for case in CASES {
        let s = spec(case);
        assert!(s.validate().is_empty(), "{}: {:?}", case.name, s.validate());
        let grants = allocate(&s);
        for g in &grants {
            let want = case
                .expect
                .iter()
                .find(|(k, _)| *k == g.kind)
                .map_or(0, |&(_, mbps)| mbps);
            assert_eq!(
                g.granted_mbps,
                want,
                "{} ({}): {}",
                case.name,
                case.source,
                g.kind.name()
            );
        }
    }
}

#[test]
fn share_levels_are_25_50_100_and_defaults_are_published() {
    let levels = [ShareLevel::Low, ShareLevel::Normal, ShareLevel::High].map(Shares::Level);
    assert_eq!(levels.map(net_shares), [25, 50, 100]);
    assert_eq!(net_shares(Shares::Custom(7)), 7);
    for kind in TrafficType::all() {
        let want = if kind == VirtualMachine { 100 } else { 50 };
        let idle = TrafficSpec::idle(kind);
        assert_eq!(idle.shares_value(), want, "{}", kind.name());
        assert_eq!((idle.reservation_mbps, idle.limit_mbps), (0, None));
    }
}

#[test]
fn traffic_type_names_are_stable_and_parse() {
    let names = TrafficType::all().map(TrafficType::name);
    assert_eq!(
        names,
        [
            "management",
            "virtual_machine",
            "vmotion",
            "fault_tolerance",
            "iscsi",
            "nfs",
            "vsan",
            "vsphere_replication",
            "backup"
        ]
    );
    for kind in TrafficType::all() {
        assert_eq!(TrafficType::parse(kind.name()), Some(kind));
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{}\"", kind.name()));
    }
    assert_eq!(TrafficType::parse("vmotion "), Some(Vmotion));
    assert_eq!(TrafficType::parse("hbr"), None);
}

#[test]
fn grants_list_all_nine_types_in_stable_order() {
    let s = NiocSpec {
        uplink_gbps: UplinkSpeed::Gbe10,
        traffic: vec![
            TrafficSpec {
                demand_mbps: 100,
                ..TrafficSpec::idle(Backup)
            },
            TrafficSpec {
                demand_mbps: 200,
                ..TrafficSpec::idle(Management)
            },
        ],
    };
    let grants = allocate(&s);
    assert_eq!(
        grants.iter().map(|g| g.kind).collect::<Vec<_>>(),
        TrafficType::all().to_vec()
    );
    assert_eq!(grants[0].granted_mbps, 200);
    assert_eq!(grants[8].granted_mbps, 100);
    assert_eq!(grants[1].shares, 100);
}

#[test]
fn uplink_speeds_and_the_75_percent_cap() {
    let caps = [UplinkSpeed::Gbe1, UplinkSpeed::Gbe10, UplinkSpeed::Gbe25].map(|u| {
        let s = NiocSpec {
            uplink_gbps: u,
            traffic: vec![],
        };
        (s.capacity_mbps(), s.max_reservation_mbps())
    });
    assert_eq!(caps, [(1000, 750), (10_000, 7500), (25_000, 18_750)]);
    assert_eq!(UplinkSpeed::from_gbps(40), None);
    assert_eq!(UplinkSpeed::default(), UplinkSpeed::Gbe10);
}

fn reserve(kind: TrafficType, mbps: u64) -> TrafficSpec {
    TrafficSpec {
        reservation_mbps: mbps,
        ..TrafficSpec::idle(kind)
    }
}

#[test]
fn reservations_up_to_exactly_75_percent_are_valid() {
    // "You can reserve no more than 75 percent of the bandwidth of a
    // physical network adapter, that is, no more than 7.5 Gbps."
    let ok = NiocSpec {
        uplink_gbps: UplinkSpeed::Gbe10,
        traffic: vec![reserve(Vmotion, 4000), reserve(Vsan, 3500)],
    };
    assert!(ok.validate().is_empty(), "{:?}", ok.validate());
    let over = NiocSpec {
        traffic: vec![reserve(Vmotion, 4000), reserve(Vsan, 3501)],
        ..ok
    };
    assert_eq!(
        over.validate(),
        vec![(
            "traffic".to_string(),
            "the reservations add up to 7501 Mbps, above 75% of the 10 GbE uplink (7500 Mbps); lower some of them".to_string()
        )]
    );
}

#[test]
fn validate_names_the_field_and_the_fix() {
    let s = NiocSpec {
        uplink_gbps: UplinkSpeed::Gbe10,
        traffic: vec![
            reserve(Vmotion, 9000),
            TrafficSpec {
                shares: Some(Shares::Custom(150)),
                ..TrafficSpec::idle(Nfs)
            },
            TrafficSpec {
                limit_mbps: Some(100),
                ..reserve(Iscsi, 200)
            },
            TrafficSpec::idle(Nfs),
        ],
    };
    let problems = s.validate();
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "traffic.vmotion.reservation_mbps",
            "traffic.nfs.shares",
            "traffic.iscsi.limit_mbps",
            "traffic.nfs"
        ]
    );
    assert_eq!(
        problems[0].1,
        "9000 Mbps is above 75% of the 10 GbE uplink (7500 Mbps); lower it"
    );
    assert!(problems[1].1.contains("1 to 100"), "{}", problems[1].1);
    assert!(
        problems[2].1.contains("raise the limit"),
        "{}",
        problems[2].1
    );
    assert!(
        problems[3].1.contains("more than once"),
        "{}",
        problems[3].1
    );
}

#[test]
fn parses_a_scenario_fragment_with_defaults() {
    let s: NiocSpec = toml::from_str(
        r#"
        uplink_gbps = 25
        [[traffic]]
        kind = "vmotion"
        shares = "high"
        reservation_mbps = 1000
        limit_mbps = 8000
        demand_mbps = 9000
        [[traffic]]
        kind = "virtual_machine"
        shares = 30
        "#,
    )
    .unwrap();
    assert_eq!(s.uplink_gbps, UplinkSpeed::Gbe25);
    assert_eq!(s.traffic[0].shares_value(), 100);
    assert_eq!(s.traffic[1].shares_value(), 30);
    assert_eq!(s.traffic[1].demand_mbps, 0);
    assert_eq!(s.traffic[1].limit_mbps, None);

    let empty: NiocSpec = toml::from_str("").unwrap();
    assert_eq!(empty, NiocSpec::default());
    assert_eq!(empty.capacity_mbps(), 10_000);

    let back: NiocSpec = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
}

#[test]
fn rejects_unknown_fields_kinds_and_speeds() {
    let bad_field = toml::from_str::<NiocSpec>("[[traffic]]\nkind = \"nfs\"\nreserve = 5\n");
    assert!(bad_field.unwrap_err().to_string().contains("unknown field"));
    let bad_kind = toml::from_str::<NiocSpec>("[[traffic]]\nkind = \"hbr\"\n");
    assert!(bad_kind.is_err());
    let bad_speed = toml::from_str::<NiocSpec>("uplink_gbps = 40\n").unwrap_err();
    assert!(
        bad_speed.to_string().contains("use 1, 10 or 25"),
        "{bad_speed}"
    );
    let top = toml::from_str::<NiocSpec>("uplink = 10\n");
    assert!(top.is_err());
}
