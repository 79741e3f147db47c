//! Which variant of a lab the student works on ("variant 4172"), and a new
//! one on demand. Only labs that declare `[[vary]]` have variants; the
//! number is kept in progress and in shared links, so a teacher can hand
//! out one per student and `vlab run LAB --seed N --answers` holds the key.

use crate::catalog;
use crate::lab::lab_settings;
use crate::state::{use_app, AppAction};
use crate::text::{fill, tr};
use vlab_sim::lab::variant::MAX_VARIANT;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VariantBarProps {
    pub lab: String,
}

#[component]
pub fn VariantBar(props: &VariantBarProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let Some(lab) = catalog::find(&props.lab) else {
        return html! {};
    };
    if !lab.has_variants() {
        return html! {};
    }
    let progress = app.prefs.progress.get(&props.lab);
    let drawn = progress.and_then(|p| p.seed);
    let label = match drawn {
        Some(n) => fill(&tr(lang, "question.variant"), &[("n", &n.to_string())]),
        None => tr(lang, "question.variant_authored"),
    };
    let current = lab_settings::seed(lab, progress);
    let on_new = {
        let app = app.clone();
        let id = props.lab.clone();
        let own = lab.spec.seed;
        Callback::from(move |_: MouseEvent| {
            let seed = fresh_variant(&[current, own]);
            app.dispatch(AppAction::SetVariant {
                lab: id.clone(),
                seed: Some(seed),
            })
        })
    };
    let on_authored = {
        let app = app.clone();
        let id = props.lab.clone();
        Callback::from(move |_: MouseEvent| {
            app.dispatch(AppAction::SetVariant {
                lab: id.clone(),
                seed: None,
            })
        })
    };
    html! {
        <div class="variant-bar" data-testid="variant" data-seed={current.to_string()}>
            <span class="variant-label" data-testid="variant-label">{ label }</span>
            <button type="button" class="btn" data-testid="new-variant" onclick={on_new}>
                { tr(lang, "question.new_variant") }
            </button>
            if drawn.is_some() {
                <button type="button" class="btn" data-testid="variant-authored" onclick={on_authored}>
                    { tr(lang, "question.authored") }
                </button>
            }
        </div>
    }
}

/// A variant number from 1 to [`MAX_VARIANT`] other than those in `avoid`,
/// drawn from the browser's random source: every student who presses
/// "new variant" gets their own problem. (The simulation itself never
/// draws from here; a variant is then a plain seed.)
fn fresh_variant(avoid: &[u64]) -> u64 {
    let mut n = u64::from(browser_random_u32()) % MAX_VARIANT + 1;
    while avoid.contains(&n) {
        n = n % MAX_VARIANT + 1;
    }
    n
}

#[cfg(target_arch = "wasm32")]
fn browser_random_u32() -> u32 {
    let mut bytes = [0u8; 4];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    u32::from_le_bytes(bytes)
}

/// Native builds (tests, the CLI) have no page to draw for; a fixed value
/// keeps them deterministic.
#[cfg(not(target_arch = "wasm32"))]
fn browser_random_u32() -> u32 {
    4171
}
