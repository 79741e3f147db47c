//! The vSphere HA views' helpers: each host's slots as boxes (used, held
//! back for failover, available, beyond the host's slots), the percentage
//! policy's configured shares, the run's HA events grouped by second, and
//! each host's CPU load before the first fault and at the end. Pure
//! functions of a [`Sample`], a [`Trace`] and the scenario's `[ha]`; the
//! components draw and translate.

use std::collections::BTreeMap;
use vlab_sim::event::Detail;
use vlab_sim::ha::admission::host_slots;
use vlab_sim::ha::note::HaNote;
use vlab_sim::ha::sample::HaSample;
use vlab_sim::ha::spec::{AdmissionPolicy, FaultKind, HaSpec};
use vlab_sim::ha::{HaHost, SlotSize};
use vlab_sim::inventory::RestartPriority;
use vlab_sim::{Event, EventKind, Sample, Scenario, Trace};

/// What the HA views need from the scenario (with the student's settings).
#[derive(Debug, Clone, PartialEq)]
pub struct HaConfig {
    pub spec: HaSpec,
    /// Each VM's restart priority, by name.
    pub priorities: BTreeMap<String, RestartPriority>,
    /// Each host's capacity as HA counts it, by name: (CPU [MHz], memory
    /// [MB]), for the slots of a host the summary leaves out (failed, or a
    /// dedicated failover host).
    pub hosts: BTreeMap<String, (u64, u64)>,
}

impl HaConfig {
    /// The scenario's HA set-up; `None` without `[ha]`.
    pub fn of(scenario: &Scenario) -> Option<HaConfig> {
        Some(HaConfig {
            spec: scenario.ha.clone()?,
            priorities: scenario
                .vm
                .iter()
                .map(|v| (v.name.clone(), v.restart_priority))
                .collect(),
            hosts: scenario
                .host
                .iter()
                .map(|h| (h.name.clone(), (h.cpu_capacity_mhz(), h.mem_mb)))
                .collect(),
        })
    }

    /// Whether HA is on (a `[ha]` table with `enabled = false` is off).
    pub fn enabled(&self) -> bool {
        self.spec.enabled
    }

    /// The dedicated failover hosts, under that policy.
    pub fn dedicated(&self) -> &[String] {
        if self.spec.admission == AdmissionPolicy::FailoverHosts {
            &self.spec.failover_hosts
        } else {
            &[]
        }
    }
}

/// One host in the slot picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotRow {
    pub host: String,
    /// Slots it holds at the current slot size (for a failed host, what it
    /// held before it failed).
    pub slots: u32,
    /// Slots its powered-on VMs take (may exceed `slots` without admission
    /// control).
    pub used: u32,
    /// Free slots marked as held back for failover.
    pub held: u32,
    pub master: bool,
    pub isolated: bool,
    /// Cut off from the master by a network partition (alive).
    pub partitioned: bool,
    pub failed: bool,
    /// A dedicated failover host: no VM may power on there.
    pub dedicated: bool,
}

impl SlotRow {
    /// Free slots left for power-ons (none on a failed host).
    pub fn available(&self) -> u32 {
        if self.failed {
            return 0;
        }
        self.slots - self.used.min(self.slots) - self.held
    }

    /// Slots used beyond what the host holds.
    pub fn over(&self) -> u32 {
        self.used.saturating_sub(self.slots)
    }
}

/// One box of the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotBox {
    Used,
    /// Used beyond the host's slots.
    Over,
    /// Free, held back for failover.
    Held,
    Available,
    /// A failed host's slot: gone.
    Lost,
}

impl SlotBox {
    pub fn name(self) -> &'static str {
        match self {
            SlotBox::Used => "used",
            SlotBox::Over => "over",
            SlotBox::Held => "held",
            SlotBox::Available => "available",
            SlotBox::Lost => "lost",
        }
    }
}

/// The slot size of a sample.
fn slot_size(ha: &HaSample) -> SlotSize {
    SlotSize {
        cpu_mhz: ha.summary.slot_cpu_mhz,
        mem_mb: ha.summary.slot_mem_mb,
    }
}

