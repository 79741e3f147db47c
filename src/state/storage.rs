//! The edge where prefs meet `localStorage`. Failures (private mode, quota)
//! are ignored: the app works, it just forgets. What a newer vlab stored
//! is never written over ([`may_overwrite`]): this one runs with defaults
//! and keeps nothing, so the student's progress waits for the newer vlab.

use crate::state::prefs::{stored_version, Discarded, Prefs, PREFS_VERSION};

/// The one localStorage key vlab uses.
pub const STORAGE_KEY: &str = "vlab.state";

#[cfg(target_arch = "wasm32")]
pub fn load() -> (Prefs, Option<Discarded>) {
    let raw = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    Prefs::from_stored(raw.as_deref())
}

/// How long after a change its save waits [ms]: the save (reading what is
/// stored, to check its version, then writing it all) stays out of the
/// task that renders the change, which on a slow laptop it lengthened by
/// about 3 ms (issue 18), and a slider's burst of changes saves once.
pub const SAVE_DELAY_MS: u32 = 200;

/// Saves `prefs` [`SAVE_DELAY_MS`] from now, with whatever newer prefs
/// arrive in between; leaving or reloading the page saves at once.
#[cfg(target_arch = "wasm32")]
pub fn save_soon(prefs: Prefs) {
    soon::save(prefs);
}

/// Saves at once what [`save_soon`] holds, if anything: before the
/// catalog build hands the page to the whole app, which then loads it.
#[cfg(target_arch = "wasm32")]
pub fn save_pending() {
    soon::flush();
}

#[cfg(target_arch = "wasm32")]
mod soon {
    use super::SAVE_DELAY_MS;
    use crate::state::prefs::Prefs;
    use gloo::events::EventListener;
    use gloo::timers::callback::Timeout;
    use std::cell::RefCell;

    thread_local! {
        static PENDING: RefCell<Option<Prefs>> = const { RefCell::new(None) };
        static TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
        /// `pagehide`: the page is going (closed, reloaded, left).
        static ON_LEAVE: RefCell<Option<EventListener>> = const { RefCell::new(None) };
    }

    pub fn save(prefs: Prefs) {
        PENDING.with(|p| *p.borrow_mut() = Some(prefs));
        TIMER.with(|t| {
            let mut t = t.borrow_mut();
            if t.is_none() {
                *t = Some(Timeout::new(SAVE_DELAY_MS, flush));
            }
        });
        ON_LEAVE.with(|l| {
            let mut l = l.borrow_mut();
            if l.is_none() {
                *l = web_sys::window().map(|w| EventListener::new(&w, "pagehide", |_| flush()));
            }
        });
    }

    /// Saves what is pending, if anything.
    pub fn flush() {
        TIMER.with(|t| drop(t.borrow_mut().take()));
        if let Some(prefs) = PENDING.with(|p| p.borrow_mut().take()) {
            super::save(&prefs);
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub fn save(prefs: &Prefs) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let stored = s.get_item(STORAGE_KEY).ok().flatten();
        if may_overwrite(stored.as_deref()) {
            let _ = s.set_item(STORAGE_KEY, &prefs.to_json());
        }
    }
}

/// Whether this vlab may write over `stored` (what the storage key holds
/// now): not when a newer vlab wrote it, whose data this one cannot read
/// and must not destroy. Unreadable or older data may be replaced.
pub fn may_overwrite(stored: Option<&str>) -> bool {
    stored
        .and_then(stored_version)
        .is_none_or(|v| v <= u64::from(PREFS_VERSION))
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

#[cfg(not(target_arch = "wasm32"))]
pub fn save_soon(_prefs: Prefs) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_vlabs_data_is_never_written_over() {
        let newer = r#"{"version":2,"progress":{"lab":{"hints_shown":3}}}"#;
        assert!(!may_overwrite(Some(newer)));
        // What this vlab wrote, an older or unreadable form, or nothing
        // may be replaced.
        assert!(may_overwrite(Some(&Prefs::default().to_json())));
        assert!(may_overwrite(Some(r#"{"version":0}"#)));
        assert!(may_overwrite(Some("{damaged")));
        assert!(may_overwrite(None));
        // Loading it runs with defaults and says it came from a newer vlab.
        assert_eq!(Prefs::from_stored(Some(newer)).1, Some(Discarded::Newer));
    }
}
