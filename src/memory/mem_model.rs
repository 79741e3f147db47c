//! View-model helpers for the memory views (pure, tested natively): where
//! each VM's memory is over time, the stacked chart's layers, the host's
//! memory states as bands and its thresholds as lines.

use vlab_sim::memory::{HostMemSample, MemState, MemThresholds, VmMemSample};
use vlab_sim::Trace;

/// The six places a VM's touched memory can be, bottom to top of its
/// stacked chart; together they make up its touched memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemLayer {
    Private,
    Shared,
    Zero,
    Ballooned,
    Compressed,
    Swapped,
}

impl MemLayer {
    /// Stacking order: what the VM keeps in RAM first, then what page
    /// sharing backs with one copy, then what reclamation took, from the
    /// cheapest (the guest gave it) to the dearest (on the host's disk).
    pub const ALL: [MemLayer; 6] = [
        MemLayer::Private,
        MemLayer::Shared,
        MemLayer::Zero,
        MemLayer::Ballooned,
        MemLayer::Compressed,
        MemLayer::Swapped,
    ];

    /// Its name in locale keys (`mem.layer_NAME`).
    pub fn name(self) -> &'static str {
        match self {
            MemLayer::Private => "private",
            MemLayer::Shared => "shared",
            MemLayer::Zero => "zero",
            MemLayer::Ballooned => "ballooned",
            MemLayer::Compressed => "compressed",
            MemLayer::Swapped => "swapped",
        }
    }

    /// How much of the VM's memory is in this layer [MB].
    pub fn mb(self, m: &VmMemSample) -> u64 {
        match self {
            MemLayer::Private => m.private_mb,
            MemLayer::Shared => m.shared_mb,
            MemLayer::Zero => m.zero_mb,
            MemLayer::Ballooned => m.ballooned_mb,
            MemLayer::Compressed => m.compressed_mb,
            MemLayer::Swapped => m.swapped_mb,
        }
    }
}

/// Memory taken back from a VM: ballooned, compressed or swapped [MB].
pub fn reclaimed_mb(m: &VmMemSample) -> u64 {
    m.ballooned_mb + m.compressed_mb + m.swapped_mb
}

/// Whether the run simulated memory reclamation at all (any host memory
/// sample): without it the memory charts and table are left out.
pub fn has_memory(trace: &Trace) -> bool {
    trace.samples.iter().any(|s| !s.memory.is_empty())
}

/// Whether memory management did anything worth showing: a host left the
/// high state, page sharing saved memory, or a VM had memory reclaimed.
/// Every run simulates memory; a CPU lab whose hosts never run short
/// should not show empty memory charts.
pub fn memory_in_play(trace: &Trace) -> bool {
    trace.samples.iter().any(|s| {
        s.memory
            .iter()
            .any(|m| m.state != vlab_sim::memory::MemState::High || m.shared_saved_mb > 0)
            || s.vms
                .iter()
                .filter_map(|v| v.mem)
                .any(|m| m.ballooned_mb + m.compressed_mb + m.swapped_mb > 0)
    })
}

/// One VM's memory over time; `None` while it had none (powered off).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VmMemSeries {
    pub name: String,
    /// The VM's position in the scenario.
    pub index: usize,
    pub points: Vec<(u32, Option<VmMemSample>)>,
}

/// Memory over time per VM that ever had memory data, in scenario order.
pub fn vm_mem_series(trace: &Trace) -> Vec<VmMemSeries> {
    let Some(first) = trace.samples.first() else {
        return Vec::new();
    };
    (0..first.vms.len())
        .filter(|&i| trace.samples.iter().any(|s| s.vms[i].mem.is_some()))
        .map(|i| VmMemSeries {
            name: first.vms[i].name.clone(),
            index: i,
            points: trace
                .samples
                .iter()
                .map(|s| (s.t_s, s.vms[i].mem))
                .collect(),
        })
        .collect()
}

/// Which VM the memory chart shows first (a position in `vms`): the first
/// that ever had memory reclaimed, where there is something to see; else
/// the first.
pub fn default_mem_vm(vms: &[VmMemSeries]) -> usize {
    vms.iter()
        .position(|v| {
            v.points
                .iter()
                .flat_map(|p| &p.1)
                .any(|m| reclaimed_mb(m) > 0)
        })
        .unwrap_or(0)
}

