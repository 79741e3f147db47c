//! The DRS and DPM views' helpers: the set-up as configured, the time axis
//! (hours for day-long runs), the series the charts draw (each host's load,
//! the imbalance against its target, hosts powered on and energy), each
//! host's power state as spans, each recommendation's state, and what the
//! "Apply" button may set. Pure functions of a [`Trace`], the scenario and
//! the lab's controls; the components draw and translate.

use vlab_sim::drs::note::{DrsSample, DrsSummary, HostPower, Recommendation};
use vlab_sim::drs::spec::{Automation, DpmSpec, DrsSpec, DEFAULT_THRESHOLD};
use vlab_sim::lab::spec::{Control, ControlKind};
use vlab_sim::{Lab, Sample, Scenario, Trace, Value};

/// The setting target the student's approvals go to.
pub const APPROVED_TARGET: &str = "drs.approved";

/// Runs longer than this are drawn in hours [s].
pub const HOURS_ABOVE_S: u32 = 7200;

/// What the DRS views need from the scenario (with the student's settings).
#[derive(Debug, Clone, PartialEq)]
pub struct DrsConfig {
    pub drs: Option<DrsSpec>,
    pub dpm: Option<DpmSpec>,
}

impl DrsConfig {
    /// The scenario's DRS and DPM set-up; `None` without `[drs]` or `[dpm]`.
    pub fn of(scenario: &Scenario) -> Option<DrsConfig> {
        if scenario.drs.is_none() && scenario.dpm.is_none() {
            return None;
        }
        Some(DrsConfig {
            drs: scenario.drs.clone(),
            dpm: scenario.dpm.clone(),
        })
    }

    /// Whether DRS runs (a `[drs]` table with `enabled = false` does not).
    pub fn drs_on(&self) -> bool {
        self.drs.as_ref().is_some_and(|d| d.enabled)
    }

    pub fn automation(&self) -> Automation {
        self.drs
            .as_ref()
            .map_or_else(Automation::default, |d| d.automation)
    }

    pub fn threshold(&self) -> u8 {
        self.drs.as_ref().map_or(DEFAULT_THRESHOLD, |d| d.threshold)
    }

    /// Whether DPM acts: enabled, and DRS on (DPM works through DRS).
    pub fn dpm_on(&self) -> bool {
        self.dpm.as_ref().is_some_and(|d| d.enabled) && self.drs_on()
    }
}

/// The charts' and tables' time unit: seconds, or hours for a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Seconds,
    Hours,
}

impl TimeUnit {
    /// Hours when the run is longer than two hours.
    pub fn for_run(end_s: u32) -> TimeUnit {
        if end_s > HOURS_ABOVE_S {
            TimeUnit::Hours
        } else {
            TimeUnit::Seconds
        }
    }

    /// `t_s` on the x axis, in this unit.
    pub fn x(self, t_s: u32) -> f64 {
        match self {
            TimeUnit::Seconds => f64::from(t_s),
            TimeUnit::Hours => f64::from(t_s) / 3600.0,
        }
    }
}

/// Ticks for a time axis from 0 to `end_s` [s]: whole hours for a day
/// (at most eight intervals), round seconds otherwise.
pub fn time_ticks(end_s: u32) -> Vec<u32> {
    if TimeUnit::for_run(end_s) == TimeUnit::Seconds {
        return crate::common::ticks::ticks(end_s);
    }
    const HOURS: [u32; 6] = [1, 2, 3, 4, 6, 12];
    let step = HOURS
        .into_iter()
        .map(|h| h * 3600)
        .find(|s| end_s.div_ceil(*s) <= 8)
        .unwrap_or(43200);
    (0..=end_s).step_by(step as usize).collect()
}

/// A time of day as "h:mm" (seconds dropped), e.g. 2410 → "0:40".
pub fn clock(t_s: u32) -> String {
    format!("{}:{:02}", t_s / 3600, t_s % 3600 / 60)
}

/// Thousandths as a decimal, e.g. 52 → "0.052" (the imbalance's unit),
/// as the core writes it.
pub use vlab_sim::drs::note::milli3;

