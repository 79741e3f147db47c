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

/// Natively (tests, server-side rendering) there is no storage.
#[cfg(not(target_arch = "wasm32"))]
pub fn load() -> (Prefs, Option<Discarded>) {
    (Prefs::default(), None)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn save(_prefs: &Prefs) {}
