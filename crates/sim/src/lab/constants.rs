//! Published constants a lab's text may quote by name
//! (`[[figure]] constant = "NAME"`): each is the very value the model
//! uses, so a text cannot state a default the code does not have.

use crate::base::shares::{CPU_SHARES_LOW_PER_VCPU, MEM_SHARES_LOW_PER_MB};
use crate::cpu::sched::{
    COSTOP_MAX_PER_MILLE, READY_DEGRADED_PCT_X100, READY_WATCH_PCT_X100, REALTIME_INTERVAL_S,
};
use crate::drs::demand::IDLE_CONSUMED_PCT;
use crate::drs::pass::MAX_MOVES_PER_HOST;
use crate::drs::power::{DPM_OFF_WINDOW_S, DPM_ON_WINDOW_S};
use crate::drs::spec::{
    DEFAULT_DPM_TARGET_PCT, DEFAULT_DPM_TOLERANCE_PCT, DEFAULT_DRS_PERIOD_S, DEFAULT_THRESHOLD,
};
use crate::ha::admission::{DEFAULT_CPU_MHZ, DEFAULT_MEM_MB};
use crate::ha::fdm::{
    DATASTORE_WATCH_S, DEAD_S, ELECTION_S, ELECTION_START_S, ISOLATION_RESPONSE_DELAY_S,
    MASTER_ISOLATED_S, NEW_MASTER_RESTART_S, RESTART_RETRY_S, SLAVE_ISOLATED_S, UNREACHABLE_S,
};
use crate::inventory::host::DEFAULT_IDLE_TAX_PCT;
use crate::inventory::vapp::DEFAULT_START_DELAY_S;
use crate::io::nioc::MAX_RESERVATION_PERCENT;
use crate::io::sioc::DEFAULT_THRESHOLD_MS;
use crate::memory::config::{
    BALLOON_MAX_PCT, DEFAULT_SHARE_SCAN_GHZ, DEFAULT_SHARE_SCAN_TIME_MIN, FC_MAX_OVERCOMMIT_PCT,
    PAPER_SCAN_PAGES_PER_VM_S, PAPER_SCAN_PAGES_TOTAL_S, ZIP_CACHE_MAX_PCT,
};
use crate::memory::min_free::{
    CLEAR_PCT, HARD_PCT, HIGH_PCT, LOW_PCT, MIN_FREE_BANDS, PAPER_HARD_PCT, PAPER_HIGH_PCT,
    PAPER_LOW_PCT, PAPER_SOFT_PCT, SOFT_PCT,
};
use crate::migration::checks::MAX_RTT_MS;
use crate::migration::cost::{
    DATASTORE_BUDGET, HOST_BUDGET, NETWORK_BUDGET_10GBE, NETWORK_BUDGET_1GBE,
};
use crate::migration::plan::DEFAULT_MAX_SWITCHOVER_S;
use crate::migration::precopy::{DEFAULT_SWITCHOVER_MS, MAX_ROUNDS, MAX_TOTAL_FACTOR};
use crate::migration::record::MB_S_PER_GBPS;

