//! Languages, and the domain text the UI renders through the locale files
//! (`locales/en.yml`, `locales/zh-CN.yml`) rather than the core's English.

use rust_i18n::t;
use serde::{Deserialize, Serialize};
use vlab_sim::event::Detail;
use vlab_sim::report::goal::{Check, Goal, GoalResult};
use vlab_sim::resource::refusal::Shortage;
use vlab_sim::resource::refusal::{Shortfall, Stop};
use vlab_sim::Event;

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// BCP 47 code: the locale file's name and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }
}

/// Translates `key` in `lang`.
pub fn tr(lang: Lang, key: &str) -> String {
    t!(key, locale = lang.code()).into_owned()
}

/// One event as a sentence in `lang`.
pub fn event_text(lang: Lang, e: &Event) -> String {
    let l = lang.code();
    let vm = e.subject.as_str();
    match &e.detail {
        Detail::Admission(Shortage {
            host,
            pool: Some(pool),
            stop,
            resource,
            needed,
            available,
        }) if *resource != Shortfall::Vcpus && e.kind == vlab_sim::EventKind::AdmissionDenied => {
            let key = if *resource == Shortfall::CpuMhz {
                "event.denied_pool_cpu"
            } else {
                "event.denied_pool_mem"
            };
            let reach = reach_text(lang, pool, host, stop.as_ref());
            t!(
                key,
                locale = l,
                vm = vm,
                pool = pool,
                reach = reach,
                needed = needed,
                available = available
            )
            .into_owned()
        }
        Detail::Admission(Shortage {
            pool: None,
            stop: Some(Stop::Cluster),
            resource,
            needed,
            available,
            ..
        }) => {
            let key = match (e.kind, resource) {
                (vlab_sim::EventKind::SettingRefused, _) => "event.setting_refused_cluster",
                (_, Shortfall::CpuMhz) => "event.denied_cluster_cpu",
                _ => "event.denied_cluster_mem",
            };
            t!(
                key,
                locale = l,
                vm = vm,
                needed = needed,
                available = available
            )
            .into_owned()
        }
        Detail::Admission(Shortage {
            host,
            resource,
            needed,
            available,
            ..
        }) => {
            let key = match (e.kind, resource) {
                (vlab_sim::EventKind::SettingRefused, _) => "event.setting_refused",
                (_, Shortfall::CpuMhz) => "event.denied_cpu",
                (_, Shortfall::MemMb) => "event.denied_mem",
                (_, Shortfall::Vcpus) => "event.denied_vcpus",
            };
            t!(
                key,
                locale = l,
                vm = vm,
                host = host,
                needed = needed,
                available = available
            )
            .into_owned()
        }
        Detail::Setting { field, from, to } => {
            let key = if e.kind == vlab_sim::EventKind::SettingRefused {
                "event.setting_invalid"
            } else {
                "event.setting_changed"
            };
            let field = tr(lang, &field_key(vm, field));
            t!(
                key,
                locale = l,
                vm = vm,
                field = field,
                from = from,
                to = to
            )
            .into_owned()
        }
        Detail::MemState { from, to } => t!(
            "event.mem_state",
            locale = l,
            host = vm,
            from = tr(lang, &format!("mem.state_{}", from.name())),
            to = tr(lang, &format!("mem.state_{}", to.name()))
        )
        .into_owned(),
        Detail::Migration { from, to, note } => {
            crate::i18n_migration::event_text(lang, vm, from, to, note)
        }
        Detail::Ha(note) => crate::i18n_ha::note_text(lang, vm, note),
        Detail::HaAdmission(refusal) => crate::i18n_ha::refusal_text(lang, vm, refusal),
        Detail::Drs(_) => crate::i18n_drs::event_text(lang, e),
        Detail::HostUnavailable { host } => {
            t!("event.host_unavailable", locale = l, vm = vm, host = host).into_owned()
        }
        Detail::None => match e.kind {
            vlab_sim::EventKind::PowerOff => {
                t!("event.power_off", locale = l, vm = vm).into_owned()
            }
            vlab_sim::EventKind::HostFailed => {
                t!("event.host_failed", locale = l, host = vm).into_owned()
            }
            vlab_sim::EventKind::VappPowerOn => {
                t!("event.vapp_power_on", locale = l, vapp = vm).into_owned()
            }
            vlab_sim::EventKind::VappPowerOff => {
                t!("event.vapp_power_off", locale = l, vapp = vm).into_owned()
            }
            vlab_sim::EventKind::MaintenanceRequested
            | vlab_sim::EventKind::MaintenanceEntered
            | vlab_sim::EventKind::MaintenanceExited => crate::i18n_drs::event_text(lang, e),
            _ => t!("event.power_on", locale = l, vm = vm).into_owned(),
        },
    }
}

