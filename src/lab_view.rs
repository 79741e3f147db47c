//! Pure view-model helpers for the lab page: from the stored control values
//! to settings, and from a trace to chart series. No DOM here, so native
//! tests cover it.

use crate::prefs::LabProgress;
use vlab_sim::event::Detail;
use vlab_sim::lab::{Control, ControlKind};
use vlab_sim::memory::{HostMemSample, MemState, MemThresholds, VmMemSample};
use vlab_sim::nioc::UplinkSpeed;
use vlab_sim::setting::current_value;
use vlab_sim::sim::PoolSample;
use vlab_sim::EventKind;
use vlab_sim::{Lab, Sample, Scenario, Setting, Trace, Value};

/// The value a control shows: the student's, else the scenario's.
pub fn control_value(lab: &Lab, control: &Control, progress: Option<&LabProgress>) -> Value {
    if let Some(v) = progress.and_then(|p| p.settings.get(&control.id)) {
        return v.clone();
    }
    current_value(&lab.spec.scenario, &control.target).unwrap_or(Value::Int(0))
}

/// The student's settings, in control order (only changed controls).
pub fn settings(lab: &Lab, progress: Option<&LabProgress>) -> Vec<Setting> {
    let Some(p) = progress else { return Vec::new() };
    lab.spec
        .control
        .iter()
        .filter_map(|c| {
            p.settings.get(&c.id).map(|v| Setting {
                target: c.target.clone(),
                value: v.clone(),
            })
        })
        .collect()
}

/// Control values that reproduce the reference solution: each solution
/// step mapped onto the control with the same target.
pub fn solution_values(lab: &Lab) -> Vec<(String, Value)> {
    lab.spec
        .solution
        .iter()
        .filter_map(|s| {
            lab.spec
                .control
                .iter()
                .find(|c| c.target == s.set)
                .map(|c| (c.id.clone(), s.value.clone()))
        })
        .collect()
}

/// Control values as `control=value` pairs for a shared link: only the
/// controls the student changed.
pub fn share_pairs(lab: &Lab, progress: Option<&LabProgress>) -> Vec<(String, String)> {
    let Some(p) = progress else { return Vec::new() };
    lab.spec
        .control
        .iter()
        .filter_map(|c| p.settings.get(&c.id).map(|v| (c.id.clone(), v.to_string())))
        .collect()
}

/// What is wrong with one `control=value` pair of a shared link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareProblem {
    /// No control has this id; `known` lists the lab's control ids.
    UnknownControl { id: String, known: String },
    /// A range control's value is not a whole number within min..=max.
    NotInRange {
        id: String,
        text: String,
        min: i64,
        max: i64,
    },
    /// A toggle's value is not true or false.
    NotBool { id: String, text: String },
    /// A choice's value is not one of `choices`.
    NotAChoice {
        id: String,
        text: String,
        choices: String,
    },
}

