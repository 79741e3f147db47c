//! vSphere HA at the shown sample: the admission control policy with its
//! figures (slot size, slots and failover capacity; or the CPU and memory
//! free for failover against the configured shares; or the dedicated
//! failover hosts), whether the cluster still meets it, the master,
//! isolated hosts, the VMs waiting for a restart, and each host's slots.

use crate::ha::ha_model::{configured_pcts, meets_policy, HaConfig};
use crate::ha::ha_slots::HaSlots;
use crate::ha::ha_text::{monitoring_text, policy_text, priority_text, response_text};
use crate::state::use_app;
use crate::text::tr_fill;
use crate::text::{tr, Lang};
use std::rc::Rc;
use vlab_sim::ha::sample::HaSample;
use vlab_sim::ha::spec::AdmissionPolicy;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HaViewProps {
    /// The shown sample; nothing renders without its `ha`.
    pub sample: crate::common::shared_trace::SharedSample,
    /// The scenario's `[ha]` with the student's settings.
    #[prop_or_default]
    pub config: Option<Rc<HaConfig>>,
}

#[component]
pub fn HaView(props: &HaViewProps) -> Html {
    let lang = use_app().prefs.lang;
    let s = &props.sample;
    let Some(ha) = s.ha.as_ref() else {
        return html! {};
    };
    let config = props.config.as_deref();
    let enabled = config.is_none_or(HaConfig::enabled);
    let meets = config.and_then(|c| meets_policy(ha, c, s));
    let state = match meets {
        Some(true) => "state-valid",
        Some(false) => "state-yellow",
        None => "state-neutral",
    };
    html! {
        <section class="table-block ha" data-testid="ha-view" aria-labelledby="ha-h">
            <h3 id="ha-h">{ tr(lang, "ha.heading") }</h3>
            <p class="table-note">{ tr(lang, "ha.intro") }</p>
            <div class={classes!("cluster-state", "ha-summary", state)} data-testid="ha-summary"
                 data-policy={ha.admission.name()} data-meets={meets.map(|m| m.to_string())}>
                if enabled {
                    <p class="cluster-line">
                        <strong>{ tr(lang, "ha.admission") }{ tr(lang, "ha.label_sep") }</strong>
                        <span data-testid="ha-policy">{ policy_text(lang, ha.admission) }</span>
                        if let Some(m) = meets {
                            { " " }{ badge(lang, m) }
                        }
                    </p>
                    { figures(lang, ha, config) }
                } else {
                    <p class="cluster-line" data-testid="ha-off"><strong>{ tr(lang, "ha.off") }</strong></p>
                }
            </div>
            { status(lang, ha, config) }
            <HaSlots sample={s.clone()} config={props.config.clone()} />
        </section>
    }
}

/// The policy kept or not, in words (the icon only repeats them).
fn badge(lang: Lang, meets: bool) -> Html {
    let (icon, key) = if meets {
        ("✓", "ha.meets")
    } else {
        ("⚠", "ha.below")
    };
    html! {
        <span class="state-badge" data-testid="ha-badge">
            <span aria-hidden="true">{ icon }{ " " }</span>{ tr(lang, key) }
        </span>
    }
}

/// One figure: its name and value.
fn figure(lang: Lang, key: &str, id: &str, value: String) -> Html {
    html! {
        <li data-testid={id.to_string()}>{ tr(lang, key) }{ tr(lang, "ha.label_sep") }<strong>{ value }</strong></li>
    }
}

