//! The hosts: name, CPU capacity, memory and vMotion network of each.

use crate::sandbox::fields::MAX_SANDBOX_HOSTS;
use crate::sandbox::form_field::{on_click, setter, ChoiceField, InputField, SectionProps};
use crate::sandbox::item_list::{AddButton, ItemHead};
use crate::text::tr;
use vlab_sim::inventory::host_field::VMOTION_GBPS;
use yew::prelude::*;

#[component]
pub fn HostForm(p: &SectionProps) -> Html {
    let lang = p.lang;
    let gbps: Vec<(String, String)> =
        std::iter::once((String::new(), tr(lang, "sandbox.opt_no_vmotion")))
            .chain(
                VMOTION_GBPS
                    .iter()
                    .map(|g| (g.to_string(), format!("{g} Gbit/s"))),
            )
            .collect();
    let rows = p.draft.hosts.iter().enumerate().map(|(i, h)| {
        let at = format!("host[{i}]");
        let field = |name: &str| format!("{at}.{name}");
        html! {
            <fieldset class="sb-item" data-testid="sandbox-host">
                <ItemHead lang={lang} name={h.name.clone()}
                    onremove={on_click(&p.edit, move |d| if i < d.hosts.len() { d.hosts.remove(i); })} />
                <div class="sb-grid">
                    <InputField field={field("name")} value={h.name.clone()} numeric={false}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, v: String| d.rename_host(i, &v))} />
                    <InputField field={field("cpu_mhz")} value={h.cpu_mhz.clone()}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, v| if let Some(h) = d.hosts.get_mut(i) { h.cpu_mhz = v })} />
                    <InputField field={field("mem_mb")} value={h.mem_mb.clone()}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, v| if let Some(h) = d.hosts.get_mut(i) { h.mem_mb = v })} />
                    <ChoiceField field={field("vmotion_gbps")} value={h.vmotion_gbps.clone()}
                        options={gbps.clone()} report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, v| if let Some(h) = d.hosts.get_mut(i) { h.vmotion_gbps = v })} />
                </div>
            </fieldset>
        }
    });
    html! {
        <section class="sb-section" aria-labelledby="sb-hosts-h">
            <h2 id="sb-hosts-h">{ tr(lang, "sandbox.sec_hosts") }</h2>
            { for rows }
            <AddButton lang={lang} label={tr(lang, "sandbox.add_host")} testid="sandbox-add-host"
                full={p.draft.hosts.len() >= MAX_SANDBOX_HOSTS} max={MAX_SANDBOX_HOSTS}
                onclick={on_click(&p.edit, |d| d.add_host())} />
        </section>
    }
}
