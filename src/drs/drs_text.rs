//! DRS and DPM in the student's language, from the core's structured data:
//! each event ([`DrsNote`] and the maintenance-mode kinds, `drs_event.*`
//! in the locale files), a recommendation's reason, why a move was
//! rejected ([`Why`]), and the names of automation levels, rule kinds,
//! priorities, thresholds and power states (`drs.*`). The core's English
//! (`Event::text`, `sim_drs::describe`, `sim_drs::explain`,
//! `sim_drs::why_text`) is what these mirror.

use crate::drs::drs_model::{clock, milli3, PowerState, TimeUnit};
use crate::text::tr_fill;
use crate::text::{event_kind_name, tr, Lang};
use vlab_sim::drs::note::{DrsNote, PowerEvent, Recommendation};
use vlab_sim::drs::pass::{Reason, Why, MAX_MOVES_PER_HOST};
use vlab_sim::drs::spec::{Automation, RuleKind};
use vlab_sim::event::Detail;
use vlab_sim::{Event, EventKind};

/// Every rule kind, for tests and legends.
pub const RULE_KINDS: [RuleKind; 4] = [
    RuleKind::Affinity,
    RuleKind::AntiAffinity,
    RuleKind::VmHostMust,
    RuleKind::VmHostShould,
];

/// The event kinds DRS, DPM and maintenance mode log.
pub const DRS_KINDS: [EventKind; 11] = [
    EventKind::DrsRecommended,
    EventKind::MaintenanceRequested,
    EventKind::MaintenanceEntered,
    EventKind::MaintenanceExited,
    EventKind::EvacuationBlocked,
    EventKind::HostStandby,
    EventKind::HostWaking,
    EventKind::HostAwake,
    EventKind::DpmCannotManage,
    EventKind::DrsNoMove,
    EventKind::DpmRecommended,
];

/// A time as the tables say it: "300 s", or "0:40 (2400 s)" in a day.
pub fn time_text(lang: Lang, unit: TimeUnit, t_s: u32) -> String {
    let s = t_s.to_string();
    match unit {
        TimeUnit::Seconds => tr_fill(lang, "drs.time_s", &[("s", &s)]),
        TimeUnit::Hours => tr_fill(lang, "drs.time_hm", &[("hm", &clock(t_s)), ("s", &s)]),
    }
}

/// The time axis's title with its unit.
pub fn time_axis(lang: Lang, unit: TimeUnit) -> String {
    tr(
        lang,
        match unit {
            TimeUnit::Seconds => "drs.axis_time_s",
            TimeUnit::Hours => "drs.axis_time_h",
        },
    )
}

/// The automation level's name, e.g. "partially automated".
pub fn automation_text(lang: Lang, a: Automation) -> String {
    tr(lang, &format!("drs.automation_{}", a.name()))
}

/// What the automation level leaves to DRS, in one clause.
pub fn automation_does(lang: Lang, a: Automation) -> String {
    tr(lang, &format!("drs.automation_does_{}", a.name()))
}

/// A rule kind's name, e.g. "anti-affinity".
pub fn rule_kind_text(lang: Lang, kind: RuleKind) -> String {
    tr(lang, &format!("drs.rule_{}", kind.name()))
}

/// The migration threshold and what it applies, e.g. "3 of 5: applies
/// recommendations of priority 1 to 3".
pub fn threshold_text(lang: Lang, threshold: u8) -> String {
    if threshold <= 1 {
        return tr(lang, "drs.threshold_one");
    }
    tr_fill(
        lang,
        "drs.threshold_value",
        &[("n", &threshold.to_string())],
    )
}

/// A priority, with "mandatory" for priority 1.
pub fn priority_text(lang: Lang, priority: u8) -> String {
    let p = priority.to_string();
    if priority == 1 {
        tr_fill(lang, "drs.priority_mandatory", &[("p", &p)])
    } else {
        p
    }
}

