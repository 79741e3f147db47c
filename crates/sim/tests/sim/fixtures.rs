//! What the test modules share, written once: loading the data files of
//! `tests/testdata/`, scenario parts more than one module uses, running a
//! scenario file, reading a trace (an event, a VM, where it runs, a
//! metric), and proptest's settings and strategies.

use proptest::prelude::*;
use std::ops::RangeInclusive;
use vlab_sim::base::shares::{ShareLevel, Shares};
use vlab_sim::report::metric::Metric;
use vlab_sim::sim::sample::{Sample, VmSample};
use vlab_sim::{parse_scenario, Event, EventKind, Setting, Sim, Trace, Value};

// ---------------------------------------------------------------------
// Data files
// ---------------------------------------------------------------------

/// Deserializes `text`, the data file `tests/testdata/{file}` (read with
/// `include_str!`); a file that does not load panics naming it and why.
pub fn data<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> T {
    toml::from_str(text).unwrap_or_else(|e| panic!("tests/testdata/{file} does not load: {e}"))
}

// ---------------------------------------------------------------------
// Scenario parts
// ---------------------------------------------------------------------

/// vSphere Resource Management Guide, "Expandable Reservations Example 2":
/// host esxi (20 GHz, 64 GB), RP-MOM reserving 6 GHz, not expandable, and
/// its child RP-KID reserving 2 GHz, expandable. The text ends inside
/// RP-KID's table: what follows may add to it.
pub const MOM_AND_KID_POOLS: &str = r#"[[host]]
name = "esxi"
cpu_mhz = 20000
mem_mb = 65536
[[pool]]
name = "RP-MOM"
cpu_reservation_mhz = 6000
cpu_expandable = false
[[pool]]
name = "RP-KID"
parent = "RP-MOM"
cpu_reservation_mhz = 2000
"#;

/// A VM on esxi in `pool` reserving `cpu_reservation_mhz`: 1 vCPU, 1 GB,
/// no overhead.
pub fn pool_vm(name: &str, pool: &str, cpu_reservation_mhz: u64) -> String {
    format!(
        "[[vm]]\nname = \"{name}\"\nhost = \"esxi\"\npool = \"{pool}\"\nmem_mb = 1024\nmem_overhead_mb = 0\ncpu_reservation_mhz = {cpu_reservation_mhz}\n"
    )
}

// ---------------------------------------------------------------------
// Running scenarios
// ---------------------------------------------------------------------

/// Runs the scenario `toml` of `what` (a case's name, for the panic) with
/// `seed` and `settings`; a file that does not parse or a setting refused
/// panics naming `what`.
pub fn run_named(what: &str, toml: &str, seed: u64, settings: &[Setting]) -> Trace {
    let s = parse_scenario("example.toml", toml)
        .unwrap_or_else(|e| panic!("{what}: the scenario does not parse: {e:?}\n{toml}"));
    Sim::run(&s, seed, settings)
        .unwrap_or_else(|e| panic!("{what}: a setting is refused: {e:?}\n{toml}"))
}

/// Runs `toml` with seed 1 and no settings.
pub fn run(toml: &str) -> Trace {
    run_named("example", toml, 1, &[])
}

/// Runs `toml` with seed 1 and `settings` as (target, value).
pub fn run_with(toml: &str, settings: &[(&str, Value)]) -> Trace {
    let settings: Vec<Setting> = settings
        .iter()
        .map(|(target, value)| Setting {
            target: target.to_string(),
            value: value.clone(),
        })
        .collect();
    run_named("example", toml, 1, &settings)
}

// ---------------------------------------------------------------------
// Reading traces
// ---------------------------------------------------------------------

/// The sample at second `t_s`; none there panics.
pub fn sample_at(t: &Trace, t_s: u32) -> &Sample {
    // One sample a second is the common case: try its index first.
    t.samples
        .get(t_s as usize)
        .filter(|s| s.t_s == t_s)
        .or_else(|| t.samples.iter().find(|s| s.t_s == t_s))
        .unwrap_or_else(|| panic!("no sample at {t_s} s"))
}

/// The first event of `kind` in the run.
pub fn first_event(t: &Trace, kind: EventKind) -> Option<&Event> {
    t.events.iter().find(|e| e.kind == kind)
}

/// VM `name` in the last sample.
pub fn vm<'a>(t: &'a Trace, name: &str) -> &'a VmSample {
    t.last()
        .vms
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no VM {name}"))
}

/// Where `vm` runs in sample `s` (`None` while powered off).
pub fn host_in(s: &Sample, vm: &str) -> Option<String> {
    let v = s
        .vms
        .iter()
        .find(|v| v.name == vm)
        .unwrap_or_else(|| panic!("no VM {vm} at {} s", s.t_s));
    v.host.clone().filter(|_| v.powered_on)
}

/// Where `vm` runs at second `t_s` (`None` while powered off).
pub fn host_at(t: &Trace, vm: &str, t_s: u32) -> Option<String> {
    host_in(sample_at(t, t_s), vm)
}

/// Metric `name` (`vm.web.guest_up`, ...) in sample `s`.
fn read(s: &Sample, name: &str) -> i64 {
    Metric::parse(name)
        .unwrap_or_else(|e| panic!("{name} is not a metric: {e}"))
        .read(s)
        .unwrap_or_else(|| panic!("no {name} at {} s", s.t_s))
}

/// Metric `name` in the last sample.
pub fn metric(t: &Trace, name: &str) -> i64 {
    read(t.last(), name)
}

/// Metric `name` at second `t_s`.
pub fn metric_at(t: &Trace, name: &str, t_s: u32) -> i64 {
    read(sample_at(t, t_s), name)
}

// ---------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------

/// `cases` random cases a property; no regression files (the failing
/// input is printed, shrunk, in the test output).
pub fn proptest_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Low, normal, high, or a custom number of shares from `custom`, each
/// as likely.
pub fn shares(custom: RangeInclusive<u32>) -> impl Strategy<Value = Shares> {
    prop_oneof![
        Just(Shares::Level(ShareLevel::Low)),
        Just(Shares::Level(ShareLevel::Normal)),
        Just(Shares::Level(ShareLevel::High)),
        custom.prop_map(Shares::Custom),
    ]
}
