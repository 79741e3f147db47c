//! The course's terms: [`TERMS`] is the one list of their ids, each with
//! its catalog topic and the labs that teach it. Their words live in the
//! locale files: the name (`glossary_term.ID`), a short definition
//! (`glossary_def.ID`), its source (`glossary_source.ID`), and the words
//! that mention the term in a lab's text (`glossary_match.ID`).
//!
//! [`terms_in_lab`] finds the terms a lab's title and instructions use, in
//! both languages: the English words in the English text, the Chinese in
//! the Chinese. A word is comma-separated in `glossary_match`; one that
//! starts with `!` is a phrase that does not count (交换机, a network
//! switch, is no 交换). Matching ignores ASCII case, except for acronyms
//! written in capitals (`HA` is not "ha"), and a word that starts or ends
//! with a Latin letter or digit must stand alone there ("limit" is not in
//! "unlimited"; Chinese has no word boundaries).

use crate::text::{tr, Lang};
use vlab_sim::{Lab, Topic};

/// A term of the glossary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Stable id: the anchor in `#/glossary/ID` and the locale keys' name.
    pub id: &'static str,
    /// The catalog topic the glossary lists it under.
    pub topic: Topic,
    /// The labs that teach it, in catalog order (each mentions the term;
    /// tested).
    pub labs: &'static [&'static str],
}

const fn term(id: &'static str, topic: Topic, labs: &'static [&'static str]) -> Term {
    Term { id, topic, labs }
}

use Topic::{DrsDpm, Fusioncompute, Ha, Memory, Migration, ResourceControls};

/// Every term, in the order the glossary lists them (the course's order
/// within each topic).
pub const TERMS: &[Term] = &[
    term(
        "reservation",
        ResourceControls,
        &[
            "mem-admission-64gb",
            "pool-expandable-reservation",
            "fc-cpu-qos",
        ],
    ),
    term(
        "limit",
        ResourceControls,
        &[
            "cpu-limit-16vcpu",
            "pool-limit-stops-borrowing",
            "memory-limit-balloon",
        ],
    ),
    term(
        "shares",
        ResourceControls,
        &[
            "shares-contention",
            "pools-isolate-departments",
            "fc-cpu-qos",
        ],
    ),
    term(
        "resource-pool",
        ResourceControls,
        &[
            "pool-expandable-reservation",
            "pools-isolate-departments",
            "pool-limit-stops-borrowing",
        ],
    ),
    term(
        "expandable-reservation",
        ResourceControls,
        &["pool-expandable-reservation", "pool-limit-stops-borrowing"],
    ),
    term(
        "admission-control",
        ResourceControls,
        &[
            "mem-admission-64gb",
            "pool-expandable-reservation",
            "ha-no-admission-cascade",
        ],
    ),
    term("cpu-ready", ResourceControls, &["cpu-overcommit-48-cores"]),
    term("co-stop", ResourceControls, &["cpu-overcommit-48-cores"]),
    term("numa", ResourceControls, &["numa-virtual-sockets"]),
    term("nioc", ResourceControls, &["nioc-protect-vmotion"]),
    term("sioc", ResourceControls, &["sioc-noisy-neighbour"]),
    term("vapp", ResourceControls, &["vapp-start-order"]),
    term("idle-memory-tax", Memory, &["idle-memory-tax"]),
    term("tps", Memory, &["tps-identical-vms"]),
    term(
        "memory-states",
        Memory,
        &["tps-identical-vms", "memory-state-ladder"],
    ),
    term(
        "ballooning",
        Memory,
        &["balloon-vs-swap", "memory-limit-balloon"],
    ),
    term("memory-compression", Memory, &["compression-saves-swap"]),
    term(
        "swapping",
        Memory,
        &["balloon-vs-swap", "compression-saves-swap"],
    ),
    term(
        "vmotion",
        Migration,
        &[
            "vmotion-1g-vs-10g",
            "vmotion-prechecks",
            "cross-vcenter-vmotion",
        ],
    ),
    term(
        "pre-copy",
        Migration,
        &["vmotion-dirty-rate", "vmotion-1g-vs-10g"],
    ),
    term("sdps", Migration, &["vmotion-sdps"]),
    term("evc", Migration, &["evc-two-generations"]),
    term("storage-vmotion", Migration, &["storage-vmotion-order"]),
    term(
        "ha",
        Ha,
        &[
            "ha-slot-size",
            "ha-restart-priority",
            "ha-isolation-vs-failure",
        ],
    ),
    term(
        "ha-admission-policy",
        Ha,
        &["ha-slot-size", "ha-slots-vs-percentage", "ha-failover-host"],
    ),
    term("ha-slot", Ha, &["ha-slot-size", "ha-slots-vs-percentage"]),
    term(
        "ha-master",
        Ha,
        &["ha-restart-priority", "ha-isolation-vs-failure"],
    ),
    term("restart-priority", Ha, &["ha-restart-priority"]),
    term("host-isolation", Ha, &["ha-isolation-vs-failure"]),
    term("heartbeat-datastores", Ha, &["ha-isolation-vs-failure"]),
    term("vm-monitoring", Ha, &["ha-vm-monitoring"]),
    term(
        "drs",
        DrsDpm,
        &["drs-threshold", "drs-manual-mode", "drs-diurnal-day"],
    ),
    term("migration-threshold", DrsDpm, &["drs-threshold"]),
    term("imbalance", DrsDpm, &["drs-threshold", "drs-manual-mode"]),
    term("affinity-rules", DrsDpm, &["drs-anti-affinity"]),
    term("maintenance-mode", DrsDpm, &["drs-maintenance"]),
    term(
        "dpm",
        DrsDpm,
        &["dpm-night-savings", "dpm-threshold-automation"],
    ),
    term(
        "fc-memory-overcommit",
        Fusioncompute,
        &["fc-memory-overcommit", "fc-memory-sharing-swap-bubble"],
    ),
    term("fc-cpu-qos", Fusioncompute, &["fc-cpu-qos"]),
];

/// The term with this id.
pub fn find(id: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.id == id)
}

