//! vSphere HA in the student's language, from the core's structured data:
//! each [`HaNote`] (`ha_event.*` in the locale files), why a restart failed
//! ([`RestartBlock`]), why HA admission control refused a power-on
//! ([`HaRefusal`]), and the names of policies, isolation responses,
//! restart priorities and event kinds (`ha.*`, `ha_kind.*`). The core's
//! English (`sim_ha::describe`, `HaRefusal::describe`) is what these mirror.

use crate::text::{event_kind_name, tr, tr_fill, Lang};
use vlab_sim::event::Detail;
use vlab_sim::ha::fdm::IsolationResponse;
use vlab_sim::ha::note::{HaNote, RestartBlock};
use vlab_sim::ha::spec::{AdmissionPolicy, FaultKind, FcHaPolicy, VmMonitoring};
use vlab_sim::ha::HaRefusal;
use vlab_sim::inventory::RestartPriority;
use vlab_sim::{Event, EventKind};

/// The snake_case name of a fault kind (locale keys).
pub fn fault_name(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::HostCrash => "host_crash",
        FaultKind::HostIsolation => "host_isolation",
        FaultKind::Partition => "partition",
        FaultKind::DatastoreLoss => "datastore_loss",
        FaultKind::GuestCrash => "guest_crash",
    }
}

/// Every fault kind, for tests and legends.
pub const FAULT_KINDS: [FaultKind; 5] = [
    FaultKind::HostCrash,
    FaultKind::HostIsolation,
    FaultKind::Partition,
    FaultKind::DatastoreLoss,
    FaultKind::GuestCrash,
];

/// The HA event kinds: what the timeline shows.
pub const HA_KINDS: [EventKind; 15] = [
    EventKind::FaultInjected,
    EventKind::FaultHealed,
    EventKind::ElectionStarted,
    EventKind::MasterElected,
    EventKind::HostFailed,
    EventKind::HostDeclaredDead,
    EventKind::HostIsolated,
    EventKind::HostPartitioned,
    EventKind::IsolationResponse,
    EventKind::VmRestarted,
    EventKind::VmRestartFailed,
    EventKind::GuestCrashed,
    EventKind::VmReset,
    EventKind::DatastoreLost,
    EventKind::AdmissionDenied,
];

/// An event kind's short name, e.g. "declared dead" (the timeline's tag).
pub fn kind_text(lang: Lang, kind: EventKind) -> String {
    tr(lang, &format!("ha_kind.{}", kind.name()))
}

/// The admission control policy's name, e.g. "Slot policy (…)".
pub fn policy_text(lang: Lang, policy: AdmissionPolicy) -> String {
    tr(lang, &format!("ha.policy_{}", policy.name()))
}

/// The isolation response's name, e.g. "power off".
pub fn response_text(lang: Lang, response: IsolationResponse) -> String {
    tr(lang, &format!("ha.response_{}", response.name()))
}

/// The restart priority's name, e.g. "high".
pub fn priority_text(lang: Lang, priority: RestartPriority) -> String {
    tr(lang, &format!("ha.priority_{}", priority.name()))
}

/// VM monitoring's setting, e.g. "high (reset after 30 s)".
pub fn monitoring_text(lang: Lang, monitoring: VmMonitoring) -> String {
    match monitoring.failure_interval_s() {
        None => tr(lang, "ha.monitoring_disabled"),
        Some(s) => tr_fill(
            lang,
            "ha.monitoring_on",
            &[
                (
                    "level",
                    &tr(lang, &format!("ha.monitoring_{}", monitoring.name())),
                ),
                ("s", &s.to_string()),
            ],
        ),
    }
}

