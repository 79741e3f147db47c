//! DRS rules over one pass's indices: VM-VM affinity and anti-affinity,
//! VM-Host must and should. Checks answer "may VM v go to host h?" with
//! the rule that forbids it, and "which VMs break a rule where they are?".

use crate::drs::spec::RuleKind;

/// A rule with its VMs and hosts as indices of the pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrsRule {
    pub label: String,
    pub kind: RuleKind,
    pub vms: Vec<usize>,
    pub hosts: Vec<usize>,
}

/// Where each VM of the pass runs now (index into hosts).
pub type Placement<'a> = &'a [usize];

impl DrsRule {
    /// Whether moving VM `v` to host `h` breaks this rule, with the VMs
    /// where they are in `at`. Affinity counts as broken when `v` leaves
    /// the host where the rest of its group runs.
    pub fn forbids(&self, v: usize, h: usize, at: Placement) -> bool {
        if !self.vms.contains(&v) {
            return false;
        }
        let others = || self.vms.iter().filter(|&&w| w != v);
        match self.kind {
            RuleKind::VmHostMust | RuleKind::VmHostShould => !self.hosts.contains(&h),
            RuleKind::AntiAffinity => others().any(|&w| at[w] == h),
            RuleKind::Affinity => {
                let mut homes = others().map(|&w| at[w]);
                match homes.next() {
                    Some(first) => homes.all(|x| x == first) && first != h,
                    None => false,
                }
            }
        }
    }

    /// Whether the rule may be broken when nothing else works (should).
    pub fn soft(&self) -> bool {
        self.kind == RuleKind::VmHostShould
    }

    /// VMs that break this rule where they run now, each with the hosts
    /// that would mend it (in host order), in VM order. Anti-affinity
    /// moves every VM after the first on a shared host; affinity gathers
    /// the group on the host holding most of it (ties: lowest index).
    pub fn violations(&self, at: Placement, hosts: usize) -> Vec<(usize, Vec<usize>)> {
        match self.kind {
            RuleKind::VmHostMust | RuleKind::VmHostShould => self
                .vms
                .iter()
                .filter(|&&v| !self.hosts.contains(&at[v]))
                .map(|&v| (v, self.hosts.clone()))
                .collect(),
            RuleKind::AntiAffinity => {
                let mut seen = Vec::new();
                let mut out = Vec::new();
                let mut members = self.vms.clone();
                members.sort_unstable();
                for v in members {
                    if seen.contains(&at[v]) {
                        let free: Vec<usize> = (0..hosts)
                            .filter(|h| !self.vms.iter().any(|&w| at[w] == *h))
                            .collect();
                        out.push((v, free));
                    } else {
                        seen.push(at[v]);
                    }
                }
                out
            }
            RuleKind::Affinity => {
                let mut count = vec![0usize; hosts];
                for &v in &self.vms {
                    count[at[v]] += 1;
                }
                let home = (0..hosts)
                    .max_by_key(|&h| (count[h], std::cmp::Reverse(h)))
                    .unwrap_or(0);
                let mut members = self.vms.clone();
                members.sort_unstable();
                members
                    .into_iter()
                    .filter(|&v| at[v] != home)
                    .map(|v| (v, vec![home]))
                    .collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(kind: RuleKind, vms: &[usize], hosts: &[usize]) -> DrsRule {
        DrsRule {
            label: "r".into(),
            kind,
            vms: vms.to_vec(),
            hosts: hosts.to_vec(),
        }
    }

    #[test]
    fn anti_affinity_forbids_sharing_and_moves_the_later_vm() {
        let r = rule(RuleKind::AntiAffinity, &[0, 1], &[]);
        let at = [0, 0, 1];
        assert!(r.forbids(0, 0, &[5, 0, 1]));
        assert!(!r.forbids(0, 1, &at));
        assert_eq!(r.violations(&at, 3), vec![(1, vec![1, 2])]);
        assert!(r.violations(&[0, 1, 1], 3).is_empty());
    }

    #[test]
    fn affinity_gathers_on_the_majority_host() {
        let r = rule(RuleKind::Affinity, &[0, 1, 2], &[]);
        let at = [1, 1, 0];
        assert_eq!(r.violations(&at, 2), vec![(2, vec![1])]);
        assert!(r.forbids(0, 0, &[1, 1, 1]));
        assert!(!r.forbids(2, 1, &at));
    }

    #[test]
    fn host_rules_keep_vms_in_their_group() {
        let r = rule(RuleKind::VmHostMust, &[0], &[2]);
        assert!(r.forbids(0, 1, &[2]));
        assert!(!r.forbids(0, 2, &[1]));
        assert_eq!(r.violations(&[1], 3), vec![(0, vec![2])]);
        assert!(!r.soft());
        assert!(rule(RuleKind::VmHostShould, &[0], &[2]).soft());
    }
}
