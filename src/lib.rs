//! vlab: the web app (Yew, compiled to WebAssembly) and the native CLI.
//! The models live in `vlab-sim`; this crate renders and drives them.

rust_i18n::i18n!("locales", fallback = "en");

pub mod app;
pub mod catalog;
pub mod cli;
pub mod components;
pub mod drs_view;
pub mod golden;
pub mod ha_view;
pub mod i18n;
pub mod i18n_drs;
pub mod i18n_ha;
pub mod i18n_migration;
pub mod lab_view;
pub mod markdown;
pub mod mem_view;
pub mod migration_view;
pub mod prefs;
pub mod route;
pub mod state;
pub mod storage;
