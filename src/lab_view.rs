//! Pure view-model helpers for the lab page: from the stored control values
//! to settings, and from a trace to chart series. No DOM here, so native
//! tests cover it.

use crate::prefs::LabProgress;
use vlab_sim::event::Detail;
use vlab_sim::io::nioc::UplinkSpeed;
use vlab_sim::lab::spec::{Control, ControlKind};
use vlab_sim::scenario::current_value;
use vlab_sim::sim::sample::PoolSample;
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
}
