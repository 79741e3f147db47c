//! A/B comparison: a second setting B of the lab, run beside the
//! student's (A) on the same clock. B starts as a copy of A; a switch
//! chooses which side the controls edit. B lives in the page's state, not
//! in the stored progress: it is a demonstration's scratch setting (a
//! shared link carries it as `b.CONTROL=value` pairs). With comparison
//! off nothing of it runs: B's run is given no lab, so it costs nothing.

use crate::common::shared_trace::SharedTrace;
use crate::lab::chart_series::ChartSeries;
use crate::lab::lab_settings::{self, control_accepts, control_value, ShareProblem};
use crate::lab::sliced_run::{use_sliced_run, SlicedRun};
use crate::state::prefs::LabProgress;
use crate::text::Lang;
use std::collections::BTreeMap;
use std::rc::Rc;
use vlab_sim::{Lab, Value};
use yew::prelude::*;

/// One of the two settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

impl Side {
    pub fn letter(self) -> &'static str {
        match self {
            Side::A => "A",
            Side::B => "B",
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }
}

/// A comparison under way on one lab.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The lab it belongs to: another lab's comparison never shows.
    pub lab: String,
    /// Which side the controls edit.
    pub editing: Side,
    /// B's control values, control id -> value (absent = the lab's own).
    pub b: BTreeMap<String, Value>,
}

/// The page's comparison state, changed only by [`AbAction`]s (a reducer,
/// so two quick slider moves both count).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AbState(pub Option<Comparison>);

pub enum AbAction {
    /// Comparison on for `lab`, B = `b`, the controls editing `editing`.
    Start {
        lab: String,
        b: BTreeMap<String, Value>,
        editing: Side,
    },
    Stop,
    /// The controls edit the other side.
    Switch,
    /// One of B's controls moved.
    SetB {
        control: String,
        value: Value,
    },
    /// All of B's values at once (reset, solution).
    ReplaceB(BTreeMap<String, Value>),
}

impl Reducible for AbState {
    type Action = AbAction;
    fn reduce(self: Rc<Self>, action: AbAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match (action, &mut next.0) {
            (AbAction::Start { lab, b, editing }, c) => *c = Some(Comparison { lab, editing, b }),
            (AbAction::Stop, c) => *c = None,
            (AbAction::Switch, Some(c)) => c.editing = c.editing.other(),
            (AbAction::SetB { control, value }, Some(c)) => {
                c.b.insert(control, value);
            }
            (AbAction::ReplaceB(b), Some(c)) => c.b = b,
            (_, None) => return self,
        }
        Rc::new(next)
    }
}

/// A shared link's key prefix for B's values: `b.db-shares=high`.
pub const B_PREFIX: &str = "b.";

/// A shared link's pairs that are A's (all but B's).
pub fn a_pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter(|(k, _)| !k.starts_with(B_PREFIX))
        .cloned()
        .collect()
}

/// A shared link's pairs for B, without their prefix; empty when the
/// link does not compare.
pub fn b_pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix(B_PREFIX)
                .map(|id| (id.to_string(), v.clone()))
        })
        .collect()
}

/// B as progress the controls and the runner read: B's values in A's
/// variant (the seed is the lab's, shared by both sides).
pub fn b_progress(a: Option<&LabProgress>, b: &BTreeMap<String, Value>) -> LabProgress {
    LabProgress {
        settings: b.clone(),
        seed: a.and_then(|p| p.seed),
        ..Default::default()
    }
}

/// B's first values: a copy of A's (those its controls can produce).
pub fn copy_of_a(lab: &Lab, a: Option<&LabProgress>) -> BTreeMap<String, Value> {
    let Some(a) = a else {
        return BTreeMap::new();
    };
    lab.spec
        .control
        .iter()
        .filter_map(|c| {
            a.settings
                .get(&c.id)
                .filter(|v| control_accepts(c, v))
                .map(|v| (c.id.clone(), v.clone()))
        })
        .collect()
}

