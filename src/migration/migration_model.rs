//! The live-migration views' helpers: a migration's route in one line,
//! the data it sent over time, its phases as drawn, its downtime and the
//! switchover target pre-copy aimed for. Pure functions of a
//! [`MigrationRecord`]; the components draw and translate.

use vlab_sim::migration::plan::{Phase, PhaseKind};
use vlab_sim::migration::precopy::DEFAULT_SWITCHOVER_MS;
use vlab_sim::migration::record::{MigrationRecord, Outcome};

/// Where a migration goes: hosts and, when the disk moves, datastores,
/// e.g. "esx1 → esx2", "ds1 → ds2 (esx1)", "esx1 → esx2, ds1 → ds3".
pub fn route(r: &MigrationRecord) -> String {
    let from = if r.from.is_empty() { "—" } else { &r.from };
    let mut parts = Vec::new();
    if r.from != r.to {
        parts.push(format!("{from} → {}", r.to));
    }
    if let Some(to_ds) = r.to_datastore.as_deref() {
        if r.from_datastore.as_deref() != Some(to_ds) {
            let from_ds = r.from_datastore.as_deref().unwrap_or("—");
            parts.push(format!("{from_ds} → {to_ds}"));
        }
    }
    match parts.len() {
        0 => format!("{from} → {}", r.to),
        _ if r.from == r.to => format!("{} ({from})", parts.join(", ")),
        _ => parts.join(", "),
    }
}

/// Did it run (even if it then failed)?
pub fn ran(r: &MigrationRecord) -> bool {
    r.started && !r.phases.is_empty()
}

/// Data sent before the stun: every pre-copy round and the disk copy [MB].
fn before_stun_mb(r: &MigrationRecord) -> u64 {
    let disk = r.storage.map_or(0, |s| s.copied_mb);
    disk + r.rounds.iter().map(|x| x.sent_mb).sum::<u64>()
}

/// Sent while the VM was stunned: the last dirty pages and the device
/// state [MB] (0 for a Storage vMotion or a migration that failed first).
pub fn stun_sent_mb(r: &MigrationRecord) -> u64 {
    if r.outcome == Outcome::Failed {
        return 0;
    }
    r.total_sent_mb.saturating_sub(before_stun_mb(r))
}

/// Data sent since the start, as (ms since the start, MB so far) at every
/// phase and round boundary: the disk copy, each pre-copy round, the stun.
/// A failed migration stops where it failed.
pub fn sent_curve(r: &MigrationRecord) -> Vec<(u64, u64)> {
    let disk_mb = r.storage.map_or(0, |s| s.copied_mb);
    let stun_mb = stun_sent_mb(r);
    let mut rounds = r.rounds.iter();
    let mut points = vec![(0, 0)];
    let mut mb = 0;
    for p in &r.phases {
        match p.kind {
            PhaseKind::StorageCopy => mb += disk_mb,
            PhaseKind::Precopy => {
                let mut t = p.start_ms;
                while t < p.end_ms {
                    let Some(round) = rounds.next() else { break };
                    t += round.duration_ms;
                    mb += round.sent_mb;
                    points.push((t.min(p.end_ms), mb));
                }
            }
            PhaseKind::Switchover => mb += stun_mb,
            PhaseKind::Resume => {}
        }
        if points.last() != Some(&(p.end_ms, mb)) {
            points.push((p.end_ms, mb));
        }
    }
    clip(points, r.total_ms)
}

/// `points` up to `end_ms`, the last one interpolated there.
fn clip(points: Vec<(u64, u64)>, end_ms: u64) -> Vec<(u64, u64)> {
    let mut out: Vec<(u64, u64)> = Vec::new();
    for (t, mb) in points {
        if t <= end_ms {
            out.push((t, mb));
            continue;
        }
        if let Some(&(t0, mb0)) = out.last() {
            if t0 < end_ms {
                let share = (end_ms - t0) as f64 / (t - t0) as f64;
                let at = mb0 as f64 + (mb.saturating_sub(mb0)) as f64 * share;
                out.push((end_ms, at.round() as u64));
            }
        }
        break;
    }
    out
}

