//! UI components, one per file.

pub mod about_page;
#[cfg(target_arch = "wasm32")]
pub mod canvas_setup;
pub mod catalog_page;
pub mod chart;
pub mod cluster_state;
pub mod controls;
pub mod event_log;
pub mod goals;
pub mod header;
pub mod hints;
pub mod host_mem_chart;
pub mod host_view;
pub mod lab_page;
pub mod mem_chart;
pub mod mem_table;
pub mod migration_charts;
pub mod migration_checks;
pub mod migration_draw;
pub mod migration_view;
pub mod network_table;
pub mod notice;
pub mod pool_table;
pub mod storage_table;
pub mod vm_table;
