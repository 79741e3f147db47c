//! What differs between settings A and B at one time: the rows of the
//! A | B | Δ table, as data (no DOM, no text), so native tests cover
//! them. Per VM: where it runs, granted CPU and memory, CPU ready, its
//! memory engine's figures and its vMotion; per host: CPU and memory in
//! use; for the cluster: VMs running and, where the run has them,
//! vMotions, DRS's moves and HA's restarts so far.

use vlab_sim::migration::record::Outcome as MigrationOutcome;
use vlab_sim::{EventKind, Sample, Trace};

/// What a block of rows is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Cluster,
    Vm(String),
    Host(String),
}

/// One quantity of the table; its locale key is `compare.q_<key>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    VmsRunning,
    VmotionsDone,
    VmotionDowntimeMs,
    DrsMoves,
    DrsImbalance,
    HaRestarted,
    HaRestartFailed,
    RunsOn,
    CpuGrantedMhz,
    MemGrantedMb,
    CpuReadyPct,
    SharedMb,
    BalloonedMb,
    SwappedMb,
    MigrationTotalS,
    MigrationDowntimeMs,
    HostCpuUsedMhz,
    HostMemUsedMb,
    HostSharedSavedMb,
    HostFreeMb,
}

impl Quantity {
    pub const ALL: [Quantity; 20] = [
        Quantity::VmsRunning,
        Quantity::VmotionsDone,
        Quantity::VmotionDowntimeMs,
        Quantity::DrsMoves,
        Quantity::DrsImbalance,
        Quantity::HaRestarted,
        Quantity::HaRestartFailed,
        Quantity::RunsOn,
        Quantity::CpuGrantedMhz,
        Quantity::MemGrantedMb,
        Quantity::CpuReadyPct,
        Quantity::SharedMb,
        Quantity::BalloonedMb,
        Quantity::SwappedMb,
        Quantity::MigrationTotalS,
        Quantity::MigrationDowntimeMs,
        Quantity::HostCpuUsedMhz,
        Quantity::HostMemUsedMb,
        Quantity::HostSharedSavedMb,
        Quantity::HostFreeMb,
    ];

    /// The last part of its locale key.
    pub fn key(self) -> &'static str {
        match self {
            Quantity::VmsRunning => "vms_running",
            Quantity::VmotionsDone => "vmotions_done",
            Quantity::VmotionDowntimeMs => "vmotion_downtime_ms",
            Quantity::DrsMoves => "drs_moves",
            Quantity::DrsImbalance => "drs_imbalance",
            Quantity::HaRestarted => "ha_restarted",
            Quantity::HaRestartFailed => "ha_restart_failed",
            Quantity::RunsOn => "runs_on",
            Quantity::CpuGrantedMhz => "cpu_granted_mhz",
            Quantity::MemGrantedMb => "mem_granted_mb",
            Quantity::CpuReadyPct => "cpu_ready_pct",
            Quantity::SharedMb => "shared_mb",
            Quantity::BalloonedMb => "ballooned_mb",
            Quantity::SwappedMb => "swapped_mb",
            Quantity::MigrationTotalS => "migration_total_s",
            Quantity::MigrationDowntimeMs => "migration_downtime_ms",
            Quantity::HostCpuUsedMhz => "host_cpu_used_mhz",
            Quantity::HostMemUsedMb => "host_mem_used_mb",
            Quantity::HostSharedSavedMb => "host_shared_saved_mb",
            Quantity::HostFreeMb => "host_free_mb",
        }
    }

    /// Decimals its whole-number figures stand for (CPU ready in tenths
    /// of a percent, a vMotion's time in tenths of a second, DRS's
    /// imbalance in thousandths).
    pub fn decimals(self) -> u32 {
        match self {
            Quantity::CpuReadyPct | Quantity::MigrationTotalS => 1,
            Quantity::DrsImbalance => 3,
            _ => 0,
        }
    }
}

