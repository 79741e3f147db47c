//! vlab: the web app (Yew, compiled to WebAssembly) and the native CLI.
//! The models live in `vlab-sim`; this crate renders and drives them.
//!
//! ## Layers
//!
//! Each module may use only the modules listed before it (the tidy test,
//! `tests/tidy.rs`, enforces the order). The engine folders mirror
//! `vlab-sim`'s: each holds an engine's view model, its text and its
//! components.
//!
//! 1. [`text`]: languages, the locale files, `%{name}` filling.
//! 2. [`catalog`]: the labs built into the app.
//! 3. [`state`]: what persists (prefs, storage), the route, the reducer.
//! 4. [`common`]: charts, canvas set-up, axis ticks, Markdown, the header
//!    and notices.
//! 5. The engines' views: [`resource`], [`io`], [`memory`],
//!    [`migration`], [`ha`], [`drs`].
//! 6. [`lab`]: the lab page: controls, goals, hints, the cluster picture,
//!    the event log, and the event and goal texts every view shares.
//! 7. [`sandbox`]: a cluster built in forms, run live and saved as a lab
//!    file.
//! 8. [`pages`]: the catalog, glossary and about pages; [`app`]: the root.
//! 9. [`cli`]: the `vlab` command and the text trace (golden files).

rust_i18n::i18n!("locales", fallback = "en");

pub mod text;

pub mod catalog;

pub mod state;

pub mod common;

pub mod drs;
pub mod ha;
pub mod io;
pub mod memory;
pub mod migration;
pub mod resource;

pub mod lab;

pub mod sandbox;

pub mod app;
pub mod pages;

pub mod cli;