/// Each host of `sample` with its slots, in host order. The failover
/// slots are a number, not particular slots (those of the largest hosts):
/// they are marked on the free slots, the hosts with most slots first.
/// A dedicated failover host's free slots are all held back.
pub fn slot_rows(sample: &Sample, config: Option<&HaConfig>) -> Vec<SlotRow> {
    let Some(ha) = sample.ha.as_ref() else {
        return Vec::new();
    };
    let dedicated = config.map_or(&[][..], HaConfig::dedicated);
    let mut rows: Vec<SlotRow> = sample
        .hosts
        .iter()
        .map(|h| {
            let slots = ha
                .summary
                .slots_per_host
                .get(&h.name)
                .copied()
                .unwrap_or_else(|| {
                    let (cpu_mhz, mem_mb) = config
                        .and_then(|c| c.hosts.get(&h.name).copied())
                        .unwrap_or((h.cpu_capacity_mhz, h.mem_capacity_mb));
                    let host = HaHost {
                        name: h.name.clone(),
                        cpu_mhz,
                        mem_mb,
                        connected: true,
                    };
                    host_slots(slot_size(ha), &host)
                });
            SlotRow {
                host: h.name.clone(),
                slots,
                used: if h.failed {
                    0
                } else {
                    ha.used_slots_per_host.get(&h.name).copied().unwrap_or(0)
                },
                held: 0,
                master: ha.master.as_deref() == Some(h.name.as_str()),
                isolated: ha.isolated.contains(&h.name),
                partitioned: ha.partitioned.contains(&h.name),
                failed: h.failed,
                dedicated: dedicated.contains(&h.name),
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&k| {
            let r = &rows[k];
            !r.failed && !r.dedicated && !r.isolated && !r.partitioned
        })
        .collect();
    order.sort_by_key(|&k| std::cmp::Reverse(rows[k].slots));
    let mut left = ha.summary.failover_slots;
    for k in order {
        let row = &mut rows[k];
        row.held = left.min(row.slots - row.used.min(row.slots));
        left -= row.held;
    }
    for row in rows.iter_mut().filter(|r| r.dedicated && !r.failed) {
        row.held = row.slots - row.used.min(row.slots);
    }
    rows
}

/// How many slots one box stands for, so that no row has more than
/// `max_boxes` boxes: 1 for small clusters.
pub fn slots_per_box(rows: &[SlotRow], max_boxes: u32) -> u32 {
    let widest = rows.iter().map(|r| r.slots.max(r.used)).max().unwrap_or(0);
    widest.div_ceil(max_boxes.max(1)).max(1)
}

/// A row's boxes, each standing for `per_box` slots: used first, then held
/// back, then available, then those used beyond the host's slots. A kind
/// that is there at all gets at least one box when there is room.
pub fn boxes(row: &SlotRow, per_box: u32) -> Vec<SlotBox> {
    let k = per_box.max(1);
    let total = row.slots.div_ceil(k);
    if row.failed {
        return vec![SlotBox::Lost; total as usize];
    }
    let used = row.used.min(row.slots).div_ceil(k).min(total);
    let held = if row.held == 0 {
        0
    } else {
        ((row.held + k / 2) / k).max(1).min(total - used)
    };
    let available = total - used - held;
    let over = row.over().div_ceil(k);
    let mut out = vec![SlotBox::Used; used as usize];
    out.extend(std::iter::repeat_n(SlotBox::Held, held as usize));
    out.extend(std::iter::repeat_n(SlotBox::Available, available as usize));
    out.extend(std::iter::repeat_n(SlotBox::Over, over as usize));
    out
}

/// The percentages of CPU and memory the percentage policy keeps free for
/// failover [%], as the simulation compares them (configured, or computed
/// from the host failures to tolerate); (0, 0) under other policies.
pub fn configured_pcts(ha: &HaSample) -> (u32, u32) {
    ha.configured_pct.unwrap_or((0, 0))
}

/// Whether the cluster still has the failover capacity its policy asks
/// for: `None` when the policy sets no level to compare with.
pub fn meets_policy(ha: &HaSample, config: &HaConfig, sample: &Sample) -> Option<bool> {
    if !config.enabled() {
        return None;
    }
    match config.spec.admission {
        AdmissionPolicy::Slots => Some(ha.summary.failover_capacity >= config.spec.host_failures),
        AdmissionPolicy::Percentage => {
            let (cpu, mem) = configured_pcts(ha);
            Some(ha.summary.cpu_failover_pct >= cpu && ha.summary.mem_failover_pct >= mem)
        }
        AdmissionPolicy::FailoverHosts => Some(config.dedicated().iter().all(|name| {
            sample
                .hosts
                .iter()
                .any(|h| &h.name == name && !h.failed && !ha.isolated.contains(name))
        })),
        AdmissionPolicy::Disabled => None,
    }
}

/// Where an HA event belongs in the story of a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Admission,
    Fault,
    Detection,
    Election,
    Response,
    Restart,
    Recovery,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Admission,
        Stage::Fault,
        Stage::Detection,
        Stage::Election,
        Stage::Response,
        Stage::Restart,
        Stage::Recovery,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Admission => "admission",
            Stage::Fault => "fault",
            Stage::Detection => "detection",
            Stage::Election => "election",
            Stage::Response => "response",
            Stage::Restart => "restart",
            Stage::Recovery => "recovery",
        }
    }
}

