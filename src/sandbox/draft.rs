//! The sandbox's cluster as its forms edit it: plain data, one field per
//! input. Numbers are kept as typed (text), so a half-typed or wrong value
//! stays on screen next to its message instead of snapping back;
//! [`crate::sandbox::fields`] reads and checks them, and
//! [`crate::sandbox::to_toml`] writes a checked draft as a lab file. Field
//! names are the lab format's (`labs/README.md`), so a draft field and the
//! file's field are the same thing.
//!
//! Every struct takes serde defaults member by member: a draft kept by an
//! older sandbox (or edited storage) reads as far as it goes, and
//! [`Draft::from_json`] falls back to the example when it cannot.

use crate::text::{tr, Lang};
use serde::{Deserialize, Serialize};

/// The lab being built.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The lab's `id`: lowercase letters, digits and `-`; also the saved
    /// file's name (`ID.toml`).
    pub id: String,
    /// `[title]` in English and in Simplified Chinese.
    pub title_en: String,
    pub title_zh: String,
    /// `duration_s` and `step_s` [s].
    pub duration_s: String,
    pub step_s: String,
    pub hosts: Vec<HostDraft>,
    pub pools: Vec<PoolDraft>,
    pub vms: Vec<VmDraft>,
    pub drs: DrsDraft,
    pub rules: Vec<RuleDraft>,
    pub ha: HaDraft,
    pub faults: Vec<FaultDraft>,
    pub migrations: Vec<MigrationDraft>,
    pub maintenance: Vec<MaintenanceDraft>,
}

/// One `[[scenario.host]]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HostDraft {
    pub name: String,
    pub cpu_mhz: String,
    pub mem_mb: String,
    /// `vmotion_gbps`; empty = no vMotion network.
    pub vmotion_gbps: String,
}

/// One `[[scenario.pool]]`. Empty limits are unlimited.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PoolDraft {
    pub name: String,
    /// Empty = the cluster's root.
    pub parent: String,
    pub cpu_reservation_mhz: String,
    pub cpu_limit_mhz: String,
    pub cpu_shares: String,
    pub mem_reservation_mb: String,
    pub mem_limit_mb: String,
    pub mem_shares: String,
    /// `expandable`: both reservations may borrow from the parent.
    pub expandable: bool,
}

/// One `[[scenario.vm]]`. Empty optional numbers take the format's
/// default (demand: every vCPU busy, all memory; limits: unlimited).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VmDraft {
    pub name: String,
    /// Empty = placed by the cluster at power-on.
    pub host: String,
    /// Empty = the cluster's root.
    pub pool: String,
    pub vcpus: String,
    pub mem_mb: String,
    pub cpu_demand_mhz: String,
    pub mem_demand_mb: String,
    pub mem_active_mb: String,
    pub cpu_reservation_mhz: String,
    pub cpu_limit_mhz: String,
    pub cpu_shares: String,
    pub mem_reservation_mb: String,
    pub mem_limit_mb: String,
    pub mem_shares: String,
}

/// `[scenario.drs]`; off = no table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DrsDraft {
    pub enabled: bool,
    /// `manual`, `partial` or `full`.
    pub automation: String,
    /// 1 to 5.
    pub threshold: String,
}

/// One VM-VM `[[scenario.rule]]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleDraft {
    pub name: String,
    /// `affinity` or `anti_affinity`.
    pub kind: String,
    pub vms: Vec<String>,
}

/// `[scenario.ha]`; off = no table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HaDraft {
    pub enabled: bool,
    /// `slots`, `percentage` or `disabled`.
    pub admission: String,
    pub host_failures: String,
}

/// A `host_crash` `[[scenario.fault]]`: `host` fails at `at_s`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultDraft {
    pub host: String,
    pub at_s: String,
}

/// A `[[scenario.migration]]`: vMotion of `vm` to `to_host` at `at_s`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MigrationDraft {
    pub vm: String,
    pub to_host: String,
    pub at_s: String,
}

