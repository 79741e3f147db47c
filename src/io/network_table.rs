//! Network I/O Control at the shown sample: the uplink's system traffic
//! types that want bandwidth or hold a reservation, with their shares,
//! reservation, limit, demand and what they get, and the uplink's capacity.

use crate::common::table_scroll::TableScroll;
use crate::state::use_app;
use crate::text::tr;
use rust_i18n::t;
use vlab_sim::io::nioc::{TrafficGrant, UplinkSpeed, MAX_RESERVATION_PERCENT};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NetworkTableProps {
    pub sample: crate::common::shared_trace::SharedSample,
    /// The uplink's speed at this sample, when known.
    #[prop_or_default]
    pub uplink: Option<UplinkSpeed>,
}

const HEAD: [&str; 6] = [
    "net.traffic",
    "net.shares",
    "net.reservation",
    "net.limit",
    "net.demand",
    "net.granted",
];

/// The traffic types worth a row: wanting bandwidth or holding a reservation.
pub fn listed(grants: &[TrafficGrant]) -> Vec<&TrafficGrant> {
    grants
        .iter()
        .filter(|g| g.demand_mbps > 0 || g.reservation_mbps > 0)
        .collect()
}

#[component]
pub fn NetworkTable(props: &NetworkTableProps) -> Html {
    let lang = use_app().prefs.lang;
    let grants = &props.sample.network;
    if grants.is_empty() {
        return html! {};
    }
    let rows = listed(grants);
    let total = |f: fn(&TrafficGrant) -> u64| -> u64 { rows.iter().map(|g| f(g)).sum() };
    let uplink = props.uplink.map(|u| {
        let mbps = u.capacity_mbps();
        t!(
            "net.uplink",
            locale = lang.code(),
            gbps = u.gbps(),
            mbps = mbps,
            max = mbps * MAX_RESERVATION_PERCENT / 100,
            pct = MAX_RESERVATION_PERCENT
        )
        .into_owned()
    });
    html! {
        <div class="table-block">
            <TableScroll label={tr(lang, "net.heading")}>
                <table class="data-table net-table" data-testid="network-table" aria-describedby="net-note">
                    <caption>{ tr(lang, "net.heading") }</caption>
                    <thead>
                        <tr>{ for HEAD.iter().map(|k| html! { <th scope="col">{ tr(lang, k) }</th> }) }</tr>
                    </thead>
                    <tbody>
                        { for rows.iter().map(|g| html! {
                            <tr data-testid={format!("traffic-{}", g.kind.name())}>
                                <th scope="row" title={g.kind.label()}>{ tr(lang, &format!("traffic.{}", g.kind.name())) }</th>
                                <td class="num">{ g.shares }</td>
                                <td class="num">{ g.reservation_mbps }</td>
                                <td class="num">{ g.limit_mbps.map_or_else(|| tr(lang, "pool.unlimited"), |l| l.to_string()) }</td>
                                <td class="num">{ g.demand_mbps }</td>
                                <td class="num">{ g.granted_mbps }</td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">{ tr(lang, "net.total") }</th>
                            <td></td>
                            <td class="num">{ total(|g| g.reservation_mbps) }</td>
                            <td></td>
                            <td class="num">{ total(|g| g.demand_mbps) }</td>
                            <td class="num">{ total(|g| g.granted_mbps) }</td>
                        </tr>
                        if let Some(text) = uplink {
                            <tr class="uplink">
                                <th scope="row">{ tr(lang, "net.capacity") }</th>
                                <td colspan="5" class="text">{ text }</td>
                            </tr>
                        }
                    </tfoot>
                </table>
            </TableScroll>
            <p class="table-note" id="net-note">{ tr(lang, "net.note") }</p>
        </div>
    }
}
