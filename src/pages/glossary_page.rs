//! The glossary (`#/glossary`): every term of the course in English and
//! Chinese, grouped by topic, with its definition, source and the labs
//! that teach it. `#/glossary/ID` scrolls to an entry and highlights it; a
//! filter box narrows the list.

use crate::catalog;
use crate::lab::glossary::{self, Term, TERMS};
use crate::state::route::Route;
use crate::state::use_app;
use crate::text::{tr, tr_fill, Lang};
use vlab_sim::Topic;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GlossaryPageProps {
    /// The entry the route names, if any.
    #[prop_or_default]
    pub term: Option<String>,
}

#[component]
pub fn GlossaryPage(props: &GlossaryPageProps) -> Html {
    let lang = use_app().prefs.lang;
    let query = use_state(String::new);
    use_effect_with(props.term.clone(), |term| focus_entry(term.as_deref()));
    let on_input = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
        })
    };
    let current = props.term.as_deref();
    // The entry the route names stays listed whatever the filter says.
    let shown: Vec<&Term> = TERMS
        .iter()
        .filter(|t| Some(t.id) == current || t.matches_filter(lang, &query))
        .collect();
    let unknown = current.filter(|id| glossary::find(id).is_none());
    let count = tr_fill(
        lang,
        "glossary.shown",
        &[
            ("shown", &shown.len().to_string()),
            ("total", &TERMS.len().to_string()),
        ],
    );
    let topic = |topic: Topic| {
        let terms: Vec<&Term> = shown.iter().copied().filter(|t| t.topic == topic).collect();
        if terms.is_empty() {
            return html! {};
        }
        html! {
            <section class="glossary-topic" data-topic={topic.name()}>
                <h2>{ tr(lang, &format!("topic.{}", topic.name())) }</h2>
                <ul class="glossary-list">
                    { for terms.into_iter().map(|t| entry(t, lang, Some(t.id) == current)) }
                </ul>
            </section>
        }
    };
    html! {
        <article class="glossary" data-testid="glossary-page">
            <h1>{ tr(lang, "glossary.heading") }</h1>
            <p class="lead">{ tr(lang, "glossary.intro") }</p>
            if let Some(id) = unknown {
                <p class="error" role="alert" data-testid="glossary-unknown">
                    { tr_fill(lang, "glossary.unknown", &[("id", id)]) }
                </p>
            }
            <div class="glossary-filter" role="search">
                <label for="glossary-filter">{ tr(lang, "glossary.filter") }</label>
                <input type="search" id="glossary-filter" data-testid="glossary-filter"
                    value={(*query).clone()} oninput={on_input}
                    placeholder={tr(lang, "glossary.filter_placeholder")}
                    aria-describedby="glossary-count" autocomplete="off" />
                <p id="glossary-count" class="muted" aria-live="polite" data-testid="glossary-count">{ count }</p>
            </div>
            if shown.is_empty() {
                <p class="muted">{ tr_fill(lang, "glossary.none", &[("query", query.trim())]) }</p>
            }
            { for Topic::ALL.into_iter().map(topic) }
        </article>
    }
}

/// One entry: the name in both languages, definition, source, labs.
fn entry(term: &Term, lang: Lang, current: bool) -> Html {
    let other = match lang {
        Lang::En => Lang::ZhCn,
        Lang::ZhCn => Lang::En,
    };
    let name = term.name(lang);
    let other_name = term.name(other);
    let labs = term.labs.iter().filter_map(|id| catalog::entry(id)).map(|lab| {
        let id = lab.id;
        let href = Route::Lab {
            id: id.to_string(),
            shared: Vec::new(),
        }
        .href();
        html! {
            <li><a href={href} data-testid={format!("term-{}-lab-{id}", term.id)}>{ lab.title(lang.code()) }</a></li>
        }
    });
    html! {
        <li id={format!("term-{}", term.id)} data-testid={format!("term-{}", term.id)}
            class={classes!("glossary-entry", current.then_some("current"))}
            aria-current={current.then_some("location")} tabindex="-1">
            <h3>
                <span class="term-name">{ name.clone() }</span>
                if other_name != name {
                    <span class="term-other" lang={other.code()}>{ other_name }</span>
                }
                <a class="permalink" href={Route::Glossary { term: Some(term.id.to_string()) }.href()}
                   aria-label={tr_fill(lang, "glossary.permalink", &[("term", &name)])}>{ "#" }</a>
            </h3>
            <p class="term-def">{ term.definition(lang) }</p>
            <p class="term-source"><span class="muted">{ tr(lang, "glossary.source") }</span>{ term.source(lang) }</p>
            <div class="term-labs">
                <span class="muted">{ tr(lang, "glossary.labs") }</span>
                <ul>{ for labs }</ul>
            </div>
        </li>
    }
}

/// Scrolls the entry `term` into view and focuses it, after the page has
/// rendered (the route's own `hashchange` handler scrolled to the top
/// before).
fn focus_entry(term: Option<&str>) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let el = term.and_then(|id| {
            web_sys::window()?
                .document()?
                .get_element_by_id(&format!("term-{id}"))
        });
        if let Some(el) = el.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
            el.scroll_into_view();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = term;
}
