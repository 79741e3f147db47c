//! The series the lab page's line charts draw, derived once per run: A's,
//! and B's while comparing (`compare.rs`), built alike so their curves
//! overlay.

use crate::common::chart::Series;
use crate::io::io_series::{self, DiskQuantity};
use crate::resource::resource_series::{self, Resource};
use crate::text::Lang;
use std::rc::Rc;
use vlab_sim::Outcome;

/// One run's chart lines: CPU and memory granted, CPU ready, network
/// traffic, disk IOPS and latency (the last four empty where the lab has
/// nothing to draw).
#[derive(Debug, PartialEq)]
pub struct ChartSeries {
    pub cpu: Rc<Vec<Series>>,
    pub mem: Rc<Vec<Series>>,
    pub ready: Rc<Vec<Series>>,
    pub traffic: Rc<Vec<Series>>,
    pub iops: Rc<Vec<Series>>,
    pub latency: Rc<Vec<Series>>,
}

impl ChartSeries {
    pub fn of(o: &Outcome, lang: Lang) -> ChartSeries {
        let t = &o.trace;
        ChartSeries {
            cpu: Rc::new(resource_series::series(t, Resource::Cpu)),
            mem: Rc::new(resource_series::series(t, Resource::Mem)),
            ready: Rc::new(resource_series::ready_series(t)),
            traffic: Rc::new(io_series::traffic_series(t, lang)),
            iops: Rc::new(io_series::disk_series(t, DiskQuantity::Iops)),
            latency: Rc::new(io_series::disk_series(t, DiskQuantity::LatencyMs)),
        }
    }
}
