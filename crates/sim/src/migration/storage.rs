//! Storage vMotion with the mirror driver (vSphere 5.0 and later;
//! Mashtizadeh et al., "The Design and Evolution of Live Storage Migration
//! in VMware ESX", USENIX ATC 2011).
//!
//! A bulk copier moves the disk from the source datastore to the
//! destination in one pass. Meanwhile the mirror driver writes each guest
//! write to both copies when it falls in the region already copied (a
//! write to the rest reaches the destination when the copier gets there),
//! so the copy never has to be repeated; once the copier is done the two
//! are identical and the switchover is a brief suspend and resume.
//!
//! The mirrored writes take destination throughput from the copier: with
//! copy rate C, disk size D and guest write rate w spread evenly over the
//! disk, the copied part x grows as dx/dt = C - m, where the mirrored
//! writes m = w x / D. Mirroring is synchronous: a guest write into the
//! copied region completes only once both copies have it. When the copier
//! and the mirrored writes together want more than the destination has, it
//! serves them alike (model choice): the mirrored writes get at most half
//! of C and the guest's writes wait for the rest. The copy therefore
//! always finishes in one pass, and a guest that writes fast pays with
//! slower writes ([`StorageOutcome::write_slowdown_pct`]), never with a
//! failed migration. Stepped in whole seconds with integer KB so every
//! platform gets the same figures.
//!
//! Units: MB, MB/s, ms.

use serde::{Deserialize, Serialize};

/// The brief suspend and resume that swaps the disks [ms] (model choice:
/// the paper reports well under a second).
pub const STORAGE_SWITCHOVER_MS: u64 = 100;
/// The share of the destination's throughput mirrored writes can hold
/// when the copier also needs it [%] (model choice: served alike).
pub const MIRROR_SHARE_PCT: u64 = 50;

/// What one disk copy works with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageInput {
    /// The VM's disk [MB].
    pub disk_mb: u64,
    /// What the copier moves, the slower datastore's throughput [MB/s].
    pub copy_mb_s: u64,
    /// The guest's disk writes [MB/s].
    pub write_mb_s: u64,
}

/// How the copy went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageOutcome {
    /// Bulk copy [ms].
    pub copy_ms: u64,
    /// Guest writes the mirror driver sent to both copies [MB].
    pub mirrored_mb: u64,
    /// Copied: the whole disk [MB].
    pub copied_mb: u64,
    /// How much slower the guest's writes went at worst, waiting for the
    /// destination [%] (0 when the destination kept up).
    pub write_slowdown_pct: u64,
}

/// Runs the bulk copy under the mirror driver.
pub fn storage_copy(input: &StorageInput) -> StorageOutcome {
    let disk_kb = input.disk_mb * 1024;
    let copy_kb_s = input.copy_mb_s * 1024;
    let write_kb_s = input.write_mb_s * 1024;
    let mirror_cap_kb_s = copy_kb_s * MIRROR_SHARE_PCT / 100;
    let (mut copied_kb, mut mirrored_kb, mut ms, mut slowest_pct) = (0u64, 0u64, 0u64, 0u64);
    while copied_kb < disk_kb && copy_kb_s > 0 {
        // Writes that land in the copied region are mirrored to the
        // destination, taking its throughput from the copier, up to the
        // mirror's share; beyond it the guest's writes wait.
        let wanted = write_kb_s * copied_kb / disk_kb.max(1);
        let mirrored = wanted.min(mirror_cap_kb_s);
        if let Some(waited_pct) = ((wanted - mirrored) * 100).checked_div(write_kb_s) {
            slowest_pct = slowest_pct.max(waited_pct);
        }
        let gain = copy_kb_s - mirrored;
        let left = disk_kb - copied_kb;
        if gain >= left {
            // The last, partial second.
            let part_ms = (left * 1000).div_ceil(gain);
            ms += part_ms;
            mirrored_kb += mirrored * part_ms / 1000;
            copied_kb = disk_kb;
        } else {
            ms += 1000;
            mirrored_kb += mirrored;
            copied_kb += gain;
        }
    }
    StorageOutcome {
        copy_ms: ms,
        mirrored_mb: mirrored_kb / 1024,
        copied_mb: input.disk_mb,
        write_slowdown_pct: slowest_pct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_disk_copies_at_the_datastore_rate() {
        // 40 GB at 200 MB/s: 204.8 s.
        let o = storage_copy(&StorageInput {
            disk_mb: 40 * 1024,
            copy_mb_s: 200,
            write_mb_s: 0,
        });
        assert_eq!(o.copy_ms, 204_800);
        assert_eq!(o.mirrored_mb, 0);
        assert_eq!(o.write_slowdown_pct, 0);
    }

    #[test]
    fn mirrored_writes_slow_the_copy_as_the_closed_form_says() {
        // t = -(D / w) ln(1 - w / C): 10 GB, C = 100, w = 50 MB/s gives
        // 204.8 s x ln 2 = 141.95 s; stepping in whole seconds lands within
        // a second of it.
        let o = storage_copy(&StorageInput {
            disk_mb: 10 * 1024,
            copy_mb_s: 100,
            write_mb_s: 50,
        });
        assert!((141_000..=143_000).contains(&o.copy_ms), "{o:?}");
        // 50 MB/s of mirrored writes at most is exactly half of C: the
        // guest never waited.
        assert_eq!(o.write_slowdown_pct, 0, "{o:?}");
        // Mirrored: w x t - what reached the disk through the copier's
        // region only (about half the writes, more toward the end).
        assert!(o.mirrored_mb > 2_000 && o.mirrored_mb < 7_100, "{o:?}");
    }

    #[test]
    fn writes_as_fast_as_the_copier_are_slowed_and_the_copy_completes() {
        // 10 GB, C = w = 100 MB/s: the mirrored writes would take all of
        // C near the end; they are held to half of it, so the copier gains
        // at least 50 MB/s and finishes, and the guest's writes wait.
        // dx/dt = C - w x / D until x = D/2 (70.97 s by the closed form),
        // then 50 MB/s for the other half (102.4 s): 173.4 s in all.
        let o = storage_copy(&StorageInput {
            disk_mb: 10 * 1024,
            copy_mb_s: 100,
            write_mb_s: 100,
        });
        assert_eq!(o.copied_mb, 10 * 1024);
        assert!((172_000..=175_000).contains(&o.copy_ms), "{o:?}");
        // Near the end about half of the writes wait.
        assert!((45..=50).contains(&o.write_slowdown_pct), "{o:?}");
    }
}
