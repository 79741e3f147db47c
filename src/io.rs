//! Views of Network and Storage I/O Control: the traffic and disk tables
//! and their chart series.

pub mod io_series;
pub mod network_table;
pub mod storage_table;