/// The stage of an HA event; `None` for events the timeline leaves out
/// (power-ons, power-offs, settings, migrations, other refusals).
pub fn stage(e: &Event) -> Option<Stage> {
    Some(match e.kind {
        EventKind::AdmissionDenied if matches!(e.detail, Detail::HaAdmission(_)) => {
            Stage::Admission
        }
        EventKind::FaultInjected
        | EventKind::HostFailed
        | EventKind::GuestCrashed
        | EventKind::DatastoreLost => Stage::Fault,
        EventKind::HostDeclaredDead | EventKind::HostIsolated | EventKind::HostPartitioned => {
            Stage::Detection
        }
        EventKind::ElectionStarted | EventKind::MasterElected => Stage::Election,
        EventKind::IsolationResponse | EventKind::VmReset => Stage::Response,
        EventKind::VmRestarted | EventKind::VmRestartFailed => Stage::Restart,
        EventKind::FaultHealed => Stage::Recovery,
        _ => return None,
    })
}

/// The HA events of one second.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeGroup {
    pub t_s: u32,
    /// Seconds since the latest fault at or before it (0 = the fault's
    /// own second); `None` before any fault.
    pub since_fault_s: Option<u32>,
    pub events: Vec<Event>,
}

/// Does this event start a failure (the clock the detection times run
/// from)?
fn is_fault(e: &Event) -> bool {
    matches!(e.kind, EventKind::FaultInjected | EventKind::HostFailed)
}

/// The run's HA events, grouped by second, in order.
pub fn timeline(events: &[Event]) -> Vec<TimeGroup> {
    let mut out: Vec<TimeGroup> = Vec::new();
    let mut fault_s: Option<u32> = None;
    for e in events.iter().filter(|e| stage(e).is_some()) {
        if is_fault(e) {
            fault_s = Some(e.t_s);
        }
        match out.last_mut() {
            Some(g) if g.t_s == e.t_s => g.events.push(e.clone()),
            _ => out.push(TimeGroup {
                t_s: e.t_s,
                since_fault_s: fault_s.map(|f| e.t_s - f),
                events: vec![e.clone()],
            }),
        }
    }
    out
}

/// A host's CPU at one sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostLoad {
    pub failed: bool,
    pub granted_mhz: u64,
    /// What its powered-on VMs demand [MHz].
    pub demand_mhz: u64,
    pub capacity_mhz: u64,
    pub vms: u32,
}

impl HostLoad {
    /// Granted as a share of capacity [%], rounded.
    pub fn pct(&self) -> u64 {
        pct(self.granted_mhz, self.capacity_mhz)
    }
}