/// One side's figure in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// Not there on this side (a VM powered off has no CPU ready).
    Missing,
    /// A whole number, in units of 10^-decimals.
    Num(i64),
    /// A name (the host a VM runs on).
    Name(String),
}

/// B against A for one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delta {
    Same,
    /// B − A, in units of 10^-decimals.
    By(i64),
    /// Different names, or a figure on one side only.
    Changed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    pub quantity: Quantity,
    pub a: Figure,
    pub b: Figure,
}

impl DiffRow {
    pub fn delta(&self) -> Delta {
        match (&self.a, &self.b) {
            (a, b) if a == b => Delta::Same,
            (Figure::Num(a), Figure::Num(b)) => Delta::By(b - a),
            _ => Delta::Changed,
        }
    }

    pub fn differs(&self) -> bool {
        self.a != self.b
    }
}

/// The rows about one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffBlock {
    pub subject: Subject,
    pub rows: Vec<DiffRow>,
}

/// One side at the time shown: its trace and the sample at that time.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub trace: &'a Trace,
    pub sample: &'a Sample,
}

/// The sample of `trace` at `t_s`: the one at that time, else the last
/// before it (both sides sample the same lab at the same times, but a
/// side still running may not have reached it), else the first.
pub fn sample_at(trace: &Trace, t_s: u32) -> usize {
    match trace.samples.binary_search_by_key(&t_s, |s| s.t_s) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    }
}

/// Every row of the table for A and B at their samples, cluster first,
/// then VMs and hosts in the file's order.
pub fn diff_blocks(a: Side, b: Side) -> Vec<DiffBlock> {
    let mut blocks = vec![DiffBlock {
        subject: Subject::Cluster,
        rows: cluster_rows(a, b),
    }];
    for name in names(a.sample.vms.iter(), b.sample.vms.iter(), |v| &v.name) {
        blocks.push(DiffBlock {
            rows: vm_rows(a, b, &name),
            subject: Subject::Vm(name),
        });
    }
    for name in names(a.sample.hosts.iter(), b.sample.hosts.iter(), |h| &h.name) {
        blocks.push(DiffBlock {
            rows: host_rows(a, b, &name),
            subject: Subject::Host(name),
        });
    }
    blocks
}

/// A's names in order, then any only B has.
fn names<'a, T: 'a>(
    a: impl Iterator<Item = &'a T>,
    b: impl Iterator<Item = &'a T>,
    name: impl Fn(&T) -> &String,
) -> Vec<String> {
    let mut out: Vec<String> = a.map(|x| name(x).clone()).collect();
    for x in b {
        if !out.contains(name(x)) {
            out.push(name(x).clone());
        }
    }
    out
}

/// A row read the same way from both sides.
fn row(quantity: Quantity, a: Side, b: Side, read: impl Fn(Side) -> Figure) -> DiffRow {
    DiffRow {
        quantity,
        a: read(a),
        b: read(b),
    }
}

fn num(n: impl TryInto<i64>) -> Figure {
    n.try_into().map_or(Figure::Missing, Figure::Num)
}

fn cluster_rows(a: Side, b: Side) -> Vec<DiffRow> {
    let either = |has: fn(Side) -> bool| has(a) || has(b);
    let mut rows = vec![row(Quantity::VmsRunning, a, b, |s| {
        num(s.sample.hosts.iter().map(|h| h.vms_running).sum::<u32>())
    })];
    if either(|s| !s.trace.migrations.is_empty()) {
        rows.push(row(Quantity::VmotionsDone, a, b, |s| {
            num(vmotions_done(s).count())
        }));
        rows.push(row(Quantity::VmotionDowntimeMs, a, b, |s| {
            num(vmotions_done(s).map(|m| m.downtime_ms).sum::<u64>())
        }));
    }
    if either(|s| s.sample.drs.is_some()) {
        rows.push(row(Quantity::DrsMoves, a, b, |s| {
            s.sample
                .drs
                .as_ref()
                .map_or(Figure::Missing, |d| num(d.migrations))
        }));
        rows.push(row(Quantity::DrsImbalance, a, b, |s| {
            s.sample
                .drs
                .as_ref()
                .map_or(Figure::Missing, |d| num(d.imbalance_milli))
        }));
    }
    if either(|s| s.sample.ha.is_some()) {
        rows.push(row(Quantity::HaRestarted, a, b, |s| {
            num(events_so_far(s, EventKind::VmRestarted))
        }));
        rows.push(row(Quantity::HaRestartFailed, a, b, |s| {
            num(events_so_far(s, EventKind::VmRestartFailed))
        }));
    }
    rows
}

