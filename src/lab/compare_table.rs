//! Settings A and B side by side at the time the timeline shows: which
//! goals each meets, and the key figures as one table with A | B | Δ
//! columns (`compare_rows`). A difference is said in text (a signed Δ,
//! "differs"), its row marked as well; colour only repeats it.

use crate::catalog;
use crate::common::shared_trace::{SharedSample, SharedTrace};
use crate::common::table_scroll::TableScroll;
use crate::lab::compare::{CompareRun, Side as AbSide};
use crate::lab::compare_bar::side_class;
use crate::lab::compare_rows::{
    delta_text, diff_blocks, figure_text, sample_at, Delta, DiffBlock, DiffRow, Side, Subject,
};
use crate::lab::goal_text::goal_detail;
use crate::lab::lab_figures::filled;
use crate::state::use_app;
use crate::text::{tr, tr_fill, Lang};
use rust_i18n::t;
use vlab_sim::GoalResult;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareViewProps {
    pub lab: String,
    /// A's sample at the shown time (A's run sets the clock).
    pub a: SharedSample,
    pub a_goals: Vec<GoalResult>,
    /// B's latest finished run, if any.
    pub b: Option<SharedTrace>,
    pub b_goals: Option<Vec<GoalResult>>,
    /// B's run under way: simulated time reached and the run's duration [s].
    pub b_running: Option<(u32, u32)>,
    /// Why B cannot run (a setting the scenario refuses).
    pub b_error: Option<String>,
}

/// The comparison panel for A's run at the shown sample, while comparing
/// (nothing otherwise).
pub fn compare_panel(
    compare: &CompareRun,
    lab: &str,
    a: &SharedSample,
    a_goals: &[GoalResult],
) -> Html {
    if compare.comparison.is_none() {
        return html! {};
    }
    let (b_goals, b_error) = match &*compare.run.outcome {
        Some(Ok(o)) => (Some(o.goals.clone()), None),
        Some(Err(e)) => (None, Some(e.clone())),
        None => (None, None),
    };
    html! {
        <CompareView lab={lab.to_string()} a={a.clone()} a_goals={a_goals.to_vec()}
            b={(*compare.trace).clone()} {b_goals} b_running={compare.run.running} {b_error} />
    }
}

#[component]
pub fn CompareView(props: &CompareViewProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let only_differences = use_state(|| false);
    let Some(lab) = catalog::find(&props.lab) else {
        return html! {};
    };
    let t_s = props.a.t_s;
    let on_only = {
        let only = only_differences.clone();
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            only.set(el.checked());
        })
    };
    let b_sample = props.b.as_ref().map(|trace| {
        let index = sample_at(trace, t_s);
        SharedSample::new(trace.clone(), index)
    });
    let blocks = b_sample.as_ref().map(|b| {
        diff_blocks(
            Side {
                trace: &props.a.trace,
                sample: &props.a,
            },
            Side {
                trace: &b.trace,
                sample: b,
            },
        )
    });
    let seed = crate::lab::lab_settings::seed(lab, app.prefs.progress.get(&props.lab));
    let goals = lab
        .goals
        .iter()
        .zip(&lab.spec.goal)
        .zip(&props.a_goals)
        .map(|((goal, spec), a)| {
            let b = props
                .b_goals
                .as_ref()
                .and_then(|bs| bs.iter().find(|r| r.id == a.id));
            let differs = b.is_some_and(|b| b.passed != a.passed);
            html! {
                <tr class={classes!(differs.then_some("differs"))} data-testid={format!("cmp-goal-{}", goal.id)}
                    data-a={a.passed.to_string()} data-b={b.map(|b| b.passed.to_string()).unwrap_or_default()}>
                    <th scope="row">{ filled(lab, &spec.text, lang, seed) }</th>
                    { goal_cell(lang, goal, Some(a), AbSide::A) }
                    { goal_cell(lang, goal, b, AbSide::B) }
                </tr>
            }
        });
    let table = match &blocks {
        Some(blocks) => diff_table(lang, blocks, *only_differences),
        None => html! {},
    };
    html! {
        <section class="panel compare" aria-labelledby="compare-h" data-testid="compare-panel">
            <h2 id="compare-h">{ format!("{} · t = {} s", tr(lang, "compare.heading"), t_s) }</h2>
            <p class="muted">{ tr(lang, "compare.lines_note") }</p>
            if let Some((done, total)) = props.b_running {
                <p class="muted" role="status" data-testid="compare-b-running">
                    { tr_fill(lang, "compare.b_running", &[("pct", &(u64::from(done) * 100 / u64::from(total.max(1))).to_string())]) }
                </p>
            }
            if let Some(e) = &props.b_error {
                <p class="error" role="alert" data-testid="compare-b-error">
                    { t!("compare.b_error", locale = lang.code(), error = e.clone()) }
                </p>
            }
            <div class="compare-grid">
                <div class="compare-goals">
                    <h3>{ tr(lang, "compare.goals") }</h3>
                    <TableScroll label={tr(lang, "compare.goals")}>
                        <table class="data-table" data-testid="compare-goals">
                            <thead><tr>
                                <th scope="col">{ tr(lang, "compare.goal") }</th>
                                { side_head(AbSide::A) }
                                { side_head(AbSide::B) }
                            </tr></thead>
                            <tbody>{ for goals }</tbody>
                        </table>
                    </TableScroll>
                </div>
                <div class="compare-diff">
                    <h3>{ tr_fill(lang, "compare.table", &[("t", &t_s.to_string())]) }</h3>
                    <label class="toggle">
                        <input type="checkbox" data-testid="compare-only-diff" checked={*only_differences} onchange={on_only} />
                        <span>{ tr(lang, "compare.only_diff") }</span>
                    </label>
                    { table }
                </div>
            </div>
        </section>
    }
}