/// Watt-hours as kilowatt-hours with two decimals, e.g. 18295 → "18.30".
pub fn kwh(wh: u64) -> String {
    format!("{:.2}", wh as f64 / 1000.0)
}

/// The last sample's DRS figures (every sample has them when one does).
pub fn last_drs(trace: &Trace) -> Option<&DrsSample> {
    trace.last().drs.as_ref()
}

/// Whether the imbalance is at or below the target; `None` without one
/// (threshold 1). The same test as the goal metric `drs.excess_milli`.
pub fn within_target(d: &DrsSample) -> Option<bool> {
    d.target_milli.map(|t| d.imbalance_milli <= t)
}

/// Hosts powered on and not failed (the goal metric `drs.hosts_on`).
pub fn hosts_on(sample: &Sample) -> u32 {
    use vlab_sim::report::metric_io::{read_drs, DrsMetric};
    read_drs(sample, DrsMetric::HostsOn).unwrap_or(0) as u32
}

/// One host's load over the run [‰], `None` while it is off (standby,
/// booting, failed), so the line breaks instead of dropping to 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostLoadLine {
    pub host: String,
    /// The host's place in the scenario: its colour.
    pub index: usize,
    pub points: Vec<(u32, Option<u64>)>,
}

pub fn host_loads(trace: &Trace) -> Vec<HostLoadLine> {
    let Some(first) = trace.samples.first() else {
        return Vec::new();
    };
    first
        .hosts
        .iter()
        .enumerate()
        .map(|(h, host)| HostLoadLine {
            host: host.name.clone(),
            index: h,
            points: trace
                .samples
                .iter()
                .filter_map(|s| {
                    let d = s.drs.as_ref()?;
                    let on = d.host_power.get(h).is_some_and(|p| p.is_on())
                        && !s.hosts.get(h).is_some_and(|x| x.failed);
                    let load = d.host_load_pm.get(h).copied().filter(|_| on);
                    Some((s.t_s, load))
                })
                .collect(),
        })
        .collect()
}

/// The runs of consecutive known values: one polyline each.
pub fn segments(points: &[(u32, Option<u64>)]) -> Vec<Vec<(u32, u64)>> {
    let mut out: Vec<Vec<(u32, u64)>> = Vec::new();
    let mut open = false;
    for &(t, v) in points {
        match v {
            Some(v) if open => out.last_mut().expect("open").push((t, v)),
            Some(v) => {
                out.push(vec![(t, v)]);
                open = true;
            }
            None => open = false,
        }
    }
    out
}

/// The imbalance at one sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImbalancePoint {
    pub t_s: u32,
    pub imbalance_milli: u32,
    pub target_milli: Option<u32>,
    /// DRS migrations started since the previous sample.
    pub started: u32,
}

pub fn imbalance_series(trace: &Trace) -> Vec<ImbalancePoint> {
    let mut before = 0;
    trace
        .samples
        .iter()
        .filter_map(|s| {
            let d = s.drs.as_ref()?;
            let started = d.migrations.saturating_sub(before);
            before = d.migrations;
            Some(ImbalancePoint {
                t_s: s.t_s,
                imbalance_milli: d.imbalance_milli,
                target_milli: d.target_milli,
                started,
            })
        })
        .collect()
}

/// When DRS migrations started: each applied recommendation's time [s].
pub fn migration_marks(summary: &DrsSummary) -> Vec<u32> {
    summary
        .recommendations
        .iter()
        .filter(|r| r.applied)
        .map(|r| r.t_s)
        .collect()
}

/// Hosts powered on and the energy drawn so far, at one sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PowerPoint {
    pub t_s: u32,
    pub hosts_on: u32,
    pub energy_wh: u64,
}

pub fn power_series(trace: &Trace) -> Vec<PowerPoint> {
    trace
        .samples
        .iter()
        .filter_map(|s| {
            Some(PowerPoint {
                t_s: s.t_s,
                hosts_on: hosts_on(s),
                energy_wh: s.drs.as_ref()?.energy_wh,
            })
        })
        .collect()
}

