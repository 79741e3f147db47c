//! Resource pools at the shown sample: the tree indented, with what each
//! pool is entitled to, uses, holds in reservations and has unreserved.

use crate::i18n::tr;
use crate::lab_view::pool_rows;
use crate::state::use_app;
use vlab_sim::Sample;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PoolTableProps {
    pub sample: Sample,
}

#[component]
pub fn PoolTable(props: &PoolTableProps) -> Html {
    let lang = use_app().prefs.lang;
    let rows = pool_rows(&props.sample);
    if rows.is_empty() {
        return html! {};
    }
    let head = [
        "pool.name",
        "pool.cpu_entitlement",
        "pool.cpu_granted",
        "pool.cpu_reservation_used",
        "pool.cpu_unreserved",
        "pool.mem_entitlement",
        "pool.mem_granted",
        "pool.mem_reservation_used",
        "pool.mem_unreserved",
    ];
    html! {
        <div class="table-wrap">
            <table class="data-table pool-table" data-testid="pool-table">
                <caption>{ tr(lang, "pool.heading") }</caption>
                <thead><tr>{ for head.iter().map(|k| html! { <th scope="col">{ tr(lang, k) }</th> }) }</tr></thead>
                <tbody>
                    { for rows.iter().map(|(depth, p)| {
                        let a = &p.alloc;
                        html! {
                            <tr data-testid={format!("pool-{}", p.name)}>
                                <th scope="row" style={format!("padding-left:{}em", 0.4 + 1.2 * *depth as f64)}>
                                    { if *depth > 0 { "└ " } else { "" } }{ p.name.clone() }
                                </th>
                                <td class="num">{ a.cpu_entitlement_mhz }</td>
                                <td class="num">{ a.cpu_granted_mhz }</td>
                                <td class="num">{ a.cpu_reservation_used_mhz }</td>
                                <td class="num">{ a.cpu_unreserved_mhz }</td>
                                <td class="num">{ a.mem_entitlement_mb }</td>
                                <td class="num">{ a.mem_granted_mb }</td>
                                <td class="num">{ a.mem_reservation_used_mb }</td>
                                <td class="num">{ a.mem_unreserved_mb }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