/// A host's power state, e.g. "standby".
pub fn power_state_text(lang: Lang, state: PowerState) -> String {
    tr(lang, &format!("drs.power_{}", state.name()))
}

/// A DPM power action in words, e.g. "esx4 put in standby (utilization
/// 11 %)".
pub fn power_action_text(lang: Lang, e: &PowerEvent) -> String {
    let key = match e.action.as_str() {
        "standby" => "drs.action_standby",
        "wake" => "drs.action_wake",
        _ => "drs.action_awake",
    };
    tr_fill(
        lang,
        key,
        &[("host", &e.host), ("pct", &e.utilization_pct.to_string())],
    )
}

/// Why a recommendation was made, short (the table's column).
pub fn reason_text(lang: Lang, reason: &Reason) -> String {
    match reason {
        Reason::Balance => tr(lang, "drs.reason_balance"),
        Reason::Evacuate { host, standby } => {
            let key = if *standby {
                "drs.reason_standby"
            } else {
                "drs.reason_maintenance"
            };
            tr_fill(lang, key, &[("host", host)])
        }
        Reason::Rule { rule, rule_kind } => tr_fill(
            lang,
            "drs.reason_rule",
            &[("rule", rule), ("kind", &rule_kind_text(lang, *rule_kind))],
        ),
    }
}

/// Why a move was not made (or a VM could not leave), as a clause.
pub fn why_text(lang: Lang, why: &Why) -> String {
    let key = |k: &str| format!("drs_event.why_{k}");
    match why {
        Why::RaisesImbalance => tr(lang, &key("raises_imbalance")),
        Why::BreaksRule { rule } => tr_fill(lang, &key("breaks_rule"), &[("rule", rule)]),
        Why::NoRoomForReservation => tr(lang, &key("no_room")),
        Why::Overcommits => tr(lang, &key("overcommits")),
        Why::NoVmotion => tr(lang, &key("no_vmotion")),
        Why::SmallGain => tr(lang, &key("small_gain")),
        Why::HostBusy { host } => tr_fill(
            lang,
            &key("host_busy"),
            &[("host", host), ("n", &MAX_MOVES_PER_HOST.to_string())],
        ),
        Why::Migrating => tr(lang, &key("migrating")),
        Why::CannotVmotion { check } => {
            // The migration views' name for the check, when it has one.
            let title_key = format!("check.{check}");
            let title = tr(lang, &title_key);
            let check = if title == title_key {
                check.clone()
            } else {
                title
            };
            tr_fill(lang, &key("cannot_vmotion"), &[("check", &check)])
        }
        Why::LowerScore => tr(lang, &key("lower_score")),
        Why::Tie => tr(lang, &key("tie")),
        Why::NoHost => tr(lang, &key("no_host")),
        Why::DrsOff => tr(lang, &key("drs_off")),
    }
}

/// A recommendation's reason with its figures, as the event log and the
/// "why" details say it.
pub fn reason_clause(lang: Lang, r: &Recommendation) -> String {
    match &r.reason {
        Reason::Balance => tr_fill(
            lang,
            "drs_event.balance",
            &[
                ("from", &r.from),
                ("to", &r.to),
                ("from_pct", &(r.from_load_pm / 10).to_string()),
                ("to_pct", &(r.to_load_pm / 10).to_string()),
                ("before", &milli3(r.imbalance_before_milli)),
                ("after", &milli3(r.imbalance_after_milli)),
                ("cost", &r.cost_s.to_string()),
            ],
        ),
        Reason::Evacuate { host, standby } => {
            let key = if *standby {
                "drs_event.evacuate_standby"
            } else {
                "drs_event.evacuate"
            };
            tr_fill(lang, key, &[("host", host)])
        }
        Reason::Rule { rule, rule_kind } => tr_fill(
            lang,
            "drs_event.rule",
            &[("rule", rule), ("kind", &rule_kind_text(lang, *rule_kind))],
        ),
    }
}

