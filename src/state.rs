//! What the app remembers and where it is: stored preferences and
//! progress ([`prefs`], written only by [`storage`]), the hash route
//! ([`route`]) and the one reducer every component reads ([`app_state`]).

pub mod app_state;
pub mod prefs;
pub mod route;
pub mod storage;

pub use app_state::{use_app, AppAction, AppContext, AppState};
