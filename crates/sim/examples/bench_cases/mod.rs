//! The engine benchmarks' scenarios and timing loop, shared by the native
//! examples (`bench`, `memory_bench`, `drs_bench`, `cluster_bench`) and the
//! WebAssembly benchmark (`tests/app/wasm_bench.rs`), which include this
//! file with `#[path]`. `scripts/bench.sh` (`make bench`) runs both and
//! writes BENCHMARKS.md's generated section.
//!
//! Why here and not in vlab-sim: the core holds no benchmark code (no
//! clock, nothing a lab uses), and a cargo feature would only add a build
//! variant. A directory without `main.rs` is no example target of its
//! own; each includer compiles it once. Every scenario is drawn from
//! SplitMix64 with a fixed seed (no global RNG), and no code here reads a
//! clock: the caller passes one (`Instant` natively, `performance.now()`
//! in the browser), so both sides time the same code the same way.

#![allow(dead_code)]

use vlab_sim::base::rng::SplitMix64;
use vlab_sim::drs::load::{DrsHost, DrsVm, Stuck};
use vlab_sim::drs::pass::{run_pass, PassInput, PassResult, Reason};
use vlab_sim::drs::rules::DrsRule;
use vlab_sim::drs::spec::RuleKind;
use vlab_sim::ha::{HaHost, HaVm, Policy};
use vlab_sim::inventory::{MemoryModel, PoolSpec};
use vlab_sim::memory::{HostMemConfig, HostMemory, VmMemConfig};
use vlab_sim::resource::allocation::VmNeeds;
use vlab_sim::{parse_scenario, Scenario, Setting, Sim, Value};

/// A clock in milliseconds (any origin).
pub type Clock<'a> = &'a dyn Fn() -> f64;

/// One benchmark's figures: per iteration, over `samples` timed batches
/// of `iters` iterations each (small cases are batched so a coarse
/// browser clock still resolves them).
#[derive(Debug, Clone)]
pub struct Timing {
    pub median_ms: f64,
    pub best_ms: f64,
    pub samples: u32,
    pub iters: u32,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Times `f`: one warm-up run, then `samples` batches, each long enough
/// (at least `min_batch_ms`) for the clock's resolution.
pub fn measure(clock: Clock, samples: u32, min_batch_ms: f64, f: &mut dyn FnMut()) -> Timing {
    let t0 = clock();
    f();
    let first = (clock() - t0).max(0.001);
    let iters = ((min_batch_ms / first).ceil() as u32).clamp(1, 100_000);
    let mut per_iter: Vec<f64> = (0..samples.max(1))
        .map(|_| {
            let t = clock();
            for _ in 0..iters {
                f();
            }
            (clock() - t) / f64::from(iters)
        })
        .collect();
    let best = per_iter.iter().copied().fold(f64::INFINITY, f64::min);
    Timing {
        median_ms: median(&mut per_iter),
        best_ms: best,
        samples: samples.max(1),
        iters,
    }
}

fn esc(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c if (c as u32) < 0x20 => vec![' '],
            c => vec![c],
        })
        .collect()
}

/// A machine-readable line: `BENCH {json}` (the prefix finds it among a
/// test runner's output). `extra` is raw JSON members (`"k":v,...`) or "".
pub fn json_line(
    side: &str,
    group: &str,
    id: &str,
    label: &str,
    t: &Timing,
    extra: &str,
) -> String {
    format!(
        "BENCH {{\"side\":\"{}\",\"group\":\"{}\",\"id\":\"{}\",\"label\":\"{}\",\"median_ms\":{:.6},\"best_ms\":{:.6},\"samples\":{},\"iters\":{}{}{}}}",
        esc(side),
        esc(group),
        esc(id),
        esc(label),
        t.median_ms,
        t.best_ms,
        t.samples,
        t.iters,
        if extra.is_empty() { "" } else { "," },
        extra
    )
}

// ---------------------------------------------------------------------
// Scenarios moved from the examples (unchanged figures).

