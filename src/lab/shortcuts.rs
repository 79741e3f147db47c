//! Presenter mode's keyboard shortcuts and their help overlay (`?`), as
//! RaftScope drives its demo from the keyboard. They work only in
//! presenter mode, which the teacher turns on and off (WCAG 2.1.4: single
//! character shortcuts must be possible to turn off), and never while
//! the focus is in a field someone types in.
//!
//! A shortcut does what its button does by pressing that button (found by
//! its `data-testid`): the keyboard and the mouse cannot drift apart, and
//! a button that is not on the page (no A/B comparison open) makes its
//! shortcut do nothing.

use crate::state::{use_app, AppAction};
use crate::text::tr;
use yew::prelude::*;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    PlayPause,
    Step,
    Back,
    Reset,
    NextGoal,
    SwitchAb,
    Help,
    LeavePresenter,
}

impl Shortcut {
    /// In the order the help overlay lists them.
    pub const ALL: [Shortcut; 8] = [
        Shortcut::PlayPause,
        Shortcut::Step,
        Shortcut::Back,
        Shortcut::Reset,
        Shortcut::NextGoal,
        Shortcut::SwitchAb,
        Shortcut::Help,
        Shortcut::LeavePresenter,
    ];

    /// The keys (`KeyboardEvent.key` values) that ask for it.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Shortcut::PlayPause => &[" ", "k"],
            Shortcut::Step => &["ArrowRight", "l"],
            Shortcut::Back => &["ArrowLeft", "j"],
            Shortcut::Reset => &["r"],
            Shortcut::NextGoal => &["n"],
            Shortcut::SwitchAb => &["b"],
            Shortcut::Help => &["?"],
            Shortcut::LeavePresenter => &["p"],
        }
    }

    /// Its locale key (`shortcut.*`): what it does, in words.
    pub fn text_key(self) -> &'static str {
        match self {
            Shortcut::PlayPause => "shortcut.play_pause",
            Shortcut::Step => "shortcut.step",
            Shortcut::Back => "shortcut.back",
            Shortcut::Reset => "shortcut.reset",
            Shortcut::NextGoal => "shortcut.next_goal",
            Shortcut::SwitchAb => "shortcut.switch_ab",
            Shortcut::Help => "shortcut.help",
            Shortcut::LeavePresenter => "shortcut.leave",
        }
    }

    /// The button it presses (its `data-testid`), if it presses one.
    fn button(self) -> Option<&'static str> {
        match self {
            Shortcut::PlayPause => Some("timeline-play"),
            Shortcut::Step => Some("timeline-forward"),
            Shortcut::Back => Some("timeline-back"),
            Shortcut::Reset => Some("reset-controls"),
            Shortcut::SwitchAb => Some("ab-switch"),
            Shortcut::NextGoal | Shortcut::Help | Shortcut::LeavePresenter => None,
        }
    }
}

/// Where the focus is when a key is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A text field, number box, slider or drop-down: keys are its own.
    Field,
    /// A button, link or summary: Space presses it, as it always does.
    Button,
    /// Anywhere else.
    Page,
}

/// The shortcut a key stands for, or None to leave the key alone.
/// Modifier keys (Ctrl, Alt, Meta) always belong to the browser.
pub fn shortcut_for(key: &str, modified: bool, focus: Focus) -> Option<Shortcut> {
    if modified || focus == Focus::Field {
        return None;
    }
    if key == " " && focus == Focus::Button {
        return None;
    }
    let key = if key.chars().count() == 1 {
        key.to_lowercase()
    } else {
        key.to_string()
    };
    Shortcut::ALL
        .into_iter()
        .find(|s| s.keys().contains(&key.as_str()))
}

/// How a key is written in the help overlay.
fn key_label(lang: crate::text::Lang, key: &str) -> String {
    match key {
        " " => tr(lang, "shortcut.space"),
        "ArrowRight" => "→".into(),
        "ArrowLeft" => "←".into(),
        k => k.into(),
    }
}

#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    /// Whether an A/B comparison is open (the help marks B as unavailable
    /// otherwise).
    #[prop_or_default]
    pub compare: bool,
}

