//! Resource pools: known answers from VMware's documented examples (as
//! summarised in `docs/references.md`, "Reservations, limits, shares"),
//! each a small TOML scenario run through the same parser and simulation as
//! a lab. Memory overhead is set to 0 where the example ignores it.

use crate::fixtures::{first_event, metric, pool_vm, run, vm, MOM_AND_KID_POOLS};
use vlab_sim::event::Detail;
use vlab_sim::resource::refusal::Shortage;
use vlab_sim::resource::refusal::{Shortfall, Stop};
use vlab_sim::sim::sample::PoolSample;
use vlab_sim::{EventKind, Trace};

fn pool<'a>(t: &'a Trace, name: &str) -> &'a PoolSample {
    t.last().pools.iter().find(|p| p.name == name).unwrap()
}

// --- Expandable reservations ------------------------------------------------

/// vSphere Resource Management Guide, "Expandable Reservations Example 2":
/// RP-MOM reserves 6 GHz and runs VM-M1 (1 GHz); its child RP-KID reserves
/// 2 GHz, expandable. VM-K1 and VM-K2 (2 GHz each) power on in RP-KID:
/// VM-K1 from RP-KID's own 2 GHz, VM-K2 by borrowing from RP-MOM, which has
/// 6 - 1 - 2 = 3 GHz unreserved. RP-MOM's own expandability is not stated;
/// the guide's arithmetic stops at RP-MOM, so it is not expandable here.
fn mom_and_kid(mom_vms: &str, kid_extra: &str) -> String {
    format!(
        "\nduration_s = 0\n{MOM_AND_KID_POOLS}{kid_extra}\n{mom_vms}{}{}",
        pool_vm("VM-K1", "RP-KID", 2000),
        pool_vm("VM-K2", "RP-KID", 2000)
    )
}

#[test]
fn vm_k2_borrows_from_rp_mom() {
    let t = run(&mom_and_kid(&pool_vm("VM-M1", "RP-MOM", 1000), ""));
    assert!(
        t.events.iter().all(|e| e.kind == EventKind::PowerOn),
        "{:?}",
        t.events
    );
    assert!(vm(&t, "VM-K2").powered_on);
    // RP-KID uses 4 GHz (2 of its own, 2 borrowed); RP-MOM uses 1 + 4.
    let kid = &pool(&t, "RP-KID").alloc;
    let mom = &pool(&t, "RP-MOM").alloc;
    assert_eq!(kid.cpu_reservation_used_mhz, 4000);
    assert_eq!(mom.cpu_reservation_used_mhz, 5000);
    assert_eq!(mom.cpu_unreserved_mhz, 1000);
    // RP-KID's own reservation is used up; it can still borrow RP-MOM's 1 GHz.
    assert_eq!(kid.cpu_unreserved_mhz, 1000);
    // The host holds RP-MOM's 6 GHz (its reservation, not expanded).
    assert_eq!(metric(&t, "host.esxi.cpu_reserved_mhz"), 6000);
    assert_eq!(metric(&t, "pool.RP-MOM.cpu_unreserved_mhz"), 1000);
}

#[test]
fn rp_mom_before_vm_k2_has_3_ghz_unreserved() {
    // The guide's "6 GHz minus 1 GHz minus 2 GHz leaves 3 GHz".
    let t = run(&mom_and_kid(&pool_vm("VM-M1", "RP-MOM", 1000), "").replace(
        "name = \"VM-K2\"\nhost = \"esxi\"",
        "name = \"VM-K2\"\nhost = \"esxi\"\npowered_on = false",
    ));
    assert_eq!(pool(&t, "RP-MOM").alloc.cpu_unreserved_mhz, 3000);
    assert_eq!(pool(&t, "RP-KID").alloc.cpu_unreserved_mhz, 3000);
}

