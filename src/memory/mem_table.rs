//! Every VM's memory at the shown sample: where its touched memory is,
//! what it consumes on the host and what reclamation costs it. The exact
//! figures behind the memory charts, at one time.

use crate::common::table_scroll::TableScroll;
use crate::state::use_app;
use crate::text::tr;
use vlab_sim::memory::VmMemSample;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MemTableProps {
    pub sample: crate::common::shared_trace::SharedSample,
}

/// Column header keys (under `mem.col_`), after the VM's name.
const HEAD: [&str; 9] = [
    "touched",
    "active",
    "shared",
    "zero",
    "ballooned",
    "compressed",
    "swapped",
    "consumed",
    "performance",
];

/// The cells in [`HEAD`] order.
fn figures(m: &VmMemSample) -> [u64; 9] {
    [
        m.touched_mb,
        m.active_mb,
        m.shared_mb,
        m.zero_mb,
        m.ballooned_mb,
        m.compressed_mb,
        m.swapped_mb,
        m.consumed_mb,
        u64::from(m.performance_pct),
    ]
}

#[component]
pub fn MemTable(props: &MemTableProps) -> Html {
    let lang = use_app().prefs.lang;
    let s = &props.sample;
    if s.memory.is_empty() && s.vms.iter().all(|v| v.mem.is_none()) {
        return html! {}; // a run without memory reclamation
    }
    let rows = props.sample.vms.iter().map(|v| {
        let cells = match &v.mem {
            Some(m) => html! {
                { for figures(m).iter().map(|n| html! { <td class="num">{ n }</td> }) }
            },
            // Powered off: no memory to speak of.
            None => html! {
                { for HEAD.iter().map(|_| html! { <td class="num none">{ "—" }</td> }) }
            },
        };
        html! {
            <tr data-testid={format!("memrow-{}", v.name)}>
                <th scope="row">{ v.name.clone() }</th>
                { cells }
            </tr>
        }
    });
    html! {
        <div class="table-block">
            <TableScroll label={tr(lang, "mem.table_caption")}>
                <table class="data-table mem-table" data-testid="mem-table" aria-describedby="mem-table-note">
                    <caption>{ tr(lang, "mem.table_caption") }</caption>
                    <thead><tr>
                        <th scope="col">{ tr(lang, "table.vm") }</th>
                        { for HEAD.iter().map(|k| html! { <th scope="col">{ tr(lang, &format!("mem.col_{k}")) }</th> }) }
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </TableScroll>
            <p class="table-note" id="mem-table-note">{ tr(lang, "mem.table_note") }</p>
        </div>
    }
}
