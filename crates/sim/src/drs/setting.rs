//! DRS and DPM settings: `drs.FIELD` (`[drs]`), `dpm.FIELD` (`[dpm]`) and
//! `rule.NAME.enabled` (a `[[rule]]` by name, or by number from 1).

use super::spec::{Automation, DpmAutomation, DrsSections, DrsSectionsMut};
use crate::base::setting::{as_bool, as_count, SettingError, Value};

/// The fields a DRS or DPM setting may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DrsField {
    DrsEnabled,
    Automation,
    Threshold,
    PeriodS,
    Approved,
    CpuBaselinePct,
    MemBaselinePct,
    DpmEnabled,
    TargetPct,
    TolerancePct,
    BootS,
    DpmAutomation,
    DpmThreshold,
    RuleEnabled,
}

impl DrsField {
    pub const DRS: [DrsField; 7] = [
        DrsField::DrsEnabled,
        DrsField::Automation,
        DrsField::Threshold,
        DrsField::PeriodS,
        DrsField::Approved,
        DrsField::CpuBaselinePct,
        DrsField::MemBaselinePct,
    ];
    pub const DPM: [DrsField; 6] = [
        DrsField::DpmEnabled,
        DrsField::TargetPct,
        DrsField::TolerancePct,
        DrsField::BootS,
        DrsField::DpmAutomation,
        DrsField::DpmThreshold,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DrsField::DrsEnabled | DrsField::DpmEnabled | DrsField::RuleEnabled => "enabled",
            DrsField::Automation | DrsField::DpmAutomation => "automation",
            DrsField::Threshold | DrsField::DpmThreshold => "threshold",
            DrsField::PeriodS => "period_s",
            DrsField::Approved => "approved",
            DrsField::CpuBaselinePct => "cpu_baseline_pct",
            DrsField::MemBaselinePct => "mem_baseline_pct",
            DrsField::TargetPct => "target_pct",
            DrsField::TolerancePct => "tolerance_pct",
            DrsField::BootS => "boot_s",
        }
    }
}

/// A parsed `drs.FIELD`, `dpm.FIELD` or `rule.NAME.enabled` target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DrsTarget {
    pub field: DrsField,
    /// For rules: the rule's index in the file.
    pub rule: Option<usize>,
}

impl DrsTarget {
    pub fn claims(target: &str) -> bool {
        ["drs.", "dpm.", "rule."]
            .iter()
            .any(|p| target.starts_with(p))
    }

    /// What the setting is about: "drs", "dpm" or the rule's label.
    pub fn subject(&self, scenario: &DrsSections) -> String {
        match (self.field, self.rule) {
            (_, Some(k)) => scenario.rule[k].label(k),
            (f, None) if DrsField::DPM.contains(&f) => "dpm".into(),
            _ => "drs".into(),
        }
    }

    pub fn parse(target: &str, scenario: &DrsSections) -> Result<DrsTarget, SettingError> {
        let err = |message: String| SettingError {
            target: target.to_string(),
            message,
        };
        let pick = |field: &str, fields: &[DrsField], what: &str| {
            fields
                .iter()
                .copied()
                .find(|f| f.name() == field)
                .ok_or_else(|| {
                    let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
                    err(format!(
                        "'{field}' is not a {what} field; use one of: {}",
                        names.join(", ")
                    ))
                })
        };
        if let Some(field) = target.strip_prefix("drs.") {
            if scenario.drs.is_none() {
                return Err(err(
                    "the scenario has no [drs] table: add one to use drs.* settings".into(),
                ));
            }
            return Ok(DrsTarget {
                field: pick(field, &DrsField::DRS, "DRS")?,
                rule: None,
            });
        }
        if let Some(field) = target.strip_prefix("dpm.") {
            if scenario.dpm.is_none() {
                return Err(err(
                    "the scenario has no [dpm] table: add one to use dpm.* settings".into(),
                ));
            }
            return Ok(DrsTarget {
                field: pick(field, &DrsField::DPM, "DPM")?,
                rule: None,
            });
        }
        let rest = target.strip_prefix("rule.").unwrap_or("");
        let (name, field) = rest
            .rsplit_once('.')
            .ok_or_else(|| err("a rule setting has the form rule.NAME.enabled".into()))?;
        if field != "enabled" {
            return Err(err(format!("'{field}' is not a rule field; use enabled")));
        }
        let by_number = name
            .parse::<usize>()
            .ok()
            .filter(|&n| n >= 1 && n <= scenario.rule.len());
        let k = scenario
            .rule
            .iter()
            .position(|r| r.name.as_deref() == Some(name))
            .or(by_number.map(|n| n - 1))
            .ok_or_else(|| {
                let names: Vec<String> = scenario
                    .rule
                    .iter()
                    .enumerate()
                    .map(|(k, r)| r.label(k))
                    .collect();
                err(format!(
                    "there is no rule '{name}'; rules: {}",
                    if names.is_empty() {
                        "none".into()
                    } else {
                        names.join(", ")
                    }
                ))
            })?;
        Ok(DrsTarget {
            field: DrsField::RuleEnabled,
            rule: Some(k),
        })
    }