/// B's values as a link's pairs: every control's, so a link whose B is
/// the lab as written still opens comparing.
pub fn b_share_pairs(
    lab: &Lab,
    a: Option<&LabProgress>,
    b: &BTreeMap<String, Value>,
) -> Vec<(String, String)> {
    let progress = b_progress(a, b);
    lab.spec
        .control
        .iter()
        .map(|c| {
            (
                format!("{B_PREFIX}{}", c.id),
                control_value(lab, c, Some(&progress)).to_string(),
            )
        })
        .collect()
}

/// B's values read from a link's B pairs (prefix removed), each checked
/// as A's are; a problem names the key as the link has it (`b.ID`).
/// Values equal to the lab's own in the link's variant (`seed`) are left
/// out, as A keeps only what the student changed.
pub fn parse_b(
    lab: &Lab,
    pairs: &[(String, String)],
    seed: Option<u64>,
) -> Result<BTreeMap<String, Value>, Vec<ShareProblem>> {
    let values = lab_settings::parse_shared(lab, pairs)
        .map_err(|problems| problems.into_iter().map(prefixed).collect::<Vec<_>>())?;
    let own = LabProgress {
        seed,
        ..Default::default()
    };
    Ok(values
        .into_iter()
        .filter(|(id, v)| {
            lab.spec
                .control
                .iter()
                .find(|c| &c.id == id)
                .is_some_and(|c| control_value(lab, c, Some(&own)) != *v)
        })
        .collect())
}

/// A B pair's problem, naming the key as the link has it.
fn prefixed(p: ShareProblem) -> ShareProblem {
    let b = |id: String| format!("{B_PREFIX}{id}");
    match p {
        ShareProblem::UnknownControl { id, known } => {
            ShareProblem::UnknownControl { id: b(id), known }
        }
        ShareProblem::NotInRange { id, text, min, max } => ShareProblem::NotInRange {
            id: b(id),
            text,
            min,
            max,
        },
        ShareProblem::OffStep {
            id,
            text,
            min,
            max,
            step,
            nearest,
        } => ShareProblem::OffStep {
            id: b(id),
            text,
            min,
            max,
            step,
            nearest,
        },
        ShareProblem::NotBool { id, text } => ShareProblem::NotBool { id: b(id), text },
        ShareProblem::NotAChoice { id, text, choices } => ShareProblem::NotAChoice {
            id: b(id),
            text,
            choices,
        },
        other @ ShareProblem::NotASeed { .. } => other,
    }
}

/// The controls' wiring: what they show and where their changes go.
pub struct Wiring {
    pub progress: Option<LabProgress>,
    pub on_change: Callback<(String, Value)>,
    pub on_reset: Callback<()>,
    pub on_solution: Callback<()>,
}

/// The comparison on a lab page, and B's run.
#[derive(Clone)]
pub struct CompareRun {
    /// This lab's comparison, while on.
    pub comparison: Option<Comparison>,
    state: UseReducerHandle<AbState>,
    /// What was wrong with a link's B values (none applied then).
    pub link_problems: Rc<Vec<ShareProblem>>,
    /// B as progress, while comparing.
    pub b_progress: Option<LabProgress>,
    /// B's run (no outcome while off).
    pub run: SlicedRun,
    /// B's trace, once per run, for the views at the shown time.
    pub trace: Rc<Option<SharedTrace>>,
    /// B's chart series, once per run.
    pub series: Rc<Option<ChartSeries>>,
}

impl CompareRun {
    pub fn editing(&self) -> Option<Side> {
        self.comparison.as_ref().map(|c| c.editing)
    }

