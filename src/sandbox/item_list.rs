//! What every list of items in the sandbox shares: an item's heading with
//! its Remove button, and the Add button under the list, which says so
//! when the list is at its maximum instead of doing nothing.

use crate::text::{tr, tr_fill, Lang};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct ItemHeadProps {
    pub lang: Lang,
    /// The item's name (or what it does, for events).
    pub name: String,
    pub onremove: Callback<MouseEvent>,
}

/// The legend of an item's fieldset and its Remove button.
#[component]
pub fn ItemHead(p: &ItemHeadProps) -> Html {
    let label = tr_fill(p.lang, "sandbox.remove_item", &[("item", &p.name)]);
    html! {
        <legend class="sb-item-head">
            <span class="sb-item-name">{ p.name.clone() }</span>
            <button type="button" class="btn sb-remove" aria-label={label.clone()} title={label}
                onclick={p.onremove.clone()}>{ tr(p.lang, "sandbox.remove") }</button>
        </legend>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct AddButtonProps {
    pub lang: Lang,
    pub label: String,
    pub testid: String,
    /// The list is at its maximum: the button is off and says why.
    #[prop_or_default]
    pub full: bool,
    #[prop_or_default]
    pub max: usize,
    pub onclick: Callback<MouseEvent>,
}

#[component]
pub fn AddButton(p: &AddButtonProps) -> Html {
    let note_id = format!("{}-max", p.testid);
    html! {
        <div class="sb-add">
            <button type="button" class="btn" data-testid={p.testid.clone()} disabled={p.full}
                aria-describedby={p.full.then(|| note_id.clone())}
                onclick={p.onclick.clone()}>{ format!("+ {}", p.label) }</button>
            if p.full {
                <span class="sb-hint" id={note_id}>
                    { tr_fill(p.lang, "sandbox.max_items", &[("max", &p.max.to_string())]) }
                </span>
            }
        </div>
    }
}

/// "None yet." under an empty list.
pub fn none_yet(lang: Lang, empty: bool) -> Html {
    if empty {
        html! { <p class="muted">{ tr(lang, "sandbox.none_yet") }</p> }
    } else {
        html! {}
    }
}
