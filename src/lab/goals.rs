//! Goals with live status: ✓ met, ✗ not yet, and the number behind it.

use crate::catalog;
use crate::lab::goal_text::goal_detail;
use crate::lab::lab_figures::filled;
use crate::state::use_app;
use crate::text::tr;
use vlab_sim::GoalResult;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GoalListProps {
    pub lab: String,
    pub results: Vec<GoalResult>,
}

#[component]
pub fn GoalList(props: &GoalListProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let Some(lab) = catalog::find(&props.lab) else {
        return html! {};
    };
    let seed = crate::lab::lab_settings::seed(lab, app.prefs.progress.get(&props.lab));
    let all = !props.results.is_empty() && props.results.iter().all(|r| r.passed);
    let items = lab.goals.iter().zip(&lab.spec.goal).zip(&props.results).map(|((goal, spec), r)| {
        let status = tr(lang, if r.passed { "goal.passed" } else { "goal.failed" });
        html! {
            <li class={classes!("goal", if r.passed { "passed" } else { "failed" })}
                data-testid={format!("goal-{}", goal.id)} data-passed={r.passed.to_string()}>
                <span class="goal-icon" aria-hidden="true">{ if r.passed { "✓" } else { "✗" } }</span>
                <span class="goal-text">
                    { filled(lab, &spec.text, lang, seed) }
                    <span class="sr-only">{ format!(" ({status})") }</span>
                </span>
                <span class="goal-detail">{ goal_detail(lang, goal, r) }</span>
            </li>
        }
    });
    html! {
        <>
            <ul class="goals" aria-live="polite">{ for items }</ul>
            if all {
                <p class="all-passed" data-testid="all-passed">{ tr(lang, "lab.all_passed") }</p>
            }
        </>
    }
}
