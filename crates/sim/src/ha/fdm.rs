//! vSphere HA's Fault Domain Manager (FDM): who is master, and when the
//! cluster notices a failure, an isolation or a partition (vSphere 5 to 8;
//! docs/references.md "HA"; Epping and Denneman, *vSphere HA Deepdive*).
//!
//! The master is the host that sees the most datastores (ties: the highest
//! host id, here the name). Every host sends network heartbeats every
//! second; hosts also heartbeat through two datastores each. The published
//! timelines, in seconds after the event:
//!
//! - a slave fails: the master misses its heartbeats (3 s: it starts
//!   watching its datastore heartbeats), at 10 s declares it unreachable
//!   and pings its management address for 5 s; it declares it dead at
//!   15 s when the two share no heartbeat datastore, and at 18 s when they
//!   do (the datastore heartbeats must have stopped too), then restarts
//!   its VMs;
//! - the master fails: the slaves notice at 10 s and hold an election
//!   (15 s), the new master reads the protected list at 25 s and restarts
//!   at 35 s;
//! - a slave is isolated (its management network cut): at 10 s it starts
//!   an election, at 25 s elects itself, pings its isolation address and at
//!   30 s declares itself isolated; the isolation response follows after a
//!   30 s delay (`das.config.fdm.isolationPolicyDelaySec`), at 60 s;
//! - the master is isolated: at 5 s it declares itself isolated, at 35 s
//!   responds; the others elect a new master as when it fails.
//!
//! The master tells an isolated or partitioned host from a dead one by its
//! datastore heartbeats: while they go on, its VMs are not restarted unless
//! the isolation response powers them off.

use serde::{Deserialize, Serialize};

/// Network heartbeats missed before the master watches datastore heartbeats [s].
pub const DATASTORE_WATCH_S: u32 = 3;
/// A slave is declared unreachable [s].
pub const UNREACHABLE_S: u32 = 10;
/// A slave is declared dead when it shares no heartbeat datastore with
/// the master [s].
pub const DEAD_S: u32 = 15;
/// ... and when it does: its datastore heartbeats are checked as well [s]
/// (Epping and Denneman, *vSphere HA Deepdive*: T+18 s).
pub const DEAD_WITH_HEARTBEAT_DATASTORES_S: u32 = 18;
/// Slaves notice a missing master and start an election [s].
pub const ELECTION_START_S: u32 = 10;
/// An election takes [s].
pub const ELECTION_S: u32 = 15;
/// A new master restarts VMs this long after it is elected [s].
pub const NEW_MASTER_RESTART_S: u32 = 10;
/// An isolated slave declares itself isolated [s].
pub const SLAVE_ISOLATED_S: u32 = 30;
/// An isolated master declares itself isolated [s].
pub const MASTER_ISOLATED_S: u32 = 5;
/// Delay before the isolation response (vSphere 6+) [s].
pub const ISOLATION_RESPONSE_DELAY_S: u32 = 30;
/// Datastore heartbeats per host by default.
pub const HEARTBEAT_DATASTORES: usize = 2;

/// What a host does with its VMs once it knows it is isolated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IsolationResponse {
    /// Leave them running (vSphere 6+'s default, "Disabled").
    #[default]
    LeavePoweredOn,
    PowerOff,
    /// Shut the guests down, then power off what is left.
    Shutdown,
}

impl IsolationResponse {
    pub const ALL: [IsolationResponse; 3] = [
        IsolationResponse::LeavePoweredOn,
        IsolationResponse::PowerOff,
        IsolationResponse::Shutdown,
    ];

    pub fn name(self) -> &'static str {
        match self {
            IsolationResponse::LeavePoweredOn => "leave_powered_on",
            IsolationResponse::PowerOff => "power_off",
            IsolationResponse::Shutdown => "shutdown",
        }
    }

    pub fn parse(name: &str) -> Option<IsolationResponse> {
        IsolationResponse::ALL
            .into_iter()
            .find(|r| r.name() == name)
    }
}

/// How long a guest shutdown takes before the VM is off [s] (model
/// choice; vSphere waits at most `das.isolationShutdownTimeout`, 300 s).
pub const GUEST_SHUTDOWN_S: u32 = 30;

/// One host as FDM sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdmHost<'a> {
    pub name: &'a str,
    /// Up and on the management network with the master.
    pub electable: bool,
    /// Datastores it sees now.
    pub datastores: Vec<&'a str>,
}

/// The master among `hosts`: the most datastores, ties to the highest
/// name. `None` when no host can be elected.
pub fn elect<'a>(hosts: &[FdmHost<'a>]) -> Option<&'a str> {
    hosts
        .iter()
        .filter(|h| h.electable)
        .max_by(|a, b| {
            a.datastores
                .len()
                .cmp(&b.datastores.len())
                .then_with(|| a.name.cmp(b.name))
        })
        .map(|h| h.name)
}

/// The datastores a host heartbeats through: the first two (in name
/// order) of those it shares with the master. vCenter prefers datastores
/// most hosts see; with a handful of hosts, name order is a fair stand-in.
pub fn heartbeat_datastores<'a>(host: &[&'a str], master: &[&str]) -> Vec<&'a str> {
    let mut shared: Vec<&str> = host
        .iter()
        .copied()
        .filter(|d| master.contains(d))
        .collect();
    shared.sort_unstable();
    shared.dedup();
    shared.truncate(HEARTBEAT_DATASTORES);
    shared
}

/// When the master retries a restart that failed, after the first
/// attempt [s]: vSphere's five attempts (`das.maxvmrestartcount`), 2, 4,
/// 8 and 16 minutes apart.
pub const RESTART_RETRY_S: [u32; 5] = [0, 120, 360, 840, 1800];

#[cfg(test)]
mod tests {
    use super::*;

    fn host<'a>(name: &'a str, ds: &[&'a str]) -> FdmHost<'a> {
        FdmHost {
            name,
            electable: true,
            datastores: ds.to_vec(),
        }
    }

    #[test]
    fn the_host_with_most_datastores_wins_ties_to_the_highest_name() {
        let hosts = [
            host("esx1", &["a", "b"]),
            host("esx2", &["a"]),
            host("esx3", &["a", "b"]),
        ];
        assert_eq!(elect(&hosts), Some("esx3"));
        let mut hosts = hosts;
        hosts[2].electable = false;
        assert_eq!(elect(&hosts), Some("esx1"));
    }

    #[test]
    fn heartbeats_go_through_two_shared_datastores() {
        assert_eq!(
            heartbeat_datastores(&["c", "a", "b"], &["a", "b", "c"]),
            ["a", "b"]
        );
        assert!(heartbeat_datastores(&["local1"], &["shared"]).is_empty());
    }
}
