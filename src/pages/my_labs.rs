//! "Your labs": the labs opened from a file or a link and kept in this
//! browser (`Prefs::my_labs`), each with Open, Download the file and
//! Remove. On the open page and the catalog page.

use crate::catalog::{self, user};
use crate::common::download::{download, DownloadUrl};
use crate::state::route::Route;
use crate::state::{use_app, AppAction};
use crate::text::{tr, tr_fill};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MyLabsProps {
    /// Loads a kept file that no longer passes the checks into the open
    /// page's editor (`(file, text)`); without it, such a lab links to
    /// the open page.
    #[prop_or_default]
    pub on_fix: Option<Callback<(String, String)>>,
}

#[component]
pub fn MyLabs(props: &MyLabsProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    // The last download's URL, revoked when the next replaces it.
    let url = use_mut_ref(|| None::<DownloadUrl>);
    let rows = app.prefs.my_labs.iter().map(|(id, kept)| {
        let lab = catalog::find(id);
        let title = lab.map_or_else(|| kept.file.clone(), |l| l.spec.title.get(lang.code()).to_string());
        let on_download = {
            let (file, source, url) = (kept.file.clone(), kept.source.clone(), url.clone());
            Callback::from(move |_: MouseEvent| {
                *url.borrow_mut() = download(&file, &source, "text/plain");
            })
        };
        let on_remove = {
            let (app, id) = (app.clone(), id.clone());
            Callback::from(move |_: MouseEvent| {
                user::remove(&id);
                app.dispatch(AppAction::ForgetLab { id: id.clone() });
            })
        };
        let named = |key: &str| tr_fill(lang, key, &[("title", &title)]);
        let href = Route::Lab {
            id: id.clone(),
            shared: Vec::new(),
        }
        .href();
        let fix = match &props.on_fix {
            Some(on_fix) => {
                let on_fix = on_fix.clone();
                let (file, source) = (kept.file.clone(), kept.source.clone());
                html! {
                    <button type="button" class="btn" aria-label={named("open_lab.fix_aria")}
                        onclick={Callback::from(move |_: MouseEvent| on_fix.emit((file.clone(), source.clone())))}>
                        { tr(lang, "open_lab.fix") }
                    </button>
                }
            }
            None => html! {
                <a class="btn" href="#/open" aria-label={named("open_lab.fix_aria")}>{ tr(lang, "open_lab.fix") }</a>
            },
        };
        html! {
            <li class="my-lab" data-testid={format!("my-lab-{id}")}>
                <span class="my-lab-title">{ title.clone() }</span>
                <span class="muted small">{ kept.file.clone() }</span>
                if lab.is_none() {
                    <span class="error small">{ tr(lang, "open_lab.broken") }</span>
                }
                <span class="my-lab-actions">
                    if lab.is_some() {
                        <a class="btn btn-primary" href={href} aria-label={named("open_lab.open_aria")}
                           data-testid="my-lab-open">{ tr(lang, "open_lab.open") }</a>
                    } else {
                        { fix }
                    }
                    <button type="button" class="btn" aria-label={named("open_lab.download_aria")}
                        data-testid="my-lab-download" onclick={on_download}>
                        { tr(lang, "open_lab.download") }
                    </button>
                    <button type="button" class="btn" aria-label={named("open_lab.remove_aria")}
                        data-testid="my-lab-remove" onclick={on_remove}>
                        { tr(lang, "open_lab.remove") }
                    </button>
                </span>
            </li>
        }
    });
    html! {
        <section class="panel my-labs" data-testid="my-labs" aria-labelledby="my-labs-h">
            <h2 id="my-labs-h">{ tr(lang, "open_lab.my_labs") }</h2>
            <p class="muted">{ tr(lang, "open_lab.my_labs_intro") }</p>
            if app.prefs.my_labs.is_empty() {
                <p class="muted" data-testid="my-labs-empty">{ tr(lang, "open_lab.my_labs_empty") }</p>
            } else {
                <ul class="my-lab-list">{ for rows }</ul>
            }
        </section>
    }
}