#[test]
fn vm_k2_is_refused_when_rp_mom_has_only_1_ghz_left() {
    // Second scenario of the example: RP-MOM's own VMs reserve 3 GHz, so
    // after RP-KID's 2 GHz only 1 GHz is left; VM-K2 (2 GHz) is refused.
    let moms = pool_vm("VM-M1", "RP-MOM", 2000) + &pool_vm("VM-M2", "RP-MOM", 1000);
    let t = run(&mom_and_kid(&moms, ""));
    assert!(vm(&t, "VM-K1").powered_on);
    assert!(!vm(&t, "VM-K2").powered_on);
    let refused: Vec<_> = t
        .events
        .iter()
        .filter(|e| e.kind == EventKind::AdmissionDenied)
        .collect();
    assert_eq!(refused.len(), 1, "{:?}", t.events);
    assert_eq!(refused[0].subject, "VM-K2");
    assert_eq!(
        refused[0].detail,
        Detail::Admission(Shortage {
            host: "esxi".into(),
            pool: Some("RP-KID".into()),
            stop: Some(Stop::Pool("RP-MOM".into())),
            resource: Shortfall::CpuMhz,
            needed: 2000,
            available: 1000,
        })
    );
}

#[test]
fn a_non_expandable_kid_cannot_borrow() {
    let t = run(&mom_and_kid(
        &pool_vm("VM-M1", "RP-MOM", 1000),
        "cpu_expandable = false",
    ));
    assert!(vm(&t, "VM-K1").powered_on);
    let e = first_event(&t, EventKind::AdmissionDenied).expect("VM-K2 refused");
    assert!(
        matches!(
            &e.detail,
            Detail::Admission(Shortage { pool: Some(p), stop: Some(Stop::Pool(q)), needed: 2000, available: 0, .. })
                if p == "RP-KID" && q == "RP-KID"
        ),
        "{e:?}"
    );
}

#[test]
fn a_limit_stops_the_borrowing() {
    // RP-KID may hold at most 3 GHz: 1 GHz of borrowing, not 2.
    let t = run(&mom_and_kid(
        &pool_vm("VM-M1", "RP-MOM", 1000),
        "cpu_limit_mhz = 3000",
    ));
    let e = first_event(&t, EventKind::AdmissionDenied).expect("VM-K2 refused");
    assert!(
        matches!(
            &e.detail,
            Detail::Admission(Shortage { stop: Some(Stop::Limit(p)), needed: 2000, available: 1000, .. })
                if p == "RP-KID"
        ),
        "{e:?}"
    );
}

#[test]
fn an_expandable_mom_borrows_from_the_host_until_it_is_full() {
    // With RP-MOM expandable too, the chain reaches the host: 20 GHz.
    let moms = pool_vm("VM-M1", "RP-MOM", 2000) + &pool_vm("VM-M2", "RP-MOM", 1000);
    let toml = mom_and_kid(&moms, "").replace("cpu_expandable = false\n", "");
    let t = run(&toml);
    assert!(vm(&t, "VM-K2").powered_on);
    // RP-MOM holds 3 + 4 = 7 GHz of the host's 20.
    assert_eq!(metric(&t, "host.esxi.cpu_reserved_mhz"), 7000);
    assert_eq!(metric(&t, "pool.RP-KID.cpu_unreserved_mhz"), 13_000);
    // A 14 GHz VM then does not fit: the host stops it.
    let big = toml + &pool_vm("big", "RP-KID", 14_000);
    let t = run(&big);
    let e = first_event(&t, EventKind::AdmissionDenied).unwrap();
    assert_eq!(e.subject, "big");
    assert!(
        matches!(
            &e.detail,
            Detail::Admission(Shortage {
                pool: Some(p),
                stop: Some(Stop::Host) | None,
                needed: 14_000,
                available: 13_000,
                ..
            }) if p == "RP-KID"
        ),
        "{e:?}"
    );
}

