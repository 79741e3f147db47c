//! Each host's CPU load before the first fault, the most its VMs demanded
//! after it, and at the end of the run: the survivors taking the failed
//! host's VMs (and, without admission control, more than they can give).

use crate::common::table_scroll::TableScroll;
use crate::ha::ha_model::{HostLoad, LoadTable};
use crate::state::use_app;
use crate::text::tr_fill;
use crate::text::{tr, Lang};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HaLoadProps {
    pub table: Rc<LoadTable>,
}

/// "granted / capacity MHz (pct %), n VMs", or "failed".
fn load_cell(lang: Lang, l: &HostLoad) -> Html {
    if l.failed {
        return html! { <td class="num none">{ tr(lang, "ha.load_failed") }</td> };
    }
    html! {
        <td class="num">{ tr_fill(lang, "ha.load_value", &[
            ("granted", &l.granted_mhz.to_string()),
            ("capacity", &l.capacity_mhz.to_string()),
            ("pct", &l.pct().to_string()),
            ("vms", &l.vms.to_string()),
        ]) }</td>
    }
}

#[component]
pub fn HaLoad(props: &HaLoadProps) -> Html {
    let lang = use_app().prefs.lang;
    let t = &props.table;
    let caption = tr_fill(
        lang,
        "ha.load_caption",
        &[("fault", &t.fault_s.to_string())],
    );
    let at = |key: &str, t_s: u32| tr_fill(lang, key, &[("t", &t_s.to_string())]);
    html! {
        <>
        <TableScroll label={caption.clone()}>
            <table class="data-table ha-load" data-testid="ha-load">
                <caption>{ caption }</caption>
                <thead><tr>
                    <th scope="col">{ tr(lang, "ha.col_host") }</th>
                    <th scope="col">{ at("ha.col_before", t.before_s) }</th>
                    <th scope="col">{ tr(lang, "ha.col_peak") }</th>
                    <th scope="col">{ at("ha.col_end", t.end_s) }</th>
                </tr></thead>
                <tbody>
                    { for t.rows.iter().map(|r| {
                        let peak = match (r.peak, r.peak_pct()) {
                            (Some((demand, _)), Some(pct)) => html! {
                                <td class={classes!("num", (pct > 100).then_some("bad"))}>
                                    { tr_fill(lang, "ha.peak_value", &[("demand", &demand.to_string()), ("pct", &pct.to_string())]) }
                                </td>
                            },
                            _ => html! { <td class="num none">{ tr(lang, "ha.load_failed") }</td> },
                        };
                        html! {
                            <tr data-host={r.host.clone()}>
                                <th scope="row">{ &r.host }</th>
                                { load_cell(lang, &r.before) }
                                { peak }
                                { load_cell(lang, &r.end) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </TableScroll>
        <p class="table-note">{ tr(lang, "ha.load_note") }</p>
        </>
    }
}
