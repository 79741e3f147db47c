//! Predict, then reveal: the lab's questions before the run is shown, and
//! after the student commits, each answer judged against the run with the
//! run's own figures.

use crate::catalog;
use crate::common::markdown::SafeHtml;
use crate::lab::lab_figures::{figures, filled};
use crate::lab::lab_settings;
use crate::state::{use_app, AppAction};
use crate::text::{fill, tr};
use vlab_sim::lab::spec::{PickOf, QuestionKind, QuestionSpec};
use vlab_sim::{judge, Answer, Verdict};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuestionsProps {
    pub lab: String,
}

/// Whether the lab page should hide the outcome: the lab asks questions,
/// and the student has neither committed answers nor chosen to explore.
pub fn outcome_hidden(
    lab: &vlab_sim::Lab,
    progress: Option<&crate::state::prefs::LabProgress>,
) -> bool {
    !lab.spec.question.is_empty() && !progress.is_some_and(|p| p.committed || p.explore)
}

#[component]
pub fn Questions(props: &QuestionsProps) -> Html {
    let app = use_app();
    let section = use_node_ref();
    let lang = app.prefs.lang;
    let Some(lab) = catalog::find(&props.lab) else {
        return html! {};
    };
    if lab.spec.question.is_empty() {
        return html! {};
    }
    let progress = app.prefs.progress.get(&props.lab);
    let seed = lab_settings::seed(lab, progress);
    let explore = progress.is_some_and(|p| p.explore);
    let committed = progress.is_some_and(|p| p.committed);
    let given = |id: &str| {
        progress
            .and_then(|p| p.answers.get(id))
            .cloned()
            .unwrap_or_default()
    };
    let send = {
        let app = app.clone();
        move |action: AppAction| app.dispatch(action)
    };
    let id = props.lab.clone();
    if explore && !committed {
        let back = {
            let send = send.clone();
            let id = id.clone();
            let section = section.clone();
            Callback::from(move |_: MouseEvent| {
                focus_panel(&section);
                send(AppAction::SetExplore {
                    lab: id.clone(),
                    explore: false,
                })
            })
        };
        return html! {
            <section ref={section} tabindex="-1" class="panel questions questions-explore" data-testid="questions" data-state="explore">
                <p class="muted">
                    <button type="button" class="btn" data-testid="predict-first" onclick={back}>
                        { tr(lang, "question.back_to_exercise") }
                    </button>
                </p>
            </section>
        };
    }
    let figs = figures(lab, seed);
    let answers = lab.answers_from(&figs);
    let items = lab.spec.question.iter().zip(&answers);
    if committed && app.prefs.answers_hidden {
        // The teacher has not released the answers: what the student said
        // is kept, and judged once a link releases them.
        let again = {
            let send = send.clone();
            let id = id.clone();
            Callback::from(move |_: MouseEvent| send(AppAction::AnswerAgain { lab: id.clone() }))
        };
        return html! {
            <section class="panel questions" aria-labelledby="questions-h" data-testid="questions" data-state="recorded">
                <h2 id="questions-h">{ tr(lang, "question.heading") }</h2>
                <ol class="question-list">
                    { for lab.spec.question.iter().map(|q| html! {
                        <li class="question" data-testid={format!("question-{}", q.id)}>
                            <p class="question-text">{ filled(lab, &q.text, lang, seed) }</p>
                            <p>{ fill(&tr(lang, "presenter.answer_recorded"), &[("given", &answer_text(q, &given(&q.id), lang))]) }</p>
                        </li>
                    }) }
                </ol>
                <button type="button" class="btn" data-testid="answer-again" onclick={again}>{ tr(lang, "question.again") }</button>
            </section>
        };
    }
    if committed {
        let verdicts: Vec<(&QuestionSpec, Verdict)> = items
            .map(|(q, a)| (q, judge(q, a, &given(&q.id))))
            .collect();
        let right = verdicts.iter().filter(|(_, v)| v.correct).count();
        let again = {
            let send = send.clone();
            let id = id.clone();
            Callback::from(move |_: MouseEvent| send(AppAction::AnswerAgain { lab: id.clone() }))
        };
        return html! {
            <section class="panel questions" aria-labelledby="questions-h" data-testid="questions" data-state="revealed">
                <h2 id="questions-h">{ tr(lang, "question.heading") }</h2>
                <p class="question-score" data-testid="question-score" role="status">
                    { fill(&tr(lang, "question.score"), &[("right", &right.to_string()), ("total", &verdicts.len().to_string())]) }
                </p>
                <ol class="question-list">
                    { for verdicts.iter().map(|(q, v)| verdict_item(lab, q, v, lang, seed)) }
                </ol>
                <button type="button" class="btn" data-testid="answer-again" onclick={again}>{ tr(lang, "question.again") }</button>
            </section>
        };
    }
    let all_answered = lab
        .spec
        .question
        .iter()
        .all(|q| !given(&q.id).trim().is_empty());
    let on_commit = {
        let send = send.clone();
        let id = id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if all_answered {
                send(AppAction::CommitAnswers { lab: id.clone() })
            }
        })
    };
    let on_explore = {
        let send = send.clone();
        let id = id.clone();
        let section = section.clone();
        Callback::from(move |_: MouseEvent| {
            focus_panel(&section);
            send(AppAction::SetExplore {
                lab: id.clone(),
                explore: true,
            })
        })
    };
    let scenario = lab
        .spec
        .scenario
        .with_settings(&lab.variant(seed))
        .unwrap_or_else(|_| lab.spec.scenario.clone());
    let inputs = items.map(|(q, a)| {
        let on_answer = {
            let send = send.clone();
            let lab = id.clone();
            let question = q.id.clone();
            Callback::from(move |answer: String| {
                send(AppAction::SetAnswer {
                    lab: lab.clone(),
                    question: question.clone(),
                    answer,
                })
            })
        };
        let text = filled(lab, &q.text, lang, seed);
        question_input(q, a, &text, &given(&q.id), &scenario, on_answer, lang)
    });
    html! {
        <section ref={section.clone()} tabindex="-1" class="panel questions" aria-labelledby="questions-h" data-testid="questions" data-state="asking">
            <h2 id="questions-h">{ tr(lang, "question.heading") }</h2>
            <p class="muted">{ tr(lang, "question.intro") }</p>
            <form onsubmit={on_commit}>
                <ol class="question-list">{ for inputs }</ol>
                <div class="question-actions">
                    <button type="submit" class="btn btn-primary" data-testid="commit-answers"
                        disabled={!all_answered} aria-describedby={(!all_answered).then_some("commit-note")}>
                        { tr(lang, "question.commit") }
                    </button>
                    if !all_answered {
                        <span id="commit-note" class="muted">{ tr(lang, "question.commit_note") }</span>
                    }
                </div>
            </form>
            <p>
                <button type="button" class="btn btn-link" data-testid="explore" onclick={on_explore}>
                    { tr(lang, "question.explore") }
                </button>
            </p>
        </section>
    }
}

