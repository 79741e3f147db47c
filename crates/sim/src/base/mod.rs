//! The vocabulary every model shares: share levels, the divvy
//! (water-filling) and its idle-tax variant, the VM overhead table, the
//! seeded generator, the setting value with its readers, and wide
//! integer arithmetic. Nothing here
//! knows about hosts, VMs or engines.

pub mod divvy;
pub mod idle_tax;
pub mod names;
pub mod overhead;
pub mod rng;
pub mod serde_default;
pub mod setting;
pub mod shares;
pub mod wide;
