//! The student's controls: sliders with number boxes, switches, drop-downs.
//! Each has a visible label with its unit and works from the keyboard.

use crate::catalog;
use crate::lab::lab_settings::control_value;
use crate::state::prefs::LabProgress;
use crate::state::use_app;
use crate::text::tr;
use vlab_sim::lab::spec::{Control, ControlKind};
use vlab_sim::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub lab: String,
    pub progress: Option<LabProgress>,
    pub on_change: Callback<(String, Value)>,
    pub on_reset: Callback<()>,
    pub on_solution: Callback<()>,
}

#[component]
pub fn ControlsPanel(props: &ControlsProps) -> Html {
    let app = use_app();
    let lang = app.prefs.lang;
    let answers_hidden = app.prefs.answers_hidden;
    let Some(lab) = catalog::find(&props.lab) else {
        return html! {};
    };
    let rows = lab.spec.control.iter().map(|c| {
        let value = control_value(lab, c, props.progress.as_ref());
        control_row(c, value, lang, &props.on_change)
    });
    let reset = props.on_reset.reform(|_: MouseEvent| ());
    let solution = props.on_solution.reform(|_: MouseEvent| ());
    if lab.spec.control.is_empty() {
        return html! { <p class="muted" data-testid="no-controls">{ tr(lang, "lab.no_controls") }</p> };
    }
    html! {
        <>
            <div class="control-list">{ for rows }</div>
            <div class="control-actions">
                <button class="btn" data-testid="reset-controls" onclick={reset}>{ tr(lang, "lab.reset") }</button>
                // A lab with no solution (a cluster to watch) has no button.
                if !answers_hidden && !lab.spec.solution.is_empty() {
                    <button class="btn" data-testid="apply-solution" title={tr(lang, "lab.solution_note")} onclick={solution}>
                        { tr(lang, "lab.solution") }
                    </button>
                }
            </div>
            if answers_hidden && !lab.spec.solution.is_empty() {
                <p class="muted" data-testid="answers-hidden">{ tr(lang, "presenter.answers_hidden") }</p>
            }
        </>
    }
}

fn control_row(
    c: &Control,
    value: Value,
    lang: crate::text::Lang,
    on_change: &Callback<(String, Value)>,
) -> Html {
    let id = c.id.clone();
    let input_id = format!("control-{}", c.id);
    let label = c.label.get(lang.code()).to_string();
    let unit = c.unit.clone().unwrap_or_default();
    let emit = {
        let on_change = on_change.clone();
        let id = id.clone();
        move |v: Value| on_change.emit((id.clone(), v))
    };
    let widget = match c.kind {
        ControlKind::Range => {
            let n = match value {
                Value::Int(n) => n,
                _ => c.min.unwrap_or(0),
            };
            let (min, max, step) = (
                c.min.unwrap_or(0),
                c.max.unwrap_or(100),
                c.step.unwrap_or(1),
            );
            let on_input = {
                let emit = emit.clone();
                let snap = c.clone();
                Callback::from(move |e: InputEvent| {
                    let el: HtmlInputElement = e.target_unchecked_into();
                    // Only values the control can take: a number typed
                    // off the step goes to the nearest step.
                    if let Ok(v) = el.value().parse::<i64>() {
                        emit(Value::Int(snap.snap(v)));
                    }
                })
            };
            html! {
                <div class="range-row">
                    <input type="range" id={input_id.clone()} data-testid={input_id.clone()}
                        min={min.to_string()} max={max.to_string()} step={step.to_string()}
                        value={n.to_string()} oninput={on_input.clone()}
                        aria-valuetext={format!("{n} {unit}")} />
                    <input type="number" class="number" aria-label={format!("{label} ({unit})")}
                        data-testid={format!("{input_id}-number")}
                        min={min.to_string()} max={max.to_string()} step={step.to_string()}
                        value={n.to_string()} oninput={on_input} />
                    <span class="unit">{ unit.clone() }</span>
                </div>
            }
        }
        ControlKind::Toggle => {
            let on = matches!(value, Value::Bool(true));
            let onchange = Callback::from(move |e: Event| {
                let el: HtmlInputElement = e.target_unchecked_into();
                emit(Value::Bool(el.checked()));
            });
            html! {
                <label class="toggle">
                    <input type="checkbox" id={input_id.clone()} data-testid={input_id.clone()} checked={on} {onchange} />
                    <span>{ tr(lang, if on { "control.on" } else { "control.off" }) }</span>
                </label>
            }
        }
        ControlKind::Choice => {
            let choices = c.choices.clone().unwrap_or_default();
            let options = choices.clone();
            let onchange = Callback::from(move |e: Event| {
                let el: HtmlSelectElement = e.target_unchecked_into();
                if let Some(v) = options.get(el.selected_index().max(0) as usize) {
                    emit(v.clone());
                }
            });
            html! {
                <select id={input_id.clone()} data-testid={input_id.clone()} {onchange}>
                    { for choices.iter().map(|v| {
                        let text = v.to_string();
                        let key = format!("control.{text}");
                        let shown = if let Some(t) = crate::ha::ha_text::choice_text(lang, &c.target, &text) {
                            t
                        } else if let Some(t) = crate::drs::drs_text::choice_text(lang, &c.target, &text) {
                            t
                        } else if matches!(text.as_str(), "low" | "normal" | "high") {
                            tr(lang, &key)
                        } else {
                            text.clone()
                        };
                        html! { <option value={text} selected={*v == value}>{ shown }</option> }
                    }) }
                </select>
            }
        }
    };
    html! {
        <div class="control">
            <label for={input_id}>{ label }{ if c.unit.is_some() { format!(" ({})", c.unit.as_deref().unwrap_or("")) } else { String::new() } }</label>
            { widget }
        </div>
    }
}