#[test]
fn memory_reservations_count_overhead_up_the_chain() {
    // A non-expandable 4 GB pool: a VM reserving 4000 MB with 200 MB
    // overhead needs 4200 MB and is refused; 3800 MB fits exactly.
    let toml = |res: u64| {
        format!(
            "duration_s = 0\n[[host]]\nname = \"esxi\"\ncpu_mhz = 8000\nmem_mb = 65536\n[[pool]]\nname = \"p\"\nmem_reservation_mb = 4096\nmem_expandable = false\n[[vm]]\nname = \"v\"\nhost = \"esxi\"\npool = \"p\"\nmem_mb = 8192\nmem_reservation_mb = {res}\nmem_overhead_mb = 296\n"
        )
    };
    let t = run(&toml(4000));
    let e = &t.events[0];
    assert!(
        matches!(
            &e.detail,
            Detail::Admission(Shortage {
                resource: Shortfall::MemMb,
                needed: 4296,
                available: 4096,
                ..
            })
        ),
        "{e:?}"
    );
    let t = run(&toml(3800));
    assert!(vm(&t, "v").powered_on);
    assert_eq!(metric(&t, "pool.p.mem_reservation_used_mb"), 4096);
    assert_eq!(metric(&t, "pool.p.mem_unreserved_mb"), 0);
}

// --- Shares among pools -------------------------------------------------------

/// Resource Management Guide, resource pool example: a host with 6 GHz and
/// 3 GB shared by RP-QA (high shares) and RP-Marketing (normal). Under
/// contention RP-QA gets 4 GHz and 2 GB, RP-Marketing 2 GHz and 1 GB; the
/// VMs inside split what their pool gets by their own shares.
const QA_MARKETING: &str = r#"
duration_s = 0
[[host]]
name = "esxi"
cpu_mhz = 6000
mem_mb = 3072
[[pool]]
name = "RP-QA"
cpu_shares = "high"
mem_shares = "high"
[[pool]]
name = "RP-Marketing"
[[vm]]
name = "qa1"
host = "esxi"
pool = "RP-QA"
mem_mb = 3072
mem_overhead_mb = 0
[[vm]]
name = "qa2"
host = "esxi"
pool = "RP-QA"
mem_mb = 3072
mem_overhead_mb = 0
cpu_shares = "high"
mem_shares = "high"
[[vm]]
name = "mkt"
host = "esxi"
pool = "RP-Marketing"
mem_mb = 3072
mem_overhead_mb = 0
"#;

#[test]
fn pools_split_by_their_shares_and_vms_split_their_pools_share() {
    let t = run(QA_MARKETING);
    let qa = &pool(&t, "RP-QA").alloc;
    let mkt = &pool(&t, "RP-Marketing").alloc;
    assert_eq!(
        (qa.cpu_entitlement_mhz, mkt.cpu_entitlement_mhz),
        (4000, 2000)
    );
    assert_eq!(
        (qa.mem_entitlement_mb, mkt.mem_entitlement_mb),
        (2048, 1024)
    );
    // Inside RP-QA: normal (1000) vs high (2000) shares of 4 GHz; 10240 vs
    // 20480... per MB of memory: 1 : 2 of 2 GB. Rounded down.
    assert_eq!(vm(&t, "qa1").alloc.cpu_granted_mhz, 1333);
    assert_eq!(vm(&t, "qa2").alloc.cpu_granted_mhz, 2666);
    assert_eq!(vm(&t, "mkt").alloc.cpu_granted_mhz, 2000);
    assert_eq!(vm(&t, "qa1").alloc.mem_granted_mb, 682);
    assert_eq!(vm(&t, "qa2").alloc.mem_granted_mb, 1365);
    assert_eq!(vm(&t, "mkt").alloc.mem_granted_mb, 1024);
}

#[test]
fn without_contention_a_pool_takes_what_the_other_leaves() {
    // Marketing's VM wants only 500 MHz: RP-QA gets the other 5.5 GHz.
    let t = run(&QA_MARKETING.replace(
        "name = \"mkt\"\nhost = \"esxi\"",
        "name = \"mkt\"\nhost = \"esxi\"\ncpu_demand_mhz = 500",
    ));
    assert_eq!(metric(&t, "pool.RP-Marketing.cpu_granted_mhz"), 500);
    assert_eq!(metric(&t, "pool.RP-QA.cpu_granted_mhz"), 5500);
    assert_eq!(vm(&t, "qa1").alloc.cpu_granted_mhz, 1833);
    assert_eq!(vm(&t, "qa2").alloc.cpu_granted_mhz, 3666);
}

