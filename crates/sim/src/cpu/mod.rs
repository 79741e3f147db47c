//! CPU scheduling figures per sample: ready time, %MLMTD and co-stop
//! ([`sched`]), FusionCompute's CPU QoS rule ([`fc_qos`]), and NUMA
//! placement with the guest's virtual topology ([`numa`]).

pub mod fc_qos;
pub mod numa;
pub mod sched;
