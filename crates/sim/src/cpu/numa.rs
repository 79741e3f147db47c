//! Where a VM's vCPUs and memory live on a multi-socket host (the ESXi
//! NUMA scheduler's initial placement), and what NUMA topology its guest
//! sees (virtual NUMA). `docs/references.md`, "NUMA"; VMware, *vSphere
//! Resource Management*, "Using NUMA Systems with ESXi"; F. Denneman,
//! "Decoupling of Cores per Socket from Virtual NUMA Topology in vSphere
//! 6.5" (2016).
//!
//! - A host described by `sockets` × `cores_per_socket` has one NUMA node
//!   per socket, with an equal part of its memory (a host given only as
//!   `cpu_mhz` is one node).
//! - A VM whose vCPUs fit in one node's cores is one *NUMA client*: the
//!   scheduler gives it a home node and allocates its memory there. A wider
//!   VM is split into as few clients as cover its vCPUs, each placed on
//!   its own node. Initial placement puts each client on the node with the
//!   fewest vCPUs placed so far (ties: the lower node), VMs in file order.
//! - Memory comes from the client's home node while that node has free
//!   memory, the rest from the other nodes (remote, slower).
//! - Virtual NUMA (vSphere 6.5+): a VM with at least `numa.vcpu.min` (9)
//!   vCPUs sees as many virtual NUMA nodes as it has clients; a smaller one
//!   sees none (one uniform memory). Cores per socket only set how many
//!   virtual sockets the guest sees (licensing): since 6.5 they no longer
//!   shape vNUMA, and virtual sockets need not match physical ones. So an
//!   8-vCPU VM with 2 virtual sockets on a 24-core-per-socket host runs on
//!   one physical CPU, with all its memory local.
//!
//! Not modelled: NUMA rebalancing migrations, hyperthreads
//! (`numa.vcpu.preferHT`), `numa.autosize`, locality-based memory
//! migration, and per-NUMA-node overhead. Units: vCPUs, cores, MB.

use serde::{Deserialize, Serialize};

/// `numa.vcpu.min`: fewer vCPUs than this and the guest sees no virtual
/// NUMA (published default 9).
pub const NUMA_VCPU_MIN: u32 = 9;

/// A host's NUMA layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumaHost {
    /// Nodes (sockets; 1 when the host is not described by sockets).
    pub nodes: u32,
    /// Physical cores per node.
    pub cores_per_node: u32,
    /// Memory per node [MB].
    pub mem_per_node_mb: u64,
}

/// One powered-on VM, as placement sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumaVm {
    pub vcpus: u32,
    /// Virtual cores per virtual socket (at least 1).
    pub cores_per_socket: u32,
    pub mem_mb: u64,
}

/// Where one VM landed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NumaPlacement {
    /// Physical nodes its vCPUs run on, in client order (the first is
    /// its home node).
    pub nodes: Vec<u32>,
    /// Virtual NUMA nodes its guest sees (0: none, uniform memory).
    pub vnuma_nodes: u32,
    /// Virtual sockets its guest sees.
    pub virtual_sockets: u32,
    /// Of its memory, what sits on the nodes its vCPUs run on [%].
    pub local_mem_pct: u64,
}

impl NumaPlacement {
    /// The physical nodes it spans.
    pub fn node_count(&self) -> u32 {
        self.nodes.len() as u32
    }
}

