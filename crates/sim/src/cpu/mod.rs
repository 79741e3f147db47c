//! CPU scheduling figures per sample: ready time, %MLMTD and co-stop
//! ([`sched`]), and FusionCompute's CPU QoS rule ([`fc_qos`]).

pub mod fc_qos;
pub mod sched;
