//! The sandbox's field rules: every input's label, unit and range, and
//! what is wrong with its value, in the reader's language. Ranges are the
//! core's own bounds (VMware's configuration maximums in
//! `vlab_sim::inventory::check` and `vlab_sim::scenario`), narrowed by the
//! fields they depend on where the core refuses the pair (a limit below
//! its reservation, a memory reservation above the configured memory);
//! names are unique and plain; every reference names an item that exists.
//!
//! Field ids are the lab file's paths below `[scenario]` (`vm[1].mem_mb`,
//! `drs.threshold`), so an error the file checker reports at
//! `scenario.vm[1].mem_mb` lands on the same input ([`Report::field_for`]).

use crate::sandbox::draft::{Draft, SHARE_LEVELS};
use crate::text::{tr, tr_fill, Lang};
use std::collections::BTreeMap;
use vlab_sim::drs::spec::Automation;
use vlab_sim::ha::spec::AdmissionPolicy;
use vlab_sim::inventory::check::{MAX_HOST_CPU_MHZ, MAX_HOST_MEM_MB, MAX_VM_MEM_MB, MAX_VM_VCPUS};
use vlab_sim::inventory::host_field::VMOTION_GBPS;
use vlab_sim::scenario::{MAX_DURATION_S, MAX_HOSTS, MAX_SAMPLES, MAX_VMS};

/// Longest name of a host, VM, pool or rule: the sandbox's own bound, so
/// names fit the forms and the tables (the format has none).
pub const MAX_NAME_CHARS: usize = 40;
/// Most resource pools the sandbox offers (its own bound: a class demo,
/// not a datacenter; the format has none).
pub const MAX_POOLS: usize = 100;
/// DRS's migration thresholds, 1 (conservative) to 5 (aggressive), as
/// `vlab_sim::drs::validate` accepts them.
pub const DRS_THRESHOLDS: std::ops::RangeInclusive<u8> = 1..=5;
/// The HA admission policies the sandbox offers: dedicated failover
/// hosts need a host list the forms do not have.
pub const ADMISSION_POLICIES: [AdmissionPolicy; 3] = [
    AdmissionPolicy::Slots,
    AdmissionPolicy::Percentage,
    AdmissionPolicy::Disabled,
];
/// Item counts the sandbox allows, from the configuration maximums.
pub const MAX_SANDBOX_HOSTS: usize = MAX_HOSTS;
pub const MAX_SANDBOX_VMS: usize = MAX_VMS;

/// A numeric field's unit, by its locale key (`sandbox.unit_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Mhz,
    Mb,
    S,
    Gbps,
    Vcpus,
    Hosts,
}

impl Unit {
    pub fn text(self, lang: Lang) -> String {
        let key = match self {
            Unit::Mhz => "sandbox.unit_mhz",
            Unit::Mb => "sandbox.unit_mb",
            Unit::S => "sandbox.unit_s",
            Unit::Gbps => "sandbox.unit_gbps",
            Unit::Vcpus => "sandbox.unit_vcpus",
            Unit::Hosts => "sandbox.unit_hosts",
        };
        tr(lang, key)
    }
}

/// The values a numeric field takes: `min..=max`, or from `min` up with
/// no bound (a limit above every host is no limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub min: u64,
    pub max: Option<u64>,
}

/// What the form shows about one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// Its visible label, in the reader's language.
    pub label: String,
    pub unit: Option<Unit>,
    pub range: Option<Range>,
    /// What leaving it empty means ("unlimited"), when it may be empty.
    pub empty: Option<String>,
}

impl FieldSpec {
    /// The range as a hint under the input: "0 – 7,680,000 MHz".
    pub fn hint(&self, lang: Lang) -> Option<String> {
        let range = self.range?;
        let unit = self.unit.map(|u| u.text(lang)).unwrap_or_default();
        let text = match range.max {
            Some(max) => tr_fill(
                lang,
                "sandbox.hint_range",
                &[
                    ("min", &grouped(range.min)),
                    ("max", &grouped(max)),
                    ("unit", &unit),
                ],
            ),
            None => tr_fill(
                lang,
                "sandbox.hint_at_least",
                &[("min", &grouped(range.min)), ("unit", &unit)],
            ),
        };
        Some(match &self.empty {
            Some(empty) => tr_fill(
                lang,
                "sandbox.hint_or_empty",
                &[("range", &text), ("empty", empty)],
            ),
            None => text,
        })
    }
}

