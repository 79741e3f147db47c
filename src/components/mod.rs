//! UI components, one per file.

pub mod about_page;
pub mod catalog_page;
pub mod chart;
pub mod cluster_state;
pub mod controls;
pub mod event_log;
pub mod goals;
pub mod header;
pub mod hints;
pub mod host_view;
pub mod lab_page;
pub mod network_table;
pub mod notice;
pub mod pool_table;
pub mod storage_table;
pub mod vm_table;
