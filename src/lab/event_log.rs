//! The event log: what happened and why, in the student's language. With
//! a timeline, each event is a button that shows the cluster at its time,
//! and the events after the shown time are marked "not yet". Events newly
//! reached (the timeline plays or steps on, or a new run produced them) are
//! announced to screen readers through a polite live region, the newest
//! few only ([`newly_reached`], [`announcement`]).

use crate::common::shared_trace::SharedTrace;
use crate::lab::event_text::event_text;
use crate::state::use_app;
use crate::text::{tr, tr_fill, Lang};
use vlab_sim::Event;
use yew::prelude::*;

/// How many events one announcement reads out: the newest.
pub const ANNOUNCE_MAX: usize = 3;

/// The events a screen reader should hear about when the log goes from
/// `before` (its events and shown time; None when it has just appeared) to
/// `events` at `t_s`, in log order. The same run shown at a later time:
/// the events after the previous time up to the new one (none going
/// back). Another run (a control moved): the events it has that the
/// previous run had not, up to the shown time. Just appeared: none (the
/// log itself is read then).
pub fn newly_reached<'a>(
    before: Option<(&[Event], Option<u32>)>,
    events: &'a [Event],
    t_s: Option<u32>,
) -> Vec<&'a Event> {
    let Some((old, old_t)) = before else {
        return Vec::new();
    };
    let reached = |e: &&Event| t_s.is_none_or(|t| e.t_s <= t);
    // The same list (a run shown at another time) without walking it.
    if std::ptr::eq(old, events) || old == events {
        match (old_t, t_s) {
            (Some(from), Some(to)) if to > from => events
                .iter()
                .filter(|e| e.t_s > from && e.t_s <= to)
                .collect(),
            _ => Vec::new(),
        }
    } else {
        events
            .iter()
            .filter(reached)
            .filter(|e| !old.contains(e))
            .collect()
    }
}

/// What the live region says about `reached` (from [`newly_reached`]):
/// each of the newest [`ANNOUNCE_MAX`] as "12 s: esx1 failed", and how
/// many there were when there were more. None when nothing is new (the
/// region keeps its text).
pub fn announcement(lang: Lang, reached: &[&Event]) -> Option<String> {
    if reached.is_empty() {
        return None;
    }
    let newest = &reached[reached.len().saturating_sub(ANNOUNCE_MAX)..];
    let items = newest
        .iter()
        .map(|e| {
            tr_fill(
                lang,
                "timeline.announce_one",
                &[
                    ("t", &e.t_s.to_string()),
                    // The separator ends each item: no full stop before it.
                    ("text", event_text(lang, e).trim_end_matches(['.', '。'])),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(&tr(lang, "timeline.announce_sep"));
    Some(if reached.len() > ANNOUNCE_MAX {
        tr_fill(
            lang,
            "timeline.announce_more",
            &[("n", &reached.len().to_string()), ("latest", &items)],
        )
    } else {
        items
    })
}

/// What the log last showed: what a new render's events are compared with.
struct Shown {
    trace: SharedTrace,
    t_s: Option<u32>,
    lang: Lang,
}

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// The run whose events these are (compared by identity: a new run is
    /// a new trace).
    pub trace: SharedTrace,
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
    // What the log showed last (events, time, language), and what the live
    // region says: worked out as the log renders, so the announcement
    // changes in the same task as the log. (In an effect it came a task
    // later, after the browser's frame: one frame more before a control's
    // change had fully reached the page, 10-20 ms at 4x CPU; issue 18.)
    let memory = use_mut_ref(|| (None::<Shown>, String::new()));
    let said = {
        let mut memory = memory.borrow_mut();
        let (shown, said) = &mut *memory;
        let unchanged = shown
            .as_ref()
            .is_some_and(|s| s.t_s == props.t_s && s.lang == lang && s.trace == props.trace);
        if !unchanged {
            let before = shown.as_ref().map(|s| (&s.trace.events[..], s.t_s));
            let reached = newly_reached(before, &props.trace.events, props.t_s);
            if let Some(text) = announcement(lang, &reached) {
                *said = text;
            }
            *shown = Some(Shown {
                trace: props.trace.clone(),
                t_s: props.t_s,
                lang,
            });
        }
        said.clone()
    };
    // Present from the start, so that assistive technology hears changes.
    let live = html! {
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true"
            data-testid="event-announcer">{ said }</div>
    };
    let events = &props.trace.events;
    if events.is_empty() {
        return html! { <>{ live }<p class="muted">{ tr(lang, "lab.no_events") }</p></> };
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
            { live }
            if props.on_select.is_some() {
                <p class="muted event-log-note">{ tr(lang, "timeline.events_note") }</p>
            }
            <ol class="event-log" data-testid="event-log">
                { for events.iter().map(event) }
            </ol>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vlab_sim::event::Detail;
    use vlab_sim::EventKind;

    fn ev(t_s: u32, vm: &str) -> Event {
        Event {
            t_s,
            kind: EventKind::PowerOn,
            subject: vm.into(),
            detail: Detail::None,
        }
    }

    fn times(v: &[&Event]) -> Vec<u32> {
        v.iter().map(|e| e.t_s).collect()
    }

    #[test]
    fn playing_on_announces_the_events_passed_going_back_none() {
        let log = vec![ev(0, "a"), ev(12, "b"), ev(30, "c"), ev(60, "d")];
        assert!(
            newly_reached(None, &log, Some(0)).is_empty(),
            "the log just appeared"
        );
        assert_eq!(
            times(&newly_reached(Some((&log, Some(0))), &log, Some(10))),
            Vec::<u32>::new()
        );
        assert_eq!(
            times(&newly_reached(Some((&log, Some(10))), &log, Some(30))),
            [12, 30]
        );
        assert!(newly_reached(Some((&log, Some(60))), &log, Some(0)).is_empty());
        assert!(newly_reached(Some((&log, Some(30))), &log, Some(30)).is_empty());
    }

    #[test]
    fn a_new_run_announces_only_its_new_events_up_to_the_shown_time() {
        let old = vec![ev(0, "a"), ev(12, "b")];
        let new = vec![ev(0, "a"), ev(12, "c"), ev(90, "d")];
        assert_eq!(
            times(&newly_reached(Some((&old, None)), &new, None)),
            [12, 90]
        );
        assert_eq!(
            times(&newly_reached(Some((&old, Some(60))), &new, Some(60))),
            [12]
        );
        assert!(
            newly_reached(Some((&old, None)), &old, None).is_empty(),
            "the same run again"
        );
    }

    #[test]
    fn the_announcement_names_the_newest_few_in_both_languages() {
        let log: Vec<Event> = (1..=5).map(|i| ev(i * 10, &format!("vm{i}"))).collect();
        let all: Vec<&Event> = log.iter().collect();
        assert_eq!(announcement(Lang::En, &[]), None);
        let one = announcement(Lang::En, &all[..1]).unwrap();
        assert!(one.starts_with("10 s: ") && one.contains("vm1"), "{one}");
        let five = announcement(Lang::En, &all).unwrap();
        assert!(five.starts_with("5 new events"), "{five}");
        assert!(
            !five.contains("vm2") && five.contains("30 s: ") && five.contains("vm5"),
            "{five}"
        );
        let zh = announcement(Lang::ZhCn, &all).unwrap();
        assert!(
            zh.contains("50 秒") && zh.contains("5") && !zh.contains("vm1"),
            "{zh}"
        );
    }
}
