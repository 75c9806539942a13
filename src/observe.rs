//! How a caller follows an operation while it runs: one observer interface for log lines,
//! progress, finished datasets and task-run records. The CLI renders these on a terminal; an
//! HTTP server or a C caller subscribes the same way. Every method has an empty default, so an
//! observer implements only what it shows, and [`Quiet`] ignores everything.
//!
//! Observers are called from the threads doing the work (several at once when datasets
//! replicate side by side): they must be `Sync`, and should return quickly.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use crate::model::record::{DatasetRun, RunRecord};

/// How often [`reporting_progress`] reports while work runs.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

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

/// Runs `work` while telling `obs` how far `counter` (bytes moved, counted by the work) has got
/// against `total` (an estimate; 0 when unknown), a few times a second and once at the end.
/// The work runs on the calling thread; the reports come from a helper thread. The totals
/// reported follow [`progress_total`]; the report at the end, when `complete` says the work did
/// all it had to, has the total equal to what moved (100 %, also where the estimate was off).
pub fn reporting_progress<T>(
    obs: &dyn Observer,
    total: u64,
    counter: &AtomicU64,
    work: impl FnOnce() -> T,
    complete: impl FnOnce(&T) -> bool,
) -> T {
    let done = AtomicBool::new(false);
    let result = std::thread::scope(|s| {
        let ticker = s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                let moved = counter.load(Ordering::Relaxed);
                obs.progress(moved, progress_total(moved, total));
                std::thread::park_timeout(PROGRESS_EVERY);
            }
        });
        let r = work();
        done.store(true, Ordering::Relaxed);
        // Wake it now rather than at its next tick: the caller should not wait for a report.
        ticker.thread().unpark();
        r
    });
    let moved = counter.load(Ordering::Relaxed);
    let end = if complete(&result) {
        moved
    } else {
        progress_total(moved, total)
    };
    obs.progress(moved, end);
    result
}

/// The total to report beside `moved` bytes against the estimate `total`: the estimate, or
/// what moved once it passed it (tiny streams' headers, a resumed or re-copied dataset), so a
/// percentage never passes 100. An unknown total (0) stays unknown.
pub fn progress_total(moved: u64, total: u64) -> u64 {
    if total == 0 {
        0
    } else {
        total.max(moved)
    }
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

    #[test]
    fn progress_is_reported_while_work_runs_and_once_at_the_end() {
        struct Seen(Mutex<Vec<(u64, u64)>>);
        impl Observer for Seen {
            fn progress(&self, done: u64, total: u64) {
                self.0.lock().unwrap().push((done, total));
            }
        }
        let seen = Seen(Mutex::new(Vec::new()));
        let counter = AtomicU64::new(0);
        let started = std::time::Instant::now();
        let out = reporting_progress(
            &seen,
            100,
            &counter,
            || {
                for _ in 0..5 {
                    counter.fetch_add(10, Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(100));
                }
                "done"
            },
            |_| false,
        );
        assert_eq!(out, "done");
        // The end is not delayed by a sleeping reporter.
        assert!(started.elapsed() < Duration::from_millis(500 + 150));
        let seen = seen.0.into_inner().unwrap();
        assert!(seen.len() >= 3, "{seen:?}");
        assert_eq!(*seen.last().unwrap(), (50, 100));
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
    }
}
