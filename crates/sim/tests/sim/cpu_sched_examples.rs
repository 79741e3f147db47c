//! Worked examples of the CPU ready / %MLMTD / co-stop model
//! (`vlab_sim::cpu::sched`), each a number a teacher can check by hand.

use vlab_sim::base::divvy::{divvy, Claim};
use vlab_sim::cpu::sched::{
    sched_samples, CpuSchedSample, HostCpu, Queueing, ReadyLevel, VmCpu, REALTIME_INTERVAL_S,
};

const BOTH: [Queueing; 2] = [Queueing::Off, Queueing::ErlangC];

fn vm(vcpus: u32, demand_mhz: u64, granted_mhz: u64, limit_mhz: Option<u64>) -> VmCpu {
    VmCpu {
        vcpus,
        demand_mhz,
        granted_mhz,
        limit_mhz,
    }
}

fn one(host: HostCpu, v: VmCpu, queueing: Queueing) -> CpuSchedSample {
    sched_samples(&host, &[v], REALTIME_INTERVAL_S, queueing)[0]
}

/// A busy 1-vCPU VM limited to half a core, alone on its host: half of
/// every 20 s sample is ready time, all of it caused by the limit.
#[test]
fn limit_on_an_idle_host_shows_as_mlmtd() {
    let host = HostCpu {
        pcpus: 8,
        core_mhz: 2000,
    };
    // The divvy: the limit caps the grant even though the host is idle.
    let granted = divvy(
        16_000,
        &[Claim {
            floor: 0,
            cap: 1000,
            shares: 1000,
        }],
    )[0];
    assert_eq!(granted, 1000);
    for q in BOTH {
        let s = one(host, vm(1, 2000, granted, Some(1000)), q);
        assert_eq!(
            (s.run_ms, s.ready_ms, s.mlmtd_ms, s.costop_ms, s.wait_ms),
            (10_000, 10_000, 10_000, 0, 0)
        );
        assert_eq!((s.ready_pct_x100, s.mlmtd_pct_x100), (5000, 5000));
        assert_eq!((s.ready_pct(), s.mlmtd_pct()), (50.0, 50.0));
        assert_eq!(s.ready_level(), ReadyLevel::Degraded);
    }
}

/// The lecture's host: 2 sockets × 24 cores, 10 VMs × 6 vCPUs, all 100%
/// busy, equal shares. Each VM gets 48/60 of what it wants, so each vCPU
/// misses 20% of the interval: 4000 ms per vCPU, 24 000 ms per VM. In the
/// model that 20% is ready time plus co-stop (co-stop is its own state).
#[test]
fn lecture_host_60_vcpus_on_48_cores() {
    let core_mhz = 2600;
    let host = HostCpu {
        pcpus: 48,
        core_mhz,
    };
    let want = 6 * core_mhz;
    let claims = vec![
        Claim {
            floor: 0,
            cap: want,
            shares: 6000
        };
        10
    ];
    let grants = divvy(48 * core_mhz, &claims);
    assert!(grants.iter().all(|&g| g == want * 48 / 60));
    let vms: Vec<VmCpu> = grants.iter().map(|&g| vm(6, want, g, None)).collect();
    for q in BOTH {
        for s in sched_samples(&host, &vms, REALTIME_INTERVAL_S, q) {
            assert_eq!(s.wanted_ms(), 6 * 20_000);
            assert_eq!(s.run_ms, 6 * 16_000);
            assert_eq!(s.ready_ms + s.costop_ms, 24_000, "20% of 6 × 20 s");
            // Co-stop: (6 − 1)/6 × 2.5% of the contention time.
            assert_eq!((s.ready_ms, s.costop_ms, s.mlmtd_ms), (23_500, 500, 0));
            assert_eq!(s.ready_pct_x100, 11_750, "117.5% summed over 6 vCPUs");
            assert_eq!(s.ready_pct_x100_per_vcpu(), 1958);
            assert_eq!(s.ready_ms_per_vcpu() + s.costop_ms_per_vcpu(), 3999);
            assert_eq!(s.ready_level(), ReadyLevel::Degraded);
            assert_eq!(s.wait_ms, 0);
        }
    }
}

/// Without a shortfall and without a limit the fluid model shows no ready
/// time and no co-stop; only the queueing term can add ready time.
#[test]
fn no_contention_no_limit_no_fluid_ready() {
    let host = HostCpu {
        pcpus: 8,
        core_mhz: 2000,
    };
    let vms = [vm(2, 2000, 2000, None), vm(4, 3000, 3000, Some(6000))];
    for q in BOTH {
        for s in sched_samples(&host, &vms, REALTIME_INTERVAL_S, q) {
            assert_eq!(s.ready_ms - s.ready_queue_ms, 0);
            assert_eq!((s.costop_ms, s.mlmtd_ms), (0, 0));
            if q == Queueing::Off {
                assert_eq!(s.ready_ms, 0);
            }
        }
    }
}

