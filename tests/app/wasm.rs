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
    // The lab asks first; this test explores.
    settle(&root, "[data-testid=explore]").await;
    click(&root, "[data-testid=explore]");
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
    // The VM table mounts a few tasks after the goals (`common::later`).
    settle(&root, "[data-testid=vm-vm9]").await;
    let vm9 = query(&root, "[data-testid=vm-vm9]");
    assert_eq!(
        vm9.get_attribute("data-powered-on").as_deref(),
        Some("true")
    );
}

/// Predict, then reveal: the run stays hidden until every question is
/// answered and committed; then each answer is judged against the run.
#[wasm_bindgen_test]
async fn an_exercise_reveals_the_run_only_after_the_answers_are_committed() {
    let root = mount_at("#/lab/shares-contention").await;
    settle(&root, "[data-testid=questions][data-state=asking]").await;
    assert!(
        root.query_selector("[data-testid^=goal-]")
            .unwrap()
            .is_none(),
        "goals hidden"
    );
    assert!(
        root.query_selector("[data-testid=chart-cpu]")
            .unwrap()
            .is_none(),
        "charts hidden"
    );
    let lab = vlab::catalog::find("shares-contention").unwrap();
    let answers = lab.answers(lab.spec.seed).unwrap();
    for (i, a) in answers.iter().enumerate() {
        // The first answer right, the others far off.
        let given = if i == 0 {
            a.expected.clone()
        } else {
            "1".to_string()
        };
        let input: HtmlInputElement =
            query(&root, &format!("[data-testid=question-input-{}]", a.id))
                .dyn_into()
                .unwrap();
        input.set_value(&given);
        input
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        yew::scheduler::flush().await;
    }
    settle(&root, "[data-testid=commit-answers]:not([disabled])").await;
    click(&root, "[data-testid=commit-answers]");
    settle(&root, "[data-testid=questions][data-state=revealed]").await;
    let first = format!("[data-testid=question-{}]", answers[0].id);
    assert_eq!(attr(&root, &first, "data-correct").as_deref(), Some("true"));
    let second = format!("[data-testid=question-{}]", answers[1].id);
    assert_eq!(
        attr(&root, &second, "data-correct").as_deref(),
        Some("false")
    );
    settle(&root, "[data-testid=chart-cpu]").await;
    query(&root, "[data-testid=chart-cpu]");
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

fn value(root: &Element) -> u32 {
    let slider: HtmlInputElement = query(root, "[data-testid=time-select]").dyn_into().unwrap();
    slider.value().parse().unwrap()
}

fn click(root: &Element, selector: &str) {
    let el: web_sys::HtmlElement = query(root, selector).dyn_into().unwrap();
    el.click();
}

fn attr(root: &Element, selector: &str, name: &str) -> Option<String> {
    query(root, selector).get_attribute(name)
}

/// Renders and waits (at most ~5 s) until `ok` holds.
async fn wait_until(what: &str, ok: impl Fn() -> bool) {
    wait_within(250, what, ok).await
}

/// Waits (at most ~60 s: a debug build simulates a day slowly) until `ok`.
async fn wait_long(what: &str, ok: impl Fn() -> bool) {
    wait_within(3000, what, ok).await
}

/// Renders and waits at most `tries` × 20 ms until `ok` holds.
async fn wait_within(tries: u32, what: &str, ok: impl Fn() -> bool) {
    for _ in 0..tries {
        yew::scheduler::flush().await;
        if ok() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    panic!("timed out waiting for {what}");
}

/// The timeline plays the run (from the start when at the end) and stops
/// at its end; pause holds the time; the steps move one sample; an event
/// clicked in the log shows its time and pauses; a new setting stops it.
#[wasm_bindgen_test]
async fn the_timeline_plays_pauses_steps_and_follows_the_event_log() {
    // Three VMs stop sending heartbeats at 60 s, one guest responds again
    // at 105 s; samples every 10 s to 240 s.
    let root = mount_at("#/lab/ha-vm-monitoring").await;
    // The questions mount a frame after the rest of the lab page.
    settle(&root, "[data-testid=questions]").await;
    // Where predictions come first, explore: the run is shown at once.
    if root
        .query_selector("[data-testid=explore]")
        .unwrap()
        .is_some()
    {
        click(&root, "[data-testid=explore]");
    }
    settle(&root, "[data-testid=timeline-play]").await;
    let play = "[data-testid=timeline-play]";
    let playing = || attr(&root, play, "data-playing").as_deref() == Some("true");
    let event_105 = "[data-testid=event-log] li[data-t=\"105\"]";
    // The event log mounts a task after the rest of the page (common/later.rs).
    settle(&root, event_105).await;
    assert_eq!(value(&root), 240);
    assert!(!playing());
    assert_eq!(
        attr(&root, event_105, "data-future").as_deref(),
        Some("false")
    );

    // 8× (one sample every 62 ms): from the end, Play starts at 0.
    let speed: web_sys::HtmlSelectElement = query(&root, "[data-testid=timeline-speed]")
        .dyn_into()
        .unwrap();
    speed.set_value("8");
    speed
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    click(&root, play);
    wait_until("playing from the start", || playing() && value(&root) < 60).await;
    assert_eq!(
        attr(&root, event_105, "data-future").as_deref(),
        Some("true")
    );
    wait_until("the run played to its end", || {
        !playing() && value(&root) == 240
    })
    .await;
    assert_eq!(
        attr(&root, event_105, "data-future").as_deref(),
        Some("false")
    );

    // At 1×, pause somewhere before 95 s: the time holds.
    speed.set_value("1");
    speed
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    click(&root, play);
    wait_until("t = 10 s", || value(&root) >= 10).await;
    click(&root, play);
    wait_until("paused", || !playing()).await;
    let paused_at = value(&root);
    assert!(paused_at < 105, "paused at {paused_at}");
    gloo_timers::future::TimeoutFuture::new(700).await;
    yew::scheduler::flush().await;
    assert_eq!(value(&root), paused_at, "time moved while paused");
    assert_eq!(
        attr(&root, event_105, "data-future").as_deref(),
        Some("true")
    );

    // One sample back, one forward.
    click(&root, "[data-testid=timeline-back]");
    wait_until("a step back", || value(&root) == paused_at - 10).await;
    click(&root, "[data-testid=timeline-forward]");
    wait_until("a step forward", || value(&root) == paused_at).await;

    // The guest back at 105 s shows in the sample at 110 s; clicking it
    // while playing pauses there.
    click(&root, play);
    wait_until("playing", playing).await;
    click(&root, &format!("{event_105} button"));
    wait_until("the event's time", || value(&root) == 110).await;
    wait_until("paused by the event", || !playing()).await;
    assert_eq!(
        attr(&root, event_105, "data-future").as_deref(),
        Some("false")
    );
    assert_eq!(
        attr(
            &root,
            "[data-testid=event-log] li[data-t=\"60\"]",
            "data-future"
        )
        .as_deref(),
        Some("false")
    );
    gloo_timers::future::TimeoutFuture::new(700).await;
    yew::scheduler::flush().await;
    assert_eq!(value(&root), 110);

    // A new setting is a new run: playback stops.
    click(&root, play);
    wait_until("playing", playing).await;
    let prio: web_sys::HtmlSelectElement = query(&root, "[data-testid=control-monitoring]")
        .dyn_into()
        .unwrap();
    prio.set_value("low");
    prio.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_until("stopped by the new setting", || !playing()).await;
}

/// A real panic, from a trigger only this test build has: with the app's
/// hook installed, a panic in a browser task (a timer here, as an event
/// handler would be) reaches the hook, which shows the panel with the
/// panic's message and place. A wasm32 panic aborts, but only that task:
/// this test, another task, goes on to read the page. The thread counts as
/// panicking from then on (the hook cannot be put back), so a later
/// failure in this binary aborts without its message; the runner takes
/// tests in reverse name order, and this name sorts it last.
#[wasm_bindgen_test]
async fn a_crash_in_a_browser_task_reaches_the_hook_and_shows_the_panel() {
    vlab::common::panic_panel::install();
    let trigger = gloo_timers::callback::Timeout::new(0, || {
        panic!("test-only trigger: <i>boom</i>");
    });
    wait_until("the panic panel", || {
        document().get_element_by_id("panic-details").is_some()
    })
    .await;
    drop(trigger);
    let details = document()
        .get_element_by_id("panic-details")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        details.contains("test-only trigger: <i>boom</i>"),
        "{details}"
    );
    assert!(
        details.contains("tests/app/wasm.rs"),
        "where it happened: {details}"
    );
    document()
        .get_element_by_id("panic-panel")
        .unwrap()
        .remove();
}

/// A panic shows a panel in the student's language with the details, a
/// copy button and a reload; stored progress is left as it was. (The
/// panel's parts are checked by calling it; the test above panics for
/// real.)
#[wasm_bindgen_test]
fn a_panic_shows_a_panel_in_the_students_language_and_keeps_progress() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("vlab.state", "{\"kept\":true}").unwrap();
    let html = document().document_element().unwrap();
    for (lang, heading) in [("en", "Something went wrong"), ("zh-CN", "vlab 出错了")] {
        html.set_attribute("lang", lang).unwrap();
        vlab::common::panic_panel::show("panicked at src/x.rs:1:1:\n<b>boom</b>");
        let panels = document()
            .query_selector_all("[data-testid=panic-panel]")
            .unwrap();
        assert_eq!(panels.length(), 1, "one panel, however many panics");
        let panel = document()
            .query_selector("[data-testid=panic-panel]")
            .unwrap()
            .unwrap();
        assert_eq!(panel.get_attribute("role").as_deref(), Some("alertdialog"));
        assert!(panel.text_content().unwrap().contains(heading));
        let details = document().get_element_by_id("panic-details").unwrap();
        assert!(
            details.text_content().unwrap().contains("<b>boom</b>"),
            "details shown as text, not markup"
        );
        assert!(panel.query_selector("b").unwrap().is_none());
        for action in ["copy", "reload"] {
            let b = panel
                .query_selector(&format!("[data-vlab-panic={action}]"))
                .unwrap();
            assert!(b.is_some(), "{action} button");
        }
    }
    assert_eq!(
        storage.get_item("vlab.state").unwrap().as_deref(),
        Some("{\"kept\":true}")
    );
    document()
        .get_element_by_id("panic-panel")
        .unwrap()
        .remove();
    html.set_attribute("lang", "en").unwrap();
    storage.remove_item("vlab.state").unwrap();
}

