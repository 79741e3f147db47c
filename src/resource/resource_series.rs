//! Chart series of CPU and memory per VM, CPU ready, and the pool tree as
//! table rows.

use crate::common::chart::Series;
use vlab_sim::sim::sample::PoolSample;
use vlab_sim::{Sample, Trace};

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

/// Which resource a chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Cpu,
    Mem,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use vlab_sim::{Setting, Value};

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
