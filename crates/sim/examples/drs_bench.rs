//! Times DRS, for BENCHMARKS.md ("DRS and DPM"):
//! `cargo run -p vlab-sim --profile bench-fast --example drs_bench`.
//!
//! 1. One DRS pass ([`vlab_sim::drs::pass::run_pass`]) over a seeded
//!    synthetic cluster of 96 hosts and 10,000 VMs (and 16 x 1,000) at
//!    thresholds 1, 3 and 5: uneven load (hosts weighted 1 to 8), one host
//!    entering maintenance mode, rules of every kind (some broken at the
//!    start), reservations, VMs that cannot move. The target: fast
//!    enough to be interactive.
//! 2. A whole simulated day (5-minute steps) of a lab-sized cluster: 4
//!    hosts, 16 VMs with diurnal, bursty and batch workloads, DRS fully
//!    automated and DPM, with and without DPM.
//!
//! Wall-clock timing lives here, never in vlab-sim or in tests.

// A benchmark measures wall-clock time; the model it runs does not.
#![allow(clippy::disallowed_methods)]

use std::hint::black_box;
use std::time::{Duration, Instant};
use vlab_sim::base::rng::SplitMix64;
use vlab_sim::drs::load::{DrsHost, DrsVm, Stuck};
use vlab_sim::drs::pass::{run_pass, PassInput, PassResult, Reason};
use vlab_sim::drs::rules::DrsRule;
use vlab_sim::drs::spec::RuleKind;
use vlab_sim::{parse_scenario, Setting, Sim, Value};

/// The synthetic cluster: `n_hosts` hosts and `n_vms` VMs from `seed`.
struct Cluster {
    hosts: Vec<DrsHost>,
    vms: Vec<DrsVm>,
    rules: Vec<DrsRule>,
}

fn cluster(n_hosts: usize, n_vms: usize, seed: u64) -> Cluster {
    let mut r = SplitMix64::new(seed);
    let mut pick = |lo: u64, hi: u64| lo + r.below_or_eq(hi - lo);
    let hosts: Vec<DrsHost> = (0..n_hosts)
        .map(|h| {
            // Three host generations: 2 x 16, 2 x 24 and 2 x 32 cores.
            let cores = [32u64, 48, 64][h % 3];
            DrsHost {
                name: format!("esx{h:02}"),
                cpu_mhz: cores * 2600,
                mem_mb: cores * 8 * 1024,
                // The last host enters maintenance mode.
                usable: h + 1 != n_hosts,
                evacuating: h + 1 == n_hosts,
                entering_standby: false,
                vmotion: true,
                link_mb_s: if h % 4 == 0 { 125 } else { 1250 },
            }
        })
        .collect();
    // Uneven placement: host h draws VMs in proportion to 1 + h % 8.
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
            // About 65% of the cluster's CPU and memory on average: many
            // small VMs and a few large ones (1 in 20), which are the
            // moves that matter in a cluster this size.
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
    let mut rules = Vec::new();
    let vm = |r: &mut SplitMix64| r.below_or_eq(n_vms as u64 - 1) as usize;
    let mut r = SplitMix64::new(seed ^ 0x5eed);
    for k in 0..100 {
        let (kind, n_vms_in, n_hosts_in) = match k % 10 {
            0..=5 => (RuleKind::AntiAffinity, 3, 0),
            6 | 7 => (RuleKind::Affinity, 2, 0),
            8 => (RuleKind::VmHostMust, 10, 48),
            _ => (RuleKind::VmHostShould, 10, 48),
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
    Cluster { hosts, vms, rules }
}

/// Best wall time of `runs` runs of `f`, and its last result.
fn best_of<T>(runs: u32, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let value = black_box(f());
        best = best.min(start.elapsed());
        out = Some(value);
    }
    (best, out.expect("at least one run"))
}

fn describe(result: &PassResult) -> String {
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

/// A lab-sized day: 4 identical hosts with IPMI, 16 VMs.
fn lab_day() -> String {
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

fn main() {
    for (n_hosts, n_vms) in [(16, 1_000), (96, 10_000)] {
        let c = cluster(n_hosts, n_vms, 7);
        let input = PassInput {
            hosts: &c.hosts,
            vms: &c.vms,
            rules: &c.rules,
            threshold: 1,
            baselines: None,
        };
        let runs = if n_vms > 5_000 { 5 } else { 20 };
        for threshold in [1, 3, 5] {
            let input = PassInput { threshold, ..input };
            let (t, result) = best_of(runs, || run_pass(input));
            println!(
                "DRS pass, {n_hosts} hosts x {n_vms} VMs, threshold {threshold}: {:.1} ms (best of {runs}); {}",
                t.as_secs_f64() * 1e3,
                describe(&result)
            );
        }
    }

    let day = parse_scenario("drs-day", &lab_day()).expect("a valid day");
    let dpm_off = [Setting {
        target: "dpm.enabled".into(),
        value: Value::parse("false"),
    }];
    for (label, settings) in [("DRS + DPM", &[][..]), ("DRS only", &dpm_off[..])] {
        let (t, trace) = best_of(10, || Sim::run(&day, 1, settings).expect("settings apply"));
        let drs = trace.drs.as_ref().expect("DRS figures");
        println!(
            "day, 4 hosts x 16 VMs, 289 samples, {label}: {:.1} ms (best of 10); {} DRS migrations, {} power actions, {} kWh",
            t.as_secs_f64() * 1e3,
            drs.migrations,
            drs.host_power_events.len(),
            drs.energy_kwh
        );
    }
}
