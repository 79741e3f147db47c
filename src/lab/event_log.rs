//! The event log: what happened and why, in the student's language.

use crate::lab::event_text::event_text;
use crate::state::use_app;
use crate::text::tr;
use vlab_sim::Event;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub events: Vec<Event>,
}

#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let lang = use_app().prefs.lang;
    if props.events.is_empty() {
        return html! { <p class="muted">{ tr(lang, "lab.no_events") }</p> };
    }
    html! {
        <ol class="event-log" data-testid="event-log">
            { for props.events.iter().map(|e| html! {
                <li class={format!("ev-{}", e.kind.name())} data-kind={e.kind.name()}>
                    <span class="ev-time">{ format!("t={}s", e.t_s) }</span>
                    <span class="ev-text">{ event_text(lang, e) }</span>
                </li>
            }) }
        </ol>
    }
}
