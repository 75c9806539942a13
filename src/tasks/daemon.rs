//! The scheduler behind `zsplice daemon`: it looks at the stored tasks every interval and starts
//! those whose schedule says so, each on its own thread, all under one cap on transfers in
//! flight. A `once` task runs when it has never run; a cron task runs when a scheduled time has
//! passed since its last run started (or since it was created), so a daemon that was down runs
//! a missed task once, not once per missed time. Tasks already running (in this or another
//! process) are left alone: the task lock decides. Task files are read afresh at every look,
//! so tasks created, edited or deleted are picked up without a restart; a task whose files
//! cannot be read is reported and skipped, and every other task goes on. A stop request ends
//! running transfers (they stay resumable) and records those runs as interrupted.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::ScopedJoinHandle;
use std::time::{Duration, Instant};

use chrono::{Local, TimeZone};
use zsplice_zfs::Zfs;

use crate::error::{EngineError, ErrorKind};
use crate::model::policy::Schedule;
use crate::model::record::{RunRecord, RunState};
use crate::model::task::Task;
use crate::observe::Observer;
use crate::tasks::run::{start_task, StartOptions};
use crate::tasks::status::{last_run_as_it_stands, recover_stale_runs};
use crate::tasks::store::Store;
use crate::transfer::supervise::TransferSlots;

/// A last run that started this far in the future means the clock was set back: waiting for
/// the clock to catch up could stop a task for days, so the task is due at once.
const CLOCK_BACK_SLACK: u64 = 300;

/// Whether `task` (whose newest run is `last`) should start at `now` (epoch seconds).
pub fn is_due(task: &Task, last: Option<&RunRecord>, now: u64) -> bool {
    match &task.spec.schedule {
        // A `once` task whose run was interrupted (the daemon stopped, or died) has not run
        // once yet: it runs again, and resumes.
        Schedule::Once => last.is_none_or(|r| r.state == RunState::Interrupted),
        // An interrupted run (the daemon was stopped or died mid-transfer) is finished at
        // once, not at the next scheduled time, which may be a day away.
        Schedule::Cron(_) if last.is_some_and(|r| r.state == RunState::Interrupted) => true,
        schedule @ Schedule::Cron(_) => {
            let since = last.map_or(task.created, |r| r.started);
            if since > now.saturating_add(CLOCK_BACK_SLACK) {
                return true;
            }
            let Some(since) = Local.timestamp_opt(since as i64, 0).single() else {
                return false;
            };
            // croner skips a wall-clock time already passed in the hour repeated when daylight
            // saving time ends (as cron(8) does), so such a time neither fires twice nor
            // names the same snapshot twice (see the test below).
            schedule
                .next_after(&since)
                .is_some_and(|next| next.timestamp() <= now as i64)
        }
    }
}

/// When the scheduler starts `task` next (epoch seconds), its newest run being `last`: at the
/// next look when it is due now, `None` for a `once` task that ran.
pub fn next_run(task: &Task, last: Option<&RunRecord>, now: u64) -> Option<u64> {
    // A running task is not due again until its run ends.
    let running = last.is_some_and(|r| r.state.is_live());
    if !running && is_due(task, last, now) {
        return Some(now);
    }
    match task.spec.schedule {
        Schedule::Once => None,
        Schedule::Cron(_) => next_cron(task, last, now),
    }
}

/// The next time `task`'s cron schedule gives after its newest run started (or after now).
fn next_cron(task: &Task, last: Option<&RunRecord>, now: u64) -> Option<u64> {
    let since = last.map_or(task.created, |r| r.started).max(now);
    let since = Local.timestamp_opt(since as i64, 0).single()?;
    let next = task.spec.schedule.next_after(&since)?;
    u64::try_from(next.timestamp()).ok()
}

/// How the daemon runs.
#[derive(Debug, Clone)]
pub struct DaemonOptions {
    /// Time between looks at the schedules.
    pub interval: Duration,
    /// Transfers in flight across every task at once.
    pub max_transfers: usize,
}

/// A start asked for by a front end (the HTTP API's "run now"), answered with the run's
/// number once it is recorded, or with why it could not start.
struct StartRequest {
    name: String,
    allow_from_scratch: bool,
    reply: Sender<Result<u64, EngineError>>,
}

/// The scheduler behind `zsplice daemon`, shared with the front ends it serves: they start
/// runs through it ([`Daemon::start_now`]) so every run is bound by the same transfer cap and
/// stops with the daemon.
#[derive(Debug)]
pub struct Daemon {
    store: Store,
    opts: DaemonOptions,
    stop: Arc<AtomicBool>,
    slots: TransferSlots,
    requests: Mutex<Sender<StartRequest>>,
    inbox: Mutex<Option<Receiver<StartRequest>>>,
}

