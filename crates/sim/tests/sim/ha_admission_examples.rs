//! vSphere HA admission control against the worked examples of the vSphere
//! Availability Guide (6.0 to 8.0), one table row per case, each citing its
//! source. The guide's GHz are 1000 MHz, its GB 1024 MB; its examples give
//! reservations that already include overhead, so overhead is 0 here
//! unless a case says otherwise.
//! Sources: Availability Guide, "Slot Policy Admission Control" (and its
//! "Example: Admission Control Using Slot Policy"), "Cluster Resources
//! Percentage Admission Control" (and its example), "Dedicated Failover
//! Hosts Admission Control", "vSphere HA Advanced Options"
//! (`das.vmCpuMinMHz`, `das.slotCpuInMHz`, `das.slotMemInMB`); vSphere API
//! `ClusterFixedSizeSlotPolicy`.

use std::collections::BTreeMap;
use vlab_sim::ha::admission::{
    admit_power_on, computed_percentages, summarize, HaHost, HaRefusal, HaSummary, HaVm, Policy,
};

const GB: u64 = 1024;

fn host(name: &str, cpu_mhz: u64, mem_mb: u64) -> HaHost {
    HaHost {
        name: name.into(),
        cpu_mhz,
        mem_mb,
        connected: true,
    }
}

fn vm(name: &str, cpu_reservation_mhz: u64, mem_reservation_mb: u64) -> HaVm {
    HaVm {
        name: name.into(),
        cpu_reservation_mhz,
        mem_reservation_mb,
        mem_overhead_mb: 0,
        powered_on: true,
        host: None,
    }
}

/// The guide's cluster: H1 9 GHz / 9 GB, H2 9 GHz / 6 GB, H3 6 GHz / 6 GB.
fn guide_hosts() -> Vec<HaHost> {
    vec![
        host("H1", 9000, 9 * GB),
        host("H2", 9000, 6 * GB),
        host("H3", 6000, 6 * GB),
    ]
}

/// The guide's five powered-on VMs: 2 GHz / 1 GB, 2 GHz / 1 GB,
/// 1 GHz / 2 GB, 1 GHz / 1 GB, 1 GHz / 1 GB.
fn guide_vms() -> Vec<HaVm> {
    vec![
        vm("VM1", 2000, GB),
        vm("VM2", 2000, GB),
        vm("VM3", 1000, 2 * GB),
        vm("VM4", 1000, GB),
        vm("VM5", 1000, GB),
    ]
}

fn with(mut vms: Vec<HaVm>, more: &[HaVm]) -> Vec<HaVm> {
    vms.extend_from_slice(more);
    vms
}

/// What a case must show; compared as a whole [`HaSummary`].
struct Expect {
    slot: (u64, u64),
    slots_per_host: &'static [(&'static str, u32)],
    total: u32,
    used: u32,
    failover_slots: u32,
    available: u32,
    multi_slot_vms: u32,
    failover_capacity: u32,
    capacity: (u64, u64),
    reserved: (u64, u64),
    pct: (u32, u32),
}

impl Expect {
    fn summary(&self) -> HaSummary {
        HaSummary {
            slot_cpu_mhz: self.slot.0,
            slot_mem_mb: self.slot.1,
            slots_per_host: self
                .slots_per_host
                .iter()
                .map(|&(h, n)| (h.to_string(), n))
                .collect::<BTreeMap<_, _>>(),
            total_slots: self.total,
            used_slots: self.used,
            failover_slots: self.failover_slots,
            available_slots: self.available,
            multi_slot_vms: self.multi_slot_vms,
            failover_capacity: self.failover_capacity,
            cpu_capacity_mhz: self.capacity.0,
            mem_capacity_mb: self.capacity.1,
            cpu_reserved_mhz: self.reserved.0,
            mem_reserved_mb: self.reserved.1,
            cpu_failover_pct: self.pct.0,
            mem_failover_pct: self.pct.1,
        }
    }
}

struct SummaryCase {
    name: &'static str,
    policy: Policy,
    hosts: Vec<HaHost>,
    vms: Vec<HaVm>,
    expect: Expect,
}