/// Moves focus to the questions panel, before Explore or "predict first"
/// removes the button that has it: removing a focused element cost
/// Chromium a forced layout (40 ms at 4x CPU), and left a keyboard user's
/// focus on `<body>`.
fn focus_panel(section: &NodeRef) {
    if let Some(panel) = section.cast::<web_sys::HtmlElement>() {
        let _ = panel.focus();
    }
}

/// One question's input: a number box with its unit, radio buttons, or a
/// list of the scenario's VMs or hosts.
fn question_input(
    q: &QuestionSpec,
    a: &Answer,
    text: &str,
    given: &str,
    scenario: &vlab_sim::Scenario,
    on_answer: Callback<String>,
    lang: crate::text::Lang,
) -> Html {
    let input_id = format!("q-{}", q.id);
    let testid = format!("question-input-{}", q.id);
    let body = match q.kind {
        QuestionKind::Number => {
            let oninput = on_answer.reform(|e: InputEvent| {
                let el: web_sys::HtmlInputElement = e.target_unchecked_into();
                el.value()
            });
            let unit = a.unit.clone().unwrap_or_default();
            html! {
                <>
                    <label for={input_id.clone()} class="question-text">{ text.to_string() }</label>
                    <span class="question-number">
                        <input type="text" inputmode="decimal" id={input_id} data-testid={testid}
                            value={given.to_string()} {oninput} autocomplete="off" />
                        <span class="unit">{ unit.clone() }</span>
                    </span>
                    if let Some(t) = q.tolerance.filter(|&t| t > 0.0) {
                        <span class="muted question-tolerance">
                            { fill(&tr(lang, "question.tolerance"), &[("tolerance", &t.to_string()), ("unit", &unit)]) }
                        </span>
                    }
                </>
            }
        }
        QuestionKind::Choice => {
            let options = q.choice.iter().enumerate().map(|(k, c)| {
                let value = c.value.clone();
                let onchange = on_answer.reform(move |_: Event| value.clone());
                let option_id = format!("{input_id}-{k}");
                html! {
                    <label class="question-choice" for={option_id.clone()}>
                        <input type="radio" id={option_id} name={input_id.clone()}
                            data-testid={format!("{testid}-{}", c.value)}
                            checked={given == c.value} {onchange} />
                        { c.text.get(lang.code()).to_string() }
                    </label>
                }
            });
            html! {
                <fieldset class="question-choices" data-testid={testid.clone()}>
                    <legend class="question-text">{ text.to_string() }</legend>
                    { for options }
                </fieldset>
            }
        }
        QuestionKind::Pick => {
            let names: Vec<String> = match q.of {
                Some(PickOf::Host) => scenario.host.iter().map(|h| h.name.clone()).collect(),
                _ => scenario.vm.iter().map(|v| v.name.clone()).collect(),
            };
            let onchange = on_answer.reform(|e: Event| {
                let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
                el.value()
            });
            html! {
                <>
                    <label for={input_id.clone()} class="question-text">{ text.to_string() }</label>
                    <select id={input_id} data-testid={testid} {onchange}>
                        <option value="" selected={given.is_empty()}>{ tr(lang, "question.choose") }</option>
                        { for names.iter().map(|n| html! {
                            <option value={n.clone()} selected={given == n}>{ n.clone() }</option>
                        }) }
                    </select>
                </>
            }
        }
    };
    html! { <li class="question" data-testid={format!("question-{}", q.id)}>{ body }</li> }
}