/// The phases as they happened: a failed migration's end where it
/// failed.
pub fn phases(r: &MigrationRecord) -> Vec<Phase> {
    if r.outcome != Outcome::Failed {
        return r.phases.clone();
    }
    r.phases
        .iter()
        .filter(|p| p.start_ms < r.total_ms)
        .map(|p| Phase {
            end_ms: p.end_ms.min(r.total_ms),
            ..*p
        })
        .collect()
}

/// Data actually sent [MB]: all of it, or up to the failure.
pub fn sent_mb(r: &MigrationRecord) -> u64 {
    sent_curve(r).last().map_or(0, |p| p.1)
}

/// When the VM was stunned [ms since the start]: from the switchover to
/// the end of the resume. None when it never was (it failed before).
pub fn downtime_span(r: &MigrationRecord) -> Option<(u64, u64)> {
    if r.outcome == Outcome::Failed || r.downtime_ms == 0 {
        return None;
    }
    let start = r
        .phases
        .iter()
        .find(|p| p.kind == PhaseKind::Switchover)?
        .start_ms;
    let end = r.phases.last().map_or(start, |p| p.end_ms);
    Some((start, end))
}

/// Where to draw each phase [s]: at least `min_s` wide, a short phase
/// growing leftwards into the one before, so a switchover of a few
/// hundred milliseconds stays visible beside a minute of pre-copy.
pub fn drawn_spans(phases: &[Phase], min_s: f64) -> Vec<(f64, f64)> {
    let mut out = vec![(0.0, 0.0); phases.len()];
    let mut cursor = f64::INFINITY;
    for (k, p) in phases.iter().enumerate().rev() {
        let end = (p.end_ms as f64 / 1000.0).min(cursor);
        let start = (p.start_ms as f64 / 1000.0).min(end - min_s).max(0.0);
        out[k] = (start, end);
        cursor = start;
    }
    out
}

/// What pre-copy had to get a round's dirty pages down to: what the
/// vMotion network sends within the switchover target [MB].
pub fn switchover_target_mb(r: &MigrationRecord) -> Option<u64> {
    (r.kind.moves_compute() && r.link_mb_s > 0).then(|| r.link_mb_s * DEFAULT_SWITCHOVER_MS / 1000)
}

/// Which rounds the rounds chart numbers on its axis: every `stride`-th
/// (1, 2, 5, 10, 20, 50…), so that at most [`MAX_ROUND_LABELS`] numbers
/// share the axis. Numbering each of 83 rounds ran them into one another.
pub fn round_label_stride(rounds: usize) -> usize {
    let mut decade = 1;
    loop {
        for step in [1, 2, 5] {
            let stride = step * decade;
            if rounds.div_ceil(stride) <= MAX_ROUND_LABELS {
                return stride;
            }
        }
        decade *= 10;
    }
}

/// The most round numbers the rounds chart's axis shows.
pub const MAX_ROUND_LABELS: usize = 15;

#[cfg(test)]
mod tests {
    use super::*;
    use vlab_sim::migration::precopy::Round;

    #[test]
    fn the_rounds_axis_numbers_at_most_fifteen_rounds_by_1_2_5_steps() {
        for (rounds, stride) in [
            (1, 1),
            (15, 1),
            (16, 2),
            (30, 2),
            (31, 5),
            (75, 5),
            (76, 10),
            (83, 10),
            (150, 10),
            (151, 20),
            (301, 50),
            (1000, 100),
        ] {
            assert_eq!(round_label_stride(rounds), stride, "{rounds} rounds");
        }
    }
    use vlab_sim::migration::{MigrationKind, Order, StorageOutcome};

