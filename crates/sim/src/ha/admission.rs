//! vSphere HA admission control: the calculations behind "may this VM power
//! on and still leave room to restart everything after N host failures?"
//! (vSphere 5 to 8; `docs/references.md` "HA").
//!
//! # What vSphere does
//! Admission control runs on power-on (and on migrations and reservation
//! increases, which callers can phrase as a power-on). Four policies:
//!
//! - **Slot policy** ("host failures cluster tolerates") **\[pub\]**. A slot
//!   is the CPU and memory one powered-on VM may need: the CPU slot is the
//!   largest CPU reservation of any powered-on VM, where a VM without one
//!   counts 32 MHz (`das.vmCpuMinMHz`); the memory slot is the largest
//!   memory reservation plus overhead (`das.vmMemoryMinMB`: no default
//!   reservation, 0 MB). Each host holds min(⌊CPU / CPU slot⌋,
//!   ⌊memory / memory slot⌋) slots of the capacity its root resource pool
//!   gives VMs. The *current failover capacity* is how many hosts can fail,
//!   the largest (most slots) first, while the others' slots still hold
//!   every powered-on VM. The *failover slots* are those of the N largest
//!   hosts; *available slots* = total - used - failover slots; a power-on
//!   that needs more than are available is refused ("Insufficient
//!   resources to satisfy configured failover level for vSphere HA").
//!   A fixed slot size (the "fixed slot size" choice of vSphere 6.5+,
//!   `ClusterFixedSizeSlotPolicy`; before it `das.slotCpuInMHz` /
//!   `das.slotMemInMB`) keeps outliers from inflating the slot; then a VM
//!   bigger than the slot takes several slots, ⌈reservation / slot⌉ for
//!   the resource that needs more ("VMs requiring multiple slots").
//! - **Percentage of cluster resources** **\[pub\]**: the current CPU
//!   failover capacity is (total CPU - Σ CPU reservations) / total CPU,
//!   a VM without a CPU reservation counting 32 MHz; memory likewise with
//!   Σ (memory reservation + overhead), a VM without a reservation counting
//!   0 MB plus its overhead. A power-on is refused when either would fall
//!   below its configured percentage. Since vSphere 6.5 the percentages
//!   are by default computed from the host failures to tolerate.
//! - **Dedicated failover hosts** **\[pub\]**: no VM may power on (or be
//!   migrated) there; failovers try them first.
//! - **Disabled**: every power-on that the hosts admit goes ahead.
//!
//! Only connected hosts count: not failed, not isolated, not in
//! maintenance mode **\[pub\]**.
//!
//! # The model
//! Pure functions of small input structs ([`HaHost`], [`HaVm`],
//! [`Policy`]): [`summarize`] gives every figure the guide shows
//! ([`HaSummary`]), [`admit_power_on`] answers the power-on question with a
//! structured [`HaRefusal`]. Integer units throughout; percentages are
//! whole percent, rounded **down** (the guide's 70.8 % shows as 70 %, 71.4 %
//! as 71 %), and the admission test compares exactly (100 x free >=
//! configured x total), which agrees with the rounded-down figure because
//! the configured value is whole. Choices of ours:
//! - The 32 MHz default applies to a VM whose CPU reservation is 0, in both
//!   the slot and the percentage policy (the Availability Guide; the API
//!   reference still quotes vSphere 4's 256 MHz).
//! - A memory slot of 0 MB (no powered-on VM has a memory reservation or
//!   overhead) does not limit a host's slots; a fixed CPU slot of 0 counts
//!   as 1 MHz.
//! - With dedicated failover hosts their capacity is left out of every
//!   figure (slots, percentages, failover capacity): those describe the
//!   hosts VMs may run on.
//! - The slot figures are computed under every policy (for the picture of
//!   each host); only the slot policy reserves failover slots.
//! - The percentages computed from N host failures reserve the share of
//!   the N largest hosts (largest by that resource), rounded **up** so the
//!   reserve always covers them **\[unsure: vSphere's rounding\]**.
//!
//! Not modelled: the "performance degradation VMs tolerate" warning, the
//! slot size's old vCPU component (dropped in vSphere 5), persistent
//! memory, and the placement itself (host-level admission is
//! [`crate::resource::admission`]).
//!
//! # Sources
//! - vSphere Availability Guide (6.0 to 8.0), "Slot Policy Admission
//!   Control" with its example (three hosts of 9 GHz / 9 GB, 9 GHz / 6 GB,
//!   6 GHz / 6 GB; five VMs; slot 2 GHz / 2 GB; 4, 3 and 3 slots; current
//!   failover capacity 1), "Cluster Resources Percentage Admission Control"
//!   with its example (24 GHz / 21 GB, 7 GHz / 6 GB reserved: 70 % and
//!   71 %), "Dedicated Failover Hosts Admission Control", "vSphere HA
//!   Advanced Options" (`das.vmCpuMinMHz` 32 MHz, `das.vmMemoryMinMB` 0 MB,
//!   `das.slotCpuInMHz`, `das.slotMemInMB`).
//!   <https://docs.vmware.com/en/VMware-vSphere/6.7/com.vmware.vsphere.avail.doc/GUID-85D9737E-769C-40B6-AB73-F58DA1A451F0.html>
//! - vSphere API: `ClusterFailoverLevelAdmissionControlPolicy`,
//!   `ClusterFixedSizeSlotPolicy` ("outlier virtual machines will use
//!   multiple slots"), `ClusterFailoverResourcesAdmissionControlPolicy`
//!   (`autoComputePercentages`, `failoverLevel`),
//!   `ClusterFailoverHostAdmissionControlPolicy`,
//!   `ClusterFailoverResourcesAdmissionControlInfo` (whole percent).
//!   <https://developer.broadcom.com/xapis/vsphere-web-services-api/8.0U3/vim.cluster.FailoverLevelAdmissionControlPolicy.html>

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// CPU a powered-on VM without a CPU reservation counts \[MHz\]
/// (`das.vmCpuMinMHz`) **\[pub\]**.
pub const DEFAULT_CPU_MHZ: u64 = 32;
/// Memory a powered-on VM without a memory reservation counts, before its
/// overhead \[MB\] (`das.vmMemoryMinMB`) **\[pub\]**.
pub const DEFAULT_MEM_MB: u64 = 0;

