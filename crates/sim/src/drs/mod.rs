//! vSphere DRS and DPM as pure calculations: workload shapes
//! ([`workload`]), DRS memory demand ([`demand`]), host loads and the
//! imbalance ([`load`]), threshold and priorities ([`threshold`]), rules
//! ([`rules`]), one DRS pass ([`pass`]), the host power model
//! ([`power`]) and DPM's priorities and threshold ([`dpm_priority`]).
//! [`crate::sim::drs`] runs them over time.

pub mod demand;
pub mod dpm_priority;
pub mod load;
pub mod note;
pub mod pass;
pub mod power;
pub mod rules;
pub mod setting;
pub mod spec;
pub mod threshold;
pub mod validate;
pub mod workload;