#[test]
fn a_pool_limit_caps_its_vms_even_on_an_idle_host() {
    let t = run(&QA_MARKETING.replace(
        "name = \"RP-Marketing\"\n",
        "name = \"RP-Marketing\"\ncpu_limit_mhz = 1000\n",
    ));
    assert_eq!(vm(&t, "mkt").alloc.cpu_granted_mhz, 1000);
    assert_eq!(metric(&t, "pool.RP-QA.cpu_granted_mhz"), 5000);
}

#[test]
fn a_pool_reservation_is_a_floor_against_its_siblings() {
    // RP-Marketing reserves 3 GHz: its 2 GHz share is lifted to 3 GHz.
    let t = run(&QA_MARKETING.replace(
        "name = \"RP-Marketing\"\n",
        "name = \"RP-Marketing\"\ncpu_reservation_mhz = 3000\n",
    ));
    assert_eq!(metric(&t, "pool.RP-Marketing.cpu_entitlement_mhz"), 3000);
    assert_eq!(metric(&t, "pool.RP-QA.cpu_entitlement_mhz"), 3000);
    assert_eq!(vm(&t, "mkt").alloc.cpu_granted_mhz, 3000);
}

// --- Scalable shares (vSphere 7) -----------------------------------------------

/// F. Denneman, "vSphere 7 DRS Scalable Shares Deep Dive" (2020), and the
/// vSphere Web Services SDK guide, "Understanding Scalable Shares": a
/// HighShares pool with six 2-vCPU VMs and a NormalShares pool with two.
/// With fixed pool shares (8000 : 4000) each high VM gets less than a
/// normal one (the "resource pool priority pie paradox"); with scalable
/// shares the pools get 4 x 12000 : 2 x 4000 and each high VM gets twice
/// what a normal one gets.
fn priority_pie(scalable: bool) -> String {
    let mut toml = format!(
        "duration_s = 0\n[[host]]\nname = \"esxi\"\ncpu_mhz = 14000\nmem_mb = 262144\n[[pool]]\nname = \"cluster\"\nscalable_shares = {scalable}\n[[pool]]\nname = \"HighShares\"\nparent = \"cluster\"\ncpu_shares = \"high\"\n[[pool]]\nname = \"NormalShares\"\nparent = \"cluster\"\n"
    );
    for (pool, n) in [("HighShares", 6), ("NormalShares", 2)] {
        for i in 0..n {
            toml += &format!(
                "[[vm]]\nname = \"{pool}{i}\"\nhost = \"esxi\"\npool = \"{pool}\"\nvcpus = 2\nmem_mb = 1024\nmem_overhead_mb = 0\n"
            );
        }
    }
    toml
}

#[test]
fn fixed_pool_shares_dilute_the_busier_high_pool() {
    let t = run(&priority_pie(false));
    assert_eq!(metric(&t, "pool.HighShares.cpu_entitlement_mhz"), 9333);
    assert_eq!(metric(&t, "pool.NormalShares.cpu_entitlement_mhz"), 4666);
    assert_eq!(vm(&t, "HighShares0").alloc.cpu_granted_mhz, 1555);
    assert_eq!(vm(&t, "NormalShares0").alloc.cpu_granted_mhz, 2333);
}

#[test]
fn scalable_shares_keep_high_vms_at_twice_normal_ones() {
    let t = run(&priority_pie(true));
    assert_eq!(metric(&t, "pool.HighShares.cpu_entitlement_mhz"), 12_000);
    assert_eq!(metric(&t, "pool.NormalShares.cpu_entitlement_mhz"), 2000);
    assert_eq!(vm(&t, "HighShares0").alloc.cpu_granted_mhz, 2000);
    assert_eq!(vm(&t, "NormalShares0").alloc.cpu_granted_mhz, 1000);
}