/// A `[[scenario.maintenance]]`: `host` enters maintenance mode at `at_s`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MaintenanceDraft {
    pub host: String,
    pub at_s: String,
}

/// A share level as the forms offer it (the format also takes a number;
/// the sandbox keeps to the three published levels).
pub const SHARE_LEVELS: [&str; 3] = ["low", "normal", "high"];

impl Draft {
    /// The example the sandbox starts from: two hosts and three VMs, two
    /// of them on `esx1` wanting more CPU than it has, with high and low
    /// shares, so the run shows contention and shares deciding it.
    pub fn example() -> Draft {
        Draft {
            id: "my-cluster".into(),
            title_en: tr(Lang::En, "sandbox.example_title"),
            title_zh: tr(Lang::ZhCn, "sandbox.example_title"),
            duration_s: "120".into(),
            step_s: "10".into(),
            hosts: vec![HostDraft::numbered(1), HostDraft::numbered(2)],
            pools: Vec::new(),
            vms: vec![
                VmDraft {
                    host: "esx1".into(),
                    cpu_demand_mhz: "6000".into(),
                    cpu_shares: "high".into(),
                    ..VmDraft::named("web")
                },
                VmDraft {
                    host: "esx1".into(),
                    cpu_demand_mhz: "6000".into(),
                    cpu_shares: "low".into(),
                    ..VmDraft::named("batch")
                },
                VmDraft {
                    host: "esx2".into(),
                    cpu_demand_mhz: "3000".into(),
                    cpu_reservation_mhz: "2000".into(),
                    mem_reservation_mb: "2048".into(),
                    ..VmDraft::named("db")
                },
            ],
            drs: DrsDraft::default_off(),
            rules: Vec::new(),
            ha: HaDraft::default_off(),
            faults: Vec::new(),
            migrations: Vec::new(),
            maintenance: Vec::new(),
        }
    }

    /// The draft kept as JSON, or the example when there is none or it
    /// cannot be read.
    pub fn from_json(json: Option<&serde_json::Value>) -> Draft {
        json.and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_else(Draft::example)
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a draft is plain strings")
    }

    /// A name of the form `PREFIXn` not used by any of `taken`.
    pub fn fresh_name(prefix: &str, taken: &[&str]) -> String {
        (1..)
            .map(|n| format!("{prefix}{n}"))
            .find(|name| !taken.contains(&name.as_str()))
            .expect("some number is free")
    }

    pub fn host_names(&self) -> Vec<&str> {
        self.hosts.iter().map(|h| h.name.as_str()).collect()
    }

    pub fn vm_names(&self) -> Vec<&str> {
        self.vms.iter().map(|v| v.name.as_str()).collect()
    }

    pub fn pool_names(&self) -> Vec<&str> {
        self.pools.iter().map(|p| p.name.as_str()).collect()
    }

    /// Adds a host like the example's, with a new name.
    pub fn add_host(&mut self) {
        let name = Draft::fresh_name("esx", &self.host_names());
        self.hosts.push(HostDraft {
            name,
            ..HostDraft::numbered(1)
        });
    }

    /// Adds a small VM with a new name, on the first host.
    pub fn add_vm(&mut self) {
        let name = Draft::fresh_name("vm", &self.vm_names());
        let host = self
            .hosts
            .first()
            .map(|h| h.name.clone())
            .unwrap_or_default();
        self.vms.push(VmDraft {
            host,
            ..VmDraft::named(&name)
        });
    }

    /// Adds a pool at the root with every setting at its default.
    pub fn add_pool(&mut self) {
        let name = Draft::fresh_name("pool", &self.pool_names());
        self.pools.push(PoolDraft::named(&name));
    }

    /// Adds an anti-affinity rule over the first two VMs.
    pub fn add_rule(&mut self) {
        let taken: Vec<&str> = self.rules.iter().map(|r| r.name.as_str()).collect();
        let name = Draft::fresh_name("rule", &taken);
        let vms = self.vms.iter().take(2).map(|v| v.name.clone()).collect();
        self.rules.push(RuleDraft {
            name,
            kind: "anti_affinity".into(),
            vms,
        });
    }

