//! Live migration (issue 5, started): the pre-copy engine of vMotion and
//! Xen (Clark et al., NSDI 2005). Pre-checks, Storage vMotion, concurrency
//! and the simulation's `[[migration]]` entries are still to come.

pub mod precopy;

pub use precopy::{precopy, PrecopyInput, PrecopyOutcome, Round, StopReason};