/// The live migrations finished by the sample's time.
fn vmotions_done<'a>(
    s: Side<'a>,
) -> impl Iterator<Item = &'a vlab_sim::migration::MigrationRecord> {
    let t_ms = u64::from(s.sample.t_s) * 1000;
    s.trace.migrations.iter().filter(move |m| {
        m.outcome == MigrationOutcome::Completed
            && m.start_ms.is_some_and(|start| start + m.total_ms <= t_ms)
    })
}

/// Events of `kind` up to the sample's time.
fn events_so_far(s: Side, kind: EventKind) -> usize {
    s.trace
        .events
        .iter()
        .filter(|e| e.kind == kind && e.t_s <= s.sample.t_s)
        .count()
}

fn vm_rows(a: Side, b: Side, name: &str) -> Vec<DiffRow> {
    let vm = |s: Side<'_>| s.sample.vms.iter().find(|v| v.name == name).cloned();
    let (va, vb) = (vm(a), vm(b));
    let pair = |q: Quantity, read: &dyn Fn(&vlab_sim::sim::sample::VmSample) -> Figure| DiffRow {
        quantity: q,
        a: va.as_ref().map_or(Figure::Missing, read),
        b: vb.as_ref().map_or(Figure::Missing, read),
    };
    let mut rows = vec![
        pair(Quantity::RunsOn, &|v| {
            v.host
                .clone()
                .filter(|_| v.powered_on)
                .map_or(Figure::Missing, Figure::Name)
        }),
        pair(Quantity::CpuGrantedMhz, &|v| num(v.alloc.cpu_granted_mhz)),
        pair(Quantity::MemGrantedMb, &|v| num(v.alloc.mem_granted_mb)),
    ];
    let has = |f: &dyn Fn(&vlab_sim::sim::sample::VmSample) -> bool| {
        va.as_ref().is_some_and(f) || vb.as_ref().is_some_and(f)
    };
    if has(&|v| v.cpu.is_some()) {
        rows.push(pair(Quantity::CpuReadyPct, &|v| {
            v.cpu.map_or(Figure::Missing, |c| {
                Figure::Num((c.ready_pct() * 10.0).round() as i64)
            })
        }));
    }
    if has(&|v| v.mem.is_some()) {
        let mem = |read: fn(&vlab_sim::memory::VmMemSample) -> u64| {
            move |v: &vlab_sim::sim::sample::VmSample| {
                v.mem.as_ref().map_or(Figure::Missing, |m| num(read(m)))
            }
        };
        rows.push(pair(Quantity::SharedMb, &mem(|m| m.shared_mb)));
        rows.push(pair(Quantity::BalloonedMb, &mem(|m| m.ballooned_mb)));
        rows.push(pair(Quantity::SwappedMb, &mem(|m| m.swapped_mb)));
    }
    let migration = |s: Side<'_>| s.sample.migrations.iter().find(|m| m.vm == name).cloned();
    let (ma, mb) = (migration(a), migration(b));
    // From the start, for a VM either run migrates: the rows stay put as
    // the timeline moves.
    let migrates = |s: Side<'_>| s.trace.migrations.iter().any(|m| m.vm == name);
    if migrates(a) || migrates(b) {
        // A migration's figures once it has finished (the sample holds 0
        // before: shown as missing, not as an instant vMotion).
        let finished =
            |m: &Option<vlab_sim::migration::MigrationSample>,
             read: fn(&vlab_sim::migration::MigrationSample) -> i64| {
                m.as_ref()
                    .filter(|m| {
                        matches!(
                            m.outcome,
                            MigrationOutcome::Completed | MigrationOutcome::Failed
                        )
                    })
                    .map_or(Figure::Missing, |m| Figure::Num(read(m)))
            };
        rows.push(DiffRow {
            quantity: Quantity::MigrationTotalS,
            a: finished(&ma, |m| tenths(m.total_ms)),
            b: finished(&mb, |m| tenths(m.total_ms)),
        });
        rows.push(DiffRow {
            quantity: Quantity::MigrationDowntimeMs,
            a: finished(&ma, |m| m.downtime_ms as i64),
            b: finished(&mb, |m| m.downtime_ms as i64),
        });
    }
    rows
}

