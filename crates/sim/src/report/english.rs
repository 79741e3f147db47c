//! The English sentences of the CLI and the golden traces (temporary: the
//! locale files are to carry them).

use crate::drs::note::{milli3, DrsNote};
use crate::drs::pass::Why;
use crate::event::{Detail, Event, EventKind};
use crate::ha::spec::FaultKind;
use crate::ha::{HaNote, HaRefusal, RestartBlock};
use crate::migration::cost::Budgeted;
use crate::migration::{MigrationKind, MigrationNote};
use crate::resource::refusal::{Shortage, Shortfall, Stop};

/// A plain English sentence, for the CLI and golden traces. The app
/// renders the same facts through its locale files.
pub fn event_text(e: &Event) -> String {
    let s = &e.subject;
    match (&e.kind, &e.detail) {
            (
                EventKind::AdmissionDenied,
                Detail::Admission(Shortage {
                    host,
                    pool: Some(pool),
                    stop,
                    resource,
                    needed,
                    available,
                }),
            ) if *resource != Shortfall::Vcpus => {
                let reach = reach(pool, host, stop.as_ref());
                match resource {
                    Shortfall::CpuMhz => format!(
                        "power-on of {s} refused: pool {pool} has {available} MHz of unreserved CPU ({reach}), the VM reserves {needed} MHz"
                    ),
                    _ => format!(
                        "power-on of {s} refused: pool {pool} has {available} MB of unreserved memory ({reach}), the VM needs {needed} MB (reservation + overhead)"
                    ),
                }
            }
            (
                EventKind::AdmissionDenied,
                Detail::Admission(Shortage {
                    pool: None,
                    stop: Some(Stop::Cluster),
                    resource,
                    needed,
                    available,
                    ..
                }),
            ) => match resource {
                Shortfall::CpuMhz => format!(
                    "power-on of {s} refused: the cluster has {available} MHz of unreserved CPU, the VM reserves {needed} MHz"
                ),
                _ => format!(
                    "power-on of {s} refused: the cluster has {available} MB of unreserved memory, the VM needs {needed} MB (reservation + overhead)"
                ),
            },
            (
                EventKind::AdmissionDenied,
                Detail::Admission(Shortage {
                    host,
                    resource,
                    needed,
                    available,
                    ..
                }),
            ) => match resource {
                Shortfall::CpuMhz => format!(
                    "power-on of {s} refused: host {host} has {available} MHz of unreserved CPU, the VM reserves {needed} MHz"
                ),
                Shortfall::MemMb => format!(
                    "power-on of {s} refused: host {host} has {available} MB of unreserved memory, the VM needs {needed} MB (reservation + overhead)"
                ),
                Shortfall::Vcpus => format!(
                    "power-on of {s} refused: it has {needed} vCPUs but host {host} has only {available} logical CPUs"
                ),
            },
            (
                EventKind::SettingRefused,
                Detail::Admission(Shortage {
                    host,
                    pool: Some(pool),
                    stop,
                    resource,
                    needed,
                    available,
                }),
            ) => {
                let unit = if *resource == Shortfall::CpuMhz { "MHz" } else { "MB" };
                let reach = reach(pool, host, stop.as_ref());
                format!(
                    "change to {s} refused: it would reserve {needed} {unit}, pool {pool} has {available} {unit} unreserved ({reach})"
                )
            }
            (
                EventKind::SettingRefused,
                Detail::Admission(Shortage {
                    pool: None,
                    stop: Some(Stop::Cluster),
                    resource,
                    needed,
                    available,
                    ..
                }),
            ) => {
                let unit = if *resource == Shortfall::CpuMhz { "MHz" } else { "MB" };
                format!(
                    "change to {s} refused: it would reserve {needed} {unit}, the cluster has {available} {unit} unreserved"
                )
            }
            (
                EventKind::SettingRefused,
                Detail::Admission(Shortage {
                    host,
                    resource,
                    needed,
                    available,
                    ..
                }),
            ) => {
                let unit = if *resource == Shortfall::CpuMhz { "MHz" } else { "MB" };
                format!(
                    "change to {s} refused: it would reserve {needed} {unit}, host {host} has {available} {unit} unreserved"
                )
            }
            (EventKind::SettingRefused, Detail::Setting { field, from, to }) if field == "evc_baseline" => {
                format!("change of the EVC baseline ({from} -> {to}) refused: running VMs use newer CPU features; power them off first")
            }
            (EventKind::SettingRefused, Detail::Setting { field, from, to }) => {
                format!("change to {s}.{field} ({from} -> {to}) refused: it would leave a limit below a reservation")
            }
            (_, Detail::Setting { field, from, to }) => format!("{s}.{field}: {from} -> {to}"),
            (_, Detail::MemState { from, to }) => {
                format!("host {s} memory state {} -> {}", from.name(), to.name())
            }
            (_, Detail::Ha(note)) => describe_ha(s, note),
            (EventKind::HostAwake, _) => format!("DPM: host {s} is up and takes VMs"),
            (EventKind::DpmCannotManage, _) => format!(
                "DPM would put host {s} in standby but cannot wake it again: give it IPMI, iLO or Wake-on-LAN (power_mgmt)"
            ),
            (
                EventKind::HostStandby,
                Detail::Drs(DrsNote::Power {
                    utilization_pm,
                    window_s,
                }),
            ) => format!(
                "DPM put host {s} in standby: every host ran below the power-off threshold for {} min ({}% here)",
                window_s / 60,
                utilization_pm / 10
            ),
            (
                EventKind::HostWaking,
                Detail::Drs(DrsNote::Power {
                    utilization_pm,
                    window_s,
                }),
            ) => format!(
                "DPM wakes host {s} from standby: the busiest host ran at {}% over {} min, above the power-on threshold",
                utilization_pm / 10,
                window_s / 60
            ),
            (_, Detail::Drs(note)) => describe_drs(s, note),
            (EventKind::MaintenanceRequested, _) => {
                format!("host {s} entering maintenance mode: its VMs must leave")
            }
            (EventKind::MaintenanceEntered, _) => {
                format!("host {s} is in maintenance mode: no VMs left on it")
            }
            (EventKind::MaintenanceExited, _) => format!("host {s} left maintenance mode"),
            (_, Detail::HaAdmission(refusal)) => {
                format!("power-on of {s} refused by HA admission control: {}", ha_refusal(refusal))
            }
            (_, Detail::Migration { from, to, note }) => {
                describe_migration(s, from, to, note)
            }
            (_, Detail::HostUnavailable { host }) => {
                format!("power-on of {s} refused: host {host} is not available (failed)")
            }
            (EventKind::PowerOn, _) => format!("{s} powered on"),
            (EventKind::PowerOff, _) => format!("{s} powered off"),
            (EventKind::HostFailed, _) => format!("host {s} failed: its VMs went down"),
            (EventKind::VappPowerOn, _) => format!("vApp {s} powering on, group by group"),
            (EventKind::VappPowerOff, _) => {
                format!("vApp {s} powering off, groups in reverse order")
            }
            (kind, _) => format!("{} {s}", kind.name()),
        }
}

