//! Views of DRS and DPM: the day's load per host, the imbalance against
//! the target, recommendations (with Apply in manual mode), DPM's power
//! timeline and energy; the view model and texts.

pub mod drs_charts;
pub mod drs_draw;
pub mod drs_model;
pub mod drs_panel;
pub mod drs_power;
pub mod drs_recs;
pub mod drs_summary;
pub mod drs_text;
