//! Starting a task (TrueNAS's "start replication"): claim the task, snapshot every source in
//! one transaction per pool, replicate every dataset from the newest common snapshot, move the
//! hold on each incremental base forward, apply the destination retention, and record the run
//! (state, progress, bytes and snapshots per dataset, log) in the store as it goes.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use zsplice_zfs::{DatasetName, ErrorKind, SnapshotName, Zfs};

use crate::error::{self, EngineError};
use crate::model::record::{now, RunRecord, RunState};
use crate::model::task::Task;
use crate::observe::{progress_total, Observer, Quiet};
use crate::replicate::execute::Executor;
use crate::replicate::listings::ListingCache;
use crate::replicate::live::LiveDatasets;
use crate::replicate::options::JobOptions;
use crate::replicate::pair_plan::{estimate_each, plan_pairs, short};
use crate::replicate::pairs::{expand, Pair};
use crate::replicate::plan::PlanError;
use crate::replicate::refusal::OnDivergence;
use crate::tasks::status::recover_stale_runs;
use crate::tasks::store::Store;
use crate::tasks::{holds, retention};
use crate::transfer::retry::retrying;
use crate::transfer::supervise::TransferSlots;

/// How often a running task writes its progress to the store.
const PROGRESS_EVERY: Duration = Duration::from_millis(500);

/// Asked with every refusal before a run refuses; returning true allows re-copying.
pub type ConfirmFn<'a> = &'a dyn Fn(&[PlanError]) -> bool;

/// How a caller (the CLI, the daemon, firmware) runs a task, and follows it.
pub struct StartOptions<'a> {
    /// Re-copy diverged destinations for this run even if the task does not allow it.
    pub allow_from_scratch: bool,
    /// Asked (with every refusal) before refusing; true allows re-copying for this run.
    pub confirm: Option<ConfirmFn<'a>>,
    /// Sees every log line as it is written, the run record each time it is saved (about
    /// twice a second while running), progress, and each finished dataset.
    pub observer: &'a dyn Observer,
    /// Set to stop the run: transfers end at once (resumable) and the run is recorded as
    /// interrupted.
    pub cancel: Option<&'a AtomicBool>,
    /// A cap on transfers in flight shared with other runs of this process.
    pub slots: Option<&'a TransferSlots>,
}

impl Default for StartOptions<'_> {
    fn default() -> Self {
        StartOptions {
            allow_from_scratch: false,
            confirm: None,
            observer: &Quiet,
            cancel: None,
            slots: None,
        }
    }
}

impl std::fmt::Debug for StartOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StartOptions")
            .field("allow_from_scratch", &self.allow_from_scratch)
            .finish_non_exhaustive()
    }
}

/// A run's state shared between the replicating thread and the progress writer.
struct Live<'a> {
    store: &'a Store,
    record: Mutex<RunRecord>,
    log: Mutex<File>,
    observer: &'a dyn Observer,
    bytes: AtomicU64,
    /// The datasets being sent, once the run knows what it sends.
    sending: OnceLock<LiveDatasets>,
    started: Instant,
}

impl Live<'_> {
    fn log(&self, line: &str) {
        self.write_log(line);
        self.observer.log(line);
    }

    /// A line for the run's log only: the observer learns the same from the error the run
    /// returns, and should not hear it twice.
    fn write_log(&self, line: &str) {
        // The run's own log is the record; with -v (or RUST_LOG=zsplice=debug) the process's
        // log, the daemon's journal, gets each line too.
        if tracing::enabled!(tracing::Level::DEBUG) {
            let rec = self.record.lock().unwrap_or_else(|p| p.into_inner());
            tracing::debug!("task {} run {}: {line}", rec.task, rec.number);
        }
        // Local time with its offset, as schedules and snapshot names are.
        let stamp = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%:z");
        if let Ok(mut f) = self.log.lock() {
            // A log that cannot be written must not stop a replication; the record still
            // carries the outcome.
            let _ = writeln!(f, "{stamp} {line}");
        }
    }

    fn update(&self, f: impl FnOnce(&mut RunRecord)) -> Result<(), EngineError> {
        let mut rec = self.record.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut rec);
        let done = self.bytes.load(Ordering::Relaxed);
        rec.bytes_done = done;
        rec.in_flight = match self.sending.get() {
            Some(s) if rec.state.is_live() => s.now(),
            _ => Vec::new(),
        };
        rec.transfers = u32::try_from(rec.in_flight.len()).unwrap_or(u32::MAX);
        let secs = self.started.elapsed().as_secs_f64();
        rec.rate = if secs > 0.0 {
            (done as f64 / secs) as u64
        } else {
            0
        };
        self.store.save_run(&rec)?;
        self.observer.run_updated(&rec);
        // A finished run did all it had to: its last report is 100 % whatever the estimate.
        let total = match rec.state {
            RunState::Finished => rec.bytes_done,
            _ => progress_total(rec.bytes_done, rec.bytes_total),
        };
        self.observer.progress(rec.bytes_done, total);
        Ok(())
    }
}

