//! Languages and the locale files (`locales/en.yml`, `locales/zh-CN.yml`):
//! every sentence a person reads, in the page and in the CLI, comes from
//! them through [`tr`] and [`tr_fill`].

use rust_i18n::t;
use serde::{Deserialize, Serialize};

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// BCP 47 code: the locale file's name and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }
}

/// Translates `key` in `lang`.
pub fn tr(lang: Lang, key: &str) -> String {
    t!(key, locale = lang.code()).into_owned()
}

/// A range control's valid values near a refused one, as "1000 or 1500"
/// (or one value) in `lang`.
pub fn either(lang: Lang, values: &[i64]) -> String {
    match values {
        [a, b, ..] => tr_fill(
            lang,
            "share.or",
            &[("a", &a.to_string()), ("b", &b.to_string())],
        ),
        [a] => a.to_string(),
        [] => String::new(),
    }
}

/// A value off a range control's step, in words: `key`'s text with its
/// `%{min}`, `%{max}`, `%{step}` and `%{nearest}` (the valid values on
/// either side) filled, and `more` placeholders besides. Shared links and
/// progress files say it alike.
pub fn off_step_text(
    lang: Lang,
    key: &str,
    (min, max, step): (i64, i64, i64),
    nearest: &[i64],
    more: &[(&str, &str)],
) -> String {
    let (min, max, step) = (min.to_string(), max.to_string(), step.to_string());
    let nearest = either(lang, nearest);
    let mut fills: Vec<(&str, &str)> = more.to_vec();
    fills.extend([
        ("min", min.as_str()),
        ("max", max.as_str()),
        ("step", step.as_str()),
        ("nearest", nearest.as_str()),
    ]);
    tr_fill(lang, key, &fills)
}

/// An event kind's short name, e.g. "admission refused" (准入拒绝).
pub fn event_kind_name(lang: Lang, kind: vlab_sim::EventKind) -> String {
    tr(lang, &format!("event_kind.{}", kind.name()))
}

/// `template` with every `%{name}` replaced by its value in `args`; a
/// name without a value stays as it is, so a missing one shows.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(i) = rest.find("%{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(j) = after.find('}') else {
            out.push_str(&rest[i..]);
            return out;
        };
        match args.iter().find(|(k, _)| *k == &after[..j]) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[i..i + 3 + j]),
        }
        rest = &after[j + 1..];
    }
    out.push_str(rest);
    out
}

/// The text of `key` in `lang`, its placeholders filled from `args`.
pub fn tr_fill(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    fill(&tr(lang, key), args)
}

/// `s` with its first letter in upper case (English sentences standing
/// alone; Chinese is unchanged).
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dotted keys of a two-level locale file such as `locales/en.yml`.
    fn keys(yaml: &str) -> Vec<String> {
        let mut section = String::new();
        let mut out = Vec::new();
        for line in yaml
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('_'))
        {
            let key = line.trim().split(':').next().unwrap_or("").to_string();
            if line.starts_with(' ') {
                out.push(format!("{section}.{key}"));
            } else {
                section = key;
            }
        }
        out
    }

    #[test]
    fn both_languages_have_the_same_keys_and_every_key_translates() {
        let en = keys(include_str!("../locales/en.yml"));
        let zh = keys(include_str!("../locales/zh-CN.yml"));
        assert_eq!(
            en, zh,
            "locales/en.yml and locales/zh-CN.yml must list the same keys in the same order"
        );
        assert!(en.len() > 50);
        for key in &en {
            for lang in Lang::ALL {
                assert_ne!(tr(lang, key), *key, "{key} has no {} text", lang.code());
            }
        }
        assert_ne!(tr(Lang::En, "lab.goals"), tr(Lang::ZhCn, "lab.goals"));
    }

    #[test]
    fn fill_replaces_known_placeholders_and_keeps_unknown_ones() {
        let args = [("vm", "web"), ("dest", "esx2")];
        assert_eq!(fill("%{vm} → %{dest}", &args), "web → esx2");
        assert_eq!(fill("%{vm}%{vm}", &args), "webweb");
        assert_eq!(fill("no placeholders", &args), "no placeholders");
        assert_eq!(fill("%{other} on %{dest}", &args), "%{other} on esx2");
        assert_eq!(fill("100 % and %{", &args), "100 % and %{");
        assert_eq!(fill("迁移 %{vm}：%{dest}", &args), "迁移 web：esx2");
    }
}
