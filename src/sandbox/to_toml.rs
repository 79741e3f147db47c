//! A draft as a lab file, format v1 (`labs/README.md`): readable, with a
//! comment saying where it came from, the lab's metadata, its texts in
//! both languages (from the locale files) and `[scenario]` with one table
//! per host, pool, VM, rule, fault, migration and maintenance window, in
//! the draft's order (VMs power on in file order). Fields at their
//! format default are left out, as a person would write the file. It has
//! no controls or goals: a lab to watch. The text is only ever run once
//! the core's parser accepted it ([`crate::sandbox::live`]).

use crate::sandbox::draft::Draft;
use crate::sandbox::fields::number;
use crate::text::{tr, tr_fill, Lang};
use std::fmt::Write;

/// The topic a sandbox lab is filed under in the catalog.
pub const TOPIC: &str = "resource-controls";
/// Its seed: a lab to watch has nothing random to vary by.
pub const SEED: u64 = 1;

/// The lab file's name: `ID.toml`.
pub fn file_name(draft: &Draft) -> String {
    format!("{}.toml", draft.id.trim())
}

/// `draft` as a lab file. Meant for a draft [`crate::sandbox::fields`]
/// accepts; a field it would refuse is written as it reads (0 when it is
/// not a number), and the parser then says what is wrong.
pub fn write(draft: &Draft) -> String {
    let mut out = String::new();
    let w = &mut out;
    for line in tr(Lang::En, "sandbox.file_comment").lines() {
        let _ = writeln!(w, "# {line}");
    }
    let _ = writeln!(w, "format = 1");
    let _ = writeln!(w, "id = {}", quoted(draft.id.trim()));
    let _ = writeln!(w, "topic = {}", quoted(TOPIC));
    let _ = writeln!(w, "seed = {SEED}");
    text_table(w, "title", draft.title_en.trim(), draft.title_zh.trim());
    let summary = |lang| {
        tr_fill(
            lang,
            "sandbox.file_summary",
            &[
                ("hosts", &draft.host_names().join(", ")),
                ("vms", &draft.vm_names().join(", ")),
            ],
        )
    };
    text_table(w, "summary", &summary(Lang::En), &summary(Lang::ZhCn));
    text_table(
        w,
        "intro",
        &tr(Lang::En, "sandbox.file_intro"),
        &tr(Lang::ZhCn, "sandbox.file_intro"),
    );
    let _ = writeln!(w, "\n[scenario]");
    int(w, "duration_s", &draft.duration_s);
    int(w, "step_s", &draft.step_s);
    for h in &draft.hosts {
        let _ = writeln!(w, "\n[[scenario.host]]");
        string(w, "name", &h.name);
        int(w, "cpu_mhz", &h.cpu_mhz);
        int(w, "mem_mb", &h.mem_mb);
        optional_int(w, "vmotion_gbps", &h.vmotion_gbps);
    }
    for p in &draft.pools {
        let _ = writeln!(w, "\n[[scenario.pool]]");
        string(w, "name", &p.name);
        optional_string(w, "parent", &p.parent);
        controls(
            w,
            &p.cpu_reservation_mhz,
            &p.cpu_limit_mhz,
            &p.cpu_shares,
            &p.mem_reservation_mb,
            &p.mem_limit_mb,
            &p.mem_shares,
        );
        if !p.expandable {
            let _ = writeln!(w, "expandable = false");
        }
    }
    for v in &draft.vms {
        let _ = writeln!(w, "\n[[scenario.vm]]");
        string(w, "name", &v.name);
        optional_string(w, "host", &v.host);
        optional_string(w, "pool", &v.pool);
        int(w, "vcpus", &v.vcpus);
        int(w, "mem_mb", &v.mem_mb);
        optional_int(w, "cpu_demand_mhz", &v.cpu_demand_mhz);
        optional_int(w, "mem_demand_mb", &v.mem_demand_mb);
        optional_int(w, "mem_active_mb", &v.mem_active_mb);
        controls(
            w,
            &v.cpu_reservation_mhz,
            &v.cpu_limit_mhz,
            &v.cpu_shares,
            &v.mem_reservation_mb,
            &v.mem_limit_mb,
            &v.mem_shares,
        );
    }
    if draft.drs.enabled {
        let _ = writeln!(w, "\n[scenario.drs]");
        string(w, "automation", &draft.drs.automation);
        int(w, "threshold", &draft.drs.threshold);
    }
    for r in &draft.rules {
        let _ = writeln!(w, "\n[[scenario.rule]]");
        string(w, "name", &r.name);
        string(w, "kind", &r.kind);
        let vms: Vec<String> = r.vms.iter().map(|v| quoted(v)).collect();
        let _ = writeln!(w, "vms = [{}]", vms.join(", "));
    }
    if draft.ha.enabled {
        let _ = writeln!(w, "\n[scenario.ha]");
        string(w, "admission", &draft.ha.admission);
        int(w, "host_failures", &draft.ha.host_failures);
    }
    for f in &draft.faults {
        let _ = writeln!(w, "\n[[scenario.fault]]");
        string(w, "kind", "host_crash");
        string(w, "target", &f.host);
        int(w, "at_s", &f.at_s);
    }
    for m in &draft.migrations {
        let _ = writeln!(w, "\n[[scenario.migration]]");
        string(w, "vm", &m.vm);
        string(w, "to_host", &m.to_host);
        int(w, "at_s", &m.at_s);
    }
    for m in &draft.maintenance {
        let _ = writeln!(w, "\n[[scenario.maintenance]]");
        string(w, "host", &m.host);
        int(w, "at_s", &m.at_s);
    }
    out
}

