//! DRS (on or off, automation level, migration threshold) and its VM-VM
//! rules: which VMs to keep together or apart.

use crate::sandbox::fields::DRS_THRESHOLDS;
use crate::sandbox::form_field::{
    dom_id, on_click, setter, CheckField, ChoiceField, InputField, SectionProps,
};
use crate::sandbox::item_list::{none_yet, AddButton, ItemHead};
use crate::text::tr;
use vlab_sim::drs::spec::Automation;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[component]
pub fn DrsForm(p: &SectionProps) -> Html {
    let lang = p.lang;
    let drs = &p.draft.drs;
    let automation: Vec<(String, String)> = Automation::ALL
        .iter()
        .map(|a| {
            (
                a.name().to_string(),
                tr(lang, &format!("drs.automation_{}", a.name())),
            )
        })
        .collect();
    let thresholds: Vec<(String, String)> = DRS_THRESHOLDS
        .map(|t| (t.to_string(), t.to_string()))
        .collect();
    html! {
        <section class="sb-section" aria-labelledby="sb-drs-h">
            <h2 id="sb-drs-h">{ tr(lang, "sandbox.sec_drs") }</h2>
            <p class="muted">{ tr(lang, "sandbox.drs_note") }</p>
            <div class="sb-grid">
                <CheckField field="drs.enabled" checked={drs.enabled} report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, |d, on| d.drs.enabled = on)} />
                if drs.enabled {
                    <ChoiceField field="drs.automation" value={drs.automation.clone()} options={automation}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, |d, v| d.drs.automation = v)} />
                    <div>
                        <ChoiceField field="drs.threshold" value={drs.threshold.clone()} options={thresholds}
                            report={p.report.clone()} {lang}
                            onchange={setter(&p.edit, |d, v| d.drs.threshold = v)} />
                        <span class="sb-hint">{ tr(lang, "sandbox.threshold_hint") }</span>
                    </div>
                }
            </div>
            <h3>{ tr(lang, "sandbox.sec_rules") }</h3>
            { none_yet(lang, p.draft.rules.is_empty()) }
            { for p.draft.rules.iter().enumerate().map(|(i, _)| rule(p, i)) }
            <AddButton lang={lang} label={tr(lang, "sandbox.add_rule")} testid="sandbox-add-rule"
                onclick={on_click(&p.edit, |d| d.add_rule())} />
        </section>
    }
}

/// Rule `i`: its name, kind, and a check box per VM.
fn rule(p: &SectionProps, i: usize) -> Html {
    let lang = p.lang;
    let r = &p.draft.rules[i];
    let at = format!("rule[{i}]");
    let kinds: Vec<(String, String)> = ["affinity", "anti_affinity"]
        .iter()
        .map(|k| (k.to_string(), tr(lang, &format!("sandbox.rule_{k}"))))
        .collect();
    let vms_field = format!("{at}.vms");
    let group = dom_id(&vms_field);
    let problem = p.report.problems.get(&vms_field).cloned();
    let legend = p
        .report
        .specs
        .get(&vms_field)
        .map(|s| s.label.clone())
        .unwrap_or_default();
    let boxes = p.draft.vms.iter().map(|vm| {
        let name = vm.name.clone();
        let id = format!("{group}-{}", vm.name);
        let onchange = setter(&p.edit, move |d, on: bool| {
            if let Some(r) = d.rules.get_mut(i) {
                r.vms.retain(|v| *v != name);
                if on {
                    r.vms.push(name.clone());
                }
            }
        });
        html! {
            <label class="sb-check" for={id.clone()}>
                <input type="checkbox" id={id} checked={r.vms.contains(&vm.name)}
                    onchange={Callback::from(move |e: Event| onchange.emit(e.target_unchecked_into::<HtmlInputElement>().checked()))} />
                { vm.name.clone() }
            </label>
        }
    });
    html! {
        <fieldset class="sb-item" data-testid="sandbox-rule">
            <ItemHead lang={lang} name={r.name.clone()}
                onremove={on_click(&p.edit, move |d| if i < d.rules.len() { d.rules.remove(i); })} />
            <div class="sb-grid">
                <InputField field={format!("{at}.name")} value={r.name.clone()} numeric={false}
                    report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, move |d, v| if let Some(r) = d.rules.get_mut(i) { r.name = v })} />
                <ChoiceField field={format!("{at}.kind")} value={r.kind.clone()} options={kinds}
                    report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, move |d, v| if let Some(r) = d.rules.get_mut(i) { r.kind = v })} />
            </div>
            <fieldset id={group.clone()} class={classes!("sb-vms", problem.is_some().then_some("invalid"))}
                aria-describedby={problem.as_ref().map(|_| format!("{group}-msg"))}>
                <legend>{ legend }</legend>
                { for boxes }
            </fieldset>
            if let Some(problem) = problem {
                <p class="sb-error" id={format!("{group}-msg")} data-testid="field-error">{ problem }</p>
            }
        </fieldset>
    }
}