/// Starts task `name` in this thread and returns its finished run record; when the run fails,
/// the record (state failed, with the error) is stored and the error returned.
pub fn start_task(
    zfs: &Zfs,
    store: &Store,
    name: &str,
    opts: &StartOptions<'_>,
) -> Result<RunRecord, EngineError> {
    store.task(name)?;
    let _lock = store.lock(name)?;
    // Read again under the lock: a `task delete` that got the lock first has finished.
    let mut task = store.task(name)?;
    recover_stale_runs(store, name)?;
    // A start that would copy nothing (this period's snapshot is on every destination already)
    // is refused before a run is recorded: nothing failed. When the sources cannot be listed,
    // the run below records why. The run uses this listing of the sources too.
    let pairs = task_pairs(zfs, &task);
    if let Ok(pairs) = &pairs {
        period_snapshot(&task, pairs)?;
    }
    let number = store.last_run_number(name)? + 1;
    let record = RunRecord::new(name, number);
    store.save_run(&record)?;
    let live = Live {
        store,
        log: Mutex::new(store.open_log(name, number)?),
        record: Mutex::new(record),
        observer: opts.observer,
        bytes: AtomicU64::new(0),
        sending: OnceLock::new(),
        started: Instant::now(),
    };
    live.log(&format!(
        "run {number} of task {name} started (pid {})",
        std::process::id()
    ));
    live.update(|r| r.state = RunState::Running)?;
    holds::settle(zfs, store, &mut task, &|l| live.log(l))?;

    let stop = AtomicBool::new(false);
    let outcome = std::thread::scope(|s| {
        s.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(PROGRESS_EVERY);
                if !stop.load(Ordering::Relaxed) {
                    let _ = live.update(|_| {});
                }
            }
        });
        let r = run_body(zfs, &mut task, pairs, &live, opts);
        stop.store(true, Ordering::Relaxed);
        r
    });

    let (state, error, code) = match &outcome {
        Ok(()) => (RunState::Finished, None, 0),
        Err(e @ EngineError::Cancelled(_)) => {
            (RunState::Interrupted, Some(e.to_string()), e.exit_code())
        }
        Err(e) if e.kind() == error::ErrorKind::Refused => {
            (RunState::Refused, Some(e.to_string()), e.exit_code())
        }
        Err(e) => (RunState::Failed, Some(e.to_string()), e.exit_code()),
    };
    match &error {
        None => {
            let rec = live.record.lock().unwrap_or_else(|p| p.into_inner());
            let line = format!(
                "run {number} finished: {} snapshot(s), {} bytes",
                rec.snapshots_sent(),
                live.bytes.load(Ordering::Relaxed)
            );
            drop(rec);
            live.log(&line);
        }
        Some(e) if state == RunState::Refused => {
            live.write_log(&format!("run {number} refused: {e}"))
        }
        Some(e) if state == RunState::Interrupted => {
            live.write_log(&format!("run {number} interrupted: {e}"))
        }
        Some(e) => live.write_log(&format!("run {number} failed: {e}")),
    }
    let would_destroy = outcome
        .as_ref()
        .err()
        .map(EngineError::would_destroy)
        .unwrap_or_default();
    live.update(|r| {
        r.state = state;
        r.ended = Some(now());
        r.error = error;
        r.exit_code = Some(code);
        r.would_destroy = would_destroy;
    })?;
    if let Ok(f) = live.log.lock() {
        let _ = f.sync_all();
    }
    let record = live.record.into_inner().unwrap_or_else(|p| p.into_inner());
    // History stays bounded; a failure to prune never fails the run that just ended.
    let _ = store.prune_runs(name, task.spec.keep_runs);
    outcome.map(|()| record)
}

/// Every dataset `task` replicates, paired with where it lands, parents first.
pub(crate) fn task_pairs(zfs: &Zfs, task: &Task) -> Result<Vec<Pair>, EngineError> {
    let spec = &task.spec;
    expand(zfs, &spec.sources, &spec.destination).map_err(|e| match e {
        // A source or pool that existed when the task was created is gone.
        e if e.kind() == error::ErrorKind::Usage => EngineError::Usage(format!(
            "{e}; nothing was replicated (a task keeps the names it was created with: if a \
             source was renamed, delete the task and create it again)"
        )),
        e => e,
    })
}