/// Milliseconds as tenths of a second, rounded half up.
fn tenths(ms: u64) -> i64 {
    ((ms + 50) / 100) as i64
}

fn host_rows(a: Side, b: Side, name: &str) -> Vec<DiffRow> {
    let host = |s: Side<'_>| s.sample.hosts.iter().position(|h| h.name == name);
    let read = |q: Quantity, f: &dyn Fn(Side, usize) -> Figure| DiffRow {
        quantity: q,
        a: host(a).map_or(Figure::Missing, |i| f(a, i)),
        b: host(b).map_or(Figure::Missing, |i| f(b, i)),
    };
    let mut rows = vec![
        read(Quantity::HostCpuUsedMhz, &|s, i| {
            num(s.sample.hosts[i].cpu_granted_mhz)
        }),
        read(Quantity::HostMemUsedMb, &|s, i| {
            num(s.sample.hosts[i].mem_granted_mb)
        }),
    ];
    if !a.sample.memory.is_empty() || !b.sample.memory.is_empty() {
        rows.push(read(Quantity::HostSharedSavedMb, &|s, i| {
            s.sample
                .memory
                .get(i)
                .map_or(Figure::Missing, |m| num(m.shared_saved_mb))
        }));
        rows.push(read(Quantity::HostFreeMb, &|s, i| {
            s.sample
                .memory
                .get(i)
                .map_or(Figure::Missing, |m| num(m.free_mb))
        }));
    }
    rows
}

/// A figure as text: the number with its decimals, the name, or "—".
pub fn figure_text(f: &Figure, decimals: u32) -> String {
    match f {
        Figure::Missing => "—".to_string(),
        Figure::Num(n) => fixed(*n, decimals),
        Figure::Name(s) => s.clone(),
    }
}

/// A difference as text with its sign ("+120", "−0.4"); `None` when
/// there is no number to show (same, or changed names).
pub fn delta_text(d: &Delta, decimals: u32) -> Option<String> {
    match d {
        Delta::By(n) if *n > 0 => Some(format!("+{}", fixed(*n, decimals))),
        Delta::By(n) => Some(format!("−{}", fixed(n.abs(), decimals))),
        Delta::Same | Delta::Changed => None,
    }
}

