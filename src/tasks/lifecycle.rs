//! Creating and deleting tasks: creation checks the definition against ZFS and the other
//! tasks; deletion takes the task's lock first and releases its holds.

use zsplice_zfs::Zfs;

use crate::error::EngineError;
use crate::model::record::now;
use crate::model::task::{Task, TaskSpec};
use crate::replicate::pairs::expand;
use crate::tasks::holds;
use crate::tasks::store::{Store, StoreError};

/// Stores a new task after checking it against ZFS and the other tasks: every source and the
/// destination's pool must exist, and no other task may write into, above or below
/// its destination (two tasks there would destroy each other's snapshots).
pub fn create_task(zfs: &Zfs, store: &Store, spec: TaskSpec) -> Result<Task, EngineError> {
    spec.validate()?;
    // Expanding the sources checks that each exists and that the destination's pool does.
    expand(zfs, &spec.sources, &spec.destination)?;
    // A task whose file is damaged cannot be checked against; it must not block new tasks.
    for other in store
        .task_entries()?
        .into_iter()
        .filter_map(|(_, t)| t.ok())
    {
        let (a, b) = (&other.spec.destination, &spec.destination);
        if a.contains(b) || b.contains(a) {
            return Err(EngineError::Usage(format!(
                "{b}: destination overlaps task '{}' (destination {a})",
                other.spec.name
            )));
        }
    }
    let task = Task::new(spec, now());
    store.create_task(&task)?;
    Ok(task)
}

/// Deletes task `name` with its run history, after releasing its holds. Refused while the task
/// runs: the lock is taken first, so a running task's incremental base stays protected.
/// Returns the holds that could not be released (snapshot, why), for the user to release by
/// hand.
pub fn delete_task(
    zfs: Option<&Zfs>,
    store: &Store,
    name: &str,
    log: &dyn Fn(&str),
) -> Result<Vec<(String, String)>, EngineError> {
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
    let unreleased = if readable {
        let task = store.task(name)?;
        match zfs {
            Some(zfs) => holds::release_all(zfs, &task, log)
                .into_iter()
                .map(|(snap, e)| (snap, e.to_string()))
                .collect(),
            None => task
                .held
                .values()
                .chain(&task.holds_in_flight)
                .map(|s| (s.clone(), "ZFS is not available".to_string()))
                .collect(),
        }
    } else {
        vec![(
            "<any snapshot of its sources>".to_string(),
            format!(
                "the task's definition is damaged, so its holds are unknown (find them with \
                 zfs holds -r on its sources' snapshots, tag {})",
                crate::model::task::hold_tag(name)
            ),
        )]
    };
    store.remove_task(name, &lock)?;
    Ok(unreleased)
}
