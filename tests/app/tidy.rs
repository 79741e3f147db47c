//! Tidy checks of the source layout, as rust-analyzer's tidy test does:
//! the layers `ARCHITECTURE.md` writes down for `vlab-sim` and for the app
//! are the ones the code follows. A top-level module may use only the
//! modules of earlier layers (modules of one layer know nothing of each
//! other); no two top-level modules form a cycle; the core keeps at most 20
//! top-level entries and no flat engine files; no two app files share a
//! name. Unit tests (`#[cfg(test)] mod ... { }`) may use the whole crate
//! and are not counted, nor are comments.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The layers written in ARCHITECTURE.md after the marker
/// `<!-- layers: NAME -->`: one line, layers separated by `→`, the modules
/// of one layer by commas.
fn documented_layers(name: &str) -> Vec<Vec<String>> {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let marker = format!("<!-- layers: {name} -->");
    let line = doc
        .lines()
        .skip_while(|l| l.trim() != marker)
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .unwrap_or_else(|| panic!("ARCHITECTURE.md has no line after {marker}"));
    parse_layers(line)
}

fn parse_layers(line: &str) -> Vec<Vec<String>> {
    line.trim()
        .trim_matches('`')
        .split('→')
        .map(|layer| {
            layer
                .split(',')
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .collect()
        })
        .collect()
}

/// A source file: its module path in the crate and its text.
struct Source {
    path: PathBuf,
    module: Vec<String>,
    text: String,
}

/// Every `.rs` file of the crate rooted at `src` (the `bin/` targets left
/// out), with its module path.
fn sources(src: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let rel = path.strip_prefix(src).expect("below src");
            if path.is_dir() {
                if rel != Path::new("bin") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let mut module: Vec<String> = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            if module == ["lib"] || module == ["main"] {
                module.clear();
            }
            let text = std::fs::read_to_string(&path).expect("readable source");
            out.push(Source { path, module, text });
        }
    }
    out
}

/// The code of `text` without comments, string and character literals, and
/// `#[cfg(test)]` modules.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&chars, i) {
            // A raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A character literal ('x', '\n', '"'), or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    without_test_modules(&out)
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

