//! Browser tests (wasm-bindgen-test in headless Chromium):
//! `cargo test -p vlab --target wasm32-unknown-unknown --test app`.

use vlab::app::{App, AppProps};
use vlab::state::prefs::Prefs;
use vlab::state::AppState;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

/// Every lab's reference-solution run, rendered as text in WebAssembly, is
/// byte-for-byte the golden trace the native build wrote.
#[wasm_bindgen_test]
fn wasm_traces_equal_the_native_golden_traces() {
    // build.rs lists every tests/golden/*.txt; the native golden test
    // fails for a lab without one, or a file without a lab.
    let goldens: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/goldens.rs"));
    assert_eq!(goldens.len(), vlab::catalog::labs().len());
    for (id, golden) in goldens {
        let lab = vlab::catalog::find(id).expect("lab exists");
        assert_eq!(
            vlab::cli::golden::golden_text(lab),
            *golden,
            "trace of {id} differs from native"
        );
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn query(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

/// Lets Yew render: flushes its scheduler and yields to the browser until
/// `selector` exists (rendering may finish on a later task), at most ~0.5 s.
async fn settle(root: &Element, selector: &str) {
    for _ in 0..50 {
        yew::scheduler::flush().await;
        if root.query_selector(selector).ok().flatten().is_some() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
}

async fn mount_at(hash: &str) -> Element {
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(hash)
        .unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let props = AppProps {
        initial: Some(AppState {
            prefs: Prefs::default(),
            notice: None,
        }),
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    settle(&root, "[data-testid=lang-select]").await;
    root
}

/// The lab page mounts, and moving a slider re-runs the lab: the goal that
/// depended on it turns from failed to passed.
#[wasm_bindgen_test]
async fn lab_page_reacts_to_a_control_change() {
    let root = mount_at("#/lab/mem-admission-64gb").await;
    settle(&root, "[data-testid=goal-vm9-running]").await;
    query(&root, "[data-testid=lab-page]");
    let goal = || query(&root, "[data-testid=goal-vm9-running]").get_attribute("data-passed");
    assert_eq!(goal().as_deref(), Some("false"));

    let slider: HtmlInputElement = query(&root, "[data-testid=control-vm9-reservation]")
        .dyn_into()
        .unwrap();
    slider.set_value("0");
    let event = web_sys::InputEvent::new("input").unwrap();
    slider.dispatch_event(&event).unwrap();
    settle(&root, "[data-testid=goal-vm9-running][data-passed=true]").await;

    assert_eq!(goal().as_deref(), Some("true"));
    let vm9 = query(&root, "[data-testid=vm-vm9]");
    assert_eq!(
        vm9.get_attribute("data-powered-on").as_deref(),
        Some("true")
    );
}

/// The language switch translates the page.
#[wasm_bindgen_test]
async fn language_switch_translates_the_page() {
    let root = mount_at("#/").await;
    let select: web_sys::HtmlSelectElement = query(&root, "[data-testid=lang-select]")
        .dyn_into()
        .unwrap();
    select.set_value("zh-CN");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let mut text = String::new();
    for _ in 0..50 {
        settle(&root, "[data-testid=lang-select]").await;
        text = root.text_content().unwrap_or_default();
        if text.contains("预留") {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    assert!(
        text.contains("预留"),
        "no Chinese resource-controls heading in: {text}"
    );
    assert!(
        !text.contains("Resource controls"),
        "English left on the page: {text}"
    );
}
