//! vSphere HA: the Fault Domain Manager's detection timelines ([`fdm`]) and
//! the admission control calculations ([`admission`]: slot policy,
//! percentage of cluster resources, dedicated failover hosts, disabled).

pub mod admission;
pub mod fdm;
pub mod note;
pub mod sample;
pub mod setting;
pub mod spec;
pub mod validate;

pub use admission::{
    admit_power_on, computed_percentages, summarize, HaHost, HaRefusal, HaSummary, HaVm, Policy,
    SlotSize,
};
pub use note::{HaNote, RestartBlock};
pub use sample::HaSample;
