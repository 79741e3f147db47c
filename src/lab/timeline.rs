//! The timeline: a scrubber over the run's samples, Play and Pause, one
//! sample back or forward, and the playing speed. The run is already
//! computed, so any time, earlier or later, is shown exactly; playing only
//! moves the shown sample (the page owns it: [`seek`]).

use crate::state::use_app;
use crate::text::{tr, tr_fill};
use gloo::timers::callback::Interval;
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use vlab_sim::Setting;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// At 1×, one sample every 500 ms; the others are multiples.
pub const TICK_MS: u32 = 500;
pub const SPEEDS: [u32; 4] = [1, 2, 4, 8];

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Every sample's time [s], in order.
    pub times: Rc<[u32]>,
    /// The shown sample's time [s].
    pub t_s: u32,
    /// Asks the page to show the sample at this time.
    pub on_seek: Callback<u32>,
    /// Changes with the lab and its settings ([`run_key`]): playback stops.
    pub run: u64,
}

/// The first sample at or after `t` (an event's effect shows in the sample
/// that follows it), or the last one.
pub fn snap(times: &[u32], t: u32) -> u32 {
    times
        .iter()
        .copied()
        .find(|&s| s >= t)
        .or_else(|| times.last().copied())
        .unwrap_or(0)
}

/// The page's handler for a time asked by the timeline or the event log:
/// `view_t` becomes the sample at or after `t` for `lab`, or None (follow
/// the end) for the last sample.
pub fn seek(
    view_t: UseStateHandle<Option<(String, u32)>>,
    lab: String,
    times: Rc<[u32]>,
) -> Callback<u32> {
    Callback::from(move |t: u32| {
        let t = snap(&times, t);
        let last = times.last().copied().unwrap_or(0);
        view_t.set((t < last).then(|| (lab.clone(), t)));
    })
}

/// Identifies one run of one lab: the timeline stops playing when it
/// changes (another lab, a control moved).
pub fn run_key(lab: &str, settings: &[Setting]) -> u64 {
    let mut h = DefaultHasher::new();
    (lab, settings).hash(&mut h);
    h.finish()
}

/// What the timer reads on each tick: the latest props, and the time it
/// (or a control here) last asked for. A shown time that differs was asked
/// by someone else (an event clicked in the log), and playback pauses.
#[derive(Default)]
struct Latest {
    times: Rc<[u32]>,
    t_s: u32,
    on_seek: Callback<u32>,
    expected: Option<u32>,
}

fn before(times: &[u32], t: u32) -> Option<u32> {
    times.iter().rev().copied().find(|&s| s < t)
}

fn after(times: &[u32], t: u32) -> Option<u32> {
    times.iter().copied().find(|&s| s > t)
}

