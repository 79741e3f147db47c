//! The sandbox's lab file through the same checks as `vlab check`: the
//! core's parser, by way of `catalog::user::add` (which keeps the lab so
//! the lab page can run it), then the check that no text states a number
//! by hand. Anything refused is kept with the form field it belongs to,
//! when there is one, and nothing refused is run or saved.

use crate::catalog::user;
use crate::sandbox::fields::Report;
use crate::text::{tr, tr_fill, Lang};
use vlab_sim::LabError;

/// The outcome of checking one lab file.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The text checked.
    pub source: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Accepted and kept under `id` (`mine-…`), ready to run.
    Ready { id: String },
    /// Refused: every problem.
    Refused(Vec<Problem>),
}

/// One reason a file was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The parser's error, as `vlab check` prints it.
    Checker(LabError),
    /// A title states `number`, which is neither an input of the lab nor
    /// a small count (`vlab_sim::lab::drift`): `vlab check` refuses it.
    Stated {
        /// `title.en` or `title.zh-CN` (the form's field).
        field: String,
        number: String,
    },
}

impl Problem {
    /// The form field it belongs to, if the forms have it.
    pub fn field(&self, report: &Report) -> Option<String> {
        match self {
            Problem::Checker(e) => report.field_for(&e.field),
            Problem::Stated { field, .. } => {
                report.specs.contains_key(field).then(|| field.clone())
            }
        }
    }

    /// What is wrong, in `lang` (the parser's own words are English, as
    /// `vlab check` prints them; the lead-in says whose they are).
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Problem::Checker(e) => {
                tr_fill(lang, "sandbox.checker_says", &[("error", &e.to_string())])
            }
            Problem::Stated { number, .. } => {
                tr_fill(lang, "sandbox.err_stated", &[("number", number)])
            }
        }
    }
}

impl Checked {
    /// The id to run, when the file was accepted.
    pub fn ready_id(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Ready { id } => Some(id),
            Outcome::Refused(_) => None,
        }
    }
}

/// Checks `source`, saved as `file`; keeps it in the catalog if it passes.
/// The texts are checked before the lab is kept, so a refused file never
/// replaces the version the page is running.
pub fn check(file: &str, source: &str) -> Checked {
    let stated: Vec<Problem> = match vlab_sim::parse_document(file, source) {
        Ok(vlab_sim::Document::Lab(lab)) => vlab_sim::lab::drift::stated_numbers(&lab)
            .into_iter()
            .map(|s| Problem::Stated {
                field: format!("{}.{}", s.field, s.lang),
                number: s.number,
            })
            .collect(),
        // Parser errors: `user::add` below reports them.
        _ => Vec::new(),
    };
    let outcome = if !stated.is_empty() {
        Outcome::Refused(stated)
    } else {
        match user::add(file, source) {
            Ok(id) => Outcome::Ready { id },
            Err(errors) => Outcome::Refused(errors.into_iter().map(Problem::Checker).collect()),
        }
    };
    Checked {
        source: source.to_string(),
        outcome,
    }
}

/// The heading over problems no field shows.
pub fn unplaced_heading(lang: Lang) -> String {
    tr(lang, "sandbox.checker_heading")
}
