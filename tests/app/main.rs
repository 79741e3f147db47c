//! vlab's integration tests, one binary (one link). Natively: the `vlab`
//! command as a user runs it, golden traces, every lab's solution
//! replayed, the UI rendered on the server, and the tidy checks of the
//! source layout. In WebAssembly (`cargo test --target
//! wasm32-unknown-unknown --test app`, headless Chromium): the wasm traces
//! against the native goldens, and the app mounted in a real page.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod compare;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz;
#[cfg(not(target_arch = "wasm32"))]
mod golden;
#[cfg(not(target_arch = "wasm32"))]
mod grade;
#[cfg(not(target_arch = "wasm32"))]
mod labs;
#[cfg(not(target_arch = "wasm32"))]
mod open_render;
#[cfg(not(target_arch = "wasm32"))]
mod render;
#[cfg(not(target_arch = "wasm32"))]
mod tidy;
#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
