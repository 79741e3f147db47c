//! Storage I/O Control at the shown sample: the datastore's throughput,
//! latency and congestion, and what each VM's virtual disk gets.

use crate::common::table_scroll::TableScroll;
use crate::state::use_app;
use crate::text::{tr, Lang};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StorageTableProps {
    pub sample: crate::common::shared_trace::SharedSample,
}

/// Microseconds as milliseconds with one decimal, e.g. 12_345 → "12.3".
pub fn ms1(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

fn yes_no(lang: Lang, b: bool) -> String {
    tr(
        lang,
        if b {
            "storage.yes_label"
        } else {
            "storage.no_label"
        },
    )
}

const DATASTORE_HEAD: [&str; 6] = [
    "storage.iops",
    "storage.latency",
    "storage.outstanding",
    "storage.threshold",
    "storage.congested",
    "storage.throttling",
];

const DISK_HEAD: [&str; 5] = [
    "storage.vm",
    "storage.shares",
    "storage.demand",
    "storage.disk_iops",
    "storage.latency",
];

#[component]
pub fn StorageTable(props: &StorageTableProps) -> Html {
    let lang = use_app().prefs.lang;
    let Some(out) = &props.sample.storage else {
        return html! {};
    };
    let d = &out.datastore;
    let head = |keys: &[&str]| -> Html {
        html! { <tr>{ for keys.iter().map(|k| html! { <th scope="col">{ tr(lang, k) }</th> }) }</tr> }
    };
    html! {
        <div class="table-block storage" data-testid="storage">
            <TableScroll label={tr(lang, "storage.heading")}>
                <table class="data-table" data-testid="datastore-table" aria-describedby="storage-note">
                    <caption>{ tr(lang, "storage.heading") }</caption>
                    <thead>{ head(&DATASTORE_HEAD) }</thead>
                    <tbody>
                        <tr data-congested={d.congested.to_string()}>
                            <td class="num">{ d.iops }</td>
                            <td class="num">{ ms1(d.latency_us) }</td>
                            <td class="num">{ d.outstanding_io }</td>
                            <td class="num">{ d.threshold_latency_us.map_or_else(|| tr(lang, "storage.none"), ms1) }</td>
                            <td class={classes!(d.congested.then_some("bad"))}>{ yes_no(lang, d.congested) }</td>
                            <td>{ yes_no(lang, d.throttling) }</td>
                        </tr>
                    </tbody>
                </table>
            </TableScroll>
            <TableScroll label={tr(lang, "storage.disks")}>
                <table class="data-table" data-testid="disk-table">
                    <caption>{ tr(lang, "storage.disks") }</caption>
                    <thead>{ head(&DISK_HEAD) }</thead>
                    <tbody>
                        { for out.disk.iter().map(|k| html! {
                            <tr data-testid={format!("disk-{}", k.vm)}>
                                <th scope="row">{ k.vm.clone() }</th>
                                <td class="num">{ k.shares }</td>
                                <td class="num">{ k.demand_iops }</td>
                                <td class="num">{ k.iops }</td>
                                <td class="num">{ if k.iops == 0 && k.latency_us == 0 { "—".to_string() } else { ms1(k.latency_us) } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </TableScroll>
            <p class="table-note" id="storage-note">{ tr(lang, "storage.note") }</p>
        </div>
    }
}
