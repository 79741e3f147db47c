//! Charts draw in tasks of their own (issue 18). A page's render (Yew's
//! diff and the DOM it changes) and its charts' drawing (plotters on a
//! canvas, after a forced layout to size it) used to run in one task: on
//! a slow laptop a lab with several charts blocked input for a few hundred
//! milliseconds at a time. Now the render ends, the browser may paint and
//! take input, and each chart draws in a task queued after it.

use yew::prelude::*;

/// As `use_effect_with(deps, draw)`, but `draw` runs in a task of its own
/// queued after the render. New `deps` before it ran (a newer change)
/// cancel it: only the latest data is drawn. Outside the browser (the
/// server-side render tests) nothing is drawn, as before.
#[hook]
pub fn use_draw_soon<D>(deps: D, draw: impl Fn(&D) + 'static)
where
    D: PartialEq + Clone + 'static,
{
    use_effect_with(deps, move |deps| {
        #[cfg(target_arch = "wasm32")]
        {
            let deps = deps.clone();
            let pending = gloo::timers::callback::Timeout::new(0, move || draw(&deps));
            move || drop(pending)
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (deps, draw);
            || ()
        }
    });
}