/// An answer as the student reads it: a choice's words, a number with
/// its unit.
fn answer_text(q: &QuestionSpec, value: &str, lang: crate::text::Lang) -> String {
    match q.kind {
        QuestionKind::Choice => q.choice.iter().find(|c| c.value == value).map_or_else(
            || value.to_string(),
            |c| c.text.get(lang.code()).to_string(),
        ),
        QuestionKind::Number => match &q.unit {
            Some(u) if !value.is_empty() => format!("{value} {u}"),
            _ => value.to_string(),
        },
        QuestionKind::Pick => value.to_string(),
    }
}

/// A judged answer: right or not, what was said and what the run gives,
/// and why, in the run's own figures.
fn verdict_item(
    lab: &vlab_sim::Lab,
    q: &QuestionSpec,
    v: &Verdict,
    lang: crate::text::Lang,
    seed: u64,
) -> Html {
    let (class, key) = match (v.given.is_empty(), v.correct) {
        (true, _) => ("unanswered", "question.unanswered"),
        (false, true) => ("right", "question.right"),
        (false, false) => ("wrong", "question.wrong"),
    };
    let shown = |value: &str| answer_text(q, value, lang);
    let said = fill(
        &tr(lang, "question.you_said"),
        &[
            ("given", &shown(&v.given)),
            ("expected", &shown(&v.expected)),
        ],
    );
    let explain = SafeHtml::from_markdown(&filled(lab, &q.explain, lang, seed)).to_html();
    html! {
        <li class={classes!("question", "verdict", class)} data-testid={format!("question-{}", q.id)}
            data-correct={v.correct.to_string()} data-expected={v.expected.clone()}>
            <p class="question-text">{ filled(lab, &q.text, lang, seed) }</p>
            <p>
                <strong class="verdict-badge">{ if v.correct { "✓ " } else { "✗ " } }{ tr(lang, key) }</strong>
                { " " }{ said }
                if let Some(off) = v.off_by.as_ref().filter(|_| !v.correct) {
                    { " " }{ fill(&tr(lang, "question.off_by"), &[("off_by", off)]) }
                }
            </p>
            <div class="markdown question-explain">{ explain }</div>
        </li>
    }
}