/// A host as HA admission control sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HaHost {
    pub name: String,
    /// CPU its root resource pool gives VMs \[MHz\] (not the raw hardware:
    /// the hypervisor's own share is already taken off).
    pub cpu_mhz: u64,
    /// Memory its root resource pool gives VMs \[MB\].
    pub mem_mb: u64,
    /// Up and managed; a failed, isolated or maintenance-mode host is not
    /// connected and counts for nothing.
    pub connected: bool,
}

/// A VM as HA admission control sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HaVm {
    pub name: String,
    /// CPU reservation \[MHz\]; 0 counts as [`DEFAULT_CPU_MHZ`].
    pub cpu_reservation_mhz: u64,
    /// Memory reservation \[MB\]; 0 counts as [`DEFAULT_MEM_MB`].
    pub mem_reservation_mb: u64,
    /// Memory overhead \[MB\], always added to the reservation.
    pub mem_overhead_mb: u64,
    /// Only powered-on VMs use slots and reserve capacity.
    pub powered_on: bool,
    /// The host it runs on or is asked to power on on; `None` lets
    /// placement choose. Only dedicated failover hosts look at it.
    pub host: Option<String>,
}

impl HaVm {
    /// The CPU it counts for \[MHz\]: its reservation, or 32 MHz without one.
    pub fn cpu_need_mhz(&self) -> u64 {
        if self.cpu_reservation_mhz == 0 {
            DEFAULT_CPU_MHZ
        } else {
            self.cpu_reservation_mhz
        }
    }

    /// The memory it counts for \[MB\]: reservation (or 0 MB without one)
    /// plus overhead.
    pub fn mem_need_mb(&self) -> u64 {
        let reservation = if self.mem_reservation_mb == 0 {
            DEFAULT_MEM_MB
        } else {
            self.mem_reservation_mb
        };
        reservation + self.mem_overhead_mb
    }
}

/// The admission control policy of an HA cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Policy {
    /// Host failures the cluster tolerates, counted in slots. A fixed size
    /// replaces the computed one for its resource \[MHz, MB\].
    Slots {
        host_failures: u32,
        fixed_cpu_slot_mhz: Option<u64>,
        fixed_mem_slot_mb: Option<u64>,
    },
    /// Percentage of the cluster's CPU and memory kept free for failover
    /// \[%\]. See [`Policy::percentage_for_host_failures`] for vSphere 6.5+'s
    /// computed default.
    Percentage { cpu_pct: u32, mem_pct: u32 },
    /// Dedicated failover hosts, by name.
    FailoverHosts { hosts: Vec<String> },
    /// No admission control.
    Disabled,
}