    pub fn set(&self, scenario: DrsSectionsMut, value: &Value) -> Result<(), String> {
        let pct = |v: &Value| -> Result<u8, String> {
            match as_count(v)? {
                n if n <= 100 => Ok(n as u8),
                _ => Err(format!("expected a percentage from 0 to 100, got '{v}'")),
            }
        };
        let secs = |v: &Value| -> Result<u32, String> {
            match as_count(v)? {
                0 => Err("expected a number of seconds above 0".into()),
                n => Ok(u32::try_from(n).unwrap_or(u32::MAX)),
            }
        };
        if let Some(k) = self.rule {
            scenario.rule[k].enabled = as_bool(value)?;
            return Ok(());
        }
        if DrsField::DPM.contains(&self.field) {
            let dpm = scenario.dpm.as_mut().expect("parse checked [dpm] exists");
            match self.field {
                DrsField::DpmEnabled => dpm.enabled = as_bool(value)?,
                DrsField::TargetPct => dpm.target_pct = pct(value)?,
                DrsField::TolerancePct => dpm.tolerance_pct = pct(value)?,
                DrsField::DpmAutomation => {
                    let text = match value {
                        Value::Text(t) => t.clone(),
                        v => v.to_string(),
                    };
                    dpm.automation = DpmAutomation::parse(&text)
                        .ok_or_else(|| format!("expected manual or automatic, got '{value}'"))?
                }
                DrsField::DpmThreshold => match as_count(value)? {
                    n @ 1..=5 => dpm.threshold = n as u8,
                    _ => {
                        return Err(format!(
                            "expected a DPM threshold from 1 (conservative) to 5 (aggressive), got '{value}'"
                        ))
                    }
                },
                _ => dpm.boot_s = secs(value)?,
            }
            return Ok(());
        }
        let drs = scenario.drs.as_mut().expect("parse checked [drs] exists");
        match self.field {
            DrsField::DrsEnabled => drs.enabled = as_bool(value)?,
            DrsField::Automation => {
                let text = match value {
                    Value::Text(t) => t.clone(),
                    v => v.to_string(),
                };
                drs.automation = Automation::parse(&text)
                    .ok_or_else(|| format!("expected manual, partial or full, got '{value}'"))?
            }
            DrsField::Threshold => match as_count(value)? {
                n @ 1..=5 => drs.threshold = n as u8,
                _ => {
                    return Err(format!(
                        "expected a migration threshold from 1 to 5, got '{value}'"
                    ))
                }
            },
            DrsField::PeriodS => drs.period_s = secs(value)?,
            DrsField::Approved => {
                drs.approved = u32::try_from(as_count(value)?).unwrap_or(u32::MAX)
            }
            DrsField::CpuBaselinePct => drs.cpu_baseline_pct = pct(value)?,
            _ => drs.mem_baseline_pct = pct(value)?,
        }
        Ok(())
    }

