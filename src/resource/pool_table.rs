//! Resource pools at the shown sample: the tree indented, and per pool a
//! CPU row and a memory row with its settings (reservation, expandable,
//! limit, effective shares) and what the tree gives it (entitlement,
//! granted, reservation used, unreserved).

use crate::common::table_scroll::TableScroll;
use crate::resource::resource_series::pool_rows;
use crate::state::use_app;
use crate::text::{tr, Lang};
use vlab_sim::base::shares::{ShareLevel, Shares};
use vlab_sim::sim::sample::PoolSample;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PoolTableProps {
    pub sample: crate::common::shared_trace::SharedSample,
}

/// The keys of the column headers, after the pool's name.
const HEAD: [&str; 8] = [
    "pool.resource",
    "pool.reservation",
    "pool.limit",
    "pool.shares",
    "pool.entitlement",
    "pool.granted",
    "pool.reservation_used",
    "pool.unreserved",
];

/// One resource's figures for one pool.
struct ResourceRow {
    label: &'static str,
    reservation: u64,
    expandable: bool,
    limit: Option<u64>,
    shares: u64,
    level: Shares,
    entitlement: u64,
    granted: u64,
    reservation_used: u64,
    unreserved: u64,
}

fn resource_rows(p: &PoolSample) -> [ResourceRow; 2] {
    let (s, a) = (&p.spec, &p.alloc);
    [
        ResourceRow {
            label: "pool.cpu_mhz",
            reservation: s.cpu_reservation_mhz,
            expandable: s.cpu_expandable,
            limit: s.cpu_limit_mhz,
            shares: a.cpu_shares,
            level: s.cpu_shares,
            entitlement: a.cpu_entitlement_mhz,
            granted: a.cpu_granted_mhz,
            reservation_used: a.cpu_reservation_used_mhz,
            unreserved: a.cpu_unreserved_mhz,
        },
        ResourceRow {
            label: "pool.mem_mb",
            reservation: s.mem_reservation_mb,
            expandable: s.mem_expandable,
            limit: s.mem_limit_mb,
            shares: a.mem_shares,
            level: s.mem_shares,
            entitlement: a.mem_entitlement_mb,
            granted: a.mem_granted_mb,
            reservation_used: a.mem_reservation_used_mb,
            unreserved: a.mem_unreserved_mb,
        },
    ]
}

/// The share level's name (low / normal / high), for custom shares none.
pub fn level_key(shares: Shares) -> Option<&'static str> {
    match shares {
        Shares::Level(ShareLevel::Low) => Some("control.low"),
        Shares::Level(ShareLevel::Normal) => Some("control.normal"),
        Shares::Level(ShareLevel::High) => Some("control.high"),
        Shares::Custom(_) => None,
    }
}

fn resource_cells(r: &ResourceRow, lang: Lang) -> Html {
    html! {
        <>
            <th scope="row" class="resource">{ tr(lang, r.label) }</th>
            <td class="num">
                { r.reservation }
                if r.expandable {
                    { " " }<span class="tag">{ tr(lang, "pool.expandable") }</span>
                }
            </td>
            <td class="num">
                { r.limit.map_or_else(|| tr(lang, "pool.unlimited"), |l| l.to_string()) }
            </td>
            <td class="num">
                { r.shares }
                if let Some(key) = level_key(r.level) {
                    { " " }<span class="muted">{ format!("({})", tr(lang, key)) }</span>
                }
            </td>
            <td class="num">{ r.entitlement }</td>
            <td class="num">{ r.granted }</td>
            <td class="num">{ r.reservation_used }</td>
            <td class="num">{ r.unreserved }</td>
        </>
    }
}

#[component]
pub fn PoolTable(props: &PoolTableProps) -> Html {
    let lang = use_app().prefs.lang;
    let rows = pool_rows(&props.sample);
    if rows.is_empty() {
        return html! {};
    }
    // One row group per pool: its name spans a CPU row and a memory row,
    // so every number sits under one header and in one unit.
    let groups = rows.iter().map(|(depth, p)| {
        let [cpu, mem] = resource_rows(p);
        html! {
            <tbody class="pool-group" data-testid={format!("pool-{}", p.name)}>
                <tr>
                    <th scope="rowgroup" rowspan="2" class="pool-name"
                        style={format!("padding-left:{}em", 0.4 + 1.2 * *depth as f64)}>
                        <span aria-hidden="true">{ if *depth > 0 { "└ " } else { "" } }</span>
                        { p.name.clone() }
                        if p.vapp {
                            { " " }<span class="tag">{ tr(lang, "pool.vapp") }</span>
                        }
                    </th>
                    { resource_cells(&cpu, lang) }
                </tr>
                <tr>{ resource_cells(&mem, lang) }</tr>
            </tbody>
        }
    });
    html! {
        <div class="table-block">
            <TableScroll label={tr(lang, "pool.heading")}>
                <table class="data-table pool-table" data-testid="pool-table" aria-describedby="pool-note">
                    <caption>{ tr(lang, "pool.heading") }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ tr(lang, "pool.name") }</th>
                            { for HEAD.iter().map(|k| html! { <th scope="col">{ tr(lang, k) }</th> }) }
                        </tr>
                    </thead>
                    { for groups }
                </table>
            </TableScroll>
            <p class="table-note" id="pool-note">{ tr(lang, "pool.note") }</p>
        </div>
    }
}
