//! Creating and deleting tasks: creation checks the definition against ZFS and the other
//! tasks; deletion takes the task's lock first and releases its holds.

use zsplice_zfs::Zfs;

use crate::error::EngineError;
use crate::model::record::now;
use crate::model::task::{hold_tag, Task, TaskSpec};
use crate::model::task_field::TaskField;
use crate::observe::Observer;
use crate::replicate::pairs::{expand, Pair};
use crate::replicate::properties::check_release;
use crate::tasks::holds;
use crate::tasks::store::{Store, StoreError};

/// Stores a new task after checking it against ZFS and the other tasks: every source and the
/// destination's pool must exist, and no other task may write into, above or below
/// its destination (two tasks there would destroy each other's snapshots).
pub fn create_task(zfs: &Zfs, store: &Store, spec: TaskSpec) -> Result<Task, EngineError> {
    spec.validate()?;
    if store.task(&spec.name).is_ok() {
        return Err(TaskField::Name.tag(StoreError::TaskExists(spec.name.clone())));
    }
    check_against(zfs, store, &spec)?;
    let task = Task::new(spec, now());
    store.add_task(&task).map_err(|e| match e {
        e @ StoreError::TaskExists(_) => TaskField::Name.tag(e),
        e => e.into(),
    })?;
    Ok(task)
}

/// Checks `spec` against ZFS and the other tasks; returns the sources it replicates.
fn check_against(zfs: &Zfs, store: &Store, spec: &TaskSpec) -> Result<Vec<Pair>, EngineError> {
    check_release(&spec.properties.set).map_err(|e| TaskField::Properties.tag(e))?;
    // Expanding the sources checks that each exists and that the destination's pool does.
    let pairs = expand(zfs, &spec.sources, &spec.destination)?;
    // A task whose file is damaged cannot be checked against; it must not block new tasks.
    for other in store
        .task_entries()?
        .into_iter()
        .filter_map(|(_, t)| t.ok())
        .filter(|t| t.spec.name != spec.name)
    {
        let (a, b) = (&other.spec.destination, &spec.destination);
        if a.contains(b) || b.contains(a) {
            return Err(TaskField::TargetDataset.tag(EngineError::Usage(format!(
                "{b}: destination overlaps task '{}' (destination {a})",
                other.spec.name
            ))));
        }
    }
    Ok(pairs)
}

/// Replaces task `name`'s definition with `spec` (checked as a new one is), keeping its run
/// history and holds; holds on sources it no longer replicates are released. A task cannot
/// be renamed, and is not changed while it runs.
pub fn update_task(
    zfs: &Zfs,
    store: &Store,
    name: &str,
    spec: TaskSpec,
    obs: &dyn Observer,
) -> Result<Task, EngineError> {
    if spec.name != name {
        return Err(TaskField::Name.tag(EngineError::Usage(format!(
            "a task cannot be renamed ('{name}' to '{}'); create a new task and delete this one",
            spec.name
        ))));
    }
    spec.validate()?;
    store.task(name)?;
    let _lock = store.lock(name).map_err(|e| match e {
        StoreError::Busy(_) => EngineError::Busy(format!(
            "task '{name}' is running; it cannot be changed until the run ends (nothing was \
             changed)"
        )),
        e => e.into(),
    })?;
    let mut task = store.task(name)?;
    let pairs = check_against(zfs, store, &spec)?;
    task.spec = spec;
    let kept: Vec<&str> = pairs.iter().map(|p| p.source.as_str()).collect();
    holds::drop_unkept(zfs, store, &mut task, &kept, &|l| obs.log(l))?;
    Ok(task)
}

/// A hold `task delete` could not release: the user releases it by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreleasedHold {
    /// The held snapshot (or a description when the snapshots are unknown).
    pub snapshot: String,
    /// The hold's tag.
    pub tag: String,
    /// Why it was not released.
    pub reason: String,
}

impl UnreleasedHold {
    /// The command that releases it.
    pub fn release_command(&self) -> String {
        format!("zfs release {} {}", self.tag, self.snapshot)
    }
}

/// Deletes task `name` with its run history, after releasing its holds. Refused while the task
/// runs: the lock is taken first, so a running task's incremental base stays protected. When
/// ZFS cannot be opened the task is deleted all the same and its holds are returned as
/// unreleased, with the reason, for the user to release by hand.
pub fn delete_task(
    store: &Store,
    name: &str,
    obs: &dyn Observer,
) -> Result<Vec<UnreleasedHold>, EngineError> {
    let readable = match store.task(name) {
        // A damaged definition can still be deleted; its holds are not known.
        Err(StoreError::Corrupt { .. }) => false,
        other => other.map(|_| true)?,
    };
    let lock = store.lock(name).map_err(|e| match e {
        StoreError::Busy(_) => EngineError::Busy(format!(
            "task '{name}' is running; it cannot be deleted until the run ends (nothing was \
             changed: its holds stay)"
        )),
        e => e.into(),
    })?;
    let tag = hold_tag(name);
    let unreleased = |snapshot: String, reason: String| UnreleasedHold {
        snapshot,
        tag: tag.clone(),
        reason,
    };
    let left = if readable {
        let task = store.task(name)?;
        match Zfs::open() {
            Ok(zfs) => holds::release_all(&zfs, &task, &|l| obs.log(l))
                .into_iter()
                .map(|(snap, e)| unreleased(snap, e.to_string()))
                .collect(),
            Err(e) => task
                .held
                .values()
                .chain(&task.holds_in_flight)
                .map(|s| unreleased(s.clone(), format!("ZFS is not available ({e})")))
                .collect(),
        }
    } else {
        vec![unreleased(
            "<any snapshot of its sources>".to_string(),
            format!(
                "the task's definition is damaged, so its holds are unknown (find them with \
                 zfs holds -r on its sources' snapshots, tag {tag})"
            ),
        )]
    };
    store.remove_task(name, &lock)?;
    Ok(left)
}
