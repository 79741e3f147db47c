//! The top bar: title, navigation, language and theme switches.

use crate::state::prefs::Theme;
use crate::state::{use_app, AppAction};
use crate::text::{tr, Lang};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[component]
pub fn Header() -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let on_lang = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let code = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(l) = Lang::from_code(&code) {
                app.dispatch(AppAction::SetLang(l));
            }
        })
    };
    let on_theme = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let code = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(t) = Theme::from_code(&code) {
                app.dispatch(AppAction::SetTheme(t));
            }
        })
    };
    let presenter = app.prefs.presenter;
    // Presenter mode shows the projector theme, whatever was chosen.
    let shown_theme = if presenter {
        Theme::Projector
    } else {
        app.prefs.theme
    };
    let on_presenter = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(AppAction::SetPresenter(!presenter)))
    };
    html! {
        <header class="app-header">
            <a class="brand" href="#/">
                <span class="brand-name">{ tr(lang, "app.title") }</span>
                <span class="brand-tagline">{ tr(lang, "app.tagline") }</span>
            </a>
            <nav aria-label={tr(lang, "nav.catalog")}>
                <a href="#/">{ tr(lang, "nav.catalog") }</a>
                <a href="#/glossary" data-testid="nav-glossary">{ tr(lang, "nav.glossary") }</a>
                <a href="#/open" data-testid="nav-open">{ tr(lang, "open_lab.nav") }</a>
                <a href="#/sandbox" data-testid="nav-sandbox">{ tr(lang, "sandbox.nav") }</a>
                <a href="#/about">{ tr(lang, "nav.about") }</a>
            </nav>
            <div class="switches">
                <button type="button" class="btn presenter-toggle" data-testid="presenter-toggle"
                    aria-pressed={presenter.to_string()} title={tr(lang, "presenter.on_note")}
                    onclick={on_presenter}>
                    { tr(lang, "presenter.on") }
                </button>
                <label>
                    <span>{ tr(lang, "nav.language") }</span>
                    <select id="lang-select" data-testid="lang-select" onchange={on_lang}>
                        { for Lang::ALL.iter().map(|l| html! {
                            <option value={l.code()} selected={*l == lang} lang={l.code()}>{ l.native_name() }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ tr(lang, "nav.theme") }</span>
                    <select data-testid="theme-select" onchange={on_theme} disabled={presenter}>
                        { for Theme::ALL.iter().map(|t| html! {
                            <option value={t.code()} selected={*t == shown_theme}>{ tr(lang, &format!("theme.{}", t.code())) }</option>
                        }) }
                    </select>
                </label>
            </div>
        </header>
    }
}
