//! Iterative pre-copy of a running VM's memory (Clark et al., "Live
//! Migration of Virtual Machines", NSDI 2005; vMotion since ESX 2).
//!
//! Round 1 sends every non-zero page (zero pages go once, as markers that
//! cost nothing here) while a bitmap records the pages the guest dirties;
//! each later round sends the pages dirtied during the previous one. The
//! guest dirties `dirty_mb_s` but never more distinct memory than its
//! writable working set (WWS) in one round. With dirty rate d below the
//! transmit rate R, round i sends V0 (d/R)^i (a geometric series,
//! `docs/references.md` [der]) until one of the stop rules holds:
//!
//! - what is left can be sent within the switchover target (the downtime
//!   the migration aims for; vMotion's switchover is normally under a
//!   second — 500 ms here, a model choice);
//! - the round limit (Xen: 30);
//! - more than 3x the VM's memory sent in total (Xen);
//! - no progress: a round left as much to send as it sent (reported when
//!   the round or total limit ends such a migration; see [`precopy`]).
//!
//! The round and total limits are Xen's stop rules (Clark et al.), applied
//! here only with SDPS off, the pre-vSphere-5 behaviour the labs compare
//! against. vMotion with SDPS keeps iterating while each round shrinks;
//! its documented bound is the maximum switchover time
//! ([`super::plan::DEFAULT_MAX_SWITCHOVER_S`]).
//!
//! Then the VM is stunned, the rest and the device state are sent, it
//! resumes on the destination and a RARP moves its MAC: the downtime.
//!
//! **Stun During Page Send** (vSphere 5+, on by default;
//! `docs/references.md`, vMotion):
//! SDPS acts only when the guest dirties memory faster than vMotion can
//! send it, so pre-copy cannot converge on its own. It then slows the
//! vCPUs just enough for pre-copy to converge: the effective dirty rate is
//! held just below the transmit rate, at [`SDPS_TARGET_PCT`] of it (a
//! model choice), so each round is smaller than the one before. A guest
//! dirtying 2000 MB/s on a 1250 MB/s link runs 40 % slower; a guest
//! dirtying 60 % of the link converges by itself and is not slowed.
//!
//! Units: MB, MB/s, ms; integer arithmetic, durations rounded up.

use serde::{Deserialize, Serialize};

/// Xen's round limit.
pub const MAX_ROUNDS: u32 = 30;
/// Xen's cap on total data: this many times the VM's memory.
pub const MAX_TOTAL_FACTOR: u64 = 3;
/// Default switchover target [ms] (model choice: "normally under a second").
pub const DEFAULT_SWITCHOVER_MS: u64 = 500;
/// What SDPS holds the dirty rate to, as % of the transmit rate: just
/// below it, so every round shrinks (model choice; a guest dirtying
/// 2000 MB/s on a 1250 MB/s link is slowed 40 %).
pub const SDPS_TARGET_PCT: u64 = 96;
/// Rounds after which an SDPS pre-copy stops whatever is left: a guard
/// against endless loops that steady dirtying never reaches (at 96 % a
/// 64 GB VM on a 12 MB/s link converges in about 230 rounds).
pub const SDPS_ROUND_GUARD: u32 = 1000;
/// Resume on the destination and RARP [ms] (model; Clark et al. measured
/// downtimes of 60-210 ms in total).
pub const RESUME_MS: u64 = 20;

/// What one migration's pre-copy works with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrecopyInput {
    /// The VM's memory [MB].
    pub mem_mb: u64,
    /// Of it, zero pages, sent as markers only [MB].
    pub zero_mb: u64,
    /// Memory the guest writes to over a round, at most [MB].
    pub writable_working_set_mb: u64,
    /// How fast the guest dirties memory [MB/s].
    pub dirty_mb_s: u64,
    /// Transmit rate of the vMotion network [MB/s] (1 GbE ≈ 125).
    pub link_mb_s: u64,
    /// Device state sent during the stun [MB].
    pub device_state_mb: u64,
    /// The downtime pre-copy aims for [ms].
    pub switchover_target_ms: u64,
    /// Stun During Page Send.
    pub sdps: bool,
    /// How much the dirty rate varies from round to round [±%]: each
    /// round's rate is drawn uniformly from that band around `dirty_mb_s`
    /// (0 = steady).
    pub dirty_jitter_pct: u8,
    /// Seeds the draws ([`crate::base::rng::SplitMix64`]).
    pub seed: u64,
}

