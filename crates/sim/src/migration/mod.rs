//! Live migration: vMotion's iterative pre-copy (Clark et al., NSDI 2005),
//! Storage vMotion's mirror driver, the pre-checks (CPU compatibility and
//! EVC, storage, networks, devices, capacity, cross-vCenter), and vCenter's
//! concurrency cost model. The simulation runs a scenario's `[[migration]]`
//! entries with them ([`crate::sim_migration`]).

pub mod checks;
pub mod cost;
pub mod evc;
pub mod plan;
pub mod precopy;
pub mod storage;

pub use cost::MigrationKind;
pub use evc::{CpuVendor, EvcMode};
pub use plan::{plan, Order, Phase, PhaseKind, Plan, PlanFailure, PlanInput};
pub use precopy::{precopy, PrecopyInput, PrecopyOutcome, Round, StopReason};
pub use storage::{storage_copy, StorageInput, StorageOutcome};