impl Policy {
    /// The slot policy with computed slot sizes.
    pub fn slots(host_failures: u32) -> Policy {
        Policy::Slots {
            host_failures,
            fixed_cpu_slot_mhz: None,
            fixed_mem_slot_mb: None,
        }
    }

    /// The percentage policy with the percentages vSphere 6.5+ computes
    /// from `host_failures` ([`computed_percentages`]).
    pub fn percentage_for_host_failures(hosts: &[HaHost], host_failures: u32) -> Policy {
        let (cpu_pct, mem_pct) = computed_percentages(hosts, host_failures);
        Policy::Percentage { cpu_pct, mem_pct }
    }

    /// The dedicated failover hosts (none for the other policies).
    fn failover_hosts(&self) -> &[String] {
        match self {
            Policy::FailoverHosts { hosts } => hosts,
            _ => &[],
        }
    }

    /// Whether `host` counts towards the capacity VMs may use: connected
    /// and not a dedicated failover host.
    fn counts(&self, host: &HaHost) -> bool {
        host.connected && !self.failover_hosts().contains(&host.name)
    }
}

/// The percentages \[%\] (CPU, memory) that reserve the capacity of the
/// `host_failures` largest connected hosts, each resource on its own:
/// vSphere 6.5+'s default for the percentage policy. Rounded up so the
/// reserve covers those hosts **\[unsure: vSphere's rounding\]**; 100 when
/// as many hosts as there are may fail, 0 without connected hosts.
pub fn computed_percentages(hosts: &[HaHost], host_failures: u32) -> (u32, u32) {
    let connected: Vec<&HaHost> = hosts.iter().filter(|h| h.connected).collect();
    let share = |capacity: fn(&HaHost) -> u64| {
        let mut sizes: Vec<u64> = connected.iter().map(|h| capacity(h)).collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let total: u64 = sizes.iter().sum();
        let largest: u64 = sizes.iter().take(host_failures as usize).sum();
        if total == 0 {
            return 0;
        }
        let pct = (u128::from(largest) * 100).div_ceil(u128::from(total));
        u32::try_from(pct).unwrap_or(100)
    };
    (share(|h| h.cpu_mhz), share(|h| h.mem_mb))
}

/// The size of one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotSize {
    /// \[MHz\], at least 1.
    pub cpu_mhz: u64,
    /// \[MB\]; 0 means memory does not limit the slots.
    pub mem_mb: u64,
}

/// The slot size: the largest CPU need ([`HaVm::cpu_need_mhz`]) and the
/// largest memory need ([`HaVm::mem_need_mb`]) among powered-on VMs, so
/// that any one of them fits a slot; 32 MHz / 0 MB when none is on. A fixed
/// size replaces the computed one.
pub fn slot_size(vms: &[HaVm], fixed_cpu_mhz: Option<u64>, fixed_mem_mb: Option<u64>) -> SlotSize {
    let on = || vms.iter().filter(|v| v.powered_on);
    let cpu = fixed_cpu_mhz.unwrap_or_else(|| {
        on().map(HaVm::cpu_need_mhz)
            .max()
            .unwrap_or(DEFAULT_CPU_MHZ)
    });
    let mem = fixed_mem_mb.unwrap_or_else(|| on().map(HaVm::mem_need_mb).max().unwrap_or(0));
    SlotSize {
        cpu_mhz: cpu.max(1),
        mem_mb: mem,
    }
}

/// Slots a powered-on VM takes: ⌈need / slot⌉ per resource, the larger,
/// at least one. With computed slot sizes every VM fits one slot; with a
/// fixed size a bigger VM takes several (vSphere's "VMs requiring multiple
/// slots").
pub fn vm_slots(slot: SlotSize, vm: &HaVm) -> u32 {
    let cpu = vm.cpu_need_mhz().div_ceil(slot.cpu_mhz.max(1));
    let mem = if slot.mem_mb == 0 {
        0
    } else {
        vm.mem_need_mb().div_ceil(slot.mem_mb)
    };
    to_u32(cpu.max(mem).max(1))
}

