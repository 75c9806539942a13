//! Following every task as it changes, for live views and metrics: [`Watch::look`] reads the
//! state directory (one run record per task, however long its history), says which tasks
//! changed since the last look or went away, and keeps per-task counters of what was
//! replicated. It reads the store, so runs started by any process (the daemon, `task start`
//! in a terminal) are seen alike.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::EngineError;
use crate::model::record::{now, RunRecord, RunState};
use crate::model::task::Task;
use crate::tasks::daemon::next_run;
use crate::tasks::status::task_overview;
use crate::tasks::store::Store;

/// One task as a live view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskView {
    /// The task's name.
    pub name: String,
    /// The stored task, or the sentence saying why its files cannot be read.
    pub task: Result<Task, String>,
    /// Its newest run as it stands (a dead run reads as interrupted).
    pub last_run: Option<RunRecord>,
    /// When the scheduler starts it next (epoch seconds); `None` when it will not.
    pub next_run: Option<u64>,
}

impl TaskView {
    /// The task's state: its newest run's, `pending` before its first run, `None` when its
    /// files cannot be read.
    pub fn state(&self) -> Option<RunState> {
        self.task.as_ref().ok()?;
        Some(
            self.last_run
                .as_ref()
                .map_or(RunState::Pending, |r| r.state),
        )
    }
}

/// Every task as it stands now, sorted by name. Fails only when the state dir cannot be
/// listed; a task whose files are damaged is there with its error.
pub fn task_views(store: &Store) -> Result<Vec<TaskView>, EngineError> {
    let now = now();
    Ok(task_overview(store)?
        .into_iter()
        .map(|t| {
            let next = t
                .task
                .as_ref()
                .ok()
                .and_then(|task| next_run(task, t.last_run.as_ref(), now));
            TaskView {
                name: t.name,
                task: t.task.map_err(|e| e.to_string()),
                last_run: t.last_run,
                next_run: next,
            }
        })
        .collect())
}

/// What one task replicated, counted over the runs seen since the watch began (its whole
/// stored history at the first look); counters never go down while the watch lives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters {
    /// Stream bytes sent (runs that ended, plus the running one so far).
    pub bytes: u64,
    /// Snapshots received at destinations.
    pub snapshots: u64,
    /// Runs that ended, by the state they ended in.
    pub runs: BTreeMap<&'static str, u64>,
    /// Runs that failed or were refused.
    pub errors: u64,
    /// When its newest finished run ended (epoch seconds).
    pub last_success: Option<u64>,
    /// How long its newest ended run took, in seconds.
    pub last_duration: Option<u64>,
}

/// A change a look found.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A task is new or changed (its definition, state or progress).
    Task(Box<TaskView>),
    /// A task's files went away.
    Deleted(String),
}

/// Per task: the runs already counted, and the counts.
#[derive(Debug, Default)]
struct Tally {
    counted: BTreeSet<u64>,
    ended: Counters,
}

impl Tally {
    fn count(&mut self, run: &RunRecord) {
        if run.state.is_live() || !self.counted.insert(run.number) {
            return;
        }
        let c = &mut self.ended;
        c.bytes += run.bytes_done;
        c.snapshots += run.snapshots_sent();
        *c.runs.entry(run.state.as_str()).or_default() += 1;
        if matches!(run.state, RunState::Failed | RunState::Refused) {
            c.errors += 1;
        }
        // The newest run decides "last"; counting order may differ from run order.
        if self.counted.last() == Some(&run.number) {
            c.last_duration = Some(run.duration(now()));
        }
        if run.state == RunState::Finished {
            c.last_success = c.last_success.max(run.ended);
        }
    }
}

/// Follows the tasks of one state directory.
#[derive(Debug, Default)]
pub struct Watch {
    views: BTreeMap<String, TaskView>,
    tallies: BTreeMap<String, Tally>,
}

impl Watch {
    /// A watch that has not looked yet.
    pub fn new() -> Watch {
        Watch::default()
    }

    /// Reads every task and returns what changed since the last look (everything, the first
    /// time). Runs that ended since are counted.
    pub fn look(&mut self, store: &Store) -> Result<Vec<Change>, EngineError> {
        let views = task_views(store)?;
        let mut changes = Vec::new();
        let names: BTreeSet<String> = views.iter().map(|v| v.name.clone()).collect();
        for gone in self
            .views
            .keys()
            .filter(|n| !names.contains(*n))
            .cloned()
            .collect::<Vec<_>>()
        {
            self.views.remove(&gone);
            self.tallies.remove(&gone);
            changes.push(Change::Deleted(gone));
        }
        for view in views {
            self.tally(store, &view);
            if self.views.get(&view.name) != Some(&view) {
                self.views.insert(view.name.clone(), view.clone());
                changes.push(Change::Task(Box::new(view)));
            }
        }
        Ok(changes)
    }

    /// Counts the runs of `view` that ended since the last look: its whole history the first
    /// time, then the newest run and any that came and went between two looks.
    fn tally(&mut self, store: &Store, view: &TaskView) {
        let Some(last) = &view.last_run else { return };
        let first = !self.tallies.contains_key(&view.name);
        let tally = self.tallies.entry(view.name.clone()).or_default();
        if first {
            for run in store.runs(&view.name).unwrap_or_default() {
                if run.number != last.number {
                    tally.count(&run);
                }
            }
        } else {
            let seen = tally.counted.last().copied().unwrap_or(0);
            for n in seen + 1..last.number {
                if let Ok(run) = store.run(&view.name, n) {
                    tally.count(&run);
                }
            }
        }
        tally.count(last);
    }

    /// Every task as the last look saw it, sorted by name.
    pub fn views(&self) -> impl Iterator<Item = &TaskView> {
        self.views.values()
    }

    /// What task `name` replicated so far, its running run included.
    pub fn counters(&self, name: &str) -> Counters {
        let mut c = self
            .tallies
            .get(name)
            .map(|t| t.ended.clone())
            .unwrap_or_default();
        if let Some(run) = self.views.get(name).and_then(|v| v.last_run.as_ref()) {
            if run.state.is_live() {
                c.bytes += run.bytes_done;
                c.snapshots += run.snapshots_sent();
            }
        }
        c
    }
}

/// Task `name` as it stands now (as [`task_views`] shows each task).
pub fn task_view(store: &Store, name: &str) -> Result<TaskView, EngineError> {
    let task = store.task(name)?;
    let last_run = crate::tasks::status::last_run_as_it_stands(store, name)?;
    let next_run = next_run(&task, last_run.as_ref(), now());
    Ok(TaskView {
        name: name.to_string(),
        task: Ok(task),
        last_run,
        next_run,
    })
}
