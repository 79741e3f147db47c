//! One input of the sandbox's forms, as every section draws it: a visible
//! label with its unit, the input, its range as a hint, and, when the
//! value is refused, the message next to it. The input points at both
//! with `aria-describedby` and says `aria-invalid`, so a screen reader
//! reads the rule and the problem with the field.

use crate::sandbox::draft::Draft;
use crate::sandbox::fields::Report;
use crate::text::{tr, Lang};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A change to the draft, applied to the newest draft by the page.
pub type Edit = Rc<dyn Fn(&mut Draft)>;

/// What every section of the form receives.
#[derive(Properties, Clone)]
pub struct SectionProps {
    pub draft: Rc<Draft>,
    pub report: Rc<Report>,
    pub lang: Lang,
    pub edit: Callback<Edit>,
}

impl PartialEq for SectionProps {
    fn eq(&self, other: &Self) -> bool {
        self.draft == other.draft
            && self.report == other.report
            && self.lang == other.lang
            && self.edit == other.edit
    }
}

/// A callback that applies `set` with the value it is given.
pub fn setter<T: Clone + 'static>(
    edit: &Callback<Edit>,
    set: impl Fn(&mut Draft, T) + 'static,
) -> Callback<T> {
    let edit = edit.clone();
    let set = Rc::new(set);
    Callback::from(move |value: T| {
        let set = set.clone();
        edit.emit(Rc::new(move |d: &mut Draft| set(d, value.clone())));
    })
}

/// A callback that applies `change` when clicked.
pub fn on_click(
    edit: &Callback<Edit>,
    change: impl Fn(&mut Draft) + 'static,
) -> Callback<MouseEvent> {
    let edit = edit.clone();
    let change: Edit = Rc::new(change);
    Callback::from(move |_: MouseEvent| edit.emit(change.clone()))
}

/// The element id of field `field` (`vm[0].mem_mb` -> `sb-vm-0-mem_mb`).
pub fn dom_id(field: &str) -> String {
    let plain: String = field
        .chars()
        .filter(|c| *c != ']')
        .map(|c| if c == '[' || c == '.' { '-' } else { c })
        .collect();
    format!("sb-{plain}")
}

#[derive(Properties, PartialEq, Clone)]
pub struct FieldProps {
    /// The field's id in the report (`vm[0].mem_mb`).
    pub field: String,
    pub value: String,
    pub report: Rc<Report>,
    pub lang: Lang,
    pub onchange: Callback<String>,
    /// A number (numeric keyboard) or text.
    #[prop_or(true)]
    pub numeric: bool,
}

/// A text or number input, kept as typed.
#[component]
pub fn InputField(p: &FieldProps) -> Html {
    let oninput = {
        let onchange = p.onchange.clone();
        Callback::from(move |e: InputEvent| {
            onchange.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let id = dom_id(&p.field);
    let parts = Parts::of(p.report.as_ref(), &p.field, p.lang);
    html! {
        <div class={classes!("sb-field", parts.problem.is_some().then_some("invalid"))}>
            { parts.label(&id) }
            <input id={id.clone()} type="text" data-field={p.field.clone()}
                inputmode={p.numeric.then_some("numeric")}
                autocomplete="off" spellcheck="false"
                value={p.value.clone()} {oninput}
                aria-invalid={parts.problem.is_some().to_string()}
                aria-describedby={parts.described_by(&id)} />
            { parts.below(&id) }
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct ChoiceProps {
    pub field: String,
    pub value: String,
    /// (value, text) in the order shown.
    pub options: Vec<(String, String)>,
    pub report: Rc<Report>,
    pub lang: Lang,
    pub onchange: Callback<String>,
}

/// A select among `options`; a value not among them shows as "pick one".
#[component]
pub fn ChoiceField(p: &ChoiceProps) -> Html {
    let onchange = {
        let onchange = p.onchange.clone();
        Callback::from(move |e: Event| {
            onchange.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let id = dom_id(&p.field);
    let parts = Parts::of(p.report.as_ref(), &p.field, p.lang);
    let known = p.options.iter().any(|(v, _)| *v == p.value);
    html! {
        <div class={classes!("sb-field", parts.problem.is_some().then_some("invalid"))}>
            { parts.label(&id) }
            <select id={id.clone()} data-field={p.field.clone()} {onchange}
                aria-invalid={parts.problem.is_some().to_string()}
                aria-describedby={parts.described_by(&id)}>
                if !known {
                    <option value={p.value.clone()} selected=true>{ tr(p.lang, "sandbox.opt_pick") }</option>
                }
                { for p.options.iter().map(|(v, text)| html! {
                    <option value={v.clone()} selected={*v == p.value}>{ text.clone() }</option>
                }) }
            </select>
            { parts.below(&id) }
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct CheckProps {
    pub field: String,
    pub checked: bool,
    pub report: Rc<Report>,
    pub lang: Lang,
    pub onchange: Callback<bool>,
}

/// A check box with its label after it.
#[component]
pub fn CheckField(p: &CheckProps) -> Html {
    let onchange = {
        let onchange = p.onchange.clone();
        Callback::from(move |e: Event| {
            onchange.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let id = dom_id(&p.field);
    let label = p
        .report
        .specs
        .get(&p.field)
        .map(|s| s.label.clone())
        .unwrap_or_default();
    html! {
        <div class="sb-field sb-check">
            <input id={id.clone()} type="checkbox" data-field={p.field.clone()}
                checked={p.checked} {onchange} />
            <label for={id}>{ label }</label>
        </div>
    }
}

/// The label, hint and message of one field, from the report.
struct Parts {
    label: String,
    unit: Option<String>,
    hint: Option<String>,
    problem: Option<String>,
}

impl Parts {
    fn of(report: &Report, field: &str, lang: Lang) -> Parts {
        let spec = report.specs.get(field);
        Parts {
            label: spec
                .map(|s| s.label.clone())
                .unwrap_or_else(|| field.to_string()),
            unit: spec.and_then(|s| s.unit).map(|u| u.text(lang)),
            hint: spec.and_then(|s| s.hint(lang)),
            problem: report.problems.get(field).cloned(),
        }
    }

    fn label(&self, id: &str) -> Html {
        html! {
            <label for={id.to_string()}>
                { self.label.clone() }
                if let Some(unit) = &self.unit {
                    <span class="sb-unit">{ format!(" [{unit}]") }</span>
                }
            </label>
        }
    }

    fn described_by(&self, id: &str) -> Option<String> {
        let ids: Vec<String> = [
            self.hint.as_ref().map(|_| format!("{id}-hint")),
            self.problem.as_ref().map(|_| format!("{id}-msg")),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    fn below(&self, id: &str) -> Html {
        html! {
            <>
                if let Some(hint) = &self.hint {
                    <span class="sb-hint" id={format!("{id}-hint")}>{ hint.clone() }</span>
                }
                if let Some(problem) = &self.problem {
                    <p class="sb-error" id={format!("{id}-msg")} data-testid="field-error">{ problem.clone() }</p>
                }
            </>
        }
    }
}
