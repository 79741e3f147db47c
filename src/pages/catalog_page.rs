//! The catalog: labs grouped by topic, each with the student's progress.

use crate::catalog;
use crate::pages::progress_panel::{CheckHere, HandToWholeApp, ProgressImport, ProgressPanel};
use crate::state::route::Route;
use crate::state::use_app;
use crate::text::tr;
use rust_i18n::t;
use vlab_sim::Topic;
use yew::prelude::*;

/// What the catalog can do in a build: the whole app's, or the catalog
/// build's (issue 18, `app::CatalogOnly`), which carries no lab parser.
pub trait CatalogBuild: ProgressImport {
    /// Whether "Your labs" (labs kept from files) shows here. The catalog
    /// build hands the page to the whole app while labs are kept.
    const KEPT_LABS: bool;
}

impl CatalogBuild for CheckHere {
    const KEPT_LABS: bool = true;
}

impl CatalogBuild for HandToWholeApp {
    const KEPT_LABS: bool = false;
}

/// `B`: the build (see [`CatalogBuild`]).
#[component]
pub fn CatalogPage<B: CatalogBuild>() -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let topic = |topic: Topic| {
        let labs: Vec<_> = catalog::by_topic(topic).collect();
        let cards = labs.iter().map(|lab| {
            let id = lab.id;
            let total = lab.goals;
            let passed = app.prefs.progress.get(id).map_or(0, |p| p.passed.len().min(total));
            let href = Route::Lab {
                id: id.to_string(),
                shared: Vec::new(),
            }
            .href();
            html! {
                <li class={classes!("lab-card", (passed == total).then_some("complete"))}>
                    <a href={href} data-testid={format!("lab-link-{id}")}>
                        <h3>{ lab.title(lang.code()) }</h3>
                    </a>
                    <p>{ lab.summary(lang.code()) }</p>
                    <div class="progress-line" data-testid={format!("lab-progress-{id}")}
                         data-passed={passed.to_string()} data-total={total.to_string()}>
                        <progress max={total.to_string()} value={passed.to_string()}></progress>
                        <span>{ t!("catalog.progress", locale = lang.code(), passed = passed, total = total) }</span>
                    </div>
                </li>
            }
        });
        html! {
            <section class="topic" data-topic={topic.name()}>
                <h2>{ tr(lang, &format!("topic.{}", topic.name())) }</h2>
                if labs.is_empty() {
                    <p class="muted">{ tr(lang, "catalog.coming") }</p>
                } else {
                    <ul class="lab-grid">{ for cards }</ul>
                }
            </section>
        }
    };
    html! {
        <div class="catalog" data-testid="catalog">
            <h1>{ tr(lang, "catalog.heading") }</h1>
            <p class="lead">{ tr(lang, "catalog.intro") }</p>
            <p class="open-lab-link"><a class="btn" href="#/open" data-testid="catalog-open">{ tr(lang, "open_lab.nav") }</a></p>
            <p class="sandbox-link">
                <a class="btn" href="#/sandbox" data-testid="catalog-sandbox">{ tr(lang, "sandbox.catalog_link") }</a>
                <span class="muted">{ " " }{ tr(lang, "sandbox.catalog_note") }</span>
            </p>
            if B::KEPT_LABS && !app.prefs.my_labs.is_empty() {
                <crate::pages::my_labs::MyLabs />
            }
            <ProgressPanel<B> />
            { for Topic::ALL.into_iter().map(topic) }
        </div>
    }
}