impl Term {
    /// Its name in `lang`, e.g. "Reservation" or 预留.
    pub fn name(&self, lang: Lang) -> String {
        tr(lang, &format!("glossary_term.{}", self.id))
    }

    /// Its definition in `lang`: one to three sentences.
    pub fn definition(&self, lang: Lang) -> String {
        tr(lang, &format!("glossary_def.{}", self.id))
    }

    /// The source its definition follows, in `lang`.
    pub fn source(&self, lang: Lang) -> String {
        tr(lang, &format!("glossary_source.{}", self.id))
    }

    /// The words that mention it in a text in `lang`, and the phrases that
    /// do not count.
    pub fn words(&self, lang: Lang) -> (Vec<String>, Vec<String>) {
        let list = tr(lang, &format!("glossary_match.{}", self.id));
        let mut words = Vec::new();
        let mut not = Vec::new();
        for w in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match w.strip_prefix('!') {
                Some(phrase) => not.push(phrase.trim().to_string()),
                None => words.push(w.to_string()),
            }
        }
        (words, not)
    }

    /// Whether `text`, written in `lang`, uses the term.
    pub fn mentioned_in(&self, lang: Lang, text: &str) -> bool {
        self.mentioned_in_normalized(lang, &normalized(text))
    }

    /// [`Term::mentioned_in`] for a text already [`normalized`]: a lab's
    /// texts are normalized once, not once for every term (on a slow
    /// laptop that took about 10 ms of opening a lab).
    fn mentioned_in_normalized(&self, lang: Lang, text: &str) -> bool {
        let (words, not) = self.words(lang);
        let mut text = std::borrow::Cow::Borrowed(text);
        for phrase in &not {
            text = std::borrow::Cow::Owned(without(&text, &normalized(phrase)));
        }
        words.iter().any(|w| mentions(&text, &normalized(w)))
    }

    /// Whether the glossary's filter `query` finds the term: its name in
    /// either language, its words, or its definition in `lang`.
    pub fn matches_filter(&self, lang: Lang, query: &str) -> bool {
        let query = normalized(query).to_ascii_lowercase();
        if query.is_empty() {
            return true;
        }
        let mut hay = vec![self.definition(lang)];
        for l in Lang::ALL {
            hay.push(self.name(l));
            hay.extend(self.words(l).0);
        }
        hay.iter()
            .any(|h| normalized(h).to_ascii_lowercase().contains(&query))
    }
}

/// The terms `texts` use, each text with its language, in glossary order.
pub fn terms_in(texts: &[(Lang, &str)]) -> Vec<&'static Term> {
    let texts: Vec<(Lang, String)> = texts
        .iter()
        .map(|(lang, text)| (*lang, normalized(text)))
        .collect();
    TERMS
        .iter()
        .filter(|t| {
            texts
                .iter()
                .any(|(lang, text)| t.mentioned_in_normalized(*lang, text))
        })
        .collect()
}

