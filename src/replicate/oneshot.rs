//! One-shot replication (`zsplice replicate`): a source's existing snapshots, and its
//! descendants' when recursive, copied to a destination once, with no stored task. A full copy
//! the first time, then only what is new since the newest snapshot both sides share. The same
//! refusal policy as task runs decides about diverged destinations, before anything changes.

use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Arc, Mutex};

use zsplice_zfs::{DatasetName, SnapshotName, Zfs};

use crate::error::EngineError;
use crate::model::record::{DatasetMode, DatasetRun};
use crate::model::task::{check_sources, SourceSpec};
use crate::observe::{reporting_progress, Observer};
use crate::replicate::execute::Executor;
use crate::replicate::listings::{default_dir, ListingCache};
use crate::replicate::memo::{self, KnownDatasets, RunMemo};
use crate::replicate::options::{default_parallelism, JobOptions};
use crate::replicate::pair_plan::{estimate_all, plan_known, plan_listed, PairPlan};
use crate::replicate::pairs::expand_listed;
use crate::replicate::plan::PlanError;
use crate::replicate::refusal::OnDivergence;

/// What to replicate, and how.
#[derive(Debug, Clone)]
pub struct ReplicateRequest {
    /// The source dataset, whether its descendants come too, and which of them stay out.
    pub source: SourceSpec,
    /// Where the source lands (created by the first copy, with any missing parents).
    pub destination: DatasetName,
    /// What to do with a destination that diverged.
    pub on_divergence: OnDivergence,
    /// How many datasets replicate at once (None: [`default_parallelism`]).
    pub parallel: Option<usize>,
}

/// One stream a replication would send.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlannedStream {
    /// The snapshot sent.
    pub source: SnapshotName,
    /// The incremental base (full snapshot name), or None for a full stream.
    pub from: Option<String>,
    /// The snapshot it becomes at the destination.
    pub destination: SnapshotName,
    /// `lzc_send_space`'s estimate of the stream's size.
    pub estimated_bytes: u64,
}

/// What a replication would do for one dataset (a dry run's answer).
#[derive(Debug, Clone)]
pub struct PairPreview {
    /// The source dataset.
    pub source: DatasetName,
    /// Where it lands.
    pub destination: DatasetName,
    /// Why the destination would be re-copied from scratch (the policy allows it), if it
    /// would; what that destroys is in the refusal.
    pub recopy: Option<PlanError>,
    /// The streams it would send, in order; none when up to date (or re-copied: the streams
    /// are known only after the destination is cleared).
    pub streams: Vec<PlannedStream>,
}

impl PairPreview {
    /// Nothing to send and nothing to re-copy.
    pub fn is_up_to_date(&self) -> bool {
        self.recopy.is_none() && self.streams.is_empty()
    }
}

/// What a replication did.
#[derive(Debug, Default)]
pub struct ReplicateReport {
    /// Every dataset, in plan order (parents first), with what happened to it.
    pub datasets: Vec<DatasetRun>,
    /// Each dataset's failure, in the order they happened.
    pub failures: Vec<EngineError>,
}

impl ReplicateReport {
    /// The first failure, which decides how the whole replication is reported.
    pub fn first_failure(&self) -> Option<&EngineError> {
        self.failures.first()
    }
}

/// Expands and plans the request; refuses (before anything is changed) when a destination
/// diverged and the policy does not allow re-copying, or a source has no snapshot. When
/// nothing touched the trees since the last run left them up to date, they are not read again
/// (see [`crate::replicate::memo`]).
fn planned(zfs: &Zfs, req: &ReplicateRequest) -> Result<(JobOptions, Vec<PairPlan>), EngineError> {
    let sources = std::slice::from_ref(&req.source);
    check_sources(sources, &req.destination)?;
    let cache_dir = default_dir();
    let memo = RunMemo::begin(
        zfs,
        cache_dir.as_deref(),
        memo::key(sources, &req.destination),
        &[&req.source.dataset, &req.destination],
    );
    let opts = JobOptions {
        on_divergence: req.on_divergence,
        parallel: req.parallel.unwrap_or_else(default_parallelism),
        listings: Some(Arc::new(
            cache_dir
                .as_deref()
                .map_or_else(ListingCache::default, ListingCache::open),
        )),
        memo: Some(Arc::new(memo)),
        ..Default::default()
    };
    if let Some(known) = opts.memo.as_ref().and_then(|m| m.unchanged()) {
        let plans = plan_known(zfs, known, &opts)?;
        if plans.iter().all(PairPlan::is_up_to_date) {
            return Ok((opts, plans));
        }
        // Not what the record said: plan from the trees themselves.
    }
    let listed = expand_listed(zfs, sources, &req.destination)?;
    let plans = plan_listed(zfs, listed, &opts)?;
    let refusals = req
        .on_divergence
        .stopping(plans.iter().map(|p| &p.outcome), false);
    if !refusals.is_empty() {
        return Err(EngineError::refusals(refusals));
    }
    Ok((opts, plans))
}

