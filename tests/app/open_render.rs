//! Labs opened from a file, rendered on the server: the open page, "Your
//! labs", and a user lab's page (its badge, the no-goals note of a bare
//! scenario, and a share link that carries the lab itself).

use vlab::catalog::user;
use vlab::lab::lab_page::LabPage;
use vlab::pages::catalog_page::CatalogPage;
use vlab::pages::open_page::OpenPage;
use vlab::pages::progress_panel::CheckHere;
use vlab::state::lab_link;
use vlab::state::prefs::{MyLabFile, Prefs};
use vlab::state::{AppContext, AppState};
use vlab::text::Lang;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
enum Page {
    Open,
    Catalog,
    Lab(String),
}

#[derive(Properties, PartialEq)]
struct Props {
    state: AppState,
    page: Page,
}

#[component]
fn Harness(props: &Props) -> Html {
    let state = props.state.clone();
    let handle = use_reducer(move || state);
    let page = match &props.page {
        Page::Open => html! { <OpenPage /> },
        Page::Catalog => html! { <CatalogPage<CheckHere> /> },
        Page::Lab(id) => html! { <LabPage id={id.clone()} /> },
    };
    html! { <ContextProvider<AppContext> context={handle}>{ page }</ContextProvider<AppContext>> }
}

fn render(prefs: Prefs, page: Page) -> String {
    let props = Props {
        state: AppState {
            prefs,
            notice: None,
        },
        page,
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<Harness>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

fn prefs(lang: Lang) -> Prefs {
    Prefs {
        lang,
        ..Prefs::default()
    }
}

const SCENARIO: &str = "duration_s = 60\n[[host]]\nname = \"esx1\"\ncpu_mhz = 8000\nmem_mb = 16384\n[[vm]]\nname = \"a\"\nhost = \"esx1\"\nvcpus = 1\nmem_mb = 1024\ncpu_demand_mhz = 500\n";

#[test]
fn the_open_page_has_a_labelled_file_input_in_both_languages() {
    let html = render(prefs(Lang::En), Page::Open);
    assert!(html.contains(r#"<label for="open-file""#), "{html}");
    assert!(html.contains(r#"accept=".toml,text/plain""#));
    assert!(html.contains("Choose a lab file (.toml)"));
    assert!(html.contains("drop the file anywhere"));
    assert!(html.contains("No labs opened yet."));
    let zh = render(prefs(Lang::ZhCn), Page::Open);
    assert!(zh.contains("选择实验文件（.toml）") && zh.contains("拖放"));
}

#[test]
fn a_lab_opened_from_a_file_says_so_and_shares_itself_in_its_link() {
    let source = vlab::catalog::source("shares-contention").unwrap().1;
    let id = user::add("my.toml", &source).unwrap();
    let html = render(prefs(Lang::En), Page::Lab(id.clone()));
    assert!(html.contains("data-testid=\"user-lab-note\""));
    assert!(html.contains("Your lab") && html.contains("Opened from my.toml"));
    assert!(!html.contains("data-testid=\"no-goals\""), "it has goals");
    let link = format!("#/open?lab={}&amp;file=my.toml", lab_link::encode(&source));
    assert!(html.contains(&link), "the share link carries the file");
    assert!(html.contains("This link carries the lab itself"));
    // A built-in lab's page has neither.
    let builtin = render(prefs(Lang::En), Page::Lab("shares-contention".into()));
    assert!(!builtin.contains("user-lab-note") && !builtin.contains("#/open?lab="));
}

#[test]
fn a_bare_scenario_is_a_cluster_to_watch_in_both_languages() {
    let id = user::add("watch.toml", SCENARIO).unwrap();
    let en = render(prefs(Lang::En), Page::Lab(id.clone()));
    assert!(en.contains("data-testid=\"no-goals\"") && en.contains("This lab has no goals"));
    let zh = render(prefs(Lang::ZhCn), Page::Lab(id));
    assert!(zh.contains("这个实验没有目标") && zh.contains("你的实验"));
}

#[test]
fn your_labs_lists_the_kept_ones_with_open_download_and_remove() {
    let id = user::add("watch.toml", SCENARIO).unwrap();
    let mut p = prefs(Lang::En);
    p.my_labs.insert(
        id.clone(),
        MyLabFile {
            file: "watch.toml".into(),
            source: SCENARIO.into(),
        },
    );
    // Kept, but its text no longer passes (a newer vlab checks more).
    p.my_labs.insert(
        "mine-old".into(),
        MyLabFile {
            file: "old.toml".into(),
            source: "[[host]]\nname = 1\n".into(),
        },
    );
    let html = render(p, Page::Catalog);
    assert!(html.contains("Your labs"));
    assert!(html.contains(&format!("href=\"#/lab/{id}\"")));
    assert!(
        html.contains("aria-label=\"Download the file of watch\""),
        "{html}"
    );
    assert!(html.contains("aria-label=\"Remove watch and your progress in it\""));
    assert!(html.contains("data-testid=\"my-lab-mine-old\""));
    assert!(html.contains("This file no longer passes"));
    assert!(
        !html.contains("href=\"#/lab/mine-old\""),
        "a broken lab is not offered to open"
    );
    // Nothing kept: the catalog shows no list.
    assert!(!render(prefs(Lang::En), Page::Catalog).contains("data-testid=\"my-labs\""));
}