    fn record() -> MigrationRecord {
        MigrationRecord {
            vm: "web".into(),
            from: "esx1".into(),
            to: "esx2".into(),
            from_datastore: None,
            to_datastore: None,
            kind: MigrationKind::Compute,
            order: Order::StorageFirst,
            at_s: 300,
            checks: Vec::new(),
            started: true,
            start_ms: Some(300_000),
            link_mb_s: 125,
            rounds: vec![
                Round {
                    sent_mb: 4096,
                    dirtied_mb: 1024,
                    duration_ms: 32_768,
                },
                Round {
                    sent_mb: 1024,
                    dirtied_mb: 60,
                    duration_ms: 8192,
                },
            ],
            phases: vec![
                phase(PhaseKind::Precopy, 0, 40_960),
                phase(PhaseKind::Switchover, 40_960, 41_456),
                phase(PhaseKind::Resume, 41_456, 41_476),
            ],
            storage: None,
            total_sent_mb: 5181,
            total_s: 41.476,
            total_ms: 41_476,
            downtime_ms: 516,
            converged: true,
            sdps_engaged: false,
            guest_slowdown_pct: 0,
            outcome: Outcome::Completed,
            note: None,
            by_drs: false,
        }
    }

    fn phase(kind: PhaseKind, start_ms: u64, end_ms: u64) -> Phase {
        Phase {
            kind,
            start_ms,
            end_ms,
        }
    }

    #[test]
    fn the_sent_curve_climbs_round_by_round_then_by_the_stun() {
        let r = record();
        assert_eq!(stun_sent_mb(&r), 61);
        assert_eq!(
            sent_curve(&r),
            [
                (0, 0),
                (32_768, 4096),
                (40_960, 5120),
                (41_456, 5181),
                (41_476, 5181)
            ]
        );
        assert_eq!(downtime_span(&r), Some((40_960, 41_476)));
        assert_eq!(switchover_target_mb(&r), Some(62));
        assert_eq!(route(&r), "esx1 → esx2");
    }

    #[test]
    fn short_phases_are_drawn_wide_enough_side_by_side() {
        let r = record();
        let spans = drawn_spans(&r.phases, 1.0);
        assert_eq!(spans[2], (40.476, 41.476));
        assert_eq!(spans[1], (39.476, 40.476));
        assert_eq!(spans[0], (0.0, 39.476));
        // Wide enough already: drawn as they are.
        assert_eq!(drawn_spans(&r.phases, 0.0)[1], (40.96, 41.456));
    }

    #[test]
    fn a_storage_copy_comes_first_and_moves_the_disk_in_the_route() {
        let mut r = record();
        r.kind = MigrationKind::Both;
        r.from_datastore = Some("ds1".into());
        r.to_datastore = Some("ds3".into());
        r.storage = Some(StorageOutcome {
            copy_ms: 10_000,
            mirrored_mb: 5,
            copied_mb: 2048,
            write_slowdown_pct: 0,
        });
        r.phases = vec![
            phase(PhaseKind::StorageCopy, 0, 10_000),
            phase(PhaseKind::Precopy, 10_000, 50_960),
            phase(PhaseKind::Switchover, 50_960, 51_456),
            phase(PhaseKind::Resume, 51_456, 51_476),
        ];
        r.total_sent_mb += 2048;
        r.total_ms = 51_476;
        let curve = sent_curve(&r);
        assert_eq!(curve[1], (10_000, 2048));
        assert_eq!(curve.last(), Some(&(51_476, 2048 + 5181)));
        assert_eq!(route(&r), "esx1 → esx2, ds1 → ds3");
        r.to = "esx1".into();
        assert_eq!(route(&r), "ds1 → ds3 (esx1)");
    }

    #[test]
    fn a_failed_migration_stops_where_it_failed() {
        let mut r = record();
        r.outcome = Outcome::Failed;
        r.downtime_ms = 0;
        r.total_ms = 20_000;
        r.total_sent_mb = 9999; // the plan's figure: never sent
        let curve = sent_curve(&r);
        assert_eq!(curve.last(), Some(&(20_000, 2500)));
        assert_eq!(sent_mb(&r), 2500);
        assert_eq!(phases(&r), [phase(PhaseKind::Precopy, 0, 20_000)]);
        assert_eq!(downtime_span(&r), None);
        assert_eq!(stun_sent_mb(&r), 0);
    }

    #[test]
    fn a_powered_off_vm_has_no_source() {
        let mut r = record();
        r.from = String::new();
        assert_eq!(route(&r), "— → esx2");
    }
}