/// bench.rs: `hosts` hosts with `vms_per_host` VMs each, over `samples` samples.
pub fn synthetic(hosts: usize, vms_per_host: usize, samples: u32) -> String {
    let mut s = format!("duration_s = {}\nstep_s = 20\n", (samples - 1) * 20);
    for h in 0..hosts {
        s += &format!("[[host]]\nname = \"h{h}\"\nsockets = 2\ncores_per_socket = 24\ncore_mhz = 2500\nmem_mb = 524288\n");
    }
    for h in 0..hosts {
        for v in 0..vms_per_host {
            let shares = ["low", "normal", "high"][v % 3];
            s += &format!(
                "[[vm]]\nname = \"vm{h}-{v}\"\nhost = \"h{h}\"\nvcpus = {}\nmem_mb = {}\ncpu_reservation_mhz = {}\ncpu_shares = \"{shares}\"\nmem_reservation_mb = {}\n",
                1 + v % 8,
                2048 * (1 + v % 4),
                100 * (v % 5),
                512 * (v % 3)
            );
        }
    }
    s
}

/// bench.rs: the memory issue's benchmark: 16 VMs x 4 GB overcommitting a
/// 48 GB host, an hour at 1 s steps (memory engine and allocation together).
pub fn memory_hour() -> String {
    let mut s = String::from(
        "duration_s = 3600\nstep_s = 1\n[[host]]\nname = \"h\"\nsockets = 2\ncores_per_socket = 12\ncore_mhz = 2500\nmem_mb = 49152\n",
    );
    for v in 0..16 {
        s += &format!(
            "[[vm]]\nname = \"vm{v}\"\nhost = \"h\"\nvcpus = 2\nmem_mb = 4096\nmem_active_mb = {}\nguest_os = \"linux\"\nmem_zero_pct = 10\nmem_os_pct = 30\ntools_installed = {}\n",
            1024 + 128 * (v % 8),
            v % 4 != 0
        );
    }
    s
}

/// memory_bench.rs: the memory engine alone, 16 VMs x 4 GB on 48 GB.
pub fn memory_engine(model: MemoryModel) -> (HostMemConfig, Vec<VmMemConfig>) {
    let mut host = HostMemConfig::new(48 * 1024, model);
    host.large_pages = false;
    let vms: Vec<VmMemConfig> = (0..16)
        .map(|i| {
            let mut v = VmMemConfig::new(&format!("vm{i}"), 4096);
            v.guest_os = Some("linux".into());
            v.app = Some(if i % 2 == 0 { "web" } else { "db" }.into());
            v.zero_pct = 10;
            v.os_pct = 30;
            v.app_pct = 20;
            v.write_pct_per_min = 2;
            v.tools_installed = i % 4 != 0;
            v.active_mb = 512 + 128 * (i % 8);
            v
        })
        .collect();
    (host, vms)
}

/// One hour of 1 s memory steps; the host's memory at the end.
pub fn memory_engine_hour(host: &HostMemConfig, vms: &[VmMemConfig]) -> HostMemory {
    let mut mem = HostMemory::new(host, vms, 7);
    for _ in 0..3600 {
        mem.step(host, vms, 1);
    }
    mem
}

/// drs_bench.rs: DRS's pure input, drawn from `seed`.
pub struct DrsCluster {
    pub hosts: Vec<DrsHost>,
    pub vms: Vec<DrsVm>,
    pub rules: Vec<DrsRule>,
}

impl DrsCluster {
    pub fn input(&self, threshold: u8) -> PassInput<'_> {
        PassInput {
            hosts: &self.hosts,
            vms: &self.vms,
            rules: &self.rules,
            threshold,
            baselines: None,
        }
    }
}

/// 100 rules over `n_vms` VMs and `n_hosts` hosts: 60 anti-affinity
/// triples, 20 affinity pairs, 10 must and 10 should VM-Host rules of 10
/// VMs to `span` consecutive hosts (wrapping: drs_bench's 48, which in a
/// 16-host cluster names every host; the cluster maximum's half).
pub fn drs_rules(n_hosts: usize, n_vms: usize, span: usize, seed: u64) -> Vec<DrsRule> {
    let mut rules = Vec::new();
    let vm = |r: &mut SplitMix64| r.below_or_eq(n_vms as u64 - 1) as usize;
    let mut r = SplitMix64::new(seed ^ 0x5eed);
    for k in 0..100 {
        let (kind, n_vms_in, n_hosts_in) = match k % 10 {
            0..=5 => (RuleKind::AntiAffinity, 3, 0),
            6 | 7 => (RuleKind::Affinity, 2, 0),
            8 => (RuleKind::VmHostMust, 10, span),
            _ => (RuleKind::VmHostShould, 10, span),
        };
        let mut members: Vec<usize> = Vec::new();
        while members.len() < n_vms_in {
            let v = vm(&mut r);
            if !members.contains(&v) {
                members.push(v);
            }
        }
        let first = r.below_or_eq(n_hosts as u64 - 1) as usize;
        rules.push(DrsRule {
            label: format!("rule {}", k + 1),
            kind,
            vms: members,
            hosts: (0..n_hosts_in).map(|j| (first + j) % n_hosts).collect(),
        });
    }
    rules
}

