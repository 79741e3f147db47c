//! vSphere HA: on or off, the admission control policy and the host
//! failures it keeps room for.

use crate::sandbox::fields::ADMISSION_POLICIES;
use crate::sandbox::form_field::{setter, CheckField, ChoiceField, InputField, SectionProps};
use crate::text::tr;
use yew::prelude::*;

#[component]
pub fn HaForm(p: &SectionProps) -> Html {
    let lang = p.lang;
    let ha = &p.draft.ha;
    let policies: Vec<(String, String)> = ADMISSION_POLICIES
        .iter()
        .map(|a| {
            (
                a.name().to_string(),
                tr(lang, &format!("ha.policy_{}", a.name())),
            )
        })
        .collect();
    html! {
        <section class="sb-section" aria-labelledby="sb-ha-h">
            <h2 id="sb-ha-h">{ tr(lang, "sandbox.sec_ha") }</h2>
            <p class="muted">{ tr(lang, "sandbox.ha_note") }</p>
            <div class="sb-grid">
                <CheckField field="ha.enabled" checked={ha.enabled} report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, |d, on| d.ha.enabled = on)} />
                if ha.enabled {
                    <ChoiceField field="ha.admission" value={ha.admission.clone()} options={policies}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, |d, v| d.ha.admission = v)} />
                    <InputField field="ha.host_failures" value={ha.host_failures.clone()}
                        report={p.report.clone()} {lang}
                        onchange={setter(&p.edit, |d, v| d.ha.host_failures = v)} />
                }
            </div>
        </section>
    }
}