/// Reservation, limit and shares, as VMs and pools write them; defaults
/// (no reservation, no limit, normal shares) left out.
fn controls(
    w: &mut String,
    cpu_reservation_mhz: &str,
    cpu_limit_mhz: &str,
    cpu_shares: &str,
    mem_reservation_mb: &str,
    mem_limit_mb: &str,
    mem_shares: &str,
) {
    if number(cpu_reservation_mhz).unwrap_or(0) > 0 {
        int(w, "cpu_reservation_mhz", cpu_reservation_mhz);
    }
    optional_int(w, "cpu_limit_mhz", cpu_limit_mhz);
    if cpu_shares != "normal" {
        string(w, "cpu_shares", cpu_shares);
    }
    if number(mem_reservation_mb).unwrap_or(0) > 0 {
        int(w, "mem_reservation_mb", mem_reservation_mb);
    }
    optional_int(w, "mem_limit_mb", mem_limit_mb);
    if mem_shares != "normal" {
        string(w, "mem_shares", mem_shares);
    }
}

/// `[NAME]` with `en` and `zh-CN`.
fn text_table(w: &mut String, name: &str, en: &str, zh: &str) {
    let _ = writeln!(w, "\n[{name}]\nen = {}\nzh-CN = {}", quoted(en), quoted(zh));
}

fn string(w: &mut String, key: &str, value: &str) {
    let _ = writeln!(w, "{key} = {}", quoted(value));
}

fn optional_string(w: &mut String, key: &str, value: &str) {
    if !value.is_empty() {
        string(w, key, value);
    }
}

fn int(w: &mut String, key: &str, value: &str) {
    let _ = writeln!(w, "{key} = {}", number(value).unwrap_or(0));
}

fn optional_int(w: &mut String, key: &str, value: &str) {
    if !value.trim().is_empty() {
        int(w, key, value);
    }
}

