//! The event log: what happened and why, in the student's language. With
//! a timeline, each event is a button that shows the cluster at its time,
//! and the events after the shown time are marked "not yet".

use crate::lab::event_text::event_text;
use crate::state::use_app;
use crate::text::tr;
use vlab_sim::Event;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub events: Vec<Event>,
    /// The shown time [s]: later events have not happened yet.
    #[prop_or_default]
    pub t_s: Option<u32>,
    /// Shows the cluster at an event's time; without it, events are text.
    #[prop_or_default]
    pub on_select: Option<Callback<u32>>,
}

#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let lang = use_app().prefs.lang;
    if props.events.is_empty() {
        return html! { <p class="muted">{ tr(lang, "lab.no_events") }</p> };
    }
    let not_yet = tr(lang, "timeline.not_yet");
    let event = |e: &Event| {
        let future = props.t_s.is_some_and(|t| e.t_s > t);
        let body = html! {
            <>
                <span class="ev-time">{ format!("t={}s", e.t_s) }</span>
                if future {
                    <span class="sr-only">{ format!("{not_yet} ") }</span>
                }
                <span class="ev-text">{ event_text(lang, e) }</span>
            </>
        };
        let class = classes!(format!("ev-{}", e.kind.name()), future.then_some("later"));
        html! {
            <li {class} data-kind={e.kind.name()} data-t={e.t_s.to_string()}
                data-future={future.to_string()}>
                if let Some(on_select) = &props.on_select {
                    <button type="button" class="ev-jump" onclick={on_select.reform({
                        let t = e.t_s;
                        move |_: MouseEvent| t
                    })}>{ body }</button>
                } else {
                    { body }
                }
            </li>
        }
    };
    html! {
        <>
            if props.on_select.is_some() {
                <p class="muted event-log-note">{ tr(lang, "timeline.events_note") }</p>
            }
            <ol class="event-log" data-testid="event-log">
                { for props.events.iter().map(event) }
            </ol>
        </>
    }
}
