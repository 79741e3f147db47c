//! The root component: state provider, header, notice and the routed page.
//!
//! Two builds share it (issue 18), each naming the pages it carries with an
//! [`Edition`]: the whole app (`vlab-web`, [`App`]) and the catalog alone
//! (`vlab-catalog`, [`CatalogApp`]), the first visit's small download.
//! The catalog build hands every other route to the whole app
//! ([`crate::pages::handover`]); the linker leaves out what its pages never
//! reach: the engines, the lab pages, the charts.

use crate::common::header::Header;
use crate::common::later::Later;
use crate::common::notice::StorageNotice;
use crate::lab::lab_page::LabPage;
use crate::pages::about_page::AboutPage;
use crate::pages::catalog_page::CatalogPage;
use crate::pages::glossary_page::GlossaryPage;
use crate::pages::open_page::OpenPage;
use crate::pages::progress_panel::{CheckHere, HandToWholeApp};
use crate::sandbox::sandbox_page::SandboxPage;
use crate::state::prefs::{Prefs, Theme};
use crate::state::route::{current_flags, use_route, Route};
use crate::state::{scorm_api, storage};
use crate::state::{AppContext, AppState};
use crate::text::tr;
use yew::prelude::*;

/// The pages a build carries and what it reports to an LMS.
pub trait Edition: 'static {
    /// The page shown at `route`.
    fn page(route: Route, state: &AppState) -> Html;
    /// Start-up: in a SCORM package inside an LMS, the LMS's record wins.
    fn start(prefs: &mut Prefs);
    /// After every change of the prefs: the LMS's record.
    fn report(prefs: &Prefs);
    /// Labs opened from a file in an earlier visit, or in another tab,
    /// back in the catalog.
    fn keep_labs(prefs: &Prefs);
    /// Whether the app's first page, when a lab's, mounts a frame after
    /// the header ([`FirstPage`]). The catalog build shows no lab page:
    /// without it, its download carries neither.
    const FIRST_LAB_PAGE_LATER: bool;
}

/// The whole app: every page, and the LMS report a SCORM package makes.
pub struct Whole;

impl Edition for Whole {
    fn page(route: Route, _: &AppState) -> Html {
        match route {
            Route::Catalog => html! { <CatalogPage<CheckHere> /> },
            Route::About => html! { <AboutPage /> },
            Route::Sandbox => html! { <SandboxPage /> },
            Route::Glossary { term } => html! { <GlossaryPage {term} /> },
            Route::Lab { id, shared } => html! { <LabPage {id} {shared} /> },
            Route::Open { lab, file, shared } => html! { <OpenPage {lab} {file} {shared} /> },
            Route::NotFound { .. } => html! { <CatalogPage<CheckHere> /> },
        }
    }
    fn start(prefs: &mut Prefs) {
        scorm_api::start(prefs);
    }
    fn report(prefs: &Prefs) {
        scorm_api::report(prefs, &lab_answers);
    }
    fn keep_labs(prefs: &Prefs) {
        crate::state::kept_labs::register(prefs);
    }
    const FIRST_LAB_PAGE_LATER: bool = true;
}

/// The catalog alone. A SCORM package carries only the whole app, so this
/// build never talks to an LMS.
pub struct CatalogOnly;

impl Edition for CatalogOnly {
    fn page(route: Route, state: &AppState) -> Html {
        // Labs kept from files show in the catalog from their parsed
        // files, which only the whole app keeps.
        let catalog = matches!(route, Route::Catalog | Route::NotFound { .. });
        if catalog && state.prefs.my_labs.is_empty() {
            html! { <CatalogPage<HandToWholeApp> /> }
        } else {
            html! { <crate::pages::handover::Handover /> }
        }
    }
    fn start(_: &mut Prefs) {}
    fn report(_: &Prefs) {}
    // The page hands over to the whole app while labs are kept.
    fn keep_labs(_: &Prefs) {}
    const FIRST_LAB_PAGE_LATER: bool = false;
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Start-up state; `None` reads browser storage.
    #[prop_or_default]
    pub initial: Option<AppState>,
}

/// Installs the panic panel and mounts `C` in place of the catalog
/// `vlab prerender` wrote into index.html (src/cli/prerender.rs), which
/// has been showing until now. It goes in the same task that mounts the
/// app, whose first render runs in a microtask before the next frame: no
/// frame is blank and no frame shows two catalogs.
#[cfg(target_arch = "wasm32")]
pub fn mount<C: BaseComponent<Properties = AppProps>>() -> yew::AppHandle<C> {
    crate::common::panic_panel::install();
    if let Some(prerendered) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(crate::catalog::PRERENDER_ID))
    {
        prerendered.remove();
    }
    yew::Renderer::<C>::new().render()
}

/// The whole app (`vlab-web`).
#[component]
pub fn App(props: &AppProps) -> Html {
    html! { <Root<Whole> initial={props.initial.clone()} /> }
}

