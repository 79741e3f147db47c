//! Slots as a picture of each host: one row per host, a box per slot —
//! used boxes filled, those held back for failover hatched, available ones
//! empty, those used beyond the host's slots in the "bad" colour, a failed
//! host's greyed. The master, isolated, failed and dedicated failover
//! hosts are named beside their row. The picture is one image with a
//! summary for screen readers; the table after it has every number.

use crate::common::table_scroll::TableScroll;
use crate::ha::ha_model::{boxes, slot_rows, slots_per_box, HaConfig, SlotBox, SlotRow};
use crate::state::use_app;
use crate::text::tr_fill;
use crate::text::{tr, Lang};
use std::rc::Rc;
use vlab_sim::ha::spec::AdmissionPolicy;
use yew::prelude::*;

/// At most this many boxes in a row; more slots share a box.
pub const MAX_BOXES: u32 = 20;

#[derive(Properties, PartialEq)]
pub struct HaSlotsProps {
    pub sample: crate::common::shared_trace::SharedSample,
    #[prop_or_default]
    pub config: Option<Rc<HaConfig>>,
}

/// The words beside a host: master, isolated, partitioned, failed,
/// dedicated.
fn tags(lang: Lang, r: &SlotRow) -> Vec<String> {
    [
        (r.master, "ha.tag_master"),
        (r.isolated, "ha.tag_isolated"),
        (r.partitioned, "ha.tag_partitioned"),
        (r.failed, "ha.tag_failed"),
        (r.dedicated, "ha.tag_dedicated"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, key)| tr(lang, key))
    .collect()
}

/// One host in words, for the picture's label.
fn host_words(lang: Lang, r: &SlotRow) -> String {
    let slots = r.slots.to_string();
    if r.failed {
        return tr_fill(
            lang,
            "ha.picture_failed",
            &[("host", &r.host), ("slots", &slots)],
        );
    }
    let tags = tags(lang, r);
    let tags = if tags.is_empty() {
        String::new()
    } else {
        format!(" ({})", tags.join(&tr(lang, "ha.list_sep")))
    };
    tr_fill(
        lang,
        "ha.picture_host",
        &[
            ("host", &r.host),
            ("tags", &tags),
            ("slots", &slots),
            ("used", &r.used.to_string()),
            ("held", &r.held.to_string()),
            ("available", &r.available().to_string()),
        ],
    )
}

#[component]
pub fn HaSlots(props: &HaSlotsProps) -> Html {
    let lang = use_app().prefs.lang;
    let Some(ha) = props.sample.ha.as_ref() else {
        return html! {};
    };
    let rows = slot_rows(&props.sample, props.config.as_deref());
    let per_box = slots_per_box(&rows, MAX_BOXES);
    let m = &ha.summary;
    let size = [
        ("mhz", m.slot_cpu_mhz.to_string()),
        ("mb", m.slot_mem_mb.to_string()),
    ];
    let size: Vec<(&str, &str)> = size.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let fixed = props
        .config
        .as_deref()
        .is_some_and(|c| c.spec.slot_cpu_mhz.is_some() || c.spec.slot_mem_mb.is_some());
    let note = match (ha.admission, fixed) {
        (AdmissionPolicy::Slots, fixed) => {
            let size_key = if fixed {
                "ha.slots_note_fixed"
            } else {
                "ha.slots_note"
            };
            tr_fill(
                lang,
                "ha.two_sentences",
                &[
                    ("a", &tr_fill(lang, size_key, &size)),
                    ("b", &tr(lang, "ha.slots_note_count")),
                ],
            )
        }
        _ => tr_fill(lang, "ha.slots_note_other", &size),
    };
    let total: u32 = rows.iter().filter(|r| !r.failed).map(|r| r.slots).sum();
    let summary = tr_fill(
        lang,
        "ha.slots_value",
        &[
            ("total", &total.to_string()),
            (
                "used",
                &rows.iter().map(|r| r.used).sum::<u32>().to_string(),
            ),
            (
                "held",
                &rows.iter().map(|r| r.held).sum::<u32>().to_string(),
            ),
            (
                "available",
                &rows.iter().map(SlotRow::available).sum::<u32>().to_string(),
            ),
        ],
    );
    let hosts: Vec<String> = rows.iter().map(|r| host_words(lang, r)).collect();
    let label = tr_fill(
        lang,
        "ha.picture_label",
        &[
            ("hosts", &hosts.join(&tr(lang, "ha.picture_sep"))),
            ("summary", &summary),
        ],
    );
    let kinds = [
        SlotBox::Used,
        SlotBox::Held,
        SlotBox::Available,
        SlotBox::Over,
        SlotBox::Lost,
    ];
    let shown: Vec<SlotBox> = kinds
        .into_iter()
        .filter(|k| rows.iter().any(|r| boxes(r, per_box).contains(k)))
        .collect();
    html! {
        <figure class="ha-slots" data-testid="ha-slots" data-per-box={per_box.to_string()}>
            <figcaption>{ tr(lang, "ha.slots_heading") }</figcaption>
            <p class="table-note" data-testid="ha-slots-note">{ note }</p>
            <div class="slot-rows" role="img" aria-label={label} data-testid="ha-slot-picture">
                { for rows.iter().map(|r| slot_row(lang, r, per_box)) }
            </div>
            <ul class="legend slot-legend">
                { for shown.iter().map(|k| html! {
                    <li><span class={classes!("slot", k.name())}></span>{ tr(lang, &format!("ha.box_{}", k.name())) }</li>
                }) }
                if per_box > 1 {
                    <li data-testid="ha-per-box">{ tr_fill(lang, "ha.per_box", &[("n", &per_box.to_string())]) }</li>
                }
            </ul>
            <details>
                <summary>{ tr(lang, "chart.table") }</summary>
                { table(lang, &rows) }
            </details>
        </figure>
    }
}

