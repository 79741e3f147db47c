//! What the catalog build (`vlab-catalog`, issue 18) shows at any route it
//! does not carry: a line saying the labs are starting, while
//! `static/boot.js` downloads the whole app and hands the page to it.
//!
//! The request is a `vlab-need-app` event on `window`; boot.js answers by
//! compiling the whole app, stopping this one (`stop` in
//! `src/bin/vlab-catalog.rs`) and starting the whole app in the same task, so
//! no frame is blank. If the download fails, boot.js sets
//! `<html data-boot-failed>` and style.css shows the second line.

use crate::state::use_app;
use crate::text::tr;
use yew::prelude::*;

/// The event `static/boot.js` listens for.
pub const NEED_APP_EVENT: &str = "vlab-need-app";

#[component]
pub fn Handover() -> Html {
    let lang = use_app().prefs.lang;
    use_effect_with((), |_| request_whole_app());
    html! {
        <div class="handover" data-testid="app-starting" role="status">
            <p class="muted">{ tr(lang, "catalog.starting") }</p>
            <p class="boot-failed">
                { tr(lang, "catalog.start_failed") }{ " " }
                // boot.js's panic-buttons block reloads on this mark.
                <button type="button" class="btn" data-vlab-panic="reload">{ tr(lang, "panic.reload") }</button>
            </p>
        </div>
    }
}

/// Asks `static/boot.js` for the whole app (once; later requests wait for it).
pub fn request_whole_app() {
    #[cfg(target_arch = "wasm32")]
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(NEED_APP_EVENT)) {
        let _ = window.dispatch_event(&event);
    }
}
