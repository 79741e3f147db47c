//! The VMs, in power-on order: where each runs, its size, its demand, and
//! its reservation, limit and shares of CPU and memory.

use crate::sandbox::draft::{VmDraft, SHARE_LEVELS};
use crate::sandbox::fields::MAX_SANDBOX_VMS;
use crate::sandbox::form_field::{on_click, setter, ChoiceField, InputField, SectionProps};
use crate::sandbox::item_list::{none_yet, AddButton, ItemHead};
use crate::text::{tr, Lang};
use yew::prelude::*;

/// The share levels as a select offers them, in `lang`.
pub fn share_options(lang: Lang) -> Vec<(String, String)> {
    SHARE_LEVELS
        .iter()
        .map(|l| (l.to_string(), tr(lang, &format!("control.{l}"))))
        .collect()
}

/// A field of one VM: the accessor picks the draft's string.
type Access = fn(&mut VmDraft) -> &mut String;

#[component]
pub fn VmForm(p: &SectionProps) -> Html {
    let lang = p.lang;
    let hosts: Vec<(String, String)> =
        std::iter::once((String::new(), tr(lang, "sandbox.opt_placed")))
            .chain(
                p.draft
                    .hosts
                    .iter()
                    .map(|h| (h.name.clone(), h.name.clone())),
            )
            .collect();
    let pools: Vec<(String, String)> =
        std::iter::once((String::new(), tr(lang, "sandbox.opt_root")))
            .chain(
                p.draft
                    .pools
                    .iter()
                    .map(|q| (q.name.clone(), q.name.clone())),
            )
            .collect();
    let shares = share_options(lang);
    let rows = p.draft.vms.iter().enumerate().map(|(i, v)| {
        let at = format!("vm[{i}]");
        let input = |name: &str, access: Access| {
            let value = access(&mut v.clone()).clone();
            html! {
                <InputField field={format!("{at}.{name}")} {value} report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, move |d, val| if let Some(x) = d.vms.get_mut(i) { *access(x) = val })} />
            }
        };
        let choice = |name: &str, access: Access, options: &Vec<(String, String)>| {
            let value = access(&mut v.clone()).clone();
            html! {
                <ChoiceField field={format!("{at}.{name}")} {value} options={options.clone()}
                    report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, move |d, val| if let Some(x) = d.vms.get_mut(i) { *access(x) = val })} />
            }
        };
        html! {
            <fieldset class="sb-item" data-testid="sandbox-vm">
                <ItemHead lang={lang} name={v.name.clone()}
                    onremove={on_click(&p.edit, move |d| if i < d.vms.len() { d.vms.remove(i); })} />
                <div class="sb-grid">
                    <InputField field={format!("{at}.name")} value={v.name.clone()} numeric={false}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, val: String| d.rename_vm(i, &val))} />
                    { choice("host", |x| &mut x.host, &hosts) }
                    if !p.draft.pools.is_empty() || !v.pool.is_empty() {
                        { choice("pool", |x| &mut x.pool, &pools) }
                    }
                    { input("vcpus", |x| &mut x.vcpus) }
                    { input("mem_mb", |x| &mut x.mem_mb) }
                    { input("cpu_demand_mhz", |x| &mut x.cpu_demand_mhz) }
                    { input("mem_demand_mb", |x| &mut x.mem_demand_mb) }
                    { input("mem_active_mb", |x| &mut x.mem_active_mb) }
                </div>
                <div class="sb-grid sb-controls">
                    { input("cpu_reservation_mhz", |x| &mut x.cpu_reservation_mhz) }
                    { input("cpu_limit_mhz", |x| &mut x.cpu_limit_mhz) }
                    { choice("cpu_shares", |x| &mut x.cpu_shares, &shares) }
                    { input("mem_reservation_mb", |x| &mut x.mem_reservation_mb) }
                    { input("mem_limit_mb", |x| &mut x.mem_limit_mb) }
                    { choice("mem_shares", |x| &mut x.mem_shares, &shares) }
                </div>
            </fieldset>
        }
    });
    html! {
        <section class="sb-section" aria-labelledby="sb-vms-h">
            <h2 id="sb-vms-h">{ tr(lang, "sandbox.sec_vms") }</h2>
            <p class="muted">{ tr(lang, "sandbox.vms_note") }</p>
            { none_yet(lang, p.draft.vms.is_empty()) }
            { for rows }
            <AddButton lang={lang} label={tr(lang, "sandbox.add_vm")} testid="sandbox-add-vm"
                full={p.draft.vms.len() >= MAX_SANDBOX_VMS} max={MAX_SANDBOX_VMS}
                onclick={on_click(&p.edit, |d| d.add_vm())} />
        </section>
    }
}