/// drs_bench.rs's cluster: three host sizes (32, 48, 64 cores at 2.6 GHz,
/// 8 GB per core), uneven placement (host h weighted 1 + h mod 8), about
/// 65% load, 1 in 20 VMs large, some reservations, 1 in 97 pinned and 1
/// in 97 migrating; the last host enters maintenance mode; 100 rules.
pub fn drs_cluster(n_hosts: usize, n_vms: usize, seed: u64) -> DrsCluster {
    let mut r = SplitMix64::new(seed);
    let mut pick = |lo: u64, hi: u64| lo + r.below_or_eq(hi - lo);
    let hosts: Vec<DrsHost> = (0..n_hosts)
        .map(|h| {
            let cores = [32u64, 48, 64][h % 3];
            DrsHost {
                name: format!("esx{h:02}"),
                cpu_mhz: cores * 2600,
                mem_mb: cores * 8 * 1024,
                usable: h + 1 != n_hosts,
                evacuating: h + 1 == n_hosts,
                entering_standby: false,
                vmotion: true,
                link_mb_s: if h % 4 == 0 { 125 } else { 1250 },
            }
        })
        .collect();
    let weights: Vec<u64> = (0..n_hosts).map(|h| 1 + (h % 8) as u64).collect();
    let total: u64 = weights.iter().sum();
    let vms: Vec<DrsVm> = (0..n_vms)
        .map(|i| {
            let mut x = pick(0, total - 1);
            let mut host = 0;
            while x >= weights[host] {
                x -= weights[host];
                host += 1;
            }
            let (cpu, mem) = if i % 20 == 7 {
                (pick(4_000, 12_000), pick(8, 32) * 1024)
            } else {
                (pick(100, 800), pick(1, 6) * 512)
            };
            let cpu_res = if i % 5 == 0 { cpu / 2 } else { 0 };
            let mem_res = if i % 7 == 0 { mem / 2 } else { 0 } + 64;
            DrsVm {
                name: format!("vm{i:05}"),
                host,
                cpu_mhz: cpu,
                mem_mb: mem / 2 + pick(0, mem / 2) + 64,
                cpu_reserved_mhz: cpu_res,
                mem_reserved_mb: mem_res,
                copy_mb: mem,
                dirty_mb_s: pick(0, 200),
                risk_pct: if i % 3 == 0 { pick(0, 60) as u8 } else { 0 },
                stuck: match i % 97 {
                    0 => Some(Stuck::CannotVmotion("local_devices".into())),
                    1 => Some(Stuck::Migrating),
                    _ => None,
                },
            }
        })
        .collect();
    DrsCluster {
        hosts,
        vms,
        rules: drs_rules(n_hosts, n_vms, 48, seed),
    }
}

/// "N moves (E evacuate, R rule, B balance), K blocked; imbalance a -> b".
pub fn describe_pass(result: &PassResult) -> String {
    let count = |f: fn(&Reason) -> bool| result.moves.iter().filter(|m| f(&m.reason)).count();
    format!(
        "{} moves ({} evacuate, {} rule, {} balance), {} blocked; imbalance {} -> {} (target {:?})",
        result.moves.len(),
        count(|r| matches!(r, Reason::Evacuate { .. })),
        count(|r| matches!(r, Reason::Rule { .. })),
        count(|r| matches!(r, Reason::Balance)),
        result.blocked.len(),
        result.imbalance_before_milli,
        result.imbalance_after_milli,
        result.target_milli
    )
}

