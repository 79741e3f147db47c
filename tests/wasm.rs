//! Browser tests (wasm-bindgen-test in headless Chromium):
//! `cargo test -p vlab --target wasm32-unknown-unknown --test wasm`.
#![cfg(target_arch = "wasm32")]

use vlab::app::{App, AppProps};
use vlab::state::prefs::Prefs;
use vlab::state::AppState;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Every lab's reference-solution run, rendered as text in WebAssembly, is
/// byte-for-byte the golden trace the native build wrote.
#[wasm_bindgen_test]
fn wasm_traces_equal_the_native_golden_traces() {
    let goldens: &[(&str, &str)] = &[
        (
            "balloon-vs-swap",
            include_str!("golden/balloon-vs-swap.txt"),
        ),
        (
            "compression-saves-swap",
            include_str!("golden/compression-saves-swap.txt"),
        ),
        (
            "cpu-limit-16vcpu",
            include_str!("golden/cpu-limit-16vcpu.txt"),
        ),
        (
            "cpu-overcommit-48-cores",
            include_str!("golden/cpu-overcommit-48-cores.txt"),
        ),
        (
            "cross-vcenter-vmotion",
            include_str!("golden/cross-vcenter-vmotion.txt"),
        ),
        (
            "evc-two-generations",
            include_str!("golden/evc-two-generations.txt"),
        ),
        (
            "ha-failover-host",
            include_str!("golden/ha-failover-host.txt"),
        ),
        (
            "ha-isolation-vs-failure",
            include_str!("golden/ha-isolation-vs-failure.txt"),
        ),
        (
            "ha-no-admission-cascade",
            include_str!("golden/ha-no-admission-cascade.txt"),
        ),
        (
            "ha-restart-priority",
            include_str!("golden/ha-restart-priority.txt"),
        ),
        ("ha-slot-size", include_str!("golden/ha-slot-size.txt")),
        (
            "ha-slots-vs-percentage",
            include_str!("golden/ha-slots-vs-percentage.txt"),
        ),
        (
            "ha-vm-monitoring",
            include_str!("golden/ha-vm-monitoring.txt"),
        ),
        (
            "drs-anti-affinity",
            include_str!("golden/drs-anti-affinity.txt"),
        ),
        (
            "drs-diurnal-day",
            include_str!("golden/drs-diurnal-day.txt"),
        ),
        (
            "drs-maintenance",
            include_str!("golden/drs-maintenance.txt"),
        ),
        (
            "drs-manual-mode",
            include_str!("golden/drs-manual-mode.txt"),
        ),
        ("drs-threshold", include_str!("golden/drs-threshold.txt")),
        (
            "dpm-night-savings",
            include_str!("golden/dpm-night-savings.txt"),
        ),
        (
            "idle-memory-tax",
            include_str!("golden/idle-memory-tax.txt"),
        ),
        (
            "mem-admission-64gb",
            include_str!("golden/mem-admission-64gb.txt"),
        ),
        (
            "memory-limit-balloon",
            include_str!("golden/memory-limit-balloon.txt"),
        ),
        (
            "memory-state-ladder",
            include_str!("golden/memory-state-ladder.txt"),
        ),
        (
            "nioc-protect-vmotion",
            include_str!("golden/nioc-protect-vmotion.txt"),
        ),
        (
            "pool-expandable-reservation",
            include_str!("golden/pool-expandable-reservation.txt"),
        ),
        (
            "pool-limit-stops-borrowing",
            include_str!("golden/pool-limit-stops-borrowing.txt"),
        ),
        (
            "pools-isolate-departments",
            include_str!("golden/pools-isolate-departments.txt"),
        ),
        (
            "shares-contention",
            include_str!("golden/shares-contention.txt"),
        ),
        (
            "sioc-noisy-neighbour",
            include_str!("golden/sioc-noisy-neighbour.txt"),
        ),
        (
            "storage-vmotion-order",
            include_str!("golden/storage-vmotion-order.txt"),
        ),
        (
            "tps-identical-vms",
            include_str!("golden/tps-identical-vms.txt"),
        ),
        (
            "vmotion-1g-vs-10g",
            include_str!("golden/vmotion-1g-vs-10g.txt"),
        ),
        (
            "vmotion-dirty-rate",
            include_str!("golden/vmotion-dirty-rate.txt"),
        ),
        (
            "vmotion-prechecks",
            include_str!("golden/vmotion-prechecks.txt"),
        ),
        ("vmotion-sdps", include_str!("golden/vmotion-sdps.txt")),
    ];
    assert_eq!(
        goldens.len(),
        vlab::catalog::labs().len(),
        "add the new lab's golden file here"
    );
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
