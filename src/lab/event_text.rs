//! Every event in words, in either language: the one place the page, the
//! CLI and the golden traces get an event's sentence from. Each engine's
//! text module words its own details; this module picks the right one and
//! words the events every part shares (power operations, changed and
//! refused settings).

use crate::drs::drs_text;
use crate::ha::ha_text;
use crate::memory::mem_text;
use crate::migration::migration_text;
use crate::resource::resource_text::{host_unavailable_text, shortage_text};
use crate::text::{event_kind_name, tr, tr_fill, Lang};
use vlab_sim::event::{Detail, SettingRefusal};
use vlab_sim::{Event, EventKind};

/// One event as a sentence in `lang`.
pub fn event_text(lang: Lang, e: &Event) -> String {
    let subject = e.subject.as_str();
    match &e.detail {
        Detail::Admission(shortage) => shortage_text(lang, e.kind, subject, shortage),
        Detail::HostUnavailable { host } => host_unavailable_text(lang, subject, host),
        Detail::PassthroughWithOvercommit => {
            tr_fill(lang, "event.denied_passthrough", &[("vm", subject)])
        }
        Detail::Setting { field, from, to } => {
            let field = field_name(lang, subject, field);
            tr_fill(
                lang,
                "event.setting_changed",
                &[
                    ("vm", subject),
                    ("field", &field),
                    ("from", from),
                    ("to", to),
                ],
            )
        }
        Detail::Refused {
            field,
            from,
            to,
            why,
        } => refused_text(lang, subject, field, from, to, why),
        Detail::MemState { from, to } => mem_text::state_change_text(lang, subject, *from, *to),
        Detail::Migration { from, to, note } => {
            migration_text::event_text(lang, subject, from, to, note)
        }
        Detail::Ha(note) => ha_text::note_text(lang, subject, note),
        Detail::HaAdmission(refusal) => ha_text::refusal_text(lang, subject, refusal),
        Detail::Drs(_) => drs_text::event_text(lang, e),
        Detail::None => plain_text(lang, e),
    }
}

/// A field's name as the event log shows it: `enabled` is Storage I/O
/// Control's, HA's, DRS's, DPM's or a DRS rule's, by the subject.
pub fn field_name(lang: Lang, subject: &str, field: &str) -> String {
    let key = match (subject, field) {
        ("ha" | "drs" | "dpm", "enabled") => format!("field.{subject}_enabled"),
        ("sioc", "enabled") => "field.enabled".to_string(),
        ("dpm", "automation" | "threshold") => format!("field.dpm_{field}"),
        (_, "enabled") => "field.rule_enabled".to_string(),
        _ => format!("field.{field}"),
    };
    tr(lang, &key)
}

fn refused_text(
    lang: Lang,
    subject: &str,
    field: &str,
    from: &str,
    to: &str,
    why: &SettingRefusal,
) -> String {
    let (key, rule) = match why {
        SettingRefusal::LimitBelowReservation => ("event.refused_limit", String::new()),
        SettingRefusal::ReservationAboveMemory => ("event.refused_reservation", String::new()),
        SettingRefusal::VmField { field } => (
            "event.refused_vm_field",
            tr(lang, &format!("vm_rule.{field}")),
        ),
        SettingRefusal::EvcUnderRunningVms => ("event.refused_evc", String::new()),
        SettingRefusal::UplinkOverReserved => ("event.refused_uplink", String::new()),
        SettingRefusal::IoRule { field } => ("event.refused_io", field.clone()),
        SettingRefusal::ReservationsBelowSize { vm } => {
            ("event.refused_overcommit_off", vm.clone())
        }
        SettingRefusal::PassthroughNicRunning { vm } => ("event.refused_overcommit_on", vm.clone()),
    };
    let field = field_name(lang, subject, field);
    tr_fill(
        lang,
        key,
        &[
            ("vm", subject),
            ("field", &field),
            ("from", from),
            ("to", to),
            ("rule", &rule),
        ],
    )
}

/// The events whose detail is empty: the subject says it all.
fn plain_text(lang: Lang, e: &Event) -> String {
    let subject = e.subject.as_str();
    let one = |key: &str, name: &str| tr_fill(lang, key, &[(name, subject)]);
    match e.kind {
        EventKind::PowerOn => one("event.power_on", "vm"),
        EventKind::PowerOff => one("event.power_off", "vm"),
        EventKind::HostFailed => one("event.host_failed", "host"),
        EventKind::VappPowerOn => one("event.vapp_power_on", "vapp"),
        EventKind::VappPowerOff => one("event.vapp_power_off", "vapp"),
        EventKind::GuestNumaOff => one("event.guest_numa_off", "vm"),
        EventKind::MaintenanceRequested
        | EventKind::MaintenanceEntered
        | EventKind::MaintenanceExited
        | EventKind::HostAwake
        | EventKind::DpmCannotManage
        | EventKind::DpmRecommended => drs_text::event_text(lang, e),
        kind => tr_fill(
            lang,
            "event.other",
            &[("kind", &event_kind_name(lang, kind)), ("subject", subject)],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use vlab_sim::resource::refusal::{Shortage, Shortfall, Stop};
    use vlab_sim::scenario::TARGET_KINDS;

    /// A subject a setting of this target kind names in the event log.
    fn subject_of(form: &str) -> &'static str {
        match form.split('.').next().unwrap_or("") {
            "ha" => "ha",
            "drs" => "drs",
            "dpm" => "dpm",
            "sioc" => "sioc",
            "nioc" => "nioc",
            "cluster" => "cluster",
            "rule" => "rule apart",
            "traffic" => "vmotion",
            _ => "web",
        }
    }

    #[test]
    fn every_settable_field_has_a_name_in_both_languages() {
        for kind in TARGET_KINDS {
            for field in (kind.fields)() {
                for lang in Lang::ALL {
                    let name = field_name(lang, subject_of(kind.form), field);
                    assert!(
                        !name.starts_with("field."),
                        "{}: {field} has no name in {}",
                        kind.form,
                        lang.code()
                    );
                }
            }
        }
    }

    #[test]
    fn every_event_kind_has_a_name_in_both_languages() {
        for kind in EventKind::ALL {
            for lang in Lang::ALL {
                let name = event_kind_name(lang, kind);
                assert!(
                    !name.starts_with("event_kind."),
                    "{} has no name in {}",
                    kind.name(),
                    lang.code()
                );
            }
        }
        assert_ne!(
            event_kind_name(Lang::En, EventKind::AdmissionDenied),
            event_kind_name(Lang::ZhCn, EventKind::AdmissionDenied)
        );
    }

    /// Every event every lab produces, with and without its solution, is a
    /// finished sentence in both languages: no locale key shows and no
    /// `%{placeholder}` is left unfilled.
    #[test]
    fn every_event_of_every_lab_reads_as_a_sentence_in_both_languages() {
        let mut kinds = std::collections::BTreeSet::new();
        for lab in catalog::labs() {
            for settings in [Vec::new(), lab.solution()] {
                let trace = lab.run(lab.spec.seed, &settings).unwrap().trace;
                for e in &trace.events {
                    kinds.insert(e.kind);
                    for lang in Lang::ALL {
                        let text = event_text(lang, e);
                        assert!(
                            !text.contains("%{") && !text.contains("event.") && text.len() > 8,
                            "{} in {}: {text}\n{e:?}",
                            lab.spec.id,
                            lang.code()
                        );
                    }
                }
            }
        }
        assert!(kinds.len() > 25, "the labs show most kinds: {kinds:?}");
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
