//! DRS and DPM at the shown time, in words: the imbalance against the
//! threshold's target ("within target" or "above target", the border only
//! repeats it), the automation level and threshold, the migrations DRS
//! started, recommendations waiting, rule violations and, with `[dpm]`,
//! the hosts powered on and the energy drawn.

use crate::drs::drs_model::{hosts_on, kwh, milli3, within_target, DrsConfig};
use crate::drs::drs_text::{automation_does, automation_text, threshold_text};
use crate::state::use_app;
use crate::text::tr_fill;
use crate::text::{tr, Lang};
use std::rc::Rc;
use vlab_sim::drs::note::DrsSample;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DrsSummaryProps {
    /// The shown sample; nothing renders without its `drs`.
    pub sample: crate::common::shared_trace::SharedSample,
    /// The run (its DRS summary: totals over the whole run).
    pub trace: crate::common::shared_trace::SharedTrace,
    #[prop_or_default]
    pub config: Option<Rc<DrsConfig>>,
}

/// One figure: its name and value.
fn figure(lang: Lang, key: &str, id: &str, value: String) -> Html {
    html! {
        <li data-testid={id.to_string()}>{ tr(lang, key) }{ tr(lang, "drs.label_sep") }<strong>{ value }</strong></li>
    }
}

/// Within the target or not, in words (the icon only repeats them).
fn badge(lang: Lang, within: bool) -> Html {
    let (icon, key) = if within {
        ("✓", "drs.within")
    } else {
        ("⚠", "drs.above")
    };
    html! {
        <span class="state-badge" data-testid="drs-badge">
            <span aria-hidden="true">{ icon }{ " " }</span>{ tr(lang, key) }
        </span>
    }
}

fn imbalance_text(lang: Lang, d: &DrsSample) -> String {
    let now = milli3(d.imbalance_milli);
    match d.target_milli {
        Some(t) => tr_fill(
            lang,
            "drs.imbalance_value",
            &[("now", &now), ("target", &milli3(t))],
        ),
        None => tr_fill(lang, "drs.imbalance_no_target", &[("now", &now)]),
    }
}

#[component]
pub fn DrsSummaryView(props: &DrsSummaryProps) -> Html {
    let lang = use_app().prefs.lang;
    let Some(d) = props.sample.drs.as_ref() else {
        return html! {};
    };
    let config = props.config.as_deref();
    let drs_on = config.is_none_or(DrsConfig::drs_on);
    let within = within_target(d);
    let state = match within {
        Some(true) => "state-valid",
        Some(false) => "state-yellow",
        None => "state-neutral",
    };
    let Some(s) = props.trace.drs.as_ref() else {
        return html! {};
    };
    let sep = tr(lang, "drs.list_sep");
    let mut items = Vec::new();
    if let Some(c) = config.filter(|c| c.drs_on()) {
        let level = c.automation();
        items.push(figure(
            lang,
            "drs.automation",
            "drs-automation",
            tr_fill(
                lang,
                "drs.automation_value",
                &[
                    ("level", &automation_text(lang, level)),
                    ("does", &automation_does(lang, level)),
                ],
            ),
        ));
        items.push(figure(
            lang,
            "drs.threshold",
            "drs-threshold",
            threshold_text(lang, c.threshold()),
        ));
    }
    items.push(figure(
        lang,
        "drs.migrations",
        "drs-migrations",
        tr_fill(
            lang,
            "drs.migrations_value",
            &[
                ("now", &d.migrations.to_string()),
                ("total", &s.migrations.to_string()),
            ],
        ),
    ));
    if !d.pending.is_empty() {
        let numbers: Vec<String> = d.pending.iter().map(|n| format!("#{n}")).collect();
        items.push(figure(
            lang,
            "drs.pending",
            "drs-pending",
            numbers.join(&sep),
        ));
    }
    if d.rule_violations > 0 {
        items.push(figure(
            lang,
            "drs.violations",
            "drs-violations",
            d.rule_violations.to_string(),
        ));
    }
    if let (Some(off), Some(on)) = (s.power_off_below_pct, s.power_on_above_pct) {
        let dpm_on = config.is_none_or(DrsConfig::dpm_on);
        let value = if dpm_on {
            let dpm = config.and_then(|c| c.dpm.clone()).unwrap_or_default();
            tr_fill(
                lang,
                "drs.dpm_on",
                &[
                    ("off", &off.to_string()),
                    ("on", &on.to_string()),
                    (
                        "automation",
                        &tr(lang, &format!("drs.dpm_{}", dpm.automation.name())),
                    ),
                    ("threshold", &dpm.threshold.to_string()),
                ],
            )
        } else {
            tr(lang, "drs.dpm_off")
        };
        items.push(figure(lang, "drs.dpm", "dpm-state", value));
        items.push(figure(
            lang,
            "drs.hosts_on",
            "drs-hosts-on",
            tr_fill(
                lang,
                "drs.hosts_on_value",
                &[
                    ("on", &hosts_on(&props.sample).to_string()),
                    ("total", &props.sample.hosts.len().to_string()),
                ],
            ),
        ));
        items.push(figure(
            lang,
            "drs.energy",
            "drs-energy",
            tr_fill(
                lang,
                "drs.energy_value",
                &[
                    ("now", &kwh(d.energy_wh)),
                    ("total", &format!("{:.2}", s.energy_kwh)),
                ],
            ),
        ));
    }
    html! {
        <div class={classes!("cluster-state", "drs-summary", state)} data-testid="drs-summary"
             data-within={within.map(|w| w.to_string())}
             data-automation={config.filter(|c| c.drs_on()).map(|c| c.automation().name())}>
            if !drs_on {
                <p class="cluster-line" data-testid="drs-off"><strong>{ tr(lang, "drs.off") }</strong></p>
            }
            <p class="cluster-line" data-testid="drs-imbalance">
                <strong>{ tr(lang, "drs.imbalance") }{ tr(lang, "drs.label_sep") }</strong>
                { imbalance_text(lang, d) }
                if let Some(w) = within {
                    { " " }{ badge(lang, w) }
                }
            </p>
            <ul class="cluster-figures drs-figures">{ for items }</ul>
        </div>
    }
}
