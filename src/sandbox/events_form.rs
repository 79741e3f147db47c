//! What happens over time: host failures, vMotion migrations and
//! maintenance mode, each at a second of the run.

use crate::sandbox::fields::Unit;
use crate::sandbox::form_field::{on_click, setter, ChoiceField, InputField, SectionProps};
use crate::sandbox::item_list::{none_yet, AddButton, ItemHead};
use crate::text::{tr, Lang};
use yew::prelude::*;

/// `names` as select options, after a "pick one" for an empty value.
fn options(lang: Lang, names: &[&str]) -> Vec<(String, String)> {
    std::iter::once((String::new(), tr(lang, "sandbox.opt_pick")))
        .chain(names.iter().map(|n| (n.to_string(), n.to_string())))
        .collect()
}

#[component]
pub fn EventsForm(p: &SectionProps) -> Html {
    let lang = p.lang;
    let hosts = options(lang, &p.draft.host_names());
    let vms = options(lang, &p.draft.vm_names());
    let at_field = |at: &str,
                    value: &str,
                    set: fn(&mut crate::sandbox::draft::Draft, usize, String),
                    i: usize| {
        html! {
            <InputField field={format!("{at}.at_s")} value={value.to_string()} report={p.report.clone()} {lang}
                onchange={setter(&p.edit, move |d, v| set(d, i, v))} />
        }
    };
    // An event's heading: what it is about and when.
    let unit = Unit::S.text(lang);
    let label = |what: &str, at_s: &str| format!("{what} @ {} {unit}", at_s.trim());
    let faults = p.draft.faults.iter().enumerate().map(|(i, f)| {
        let at = format!("fault[{i}]");
        html! {
            <fieldset class="sb-item" data-testid="sandbox-fault">
                <ItemHead lang={lang} name={label(&f.host, &f.at_s)}
                    onremove={on_click(&p.edit, move |d| if i < d.faults.len() { d.faults.remove(i); })} />
                <div class="sb-grid">
                    <ChoiceField field={format!("{at}.target")} value={f.host.clone()} options={hosts.clone()}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, v| if let Some(f) = d.faults.get_mut(i) { f.host = v })} />
                    { at_field(&at, &f.at_s, |d, i, v| if let Some(f) = d.faults.get_mut(i) { f.at_s = v }, i) }
                </div>
            </fieldset>
        }
    });
    let migrations = p.draft.migrations.iter().enumerate().map(|(i, m)| {
        let at = format!("migration[{i}]");
        html! {
            <fieldset class="sb-item" data-testid="sandbox-migration">
                <ItemHead lang={lang} name={label(&format!("{} → {}", m.vm, m.to_host), &m.at_s)}
                    onremove={on_click(&p.edit, move |d| if i < d.migrations.len() { d.migrations.remove(i); })} />
                <div class="sb-grid">
                    <ChoiceField field={format!("{at}.vm")} value={m.vm.clone()} options={vms.clone()}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, v| if let Some(m) = d.migrations.get_mut(i) { m.vm = v })} />
                    <ChoiceField field={format!("{at}.to_host")} value={m.to_host.clone()} options={hosts.clone()}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, v| if let Some(m) = d.migrations.get_mut(i) { m.to_host = v })} />
                    { at_field(&at, &m.at_s, |d, i, v| if let Some(m) = d.migrations.get_mut(i) { m.at_s = v }, i) }
                </div>
            </fieldset>
        }
    });
    let maintenance = p.draft.maintenance.iter().enumerate().map(|(i, m)| {
        let at = format!("maintenance[{i}]");
        html! {
            <fieldset class="sb-item" data-testid="sandbox-maintenance">
                <ItemHead lang={lang} name={label(&m.host, &m.at_s)}
                    onremove={on_click(&p.edit, move |d| if i < d.maintenance.len() { d.maintenance.remove(i); })} />
                <div class="sb-grid">
                    <ChoiceField field={format!("{at}.host")} value={m.host.clone()} options={hosts.clone()}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, move |d, v| if let Some(m) = d.maintenance.get_mut(i) { m.host = v })} />
                    { at_field(&at, &m.at_s, |d, i, v| if let Some(m) = d.maintenance.get_mut(i) { m.at_s = v }, i) }
                </div>
            </fieldset>
        }
    });
    html! {
        <section class="sb-section" aria-labelledby="sb-events-h">
            <h2 id="sb-events-h">{ tr(lang, "sandbox.sec_events") }</h2>
            <h3>{ tr(lang, "sandbox.sec_faults") }</h3>
            { none_yet(lang, p.draft.faults.is_empty()) }
            { for faults }
            <AddButton lang={lang} label={tr(lang, "sandbox.add_fault")} testid="sandbox-add-fault"
                onclick={on_click(&p.edit, |d| d.add_fault())} />
            <h3>{ tr(lang, "sandbox.sec_migrations") }</h3>
            { none_yet(lang, p.draft.migrations.is_empty()) }
            { for migrations }
            <AddButton lang={lang} label={tr(lang, "sandbox.add_migration")} testid="sandbox-add-migration"
                onclick={on_click(&p.edit, |d| d.add_migration())} />
            <h3>{ tr(lang, "sandbox.sec_maintenance") }</h3>
            { none_yet(lang, p.draft.maintenance.is_empty()) }
            { for maintenance }
            <AddButton lang={lang} label={tr(lang, "sandbox.add_maintenance")} testid="sandbox-add-maintenance"
                onclick={on_click(&p.edit, |d| d.add_maintenance())} />
        </section>
    }
}
