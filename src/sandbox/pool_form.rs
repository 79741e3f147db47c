//! The resource pools: where each hangs, and its reservation, limit,
//! shares and expandable reservations.

use crate::sandbox::draft::PoolDraft;
use crate::sandbox::fields::MAX_POOLS;
use crate::sandbox::form_field::{
    on_click, setter, CheckField, ChoiceField, InputField, SectionProps,
};
use crate::sandbox::item_list::{none_yet, AddButton, ItemHead};
use crate::sandbox::vm_form::share_options;
use crate::text::tr;
use yew::prelude::*;

type Access = fn(&mut PoolDraft) -> &mut String;

#[component]
pub fn PoolForm(p: &SectionProps) -> Html {
    let lang = p.lang;
    let shares = share_options(lang);
    let rows = p.draft.pools.iter().enumerate().map(|(i, q)| {
        let at = format!("pool[{i}]");
        let parents: Vec<(String, String)> = std::iter::once((String::new(), tr(lang, "sandbox.opt_root")))
            .chain(
                p.draft
                    .pools
                    .iter()
                    .filter(|o| o.name != q.name)
                    .map(|o| (o.name.clone(), o.name.clone())),
            )
            .collect();
        let input = |name: &str, access: Access| {
            let value = access(&mut q.clone()).clone();
            html! {
                <InputField field={format!("{at}.{name}")} {value} report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, move |d, val| if let Some(x) = d.pools.get_mut(i) { *access(x) = val })} />
            }
        };
        let choice = |name: &str, access: Access, options: &Vec<(String, String)>| {
            let value = access(&mut q.clone()).clone();
            html! {
                <ChoiceField field={format!("{at}.{name}")} {value} options={options.clone()}
                    report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, move |d, val| if let Some(x) = d.pools.get_mut(i) { *access(x) = val })} />
            }
        };
        html! {
            <fieldset class="sb-item" data-testid="sandbox-pool">
                <ItemHead lang={lang} name={q.name.clone()}
                    onremove={on_click(&p.edit, move |d| if i < d.pools.len() { d.pools.remove(i); })} />
                <div class="sb-grid">
                    <InputField field={format!("{at}.name")} value={q.name.clone()} numeric={false}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, val: String| d.rename_pool(i, &val))} />
                    { choice("parent", |x| &mut x.parent, &parents) }
                    <CheckField field={format!("{at}.expandable")} checked={q.expandable}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, on| if let Some(x) = d.pools.get_mut(i) { x.expandable = on })} />
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
        <section class="sb-section" aria-labelledby="sb-pools-h">
            <h2 id="sb-pools-h">{ tr(lang, "sandbox.sec_pools") }</h2>
            { none_yet(lang, p.draft.pools.is_empty()) }
            { for rows }
            <AddButton lang={lang} label={tr(lang, "sandbox.add_pool")} testid="sandbox-add-pool"
                full={p.draft.pools.len() >= MAX_POOLS} max={MAX_POOLS}
                onclick={on_click(&p.edit, |d| d.add_pool())} />
        </section>
    }
}