impl std::fmt::Debug for StartRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StartRequest")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Why a start asked for while the daemon stops is refused.
fn stopping() -> EngineError {
    EngineError::Busy("the daemon is stopping; start the task after it is back".into())
}

/// How long a front end waits for a started run to be recorded.
const START_ANSWER_WITHIN: Duration = Duration::from_secs(60);

impl Daemon {
    /// A daemon over `store`; setting `stop` stops it (see [`Daemon::run`]).
    pub fn new(store: Store, opts: DaemonOptions, stop: Arc<AtomicBool>) -> Daemon {
        let (tx, rx) = mpsc::channel();
        Daemon {
            slots: TransferSlots::new(opts.max_transfers),
            store,
            opts,
            stop,
            requests: Mutex::new(tx),
            inbox: Mutex::new(Some(rx)),
        }
    }

    /// The state directory it serves.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Transfers in flight now, across every task this daemon runs, and the cap on them.
    pub fn transfers(&self) -> (usize, usize) {
        (self.slots.in_use(), self.slots.max())
    }

    /// Starts task `name` now, as the scheduler would (with this run re-copying diverged
    /// destinations when `allow_from_scratch`), and returns the run's number once it is
    /// recorded; the run goes on in the daemon. Fails at once when the task does not exist,
    /// is running, would copy nothing new, or the daemon is stopping.
    pub fn start_now(&self, name: &str, allow_from_scratch: bool) -> Result<u64, EngineError> {
        self.store.task(name)?;
        if self.stop.load(Ordering::Relaxed) {
            return Err(stopping());
        }
        let (reply, answer) = mpsc::channel();
        let request = StartRequest {
            name: name.to_string(),
            allow_from_scratch,
            reply,
        };
        let sent = self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send(request);
        if sent.is_err() {
            return Err(EngineError::Busy(
                "the daemon's scheduler is not running".into(),
            ));
        }
        answer
            .recv_timeout(START_ANSWER_WITHIN)
            .unwrap_or_else(|_| {
                Err(EngineError::Busy(format!(
                    "task '{name}' did not start within {}s (see the daemon's log)",
                    START_ANSWER_WITHIN.as_secs()
                )))
            })
    }

