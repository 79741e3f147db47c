//! The labs: the catalog's index, written by build.rs from `labs/`, and
//! each lab's parsed file.
//!
//! With the `embed-labs` feature (the CLI, the tests) every file is inside
//! the binary. The release web build leaves it off, so the first download
//! carries only the index: a lab's file comes from the page itself when a
//! package embedded it (the single file and the SCORM packages write each
//! as `<script type="text/plain" data-vlab-lab="NAME.toml">`, and
//! `static/boot.js` adds one with the file of the lab the whole app starts
//! on, which it fetched for its helper worker), or else is fetched from
//! `labs/NAME.toml` beside the page when the lab is opened ([`load`]).
//! Parsed labs live for the rest of the session. Labs brought at run time
//! (opened from a file, built in the sandbox, shared in a link) are
//! [`user`]'s.

pub mod user;

use std::cell::RefCell;
use std::collections::BTreeMap;
use vlab_sim::{parse_lab, Lab, Topic};

/// The id of the catalog `vlab prerender` writes into the built page
/// (`cli::prerender`), which `app::mount` removes when a build starts.
pub const PRERENDER_ID: &str = "vlab-prerender";

#[cfg(feature = "embed-labs")]
include!(concat!(env!("OUT_DIR"), "/labs.rs"));
include!(concat!(env!("OUT_DIR"), "/lab_index.rs"));

/// What the catalog shows of one lab, without parsing its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabEntry {
    pub id: &'static str,
    /// Its file's name in `labs/`.
    pub file: &'static str,
    pub topic: Topic,
    /// English, then 简体中文.
    pub title: [&'static str; 2],
    pub summary: [&'static str; 2],
    /// How many goals it has.
    pub goals: usize,
}

impl LabEntry {
    /// The title in `lang` ("zh-CN" or anything else for English).
    pub fn title(&self, lang: &str) -> &'static str {
        self.title[usize::from(lang == "zh-CN")]
    }

    pub fn summary(&self, lang: &str) -> &'static str {
        self.summary[usize::from(lang == "zh-CN")]
    }
}

/// Every lab, in catalog order: by topic, then `order`, then id.
pub fn index() -> &'static [LabEntry] {
    LAB_INDEX
}

/// The index entry of lab `id`.
pub fn entry(id: &str) -> Option<&'static LabEntry> {
    LAB_INDEX.iter().find(|e| e.id == id)
}

/// Labs of one topic, in catalog order.
pub fn by_topic(topic: Topic) -> impl Iterator<Item = &'static LabEntry> {
    LAB_INDEX.iter().filter(move |e| e.topic == topic)
}

thread_local! {
    /// Labs parsed so far, by id.
    static PARSED: RefCell<BTreeMap<&'static str, &'static Lab>> = const { RefCell::new(BTreeMap::new()) };
}

#[cfg(all(not(feature = "embed-labs"), target_arch = "wasm32"))]
thread_local! {
    /// Lab files the page has no data block for (they are fetched).
    static NOT_IN_PAGE: RefCell<std::collections::BTreeSet<String>> = const { RefCell::new(std::collections::BTreeSet::new()) };
}

/// The lab with this id, if its file is at hand (always, with
/// `embed-labs`; on the web once [`load`] fetched it, or at once when the
/// page embeds it).
pub fn find(id: &str) -> Option<&'static Lab> {
    if user::is_user_id(id) {
        return user::find(id);
    }
    let e = entry(id)?;
    if let Some(lab) = PARSED.with(|p| p.borrow().get(e.id).copied()) {
        return Some(lab);
    }
    let text = at_hand(e.file)?;
    parse(e, &text).ok()
}

/// Every lab at hand, in catalog order (with `embed-labs`: all of them).
pub fn labs() -> Vec<&'static Lab> {
    LAB_INDEX.iter().filter_map(|e| find(e.id)).collect()
}

