//! DRS cluster validity at the shown sample: valid, yellow (overcommitted)
//! or red (invalid), in words, with the root's reserved total against the
//! connected hosts' capacity. Shown when there is a tree to speak of:
//! several hosts, or resource pools, or a state that is not valid.

use crate::state::use_app;
use crate::text::{tr, Lang};
use rust_i18n::t;
use vlab_sim::resource::cluster::ClusterState;
use vlab_sim::Sample;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterStateViewProps {
    pub sample: crate::common::shared_trace::SharedSample,
}

/// Whether the cluster line is worth showing for this sample.
pub fn shows(sample: &Sample) -> bool {
    sample.hosts.len() > 1
        || !sample.pools.is_empty()
        || sample.cluster.state != ClusterState::Valid
}

fn figures(lang: Lang, res: &str, unit: &str, reserved: u64, capacity: u64) -> Html {
    let over = reserved > capacity;
    html! {
        <li class={classes!(over.then_some("over"))}>
            { t!("cluster.reserved_of", locale = lang.code(), res = tr(lang, res),
                 reserved = reserved, capacity = capacity, unit = unit) }
            if over {
                { " " }<strong class="tag tag-bad">{ tr(lang, "cluster.over") }</strong>
            }
        </li>
    }
}

#[component]
pub fn ClusterStateView(props: &ClusterStateViewProps) -> Html {
    let lang = use_app().prefs.lang;
    let s = &props.sample;
    if !shows(s) {
        return html! {};
    }
    let c = &s.cluster;
    let name = c.state.name();
    // The icon repeats the state's word; the word carries the meaning.
    let icon = match c.state {
        ClusterState::Valid => "✓",
        ClusterState::Yellow => "⚠",
        ClusterState::Red => "✗",
    };
    html! {
        <div class={classes!("cluster-state", format!("state-{name}"))}
             data-testid="cluster-state" data-state={name}>
            <p class="cluster-line">
                <strong>{ tr(lang, "cluster.heading") }{ ": " }</strong>
                <span class="state-badge">
                    <span aria-hidden="true">{ icon }{ " " }</span>
                    { tr(lang, &format!("cluster.{name}")) }
                </span>
                { " " }
                <span class="cluster-note">{ tr(lang, &format!("cluster.{name}_note")) }</span>
            </p>
            <ul class="cluster-figures">
                { figures(lang, "viz.cpu", "MHz", c.cpu_reserved_mhz, c.cpu_capacity_mhz) }
                { figures(lang, "viz.mem", "MB", c.mem_reserved_mb, c.mem_capacity_mb) }
            </ul>
        </div>
    }
}