/// drs_bench.rs: a lab-sized day, 4 identical hosts with IPMI, 16 VMs.
pub fn lab_day() -> String {
    let mut s = String::from(
        "duration_s = 86400\nstep_s = 300\n[drs]\nthreshold = 3\n[dpm]\n\
         [[rule]]\nname = \"keep-dbs-apart\"\nkind = \"anti_affinity\"\nvms = [\"vm0\", \"vm1\"]\n",
    );
    for h in 0..4 {
        s += &format!(
            "[[host]]\nname = \"esx{h}\"\nsockets = 2\ncores_per_socket = 8\ncore_mhz = 2500\n\
             mem_mb = 131072\nvmotion_gbps = 10\npower_mgmt = \"ipmi\"\n"
        );
    }
    for i in 0..16 {
        let workload = match i % 4 {
            0 | 1 => "{ shape = \"diurnal\", cpu_mhz = 6000, cpu_base_mhz = 600 }".to_string(),
            2 => format!(
                "{{ shape = \"bursty\", cpu_mhz = 4000, burst_pct = 25, jitter_pct = {} }}",
                i % 10
            ),
            _ => "{ shape = \"batch\", cpu_mhz = 5000, start_hour = 1, end_hour = 5 }".into(),
        };
        s += &format!(
            "[[vm]]\nname = \"vm{i}\"\nvcpus = 4\nmem_mb = 8192\nmem_demand_mb = 6144\n\
             mem_active_mb = 2048\nworkload = {workload}\n"
        );
    }
    s
}

// ---------------------------------------------------------------------
// The cluster maximum: 96 hosts, 10,000 VMs, three levels of pools.

/// A cluster at vSphere's maximum size as a parsed scenario, every VM
/// placed on its host, and the DRS rules over it.
pub struct ClusterMax {
    pub scenario: Scenario,
    pub placed: Vec<Option<usize>>,
    pub rules: Vec<DrsRule>,
}

/// Hosts for `n_vms` VMs at the maximum's density (96 per 10,000).
pub fn hosts_for(n_vms: usize) -> usize {
    ((n_vms * 96 + 5_000) / 10_000).max(2)
}

/// The scenario as a lab file's text: `n_hosts` hosts of three sizes
/// (2 x 16, 24, 32 cores at 2.6 GHz, 8 GB per core); pools in three
/// levels: 4 departments, 3 teams each, 3 projects each (52 pools, with
/// reservations, some limits, every share level, a few non-expandable);
/// `n_vms` VMs drawn from `seed` (1-8 vCPUs, 1-16 GB, demand below size,
/// reservations on 1 in 5 / 1 in 7), placed unevenly (host h weighted
/// 1 + h mod 8), 9 in 10 in a project, the rest in a team, a department
/// or the root.
pub fn cluster_max_text(n_hosts: usize, n_vms: usize, seed: u64) -> String {
    let mut r = SplitMix64::new(seed);
    let mut s = String::from("duration_s = 0\nstep_s = 20\n");
    for h in 0..n_hosts {
        let cps = [16u64, 24, 32][h % 3];
        s += &format!(
            "[[host]]\nname = \"esx{h:02}\"\nsockets = 2\ncores_per_socket = {cps}\ncore_mhz = 2600\nmem_mb = {}\n",
            2 * cps * 8 * 1024
        );
    }
    let shares = ["low", "normal", "high"];
    // Each level's reservation is a slice of what one host per pool holds,
    // so the tree stays valid at every size.
    let scale = n_hosts as u64;
    let mut pools = Vec::new();
    for d in 0..4 {
        let dept = format!("dept{d}");
        s += &format!(
            "[[pool]]\nname = \"{dept}\"\ncpu_reservation_mhz = {}\nmem_reservation_mb = {}\ncpu_shares = \"{}\"\nmem_shares = \"{}\"\n",
            scale * 4000,
            scale * 8192,
            shares[d % 3],
            shares[(d + 1) % 3]
        );
        for t in 0..3 {
            let team = format!("{dept}-team{t}");
            s += &format!(
                "[[pool]]\nname = \"{team}\"\nparent = \"{dept}\"\ncpu_reservation_mhz = {}\nmem_reservation_mb = {}\ncpu_shares = \"{}\"\n",
                scale * 800,
                scale * 1024,
                shares[t % 3]
            );
            if (d + t) % 4 == 1 {
                s += &format!("cpu_limit_mhz = {}\n", scale * 14_000);
            }
            for p in 0..3 {
                let project = format!("{team}-p{p}");
                s += &format!(
                    "[[pool]]\nname = \"{project}\"\nparent = \"{team}\"\ncpu_reservation_mhz = {}\nmem_shares = \"{}\"\n",
                    scale * 100,
                    shares[(p + d) % 3]
                );
                if (d + t + p) % 5 == 0 {
                    s += &format!("mem_limit_mb = {}\n", scale * 40 * 1024);
                }
                pools.push(project);
            }
        }
    }
    let weights: Vec<u64> = (0..n_hosts).map(|h| 1 + (h % 8) as u64).collect();
    let total: u64 = weights.iter().sum();
    for i in 0..n_vms {
        let mut x = r.below_or_eq(total - 1);
        let mut host = 0;
        while x >= weights[host] {
            x -= weights[host];
            host += 1;
        }
        let large = i % 20 == 7;
        let vcpus = if large {
            4 + r.below_or_eq(4)
        } else {
            1 + r.below_or_eq(1)
        };
        let mem_gb = if large {
            8 + r.below_or_eq(8)
        } else {
            1 + r.below_or_eq(3)
        };
        let mem_mb = mem_gb * 1024;
        let cpu_demand = vcpus * (100 + r.below_or_eq(1100));
        let mem_demand = mem_mb / 4 + r.below_or_eq(mem_mb * 3 / 4);
        let pool = match i % 10 {
            0 => match i % 40 {
                0 => None,
                10 => Some(format!("dept{}", (i / 40) % 4)),
                _ => Some(format!("dept{}-team{}", (i / 40) % 4, (i / 10) % 3)),
            },
            _ => Some(pools[r.below_or_eq(pools.len() as u64 - 1) as usize].clone()),
        };
        s += &format!(
            "[[vm]]\nname = \"vm{i:05}\"\nhost = \"esx{host:02}\"\nvcpus = {vcpus}\nmem_mb = {mem_mb}\ncpu_demand_mhz = {cpu_demand}\nmem_demand_mb = {mem_demand}\ncpu_shares = \"{}\"\nmem_shares = \"{}\"\n",
            shares[i % 3],
            shares[(i / 3) % 3]
        );
        if i % 5 == 0 {
            s += &format!("cpu_reservation_mhz = {}\n", 100 * vcpus);
        }
        if i % 7 == 0 {
            s += &format!("mem_reservation_mb = {}\n", mem_mb / 4);
        }
        if let Some(p) = pool {
            s += &format!("pool = \"{p}\"\n");
        }
    }
    s
}

