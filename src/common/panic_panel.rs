//! A panic is not the end: if the page's Rust code panics, the hook shows a
//! panel in the student's language with what happened, a "copy details"
//! button and a reload. The student's progress is already in
//! `localStorage` (every change is saved as it happens), so a reload
//! loses nothing.
//!
//! The release build aborts on panic, so after the hook returns nothing
//! in the WebAssembly module may run again: the panel is plain DOM built
//! here, and its two buttons are handled by `static/boot.js` (plain
//! JavaScript, through their `data-vlab-panic` attributes).

use crate::text::{tr, Lang};

/// What the panel's details box holds: the message and where it happened,
/// for a bug report.
pub fn details(message: &str, location: Option<&str>, page: &str) -> String {
    let mut out = format!("vlab {} panicked", env!("CARGO_PKG_VERSION"));
    if let Some(at) = location {
        out.push_str(&format!(" at {at}"));
    }
    out.push_str(&format!(":\n{message}\npage: {page}"));
    out
}

/// The panel's texts in `lang`: heading, what happened, the details
/// label, the two buttons.
pub fn texts(lang: Lang) -> [String; 5] {
    [
        tr(lang, "panic.heading"),
        tr(lang, "panic.body"),
        tr(lang, "panic.details"),
        tr(lang, "panic.copy"),
        tr(lang, "panic.reload"),
    ]
}

/// Installs the hook: from now on a panic shows the panel.
#[cfg(target_arch = "wasm32")]
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string());
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
        let page = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let details = details(&message, location.as_deref(), &page);
        web_sys::console::error_1(&details.clone().into());
        show(&details);
    }));
}

/// Shows the panel with `details` (idempotent: a second panic replaces
/// the first one's details). Built with DOM calls, never as HTML text, so
/// nothing in a message can become markup.
#[cfg(target_arch = "wasm32")]
pub fn show(details: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let lang = doc
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default();
    let [heading, body, label, copy, reload] = texts(lang);
    if let Some(old) = doc.get_element_by_id("panic-panel") {
        old.remove();
    }
    let el = |tag: &str, text: &str| {
        let e = doc.create_element(tag).expect("create an element");
        e.set_text_content(Some(text));
        e
    };
    let panel = doc.create_element("section").expect("create the panel");
    let _ = panel.set_attribute("id", "panic-panel");
    let _ = panel.set_attribute("class", "panic-panel");
    let _ = panel.set_attribute("role", "alertdialog");
    let _ = panel.set_attribute("aria-labelledby", "panic-heading");
    let _ = panel.set_attribute("data-testid", "panic-panel");
    let h = el("h2", &heading);
    let _ = h.set_attribute("id", "panic-heading");
    let text = el("label", &label);
    let _ = text.set_attribute("for", "panic-details");
    let area = el("textarea", details);
    let _ = area.set_attribute("id", "panic-details");
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("rows", "6");
    let buttons = doc.create_element("p").expect("create a paragraph");
    for (action, caption, class) in [
        ("copy", &copy, "btn"),
        ("reload", &reload, "btn btn-primary"),
    ] {
        let b = el("button", caption);
        let _ = b.set_attribute("type", "button");
        let _ = b.set_attribute("class", class);
        let _ = b.set_attribute("data-vlab-panic", action);
        let _ = b.set_attribute("data-testid", &format!("panic-{action}"));
        let _ = buttons.append_child(&b);
    }
    for child in [&h, &el("p", &body), &text, &area, &buttons] {
        let _ = panel.append_child(child);
    }
    if let Some(body) = doc.body() {
        let _ = body.prepend_with_node_1(&panel);
    }
    if let Ok(h) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h) {
        let _ = h.set_attribute("tabindex", "-1");
        let _ = h.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_name_the_version_the_place_and_the_page() {
        let d = details(
            "index out of bounds",
            Some("src/lab/x.rs:3:9"),
            "http://h/#/lab/a",
        );
        assert!(d.starts_with(&format!(
            "vlab {} panicked at src/lab/x.rs:3:9:",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(d.contains("index out of bounds") && d.ends_with("page: http://h/#/lab/a"));
    }

    #[test]
    fn the_panel_speaks_both_languages() {
        let [en, zh] = [texts(Lang::En), texts(Lang::ZhCn)];
        for (e, z) in en.iter().zip(&zh) {
            assert!(!e.is_empty() && !z.is_empty() && e != z, "{e} / {z}");
            assert!(!e.starts_with("panic."), "missing key: {e}");
        }
    }
}
