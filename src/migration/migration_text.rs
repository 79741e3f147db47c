//! Live migrations in the student's language, from the core's structured
//! data: each pre-check's reason and fix from its `args` (`check.*` in the
//! locale files), each migration's note (`migration.note_*`) and the event
//! log's sentence. The core's English (`CheckResult::reason`,
//! `sim_migration::describe`) is what these mirror.

use crate::text::{tr, tr_fill, Lang};
use vlab_sim::migration::checks::{CheckName, CheckResult};
use vlab_sim::migration::cost::Budgeted;
use vlab_sim::migration::plan::PhaseKind;
use vlab_sim::migration::record::{MigrationNote, MigrationRecord, Outcome};
use vlab_sim::migration::MigrationKind;

/// A check's short name, e.g. "CPU features (EVC)".
pub fn check_title(lang: Lang, name: CheckName) -> String {
    tr(lang, &format!("check.{}", name.name()))
}

/// One check in words: what it found, and for a failed one, the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckText {
    pub title: String,
    pub reason: String,
    pub fix: Option<String>,
}

/// Does `check` concern this migration at all? A Storage vMotion keeps the
/// VM on its host, so the host-to-host checks pass without meaning; a disk
/// that does not move needs no destination datastore.
pub fn check_applies(r: &MigrationRecord, check: &CheckResult) -> bool {
    let moves_host = !r.from.is_empty() && r.from != r.to;
    let datastore = check.args.get("datastore").is_some_and(|d| !d.is_empty());
    match check.name {
        CheckName::CpuVendor
        | CheckName::CpuFeatures
        | CheckName::VmotionNetwork
        | CheckName::LocalDevices
        | CheckName::CpuAffinity
        | CheckName::InternalSwitch
        | CheckName::DestinationCapacity => moves_host,
        CheckName::SharedStorage => moves_host && datastore && !r.kind.moves_storage(),
        CheckName::DestinationDatastore => datastore,
        _ => true,
    }
}

/// `check` of migration `r` in `lang`, from its args (and the VM and hosts).
pub fn check_text(lang: Lang, r: &MigrationRecord, check: &CheckResult) -> CheckText {
    let name = check.name.name();
    let unit_key = match check.args.get("resource").map(String::as_str) {
        Some("cpu") => "check.unit_cpu",
        Some("mem" | "overcommit") => "check.unit_mem",
        _ => "check.unit_vcpus",
    };
    let unit = tr(lang, unit_key);
    let mut args: Vec<(&str, &str)> = vec![
        ("vm", r.vm.as_str()),
        ("from", r.from.as_str()),
        ("to", r.to.as_str()),
        ("unit", unit.as_str()),
    ];
    args.extend(check.args.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let (reason, fix) = if check.passed {
        let reason = if check_applies(r, check) {
            tr_fill(lang, &format!("check.{name}_ok"), &args)
        } else {
            tr(lang, "check.not_needed")
        };
        (reason, None)
    } else {
        (
            tr_fill(lang, &format!("check.{name}_fail"), &args),
            Some(tr_fill(lang, &format!("check.{name}_fix"), &args)),
        )
    };
    CheckText {
        title: check_title(lang, check.name),
        reason,
        fix,
    }
}

pub fn kind_text(lang: Lang, kind: MigrationKind) -> String {
    tr(lang, &format!("migration.kind_{}", kind.name()))
}

pub fn outcome_text(lang: Lang, outcome: Outcome) -> String {
    tr(lang, &format!("migration.outcome_{}", outcome.name()))
}

/// The snake_case name of a phase (locale keys, test ids).
pub fn phase_name(kind: PhaseKind) -> &'static str {
    match kind {
        PhaseKind::StorageCopy => "storage_copy",
        PhaseKind::Precopy => "precopy",
        PhaseKind::Switchover => "switchover",
        PhaseKind::Resume => "resume",
    }
}

pub fn phase_text(lang: Lang, kind: PhaseKind) -> String {
    tr(lang, &format!("migration.phase_{}", phase_name(kind)))
}

/// Milliseconds as seconds with one decimal, e.g. 48_532 → "48.5".
pub fn secs1(ms: u64) -> String {
    format!("{:.1}", ms as f64 / 1000.0)
}