/// The parsed cluster maximum (or a smaller one at the same density).
pub fn cluster_max(n_hosts: usize, n_vms: usize, seed: u64) -> ClusterMax {
    let scenario = parse_scenario("cluster-max", &cluster_max_text(n_hosts, n_vms, seed))
        .unwrap_or_else(|e| panic!("cluster-max scenario invalid: {e:?}"));
    let placed = scenario
        .vm
        .iter()
        .map(|v| {
            let name = v.host.as_deref().expect("every VM is placed");
            scenario.host.iter().position(|h| h.name == name)
        })
        .collect();
    let rules = drs_rules(n_hosts, n_vms, (n_hosts / 2).max(1), seed);
    ClusterMax {
        scenario,
        placed,
        rules,
    }
}

/// What one step computed (figures to print, and the parts' times).
pub struct StepOut {
    pub alloc_ms: f64,
    pub ha_ms: f64,
    pub drs_ms: f64,
    pub cpu_entitled_mhz: u64,
    pub slots: u32,
    pub used_slots: u32,
    pub cpu_failover_pct: u32,
    pub admitted: bool,
    pub pass: PassResult,
}

/// Allocation: the cluster's resource tree divided once (entitlements
/// and grants, CPU and memory, down the three levels of pools) and fitted
/// to each host - what one sample of `Sim` computes for its VMs.
pub fn allocate(c: &ClusterMax) -> Vec<vlab_sim::resource::allocation::VmAllocation> {
    use vlab_sim::resource::{cluster, host_fit};
    let inv = c.scenario.inventory();
    let members = cluster::members(&c.placed);
    let pools: Vec<&PoolSpec> = c.scenario.pool.iter().collect();
    let tree = cluster::tree(&inv, &pools, &members, None);
    let (mut allocs, _) = tree.allocate();
    host_fit::fit_hosts(&inv, &tree, &members, &mut allocs);
    allocs
}