/// Reads `control=value` pairs from a shared link. Every problem is
/// reported, naming the control and what it accepts; nothing is applied
/// unless all pairs are valid.
pub fn parse_shared(
    lab: &Lab,
    pairs: &[(String, String)],
) -> Result<Vec<(String, Value)>, Vec<ShareProblem>> {
    let mut values = Vec::new();
    let mut problems = Vec::new();
    for (id, text) in pairs {
        let Some(c) = lab.spec.control.iter().find(|c| &c.id == id) else {
            let known: Vec<&str> = lab.spec.control.iter().map(|c| c.id.as_str()).collect();
            problems.push(ShareProblem::UnknownControl {
                id: id.clone(),
                known: known.join(", "),
            });
            continue;
        };
        let (id, text) = (id.clone(), text.clone());
        let value = match c.kind {
            ControlKind::Range => {
                let (min, max) = (c.min.unwrap_or(i64::MIN), c.max.unwrap_or(i64::MAX));
                match text.parse::<i64>() {
                    Ok(n) if (min..=max).contains(&n) => Ok(Value::Int(n)),
                    _ => Err(ShareProblem::NotInRange { id, text, min, max }),
                }
            }
            ControlKind::Toggle => match text.as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(ShareProblem::NotBool { id, text }),
            },
            ControlKind::Choice => {
                let choices = c.choices.clone().unwrap_or_default();
                match choices.iter().find(|v| v.to_string() == text) {
                    Some(v) => Ok(v.clone()),
                    None => {
                        let names: Vec<String> = choices.iter().map(Value::to_string).collect();
                        Err(ShareProblem::NotAChoice {
                            id,
                            text,
                            choices: names.join(", "),
                        })
                    }
                }
            }
        };
        match value {
            Ok(v) => values.push((c.id.clone(), v)),
            Err(e) => problems.push(e),
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// The sample's resource pools in tree order (parents before children),
/// each with its depth below the host's root, for an indented table.
pub fn pool_rows(sample: &Sample) -> Vec<(usize, &PoolSample)> {
    fn visit<'a>(
        pools: &'a [PoolSample],
        parent: Option<&str>,
        depth: usize,
        out: &mut Vec<(usize, &'a PoolSample)>,
    ) {
        for p in pools.iter().filter(|p| p.parent.as_deref() == parent) {
            out.push((depth, p));
            visit(pools, Some(&p.name), depth + 1, out);
        }
    }
    let mut out = Vec::with_capacity(sample.pools.len());
    visit(&sample.pools, None, 0, &mut out);
    out
}

/// The NIOC uplink's speed at `t_s`: the scenario's, as the student's
/// settings left it, then as the timeline changed it (the trace's applied
/// `nioc.uplink_gbps` changes; refused ones are logged as refused). `None`
/// without `[nioc]` or with settings that do not apply.
pub fn uplink_at(
    scenario: &Scenario,
    settings: &[Setting],
    trace: &Trace,
    t_s: u32,
) -> Option<UplinkSpeed> {
    let configured = scenario.with_settings(settings).ok()?;
    let base = configured.nioc.as_ref()?.uplink_gbps;
    let changed = trace
        .events
        .iter()
        .rev()
        .filter(|e| e.t_s <= t_s && e.kind == EventKind::SettingChanged && e.subject == "nioc")
        .filter_map(|e| match &e.detail {
            Detail::Setting { field, to, .. } if field == "uplink_gbps" => {
                to.parse().ok().and_then(UplinkSpeed::from_gbps)
            }
            _ => None,
        })
        .next();
    Some(changed.unwrap_or(base))
}

/// Which resource a chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Cpu,
    Mem,
}

/// One line of a chart: a VM's grant over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    /// The VM's position in the scenario: picks the same colour as in the
    /// host view, even when VMs that never ran are left out of the chart.
    pub index: usize,
    /// (t [s], granted [MHz or MB]).
    pub points: Vec<(u32, u64)>,
}

/// Granted CPU or memory per VM over time, for VMs that ever ran.
pub fn series(trace: &Trace, resource: Resource) -> Vec<Series> {
    let Some(first) = trace.samples.first() else {
        return Vec::new();
    };
    (0..first.vms.len())
        .filter(|&i| trace.samples.iter().any(|s| s.vms[i].powered_on))
        .map(|i| Series {
            name: first.vms[i].name.clone(),
            index: i,
            points: trace
                .samples
                .iter()
                .map(|s| {
                    let a = &s.vms[i].alloc;
                    (
                        s.t_s,
                        if resource == Resource::Cpu {
                            a.cpu_granted_mhz
                        } else {
                            a.mem_granted_mb
                        },
                    )
                })
                .collect(),
        })
        .collect()
}

/// CPU ready per VM over time [ms per sample, summed over vCPUs], for VMs
/// that ever ran; empty when no VM was ever ready (nothing to show).
pub fn ready_series(trace: &Trace) -> Vec<Series> {
    let Some(first) = trace.samples.first() else {
        return Vec::new();
    };
    let ready = |s: &vlab_sim::Sample, i: usize| s.vms[i].cpu.map_or(0, |c| c.ready_ms);
    if !trace
        .samples
        .iter()
        .any(|s| (0..s.vms.len()).any(|i| ready(s, i) > 0))
    {
        return Vec::new();
    }
    (0..first.vms.len())
        .filter(|&i| trace.samples.iter().any(|s| s.vms[i].powered_on))
        .map(|i| Series {
            name: first.vms[i].name.clone(),
            index: i,
            points: trace.samples.iter().map(|s| (s.t_s, ready(s, i))).collect(),
        })
        .collect()
}

/// What a storage chart shows per disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskQuantity {
    Iops,
    LatencyMs,
}

/// Per VM disk on the SIOC datastore over time: served IOPS or latency
/// [ms]; empty without `[sioc]`. Colours follow the VM.
pub fn disk_series(trace: &Trace, what: DiskQuantity) -> Vec<Series> {
    let Some(first) = trace.samples.first() else {
        return Vec::new();
    };
    let Some(storage) = &first.storage else {
        return Vec::new();
    };
    storage
        .disk
        .iter()
        .enumerate()
        .map(|(k, d)| Series {
            name: d.vm.clone(),
            index: first.vms.iter().position(|v| v.name == d.vm).unwrap_or(k),
            points: trace
                .samples
                .iter()
                .map(|s| {
                    let disk = s.storage.as_ref().map(|st| &st.disk[k]);
                    let v = disk.map_or(0, |d| match what {
                        DiskQuantity::Iops => d.iops,
                        DiskQuantity::LatencyMs => d.latency_us / 1000,
                    });
                    (s.t_s, v)
                })
                .collect(),
        })
        .collect()
}

