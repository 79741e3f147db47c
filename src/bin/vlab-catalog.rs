//! The catalog build (`vlab-catalog`, issue 18): the first visit's small
//! download. It shows the catalog, the header's switches and the progress
//! panel (`app::CatalogApp`); every other route asks `static/boot.js` for
//! the whole app (`vlab-web`, `src/main.rs`), which then takes the page
//! over. Trunk builds it as a second rust asset (static/index.html), and
//! `vlab prerender` names its files in `<meta name="vlab-catalog">`.

#[cfg(target_arch = "wasm32")]
thread_local! {
    static APP: std::cell::RefCell<Option<yew::AppHandle<vlab::app::CatalogApp>>> =
        const { std::cell::RefCell::new(None) };
}

#[cfg(target_arch = "wasm32")]
fn main() {
    let app = vlab::app::mount::<vlab::app::CatalogApp>();
    APP.with(|slot| *slot.borrow_mut() = Some(app));
}

/// Unmounts the catalog, removing its elements and listeners: boot.js
/// calls it just before it starts the whole app, in the same task.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn stop() {
    // The whole app reads the prefs from storage as it starts.
    vlab::state::storage::save_pending();
    if let Some(app) = APP.with(|slot| slot.borrow_mut().take()) {
        app.destroy();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("vlab-catalog runs in the browser: `make serve`, then open http://127.0.0.1:8080. For the command line, use `vlab`.");
    std::process::exit(2);
}