/// Slots a host holds: min(⌊CPU / CPU slot⌋, ⌊memory / memory slot⌋); a
/// 0 MB memory slot leaves CPU alone to decide. Connection is not looked
/// at here.
pub fn host_slots(slot: SlotSize, host: &HaHost) -> u32 {
    let cpu = host.cpu_mhz / slot.cpu_mhz.max(1);
    let by_mem = match host.mem_mb.checked_div(slot.mem_mb) {
        Some(mem) => cpu.min(mem),
        None => cpu,
    };
    to_u32(by_mem)
}

/// How many hosts can fail, the one with most slots first, while the
/// others' slots still hold `used` slots. Every host when nothing is used;
/// at most hosts - 1 when something is.
pub fn failover_capacity(slots_per_host: &[u32], used: u64) -> u32 {
    let mut sizes = slots_per_host.to_vec();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let mut left: u64 = sizes.iter().map(|&s| u64::from(s)).sum();
    let mut failed = 0;
    for s in sizes {
        // Worst case first: losing the biggest host costs the most slots.
        let after = left - u64::from(s);
        if after < used {
            break;
        }
        left = after;
        failed += 1;
    }
    failed
}

/// The free share of `total` once `reserved` is taken \[%\], rounded down;
/// 0 when nothing is free or there is no capacity.
pub fn free_pct(total: u64, reserved: u64) -> u32 {
    if total == 0 || reserved >= total {
        return 0;
    }
    let pct = u128::from(total - reserved) * 100 / u128::from(total);
    to_u32(u64::try_from(pct).unwrap_or(u64::MAX))
}

/// Whether at least `pct` % of `total` stays free once `reserved` is
/// taken, exactly: 100 x (total - reserved) >= pct x total.
fn keeps_pct(total: u64, reserved: u64, pct: u32) -> bool {
    let free = i128::from(total) - i128::from(reserved);
    free * 100 >= i128::from(pct) * i128::from(total)
}

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Every figure HA shows for the cluster under a policy (the vSphere
/// Client's "Advanced Runtime Info" and the percentage policy's summary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HaSummary {
    /// CPU slot size \[MHz\].
    pub slot_cpu_mhz: u64,
    /// Memory slot size \[MB\].
    pub slot_mem_mb: u64,
    /// Slots of each counted host (connected, not a dedicated failover
    /// host), by name.
    pub slots_per_host: BTreeMap<String, u32>,
    /// Slots of the counted hosts.
    pub total_slots: u32,
    /// Slots the powered-on VMs take.
    pub used_slots: u32,
    /// Slots held back for failover: those of the `host_failures` hosts
    /// with most slots (slot policy only; 0 otherwise).
    pub failover_slots: u32,
    /// Slots left to power on more VMs: total - used - failover, at least 0.
    pub available_slots: u32,
    /// Powered-on VMs that take more than one slot (fixed slot sizes).
    pub multi_slot_vms: u32,
    /// Current failover capacity \[hosts\]: how many counted hosts, most
    /// slots first, can fail with the used slots still held.
    pub failover_capacity: u32,
    /// CPU of the counted hosts \[MHz\].
    pub cpu_capacity_mhz: u64,
    /// Memory of the counted hosts \[MB\].
    pub mem_capacity_mb: u64,
    /// Σ CPU needs of powered-on VMs (reservation, 32 MHz without) \[MHz\].
    pub cpu_reserved_mhz: u64,
    /// Σ memory needs of powered-on VMs (reservation + overhead) \[MB\].
    pub mem_reserved_mb: u64,
    /// Current CPU failover capacity \[%\], rounded down.
    pub cpu_failover_pct: u32,
    /// Current memory failover capacity \[%\], rounded down.
    pub mem_failover_pct: u32,
}

