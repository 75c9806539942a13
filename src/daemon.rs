//! The scheduler behind `zsplice daemon`: it looks at the stored tasks every interval and starts
//! those whose schedule says so, each on its own thread. A `once` task runs when it has never
//! run; a cron task runs when a scheduled time has passed since its last run started (or since
//! it was created), so a daemon that was down runs a missed task once, not once per missed time.
//! Tasks already running (in this or another process) are left alone: the task lock decides.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{Local, TimeZone};
use zsplice_zfs::Zfs;

use crate::error::EngineError;
use crate::policy::Schedule;
use crate::run::RunRecord;
use crate::runner::{start_task, StartOptions};
use crate::store::Store;
use crate::task::Task;

/// Whether `task` (whose runs so far are `runs`) should start at `now` (epoch seconds).
pub fn is_due(task: &Task, runs: &[RunRecord], now: u64) -> bool {
    match &task.spec.schedule {
        Schedule::Once => runs.is_empty(),
        schedule @ Schedule::Cron(_) => {
            let since = runs.last().map_or(task.created, |r| r.started);
            let Some(since) = Local.timestamp_opt(since as i64, 0).single() else {
                return false;
            };
            schedule
                .next_after(&since)
                .is_some_and(|next| next.timestamp() <= now as i64)
        }
    }
}

/// Runs the scheduler until `stop` is set. `log` gets one line per decision.
pub fn run(
    store: &Store,
    interval: Duration,
    stop: &AtomicBool,
    log: &(dyn Fn(&str) + Sync),
) -> Result<(), EngineError> {
    // Fail early and clearly when ZFS is not there.
    drop(Zfs::open()?);
    log(&format!(
        "daemon started: state dir {}, checking every {}s",
        store.dir().display(),
        interval.as_secs_f64()
    ));
    let mut workers: Vec<(String, JoinHandle<()>)> = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        workers.retain(|(_, h)| !h.is_finished());
        let now = crate::run::now();
        for task in store.tasks()? {
            let name = task.spec.name.clone();
            if workers.iter().any(|(n, _)| n == &name) || store.is_running(&name) {
                continue;
            }
            if !is_due(&task, &store.runs(&name)?, now) {
                continue;
            }
            log(&format!("starting task {name} ({})", task.spec.schedule));
            let store = store.clone();
            let handle = std::thread::spawn(move || {
                let result = Zfs::open()
                    .map_err(EngineError::from)
                    .and_then(|zfs| start_task(&zfs, &store, &name, &StartOptions::default()));
                match result {
                    Ok(r) => eprintln!(
                        "zsplice daemon: task {name} run {} finished: {} snapshot(s), {} bytes",
                        r.number,
                        r.snapshots_sent(),
                        r.bytes_done
                    ),
                    Err(e) => eprintln!("zsplice daemon: task {name} failed: {e}"),
                }
            });
            workers.push((task.spec.name.clone(), handle));
        }
        let mut slept = Duration::ZERO;
        while slept < interval && !stop.load(Ordering::Relaxed) {
            let step = Duration::from_millis(200).min(interval - slept);
            std::thread::sleep(step);
            slept += step;
        }
    }
    for (_, h) in workers {
        let _ = h.join();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::{SourceSpec, TaskSpec};

    fn task(schedule: &str, created: u64) -> Task {
        Task::new(
            TaskSpec {
                name: "t".into(),
                sources: vec![SourceSpec {
                    dataset: "p/a".parse().unwrap(),
                    recursive: false,
                    exclude: vec![],
                }],
                destination: "q/a".parse().unwrap(),
                naming_schema: Default::default(),
                schedule: schedule.parse().unwrap(),
                retention: crate::policy::Retention::None,
                allow_from_scratch: false,
                readonly: false,
                properties: Default::default(),
            },
            created,
        )
    }

    #[test]
    fn once_runs_exactly_once() {
        let t = task("once", 1000);
        assert!(is_due(&t, &[], 1000));
        assert!(!is_due(&t, &[RunRecord::new("t", 1)], 5000));
    }

    #[test]
    fn cron_runs_when_a_scheduled_time_passed_since_the_last_run() {
        // Every minute: created at second 30 of a minute, due from the next minute on.
        let created = 1_795_600_030; // 2026-11-25 09:47:10 UTC
        let t = task("* * * * *", created);
        assert!(!is_due(&t, &[], created + 5));
        assert!(is_due(&t, &[], created + 60));
        let mut last = RunRecord::new("t", 1);
        last.started = created + 60;
        assert!(!is_due(&t, std::slice::from_ref(&last), created + 61));
        assert!(is_due(&t, &[last], created + 130));
    }
}
