//! Views of memory reclamation: where each VM's memory is over time, the
//! host's free memory against its state thresholds, and the table.

pub mod host_mem_chart;
pub mod mem_chart;
pub mod mem_model;
pub mod mem_table;
pub mod mem_text;