/// "move VM from A to B (priority P): reason", the core's `explain`.
pub fn rec_sentence(lang: Lang, r: &Recommendation) -> String {
    tr_fill(
        lang,
        "drs_event.move",
        &[
            ("vm", &r.vm),
            ("from", &r.from),
            ("to", &r.to),
            ("priority", &r.priority.to_string()),
            ("why", &reason_clause(lang, r)),
        ],
    )
}

/// A DRS, DPM or maintenance-mode event as a sentence in `lang`.
pub fn event_text(lang: Lang, e: &Event) -> String {
    let subject = e.subject.as_str();
    let host = |key: &str| tr_fill(lang, &format!("drs_event.{key}"), &[("host", subject)]);
    match (&e.kind, &e.detail) {
        (_, Detail::Drs(DrsNote::Recommended(r))) => {
            let state = if r.applied {
                String::new()
            } else {
                tr(lang, "drs_event.waiting")
            };
            tr_fill(
                lang,
                "drs_event.recommended",
                &[
                    ("n", &r.number.to_string()),
                    ("move", &rec_sentence(lang, r)),
                    ("state", &state),
                ],
            )
        }
        (_, Detail::Drs(DrsNote::Blocked { host, reason, why })) => {
            let mut args = vec![("vm", subject), ("host", host.as_str())];
            let why = why_text(lang, why);
            args.push(("why", &why));
            let (key, kind) = match reason {
                Reason::Rule { rule, rule_kind } => {
                    args.push(("rule", rule.as_str()));
                    (
                        "drs_event.blocked_rule",
                        Some(rule_kind_text(lang, *rule_kind)),
                    )
                }
                Reason::Evacuate { standby: true, .. } => {
                    ("drs_event.blocked_evacuate_standby", None)
                }
                Reason::Evacuate { .. } => ("drs_event.blocked_evacuate", None),
                Reason::Balance => ("drs_event.blocked", None),
            };
            if let Some(kind) = &kind {
                args.push(("kind", kind));
            }
            tr_fill(lang, key, &args)
        }
        (
            EventKind::HostStandby | EventKind::HostWaking,
            Detail::Drs(DrsNote::Power {
                utilization_pm,
                window_s,
            }),
        ) => {
            let key = if e.kind == EventKind::HostStandby {
                "drs_event.standby"
            } else {
                "drs_event.waking"
            };
            tr_fill(
                lang,
                key,
                &[
                    ("host", subject),
                    ("pct", &(utilization_pm / 10).to_string()),
                    ("min", &(window_s / 60).to_string()),
                ],
            )
        }
        (
            _,
            Detail::Drs(DrsNote::NoMove {
                imbalance_milli,
                target_milli,
                best,
            }),
        ) => tr_fill(
            lang,
            "drs_event.no_move",
            &[
                ("imbalance", &milli3(*imbalance_milli)),
                ("target", &milli3(*target_milli)),
                ("vm", &best.vm),
                ("to", &best.to),
                ("why", &why_text(lang, &best.why)),
            ],
        ),
        (
            _,
            Detail::Drs(DrsNote::PowerRecommended {
                power_on,
                priority,
                utilization_pm,
            }),
        ) => tr_fill(
            lang,
            if *power_on {
                "drs_event.recommend_on"
            } else {
                "drs_event.recommend_off"
            },
            &[
                ("host", subject),
                ("priority", &priority.to_string()),
                ("pct", &(utilization_pm / 10).to_string()),
            ],
        ),
        (EventKind::HostAwake, _) => host("awake"),
        (EventKind::DpmCannotManage, _) => host("cannot_manage"),
        (EventKind::MaintenanceRequested, _) => host("maintenance_requested"),
        (EventKind::MaintenanceEntered, _) => host("maintenance_entered"),
        (EventKind::MaintenanceExited, _) => host("maintenance_exited"),
        // A note a later core may add: its kind and subject, not nothing.
        (kind, _) => tr_fill(
            lang,
            "event.other",
            &[
                ("kind", &event_kind_name(lang, *kind)),
                ("subject", subject),
            ],
        ),
    }
}

