//! The trace as text, OSTEP style: the full configuration first, so any
//! output can be reproduced from itself, then one line per event and per
//! VM sample. Golden files and `vlab run` (without --json) print this.
//! Every sentence in it (events, failed checks, recommendations) is the
//! page's English, from the locale files.

use crate::drs::drs_text::rec_sentence;
use crate::lab::event_text::event_text;
use crate::migration::migration_text::check_text;
use crate::text::Lang;
use std::fmt::Write;
use vlab_sim::drs::note::DrsSample;
use vlab_sim::migration::MigrationRecord;
use vlab_sim::{Scenario, Setting, Trace};

/// Renders `trace` of `scenario` run with `seed` and `settings`.
pub fn render(name: &str, scenario: &Scenario, settings: &[Setting], trace: &Trace) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# run {name} seed={} duration_s={} step_s={}",
        trace.seed, scenario.duration_s, scenario.step_s
    );
    for s in settings {
        let _ = writeln!(w, "# set {}={}", s.target, s.value);
    }
    for h in &scenario.host {
        let _ = writeln!(
            w,
            "# host {} cpu_mhz={} mem_mb={}",
            h.name,
            h.cpu_capacity_mhz(),
            h.mem_mb
        );
    }
    for p in &scenario.pool {
        let opt = |v: Option<u64>| v.map_or("unlimited".to_string(), |n| n.to_string());
        let _ = writeln!(
            w,
            "# pool {} parent={} cpu_reservation_mhz={} cpu_limit_mhz={} cpu_shares={} cpu_expandable={} mem_reservation_mb={} mem_limit_mb={} mem_shares={} mem_expandable={} scalable_shares={}",
            p.name,
            p.parent.as_deref().unwrap_or("(root)"),
            p.cpu_reservation_mhz,
            opt(p.cpu_limit_mhz),
            p.cpu_shares,
            p.cpu_expandable,
            p.mem_reservation_mb,
            opt(p.mem_limit_mb),
            p.mem_shares,
            p.mem_expandable,
            p.scalable_shares
        );
    }
    let mut events = trace.events.iter().peekable();
    for sample in &trace.samples {
        while let Some(e) = events.next_if(|e| e.t_s <= sample.t_s) {
            let _ = writeln!(
                w,
                "t={}s event {} {}: {}",
                e.t_s,
                e.kind.name(),
                e.subject,
                event_text(Lang::En, e)
            );
        }
        for h in &sample.hosts {
            let _ = writeln!(
                w,
                "t={}s host {} cpu {}/{} MHz (reserved {}) mem {}/{} MB (reserved {}) vms {}",
                sample.t_s,
                h.name,
                h.cpu_granted_mhz,
                h.cpu_capacity_mhz,
                h.cpu_reserved_mhz,
                h.mem_granted_mb,
                h.mem_capacity_mb,
                h.mem_reserved_mb,
                h.vms_running
            );
        }
        // Only clusters of several hosts, or with pools, print the cluster.
        if scenario.host.len() > 1 || !scenario.pool.is_empty() {
            let c = &sample.cluster;
            let _ = writeln!(
                w,
                "t={}s cluster {} cpu reserved {}/{} MHz mem reserved {}/{} MB",
                sample.t_s,
                c.state.name(),
                c.cpu_reserved_mhz,
                c.cpu_capacity_mhz,
                c.mem_reserved_mb,
                c.mem_capacity_mb
            );
        }
        // Only scenarios with pools print these: older traces stay as they were.
        for p in &sample.pools {
            let a = &p.alloc;
            let _ = writeln!(
                w,
                "t={}s pool {} cpu granted {} entitled {} used {} unreserved {} MHz | mem granted {} entitled {} used {} unreserved {} MB",
                sample.t_s, p.name, a.cpu_granted_mhz, a.cpu_entitlement_mhz, a.cpu_reservation_used_mhz,
                a.cpu_unreserved_mhz, a.mem_granted_mb, a.mem_entitlement_mb, a.mem_reservation_used_mb,
                a.mem_unreserved_mb
            );
        }
        for t in sample.network.iter().filter(|t| t.demand_mbps > 0) {
            let _ = writeln!(
                w,
                "t={}s traffic {} granted {} of {} Mbps (shares {}, reservation {})",
                sample.t_s,
                t.kind.name(),
                t.granted_mbps,
                t.demand_mbps,
                t.shares,
                t.reservation_mbps
            );
        }
        if let Some(st) = &sample.storage {
            let d = &st.datastore;
            let _ = writeln!(
                w,
                "t={}s datastore {} IOPS latency {} us congested {}",
                sample.t_s, d.iops, d.latency_us, d.congested
            );
            for disk in &st.disk {
                let _ = writeln!(
                    w,
                    "t={}s disk {} {} of {} IOPS latency {} us",
                    sample.t_s, disk.vm, disk.iops, disk.demand_iops, disk.latency_us
                );
            }
        }
        for (h, m) in sample.memory.iter().enumerate() {
            let _ = writeln!(
                w,
                "t={}s memory {} state {:?} free {} MB shared_saved {} MB",
                sample.t_s,
                scenario.host.get(h).map_or("?", |x| x.name.as_str()),
                m.state,
                m.free_mb,
                m.shared_saved_mb
            );
        }
        for v in sample.vms.iter() {
            let Some(m) = v.mem else { continue };
            if m.shared_mb + m.zero_mb + m.ballooned_mb + m.compressed_mb + m.swapped_mb == 0 {
                continue;
            }
            let _ = writeln!(
                w,
                "t={}s vmmem {} touched {} private {} shared {} zero {} balloon {} compressed {} swapped {} MB perf {}%",
                sample.t_s, v.name, m.touched_mb, m.private_mb, m.shared_mb, m.zero_mb,
                m.ballooned_mb, m.compressed_mb, m.swapped_mb, m.performance_pct
            );
        }
        if let Some(d) = &sample.drs {
            drs_line(w, scenario, sample.t_s, d);
        }
        // A day-long run lists its VMs hourly: the DRS line above and the
        // events carry what changes in between.
        let long = scenario.duration_s > vlab_sim::sim::LONG_RUN_S;
        if long && sample.t_s % 3600 != 0 {
            continue;
        }
        for v in sample.vms.iter().filter(|v| v.powered_on) {
            let a = &v.alloc;
            let _ = writeln!(
                w,
                "t={}s vm {} cpu granted {} entitled {} demand {} MHz | mem granted {} entitled {} demand {} MB",
                sample.t_s, v.name, a.cpu_granted_mhz, a.cpu_entitlement_mhz, v.cpu_demand_mhz,
                a.mem_granted_mb, a.mem_entitlement_mb, v.mem_demand_mb
            );
        }
    }
    for m in &trace.migrations {
        migration_lines(w, m);
    }
    if let Some(d) = &trace.drs {
        for r in &d.recommendations {
            let _ = writeln!(
                w,
                "drs #{} t={}s applied={} {}",
                r.number,
                r.t_s,
                r.applied,
                rec_sentence(Lang::En, r)
            );
        }
        let _ = writeln!(w, "drs energy {:.3} kWh", d.energy_kwh);
    }
    out
}

