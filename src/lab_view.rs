//! Pure view-model helpers for the lab page: from the stored control values
//! to settings, and from a trace to chart series. No DOM here, so native
//! tests cover it.

use crate::prefs::LabProgress;
use vlab_sim::lab::Control;
use vlab_sim::setting::{get_field, VmTarget};
use vlab_sim::{Lab, Setting, Trace, Value};

/// The value a control shows: the student's, else the scenario's.
pub fn control_value(lab: &Lab, control: &Control, progress: Option<&LabProgress>) -> Value {
    if let Some(v) = progress.and_then(|p| p.settings.get(&control.id)) {
        return v.clone();
    }
    let scenario = &lab.spec.scenario;
    VmTarget::parse(&control.target, scenario)
        .ok()
        .and_then(|t| scenario.vm(&t.vm).map(|vm| get_field(vm, t.field)))
        .unwrap_or(Value::Int(0))
}

/// The student's settings, in control order (only changed controls).
pub fn settings(lab: &Lab, progress: Option<&LabProgress>) -> Vec<Setting> {
    let Some(p) = progress else { return Vec::new() };
    lab.spec
        .control
        .iter()
        .filter_map(|c| {
            p.settings.get(&c.id).map(|v| Setting {
                target: c.target.clone(),
                value: v.clone(),
            })
        })
        .collect()
}

/// Control values that reproduce the reference solution: each solution
/// step mapped onto the control with the same target.
pub fn solution_values(lab: &Lab) -> Vec<(String, Value)> {
    lab.spec
        .solution
        .iter()
        .filter_map(|s| {
            lab.spec
                .control
                .iter()
                .find(|c| c.target == s.set)
                .map(|c| (c.id.clone(), s.value.clone()))
        })
        .collect()
}

/// Which resource a chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Cpu,
    Mem,
}

/// One line of a chart: a VM's grant over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    /// (t [s], granted [MHz or MB]).
    pub points: Vec<(u32, u64)>,
}

/// Granted CPU or memory per VM over time, for VMs that ever ran.
pub fn series(trace: &Trace, resource: Resource) -> Vec<Series> {
    let Some(first) = trace.samples.first() else {
        return Vec::new();
    };
    (0..first.vms.len())
        .filter(|&i| trace.samples.iter().any(|s| s.vms[i].powered_on))
        .map(|i| Series {
            name: first.vms[i].name.clone(),
            points: trace
                .samples
                .iter()
                .map(|s| {
                    let a = &s.vms[i].alloc;
                    (
                        s.t_s,
                        if resource == Resource::Cpu {
                            a.cpu_granted_mhz
                        } else {
                            a.mem_granted_mb
                        },
                    )
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn solution_values_reproduce_the_reference_solution() {
        for lab in catalog::labs() {
            let progress = LabProgress {
                settings: solution_values(lab).into_iter().collect(),
                ..Default::default()
            };
            let outcome = lab
                .run(lab.spec.seed, &settings(lab, Some(&progress)))
                .unwrap();
            assert!(
                outcome.all_passed(),
                "{}: the controls cannot express the solution",
                lab.spec.id
            );
        }
    }

    #[test]
    fn control_defaults_come_from_the_scenario() {
        let lab = catalog::find("cpu-limit-16vcpu").unwrap();
        assert_eq!(
            control_value(lab, &lab.spec.control[0], None),
            Value::Int(10_000)
        );
        assert!(settings(lab, None).is_empty());
    }

    #[test]
    fn series_cover_vms_that_ran() {
        let lab = catalog::find("mem-admission-64gb").unwrap();
        let trace = lab.run(1, &[]).unwrap().trace;
        let names: Vec<_> = series(&trace, Resource::Mem)
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert!(names.contains(&"vm1".to_string()));
        assert!(!names.contains(&"vm9".to_string()), "vm9 never ran");
    }
}