/// Places `vms` (powered on, in file order) on `host`.
pub fn place(host: NumaHost, vms: &[NumaVm]) -> Vec<NumaPlacement> {
    let nodes = host.nodes.max(1) as usize;
    let cores = host.cores_per_node.max(1);
    let mut vcpus_on = vec![0u32; nodes];
    let mut free_mb = vec![host.mem_per_node_mb; nodes];
    let mut out = Vec::with_capacity(vms.len());
    for vm in vms {
        let clients = vm.vcpus.div_ceil(cores).clamp(1, nodes as u32) as usize;
        // Each client on the least loaded node it does not share with
        // another client of the same VM.
        let mut homes: Vec<usize> = Vec::with_capacity(clients);
        for c in 0..clients {
            let share =
                vm.vcpus / clients as u32 + u32::from((c as u32) < vm.vcpus % clients as u32);
            let home = (0..nodes)
                .filter(|n| !homes.contains(n))
                .min_by_key(|&n| (vcpus_on[n], n))
                .expect("no more clients than nodes");
            vcpus_on[home] += share;
            homes.push(home);
        }
        // Memory: an equal part per client from its home node while it
        // lasts; the rest from whichever node has most free (remote).
        let mut local = 0;
        let per_client = vm.mem_mb / clients as u64;
        for (c, &home) in homes.iter().enumerate() {
            let want = per_client
                + if c == 0 {
                    vm.mem_mb % clients as u64
                } else {
                    0
                };
            let here = want.min(free_mb[home]);
            free_mb[home] -= here;
            local += here;
            let mut rest = want - here;
            while rest > 0 {
                let Some(n) = (0..nodes)
                    .filter(|&n| free_mb[n] > 0)
                    .max_by_key(|&n| (free_mb[n], std::cmp::Reverse(n)))
                else {
                    break; // The host is out of memory: reclamation's job.
                };
                let take = rest.min(free_mb[n]);
                free_mb[n] -= take;
                rest -= take;
                if homes.contains(&n) {
                    local += take;
                }
            }
        }
        out.push(NumaPlacement {
            nodes: homes.iter().map(|&n| n as u32).collect(),
            vnuma_nodes: if vm.vcpus >= NUMA_VCPU_MIN {
                clients as u32
            } else {
                0
            },
            virtual_sockets: vm.vcpus.div_ceil(vm.cores_per_socket.max(1)),
            local_mem_pct: (local * 100).checked_div(vm.mem_mb).unwrap_or(100),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lecture's host: 2 sockets of 24 cores, here with 128 GB.
    const LECTURE: NumaHost = NumaHost {
        nodes: 2,
        cores_per_node: 24,
        mem_per_node_mb: 65_536,
    };

    fn vm(vcpus: u32, cores_per_socket: u32, mem_mb: u64) -> NumaVm {
        NumaVm {
            vcpus,
            cores_per_socket,
            mem_mb,
        }
    }

    #[test]
    fn an_8_vcpu_vm_with_2_virtual_sockets_runs_on_one_physical_cpu() {
        let p = &place(LECTURE, &[vm(8, 4, 8192)])[0];
        assert_eq!(p.nodes, [0]);
        assert_eq!(p.virtual_sockets, 2);
        assert_eq!(p.vnuma_nodes, 0, "under numa.vcpu.min: no vNUMA");
        assert_eq!(p.local_mem_pct, 100);
    }

    #[test]
    fn a_vm_wider_than_a_node_spans_two_and_sees_two_vnuma_nodes() {
        let p = &place(LECTURE, &[vm(32, 1, 65_536)])[0];
        assert_eq!(p.nodes, [0, 1]);
        assert_eq!(p.vnuma_nodes, 2);
        assert_eq!(p.virtual_sockets, 32);
        assert_eq!(p.local_mem_pct, 100);
    }

    #[test]
    fn the_next_vm_goes_to_the_less_loaded_node() {
        let p = place(LECTURE, &[vm(8, 8, 8192), vm(6, 6, 8192), vm(4, 4, 8192)]);
        let homes: Vec<u32> = p.iter().map(|p| p.nodes[0]).collect();
        assert_eq!(homes, [0, 1, 1]);
    }

    #[test]
    fn memory_beyond_the_home_node_is_remote() {
        // 96 GB on a node of 64: two thirds local.
        let p = &place(LECTURE, &[vm(8, 8, 98_304)])[0];
        assert_eq!(p.nodes, [0]);
        assert_eq!(p.local_mem_pct, 66);
    }
}
