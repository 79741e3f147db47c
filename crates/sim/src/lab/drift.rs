//! Texts that cannot drift from the model: a number a lab's text states
//! outside a `{{figure}}` must be one of the lab's inputs (a value its
//! scenario, controls, goals or solution write) or plain vocabulary (a
//! count up to 5, 100 %); every other number is a result or a published
//! constant and must be quoted from the run or the model
//! ([`crate::lab::figures`], [`crate::lab::constants`]). `vlab check` and
//! the tests run this.

use crate::lab::parse::Lab;
use std::collections::BTreeSet;

/// A number a text states that is neither an input nor vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// Where: `intro`, `hint[2]`, `goal[0].text`.
    pub field: String,
    /// `en` or `zh-CN`.
    pub lang: &'static str,
    pub number: String,
}

/// Every number `lab`'s texts state by hand that should come from a figure.
pub fn stated_numbers(lab: &Lab) -> Vec<Stated> {
    let inputs = input_numbers(lab);
    let mut out = Vec::new();
    for (field, text) in lab.texts() {
        for (lang, raw) in ["en", "zh-CN"].into_iter().zip(text.both()) {
            for number in numbers(&without_quoted(raw)) {
                if !inputs.contains(&number) && !vocabulary(&number) {
                    out.push(Stated {
                        field: field.clone(),
                        lang,
                        number,
                    });
                }
            }
        }
    }
    out
}

/// `text` without its `{{...}}` placeholders, `code spans`, product and
/// paper names with their version or year ("vSphere 6.0", "OSDI 2002"),
/// and Markdown list numbers.
fn without_quoted(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        match rest[open..].find("}}") {
            Some(close) => rest = &rest[open + close + 2..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    // `code` names settings and fields (`vm.web.cpu_limit_mhz`, `Mem.IdleTax`).
    let out: String = out
        .split('`')
        .enumerate()
        .filter(|(k, _)| k % 2 == 0)
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(" ");
    const NAMES: [&str; 12] = [
        "vSphere ", "ESXi ", "ESX ", "vCenter ", "OSDI ", "NSDI ", "ATC ", "Windows ", "Server ",
        "KB ", "vSphere", "ESXi",
    ];
    let mut cleaned = String::with_capacity(out.len());
    for line in out.lines() {
        let mut line = line.trim_start().to_string();
        if let Some((n, rest)) = line.split_once(". ") {
            if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
                line = rest.to_string();
            }
        }
        for name in NAMES {
            let mut from = 0;
            while let Some(at) = line[from..].find(name).map(|a| a + from) {
                let digits: usize = line[at + name.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .map(char::len_utf8)
                    .sum();
                line.replace_range(at + name.len()..at + name.len() + digits, "");
                from = at + name.len();
            }
        }
        cleaned.push_str(&line);
        cleaned.push('\n');
    }
    cleaned
}

/// The numbers in `text` as written (digits with an optional decimal
/// part; thousands grouped by a space, "20 000", read as one number).
/// Digits glued to a name ("esx1", "vm9", "RP-2") are part of the name.
pub fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let glue = |c: char| c.is_ascii_alphabetic() || c == '_' || c == '-';
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && glue(chars[i - 1])) {
            i += 1;
            continue;
        }
        let mut n = String::new();
        while i < chars.len() {
            let c = chars[i];
            let digit_after = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || (c == '.' && digit_after(i + 1)) {
                n.push(c);
            } else if c == ' '
                && !n.contains('.')
                && (1..=3).all(|k| digit_after(i + k))
                && !digit_after(i + 4)
            {
                // "20 000": a thousands group.
            } else {
                break;
            }
            i += 1;
        }
        let glued = chars.get(i).is_some_and(|&c| glue(c) && c != 'x');
        if !glued {
            out.push(n);
        }
    }
    out
}

/// Numbers the lab writes outside its texts: its scenario, controls,
/// goals and solution. In a lab with variants, only numbers that stay
/// inputs in every variant `vlab check` tries: a varied input a text
/// states by hand would be wrong for most students, so it must be a
/// `{{figure}}` (an `input` figure follows the variant).
fn input_numbers(lab: &Lab) -> BTreeSet<String> {
    let mut out = spec_numbers(&lab.spec);
    if lab.has_variants() {
        for seed in 1..=crate::lab::variant::VARIANTS_CHECKED {
            let mut spec = lab.spec.clone();
            if let Ok(s) = spec.scenario.with_settings(&lab.variant(seed)) {
                spec.scenario = s;
            }
            let varied = spec_numbers(&spec);
            out.retain(|n| varied.contains(n));
        }
    }
    out
}

fn spec_numbers(spec: &crate::lab::spec::LabSpec) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // A number TOML cannot hold (above i64::MAX) fails to serialize; the
    // validator already refuses it, so there is nothing to compare.
    let Ok(spec) = toml::Value::try_from(spec) else {
        return out;
    };
    for key in ["scenario", "control", "goal", "solution"] {
        if let Some(v) = spec.get(key) {
            walk(v, &mut out);
        }
    }
    out
}

fn walk(v: &toml::Value, out: &mut BTreeSet<String>) {
    match v {
        toml::Value::Integer(n) => {
            out.insert(n.to_string());
        }
        toml::Value::Float(f) => {
            out.insert(f.to_string());
        }
        toml::Value::String(s) => out.extend(numbers(s)),
        toml::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
        toml::Value::Table(t) => t
            .iter()
            .filter(|(k, _)| !["en", "zh-CN", "text", "label"].contains(&k.as_str()))
            .for_each(|(_, x)| walk(x, out)),
        _ => {}
    }
}

/// Numbers a text may state without a figure: counts up to five, and
/// 100 (%).
fn vocabulary(n: &str) -> bool {
    matches!(n, "0" | "1" | "2" | "3" | "4" | "5" | "100")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_written() {
        assert_eq!(
            numbers("2048 / 125 ≈ 16.4 s; 20 000 ms on esx1, vm9, RP-2 and 4x"),
            ["2048", "125", "16.4", "20000", "4"]
        );
        assert_eq!(numbers("每个 vCPU 约 14 %"), ["14"]);
    }

    #[test]
    fn placeholders_code_and_versions_are_not_stated_numbers() {
        let t = without_quoted(
            "1. wait {{down}} s at `vm.a.cpu_limit_mhz = 4000` (vSphere 6.5, ESXi 7)",
        );
        assert!(numbers(&t).is_empty(), "{t}");
    }
}
