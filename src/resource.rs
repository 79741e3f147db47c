//! Views of reservations, limits and shares: the VM table (with CPU
//! ready and the idle tax), NUMA placement, the pool tree, the cluster's
//! state, their chart series, and admission control's refusals in words.

pub mod cluster_state;
pub mod numa_table;
pub mod pool_table;
pub mod resource_series;
pub mod resource_text;
pub mod vm_table;
