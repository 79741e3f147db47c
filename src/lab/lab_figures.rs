//! The figures a lab's texts quote, computed once per lab and variant from
//! its own runs (see `vlab_sim::lab::figures`), and texts with them filled
//! in. A built-in lab's figures at its own seed were computed by build.rs
//! with the same core (issue 18: the runs cost a DRS lab's page a few
//! hundred milliseconds on a slow laptop); another variant's, or a lab
//! opened from a file, are computed here.

use crate::text::Lang;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use vlab_sim::lab::figures::{fill, Figures};
use vlab_sim::{Lab, Text};

/// (figure id, printed value) pairs, as build.rs writes them.
type BuiltFigures = &'static [(&'static str, &'static str)];

include!(concat!(env!("OUT_DIR"), "/lab_figures.rs"));

thread_local! {
    static CACHE: RefCell<BTreeMap<(String, u64), Rc<Figures>>> = const { RefCell::new(BTreeMap::new()) };
}

/// Lab `lab`'s figures at `seed` (its variant). A lab whose figures cannot
/// be computed (impossible for a built-in lab at the seeds CI tries)
/// quotes none.
pub fn figures(lab: &Lab, seed: u64) -> Rc<Figures> {
    CACHE.with(|cache| {
        cache
            .borrow_mut()
            .entry((lab.spec.id.clone(), seed))
            .or_insert_with(|| {
                Rc::new(built(lab, seed).unwrap_or_else(|| lab.figures(seed).unwrap_or_default()))
            })
            .clone()
    })
}

/// The figures build.rs computed for lab `lab` at `seed`, if it is a
/// built-in lab at its own seed with the file the app was built with.
fn built(lab: &Lab, seed: u64) -> Option<Figures> {
    if crate::catalog::user::is_user_id(&lab.spec.id) {
        return None;
    }
    let (_, _, values) = LAB_FIGURES
        .iter()
        .find(|(id, at, _)| *id == lab.spec.id && *at == seed)?;
    Some(
        values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// `text` in `lang`, its `{{figures}}` filled from the runs of `seed`.
pub fn filled(lab: &Lab, text: &Text, lang: Lang, seed: u64) -> String {
    let raw = text.get(lang.code());
    if !raw.contains("{{") {
        return raw.to_string();
    }
    fill(raw, &figures(lab, seed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn every_built_in_lab_opens_with_the_figures_its_own_runs_give() {
        for entry in catalog::index() {
            let lab = catalog::find(entry.id).expect("a built-in lab parses");
            let seed = lab.spec.seed;
            let at_build = built(lab, seed)
                .unwrap_or_else(|| panic!("{}: no figures from build.rs", entry.id));
            assert_eq!(
                at_build,
                lab.figures(seed).unwrap(),
                "{}: build.rs's figures are its runs'",
                entry.id
            );
            // Another variant's are its own runs', computed when opened.
            assert_eq!(built(lab, seed + 1), None, "{}", entry.id);
        }
    }
}