/// `s` as a TOML basic string: quotes, backslashes and control
/// characters escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::draft::{HaDraft, PoolDraft};
    use crate::sandbox::fields;
    use vlab_sim::base::shares::{ShareLevel, Shares};
    use vlab_sim::drs::spec::RuleKind;
    use vlab_sim::ha::spec::FaultKind;
    use vlab_sim::Scenario;

    /// A draft with one of every kind of item the forms make.
    pub(crate) fn full_draft() -> Draft {
        let mut d = Draft::example();
        d.duration_s = "900".into();
        d.step_s = "30".into();
        d.add_host();
        d.add_pool();
        d.pools.push(PoolDraft {
            parent: "pool1".into(),
            cpu_reservation_mhz: "1000".into(),
            cpu_limit_mhz: "12000".into(),
            cpu_shares: "high".into(),
            mem_reservation_mb: "1024".into(),
            mem_limit_mb: "30000".into(),
            mem_shares: "low".into(),
            expandable: false,
            ..PoolDraft::named("dept \"a\"")
        });
        d.pools[1].name = "dept-a".into();
        d.vms[0].pool = "dept-a".into();
        d.vms[1].cpu_limit_mhz = "5000".into();
        d.vms[1].mem_limit_mb = "3000".into();
        d.vms[1].mem_demand_mb = "3500".into();
        d.vms[1].mem_active_mb = "1000".into();
        d.vms[2].host = String::new();
        d.drs.enabled = true;
        d.drs.automation = "partial".into();
        d.drs.threshold = "4".into();
        d.add_rule();
        d.rules[0].kind = "affinity".into();
        d.ha = HaDraft {
            enabled: true,
            admission: "percentage".into(),
            host_failures: "2".into(),
        };
        d.add_fault();
        d.add_migration();
        d.add_maintenance();
        d.title_en = "A \"quoted\" title \\ with a backslash".into();
        d
    }

    fn parsed(d: &Draft) -> Scenario {
        let report = fields::check(d, crate::text::Lang::En);
        assert!(report.is_valid(), "{:?}", report.problems);
        let text = write(d);
        match vlab_sim::parse_lab(&file_name(d), &text) {
            Ok(lab) => {
                assert_eq!(lab.spec.id, d.id);
                assert_eq!(lab.spec.title.en, d.title_en);
                assert_eq!(lab.spec.title.zh_cn, d.title_zh);
                assert!(lab.goals.is_empty());
                assert!(vlab_sim::lab::drift::stated_numbers(&lab).is_empty());
                lab.spec.scenario
            }
            Err(e) => panic!("{text}\n{e:?}"),
        }
    }

    fn level(s: &str) -> Shares {
        Shares::Level(match s {
            "low" => ShareLevel::Low,
            "high" => ShareLevel::High,
            _ => ShareLevel::Normal,
        })
    }

    fn num(s: &str) -> Option<u64> {
        fields::number(s)
    }

    /// Every field the draft states is the scenario's, item by item.
    fn assert_describes(d: &Draft, s: &Scenario) {
        assert_eq!(Some(u64::from(s.duration_s)), num(&d.duration_s));
        assert_eq!(Some(u64::from(s.step_s)), num(&d.step_s));
        assert_eq!(s.host.len(), d.hosts.len());
        for (h, dh) in s.host.iter().zip(&d.hosts) {
            assert_eq!(h.name, dh.name);
            assert_eq!(h.cpu_mhz, num(&dh.cpu_mhz));
            assert_eq!(Some(h.mem_mb), num(&dh.mem_mb));
            assert_eq!(h.vmotion_gbps.map(u64::from), num(&dh.vmotion_gbps));
        }
        assert_eq!(s.pool.len(), d.pools.len());
        for (p, dp) in s.pool.iter().zip(&d.pools) {
            assert_eq!(p.name, dp.name);
            assert_eq!(p.parent.as_deref().unwrap_or(""), dp.parent);
            assert_eq!(Some(p.cpu_reservation_mhz), num(&dp.cpu_reservation_mhz));
            assert_eq!(p.cpu_limit_mhz, num(&dp.cpu_limit_mhz));
            assert_eq!(p.cpu_shares, level(&dp.cpu_shares));
            assert_eq!(Some(p.mem_reservation_mb), num(&dp.mem_reservation_mb));
            assert_eq!(p.mem_limit_mb, num(&dp.mem_limit_mb));
            assert_eq!(p.mem_shares, level(&dp.mem_shares));
            assert_eq!(
                (p.cpu_expandable, p.mem_expandable),
                (dp.expandable, dp.expandable)
            );
        }
        assert_eq!(s.vm.len(), d.vms.len());
        for (v, dv) in s.vm.iter().zip(&d.vms) {
            assert_eq!(v.name, dv.name);
            assert_eq!(v.host.as_deref().unwrap_or(""), dv.host);
            assert_eq!(v.pool.as_deref().unwrap_or(""), dv.pool);
            assert_eq!(Some(u64::from(v.vcpus)), num(&dv.vcpus));
            assert_eq!(Some(v.mem_mb), num(&dv.mem_mb));
            assert_eq!(v.cpu_demand_mhz, num(&dv.cpu_demand_mhz));
            assert_eq!(v.mem_demand_mb, num(&dv.mem_demand_mb));
            assert_eq!(v.mem_active_mb, num(&dv.mem_active_mb));
            assert_eq!(Some(v.cpu_reservation_mhz), num(&dv.cpu_reservation_mhz));
            assert_eq!(v.cpu_limit_mhz, num(&dv.cpu_limit_mhz));
            assert_eq!(v.cpu_shares, level(&dv.cpu_shares));
            assert_eq!(Some(v.mem_reservation_mb), num(&dv.mem_reservation_mb));
            assert_eq!(v.mem_limit_mb, num(&dv.mem_limit_mb));
            assert_eq!(v.mem_shares, level(&dv.mem_shares));
        }
        match &s.drs {
            Some(drs) => {
                assert!(d.drs.enabled);
                assert_eq!(drs.automation.name(), d.drs.automation);
                assert_eq!(Some(u64::from(drs.threshold)), num(&d.drs.threshold));
            }
            None => assert!(!d.drs.enabled),
        }
        assert_eq!(s.rule.len(), d.rules.len());
        for (r, dr) in s.rule.iter().zip(&d.rules) {
            assert_eq!(r.name.as_deref(), Some(dr.name.as_str()));
            assert_eq!(r.kind.name(), dr.kind);
            assert!(matches!(
                r.kind,
                RuleKind::Affinity | RuleKind::AntiAffinity
            ));
            assert_eq!(r.vms, dr.vms);
        }
        match &s.ha {
            Some(ha) => {
                assert!(d.ha.enabled);
                assert_eq!(ha.admission.name(), d.ha.admission);
                assert_eq!(Some(u64::from(ha.host_failures)), num(&d.ha.host_failures));
            }
            None => assert!(!d.ha.enabled),
        }
        assert_eq!(s.fault.len(), d.faults.len());
        for (f, df) in s.fault.iter().zip(&d.faults) {
            assert_eq!(
                (f.kind, f.target.as_str()),
                (FaultKind::HostCrash, df.host.as_str())
            );
            assert_eq!(Some(u64::from(f.at_s)), num(&df.at_s));
        }
        assert_eq!(s.migration.len(), d.migrations.len());
        for (m, dm) in s.migration.iter().zip(&d.migrations) {
            assert_eq!(
                (m.vm.as_str(), m.to_host.as_str()),
                (dm.vm.as_str(), dm.to_host.as_str())
            );
            assert_eq!(Some(u64::from(m.at_s)), num(&dm.at_s));
        }
        assert_eq!(s.maintenance.len(), d.maintenance.len());
        for (m, dm) in s.maintenance.iter().zip(&d.maintenance) {
            assert_eq!(m.host, dm.host);
            assert_eq!(Some(u64::from(m.at_s)), num(&dm.at_s));
        }
    }

    #[test]
    fn the_example_is_a_valid_lab_that_shows_contention() {
        let d = Draft::example();
        let s = parsed(&d);
        assert_describes(&d, &s);
        // web and batch want 12 000 MHz of esx1's 8000: shares decide.
        let lab = vlab_sim::parse_lab("x.toml", &write(&d)).unwrap();
        let outcome = lab.run(lab.spec.seed, &[]).expect("it runs");
        let last = outcome.trace.samples.last().expect("samples");
        let granted = |name: &str| {
            last.vms
                .iter()
                .find(|v| v.name == name)
                .map(|v| v.alloc.cpu_granted_mhz)
                .unwrap()
        };
        assert!(granted("web") > granted("batch"), "high shares get more");
        assert!(granted("web") + granted("batch") <= 8000);
    }

    #[test]
    fn a_draft_with_every_kind_of_item_writes_the_scenario_it_describes() {
        let d = full_draft();
        let s = parsed(&d);
        assert_describes(&d, &s);
        let text = write(&d);
        assert!(
            text.contains(r#"A \"quoted\" title \\ with"#),
            "escaped: {text}"
        );
        assert!(text.starts_with("# "), "says where it came from");
    }

    #[test]
    fn strings_are_quoted_for_toml() {
        for s in [
            "plain",
            "a \"b\" c",
            "back\\slash",
            "tab\tnew\nline",
            "bell\u{7}",
            "中文 ''",
        ] {
            let d = Draft {
                title_en: s.into(),
                title_zh: format!("{s}!"),
                ..Draft::example()
            };
            let lab = vlab_sim::parse_lab("q.toml", &write(&d)).unwrap();
            assert_eq!(lab.spec.title.en, s);
            assert_eq!(lab.spec.title.zh_cn, format!("{s}!"));
        }
    }

    /// SplitMix64, for drafts drawn at random within the field rules.
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(state: &mut u64, from: &[&'a str]) -> &'a str {
        from[(next(state) % from.len() as u64) as usize]
    }

    /// A draft drawn from `seed`: random sizes, controls, references and
    /// events, every one within the field rules.
    fn random_draft(seed: u64) -> Draft {
        let mut r = seed;
        let mut d = Draft::example();
        let n = |r: &mut u64, lo: u64, hi: u64| (lo + next(r) % (hi - lo + 1)).to_string();
        d.duration_s = n(&mut r, 60, 1200);
        let duration: u64 = d.duration_s.parse().unwrap();
        d.step_s = n(&mut r, 5, 60.min(duration));
        for _ in 0..next(&mut r) % 3 {
            d.add_host();
        }
        for h in &mut d.hosts {
            h.cpu_mhz = n(&mut r, 2000, 64_000);
            h.mem_mb = n(&mut r, 8192, 262_144);
            h.vmotion_gbps = pick(&mut r, &["", "1", "10", "25"]).into();
        }
        for _ in 0..next(&mut r) % 3 {
            d.add_pool();
        }
        for _ in 0..next(&mut r) % 4 {
            d.add_vm();
        }
        let hosts: Vec<String> = d.hosts.iter().map(|h| h.name.clone()).collect();
        let pools: Vec<String> = d.pools.iter().map(|p| p.name.clone()).collect();
        for v in &mut d.vms {
            v.vcpus = n(&mut r, 1, 8);
            v.mem_mb = n(&mut r, 512, 8192);
            let mem: u64 = v.mem_mb.parse().unwrap();
            v.host = if next(&mut r) % 4 == 0 {
                String::new()
            } else {
                hosts[(next(&mut r) % hosts.len() as u64) as usize].clone()
            };
            if !pools.is_empty() && next(&mut r) % 2 == 0 {
                v.pool = pools[(next(&mut r) % pools.len() as u64) as usize].clone();
            }
            v.cpu_demand_mhz = if next(&mut r) % 3 == 0 {
                String::new()
            } else {
                n(&mut r, 0, 8000)
            };
            v.cpu_shares = pick(&mut r, &["low", "normal", "high"]).into();
            v.mem_shares = pick(&mut r, &["low", "normal", "high"]).into();
            v.cpu_reservation_mhz = n(&mut r, 0, 500);
            v.mem_reservation_mb = n(&mut r, 0, mem / 8);
            if next(&mut r) % 3 == 0 {
                v.cpu_limit_mhz = n(&mut r, 500, 9000);
                v.mem_limit_mb = n(&mut r, mem / 8, mem);
            }
            if next(&mut r) % 3 == 0 {
                v.mem_demand_mb = n(&mut r, 0, mem);
                let demand: u64 = v.mem_demand_mb.parse().unwrap();
                v.mem_active_mb = n(&mut r, 0, demand);
            }
        }
        d.drs.enabled = next(&mut r) % 2 == 0;
        d.drs.automation = pick(&mut r, &["manual", "partial", "full"]).into();
        d.drs.threshold = n(&mut r, 1, 5);
        if next(&mut r) % 2 == 0 {
            d.add_rule();
            d.rules[0].kind = pick(&mut r, &["affinity", "anti_affinity"]).into();
        }
        d.ha.enabled = next(&mut r) % 2 == 0;
        d.ha.admission = pick(&mut r, &["slots", "percentage", "disabled"]).into();
        d.ha.host_failures = n(&mut r, 1, d.hosts.len() as u64 - 1);
        for _ in 0..next(&mut r) % 2 {
            d.add_fault();
        }
        for _ in 0..next(&mut r) % 2 {
            d.add_migration();
        }
        for _ in 0..next(&mut r) % 2 {
            d.add_maintenance();
        }
        d
    }

    /// Any draft the field rules accept, the core's parser accepts too
    /// and reads as the scenario the draft describes; it runs.
    #[test]
    fn random_drafts_within_the_field_rules_parse_as_they_describe() {
        for seed in 1..=60 {
            let d = random_draft(seed);
            let report = fields::check(&d, crate::text::Lang::En);
            assert!(report.is_valid(), "seed {seed}: {:?}", report.problems);
            let text = write(&d);
            let lab = match vlab_sim::parse_lab("r.toml", &text) {
                Ok(lab) => lab,
                Err(e) => panic!("seed {seed}:\n{text}\n{e:?}"),
            };
            assert_describes(&d, &lab.spec.scenario);
            assert!(lab.run(lab.spec.seed, &[]).is_ok(), "seed {seed} runs");
        }
    }
}