/// A simulated day goes in slices: with nothing to show yet the page shows
/// the run's progress at once instead of freezing; a newer setting's run
/// keeps the old outcome as it is (not marked out of date) while it is
/// quick; a newer setting drops the run under way, and what shows in the
/// end is the newest setting's outcome.
#[wasm_bindgen_test]
async fn a_long_run_goes_in_slices_and_the_newest_setting_wins() {
    let root = mount_at("#/lab/dpm-night-savings").await;
    // The app's first page, a lab's, mounts a frame after the header.
    settle(&root, "[data-testid=lab-page]").await;
    let running = || {
        root.query_selector("[data-testid=run-progress]")
            .unwrap()
            .is_some()
    };
    assert!(running(), "the day-long run shows its progress at once");
    settle(&root, "[data-testid=explore]").await;
    click(&root, "[data-testid=explore]");
    wait_long("the first run", || !running()).await;
    let energy = || attr(&root, "[data-testid=goal-energy]", "data-passed");
    assert_eq!(energy().as_deref(), Some("false"), "DPM starts off");

    // The solution's run starts, in slices: the click's render shows the
    // old outcome, not yet marked out of date; resetting at once replaces
    // the run.
    click(&root, "[data-testid=apply-solution]");
    yew::scheduler::flush().await;
    assert_eq!(energy().as_deref(), Some("false"), "still the old outcome");
    let work = query(&root, ".col-work");
    assert!(!work.class_name().split(' ').any(|c| c == "stale"));
    assert_eq!(work.get_attribute("aria-busy").as_deref(), Some("false"));
    click(&root, "[data-testid=reset-controls]");
    // Time enough for the solution's run, had it gone on, to show.
    gloo_timers::future::TimeoutFuture::new(1500).await;
    wait_long("the reset's run", || !running()).await;
    assert_eq!(energy().as_deref(), Some("false"), "the reset's outcome");

    click(&root, "[data-testid=apply-solution]");
    wait_long("the solution's run", || energy().as_deref() == Some("true")).await;
    let classes = query(&root, ".col-work").class_name();
    assert!(!classes.split(' ').any(|c| c == "stale"));
}