/// The options a run of `task` replicates with (a dry run plans with the same).
pub(crate) fn job_options(task: &Task, on_divergence: OnDivergence) -> JobOptions {
    JobOptions {
        schema: Some(task.spec.naming_schema.clone()),
        on_divergence,
        properties: task.spec.properties.clone(),
        readonly: task.spec.readonly,
        retries: task.spec.retries,
        stall_timeout: task.spec.stall_timeout.0,
        ..JobOptions::default()
    }
}

/// The run itself, on the datasets `pairs` lists (or failing with why they could not be listed).
fn run_body(
    zfs: &Zfs,
    task: &mut Task,
    pairs: Result<Vec<Pair>, EngineError>,
    live: &Live<'_>,
    opts: &StartOptions<'_>,
) -> Result<(), EngineError> {
    let spec = task.spec.clone();
    let pairs = pairs?;
    live.log(&format!(
        "{} dataset(s) to replicate into {}",
        pairs.len(),
        spec.destination
    ));

    // Refuse before touching anything, sources included.
    let mut policy = OnDivergence::allowing(spec.allow_from_scratch || opts.allow_from_scratch);
    // One cache of snapshot listings for both plans of the run (each plan reads every
    // source's properties afresh, so a snapshot taken in between is never missed).
    let listings = Some(Arc::new(ListingCache::open_default()));
    let check = JobOptions {
        snapshot_coming: true,
        listings: listings.clone(),
        ..job_options(task, policy)
    };
    let checked = plan_pairs(zfs, &pairs, &check)?;
    let refusals = policy.stopping(checked.iter().map(|p| &p.outcome), true);
    if !refusals.is_empty() {
        if opts.confirm.is_some_and(|ask| ask(&refusals)) {
            live.log("re-copying from scratch: confirmed at the terminal");
            policy = OnDivergence::Recopy;
        } else {
            return Err(EngineError::refusals(refusals));
        }
    }

    if opts.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        return Err(EngineError::Cancelled(
            "stopped on request before any snapshot was taken".into(),
        ));
    }
    let snapname = take_snapshots(zfs, task, &pairs, live)?;
    live.update(|r| r.snapshot = Some(snapname.clone()))?;

    let job = JobOptions {
        listings,
        ..job_options(task, policy)
    };
    let plans = plan_pairs(zfs, &pairs, &job)?;
    let each = estimate_each(zfs, &plans, &job)?;
    let estimates = plans
        .iter()
        .zip(&each)
        .map(|(p, e)| (p.pair.destination.to_string(), *e))
        .collect();
    let _ = live.sending.set(LiveDatasets::new(estimates));
    live.update(|r| r.bytes_total = each.iter().sum())?;

    let exec = Executor {
        zfs,
        opts: &job,
        progress: &live.bytes,
        features: Default::default(),
        cancel: opts.cancel,
        slots: opts.slots,
        live: live.sending.get(),
    };
    let log = |l: &str| live.log(l);
    let failed: Mutex<Vec<EngineError>> = Mutex::new(Vec::new());
    let bases: Mutex<BTreeMap<String, (Pair, String)>> = Mutex::new(BTreeMap::new());
    let plan_order: Vec<String> = plans
        .iter()
        .map(|p| p.pair.destination.to_string())
        .collect();
    exec.run_all(plans, &log, &|out| {
        live.log(&format!(
            "{} -> {}: {} ({} snapshot(s), {} bytes)",
            out.record.source,
            out.record.destination,
            out.record.mode,
            out.record.snapshots,
            out.record.bytes
        ));
        live.observer.dataset_done(&out.record);
        let _ = live.update(|r| r.datasets.push(out.record));
        match out.result {
            Ok(()) => {
                if let Some(base) = out.base {
                    let mut b = bases.lock().unwrap_or_else(|p| p.into_inner());
                    b.insert(out.pair.source.to_string(), (out.pair, base));
                }
            }
            Err(e) => {
                live.log(&format!("{}: failed: {e}", out.pair.destination));
                failed.lock().unwrap_or_else(|p| p.into_inner()).push(e);
            }
        }
    });
    let bases = bases.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut failed = failed.into_inner().unwrap_or_else(|p| p.into_inner());
    // Keep the run's datasets in the order of the plan, not of completion.
    let _ = live.update(|r| {
        r.datasets
            .sort_by_key(|d| plan_order.iter().position(|o| *o == d.destination));
    });

    let log = |l: &str| live.log(l);
    holds::move_forward(zfs, live.store, task, &bases, &log)?;
    let now = now();
    // Retention's destroys leave the remembered listings (in the second of a listing they
    // would go unseen), which are kept whether or not retention finishes.
    let forget = |ds: &DatasetName, names: &[String]| {
        if let Some(cache) = &job.listings {
            let shorts: Vec<&str> = names.iter().map(|n| short(n)).collect();
            cache.forget_snapshots(ds.as_str(), &shorts);
        }
    };
    let retained = retention::at_source(zfs, task, &bases, now, &log, &forget).and_then(|()| {
        retention::at_destination(zfs, task, &bases, now, &log, &|dest, names| {
            forget(dest, names);
            let _ = live.update(|r| {
                if let Some(d) = r
                    .datasets
                    .iter_mut()
                    .find(|d| d.destination == dest.as_str())
                {
                    d.destroyed.extend(names.iter().cloned());
                }
            });
        })
    });
    job.save_listings();
    retained?;

    // Each failure is in the log and the record; a stop, else a refusal, else the first, is
    // the run's error.
    if let Some(i) = failed
        .iter()
        .position(|e| matches!(e, EngineError::Cancelled(_)))
    {
        return Err(failed.swap_remove(i));
    }
    if let Some(i) = failed
        .iter()
        .position(|e| e.kind() == error::ErrorKind::Refused)
    {
        return Err(failed.swap_remove(i));
    }
    match failed.into_iter().next() {
        None => Ok(()),
        Some(e) => Err(e),
    }
}