fn summary_cases() -> Vec<SummaryCase> {
    vec![
        // Availability Guide, "Example: Admission Control Using Slot
        // Policy": slot 2 GHz (VM1, VM2) / 2 GB (VM3); H1 holds 4 slots, H2
        // and H3 3 each; losing H1 leaves 6 slots for 5 VMs, losing H1 and
        // H2 only 3: current failover capacity 1.
        SummaryCase {
            name: "guide slot example",
            policy: Policy::slots(1),
            hosts: guide_hosts(),
            vms: guide_vms(),
            expect: Expect {
                slot: (2000, 2 * GB),
                slots_per_host: &[("H1", 4), ("H2", 3), ("H3", 3)],
                total: 10,
                used: 5,
                failover_slots: 4,
                available: 1,
                multi_slot_vms: 0,
                failover_capacity: 1,
                capacity: (24_000, 21 * GB),
                reserved: (7000, 6 * GB),
                pct: (70, 71),
            },
        },
        // Availability Guide, "Example: Admission Control Using Cluster
        // Resources Percentage": 24 GHz / 21 GB for VMs, 7 GHz / 6 GB
        // reserved; current CPU failover capacity (24 - 7) / 24 = 70 %,
        // memory (21 - 6) / 21 = 71 %; with 25 % configured, 45 % and 46 %
        // remain to power on more VMs.
        SummaryCase {
            name: "guide percentage example",
            policy: Policy::Percentage {
                cpu_pct: 25,
                mem_pct: 25,
            },
            hosts: guide_hosts(),
            vms: guide_vms(),
            expect: Expect {
                slot: (2000, 2 * GB),
                slots_per_host: &[("H1", 4), ("H2", 3), ("H3", 3)],
                total: 10,
                used: 5,
                failover_slots: 0,
                available: 5,
                multi_slot_vms: 0,
                failover_capacity: 1,
                capacity: (24_000, 21 * GB),
                reserved: (7000, 6 * GB),
                pct: (70, 71),
            },
        },
        // Availability Guide, "Slot Policy Admission Control": "If your
        // cluster contains any virtual machines that have much larger
        // reservations than the others, they will distort slot size
        // calculation". One 4 GHz / 4 GB VM added to the guide's example:
        // slot 4 GHz / 4 GB, H1 2 slots, H2 and H3 1 each: 4 slots instead
        // of 10 for 6 VMs, failover capacity 0.
        SummaryCase {
            name: "one big reservation wastes slots",
            policy: Policy::slots(1),
            hosts: guide_hosts(),
            vms: with(guide_vms(), &[vm("big", 4000, 4 * GB)]),
            expect: Expect {
                slot: (4000, 4 * GB),
                slots_per_host: &[("H1", 2), ("H2", 1), ("H3", 1)],
                total: 4,
                used: 6,
                failover_slots: 2,
                available: 0,
                multi_slot_vms: 0,
                failover_capacity: 0,
                capacity: (24_000, 21 * GB),
                reserved: (11_000, 10 * GB),
                pct: (54, 52),
            },
        },
        // Availability Guide, "Slot Policy Admission Control": "If you have
        // not specified a CPU reservation for a virtual machine, it is
        // assigned a default value of 32 MHz" (das.vmCpuMinMHz); memory has
        // no default, so the slot is the largest overhead. 4000 / 32 = 125
        // slots per host (memory would allow 65536 / 150 = 436). The
        // percentage policy counts the same 32 MHz and 0 MB + overhead
        // ("Cluster Resources Percentage Admission Control").
        SummaryCase {
            name: "32 MHz default when nothing is reserved",
            policy: Policy::slots(1),
            hosts: vec![host("esx1", 4000, 64 * GB), host("esx2", 4000, 64 * GB)],
            vms: vec![
                HaVm {
                    mem_overhead_mb: 100,
                    ..vm("a", 0, 0)
                },
                HaVm {
                    mem_overhead_mb: 150,
                    ..vm("b", 0, 0)
                },
                HaVm {
                    mem_overhead_mb: 120,
                    ..vm("c", 0, 0)
                },
            ],
            expect: Expect {
                slot: (32, 150),
                slots_per_host: &[("esx1", 125), ("esx2", 125)],
                total: 250,
                used: 3,
                failover_slots: 125,
                available: 122,
                multi_slot_vms: 0,
                failover_capacity: 1,
                capacity: (8000, 128 * GB),
                reserved: (96, 370),
                // (8000 - 96) / 8000 = 98.8 %, (131072 - 370) / 131072 = 99.7 %.
                pct: (98, 99),
            },
        },
        // Availability Guide, "Slot Policy Admission Control" (fixed slot
        // size; das.slotCpuInMHz / das.slotMemInMB) and the API's
        // ClusterFixedSizeSlotPolicy: "outlier virtual machines will use
        // multiple slots". The guide's cluster with a 1 GHz / 1 GB slot:
        // 9, 6 and 6 slots; VM1 and VM2 (2 GHz) and VM3 (2 GB) take 2 each:
        // 8 used, 3 VMs need several slots; losing H1 leaves 12, losing H2
        // too only 6.
        SummaryCase {
            name: "fixed slot size with multi-slot VMs",
            policy: Policy::Slots {
                host_failures: 1,
                fixed_cpu_slot_mhz: Some(1000),
                fixed_mem_slot_mb: Some(GB),
            },
            hosts: guide_hosts(),
            vms: guide_vms(),
            expect: Expect {
                slot: (1000, GB),
                slots_per_host: &[("H1", 9), ("H2", 6), ("H3", 6)],
                total: 21,
                used: 8,
                failover_slots: 9,
                available: 4,
                multi_slot_vms: 3,
                failover_capacity: 1,
                capacity: (24_000, 21 * GB),
                reserved: (7000, 6 * GB),
                pct: (70, 71),
            },
        },
        // Availability Guide, "Dedicated Failover Hosts Admission Control":
        // no VM may run on a failover host, so H3 is left out: H1 and H2
        // give 7 slots, 18 GHz / 15 GB; (18 - 7) / 18 = 61 %,
        // (15 - 6) / 15 = 60 %.
        SummaryCase {
            name: "dedicated failover host excluded",
            policy: Policy::FailoverHosts {
                hosts: vec!["H3".into()],
            },
            hosts: guide_hosts(),
            vms: guide_vms(),
            expect: Expect {
                slot: (2000, 2 * GB),
                slots_per_host: &[("H1", 4), ("H2", 3)],
                total: 7,
                used: 5,
                failover_slots: 0,
                available: 2,
                multi_slot_vms: 0,
                failover_capacity: 0,
                capacity: (18_000, 15 * GB),
                reserved: (7000, 6 * GB),
                pct: (61, 60),
            },
        },
        // Availability Guide, "Cluster Resources Percentage Admission
        // Control": "Only hosts that are connected, not in maintenance mode,
        // and have no vSphere HA errors are considered." H1 failed: 6 slots
        // for 5 VMs, no more host may fail; 15 GHz / 12 GB: 53 % and 50 %.
        SummaryCase {
            name: "a failed host counts for nothing",
            policy: Policy::slots(1),
            hosts: {
                let mut h = guide_hosts();
                h[0].connected = false;
                h
            },
            vms: guide_vms(),
            expect: Expect {
                slot: (2000, 2 * GB),
                slots_per_host: &[("H2", 3), ("H3", 3)],
                total: 6,
                used: 5,
                failover_slots: 3,
                available: 0,
                multi_slot_vms: 0,
                failover_capacity: 0,
                capacity: (15_000, 12 * GB),
                reserved: (7000, 6 * GB),
                pct: (53, 50),
            },
        },
        // Slot policy: powered-off VMs neither size the slot nor use one
        // ("the largest CPU reservation of any powered-on virtual machine").
        SummaryCase {
            name: "powered-off VMs do not count",
            policy: Policy::slots(1),
            hosts: guide_hosts(),
            vms: with(
                guide_vms(),
                &[HaVm {
                    powered_on: false,
                    ..vm("off", 8000, 8 * GB)
                }],
            ),
            expect: Expect {
                slot: (2000, 2 * GB),
                slots_per_host: &[("H1", 4), ("H2", 3), ("H3", 3)],
                total: 10,
                used: 5,
                failover_slots: 4,
                available: 1,
                multi_slot_vms: 0,
                failover_capacity: 1,
                capacity: (24_000, 21 * GB),
                reserved: (7000, 6 * GB),
                pct: (70, 71),
            },
        },
    ]
}

