//! Live migration: vMotion's iterative pre-copy (Clark et al., NSDI 2005),
//! Storage vMotion's mirror driver, the pre-checks (CPU compatibility and
//! EVC, storage, networks, devices, capacity, cross-vCenter), and vCenter's
//! concurrency cost model; the `[[migration]]`, `[[vcenter]]`,
//! `[[datastore]]` and `[cluster]` sections ([`spec`]), their settings and
//! checks, and what a migration leaves behind ([`record`]). The simulation
//! runs the scenario's migrations with them (`crate::sim`).

pub mod checks;
pub mod cost;
pub mod plan;
pub mod precopy;
pub mod record;
pub mod setting;
pub mod spec;
pub mod storage;
pub mod validate;

pub use cost::MigrationKind;
pub use plan::{plan, Order, Phase, PhaseKind, Plan, PlanFailure, PlanInput};
pub use precopy::{precopy, PrecopyInput, PrecopyOutcome, Round, StopReason};
pub use record::{MigrationNote, MigrationRecord, MigrationSample, Outcome};
pub use storage::{storage_copy, StorageInput, StorageOutcome};