/// `part` as a share of `whole` [%], rounded; 0 without a whole.
fn pct(part: u64, whole: u64) -> u64 {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

/// One host's load before the first fault and at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadRow {
    pub host: String,
    pub before: HostLoad,
    /// The most its VMs demanded after the fault while it was up [MHz],
    /// and its capacity then: at a sample, or when it failed under
    /// overload; `None` if it never was up.
    pub peak: Option<(u64, u64)>,
    pub end: HostLoad,
}

impl LoadRow {
    /// The peak as a share of capacity [%] (above 100 when overloaded).
    pub fn peak_pct(&self) -> Option<u64> {
        self.peak.map(|(d, c)| pct(d, c))
    }
}

/// Each host's load around the first host-level fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadTable {
    pub fault_s: u32,
    pub before_s: u32,
    pub end_s: u32,
    pub rows: Vec<LoadRow>,
}

fn load(sample: &Sample, host: &str) -> HostLoad {
    let h = sample.hosts.iter().find(|h| h.name == host);
    let demand_mhz = sample
        .vms
        .iter()
        .filter(|v| v.powered_on && v.host.as_deref() == Some(host))
        .map(|v| v.cpu_demand_mhz)
        .sum();
    HostLoad {
        failed: h.is_none_or(|h| h.failed),
        granted_mhz: h.map_or(0, |h| h.cpu_granted_mhz),
        demand_mhz,
        capacity_mhz: h.map_or(0, |h| h.cpu_capacity_mhz),
        vms: h.map_or(0, |h| h.vms_running),
    }
}

/// Does this event start a failure that moves load between hosts (not a
/// guest crash)?
fn is_host_fault(e: &Event) -> bool {
    match (&e.kind, &e.detail) {
        (EventKind::HostFailed, _) => true,
        (EventKind::FaultInjected, Detail::Ha(HaNote::Fault { kind })) => {
            *kind != FaultKind::GuestCrash
        }
        _ => false,
    }
}