#[component]
pub fn TimelineControls(props: &TimelineProps) -> Html {
    let lang = use_app().prefs.lang;
    let playing = use_state_eq(|| false);
    let speed = use_state_eq(|| SPEEDS[0]);
    let latest = use_mut_ref(Latest::default);
    {
        let mut l = latest.borrow_mut();
        l.times = props.times.clone();
        l.t_s = props.t_s;
        l.on_seek = props.on_seek.clone();
    }
    // Another lab or other settings: a new run, shown from where it is.
    {
        let playing = playing.clone();
        use_effect_with(props.run, move |_| playing.set(false));
    }
    // Moved from outside while playing: pause there.
    {
        let playing = playing.clone();
        let latest = latest.clone();
        use_effect_with(props.t_s, move |&t| {
            if *playing && latest.borrow().expected != Some(t) {
                playing.set(false);
            }
        });
    }
    // The timer runs only while playing; pausing, the end, a new run and
    // unmounting all drop it.
    {
        let playing = playing.clone();
        let latest = latest.clone();
        use_effect_with((*playing, *speed), move |&(on, speed)| {
            let timer = on.then(|| {
                Interval::new(TICK_MS / speed.max(1), move || {
                    tick(&latest, &playing);
                })
            });
            move || drop(timer)
        });
    }

    let times = &props.times;
    let first = times.first().copied().unwrap_or(0);
    let last = times.last().copied().unwrap_or(0);
    let t = props.t_s;
    let step = match &times[..] {
        [a, b, ..] => b - a,
        _ => 1,
    };
    let prev = before(times, t);
    let next = after(times, t);

    let on_play = {
        let playing = playing.clone();
        let latest = latest.clone();
        Callback::from(move |_: MouseEvent| {
            if *playing {
                playing.set(false);
                return;
            }
            let on_seek = {
                let mut l = latest.borrow_mut();
                // From the end, play again from the start.
                let from = if l.t_s >= last { first } else { l.t_s };
                l.expected = Some(from);
                (from != l.t_s).then(|| (l.on_seek.clone(), from))
            };
            if let Some((on_seek, from)) = on_seek {
                on_seek.emit(from);
            }
            playing.set(true);
        })
    };
    let step_to = |to: Option<u32>| {
        let playing = playing.clone();
        let on_seek = props.on_seek.clone();
        Callback::from(move |_: MouseEvent| {
            // aria-disabled at either end: nothing to do.
            if let Some(to) = to {
                playing.set(false);
                on_seek.emit(to);
            }
        })
    };
    let on_back = step_to(prev);
    let on_forward = step_to(next);
    let on_scrub = {
        let latest = latest.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let Ok(v) = el.value().parse::<u32>() else {
                return;
            };
            let on_seek = {
                let mut l = latest.borrow_mut();
                let to = snap(&l.times, v);
                // Playing goes on from here.
                l.expected = Some(to);
                (l.on_seek.clone(), to)
            };
            on_seek.0.emit(on_seek.1);
        })
    };
    let on_speed = {
        let speed = speed.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(s) = el.value().parse::<u32>() {
                if SPEEDS.contains(&s) {
                    speed.set(s);
                }
            }
        })
    };

    let (play_icon, play_text, play_aria) = if *playing {
        (
            "❚❚",
            tr(lang, "timeline.pause"),
            tr(lang, "timeline.pause_aria"),
        )
    } else if t >= last {
        (
            "▶\u{fe0e}",
            tr(lang, "timeline.play"),
            tr(lang, "timeline.replay_aria"),
        )
    } else {
        (
            "▶\u{fe0e}",
            tr(lang, "timeline.play"),
            tr(lang, "timeline.play_aria"),
        )
    };
    let disabled = |b: bool| b.then_some("true");
    html! {
        <div class="control time-control timeline" role="group" aria-label={tr(lang, "timeline.label")}
            data-testid="timeline">
            <label for="time-select">{ format!("{} (s)", tr(lang, "lab.time")) }</label>
            <div class="range-row">
                <input type="range" id="time-select" data-testid="time-select"
                    min={first.to_string()} max={last.to_string()} step={step.to_string()}
                    value={t.to_string()} oninput={on_scrub}
                    aria-valuetext={format!("{t} s")} />
                <output for="time-select">{ format!("{t} / {last} s") }</output>
            </div>
            <div class="timeline-buttons">
                <button type="button" class="btn" data-testid="timeline-back"
                    aria-label={tr(lang, "timeline.back_aria")} aria-disabled={disabled(prev.is_none())}
                    onclick={on_back}>
                    <span aria-hidden="true">{ "◁" }</span>{ tr(lang, "timeline.back") }
                </button>
                <button type="button" class="btn btn-primary timeline-play" data-testid="timeline-play"
                    data-playing={playing.to_string()} aria-label={play_aria}
                    onclick={on_play}>
                    <span aria-hidden="true" class="play-icon">{ play_icon }</span>{ play_text }
                </button>
                <button type="button" class="btn" data-testid="timeline-forward"
                    aria-label={tr(lang, "timeline.forward_aria")} aria-disabled={disabled(next.is_none())}
                    onclick={on_forward}>
                    { tr(lang, "timeline.forward") }<span aria-hidden="true">{ "▷" }</span>
                </button>
                <span class="timeline-speed">
                    <label for="timeline-speed">{ tr(lang, "timeline.speed") }</label>
                    <select id="timeline-speed" data-testid="timeline-speed" onchange={on_speed}>
                        { for SPEEDS.iter().map(|&s| html! {
                            <option value={s.to_string()} selected={s == *speed}>
                                { tr_fill(lang, "timeline.speed_n", &[
                                    ("n", &s.to_string()),
                                    ("per_s", &(s * 1000 / TICK_MS).to_string()),
                                ]) }
                            </option>
                        }) }
                    </select>
                </span>
            </div>
        </div>
    }
}

/// One step of playback: the next sample, and a stop at the last.
fn tick(latest: &RefCell<Latest>, playing: &UseStateHandle<bool>) {
    let (on_seek, next, at_last) = {
        let mut l = latest.borrow_mut();
        let next = after(&l.times, l.t_s);
        let last = l.times.last().copied();
        l.expected = next.or(l.expected);
        (l.on_seek.clone(), next, next.is_none() || next == last)
    };
    if let Some(t) = next {
        on_seek.emit(t);
    }
    if at_last {
        playing.set(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snap_takes_the_first_sample_at_or_after() {
        let times = [0, 10, 20, 25];
        assert_eq!(snap(&times, 0), 0);
        assert_eq!(snap(&times, 5), 10);
        assert_eq!(snap(&times, 20), 20);
        assert_eq!(snap(&times, 24), 25);
        assert_eq!(snap(&times, 99), 25);
        assert_eq!(snap(&[], 7), 0);
    }

    #[test]
    fn steps_go_one_sample_either_way() {
        let times = [0, 10, 20];
        assert_eq!(before(&times, 10), Some(0));
        assert_eq!(before(&times, 0), None);
        assert_eq!(after(&times, 10), Some(20));
        assert_eq!(after(&times, 20), None);
    }

    #[test]
    fn run_key_changes_with_the_lab_and_the_settings() {
        let s = |v: i64| Setting {
            target: "vm.a.shares".into(),
            value: vlab_sim::Value::Int(v),
        };
        assert_eq!(run_key("a", &[s(1)]), run_key("a", &[s(1)]));
        assert_ne!(run_key("a", &[s(1)]), run_key("a", &[s(2)]));
        assert_ne!(run_key("a", &[]), run_key("b", &[]));
    }
}