/// Everything the DRS charts draw, computed once per run.
#[derive(Debug, Clone, PartialEq)]
pub struct DrsSeries {
    pub unit: TimeUnit,
    pub end_s: u32,
    pub loads: Vec<HostLoadLine>,
    pub imbalance: Vec<ImbalancePoint>,
    /// When DRS migrations started [s].
    pub marks: Vec<u32>,
    /// With `[dpm]`: hosts on and energy.
    pub power: Option<Vec<PowerPoint>>,
}

impl DrsSeries {
    pub fn of(trace: &Trace, dpm: bool) -> DrsSeries {
        let end_s = trace.last().t_s;
        DrsSeries {
            unit: TimeUnit::for_run(end_s),
            end_s,
            loads: host_loads(trace),
            imbalance: imbalance_series(trace),
            marks: trace.drs.as_ref().map(migration_marks).unwrap_or_default(),
            power: dpm.then(|| power_series(trace)),
        }
    }
}

/// A load in ‰ as a percentage with one decimal, e.g. 594 → "59.4".
pub fn pct1(pm: u64) -> String {
    format!("{}.{}", pm / 10, pm % 10)
}

/// The highest point of a load line and when: (load [‰], t [s]).
pub fn peak(line: &HostLoadLine) -> Option<(u64, u32)> {
    line.points
        .iter()
        .filter_map(|&(t, v)| v.map(|v| (v, t)))
        .max_by_key(|&(v, t)| (v, std::cmp::Reverse(t)))
}

/// A host's power state as the timeline draws it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowerState {
    On,
    EnteringStandby,
    Standby,
    Booting,
    /// Failed (HA's host crash): neither on nor in standby.
    Failed,
}

impl PowerState {
    pub const ALL: [PowerState; 5] = [
        PowerState::On,
        PowerState::EnteringStandby,
        PowerState::Standby,
        PowerState::Booting,
        PowerState::Failed,
    ];

    pub fn of(power: HostPower, failed: bool) -> PowerState {
        if failed {
            return PowerState::Failed;
        }
        match power {
            HostPower::On => PowerState::On,
            HostPower::EnteringStandby => PowerState::EnteringStandby,
            HostPower::Standby => PowerState::Standby,
            HostPower::Booting { .. } => PowerState::Booting,
        }
    }

    /// Locale keys and CSS classes.
    pub fn name(self) -> &'static str {
        match self {
            PowerState::On => "on",
            PowerState::EnteringStandby => "entering_standby",
            PowerState::Standby => "standby",
            PowerState::Booting => "booting",
            PowerState::Failed => "failed",
        }
    }

    /// The state a DPM power action leads to.
    fn after_action(action: &str) -> Option<PowerState> {
        match action {
            "standby" => Some(PowerState::Standby),
            "wake" => Some(PowerState::Booting),
            "awake" => Some(PowerState::On),
            _ => None,
        }
    }
}

/// One stretch of one state [s].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PowerSpan {
    pub from_s: u32,
    pub to_s: u32,
    pub state: PowerState,
}

/// One host's power states over the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PowerRow {
    pub host: String,
    pub spans: Vec<PowerSpan>,
}

/// Each host's power states, from 0 to the end of the run. The samples
/// say which state held; DPM's power actions (exact seconds, where a
/// sample may come up to a step later) move the start of the state they
/// lead to back to the second they happened.
pub fn power_rows(trace: &Trace) -> Vec<PowerRow> {
    let Some(first) = trace.samples.first() else {
        return Vec::new();
    };
    let end = trace.last().t_s;
    let events = trace
        .drs
        .as_ref()
        .map_or(&[][..], |d| &d.host_power_events[..]);
    first
        .hosts
        .iter()
        .enumerate()
        .map(|(h, host)| {
            let mut spans: Vec<PowerSpan> = Vec::new();
            for s in &trace.samples {
                let power = s.drs.as_ref().and_then(|d| d.host_power.get(h).copied());
                let failed = s.hosts.get(h).is_some_and(|x| x.failed);
                let state = PowerState::of(power.unwrap_or_default(), failed);
                match spans.last_mut() {
                    Some(last) if last.state == state => {}
                    Some(last) => {
                        last.to_s = s.t_s;
                        spans.push(PowerSpan {
                            from_s: s.t_s,
                            to_s: s.t_s,
                            state,
                        });
                    }
                    None => spans.push(PowerSpan {
                        from_s: s.t_s,
                        to_s: s.t_s,
                        state,
                    }),
                }
            }
            if let Some(last) = spans.last_mut() {
                last.to_s = end;
            }
            for e in events.iter().filter(|e| e.host == host.name) {
                let Some(state) = PowerState::after_action(&e.action) else {
                    continue;
                };
                // The first span of that state starting at or after the
                // action, with room before it to give back.
                if let Some(k) =
                    (1..spans.len()).find(|&k| spans[k].state == state && spans[k].from_s >= e.t_s)
                {
                    if spans[k - 1].from_s < e.t_s {
                        spans[k].from_s = e.t_s;
                        spans[k - 1].to_s = e.t_s;
                    }
                }
            }
            PowerRow {
                host: host.name.clone(),
                spans,
            }
        })
        .collect()
}

