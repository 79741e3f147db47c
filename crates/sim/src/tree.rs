//! One host's resource tree: the host's root, resource pools nested to any
//! depth, powered-on VMs as leaves. Two jobs, per resource (CPU, memory):
//!
//! - **Reservation accounting** (Resource Management Guide, "Expandable
//!   Reservations"): a node *holds* max(reservation, reservation used),
//!   where a pool's reservation used is the sum of what its children hold
//!   and a VM holds its reservation (memory: plus its overhead). A pool's
//!   unreserved capacity is its reservation minus what is used, plus, if its
//!   reservation is expandable, what it may borrow from its parent,
//!   recursively, until a non-expandable pool or the host's root stops it.
//!   A pool's limit caps what it may hold, so it caps the borrowing too.
//! - **Entitlement** (the "divvy" of `REFERENCES.md`): top-down, each node's
//!   entitlement is divided among its children by [`divvy`] with the same
//!   rule at every level, the root's capacity first. The host's VMs without
//!   a pool are siblings of its top-level pools; with no pools at all this
//!   is exactly the flat allocation of one host.
//!
//! Memory: VM overhead is taken off the host's capacity before dividing
//! (as in the flat model), so the divvy runs on guest memory. A pool's own
//! figures (reservation, limit, entitlement, used, unreserved) count the
//! overhead of the VMs below it, as vSphere's do; inside the divvy its
//! reservation and limit are therefore reduced by that overhead.

use crate::allocation::{VmAllocation, VmNeeds};
use crate::divvy::{divvy, Claim};
use crate::event::Stop;
use crate::pool::PoolSpec;
use crate::scenario::{HostSpec, VmSpec};
use serde::{Deserialize, Serialize};

/// The two resources the tree divides, each on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Cpu,
    Mem,
}

/// A node of the tree: the root, pool `i` or VM `i` of the slices given to
/// [`Tree::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Root,
    Pool(usize),
    Vm(usize),
}

/// One node's reservation figures for one resource [MHz or MB].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reserved {
    /// The configured reservation (a VM's memory: plus its overhead).
    pub reservation: u64,
    /// The configured limit (pools only; `None` = unlimited).
    pub limit: Option<u64>,
    /// Reservation used: what the children hold (a VM: its reservation).
    pub used: u64,
    /// Overhead of the VMs at or below this node [MB]; 0 for CPU.
    pub overhead: u64,
    /// Shares among its siblings (scalable shares applied).
    pub shares: u64,
}

impl Reserved {
    /// What the node takes from its parent's reservation:
    /// max(reservation, used).
    pub fn held(&self) -> u64 {
        self.reservation.max(self.used)
    }
}

/// What a node can still reserve, and what stops it from reserving more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headroom {
    /// Unreserved capacity, borrowing included [MHz or MB].
    pub available: u64,
    /// Where borrowing up the chain stops.
    pub stop: Stop,
}

/// One pool's figures at one instant (memory figures include the overhead
/// of the VMs below it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PoolAllocation {
    pub cpu_entitlement_mhz: u64,
    pub cpu_granted_mhz: u64,
    pub cpu_reservation_used_mhz: u64,
    pub cpu_unreserved_mhz: u64,
    pub mem_entitlement_mb: u64,
    pub mem_granted_mb: u64,
    pub mem_reservation_used_mb: u64,
    pub mem_unreserved_mb: u64,
}

/// A host's tree over the given pools (all on this host) and powered-on VMs.
#[derive(Debug, Clone)]
pub struct Tree<'a> {
    host: &'a HostSpec,
    pools: Vec<&'a PoolSpec>,
    vms: Vec<&'a VmSpec>,
    needs: Vec<VmNeeds>,
    /// Parent of each node id (the root is its own parent).
    parent: Vec<usize>,
    children: Vec<Vec<usize>>,
    /// Node ids, parents before children.
    preorder: Vec<usize>,
}

const ROOT: usize = 0;

