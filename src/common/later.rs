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

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LaterProps {
    pub children: Html,
    /// How many tasks after the page's own this part mounts (at least 1).
    #[prop_or(1)]
    pub step: u32,
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
    let mounted = *waited >= props.step.max(1);
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
        html! {}
    }
}

/// Runs `f` in a task after the browser's next frame, unless the returned
/// guard is dropped first. In a hidden tab, which draws no frames, in the
/// next task. Outside the browser, never.
fn after_next_frame(f: impl FnOnce() + 'static) -> impl Drop {
    #[cfg(target_arch = "wasm32")]
    {
        frame::after_next(f)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        drop(f);
        frame::Guard
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod frame {
    pub struct Guard;
    impl Drop for Guard {
        fn drop(&mut self) {}
    }
}

#[cfg(target_arch = "wasm32")]
mod frame {
    use gloo::timers::callback::Timeout;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    /// Cancels the pending call when dropped.
    pub struct Guard(Rc<Cell<bool>>);

    impl Drop for Guard {
        fn drop(&mut self) {
            self.0.set(false);
        }
    }

    pub fn after_next(f: impl FnOnce() + 'static) -> Guard {
        let live = Rc::new(Cell::new(true));
        let alive = live.clone();
        let run = move || {
            Timeout::new(0, move || {
                if alive.get() {
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
        Guard(live)
    }
}
