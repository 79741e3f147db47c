//! Browser entry point: Trunk builds this for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    vlab::app::mount::<vlab::app::App>();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("vlab-web runs in the browser: `make serve`, then open http://127.0.0.1:8080. For the command line, use `vlab`.");
    std::process::exit(2);
}
