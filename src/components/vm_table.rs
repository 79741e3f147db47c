//! Every VM's numbers at the current sample: the exact figures behind the
//! pictures, and the accessible alternative to them.

use crate::i18n::tr;
use crate::state::use_app;
use vlab_sim::Sample;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VmTableProps {
    pub sample: Sample,
}

#[component]
pub fn VmTable(props: &VmTableProps) -> Html {
    let lang = use_app().prefs.lang;
    let head = [
        "vm",
        "host",
        "state",
        "cpu_demand",
        "cpu_entitlement",
        "cpu_granted",
        "mem_demand",
        "mem_entitlement",
        "mem_granted",
    ];
    html! {
        <div class="table-wrap">
            <table class="data-table" data-testid="vm-table">
                <thead><tr>{ for head.iter().map(|k| html! { <th scope="col">{ tr(lang, &format!("table.{k}")) }</th> }) }</tr></thead>
                <tbody>
                    { for props.sample.vms.iter().map(|v| html! {
                        <tr>
                            <th scope="row">{ v.name.clone() }</th>
                            <td>{ v.host.clone() }</td>
                            <td>{ tr(lang, if v.powered_on { "viz.running" } else { "viz.off" }) }</td>
                            <td class="num">{ v.cpu_demand_mhz }</td>
                            <td class="num">{ v.alloc.cpu_entitlement_mhz }</td>
                            <td class="num">{ v.alloc.cpu_granted_mhz }</td>
                            <td class="num">{ v.mem_demand_mb }</td>
                            <td class="num">{ v.alloc.mem_entitlement_mb }</td>
                            <td class="num">{ v.alloc.mem_granted_mb }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
