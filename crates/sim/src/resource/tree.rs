//! A resource tree: the root (a cluster's connected hosts together, or one
//! host), resource pools nested to any depth, powered-on VMs as leaves. Two jobs, per resource (CPU, memory):
//!
//! - **Reservation accounting** (Resource Management Guide, "Expandable
//!   Reservations"): a node *holds* max(reservation, reservation used),
//!   where a pool's reservation used is the sum of what its children hold
//!   and a VM holds its reservation (memory: plus its overhead). A pool's
//!   unreserved capacity is its reservation minus what is used, plus, if its
//!   reservation is expandable, what it may borrow from its parent,
//!   recursively, until a non-expandable pool or the root stops it.
//!   A pool's limit caps what it may hold, so it caps the borrowing too.
//! - **Entitlement** (the "divvy" of `docs/references.md`): top-down, each node's
//!   entitlement is divided among its children by [`divvy`] with the same
//!   rule at every level, the root's capacity first. VMs without a pool are
//!   siblings of the top-level pools; with no pools at all this is exactly
//!   the flat allocation of one host. Memory is divided with the idle
//!   memory tax ([`crate::base::idle_tax`]) whenever some child has idle memory.
//!
//! Memory: VM overhead is taken off the root's capacity before dividing
//! (as in the flat model), so the divvy runs on guest memory. A pool's own
//! figures (reservation, limit, entitlement, used, unreserved) count the
//! overhead of the VMs below it, as vSphere's do; inside the divvy its
//! reservation and limit are therefore reduced by that overhead.

use super::allocation::{VmAllocation, VmNeeds};
use super::refusal::Stop;
use crate::base::divvy::{divvy, Claim};
use crate::base::idle_tax::{divvy_taxed, TaxedClaim};
use crate::inventory::PoolSpec;
use crate::inventory::{HostSpec, VmSpec};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// Shares among its siblings (scalable shares applied).
    pub cpu_shares: u64,
    pub mem_shares: u64,
    pub cpu_entitlement_mhz: u64,
    pub cpu_granted_mhz: u64,
    pub cpu_reservation_used_mhz: u64,
    pub cpu_unreserved_mhz: u64,
    pub mem_entitlement_mb: u64,
    pub mem_granted_mb: u64,
    pub mem_reservation_used_mb: u64,
    pub mem_unreserved_mb: u64,
}

/// What the root divides [MHz, MB]: one host's capacity, or the sum over
/// a cluster's connected hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Capacity {
    pub cpu_mhz: u64,
    pub mem_mb: u64,
}

impl Capacity {
    pub fn of_host(host: &HostSpec) -> Capacity {
        Capacity {
            cpu_mhz: host.cpu_capacity_mhz(),
            mem_mb: host.mem_mb,
        }
    }
}

/// A tree over the given pools and powered-on VMs.
#[derive(Debug, Clone)]
pub struct Tree<'a> {
    capacity: Capacity,
    pools: Vec<&'a PoolSpec>,
    vms: Vec<&'a VmSpec>,
    needs: Vec<VmNeeds>,
    /// Parent of each node id (the root is its own parent).
    parent: Vec<usize>,
    children: Vec<Vec<usize>>,
    /// Node ids, parents before children.
    preorder: Vec<usize>,
    /// vSphere 7 scalable shares for the root's child pools (the
    /// cluster's setting).
    root_scalable: bool,
}

const ROOT: usize = 0;