/// The locale key naming a changed field: `enabled` is Storage I/O
/// Control's, HA's, DRS's, DPM's or a DRS rule's, by the subject.
fn field_key(subject: &str, field: &str) -> String {
    match (subject, field) {
        ("ha" | "drs" | "dpm", "enabled") => format!("field.{subject}_enabled"),
        ("sioc", "enabled") => "field.enabled".to_string(),
        (_, "enabled") => "field.rule_enabled".to_string(),
        _ => format!("field.{field}"),
    }
}

/// How far an expandable reservation could borrow, in `lang`.
fn reach_text(lang: Lang, pool: &str, host: &str, stop: Option<&Stop>) -> String {
    let l = lang.code();
    match stop {
        Some(Stop::Pool(p)) if p == pool => tr(lang, "reach.not_expandable"),
        Some(Stop::Pool(p)) => t!("reach.up_to_pool", locale = l, pool = p).into_owned(),
        Some(Stop::Limit(p)) if p == pool => tr(lang, "reach.own_limit"),
        Some(Stop::Limit(p)) => t!("reach.pool_limit", locale = l, pool = p).into_owned(),
        Some(Stop::Cluster) => tr(lang, "reach.cluster"),
        Some(Stop::Host) | None => t!("reach.host", locale = l, host = host).into_owned(),
    }
}

/// A shared link's problem as a sentence in `lang`.
pub fn share_problem_text(lang: Lang, p: &crate::lab_view::ShareProblem) -> String {
    use crate::lab_view::ShareProblem as P;
    let l = lang.code();
    match p {
        P::UnknownControl { id, known } => t!("share.unknown", locale = l, id = id, known = known),
        P::NotInRange { id, text, min, max } => t!(
            "share.range",
            locale = l,
            id = id,
            text = text,
            min = min,
            max = max
        ),
        P::NotBool { id, text } => t!("share.bool", locale = l, id = id, text = text),
        P::NotAChoice { id, text, choices } => t!(
            "share.choice",
            locale = l,
            id = id,
            text = text,
            choices = choices
        ),
    }
    .into_owned()
}