/// In a lab whose run takes a while, the settings a student is likely to
/// try next (each control a step away) are run ahead while the page is
/// idle: turning DRS on then shows its outcome in the render of the click
/// itself, with no run in slices and no progress (issue 18).
#[wasm_bindgen_test]
async fn a_likely_next_setting_shows_at_once_once_run_ahead() {
    use vlab_sim::{Setting, Value};
    let root = mount_at("#/lab/drs-diurnal-day").await;
    settle(&root, "[data-testid=lab-page]").await;
    settle(&root, "[data-testid=explore]").await;
    let running = || {
        root.query_selector("[data-testid=run-progress]")
            .unwrap()
            .is_some()
    };
    let now = || js_sys::Date::now();
    let t0 = now();
    click(&root, "[data-testid=explore]");
    wait_long("the first run", || !running()).await;
    // Three runs ahead (DRS switched on, the threshold a step either way),
    // a slice per task, each about as long as the first.
    let first_ms = now() - t0;
    gloo_timers::future::TimeoutFuture::new((first_ms * 4.0 + 1500.0) as u32).await;

    let lab = vlab::catalog::find("drs-diurnal-day").unwrap();
    let start = lab.run(lab.spec.seed, &[]).unwrap();
    let drs_on = Setting {
        target: "drs.enabled".to_string(),
        value: Value::Bool(true),
    };
    let on = lab.run(lab.spec.seed, &[drs_on]).unwrap();
    let passed = |o: &vlab_sim::Outcome| -> Vec<String> {
        o.goals.iter().map(|g| g.passed.to_string()).collect()
    };
    assert_ne!(passed(&start), passed(&on), "DRS changes the goals");
    let shown = || -> Vec<String> {
        on.goals
            .iter()
            .map(|g| {
                attr(
                    &root,
                    &format!("[data-testid=goal-{}]", g.id),
                    "data-passed",
                )
                .unwrap()
            })
            .collect()
    };
    assert_eq!(shown(), passed(&start), "the lab as it opens");
    click(&root, "[data-testid=control-drs]");
    yew::scheduler::flush().await;
    assert_eq!(shown(), passed(&on), "DRS's outcome, in the click's render");
    assert!(!running());
}

