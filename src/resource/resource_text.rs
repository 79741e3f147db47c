//! Admission control's refusals in words: which resource was short,
//! where (a host, a resource pool, the cluster), and how far borrowing up
//! a chain of expandable reservations reached.

use crate::text::{tr, tr_fill, Lang};
use vlab_sim::resource::refusal::{Shortage, Shortfall, Stop};
use vlab_sim::EventKind;

/// A refused power-on (`kind` = `admission_denied`) or reservation change
/// (`setting_refused`) of `vm`, in `lang`.
pub fn shortage_text(lang: Lang, kind: EventKind, vm: &str, s: &Shortage) -> String {
    let change = kind == EventKind::SettingRefused;
    let unit = if s.resource == Shortfall::CpuMhz {
        "MHz"
    } else {
        "MB"
    };
    let key = match (change, &s.pool, &s.stop, s.resource) {
        (_, _, _, Shortfall::Vcpus) if !change => "event.denied_vcpus",
        (_, _, _, Shortfall::OvercommitMb) => "event.denied_overcommit",
        (true, Some(_), _, _) => "event.setting_refused_pool",
        (true, None, Some(Stop::Cluster), _) => "event.setting_refused_cluster",
        (true, _, _, _) => "event.setting_refused",
        (false, Some(_), _, Shortfall::CpuMhz) => "event.denied_pool_cpu",
        (false, Some(_), _, _) => "event.denied_pool_mem",
        (false, None, Some(Stop::Cluster), Shortfall::CpuMhz) => "event.denied_cluster_cpu",
        (false, None, Some(Stop::Cluster), _) => "event.denied_cluster_mem",
        (false, _, _, Shortfall::CpuMhz) => "event.denied_cpu",
        (false, _, _, _) => "event.denied_mem",
    };
    let pool = s.pool.as_deref().unwrap_or("");
    let reach = reach_text(lang, pool, &s.host, s.stop.as_ref());
    tr_fill(
        lang,
        key,
        &[
            ("vm", vm),
            ("host", &s.host),
            ("pool", pool),
            ("reach", &reach),
            ("needed", &s.needed.to_string()),
            ("available", &s.available.to_string()),
            ("unit", unit),
        ],
    )
}

/// A power-on refused because the VM's host is down, in `lang`.
pub fn host_unavailable_text(lang: Lang, vm: &str, host: &str) -> String {
    tr_fill(
        lang,
        "event.host_unavailable",
        &[("vm", vm), ("host", host)],
    )
}

/// How far an expandable reservation could borrow, in `lang`.
pub fn reach_text(lang: Lang, pool: &str, host: &str, stop: Option<&Stop>) -> String {
    match stop {
        Some(Stop::Pool(p)) if p == pool => tr(lang, "reach.not_expandable"),
        Some(Stop::Pool(p)) => tr_fill(lang, "reach.up_to_pool", &[("pool", p)]),
        Some(Stop::Limit(p)) if p == pool => tr(lang, "reach.own_limit"),
        Some(Stop::Limit(p)) => tr_fill(lang, "reach.pool_limit", &[("pool", p)]),
        Some(Stop::Cluster) => tr(lang, "reach.cluster"),
        Some(Stop::Host) | None => tr_fill(lang, "reach.host", &[("host", host)]),
    }
}

#[cfg(test)]
mod tests {
    use crate::text::{tr, Lang};

    #[test]
    fn every_traffic_type_ready_level_and_cluster_state_has_a_name_in_both_languages() {
        use vlab_sim::cpu::sched::ReadyLevel;
        use vlab_sim::resource::cluster::ClusterState;
        let mut keys: Vec<String> = vlab_sim::io::nioc::TrafficType::ALL
            .iter()
            .map(|t| format!("traffic.{}", t.name()))
            .collect();
        for s in [ClusterState::Valid, ClusterState::Yellow, ClusterState::Red] {
            keys.push(format!("cluster.{}", s.name()));
            keys.push(format!("cluster.{}_note", s.name()));
        }
        for l in [ReadyLevel::Ok, ReadyLevel::Watch, ReadyLevel::Degraded] {
            keys.push(crate::resource::vm_table::level_key(l).to_string());
        }
        for key in &keys {
            for lang in Lang::ALL {
                assert_ne!(tr(lang, key), *key, "{key} missing in {}", lang.code());
            }
        }
        assert_eq!(tr(Lang::ZhCn, "cluster.yellow"), "黄色（过量使用）");
        assert_eq!(tr(Lang::ZhCn, "pool.unlimited"), "不限");
    }
}
