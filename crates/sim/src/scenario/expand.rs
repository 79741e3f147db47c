//! `count = N` on a `[[host]]` or `[[vm]]` table: N identical entries,
//! numbered through `{n}` in the name (`name = "vm{n}"`, `count = 8`: vm1
//! … vm8; `{n:02}` pads to two digits: app01 …; `first = K` starts at K).
//! The loader expands them in place, in file order, right after reading
//! the file and before any check, so settings, checks, the run and the app
//! see plain entries; [`Origins`] leads each entry back to the table the
//! file writes, for the lines of error messages.

use super::Scenario;
use crate::inventory::{HostSpec, VmSpec};
use std::collections::{BTreeMap, BTreeSet};

/// Most entries one table may stand for.
pub const MAX_COUNT: u32 = 1000;

/// For each expanded host and VM, the index of the table the file writes
/// it in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    pub host: Vec<usize>,
    pub vm: Vec<usize>,
}

impl Origins {
    /// `field`, relative to the scenario (`vm[5].host`), as the file
    /// writes it: `vm[1].host` when the file's `vm[1]` stands for the
    /// expanded `vm[1]` … `vm[8]`. Other fields stay as they are.
    pub fn in_file(&self, field: &str) -> String {
        for (table, origin) in [("host", &self.host), ("vm", &self.vm)] {
            let Some((index, rest)) = field
                .strip_prefix(table)
                .and_then(|r| r.strip_prefix('['))
                .and_then(|r| r.split_once(']'))
            else {
                continue;
            };
            if let Some(at) = index.parse::<usize>().ok().and_then(|i| origin.get(i)) {
                return format!("{table}[{at}]{rest}");
            }
        }
        field.to_string()
    }
}

impl Scenario {
    /// Replaces every host and VM table that has a `count` or a numbered
    /// name by the entries it stands for, in place. Problems are (field,
    /// message) as in [`super::problems`], each index the file's table.
    pub fn expand_counts(&mut self) -> Result<Origins, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let host = expand(&mut self.host, "host", &mut problems);
        let vm = expand(&mut self.vm, "vm", &mut problems);
        if problems.is_empty() {
            Ok(Origins { host, vm })
        } else {
            Err(problems)
        }
    }
}

/// What host and VM tables share for `count`.
trait Counted: Clone {
    fn name(&self) -> &str;
    fn set_name(&mut self, name: String);
    /// `count` and `first`, leaving neither.
    fn take_count(&mut self) -> (Option<u32>, Option<u32>);
}

impl Counted for HostSpec {
    fn name(&self) -> &str {
        &self.name
    }
    fn set_name(&mut self, name: String) {
        self.name = name;
    }
    fn take_count(&mut self) -> (Option<u32>, Option<u32>) {
        (self.count.take(), self.first.take())
    }
}

impl Counted for VmSpec {
    fn name(&self) -> &str {
        &self.name
    }
    fn set_name(&mut self, name: String) {
        self.name = name;
    }
    fn take_count(&mut self) -> (Option<u32>, Option<u32>) {
        (self.count.take(), self.first.take())
    }
}

/// Expands `entries` (the file's `[[table]]`s) in place; returns each
/// entry's table.
fn expand<T: Counted>(
    entries: &mut Vec<T>,
    table: &str,
    problems: &mut Vec<(String, String)>,
) -> Vec<usize> {
    let mut origin = Vec::with_capacity(entries.len());
    // Per table of the file: its name as written and its count, when numbered.
    let mut numbered: Vec<Option<(String, u32)>> = Vec::new();
    let mut out = Vec::with_capacity(entries.len());
    for (i, mut e) in std::mem::take(entries).into_iter().enumerate() {
        let (count, first) = e.take_count();
        match names(e.name(), count, first) {
            Ok(Some(names)) => {
                numbered.push(Some((e.name().to_string(), count.unwrap_or(1))));
                for name in names {
                    let mut one = e.clone();
                    one.set_name(name);
                    out.push(one);
                    origin.push(i);
                }
            }
            Ok(None) => {
                numbered.push(None);
                out.push(e);
                origin.push(i);
            }
            Err((field, message)) => {
                problems.push((format!("{table}[{i}].{field}"), message));
                numbered.push(None);
                out.push(e);
                origin.push(i);
            }
        }
    }
    // A numbered name that another table has too. Two plain tables with one
    // name are the scenario checks' to report.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reported = BTreeSet::new();
    for (e, &at) in out.iter().zip(&origin) {
        let Some(&other) = seen.get(e.name()) else {
            seen.insert(e.name(), at);
            continue;
        };
        let Some(culprit) = [at, other].into_iter().find(|&t| numbered[t].is_some()) else {
            continue;
        };
        if let Some((written, count)) = &numbered[culprit] {
            if reported.insert(culprit) {
                problems.push((
                    format!("{table}[{culprit}].name"),
                    format!(
                        "'{}' is used twice: name = \"{written}\" with count = {count} numbers it, and another [[{table}]] has it too; names must be unique: rename one, or change count or first so the numbers do not meet",
                        e.name()
                    ),
                ));
            }
        }
    }
    *entries = out;
    origin
}