/// What a goal's check wants, with the value it was judged on, in `lang`.
pub fn goal_detail(lang: Lang, goal: &Goal, result: &GoalResult) -> String {
    let l = lang.code();
    let actual = result.actual;
    // " MHz", " MB", or nothing for counts and 0/1 flags.
    let spaced = |unit: &str| {
        if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        }
    };
    match &goal.check {
        Check::AtLeast { metric, value } => t!(
            "goal.now_at_least",
            locale = l,
            actual = actual,
            unit = spaced(metric.unit()),
            value = value
        )
        .into_owned(),
        Check::AtMost { metric, value } => t!(
            "goal.now_at_most",
            locale = l,
            actual = actual,
            unit = spaced(metric.unit()),
            value = value
        )
        .into_owned(),
        Check::Approx {
            metric,
            value,
            tolerance,
        } => t!(
            "goal.now_approx",
            locale = l,
            actual = actual,
            unit = spaced(metric.unit()),
            value = value,
            tolerance = tolerance
        )
        .into_owned(),
        Check::EventOccurs { .. } | Check::EventNever { .. } => {
            t!("goal.events_seen", locale = l, count = actual).into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dotted keys of a two-level locale file such as `locales/en.yml`.
    fn keys(yaml: &str) -> Vec<String> {
        let mut section = String::new();
        let mut out = Vec::new();
        for line in yaml
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('_'))
        {
            let key = line.trim().split(':').next().unwrap_or("").to_string();
            if line.starts_with(' ') {
                out.push(format!("{section}.{key}"));
            } else {
                section = key;
            }
        }
        out
    }

    #[test]
    fn both_languages_have_the_same_keys_and_every_key_translates() {
        let en = keys(include_str!("../locales/en.yml"));
        let zh = keys(include_str!("../locales/zh-CN.yml"));
        assert_eq!(
            en, zh,
            "locales/en.yml and locales/zh-CN.yml must list the same keys in the same order"
        );
        assert!(en.len() > 50);
        for key in &en {
            for lang in Lang::ALL {
                assert_ne!(tr(lang, key), *key, "{key} has no {} text", lang.code());
            }
        }
        assert_ne!(tr(Lang::En, "lab.goals"), tr(Lang::ZhCn, "lab.goals"));
    }

    #[test]
    fn every_settable_field_has_a_name_in_both_languages() {
        let vm = vlab_sim::inventory::vm_field::VmField::ALL.map(|f| f.name());
        let pool = vlab_sim::inventory::pool_field::PoolField::ALL.map(|f| f.name());
        let host = vlab_sim::inventory::host_field::HostField::ALL.map(|f| f.name());
        for name in vm.iter().chain(&pool).chain(&host) {
            let key = format!("field.{name}");
            for lang in Lang::ALL {
                assert_ne!(tr(lang, &key), key, "{key} missing in {}", lang.code());
            }
        }
    }

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
            keys.push(crate::components::vm_table::level_key(l).to_string());
        }
        for key in &keys {
            for lang in Lang::ALL {
                assert_ne!(tr(lang, key), *key, "{key} missing in {}", lang.code());
            }
        }
        assert_eq!(tr(Lang::ZhCn, "cluster.yellow"), "黄色（过量使用）");
        assert_eq!(tr(Lang::ZhCn, "pool.unlimited"), "不限");
    }

    #[test]
    fn pool_refusals_name_the_pool_and_where_borrowing_stopped() {
        let e = Event {
            t_s: 0,
            kind: vlab_sim::EventKind::AdmissionDenied,
            subject: "VM-K2".into(),
            detail: Detail::Admission(Shortage {
                host: "esxi-01".into(),
                pool: Some("RP-KID".into()),
                stop: Some(Stop::Pool("RP-MOM".into())),
                resource: Shortfall::CpuMhz,
                needed: 2000,
                available: 1000,
            }),
        };
        let en = event_text(Lang::En, &e);
        assert!(
            en.contains("RP-KID") && en.contains("RP-MOM") && en.contains("1000 MHz"),
            "{en}"
        );
        let zh = event_text(Lang::ZhCn, &e);
        assert!(
            zh.contains("资源池 RP-KID") && zh.contains("RP-MOM"),
            "{zh}"
        );
    }

    #[test]
    fn events_read_naturally_in_both_languages() {
        let e = Event {
            t_s: 0,
            kind: vlab_sim::EventKind::AdmissionDenied,
            subject: "vm9".into(),
            detail: Detail::Admission(Shortage {
                host: "esxi-01".into(),
                pool: None,
                stop: None,
                resource: Shortfall::MemMb,
                needed: 8192,
                available: 0,
            }),
        };
        let en = event_text(Lang::En, &e);
        let zh = event_text(Lang::ZhCn, &e);
        assert!(
            en.contains("vm9") && en.contains("8192 MB") && en.contains("0 MB"),
            "{en}"
        );
        assert!(zh.contains("准入控制") && zh.contains("8192"), "{zh}");
    }
}