impl<'a> Tree<'a> {
    /// One host's tree: its capacity at the root, each VM's needs on it.
    pub fn on_host(host: &HostSpec, pools: &[&'a PoolSpec], vms: &[&'a VmSpec]) -> Tree<'a> {
        let needs = vms.iter().map(|v| VmNeeds::of(v, host)).collect();
        Tree::new(Capacity::of_host(host), pools, vms, needs)
    }

    /// Builds the tree; `needs[i]` are VM `i`'s needs on its host. A VM
    /// naming no pool of `pools`, and a pool naming no parent among them (or
    /// caught in a cycle: validation rejects both), hang under the root.
    pub fn new(
        capacity: Capacity,
        pools: &[&'a PoolSpec],
        vms: &[&'a VmSpec],
        needs: Vec<VmNeeds>,
    ) -> Tree<'a> {
        debug_assert_eq!(vms.len(), needs.len());
        let n_pools = pools.len();
        // Pools by name (the first of a name, as a scan would find it):
        // one lookup per VM instead of a scan of every pool.
        let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, p) in pools.iter().enumerate() {
            by_name.entry(p.name.as_str()).or_insert(i);
        }
        let pool_id = |name: &Option<String>| {
            name.as_deref()
                .and_then(|n| by_name.get(n))
                .map_or(ROOT, |&i| 1 + i)
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
            capacity,
            pools: pools.to_vec(),
            needs,
            vms: vms.to_vec(),
            parent,
            children,
            preorder,
            root_scalable: false,
        }
    }

    /// The same tree, with scalable shares for the root's child pools (the
    /// cluster's `scalable_shares`) as `on` says.
    pub fn with_root_scalable(mut self, on: bool) -> Tree<'a> {
        self.root_scalable = on;
        self
    }

    fn node(&self, id: usize) -> Node {
        match id {
            ROOT => Node::Root,
            id if id <= self.pools.len() => Node::Pool(id - 1),
            id => Node::Vm(id - 1 - self.pools.len()),
        }
    }

    /// The node's index in [`Tree::reserved`]'s output.
    pub fn id_of(&self, node: Node) -> usize {
        self.id(node)
    }

    fn id(&self, node: Node) -> usize {
        match node {
            Node::Root => ROOT,
            Node::Pool(i) => 1 + i,
            Node::Vm(i) => 1 + self.pools.len() + i,
        }
    }

    /// Each VM's needs on its host, in VM order.
    pub fn needs(&self) -> &[VmNeeds] {
        &self.needs
    }

    /// Per VM (in VM order), whether a pool above it has a CPU limit and
    /// a memory limit: one pass down the tree, parents first.
    pub fn limited_above(&self) -> Vec<[bool; 2]> {
        let mut limited = vec![[false; 2]; self.parent.len()];
        for &id in &self.preorder {
            let mut flags = if id == ROOT {
                [false; 2]
            } else {
                limited[self.parent[id]]
            };
            if let Node::Pool(i) = self.node(id) {
                flags[0] |= self.pools[i].cpu_limit_mhz.is_some();
                flags[1] |= self.pools[i].mem_limit_mb.is_some();
            }
            limited[id] = flags;
        }
        limited.split_off(1 + self.pools.len())
    }

    /// The node of the pool named `name`, or the root.
    pub fn pool_node(&self, name: Option<&str>) -> Node {
        name.and_then(|n| self.pools.iter().position(|p| p.name == n))
            .map_or(Node::Root, Node::Pool)
    }

    /// The root's capacity for `res`, overhead included [MHz or MB].
    pub fn capacity(&self, res: Resource) -> u64 {
        match res {
            Resource::Cpu => self.capacity.cpu_mhz,
            Resource::Mem => self.capacity.mem_mb,
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
                                Node::Root => self.root_scalable,
                                Node::Vm(_) => false,
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

    /// Divides the root: entitlement and granted for every VM and pool.
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
                            p.cpu_shares = r.shares;
                            p.cpu_entitlement_mhz = e;
                            p.cpu_granted_mhz = g;
                            p.cpu_reservation_used_mhz = r.used;
                            p.cpu_unreserved_mhz = free;
                        } else {
                            // The pool's share of memory includes its VMs'
                            // overhead, taken off the top before dividing.
                            p.mem_shares = r.shares;
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
        let idle = (res == Resource::Mem).then(|| self.active_and_tax(&claims));
        let mut got = vec![0; self.parent.len()];
        got[ROOT] = self.capacity(res).saturating_sub(reserved[ROOT].overhead);
        for &id in &self.preorder {
            let kids = &self.children[id];
            if kids.is_empty() {
                continue;
            }
            let grants = match &idle {
                Some(idle) => {
                    let cs: Vec<TaxedClaim> = kids
                        .iter()
                        .map(|&k| TaxedClaim {
                            claim: claims[k],
                            active: idle[k].0,
                            tax_pct: idle[k].1,
                        })
                        .collect();
                    divvy_taxed(got[id], &cs)
                }
                None => {
                    let cs: Vec<Claim> = kids.iter().map(|&k| claims[k]).collect();
                    divvy(got[id], &cs)
                }
            };
            for (&k, g) in kids.iter().zip(grants) {
                got[k] = g;
            }
        }
        got
    }

    /// Per node: memory in active use and the idle memory tax rate, for
    /// [`divvy_taxed`]. Only a VM that has touched memory it does not
    /// actively use (active below demand) has idle memory; for every other
    /// node the active figure is its cap, so it is not taxed. A pool holds
    /// idle memory when some VM below it does: its active memory is its
    /// children's, its rate the highest of theirs.
    fn active_and_tax(&self, claims: &[Claim]) -> Vec<(u64, u8)> {
        let mut out = vec![(0, 0); self.parent.len()];
        let mut idle = vec![false; self.parent.len()];
        for &id in self.preorder.iter().rev() {
            out[id] = match self.node(id) {
                Node::Vm(i) => {
                    let n = &self.needs[i];
                    idle[id] = n.mem_active_mb < n.mem_demand_mb;
                    (n.mem_active_mb, n.mem_idle_tax_pct)
                }
                _ => {
                    let kids = &self.children[id];
                    idle[id] = kids.iter().any(|&k| idle[k]);
                    kids.iter().fold((0, 0), |(a, t), &k| {
                        (a + out[k].0.min(claims[k].cap), t.max(out[k].1))
                    })
                }
            };
        }
        for id in 0..out.len() {
            if !idle[id] {
                out[id].0 = claims[id].cap;
            }
        }
        out
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