#[test]
fn summaries_match_the_guide() {
    for case in summary_cases() {
        let got = summarize(&case.policy, &case.hosts, &case.vms);
        assert_eq!(got, case.expect.summary(), "case: {}", case.name);
    }
}

struct AdmitCase {
    name: &'static str,
    policy: Policy,
    hosts: Vec<HaHost>,
    vms: Vec<HaVm>,
    candidate: HaVm,
    expect: Result<(), HaRefusal>,
}

fn on_host(mut v: HaVm, host: &str) -> HaVm {
    v.host = Some(host.into());
    v
}

fn admit_cases() -> Vec<AdmitCase> {
    let pct25 = Policy::Percentage {
        cpu_pct: 25,
        mem_pct: 25,
    };
    let failover_h3 = Policy::FailoverHosts {
        hosts: vec!["H3".into()],
    };
    vec![
        // Slot example: 10 slots, 5 used, 4 held for H1: one is available.
        AdmitCase {
            name: "slot policy admits into the last available slot",
            policy: Policy::slots(1),
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: vm("VM6", 1000, GB),
            expect: Ok(()),
        },
        // ... and refuses the next one: losing H1 would leave 6 slots for 7.
        AdmitCase {
            name: "slot policy refuses when no slot is left",
            policy: Policy::slots(1),
            hosts: guide_hosts(),
            vms: with(guide_vms(), &[vm("VM6", 1000, GB)]),
            candidate: vm("VM7", 1000, GB),
            expect: Err(HaRefusal::NotEnoughSlots {
                needed: 1,
                available: 0,
                host_failures: 1,
            }),
        },
        // The outlier inflates the slot to 4 GHz / 4 GB before it is
        // counted: 4 slots, 5 used by the others, 2 held back.
        AdmitCase {
            name: "slot policy refuses an outlier that would shrink the slots",
            policy: Policy::slots(1),
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: vm("big", 4000, 4 * GB),
            expect: Err(HaRefusal::NotEnoughSlots {
                needed: 1,
                available: 0,
                host_failures: 1,
            }),
        },
        // Fixed 1 GHz / 1 GB slots: 4 available; a 3 GHz VM takes 3.
        AdmitCase {
            name: "fixed slots admit a multi-slot VM that fits",
            policy: Policy::Slots {
                host_failures: 1,
                fixed_cpu_slot_mhz: Some(1000),
                fixed_mem_slot_mb: Some(GB),
            },
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: vm("wide", 3000, GB),
            expect: Ok(()),
        },
        // ... but not one that needs 5 (5 GB).
        AdmitCase {
            name: "fixed slots refuse a multi-slot VM that does not fit",
            policy: Policy::Slots {
                host_failures: 1,
                fixed_cpu_slot_mhz: Some(1000),
                fixed_mem_slot_mb: Some(GB),
            },
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: vm("wide", 1000, 5 * GB),
            expect: Err(HaRefusal::NotEnoughSlots {
                needed: 5,
                available: 4,
                host_failures: 1,
            }),
        },
        // Percentage example, 25 % configured: 17 GHz free, so 11 GHz more
        // leaves exactly 6 GHz = 25 %.
        AdmitCase {
            name: "percentage policy admits down to exactly the configured share",
            policy: pct25.clone(),
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: vm("cpu", 11_000, 0),
            expect: Ok(()),
        },
        // One MHz more: 5999 / 24000 = 24.99 %.
        AdmitCase {
            name: "percentage policy refuses below the CPU share",
            policy: pct25.clone(),
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: vm("cpu", 11_001, 0),
            expect: Err(HaRefusal::CpuBelowPct {
                would_be_pct: 24,
                configured_pct: 25,
            }),
        },
        // Memory: 15 GB free, 25 % of 21 GB is 5376 MB, so 9984 MB fits,
        // 10000 MB leaves 5360 MB = 24.9 %.
        AdmitCase {
            name: "percentage policy refuses below the memory share",
            policy: pct25,
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: vm("mem", 1000, 10_000),
            expect: Err(HaRefusal::MemBelowPct {
                would_be_pct: 24,
                configured_pct: 25,
            }),
        },
        // vSphere 6.5+: percentages computed from one host failure reserve
        // the largest host's share: 9/24 = 37.5 % -> 38 %, 9/21 -> 43 %.
        // 8 GHz more leaves 9/24 = 37.5 %.
        AdmitCase {
            name: "computed percentages refuse what the largest host could not restart",
            policy: Policy::percentage_for_host_failures(&guide_hosts(), 1),
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: vm("cpu", 8000, 0),
            expect: Err(HaRefusal::CpuBelowPct {
                would_be_pct: 37,
                configured_pct: 38,
            }),
        },
        // Dedicated failover hosts: "you cannot power on a virtual machine
        // on a failover host".
        AdmitCase {
            name: "failover host refuses a power-on on it",
            policy: failover_h3.clone(),
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: on_host(vm("VM6", 1000, GB), "H3"),
            expect: Err(HaRefusal::FailoverHost { host: "H3".into() }),
        },
        AdmitCase {
            name: "failover host policy admits elsewhere",
            policy: failover_h3,
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: on_host(vm("VM6", 1000, GB), "H1"),
            expect: Ok(()),
        },
        AdmitCase {
            name: "nowhere to go when every host is a failover host",
            policy: Policy::FailoverHosts {
                hosts: vec!["H1".into(), "H2".into(), "H3".into()],
            },
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: vm("VM6", 1000, GB),
            expect: Err(HaRefusal::OnlyFailoverHosts),
        },
        // Availability Guide, "Disabled": power-ons that violate
        // availability constraints are allowed.
        AdmitCase {
            name: "disabled admits everything",
            policy: Policy::Disabled,
            hosts: guide_hosts(),
            vms: guide_vms(),
            candidate: vm("huge", 1_000_000, 1_000_000),
            expect: Ok(()),
        },
    ]
}