/// DRS's input from an allocation, as `Sim`'s DRS step builds it: CPU
/// at its entitlement, memory at its demand within reservation and limit;
/// the last host enters maintenance mode.
pub fn drs_input(
    c: &ClusterMax,
    allocs: &[vlab_sim::resource::allocation::VmAllocation],
) -> (Vec<DrsHost>, Vec<DrsVm>) {
    let sc = &c.scenario;
    let n = sc.host.len();
    let hosts = sc
        .host
        .iter()
        .enumerate()
        .map(|(h, host)| DrsHost {
            name: host.name.clone(),
            cpu_mhz: host.cpu_capacity_mhz(),
            mem_mb: host.mem_mb,
            usable: h + 1 != n,
            evacuating: h + 1 == n,
            entering_standby: false,
            vmotion: true,
            link_mb_s: if h % 4 == 0 { 125 } else { 1250 },
        })
        .collect();
    let members = vlab_sim::resource::cluster::members(&c.placed);
    let vms = members
        .iter()
        .zip(allocs)
        .map(|(&(i, h), a)| {
            let vm = &sc.vm[i];
            let need = VmNeeds::of(vm, &sc.host[h]);
            let overhead = need.mem_overhead_mb;
            DrsVm {
                name: vm.name.clone(),
                host: h,
                cpu_mhz: a.cpu_entitlement_mhz,
                mem_mb: need
                    .mem_demand_mb
                    .clamp(vm.mem_reservation_mb, need.mem_limit_mb)
                    + overhead,
                cpu_reserved_mhz: vm.cpu_reservation_mhz,
                mem_reserved_mb: vm.mem_reservation_mb + overhead,
                copy_mb: need.mem_demand_mb.min(vm.mem_mb),
                dirty_mb_s: (i as u64 * 37) % 200,
                risk_pct: if i % 3 == 0 { (i % 61) as u8 } else { 0 },
                stuck: match i % 97 {
                    0 => Some(Stuck::CannotVmotion("local_devices".into())),
                    1 => Some(Stuck::Migrating),
                    _ => None,
                },
            }
        })
        .collect();
    (hosts, vms)
}

/// HA admission control's figures: the slot policy (1 host failure) and
/// the percentage policy (computed for 1 failure), and whether one more
/// VM (4 vCPU, 2 GHz / 8 GB reserved) may power on under slots.
pub fn ha_admission(c: &ClusterMax) -> (u32, u32, u32, bool) {
    let sc = &c.scenario;
    let hosts: Vec<HaHost> = sc
        .host
        .iter()
        .map(|h| HaHost {
            name: h.name.clone(),
            cpu_mhz: h.cpu_capacity_mhz(),
            mem_mb: h.mem_mb,
            connected: true,
        })
        .collect();
    let vms: Vec<HaVm> = sc
        .vm
        .iter()
        .zip(&c.placed)
        .map(|(vm, at)| HaVm {
            name: vm.name.clone(),
            cpu_reservation_mhz: vm.cpu_reservation_mhz,
            mem_reservation_mb: vm.mem_reservation_mb,
            mem_overhead_mb: at.map_or(0, |h| VmNeeds::of(vm, &sc.host[h]).mem_overhead_mb),
            powered_on: at.is_some(),
            host: None,
        })
        .collect();
    let slots = vlab_sim::ha::summarize(&Policy::slots(1), &hosts, &vms);
    let pct_policy = Policy::percentage_for_host_failures(&hosts, 1);
    let pct = vlab_sim::ha::summarize(&pct_policy, &hosts, &vms);
    let candidate = HaVm {
        name: "new-vm".into(),
        cpu_reservation_mhz: 2000,
        mem_reservation_mb: 8192,
        mem_overhead_mb: 60,
        powered_on: false,
        host: None,
    };
    let admitted =
        vlab_sim::ha::admit_power_on(&Policy::slots(1), &hosts, &vms, &candidate).is_ok();
    (
        slots.total_slots,
        slots.used_slots,
        pct.cpu_failover_pct,
        admitted,
    )
}

/// One interactive step at the cluster maximum: allocation, HA admission
/// control and one DRS pass (threshold 3), each part timed by `clock`.
pub fn cluster_step(c: &ClusterMax, clock: Clock) -> StepOut {
    let t0 = clock();
    let allocs = allocate(c);
    let t1 = clock();
    let (slots, used_slots, cpu_failover_pct, admitted) = ha_admission(c);
    let t2 = clock();
    let (hosts, vms) = drs_input(c, &allocs);
    let pass = run_pass(PassInput {
        hosts: &hosts,
        vms: &vms,
        rules: &c.rules,
        threshold: 3,
        baselines: None,
    });
    let t3 = clock();
    StepOut {
        alloc_ms: t1 - t0,
        ha_ms: t2 - t1,
        drs_ms: t3 - t2,
        cpu_entitled_mhz: allocs.iter().map(|a| a.cpu_entitlement_mhz).sum(),
        slots,
        used_slots,
        cpu_failover_pct,
        admitted,
        pass,
    }
}

