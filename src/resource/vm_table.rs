//! Every VM's numbers at the current sample: the exact figures behind the
//! pictures, and the accessible alternative to them. CPU columns include
//! the scheduler's ready time (%RDY, %MLMTD, %CSTP); memory columns the
//! active memory and the idle memory tax's shares-per-page ratio.

use crate::common::table_scroll::TableScroll;
use crate::state::use_app;
use crate::text::{tr, Lang};
use vlab_sim::cpu::sched::{CpuSchedSample, ReadyLevel};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VmTableProps {
    pub sample: crate::common::shared_trace::SharedSample,
}

/// Header keys (under `table.`) of the columns under the CPU group and
/// under the memory group; the group headers carry the units.
const CPU_HEAD: [&str; 7] = [
    "demand",
    "entitlement",
    "granted",
    "cpu_ready",
    "cpu_ready_per_vcpu",
    "cpu_mlmtd",
    "cpu_costop",
];
const MEM_HEAD: [&str; 5] = [
    "demand",
    "mem_active",
    "entitlement",
    "granted",
    "shares_per_page",
];

/// What a cell shows for a missing value (powered off, no host).
pub const NONE: &str = "—";

/// `x` with four significant digits, e.g. 0.039062 → "0.03906",
/// 12.3456 → "12.35", 123456.0 → "123500".
pub fn sig4(x: f64) -> String {
    if !x.is_finite() {
        return NONE.to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = 3 - magnitude;
    if decimals >= 0 {
        // Rounding may carry into a new digit (9.9996 → "10.000"): redo it
        // one decimal shorter then.
        let s = format!("{x:.*}", decimals as usize);
        let digits = s.trim_start_matches(['-', '0', '.']).replace('.', "").len();
        if digits > 4 && decimals > 0 {
            format!("{x:.*}", decimals as usize - 1)
        } else {
            s
        }
    } else {
        let unit = 10f64.powi(-decimals);
        format!("{:.0}", (x / unit).round() * unit)
    }
}

/// A percentage with one decimal.
pub fn pct1(x: f64) -> String {
    format!("{x:.1}")
}

/// The locale key naming a ready level.
pub fn level_key(level: ReadyLevel) -> &'static str {
    match level {
        ReadyLevel::Ok => "table.ready_ok",
        ReadyLevel::Watch => "table.ready_watch",
        ReadyLevel::Degraded => "table.ready_degraded",
    }
}

/// The per-vCPU ready cell's text, e.g. "18.3 % · degraded".
pub fn ready_text(lang: Lang, cpu: &CpuSchedSample) -> String {
    format!(
        "{} % · {}",
        pct1(cpu.ready_pct_per_vcpu()),
        tr(lang, level_key(cpu.ready_level()))
    )
}

fn sched_cells(lang: Lang, cpu: Option<&CpuSchedSample>) -> Html {
    match cpu {
        Some(c) => {
            let level = match c.ready_level() {
                ReadyLevel::Ok => "level-ok",
                ReadyLevel::Watch => "level-watch",
                ReadyLevel::Degraded => "level-degraded",
            };
            html! {
                <>
                    <td class="num">{ pct1(c.ready_pct()) }</td>
                    <td class={classes!("num", "ready", level)}>{ ready_text(lang, c) }</td>
                    <td class="num">{ pct1(c.mlmtd_pct()) }</td>
                    <td class="num">{ pct1(c.costop_pct()) }</td>
                </>
            }
        }
        None => html! {
            <>
                <td class="num none">{ NONE }</td>
                <td class="num none">{ NONE }</td>
                <td class="num none">{ NONE }</td>
                <td class="num none">{ NONE }</td>
            </>
        },
    }
}

#[component]
pub fn VmTable(props: &VmTableProps) -> Html {
    let lang = use_app().prefs.lang;
    let rows = props.sample.vms.iter().map(|v| {
        html! {
            <tr data-testid={format!("vmrow-{}", v.name)}>
                <th scope="row">{ v.name.clone() }</th>
                <td class="text">{ v.host.clone().unwrap_or_else(|| NONE.to_string()) }</td>
                <td class="text">{ tr(lang, if v.powered_on { "viz.running" } else { "viz.off" }) }</td>
                <td class="num group-start">{ v.cpu_demand_mhz }</td>
                <td class="num">{ v.alloc.cpu_entitlement_mhz }</td>
                <td class="num">{ v.alloc.cpu_granted_mhz }</td>
                { sched_cells(lang, v.cpu.as_ref()) }
                <td class="num group-start">{ v.mem_demand_mb }</td>
                <td class="num">{ v.mem_active_mb }</td>
                <td class="num">{ v.alloc.mem_entitlement_mb }</td>
                <td class="num">{ v.alloc.mem_granted_mb }</td>
                <td class="num">{ v.shares_per_page.map_or_else(|| NONE.to_string(), sig4) }</td>
            </tr>
        }
    });
    html! {
        <div class="table-block">
            <TableScroll label={tr(lang, "table.caption")}>
                <table class="data-table vm-table" data-testid="vm-table" aria-describedby="vm-note-cpu vm-note-mem">
                    <caption>{ tr(lang, "table.caption") }</caption>
                    <colgroup span="3" />
                    <colgroup span={CPU_HEAD.len().to_string()} class="cpu" />
                    <colgroup span={MEM_HEAD.len().to_string()} class="mem" />
                    <thead>
                        <tr>
                            <th scope="col" rowspan="2">{ tr(lang, "table.vm") }</th>
                            <th scope="col" rowspan="2">{ tr(lang, "table.host") }</th>
                            <th scope="col" rowspan="2">{ tr(lang, "table.state") }</th>
                            <th scope="colgroup" class="group-start" colspan={CPU_HEAD.len().to_string()}>{ tr(lang, "table.cpu_group") }</th>
                            <th scope="colgroup" class="group-start" colspan={MEM_HEAD.len().to_string()}>{ tr(lang, "table.mem_group") }</th>
                        </tr>
                        <tr>
                            { for CPU_HEAD.iter().enumerate().chain(MEM_HEAD.iter().enumerate()).map(|(i, k)| html! {
                                <th scope="col" class={classes!((i == 0).then_some("group-start"))}>
                                    { tr(lang, &format!("table.{k}")) }
                                </th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </TableScroll>
            <p class="table-note" id="vm-note-cpu">{ tr(lang, "table.note_cpu") }</p>
            <p class="table-note" id="vm-note-mem">{ tr(lang, "table.note_mem") }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_significant_digits() {
        assert_eq!(sig4(0.0390625), "0.03906");
        assert_eq!(sig4(12.3456), "12.35");
        assert_eq!(sig4(1.0), "1.000");
        assert_eq!(sig4(9.99996), "10.00");
        assert_eq!(sig4(123456.0), "123500");
        assert_eq!(sig4(0.0), "0");
        assert_eq!(sig4(f64::NAN), NONE);
    }
}