impl PrecopyInput {
    /// A VM of `mem_mb` dirtying `dirty_mb_s` over a `link_mb_s` network,
    /// with the defaults: no zero pages, the whole memory writable, 1 MB of
    /// device state, a 500 ms switchover target, SDPS on.
    pub fn new(mem_mb: u64, dirty_mb_s: u64, link_mb_s: u64) -> PrecopyInput {
        PrecopyInput {
            mem_mb,
            zero_mb: 0,
            writable_working_set_mb: mem_mb,
            dirty_mb_s,
            link_mb_s,
            device_state_mb: 1,
            switchover_target_ms: DEFAULT_SWITCHOVER_MS,
            sdps: true,
            dirty_jitter_pct: 0,
            seed: 0,
        }
    }
}

/// One pre-copy round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub sent_mb: u64,
    /// Dirtied while it was sent: the next round's data [MB].
    pub dirtied_mb: u64,
    pub duration_ms: u64,
}

/// Why pre-copy stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// What was left fits the switchover target.
    Converged,
    RoundLimit,
    TotalLimit,
    NoProgress,
}

/// The whole pre-copy and switchover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrecopyOutcome {
    pub rounds: Vec<Round>,
    pub stop: StopReason,
    /// Memory and device state sent during the stun [MB].
    pub stun_sent_mb: u64,
    /// Everything sent, stun included [MB].
    pub total_sent_mb: u64,
    /// Pre-copy plus downtime [ms].
    pub total_ms: u64,
    /// The VM was not running [ms].
    pub downtime_ms: u64,
    /// Whether SDPS slowed the guest.
    pub sdps_engaged: bool,
    /// How much slower the guest ran during pre-copy [%] (SDPS).
    pub guest_slowdown_pct: u64,
}

impl PrecopyOutcome {
    pub fn converged(&self) -> bool {
        self.stop == StopReason::Converged
    }
}

/// `mb` at `rate_mb_s`, in ms rounded up (0 at rate 0: nothing moves).
fn send_ms(mb: u64, rate_mb_s: u64) -> u64 {
    if rate_mb_s == 0 {
        return u64::MAX / 4;
    }
    (mb * 1000).div_ceil(rate_mb_s)
}

/// Runs pre-copy and the switchover.
pub fn precopy(input: &PrecopyInput) -> PrecopyOutcome {
    precopy_from(input, input.mem_mb.saturating_sub(input.zero_mb))
}