/// What a note says about a migration of `vm` from `from` to `to`, e.g.
/// "queued: host esx1 has 8 of 8 in use and this migration costs 4".
pub fn note_text(lang: Lang, vm: &str, from: &str, to: &str, note: &MigrationNote) -> String {
    let base = [("vm", vm), ("from", from), ("to", to)];
    let with = |key: &str, more: &[(&str, &str)]| {
        let mut args = base.to_vec();
        args.extend_from_slice(more);
        tr_fill(lang, &format!("migration.note_{key}"), &args)
    };
    match note {
        MigrationNote::Refused { failed } => {
            let names: Vec<String> = failed.iter().map(|c| check_title(lang, *c)).collect();
            with(
                "refused",
                &[("checks", &names.join(&tr(lang, "migration.list_sep")))],
            )
        }
        MigrationNote::Queued {
            on,
            in_use,
            cost,
            budget,
        } => {
            let (key, name) = match on {
                Budgeted::Vm(n) => ("migration.on_vm", n),
                Budgeted::Host(n) => ("migration.on_host", n),
                Budgeted::Network(n) => ("migration.on_network", n),
                Budgeted::Datastore(n) => ("migration.on_datastore", n),
            };
            let on = tr_fill(lang, key, &[("name", name)]);
            with(
                "queued",
                &[
                    ("on", &on),
                    ("in_use", &in_use.to_string()),
                    ("cost", &cost.to_string()),
                    ("budget", &budget.to_string()),
                ],
            )
        }
        MigrationNote::Started {
            kind: MigrationKind::Storage,
            ..
        } => with("started_storage", &[]),
        MigrationNote::Started { link_mb_s, .. } => {
            with("started", &[("mb_s", &link_mb_s.to_string())])
        }
        MigrationNote::Completed {
            total_ms,
            downtime_ms,
            total_sent_mb,
        } => with(
            "completed",
            &[
                ("total", &secs1(*total_ms)),
                ("sent", &total_sent_mb.to_string()),
                ("downtime", &downtime_ms.to_string()),
            ],
        ),
        MigrationNote::SwitchoverTooLong { needed_ms, max_ms } => with(
            "switchover_too_long",
            &[
                ("needed", &needed_ms.to_string()),
                ("max", &max_ms.to_string()),
            ],
        ),
        MigrationNote::HostFailed { host } if host == from => {
            with("host_failed_source", &[("host", host)])
        }
        MigrationNote::HostFailed { host } => with("host_failed", &[("host", host)]),
        MigrationNote::NetworkLost { host } => with("network_lost", &[("host", host)]),
        MigrationNote::VmPoweredOff => with("vm_powered_off", &[]),
    }
}