/// The cluster's HA figures: slot size (fixed sizes from a slot policy),
/// slots per counted host, used, failover and available slots, failover
/// capacity, and the percentage policy's current failover capacities.
pub fn summarize(policy: &Policy, hosts: &[HaHost], vms: &[HaVm]) -> HaSummary {
    let (fixed_cpu, fixed_mem, host_failures) = match policy {
        Policy::Slots {
            host_failures,
            fixed_cpu_slot_mhz,
            fixed_mem_slot_mb,
        } => (*fixed_cpu_slot_mhz, *fixed_mem_slot_mb, *host_failures),
        _ => (None, None, 0),
    };
    let slot = slot_size(vms, fixed_cpu, fixed_mem);
    let counted: Vec<&HaHost> = hosts.iter().filter(|h| policy.counts(h)).collect();
    let per_host: Vec<u32> = counted.iter().map(|h| host_slots(slot, h)).collect();
    let on: Vec<&HaVm> = vms.iter().filter(|v| v.powered_on).collect();
    let vm_slot_counts: Vec<u64> = on.iter().map(|v| u64::from(vm_slots(slot, v))).collect();

    let total: u64 = per_host.iter().map(|&s| u64::from(s)).sum();
    let used: u64 = vm_slot_counts.iter().sum();
    let mut largest = per_host.clone();
    largest.sort_unstable_by(|a, b| b.cmp(a));
    let failover: u64 = largest
        .iter()
        .take(host_failures as usize)
        .map(|&s| u64::from(s))
        .sum();

    let cpu_capacity_mhz: u64 = counted.iter().map(|h| h.cpu_mhz).sum();
    let mem_capacity_mb: u64 = counted.iter().map(|h| h.mem_mb).sum();
    let cpu_reserved_mhz: u64 = on.iter().map(|v| v.cpu_need_mhz()).sum();
    let mem_reserved_mb: u64 = on.iter().map(|v| v.mem_need_mb()).sum();

    HaSummary {
        slot_cpu_mhz: slot.cpu_mhz,
        slot_mem_mb: slot.mem_mb,
        slots_per_host: counted
            .iter()
            .zip(&per_host)
            .map(|(h, &s)| (h.name.clone(), s))
            .collect(),
        total_slots: to_u32(total),
        used_slots: to_u32(used),
        failover_slots: to_u32(failover),
        available_slots: to_u32(total.saturating_sub(used).saturating_sub(failover)),
        multi_slot_vms: to_u32(vm_slot_counts.iter().filter(|&&n| n > 1).count() as u64),
        failover_capacity: failover_capacity(&per_host, used),
        cpu_capacity_mhz,
        mem_capacity_mb,
        cpu_reserved_mhz,
        mem_reserved_mb,
        cpu_failover_pct: free_pct(cpu_capacity_mhz, cpu_reserved_mhz),
        mem_failover_pct: free_pct(mem_capacity_mb, mem_reserved_mb),
    }
}

/// Why HA admission control refuses a power-on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HaRefusal {
    /// Slot policy: the VM needs more slots than are left once the
    /// failover slots are held back (slot size as it would be with the VM
    /// on).
    NotEnoughSlots {
        needed: u32,
        available: u32,
        host_failures: u32,
    },
    /// Percentage policy: the CPU left free would fall below the
    /// configured share \[%\].
    CpuBelowPct {
        would_be_pct: u32,
        configured_pct: u32,
    },
    /// Percentage policy: the memory left free would fall below the
    /// configured share \[%\].
    MemBelowPct {
        would_be_pct: u32,
        configured_pct: u32,
    },
    /// Dedicated failover hosts: the VM was to power on on one.
    FailoverHost { host: String },
    /// Dedicated failover hosts: every connected host is one, so there is
    /// nowhere the VM may power on.
    OnlyFailoverHosts,
}

