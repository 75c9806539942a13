//! Reading tasks and runs as they stand: a run whose process died reads as interrupted, a
//! damaged task file is that task's error, and nothing is written.

use crate::error::EngineError;
use crate::model::record::RunRecord;
use crate::model::task::Task;
use crate::tasks::store::Store;

/// Marks runs left "pending" or "running" by a process that no longer holds the task's lock,
/// and sweeps the temporary files such a process may have left. Call with the lock held.
/// Returns how many runs were recovered.
pub fn recover_stale_runs(store: &Store, task: &str) -> Result<usize, EngineError> {
    store.remove_stale_temporaries(task)?;
    let mut n = 0;
    for mut run in store.runs(task)? {
        if run.state.is_live() {
            run.mark_interrupted();
            store.save_run(&run)?;
            n += 1;
        }
    }
    Ok(n)
}

/// A task's runs as they stand: a run recorded as pending or running whose process no longer
/// holds the task's lock is reported interrupted, as the next start will record it, so no
/// reader ever sees a dead run "running" forever. Nothing is written.
pub fn runs_as_they_stand(store: &Store, task: &str) -> Result<Vec<RunRecord>, EngineError> {
    let mut runs = store.runs(task)?;
    settle_dead_runs(store, task, &mut runs);
    Ok(runs)
}

/// [`runs_as_they_stand`] for run `number` only: one record read.
pub fn run_as_it_stands(store: &Store, task: &str, number: u64) -> Result<RunRecord, EngineError> {
    let mut run = [store.run(task, number)?];
    settle_dead_runs(store, task, &mut run);
    let [run] = run;
    Ok(run)
}

/// [`runs_as_they_stand`] for the newest run only: one record read, however long the history.
pub fn last_run_as_it_stands(store: &Store, task: &str) -> Result<Option<RunRecord>, EngineError> {
    let mut last: Vec<RunRecord> = store.last_run(task)?.into_iter().collect();
    settle_dead_runs(store, task, &mut last);
    Ok(last.pop())
}

/// Marks `runs` still recorded as live interrupted when no process holds `task`'s lock.
fn settle_dead_runs(store: &Store, task: &str, runs: &mut [RunRecord]) {
    if runs.iter().any(|r| r.state.is_live()) && !store.is_running(task) {
        for r in runs.iter_mut().filter(|r| r.state.is_live()) {
            // Read again now that the lock is known free: the run may have ended (and let go
            // of the lock) between the first read and the look at the lock. Only a run still
            // live after that is one whose process died.
            match store.run(task, r.number) {
                Ok(fresh) if !fresh.state.is_live() => *r = fresh,
                _ => r.mark_interrupted(),
            }
        }
    }
}

/// One task as `task list` shows it: its definition and newest run as they stand, or why its
/// files cannot be read (the other tasks are listed all the same).
#[derive(Debug)]
pub struct TaskStatus {
    /// The task's name (its file name, even when the file cannot be read).
    pub name: String,
    /// The stored task, or why its files cannot be read.
    pub task: Result<Task, EngineError>,
    /// Its newest run as it stands (a dead run reads as interrupted); `None` if it never ran.
    pub last_run: Option<RunRecord>,
}

/// Every task with its newest run as it stands (a dead run reads as interrupted). Reads one
/// run record per task, however long the history. Fails only when the state dir cannot be
/// listed; a damaged task or run file is that task's error.
pub fn task_overview(store: &Store) -> Result<Vec<TaskStatus>, EngineError> {
    let mut out = Vec::new();
    for (name, task) in store.task_entries()? {
        let last = last_run_as_it_stands(store, &name);
        let (task, last_run) = match (task, last) {
            (Ok(t), Ok(last)) => (Ok(t), last),
            (Err(e), _) => (Err(e.into()), None),
            (Ok(_), Err(e)) => (Err(e), None),
        };
        out.push(TaskStatus {
            name,
            task,
            last_run,
        });
    }
    Ok(out)
}