/// Each host's CPU load at the last sample before the first host-level
/// fault, its peak demand after it, and at the end of the run; `None`
/// without such a fault, or when it comes before any sample.
pub fn load_table(trace: &Trace) -> Option<LoadTable> {
    let fault_s = trace.events.iter().find(|e| is_host_fault(e))?.t_s;
    let before = trace.samples.iter().rfind(|s| s.t_s < fault_s)?;
    let end = trace.last();
    let rows = before
        .hosts
        .iter()
        .map(|h| {
            let overloads = trace.events.iter().filter_map(|e| match &e.detail {
                Detail::Ha(HaNote::Overloaded {
                    demand_mhz,
                    capacity_mhz,
                }) if e.subject == h.name && e.t_s >= fault_s => Some((*demand_mhz, *capacity_mhz)),
                _ => None,
            });
            let peak = trace
                .samples
                .iter()
                .filter(|s| s.t_s >= fault_s)
                .map(|s| load(s, &h.name))
                .filter(|l| !l.failed)
                .map(|l| (l.demand_mhz, l.capacity_mhz))
                .chain(overloads)
                .max_by_key(|&(d, c)| (pct(d, c), d));
            LoadRow {
                host: h.name.clone(),
                before: load(before, &h.name),
                peak,
                end: load(end, &h.name),
            }
        })
        .collect();
    Some(LoadTable {
        fault_s,
        before_s: before.t_s,
        end_s: end.t_s,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(slots: u32, used: u32, held: u32) -> SlotRow {
        SlotRow {
            host: "esx1".into(),
            slots,
            used,
            held,
            master: false,
            isolated: false,
            partitioned: false,
            failed: false,
            dedicated: false,
        }
    }

    fn run(id: &str, solution: bool) -> (HaConfig, Trace) {
        let lab = crate::catalog::find(id).unwrap_or_else(|| panic!("no lab {id}"));
        let settings = if solution { lab.solution() } else { Vec::new() };
        let scenario = lab.spec.scenario.with_settings(&settings).unwrap();
        let trace = std::rc::Rc::unwrap_or_clone(lab.run(lab.spec.seed, &settings).unwrap().trace);
        (HaConfig::of(&scenario).unwrap(), trace)
    }

    #[test]
    fn the_guides_example_marks_the_largest_hosts_free_slots_as_held_back_first() {
        let (config, trace) = run("ha-slot-size", false);
        let s = trace.last();
        let rows = slot_rows(s, Some(&config));
        let got: Vec<(&str, u32, u32, u32, u32)> = rows
            .iter()
            .map(|r| (r.host.as_str(), r.slots, r.used, r.held, r.available()))
            .collect();
        // 4, 3 and 3 slots of 2 GHz / 2 GB; 4 held back (esx1's), 1 left.
        assert_eq!(
            got,
            [
                ("esx1", 4, 3, 1, 0),
                ("esx2", 3, 1, 2, 0),
                ("esx3", 3, 1, 1, 1)
            ]
        );
        let ha = s.ha.as_ref().unwrap();
        let held: u32 = rows.iter().map(|r| r.held).sum();
        let available: u32 = rows.iter().map(SlotRow::available).sum();
        assert_eq!(
            (held, available),
            (ha.summary.failover_slots, ha.summary.available_slots)
        );
        assert!(rows[2].master && !rows[0].master);
        assert_eq!(
            boxes(&rows[0], 1),
            [SlotBox::Used, SlotBox::Used, SlotBox::Used, SlotBox::Held]
        );
        assert_eq!(meets_policy(ha, &config, s), Some(true));
    }

    #[test]
    fn a_failed_host_keeps_its_slots_as_lost_boxes_and_overcommitted_hosts_show_it() {
        let (config, trace) = run("ha-restart-priority", false);
        let s = trace.last();
        let rows = slot_rows(s, Some(&config));
        assert!(rows[0].failed && rows[0].slots > 0 && rows[0].used == 0);
        assert!(boxes(&rows[0], 1).iter().all(|b| *b == SlotBox::Lost));
        // Without admission control the survivors hold more than their slots.
        let over: u32 = rows.iter().map(SlotRow::over).sum();
        assert!(over > 0, "{rows:?}");
        assert!(boxes(&rows[1], 1).contains(&SlotBox::Over));
        assert_eq!(meets_policy(s.ha.as_ref().unwrap(), &config, s), None);
    }

    #[test]
    fn a_partitioned_host_is_tagged_and_holds_no_failover_slots() {
        let src = r#"
duration_s = 60
step_s = 10
[ha]
[[host]]
name = "esx1"
cpu_mhz = 20000
mem_mb = 16384
datastores = ["san"]
[[host]]
name = "esx2"
cpu_mhz = 20000
mem_mb = 16384
datastores = ["san"]
[[host]]
name = "esx3"
cpu_mhz = 20000
mem_mb = 16384
datastores = ["san"]
[[vm]]
name = "web"
host = "esx1"
mem_mb = 2048
mem_reservation_mb = 1024
[[fault]]
kind = "partition"
target = "esx1"
at_s = 10
"#;
        let scenario = vlab_sim::parse_scenario("p.toml", src).unwrap();
        let trace = vlab_sim::Sim::run(&scenario, 1, &[]).unwrap();
        let rows = slot_rows(trace.last(), None);
        let esx1 = rows.iter().find(|r| r.host == "esx1").unwrap();
        assert!(esx1.partitioned && !esx1.failed && !esx1.isolated);
        assert_eq!(esx1.held, 0, "the master cannot count on a cut-off host");
        assert!(rows
            .iter()
            .filter(|r| r.host != "esx1")
            .all(|r| !r.partitioned));
    }

    #[test]
    fn boxes_scale_down_and_keep_every_kind_that_is_there() {
        assert_eq!(slots_per_box(&[row(618, 2, 0), row(618, 1, 0)], 32), 20);
        assert_eq!(slots_per_box(&[row(4, 6, 0)], 32), 1);
        assert_eq!(slots_per_box(&[], 32), 1);
        let b = boxes(&row(618, 2, 300), 20);
        assert_eq!(b.len(), 31);
        assert_eq!(b.iter().filter(|x| **x == SlotBox::Used).count(), 1);
        assert_eq!(b.iter().filter(|x| **x == SlotBox::Held).count(), 15);
        assert_eq!(boxes(&row(2, 3, 0), 1).last(), Some(&SlotBox::Over));
        assert_eq!(boxes(&row(0, 0, 0), 1), []);
        let full = row(4, 4, 0);
        assert_eq!(full.available(), 0);
        assert!(boxes(&full, 1).iter().all(|x| *x == SlotBox::Used));
    }

    #[test]
    fn a_dedicated_failover_host_holds_all_its_free_slots_back() {
        let (config, trace) = run("ha-failover-host", true);
        assert_eq!(config.spec.admission, AdmissionPolicy::FailoverHosts);
        let rows = slot_rows(&trace.samples[0], Some(&config));
        let dedicated: Vec<&SlotRow> = rows.iter().filter(|r| r.dedicated).collect();
        assert!(!dedicated.is_empty());
        for r in dedicated {
            assert!(r.slots > 0 && r.held == r.slots - r.used, "{r:?}");
        }
    }

    #[test]
    fn configured_percentages_match_what_admission_control_refused_with() {
        let (_, trace) = run("ha-slots-vs-percentage", true);
        let refused = trace.events.iter().find_map(|e| match &e.detail {
            Detail::HaAdmission(vlab_sim::ha::HaRefusal::MemBelowPct {
                configured_pct, ..
            }) => Some(*configured_pct),
            _ => None,
        });
        let ha = trace.samples[0].ha.as_ref().expect("an HA lab");
        let (_, mem) = configured_pcts(ha);
        assert_eq!(Some(mem), refused);
    }

    #[test]
    fn the_timeline_groups_ha_events_by_second_with_the_time_since_the_fault() {
        let (_, trace) = run("ha-restart-priority", false);
        let groups = timeline(&trace.events);
        let times: Vec<(u32, Option<u32>)> =
            groups.iter().map(|g| (g.t_s, g.since_fault_s)).collect();
        assert_eq!(
            times,
            [
                (0, None),
                (60, Some(0)),
                (70, Some(10)),
                (85, Some(25)),
                (95, Some(35)),
                (215, Some(155))
            ]
        );
        // No power-offs: the host failure says its VMs went down.
        assert!(groups
            .iter()
            .flat_map(|g| &g.events)
            .all(|e| e.kind != EventKind::PowerOff));
        assert_eq!(stage(&groups[1].events[0]), Some(Stage::Fault));
        assert_eq!(stage(&groups[3].events[0]), Some(Stage::Election));
    }

    #[test]
    fn the_load_table_shows_the_survivors_taking_the_failed_hosts_vms() {
        let (_, trace) = run("ha-restart-priority", false);
        let t = load_table(&trace).unwrap();
        assert_eq!((t.fault_s, t.before_s), (60, 50));
        assert_eq!(t.end_s, trace.last().t_s);
        let esx1 = &t.rows[0];
        assert!(!esx1.before.failed && esx1.end.failed && esx1.peak.is_none());
        let esx2 = &t.rows[1];
        assert!(esx2.end.granted_mhz > esx2.before.granted_mhz, "{esx2:?}");
        assert!(esx2.end.vms > esx2.before.vms);
        assert_eq!(esx2.before.pct(), 20);
        // The VM monitoring lab only crashes guests: no load to compare.
        let (_, trace) = run("ha-vm-monitoring", false);
        assert_eq!(load_table(&trace), None);
    }

    #[test]
    fn the_cascade_shows_demand_above_capacity_before_the_survivors_fail() {
        let (_, trace) = run("ha-no-admission-cascade", false);
        let t = load_table(&trace).unwrap();
        assert!(t.rows.iter().all(|r| r.end.failed));
        // esx2 failed at the second its demand passed its capacity: the
        // overload event has the figure no sample shows.
        let esx2 = t.rows.iter().find(|r| r.host == "esx2").unwrap();
        assert_eq!(esx2.peak, Some((27000, 20000)));
        assert_eq!(esx2.peak_pct(), Some(135));
    }
}