#[test]
fn power_on_decisions_follow_each_policy() {
    for case in admit_cases() {
        let got = admit_power_on(&case.policy, &case.hosts, &case.vms, &case.candidate);
        assert_eq!(got, case.expect, "case: {}", case.name);
    }
}

#[test]
fn computed_percentages_reserve_the_largest_hosts() {
    // vSphere 6.5+ computes the percentage policy from the host failures
    // to tolerate; for equal hosts that is N / hosts (Availability Guide,
    // best practices: "ten hosts ... two host failures ... 20%").
    let ten: Vec<HaHost> = (0..10)
        .map(|i| host(&format!("h{i}"), 10_000, 64 * GB))
        .collect();
    assert_eq!(computed_percentages(&ten, 2), (20, 20));
    // The guide's unequal hosts: the largest CPU (9 of 24 GHz) and the
    // largest memory (9 of 21 GB), rounded up.
    assert_eq!(computed_percentages(&guide_hosts(), 1), (38, 43));
}

#[test]
fn a_candidate_already_in_the_list_is_not_counted_twice() {
    // The candidate replaces a powered-off entry of the same name rather
    // than counting twice.
    let vms = with(
        guide_vms(),
        &[HaVm {
            powered_on: false,
            ..vm("VM6", 1000, GB)
        }],
    );
    assert_eq!(
        admit_power_on(
            &Policy::slots(1),
            &guide_hosts(),
            &vms,
            &vm("VM6", 1000, GB)
        ),
        Ok(())
    );
}

#[test]
fn refusals_name_the_numbers() {
    let refusal = admit_power_on(
        &Policy::Percentage {
            cpu_pct: 25,
            mem_pct: 25,
        },
        &guide_hosts(),
        &guide_vms(),
        &vm("cpu", 11_001, 0),
    )
    .unwrap_err();
    assert_eq!(
        refusal,
        HaRefusal::CpuBelowPct {
            would_be_pct: 24,
            configured_pct: 25
        }
    );
}
