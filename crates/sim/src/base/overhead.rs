//! Memory overhead of a powered-on VM: what the hypervisor needs beside the
//! guest's memory (page tables, frame buffer, VMX process).
//!
//! Interpolated from the sample table in the vSphere 5.x Resource Management
//! Guide ("Overhead Memory on Virtual Machines"): rows by configured memory,
//! columns by vCPUs. A lab can set `mem_overhead_mb` to override it, e.g. to
//! 0 for the lecture's "assume the host takes no memory" questions.

/// Configured memory [MB] of the table's rows.
const ROWS_MB: [u64; 4] = [256, 1024, 4096, 16384];
/// vCPU counts of the table's columns.
const COLS_VCPUS: [u64; 4] = [1, 2, 4, 8];
/// Overhead in hundredths of a MB, `[row][col]`.
const OVERHEAD_CENTI_MB: [[u64; 4]; 4] = [
    [2029, 2428, 3223, 4816],
    [2590, 2991, 3786, 5382],
    [4864, 5272, 6067, 7678],
    [13962, 14398, 15193, 16860],
];

/// Estimated overhead [MB] of a VM with `vcpus` vCPUs and `mem_mb` memory,
/// rounded up to a whole MB. Outside the table it extrapolates linearly from
/// the nearest two rows or columns.
pub fn estimate_overhead_mb(vcpus: u32, mem_mb: u64) -> u64 {
    let (r0, r1) = bracket(&ROWS_MB, mem_mb);
    let (c0, c1) = bracket(&COLS_VCPUS, u64::from(vcpus));
    let at_row = |r: usize| {
        lerp(
            COLS_VCPUS[c0],
            OVERHEAD_CENTI_MB[r][c0] as f64,
            COLS_VCPUS[c1],
            OVERHEAD_CENTI_MB[r][c1] as f64,
            u64::from(vcpus),
        )
    };
    let centi = lerp(ROWS_MB[r0], at_row(r0), ROWS_MB[r1], at_row(r1), mem_mb);
    (centi.max(0.0) / 100.0).ceil() as u64
}

/// Indices of the two table points to interpolate between for `x`.
fn bracket(points: &[u64; 4], x: u64) -> (usize, usize) {
    let i = points
        .iter()
        .position(|&p| p >= x)
        .unwrap_or(points.len() - 1);
    let i = i.max(1);
    (i - 1, i)
}

fn lerp(x0: u64, y0: f64, x1: u64, y1: f64, x: u64) -> f64 {
    let t = (x as f64 - x0 as f64) / (x1 as f64 - x0 as f64);
    y0 + t * (y1 - y0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_table_at_its_points() {
        assert_eq!(estimate_overhead_mb(1, 1024), 26); // 25.90
        assert_eq!(estimate_overhead_mb(2, 4096), 53); // 52.72
        assert_eq!(estimate_overhead_mb(8, 16384), 169); // 168.60
    }

    #[test]
    fn grows_with_memory_and_vcpus() {
        let m = |v, mb| estimate_overhead_mb(v, mb);
        assert!(m(1, 8192) < m(1, 32768));
        assert!(m(2, 8192) < m(16, 8192));
        assert!(m(1, 65536) > m(1, 16384));
    }
}