    /// Adds a host failure of the first host halfway through the run.
    pub fn add_fault(&mut self) {
        let host = self
            .hosts
            .first()
            .map(|h| h.name.clone())
            .unwrap_or_default();
        let at_s = self.halfway_s();
        self.faults.push(FaultDraft { host, at_s });
    }

    /// Adds a vMotion of the first VM to another host, a tenth into the run.
    pub fn add_migration(&mut self) {
        let vm = self.vms.first();
        let to_host = self
            .hosts
            .iter()
            .find(|h| vm.is_none_or(|v| v.host != h.name))
            .map(|h| h.name.clone())
            .unwrap_or_default();
        let at_s = self
            .duration_s
            .trim()
            .parse::<u32>()
            .map_or_else(|_| "0".into(), |d| (d / 10).to_string());
        self.migrations.push(MigrationDraft {
            vm: vm.map(|v| v.name.clone()).unwrap_or_default(),
            to_host,
            at_s,
        });
    }

    /// Adds maintenance mode for the last host halfway through the run.
    pub fn add_maintenance(&mut self) {
        let host = self
            .hosts
            .last()
            .map(|h| h.name.clone())
            .unwrap_or_default();
        let at_s = self.halfway_s();
        self.maintenance.push(MaintenanceDraft { host, at_s });
    }

    fn halfway_s(&self) -> String {
        self.duration_s
            .trim()
            .parse::<u32>()
            .map_or_else(|_| "0".into(), |d| (d / 2).to_string())
    }

    /// Renames host `i` to `to`, and every reference to it with it.
    pub fn rename_host(&mut self, i: usize, to: &str) {
        let Some(from) = rename(&mut self.hosts, i, to, |h| &mut h.name) else {
            return;
        };
        let follow = |r: &mut String| follow(r, &from, to);
        self.vms.iter_mut().for_each(|v| follow(&mut v.host));
        self.faults.iter_mut().for_each(|f| follow(&mut f.host));
        self.migrations
            .iter_mut()
            .for_each(|m| follow(&mut m.to_host));
        self.maintenance
            .iter_mut()
            .for_each(|m| follow(&mut m.host));
    }

    /// Renames VM `i` to `to`, and every reference to it with it.
    pub fn rename_vm(&mut self, i: usize, to: &str) {
        let Some(from) = rename(&mut self.vms, i, to, |v| &mut v.name) else {
            return;
        };
        let follow = |r: &mut String| follow(r, &from, to);
        self.rules
            .iter_mut()
            .for_each(|r| r.vms.iter_mut().for_each(follow));
        self.migrations.iter_mut().for_each(|m| follow(&mut m.vm));
    }

    /// Renames pool `i` to `to`, and every reference to it with it.
    pub fn rename_pool(&mut self, i: usize, to: &str) {
        let Some(from) = rename(&mut self.pools, i, to, |p| &mut p.name) else {
            return;
        };
        let follow = |r: &mut String| follow(r, &from, to);
        self.pools.iter_mut().for_each(|p| follow(&mut p.parent));
        self.vms.iter_mut().for_each(|v| follow(&mut v.pool));
    }
}

/// Renames item `i` of `items` to `to`; returns its old name when the
/// references to it should follow. While two items share the old name,
/// its references are not this one's alone: they stay (None).
fn rename<T>(
    items: &mut [T],
    i: usize,
    to: &str,
    name: impl Fn(&mut T) -> &mut String,
) -> Option<String> {
    let from = name(items.get_mut(i)?).clone();
    let shared = items.iter_mut().map(&name).filter(|n| **n == from).count() > 1;
    *name(&mut items[i]) = to.to_string();
    (!shared).then_some(from)
}