/// A control's choice in words, when its target is an HA field: the
/// policy, isolation response, VM monitoring level or restart priority by
/// name, followed by the value itself when the words do not already say
/// it (lab texts name values, e.g. `power_off`). `None` for anything
/// else, such as `auto`, host names and numbers (the control shows the
/// value as it is).
pub fn choice_text(lang: Lang, target: &str, value: &str) -> Option<String> {
    if !(target.starts_with("ha.") || target.ends_with(".restart_priority")) {
        return None;
    }
    let field = target.rsplit('.').next().unwrap_or("");
    let words = match field {
        "admission" => AdmissionPolicy::parse(value).map(|p| policy_text(lang, p)),
        "isolation_response" => IsolationResponse::parse(value).map(|r| response_text(lang, r)),
        "restart_priority" => RestartPriority::parse(value).map(|p| priority_text(lang, p)),
        "vm_monitoring" => VmMonitoring::parse(value).map(|m| monitoring_text(lang, m)),
        "fc_policy" => FcHaPolicy::parse(value).map(|p| tr(lang, &format!("ha.fc_{}", p.name()))),
        _ => None,
    }?;
    if words.contains(&value.replace('_', " ")) {
        return Some(words);
    }
    Some(tr_fill(
        lang,
        "ha.choice",
        &[("words", &words), ("value", value)],
    ))
}

/// Why a VM could not be restarted, as a clause.
pub fn block_text(lang: Lang, why: &RestartBlock) -> String {
    match why {
        RestartBlock::Locked { host } => tr_fill(lang, "ha_event.block_locked", &[("host", host)]),
        RestartBlock::DatastoreLost { datastore } => tr_fill(
            lang,
            "ha_event.block_datastore_lost",
            &[("datastore", datastore)],
        ),
        RestartBlock::NoCapacity {
            needed_mhz,
            needed_mb,
        } => tr_fill(
            lang,
            "ha_event.block_no_capacity",
            &[
                ("mhz", &needed_mhz.to_string()),
                ("mb", &needed_mb.to_string()),
            ],
        ),
        RestartBlock::OriginalHostDown { host } => {
            tr_fill(lang, "ha_event.block_original_host_down", &[("host", host)])
        }
    }
}

/// An HA note about `subject` (a host, a VM, a datastore or "cluster") as a
/// sentence.
pub fn note_text(lang: Lang, subject: &str, note: &HaNote) -> String {
    let with = |key: &str, more: &[(&str, &str)]| {
        let mut args = vec![("subject", subject)];
        args.extend_from_slice(more);
        tr_fill(lang, &format!("ha_event.{key}"), &args)
    };
    match note {
        HaNote::Master { host, partition: 0 } => with("master", &[("host", host)]),
        HaNote::Master { host, partition } => with(
            "master_partition",
            &[("host", host), ("partition", &partition.to_string())],
        ),
        HaNote::ElectionStarted => with("election_started", &[]),
        HaNote::DeclaredDead => with("declared_dead", &[]),
        HaNote::Isolated { by_master: false } => with("isolated_self", &[]),
        HaNote::Isolated { by_master: true } => with("isolated_by_master", &[]),
        HaNote::Partitioned => with("partitioned", &[]),
        HaNote::Response { response, vms } => with(
            "response",
            &[
                ("response", &response_text(lang, *response)),
                ("vms", &vms.to_string()),
            ],
        ),
        HaNote::Restarted { host, attempt } => with(
            "restarted",
            &[("host", host), ("attempt", &attempt.to_string())],
        ),
        HaNote::RestartFailed {
            why,
            attempt,
            gave_up,
        } => {
            let next = tr(
                lang,
                if *gave_up {
                    "ha_event.gave_up"
                } else {
                    "ha_event.will_retry"
                },
            );
            with(
                "restart_failed",
                &[
                    ("attempt", &attempt.to_string()),
                    ("why", &block_text(lang, why)),
                    ("next", &next),
                ],
            )
        }
        HaNote::GuestCrashed => with("guest_crashed", &[]),
        HaNote::Reset { after_s } => with("reset", &[("after", &after_s.to_string())]),
        HaNote::IoActive { after_s, window_s } => with(
            "io_active",
            &[
                ("after", &after_s.to_string()),
                ("window", &window_s.to_string()),
            ],
        ),
        HaNote::ResetLimit { resets, window_s } => with(
            "reset_limit",
            &[
                ("resets", &resets.to_string()),
                ("hours", &(window_s / 3600).to_string()),
            ],
        ),
        HaNote::DatastoreLost { vms } => with("datastore_lost", &[("vms", &vms.to_string())]),
        HaNote::Fault { kind } => with(&format!("fault_{}", fault_name(*kind)), &[]),
        HaNote::Healed { kind } => with(&format!("healed_{}", fault_name(*kind)), &[]),
        HaNote::Overloaded {
            demand_mhz,
            capacity_mhz,
        } => with(
            "overloaded",
            &[
                ("demand", &demand_mhz.to_string()),
                ("capacity", &capacity_mhz.to_string()),
            ],
        ),
    }
}

