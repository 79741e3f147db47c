//! How a cluster's CPU and memory are shared: one host's allocation among
//! its VMs ([`allocation`]), the cluster's resource tree of pools and VMs
//! ([`tree`], [`cluster`]), what each host can then give
//! ([`host_fit`]), and admission control ([`admission`]) with its
//! refusals ([`refusal`]); pool checks as a file loads ([`pool_check`]).

pub mod admission;
pub mod allocation;
pub mod cluster;
pub mod host_fit;
pub mod pool_check;
pub mod refusal;
pub mod tree;