/// A column head naming a side by letter, in its colour.
fn side_head(side: AbSide) -> Html {
    html! {
        <th scope="col" class={classes!("num", side_class(side))}>
            <span class="ab-letter">{ side.letter() }</span>
        </th>
    }
}

/// Whether one side meets a goal, in words, with the figure it was judged on.
fn goal_cell(lang: Lang, goal: &vlab_sim::Goal, result: Option<&GoalResult>, side: AbSide) -> Html {
    let Some(r) = result else {
        return html! { <td class="none" data-side={side.letter()}>{ "—" }</td> };
    };
    let (icon, key, class) = if r.passed {
        ("✓", "goal.passed", "passed")
    } else {
        ("✗", "goal.failed", "failed")
    };
    html! {
        <td class={classes!("compare-goal", class)} data-side={side.letter()}>
            <span class="goal-icon" aria-hidden="true">{ icon }</span>{ " " }{ tr(lang, key) }
            <span class="goal-detail">{ goal_detail(lang, goal, r) }</span>
        </td>
    }
}

/// The A | B | Δ table, one row group per subject.
fn diff_table(lang: Lang, blocks: &[DiffBlock], only_differences: bool) -> Html {
    let shown: Vec<(&DiffBlock, Vec<&DiffRow>)> = blocks
        .iter()
        .map(|b| {
            let rows = b
                .rows
                .iter()
                .filter(|r| !only_differences || r.differs())
                .collect();
            (b, rows)
        })
        .filter(|(_, rows): &(_, Vec<_>)| !rows.is_empty())
        .collect();
    if shown.is_empty() {
        return html! { <p class="muted" data-testid="compare-no-diff">{ tr(lang, "compare.no_diff") }</p> };
    }
    let groups = shown.into_iter().map(|(block, rows)| {
        let key = subject_key(&block.subject);
        html! {
            <tbody>
                <tr class="compare-subject">
                    <th scope="rowgroup" colspan="4">{ subject_text(lang, &block.subject) }</th>
                </tr>
                { for rows.into_iter().map(|r| diff_row(lang, &key, r)) }
            </tbody>
        }
    });
    html! {
        <TableScroll label={tr(lang, "compare.table_label")}>
            <table class="data-table compare-table" data-testid="compare-table">
                <thead><tr>
                    <th scope="col">{ tr(lang, "compare.quantity") }</th>
                    { side_head(AbSide::A) }
                    { side_head(AbSide::B) }
                    <th scope="col" class="num">{ tr(lang, "compare.delta") }</th>
                </tr></thead>
                { for groups }
            </table>
        </TableScroll>
    }
}

fn diff_row(lang: Lang, subject: &str, r: &DiffRow) -> Html {
    let decimals = r.quantity.decimals();
    let delta = r.delta();
    let delta_cell = match (&delta, delta_text(&delta, decimals)) {
        (_, Some(text)) => text,
        (Delta::Same, None) => tr(lang, "compare.same"),
        _ => format!("≠ {}", tr(lang, "compare.changed")),
    };
    let differs = r.differs();
    html! {
        <tr class={classes!(differs.then_some("differs"))}
            data-testid={format!("cmp-{subject}-{}", r.quantity.key())} data-differs={differs.to_string()}>
            <th scope="row">{ tr(lang, &format!("compare.q_{}", r.quantity.key())) }</th>
            <td class="num" data-side="A">{ figure_text(&r.a, decimals) }</td>
            <td class="num" data-side="B">{ figure_text(&r.b, decimals) }</td>
            <td class={classes!("num", "delta", (!differs).then_some("same"))}>{ delta_cell }</td>
        </tr>
    }
}

/// A subject as part of a test id: `cluster`, `vm-NAME`, `host-NAME`.
fn subject_key(s: &Subject) -> String {
    match s {
        Subject::Cluster => "cluster".into(),
        Subject::Vm(n) => format!("vm-{n}"),
        Subject::Host(n) => format!("host-{n}"),
    }
}

fn subject_text(lang: Lang, s: &Subject) -> String {
    match s {
        Subject::Cluster => tr(lang, "compare.cluster"),
        Subject::Vm(n) => tr_fill(lang, "compare.vm", &[("name", n)]),
        Subject::Host(n) => tr_fill(lang, "compare.host", &[("name", n)]),
    }
}