impl<'a> Tree<'a> {
    /// Builds the tree. A VM naming no pool of `pools`, and a pool naming no
    /// parent among them (or caught in a cycle: validation rejects both),
    /// hang directly under the root.
    pub fn new(host: &'a HostSpec, pools: &[&'a PoolSpec], vms: &[&'a VmSpec]) -> Tree<'a> {
        let n_pools = pools.len();
        let pool_id = |name: &Option<String>| {
            name.as_ref()
                .and_then(|n| pools.iter().position(|p| &p.name == n))
                .map_or(ROOT, |i| 1 + i)
        };
        let mut parent: Vec<usize> = std::iter::once(ROOT)
            .chain(pools.iter().map(|p| pool_id(&p.parent)))
            .chain(vms.iter().map(|v| pool_id(&v.pool)))
            .collect();
        for id in 1..=n_pools {
            // Walking up more than n_pools steps means a cycle.
            let mut at = id;
            for _ in 0..=n_pools {
                at = parent[at];
            }
            if at != ROOT {
                parent[id] = ROOT;
            }
        }
        let mut children = vec![Vec::new(); parent.len()];
        for (id, &p) in parent.iter().enumerate().skip(1) {
            children[p].push(id);
        }
        let mut preorder = Vec::with_capacity(parent.len());
        let mut stack = vec![ROOT];
        while let Some(id) = stack.pop() {
            preorder.push(id);
            stack.extend(children[id].iter().rev());
        }
        Tree {
            host,
            pools: pools.to_vec(),
            needs: vms.iter().map(|v| VmNeeds::of(v, host)).collect(),
            vms: vms.to_vec(),
            parent,
            children,
            preorder,
        }
    }

    fn node(&self, id: usize) -> Node {
        match id {
            ROOT => Node::Root,
            id if id <= self.pools.len() => Node::Pool(id - 1),
            id => Node::Vm(id - 1 - self.pools.len()),
        }
    }

    fn id(&self, node: Node) -> usize {
        match node {
            Node::Root => ROOT,
            Node::Pool(i) => 1 + i,
            Node::Vm(i) => 1 + self.pools.len() + i,
        }
    }

    /// The node of the pool named `name`, or the root.
    pub fn pool_node(&self, name: Option<&str>) -> Node {
        name.and_then(|n| self.pools.iter().position(|p| p.name == n))
            .map_or(Node::Root, Node::Pool)
    }

    /// The host's capacity for `res`, overhead included [MHz or MB].
    pub fn capacity(&self, res: Resource) -> u64 {
        match res {
            Resource::Cpu => self.host.cpu_capacity_mhz(),
            Resource::Mem => self.host.mem_mb,
        }
    }

    /// Every node's reservation figures for `res`, indexed by node id.
    pub fn reserved(&self, res: Resource) -> Vec<Reserved> {
        let mut out = vec![Reserved::default(); self.parent.len()];
        for &id in self.preorder.iter().rev() {
            out[id] = match self.node(id) {
                Node::Vm(i) => {
                    let (vm, n) = (self.vms[i], &self.needs[i]);
                    let (reservation, overhead, shares) = match res {
                        Resource::Cpu => (
                            vm.cpu_reservation_mhz,
                            0,
                            vm.cpu_shares.cpu_shares(vm.vcpus),
                        ),
                        Resource::Mem => (
                            vm.mem_reservation_mb + n.mem_overhead_mb,
                            n.mem_overhead_mb,
                            vm.mem_shares.mem_shares(vm.mem_mb),
                        ),
                    };
                    Reserved {
                        reservation,
                        limit: None,
                        used: reservation,
                        overhead,
                        shares,
                    }
                }
                node => {
                    let kids = &self.children[id];
                    let used = kids.iter().map(|&k| out[k].held()).sum();
                    let overhead = kids.iter().map(|&k| out[k].overhead).sum();
                    let kid_shares: u64 = kids.iter().map(|&k| out[k].shares).sum();
                    match node {
                        Node::Pool(i) => {
                            let p = self.pools[i];
                            let (reservation, limit, level) = match res {
                                Resource::Cpu => {
                                    (p.cpu_reservation_mhz, p.cpu_limit_mhz, p.cpu_shares)
                                }
                                Resource::Mem => {
                                    (p.mem_reservation_mb, p.mem_limit_mb, p.mem_shares)
                                }
                            };
                            let scalable = match self.node(self.parent[id]) {
                                Node::Pool(q) => self.pools[q].scalable_shares,
                                _ => false,
                            };
                            let shares = match (scalable, level.scalable_multiplier()) {
                                (true, Some(m)) => m * kid_shares,
                                _ if res == Resource::Cpu => level.pool_cpu_shares(),
                                _ => level.pool_mem_shares(),
                            };
                            Reserved {
                                reservation,
                                limit,
                                used,
                                overhead,
                                shares,
                            }
                        }
                        _ => Reserved {
                            reservation: 0,
                            limit: None,
                            used,
                            overhead,
                            shares: 0,
                        },
                    }
                }
            };
        }
        out
    }

    /// How much more `node` can reserve for `res`, borrowing up the chain.
    pub fn headroom(&self, res: Resource, reserved: &[Reserved], node: Node) -> Headroom {
        let id = self.id(node);
        let r = &reserved[id];
        let Node::Pool(i) = node else {
            return Headroom {
                available: self.capacity(res).saturating_sub(r.used),
                stop: Stop::Host,
            };
        };
        let pool = self.pools[i];
        let own = r.reservation.saturating_sub(r.used);
        let expandable = match res {
            Resource::Cpu => pool.cpu_expandable,
            Resource::Mem => pool.mem_expandable,
        };
        if !expandable {
            return Headroom {
                available: own,
                stop: Stop::Pool(pool.name.clone()),
            };
        }
        let up = self.headroom(res, reserved, self.node(self.parent[id]));
        // Borrowing raises what the pool holds, which its limit caps.
        let room = r.limit.map_or(u64::MAX, |l| l.saturating_sub(r.held()));
        if room < up.available {
            Headroom {
                available: own + room,
                stop: Stop::Limit(pool.name.clone()),
            }
        } else {
            Headroom {
                available: own + up.available,
                stop: up.stop,
            }
        }
    }

    /// Divides the host: entitlement and granted for every VM and pool.
    pub fn allocate(&self) -> (Vec<VmAllocation>, Vec<PoolAllocation>) {
        let mut vms = vec![VmAllocation::default(); self.vms.len()];
        let mut pools = vec![PoolAllocation::default(); self.pools.len()];
        for res in [Resource::Cpu, Resource::Mem] {
            let reserved = self.reserved(res);
            let entitled = self.divide(res, &reserved, true);
            let granted = self.divide(res, &reserved, false);
            for id in 1..self.parent.len() {
                let (e, g) = (entitled[id], granted[id]);
                match (self.node(id), res) {
                    (Node::Vm(i), Resource::Cpu) => {
                        vms[i].cpu_entitlement_mhz = e;
                        vms[i].cpu_granted_mhz = g;
                    }
                    (Node::Vm(i), Resource::Mem) => {
                        vms[i].mem_entitlement_mb = e;
                        vms[i].mem_granted_mb = g;
                    }
                    (Node::Pool(i), _) => {
                        let r = &reserved[id];
                        let free = self.headroom(res, &reserved, Node::Pool(i)).available;
                        let p = &mut pools[i];
                        if res == Resource::Cpu {
                            p.cpu_entitlement_mhz = e;
                            p.cpu_granted_mhz = g;
                            p.cpu_reservation_used_mhz = r.used;
                            p.cpu_unreserved_mhz = free;
                        } else {
                            // The pool's share of memory includes its VMs'
                            // overhead, taken off the top before dividing.
                            p.mem_entitlement_mb = e + r.overhead;
                            p.mem_granted_mb = g + r.overhead;
                            p.mem_reservation_used_mb = r.used;
                            p.mem_unreserved_mb = free;
                        }
                    }
                    (Node::Root, _) => {}
                }
            }
        }
        (vms, pools)
    }

    /// Top-down divvy of guest capacity; one amount per node id.
    fn divide(&self, res: Resource, reserved: &[Reserved], entitled: bool) -> Vec<u64> {
        let claims = self.claims(res, reserved, entitled);
        let mut got = vec![0; self.parent.len()];
        got[ROOT] = self.capacity(res).saturating_sub(reserved[ROOT].overhead);
        for &id in &self.preorder {
            let kids = &self.children[id];
            if kids.is_empty() {
                continue;
            }
            let cs: Vec<Claim> = kids.iter().map(|&k| claims[k]).collect();
            for (&k, g) in kids.iter().zip(divvy(got[id], &cs)) {
                got[k] = g;
            }
        }
        got
    }

    /// Each node's claim on its parent, bottom-up, in guest units.
    /// Entitlement: floor = the whole reservation, cap = min(limit,
    /// max(reservation, demand)). Granted: floor = min(reservation, demand),
    /// cap = min(limit, demand). A pool's demand is the sum of its children's
    /// caps, and its reservation what it holds (expanded reservations are
    /// reserved in its parent, so its children's floors fit inside).
    fn claims(&self, res: Resource, reserved: &[Reserved], entitled: bool) -> Vec<Claim> {
        let mut out = vec![
            Claim {
                floor: 0,
                cap: 0,
                shares: 0
            };
            self.parent.len()
        ];
        for &id in self.preorder.iter().rev() {
            let shares = reserved[id].shares;
            out[id] = match self.node(id) {
                Node::Vm(i) => {
                    let (vm, n) = (self.vms[i], &self.needs[i]);
                    let (reservation, demand, limit) = match res {
                        Resource::Cpu => {
                            (vm.cpu_reservation_mhz, n.cpu_demand_mhz, n.cpu_limit_mhz)
                        }
                        Resource::Mem => (vm.mem_reservation_mb, n.mem_demand_mb, n.mem_limit_mb),
                    };
                    claim(entitled, reservation.min(limit), demand, limit, shares)
                }
                _ => {
                    let r = &reserved[id];
                    let guest = |x: u64| x.saturating_sub(r.overhead);
                    let limit = r.limit.map_or(u64::MAX, guest);
                    let floor = guest(r.held());
                    let demand: u64 = self.children[id].iter().map(|&k| out[k].cap).sum();
                    claim(entitled, floor, demand, limit, shares)
                }
            };
        }
        out
    }
}

/// One node's claim. Entitlement: floor = the whole reservation, cap =
/// min(limit, max(reservation, demand)). Granted: what the node uses,
/// min(limit, demand), with the reservation as floor only up to that use
/// (unused reservation is lent to siblings). VMs and pools share this rule.
fn claim(entitled: bool, reservation: u64, demand: u64, limit: u64, shares: u64) -> Claim {
    if entitled {
        Claim {
            floor: reservation,
            cap: limit.min(reservation.max(demand)),
            shares,
        }
    } else {
        let used = limit.min(demand);
        Claim {
            floor: reservation.min(used),
            cap: used,
            shares,
        }
    }
}