/// The charts' backend sets a colour on the canvas only when it changes;
/// a label sets the fill colour to its own behind the backend's back, so
/// a filled shape after a label must set its colour again, and a line
/// after a line of the same style need not (nothing else changed it).
#[wasm_bindgen_test]
fn a_chart_shape_after_a_label_is_drawn_in_its_own_colour() {
    use plotters::prelude::*;
    use plotters_backend::DrawingBackend;
    use vlab::common::measured_canvas::MeasuredCanvas;
    let canvas: web_sys::HtmlCanvasElement = document()
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(60);
    canvas.set_height(20);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let mut backend = MeasuredCanvas::new(canvas).unwrap();
    let red = RED.filled();
    let blue = TextStyle::from(("sans-serif", 12).into_font()).color(&BLUE);
    backend.draw_rect((0, 0), (10, 10), &red, true).unwrap();
    backend.draw_text("x", &blue, (20, 0)).unwrap();
    assert_eq!(context.fill_style().as_string().as_deref(), Some("#0000ff"));
    backend.draw_rect((0, 10), (10, 20), &red, true).unwrap();
    assert_eq!(
        context.fill_style().as_string().as_deref(),
        Some("#ff0000"),
        "the rectangle after the label is red again"
    );
    let green = GREEN.stroke_width(3);
    backend.draw_line((0, 0), (50, 10), &green).unwrap();
    assert_eq!(
        context.stroke_style().as_string().as_deref(),
        Some("#00ff00")
    );
    assert_eq!(context.line_width(), 3.0);
    backend
        .draw_path([(0, 5), (20, 5), (40, 15)], &BLACK.stroke_width(1))
        .unwrap();
    assert_eq!(
        context.stroke_style().as_string().as_deref(),
        Some("#000000")
    );
    assert_eq!(
        context.line_width(),
        1.0,
        "a new width is set with a new colour"
    );
}