    /// Runs the scheduler until `stop` is set, then stops the running transfers and waits
    /// for their runs to be recorded. `on_tick` is called at every look (a service manager's
    /// watchdog). Fails only when the state dir itself cannot be read at the start, or ZFS is
    /// not there; later trouble is logged and the daemon goes on.
    pub fn run(&self, on_tick: &(dyn Fn() + Sync)) -> Result<(), EngineError> {
        let inbox = self
            .inbox
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or_else(|| EngineError::Busy("this daemon's scheduler already ran".into()))?;
        let (store, stop, slots) = (&self.store, &*self.stop, &self.slots);
        // Fail early and clearly when ZFS or the state dir is not there.
        drop(Zfs::open()?);
        for (name, task) in store.task_entries()? {
            if task.is_ok() {
                if let Ok(_lock) = store.lock(&name) {
                    if let Err(e) = recover_stale_runs(store, &name) {
                        tracing::warn!("task {name}: {e}");
                    }
                }
            }
        }
        tracing::info!(
            "daemon started: state dir {}, checking every {}s, at most {} transfers at once",
            store.dir().display(),
            self.opts.interval.as_secs_f64(),
            slots.max()
        );
        std::thread::scope(|s| {
            let mut workers: Vec<(String, ScopedJoinHandle<'_, ()>)> = Vec::new();
            // The last problem reported per task, so a broken file is told once, not every
            // tick.
            let mut reported: BTreeMap<String, String> = BTreeMap::new();
            let mut next_look = Instant::now();
            while !stop.load(Ordering::Relaxed) {
                workers.retain(|(_, h)| !h.is_finished());
                if Instant::now() >= next_look {
                    on_tick();
                    for name in due_tasks(store, &workers, &mut reported) {
                        let task = name.clone();
                        let handle =
                            s.spawn(move || run_one(store, &task, stop, slots, false, None));
                        workers.push((name, handle));
                    }
                    next_look = Instant::now() + self.opts.interval;
                }
                // Starts asked for by a front end are taken at once; a stop is seen within
                // a fraction of a second.
                let wait = next_look
                    .saturating_duration_since(Instant::now())
                    .min(Duration::from_millis(200));
                if let Ok(req) = inbox.recv_timeout(wait) {
                    if stop.load(Ordering::Relaxed) {
                        let _ = req.reply.send(Err(stopping()));
                        continue;
                    }
                    let running_here = workers
                        .iter()
                        .any(|(n, h)| *n == req.name && !h.is_finished());
                    if running_here && !req.allow_from_scratch {
                        // The scheduler started it a moment ago (a `once` task just created):
                        // the asker gets that run rather than a "busy".
                        s.spawn(move || join_run(store, &req.name, req.reply));
                        continue;
                    }
                    tracing::info!("starting task {} (asked for)", req.name);
                    let name = req.name.clone();
                    let handle = s.spawn(move || {
                        run_one(
                            store,
                            &req.name,
                            stop,
                            slots,
                            req.allow_from_scratch,
                            Some(req.reply),
                        )
                    });
                    workers.push((name, handle));
                }
            }
            workers.retain(|(_, h)| !h.is_finished());
            if !workers.is_empty() {
                tracing::info!(
                    "stopping: ending {} running task(s); their transfers resume at the next \
                     start",
                    workers.len()
                );
            }
        });
        Ok(())
    }
}

/// The tasks to start now. Problems (a damaged file, a state dir that cannot be read) are
/// logged once per change, and the tasks they touch skipped.
fn due_tasks(
    store: &Store,
    workers: &[(String, ScopedJoinHandle<'_, ()>)],
    reported: &mut BTreeMap<String, String>,
) -> Vec<String> {
    let listing = store.task_entries();
    // A task whose file went away is forgotten, so a damaged file dropped in again later is
    // reported again.
    if let Ok(entries) = &listing {
        let gone: Vec<String> = reported
            .keys()
            .filter(|k| *k != "*" && !entries.iter().any(|(n, _)| n == *k))
            .cloned()
            .collect();
        for name in gone {
            tracing::info!("task {name}: its file is gone");
            reported.remove(&name);
        }
    }
    let mut report = |name: &str, problem: Option<String>| match problem {
        Some(p) if reported.get(name) != Some(&p) => {
            tracing::error!("task {name} skipped: {p}");
            reported.insert(name.to_string(), p);
        }
        Some(_) => {}
        None => {
            if reported.remove(name).is_some() {
                tracing::info!("task {name} is readable again");
            }
        }
    };
    let entries = match listing {
        Ok(e) => e,
        Err(e) => {
            report("*", Some(e.to_string()));
            return Vec::new();
        }
    };
    report("*", None);
    let now = crate::model::record::now();
    let mut due = Vec::new();
    for (name, task) in entries {
        let task = match task {
            Ok(t) => t,
            Err(e) => {
                report(&name, Some(e.to_string()));
                continue;
            }
        };
        if workers.iter().any(|(n, _)| *n == name) || store.is_running(&name) {
            continue;
        }
        // A run still recorded as live whose process died counts as interrupted.
        let last = match last_run_as_it_stands(store, &name) {
            Ok(l) => l,
            Err(e) => {
                report(&name, Some(e.to_string()));
                continue;
            }
        };
        report(&name, None);
        if is_due(&task, last.as_ref(), now) {
            tracing::info!("starting task {name} ({})", task.spec.schedule);
            due.push(name);
        }
    }
    due
}

/// Answers a start asked for while this daemon already runs `name`: with that run's number
/// once it is recorded.
fn join_run(store: &Store, name: &str, reply: Sender<Result<u64, EngineError>>) {
    let asked = Instant::now();
    while asked.elapsed() < START_ANSWER_WITHIN {
        match store.last_run(name) {
            Ok(Some(r)) if r.state.is_live() => {
                let _ = reply.send(Ok(r.number));
                return;
            }
            Err(e) => {
                let _ = reply.send(Err(e.into()));
                return;
            }
            Ok(_) => {}
        }
        // The scheduler's run ended before recording anything (nothing new to copy, say).
        if asked.elapsed() > Duration::from_secs(2) && !store.is_running(name) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = reply.send(Err(EngineError::Busy(format!(
        "task '{name}' was being started by the schedule; see its runs for how it went"
    ))));
}

/// Tells whoever asked for a run its number, at the first save of its record.
struct Answer(Mutex<Option<Sender<Result<u64, EngineError>>>>);

impl Answer {
    fn take(&self) -> Option<Sender<Result<u64, EngineError>>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl Observer for Answer {
    fn run_updated(&self, run: &RunRecord) {
        if let Some(tx) = self.take() {
            let _ = tx.send(Ok(run.number));
        }
    }
}

/// One run of task `name`, on a worker thread; `reply` (a front end's start) hears the run's
/// number once it is recorded, or the error that kept it from starting.
fn run_one(
    store: &Store,
    name: &str,
    stop: &AtomicBool,
    slots: &TransferSlots,
    allow_from_scratch: bool,
    reply: Option<Sender<Result<u64, EngineError>>>,
) {
    let answer = Answer(Mutex::new(reply));
    let opts = StartOptions {
        allow_from_scratch,
        observer: &answer,
        cancel: Some(stop),
        slots: Some(slots),
        ..StartOptions::default()
    };
    let result = Zfs::open()
        .map_err(EngineError::from)
        .and_then(|zfs| start_task(&zfs, store, name, &opts));
    match result {
        Ok(r) => tracing::info!(
            "task {name} run {} finished: {} snapshot(s), {} bytes",
            r.number,
            r.snapshots_sent(),
            r.bytes_done
        ),
        Err(e) => {
            match &e {
                EngineError::Cancelled(_) => tracing::warn!("task {name} interrupted: {e}"),
                e if e.kind() == ErrorKind::Refused => tracing::warn!(
                    "task {name} refused (nothing was changed; start it allowing a copy from \
                     scratch to re-copy): {e}"
                ),
                e if e.kind() == ErrorKind::Conflict => tracing::info!("task {name}: {e}"),
                _ => tracing::error!("task {name} failed: {e}"),
            }
            // Not recorded at all (running elsewhere, nothing new): the asker hears why.
            if let Some(tx) = answer.take() {
                let _ = tx.send(Err(e));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::task::{SourceSpec, TaskSpec};

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
                retention: crate::model::policy::Retention::None,
                allow_from_scratch: false,
                readonly: false,
                properties: Default::default(),
                source_retention: Default::default(),
                retries: 5,
                stall_timeout: Default::default(),
                keep_runs: 366,
            },
            created,
        )
    }

    #[test]
    fn once_runs_exactly_once() {
        let t = task("once", 1000);
        assert!(is_due(&t, None, 1000));
        let mut last = RunRecord::new("t", 1);
        last.state = RunState::Finished;
        assert!(!is_due(&t, Some(&last), 5000));
        last.state = RunState::Failed;
        assert!(!is_due(&t, Some(&last), 5000));
        last.state = RunState::Interrupted;
        assert!(
            is_due(&t, Some(&last), 5000),
            "an interrupted once task runs again"
        );
    }

    #[test]
    fn a_clock_set_back_does_not_stop_a_cron_task() {
        let t = task("0 * * * *", 1_000);
        let mut last = RunRecord::new("t", 1);
        // Recorded a year ahead of the clock: before, the task waited a year.
        last.started = 1_795_600_000 + 365 * 86_400;
        assert!(is_due(&t, Some(&last), 1_795_600_000));
        // A small step back (NTP) changes nothing.
        last.started = 1_795_600_000 + 60;
        assert!(!is_due(&t, Some(&last), 1_795_600_000));
    }

    #[test]
    fn the_hour_repeated_when_dst_ends_fires_once() {
        // 2026-11-01 in New York: 01:00-01:59 EDT (UTC-4), then again 01:00-01:59 EST (UTC-5).
        assert!(
            std::path::Path::new("/usr/share/zoneinfo/America/New_York").exists(),
            "this test needs the tz database (apt-get install tzdata; scripts/setup-host.sh \
             installs it)"
        );
        let t = task("30 * * * *", 1_000);
        // A run started at 01:30:05 EDT (05:30:05 UTC).
        let mut last = RunRecord::new("t", 1);
        last.started = chrono::Utc
            .with_ymd_and_hms(2026, 11, 1, 5, 30, 5)
            .unwrap()
            .timestamp() as u64;
        // Only this test reads the local zone with TZ set; the others do not depend on it.
        std::env::set_var("TZ", "America/New_York");
        let at_repeated_0131 = is_due(&t, Some(&last), last.started + 3_655);
        let at_0230_est = is_due(&t, Some(&last), last.started + 2 * 3_600);
        std::env::remove_var("TZ");
        assert!(
            !at_repeated_0131,
            "01:30 EST would repeat 01:30's snapshot name"
        );
        assert!(at_0230_est, "02:30 EST is the next time");
    }

    #[test]
    fn cron_runs_when_a_scheduled_time_passed_since_the_last_run() {
        // Every minute: created at second 30 of a minute, due from the next minute on.
        let created = 1_795_600_030; // 2026-11-25 09:47:10 UTC
        let t = task("* * * * *", created);
        assert!(!is_due(&t, None, created + 5));
        assert!(is_due(&t, None, created + 60));
        let mut last = RunRecord::new("t", 1);
        last.started = created + 60;
        assert!(!is_due(&t, Some(&last), created + 61));
        assert!(is_due(&t, Some(&last), created + 130));
        // Stopped mid-run: due at once, before the next scheduled time.
        last.state = RunState::Interrupted;
        assert!(is_due(&t, Some(&last), created + 61));
    }
}