/// The terms a lab's title and instructions use, in either language.
pub fn terms_in_lab(lab: &Lab) -> Vec<&'static Term> {
    let texts: Vec<(Lang, &str)> = Lang::ALL
        .iter()
        .flat_map(|&lang| {
            let code = lang.code();
            [
                (lang, lab.spec.title.get(code)),
                (lang, lab.spec.intro.get(code)),
            ]
        })
        .collect();
    terms_in(&texts)
}

/// `s` with every run of white space as one space (lab texts wrap lines
/// inside phrases).
fn normalized(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Latin letter, digit or `_`: what a word boundary separates.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// An acronym such as `HA` or `%RDY`: capitals and no small letter.
fn is_acronym(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_uppercase()) && !word.chars().any(|c| c.is_ascii_lowercase())
}

/// Whether `word` occurs in `text` (see the module's rules). ASCII case
/// folding keeps byte offsets, so one index serves both strings.
fn mentions(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let (hay, needle) = if is_acronym(word) {
        (text.to_string(), word.to_string())
    } else {
        (text.to_ascii_lowercase(), word.to_ascii_lowercase())
    };
    let open_start = needle.chars().next().is_some_and(word_char);
    let open_end = needle.chars().next_back().is_some_and(word_char);
    let mut from = 0;
    while let Some(at) = hay[from..].find(&needle) {
        let start = from + at;
        let end = start + needle.len();
        let alone_before = !open_start || !hay[..start].chars().next_back().is_some_and(word_char);
        let alone_after = !open_end || !hay[end..].chars().next().is_some_and(word_char);
        if alone_before && alone_after {
            return true;
        }
        from = start + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// `text` with every occurrence of `phrase` (ASCII case ignored) replaced
/// by a space.
fn without(text: &str, phrase: &str) -> String {
    if phrase.is_empty() {
        return text.to_string();
    }
    let hay = text.to_ascii_lowercase();
    let needle = phrase.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some(at) = hay[from..].find(&needle) {
        out.push_str(&text[from..from + at]);
        out.push(' ');
        from += at + needle.len();
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use std::collections::BTreeSet;

    fn ids(terms: &[&Term]) -> Vec<&'static str> {
        terms.iter().map(|t| t.id).collect()
    }

    /// The keys of one section of a locale file, in order.
    fn section_keys(yaml: &str, section: &str) -> Vec<String> {
        yaml.lines()
            .skip_while(|l| l.trim_end() != format!("{section}:"))
            .skip(1)
            .take_while(|l| l.starts_with(' '))
            .map(|l| l.trim().split(':').next().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn every_term_has_its_texts_in_both_languages_and_no_text_lacks_a_term() {
        let ids: Vec<String> = TERMS.iter().map(|t| t.id.to_string()).collect();
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "a term id appears twice");
        for id in &ids {
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id}: ids are lowercase letters, digits and '-' (they are URLs)"
            );
        }
        for (file, yaml) in [
            ("en", include_str!("../../locales/en.yml")),
            ("zh-CN", include_str!("../../locales/zh-CN.yml")),
        ] {
            for section in [
                "glossary_term",
                "glossary_def",
                "glossary_source",
                "glossary_match",
            ] {
                assert_eq!(
                    section_keys(yaml, section),
                    ids,
                    "locales/{file}.yml: {section} must list exactly the terms of glossary::TERMS, in order"
                );
            }
        }
        for term in TERMS {
            for lang in Lang::ALL {
                for (what, text) in [
                    ("name", term.name(lang)),
                    ("definition", term.definition(lang)),
                    ("source", term.source(lang)),
                ] {
                    assert!(
                        !text.is_empty() && !text.starts_with("glossary_"),
                        "{}: no {what} in {}",
                        term.id,
                        lang.code()
                    );
                }
                assert!(
                    !term.words(lang).0.is_empty(),
                    "{}: no words in {}",
                    term.id,
                    lang.code()
                );
            }
            assert_ne!(term.definition(Lang::En), term.definition(Lang::ZhCn));
            let zh = term.name(Lang::ZhCn);
            assert!(
                !zh.is_ascii() || zh == term.name(Lang::En),
                "{}: the Chinese name {zh} has no Chinese",
                term.id
            );
        }
    }

    #[test]
    fn words_match_whole_words_acronyms_by_case_and_chinese_anywhere() {
        let t = |id| find(id).unwrap();
        assert!(t("reservation").mentioned_in(Lang::En, "Its **Reservation** is 4 GB."));
        assert!(t("reservation").mentioned_in(Lang::En, "two reservations"));
        assert!(!t("limit").mentioned_in(Lang::En, "an unlimited pool"));
        assert!(t("limit").mentioned_in(Lang::En, "Limited to 10 GHz"));
        // Acronyms by case: "has" and "ha" are not HA.
        assert!(!t("ha").mentioned_in(Lang::En, "It has a host; ha."));
        assert!(t("ha").mentioned_in(Lang::En, "vSphere HA restarts it."));
        assert!(t("ha").mentioned_in(Lang::ZhCn, "高可用（HA）重启它"));
        // A phrase wrapped over two lines still counts.
        assert!(t("tps").mentioned_in(Lang::En, "Transparent page\n  sharing saves memory."));
        // Chinese words need no boundaries; excluded phrases do not count.
        assert!(t("swapping").mentioned_in(Lang::ZhCn, "主机只能**交换**页面"));
        assert!(!t("swapping").mentioned_in(Lang::ZhCn, "物理交换机更新了转发表"));
        assert!(!t("swapping").mentioned_in(Lang::En, "a 2 ms swap of the disks"));
        assert!(t("swapping").mentioned_in(Lang::En, "a swapped page"));
        // Storage vMotion is not plain vMotion, but a text may use both.
        assert!(!t("vmotion").mentioned_in(Lang::En, "a Storage vMotion"));
        assert!(t("vmotion").mentioned_in(Lang::En, "Storage vMotion, then vMotion"));
        assert!(t("storage-vmotion").mentioned_in(Lang::En, "a Storage vMotion"));
        // Each language's words in its own text.
        assert!(!t("shares").mentioned_in(Lang::En, "份额"));
        assert_eq!(
            ids(&terms_in(&[
                (Lang::En, "Give the VM a reservation and a limit."),
                (Lang::ZhCn, "提高它的份额，打开 DRS。"),
            ])),
            ["reservation", "limit", "shares", "drs"]
        );
        assert!(terms_in(&[(Lang::En, "Nothing here.")]).is_empty());
    }

    #[test]
    fn a_lab_lists_the_terms_its_texts_use() {
        let ids_of = |lab: &str| ids(&terms_in_lab(catalog::find(lab).unwrap()));
        let tps = ids_of("tps-identical-vms");
        for id in ["tps", "memory-states"] {
            assert!(tps.contains(&id), "tps-identical-vms: {tps:?}");
        }
        let ha = ids_of("ha-isolation-vs-failure");
        for id in ["ha", "ha-master", "host-isolation", "heartbeat-datastores"] {
            assert!(ha.contains(&id), "ha-isolation-vs-failure: {ha:?}");
        }
        // Its network switches (交换机) swap no memory.
        assert!(!ha.contains(&"swapping"), "{ha:?}");
        // The NUMA lab's sockets (插槽) and home nodes are no HA terms.
        let numa = ids_of("numa-virtual-sockets");
        assert!(numa.contains(&"numa"), "{numa:?}");
        assert!(
            !numa.iter().any(|id| id.starts_with("ha")),
            "numa-virtual-sockets: {numa:?}"
        );
        for lab in catalog::labs() {
            assert!(
                !terms_in_lab(lab).is_empty(),
                "{}: its texts use no glossary term",
                lab.spec.id
            );
        }
    }

    #[test]
    fn every_term_names_existing_labs_that_use_it() {
        for term in TERMS {
            assert!(!term.labs.is_empty(), "{}: no lab teaches it", term.id);
            for id in term.labs {
                let lab = catalog::find(id)
                    .unwrap_or_else(|| panic!("{}: there is no lab {id}", term.id));
                assert!(
                    terms_in_lab(lab).contains(&term),
                    "{}: lab {id} does not mention it (glossary_match)",
                    term.id
                );
            }
            let unique: BTreeSet<_> = term.labs.iter().collect();
            assert_eq!(unique.len(), term.labs.len(), "{}: a lab twice", term.id);
        }
    }

    #[test]
    fn the_filter_finds_terms_by_either_name_their_words_or_definition() {
        let t = |id| find(id).unwrap();
        assert!(t("reservation").matches_filter(Lang::En, ""));
        assert!(t("reservation").matches_filter(Lang::En, "RESERV"));
        assert!(t("reservation").matches_filter(Lang::En, "预留"));
        assert!(t("ballooning").matches_filter(Lang::ZhCn, "膨胀"));
        assert!(t("ballooning").matches_filter(Lang::En, "vmware tools"));
        assert!(!t("numa").matches_filter(Lang::En, "预留"));
        let shown = TERMS
            .iter()
            .filter(|t| t.matches_filter(Lang::En, "vmotion"))
            .count();
        assert!(shown >= 3 && shown < TERMS.len(), "{shown}");
    }
}
