//! What a run is judged and shown by: named metrics read from samples
//! ([`metric`]), goals ([`goal`]), and the OSTEP-style text trace
//! ([`trace_text`]).

pub mod goal;
pub mod metric;
pub mod metric_io;
