//! The figures a lab's texts quote, computed once per lab from its own
//! runs (see `vlab_sim::lab::figures`), and texts with them filled in.

use crate::text::Lang;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use vlab_sim::lab::figures::{fill, Figures};
use vlab_sim::{Lab, Text};

thread_local! {
    static CACHE: RefCell<BTreeMap<String, Rc<Figures>>> = const { RefCell::new(BTreeMap::new()) };
}

/// Lab `lab`'s figures at its seed. A lab whose figures cannot be computed
/// (impossible for a built-in lab: CI computes them all) quotes none.
pub fn figures(lab: &Lab) -> Rc<Figures> {
    CACHE.with(|cache| {
        cache
            .borrow_mut()
            .entry(lab.spec.id.clone())
            .or_insert_with(|| Rc::new(lab.figures(lab.spec.seed).unwrap_or_default()))
            .clone()
    })
}

/// `text` in `lang`, its `{{figures}}` filled from the lab's runs.
pub fn filled(lab: &Lab, text: &Text, lang: Lang) -> String {
    let raw = text.get(lang.code());
    if !raw.contains("{{") {
        return raw.to_string();
    }
    fill(raw, &figures(lab))
}