/// (name, value) of every constant a text may quote; the name says the
/// unit.
pub const CONSTANTS: &[(&str, i64)] = &[
    ("shares.cpu_low_per_vcpu", CPU_SHARES_LOW_PER_VCPU as i64),
    (
        "shares.cpu_normal_per_vcpu",
        2 * CPU_SHARES_LOW_PER_VCPU as i64,
    ),
    (
        "shares.cpu_high_per_vcpu",
        4 * CPU_SHARES_LOW_PER_VCPU as i64,
    ),
    ("shares.mem_low_per_mb", MEM_SHARES_LOW_PER_MB as i64),
    ("shares.mem_normal_per_mb", 2 * MEM_SHARES_LOW_PER_MB as i64),
    ("shares.mem_high_per_mb", 4 * MEM_SHARES_LOW_PER_MB as i64),
    ("cpu.realtime_interval_s", REALTIME_INTERVAL_S as i64),
    ("cpu.costop_max_per_mille", COSTOP_MAX_PER_MILLE as i64),
    ("memory.min_free_first_gb_pct", MIN_FREE_BANDS[0].1 as i64),
    ("memory.min_free_next_8gb_pct", MIN_FREE_BANDS[1].1 as i64),
    ("memory.min_free_next_16gb_pct", MIN_FREE_BANDS[2].1 as i64),
    ("memory.min_free_rest_pct", MIN_FREE_BANDS[3].1 as i64),
    ("memory.high_pct", HIGH_PCT as i64),
    ("memory.clear_pct", CLEAR_PCT as i64),
    ("memory.soft_pct", SOFT_PCT as i64),
    ("memory.hard_pct", HARD_PCT as i64),
    ("memory.low_pct", LOW_PCT as i64),
    ("memory.paper_high_pct", PAPER_HIGH_PCT as i64),
    ("memory.paper_soft_pct", PAPER_SOFT_PCT as i64),
    ("memory.paper_hard_pct", PAPER_HARD_PCT as i64),
    ("memory.paper_low_pct", PAPER_LOW_PCT as i64),
    ("memory.balloon_max_pct", BALLOON_MAX_PCT as i64),
    ("memory.zip_cache_max_pct", ZIP_CACHE_MAX_PCT as i64),
    (
        "memory.share_scan_time_min",
        DEFAULT_SHARE_SCAN_TIME_MIN as i64,
    ),
    (
        "memory.share_scan_mb_s_per_ghz",
        DEFAULT_SHARE_SCAN_GHZ as i64,
    ),
    (
        "memory.paper_scan_pages_per_vm_s",
        PAPER_SCAN_PAGES_PER_VM_S as i64,
    ),
    (
        "memory.paper_scan_pages_total_s",
        PAPER_SCAN_PAGES_TOTAL_S as i64,
    ),
    ("memory.fc_max_overcommit_pct", FC_MAX_OVERCOMMIT_PCT as i64),
    ("migration.mb_s_per_gbps", MB_S_PER_GBPS as i64),
    ("migration.host_budget", HOST_BUDGET as i64),
    ("migration.network_budget_1gbe", NETWORK_BUDGET_1GBE as i64),
    (
        "migration.network_budget_10gbe",
        NETWORK_BUDGET_10GBE as i64,
    ),
    ("migration.datastore_budget", DATASTORE_BUDGET as i64),
    ("ha.datastore_watch_s", DATASTORE_WATCH_S as i64),
    ("ha.unreachable_s", UNREACHABLE_S as i64),
    ("ha.election_start_s", ELECTION_START_S as i64),
    ("ha.new_master_restart_s", NEW_MASTER_RESTART_S as i64),
    ("ha.restart_retry_2_s", RESTART_RETRY_S[1] as i64),
    ("drs.idle_consumed_pct", IDLE_CONSUMED_PCT as i64),
    ("cpu.ready_watch_pct", (READY_WATCH_PCT_X100 / 100) as i64),
    (
        "cpu.ready_degraded_pct",
        (READY_DEGRADED_PCT_X100 / 100) as i64,
    ),
    ("memory.idle_tax_default_pct", DEFAULT_IDLE_TAX_PCT as i64),
    (
        "io.nioc_max_reservation_pct",
        MAX_RESERVATION_PERCENT as i64,
    ),
    ("io.sioc_threshold_ms", DEFAULT_THRESHOLD_MS as i64),
    ("migration.xen_max_rounds", MAX_ROUNDS as i64),
    ("migration.xen_max_total_factor", MAX_TOTAL_FACTOR as i64),
    (
        "migration.switchover_target_ms",
        DEFAULT_SWITCHOVER_MS as i64,
    ),
    (
        "migration.max_switchover_s",
        DEFAULT_MAX_SWITCHOVER_S as i64,
    ),
    ("migration.max_rtt_ms", MAX_RTT_MS as i64),
    ("ha.default_slot_cpu_mhz", DEFAULT_CPU_MHZ as i64),
    ("ha.default_slot_mem_mb", DEFAULT_MEM_MB as i64),
    ("ha.dead_s", DEAD_S as i64),
    (
        "ha.dead_with_heartbeat_datastores_s",
        crate::ha::fdm::DEAD_WITH_HEARTBEAT_DATASTORES_S as i64,
    ),
    (
        "ha.iostats_interval_s",
        crate::ha::spec::IOSTATS_INTERVAL_S as i64,
    ),
    ("numa.vcpu_min", crate::cpu::numa::NUMA_VCPU_MIN as i64),
    (
        "dpm.default_threshold",
        crate::drs::spec::DEFAULT_DPM_THRESHOLD as i64,
    ),
    (
        "migration.mirror_share_pct",
        crate::migration::storage::MIRROR_SHARE_PCT as i64,
    ),
    ("ha.election_s", ELECTION_S as i64),
    ("ha.slave_isolated_s", SLAVE_ISOLATED_S as i64),
    ("ha.master_isolated_s", MASTER_ISOLATED_S as i64),
    (
        "ha.isolation_response_delay_s",
        ISOLATION_RESPONSE_DELAY_S as i64,
    ),
    ("vapp.start_delay_s", DEFAULT_START_DELAY_S as i64),
    ("drs.period_s", DEFAULT_DRS_PERIOD_S as i64),
    ("drs.default_threshold", DEFAULT_THRESHOLD as i64),
    ("drs.max_moves_per_host", MAX_MOVES_PER_HOST as i64),
    ("dpm.target_pct", DEFAULT_DPM_TARGET_PCT as i64),
    ("dpm.tolerance_pct", DEFAULT_DPM_TOLERANCE_PCT as i64),
    ("dpm.on_window_s", DPM_ON_WINDOW_S as i64),
    ("dpm.off_window_s", DPM_OFF_WINDOW_S as i64),
    // Resource-control and memory labs
    (
        "shares.pool_cpu_low",
        (crate::base::shares::POOL_LEVEL_VCPUS as u64 * CPU_SHARES_LOW_PER_VCPU) as i64,
    ),
    (
        "shares.pool_cpu_normal",
        (2 * crate::base::shares::POOL_LEVEL_VCPUS as u64 * CPU_SHARES_LOW_PER_VCPU) as i64,
    ),
    (
        "shares.pool_cpu_high",
        (4 * crate::base::shares::POOL_LEVEL_VCPUS as u64 * CPU_SHARES_LOW_PER_VCPU) as i64,
    ),
    (
        "memory.touch_mb_s",
        (crate::memory::config::TOUCH_PAGES_PER_S / crate::memory::config::PAGES_PER_MB) as i64,
    ),
    (
        "io.sioc_percent_of_peak",
        crate::io::sioc::DEFAULT_PERCENT_OF_PEAK as i64,
    ),
    // Migration, HA and DRS labs
    (
        "migration.resume_ms",
        crate::migration::precopy::RESUME_MS as i64,
    ),
    (
        "migration.sdps_target_pct",
        crate::migration::precopy::SDPS_TARGET_PCT as i64,
    ),
    (
        "ha.guest_shutdown_s",
        crate::ha::fdm::GUEST_SHUTDOWN_S as i64,
    ),
    ("dpm.boot_s", crate::drs::spec::DEFAULT_BOOT_S as i64),
    (
        "drs.workload_interval_s",
        crate::drs::workload::WORKLOAD_INTERVAL_S as i64,
    ),
    (
        "dpm.power_off_below_pct",
        (DEFAULT_DPM_TARGET_PCT - DEFAULT_DPM_TOLERANCE_PCT) as i64,
    ),
    (
        "dpm.power_on_above_pct",
        (DEFAULT_DPM_TARGET_PCT + DEFAULT_DPM_TOLERANCE_PCT) as i64,
    ),
    (
        "dpm.standby_w",
        crate::inventory::host::DEFAULT_STANDBY_W as i64,
    ),
];

/// The value of constant `name`.
pub fn constant(name: &str) -> Option<i64> {
    CONSTANTS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}
