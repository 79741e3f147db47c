//! Yew's DOM code run once, on a page nobody sees, before the whole app
//! mounts (issue 18).
//!
//! Chromium compiles a WebAssembly function on its first call, on the
//! calling thread. The worker of `static/warm.js` compiles the lab page's
//! pure code (`lab::warm`), but Yew's DOM code (creating, patching and
//! listening to elements) can only run on the page: at the first lab
//! page's mount it compiled in the same task as the app's first render,
//! 35 to 63 ms of a task of 56 to 91 ms at 4x CPU under tracing.
//! [`warm`] renders a small tree with the kinds of nodes the app uses
//! (elements with attributes, classes and listeners, text, lists, a child
//! component, HTML from `markdown`, the only raw HTML the app inserts)
//! into a detached element, renders it again with changes, and removes
//! it: in a task of its own, before the mount, so that the mount finds
//! that code compiled. Nothing reaches the document.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct RowProps {
    n: u32,
}

#[component]
fn Row(props: &RowProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <li class={classes!("row", (*open).then_some("open"))} data-n={props.n.to_string()}>
            <button type="button" class="btn" onclick={toggle}>{ props.n }</button>
            if *open {
                <span>{ "open" }</span>
            }
        </li>
    }
}

#[component]
fn Tree() -> Html {
    // The second render (below) changes the list, the text and an
    // attribute, as a control's change does.
    let round = use_state(|| 0_u32);
    {
        let round = round.clone();
        use_effect_with(*round, move |&r| {
            if r == 0 {
                round.set(1);
            }
        });
    }
    let oninput = Callback::from(|_: InputEvent| {});
    html! {
        <section class="panel" aria-labelledby="warm-h">
            <h2 id="warm-h">{ format!("t = {} s", *round) }</h2>
            <input type="range" min="0" max="10" value={round.to_string()} {oninput} />
            <select><option value="a" selected={*round == 0}>{ "a" }</option></select>
            <ul>{ for (0..3 + *round).map(|n| html! { <Row key={n} {n} /> }) }</ul>
            { crate::common::markdown::SafeHtml::from_markdown("*instructions*").to_html() }
        </section>
    }
}

/// Renders [`Tree`] into a detached element, twice, then removes it.
pub fn warm() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("div").ok())
    else {
        return;
    };
    let app = yew::Renderer::<Tree>::with_root(root).render();
    // Yew renders both rounds in microtasks of this task; the removal
    // goes in a task of its own.
    gloo::timers::callback::Timeout::new(0, move || app.destroy()).forget();
}
