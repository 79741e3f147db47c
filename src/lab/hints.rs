//! Hints, revealed one at a time on demand.

use crate::catalog;
use crate::lab::lab_figures::filled;
use crate::state::use_app;
use crate::text::tr;
use rust_i18n::t;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HintsProps {
    pub lab: String,
    pub shown: usize,
    pub on_reveal: Callback<()>,
}

#[component]
pub fn Hints(props: &HintsProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let Some(lab) = catalog::find(&props.lab) else {
        return html! {};
    };
    let seed = crate::lab::lab_settings::seed(lab, app.prefs.progress.get(&props.lab));
    let hints = &lab.spec.hint;
    let shown = props.shown.min(hints.len());
    let reveal = props.on_reveal.reform(|_: MouseEvent| ());
    html! {
        <>
            <ol class="hint-list">
                { for hints[..shown].iter().enumerate().map(|(i, h)| html! {
                    <li data-testid="hint">
                        <strong>{ t!("lab.hint_n", locale = lang.code(), n = i + 1) }{ ": " }</strong>
                        { filled(lab, h, lang, seed) }
                    </li>
                }) }
            </ol>
            if shown < hints.len() {
                <button class="btn" data-testid="hint-reveal" onclick={reveal}>{ tr(lang, "lab.hint_reveal") }</button>
            } else {
                <p class="muted">{ tr(lang, "lab.no_more_hints") }</p>
            }
        </>
    }
}
