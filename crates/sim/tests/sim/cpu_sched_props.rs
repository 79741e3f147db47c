//! Property tests of the CPU scheduler accounting (`cpu_sched`) and of
//! FusionCompute's CPU QoS (`fc_qos`) against the divvy.

use crate::fixtures::proptest_config;
use proptest::prelude::*;
use vlab_sim::base::divvy::{divvy, Claim};
use vlab_sim::cpu::fc_qos::{fusioncompute_cpu_allocation, FcVm};
use vlab_sim::cpu::sched::{sched_samples, CpuSchedSample, HostCpu, Queueing, VmCpu};

// ---------------------------------------------------------------------------
// cpu_sched
// ---------------------------------------------------------------------------

fn host() -> impl Strategy<Value = HostCpu> {
    (1u32..=64, 500u64..=4000).prop_map(|(pcpus, core_mhz)| HostCpu { pcpus, core_mhz })
}

/// A VM on a host with `core_mhz` cores: demand up to a bit over what its
/// vCPUs can use, any grant up to a bit over the demand (the model clamps),
/// sometimes a limit.
fn vm(core_mhz: u64) -> impl Strategy<Value = VmCpu> {
    (
        1u32..=16,
        0u64..=1200,
        0u64..=1100,
        prop::option::of(0u64..=1200),
    )
        .prop_map(move |(vcpus, demand_pm, granted_pm, limit_pm)| {
            let full = u64::from(vcpus) * core_mhz;
            let demand_mhz = full * demand_pm / 1000;
            VmCpu {
                vcpus,
                demand_mhz,
                granted_mhz: demand_mhz * granted_pm / 1000,
                limit_mhz: limit_pm.map(|l| full * l / 1000),
            }
        })
}

/// A host, 1 to 8 VMs on it, an interval (mostly vCenter's 20 s) and a
/// queueing mode.
fn case() -> impl Strategy<Value = (HostCpu, Vec<VmCpu>, u32, Queueing)> {
    let interval = prop_oneof![Just(20u32), 1u32..=3600];
    let queueing = prop_oneof![Just(Queueing::Off), Just(Queueing::ErlangC)];
    (host(), interval, queueing).prop_flat_map(|(h, interval_s, q)| {
        prop::collection::vec(vm(h.core_mhz), 1..8).prop_map(move |vms| (h, vms, interval_s, q))
    })
}

fn samples(c: &(HostCpu, Vec<VmCpu>, u32, Queueing)) -> Vec<CpuSchedSample> {
    sched_samples(&c.0, &c.1, c.2, c.3)
}

