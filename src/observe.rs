//! How a caller follows an operation while it runs: one observer interface for log lines,
//! progress, finished datasets and task-run records. The CLI renders these on a terminal; an
//! HTTP server or a C caller subscribes the same way. Every method has an empty default, so an
//! observer implements only what it shows, and [`Quiet`] ignores everything.
//!
//! Observers are called from the threads doing the work (several at once when datasets
//! replicate side by side): they must be `Sync`, and should return quickly.

use crate::model::record::{DatasetRun, RunRecord};

/// Receives what an operation reports while it runs.
pub trait Observer: Sync {
    /// A line of the operation's log, in words ("sent tank/a@s1 -> @s2 into backup/a ...").
    fn log(&self, _line: &str) {}

    /// Bytes of stream moved so far, and the estimated total (0 when there is no estimate).
    fn progress(&self, _bytes_done: u64, _bytes_total: u64) {}

    /// One dataset is done: replicated, up to date, failed or skipped (its `error` says which).
    fn dataset_done(&self, _dataset: &DatasetRun) {}

    /// A task run's record changed: its state, or its progress (about twice a second).
    fn run_updated(&self, _run: &RunRecord) {}
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Observer for Quiet {}

/// An observer that passes log lines to a closure and ignores the rest: the simplest way to
/// follow an operation (`&LogLines(|l| println!("{l}"))`).
#[derive(Debug, Clone, Copy)]
pub struct LogLines<F>(pub F);

impl<F: Fn(&str) + Sync> Observer for LogLines<F> {
    fn log(&self, line: &str) {
        (self.0)(line)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn log_lines_reach_the_closure_and_the_rest_is_ignored() {
        let seen = Mutex::new(Vec::new());
        let obs = LogLines(|l: &str| seen.lock().unwrap().push(l.to_string()));
        let dyn_obs: &dyn Observer = &obs;
        dyn_obs.log("one");
        dyn_obs.progress(1, 2);
        dyn_obs.dataset_done(&DatasetRun::default());
        dyn_obs.log("two");
        assert_eq!(*seen.lock().unwrap(), ["one", "two"]);
        Quiet.log("nothing");
    }
}