/// Where a recommendation stands at the end of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecState {
    /// Started as a vMotion (automatic, or approved by the student).
    Applied,
    /// Not applied, and still on DRS's list.
    Waiting,
    /// Not applied, and a later pass no longer made it.
    Dropped,
}

impl RecState {
    pub fn name(self) -> &'static str {
        match self {
            RecState::Applied => "applied",
            RecState::Waiting => "waiting",
            RecState::Dropped => "dropped",
        }
    }
}

pub fn rec_state(rec: &Recommendation, last: Option<&DrsSample>) -> RecState {
    if rec.applied {
        RecState::Applied
    } else if last.is_some_and(|d| d.pending.contains(&rec.number)) {
        RecState::Waiting
    } else {
        RecState::Dropped
    }
}

/// The lab's control for `drs.approved`, which the "Apply" buttons set.
#[derive(Debug, Clone, PartialEq)]
pub struct ApproveControl {
    /// The lab's id (the progress entry the control value goes to).
    pub lab: String,
    pub control: Control,
}

impl ApproveControl {
    /// `None` when the lab has no such control: then there is no button.
    pub fn of(lab: &Lab) -> Option<ApproveControl> {
        let control = lab
            .spec
            .control
            .iter()
            .find(|c| c.target == APPROVED_TARGET)?;
        Some(ApproveControl {
            lab: lab.spec.id.clone(),
            control: control.clone(),
        })
    }
}

/// The value that applies recommendations 1 to `number`, if `control`
/// can take it (no button the control could not follow).
pub fn approve_value(control: &Control, number: u32) -> Option<Value> {
    let n = i64::from(number);
    let v = Value::Int(n);
    let fits = match control.kind {
        ControlKind::Range => control.min.unwrap_or(0) <= n && n <= control.max.unwrap_or(i64::MAX),
        ControlKind::Choice => control.choices.as_ref().is_some_and(|c| c.contains(&v)),
        ControlKind::Toggle => false,
    };
    fits.then_some(v)
}