/// A control's choice in words, when its target is `drs.automation`: the
/// level by name with the value itself (lab texts name values). `None`
/// for anything else.
pub fn choice_text(lang: Lang, target: &str, value: &str) -> Option<String> {
    match (target, value) {
        ("drs.automation", _) => {
            let level = Automation::parse(value)?;
            Some(tr_fill(
                lang,
                "drs.choice",
                &[("words", &automation_text(lang, level)), ("value", value)],
            ))
        }
        // DPM's own level: its file values are plain English words.
        ("dpm.automation", "manual") => Some(tr(lang, "drs.dpm_choice_manual")),
        ("dpm.automation", "automatic") => Some(tr(lang, "drs.dpm_choice_automatic")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dpm_automation_choices_are_named_in_both_languages() {
        for (value, en, zh) in [
            (
                "manual",
                "manual (recommends only)",
                "手动（manual，仅给出建议）",
            ),
            ("automatic", "automatic", "自动（automatic）"),
        ] {
            assert_eq!(
                choice_text(Lang::En, "dpm.automation", value).as_deref(),
                Some(en)
            );
            assert_eq!(
                choice_text(Lang::ZhCn, "dpm.automation", value).as_deref(),
                Some(zh)
            );
        }
        assert_eq!(choice_text(Lang::En, "dpm.automation", "sometimes"), None);
    }
    use vlab_sim::drs::note::DrsNote;
    use vlab_sim::drs::pass::Alternative;

    fn rec(reason: Reason, applied: bool) -> Recommendation {
        Recommendation {
            number: 2,
            t_s: 300,
            vm: "erp".into(),
            from: "esx1".into(),
            to: "esx3".into(),
            priority: if reason == Reason::Balance { 3 } else { 1 },
            reason,
            imbalance_before_milli: 243,
            imbalance_after_milli: 51,
            cost_s: 7,
            risk_pct: 0,
            from_load_pm: 594,
            to_load_pm: 0,
            alternatives: vec![Alternative {
                vm: "crm".into(),
                to: "esx2".into(),
                imbalance_after_milli: 67,
                why: Why::LowerScore,
            }],
            applied,
        }
    }

    fn every_reason() -> Vec<Reason> {
        let mut reasons = vec![
            Reason::Balance,
            Reason::Evacuate {
                host: "esx3".into(),
                standby: false,
            },
            Reason::Evacuate {
                host: "esx3".into(),
                standby: true,
            },
        ];
        reasons.extend(RULE_KINDS.map(|rule_kind| Reason::Rule {
            rule: "db-apart".into(),
            rule_kind,
        }));
        reasons
    }

    fn every_why() -> Vec<Why> {
        vec![
            Why::RaisesImbalance,
            Why::BreaksRule {
                rule: "db-apart".into(),
            },
            Why::NoRoomForReservation,
            Why::Overcommits,
            Why::NoVmotion,
            Why::SmallGain,
            Why::HostBusy {
                host: "esx2".into(),
            },
            Why::Migrating,
            Why::CannotVmotion {
                check: "local_devices".into(),
            },
            Why::CannotVmotion {
                check: "not_a_check".into(),
            },
            Why::LowerScore,
            Why::Tie,
            Why::NoHost,
            Why::DrsOff,
        ]
    }

    /// One event of every kind and note the core logs for DRS and DPM.
    fn every_event() -> Vec<Event> {
        let at = |kind: EventKind, subject: &str, detail: Detail| Event {
            t_s: 300,
            kind,
            subject: subject.into(),
            detail,
        };
        let mut events = Vec::new();
        for reason in every_reason() {
            for applied in [false, true] {
                let note = DrsNote::Recommended(Box::new(rec(reason.clone(), applied)));
                events.push(at(EventKind::DrsRecommended, "erp", Detail::Drs(note)));
            }
            for why in every_why() {
                let note = DrsNote::Blocked {
                    host: "esx3".into(),
                    reason: reason.clone(),
                    why,
                };
                events.push(at(EventKind::EvacuationBlocked, "erp", Detail::Drs(note)));
            }
        }
        let power = |pm, s| {
            Detail::Drs(DrsNote::Power {
                utilization_pm: pm,
                window_s: s,
            })
        };
        events.push(at(EventKind::HostStandby, "esx4", power(110, 2400)));
        events.push(at(EventKind::HostWaking, "esx4", power(830, 300)));
        events.push(at(
            EventKind::HostAwake,
            "esx4",
            Detail::Drs(DrsNote::Plain),
        ));
        events.push(at(
            EventKind::DpmCannotManage,
            "esx4",
            Detail::Drs(DrsNote::Plain),
        ));
        for power_on in [true, false] {
            events.push(at(
                EventKind::DpmRecommended,
                "esx4",
                Detail::Drs(DrsNote::PowerRecommended {
                    power_on,
                    priority: 3,
                    utilization_pm: 420,
                }),
            ));
        }
        for why in every_why() {
            let best = vlab_sim::drs::pass::Alternative {
                vm: "erp".into(),
                to: "esx2".into(),
                imbalance_after_milli: 90,
                why,
            };
            let note = DrsNote::NoMove {
                imbalance_milli: 300,
                target_milli: 100,
                best,
            };
            events.push(at(EventKind::DrsNoMove, "erp", Detail::Drs(note)));
        }
        for kind in [
            EventKind::MaintenanceRequested,
            EventKind::MaintenanceEntered,
            EventKind::MaintenanceExited,
        ] {
            events.push(at(kind, "esx3", Detail::None));
        }
        events
    }

    /// A text with every placeholder filled and no key showing through.
    fn assert_filled(text: &str, what: &str, lang: Lang) {
        assert!(
            !text.contains("%{") && !text.contains("drs_event.") && !text.contains("drs."),
            "{what} in {}: {text}",
            lang.code()
        );
        assert!(!text.trim().is_empty(), "{what} in {}", lang.code());
    }

    #[test]
    fn every_drs_event_reads_in_both_languages_through_the_event_log() {
        let events = every_event();
        // Every kind the core logs for DRS and DPM is here.
        for kind in DRS_KINDS {
            assert!(events.iter().any(|e| e.kind == kind), "{kind:?}");
        }
        for e in &events {
            let en = crate::lab::event_text::event_text(Lang::En, e);
            let zh = crate::lab::event_text::event_text(Lang::ZhCn, e);
            assert_filled(&en, &format!("{e:?}"), Lang::En);
            assert_filled(&zh, &format!("{e:?}"), Lang::ZhCn);
            assert_ne!(en, zh, "{e:?} is not translated");
            assert!(
                en.contains(&e.subject) && zh.contains(&e.subject),
                "{en} / {zh}"
            );
        }
    }

    #[test]
    fn the_sentences_carry_the_cores_facts() {
        let e = Event {
            t_s: 300,
            kind: EventKind::DrsRecommended,
            subject: "erp".into(),
            detail: Detail::Drs(DrsNote::Recommended(Box::new(rec(Reason::Balance, false)))),
        };
        assert_eq!(
            event_text(Lang::En, &e),
            "DRS #2: move erp from esx1 to esx3 (priority 3): balance load: esx1 at 59 % \
             vs esx3 at 0 %; imbalance 0.243 → 0.051; vMotion about 7 s (waiting for approval)."
        );
        let zh = event_text(Lang::ZhCn, &e);
        assert!(
            zh.contains("DRS #2")
                && zh.contains("不平衡度 0.243 → 0.051")
                && zh.contains("热迁移")
                && zh.contains("等待批准"),
            "{zh}"
        );
        let rule = rec(
            Reason::Rule {
                rule: "db-apart".into(),
                rule_kind: RuleKind::AntiAffinity,
            },
            true,
        );
        assert_eq!(
            rec_sentence(Lang::En, &rule),
            "move erp from esx1 to esx3 (priority 1): satisfy anti-affinity rule db-apart"
        );
        assert!(rec_sentence(Lang::ZhCn, &rule).contains("反亲和性规则 db-apart"));
        let waking = Event {
            t_s: 19800,
            kind: EventKind::HostWaking,
            subject: "esx2".into(),
            detail: Detail::Drs(DrsNote::Power {
                utilization_pm: 830,
                window_s: 300,
            }),
        };
        let zh = event_text(Lang::ZhCn, &waking);
        assert!(
            zh.contains("唤醒") && zh.contains("83 %") && zh.contains("5 分钟"),
            "{zh}"
        );
        assert_eq!(
            why_text(
                Lang::En,
                &Why::CannotVmotion {
                    check: "local_devices".into()
                }
            ),
            format!(
                "vMotion check “{}” fails",
                tr(Lang::En, "check.local_devices")
            )
        );
    }

    #[test]
    fn every_name_reads_in_both_languages() {
        for lang in Lang::ALL {
            let mut texts: Vec<String> = Automation::ALL
                .iter()
                .flat_map(|a| [automation_text(lang, *a), automation_does(lang, *a)])
                .collect();
            texts.extend(RULE_KINDS.map(|k| rule_kind_text(lang, k)));
            texts.extend((1..=5).map(|t| threshold_text(lang, t)));
            texts.extend((1..=5).map(|p| priority_text(lang, p)));
            texts.extend(PowerState::ALL.map(|s| power_state_text(lang, s)));
            texts.extend(every_reason().iter().map(|r| reason_text(lang, r)));
            texts.extend(every_why().iter().map(|w| why_text(lang, w)));
            for action in ["standby", "wake", "awake"] {
                texts.push(power_action_text(
                    lang,
                    &PowerEvent {
                        t_s: 0,
                        host: "esx2".into(),
                        action: action.into(),
                        utilization_pct: 11,
                    },
                ));
            }
            for t in &texts {
                assert_filled(t, t, lang);
            }
        }
        assert_eq!(automation_text(Lang::ZhCn, Automation::Partial), "半自动");
        assert_eq!(automation_text(Lang::ZhCn, Automation::Full), "全自动");
        assert_eq!(
            rule_kind_text(Lang::ZhCn, RuleKind::AntiAffinity),
            "反亲和性"
        );
        assert!(rule_kind_text(Lang::ZhCn, RuleKind::VmHostMust).contains("必须"));
        assert!(rule_kind_text(Lang::ZhCn, RuleKind::VmHostShould).contains("应当"));
        assert_eq!(power_state_text(Lang::ZhCn, PowerState::Standby), "待机");
        assert_eq!(
            threshold_text(Lang::En, 3),
            "3 of 5: applies recommendations of priority 1 to 3"
        );
    }

    #[test]
    fn drs_settings_name_their_field_in_both_languages() {
        // DRS and DPM fields a timeline change or control may set
        // (`enabled` is shared with SIOC and has its own name).
        for field in [
            "automation",
            "threshold",
            "period_s",
            "approved",
            "cpu_baseline_pct",
            "mem_baseline_pct",
            "target_pct",
            "tolerance_pct",
            "boot_s",
        ] {
            let key = format!("field.{field}");
            for lang in Lang::ALL {
                assert_ne!(tr(lang, &key), key, "{key} missing in {}", lang.code());
            }
        }
    }

    #[test]
    fn the_automation_control_names_each_level() {
        assert_eq!(
            choice_text(Lang::ZhCn, "drs.automation", "partial").as_deref(),
            Some("半自动（partial）")
        );
        assert_eq!(
            choice_text(Lang::En, "drs.automation", "full").as_deref(),
            Some("fully automated (full)")
        );
        assert_eq!(choice_text(Lang::En, "drs.threshold", "3"), None);
        assert_eq!(choice_text(Lang::En, "drs.automation", "sometimes"), None);
    }
}