proptest! {
    #![proptest_config(proptest_config(256))]

    /// run + ready + costop ≤ interval per vCPU; with wait they fill it.
    #[test]
    fn states_fill_the_interval(c in case()) {
        let interval_ms = u64::from(c.2) * 1000;
        for s in samples(&c) {
            let total = u64::from(s.vcpus) * interval_ms;
            prop_assert!(s.run_ms + s.ready_ms + s.costop_ms <= total);
            prop_assert_eq!(s.run_ms + s.ready_ms + s.costop_ms + s.wait_ms, total);
            prop_assert!(
                s.run_ms_per_vcpu() + s.ready_ms_per_vcpu() + s.costop_ms_per_vcpu()
                    <= interval_ms
            );
        }
    }

    /// %MLMTD and the queueing term are parts of %RDY.
    #[test]
    fn mlmtd_and_queueing_are_within_ready(c in case()) {
        for s in samples(&c) {
            prop_assert!(s.mlmtd_ms + s.ready_queue_ms <= s.ready_ms);
            prop_assert!(s.mlmtd_pct_x100 <= s.ready_pct_x100);
        }
    }

    /// Run time is the grant (within the demand), rounded down to ms.
    #[test]
    fn run_is_the_grant(c in case()) {
        let interval_ms = u64::from(c.2) * 1000;
        for (s, v) in samples(&c).iter().zip(&c.1) {
            let want = v.demand_mhz.min(u64::from(v.vcpus) * c.0.core_mhz);
            prop_assert_eq!(s.run_ms, v.granted_mhz.min(want) * interval_ms / c.0.core_mhz);
        }
    }

    /// Less granted CPU (same demand) never means less ready time.
    #[test]
    fn ready_never_decreases_when_granted_decreases(c in case(), cut_pm in 0u64..=1000) {
        let mut less = c.clone();
        less.1[0].granted_mhz = c.1[0].granted_mhz * cut_pm / 1000;
        let (before, after) = (samples(&c)[0], samples(&less)[0]);
        prop_assert!(after.ready_ms >= before.ready_ms, "{:?} -> {:?}", before, after);
        prop_assert!(after.ready_ms + after.costop_ms >= before.ready_ms + before.costop_ms);
    }

    #[test]
    fn one_vcpu_vms_never_costop(c in case()) {
        for s in samples(&c) {
            if s.vcpus == 1 {
                prop_assert_eq!(s.costop_ms, 0);
            }
        }
    }

    /// Granted all it wants and no binding limit: no fluid ready, no
    /// co-stop, no %MLMTD; without queueing, no ready at all.
    #[test]
    fn no_shortfall_no_fluid_ready(mut c in case()) {
        for v in &mut c.1 {
            v.granted_mhz = v.demand_mhz;
            v.limit_mhz = None;
        }
        for s in samples(&c) {
            prop_assert_eq!((s.ready_ms - s.ready_queue_ms, s.costop_ms, s.mlmtd_ms), (0, 0, 0));
            if c.3 == Queueing::Off {
                prop_assert_eq!(s.ready_ms, 0);
            }
        }
    }

    /// Co-stop is at most 10% of the time lost to contention.
    #[test]
    fn costop_is_a_small_share_of_contention(c in case()) {
        for s in samples(&c) {
            let contention = s.ready_ms - s.mlmtd_ms - s.ready_queue_ms + s.costop_ms;
            prop_assert!(s.costop_ms * 10 <= contention);
        }
    }

    /// More load on the host never shortens a VM's queueing wait.
    #[test]
    fn queueing_grows_with_host_load(c in case(), extra in vm(1000)) {
        let mut more = c.clone();
        more.3 = Queueing::ErlangC;
        let base = samples(&more)[0];
        more.1.push(VmCpu { demand_mhz: extra.demand_mhz * more.0.core_mhz / 1000, ..extra });
        prop_assert!(samples(&more)[0].ready_queue_ms >= base.ready_queue_ms);
    }

    /// Percentages follow the published formula from the ms counters.
    #[test]
    fn percentages_follow_the_formula(c in case()) {
        for s in samples(&c) {
            let pct = |ms: u64| (ms * 10 / u64::from(c.2)) as u32;
            prop_assert_eq!(s.ready_pct_x100, pct(s.ready_ms));
            prop_assert_eq!(s.costop_pct_x100, pct(s.costop_ms));
            prop_assert_eq!(s.run_pct_x100, pct(s.run_ms));
            let per_vcpu = (s.ready_ms * 10 / (u64::from(c.2) * u64::from(s.vcpus))) as u32;
            prop_assert_eq!(s.ready_pct_x100_per_vcpu(), per_vcpu);
        }
    }

    /// Same inputs, same samples; a sample survives a JSON round trip.
    #[test]
    fn deterministic(c in case()) {
        let first = samples(&c);
        prop_assert_eq!(&first, &samples(&c));
        let json = serde_json::to_string(&first).unwrap();
        prop_assert_eq!(serde_json::from_str::<Vec<CpuSchedSample>>(&json).unwrap(), first);
    }
}

// ---------------------------------------------------------------------------
// fc_qos against the divvy
// ---------------------------------------------------------------------------

