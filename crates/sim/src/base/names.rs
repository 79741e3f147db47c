//! Names must be unique within their table.

/// The names in `names` seen before, as (index, name), in order.
pub fn repeated<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(usize, &'a str)> {
    let mut seen = std::collections::BTreeSet::new();
    names
        .enumerate()
        .filter(|(_, name)| !seen.insert(*name))
        .collect()
}
