//! The edge where prefs meet `localStorage`. Failures (private mode, quota)
//! are ignored: the app works, it just forgets.

use crate::state::prefs::{Discarded, Prefs};

/// The one localStorage key vlab uses.
pub const STORAGE_KEY: &str = "vlab.state";

#[cfg(target_arch = "wasm32")]
pub fn load() -> (Prefs, Option<Discarded>) {
    let raw = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    Prefs::from_stored(raw.as_deref())
}

#[cfg(target_arch = "wasm32")]
pub fn save(prefs: &Prefs) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(STORAGE_KEY, &prefs.to_json());
    }
}

/// Calls `adopt` with the prefs another tab of vlab saves (the `storage`
/// event fires in every other tab of the origin). Each tab adopts the
/// other's writes as they happen, so its own next save keeps them: two
/// tabs do not overwrite each other's progress. Unreadable data is
/// ignored. Drop the listener to stop.
#[cfg(target_arch = "wasm32")]
pub fn on_other_tab_save(adopt: impl Fn(Prefs) + 'static) -> Option<gloo::events::EventListener> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(
        &window,
        "storage",
        move |e| {
            let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
                return;
            };
            if e.key().as_deref() != Some(STORAGE_KEY) {
                return;
            }
            if let (prefs, None) = Prefs::from_stored(e.new_value().as_deref()) {
                adopt(prefs);
            }
        },
    ))
}

/// Natively (tests, server-side rendering) there is no storage.
#[cfg(not(target_arch = "wasm32"))]
pub fn load() -> (Prefs, Option<Discarded>) {
    (Prefs::default(), None)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn save(_prefs: &Prefs) {}
