//! Chart series of NIOC traffic types and SIOC disks, and the uplink's
//! speed at a time.

use crate::common::chart::Series;
use crate::text::{tr, Lang};
use vlab_sim::event::Detail;
use vlab_sim::io::nioc::UplinkSpeed;
use vlab_sim::{EventKind, Scenario, Setting, Trace};

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
pub fn traffic_series(trace: &Trace, lang: Lang) -> Vec<Series> {
    let Some(first) = trace.samples.first() else {
        return Vec::new();
    };
    (0..first.network.len())
        .filter(|&k| trace.samples.iter().any(|s| s.network[k].demand_mbps > 0))
        .map(|k| Series {
            name: tr(lang, &format!("traffic.{}", first.network[k].kind.name())),
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
    use vlab_sim::Value;

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
        let traffic = traffic_series(&trace, Lang::En);
        assert_eq!(traffic.len(), 3, "VM, vMotion and backup traffic");
        assert!(disk_series(&trace, DiskQuantity::Iops).is_empty());
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
}