/// What the policy looks at, at this sample.
fn figures(lang: Lang, ha: &HaSample, config: Option<&HaConfig>) -> Html {
    let m = &ha.summary;
    let num = |n: u32| n.to_string();
    let mut items = Vec::new();
    match ha.admission {
        AdmissionPolicy::Slots => {
            if let Some(c) = config {
                items.push(figure(
                    lang,
                    "ha.host_failures",
                    "ha-host-failures",
                    num(c.spec.host_failures),
                ));
            }
            items.push(figure(
                lang,
                "ha.slot_size",
                "ha-slot-size",
                tr_fill(
                    lang,
                    "ha.slot_size_value",
                    &[
                        ("mhz", &m.slot_cpu_mhz.to_string()),
                        ("mb", &m.slot_mem_mb.to_string()),
                    ],
                ),
            ));
            items.push(figure(
                lang,
                "ha.slots",
                "ha-slots",
                tr_fill(
                    lang,
                    "ha.slots_value",
                    &[
                        ("total", &num(m.total_slots)),
                        ("used", &num(m.used_slots)),
                        ("held", &num(m.failover_slots)),
                        ("available", &num(m.available_slots)),
                    ],
                ),
            ));
            items.push(figure(
                lang,
                "ha.failover_capacity",
                "ha-failover-capacity",
                tr_fill(
                    lang,
                    "ha.failover_capacity_value",
                    &[("n", &num(m.failover_capacity))],
                ),
            ));
            if m.multi_slot_vms > 0 {
                items.push(figure(
                    lang,
                    "ha.multi_slot",
                    "ha-multi-slot",
                    num(m.multi_slot_vms),
                ));
            }
        }
        AdmissionPolicy::Percentage => {
            let (cpu, mem) = configured_pcts(ha);
            for (key, id, now, configured) in [
                ("ha.cpu_pct", "ha-cpu-pct", m.cpu_failover_pct, cpu),
                ("ha.mem_pct", "ha-mem-pct", m.mem_failover_pct, mem),
            ] {
                items.push(figure(
                    lang,
                    key,
                    id,
                    tr_fill(
                        lang,
                        "ha.pct_value",
                        &[("now", &num(now)), ("configured", &num(configured))],
                    ),
                ));
            }
            let reserved = |reserved: u64, capacity: u64, unit: &str| {
                tr_fill(
                    lang,
                    "ha.reserved_value",
                    &[
                        ("reserved", &reserved.to_string()),
                        ("capacity", &capacity.to_string()),
                        ("unit", unit),
                    ],
                )
            };
            items.push(figure(
                lang,
                "ha.cpu_reserved",
                "ha-cpu-reserved",
                reserved(m.cpu_reserved_mhz, m.cpu_capacity_mhz, "MHz"),
            ));
            items.push(figure(
                lang,
                "ha.mem_reserved",
                "ha-mem-reserved",
                reserved(m.mem_reserved_mb, m.mem_capacity_mb, "MB"),
            ));
        }
        AdmissionPolicy::FailoverHosts => {
            let hosts = config
                .map(|c| c.dedicated().join(&tr(lang, "ha.list_sep")))
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| tr(lang, "ha.none"));
            items.push(figure(
                lang,
                "ha.failover_hosts",
                "ha-failover-hosts",
                hosts,
            ));
        }
        AdmissionPolicy::Disabled => {
            return html! { <p class="cluster-note" data-testid="ha-disabled-note">{ tr(lang, "ha.disabled_note") }</p> };
        }
    }
    html! { <ul class="cluster-figures ha-figures">{ for items }</ul> }
}

/// The master, isolated hosts, VMs waiting for a restart, and the
/// isolation response and VM monitoring as configured.
fn status(lang: Lang, ha: &HaSample, config: Option<&HaConfig>) -> Html {
    let sep = tr(lang, "ha.list_sep");
    let master = ha
        .master
        .clone()
        .unwrap_or_else(|| tr(lang, "ha.no_master"));
    let restarting: Vec<String> = ha
        .restarting
        .iter()
        .map(|vm| match config.and_then(|c| c.priorities.get(vm)) {
            Some(p) => tr_fill(
                lang,
                "ha.restarting_vm",
                &[("vm", vm), ("priority", &priority_text(lang, *p))],
            ),
            None => vm.clone(),
        })
        .collect();
    html! {
        <ul class="cluster-figures ha-status">
            { figure(lang, "ha.master", "ha-master", master) }
            if !ha.isolated.is_empty() {
                { figure(lang, "ha.isolated", "ha-isolated", ha.isolated.join(&sep)) }
            }
            if !restarting.is_empty() {
                { figure(lang, "ha.restarting", "ha-restarting", restarting.join(&sep)) }
            }
            if let Some(c) = config.filter(|c| c.enabled()) {
                { figure(lang, "ha.isolation_response", "ha-isolation-response",
                         response_text(lang, c.spec.isolation_response)) }
                { figure(lang, "ha.vm_monitoring", "ha-vm-monitoring",
                         monitoring_text(lang, c.spec.vm_monitoring)) }
            }
        </ul>
    }
}