/// A chart away from the screen is drawn only once it comes near it: a
/// change while it is away leaves its old drawing, scrolling to it draws
/// the new data, and printing draws every waiting chart at once.
#[wasm_bindgen_test]
async fn a_chart_away_from_the_screen_draws_when_scrolled_to_or_printed() {
    // Four screens of space above the app: all of it starts far below.
    let spacer = document().create_element("div").unwrap();
    spacer.set_attribute("style", "height: 400vh").unwrap();
    document().body().unwrap().append_child(&spacer).unwrap();
    let window = web_sys::window().unwrap();
    window.scroll_to_with_x_and_y(0.0, 0.0);
    let root = mount_at("#/lab/mem-admission-64gb").await;
    settle(&root, "[data-testid=explore]").await;
    click(&root, "[data-testid=explore]");
    let chart = "canvas[data-testid=chart-mem]";
    wait_until("the memory chart", || {
        root.query_selector(chart).ok().flatten().is_some()
    })
    .await;
    let canvas: web_sys::HtmlCanvasElement = query(&root, chart).dyn_into().unwrap();
    let picture = || canvas.to_data_url().unwrap();
    let blank = || {
        let fresh: web_sys::HtmlCanvasElement = document()
            .create_element("canvas")
            .unwrap()
            .dyn_into()
            .unwrap();
        fresh.set_width(canvas.width());
        fresh.set_height(canvas.height());
        fresh.to_data_url().unwrap() == picture()
    };
    // A few frames for the browser to report where the chart is.
    gloo_timers::future::TimeoutFuture::new(300).await;
    assert!(blank(), "a chart far below the screen is not drawn");

    canvas.scroll_into_view();
    wait_until("the chart drawn once scrolled to", || !blank()).await;

    window.scroll_to_with_x_and_y(0.0, 0.0);
    gloo_timers::future::TimeoutFuture::new(300).await;
    let before = picture();
    let slider: HtmlInputElement = query(&root, "[data-testid=control-vm9-reservation]")
        .dyn_into()
        .unwrap();
    slider.set_value("0");
    slider
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle(&root, "[data-testid=goal-vm9-running][data-passed=true]").await;
    gloo_timers::future::TimeoutFuture::new(300).await;
    assert_eq!(
        picture(),
        before,
        "away from the screen, the old drawing stays"
    );

    window
        .dispatch_event(&web_sys::Event::new("beforeprint").unwrap())
        .unwrap();
    assert_ne!(picture(), before, "printing draws the new data at once");

    root.remove();
    spacer.remove();
}

thread_local! {
    /// Sets the data of [`OneChart`] (its `use_state` setter).
    static ONE_CHART_SET: std::cell::RefCell<Option<yew::UseStateSetter<u32>>> =
        const { std::cell::RefCell::new(None) };
    /// The data [`OneChart`] has drawn, in order.
    static ONE_CHART_DRAWN: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A canvas drawn by `use_draw_soon`, its data a number the test sets.
#[yew::component]
fn OneChart() -> yew::Html {
    let data = yew::use_state(|| 0_u32);
    ONE_CHART_SET.with(|s| *s.borrow_mut() = Some(data.setter()));
    let canvas = yew::use_node_ref();
    vlab::common::draw_soon::use_draw_soon(&canvas, *data, |n: &u32| {
        ONE_CHART_DRAWN.with(|d| d.borrow_mut().push(*n))
    });
    yew::html! { <canvas ref={canvas} width="40" height="20" /> }
}

/// A render that a lab's run asked for (`draw_soon::after_render`) draws
/// the charts it changed in its own task, with time to spare, instead of
/// a task later (a frame sooner on screen); without it they wait for the
/// queue's task, as before.
#[wasm_bindgen_test]
async fn a_chart_draws_in_the_task_of_the_render_that_changed_it() {
    let root = document().create_element("div").unwrap();
    document()
        .body()
        .unwrap()
        .prepend_with_node_1(&root)
        .unwrap();
    web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, 0.0);
    yew::Renderer::<OneChart>::with_root(root.clone()).render();
    let drawn = || ONE_CHART_DRAWN.with(|d| d.borrow().clone());
    // The first drawing waits for the browser to report the canvas on
    // the screen, then for the queue's task; it times the chart.
    wait_until("the first drawing", || drawn() == [0]).await;
    let set = |n| ONE_CHART_SET.with(|s| s.borrow().as_ref().unwrap().set(n));
    // Resolves once the microtasks queued before it have run: the render
    // and whatever follows it in this task, but no timer.
    let microtasks = || {
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL))
    };
    let timer_fired = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = timer_fired.clone();
    let _timer = gloo_timers::callback::Timeout::new(0, move || flag.set(true));

    set(1);
    vlab::common::draw_soon::after_render(vlab::common::clock::now_ms());
    let _ = microtasks().await;
    let _ = microtasks().await;
    assert!(!timer_fired.get(), "still the task of the change");
    assert_eq!(drawn(), [0, 1], "drawn in the render's task");

    set(2);
    let _ = microtasks().await;
    let _ = microtasks().await;
    assert_eq!(drawn(), [0, 1], "without after_render: not yet");
    wait_until("the queue's task draws it", || drawn() == [0, 1, 2]).await;
    root.remove();
}

/// Yew's DOM code is run before the whole app mounts (`common::warm_dom`)
/// on a tree nobody sees: nothing of it reaches the document.
#[wasm_bindgen_test]
async fn warming_yews_dom_code_leaves_the_document_alone() {
    vlab::common::warm_dom::warm();
    yew::scheduler::flush().await;
    assert!(document().get_element_by_id("warm-h").is_none());
    gloo_timers::future::TimeoutFuture::new(20).await;
    assert!(document().get_element_by_id("warm-h").is_none());
}