/// The stacked chart's boundaries per sample: `[0, private, private +
/// shared, …, touched]`, so layer `k` of [`MemLayer::ALL`] fills
/// `bounds[k]..bounds[k + 1]`. No data counts as nothing.
pub fn stack_bounds(points: &[(u32, Option<VmMemSample>)]) -> Vec<(u32, [u64; 7])> {
    points
        .iter()
        .map(|(t, m)| {
            let mut bounds = [0u64; 7];
            if let Some(m) = m {
                for (k, layer) in MemLayer::ALL.iter().enumerate() {
                    bounds[k + 1] = bounds[k] + layer.mb(m);
                }
            }
            (*t, bounds)
        })
        .collect()
}

/// One host's memory over time (the samples that have it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostMemSeries {
    pub name: String,
    pub points: Vec<(u32, HostMemSample)>,
}

/// Memory over time per host with memory data, in host order.
pub fn host_mem_series(trace: &Trace) -> Vec<HostMemSeries> {
    let hosts = trace
        .samples
        .iter()
        .map(|s| s.memory.len())
        .max()
        .unwrap_or(0);
    (0..hosts)
        .map(|h| HostMemSeries {
            name: trace
                .samples
                .iter()
                .find_map(|s| s.hosts.get(h))
                .map_or_else(|| format!("host {}", h + 1), |host| host.name.clone()),
            points: trace
                .samples
                .iter()
                .filter_map(|s| s.memory.get(h).map(|m| (s.t_s, m.clone())))
                .collect(),
        })
        .collect()
}

/// The last point at or before `t_s` (else the first): what a chart
/// reports "now" when the cluster view shows `t_s`.
pub fn point_at<T>(points: &[(u32, T)], t_s: u32) -> Option<&(u32, T)> {
    points
        .iter()
        .rev()
        .find(|p| p.0 <= t_s)
        .or_else(|| points.first())
}

/// A stretch of time a host spent in one memory state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateBand {
    pub state: MemState,
    pub from_s: u32,
    /// Where the next band starts (the last sample's time for the last
    /// band), so the bands tile the chart's time axis without gaps.
    pub to_s: u32,
}

/// A host's memory states over time as bands: runs of samples in the same
/// state.
pub fn state_bands(points: &[(u32, HostMemSample)]) -> Vec<StateBand> {
    let mut bands: Vec<StateBand> = Vec::new();
    for (t, m) in points {
        match bands.last_mut() {
            Some(b) if b.state == m.state => b.to_s = *t,
            Some(b) => {
                b.to_s = *t;
                bands.push(StateBand {
                    state: m.state,
                    from_s: *t,
                    to_s: *t,
                });
            }
            None => bands.push(StateBand {
                state: m.state,
                from_s: *t,
                to_s: *t,
            }),
        }
    }
    bands
}

/// Each state's threshold [MB], highest first.
pub fn threshold_list(t: &MemThresholds) -> [(MemState, u64); 5] {
    [
        (MemState::High, t.high_mb),
        (MemState::Clear, t.clear_mb),
        (MemState::Soft, t.soft_mb),
        (MemState::Hard, t.hard_mb),
        (MemState::Low, t.low_mb),
    ]
}