    /// Turns comparison on (B a copy of A) or off.
    pub fn on_toggle(&self, lab: &'static Lab, a: Option<LabProgress>) -> Callback<bool> {
        let state = self.state.clone();
        let id = lab.spec.id.clone();
        Callback::from(move |on: bool| {
            state.dispatch(if on {
                AbAction::Start {
                    lab: id.clone(),
                    b: copy_of_a(lab, a.as_ref()),
                    editing: Side::A,
                }
            } else {
                AbAction::Stop
            })
        })
    }

    /// B's values for a shared link while comparing (`b.ID=value`).
    pub fn share_pairs(&self, lab: &Lab, a: Option<&LabProgress>) -> Vec<(String, String)> {
        self.comparison
            .as_ref()
            .map(|c| b_share_pairs(lab, a, &c.b))
            .unwrap_or_default()
    }

    /// Switches the side the controls edit.
    pub fn on_switch(&self) -> Callback<()> {
        let state = self.state.clone();
        Callback::from(move |_| state.dispatch(AbAction::Switch))
    }

    /// The controls' wiring: A's as given, or B's while B is edited.
    pub fn wire(&self, lab: &'static Lab, a: Wiring) -> Wiring {
        let (Some(Side::B), Some(progress)) = (self.editing(), self.b_progress.clone()) else {
            return a;
        };
        let state = self.state.clone();
        let on_change = Callback::from(move |(control, value): (String, Value)| {
            state.dispatch(AbAction::SetB { control, value })
        });
        let state = self.state.clone();
        let on_reset = Callback::from(move |_| state.dispatch(AbAction::ReplaceB(BTreeMap::new())));
        let state = self.state.clone();
        let on_solution = Callback::from(move |_| {
            state.dispatch(AbAction::ReplaceB(
                lab_settings::solution_values(lab).into_iter().collect(),
            ))
        });
        Wiring {
            progress: Some(progress),
            on_change,
            on_reset,
            on_solution,
        }
    }
}

