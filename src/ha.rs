//! Views of vSphere HA: the admission policy with each host's slots, the
//! HA timeline, per-host load before and after; the view model and texts.

pub mod ha_load;
pub mod ha_model;
pub mod ha_panel;
pub mod ha_slots;
pub mod ha_text;
pub mod ha_timeline;
