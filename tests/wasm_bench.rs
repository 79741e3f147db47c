//! The engine benchmarks in WebAssembly, for `make bench` (scripts/bench.sh):
//! the same scenarios and timing loop as the native examples
//! (`crates/sim/examples/bench_cases/mod.rs`), every lab's reference
//! solution as `examples/bench.rs` runs it, timed with
//! `performance.now()`, printed as `BENCH {json}` lines.
//!
//! Its own test target, built only with the `bench` feature (so `cargo
//! test` and scripts/test.sh never build it), and only for wasm32:
//! `cargo test -p vlab --target wasm32-unknown-unknown --profile bench-fast
//! --features bench --test wasm_bench -- --nocapture`.
#![cfg(target_arch = "wasm32")]

#[path = "../crates/sim/examples/bench_cases/mod.rs"]
#[allow(dead_code, unused_imports)]
mod bench_cases;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

/// `performance.now()` [ms]; Reflect keeps web-sys's feature list as it is.
fn now_ms() -> f64 {
    let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).expect("performance");
    let now: js_sys::Function = js_sys::Reflect::get(&perf, &"now".into())
        .expect("performance.now")
        .dyn_into()
        .expect("a function");
    now.call0(&perf).expect("now()").as_f64().expect("a number")
}

wasm_bindgen_test_configure!(run_in_browser);

/// Lets the page answer the test runner between cases (a renderer that
/// is busy for 30 s makes chromedriver give up).
async fn breathe() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[wasm_bindgen_test]
async fn wasm_bench() {
    let clock = now_ms;
    let mut print = |l: String| console_log!("{l}");
    // Warm up first: V8 runs wasm on a baseline tier until it has
    // optimized the hot functions; both sides do the same.
    for lab in vlab::catalog::labs() {
        let settings = lab.solution();
        for _ in 0..10 {
            std::hint::black_box(lab.run(lab.spec.seed, &settings).unwrap());
        }
        breathe().await;
    }
    for lab in vlab::catalog::labs() {
        let settings = lab.solution();
        let t = bench_cases::measure(&clock, 5, 10.0, &mut || {
            std::hint::black_box(lab.run(lab.spec.seed, &settings).unwrap());
        });
        let id = &lab.spec.id;
        print(bench_cases::json_line(
            "wasm",
            "lab",
            &format!("lab-{id}"),
            &format!("lab {id} (solution)"),
            &t,
            "",
        ));
        breathe().await;
    }
    for case in bench_cases::engine_cases(&bench_cases::GROUPS) {
        case("wasm", &clock, &mut print);
        breathe().await;
    }
    print("BENCH_DONE".into());
}