/// The comparison state of the page showing lab `id`, with B's run. A
/// shared link with `b.` pairs turns comparison on with those values.
#[hook]
pub fn use_compare(
    lab: Option<&'static Lab>,
    id: &str,
    shared: &[(String, String)],
    progress: Option<&LabProgress>,
    lang: Lang,
) -> CompareRun {
    let state = use_reducer(AbState::default);
    let link_problems = use_state(Vec::<ShareProblem>::new);
    {
        let state = state.clone();
        let link_problems = link_problems.clone();
        use_effect_with(
            (id.to_string(), shared.to_vec(), lab.is_some()),
            move |(id, shared, _)| {
                let pairs = b_pairs(shared);
                match (crate::catalog::find(id), pairs.is_empty()) {
                    (_, true) => link_problems.set(Vec::new()),
                    (None, false) => {}
                    (Some(lab), false) => {
                        let seed = lab_settings::parse_shared_seed(lab, shared).ok().flatten();
                        match parse_b(lab, &pairs, seed) {
                            Ok(b) => {
                                link_problems.set(Vec::new());
                                state.dispatch(AbAction::Start {
                                    lab: id.clone(),
                                    b,
                                    editing: Side::A,
                                });
                            }
                            Err(problems) => link_problems.set(problems),
                        }
                    }
                }
            },
        );
    }
    let comparison = state.0.clone().filter(|c| c.lab == id);
    let b_progress = comparison.as_ref().map(|c| b_progress(progress, &c.b));
    let settings = match (lab, &b_progress) {
        (Some(lab), Some(p)) => lab_settings::settings(lab, Some(p)),
        _ => Vec::new(),
    };
    let seed = lab.map_or(0, |lab| lab_settings::seed(lab, progress));
    // Off: no lab, so no run (and the previous B's outcome is dropped).
    // Nothing run ahead for B: the student's steps are A's.
    let run = use_sliced_run(
        lab.filter(|_| comparison.is_some()),
        id,
        &settings,
        seed,
        Vec::new(),
    );
    let trace = {
        let outcome = run.outcome.clone();
        use_memo(run.generation, move |_| match &*outcome {
            Some(Ok(o)) => Some(SharedTrace(o.trace.clone())),
            _ => None,
        })
    };
    let series = {
        let outcome = run.outcome.clone();
        use_memo((run.generation, lang), move |(_, lang)| match &*outcome {
            Some(Ok(o)) => Some(ChartSeries::of(o, *lang)),
            _ => None,
        })
    };
    CompareRun {
        comparison,
        state,
        link_problems: Rc::new((*link_problems).clone()),
        b_progress,
        run,
        trace,
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use crate::text::Lang;

    fn lab() -> &'static Lab {
        catalog::find("vmotion-1g-vs-10g").unwrap()
    }

    #[test]
    fn b_starts_as_a_copy_of_a() {
        let mut a = LabProgress::default();
        a.settings.insert("esx1-gbps".into(), Value::Int(10));
        a.settings.insert("gone".into(), Value::Int(1));
        a.seed = Some(7);
        let b = copy_of_a(lab(), Some(&a));
        assert_eq!(b.len(), 1, "only values a control can produce: {b:?}");
        assert_eq!(b["esx1-gbps"], Value::Int(10));
        let p = b_progress(Some(&a), &b);
        assert_eq!((p.seed, p.settings), (Some(7), b));
        assert!(copy_of_a(lab(), None).is_empty());
    }

    /// A link carries B as `b.` pairs for every control; read back, B has
    /// the values that differ from the lab's own, and A's pairs are
    /// untouched by B's.
    #[test]
    fn b_round_trips_through_a_link() {
        let mut b = BTreeMap::new();
        b.insert("esx1-gbps".to_string(), Value::Int(10));
        b.insert("esx2-gbps".to_string(), Value::Int(10));
        let pairs = b_share_pairs(lab(), None, &b);
        assert_eq!(pairs.len(), lab().spec.control.len());
        assert!(pairs.contains(&("b.esx1-gbps".into(), "10".into())));
        assert!(pairs.contains(&("b.esx1-nics".into(), "1".into())));
        let mut link = vec![("esx2-nics".to_string(), "2".to_string())];
        link.extend(pairs);
        assert_eq!(a_pairs(&link), [("esx2-nics".to_string(), "2".to_string())]);
        assert_eq!(parse_b(lab(), &b_pairs(&link), None), Ok(b));
        // A link without B pairs does not compare.
        assert!(b_pairs(&a_pairs(&link)).is_empty());
    }

    #[test]
    fn a_bad_b_value_is_refused_by_its_key_in_both_languages() {
        let pairs = [("b.esx1-gbps".to_string(), "3".to_string())];
        let problems = parse_b(lab(), &b_pairs(&pairs), None).unwrap_err();
        assert_eq!(problems.len(), 1);
        for lang in Lang::ALL {
            let text = lab_settings::share_problem_text(lang, &problems[0]);
            assert!(
                text.contains("b.esx1-gbps") && text.contains("25"),
                "{text}"
            );
        }
    }

    #[test]
    fn the_reducer_switches_sides_and_edits_b_only_while_on() {
        let off = Rc::new(AbState::default());
        let still_off = off.clone().reduce(AbAction::Switch);
        assert_eq!(*still_off, AbState(None));
        let on = off.reduce(AbAction::Start {
            lab: "x".into(),
            b: BTreeMap::new(),
            editing: Side::A,
        });
        let on = on.reduce(AbAction::Switch);
        let on = on.reduce(AbAction::SetB {
            control: "c".into(),
            value: Value::Int(3),
        });
        let c = on.0.clone().unwrap();
        assert_eq!(c.editing, Side::B);
        assert_eq!(c.b["c"], Value::Int(3));
        let on = on.reduce(AbAction::ReplaceB(BTreeMap::new()));
        assert!(on.0.as_ref().unwrap().b.is_empty());
        assert_eq!(*on.reduce(AbAction::Stop), AbState(None));
    }
}