/// Parses every embedded lab file: the valid ones and all errors.
#[cfg(feature = "embed-labs")]
pub fn parse_all() -> (Vec<Lab>, Vec<vlab_sim::LabError>) {
    let mut labs = Vec::new();
    let mut errors = Vec::new();
    for (name, source) in LAB_FILES {
        match parse_lab(&format!("labs/{name}"), source) {
            Ok(lab) => labs.push(lab),
            Err(mut e) => errors.append(&mut e),
        }
    }
    (labs, errors)
}

/// Parses `text` as lab `e` and keeps it; an error names the file.
fn parse(e: &'static LabEntry, text: &str) -> Result<&'static Lab, String> {
    let file = format!("labs/{}", e.file);
    let lab = parse_lab(&file, text).map_err(|errors| {
        // build.rs validated every file: this is a file served from
        // elsewhere than the build, or changed since.
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    if lab.spec.id != e.id {
        return Err(format!(
            "{file}: holds lab {:?}, not {:?}",
            lab.spec.id, e.id
        ));
    }
    let lab: &'static Lab = Box::leak(Box::new(lab));
    PARSED.with(|p| p.borrow_mut().insert(e.id, lab));
    Ok(lab)
}

/// The file and TOML text of built-in lab `id`, where it is at hand.
pub fn source(id: &str) -> Option<(&'static str, String)> {
    let e = entry(id)?;
    Some((e.file, at_hand(e.file)?))
}

/// A lab file's text without a fetch: inside the binary, or in the page.
fn at_hand(file: &str) -> Option<String> {
    #[cfg(feature = "embed-labs")]
    {
        LAB_FILES
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, text)| text.to_string())
    }
    #[cfg(all(not(feature = "embed-labs"), target_arch = "wasm32"))]
    {
        // A page carries its data blocks before the app starts (an LMS
        // package's, or the one static/boot.js adds with the first lab's
        // file) or never: one look per file, not one per render while it
        // loads.
        if NOT_IN_PAGE.with(|n| n.borrow().contains(file)) {
            return None;
        }
        let selector = format!("script[type=\"text/plain\"][data-vlab-lab=\"{file}\"]");
        let text = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|el| el.text_content());
        if text.is_none() {
            NOT_IN_PAGE.with(|n| n.borrow_mut().insert(file.to_string()));
        }
        text
    }
    #[cfg(all(not(feature = "embed-labs"), not(target_arch = "wasm32")))]
    {
        let _ = file;
        None
    }
}

/// Makes labs `ids` available to [`find`]: fetches the files not at hand
/// from `labs/` beside the page. The error names the file and what went
/// wrong (for the page to show); unknown ids are skipped.
pub async fn load(ids: &[&str]) -> Result<(), String> {
    for id in ids {
        let Some(e) = entry(id) else { continue };
        if find(id).is_some() {
            continue;
        }
        let text = fetch_text(&format!("labs/{}", e.file)).await?;
        parse(e, &text)?;
    }
    Ok(())
}

/// Loads every lab (the glossary and imports need them all).
pub async fn load_all() -> Result<(), String> {
    let ids: Vec<&str> = LAB_INDEX.iter().map(|e| e.id).collect();
    load(&ids).await
}

#[cfg(target_arch = "wasm32")]
async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |what: &str| format!("{url}: {what}");
    let window = web_sys::window().ok_or_else(|| failed("no window"))?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| failed(&format!("{e:?}")))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| failed("not a response"))?;
    if !response.ok() {
        return Err(failed(&format!("HTTP {}", response.status())));
    }
    let text = response.text().map_err(|e| failed(&format!("{e:?}")))?;
    JsFuture::from(text)
        .await
        .map_err(|e| failed(&format!("{e:?}")))?
        .as_string()
        .ok_or_else(|| failed("not text"))
}

#[cfg(not(target_arch = "wasm32"))]
async fn fetch_text(url: &str) -> Result<String, String> {
    Err(format!("{url}: labs are fetched only in the browser"))
}
