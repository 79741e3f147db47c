//! Parts of a page mounted one task after the rest (issue 18). Opening a
//! lab's outcome mounts its tables, charts and event log at once; on a
//! slow laptop that one task blocked input for a few hundred milliseconds.
//! Wrapped in [`Later`], the parts below the first screen mount in a task
//! of their own, after the browser has painted the first. Once mounted
//! they stay, and later changes update them in the same render as the rest.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LaterProps {
    pub children: Html,
}

#[component]
pub fn Later(props: &LaterProps) -> Html {
    // Outside the browser (server-side render tests) there is no later.
    let mounted = use_state(|| cfg!(not(target_arch = "wasm32")));
    {
        let mounted = mounted.clone();
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            {
                // Runs once, at mount (no dependencies).
                let pending = gloo::timers::callback::Timeout::new(0, move || mounted.set(true));
                move || drop(pending)
            }
            #[cfg(not(target_arch = "wasm32"))]
            {
                let _ = mounted;
                || ()
            }
        });
    }
    if *mounted {
        props.children.clone()
    } else {
        html! {}
    }
}
