//! The native `vlab` command: `list`, `check`, `run` ([`commands`]),
//! `grade` ([`grade`]: exported progress files, recomputed), `prerender`
//! ([`prerender`]: the catalog written into the built page), and the
//! OSTEP-style text trace it prints and the golden files hold
//! ([`trace_text`], [`golden`]), in the locale files' English.

pub mod answers;
pub mod catalog_files;
pub mod commands;
pub mod compile_hint;
pub mod golden;
pub mod grade;
pub mod prerender;
pub mod trace_text;

pub use commands::{replay_problems, run_cli, to_json};