/// Every input of a draft with its spec, and the problems found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub specs: BTreeMap<String, FieldSpec>,
    /// Field id -> what is wrong and what to do, first problem only.
    pub problems: BTreeMap<String, String>,
}

impl Report {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }

    /// The input a file checker's field (`scenario.vm[1].mem_limit_mb`,
    /// `scenario.rule[0].vms[1]`) belongs to: the field itself or the
    /// nearest enclosing one the forms have.
    pub fn field_for(&self, checker_field: &str) -> Option<String> {
        let mut field = checker_field
            .strip_prefix("scenario.")
            .unwrap_or(checker_field)
            .to_string();
        loop {
            if self.specs.contains_key(&field) {
                return Some(field);
            }
            let cut = field.rfind(['.', '['])?;
            field.truncate(cut);
        }
    }
}

/// `n` with its thousands grouped: 7,680,000.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A whole number as typed (surrounding spaces ignored).
pub fn number(text: &str) -> Option<u64> {
    let t = text.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Checks `draft`; every message in `lang`.
pub fn check(draft: &Draft, lang: Lang) -> Report {
    let mut w = Walk {
        lang,
        report: Report::default(),
    };
    w.lab(draft);
    w.hosts(draft);
    w.pools(draft);
    w.vms(draft);
    w.drs(draft);
    w.ha(draft);
    w.events(draft);
    w.report
}

struct Walk {
    lang: Lang,
    report: Report,
}

/// How a reference field refers: to which kind of item, and whether it
/// may be left empty.
struct Ref<'a> {
    what: &'static str,
    names: &'a [&'a str],
    required: bool,
}

impl Walk {
    fn tr(&self, key: &str) -> String {
        tr(self.lang, key)
    }

    fn label(&self, field: &str, item: Option<&str>) -> String {
        let label = self.tr(&format!("sandbox.field_{field}"));
        match item.filter(|i| !i.is_empty()) {
            Some(item) => tr_fill(
                self.lang,
                "sandbox.field_of",
                &[("label", &label), ("item", item)],
            ),
            None => label,
        }
    }

    fn spec(
        &mut self,
        id: &str,
        field: &str,
        unit: Option<Unit>,
        range: Option<Range>,
        empty: Option<&str>,
    ) {
        let spec = FieldSpec {
            label: self.tr(&format!("sandbox.field_{field}")),
            unit,
            range,
            empty: empty.map(|k| self.tr(k)),
        };
        self.report.specs.insert(id.to_string(), spec);
    }

    fn problem(&mut self, id: &str, key: &str, args: &[(&str, &str)]) {
        let message = tr_fill(self.lang, key, args);
        self.report
            .problems
            .entry(id.to_string())
            .or_insert(message);
    }