/// Listens for the shortcuts while mounted (the lab page mounts it in
/// presenter mode) and shows the help overlay on `?` or its button.
#[component]
pub fn Shortcuts(_props: &ShortcutsProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let help = use_state_eq(|| false);
    {
        let help = help.clone();
        let app = app.clone();
        use_effect_with((), move |_| {
            let listener = listen(move |shortcut| match shortcut {
                Shortcut::Help => help.set(!*help),
                Shortcut::LeavePresenter => app.dispatch(AppAction::SetPresenter(false)),
                Shortcut::NextGoal => next_goal(),
                other => {
                    if let Some(id) = other.button() {
                        press(id);
                    }
                }
            });
            // Dropping the listener stops it.
            move || {
                let _stop = listener;
            }
        });
    }
    {
        // Escape closes the overlay.
        let help = help.clone();
        use_effect_with(*help, move |open| {
            let listener = open.then(|| on_escape(move || help.set(false))).flatten();
            focus_testid(if *open {
                "shortcut-help-close"
            } else {
                "shortcut-help-open"
            });
            // Dropping the listener stops it.
            move || {
                let _stop = listener;
            }
        });
    }
    let open = {
        let help = help.clone();
        Callback::from(move |_: MouseEvent| help.set(true))
    };
    let close = {
        let help = help.clone();
        Callback::from(move |_: MouseEvent| help.set(false))
    };
    let rows = Shortcut::ALL.iter().map(|s| {
        let keys = s
            .keys()
            .iter()
            .map(|k| html! { <kbd>{ key_label(lang, k) }</kbd> });
        html! {
            <tr>
                <td class="keys">{ for itertools_join(keys) }</td>
                <td>{ tr(lang, s.text_key()) }</td>
            </tr>
        }
    });
    html! {
        <>
            <button type="button" class="btn shortcut-help-open" data-testid="shortcut-help-open"
                aria-keyshortcuts="?" onclick={open}>
                <kbd aria-hidden="true">{ "?" }</kbd>{ " " }{ tr(lang, "shortcut.open_help") }
            </button>
            if *help {
                <div class="shortcut-backdrop" onclick={close.clone()}></div>
                <div class="shortcut-help" role="dialog" aria-modal="true"
                    aria-labelledby="shortcut-help-h" data-testid="shortcut-help">
                    <h2 id="shortcut-help-h">{ tr(lang, "shortcut.heading") }</h2>
                    <p class="muted">{ tr(lang, "shortcut.note") }</p>
                    <table>
                        <caption class="sr-only">{ tr(lang, "shortcut.heading") }</caption>
                        <thead><tr>
                            <th scope="col">{ tr(lang, "shortcut.key") }</th>
                            <th scope="col">{ tr(lang, "shortcut.does") }</th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                    <button type="button" class="btn btn-primary" data-testid="shortcut-help-close" onclick={close}>
                        { tr(lang, "shortcut.close") }
                    </button>
                </div>
            }
        </>
    }
}

/// The keys of one shortcut, " / " between them.
fn itertools_join(keys: impl Iterator<Item = Html>) -> Vec<Html> {
    let mut out = Vec::new();
    for (i, k) in keys.enumerate() {
        if i > 0 {
            out.push(html! { { " / " } });
        }
        out.push(k);
    }
    out
}

#[cfg(target_arch = "wasm32")]
fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Calls `act` for every shortcut key pressed on the page.
#[cfg(target_arch = "wasm32")]
fn listen(act: impl Fn(Shortcut) + 'static) -> Option<gloo::events::EventListener> {
    use gloo::events::{EventListener, EventListenerOptions};
    use wasm_bindgen::JsCast;
    let doc = document()?;
    Some(EventListener::new_with_options(
        &doc,
        "keydown",
        EventListenerOptions::enable_prevent_default(),
        move |e| {
            let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            let modified = e.ctrl_key() || e.alt_key() || e.meta_key();
            let focus = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map_or(Focus::Page, |el| focus_of(&el));
            if let Some(s) = shortcut_for(&e.key(), modified, focus) {
                e.prevent_default();
                act(s);
            }
        },
    ))
}