/// The first recommendation not applied: approving number `n` applies it
/// and every one after it up to `n` too (approvals count in order).
pub fn first_unapplied(summary: &DrsSummary) -> Option<u32> {
    summary
        .recommendations
        .iter()
        .find(|r| !r.applied)
        .map(|r| r.number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(toml: &str, settings: &[(&str, i64)]) -> (DrsConfig, Trace) {
        let scenario = vlab_sim::parse_scenario("t.toml", toml).unwrap();
        let settings: Vec<vlab_sim::Setting> = settings
            .iter()
            .map(|(t, v)| vlab_sim::Setting {
                target: t.to_string(),
                value: Value::Int(*v),
            })
            .collect();
        let configured = scenario.with_settings(&settings).unwrap();
        let trace = vlab_sim::Sim::run(&scenario, 1, &settings).unwrap();
        (DrsConfig::of(&configured).unwrap(), trace)
    }

    /// Three hosts, everything on esx1, an anti-affinity rule, and esx3 in
    /// maintenance mode for a while.
    const MANUAL: &str = r#"
duration_s = 1800
step_s = 60
[drs]
automation = "manual"
[[rule]]
name = "apart"
kind = "anti_affinity"
vms = ["a", "b"]
[[host]]
name = "esx1"
cpu_mhz = 20000
mem_mb = 65536
vmotion_gbps = 10
[[host]]
name = "esx2"
cpu_mhz = 20000
mem_mb = 65536
vmotion_gbps = 10
[[host]]
name = "esx3"
cpu_mhz = 20000
mem_mb = 65536
vmotion_gbps = 10
[[vm]]
name = "a"
host = "esx1"
vcpus = 4
mem_mb = 8192
cpu_demand_mhz = 6000
[[vm]]
name = "b"
host = "esx1"
vcpus = 4
mem_mb = 8192
cpu_demand_mhz = 6000
[[vm]]
name = "c"
host = "esx1"
vcpus = 4
mem_mb = 8192
cpu_demand_mhz = 6000
"#;

    #[test]
    fn day_long_runs_are_drawn_in_hours_and_times_read_as_a_clock() {
        assert_eq!(TimeUnit::for_run(7200), TimeUnit::Seconds);
        assert_eq!(TimeUnit::for_run(86400), TimeUnit::Hours);
        assert_eq!(TimeUnit::Hours.x(5400), 1.5);
        assert_eq!(TimeUnit::Seconds.x(300), 300.0);
        assert_eq!(clock(2410), "0:40");
        assert_eq!(clock(86400), "24:00");
        assert_eq!(milli3(52), "0.052");
        assert_eq!(milli3(1234), "1.234");
        assert_eq!(kwh(18295), "18.30");
        assert_eq!(time_ticks(86400).len(), 9);
        assert_eq!(time_ticks(86400)[1], 10800);
        assert_eq!(time_ticks(1800), [0, 300, 600, 900, 1200, 1500, 1800]);
    }

    #[test]
    fn a_host_that_is_off_breaks_its_load_line() {
        let points = [
            (0, Some(500)),
            (60, Some(400)),
            (120, None),
            (180, None),
            (240, Some(300)),
        ];
        assert_eq!(
            segments(&points),
            [vec![(0, 500), (60, 400)], vec![(240, 300)]]
        );
        assert!(segments(&[(0, None)]).is_empty());
        let line = HostLoadLine {
            host: "esx1".into(),
            index: 0,
            points: points.to_vec(),
        };
        // The first time it was highest.
        assert_eq!(peak(&line), Some((500, 0)));
        assert_eq!(pct1(594), "59.4");
    }

    #[test]
    fn waiting_recommendations_can_be_applied_through_the_approved_control() {
        let (config, trace) = run(MANUAL, &[]);
        assert!(config.drs_on() && !config.dpm_on());
        assert_eq!(config.automation(), Automation::Manual);
        assert_eq!(config.threshold(), 3);
        let summary = trace.drs.as_ref().unwrap();
        assert!(!summary.recommendations.is_empty());
        let last = last_drs(&trace);
        for r in &summary.recommendations {
            assert_eq!(rec_state(r, last), RecState::Waiting, "#{}", r.number);
        }
        assert_eq!(first_unapplied(summary), Some(1));
        assert!(migration_marks(summary).is_empty());
        // Nothing moved: the imbalance stays above the target.
        assert_eq!(within_target(last.unwrap()), Some(false));

        let (_, trace) = run(MANUAL, &[("drs.approved", 2)]);
        let summary = trace.drs.as_ref().unwrap();
        let states: Vec<RecState> = summary
            .recommendations
            .iter()
            .map(|r| rec_state(r, last_drs(&trace)))
            .collect();
        assert_eq!(&states[..2], [RecState::Applied, RecState::Applied]);
        assert_eq!(migration_marks(summary), [300, 300]);
        let started: u32 = imbalance_series(&trace).iter().map(|p| p.started).sum();
        assert_eq!(started, 2);
    }

    #[test]
    fn the_apply_button_sets_only_values_its_control_accepts() {
        let control = Control {
            id: "approved".into(),
            target: APPROVED_TARGET.into(),
            label: vlab_sim::Text {
                en: "applied".into(),
                zh_cn: "已执行".into(),
            },
            kind: ControlKind::Range,
            min: Some(0),
            max: Some(3),
            step: Some(1),
            choices: None,
            unit: None,
        };
        assert_eq!(approve_value(&control, 3), Some(Value::Int(3)));
        assert_eq!(approve_value(&control, 4), None);
        let choice = Control {
            kind: ControlKind::Choice,
            choices: Some(vec![Value::Int(0), Value::Int(2)]),
            ..control.clone()
        };
        assert_eq!(approve_value(&choice, 2), Some(Value::Int(2)));
        assert_eq!(approve_value(&choice, 1), None);
        let toggle = Control {
            kind: ControlKind::Toggle,
            ..control
        };
        assert_eq!(approve_value(&toggle, 1), None);
    }

    #[test]
    fn an_evacuation_says_whether_maintenance_or_standby_emptied_the_host() {
        let toml = MANUAL.replace("automation = \"manual\"", "automation = \"full\"")
            + "[[maintenance]]\nhost = \"esx1\"\nat_s = 900\n";
        let (_, trace) = run(&toml, &[]);
        let summary = trace.drs.as_ref().unwrap();
        let r = summary
            .recommendations
            .iter()
            .find(|r| matches!(&r.reason, vlab_sim::drs::pass::Reason::Evacuate { host, .. } if host == "esx1"))
            .expect("esx1's VMs leave");
        assert!(matches!(
            r.reason,
            vlab_sim::drs::pass::Reason::Evacuate { standby: false, .. }
        ));
        let text = crate::drs::drs_text::reason_text(crate::text::Lang::En, &r.reason);
        assert!(
            text.contains("maintenance mode") && !text.contains("standby"),
            "{text}"
        );
    }

    /// Three hosts that idle at night: DPM puts hosts in standby and wakes
    /// them as the day's load comes.
    const DPM: &str = include_str!("../../tests/fixtures/dpm-day.toml");

    #[test]
    fn dpm_power_states_become_spans_that_start_when_dpm_acted() {
        let (config, trace) = run(DPM, &[]);
        assert!(config.dpm_on());
        let summary = trace.drs.as_ref().unwrap();
        assert!(!summary.host_power_events.is_empty());
        let rows = power_rows(&trace);
        assert_eq!(rows.len(), 3);
        let end = trace.last().t_s;
        for row in &rows {
            // Spans tile the run: 0 to the end, each starting where the
            // previous ended, none empty, neighbours different.
            assert_eq!(row.spans.first().unwrap().from_s, 0);
            assert_eq!(row.spans.last().unwrap().to_s, end);
            for w in row.spans.windows(2) {
                assert_eq!(w[0].to_s, w[1].from_s, "{row:?}");
                assert_ne!(w[0].state, w[1].state);
                assert!(w[0].from_s < w[0].to_s, "{row:?}");
            }
        }
        // Each standby starts at DPM's second, not at the next sample.
        for e in summary
            .host_power_events
            .iter()
            .filter(|e| e.action == "standby")
        {
            let row = rows.iter().find(|r| r.host == e.host).unwrap();
            assert!(
                row.spans
                    .iter()
                    .any(|s| s.state == PowerState::Standby && s.from_s == e.t_s),
                "{e:?} {row:?}"
            );
        }
        // DPM's evacuations are standby ones.
        let evacuate = summary
            .recommendations
            .iter()
            .find(|r| matches!(r.reason, vlab_sim::drs::pass::Reason::Evacuate { .. }))
            .unwrap();
        assert!(matches!(
            evacuate.reason,
            vlab_sim::drs::pass::Reason::Evacuate { standby: true, .. }
        ));
        // Fewer hosts on at night than at the start; the energy only grows.
        let power = power_series(&trace);
        assert_eq!(power[0].hosts_on, 3);
        assert!(power.iter().any(|p| p.hosts_on < 3));
        assert!(power.windows(2).all(|w| w[0].energy_wh <= w[1].energy_wh));
        // A host in standby has no load point.
        let loads = host_loads(&trace);
        let standby = rows
            .iter()
            .position(|r| r.spans.iter().any(|s| s.state == PowerState::Standby))
            .unwrap();
        assert!(loads[standby].points.iter().any(|p| p.1.is_none()));
    }
}