/// The name of the snapshot a run of `task` starting now takes (its naming schema's name for
/// this period). Refused when this task already copied that snapshot of every source in
/// `pairs`: a run now would copy nothing (the name is the same), which must not pass for a
/// successful copy.
pub(crate) fn period_snapshot(task: &Task, pairs: &[Pair]) -> Result<String, EngineError> {
    let name = task.spec.naming_schema.format(&chrono::Local::now());
    let done = pairs.iter().all(|p| {
        task.held.get(p.source.as_str()).map(String::as_str)
            == Some(&format!("{}@{name}", p.source))
    });
    if done && !pairs.is_empty() {
        return Err(EngineError::NothingNew(format!(
            "task '{}' already copied @{name}, the snapshot its naming schema '{}' gives for \
             this period; nothing new would be copied. Start it again when the schema gives a \
             new name, or use a schema with finer time (e.g. %S)",
            task.spec.name, task.spec.naming_schema
        )));
    }
    Ok(name)
}

/// Snapshots every source dataset with the task's naming schema: one atomic call per pool.
/// A name the schema already gave in this period (an interrupted run's own snapshot, another
/// task on the same source and schema, the hour repeated when daylight saving time ends) is
/// used as it is: it is the same point in the schema's time, and what is missing is taken.
fn take_snapshots(
    zfs: &Zfs,
    task: &Task,
    pairs: &[Pair],
    live: &Live<'_>,
) -> Result<String, EngineError> {
    let name = period_snapshot(task, pairs)?;
    let mut by_pool: BTreeMap<&str, Vec<SnapshotName>> = BTreeMap::new();
    for p in pairs {
        by_pool
            .entry(p.source.pool())
            .or_default()
            .push(p.source.snapshot(&name)?);
    }
    for (pool, snaps) in &by_pool {
        let mut missing: Vec<SnapshotName> = snaps.clone();
        let mut looks = 0;
        let mut adopted = 0;
        while !missing.is_empty() {
            match retrying(&|l| live.log(l), || zfs.snapshot(&missing, &[])) {
                Ok(()) => break,
                // A few looks: someone may take the same name between a look and a snapshot.
                Err(e) if e.kind() == ErrorKind::AlreadyExists && looks < 3 => {
                    looks += 1;
                    let (have, still): (Vec<_>, Vec<_>) =
                        missing.into_iter().partition(|s| zfs.exists(s.as_str()));
                    live.log(&format!(
                        "snapshot @{name} already exists on {} dataset(s) in pool {pool} \
                         (taken earlier in this period: by an interrupted run, another task, \
                         or in an hour repeated by a clock change); using it",
                        have.len()
                    ));
                    adopted += have.len();
                    missing = still;
                }
                Err(e) => return Err(e.into()),
            }
        }
        if adopted < snaps.len() {
            live.log(&format!(
                "snapshot @{name} taken on {} dataset(s) in pool {pool} (one transaction)",
                snaps.len() - adopted
            ));
        }
    }
    Ok(name)
}
