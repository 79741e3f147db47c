//! Parts of a page mounted a few tasks after the rest (issue 18). Opening
//! a lab's outcome mounts its tables, charts and event log at once; on a
//! slow laptop that one task blocked input for a few hundred milliseconds.
//! Wrapped in [`Later`], the parts below the first screen mount in frames
//! of their own, `step` frames after the rest: each hop waits for the
//! browser's next frame (its layout and paint) and then a task, so that
//! two `Later`s with different steps are neither rendered nor laid out
//! together. (Hopping by timers alone let several steps render before one
//! frame, which then laid out all of them: over 60 ms at 4x CPU.) Once
//! mounted they stay, and later changes update them in the same render
//! as the rest.

use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LaterProps {
    pub children: Html,
    /// How many frames after the page's own this part mounts (0: with it).
    #[prop_or(1)]
    pub step: u32,
    /// What shows until then.
    #[prop_or_default]
    pub placeholder: Html,
}

#[component]
pub fn Later(props: &LaterProps) -> Html {
    // Tasks waited so far. Outside the browser (server-side render tests)
    // there is no later: everything mounts at once.
    let waited = use_state(|| {
        if cfg!(target_arch = "wasm32") {
            0
        } else {
            u32::MAX
        }
    });
    let mounted = *waited >= props.step;
    {
        let waited = waited.clone();
        use_effect_with((*waited, mounted), move |&(n, mounted)| {
            // One hop per frame until mounted; then nothing more to do.
            let pending = (!mounted).then(|| after_next_frame(move || waited.set(n + 1)));
            move || drop(pending)
        });
    }
    if mounted {
        props.children.clone()
    } else {
        props.placeholder.clone()
    }
}

/// Cancels a pending [`after_next_frame`] call when dropped.
struct Pending(Rc<Cell<bool>>);

impl Drop for Pending {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// Runs `f` in a task after the browser's next frame, unless the returned
/// guard is dropped first. In a hidden tab, which draws no frames, in the
/// next task. Outside the browser, never.
fn after_next_frame(f: impl FnOnce() + 'static) -> Pending {
    let live = Rc::new(Cell::new(true));
    #[cfg(target_arch = "wasm32")]
    schedule(live.clone(), f);
    #[cfg(not(target_arch = "wasm32"))]
    drop(f);
    Pending(live)
}

#[cfg(target_arch = "wasm32")]
fn schedule(live: Rc<Cell<bool>>, f: impl FnOnce() + 'static) {
    use gloo::timers::callback::Timeout;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let run = move || {
        Timeout::new(0, move || {
            if live.get() {
                f();
            }
        })
        .forget();
    };
    let window = web_sys::window();
    let hidden = window
        .as_ref()
        .and_then(|w| w.document())
        .is_none_or(|d| d.hidden());
    match window.filter(|_| !hidden) {
        Some(w) => {
            let frame = Closure::once_into_js(run);
            let _ = w.request_animation_frame(frame.unchecked_ref());
        }
        None => run(),
    }
}
