//! What starting a task now would do, without doing it (`task start --dry-run`): the same
//! datasets, options and refusal policy as a run, planned against what exists now. A run takes
//! its new snapshot first, which a preview cannot: it says which snapshot would be taken, and
//! which existing snapshots would be sent before it.

use zsplice_zfs::Zfs;

use crate::error::EngineError;
use crate::replicate::oneshot::{preview_of, PairPreview, PlannedStream};
use crate::replicate::options::JobOptions;
use crate::replicate::pair_plan::plan_pairs;
use crate::replicate::refusal::OnDivergence;
use crate::tasks::run::{job_options, period_snapshot, task_pairs};
use crate::tasks::store::Store;

/// What a run of a task starting now would do.
#[derive(Debug, Clone)]
pub struct TaskPreview {
    /// The task.
    pub task: String,
    /// The snapshot the run would take first on every source, in one transaction per pool (its
    /// naming schema's name for now), then send to every destination after the streams below.
    pub snapshot: String,
    /// Per dataset, parents first: the snapshots that exist now and would be sent before the
    /// new one (with estimated sizes), or why the destination would be re-copied from scratch.
    pub pairs: Vec<PairPreview>,
    /// Per dataset, in the same order: the stream of the new snapshot the run would send last.
    /// The snapshot does not exist yet, so its size is a guess from the source as it is now:
    /// what it wrote since its newest snapshot (`written`) for an incremental, what it
    /// references (`referenced`) for a full stream; 0 when unknown.
    pub then: Vec<PlannedStream>,
}

impl TaskPreview {
    /// How many datasets the run would snapshot and replicate.
    pub fn datasets(&self) -> usize {
        self.pairs.len()
    }

    /// Every stream of existing snapshots, in plan order.
    pub fn streams(&self) -> impl Iterator<Item = &PlannedStream> {
        self.pairs.iter().flat_map(|p| &p.streams)
    }
}

/// What starting task `name` now would do; changes nothing (no snapshot, no hold, no run
/// record). Refuses as a run would before taking its snapshot: a destination that diverged
/// when neither the task nor `allow_from_scratch` allows re-copying (exit 3), a period whose
/// snapshot this task already copied everywhere, a source that is gone.
pub fn preview_task(
    zfs: &Zfs,
    store: &Store,
    name: &str,
    allow_from_scratch: bool,
) -> Result<TaskPreview, EngineError> {
    let task = store.task(name)?;
    let pairs = task_pairs(zfs, &task)?;
    let policy = OnDivergence::allowing(task.spec.allow_from_scratch || allow_from_scratch);
    let opts = JobOptions {
        snapshot_coming: true,
        ..job_options(&task, policy)
    };
    let plans = plan_pairs(zfs, &pairs, &opts)?;
    let refusals = policy.stopping(plans.iter().map(|p| &p.outcome), true);
    if !refusals.is_empty() {
        return Err(EngineError::refusals(refusals));
    }
    let snapshot = period_snapshot(&task, &pairs)?;
    let mut previews = Vec::new();
    let mut then = Vec::new();
    for plan in &plans {
        // What is left after the refusal check is allowed: a re-copy, or a source with no
        // snapshot yet (the run's own snapshot will be its first, sent in full).
        let recopy = plan
            .outcome
            .as_ref()
            .err()
            .filter(|e| policy.permits(e))
            .cloned();
        let preview = preview_of(zfs, plan, &opts, recopy)?;
        let from = if preview.recopy.is_some() {
            None
        } else {
            plan.newest_after()
                .map(|base| format!("{}@{base}", plan.pair.source))
        };
        let estimate = match from {
            Some(_) => plan.source.written(),
            None => plan.source.prop_u64("referenced"),
        };
        then.push(PlannedStream {
            source: plan.pair.source.snapshot(&snapshot)?,
            from,
            destination: plan.pair.destination.snapshot(&snapshot)?,
            estimated_bytes: estimate.unwrap_or(0),
        });
        previews.push(preview);
    }
    Ok(TaskPreview {
        task: task.spec.name.clone(),
        snapshot,
        pairs: previews,
        then,
    })
}