/// How far a pool's unreserved capacity reaches, in words.
fn reach(pool: &str, host: &str, stop: Option<&Stop>) -> String {
    match stop {
        Some(Stop::Pool(p)) if p == pool => "its reservation is not expandable".into(),
        Some(Stop::Pool(p)) => format!("expandable up to pool {p}, which is not expandable"),
        Some(Stop::Limit(p)) if p == pool => "expandable up to its own limit".into(),
        Some(Stop::Limit(p)) => format!("expandable up to the limit of pool {p}"),
        Some(Stop::Cluster) => "expandable up to the cluster".into(),
        Some(Stop::Host) | None => format!("expandable up to host {host}"),
    }
}

/// A migration event in plain English.
pub fn describe_migration(vm: &str, from: &str, to: &str, note: &MigrationNote) -> String {
    let what = format!("migration of {vm} from {from} to {to}");
    match note {
        MigrationNote::Refused { failed } => {
            let names: Vec<&str> = failed.iter().map(|c| c.name()).collect();
            format!("{what} refused: pre-checks failed: {}", names.join(", "))
        }
        MigrationNote::Queued {
            on,
            in_use,
            cost,
            budget,
        } => {
            let on = match on {
                Budgeted::Vm(v) => format!("VM {v} (one migration at a time)"),
                Budgeted::Host(h) => format!("host {h}"),
                Budgeted::Network(h) => format!("the vMotion network of {h}"),
                Budgeted::Datastore(d) => format!("datastore {d}"),
            };
            format!("{what} queued: {on} has {in_use} of {budget} in use and it costs {cost}")
        }
        MigrationNote::Started { kind, link_mb_s } => match kind {
            MigrationKind::Storage => format!("{what} started (Storage vMotion)"),
            _ => format!("{what} started at {link_mb_s} MB/s"),
        },
        MigrationNote::Completed {
            total_ms,
            downtime_ms,
            total_sent_mb,
        } => format!(
            "{what} completed in {} ms, {total_sent_mb} MB sent, {downtime_ms} ms downtime",
            total_ms
        ),
        MigrationNote::SwitchoverTooLong { needed_ms, max_ms } => format!(
            "{what} failed: the switchover would take {needed_ms} ms, more than the {max_ms} ms maximum; {vm} keeps running on {from}"
        ),
        MigrationNote::StorageStalled { copied_mb, disk_mb } => format!(
            "{what} failed: the guest's writes stalled the disk copy at {copied_mb} of {disk_mb} MB; {vm} keeps running on {from}"
        ),
        MigrationNote::HostFailed { host } if host == from => {
            format!("{what} failed: the source host {host} failed")
        }
        MigrationNote::HostFailed { host } => {
            format!("{what} failed: host {host} failed; {vm} keeps running on {from}")
        }
        MigrationNote::NetworkLost { host } => format!(
            "{what} failed: the vMotion network of {host} went down; {vm} keeps running on {from}"
        ),
        MigrationNote::VmPoweredOff => format!("{what} failed: {vm} was powered off"),
    }
}

