//! A chart's lines when it compares two settings: each of A's series,
//! then B's series of the same name over it, in the same colour and
//! dashed, named "name (A)" and "name (B)" in the legend and the data
//! table. Without B the lines are the series as they are. Pure: native
//! tests cover it.

use crate::common::chart::Series;

/// One line a chart draws and lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// The legend's and the data table's name for it.
    pub label: String,
    /// The entity's position in the scenario: its colour.
    pub index: usize,
    /// B's line: drawn dashed over A's.
    pub dashed: bool,
    /// (t [s], value), in time order.
    pub points: &'a [(u32, u64)],
}

/// The lines of `a` and, when comparing, `b`: A's and B's line of one
/// VM side by side, then any series only B has (a VM that ran in B only).
pub fn lines<'a>(a: &'a [Series], b: Option<&'a [Series]>) -> Vec<Line<'a>> {
    let Some(b) = b else {
        return a
            .iter()
            .map(|s| Line {
                label: s.name.clone(),
                index: s.index,
                dashed: false,
                points: &s.points,
            })
            .collect();
    };
    let of = |s: &'a Series, side: &str, dashed: bool| Line {
        label: format!("{} ({side})", s.name),
        index: s.index,
        dashed,
        points: &s.points,
    };
    let mut out = Vec::with_capacity(a.len() + b.len());
    for s in a {
        out.push(of(s, "A", false));
        if let Some(twin) = b.iter().find(|t| t.name == s.name) {
            out.push(of(twin, "B", true));
        }
    }
    for s in b.iter().filter(|s| !a.iter().any(|t| t.name == s.name)) {
        out.push(of(s, "B", true));
    }
    out
}

/// The times the data table has a row for: the first line's (every
/// series of one run samples the same times), or when comparing, every
/// time either side sampled.
pub fn table_times(lines: &[Line]) -> Vec<u32> {
    if !lines.iter().any(|l| l.dashed) {
        return lines
            .first()
            .map(|l| l.points.iter().map(|p| p.0).collect())
            .unwrap_or_default();
    }
    let mut times: Vec<u32> = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.0))
        .collect();
    times.sort_unstable();
    times.dedup();
    times
}

/// A line's value at `t_s`, if it has a point then.
pub fn value_at(points: &[(u32, u64)], t_s: u32) -> Option<u64> {
    points
        .binary_search_by_key(&t_s, |p| p.0)
        .ok()
        .map(|i| points[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(name: &str, index: usize, points: &[(u32, u64)]) -> Series {
        Series {
            name: name.into(),
            index,
            points: points.to_vec(),
        }
    }

    #[test]
    fn without_b_the_lines_are_the_series_as_named() {
        let a = [series("web", 0, &[(0, 1), (20, 2)])];
        let l = lines(&a, None);
        assert_eq!(l.len(), 1);
        assert_eq!((l[0].label.as_str(), l[0].dashed), ("web", false));
        assert_eq!(table_times(&l), [0, 20]);
    }

    /// Each VM's B line follows its A line, dashed, in its colour; a VM
    /// only B ran comes last; the labels say which side.
    #[test]
    fn b_lines_follow_their_a_lines_dashed_and_named() {
        let a = [series("web", 0, &[(0, 1)]), series("db", 2, &[(0, 5)])];
        let b = [
            series("db", 2, &[(0, 6)]),
            series("batch", 1, &[(0, 7)]),
            series("web", 0, &[(0, 1)]),
        ];
        let l = lines(&a, Some(&b));
        let got: Vec<(&str, usize, bool)> = l
            .iter()
            .map(|l| (l.label.as_str(), l.index, l.dashed))
            .collect();
        assert_eq!(
            got,
            [
                ("web (A)", 0, false),
                ("web (B)", 0, true),
                ("db (A)", 2, false),
                ("db (B)", 2, true),
                ("batch (B)", 1, true),
            ]
        );
        assert_eq!(l[3].points, [(0, 6)]);
    }

    #[test]
    fn the_table_has_every_time_either_side_sampled() {
        let a = [series("web", 0, &[(0, 1), (20, 2)])];
        let b = [series("web", 0, &[(0, 1), (10, 3), (20, 2)])];
        let l = lines(&a, Some(&b));
        assert_eq!(table_times(&l), [0, 10, 20]);
        assert_eq!(value_at(l[0].points, 10), None);
        assert_eq!(value_at(l[1].points, 10), Some(3));
    }
}