/// The issue's form of Denneman's example: the cluster's own switch
/// (`[cluster] scalable_shares`, as vSphere 7 sets it on the cluster's DRS)
/// scales its top-level pools, 100 GHz among six high VMs and two normal
/// ones: 12 : 2 shares of the cluster, 85714 and 14286 MHz, so
/// 14286 MHz per high VM and 7143 per normal one.
fn denneman_cluster(scalable: bool) -> String {
    let mut toml = format!(
        "duration_s = 0\n[cluster]\nscalable_shares = {scalable}\n[[host]]\nname = \"esxi\"\ncpu_mhz = 100000\nmem_mb = 262144\n[[pool]]\nname = \"HighShares\"\ncpu_shares = \"high\"\n[[pool]]\nname = \"NormalShares\"\n"
    );
    for (pool, n) in [("HighShares", 6), ("NormalShares", 2)] {
        for i in 0..n {
            toml += &format!(
                "[[vm]]\nname = \"{pool}{i}\"\nhost = \"esxi\"\npool = \"{pool}\"\nvcpus = 8\ncpu_demand_mhz = 20000\nmem_mb = 1024\nmem_overhead_mb = 0\n"
            );
        }
    }
    toml
}

#[test]
fn the_clusters_scalable_shares_give_denneman_s_14286_and_7143_mhz() {
    let t = run(&denneman_cluster(true));
    let high = vm(&t, "HighShares0").alloc.cpu_granted_mhz;
    let normal = vm(&t, "NormalShares0").alloc.cpu_granted_mhz;
    assert!((14_285..=14_286).contains(&high), "{high}");
    assert!((7_142..=7_143).contains(&normal), "{normal}");
    // Without it, the fixed 8000 : 4000 pool shares: 66667 MHz over six
    // high VMs (11111 each), 33333 over two normal ones (16666 each).
    let t = run(&denneman_cluster(false));
    assert!((11_110..=11_111).contains(&vm(&t, "HighShares0").alloc.cpu_granted_mhz));
    assert!((16_666..=16_667).contains(&vm(&t, "NormalShares0").alloc.cpu_granted_mhz));
}

// --- Output contract ------------------------------------------------------------

#[test]
fn pools_appear_in_json_only_when_there_are_pools() {
    let with = run(QA_MARKETING);
    let json = serde_json::to_value(with.last()).unwrap();
    assert_eq!(json["pools"][0]["name"], "RP-QA");
    assert_eq!(json["pools"][0]["cpu_entitlement_mhz"], 4000);
    let flat = "duration_s = 0\n[[host]]\nname = \"h\"\ncpu_mhz = 1000\nmem_mb = 1024\n[[vm]]\nname = \"a\"\nhost = \"h\"\nmem_mb = 512\n";
    let t = run(flat);
    let json = serde_json::to_value(&t).unwrap();
    assert!(json["samples"][0].get("pools").is_none(), "{json}");
}

#[test]
fn raising_a_running_vms_reservation_is_checked_up_the_chain() {
    // VM-K1 runs on RP-KID's own 2 GHz; raising it to 5 GHz needs 3 GHz
    // more than RP-KID has, and RP-MOM lends only 3 GHz in all (6 - 1 - 2):
    // 4 GHz fits, 5.5 GHz does not.
    let base = mom_and_kid(&pool_vm("VM-M1", "RP-MOM", 1000), "").replace(
        "name = \"VM-K2\"\nhost = \"esxi\"",
        "name = \"VM-K2\"\nhost = \"esxi\"\npowered_on = false",
    );
    let toml = base.replace("duration_s = 0", "duration_s = 40")
        + "[[timeline]]\nat_s = 20\nset = \"vm.VM-K1.cpu_reservation_mhz\"\nvalue = 4000\n"
        + "[[timeline]]\nat_s = 40\nset = \"vm.VM-K1.cpu_reservation_mhz\"\nvalue = 5500\n";
    let t = run(&toml);
    let kinds: Vec<_> = t.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::PowerOn,
            EventKind::PowerOn,
            EventKind::SettingChanged,
            EventKind::SettingRefused
        ]
    );
    let refused = &t.events[3];
    assert_eq!(refused.subject, "VM-K1");
    assert_eq!(
        refused.detail,
        Detail::Admission(Shortage {
            host: "esxi".into(),
            pool: Some("RP-KID".into()),
            stop: Some(Stop::Pool("RP-MOM".into())),
            resource: Shortfall::CpuMhz,
            needed: 5500,
            available: 5000,
        })
    );
    assert_eq!(metric(&t, "pool.RP-MOM.cpu_unreserved_mhz"), 1000);
}