#[cfg(target_arch = "wasm32")]
fn focus_of(el: &web_sys::Element) -> Focus {
    match el.tag_name().to_ascii_lowercase().as_str() {
        "input" | "textarea" | "select" => Focus::Field,
        "button" | "a" | "summary" => Focus::Button,
        _ if el.get_attribute("contenteditable").is_some() => Focus::Field,
        _ => Focus::Page,
    }
}

#[cfg(target_arch = "wasm32")]
fn on_escape(close: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    use wasm_bindgen::JsCast;
    let doc = document()?;
    Some(gloo::events::EventListener::new(
        &doc,
        "keydown",
        move |e| {
            if e.dyn_ref::<web_sys::KeyboardEvent>()
                .is_some_and(|k| k.key() == "Escape")
            {
                close();
            }
        },
    ))
}

#[cfg(target_arch = "wasm32")]
fn element(testid: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    document()?
        .query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()??
        .dyn_into()
        .ok()
}

/// Presses the button with this test id, if it is on the page and enabled.
fn press(testid: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(b) = element(testid) {
        if b.get_attribute("aria-disabled").as_deref() != Some("true") {
            b.click();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = testid;
}

fn focus_testid(testid: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(el) = element(testid) {
        let _ = el.focus();
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = testid;
}

/// Moves the presenter's highlight to the next goal (after the last, the
/// first), focused and scrolled into view so the class sees which.
fn next_goal() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let Some(doc) = document() else { return };
        let Ok(goals) = doc.query_selector_all("ul.goals > li.goal") else {
            return;
        };
        let items: Vec<web_sys::HtmlElement> = (0..goals.length())
            .filter_map(|i| goals.item(i)?.dyn_into().ok())
            .collect();
        if items.is_empty() {
            return;
        }
        let current = items
            .iter()
            .position(|g| g.has_attribute("data-goal-focus"));
        let next = current.map_or(0, |i| (i + 1) % items.len());
        for g in &items {
            let _ = g.remove_attribute("data-goal-focus");
        }
        let g = &items[next];
        let _ = g.set_attribute("data-goal-focus", "true");
        let _ = g.set_attribute("tabindex", "-1");
        let _ = g.focus();
        g.scroll_into_view();
    }
}

/// Off the browser (server-side rendering, native tests) nothing listens.
#[cfg(not(target_arch = "wasm32"))]
struct NoListener;

#[cfg(not(target_arch = "wasm32"))]
fn listen(_act: impl Fn(Shortcut) + 'static) -> Option<NoListener> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn on_escape(_close: impl Fn() + 'static) -> Option<NoListener> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_stands_for_one_shortcut() {
        let mut seen = std::collections::BTreeSet::new();
        for s in Shortcut::ALL {
            for k in s.keys() {
                assert!(seen.insert(*k), "{k:?} is bound twice");
                assert_eq!(shortcut_for(k, false, Focus::Page), Some(s), "{k:?}");
            }
        }
    }

    #[test]
    fn keys_typed_into_a_field_or_with_a_modifier_are_left_alone() {
        assert_eq!(shortcut_for("k", false, Focus::Field), None);
        assert_eq!(shortcut_for("ArrowRight", false, Focus::Field), None);
        assert_eq!(shortcut_for("r", true, Focus::Page), None);
        // Space presses the focused button, as it always does.
        assert_eq!(shortcut_for(" ", false, Focus::Button), None);
        assert_eq!(
            shortcut_for("k", false, Focus::Button),
            Some(Shortcut::PlayPause)
        );
        assert_eq!(shortcut_for("x", false, Focus::Page), None);
    }

    #[test]
    fn caps_lock_does_not_change_a_letter_key() {
        assert_eq!(
            shortcut_for("N", false, Focus::Page),
            Some(Shortcut::NextGoal)
        );
        assert_eq!(
            shortcut_for("B", false, Focus::Page),
            Some(Shortcut::SwitchAb)
        );
    }

    #[test]
    fn every_shortcut_has_its_words_in_both_languages() {
        for s in Shortcut::ALL {
            for lang in crate::text::Lang::ALL {
                let text = tr(lang, s.text_key());
                assert!(
                    !text.is_empty() && text != s.text_key(),
                    "{s:?} in {lang:?}"
                );
            }
        }
    }
}
