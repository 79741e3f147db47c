//! One VM's guest pages as counts, by content class and location.
//!
//! A touched guest page is either *resident* (backed by a host frame of its
//! own, `private`, or by a shared copy, `shared`) or *reclaimed*: held by
//! the balloon (`bal_free`: a free, zeroed guest page; `gsw`: a page the
//! guest paged out to its own disk to fill the balloon), compressed
//! (`zip`) or in the host swap file (`swp`). Reclaimed pages are counted
//! as idle or active (in the working set).
//!
//! Content class is tracked for resident pages only (it is all sharing
//! needs); a class's reclaimed pages are implied: the class's share of the
//! touched pages minus its resident ones, and pages coming back fill those
//! gaps. Active pages are spread evenly over resident non-zero pages
//! [model: zero pages are guest free memory, never active].

use super::config::{VmMemConfig, PAGES_PER_MB};

pub(crate) const ZERO: usize = 0;
pub(crate) const OS: usize = 1;
pub(crate) const APP: usize = 2;
pub(crate) const UNIQUE: usize = 3;

/// Pages in one reclaimed location, split by activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Split {
    pub idle: u64,
    pub active: u64,
}

impl Split {
    pub fn total(self) -> u64 {
        self.idle + self.active
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct VmPages {
    pub name: String,
    pub running: bool,
    pub mem: u64,
    pub overhead: u64,
    pub reservation: u64,
    pub limit: Option<u64>,
    pub shares: u64,
    pub tools: bool,
    pub compressible_pct: u64,
    pub write_pct_per_min: u64,
    /// Class percentages of touched pages: zero, OS, app (unique = rest).
    pub pct: [u64; 3],
    /// Touched pages the workload wants (touched grows toward it).
    pub touch_goal: u64,
    /// Active pages the workload wants (at most `touched`).
    pub active_goal: u64,
    pub touched: u64,
    pub private: [u64; 4],
    /// Shared pages of the zero, OS and app classes.
    pub shared: [u64; 3],
    pub bal_free: u64,
    pub gsw: Split,
    pub zip: Split,
    pub swp: Split,
    /// Remainders (in 2^-32 pages) of the scan per class and of the
    /// share-breaking writes per shared class.
    pub scan_carry: [u64; 4],
    pub write_carry: [u64; 3],
    /// Allocation target [pages] from the last step.
    pub target: u64,
}

pub(crate) fn mb_to_pages(mb: u64) -> u64 {
    mb.saturating_mul(PAGES_PER_MB)
}

impl VmPages {
    /// A VM not (yet) running, with its settings taken from `cfg`.
    pub fn from_config(cfg: &VmMemConfig) -> VmPages {
        let mut v = VmPages {
            name: cfg.name.clone(),
            ..VmPages::default()
        };
        v.apply(cfg);
        v
    }

    /// Takes the settings a running VM may change.
    pub fn apply(&mut self, cfg: &VmMemConfig) {
        self.mem = mb_to_pages(cfg.mem_mb);
        self.reservation = mb_to_pages(cfg.reservation_mb).min(self.mem);
        self.limit = cfg.limit_mb.map(mb_to_pages);
        self.shares = cfg.shares;
        self.tools = cfg.tools_installed;
        self.compressible_pct = u64::from(cfg.compressible_pct.min(100));
        self.write_pct_per_min = u64::from(cfg.write_pct_per_min);
        let zero = u64::from(cfg.zero_pct.min(100));
        let os = u64::from(cfg.os_pct).min(100 - zero);
        let app = u64::from(cfg.app_pct).min(100 - zero - os);
        self.pct = [zero, os, app];
        self.touch_goal = self
            .touch_goal
            .max(mb_to_pages(cfg.touched_mb).min(self.mem));
        self.active_goal = mb_to_pages(cfg.active_mb);
    }

    pub fn resident(&self) -> u64 {
        self.private.iter().sum::<u64>() + self.shared.iter().sum::<u64>()
    }

    pub fn private_total(&self) -> u64 {
        self.private.iter().sum()
    }

    pub fn resident_nonzero(&self) -> u64 {
        self.resident() - self.private[ZERO] - self.shared[ZERO]
    }

    pub fn private_nonzero(&self) -> u64 {
        self.private_total() - self.private[ZERO]
    }

    pub fn ballooned(&self) -> u64 {
        self.bal_free + self.gsw.total()
    }

    pub fn reclaimed(&self) -> u64 {
        self.ballooned() + self.zip.total() + self.swp.total()
    }

    pub fn active_reclaimed(&self) -> u64 {
        self.gsw.active + self.zip.active + self.swp.active
    }

    /// Active pages now: the working set, at most what is touched.
    pub fn active(&self) -> u64 {
        self.active_goal.min(self.touched)
    }

    /// Active pages that are resident.
    pub fn active_resident(&self) -> u64 {
        self.active()
            .saturating_sub(self.active_reclaimed())
            .min(self.resident_nonzero())
    }

    /// Active pages among the private ones (spread evenly over resident
    /// non-zero pages).
    pub fn active_private(&self) -> u64 {
        let rnz = self.resident_nonzero();
        if rnz == 0 {
            return 0;
        }
        mul_div(self.active_resident(), self.private_nonzero(), rnz)
    }

    /// Host frames of the compression cache.
    pub fn cache_frames(&self) -> u64 {
        self.zip
            .total()
            .div_ceil(super::config::ZIP_PAGES_PER_FRAME)
    }

    /// Pages of each class among `touched` touched pages (unique pages:
    /// the rest).
    pub fn wants(&self, touched: u64) -> [u64; 4] {
        let [zero, os, app] = self.pct.map(|pct| mul_div(touched, pct, 100));
        [zero, os, app, touched - zero - os - app]
    }

    fn resident_class(&self, c: usize) -> u64 {
        self.private[c] + if c < 3 { self.shared[c] } else { 0 }
    }

    /// Touches `n` new pages, private, split by class.
    pub fn grow(&mut self, n: u64) {
        let new = self.touched + n;
        // Per-class shares are rounded, so one class may lose a page while
        // another gains two: drop the losses from the largest gain.
        let mut delta = [0u64; 4];
        let mut excess = 0;
        let (olds, nows) = (self.wants(self.touched), self.wants(new));
        for ((d, old), now) in delta.iter_mut().zip(olds).zip(nows) {
            *d = now.saturating_sub(old);
            excess += old.saturating_sub(now);
        }
        while excess > 0 {
            let c = (0..4).max_by_key(|&c| delta[c]).unwrap_or(UNIQUE);
            let m = excess.min(delta[c]);
            delta[c] -= m;
            excess -= m;
        }
        for (p, d) in self.private.iter_mut().zip(delta) {
            *p += d;
        }
        self.touched = new;
    }

    /// Relabels reclaimed pages after the working set changed: pages that
    /// left it become idle, and when it outgrows the resident pages,
    /// reclaimed idle pages become active (they are being touched).
    pub fn relabel_active(&mut self) {
        let active = self.active();
        let ra = self.active_reclaimed();
        if active < ra {
            let mut excess = ra - active;
            for s in [&mut self.swp, &mut self.zip, &mut self.gsw] {
                let m = excess.min(s.active);
                s.active -= m;
                s.idle += m;
                excess -= m;
            }
        } else {
            let mut need = (active - ra).saturating_sub(self.resident_nonzero());
            for s in [&mut self.swp, &mut self.zip, &mut self.gsw] {
                let m = need.min(s.idle);
                s.idle -= m;
                s.active += m;
                need -= m;
            }
        }
    }

    /// Removes up to `n` private pages of `classes`, in proportion to their
    /// counts; returns how many.
    pub fn take_private(&mut self, n: u64, classes: &[usize]) -> u64 {
        let total: u64 = classes.iter().map(|&c| self.private[c]).sum();
        if n >= total {
            for &c in classes {
                self.private[c] = 0;
            }
            return total;
        }
        let mut taken = 0;
        for &c in classes {
            let part = mul_div(self.private[c], n, total);
            self.private[c] -= part;
            taken += part;
        }
        for &c in classes {
            if taken == n {
                break;
            }
            if self.private[c] > 0 {
                self.private[c] -= 1;
                taken += 1;
            }
        }
        taken
    }

    /// Puts back `n` reclaimed non-zero-balloon pages as private pages of
    /// the classes they are missing from.
    pub fn put_back(&mut self, n: u64) {
        let mut deficit = self.wants(self.touched);
        for (c, d) in deficit.iter_mut().enumerate() {
            *d = d.saturating_sub(self.resident_class(c));
        }
        deficit[ZERO] = deficit[ZERO].saturating_sub(self.bal_free);
        let total: u64 = deficit.iter().sum();
        if total == 0 {
            self.private[UNIQUE] += n;
            return;
        }
        let mut given = 0;
        for (p, d) in self.private.iter_mut().zip(deficit.iter_mut()) {
            let part = mul_div(*d, n.min(total), total);
            *p += part;
            *d -= part;
            given += part;
        }
        for (p, d) in self.private.iter_mut().zip(deficit.iter_mut()) {
            if given == n.min(total) {
                break;
            }
            if *d > 0 {
                *p += 1;
                *d -= 1;
                given += 1;
            }
        }
        self.private[UNIQUE] += n - given;
    }
}

/// `a * b / d` rounded down, 0 when `d` is 0.
pub(crate) fn mul_div(a: u64, b: u64, d: u64) -> u64 {
    if d == 0 {
        return 0;
    }
    crate::base::wide::mul_div(a, b, d) as u64
}