/// Why HA admission control refused a power-on, as a clause.
pub fn refusal_reason(lang: Lang, refusal: &HaRefusal) -> String {
    match refusal {
        HaRefusal::NotEnoughSlots {
            needed,
            available,
            host_failures,
        } => tr_fill(
            lang,
            "ha_event.refusal_slots",
            &[
                ("needed", &needed.to_string()),
                ("available", &available.to_string()),
                ("failures", &host_failures.to_string()),
            ],
        ),
        HaRefusal::CpuBelowPct {
            would_be_pct,
            configured_pct,
        } => tr_fill(
            lang,
            "ha_event.refusal_cpu_pct",
            &[
                ("would", &would_be_pct.to_string()),
                ("configured", &configured_pct.to_string()),
            ],
        ),
        HaRefusal::MemBelowPct {
            would_be_pct,
            configured_pct,
        } => tr_fill(
            lang,
            "ha_event.refusal_mem_pct",
            &[
                ("would", &would_be_pct.to_string()),
                ("configured", &configured_pct.to_string()),
            ],
        ),
        HaRefusal::FailoverHost { host } => {
            tr_fill(lang, "ha_event.refusal_failover_host", &[("host", host)])
        }
        HaRefusal::OnlyFailoverHosts => tr(lang, "ha_event.refusal_only_failover_hosts"),
    }
}

/// The event log's sentence for a power-on of `vm` refused by HA.
pub fn refusal_text(lang: Lang, vm: &str, refusal: &HaRefusal) -> String {
    tr_fill(
        lang,
        "ha_event.refused",
        &[("vm", vm), ("why", &refusal_reason(lang, refusal))],
    )
}