/// The catalog build (`vlab-catalog`).
#[component]
pub fn CatalogApp(props: &AppProps) -> Html {
    html! { <Root<CatalogOnly> initial={props.initial.clone()} /> }
}

#[component]
fn Root<E: Edition>(props: &AppProps) -> Html {
    let initial = props.initial.clone();
    let state = use_reducer(move || {
        let state = initial.unwrap_or_else(|| {
            let (mut prefs, notice) = storage::load();
            E::start(&mut prefs);
            AppState { prefs, notice }
        });
        // Labs opened from a file in an earlier visit are back.
        E::keep_labs(&state.prefs);
        state
    });
    {
        // Another tab's save becomes this tab's state (see storage.rs).
        let state = state.clone();
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            let listener = storage::on_other_tab_save(move |prefs| {
                // The other tab may have opened a lab from a file.
                E::keep_labs(&prefs);
                state.dispatch(crate::state::AppAction::Adopt(prefs))
            });
            #[cfg(not(target_arch = "wasm32"))]
            let _ = state;
            move || {
                #[cfg(target_arch = "wasm32")]
                drop(listener);
            }
        });
    }
    use_effect_with(state.prefs.clone(), |prefs| {
        storage::save_soon(prefs.clone());
        E::report(prefs);
    });
    // Only when they change, not with every prefs change (each control
    // change saves its settings): see `common::attribute`.
    let p = &state.prefs;
    use_effect_with(
        (p.lang, p.theme, p.presenter),
        |&(lang, theme, presenter)| {
            reflect_on_document(lang, theme, presenter);
        },
    );
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <Shell<E> />
        </ContextProvider<AppContext>>
    }
}

#[component]
fn Shell<E: Edition>() -> Html {
    let route = use_route();
    let app = crate::state::use_app();
    let lang = app.prefs.lang;
    {
        // A teacher's link sets presenter mode or hides the answers; the
        // browser keeps the setting until another link changes it.
        // The flags are read on every render (each hashchange renders):
        // a lab's link with only a new flag is the same route.
        let app = app.clone();
        use_effect_with(current_flags(), move |flags| {
            if let Some(on) = flags.presenter {
                app.dispatch(crate::state::AppAction::SetPresenter(on));
            }
            if let Some(hidden) = flags.answers_hidden {
                app.dispatch(crate::state::AppAction::SetAnswersHidden(hidden));
            }
        });
    }
    let lab = matches!(route, Route::Lab { .. });
    let page = E::page(route, &app);
    let page = if E::FIRST_LAB_PAGE_LATER {
        html! { <FirstPage {lab}>{ page }</FirstPage> }
    } else {
        page
    };
    html! {
        <>
            <a class="sr-only skip-link" href="#main" onclick={Callback::from(skip_to_main)}>{ tr(lang, "app.skip") }</a>
            <Header />
            <StorageNotice />
            <main id="main" tabindex="-1">{ page }</main>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FirstPageProps {
    children: Html,
    /// Whether the page is a lab's.
    lab: bool,
}

/// The routed page. When the app starts on a lab's page (a link, or the
/// catalog build handing over), it mounts a frame after the header: the
/// browser compiles the code of each on its first use (see `lab::warm`),
/// and one task compiling both blocked input for over 50 ms (issue 18).
/// Any later page mounts at once.
#[component]
fn FirstPage(props: &FirstPageProps) -> Html {
    let lang = crate::state::use_app().prefs.lang;
    let step = *use_state(|| u32::from(props.lab));
    let loading = crate::lab::lab_page::loading_line(lang);
    html! { <Later {step} placeholder={loading}>{ props.children.clone() }</Later> }
}

/// A lab's answer key at `seed`, from the figures the lab page caches.
fn lab_answers(lab: &vlab_sim::Lab, seed: u64) -> Vec<vlab_sim::Answer> {
    lab.answers_from(&crate::lab::lab_figures::figures(lab, seed))
}

/// `<html lang>` and `<html data-theme>` follow the prefs, so screen
/// readers pick the right voice and CSS the right theme; presenter mode
/// is the projector theme with large type (`<html data-presenter>`).
fn reflect_on_document(lang: crate::text::Lang, theme: Theme, presenter: bool) {
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        use crate::common::attribute::set_if_changed;
        let theme = if presenter { Theme::Projector } else { theme };
        // Untouched when equal (the pre-rendered page already has them).
        set_if_changed(&root, "lang", Some(lang.code()));
        set_if_changed(&root, "data-theme", Some(theme.code()));
        set_if_changed(&root, "data-presenter", presenter.then_some("on"));
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (lang, theme, presenter);
}

/// Moves focus to `<main>` without touching the hash (which is the route).
fn skip_to_main(e: MouseEvent) {
    e.prevent_default();
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
        }
    }
}
