//! Server-side rendering of the UI, natively: what a student sees before any
//! effect runs (canvas drawing and storage need the browser; see wasm.rs).

use std::collections::BTreeMap;
use vlab::components::lab_page::LabPage;
use vlab::i18n::Lang;
use vlab::prefs::{LabProgress, Prefs};
use vlab::state::{AppContext, AppState};
use vlab_sim::Value;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct Props {
    state: AppState,
    lab: Option<String>,
}

#[component]
fn Harness(props: &Props) -> Html {
    let state = props.state.clone();
    let handle = use_reducer(move || state);
    let page = match &props.lab {
        Some(id) => html! { <LabPage id={id.clone()} /> },
        None => html! { <vlab::components::catalog_page::CatalogPage /> },
    };
    html! { <ContextProvider<AppContext> context={handle}>{ page }</ContextProvider<AppContext>> }
}

fn render(state: AppState, lab: Option<&str>) -> String {
    let props = Props {
        state,
        lab: lab.map(str::to_string),
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<Harness>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

fn state(lang: Lang, progress: BTreeMap<String, LabProgress>) -> AppState {
    AppState {
        prefs: Prefs {
            lang,
            progress,
            ..Prefs::default()
        },
        notice: None,
    }
}

#[test]
fn catalog_lists_every_lab_under_its_topic_with_progress() {
    let html = render(state(Lang::En, BTreeMap::new()), None);
    for lab in vlab::catalog::labs() {
        assert!(
            html.contains(&format!("data-testid=\"lab-link-{}\"", lab.spec.id)),
            "{} missing",
            lab.spec.id
        );
        assert!(html.contains(&lab.spec.title.en));
    }
    assert!(html.contains("data-topic=\"resource-controls\""));
    assert!(
        html.contains("Live migration"),
        "future topics are shown as coming"
    );
}

#[test]
fn lab_page_shows_failed_goals_and_the_refusal_before_any_change() {
    let html = render(state(Lang::En, BTreeMap::new()), Some("mem-admission-64gb"));
    assert!(
        html.contains("data-testid=\"goal-vm9-running\" data-passed=\"false\""),
        "{html}"
    );
    assert!(html.contains("refused by admission control"));
    assert!(html.contains("data-testid=\"chart-mem\""));
    assert!(
        html.contains("<strong>2 × 32 GB = 64 GB</strong>"),
        "instructions are rendered Markdown"
    );
}

#[test]
fn stored_control_values_drive_the_outcome() {
    let mut progress = BTreeMap::new();
    let p = LabProgress {
        settings: [("vm9-reservation".to_string(), Value::Int(0))]
            .into_iter()
            .collect(),
        ..Default::default()
    };
    progress.insert("mem-admission-64gb".to_string(), p);
    let html = render(state(Lang::En, progress), Some("mem-admission-64gb"));
    assert!(html.contains("data-testid=\"goal-vm9-running\" data-passed=\"true\""));
    assert!(html.contains("data-testid=\"goal-big-running\" data-passed=\"false\""));
}

#[test]
fn chinese_page_uses_the_lecture_terms() {
    let html = render(
        state(Lang::ZhCn, BTreeMap::new()),
        Some("mem-admission-64gb"),
    );
    assert!(html.contains("准入控制"));
    assert!(html.contains("预留"));
    assert!(html.contains("目标"), "goal heading translated");
}

#[test]
fn unknown_lab_says_so_instead_of_a_blank_page() {
    let html = render(state(Lang::En, BTreeMap::new()), Some("no-such-lab"));
    assert!(html.contains("no-such-lab") && html.contains("data-testid=\"lab-missing\""));
}
