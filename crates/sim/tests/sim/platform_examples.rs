//! `platform = "fusioncompute"`: FusionCompute's CPU QoS as a second named
//! behaviour, and where it differs from vSphere's divvy.

use vlab_sim::{parse_scenario, Sim};

fn granted(platform: &str) -> Vec<u64> {
    let toml = format!(
        r#"{platform}
duration_s = 0
[[host]]
name = "cna"
cpu_mhz = 3000
mem_mb = 16384
[[vm]]
name = "a"
mem_mb = 1024
cpu_reservation_mhz = 1200
[[vm]]
name = "b"
mem_mb = 1024
cpu_demand_mhz = 200
[[vm]]
name = "c"
mem_mb = 1024
"#
    );
    let s = parse_scenario("fc.toml", &toml).unwrap();
    let t = Sim::run(&s, 1, &[]).unwrap();
    t.last()
        .vms
        .iter()
        .map(|v| v.alloc.cpu_granted_mhz)
        .collect()
}

#[test]
fn fusioncompute_leaves_a_reserved_vm_at_its_reservation() {
    // Equal quotas, 3000 MHz: B wants only 200. vSphere lifts A above its
    // 1200 MHz reservation to an equal share with C (1400 each);
    // FusionCompute's rule fixes A at its reservation first and the
    // surplus B leaves goes to C.
    assert_eq!(granted(""), vec![1400, 200, 1400]);
    assert_eq!(
        granted("platform = \"fusioncompute\""),
        vec![1200, 200, 1600]
    );
}

#[test]
fn published_quota_example_holds_on_both_platforms() {
    // Huawei's 2.8 GHz core, quotas 1000/2000/4000, all busy: 400/800/1600.
    for platform in ["", "platform = \"fusioncompute\""] {
        let toml = format!(
            "{platform}\nduration_s = 0\n[[host]]\nname = \"cna\"\ncpu_mhz = 2800\nmem_mb = 8192\n[[vm]]\nname = \"a\"\nmem_mb = 512\ncpu_shares = 1000\n[[vm]]\nname = \"b\"\nmem_mb = 512\ncpu_shares = 2000\n[[vm]]\nname = \"c\"\nmem_mb = 512\ncpu_shares = 4000\n"
        );
        let s = parse_scenario("fc.toml", &toml).unwrap();
        let t = Sim::run(&s, 1, &[]).unwrap();
        let got: Vec<u64> = t
            .last()
            .vms
            .iter()
            .map(|v| v.alloc.cpu_granted_mhz)
            .collect();
        assert_eq!(got, vec![400, 800, 1600], "{platform}");
    }
}

#[test]
fn fusioncompute_scenarios_have_no_resource_pools() {
    let toml = "platform = \"fusioncompute\"\n[[host]]\nname = \"cna\"\ncpu_mhz = 2800\nmem_mb = 8192\n[[pool]]\nname = \"p\"\n";
    let err = parse_scenario("fc.toml", toml).unwrap_err();
    assert_eq!(err[0].field, "platform");
    assert!(err[0].message.contains("no resource pools"));
}
