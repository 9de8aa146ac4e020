//! Progress of a running check, shared with whoever watches it from another thread: the
//! progress bar on a terminal, and `--timeout`, which must say what was proven when it stops
//! the analysis.
//!
//! Plain atomics: the analysis only stores, the watcher only loads, and a slightly stale view
//! is harmless for both.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// A stage of `check`, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Not started yet (loading and parsing happen before the check proper).
    Starting,
    /// Simulating the control planes of both snapshots (side by side).
    Simulating,
    /// Cutting the address space into classes and deciding the property for each.
    Reachability,
    /// Single-snapshot checks, blame and the verdict.
    Checks,
    /// Finished.
    Done,
}

impl Phase {
    const ALL: [Phase; 5] = [
        Phase::Starting,
        Phase::Simulating,
        Phase::Reachability,
        Phase::Checks,
        Phase::Done,
    ];

    /// What the analysis is doing, for a person.
    pub fn describe(self) -> &'static str {
        match self {
            Phase::Starting => "starting",
            Phase::Simulating => "simulating the control planes before and after the change",
            Phase::Reachability => "deciding reachability for every destination class",
            Phase::Checks => "running single-snapshot checks",
            Phase::Done => "done",
        }
    }
}

/// Shared progress counters.
#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    destination_classes: AtomicUsize,
    classes_to_analyse: AtomicUsize,
    classes_analysed: AtomicUsize,
}

impl Progress {
    /// A fresh progress, at [`Phase::Starting`].
    pub fn new() -> Progress {
        Progress::default()
    }

    /// The current phase.
    pub fn phase(&self) -> Phase {
        let index = usize::from(self.phase.load(Ordering::Relaxed));
        Phase::ALL.get(index).copied().unwrap_or(Phase::Done)
    }

    /// Enters `phase`.
    pub fn enter(&self, phase: Phase) {
        let index = Phase::ALL.iter().position(|p| *p == phase).unwrap_or(0);
        self.phase.store(index as u8, Ordering::Relaxed);
    }

    /// Destination classes whose forwarding differs and that are analysed in full, and how
    /// many of them are done.
    pub fn classes(&self) -> (usize, usize) {
        (
            self.classes_analysed.load(Ordering::Relaxed),
            self.classes_to_analyse.load(Ordering::Relaxed),
        )
    }

    /// Destination classes the address space was cut into (0 until that is done).
    pub fn destination_classes(&self) -> usize {
        self.destination_classes.load(Ordering::Relaxed)
    }

    pub(crate) fn set_classes(&self, destination_classes: usize, to_analyse: usize) {
        self.destination_classes
            .store(destination_classes, Ordering::Relaxed);
        self.classes_to_analyse.store(to_analyse, Ordering::Relaxed);
    }

    pub(crate) fn class_analysed(&self) {
        self.classes_analysed.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_round_trip_through_the_atomic() {
        let progress = Progress::new();
        assert_eq!(progress.phase(), Phase::Starting);
        for phase in Phase::ALL {
            progress.enter(phase);
            assert_eq!(progress.phase(), phase);
        }
        progress.set_classes(10, 3);
        progress.class_analysed();
        assert_eq!(progress.classes(), (1, 3));
        assert_eq!(progress.destination_classes(), 10);
    }
}