/// The threshold lines to draw, highest first: one line per distinct value
/// naming every state at it (the 2002 paper has no clear state, so its
/// thresholds coincide), none at zero (a model without that threshold).
pub fn threshold_lines(t: &MemThresholds) -> Vec<(u64, Vec<MemState>)> {
    let mut lines: Vec<(u64, Vec<MemState>)> = Vec::new();
    for (state, mb) in threshold_list(t) {
        if mb == 0 {
            continue;
        }
        match lines.iter_mut().find(|l| l.0 == mb) {
            Some(line) => line.1.push(state),
            None => lines.push((mb, vec![state])),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A host's memory sample as the engine reports it (vSphere 6 style
    /// thresholds for minFree = 100 MB), nothing shared.
    fn host_mem(state: MemState, free_mb: u64) -> HostMemSample {
        HostMemSample {
            state,
            thresholds: MemThresholds {
                min_free_mb: 100,
                high_mb: 400,
                clear_mb: 100,
                soft_mb: 64,
                hard_mb: 32,
                low_mb: 16,
                target_free_mb: 100,
            },
            free_mb,
            shared_saved_mb: 0,
            zero_saved_mb: 0,
            mem_mb: 16384,
            overhead_mb: 0,
            shared_copies_mb: 0,
            large_pages_broken: false,
            time_s: 0,
        }
    }

    /// Two VMs on one host over 0..=30 s: `a` never loses memory, `b`
    /// is ballooned from 20 s, the host going high → soft → soft → hard.
    fn mem_trace() -> Trace {
        let src = r#"
duration_s = 30
step_s = 10
[[host]]
name = "esx1"
cpu_mhz = 10000
mem_mb = 16384
[[vm]]
name = "a"
mem_mb = 1024
[[vm]]
name = "b"
mem_mb = 1024
"#;
        let scenario = vlab_sim::parse_scenario("t.toml", src).unwrap();
        let mut trace = vlab_sim::Sim::run(&scenario, 1, &[]).unwrap();
        let states = [
            MemState::High,
            MemState::Soft,
            MemState::Soft,
            MemState::Hard,
        ];
        assert_eq!(trace.samples.len(), states.len(), "one sample per 10 s");
        for (k, s) in trace.samples.iter_mut().enumerate() {
            let mut host = host_mem(states[k], 1000 - 300 * k as u64);
            host.shared_saved_mb = 10 * k as u64;
            host.zero_saved_mb = k as u64;
            s.memory = vec![host];
            s.vms[0].mem = Some(VmMemSample {
                touched_mb: 600,
                private_mb: 500,
                shared_mb: 60,
                zero_mb: 40,
                performance_pct: 100,
                ..Default::default()
            });
            // b is off at 0 s, then ballooned from 20 s.
            s.vms[1].mem = (k > 0).then(|| VmMemSample {
                touched_mb: 800,
                private_mb: 800 - 100 * (k as u64 / 2),
                ballooned_mb: 100 * (k as u64 / 2),
                swapped_mb: 0,
                performance_pct: 90,
                ..Default::default()
            });
        }
        trace
    }

    #[test]
    fn memory_series_stack_the_six_layers_and_pick_a_reclaimed_vm() {
        let trace = mem_trace();
        assert!(has_memory(&trace));
        let vms = vm_mem_series(&trace);
        assert_eq!(vms.len(), 2);
        assert_eq!((vms[1].name.as_str(), vms[1].index), ("b", 1));
        assert_eq!(vms[1].points[0], (0, None));
        assert_eq!(default_mem_vm(&vms), 1, "b is ballooned, a is not");
        assert_eq!(default_mem_vm(&vms[..1]), 0, "nothing reclaimed: the first");
        assert_eq!(default_mem_vm(&[]), 0);

        let a = stack_bounds(&vms[0].points);
        assert_eq!(a[0], (0, [0, 500, 560, 600, 600, 600, 600]));
        let b = stack_bounds(&vms[1].points);
        assert_eq!(b[0], (0, [0; 7]), "no data counts as nothing");
        assert_eq!(b[3], (30, [0, 700, 700, 700, 800, 800, 800]));
        // The top of the stack is the touched memory.
        for (_, bounds) in &b[1..] {
            assert_eq!(bounds[6], 800);
        }

        let mut empty = trace.clone();
        for s in &mut empty.samples {
            s.memory.clear();
            s.vms.iter_mut().for_each(|v| v.mem = None);
        }
        assert!(!has_memory(&empty));
        assert!(!memory_in_play(&empty));
        assert!(vm_mem_series(&empty).is_empty() && host_mem_series(&empty).is_empty());
    }

    #[test]
    fn host_memory_becomes_state_bands_threshold_lines_and_a_point_now() {
        let trace = mem_trace();
        let hosts = host_mem_series(&trace);
        assert_eq!(hosts.len(), 1);
        assert_eq!(hosts[0].name, "esx1");
        let band = |state, from_s, to_s| StateBand {
            state,
            from_s,
            to_s,
        };
        assert_eq!(
            state_bands(&hosts[0].points),
            [
                band(MemState::High, 0, 10),
                band(MemState::Soft, 10, 30),
                band(MemState::Hard, 30, 30),
            ]
        );
        assert!(state_bands(&[]).is_empty());
        assert_eq!(point_at(&hosts[0].points, 25).unwrap().1.free_mb, 400);
        assert_eq!(point_at(&hosts[0].points, 99).unwrap().0, 30);
        assert_eq!(point_at(&[(10, 'x')], 0), Some(&(10, 'x')));

        let t = hosts[0].points[0].1.thresholds;
        let values: Vec<u64> = threshold_lines(&t).iter().map(|l| l.0).collect();
        assert_eq!(values, [400, 100, 64, 32, 16]);
        // The paper's model: no clear state, so high and soft coincide.
        let paper = MemThresholds {
            high_mb: 983,
            clear_mb: 983,
            soft_mb: 655,
            hard_mb: 327,
            ..Default::default()
        };
        assert_eq!(
            threshold_lines(&paper),
            [
                (983, vec![MemState::High, MemState::Clear]),
                (655, vec![MemState::Soft]),
                (327, vec![MemState::Hard]),
            ]
        );
        assert_eq!(MemState::Clear.name(), "clear");
    }
}
