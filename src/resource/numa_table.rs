//! Where each running VM's vCPUs and memory are on a host described by
//! sockets (`vlab_sim::cpu::numa`): the physical NUMA nodes, the guest's
//! virtual sockets and virtual NUMA nodes, and how much memory is local.
//! Shown only when some VM has such a placement.

use crate::common::table_scroll::TableScroll;
use crate::state::use_app;
use crate::text::{tr, tr_fill};
use vlab_sim::cpu::numa::NUMA_VCPU_MIN;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NumaTableProps {
    pub sample: crate::common::shared_trace::SharedSample,
}

/// The keys (under `numa.`) of the column headers, after the VM's name.
const HEAD: [&str; 4] = ["nodes", "virtual_sockets", "vnuma", "local"];

#[component]
pub fn NumaTable(props: &NumaTableProps) -> Html {
    let lang = use_app().prefs.lang;
    let placed: Vec<_> = props
        .sample
        .vms
        .iter()
        .filter_map(|v| v.numa.as_ref().map(|n| (v, n)))
        .collect();
    if placed.is_empty() {
        return html! {};
    }
    let rows = placed.iter().map(|(v, n)| {
        let nodes = n
            .nodes
            .iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let vnuma = if n.vnuma_nodes == 0 {
            tr(lang, "numa.vnuma_none")
        } else {
            n.vnuma_nodes.to_string()
        };
        html! {
            <tr data-testid={format!("numarow-{}", v.name)}>
                <th scope="row">{ v.name.clone() }</th>
                <td class="num">{ nodes }</td>
                <td class="num">{ n.virtual_sockets }</td>
                <td class="num">{ vnuma }</td>
                <td class="num">{ format!("{} %", n.local_mem_pct) }</td>
            </tr>
        }
    });
    html! {
        <div class="table-block">
            <TableScroll label={tr(lang, "numa.caption")}>
                <table class="data-table numa-table" data-testid="numa-table" aria-describedby="numa-note">
                    <caption>{ tr(lang, "numa.caption") }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ tr(lang, "table.vm") }</th>
                            { for HEAD.iter().map(|k| html! {
                                <th scope="col">{ tr(lang, &format!("numa.{k}")) }</th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </TableScroll>
            <p class="table-note" id="numa-note">{ tr_fill(lang, "numa.note", &[("min", &NUMA_VCPU_MIN.to_string())]) }</p>
        </div>
    }
}