    pub fn get(&self, scenario: &DrsSections) -> Value {
        if let Some(k) = self.rule {
            return Value::Bool(scenario.rule[k].enabled);
        }
        if DrsField::DPM.contains(&self.field) {
            let dpm = scenario.dpm.as_ref().expect("parse checked [dpm] exists");
            return match self.field {
                DrsField::DpmEnabled => Value::Bool(dpm.enabled),
                DrsField::TargetPct => Value::Int(i64::from(dpm.target_pct)),
                DrsField::TolerancePct => Value::Int(i64::from(dpm.tolerance_pct)),
                DrsField::DpmAutomation => Value::Text(dpm.automation.name().into()),
                DrsField::DpmThreshold => Value::Int(i64::from(dpm.threshold)),
                _ => Value::Int(i64::from(dpm.boot_s)),
            };
        }
        let drs = scenario.drs.as_ref().expect("parse checked [drs] exists");
        match self.field {
            DrsField::DrsEnabled => Value::Bool(drs.enabled),
            DrsField::Automation => Value::Text(drs.automation.name().into()),
            DrsField::Threshold => Value::Int(i64::from(drs.threshold)),
            DrsField::PeriodS => Value::Int(i64::from(drs.period_s)),
            DrsField::Approved => Value::Int(i64::from(drs.approved)),
            DrsField::CpuBaselinePct => Value::Int(i64::from(drs.cpu_baseline_pct)),
            _ => Value::Int(i64::from(drs.mem_baseline_pct)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drs::spec::{DpmSpec, DrsSpec, RuleSpec};

    struct Parts {
        drs: Option<DrsSpec>,
        dpm: Option<DpmSpec>,
        rule: Vec<RuleSpec>,
    }

    impl Parts {
        fn new() -> Parts {
            let rule =
                toml::from_str("name = \"apart\"\nkind = \"anti_affinity\"\nvms = [\"a\", \"b\"]")
                    .unwrap();
            Parts {
                drs: Some(DrsSpec::default()),
                dpm: Some(DpmSpec::default()),
                rule: vec![rule],
            }
        }

        fn read(&self) -> DrsSections<'_> {
            DrsSections {
                drs: &self.drs,
                dpm: &self.dpm,
                rule: &self.rule,
                maintenance: &[],
            }
        }

        fn write(&mut self) -> DrsSectionsMut<'_> {
            DrsSectionsMut {
                drs: &mut self.drs,
                dpm: &mut self.dpm,
                rule: &mut self.rule,
            }
        }
    }

    #[test]
    fn drs_dpm_and_rule_targets_round_trip() {
        let mut s = Parts::new();
        for (target, value) in [
            ("drs.threshold", Value::Int(5)),
            ("drs.automation", Value::Text("manual".into())),
            ("drs.approved", Value::Int(2)),
            ("dpm.target_pct", Value::Int(70)),
            ("rule.apart.enabled", Value::Bool(false)),
            ("rule.1.enabled", Value::Bool(true)),
        ] {
            let t = DrsTarget::parse(target, &s.read()).unwrap();
            t.set(s.write(), &value).unwrap();
            assert_eq!(t.get(&s.read()), value, "{target}");
        }
        assert_eq!(s.drs.as_ref().unwrap().automation, Automation::Manual);
    }

    #[test]
    fn bad_targets_and_values_say_what_to_do() {
        let mut s = Parts::new();
        let e = DrsTarget::parse("drs.speed", &s.read()).unwrap_err();
        assert!(e.message.contains("threshold"), "{}", e.message);
        let e = DrsTarget::parse("rule.nope.enabled", &s.read()).unwrap_err();
        assert!(e.message.contains("apart"), "{}", e.message);
        let t = DrsTarget::parse("drs.threshold", &s.read()).unwrap();
        assert!(t
            .set(s.write(), &Value::Int(6))
            .unwrap_err()
            .contains("1 to 5"));
        s.dpm = None;
        assert!(DrsTarget::parse("dpm.enabled", &s.read())
            .unwrap_err()
            .message
            .contains("[dpm]"));
    }
}
