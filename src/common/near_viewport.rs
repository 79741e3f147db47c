//! Whether an element is on or near the screen, as the browser's
//! IntersectionObserver tells it after each frame (no layout asked for).
//! The charts draw only near the screen (issue 18): a control's change
//! redraws every chart on the page, and below the fold, where the lab
//! page's charts usually are, that drawing (10-40 ms at 4x CPU) and the
//! layout it forced held up the change reaching the part the student is
//! looking at. A chart scrolled towards draws then, once.

use yew::prelude::*;

/// How far above and below the viewport counts as near: half a screen,
/// so a chart is drawn before it scrolls in.
#[cfg(target_arch = "wasm32")]
const MARGIN: &str = "50% 0px";

/// True while `node`'s element is within [`MARGIN`] of the viewport.
/// False until the browser has answered once, and while there is no
/// element. Natively (the server-side render tests) always true.
#[hook]
pub fn use_near_viewport(node: &NodeRef) -> bool {
    let near = use_state_eq(|| cfg!(not(target_arch = "wasm32")));
    #[cfg(target_arch = "wasm32")]
    {
        let watch = use_mut_ref(|| None::<watch::Watch>);
        let node = node.clone();
        let set = near.setter();
        // After every render: the element may have come, gone or been
        // replaced (a chart shown only for some choices).
        use_effect(move || {
            let el = node
                .get()
                .and_then(|n| wasm_bindgen::JsCast::dyn_into(n).ok());
            let mut w = watch.borrow_mut();
            if w.as_ref().map(|w| &w.el) != el.as_ref() {
                // Dropping the old watch disconnects it.
                *w = el.and_then(|el| watch::Watch::new(el, set));
            }
            || ()
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = node;
    *near
}

#[cfg(target_arch = "wasm32")]
mod watch {
    use super::MARGIN;
    use wasm_bindgen::prelude::*;
    use web_sys::{
        Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit,
    };
    use yew::UseStateSetter;

    /// One element observed; dropped, it stops.
    pub struct Watch {
        pub el: Element,
        observer: IntersectionObserver,
        _on_change: Closure<dyn FnMut(js_sys::Array)>,
    }

    impl Watch {
        pub fn new(el: Element, near: UseStateSetter<bool>) -> Option<Watch> {
            let on_change =
                Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                    // The newest entry is the element's current state.
                    if let Some(e) = entries.iter().last() {
                        near.set(
                            e.unchecked_into::<IntersectionObserverEntry>()
                                .is_intersecting(),
                        );
                    }
                });
            let options = IntersectionObserverInit::new();
            options.set_root_margin(MARGIN);
            let observer = IntersectionObserver::new_with_options(
                on_change.as_ref().unchecked_ref(),
                &options,
            )
            .ok()?;
            observer.observe(&el);
            Some(Watch {
                el,
                observer,
                _on_change: on_change,
            })
        }
    }

    impl Drop for Watch {
        fn drop(&mut self) {
            self.observer.disconnect();
        }
    }
}
