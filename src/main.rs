//! Browser entry point: Trunk builds this for wasm32.
//!
//! Instantiating the module starts nothing: the page mounts the app with
//! [`mount_app`] (static/boot.js, the single file's start-up), and the
//! worker of `static/warm.js` instantiates the same module without a page
//! and calls [`warm_lab`] (issue 18).

#[cfg(target_arch = "wasm32")]
fn main() {}

/// Mounts the whole app in place of what the page shows (the prerendered
/// catalog, or the catalog build's pages, which boot.js has just stopped).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = mountApp)]
pub fn mount_app() {
    vlab::app::mount::<vlab::app::App>();
}

/// Runs Yew's DOM code once on a detached element, in a task before
/// [`mount_app`]'s: `vlab::common::warm_dom`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = warmDom)]
pub fn warm_dom() {
    vlab::common::warm_dom::warm();
}

/// Runs the lab page's pure code on lab file `text` (named `file`), in a
/// worker, so that the page finds it compiled: `vlab::lab::warm`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = warmLab)]
pub fn warm_lab(file: &str, text: &str) -> Result<(), String> {
    vlab::lab::warm::warm_lab(file, text)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("vlab-web runs in the browser: `make serve`, then open http://127.0.0.1:8080. For the command line, use `vlab`.");
    std::process::exit(2);
}
