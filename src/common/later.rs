//! Parts of a page mounted a few tasks after the rest (issue 18). Opening
//! a lab's outcome mounts its tables, charts and event log at once; on a
//! slow laptop that one task blocked input for a few hundred milliseconds.
//! Wrapped in [`Later`], the parts below the first screen mount in tasks
//! of their own, `step` tasks after the rest (so that two `Later`s with
//! different steps do not mount in the same task), after the browser has
//! had the chance to paint. Once mounted they stay, and later changes
//! update them in the same render as the rest.

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
            // One hop per task until mounted; then nothing more to do.
            let pending = (!mounted && cfg!(target_arch = "wasm32"))
                .then(|| gloo::timers::callback::Timeout::new(0, move || waited.set(n + 1)));
            move || drop(pending)
        });
    }
    if mounted {
        props.children.clone()
    } else {
        html! {}
    }
}
