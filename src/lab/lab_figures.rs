//! The figures a lab's texts quote, computed once per lab and variant from
//! its own runs (see `vlab_sim::lab::figures`), and texts with them filled
//! in.

use crate::text::Lang;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use vlab_sim::lab::figures::{fill, Figures};
use vlab_sim::{Lab, Text};

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
            .or_insert_with(|| Rc::new(lab.figures(seed).unwrap_or_default()))
            .clone()
    })
}

/// `text` in `lang`, its `{{figures}}` filled from the runs of `seed`.
pub fn filled(lab: &Lab, text: &Text, lang: Lang, seed: u64) -> String {
    let raw = text.get(lang.code());
    if !raw.contains("{{") {
        return raw.to_string();
    }
    fill(raw, &figures(lab, seed))
}
