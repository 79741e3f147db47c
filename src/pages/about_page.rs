//! What vlab is, which models this version runs, and where the browser
//! keeps progress when vlab is opened as a file.

use crate::state::use_app;
use crate::text::tr;
use yew::prelude::*;

#[component]
pub fn AboutPage() -> Html {
    let lang = use_app().prefs.lang;
    html! {
        <article class="about" data-testid="about-page">
            <h1>{ tr(lang, "about.heading") }</h1>
            <p>{ tr(lang, "about.body") }</p>
            <h2>{ tr(lang, "about.models") }</h2>
            <ul>
                <li>{ tr(lang, "about.model_divvy") }</li>
                <li>{ tr(lang, "about.model_admission") }</li>
                <li>{ tr(lang, "about.model_overhead") }</li>
                <li>{ tr(lang, "about.model_pools") }</li>
                <li>{ tr(lang, "about.model_ready") }</li>
                <li>{ tr(lang, "about.model_idle_tax") }</li>
                <li>{ tr(lang, "about.model_io") }</li>
                <li>{ tr(lang, "about.model_fusioncompute") }</li>
            </ul>
            <p>{ tr(lang, "about.offline") }</p>
            <h2>{ tr(lang, "about.file_heading") }</h2>
            <p data-testid="about-file-storage">{ tr(lang, "about.file_storage") }</p>
            <p class="version">{ format!("vlab {}", env!("CARGO_PKG_VERSION")) }</p>
        </article>
    }
}