/// Would powering on `candidate` break the policy? The VMs of `vms` named
/// like the candidate are replaced by it, powered on; the figures are then
/// those of the cluster with it running (so a VM larger than the current
/// slot enlarges the slot first, which is how one outlier wastes slots).
/// Host-level checks (capacity on the chosen host, vCPUs) are
/// [`crate::resource::admission`]'s.
pub fn admit_power_on(
    policy: &Policy,
    hosts: &[HaHost],
    vms: &[HaVm],
    candidate: &HaVm,
) -> Result<(), HaRefusal> {
    let after = || -> Vec<HaVm> {
        vms.iter()
            .filter(|v| v.name != candidate.name)
            .cloned()
            .chain(std::iter::once(HaVm {
                powered_on: true,
                ..candidate.clone()
            }))
            .collect()
    };
    match policy {
        Policy::Disabled => Ok(()),
        Policy::FailoverHosts { hosts: dedicated } => match &candidate.host {
            Some(host) if dedicated.contains(host) => {
                Err(HaRefusal::FailoverHost { host: host.clone() })
            }
            Some(_) => Ok(()),
            None if hosts.iter().any(|h| policy.counts(h)) => Ok(()),
            None => Err(HaRefusal::OnlyFailoverHosts),
        },
        Policy::Slots { host_failures, .. } => {
            let s = summarize(policy, hosts, &after());
            let slot = SlotSize {
                cpu_mhz: s.slot_cpu_mhz,
                mem_mb: s.slot_mem_mb,
            };
            let needed = vm_slots(slot, candidate);
            let used_by_others = u64::from(s.used_slots) - u64::from(needed);
            let available = u64::from(s.total_slots)
                .saturating_sub(used_by_others)
                .saturating_sub(u64::from(s.failover_slots));
            // Equivalent to "the failover capacity stays >= host_failures":
            // the used slots must fit outside the largest hosts.
            if u64::from(needed) <= available {
                Ok(())
            } else {
                Err(HaRefusal::NotEnoughSlots {
                    needed,
                    available: to_u32(available),
                    host_failures: *host_failures,
                })
            }
        }
        Policy::Percentage { cpu_pct, mem_pct } => {
            let s = summarize(policy, hosts, &after());
            if !keeps_pct(s.cpu_capacity_mhz, s.cpu_reserved_mhz, *cpu_pct) {
                return Err(HaRefusal::CpuBelowPct {
                    would_be_pct: s.cpu_failover_pct,
                    configured_pct: *cpu_pct,
                });
            }
            if !keeps_pct(s.mem_capacity_mb, s.mem_reserved_mb, *mem_pct) {
                return Err(HaRefusal::MemBelowPct {
                    would_be_pct: s.mem_failover_pct,
                    configured_pct: *mem_pct,
                });
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vm(cpu: u64, mem: u64) -> HaVm {
        HaVm {
            name: format!("vm{cpu}_{mem}"),
            cpu_reservation_mhz: cpu,
            mem_reservation_mb: mem,
            mem_overhead_mb: 0,
            powered_on: true,
            host: None,
        }
    }

    #[test]
    fn failover_capacity_fails_the_biggest_hosts_first() {
        assert_eq!(failover_capacity(&[3, 4, 3], 5), 1);
        assert_eq!(failover_capacity(&[3, 4, 3], 6), 1);
        assert_eq!(failover_capacity(&[3, 4, 3], 7), 0);
        assert_eq!(failover_capacity(&[3, 4, 3], 0), 3);
        assert_eq!(failover_capacity(&[], 1), 0);
    }

    #[test]
    fn percentages_round_down_and_never_go_negative() {
        assert_eq!(free_pct(24_000, 7_000), 70);
        assert_eq!(free_pct(100, 150), 0);
        assert_eq!(free_pct(0, 0), 0);
        assert!(keeps_pct(100, 75, 25));
        assert!(!keeps_pct(100, 76, 25));
        assert!(!keeps_pct(0, 32, 0));
    }

    #[test]
    fn a_vm_over_a_fixed_slot_takes_the_larger_ceiling() {
        let slot = SlotSize {
            cpu_mhz: 1000,
            mem_mb: 1024,
        };
        assert_eq!(vm_slots(slot, &vm(2500, 1024)), 3);
        assert_eq!(vm_slots(slot, &vm(1000, 3000)), 3);
        assert_eq!(vm_slots(slot, &vm(0, 0)), 1);
    }

    #[test]
    fn a_zero_memory_slot_leaves_cpu_to_decide() {
        let slot = slot_size(&[vm(0, 0)], None, None);
        assert_eq!(
            slot,
            SlotSize {
                cpu_mhz: 32,
                mem_mb: 0
            }
        );
        let host = HaHost {
            name: "h".into(),
            cpu_mhz: 3200,
            mem_mb: 1,
            connected: true,
        };
        assert_eq!(host_slots(slot, &host), 100);
    }

    #[test]
    fn computed_percentages_cover_the_largest_hosts() {
        let h = |cpu, mem| HaHost {
            name: String::new(),
            cpu_mhz: cpu,
            mem_mb: mem,
            connected: true,
        };
        let four = [h(10, 10), h(10, 10), h(10, 10), h(10, 10)];
        assert_eq!(computed_percentages(&four, 1), (25, 25));
        assert_eq!(computed_percentages(&four, 4), (100, 100));
        assert_eq!(computed_percentages(&four, 9), (100, 100));
        assert_eq!(computed_percentages(&four, 0), (0, 0));
        assert_eq!(computed_percentages(&four[..3], 1), (34, 34));
    }
}
