//! Network and storage I/O control: NIOC v3 on one distributed switch
//! uplink ([`nioc`]) and SIOC on one datastore ([`sioc`]), with their
//! settings and checks ([`setting`]).

pub mod nioc;
pub mod setting;
pub mod sioc;
