//! "Terms in this lab": links from a lab to the glossary entries of the
//! terms its texts use ([`glossary::terms_in_lab`]).

use crate::catalog;
use crate::lab::glossary;
use crate::state::route::Route;
use crate::state::use_app;
use crate::text::{tr, tr_fill};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LabTermsProps {
    /// The lab's id.
    pub lab: String,
}

#[component]
pub fn LabTerms(props: &LabTermsProps) -> Html {
    let lang = use_app().prefs.lang;
    let terms = use_memo(props.lab.clone(), |id| {
        catalog::find(id).map_or_else(Vec::new, glossary::terms_in_lab)
    });
    if terms.is_empty() {
        return html! {};
    }
    let n = terms.len().to_string();
    html! {
        <details class="panel lab-terms" data-testid="lab-terms">
            <summary>{ tr_fill(lang, "glossary.in_lab", &[("n", &n)]) }</summary>
            <ul>
                { for terms.iter().map(|term| html! {
                    <li>
                        <a href={Route::Glossary { term: Some(term.id.to_string()) }.href()}
                           data-testid={format!("lab-term-{}", term.id)}>{ term.name(lang) }</a>
                    </li>
                }) }
            </ul>
            <a class="muted" href={Route::Glossary { term: None }.href()}>{ tr(lang, "glossary.all_terms") }</a>
        </details>
    }
}