fn without_test_modules(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = rest[at + "#[cfg(test)]".len()..].trim_start();
        if !after.starts_with("mod ") {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
            continue;
        }
        out.push_str(&rest[..at]);
        let open = rest[at..].find('{').map(|o| at + o);
        let Some(open) = open else {
            return out;
        };
        let mut depth = 0;
        let mut end = rest.len();
        for (k, ch) in rest[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The top-level modules `code`, from module `module`, names: through
/// `crate::NAME`, `use crate::{NAME, ...}`, or `super::` reaching the
/// crate's root.
fn top_level_uses(module: &[String], code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    let ident = |at: usize| -> String {
        code[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let push_path_or_group = |at: usize, out: &mut BTreeSet<String>| {
        if bytes.get(at) == Some(&b'{') {
            // A group: the first segment of each item at depth 1.
            let mut depth = 0;
            let mut start = true;
            for (k, ch) in code[at..].char_indices() {
                match ch {
                    '{' => {
                        depth += 1;
                        start = depth == 1;
                    }
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => start = true,
                    c if start && depth == 1 && (c.is_alphanumeric() || c == '_') => {
                        out.insert(ident(at + k));
                        start = false;
                    }
                    c if !c.is_whitespace() => start = false,
                    _ => {}
                }
            }
        } else {
            let name = ident(at);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    };
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        push_path_or_group(at + "crate::".len(), &mut out);
    }
    let mut at = 0;
    while let Some(found) = code[at..].find("super::") {
        let start = at + found;
        at = start + "super::".len();
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let mut depth = 1;
        while code[at..].starts_with("super::") {
            depth += 1;
            at += "super::".len();
        }
        if depth == module.len() {
            push_path_or_group(at, &mut out);
        }
    }
    out.retain(|m| !["self", "super", "crate"].contains(&m.as_str()));
    out
}

/// Each top-level module and the top-level modules it uses, with one file
/// where it does.
type Graph = BTreeMap<String, BTreeMap<String, PathBuf>>;

fn graph(sources: &[Source]) -> Graph {
    let mut g = Graph::new();
    for s in sources.iter().filter(|s| !s.module.is_empty()) {
        let top = s.module[0].clone();
        let uses = top_level_uses(&s.module, &code_only(&s.text));
        let entry = g.entry(top.clone()).or_default();
        for used in uses.into_iter().filter(|u| *u != top) {
            entry.entry(used).or_insert_with(|| s.path.clone());
        }
    }
    g
}

/// Every import against the layers, and every module the layers do not
/// list (or list without a module), as a sentence.
fn layer_problems(layers: &[Vec<String>], g: &Graph) -> Vec<String> {
    let rank: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(k, layer)| layer.iter().map(move |m| (m.as_str(), k)))
        .collect();
    let mut out = Vec::new();
    for module in g.keys() {
        if !rank.contains_key(module.as_str()) {
            out.push(format!(
                "top-level module `{module}` is in no layer of ARCHITECTURE.md"
            ));
        }
    }
    for module in rank.keys() {
        if !g.contains_key(*module) {
            out.push(format!(
                "ARCHITECTURE.md lists `{module}`, which is not a top-level module"
            ));
        }
    }
    for (module, uses) in g {
        let Some(&mine) = rank.get(module.as_str()) else {
            continue;
        };
        for (used, file) in uses {
            match rank.get(used.as_str()) {
                Some(&theirs) if theirs < mine => {}
                Some(&theirs) => out.push(format!(
                    "{}: `{module}` uses `{used}`, which comes {} it in ARCHITECTURE.md's layers",
                    file.display(),
                    if theirs == mine {
                        "in the same layer as"
                    } else {
                        "after"
                    }
                )),
                None => {}
            }
        }
    }
    out
}

/// The cycles between top-level modules (strongly connected components of
/// more than one module), each as its modules.
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    // Modules that reach `m`, and that `m` reaches, by a plain search: the
    // graphs have about twenty nodes.
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for next in g.get(&m).map(|u| u.keys()).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let mut found: Vec<Vec<String>> = Vec::new();
    for m in g.keys() {
        if found.iter().any(|c| c.contains(m)) {
            continue;
        }
        let forward = reach(m);
        if !forward.contains(m) {
            continue;
        }
        let cycle: Vec<String> = g
            .keys()
            .filter(|o| forward.contains(*o) && reach(o).contains(m))
            .cloned()
            .collect();
        found.push(cycle);
    }
    found
}

fn check_crate(name: &str, src: &Path) -> Vec<String> {
    let g = graph(&sources(src));
    let mut problems = layer_problems(&documented_layers(name), &g);
    for cycle in cycles(&g) {
        problems.push(format!("{name}: import cycle between {}", cycle.join(", ")));
    }
    problems
}

#[test]
fn the_core_follows_its_documented_layers() {
    let problems = check_crate("vlab-sim", &root().join("crates/sim/src"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_app_follows_its_documented_layers() {
    let problems = check_crate("vlab", &root().join("src"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_core_has_at_most_20_top_level_entries_and_no_flat_engine_files() {
    let dir = root().join("crates/sim/src");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("crates/sim/src")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(names.len() <= 20, "{} entries: {names:?}", names.len());
    for name in &names {
        for prefix in ["sim_", "scenario_", "setting_", "validate_"] {
            assert!(
                !name.starts_with(prefix),
                "{name}: an engine's {prefix}* part belongs in the engine's folder"
            );
        }
    }
}

#[test]
fn no_two_app_files_share_a_name() {
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for s in sources(&root().join("src")) {
        let name = s.path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(other) = seen.insert(name.clone(), s.path.clone()) {
            panic!(
                "{} and {} share the name {name}",
                other.display(),
                s.path.display()
            );
        }
    }
}

/// No raw HTML reaches the page except Markdown through
/// `common/markdown.rs` (which shows authors' tags as text and drops
/// `javascript:` links): lab files, links and imports come from anyone.
#[test]
fn only_the_markdown_module_inserts_html() {
    let markdown = Path::new("common/markdown.rs");
    let mut found = Vec::new();
    for s in sources(&root().join("src")) {
        let code = code_only(&std::fs::read_to_string(&s.path).unwrap());
        for raw in [
            "from_html_unchecked",
            "set_inner_html",
            "set_outer_html",
            "insert_adjacent_html",
        ] {
            if code.contains(raw) && !s.path.ends_with(markdown) {
                found.push(format!("{}: {raw}", s.path.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "raw HTML outside common/markdown.rs:\n{}",
        found.join("\n")
    );
}

/// The checker itself: a deliberately wrong import, a cycle, a layer-mate
/// import and an undocumented module are each reported; comments, strings
/// and unit tests are not imports.
#[test]
fn the_checker_catches_wrong_imports_and_cycles() {
    let layers = parse_layers("base → inventory → drs, ha → sim");
    let file = |module: &str, text: &str| Source {
        path: PathBuf::from(format!("{module}.rs")),
        module: module.split('/').map(String::from).collect(),
        text: text.to_string(),
    };
    let fine = [
        file("base", "// see crate::sim for who calls this\nfn f() { let s = \"crate::sim\"; }\n#[cfg(test)]\nmod tests { use crate::sim::Sim; }\n"),
        file("inventory", "use crate::base::x;"),
        file("drs", "use crate::{base::a, inventory::{b, c}};"),
        file("ha/fdm", "use super::note::N;\nuse crate::inventory::Host;"),
        file("sim", "use crate::drs::a;\nuse crate::ha::b;"),
    ];
    assert_eq!(layer_problems(&layers, &graph(&fine)), Vec::<String>::new());
    assert!(cycles(&graph(&fine)).is_empty());

    let upward = [
        file("base", "fn f() -> crate::sim::Sim { todo!() }"),
        file("sim", ""),
    ];
    let problems = layer_problems(&layers, &graph(&upward));
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`base` uses `sim`, which comes after it")),
        "{problems:?}"
    );
    let sideways = [file("drs", "use crate::ha::Note;"), file("ha", "")];
    assert!(layer_problems(&layers, &graph(&sideways))
        .iter()
        .any(|p| p.contains("in the same layer as")));
    let cycle = [
        file("drs", "use crate::ha::a;"),
        file("ha/note", "use super::super::drs::b;"),
    ];
    assert_eq!(
        cycles(&graph(&cycle)),
        [vec!["drs".to_string(), "ha".to_string()]]
    );
    let stray = [file("extra", "")];
    assert!(layer_problems(&layers, &graph(&stray))
        .iter()
        .any(|p| p.contains("`extra` is in no layer")));
}