/// What [`replicate`] would do, with estimated sizes; changes nothing. Refuses as
/// [`replicate`] would.
pub fn preview(zfs: &Zfs, req: &ReplicateRequest) -> Result<Vec<PairPreview>, EngineError> {
    let (opts, plans) = planned(zfs, req)?;
    opts.save_listings();
    plans
        .iter()
        .map(|plan| preview_of(zfs, plan, &opts, plan.outcome.as_ref().err().cloned()))
        .collect()
}

/// What carrying out `plan` with `opts` would send, with `lzc_send_space`'s estimates;
/// `recopy` is the refusal the policy lets through (the destination would be re-copied).
pub(crate) fn preview_of(
    zfs: &Zfs,
    plan: &PairPlan,
    opts: &JobOptions,
    recopy: Option<PlanError>,
) -> Result<PairPreview, EngineError> {
    let mut preview = PairPreview {
        source: plan.pair.source.clone(),
        destination: plan.pair.destination.clone(),
        recopy,
        streams: Vec::new(),
    };
    for (step, bytes) in plan.step_estimates(zfs, opts.flags)? {
        preview.streams.push(PlannedStream {
            source: plan.pair.source.snapshot(step.to())?,
            from: step.base_on(&plan.pair.source),
            destination: plan.pair.destination.snapshot(step.to())?,
            estimated_bytes: bytes,
        });
    }
    Ok(preview)
}

/// Replicates as `req` says. Fails before changing anything on a bad request or a refusal;
/// otherwise every dataset is tried (a child only after its parent succeeded) and the report
/// says what happened to each. `obs` sees log lines, progress (against `lzc_send_space`'s
/// estimate of the whole replication) and each finished dataset.
pub fn replicate(
    zfs: &Zfs,
    req: &ReplicateRequest,
    obs: &dyn Observer,
) -> Result<ReplicateReport, EngineError> {
    replicate_until(zfs, req, obs, None)
}

/// [`replicate`], stopping when `cancel` is set (from any thread): the transfers in flight end
/// at once and stay resumable (the next replication resumes them), datasets not started are
/// not started, and each is reported as failed with [`EngineError::Cancelled`].
pub fn replicate_until(
    zfs: &Zfs,
    req: &ReplicateRequest,
    obs: &dyn Observer,
    cancel: Option<&AtomicBool>,
) -> Result<ReplicateReport, EngineError> {
    let (opts, plans) = planned(zfs, req)?;
    let total = estimate_all(zfs, &plans, &opts)?;
    let progress = AtomicU64::new(0);
    let exec = Executor {
        zfs,
        opts: &opts,
        progress: &progress,
        features: Default::default(),
        cancel,
        slots: None,
        live: None,
    };
    let order: Vec<DatasetName> = plans.iter().map(|p| p.pair.destination.clone()).collect();
    let datasets: Vec<KnownDatasets> = plans
        .iter()
        .map(|p| (p.pair.clone(), p.source.clone(), p.dest.clone()))
        .collect();
    let report = Mutex::new(ReplicateReport::default());
    let every_dataset = || {
        exec.run_all(plans, &|line: &str| obs.log(line), &|out| {
            obs.dataset_done(&out.record);
            let mut r = report.lock().unwrap_or_else(|p| p.into_inner());
            r.datasets.push(out.record);
            if let Err(e) = out.result {
                r.failures.push(e);
            }
        })
    };
    let succeeded = |_: &()| {
        let r = report.lock().unwrap_or_else(|p| p.into_inner());
        r.failures.is_empty()
    };
    reporting_progress(obs, total, &progress, every_dataset, succeeded);
    opts.save_listings();
    let mut report = report.into_inner().unwrap_or_else(|p| p.into_inner());
    if let Some(memo) = &opts.memo {
        let all_up_to_date = report.failures.is_empty() && cancel_unset(cancel);
        memo.finish(zfs, &datasets, all_up_to_date);
    }
    report.datasets.sort_by_key(|d| {
        order
            .iter()
            .position(|o| o.as_str() == d.destination)
            .unwrap_or(usize::MAX)
    });
    Ok(report)
}

/// Whether no one asked the run to stop.
fn cancel_unset(cancel: Option<&AtomicBool>) -> bool {
    cancel.is_none_or(|c| !c.load(std::sync::atomic::Ordering::Relaxed))
}

/// Whether `d` was up to date already (nothing sent, nothing failed).
pub fn was_up_to_date(d: &DatasetRun) -> bool {
    d.mode.contains(DatasetMode::UpToDate) && d.error.is_none()
}