/// `n` in units of 10^-decimals, e.g. fixed(1234, 1) = "123.4".
fn fixed(n: i64, decimals: u32) -> String {
    if decimals == 0 {
        return n.to_string();
    }
    let unit = 10i64.pow(decimals);
    let sign = if n < 0 { "-" } else { "" };
    let n = n.abs();
    format!(
        "{sign}{}.{:0width$}",
        n / unit,
        n % unit,
        width = decimals as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use vlab_sim::Setting;

    fn run(lab: &str, settings: &[(&str, vlab_sim::Value)]) -> Trace {
        let lab = catalog::find(lab).unwrap();
        let settings: Vec<Setting> = settings
            .iter()
            .map(|(t, v)| Setting {
                target: t.to_string(),
                value: v.clone(),
            })
            .collect();
        std::rc::Rc::unwrap_or_clone(lab.run(lab.spec.seed, &settings).unwrap().trace)
    }

    fn side(t: &Trace) -> Side<'_> {
        Side {
            trace: t,
            sample: t.last(),
        }
    }

    fn find<'a>(blocks: &'a [DiffBlock], subject: &Subject, q: Quantity) -> &'a DiffRow {
        blocks
            .iter()
            .find(|b| &b.subject == subject)
            .and_then(|b| b.rows.iter().find(|r| r.quantity == q))
            .unwrap_or_else(|| panic!("no {q:?} row for {subject:?}"))
    }

    /// 1 GbE against 10 GbE: the same VM's vMotion takes far longer and
    /// stops it longer on 1 GbE; the table says so per VM and in the
    /// cluster's totals.
    #[test]
    fn a_faster_vmotion_network_shows_as_shorter_times() {
        use vlab_sim::Value::Int;
        let gbps = |n| {
            [
                ("host.esx1.vmotion_gbps", Int(n)),
                ("host.esx2.vmotion_gbps", Int(n)),
            ]
        };
        let (a, b) = (
            run("vmotion-1g-vs-10g", &gbps(1)),
            run("vmotion-1g-vs-10g", &gbps(10)),
        );
        let blocks = diff_blocks(side(&a), side(&b));
        let erp = Subject::Vm("erp".into());
        let total = find(&blocks, &erp, Quantity::MigrationTotalS);
        let (Figure::Num(ta), Figure::Num(tb)) = (&total.a, &total.b) else {
            panic!("{total:?}")
        };
        assert!(ta > tb, "{total:?}");
        assert_eq!(total.delta(), Delta::By(tb - ta));
        assert!(delta_text(&total.delta(), 1).unwrap().starts_with('−'));
        let down = find(&blocks, &erp, Quantity::MigrationDowntimeMs);
        assert!(down.differs(), "{down:?}");
        let done = find(&blocks, &Subject::Cluster, Quantity::VmotionsDone);
        assert_eq!((&done.a, &done.b), (&Figure::Num(1), &Figure::Num(1)));
        assert_eq!(done.delta(), Delta::Same);
        // The same run against itself differs nowhere.
        let same = diff_blocks(side(&a), side(&a));
        assert!(same.iter().flat_map(|b| &b.rows).all(|r| !r.differs()));
    }

    /// Before the vMotion (t = 0) there is no time to compare; the total
    /// counts only migrations finished by the time shown.
    #[test]
    fn figures_are_those_of_the_time_shown() {
        let a = run("vmotion-1g-vs-10g", &[]);
        let first = Side {
            trace: &a,
            sample: &a.samples[0],
        };
        let blocks = diff_blocks(first, first);
        let erp = Subject::Vm("erp".into());
        assert_eq!(
            find(&blocks, &erp, Quantity::MigrationTotalS).a,
            Figure::Missing
        );
        assert_eq!(
            find(&blocks, &Subject::Cluster, Quantity::VmotionsDone).a,
            Figure::Num(0)
        );
    }

    /// DRS off against on over a day: DRS's moves and where VMs run
    /// differ, and hosts' load with them.
    #[test]
    fn drs_off_against_on_shows_its_moves() {
        use vlab_sim::Value::Bool;
        let (a, b) = (
            run("drs-diurnal-day", &[("drs.enabled", Bool(false))]),
            run("drs-diurnal-day", &[("drs.enabled", Bool(true))]),
        );
        let blocks = diff_blocks(side(&a), side(&b));
        let moves = find(&blocks, &Subject::Cluster, Quantity::DrsMoves);
        assert_eq!(moves.a, Figure::Num(0));
        assert!(matches!(moves.delta(), Delta::By(n) if n > 0), "{moves:?}");
        assert!(
            blocks
                .iter()
                .flat_map(|b| &b.rows)
                .any(|r| r.quantity == Quantity::RunsOn && r.delta() == Delta::Changed),
            "some VM runs elsewhere with DRS on"
        );
    }

    /// Salting 2 against 0: sharing across VMs saves memory on the host.
    #[test]
    fn salting_shows_in_the_memory_saved_by_sharing() {
        use vlab_sim::Value::{Bool, Int};
        let settings = |salt| {
            [
                ("host.esxi-01.tps_salting", Int(salt)),
                ("host.esxi-01.large_pages", Bool(false)),
            ]
        };
        let (a, b) = (
            run("tps-identical-vms", &settings(2)),
            run("tps-identical-vms", &settings(0)),
        );
        let blocks = diff_blocks(side(&a), side(&b));
        let saved = find(
            &blocks,
            &Subject::Host("esxi-01".into()),
            Quantity::HostSharedSavedMb,
        );
        assert!(matches!(saved.delta(), Delta::By(n) if n > 0), "{saved:?}");
    }

    #[test]
    fn figures_and_differences_read_with_their_decimals_and_sign() {
        assert_eq!(figure_text(&Figure::Num(1234), 1), "123.4");
        assert_eq!(figure_text(&Figure::Num(355), 3), "0.355");
        assert_eq!(figure_text(&Figure::Num(-5), 1), "-0.5");
        assert_eq!(figure_text(&Figure::Num(42), 0), "42");
        assert_eq!(figure_text(&Figure::Missing, 0), "—");
        assert_eq!(delta_text(&Delta::By(120), 0).as_deref(), Some("+120"));
        assert_eq!(delta_text(&Delta::By(-4), 1).as_deref(), Some("−0.4"));
        assert_eq!(delta_text(&Delta::Same, 0), None);
        let moved = DiffRow {
            quantity: Quantity::RunsOn,
            a: Figure::Name("esx1".into()),
            b: Figure::Name("esx2".into()),
        };
        assert_eq!(moved.delta(), Delta::Changed);
        let appeared = DiffRow {
            quantity: Quantity::CpuReadyPct,
            a: Figure::Missing,
            b: Figure::Num(3),
        };
        assert_eq!(appeared.delta(), Delta::Changed);
    }

    /// An HA lab counts the restarts, and the ones that failed, so far.
    #[test]
    fn ha_restarts_are_counted_by_the_time_shown() {
        let t = run("ha-failover-host", &[]);
        let blocks = diff_blocks(side(&t), side(&t));
        let restarted = find(&blocks, &Subject::Cluster, Quantity::HaRestarted);
        let failed = find(&blocks, &Subject::Cluster, Quantity::HaRestartFailed);
        assert_eq!(
            (&restarted.a, &failed.a),
            (&Figure::Num(1), &Figure::Num(1))
        );
        let start = Side {
            trace: &t,
            sample: &t.samples[0],
        };
        let blocks = diff_blocks(start, start);
        let restarted = find(&blocks, &Subject::Cluster, Quantity::HaRestarted);
        assert_eq!(restarted.a, Figure::Num(0));
    }

    /// Every quantity is named in both languages, differently.
    #[test]
    fn every_quantity_has_its_words() {
        use crate::text::{tr, Lang};
        for q in Quantity::ALL {
            let key = format!("compare.q_{}", q.key());
            let (en, zh) = (tr(Lang::En, &key), tr(Lang::ZhCn, &key));
            assert!(en != key && zh != key && en != zh, "{key}: {en} / {zh}");
        }
    }

    #[test]
    fn the_sample_at_a_time_is_that_time_or_the_last_before_it() {
        let t = run("vmotion-1g-vs-10g", &[]);
        let at = t.samples[2].t_s;
        assert_eq!(sample_at(&t, at), 2);
        assert_eq!(sample_at(&t, at + 1), 2);
        assert_eq!(sample_at(&t, u32::MAX), t.samples.len() - 1);
    }
}
