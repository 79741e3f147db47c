//! Pieces every view uses: the line chart with its data table and palette
//! ([`chart`]), canvas sizing ([`canvas_setup`]), drawing after the render
//! ([`draw_soon`]) and parts mounted a task later ([`later`]), axis ticks ([`ticks`]),
//! instructions as safe HTML ([`markdown`]), wide tables' scrolling frame
//! ([`table_scroll`]), a text saved as a file ([`download`]), attributes
//! written only when they change (`attribute`), the charts' canvas backend
//! (`measured_canvas`), the page's clock for tasks' budgets ([`clock`]),
//! whether an element is near the screen ([`near_viewport`]),
//! the header and notices; Yew's DOM code warmed before the app mounts
//! (`warm_dom`).

#[cfg(target_arch = "wasm32")]
pub mod attribute;
#[cfg(target_arch = "wasm32")]
pub mod canvas_setup;
pub mod chart;
pub mod chart_overlay;
pub mod clock;
pub mod download;
pub mod draw_soon;
pub mod folded_table;
pub mod header;
pub mod later;
pub mod markdown;
#[cfg(target_arch = "wasm32")]
pub mod measured_canvas;
pub mod near_viewport;
pub mod notice;
pub mod panic_panel;
pub mod shared_trace;
pub mod table_scroll;
pub mod ticks;
#[cfg(target_arch = "wasm32")]
pub mod warm_dom;
