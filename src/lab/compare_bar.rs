//! The comparison's switches above the controls: "Compare A/B" on or off,
//! and while on, which side the controls edit ("Editing: A | B"). The
//! side is named by its letter and in words, never by colour alone.

use crate::lab::compare::Side;
use crate::state::use_app;
use crate::text::tr;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareBarProps {
    /// The side the controls edit; None while not comparing.
    pub editing: Option<Side>,
    pub on_toggle: Callback<bool>,
    pub on_switch: Callback<()>,
}

#[component]
pub fn CompareBar(props: &CompareBarProps) -> Html {
    let lang = use_app().prefs.lang;
    let onchange = {
        let on_toggle = props.on_toggle.clone();
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            on_toggle.emit(el.checked());
        })
    };
    let switch = props.on_switch.reform(|_: MouseEvent| ());
    html! {
        <div class="ab-bar" data-testid="ab-bar">
            <label class="toggle ab-toggle">
                <input type="checkbox" role="switch" data-testid="ab-compare"
                    checked={props.editing.is_some()}
                    aria-describedby="ab-note" {onchange} />
                <span>{ tr(lang, "compare.switch") }</span>
            </label>
            <p id="ab-note" class="muted small">{ tr(lang, "compare.switch_note") }</p>
            if let Some(side) = props.editing {
                <div class="ab-editing-row">
                    // The button names itself (its letters, then the side
                    // edited): the words beside it are for the eye.
                    <span aria-hidden="true">{ tr(lang, "compare.editing") }</span>
                    <button type="button" class="ab-switch" data-testid="ab-switch"
                        data-editing={side.letter()} onclick={switch}>
                        <span class="sr-only">{ tr(lang, "compare.editing") }{ " " }</span>
                        { segment(Side::A, side) }
                        { segment(Side::B, side) }
                        <span class="sr-only">
                            { " — " }{ tr(lang, if side == Side::A { "compare.editing_a" } else { "compare.editing_b" }) }
                        </span>
                    </button>
                </div>
                <p class={classes!("ab-badge", side_class(side))} data-testid="ab-editing" aria-live="polite">
                    <span class="ab-letter" aria-hidden="true">{ side.letter() }</span>
                    { tr(lang, if side == Side::A { "compare.editing_a" } else { "compare.editing_b" }) }
                </p>
            }
        </div>
    }
}

/// The class that colours a side: `ab-a` or `ab-b`.
pub fn side_class(side: Side) -> &'static str {
    match side {
        Side::A => "ab-a",
        Side::B => "ab-b",
    }
}

/// One letter of the switch, marked when it is the side edited.
fn segment(side: Side, editing: Side) -> Html {
    let current = side == editing;
    html! {
        <span class={classes!("ab-seg", side_class(side), current.then_some("current"))}>
            if current { <span aria-hidden="true">{ "✎ " }</span> }
            { side.letter() }
        </span>
    }
}