/// A reference that named `from` names `to`.
fn follow(reference: &mut String, from: &str, to: &str) {
    if reference == from {
        *reference = to.to_string();
    }
}

impl HostDraft {
    /// `esxN`: 8000 MHz, 16 GB, 10 GbE vMotion.
    pub fn numbered(n: u32) -> HostDraft {
        HostDraft {
            name: format!("esx{n}"),
            cpu_mhz: "8000".into(),
            mem_mb: "16384".into(),
            vmotion_gbps: "10".into(),
        }
    }
}

impl VmDraft {
    /// A 2 vCPU, 4 GB VM with every control at its default.
    pub fn named(name: &str) -> VmDraft {
        VmDraft {
            name: name.into(),
            vcpus: "2".into(),
            mem_mb: "4096".into(),
            cpu_reservation_mhz: "0".into(),
            cpu_shares: "normal".into(),
            mem_reservation_mb: "0".into(),
            mem_shares: "normal".into(),
            ..VmDraft::default()
        }
    }
}

impl PoolDraft {
    pub fn named(name: &str) -> PoolDraft {
        PoolDraft {
            name: name.into(),
            cpu_reservation_mhz: "0".into(),
            cpu_shares: "normal".into(),
            mem_reservation_mb: "0".into(),
            mem_shares: "normal".into(),
            expandable: true,
            ..PoolDraft::default()
        }
    }
}

impl DrsDraft {
    /// Off, with vCenter's defaults ready for when it is turned on.
    pub fn default_off() -> DrsDraft {
        DrsDraft {
            enabled: false,
            automation: "full".into(),
            threshold: vlab_sim::drs::spec::DEFAULT_THRESHOLD.to_string(),
        }
    }
}

impl HaDraft {
    /// Off, with the slot policy for one host failure ready.
    pub fn default_off() -> HaDraft {
        HaDraft {
            enabled: false,
            admission: "slots".into(),
            host_failures: "1".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renaming_a_host_or_vm_follows_every_reference() {
        let mut d = Draft::example();
        d.add_fault();
        d.add_migration();
        d.add_maintenance();
        d.add_rule();
        d.rename_host(0, "alpha");
        assert_eq!(d.hosts[0].name, "alpha");
        assert_eq!(d.vms[0].host, "alpha");
        assert_eq!(d.faults[0].host, "alpha");
        d.rename_vm(0, "front");
        assert_eq!(d.rules[0].vms, ["front", "batch"]);
        assert_eq!(d.migrations[0].vm, "front");
        d.add_pool();
        d.vms[1].pool = "pool1".into();
        d.rename_pool(0, "dept");
        assert_eq!(d.vms[1].pool, "dept");
    }

    #[test]
    fn renaming_through_a_name_another_item_has_leaves_that_ones_references() {
        let mut d = Draft::example();
        // esx2 typed over as esx1, then as esx12: db follows, web stays.
        d.rename_host(1, "esx1");
        d.rename_host(1, "esx12");
        assert_eq!(d.vms[0].host, "esx1");
        assert_eq!(
            d.vms[2].host, "esx1",
            "db's host was esx2; ambiguous on the way"
        );
        assert_eq!(d.hosts[1].name, "esx12");
    }

    #[test]
    fn new_items_get_names_not_taken() {
        let mut d = Draft::example();
        d.add_host();
        d.add_vm();
        d.add_vm();
        assert_eq!(d.hosts[2].name, "esx3");
        assert_eq!(d.vms[3].name, "vm1");
        assert_eq!(d.vms[4].name, "vm2");
    }

    #[test]
    fn a_kept_draft_reads_back_and_a_broken_one_gives_the_example() {
        let mut d = Draft::example();
        d.add_host();
        assert_eq!(Draft::from_json(Some(&d.to_json())), d);
        let broken = serde_json::json!({"hosts": 3});
        assert_eq!(Draft::from_json(Some(&broken)), Draft::example());
        assert_eq!(Draft::from_json(None), Draft::example());
    }
}