/// The event log's sentence for a migration event.
pub fn event_text(lang: Lang, vm: &str, from: &str, to: &str, note: &MigrationNote) -> String {
    let route = if from.is_empty() {
        tr_fill(lang, "migration.route_to", &[("to", to)])
    } else if from == to {
        tr_fill(lang, "migration.route_on", &[("from", from)])
    } else {
        tr_fill(lang, "migration.route", &[("from", from), ("to", to)])
    };
    let note = note_text(lang, vm, from, to, note);
    tr_fill(
        lang,
        "event.migration",
        &[("vm", vm), ("route", &route), ("note", &note)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::capitalized;

    /// Every key a check can use, for each check.
    fn check_keys(name: CheckName) -> Vec<String> {
        let n = name.name();
        ["", "_ok", "_fail", "_fix"]
            .iter()
            .map(|s| format!("check.{n}{s}"))
            .collect()
    }

    #[test]
    fn every_check_has_a_title_texts_and_a_fix_in_both_languages() {
        let mut keys: Vec<String> = CheckName::ALL.into_iter().flat_map(check_keys).collect();
        keys.extend(
            ["not_needed", "unit_cpu", "unit_mem", "unit_vcpus"].map(|k| format!("check.{k}")),
        );
        for key in &keys {
            for lang in Lang::ALL {
                let text = tr(lang, key);
                assert_ne!(&text, key, "{key} missing in {}", lang.code());
            }
        }
    }

    fn every_note() -> Vec<MigrationNote> {
        vec![
            MigrationNote::Refused {
                failed: vec![CheckName::CpuFeatures, CheckName::VmotionNetwork],
            },
            MigrationNote::Queued {
                on: Budgeted::Vm("web".into()),
                in_use: 1,
                cost: 1,
                budget: 1,
            },
            MigrationNote::Queued {
                on: Budgeted::Host("esx1".into()),
                in_use: 8,
                cost: 4,
                budget: 8,
            },
            MigrationNote::Queued {
                on: Budgeted::Network("esx1".into()),
                in_use: 4,
                cost: 1,
                budget: 4,
            },
            MigrationNote::Queued {
                on: Budgeted::Datastore("ds1".into()),
                in_use: 128,
                cost: 16,
                budget: 128,
            },
            MigrationNote::Started {
                kind: MigrationKind::Compute,
                link_mb_s: 125,
            },
            MigrationNote::Started {
                kind: MigrationKind::Storage,
                link_mb_s: 0,
            },
            MigrationNote::Completed {
                total_ms: 48_532,
                downtime_ms: 516,
                total_sent_mb: 6064,
            },
            MigrationNote::SwitchoverTooLong {
                needed_ms: 32_796,
                max_ms: 5000,
            },
            MigrationNote::HostFailed {
                host: "esx1".into(),
            },
            MigrationNote::HostFailed {
                host: "esx2".into(),
            },
            MigrationNote::NetworkLost {
                host: "esx2".into(),
            },
            MigrationNote::VmPoweredOff,
        ]
    }

    #[test]
    fn every_note_reads_in_both_languages_with_every_placeholder_filled() {
        for note in every_note() {
            for lang in Lang::ALL {
                let text = event_text(lang, "web", "esx1", "esx2", &note);
                assert!(
                    !text.contains("%{") && !text.contains("migration."),
                    "{note:?} in {}: {text}",
                    lang.code()
                );
                assert!(text.contains("web"), "{text}");
            }
        }
        let zh = event_text(
            Lang::ZhCn,
            "web",
            "esx1",
            "esx2",
            &MigrationNote::Completed {
                total_ms: 48_532,
                downtime_ms: 516,
                total_sent_mb: 6064,
            },
        );
        assert!(
            zh.contains("48.5") && zh.contains("停机时间") && zh.contains("516"),
            "{zh}"
        );
        let en = event_text(Lang::En, "web", "esx1", "esx2", &every_note()[0]);
        assert!(
            en.contains("CPU features (EVC)") && en.contains("vMotion network"),
            "{en}"
        );
    }

    #[test]
    fn every_kind_outcome_and_phase_has_a_name_in_both_languages() {
        let kinds = [
            MigrationKind::Compute,
            MigrationKind::Storage,
            MigrationKind::Both,
        ];
        let outcomes = [
            Outcome::Pending,
            Outcome::Queued,
            Outcome::Running,
            Outcome::Completed,
            Outcome::Refused,
            Outcome::Failed,
        ];
        let phases = [
            PhaseKind::StorageCopy,
            PhaseKind::Precopy,
            PhaseKind::Switchover,
            PhaseKind::Resume,
        ];
        for lang in Lang::ALL {
            let mut texts: Vec<String> = kinds.iter().map(|k| kind_text(lang, *k)).collect();
            texts.extend(outcomes.iter().map(|o| outcome_text(lang, *o)));
            texts.extend(phases.iter().map(|p| phase_text(lang, *p)));
            for t in &texts {
                assert!(!t.starts_with("migration."), "{t} in {}", lang.code());
            }
        }
        assert_eq!(
            kind_text(Lang::ZhCn, MigrationKind::Storage),
            "存储热迁移（Storage vMotion）"
        );
        assert_eq!(phase_text(Lang::ZhCn, PhaseKind::Precopy), "预复制");
    }

    #[test]
    fn capitalized_raises_the_first_letter_only() {
        assert_eq!(capitalized("queued: host"), "Queued: host");
        assert_eq!(capitalized("排队"), "排队");
        assert_eq!(capitalized(""), "");
    }
}