/// One sample's DRS figures: imbalance, target, per-host load, power
/// state and CPU demand.
fn drs_line(w: &mut String, scenario: &Scenario, t_s: u32, d: &DrsSample) {
    let target = d
        .target_milli
        .map_or_else(|| "none".to_string(), |t| t.to_string());
    let hosts: Vec<String> = scenario
        .host
        .iter()
        .enumerate()
        .map(|(h, host)| {
            format!(
                "{}:{}/{}/{}",
                host.name,
                d.host_power.get(h).map_or("?", |p| p.name()),
                d.host_load_pm.get(h).copied().unwrap_or(0),
                d.host_cpu_demand_pm.get(h).copied().unwrap_or(0)
            )
        })
        .collect();
    let _ = writeln!(
        w,
        "t={t_s}s drs imbalance {} target {target} migrations {} energy {} Wh hosts(power/load/cpu ‰) {}",
        d.imbalance_milli,
        d.migrations,
        d.energy_wh,
        hosts.join(" ")
    );
}

/// A migration's checks, rounds and phases, after the samples.
fn migration_lines(w: &mut String, m: &MigrationRecord) {
    let _ = writeln!(
        w,
        "migration {} {}->{} kind={} order={} at_s={} outcome={} start_ms={} link_mb_s={} total_ms={} sent_mb={} downtime_ms={} converged={} sdps={} slowdown={}%",
        m.vm, m.from, m.to, m.kind.name(), m.order.name(), m.at_s, m.outcome.name(),
        m.start_ms.map_or("-".into(), |t| t.to_string()), m.link_mb_s, m.total_ms,
        m.total_sent_mb, m.downtime_ms, m.converged, m.sdps_engaged, m.guest_slowdown_pct
    );
    for c in m.checks.iter().filter(|c| !c.passed) {
        let _ = writeln!(
            w,
            "migration {} check {} failed: {}",
            m.vm,
            c.name.name(),
            check_text(Lang::En, m, c).reason
        );
    }
    for (i, r) in m.rounds.iter().enumerate() {
        let _ = writeln!(
            w,
            "migration {} round {} sent {} dirtied {} MB in {} ms",
            m.vm,
            i + 1,
            r.sent_mb,
            r.dirtied_mb,
            r.duration_ms
        );
    }
    for p in &m.phases {
        let _ = writeln!(
            w,
            "migration {} phase {:?} {}..{} ms",
            m.vm, p.kind, p.start_ms, p.end_ms
        );
    }
}