/// The names a table with `name`, `count` and `first` stands for: `None`
/// when it stands for itself alone; on a problem, (field, message).
fn names(
    name: &str,
    count: Option<u32>,
    first: Option<u32>,
) -> Result<Option<Vec<String>>, (&'static str, String)> {
    let n = count.unwrap_or(1);
    if n == 0 {
        return Err((
            "count",
            "count must be at least 1: how many identical tables this one stands for (leave it out for 1)".into(),
        ));
    }
    if n > MAX_COUNT {
        return Err((
            "count",
            format!("count {n} is more than {MAX_COUNT}; a lab needs far fewer"),
        ));
    }
    let Some(template) = Template::parse(name).map_err(|m| ("name", m))? else {
        if n > 1 {
            return Err((
                "name",
                format!(
                    "with count = {n} the name needs {{n}} where the number goes, e.g. name = \"{name}{{n}}\" for {name}1, {name}2 … (or {{n:02}} for {name}01, {name}02 …)"
                ),
            ));
        }
        if first.is_some() {
            return Err((
                "first",
                "first numbers the {n} in the name, which has none: write {n} where the number goes, or remove first".into(),
            ));
        }
        return Ok(None);
    };
    let start = first.unwrap_or(1);
    let Some(last) = start.checked_add(n - 1) else {
        return Err((
            "first",
            format!("first {start} + count {n} is too large a number"),
        ));
    };
    Ok(Some((start..=last).map(|k| template.fill(k)).collect()))
}

/// A name with one `{n}` or `{n:0W}` (W digits at least, zero-padded).
#[derive(Debug, PartialEq, Eq)]
struct Template<'a> {
    before: &'a str,
    width: usize,
    after: &'a str,
}

impl<'a> Template<'a> {
    /// `None` for a name without `{n`.
    fn parse(name: &'a str) -> Result<Option<Template<'a>>, String> {
        let Some(at) = name.find("{n") else {
            return Ok(None);
        };
        let how = || {
            format!("write {{n}} where the number goes (1, 2 …), or {{n:02}} for numbers of two digits (01, 02 …), once: '{name}' has something else")
        };
        let (inside, after) = name[at + 2..].split_once('}').ok_or_else(how)?;
        let width = match inside.strip_prefix(":0") {
            None if inside.is_empty() => 0,
            Some(w) => w
                .parse::<usize>()
                .ok()
                .filter(|w| (1..=9).contains(w))
                .ok_or_else(how)?,
            None => return Err(how()),
        };
        if after.contains("{n") {
            return Err(how());
        }
        Ok(Some(Template {
            before: &name[..at],
            width,
            after,
        }))
    }

    fn fill(&self, n: u32) -> String {
        format!("{}{n:0w$}{}", self.before, self.after, w = self.width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(name: &str, count: Option<u32>, first: Option<u32>) -> Vec<String> {
        names(name, count, first)
            .expect("valid")
            .unwrap_or_else(|| vec![name.to_string()])
    }

    #[test]
    fn names_are_numbered_in_order() {
        assert_eq!(expanded("vm{n}", Some(3), None), ["vm1", "vm2", "vm3"]);
        assert_eq!(
            expanded("app{n:02}-x", Some(3), Some(9)),
            ["app09-x", "app10-x", "app11-x"]
        );
        assert_eq!(expanded("esx{n}", None, None), ["esx1"]);
        assert_eq!(expanded("db", Some(1), None), ["db"]);
        assert_eq!(expanded("{n:03}", Some(1), Some(0)), ["000"]);
    }

    #[test]
    fn bad_counts_and_names_name_their_field() {
        let field = |name, count, first| names(name, count, first).unwrap_err().0;
        assert_eq!(field("vm{n}", Some(0), None), "count");
        assert_eq!(field("vm{n}", Some(MAX_COUNT + 1), None), "count");
        assert_eq!(field("vm", Some(2), None), "name");
        assert_eq!(field("vm", None, Some(2)), "first");
        assert_eq!(field("vm{n:2}", Some(2), None), "name");
        assert_eq!(field("vm{n}{n}", Some(2), None), "name");
        assert_eq!(field("vm{n", Some(2), None), "name");
        assert_eq!(field("vm{n}", Some(2), Some(u32::MAX)), "first");
    }

    #[test]
    fn fields_lead_back_to_the_file_s_tables() {
        let o = Origins {
            host: vec![0, 0, 1],
            vm: vec![0, 1, 1, 1, 2],
        };
        assert_eq!(o.in_file("vm[3].host"), "vm[1].host");
        assert_eq!(o.in_file("vm[4]"), "vm[2]");
        assert_eq!(o.in_file("host[2].mem_mb"), "host[1].mem_mb");
        assert_eq!(o.in_file("vm[9].host"), "vm[9].host");
        assert_eq!(o.in_file("vmotion"), "vmotion");
        assert_eq!(o.in_file("pool[1].parent"), "pool[1].parent");
    }

    #[test]
    fn a_numbered_name_met_twice_is_reported_once_at_the_numbered_table() {
        let mut s = Scenario::default();
        for (name, count) in [("vm2", None), ("vm{n}", Some(3)), ("vm3", None)] {
            s.vm.push(VmSpec {
                name: name.into(),
                count,
                ..VmSpec::default()
            });
        }
        let problems = s.expand_counts().unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, "vm[1].name");
        assert!(
            problems[0].1.contains("'vm2' is used twice"),
            "{problems:?}"
        );
    }
}