// ---------------------------------------------------------------------
// The engine cases both sides run, in one list.

/// Sizes of the DRS scaling series (hosts from [`hosts_for`]).
pub const SCALING_VMS: [usize; 4] = [1_000, 2_000, 5_000, 10_000];

/// The groups of [`engine_cases`], in the order they run.
pub const GROUPS: [&str; 5] = ["memory", "sim", "drs", "cluster", "scaling"];

/// One case: builds its scenario (untimed), times it with the clock and
/// hands its figures to the sink as [`json_line`]s.
pub type Case = Box<dyn FnOnce(&str, Clock, &mut dyn FnMut(String))>;

fn emit(
    out: &mut dyn FnMut(String),
    side: &str,
    group: &str,
    id: &str,
    label: &str,
    t: &Timing,
    extra: String,
) {
    out(json_line(side, group, id, label, t, &extra));
}

/// The engine cases of `groups` (see [`GROUPS`]), each to run on its own:
/// the browser yields to its event loop between them.
pub fn engine_cases(groups: &[&str]) -> Vec<Case> {
    let on = |g: &str| groups.contains(&g);
    let mut cases: Vec<Case> = Vec::new();

    if on("memory") {
        // Memory engine alone (memory_bench).
        for (id, model) in [
            ("vsphere6", MemoryModel::Vsphere6),
            ("paper2002", MemoryModel::Paper2002),
            ("fusioncompute", MemoryModel::Fusioncompute),
        ] {
            cases.push(Box::new(move |side, clock, out| {
                let (host, vms) = memory_engine(model);
                let t = measure(clock, 5, 20.0, &mut || {
                    std::hint::black_box(memory_engine_hour(&host, &vms));
                });
                let label =
                    format!("memory engine {model:?}: 16 VMs x 4 GB on 48 GB, 3600 steps of 1 s");
                let id = format!("memory-engine-{id}");
                emit(out, side, "memory", &id, &label, &t, String::new());
            }));
        }
    }

    if on("sim") {
        // Whole runs of synthetic scenarios (bench).
        cases.push(Box::new(|side, clock, out| {
            let hour =
                parse_scenario("memory-hour", &memory_hour()).expect("valid memory scenario");
            let t = measure(clock, 5, 20.0, &mut || {
                std::hint::black_box(Sim::run(&hour, 1, &[]).unwrap());
            });
            let label = "run: 16 VMs x 4 GB on 48 GB, 1 h at 1 s steps";
            emit(
                out,
                side,
                "sim",
                "sim-memory-hour",
                label,
                &t,
                String::new(),
            );
        }));
        for (hosts, vms, samples) in [(1, 50, 7), (4, 50, 181), (16, 64, 181)] {
            cases.push(Box::new(move |side, clock, out| {
                let scenario = parse_scenario("bench", &synthetic(hosts, vms, samples))
                    .expect("valid synthetic scenario");
                let n = if hosts * vms > 500 { 3 } else { 5 };
                let t = measure(clock, n, 20.0, &mut || {
                    std::hint::black_box(Sim::run(&scenario, 1, &[]).unwrap());
                });
                let id = format!("sim-{hosts}x{vms}x{samples}");
                let label = format!("run: {hosts} hosts x {vms} VMs, {samples} samples");
                emit(out, side, "sim", &id, &label, &t, String::new());
            }));
        }
    }

    if on("drs") {
        // DRS (drs_bench).
        for (n_hosts, n_vms) in [(16, 1_000), (96, 10_000)] {
            for threshold in [1u8, 3, 5] {
                cases.push(Box::new(move |side, clock, out| {
                    let c = drs_cluster(n_hosts, n_vms, 7);
                    let mut last = None;
                    let n = if n_vms > 5_000 { 5 } else { 9 };
                    let t = measure(clock, n, 5.0, &mut || {
                        last = Some(std::hint::black_box(run_pass(c.input(threshold))));
                    });
                    let note = describe_pass(last.as_ref().expect("ran"));
                    let id = format!("drs-pass-{n_hosts}x{n_vms}-t{threshold}");
                    let label =
                        format!("DRS pass, {n_hosts} hosts x {n_vms} VMs, threshold {threshold}");
                    let extra = format!("\"note\":\"{}\"", esc(&note));
                    emit(out, side, "drs", &id, &label, &t, extra);
                }));
            }
        }
        for (id, label, dpm) in [
            ("drs-day-dpm", "DRS + DPM", true),
            ("drs-day", "DRS only", false),
        ] {
            cases.push(Box::new(move |side, clock, out| {
                let day = parse_scenario("drs-day", &lab_day()).expect("a valid day");
                let dpm_off = [Setting {
                    target: "dpm.enabled".into(),
                    value: Value::parse("false"),
                }];
                let settings: &[Setting] = if dpm { &[] } else { &dpm_off };
                let t = measure(clock, 5, 20.0, &mut || {
                    std::hint::black_box(Sim::run(&day, 1, settings).expect("settings apply"));
                });
                let label = format!("day, 4 hosts x 16 VMs, 289 samples, {label}");
                emit(out, side, "drs", id, &label, &t, String::new());
            }));
        }
    }

    if on("cluster") {
        // The cluster maximum: allocation + HA admission + one DRS pass.
        cases.push(Box::new(|side, clock, out| {
            let c = cluster_max(96, 10_000, 7);
            let _ = cluster_step(&c, clock); // warm up
            let steps: Vec<StepOut> = (0..5).map(|_| cluster_step(&c, clock)).collect();
            let col = |f: fn(&StepOut) -> f64| {
                let mut v: Vec<f64> = steps.iter().map(f).collect();
                let best = v.iter().copied().fold(f64::INFINITY, f64::min);
                Timing {
                    median_ms: median(&mut v),
                    best_ms: best,
                    samples: steps.len() as u32,
                    iters: 1,
                }
            };
            let last = steps.last().expect("5 steps");
            let note = format!(
                "{} pools; CPU entitled {} MHz; HA {} slots, {} used, CPU failover {}%, one more VM {}; DRS {}",
                c.scenario.pool.len(),
                last.cpu_entitled_mhz,
                last.slots,
                last.used_slots,
                last.cpu_failover_pct,
                if last.admitted { "admitted" } else { "refused" },
                describe_pass(&last.pass)
            );
            let total = col(|s| s.alloc_ms + s.ha_ms + s.drs_ms);
            emit(
                out,
                side,
                "cluster",
                "cluster-max-total",
                "96 hosts x 10,000 VMs, 3 pool levels: allocation + HA admission + DRS pass",
                &total,
                format!("\"note\":\"{}\"", esc(&note)),
            );
            for (id, label, f) in [
                (
                    "cluster-max-alloc",
                    "allocation (one sample of the divvy)",
                    (|s: &StepOut| s.alloc_ms) as fn(&StepOut) -> f64,
                ),
                (
                    "cluster-max-ha",
                    "HA admission control (slots, percentage, one power-on)",
                    |s: &StepOut| s.ha_ms,
                ),
                (
                    "cluster-max-drs",
                    "DRS pass (threshold 3, input built from the allocation)",
                    |s: &StepOut| s.drs_ms,
                ),
            ] {
                emit(out, side, "cluster", id, label, &col(f), String::new());
            }
        }));
    }

    if on("scaling") {
        // DRS scaling, hosts in proportion.
        for n_vms in SCALING_VMS {
            cases.push(Box::new(move |side, clock, out| {
                let n_hosts = hosts_for(n_vms);
                let c = cluster_max(n_hosts, n_vms, 11);
                let allocs = allocate(&c);
                let (hosts, vms) = drs_input(&c, &allocs);
                let mut last = None;
                let n = if n_vms > 5_000 { 5 } else { 9 };
                let t = measure(clock, n, 5.0, &mut || {
                    last = Some(std::hint::black_box(run_pass(PassInput {
                        hosts: &hosts,
                        vms: &vms,
                        rules: &c.rules,
                        threshold: 3,
                        baselines: None,
                    })));
                });
                let note = describe_pass(last.as_ref().expect("ran"));
                let id = format!("drs-scaling-{n_vms}");
                let label =
                    format!("DRS pass, {n_hosts} hosts x {n_vms} VMs (3 pool levels), threshold 3");
                let extra = format!(
                    "\"hosts\":{n_hosts},\"vms\":{n_vms},\"note\":\"{}\"",
                    esc(&note)
                );
                emit(out, side, "scaling", &id, &label, &t, extra);
            }));
        }
    }
    cases
}

/// Runs the engine cases of `groups` one after the other (natively).
pub fn run_engine_cases(side: &str, groups: &[&str], clock: Clock, out: &mut dyn FnMut(String)) {
    for case in engine_cases(groups) {
        case(side, clock, out);
    }
}