/// A HA event in plain English.
pub fn describe_ha(subject: &str, note: &HaNote) -> String {
    match note {
        HaNote::Master { host, partition: 0 } => format!("HA: {host} is the master"),
        HaNote::Master { host, partition } => {
            format!("HA: {host} is the master of partition {partition}")
        }
        HaNote::ElectionStarted => "HA: the slaves lost the master and hold an election".into(),
        HaNote::DeclaredDead => {
            format!("HA: host {subject} declared dead (no network or datastore heartbeats)")
        }
        HaNote::Isolated { by_master: false } => {
            format!("HA: host {subject} declares itself isolated")
        }
        HaNote::Isolated { by_master: true } => {
            format!("HA: the master sees host {subject}'s datastore heartbeats: isolated, not dead")
        }
        HaNote::Partitioned => format!(
            "HA: the master sees host {subject}'s datastore heartbeats: partitioned, not dead"
        ),
        HaNote::Response { response, vms } => format!(
            "HA: isolation response {} on {subject} ({vms} VMs)",
            response.name()
        ),
        HaNote::Restarted { host, attempt } => {
            format!("HA restarted {subject} on {host} (attempt {attempt})")
        }
        HaNote::RestartFailed {
            why,
            attempt,
            gave_up,
        } => {
            let why = match why {
                RestartBlock::Locked { host } => format!("it still runs on {host}, which holds its files' lock"),
                RestartBlock::DatastoreLost { datastore } => format!("datastore {datastore} is lost"),
                RestartBlock::NoCapacity { needed_mhz, needed_mb } => format!(
                    "no host can back its reservations ({needed_mhz} MHz, {needed_mb} MB with overhead)"
                ),
                RestartBlock::OriginalHostDown { host } => {
                    format!("its original host {host} is down (restore on the original host)")
                }
            };
            let end = if *gave_up {
                "; HA gives up"
            } else {
                "; HA will retry"
            };
            format!("HA could not restart {subject} (attempt {attempt}): {why}{end}")
        }
        HaNote::GuestCrashed => format!("the guest of {subject} stopped sending heartbeats"),
        HaNote::ResetLimit { resets, window_s } => format!(
            "the guest of {subject} hangs again, but VM monitoring already reset it {resets} times within {} h: no more resets",
            window_s / 3600
        ),
        HaNote::Reset { after_s } => {
            format!("VM monitoring reset {subject} after {after_s} s without heartbeats")
        }
        HaNote::DatastoreLost { vms } => {
            format!("datastore {subject} lost; {vms} VMs on it powered off")
        }
        HaNote::Fault { kind } => match kind {
            FaultKind::HostCrash => format!("fault: host {subject} crashes"),
            FaultKind::HostIsolation => {
                format!("fault: host {subject}'s management network is cut")
            }
            FaultKind::Partition => format!("fault: hosts {subject} are cut off from the others"),
            FaultKind::DatastoreLoss => format!("fault: datastore {subject} is lost"),
            FaultKind::GuestCrash => format!("fault: the guest OS of {subject} hangs"),
        },
        HaNote::Healed { .. } => format!("{subject} is back"),
        HaNote::Overloaded {
            demand_mhz,
            capacity_mhz,
        } => {
            format!("host {subject} failed under overload: {demand_mhz} MHz demanded of {capacity_mhz} MHz")
        }
    }
}

