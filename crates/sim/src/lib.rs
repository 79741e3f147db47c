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
//! Models (see `../../shared/REFERENCES.md` for the published sources):
//! - [`divvy`]: reservations as floors, limits and demand as caps, the rest
//!   by shares (weighted max-min "water-filling").
//! - [`allocation`]: one host's CPU and memory among its powered-on VMs.
//! - [`tree`]: resource pools: the divvy recursing down a host's tree, and
//!   expandable reservations.
//! - [`admission`]: power-on admission control, up the chain of pools.

pub mod admission;
pub mod allocation;
pub mod cluster;
pub mod cpu_sched;
pub mod divvy;
pub mod drs;
pub mod error;
pub mod event;
pub mod fc_qos;
pub mod goal;
pub mod ha;
pub mod host_fit;
pub mod host_memory;
pub mod idle_tax;
pub mod lab;
pub mod memory;
pub mod metric;
pub mod metric_io;
pub mod migration;
pub mod nioc;
pub mod outcome;
pub mod overhead;
pub mod pool;
pub mod rng;
pub mod scenario;
pub mod scenario_drs;
pub mod scenario_ha;
pub mod scenario_migration;
pub mod setting;
pub mod setting_drs;
pub mod setting_ha;
pub mod setting_host;
pub mod setting_io;
pub mod setting_migration;
pub mod shares;
pub mod sim;
pub mod sim_drs;
pub mod sim_ha;
pub mod sim_migration;
pub mod sioc;
pub mod trace_text;
pub mod tree;
pub mod validate;
pub mod validate_drs;
pub mod validate_ha;
pub mod validate_migration;
pub mod validate_pools;
pub mod vapp;

pub use error::LabError;
pub use event::{Event, EventKind};
pub use goal::{Goal, GoalResult};
pub use lab::{LabSpec, Text, Topic};
pub use outcome::Outcome;
pub use scenario::Scenario;
pub use setting::{Setting, SettingError, Value};
pub use sim::{Sample, Sim, Trace};
pub use validate::{parse_document, parse_lab, parse_scenario, Document, Lab};