    /// A numeric input; `empty` = the locale key of what leaving it empty
    /// means, for optional fields.
    #[allow(clippy::too_many_arguments)]
    fn number(
        &mut self,
        id: &str,
        field: &str,
        item: Option<&str>,
        text: &str,
        unit: Unit,
        range: Range,
        empty: Option<&str>,
    ) {
        self.spec(id, field, Some(unit), Some(range), empty);
        let name = self.label(field, item);
        let unit_text = unit.text(self.lang);
        let min = grouped(range.min);
        let max = range.max.map(grouped);
        let trimmed = text.trim();
        let value = number(trimmed);
        let either = |w: &Walk| match &max {
            Some(max) => tr_fill(
                w.lang,
                "sandbox.hint_range",
                &[("min", &min), ("max", max), ("unit", &unit_text)],
            ),
            None => tr_fill(
                w.lang,
                "sandbox.hint_at_least",
                &[("min", &min), ("unit", &unit_text)],
            ),
        };
        let allowed = either(self);
        let or_empty = match empty {
            Some(k) => tr_fill(self.lang, "sandbox.or_empty", &[("empty", &self.tr(k))]),
            None => String::new(),
        };
        if trimmed.is_empty() {
            if empty.is_none() {
                self.problem(
                    id,
                    "sandbox.err_empty",
                    &[("field", &name), ("allowed", &allowed)],
                );
            }
            return;
        }
        match value {
            None => self.problem(
                id,
                "sandbox.err_not_number",
                &[
                    ("field", &name),
                    ("value", trimmed),
                    ("allowed", &allowed),
                    ("or_empty", &or_empty),
                ],
            ),
            Some(v) if v < range.min || range.max.is_some_and(|m| v > m) => self.problem(
                id,
                "sandbox.err_range",
                &[
                    ("field", &name),
                    ("value", &grouped(v)),
                    ("unit", &unit_text),
                    ("allowed", &allowed),
                    ("or_empty", &or_empty),
                ],
            ),
            Some(_) => {}
        }
    }

    /// A choice among `options` (a select); a value from elsewhere (edited
    /// storage) is refused.
    fn choice(&mut self, id: &str, field: &str, item: Option<&str>, value: &str, options: &[&str]) {
        self.spec(id, field, None, None, None);
        if !options.contains(&value) {
            let name = self.label(field, item);
            self.problem(id, "sandbox.err_choice", &[("field", &name)]);
        }
    }

    fn flag(&mut self, id: &str, field: &str) {
        self.spec(id, field, None, None, None);
    }

    /// A name: plain characters, unique among `others` (the names before
    /// it in its table).
    fn name(&mut self, id: &str, what: &str, name: &str, earlier: &[&str]) {
        self.spec(id, "name", None, None, None);
        let field = self.label("name", None);
        let plain = !name.is_empty()
            && name.chars().count() <= MAX_NAME_CHARS
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !plain {
            self.problem(
                id,
                "sandbox.err_name",
                &[("field", &field), ("max", &MAX_NAME_CHARS.to_string())],
            );
        } else if earlier.contains(&name) {
            let what = self.tr(&format!("sandbox.what_{what}"));
            self.problem(
                id,
                "sandbox.err_name_taken",
                &[("field", &field), ("name", name), ("what", &what)],
            );
        }
    }

    /// A reference to a host, VM or pool by name.
    fn reference(&mut self, id: &str, field: &str, item: Option<&str>, value: &str, to: Ref) {
        self.spec(id, field, None, None, None);
        let name = self.label(field, item);
        let what = self.tr(&format!("sandbox.what_{}", to.what));
        if value.is_empty() {
            if to.required {
                self.problem(id, "sandbox.err_pick", &[("field", &name), ("what", &what)]);
            }
        } else if !to.names.contains(&value) {
            self.problem(
                id,
                "sandbox.err_missing",
                &[("field", &name), ("what", &what), ("name", value)],
            );
        }
    }