/// The queueing term: no shortfall anywhere, yet a host at 90% shows ready
/// time, more than the same host at 50%, and more on a small host.
#[test]
fn busy_host_below_saturation_shows_queueing_ready() {
    let queue_ms = |pcpus: u32, vms_at_60pct: u32| {
        let host = HostCpu {
            pcpus,
            core_mhz: 2000,
        };
        let vms = vec![vm(2, 2400, 2400, None); vms_at_60pct as usize];
        let s = sched_samples(&host, &vms, REALTIME_INTERVAL_S, Queueing::ErlangC)[0];
        assert_eq!(s.ready_ms, s.ready_queue_ms, "all ready time is queueing");
        s.ready_queue_ms
    };
    // 8 pCPUs: 3 VMs = 45% load, 6 VMs = 90% load.
    let (light, heavy) = (queue_ms(8, 3), queue_ms(8, 6));
    assert!(light < heavy, "{light} < {heavy}");
    // 48 pCPUs at 90% (36 VMs): far less waiting than 8 pCPUs at 90%.
    assert!(queue_ms(48, 36) < heavy);
    // Each VM wants 24 000 ms; idle time (16 000 ms) bounds the term.
    assert!(heavy <= 16_000);
}

/// Co-stop grows with the vCPU count at the same per-vCPU shortfall and is
/// zero for a 1-vCPU VM.
#[test]
fn costop_grows_with_vcpus() {
    let host = HostCpu {
        pcpus: 16,
        core_mhz: 2000,
    };
    let costop_per_vcpu: Vec<u64> = [1, 2, 4, 8, 16]
        .map(|n: u32| {
            let want = u64::from(n) * 2000;
            one(host, vm(n, want, want / 2, None), Queueing::Off).costop_ms_per_vcpu()
        })
        .to_vec();
    // Shortfall 10 000 ms per vCPU; share (n−1)/n × 2.5%.
    assert_eq!(costop_per_vcpu, [0, 125, 187, 218, 234]);
}

/// A limit that does not bind (above demand) adds no %MLMTD; a limit below
/// the contended grant cannot bind either.
#[test]
fn only_a_binding_limit_is_mlmtd() {
    let host = HostCpu {
        pcpus: 4,
        core_mhz: 2000,
    };
    let loose = one(host, vm(1, 1500, 1500, Some(1800)), Queueing::Off);
    assert_eq!((loose.ready_ms, loose.mlmtd_ms), (0, 0));
    // Wants 2000, limited to 1500, granted 1200 by contention: 5000 ms of
    // the 8000 ms shortfall is the limit's, 3000 ms the host's.
    let both = one(host, vm(1, 2000, 1200, Some(1500)), Queueing::Off);
    assert_eq!((both.ready_ms, both.mlmtd_ms), (8000, 5000));
}

/// The same state over a longer interval (vCenter's "past day" rolls up
/// 300 s samples) gives 15 times the ms and the same percentages: 10% per
/// vCPU is 2000 ms in real time and 30 000 ms per past-day sample.
#[test]
fn longer_intervals_scale_ms_not_percent() {
    let host = HostCpu {
        pcpus: 4,
        core_mhz: 2000,
    };
    let v = vm(1, 2000, 1800, None);
    let rt = sched_samples(&host, &[v], 20, Queueing::Off)[0];
    let day = sched_samples(&host, &[v], 300, Queueing::Off)[0];
    assert_eq!((rt.ready_ms, day.ready_ms), (2000, 30_000));
    assert_eq!(rt.ready_pct_x100, day.ready_pct_x100);
    assert_eq!(rt.ready_level(), ReadyLevel::Degraded);
}

#[test]
fn ready_levels_follow_community_thresholds() {
    let host = HostCpu {
        pcpus: 4,
        core_mhz: 1000,
    };
    let level = |granted| one(host, vm(2, 2000, granted, None), Queueing::Off).ready_level();
    assert_eq!(level(2000), ReadyLevel::Ok);
    assert_eq!(level(1880), ReadyLevel::Watch); // 6% missed, ~5.7% ready
    assert_eq!(level(1700), ReadyLevel::Degraded);
}

#[test]
fn samples_serialize_with_units_in_field_names() {
    let host = HostCpu {
        pcpus: 2,
        core_mhz: 2000,
    };
    let s = one(host, vm(2, 4000, 3000, Some(3500)), Queueing::ErlangC);
    let json = serde_json::to_string(&s).unwrap();
    for field in [
        "\"run_ms\"",
        "\"ready_ms\"",
        "\"mlmtd_ms\"",
        "\"costop_ms\"",
        "\"ready_pct_x100\"",
    ] {
        assert!(json.contains(field), "{field} in {json}");
    }
    assert_eq!(serde_json::from_str::<CpuSchedSample>(&json).unwrap(), s);
}

#[test]
fn empty_or_degenerate_inputs_give_zeros() {
    let host = HostCpu {
        pcpus: 0,
        core_mhz: 0,
    };
    let s = one(host, vm(2, 1000, 0, None), Queueing::ErlangC);
    assert_eq!((s.run_ms, s.ready_ms, s.wait_ms), (0, 0, 40_000));
    assert!(sched_samples(&host, &[], 20, Queueing::ErlangC).is_empty());
    let z = sched_samples(&host, &[vm(0, 0, 0, None)], 0, Queueing::Off)[0];
    assert_eq!(
        (z.wait_ms, z.ready_pct(), z.ready_pct_per_vcpu()),
        (0, 0.0, 0.0)
    );
}
