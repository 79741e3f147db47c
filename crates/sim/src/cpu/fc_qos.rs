//! Huawei FusionCompute CPU QoS: quota (份额), reservation (预留) and limit
//! (限制), as a second named behaviour next to vSphere's divvy.
//!
//! # Published
//! Huawei's "Basic introduction to QoS in FusionCompute" (Huawei Enterprise
//! forum, `forum.huawei.com/enterprise/en/basic-introduction-to-qos-in-
//! fusioncompute/thread/614542-893`) and `docs/references.md`:
//! - Quota: the proportion of CPU a VM obtains *in contention*. Three 1-vCPU
//!   VMs A, B, C with quotas 1000, 2000, 4000 on one 2.8 GHz core, all
//!   heavily loaded, get 400, 800 and 1600 MHz.
//! - Reservation: "If the computing capability calculated based on the CPU
//!   quota of a VM is less than the CPU reservation value, the system
//!   allocates the computing capability to the VM according to the CPU
//!   reservation value. The offset ... is deducted from computing
//!   capabilities of other VMs based on their CPU quotas". Otherwise the
//!   quota-based amount applies. Huawei gives no numbers for this case;
//!   applied to the example, a 700 MHz reservation on A gives 700, 700 and
//!   1400 MHz (the 300 MHz offset taken 1:2 from B and C).
//! - Limit: the upper bound of a VM's CPU, split over its vCPUs: a 2-vCPU VM
//!   limited to 3 GHz (the copy we read breaks off before the per-vCPU
//!   number, 1.5 GHz by arithmetic: [`limit_per_vcpu_mhz`]).
//! - Without contention quotas play no part: a VM with demand can use the
//!   host's idle CPU (H3C CAS publishes the same rule and the same
//!   2.8 GHz / 4:2:1 example for its CPU priorities).
//!
//! # The model: the rule read literally, iterated
//! [`fusioncompute_cpu_allocation`]: if the caps (min(demand, limit)) fit,
//! everyone gets their cap. Otherwise, repeat on the VMs not yet fixed,
//! with the capacity not yet given out:
//! 1. quota share = remaining × quota / Σ quota;
//! 2. every VM whose share is below its reservation is fixed at the
//!    reservation (the others then pay for it, by quota), and we repeat;
//! 3. else every VM whose share is above its cap is fixed at the cap (the
//!    surplus flows on), and we repeat;
//! 4. else the rest get their shares, rounded down.
//!
//! A reservation counts only up to the VM's demand and limit (unused
//! reserved CPU is lent out, as in vSphere: an assumption, FusionCompute's
//! text is silent). Reservations beyond the capacity (impossible after
//! admission control) are scaled down in proportion, as the divvy does.
//!
//! # Compared with the divvy (tested in `tests/cpu_sched_props.rs`)
//! With the same inputs ([`FcVm::claim`]) the two agree exactly:
//! - without contention (both give every VM its cap);
//! - without reservations (only caps bind: both are water-filling);
//! - in the published situation, every VM busy (wanting the whole host) and
//!   no limits (only floors bind: both are water-filling).
//!
//! They differ only when a VM fixed at its reservation in step 2 would,
//! after capped VMs give their surplus back in step 3, deserve more by its
//! quota. The literal rule leaves it at its reservation; the divvy lifts it
//! to `level × quota`. Example: 3000 MHz, quotas 1000 each, A reserves
//! 1200, B wants only 200: FusionCompute-literal 1200/200/1600, divvy
//! 1400/200/1400. So a VM's grant here is never above the divvy's when it
//! sits at its reservation, and never below it otherwise. Which of the two
//! FusionCompute's scheduler really does in that case is not published.
//!
//! # Quota levels **[unsure]**
//! [`FC_CPU_QUOTA_PER_VCPU_LOW`] / `_NORMAL` / `_HIGH` = 500 / 1000 / 2000
//! per vCPU. The 1 : 2 : 4 ratio of low : medium : high is what H3C CAS
//! publishes for the same 2.8 GHz example, and a Chinese article on CPU QoS
//! (intsavi.com) says "中" gets about twice "低"; the absolute values follow
//! the forum example (1000 for a 1-vCPU VM) and vSphere's levels. We found
//! no FusionCompute page stating them: check before teaching them.

use crate::base::divvy::Claim;
use serde::{Deserialize, Serialize};

/// CPU quota per vCPU at level low **[unsure]**.
pub const FC_CPU_QUOTA_PER_VCPU_LOW: u64 = 500;
/// CPU quota per vCPU at level medium (normal) **[unsure]**.
pub const FC_CPU_QUOTA_PER_VCPU_NORMAL: u64 = 1000;
/// CPU quota per vCPU at level high **[unsure]**.
pub const FC_CPU_QUOTA_PER_VCPU_HIGH: u64 = 2000;

/// One VM's CPU QoS settings and demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FcVm {
    /// CPU quota (份额): relative weight under contention.
    pub quota: u64,
    /// CPU reservation (预留) [MHz].
    pub reservation_mhz: u64,
    /// CPU limit (限制) [MHz], if any.
    pub limit_mhz: Option<u64>,
    /// What the VM wants [MHz].
    pub demand_mhz: u64,
}

impl FcVm {
    /// The most it can use [MHz]: its demand, within its limit.
    pub fn cap_mhz(&self) -> u64 {
        self.limit_mhz
            .map_or(self.demand_mhz, |l| l.min(self.demand_mhz))
    }

