//! # vlab-sim: the pure simulation core of vlab
//!
//! Data flows one way: a lab file is parsed and validated
//! ([`parse_lab`] → [`Lab`]), run with a seed and the student's settings
//! ([`Lab::run`] → [`Sim`] → [`Trace`]), and judged by its goals
//! ([`GoalResult`]). The same inputs always give the same trace, natively
//! and in WebAssembly.
//!
//! This crate knows nothing about the DOM, wall-clock time, storage or any
//! I/O; integers carry units in their names (`_mhz`, `_mb`, `_s`).
//!
//! ## Layers
//!
//! Each module may use only the modules listed before it (a tidy test,
//! `tests/tidy.rs` of the workspace, enforces the order):
//!
//! 1. [`base`]: shares, the divvy, the idle tax, overheads, the seeded
//!    generator, setting values.
//! 2. [`inventory`]: hosts, VMs, pools and vApps as the file states them.
//! 3. [`resource`]: how CPU and memory are shared: allocation, the
//!    cluster's resource tree, host fitting, admission control.
//! 4. The engines, each with its file-format sections, settings, checks
//!    and pure model: [`cpu`], [`io`], [`memory`], [`migration`], [`ha`],
//!    [`drs`].
//! 5. [`scenario`]: every section together, settings dispatched to the
//!    part that owns them, whole-scenario checks.
//! 6. [`event`]: the event log's entries (data only).
//! 7. [`sim`]: the stepped simulation and what it samples.
//! 8. [`report`]: metrics, goals, the text trace.
//! 9. [`lab`]: lab files: parsing, validation, running a lab.

pub mod base;
pub mod inventory;
pub mod resource;

pub mod cpu;
pub mod drs;
pub mod ha;
pub mod io;
pub mod memory;
pub mod migration;

pub mod scenario;

pub mod event;

pub mod sim;

pub mod report;

pub mod lab;

pub use base::setting::{Setting, SettingError, Value};
pub use event::{Event, EventKind};
pub use lab::error::LabError;
pub use lab::parse::{
    parse_document, parse_document_with, parse_lab, parse_scenario, Document, Lab, LoadOptions,
};
pub use lab::question::{judge, Answer, Verdict};
pub use lab::run::{LabRun, Outcome};
pub use lab::spec::{LabSpec, Text, Topic};
pub use report::goal::{Goal, GoalResult};
pub use scenario::Scenario;
pub use sim::sample::{Sample, Trace};
pub use sim::{Run, Sim};
