//! Which field of a TOML file a byte offset is in, as the file writes it:
//! `scenario.vm[1].mem_mb`. toml's errors carry the span of the value (a
//! wrong type) or of the key (an unknown field); serde says what is wrong
//! but not where. Reading the path off the text costs nothing at run
//! time, where tracking it through serde (a wrapping deserializer) made
//! every lab type's deserializer twice as large in the page's download.

use std::collections::BTreeMap;

/// The dotted path, with array-of-tables indices, of the key or value at
/// `offset`; None if it lies outside any `key = value` line or header.
pub(crate) fn field_at(source: &str, offset: usize) -> Option<String> {
    let offset = offset.min(source.len());
    // How many entries each array of tables has so far, by its full name.
    let mut entries: BTreeMap<String, usize> = BTreeMap::new();
    // The table the lines below the latest header belong to, as a path.
    let mut table = String::new();
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let end = start + line.len();
        let here = offset >= start && (offset < end || end == source.len());
        let text = strip_comment(line).trim();
        if let Some(name) = header(text) {
            let array = text.starts_with("[[");
            if here {
                // An unknown table is reported by its own name.
                return Some(indexed(&entries, &name, false));
            }
            table = indexed(&entries, &name, array);
            if array {
                *entries.entry(name).or_default() += 1;
            }
        } else if here {
            let key = key_before(&line[..offset - start]).or_else(|| key_of(text))?;
            return Some(if table.is_empty() {
                key
            } else {
                format!("{table}.{key}")
            });
        }
        start = end;
    }
    None
}

/// The name inside `[...]` or `[[...]]`, without spaces around dots.
fn header(text: &str) -> Option<String> {
    let inner = text
        .strip_prefix("[[")
        .and_then(|t| t.strip_suffix("]]"))
        .or_else(|| text.strip_prefix('[').and_then(|t| t.strip_suffix(']')))?;
    let parts: Vec<&str> = inner
        .split('.')
        .map(|p| p.trim().trim_matches('"'))
        .collect();
    (!parts.iter().any(|p| p.is_empty())).then(|| parts.join("."))
}

/// `name` with each prefix that is an array of tables indexed by its
/// latest entry (`scenario.vm` → `scenario.vm[2]`); `next` indexes the
/// whole name by the entry a `[[name]]` header is about to add.
fn indexed(entries: &BTreeMap<String, usize>, name: &str, next: bool) -> String {
    let mut out = String::new();
    let mut prefix = String::new();
    let parts: Vec<&str> = name.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
            prefix.push('.');
        }
        out.push_str(part);
        prefix.push_str(part);
        let last = i + 1 == parts.len();
        match entries.get(&prefix) {
            Some(&n) if last && next => out.push_str(&format!("[{n}]")),
            Some(&n) if !last || !next => out.push_str(&format!("[{}]", n.saturating_sub(1))),
            None if last && next => out.push_str("[0]"),
            _ => {}
        }
    }
    out
}

/// The key whose value starts right before the end of `before` (the line
/// up to the offset): the last `key =` in it, which also finds a key
/// inside an inline table.
fn key_before(before: &str) -> Option<String> {
    let eq = before.rfind('=')?;
    let key = before[..eq].trim_end();
    let start = key
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '"'))
        .map_or(0, |i| i + 1);
    let key = key[start..].trim_matches('"');
    (!key.is_empty()).then(|| key.to_string())
}

/// The key of a `key = value` line, or the line's first word (a key
/// without a value).
fn key_of(text: &str) -> Option<String> {
    let key = text.split('=').next()?.trim().trim_matches('"');
    (!key.is_empty()).then(|| key.to_string())
}

/// The line without a trailing `# comment` outside quotes.
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            ('#', None) => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::field_at;

    fn at(source: &str, needle: &str) -> Option<String> {
        field_at(source, source.find(needle).expect("needle in source"))
    }

    #[test]
    fn values_and_keys_are_named_with_their_tables_and_indices() {
        let s = "id = \"x\"\n[[scenario.host]]\nname = \"h\"\n[[scenario.vm]]\nname = \"a\"\n\
                 [[scenario.vm]]\nname = \"b\"\nmem_mb = \"lots\" # a comment\n[scenario.ha]\nenabled = 3\n";
        assert_eq!(at(s, "\"x\"").as_deref(), Some("id"));
        assert_eq!(at(s, "\"lots\"").as_deref(), Some("scenario.vm[1].mem_mb"));
        assert_eq!(at(s, "mem_mb").as_deref(), Some("scenario.vm[1].mem_mb"));
        assert_eq!(at(s, "3\n").as_deref(), Some("scenario.ha.enabled"));
        assert_eq!(at(s, "\"h\"").as_deref(), Some("scenario.host[0].name"));
    }

    #[test]
    fn a_header_names_its_table_and_an_inline_table_its_key() {
        let s = "[[host]]\nname = \"h\"\n[[vms]]\nname = \"v\"\n[x]\nt = { a = 1, b = \"no\" }\n";
        assert_eq!(at(s, "vms").as_deref(), Some("vms"));
        assert_eq!(at(s, "\"no\"").as_deref(), Some("x.b"));
        // A table inside the latest entry of an array of tables.
        let s = "[[scenario.vm]]\nname = \"a\"\n[scenario.vm.numa]\nnodes = \"x\"\n";
        assert_eq!(at(s, "\"x\"").as_deref(), Some("scenario.vm[0].numa.nodes"));
        assert_eq!(field_at("", 0), None);
    }
}
