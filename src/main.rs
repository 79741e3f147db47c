//! Browser entry point: Trunk builds this for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    vlab::common::panic_panel::install();
    // The catalog `vlab prerender` wrote into index.html (src/cli/prerender.rs)
    // has been showing until now. It goes in the same task that mounts the
    // app, whose first render runs in a microtask before the next frame: no
    // frame is blank and no frame shows two catalogs.
    if let Some(prerendered) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(vlab::cli::prerender::ID))
    {
        prerendered.remove();
    }
    yew::Renderer::<vlab::app::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("vlab-web runs in the browser: `make serve`, then open http://127.0.0.1:8080. For the command line, use `vlab`.");
    std::process::exit(2);
}