    /// The same VM as a divvy claim, for comparing the two behaviours.
    pub fn claim(&self) -> Claim {
        let cap = self.cap_mhz();
        Claim {
            floor: self.reservation_mhz.min(cap),
            cap,
            shares: self.quota,
        }
    }
}

/// Each vCPU's share of a VM's limit [MHz], rounded down.
pub fn limit_per_vcpu_mhz(limit_mhz: u64, vcpus: u32) -> u64 {
    limit_mhz.checked_div(u64::from(vcpus)).unwrap_or(0)
}

/// Divides `capacity_mhz` among `vms` by FusionCompute's CPU QoS rule, read
/// literally (see the module docs); one grant [MHz] per VM, in order.
pub fn fusioncompute_cpu_allocation(capacity_mhz: u64, vms: &[FcVm]) -> Vec<u64> {
    let claims: Vec<Claim> = vms.iter().map(FcVm::claim).collect();
    let sum = |f: fn(&Claim) -> u64| claims.iter().map(|c| u128::from(f(c))).sum::<u128>();
    let capacity = u128::from(capacity_mhz);
    if sum(|c| c.cap) <= capacity {
        return claims.iter().map(|c| c.cap).collect();
    }
    let floors = sum(|c| c.floor);
    if floors > capacity {
        return claims
            .iter()
            .map(|c| (u128::from(c.floor) * capacity / floors) as u64)
            .collect();
    }
    let mut grant: Vec<Option<u64>> = vec![None; claims.len()];
    let mut remaining = capacity;
    loop {
        let open: Vec<usize> = (0..claims.len()).filter(|&i| grant[i].is_none()).collect();
        let quotas: u128 = open.iter().map(|&i| u128::from(claims[i].shares)).sum();
        // share_i < x  <=>  remaining · quota_i < x · Σ quota (exact).
        let scaled_share = |i: usize| remaining * u128::from(claims[i].shares);
        let below: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| scaled_share(i) < u128::from(claims[i].floor) * quotas)
            .collect();
        let fixed = if below.is_empty() {
            let above: Vec<usize> = open
                .iter()
                .copied()
                .filter(|&i| scaled_share(i) > u128::from(claims[i].cap) * quotas)
                .collect();
            above.into_iter().map(|i| (i, claims[i].cap)).collect()
        } else {
            below
                .into_iter()
                .map(|i| (i, claims[i].floor))
                .collect::<Vec<_>>()
        };
        if fixed.is_empty() {
            for i in open {
                let share = scaled_share(i).checked_div(quotas).unwrap_or(0);
                grant[i] = Some(share as u64);
            }
            break;
        }
        for (i, g) in fixed {
            grant[i] = Some(g);
            remaining -= u128::from(g);
        }
    }
    grant.into_iter().map(|g| g.unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::divvy::divvy;

    fn busy(quota: u64, reservation_mhz: u64) -> FcVm {
        FcVm {
            quota,
            reservation_mhz,
            limit_mhz: None,
            demand_mhz: 2800,
        }
    }

    /// Huawei forum thread 614542, "CPU Quota": 2.8 GHz, 1000/2000/4000.
    #[test]
    fn published_quota_example() {
        let vms = [busy(1000, 0), busy(2000, 0), busy(4000, 0)];
        assert_eq!(fusioncompute_cpu_allocation(2800, &vms), [400, 800, 1600]);
    }

    /// The same thread's reservation rule applied to its quota example.
    #[test]
    fn reservation_offset_is_taken_from_the_others_by_quota() {
        let vms = [busy(1000, 700), busy(2000, 0), busy(4000, 0)];
        assert_eq!(fusioncompute_cpu_allocation(2800, &vms), [700, 700, 1400]);
        // A reservation below the quota share changes nothing.
        let vms = [busy(1000, 300), busy(2000, 0), busy(4000, 0)];
        assert_eq!(fusioncompute_cpu_allocation(2800, &vms), [400, 800, 1600]);
    }

    /// The same thread's "CPU Limit" example (the excerpt we could read
    /// stops at "each vCPU of the VM can obtain a ma[ximum]"; 1.5 GHz is
    /// the arithmetic).
    #[test]
    fn published_limit_example() {
        assert_eq!(limit_per_vcpu_mhz(3000, 2), 1500);
        assert_eq!(limit_per_vcpu_mhz(3000, 0), 0);
    }

    #[test]
    fn idle_host_quotas_play_no_part() {
        let vm = |q, d| FcVm {
            quota: q,
            reservation_mhz: 0,
            limit_mhz: None,
            demand_mhz: d,
        };
        let got = fusioncompute_cpu_allocation(2800, &[vm(1000, 2000), vm(4000, 500)]);
        assert_eq!(got, [2000, 500]);
    }

    #[test]
    fn where_the_literal_rule_and_the_divvy_differ() {
        let vm = |reservation_mhz, demand_mhz| FcVm {
            quota: 1000,
            reservation_mhz,
            limit_mhz: None,
            demand_mhz,
        };
        let vms = [vm(1200, 3000), vm(0, 200), vm(0, 3000)];
        let claims: Vec<Claim> = vms.iter().map(FcVm::claim).collect();
        assert_eq!(fusioncompute_cpu_allocation(3000, &vms), [1200, 200, 1600]);
        assert_eq!(divvy(3000, &claims), [1400, 200, 1400]);
    }
}
