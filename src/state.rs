//! What the app remembers and where it is: stored preferences and
//! progress ([`prefs`], written only by [`storage`]), progress as a file
//! to export, import and grade ([`progress_file`]), the hash route
//! ([`route`]), the one reducer every component reads ([`app_state`]),
//! labs opened from a file kept across reloads ([`kept_labs`]) and
//! carried inside a link ([`lab_link`]),
//! and SCORM 1.2 inside an LMS ([`scorm`]: status, score, suspend data;
//! [`scorm_api`]: the LMS's API object).

pub mod app_state;
pub mod kept_labs;
pub mod lab_link;
pub mod prefs;
pub mod progress_file;
pub mod route;
pub mod scorm;
pub mod scorm_api;
pub mod storage;

pub use app_state::{use_app, AppAction, AppContext, AppState};