    fn lab(&mut self, d: &Draft) {
        self.spec("id", "id", None, None, None);
        let id_ok = !d.id.is_empty()
            && d.id.len() <= MAX_NAME_CHARS
            && d.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            let field = self.label("id", None);
            self.problem(
                "id",
                "sandbox.err_id",
                &[("field", &field), ("max", &MAX_NAME_CHARS.to_string())],
            );
        }
        for (id, field, text) in [
            ("title.en", "title_en", &d.title_en),
            ("title.zh-CN", "title_zh", &d.title_zh),
        ] {
            self.spec(id, field, None, None, None);
            if text.trim().is_empty() {
                let name = self.label(field, None);
                self.problem(id, "sandbox.err_title", &[("field", &name)]);
            }
        }
        let duration = Range {
            min: 1,
            max: Some(u64::from(MAX_DURATION_S)),
        };
        self.number(
            "duration_s",
            "duration_s",
            None,
            &d.duration_s,
            Unit::S,
            duration,
            None,
        );
        // At most MAX_SAMPLES samples, and a step within the run.
        let run_s = number(&d.duration_s).filter(|&s| s >= 1 && s <= u64::from(MAX_DURATION_S));
        let step = Range {
            min: run_s.map_or(1, |s| s.div_ceil(u64::from(MAX_SAMPLES)).max(1)),
            max: Some(run_s.unwrap_or(u64::from(MAX_DURATION_S))),
        };
        self.number("step_s", "step_s", None, &d.step_s, Unit::S, step, None);
    }

    fn hosts(&mut self, d: &Draft) {
        let names = d.host_names();
        for (i, h) in d.hosts.iter().enumerate() {
            let at = format!("host[{i}]");
            let item = Some(h.name.as_str());
            self.name(&format!("{at}.name"), "host", &h.name, &names[..i]);
            self.number(
                &format!("{at}.cpu_mhz"),
                "cpu_mhz",
                item,
                &h.cpu_mhz,
                Unit::Mhz,
                Range {
                    min: 1,
                    max: Some(MAX_HOST_CPU_MHZ),
                },
                None,
            );
            self.number(
                &format!("{at}.mem_mb"),
                "mem_mb_host",
                item,
                &h.mem_mb,
                Unit::Mb,
                Range {
                    min: 1,
                    max: Some(MAX_HOST_MEM_MB),
                },
                None,
            );
            let gbps: Vec<String> = VMOTION_GBPS.iter().map(i64::to_string).collect();
            let mut options: Vec<&str> = vec![""];
            options.extend(gbps.iter().map(String::as_str));
            let id = format!("{at}.vmotion_gbps");
            self.choice(&id, "vmotion_gbps", item, &h.vmotion_gbps, &options);
            if let Some(spec) = self.report.specs.get_mut(&id) {
                spec.unit = Some(Unit::Gbps);
            }
        }
    }

    fn pools(&mut self, d: &Draft) {
        let names = d.pool_names();
        // A pool's figures are bounded by the largest cluster there is.
        let cluster_mhz = MAX_HOST_CPU_MHZ * MAX_HOSTS as u64;
        let cluster_mb = MAX_HOST_MEM_MB * MAX_HOSTS as u64;
        for (i, p) in d.pools.iter().enumerate() {
            let at = format!("pool[{i}]");
            let item = Some(p.name.as_str());
            self.name(&format!("{at}.name"), "pool", &p.name, &names[..i]);
            let others: Vec<&str> = names.iter().copied().filter(|n| *n != p.name).collect();
            self.reference(
                &format!("{at}.parent"),
                "parent",
                item,
                &p.parent,
                Ref {
                    what: "pool",
                    names: &others,
                    required: false,
                },
            );
            self.controls(
                &at,
                item,
                Controls {
                    cpu_reservation_mhz: &p.cpu_reservation_mhz,
                    cpu_limit_mhz: &p.cpu_limit_mhz,
                    cpu_shares: &p.cpu_shares,
                    mem_reservation_mb: &p.mem_reservation_mb,
                    mem_limit_mb: &p.mem_limit_mb,
                    mem_shares: &p.mem_shares,
                    max_mhz: cluster_mhz,
                    max_mb: cluster_mb,
                },
            );
            self.flag(&format!("{at}.expandable"), "expandable");
        }
    }

    /// Reservation, limit and shares of CPU and memory, as VMs and pools
    /// share them; a limit is at least its reservation.
    fn controls(&mut self, at: &str, item: Option<&str>, c: Controls) {
        self.number(
            &format!("{at}.cpu_reservation_mhz"),
            "cpu_reservation_mhz",
            item,
            c.cpu_reservation_mhz,
            Unit::Mhz,
            Range {
                min: 0,
                max: Some(c.max_mhz),
            },
            None,
        );
        let cpu_res = number(c.cpu_reservation_mhz)
            .filter(|&r| r <= c.max_mhz)
            .unwrap_or(0);
        self.number(
            &format!("{at}.cpu_limit_mhz"),
            "cpu_limit_mhz",
            item,
            c.cpu_limit_mhz,
            Unit::Mhz,
            Range {
                min: cpu_res,
                max: None,
            },
            Some("sandbox.empty_unlimited"),
        );
        self.choice(
            &format!("{at}.cpu_shares"),
            "cpu_shares",
            item,
            c.cpu_shares,
            &SHARE_LEVELS,
        );
        self.number(
            &format!("{at}.mem_reservation_mb"),
            "mem_reservation_mb",
            item,
            c.mem_reservation_mb,
            Unit::Mb,
            Range {
                min: 0,
                max: Some(c.max_mb),
            },
            None,
        );
        let mem_res = number(c.mem_reservation_mb)
            .filter(|&r| r <= c.max_mb)
            .unwrap_or(0);
        self.number(
            &format!("{at}.mem_limit_mb"),
            "mem_limit_mb",
            item,
            c.mem_limit_mb,
            Unit::Mb,
            Range {
                min: mem_res,
                max: None,
            },
            Some("sandbox.empty_unlimited"),
        );
        self.choice(
            &format!("{at}.mem_shares"),
            "mem_shares",
            item,
            c.mem_shares,
            &SHARE_LEVELS,
        );
    }

    fn vms(&mut self, d: &Draft) {
        let names = d.vm_names();
        let hosts = d.host_names();
        let pools = d.pool_names();
        for (i, v) in d.vms.iter().enumerate() {
            let at = format!("vm[{i}]");
            let item = Some(v.name.as_str());
            self.name(&format!("{at}.name"), "vm", &v.name, &names[..i]);
            self.reference(
                &format!("{at}.host"),
                "host",
                item,
                &v.host,
                Ref {
                    what: "host",
                    names: &hosts,
                    required: false,
                },
            );
            self.reference(
                &format!("{at}.pool"),
                "pool",
                item,
                &v.pool,
                Ref {
                    what: "pool",
                    names: &pools,
                    required: false,
                },
            );
            self.number(
                &format!("{at}.vcpus"),
                "vcpus",
                item,
                &v.vcpus,
                Unit::Vcpus,
                Range {
                    min: 1,
                    max: Some(u64::from(MAX_VM_VCPUS)),
                },
                None,
            );
            self.number(
                &format!("{at}.mem_mb"),
                "mem_mb",
                item,
                &v.mem_mb,
                Unit::Mb,
                Range {
                    min: 1,
                    max: Some(MAX_VM_MEM_MB),
                },
                None,
            );
            let mem_mb = number(&v.mem_mb).filter(|&m| (1..=MAX_VM_MEM_MB).contains(&m));
            self.number(
                &format!("{at}.cpu_demand_mhz"),
                "cpu_demand_mhz",
                item,
                &v.cpu_demand_mhz,
                Unit::Mhz,
                Range {
                    min: 0,
                    max: Some(MAX_HOST_CPU_MHZ),
                },
                Some("sandbox.empty_all_vcpus"),
            );
            self.number(
                &format!("{at}.mem_demand_mb"),
                "mem_demand_mb",
                item,
                &v.mem_demand_mb,
                Unit::Mb,
                Range {
                    min: 0,
                    max: Some(MAX_VM_MEM_MB),
                },
                Some("sandbox.empty_all_memory"),
            );
            // Active memory is part of what the guest touched.
            let demand = number(&v.mem_demand_mb)
                .filter(|&m| m <= MAX_VM_MEM_MB)
                .or(mem_mb)
                .unwrap_or(MAX_VM_MEM_MB);
            self.number(
                &format!("{at}.mem_active_mb"),
                "mem_active_mb",
                item,
                &v.mem_active_mb,
                Unit::Mb,
                Range {
                    min: 0,
                    max: Some(demand),
                },
                Some("sandbox.empty_all_demand"),
            );
            self.controls(
                &at,
                item,
                Controls {
                    cpu_reservation_mhz: &v.cpu_reservation_mhz,
                    cpu_limit_mhz: &v.cpu_limit_mhz,
                    cpu_shares: &v.cpu_shares,
                    mem_reservation_mb: &v.mem_reservation_mb,
                    mem_limit_mb: &v.mem_limit_mb,
                    mem_shares: &v.mem_shares,
                    max_mhz: MAX_HOST_CPU_MHZ,
                    // A memory reservation is at most the configured memory.
                    max_mb: mem_mb.unwrap_or(MAX_VM_MEM_MB),
                },
            );
        }
    }

    fn drs(&mut self, d: &Draft) {
        self.flag("drs.enabled", "drs_enabled");
        // Off, the file has no [drs] table: its settings wait, unchecked
        // (and not shown).
        let automation: Vec<&str> = Automation::ALL.iter().map(|a| a.name()).collect();
        let thresholds: Vec<String> = DRS_THRESHOLDS.map(|t| t.to_string()).collect();
        let thresholds: Vec<&str> = thresholds.iter().map(String::as_str).collect();
        let (automation_value, threshold_value) = if d.drs.enabled {
            (d.drs.automation.as_str(), d.drs.threshold.as_str())
        } else {
            (automation[0], thresholds[0])
        };
        self.choice(
            "drs.automation",
            "automation",
            None,
            automation_value,
            &automation,
        );
        self.choice(
            "drs.threshold",
            "threshold",
            None,
            threshold_value,
            &thresholds,
        );
        let vms = d.vm_names();
        let names: Vec<&str> = d.rules.iter().map(|r| r.name.as_str()).collect();
        for (i, r) in d.rules.iter().enumerate() {
            let at = format!("rule[{i}]");
            let item = Some(r.name.as_str());
            self.name(&format!("{at}.name"), "rule", &r.name, &names[..i]);
            self.choice(
                &format!("{at}.kind"),
                "kind",
                item,
                &r.kind,
                &["affinity", "anti_affinity"],
            );
            self.spec(&format!("{at}.vms"), "vms", None, None, None);
            let label = self.label("vms", item);
            if let Some(missing) = r.vms.iter().find(|v| !vms.contains(&v.as_str())) {
                let what = self.tr("sandbox.what_vm");
                self.problem(
                    &format!("{at}.vms"),
                    "sandbox.err_missing",
                    &[("field", &label), ("what", &what), ("name", missing)],
                );
            }
            let distinct: std::collections::BTreeSet<&String> = r.vms.iter().collect();
            if distinct.len() < 2 {
                self.problem(
                    &format!("{at}.vms"),
                    "sandbox.err_two_vms",
                    &[("field", &label)],
                );
            }
        }
    }

    fn ha(&mut self, d: &Draft) {
        self.flag("ha.enabled", "ha_enabled");
        // Off, the file has no [ha] table: its settings wait, unchecked.
        let policies: Vec<&str> = ADMISSION_POLICIES.iter().map(|p| p.name()).collect();
        let (admission, failures) = if d.ha.enabled {
            (d.ha.admission.as_str(), d.ha.host_failures.as_str())
        } else {
            (policies[0], "1")
        };
        self.choice("ha.admission", "admission", None, admission, &policies);
        // HA tolerates fewer host failures than there are hosts.
        let hosts = d.hosts.len() as u64;
        let range = Range {
            min: 1,
            max: Some(hosts.saturating_sub(1).max(1)),
        };
        self.number(
            "ha.host_failures",
            "host_failures",
            None,
            failures,
            Unit::Hosts,
            range,
            None,
        );
        if d.ha.enabled && hosts < 2 {
            let name = self.label("host_failures", None);
            self.problem(
                "ha.host_failures",
                "sandbox.err_ha_hosts",
                &[("field", &name)],
            );
        }
    }

    /// Faults, migrations and maintenance: each at a second within the
    /// run, naming a host or VM that exists.
    fn events(&mut self, d: &Draft) {
        let hosts = d.host_names();
        let vms = d.vm_names();
        let run_s = number(&d.duration_s).unwrap_or(u64::from(MAX_DURATION_S));
        let within = Range {
            min: 0,
            max: Some(run_s.min(u64::from(MAX_DURATION_S))),
        };
        let host = |names| Ref {
            what: "host",
            names,
            required: true,
        };
        for (i, f) in d.faults.iter().enumerate() {
            let at = format!("fault[{i}]");
            self.reference(
                &format!("{at}.target"),
                "fault_host",
                None,
                &f.host,
                host(&hosts),
            );
            self.number(
                &format!("{at}.at_s"),
                "at_s",
                Some(&f.host),
                &f.at_s,
                Unit::S,
                within,
                None,
            );
        }
        for (i, m) in d.migrations.iter().enumerate() {
            let at = format!("migration[{i}]");
            self.reference(
                &format!("{at}.vm"),
                "migration_vm",
                None,
                &m.vm,
                Ref {
                    what: "vm",
                    names: &vms,
                    required: true,
                },
            );
            self.reference(
                &format!("{at}.to_host"),
                "to_host",
                Some(&m.vm),
                &m.to_host,
                host(&hosts),
            );
            self.number(
                &format!("{at}.at_s"),
                "at_s",
                Some(&m.vm),
                &m.at_s,
                Unit::S,
                within,
                None,
            );
        }
        for (i, m) in d.maintenance.iter().enumerate() {
            let at = format!("maintenance[{i}]");
            self.reference(
                &format!("{at}.host"),
                "maintenance_host",
                None,
                &m.host,
                host(&hosts),
            );
            self.number(
                &format!("{at}.at_s"),
                "at_s",
                Some(&m.host),
                &m.at_s,
                Unit::S,
                within,
                None,
            );
        }
    }
}

