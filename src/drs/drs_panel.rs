//! DRS and DPM over a run, in a panel of its own across the lab page (its
//! charts cover a day and its table is wide): the state at the shown time (automation level,
//! threshold, imbalance against its target, migrations, energy), the run
//! in charts, every recommendation with its reasons (and an "Apply" button
//! when the lab lets the student approve them), and each host's power
//! states when the scenario has `[dpm]`. Nothing renders without the
//! trace's DRS summary.

use crate::drs::drs_charts::DrsCharts;
use crate::drs::drs_model::{ApproveControl, DrsConfig};
use crate::drs::drs_power::DpmPower;
use crate::drs::drs_recs::DrsRecs;
use crate::drs::drs_summary::DrsSummaryView;
use crate::state::use_app;
use crate::text::tr;
use std::rc::Rc;

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DrsViewProps {
    pub trace: crate::common::shared_trace::SharedTrace,
    /// The time the cluster views show [s].
    pub t_s: u32,
    /// The scenario's `[drs]` and `[dpm]` with the student's settings.
    #[prop_or_default]
    pub config: Option<Rc<DrsConfig>>,
    /// The lab's `drs.approved` control, if it has one.
    #[prop_or_default]
    pub approve: Option<Rc<ApproveControl>>,
}

#[component]
pub fn DrsView(props: &DrsViewProps) -> Html {
    let lang = use_app().prefs.lang;
    let trace = &props.trace;
    let Some(summary) = trace.drs.as_ref() else {
        return html! {};
    };
    let index = trace
        .samples
        .iter()
        .rposition(|s| s.t_s <= props.t_s)
        .unwrap_or(trace.samples.len() - 1);
    let shown = crate::common::shared_trace::SharedSample::new(trace.clone(), index);
    // DPM's parts whenever the scenario has `[dpm]`, on or off: with it
    // off they show the energy every host powered on costs.
    let dpm = summary.power_off_below_pct.is_some();
    html! {
        <section class="panel drs" data-testid="drs-view" aria-labelledby="drs-h">
            <h2 id="drs-h">{ format!("{} · t = {} s", tr(lang, "drs.heading"), shown.t_s) }</h2>
            <p class="table-note">{ tr(lang, "drs.intro") }</p>
            <DrsSummaryView sample={shown.clone()} trace={trace.clone()}
                config={props.config.clone()} />
            <DrsCharts trace={trace.clone()} t_s={shown.t_s} {dpm} />
            <DrsRecs trace={trace.clone()} t_s={shown.t_s} approve={props.approve.clone()} />
            if dpm {
                <DpmPower trace={trace.clone()} t_s={shown.t_s} />
            }
        </section>
    }
}
