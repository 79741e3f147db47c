//! The cluster as a picture: each host's CPU and memory as a bar split by
//! VM (granted), with the reserved total marked.

use crate::catalog;
use crate::common::chart::PALETTE;
use crate::state::use_app;
use crate::text::{tr, Lang};
use rust_i18n::t;
use vlab_sim::sim::sample::{HostSample, Sample};
use vlab_sim::{Scenario, Setting};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HostViewProps {
    pub lab: String,
    pub sample: crate::common::shared_trace::SharedSample,
    /// The student's settings: the chips show the VMs as configured.
    #[prop_or_default]
    pub settings: Vec<Setting>,
}

#[component]
pub fn HostView(props: &HostViewProps) -> Html {
    let lang = use_app().prefs.lang;
    // The lab's scenario names each VM's vCPUs and memory; without it (a
    // sample from elsewhere) the chips show names and states only.
    let scenario = catalog::find(&props.lab).map(|lab| {
        lab.spec
            .scenario
            .with_settings(&props.settings)
            .unwrap_or_else(|_| lab.spec.scenario.clone())
    });
    let scenario = scenario.as_ref();
    let hosts = props
        .sample
        .hosts
        .iter()
        .map(|h| host_card(h, &props.sample, scenario, lang));
    html! { <div class="hosts" data-testid="host-view">{ for hosts }</div> }
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 100.0 / whole as f64).min(100.0)
    }
}

fn host_card(h: &HostSample, sample: &Sample, scenario: Option<&Scenario>, lang: Lang) -> Html {
    let vms: Vec<(usize, &vlab_sim::sim::sample::VmSample)> = sample
        .vms
        .iter()
        .enumerate()
        .filter(|(_, v)| v.host.as_deref() == Some(h.name.as_str()))
        .collect();
    let bar = |label: &str,
               unit: &str,
               capacity: u64,
               reserved: u64,
               grant: &dyn Fn(&vlab_sim::sim::sample::VmSample) -> u64| {
        let used: u64 = vms.iter().map(|(_, v)| grant(v)).sum();
        let segs = vms.iter().filter(|(_, v)| grant(v) > 0).map(|(i, v)| {
            let g = grant(v);
            html! {
                <span class="seg granted" style={format!("width:{:.2}%;background:{}", pct(g, capacity), PALETTE[i % PALETTE.len()])}
                      title={format!("{}: {g} {unit}", v.name)}></span>
            }
        });
        html! {
            <div class="bar-row">
                <span class="bar-label">{ label.to_string() }</span>
                <div class="bar" role="img"
                     aria-label={format!("{label}: {} {used} / {} {capacity} {unit}; {} {reserved} {unit}",
                         tr(lang, "viz.granted"), tr(lang, "viz.capacity"), tr(lang, "viz.reserved"))}>
                    { for segs }
                    <span class="reserved-mark" style={format!("left:{:.2}%", pct(reserved, capacity))}
                          title={format!("{} {reserved} {unit}", tr(lang, "viz.reserved"))}></span>
                </div>
                <span class="bar-figures">{ format!("{used} / {capacity} {unit}") }<br/>
                    <small>{ format!("{} {reserved}", tr(lang, "viz.reserved")) }</small></span>
            </div>
        }
    };
    let host_spec = scenario.and_then(|s| s.host(&h.name));
    let chips = vms.iter().map(|(i, v)| {
        let spec = scenario.and_then(|s| s.vm(&v.name));
        let vcpus = spec.map_or(0, |s| s.vcpus);
        let sees = host_spec.and_then(|hs| hs.core_mhz).map(|c| c * u64::from(vcpus));
        let state = if v.powered_on { "running" } else { "off" };
        html! {
            <li class={classes!("vm", state)} data-testid={format!("vm-{}", v.name)} data-powered-on={v.powered_on.to_string()}>
                <span class="swatch" style={format!("background:{}", PALETTE[i % PALETTE.len()])}></span>
                <strong>{ v.name.clone() }</strong>
                <span class="vm-meta">
                    { spec.map(|s| t!("viz.vcpus", locale = lang.code(), n = s.vcpus).into_owned()).unwrap_or_default() }
                    { spec.map(|s| format!(" · {} MB", s.mem_mb)).unwrap_or_default() }
                    { spec.and_then(|s| s.pool.clone()).map(|p| format!(" · {}", t!("pool.in_pool", locale = lang.code(), pool = p))).unwrap_or_default() }
                    { sees.map(|mhz| format!(" · {}", t!("viz.guest_sees", locale = lang.code(), mhz = mhz))).unwrap_or_default() }
                </span>
                <span class="vm-state">{ tr(lang, if v.powered_on { "viz.running" } else { "viz.off" }) }</span>
            </li>
        }
    });
    // DPM's power state, when it is not plainly on (standby, booting, its
    // VMs leaving for standby).
    let power = sample
        .hosts
        .iter()
        .position(|x| x.name == h.name)
        .and_then(|k| sample.drs.as_ref()?.host_power.get(k).copied())
        .map(|p| crate::drs::drs_model::PowerState::of(p, h.failed))
        .filter(|p| {
            !matches!(
                p,
                crate::drs::drs_model::PowerState::On | crate::drs::drs_model::PowerState::Failed
            )
        });
    html! {
        <div class={classes!("host", h.failed.then_some("failed"), power.map(|p| p.name()))}
             data-testid={format!("host-{}", h.name)}
             data-failed={h.failed.to_string()}
             data-power={power.map(|p| p.name().to_string())}>
            <h3>
                { h.name.clone() }
                if h.failed {
                    { " " }<span class="tag tag-bad">{ tr(lang, "viz.failed") }</span>
                }
                if let Some(p) = power {
                    { " " }<span class="tag tag-power">{ crate::drs::drs_text::power_state_text(lang, p) }</span>
                }
            </h3>
            if h.failed {
                <p class="host-note">{ tr(lang, "viz.failed_note") }</p>
            }
            { bar(&tr(lang, "viz.cpu"), "MHz", h.cpu_capacity_mhz, h.cpu_reserved_mhz, &|v| v.alloc.cpu_granted_mhz) }
            { bar(&tr(lang, "viz.mem"), "MB", h.mem_capacity_mb, h.mem_reserved_mb, &|v| v.alloc.mem_granted_mb) }
            <ul class="vm-list">{ for chips }</ul>
        </div>
    }
}