/// Granted bandwidth per traffic type over time [Mbps], for the types
/// that ever wanted some; empty without `[nioc]`.
pub fn traffic_series(trace: &Trace, lang: crate::i18n::Lang) -> Vec<Series> {
    let Some(first) = trace.samples.first() else {
        return Vec::new();
    };
    (0..first.network.len())
        .filter(|&k| trace.samples.iter().any(|s| s.network[k].demand_mbps > 0))
        .map(|k| Series {
            name: crate::i18n::tr(lang, &format!("traffic.{}", first.network[k].kind.name())),
            index: k,
            points: trace
                .samples
                .iter()
                .map(|s| (s.t_s, s.network[k].granted_mbps))
                .collect(),
        })
        .collect()
}

// ---------- Memory reclamation: where each VM's memory is, host states ----------

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

/// A memory state's name in locale keys (`mem.state_NAME`, `mem.does_NAME`).
pub fn mem_state_name(state: MemState) -> &'static str {
    match state {
        MemState::High => "high",
        MemState::Clear => "clear",
        MemState::Soft => "soft",
        MemState::Hard => "hard",
        MemState::Low => "low",
    }
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
    use crate::catalog;
    use crate::i18n::{share_problem_text, Lang};

    #[test]
    fn storage_and_network_charts_follow_the_engine() {
        let sioc = catalog::find("sioc-noisy-neighbour").unwrap();
        let trace = sioc.run(sioc.spec.seed, &sioc.solution()).unwrap().trace;
        let iops = disk_series(&trace, DiskQuantity::Iops);
        let names: Vec<&str> = iops.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["web", "db", "batch"]);
        let last = trace.last().storage.as_ref().unwrap();
        assert_eq!(iops[0].points.last().unwrap().1, last.disk[0].iops);
        let latency = disk_series(&trace, DiskQuantity::LatencyMs);
        assert_eq!(
            latency[2].points.last().unwrap().1,
            last.disk[2].latency_us / 1000
        );
        // Colours follow the VM: batch is the scenario's third VM.
        assert_eq!(iops[2].index, 2);

        let nioc = catalog::find("nioc-protect-vmotion").unwrap();
        let trace = nioc.run(nioc.spec.seed, &[]).unwrap().trace;
        let traffic = traffic_series(&trace, crate::i18n::Lang::En);
        assert_eq!(traffic.len(), 3, "VM, vMotion and backup traffic");
        assert!(disk_series(&trace, DiskQuantity::Iops).is_empty());
    }

    #[test]
    fn the_ready_chart_appears_only_with_ready_time() {
        // The SIOC lab's VMs want little CPU: no ready time, no chart.
        let calm = catalog::find("sioc-noisy-neighbour").unwrap();
        let trace = calm.run(calm.spec.seed, &[]).unwrap().trace;
        assert!(ready_series(&trace).is_empty());
        let busy = catalog::find("cpu-overcommit-48-cores").unwrap();
        let giant = Setting {
            target: "vm.giant.vcpus".into(),
            value: Value::Int(48),
        };
        let contended = busy.run(busy.spec.seed, &[giant]).unwrap().trace;
        let ready = ready_series(&contended);
        assert!(ready.iter().any(|s| s.points.iter().any(|p| p.1 > 0)));
    }

    #[test]
    fn solution_values_reproduce_the_reference_solution() {
        for lab in catalog::labs() {
            let progress = LabProgress {
                settings: solution_values(lab).into_iter().collect(),
                ..Default::default()
            };
            let outcome = lab
                .run(lab.spec.seed, &settings(lab, Some(&progress)))
                .unwrap();
            assert!(
                outcome.all_passed(),
                "{}: the controls cannot express the solution",
                lab.spec.id
            );
        }
    }

    #[test]
    fn shared_links_round_trip_and_reject_bad_values_by_name() {
        let lab = catalog::find("shares-contention").unwrap();
        let progress = LabProgress {
            settings: solution_values(lab).into_iter().collect(),
            ..Default::default()
        };
        let pairs = share_pairs(lab, Some(&progress));
        let parsed = parse_shared(lab, &pairs).unwrap();
        assert_eq!(
            parsed
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
            progress.settings
        );

        let bad = [
            ("db-shares".to_string(), "huge".to_string()),
            ("nope".to_string(), "1".to_string()),
        ];
        let problems = parse_shared(lab, &bad).unwrap_err();
        let errors: Vec<String> = problems
            .iter()
            .map(|e| share_problem_text(Lang::En, e))
            .collect();
        assert!(
            errors[0].contains("db-shares") && errors[0].contains("low, normal, high"),
            "{errors:?}"
        );
        assert!(errors[1].contains("'nope' is not a control"), "{errors:?}");
        let zh = share_problem_text(Lang::ZhCn, &problems[1]);
        assert!(zh.contains("nope") && zh.contains("控件"), "{zh}");

        let mem = catalog::find("mem-admission-64gb").unwrap();
        let out_of_range = [("vm9-reservation".to_string(), "99999".to_string())];
        let problem = &parse_shared(mem, &out_of_range).unwrap_err()[0];
        assert!(share_problem_text(Lang::En, problem).contains("from 0 to 8192"));
    }

    #[test]
    fn pool_rows_put_parents_before_children_with_depth() {
        let src = r#"
[[host]]
name = "h"
cpu_mhz = 10000
mem_mb = 16384
[[pool]]
name = "kid"
parent = "mom"
[[pool]]
name = "mom"
[[pool]]
name = "solo"
[[vm]]
name = "a"
host = "h"
mem_mb = 1024
pool = "kid"
"#;
        let scenario = vlab_sim::parse_scenario("t.toml", src).unwrap();
        let trace = vlab_sim::Sim::run(&scenario, 1, &[]).unwrap();
        let rows: Vec<(usize, &str)> = pool_rows(trace.last())
            .into_iter()
            .map(|(d, p)| (d, p.name.as_str()))
            .collect();
        assert_eq!(rows, vec![(0, "mom"), (1, "kid"), (0, "solo")]);
    }

    #[test]
    fn the_uplink_follows_settings_then_the_timeline_but_not_refused_changes() {
        let src = r#"
duration_s = 60
[[host]]
name = "h"
cpu_mhz = 10000
mem_mb = 16384
[nioc]
uplink_gbps = 10
[[nioc.traffic]]
kind = "vmotion"
demand_mbps = 1000
[[timeline]]
at_s = 20
set = "nioc.uplink_gbps"
value = 25
[[timeline]]
at_s = 40
set = "nioc.uplink_gbps"
value = 1
"#;
        let scenario = vlab_sim::parse_scenario("t.toml", src).unwrap();
        let gbps = |settings: &[Setting], t_s| {
            let trace = vlab_sim::Sim::run(&scenario, 1, settings).unwrap();
            uplink_at(&scenario, settings, &trace, t_s).map(UplinkSpeed::gbps)
        };
        let set = |target: &str, n| Setting {
            target: target.into(),
            value: Value::Int(n),
        };
        assert_eq!(gbps(&[], 0), Some(10));
        assert_eq!(gbps(&[], 20), Some(25));
        assert_eq!(gbps(&[], 40), Some(1));
        assert_eq!(gbps(&[set("nioc.uplink_gbps", 1)], 0), Some(1));
        // 5000 Mbps reserved does not fit in 75 % of 1 GbE: the change at
        // 40 s is refused and the uplink stays at 25 GbE.
        let reserve = [set("traffic.vmotion.reservation_mbps", 5000)];
        let trace = vlab_sim::Sim::run(&scenario, 1, &reserve).unwrap();
        assert!(trace
            .events
            .iter()
            .any(|e| e.t_s == 40 && e.kind == EventKind::SettingRefused));
        assert_eq!(gbps(&reserve, 60), Some(25));
        let no_nioc = catalog::find("shares-contention").unwrap();
        let t = no_nioc.run(1, &[]).unwrap().trace;
        assert_eq!(uplink_at(&no_nioc.spec.scenario, &[], &t, 0), None);
    }

    #[test]
    fn control_defaults_come_from_the_scenario() {
        let lab = catalog::find("cpu-limit-16vcpu").unwrap();
        assert_eq!(
            control_value(lab, &lab.spec.control[0], None),
            Value::Int(10_000)
        );
        assert!(settings(lab, None).is_empty());
        let pools = catalog::find("pool-expandable-reservation").unwrap();
        let values: Vec<Value> = pools
            .spec
            .control
            .iter()
            .map(|c| control_value(pools, c, None))
            .collect();
        assert_eq!(
            values,
            [Value::Bool(false), Value::Int(2000), Value::Int(6000)]
        );
    }

    #[test]
    fn series_cover_vms_that_ran() {
        let lab = catalog::find("mem-admission-64gb").unwrap();
        let trace = lab.run(1, &[]).unwrap().trace;
        let names: Vec<_> = series(&trace, Resource::Mem)
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert!(names.contains(&"vm1".to_string()));
        assert!(!names.contains(&"vm9".to_string()), "vm9 never ran");
    }

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
        assert_eq!(mem_state_name(MemState::Clear), "clear");
    }
}