/// A DRS note in one English line (the CLI's event text).
pub fn describe_drs(subject: &str, note: &DrsNote) -> String {
    match note {
        DrsNote::Recommended(r) => {
            let state = if r.applied {
                ""
            } else {
                " [waiting for approval]"
            };
            format!("DRS #{}: {}{state}", r.number, r.text)
        }
        DrsNote::Blocked { host, why, .. } => {
            format!("{subject} cannot leave {host}: {}", why_text(why))
        }
        DrsNote::Power {
            utilization_pm,
            window_s,
        } => format!(
            "DPM: host {subject} at {}% utilization over {} min",
            utilization_pm / 10,
            window_s / 60
        ),
        DrsNote::NoMove {
            imbalance_milli,
            target_milli,
            best,
        } => format!(
            "DRS: imbalance {} is above the target {}, but no move qualifies; the best, {} to {}, is out: {}",
            milli3(*imbalance_milli),
            milli3(*target_milli),
            best.vm,
            best.to,
            why_text(&best.why)
        ),
        DrsNote::Plain => subject.to_string(),
    }
}

/// Why a move was out, in English.
pub fn why_text(why: &Why) -> String {
    match why {
        Why::RaisesImbalance => "it would not lower the imbalance".into(),
        Why::BreaksRule { rule } => format!("it would break rule {rule}"),
        Why::NoRoomForReservation => "no host has room for its reservation".into(),
        Why::Overcommits => "the target would be above capacity".into(),
        Why::NoVmotion => "no vMotion network".into(),
        Why::SmallGain => "the gain is too small for its unstable demand".into(),
        Why::HostBusy { host } => format!("host {host} already has 8 moves this pass"),
        Why::Migrating => "it is being migrated".into(),
        Why::CannotVmotion { check } => format!("vMotion check {check} fails"),
        Why::LowerScore => "another move gains more per vMotion cost".into(),
        Why::Tie => "as good as the chosen move; DRS takes the first in inventory order".into(),
        Why::NoHost => "no other host is available".into(),
        Why::DrsOff => "DRS is off: migrate or power off its VMs by hand".into(),
    }
}

/// An HA admission refusal in English.
pub fn ha_refusal(r: &HaRefusal) -> String {
    match r {
        HaRefusal::NotEnoughSlots {
            needed,
            available,
            host_failures,
        } => format!(
            "insufficient resources to satisfy the configured failover level: \
                 the VM needs {needed} slot(s) but only {available} are available \
                 once slots for {host_failures} host failure(s) are held back"
        ),
        HaRefusal::CpuBelowPct {
            would_be_pct,
            configured_pct,
        } => format!(
            "powering on would leave {would_be_pct} % of the cluster's CPU for failover, \
                 below the {configured_pct} % reserved"
        ),
        HaRefusal::MemBelowPct {
            would_be_pct,
            configured_pct,
        } => format!(
            "powering on would leave {would_be_pct} % of the cluster's memory for failover, \
                 below the {configured_pct} % reserved"
        ),
        HaRefusal::FailoverHost { host } => {
            format!("{host} is a dedicated failover host: no VM may power on there")
        }
        HaRefusal::OnlyFailoverHosts => {
            "every connected host is a dedicated failover host: no VM may power on".into()
        }
    }
}