fn fc_vm() -> impl Strategy<Value = FcVm> {
    (
        0u64..=4000,
        prop_oneof![Just(0u64), 0u64..=3000],
        prop::option::of(0u64..=6000),
        0u64..=8000,
    )
        .prop_map(|(quota, reservation_mhz, limit_mhz, demand_mhz)| FcVm {
            quota,
            reservation_mhz,
            limit_mhz,
            demand_mhz,
        })
}

/// VMs and a capacity that holds their reservations (admission control),
/// or, one time in eight, any capacity.
fn fc_case() -> impl Strategy<Value = (u64, Vec<FcVm>)> {
    (prop::collection::vec(fc_vm(), 0..8), 0u64..=20_000, 0u32..8).prop_map(|(vms, extra, pick)| {
        let floors: u64 = vms.iter().map(|v| v.claim().floor).sum();
        let capacity = if pick == 0 { extra } else { floors + extra };
        (capacity, vms)
    })
}

fn both(capacity: u64, vms: &[FcVm]) -> (Vec<u64>, Vec<u64>) {
    let claims: Vec<Claim> = vms.iter().map(FcVm::claim).collect();
    (
        fusioncompute_cpu_allocation(capacity, vms),
        divvy(capacity, &claims),
    )
}

proptest! {
    #![proptest_config(proptest_config(256))]

    /// Floors (what of the reservation is wanted) and caps hold; the grants
    /// fit in the capacity.
    #[test]
    fn fc_respects_reservations_limits_and_capacity((capacity, vms) in fc_case()) {
        let got = fusioncompute_cpu_allocation(capacity, &vms);
        prop_assert!(got.iter().sum::<u64>() <= capacity);
        let floors: u64 = vms.iter().map(|v| v.claim().floor).sum();
        for (g, v) in got.iter().zip(&vms) {
            prop_assert!(*g <= v.cap_mhz());
            if floors <= capacity {
                prop_assert!(*g >= v.claim().floor);
            }
        }
    }

    #[test]
    fn fc_agrees_with_divvy_without_contention((capacity, vms) in fc_case()) {
        let caps: u64 = vms.iter().map(FcVm::cap_mhz).sum();
        let (fc, dv) = both(capacity.max(caps), &vms);
        prop_assert_eq!(fc, dv);
    }

    #[test]
    fn fc_agrees_with_divvy_without_reservations((capacity, mut vms) in fc_case()) {
        for v in &mut vms {
            v.reservation_mhz = 0;
        }
        let (fc, dv) = both(capacity, &vms);
        prop_assert_eq!(fc, dv);
    }

    /// The published situation: every VM busy (wants the whole host), no
    /// limits; reservations within the capacity.
    #[test]
    fn fc_agrees_with_divvy_when_all_busy_without_limits((capacity, mut vms) in fc_case()) {
        let floors: u64 = vms.iter().map(|v| v.reservation_mhz).sum();
        let capacity = capacity.max(floors);
        for v in &mut vms {
            v.limit_mhz = None;
            v.demand_mhz = capacity;
        }
        let (fc, dv) = both(capacity, &vms);
        prop_assert_eq!(fc, dv);
    }

    /// Where they differ, the literal rule left a VM at its reservation
    /// (below the divvy's grant), and the others got more.
    #[test]
    fn fc_differs_only_by_pinning_at_the_reservation((capacity, vms) in fc_case()) {
        let (fc, dv) = both(capacity, &vms);
        for ((f, d), v) in fc.iter().zip(&dv).zip(&vms) {
            if f < d {
                prop_assert_eq!(*f, v.claim().floor, "fc {:?} divvy {:?}", fc, dv);
            }
        }
    }

    #[test]
    fn fc_is_deterministic((capacity, vms) in fc_case()) {
        prop_assert_eq!(
            fusioncompute_cpu_allocation(capacity, &vms),
            fusioncompute_cpu_allocation(capacity, &vms)
        );
    }
}
