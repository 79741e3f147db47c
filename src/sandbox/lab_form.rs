//! The lab itself: its id (the file's name), its title in both languages,
//! how long it runs and how often it samples.

use crate::sandbox::form_field::{setter, InputField, SectionProps};
use crate::text::tr;
use yew::prelude::*;

#[component]
pub fn LabForm(p: &SectionProps) -> Html {
    let lang = p.lang;
    let d = &p.draft;
    html! {
        <section class="sb-section" aria-labelledby="sb-lab-h">
            <h2 id="sb-lab-h">{ tr(lang, "sandbox.sec_lab") }</h2>
            <div class="sb-grid sb-grid-wide">
                <InputField field="id" value={d.id.clone()} numeric={false} report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, |d, v| d.id = v)} />
                <InputField field="title.en" value={d.title_en.clone()} numeric={false} report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, |d, v| d.title_en = v)} />
                <InputField field="title.zh-CN" value={d.title_zh.clone()} numeric={false} report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, |d, v| d.title_zh = v)} />
            </div>
            <div class="sb-grid">
                <InputField field="duration_s" value={d.duration_s.clone()} report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, |d, v| d.duration_s = v)} />
                <InputField field="step_s" value={d.step_s.clone()} report={p.report.clone()} {lang}
                    onchange={setter(&p.edit, |d, v| d.step_s = v)} />
            </div>
        </section>
    }
}
