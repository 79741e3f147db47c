//! Errors in lab and scenario files: each names the file, the line, the
//! field and what to do about it.

use std::fmt;

/// One problem in a lab or scenario file. Loading stops; nothing runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabError {
    /// File name as given to the loader.
    pub file: String,
    /// 1-based line, when it could be found.
    pub line: Option<usize>,
    /// Field path, e.g. `goal[1].metric` or `scenario.vm[2].host`.
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for LabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}: {}", self.file, self.field, self.message),
            None => write!(f, "{}: {}: {}", self.file, self.field, self.message),
        }
    }
}

impl std::error::Error for LabError {}

/// Line number (1-based) of byte `offset` in `source`.
pub fn line_of_offset(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// Best-effort line of a field path such as `scenario.vm[2].host` or
/// `goal[0]`: finds the n-th `[[table]]` header, then the key below it.
/// Falls back to the table header, or `None`.
pub fn locate(source: &str, path: &str) -> Option<usize> {
    let (table, index, key) = split_path(path);
    let lines: Vec<&str> = source.lines().collect();
    let header = format!("[[{table}]]");
    let start = match index {
        Some(n) => lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.trim() == header)
            .nth(n)
            .map(|(i, _)| i)?,
        None if table.is_empty() => 0,
        None => lines
            .iter()
            .position(|l| l.trim() == format!("[{table}]"))
            .unwrap_or(0),
    };
    let Some(key) = key else {
        return Some(start + 1);
    };
    let found = lines
        .iter()
        .enumerate()
        .skip(start + usize::from(index.is_some() || !table.is_empty()))
        .take_while(|(i, l)| *i == start || !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            let t = l.trim_start();
            t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('=') || rest.starts_with('.'))
        })
        .map(|(i, _)| i + 1);
    found.or(Some(start + 1))
}

/// `scenario.vm[2].host` -> ("scenario.vm", Some(2), Some("host")).
fn split_path(path: &str) -> (&str, Option<usize>, Option<&str>) {
    if let Some(open) = path.find('[') {
        let close = path[open..]
            .find(']')
            .map(|c| open + c)
            .unwrap_or(path.len());
        let index = path[open + 1..close].parse().ok();
        let key = path.get(close + 2..).filter(|k| !k.is_empty());
        (
            &path[..open],
            index,
            key.map(|k| k.split('.').next().unwrap_or(k)),
        )
    } else {
        match path.rsplit_once('.') {
            Some((table, key)) => (table, None, Some(key)),
            None => ("", None, Some(path)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "id = \"x\"\n[scenario]\n[[scenario.vm]]\nname = \"a\"\n[[scenario.vm]]\nname = \"b\"\nhost = \"h\"\n[[goal]]\nid = \"g\"\n";

    #[test]
    fn finds_keys_inside_the_nth_table() {
        assert_eq!(locate(SRC, "scenario.vm[1].host"), Some(7));
        assert_eq!(locate(SRC, "scenario.vm[0].name"), Some(4));
        assert_eq!(locate(SRC, "goal[0]"), Some(8));
        assert_eq!(locate(SRC, "id"), Some(1));
    }

    #[test]
    fn falls_back_to_the_table_header() {
        assert_eq!(locate(SRC, "scenario.vm[0].host"), Some(3));
    }
}
