//! A run's trace, shared by the views that draw it, compared by identity.
//!
//! `Rc<Trace>` compares its contents: a component given the same day-long
//! trace again walked every sample of it to learn that nothing changed,
//! on every render of the lab page (each slice of a run, each frame the
//! timeline plays). A trace is never changed in place, and each run makes
//! a new one, so the same allocation means the same trace.

use std::ops::Deref;
use std::rc::Rc;
use vlab_sim::Trace;

#[derive(Debug, Clone)]
pub struct SharedTrace(pub Rc<Trace>);

impl PartialEq for SharedTrace {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for SharedTrace {
    type Target = Trace;
    fn deref(&self) -> &Trace {
        &self.0
    }
}

impl From<Rc<Trace>> for SharedTrace {
    fn from(trace: Rc<Trace>) -> Self {
        SharedTrace(trace)
    }
}

/// One sample of a shared trace, compared by the trace's identity and the
/// sample's index: the tables and the cluster picture get the sample the
/// timeline shows without copying it, and skip a render when it is the
/// one they drew.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedSample {
    pub trace: SharedTrace,
    pub index: usize,
}

impl SharedSample {
    /// Sample `index` of `trace`, or its last if `index` is past the end.
    pub fn new(trace: SharedTrace, index: usize) -> SharedSample {
        let index = index.min(trace.samples.len().saturating_sub(1));
        SharedSample { trace, index }
    }
}

impl Deref for SharedSample {
    type Target = vlab_sim::Sample;
    fn deref(&self) -> &vlab_sim::Sample {
        &self.trace.samples[self.index]
    }
}

impl From<vlab_sim::Sample> for SharedSample {
    /// A sample on its own, as a trace of one sample (tests, previews).
    fn from(sample: vlab_sim::Sample) -> SharedSample {
        let trace = Trace {
            seed: 0,
            samples: vec![sample],
            events: Vec::new(),
            migrations: Vec::new(),
            drs: None,
        };
        SharedSample::new(SharedTrace(Rc::new(trace)), 0)
    }
}