/// An event of the HA timeline (see `ha_model::stage`) as a sentence:
/// HA's notes and refusals, and a host failing.
pub fn timeline_text(lang: Lang, e: &Event) -> String {
    let subject = e.subject.as_str();
    match &e.detail {
        Detail::Ha(note) => note_text(lang, subject, note),
        Detail::HaAdmission(refusal) => refusal_text(lang, subject, refusal),
        _ if e.kind == EventKind::HostFailed => {
            tr_fill(lang, "event.host_failed", &[("host", subject)])
        }
        _ => tr_fill(
            lang,
            "event.other",
            &[
                ("kind", &event_kind_name(lang, e.kind)),
                ("subject", subject),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_block() -> Vec<RestartBlock> {
        vec![
            RestartBlock::Locked {
                host: "esx2".into(),
            },
            RestartBlock::DatastoreLost {
                datastore: "ds1".into(),
            },
            RestartBlock::NoCapacity {
                needed_mhz: 1000,
                needed_mb: 4096,
            },
            RestartBlock::OriginalHostDown {
                host: "esx1".into(),
            },
        ]
    }

    fn every_note() -> Vec<HaNote> {
        let mut notes = vec![
            HaNote::Master {
                host: "esx3".into(),
                partition: 0,
            },
            HaNote::Master {
                host: "esx1".into(),
                partition: 2,
            },
            HaNote::ElectionStarted,
            HaNote::DeclaredDead,
            HaNote::Isolated { by_master: false },
            HaNote::Isolated { by_master: true },
            HaNote::Partitioned,
            HaNote::Restarted {
                host: "esx2".into(),
                attempt: 1,
            },
            HaNote::GuestCrashed,
            HaNote::Reset { after_s: 60 },
            HaNote::IoActive {
                after_s: 30,
                window_s: 120,
            },
            HaNote::ResetLimit {
                resets: 3,
                window_s: 3600,
            },
            HaNote::DatastoreLost { vms: 3 },
            HaNote::Overloaded {
                demand_mhz: 27000,
                capacity_mhz: 20000,
            },
        ];
        notes.extend(IsolationResponse::ALL.map(|response| HaNote::Response { response, vms: 2 }));
        for why in every_block() {
            for gave_up in [false, true] {
                notes.push(HaNote::RestartFailed {
                    why: why.clone(),
                    attempt: 2,
                    gave_up,
                });
            }
        }
        for kind in FAULT_KINDS {
            notes.push(HaNote::Fault { kind });
            notes.push(HaNote::Healed { kind });
        }
        notes
    }

    fn every_refusal() -> Vec<HaRefusal> {
        vec![
            HaRefusal::NotEnoughSlots {
                needed: 1,
                available: 0,
                host_failures: 1,
            },
            HaRefusal::CpuBelowPct {
                would_be_pct: 20,
                configured_pct: 25,
            },
            HaRefusal::MemBelowPct {
                would_be_pct: 33,
                configured_pct: 43,
            },
            HaRefusal::FailoverHost {
                host: "esx4".into(),
            },
            HaRefusal::OnlyFailoverHosts,
        ]
    }

    /// A text with every placeholder filled and no key showing through.
    fn assert_filled(text: &str, what: &str, lang: Lang) {
        assert!(
            !text.contains("%{") && !text.contains("ha_event.") && !text.contains("ha."),
            "{what} in {}: {text}",
            lang.code()
        );
        assert!(!text.trim().is_empty(), "{what} in {}", lang.code());
    }

    #[test]
    fn every_note_reads_in_both_languages_with_every_placeholder_filled() {
        for note in every_note() {
            let mut texts = Vec::new();
            for lang in Lang::ALL {
                let text = note_text(lang, "web", &note);
                assert_filled(&text, &format!("{note:?}"), lang);
                texts.push(text);
            }
            assert_ne!(texts[0], texts[1], "{note:?} is not translated");
        }
        // The facts are in the sentence, not just the template.
        let note = HaNote::RestartFailed {
            why: RestartBlock::NoCapacity {
                needed_mhz: 1000,
                needed_mb: 4096,
            },
            attempt: 2,
            gave_up: false,
        };
        let en = note_text(Lang::En, "db", &note);
        assert_eq!(
            en,
            "HA could not restart db (attempt 2): no host can back its reservations \
             (1000 MHz, 4096 MB with overhead); HA will retry."
        );
        let zh = note_text(Lang::ZhCn, "db", &note);
        assert!(
            zh.contains("db") && zh.contains("1000 MHz") && zh.contains("重试"),
            "{zh}"
        );
        let zh = note_text(
            Lang::ZhCn,
            "esx2",
            &HaNote::Response {
                response: IsolationResponse::PowerOff,
                vms: 2,
            },
        );
        assert!(
            zh.contains("隔离响应") && zh.contains("关闭电源") && zh.contains("esx2"),
            "{zh}"
        );
        let zh = note_text(Lang::ZhCn, "esx3", &HaNote::DeclaredDead);
        assert!(zh.contains("数据存储检测信号"), "{zh}");
    }

    #[test]
    fn every_refusal_reads_in_both_languages_with_every_placeholder_filled() {
        for refusal in every_refusal() {
            for lang in Lang::ALL {
                let text = refusal_text(lang, "db", &refusal);
                assert_filled(&text, &format!("{refusal:?}"), lang);
                assert!(text.contains("db"), "{text}");
            }
        }
        let zh = refusal_text(Lang::ZhCn, "db", &every_refusal()[0]);
        assert!(
            zh.contains("准入控制") && zh.contains("插槽") && zh.contains("故障切换"),
            "{zh}"
        );
        let en = refusal_text(Lang::En, "report", &every_refusal()[2]);
        assert!(
            en.contains("33 %") && en.contains("43 %") && en.contains("memory"),
            "{en}"
        );
    }

    #[test]
    fn every_ha_kind_policy_response_priority_and_monitoring_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            let mut texts: Vec<String> = HA_KINDS.iter().map(|k| kind_text(lang, *k)).collect();
            texts.extend(AdmissionPolicy::ALL.map(|p| policy_text(lang, p)));
            texts.extend(IsolationResponse::ALL.map(|r| response_text(lang, r)));
            texts.extend(RestartPriority::ALL.map(|p| priority_text(lang, p)));
            texts.extend(VmMonitoring::ALL.map(|m| monitoring_text(lang, m)));
            for t in &texts {
                assert_filled(t, t, lang);
                assert!(!t.starts_with("ha_kind."), "{t}");
            }
        }
        assert_eq!(
            monitoring_text(Lang::En, VmMonitoring::High),
            "high (reset after 30 s without heartbeats)"
        );
        assert!(policy_text(Lang::ZhCn, AdmissionPolicy::Slots).contains("插槽"));
        assert_eq!(kind_text(Lang::ZhCn, EventKind::HostIsolated), "主机隔离");
    }

    #[test]
    fn every_ha_choice_of_every_lab_control_reads_in_both_languages() {
        let mut seen = 0;
        for lab in crate::catalog::labs() {
            for c in lab.spec.control.iter().filter(|c| c.choices.is_some()) {
                let ha = c.target.starts_with("ha.") || c.target.ends_with(".restart_priority");
                for v in c.choices.iter().flatten() {
                    let text = v.to_string();
                    let numeric = text.parse::<i64>().is_ok();
                    for lang in Lang::ALL {
                        let shown = choice_text(lang, &c.target, &text);
                        if !ha {
                            assert_eq!(shown, None, "{}", c.target);
                            continue;
                        }
                        // Host and datastore names, numbers and "auto" stay
                        // as they are.
                        let named = !numeric
                            && text != "auto"
                            && !c.target.ends_with("failover_hosts")
                            && !c.target.ends_with("datastores");
                        if named {
                            let shown = shown.unwrap_or_else(|| panic!("{}={text}", c.target));
                            assert_filled(&shown, &text, lang);
                            assert!(
                                shown.contains(&text) || shown.contains(&text.replace('_', " ")),
                                "{shown}"
                            );
                            seen += 1;
                        } else {
                            assert_eq!(shown, None, "{}={text}", c.target);
                        }
                    }
                }
            }
        }
        assert!(seen > 20, "{seen}");
        assert_eq!(
            choice_text(Lang::ZhCn, "vm.db.restart_priority", "highest").as_deref(),
            Some("最高（highest）")
        );
        assert_eq!(
            choice_text(Lang::En, "ha.isolation_response", "power_off").as_deref(),
            Some("power off and restart")
        );
        assert_eq!(
            choice_text(Lang::En, "ha.admission", "slots").as_deref(),
            Some("slot policy (host failures the cluster tolerates) (slots)")
        );
        assert_eq!(choice_text(Lang::En, "vm.db.cpu_shares", "high"), None);
    }

    #[test]
    fn every_event_the_core_can_log_for_ha_is_translated_in_the_event_log() {
        use crate::lab::event_text::event_text;
        use vlab_sim::event::{Detail, Event};
        let mut events: Vec<Event> = every_note()
            .into_iter()
            .map(|note| Event {
                t_s: 75,
                kind: EventKind::VmRestarted,
                subject: "web".into(),
                detail: Detail::Ha(note),
            })
            .collect();
        events.extend(every_refusal().into_iter().map(|r| Event {
            t_s: 0,
            kind: EventKind::AdmissionDenied,
            subject: "db".into(),
            detail: Detail::HaAdmission(r),
        }));
        for e in &events {
            let en = event_text(Lang::En, e);
            let zh = event_text(Lang::ZhCn, e);
            assert_ne!(en, zh);
            assert_filled(&zh, &zh, Lang::ZhCn);
        }
    }
}