/// A VM's or pool's resource controls, as typed, with the bounds of its
/// reservations.
struct Controls<'a> {
    cpu_reservation_mhz: &'a str,
    cpu_limit_mhz: &'a str,
    cpu_shares: &'a str,
    mem_reservation_mb: &'a str,
    mem_limit_mb: &'a str,
    mem_shares: &'a str,
    max_mhz: u64,
    max_mb: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(d: &Draft, lang: Lang, id: &str) -> String {
        check(d, lang)
            .problems
            .get(id)
            .cloned()
            .unwrap_or_else(|| panic!("no problem at {id}"))
    }

    #[test]
    fn the_example_is_valid_and_every_input_has_a_label_and_numbers_a_unit() {
        let report = check(&Draft::example(), Lang::En);
        assert!(report.is_valid(), "{:?}", report.problems);
        for (id, spec) in &report.specs {
            assert!(
                !spec.label.is_empty() && !spec.label.contains("sandbox."),
                "{id}"
            );
            if spec.range.is_some() {
                assert!(spec.unit.is_some(), "{id} has a range and a unit");
            }
        }
        assert_eq!(
            report.specs["vm[0].cpu_limit_mhz"].hint(Lang::En).unwrap(),
            "at least 0 MHz; empty: unlimited"
        );
        assert_eq!(
            report.specs["host[0].cpu_mhz"].hint(Lang::En).unwrap(),
            format!("1 – {} MHz", grouped(MAX_HOST_CPU_MHZ))
        );
    }

    #[test]
    fn an_out_of_range_value_names_the_field_its_unit_the_range_and_the_fix_in_both_languages() {
        let mut d = Draft::example();
        d.hosts[0].mem_mb = (MAX_HOST_MEM_MB + 1).to_string();
        let en = problem(&d, Lang::En, "host[0].mem_mb");
        assert!(en.starts_with("Memory of esx1 is 25,165,825 MB"), "{en}");
        assert!(
            en.contains("1 – 25,165,824 MB") && en.contains("Change it"),
            "{en}"
        );
        let zh = problem(&d, Lang::ZhCn, "host[0].mem_mb");
        assert!(zh.starts_with("esx1 的内存为 25,165,825 MB"), "{zh}");
        assert!(
            zh.contains("1 – 25,165,824 MB") && zh.contains("请改为"),
            "{zh}"
        );
        d.hosts[0].mem_mb = "lots".into();
        assert!(problem(&d, Lang::En, "host[0].mem_mb").contains("“lots” is not a whole number"));
        d.hosts[0].mem_mb = String::new();
        assert!(problem(&d, Lang::En, "host[0].mem_mb").contains("is empty"));
    }

    #[test]
    fn limits_reservations_and_active_memory_follow_the_fields_they_depend_on() {
        let mut d = Draft::example();
        d.vms[2].cpu_limit_mhz = "1000".into(); // reservation 2000
        let m = problem(&d, Lang::En, "vm[2].cpu_limit_mhz");
        assert!(
            m.contains("at least 2,000 MHz") && m.contains("leave it empty (unlimited)"),
            "{m}"
        );
        d.vms[2].mem_reservation_mb = "5000".into(); // configured 4096
        assert!(problem(&d, Lang::En, "vm[2].mem_reservation_mb").contains("0 – 4,096 MB"));
        d.vms[1].mem_demand_mb = "1000".into();
        d.vms[1].mem_active_mb = "2000".into();
        assert!(problem(&d, Lang::En, "vm[1].mem_active_mb").contains("0 – 1,000 MB"));
        d.duration_s = "200000".into();
        d.step_s = "1".into();
        // 10,000 samples at most: a step of at least 20 s.
        assert!(problem(&d, Lang::En, "step_s").contains("20 – 200,000 s"));
    }

    #[test]
    fn names_are_plain_and_unique_and_references_name_what_exists() {
        let mut d = Draft::example();
        d.vms[1].name = "web".into();
        assert!(problem(&d, Lang::En, "vm[1].name").contains("another VM is already called “web”"));
        d.vms[1].name = "my vm".into();
        assert!(problem(&d, Lang::En, "vm[1].name").contains("no spaces"));
        d.vms[1].name = "batch".into();
        d.vms[1].host = "esx9".into();
        assert!(problem(&d, Lang::En, "vm[1].host").contains("no host called “esx9”"));
        d.vms[1].host = String::new();
        d.add_rule();
        d.rules[0].vms = vec!["web".into()];
        assert!(problem(&d, Lang::ZhCn, "rule[0].vms").contains("至少勾选两台虚拟机"));
        d.rules[0].vms = vec!["web".into(), "batch".into()];
        d.add_fault();
        d.faults[0].at_s = "121".into();
        assert!(problem(&d, Lang::En, "fault[0].at_s").contains("0 – 120 s"));
        d.faults[0].at_s = "60".into();
        d.id = "My Lab".into();
        assert!(problem(&d, Lang::En, "id").contains("lowercase"));
        d.id = "my-lab".into();
        assert!(
            check(&d, Lang::En).is_valid(),
            "{:?}",
            check(&d, Lang::En).problems
        );
    }

    #[test]
    fn ha_needs_two_hosts() {
        let mut d = Draft::example();
        d.hosts.truncate(1);
        d.vms.iter_mut().for_each(|v| v.host = "esx1".into());
        d.ha.enabled = true;
        assert!(problem(&d, Lang::En, "ha.host_failures").contains("at least two hosts"));
    }

    #[test]
    fn a_checker_field_lands_on_its_input_or_the_nearest_enclosing_one() {
        let mut d = Draft::example();
        d.add_rule();
        let report = check(&d, Lang::En);
        assert_eq!(
            report.field_for("scenario.vm[1].mem_mb").as_deref(),
            Some("vm[1].mem_mb")
        );
        assert_eq!(
            report.field_for("scenario.rule[0].vms[1]").as_deref(),
            Some("rule[0].vms")
        );
        assert_eq!(
            report.field_for("scenario.ha.host_failures"),
            Some("ha.host_failures".into())
        );
        assert_eq!(report.field_for("scenario.nioc.uplink_gbps"), None);
        assert_eq!(report.field_for("goal"), None);
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(7_680_000), "7,680,000");
        assert_eq!(number(" 42 "), Some(42));
        assert_eq!(number("-1"), None);
        assert_eq!(number("1e3"), None);
    }
}
