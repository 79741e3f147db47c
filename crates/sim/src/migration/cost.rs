//! How many migrations may run at once: vCenter's cost model (vSphere 5.x
//! to 6.7, `docs/references.md`). Every host, vMotion network and datastore has
//! a budget; each running migration holds a cost against the ones it uses,
//! and one that would overrun a budget waits in the queue.

use serde::{Deserialize, Serialize};

/// A host's budget: 8 vMotions, or 2 Storage vMotions.
pub const HOST_BUDGET: u32 = 8;
/// A vMotion network's budget on 1 GbE (4 vMotions at once)…
pub const NETWORK_BUDGET_1GBE: u32 = 4;
/// … and on 10 GbE or faster (8 at once).
pub const NETWORK_BUDGET_10GBE: u32 = 8;
/// A datastore's budget: 128 vMotions, 8 Storage vMotions.
pub const DATASTORE_BUDGET: u32 = 128;

/// What a migration moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MigrationKind {
    /// vMotion: memory and device state to another host.
    Compute,
    /// Storage vMotion: the disk to another datastore, same host.
    Storage,
    /// Both at once (vMotion without shared storage).
    Both,
}

impl MigrationKind {
    pub fn name(self) -> &'static str {
        match self {
            MigrationKind::Compute => "compute",
            MigrationKind::Storage => "storage",
            MigrationKind::Both => "both",
        }
    }

    pub fn moves_compute(self) -> bool {
        self != MigrationKind::Storage
    }

    pub fn moves_storage(self) -> bool {
        self != MigrationKind::Compute
    }

    /// Its cost against each kind of budget. A combined migration holds
    /// the dearer of the two on each.
    pub fn cost(self) -> Cost {
        match self {
            MigrationKind::Compute => Cost {
                host: 1,
                network: 1,
                datastore: 1,
            },
            MigrationKind::Storage => Cost {
                host: 4,
                network: 0,
                datastore: 16,
            },
            MigrationKind::Both => Cost {
                host: 4,
                network: 1,
                datastore: 16,
            },
        }
    }
}

/// Cost against a host, a vMotion network and a datastore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub host: u32,
    pub network: u32,
    pub datastore: u32,
}

/// The budget of a vMotion network of `gbps` per NIC.
pub fn network_budget(gbps: u32) -> u32 {
    if gbps >= 10 {
        NETWORK_BUDGET_10GBE
    } else {
        NETWORK_BUDGET_1GBE
    }
}

/// A budgeted resource, named.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "name", rename_all = "snake_case")]
pub enum Budgeted {
    /// One migration per VM at a time.
    Vm(String),
    Host(String),
    /// A host's vMotion network.
    Network(String),
    Datastore(String),
}

/// One resource a migration needs: its cost there and the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub on: Budgeted,
    pub cost: u32,
    pub budget: u32,
}

/// The first need that `held` (cost in use per resource, by the running
/// migrations) leaves no room for, with what is in use there.
pub fn first_blocked(needs: &[Need], held: impl Fn(&Budgeted) -> u32) -> Option<(&Need, u32)> {
    needs.iter().find_map(|n| {
        let used = held(&n.on);
        (n.cost > 0 && used + n.cost > n.budget).then_some((n, used))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_allow_the_published_concurrency() {
        // Host: 8 vMotions or 2 Storage vMotions; 1 GbE: 4 vMotions;
        // 10 GbE: 8; datastore: 128 vMotions or 8 Storage vMotions.
        assert_eq!(HOST_BUDGET / MigrationKind::Compute.cost().host, 8);
        assert_eq!(HOST_BUDGET / MigrationKind::Storage.cost().host, 2);
        assert_eq!(network_budget(1) / MigrationKind::Compute.cost().network, 4);
        assert_eq!(
            network_budget(10) / MigrationKind::Compute.cost().network,
            8
        );
        assert_eq!(
            DATASTORE_BUDGET / MigrationKind::Storage.cost().datastore,
            8
        );
    }

    #[test]
    fn the_fifth_vmotion_on_1gbe_waits() {
        let need = [Need {
            on: Budgeted::Network("esx1".into()),
            cost: 1,
            budget: network_budget(1),
        }];
        assert!(first_blocked(&need, |_| 3).is_none());
        let (n, used) = first_blocked(&need, |_| 4).expect("blocked");
        assert_eq!((n.on.clone(), used), (Budgeted::Network("esx1".into()), 4));
    }
}