/// Pre-copy whose first round sends `first_mb`: all non-zero memory at the
/// start of a migration, or what a dirty bitmap collected while something
/// else (a disk copy) went first.
pub fn precopy_from(input: &PrecopyInput, first_mb: u64) -> PrecopyOutcome {
    let rate = input.link_mb_s;
    // SDPS engages only when the guest dirties faster than pre-copy can
    // catch up with, and holds the dirty rate just below the link's.
    let sdps_cap = rate * SDPS_TARGET_PCT / 100;
    let sdps_engaged = input.sdps && input.dirty_mb_s > sdps_cap;
    let dirty = if sdps_engaged {
        sdps_cap
    } else {
        input.dirty_mb_s
    };
    let guest_slowdown_pct = if sdps_engaged && input.dirty_mb_s > 0 {
        // Rounded to the nearest percent.
        100 - (dirty * 100 + input.dirty_mb_s / 2) / input.dirty_mb_s
    } else {
        0
    };
    let cap_total = MAX_TOTAL_FACTOR * input.mem_mb;
    let mut rounds = Vec::new();
    let mut to_send = first_mb;
    let mut total = 0;
    let mut draws = crate::base::rng::SplitMix64::new(input.seed);
    let jitter = u64::from(input.dirty_jitter_pct.min(100));
    let stop = loop {
        let duration_ms = send_ms(to_send, rate);
        // This round's rate: the same draws for any dirty rate, so a
        // faster dirtier never sends less.
        let pct = 100 - jitter + draws.below_or_eq(2 * jitter);
        let dirtied_mb = (dirty.saturating_mul(pct).saturating_mul(duration_ms) / 100_000)
            .min(input.writable_working_set_mb)
            .min(input.mem_mb);
        rounds.push(Round {
            sent_mb: to_send,
            dirtied_mb,
            duration_ms,
        });
        total += to_send;
        if send_ms(dirtied_mb, rate) <= input.switchover_target_ms {
            break StopReason::Converged;
        }
        // Xen's limits end pre-copy without SDPS; with it, vMotion goes on
        // while rounds shrink (bounded by the guard only).
        let round_limit = if input.sdps {
            SDPS_ROUND_GUARD
        } else {
            MAX_ROUNDS
        };
        if rounds.len() as u32 >= round_limit {
            break StopReason::RoundLimit;
        }
        if !input.sdps && total + dirtied_mb > cap_total {
            break StopReason::TotalLimit;
        }
        to_send = dirtied_mb;
    };
    // Xen's fourth rule, "no progress", is reported rather than acted on
    // early: a round that did not shrink runs on into the round or total
    // limit, so more dirtying never sends less (stopping at the first flat
    // round would make a slightly faster dirtier send less in total).
    let stop = match (stop, rounds.last()) {
        (StopReason::RoundLimit | StopReason::TotalLimit, Some(r)) if r.dirtied_mb >= r.sent_mb => {
            StopReason::NoProgress
        }
        (stop, _) => stop,
    };
    let left = rounds.last().map_or(0, |r| r.dirtied_mb);
    let stun_sent_mb = left + input.device_state_mb;
    let downtime_ms = send_ms(stun_sent_mb, rate) + RESUME_MS;
    let precopy_ms: u64 = rounds.iter().map(|r| r.duration_ms).sum();
    PrecopyOutcome {
        rounds,
        stop,
        stun_sent_mb,
        total_sent_mb: total + stun_sent_mb,
        total_ms: precopy_ms + downtime_ms,
        downtime_ms,
        sdps_engaged,
        guest_slowdown_pct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_vm_goes_in_one_round() {
        // 4 GB over 10 GbE (1250 MB/s), nothing dirtied: one round of
        // 4096 MB in 3277 ms, then only the device state.
        let o = precopy(&PrecopyInput::new(4096, 0, 1250));
        assert_eq!(o.rounds.len(), 1);
        assert_eq!(o.rounds[0].duration_ms, 3277);
        assert!(o.converged());
        assert_eq!(o.downtime_ms, 1 + RESUME_MS);
    }

    #[test]
    fn rounds_shrink_geometrically_by_dirty_over_link() {
        // d / R = 1/5: 4000 MB in 3.2 s, 800 MB in 640 ms, then 160 MB
        // left fits the 500 ms target (128 ms): stunned for that.
        let mut input = PrecopyInput::new(4000, 250, 1250);
        input.sdps = false;
        let o = precopy(&input);
        let sent: Vec<u64> = o.rounds.iter().map(|r| r.sent_mb).collect();
        assert_eq!(sent, [4000, 800]);
        assert_eq!(o.rounds[1].dirtied_mb, 160);
        assert!(o.converged());
        assert_eq!(o.stun_sent_mb, 161);
        assert_eq!(o.downtime_ms, 129 + RESUME_MS);
    }

    #[test]
    fn sdps_slows_a_2000_mb_s_guest_on_a_1250_mb_s_link_by_40_pct() {
        let o = precopy(&PrecopyInput::new(4096, 2000, 1250));
        assert!(o.sdps_engaged && o.converged(), "{o:?}");
        assert_eq!(o.guest_slowdown_pct, 40);
        // Every round is 96 % of the one before (1200 / 1250).
        for pair in o.rounds.windows(2).skip(1) {
            assert!(pair[1].sent_mb < pair[0].sent_mb, "{o:?}");
        }
    }

    #[test]
    fn sdps_leaves_a_guest_that_converges_by_itself_alone() {
        // 60 % of the link: pre-copy converges without help.
        let o = precopy(&PrecopyInput::new(4096, 750, 1250));
        assert!(!o.sdps_engaged && o.converged(), "{o:?}");
        assert_eq!(o.guest_slowdown_pct, 0);
    }

    #[test]
    fn without_sdps_a_fast_dirtier_never_converges() {
        let mut input = PrecopyInput::new(4096, 200, 125); // 1 GbE
        input.sdps = false;
        let o = precopy(&input);
        assert!(!o.converged());
        assert!(o.downtime_ms > 1000, "{o:?}");
        input.sdps = true;
        let with = precopy(&input);
        assert!(with.converged() && with.sdps_engaged, "{with:?}");
        assert!(with.guest_slowdown_pct > 0);
        assert!(with.downtime_ms < o.downtime_ms);
    }
}