fn slot_row(lang: Lang, r: &SlotRow, per_box: u32) -> Html {
    let class = classes!(
        "slot-row",
        r.failed.then_some("failed"),
        r.master.then_some("master"),
        r.isolated.then_some("isolated"),
        r.partitioned.then_some("partitioned"),
        r.dedicated.then_some("dedicated"),
    );
    html! {
        <div {class} data-testid={format!("slot-row-{}", r.host)} data-host={r.host.clone()}
             data-slots={r.slots.to_string()} data-used={r.used.to_string()} data-held={r.held.to_string()}>
            <span class="slot-host">
                <span class="slot-host-name">{ &r.host }</span>
                { for tags(lang, r).into_iter().map(|t| html! { <span class="tag">{ t }</span> }) }
            </span>
            <span class="slot-boxes">
                { for boxes(r, per_box).into_iter().map(|b| html! {
                    <span class={classes!("slot", b.name())} data-box={b.name()}></span>
                }) }
            </span>
            <span class="slot-count">{ if r.failed { String::new() } else {
                tr_fill(lang, "ha.row_count", &[("used", &r.used.to_string()), ("slots", &r.slots.to_string())])
            } }</span>
        </div>
    }
}

/// Every row's numbers: the picture's text alternative.
fn table(lang: Lang, rows: &[SlotRow]) -> Html {
    html! {
        <TableScroll label={tr(lang, "ha.slots_heading")}>
            <table class="data-table ha-slots-table" data-testid="ha-slots-table">
                <caption>{ tr(lang, "ha.slots_heading") }</caption>
                <thead><tr>
                    <th scope="col">{ tr(lang, "ha.col_host") }</th>
                    <th scope="col">{ tr(lang, "ha.col_state") }</th>
                    <th scope="col">{ tr(lang, "ha.col_slots") }</th>
                    <th scope="col">{ tr(lang, "ha.col_used") }</th>
                    <th scope="col">{ tr(lang, "ha.col_held") }</th>
                    <th scope="col">{ tr(lang, "ha.col_available") }</th>
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|r| {
                        let tags = tags(lang, r);
                        let state = if tags.is_empty() { tr(lang, "ha.state_up") } else { tags.join(&tr(lang, "ha.list_sep")) };
                        html! {
                            <tr>
                                <th scope="row">{ &r.host }</th>
                                <td class="text">{ state }</td>
                                <td class="num">{ r.slots }</td>
                                <td class={classes!("num", (r.over() > 0).then_some("bad"))}>{ r.used }</td>
                                <td class="num">{ r.held }</td>
                                <td class="num">{ r.available() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </TableScroll>
    }
}
