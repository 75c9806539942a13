//! Carrying out one pair's plan: settle an interrupted receive, re-copy or roll back where the
//! refusal policy allows, send every step through a transfer, and retry failures that can pass.

use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::Arc;

use zsplice_zfs::{
    DatasetInfo, DatasetName, PropValue, ReceiveOptions, ResumeToken, SnapshotName, Zfs,
};

use crate::datasets::create_ancestors;
use crate::error::EngineError;
use crate::model::record::{now, DatasetMode, DatasetModes, DatasetRun};
use crate::replicate::features::{can_resume, fit_to_pool, FeatureCache};
use crate::replicate::live::LiveDatasets;
use crate::replicate::options::{flags_for, JobOptions};
use crate::replicate::pair_plan::{replan, PairPlan};
use crate::replicate::pairs::Pair;
use crate::replicate::plan::{stream_words, PlanError, Step};
use crate::replicate::properties::received_props;
use crate::transfer::chain::{run_chain, Transfer};
use crate::transfer::pipe::{ResumeAt, Tally};
use crate::transfer::retry::retrying;
use crate::transfer::supervise::{is_retryable, retry_wait, TransferSlot, TransferSlots, Watch};

/// What carrying out one pair did.
#[derive(Debug)]
pub struct PairOutcome {
    /// The pair carried out.
    pub pair: Pair,
    /// Its share of the run: bytes, snapshots, modes, what was destroyed.
    pub record: DatasetRun,
    /// The newest snapshot both sides share afterwards (the next incremental base).
    pub base: Option<String>,
    /// Whether it replicated; the error is also in `record.error` as text.
    pub result: Result<(), EngineError>,
}

/// Where a job's log lines go; shared by the worker threads.
pub type Log<'a> = dyn Fn(&str) + Sync + 'a;

/// Carries out pairs. Logs through `log`, counts bytes into `progress`.
#[derive(Debug)]
pub struct Executor<'a> {
    /// The ZFS handle every send and receive goes through.
    pub zfs: &'a Zfs,
    /// How the pairs are replicated.
    pub opts: &'a JobOptions,
    /// Stream bytes moved so far, added to as they move (all pairs together).
    pub progress: &'a AtomicU64,
    /// Destination pools' features, looked up once each, to fit the send flags.
    pub features: FeatureCache,
    /// A stop request to obey (None: run to the end).
    pub cancel: Option<&'a AtomicBool>,
    /// A cap on transfers in flight shared with other runs (None: only `opts.parallel`).
    pub slots: Option<&'a TransferSlots>,
    /// Lists the datasets being sent with their bytes so far, for whoever reports on the run.
    pub live: Option<&'a LiveDatasets>,
}

impl Executor<'_> {
    fn watch(&self) -> Watch<'_> {
        Watch {
            cancel: self.cancel,
            stall_after: self.opts.stall_timeout,
        }
    }

    /// Replicates one pair from its plan: settles an interrupted receive first, re-plans, then
    /// sends every step. A refused plan fails the pair unless re-copying is allowed. A try
    /// that fails for a reason that can pass (busy, stalled) is retried from a fresh plan
    /// (resuming what arrived) up to `opts.retries` times, waiting longer each time.
    pub fn run_pair(&self, first: PairPlan, log: &Log<'_>) -> PairOutcome {
        let pair = first.pair.clone();
        let mut record = DatasetRun {
            source: pair.source.to_string(),
            destination: pair.destination.to_string(),
            ..Default::default()
        };
        let watch = self.watch();
        // This dataset's bytes over every try, for whoever follows it while it is sent.
        let pair_bytes = Arc::new(AtomicU64::new(0));
        let mut plan = Some(first);
        let mut retry = 0;
        let result = loop {
            let slot = match self.slots {
                Some(slots) => slots.acquire(&watch),
                None => Some(TransferSlot::unlimited()),
            };
            let _listed = slot
                .as_ref()
                .and(self.live)
                .map(|l| l.enter(&pair, pair_bytes.clone()));
            let tally = Tally {
                total: self.progress,
                dataset: Some(&pair_bytes),
            };
            let tried = match (slot, plan.take()) {
                (None, _) => Err(cancelled(&pair)),
                (Some(_slot), Some(p)) => self.run_pair_inner(p, &mut record, &tally, log),
                (Some(_slot), None) => PairPlan::make(self.zfs, &pair, self.opts)
                    .and_then(|p| self.run_pair_inner(p, &mut record, &tally, log)),
            };
            match tried {
                Err(e) if is_retryable(&e) && retry < self.opts.retries => {
                    retry += 1;
                    tracing::debug!("{}: retryable failure: {e:?}", pair.destination);
                    let wait = retry_wait(retry);
                    log(&format!(
                        "{}: try {retry} of {} failed: {e}; trying again in {}",
                        pair.destination,
                        self.opts.retries + 1,
                        humantime::format_duration(wait)
                    ));
                    if !watch.sleep(wait) {
                        break Err(cancelled(&pair));
                    }
                }
                other => break other,
            }
        };
        if watch.cancelled() && result.is_err() {
            record.mode.push(DatasetMode::Interrupted);
        }
        let (base, result) = match result {
            Ok(base) => (base, Ok(())),
            Err(e) => {
                if let Some(cache) = &self.opts.listings {
                    // It may have planned from a listing that no longer held.
                    cache.forget(&[pair.source.as_str(), pair.destination.as_str()]);
                }
                record.error = Some(e.to_string());
                (None, Err(e))
            }
        };
        PairOutcome {
            pair,
            record,
            base,
            result,
        }
    }

    fn run_pair_inner(
        &self,
        mut plan: PairPlan,
        record: &mut DatasetRun,
        tally: &Tally<'_>,
        log: &Log<'_>,
    ) -> Result<Option<String>, EngineError> {
        let zfs = self.zfs;
        let pair = plan.pair.clone();
        if plan.is_up_to_date() {
            // Nothing to send: neither the properties to receive nor the pool's features
            // (a request per pool) are needed.
            record.mode = DatasetModes::default();
            record.mode.push(DatasetMode::UpToDate);
            return Ok(plan.newest_after());
        }
        let props = received_props(&plan.source, &self.opts.properties, self.opts.readonly)?;
        let pool = self.features.get(zfs, pair.destination.pool())?;
        let flags = fit_to_pool(flags_for(&plan.source, self.opts.flags), &pool);
        let mut modes = DatasetModes::default();
        if let Some(token) = plan.token.clone() {
            if let Some(moved) = self.resume(&plan, &token, &props, tally, log)? {
                record.bytes += moved;
                record.snapshots += 1;
                modes.push(DatasetMode::Resumed);
            }
            plan = PairPlan::make(zfs, &pair, self.opts)?;
        }
        let mut force = false;
        if let Err(refusal) = plan.outcome.clone() {
            if !self.opts.on_divergence.permits(&refusal) {
                return Err(EngineError::Refused(refusal.clone()));
            }
            match &refusal {
                // Not permitted by any policy (see above); kept for an exhaustive match.
                PlanError::NoSourceSnapshots { .. } => {
                    return Err(EngineError::Refused(refusal.clone()))
                }
                PlanError::Modified { since, .. } => {
                    log(&format!(
                        "{}: rolling back changes made since @{since} (allowed)",
                        pair.destination
                    ));
                    force = true;
                    modes.push(DatasetMode::RolledBack);
                }
                PlanError::Diverged { would_destroy, .. }
                | PlanError::NoCommonSnapshot { would_destroy, .. } => {
                    self.destroy_for_recopy(&pair, would_destroy, record, log)?;
                    force = true;
                    modes.push(DatasetMode::Recopied);
                }
            }
            plan = PairPlan::make(zfs, &pair, self.opts)?;
            if matches!(refusal, PlanError::Modified { .. }) {
                // Planning saw the changes; the forced receive rolls them back.
                if let Err(PlanError::Modified { .. }) = plan.outcome {
                    plan.outcome = replan(&plan, self.opts, false);
                }
            }
            if let Err(PlanError::NoCommonSnapshot { would_destroy, .. }) = &plan.outcome {
                if would_destroy.is_empty() {
                    // Now snapshot-less: a forced full receive replaces its contents.
                    plan.outcome = replan(&plan, self.opts, true);
                }
            }
        }
        let steps = match &plan.outcome {
            Ok(p) => p.steps.clone(),
            Err(e) => return Err(EngineError::Refused(e.clone())),
        };
        tracing::debug!(
            "{} -> {}: {} step(s) to send, flags {flags:?}",
            pair.source,
            pair.destination,
            steps.len()
        );
        if steps.is_empty() {
            if modes.is_empty() {
                modes.push(DatasetMode::UpToDate);
            }
            record.mode = modes;
            return Ok(plan.newest_after());
        }
        // Every step's names first: a bad one fails the pair before anything is sent.
        let names = steps
            .iter()
            .map(|step| {
                Ok((
                    pair.source.snapshot(step.to())?,
                    step.base_on(&pair.source),
                    pair.destination.snapshot(step.to())?,
                ))
            })
            .collect::<Result<Vec<_>, zsplice_zfs::Error>>()?;
        for (_, from, _) in &names {
            if from.is_none() {
                ensure_parent(zfs, &pair.destination, log)?;
                if !modes.contains(DatasetMode::Recopied) {
                    modes.push(DatasetMode::Full);
                }
            } else {
                modes.push(DatasetMode::Incremental);
            }
        }
        let first = ReceiveOptions {
            force,
            resumable: can_resume(&pool),
            raw: flags.raw,
            props: props.clone(),
            origin: None,
        };
        // Only the first receive may need to force: it rolls back or replaces what the
        // destination held; the ones after it build on what it received.
        let rest = ReceiveOptions {
            force: false,
            ..first.clone()
        };
        let transfers: Vec<Transfer<'_>> = names
            .iter()
            .enumerate()
            .map(|(i, (source, from, target))| Transfer {
                source,
                from: from.as_deref(),
                destination: target,
                flags,
                receive: if i == 0 { &first } else { &rest },
                resume: None,
            })
            .collect();
        // Each step is logged as it arrives, while the chain goes on.
        let arrived = |t: &Transfer<'_>, moved: u64| {
            log(&format!(
                "sent {} ({moved} bytes)",
                stream_words(t.source, t.from, t.destination)
            ))
        };
        let chained = run_chain(&transfers, zfs, tally, &self.watch(), &arrived);
        for moved in &chained.received {
            record.bytes += moved;
            record.snapshots += 1;
        }
        chained.result?;
        record.mode = modes;
        self.remember_received(&plan, &steps);
        Ok(plan.newest_after())
    }

    /// Records what the destination now holds for the next run (see
    /// [`crate::replicate::listings`]): one request instead of listing it again.
    fn remember_received(&self, plan: &PairPlan, steps: &[Step]) {
        if self.opts.listings.is_none() && self.opts.memo.is_none() {
            return;
        }
        // Steps send source snapshots oldest first: one pass over the listing finds them all
        // (a search from its start for each would be quadratic in a long catch-up).
        let mut listed = plan.source_snaps.iter();
        let received: Option<Vec<DatasetInfo>> = steps
            .iter()
            .map(|step| listed.find(|s| s.name.short_name() == step.to()).cloned())
            .collect();
        let read_at = now();
        let Ok(dest) = self.zfs.dataset(plan.pair.destination.as_str()) else {
            return;
        };
        if let Some(memo) = &self.opts.memo {
            memo.received(&dest);
        }
        if let (Some(cache), Some(received)) = (&self.opts.listings, received) {
            cache.remember_received(&dest, read_at, &plan.dest_snaps, &received);
        }
    }

    /// Finishes (or, when its source snapshot is gone, discards) an interrupted receive.
    /// Returns the bytes the resumed send moved, or None when the partial state was discarded.
    fn resume(
        &self,
        plan: &PairPlan,
        token: &ResumeToken,
        props: &[(String, PropValue)],
        tally: &Tally<'_>,
        log: &Log<'_>,
    ) -> Result<Option<u64>, EngineError> {
        let pair = &plan.pair;
        let find = |guid: u64| plan.source_snaps.iter().find(|s| s.guid == guid);
        let to = find(token.toguid);
        let from = match token.fromguid {
            Some(g) => find(g).map(Some),
            None => Some(None),
        };
        let (Some(to), Some(from)) = (to, from) else {
            log(&format!(
                "{}: discarding an interrupted receive of {}: that snapshot (or its base) no \
                 longer exists on the source",
                pair.destination, token.toname
            ));
            self.zfs.abort_receive(&pair.destination)?;
            return Ok(None);
        };
        let source = to.name.as_snapshot().cloned().ok_or_else(|| {
            EngineError::Usage(format!(
                "{}: a resume token names a dataset, not a snapshot",
                to.name
            ))
        })?;
        let target = pair.destination.snapshot(to.name.short_name())?;
        log(&format!(
            "{}: resuming the interrupted receive of {} after {} bytes",
            pair.destination, to.name, token.bytes
        ));
        let receive = ReceiveOptions {
            resumable: true,
            raw: token.flags.raw,
            props: props.to_vec(),
            ..Default::default()
        };
        let moved = Transfer {
            source: &source,
            from: from.map(|f| f.name.as_str()),
            destination: &target,
            flags: token.flags,
            receive: &receive,
            resume: Some(ResumeAt {
                object: token.object,
                offset: token.offset,
            }),
        }
        .run(self.zfs, tally, &self.watch())?;
        log(&format!(
            "resumed {source} into {target} ({moved} more bytes)"
        ));
        Ok(Some(moved))
    }

    fn destroy_for_recopy(
        &self,
        pair: &Pair,
        would_destroy: &[String],
        record: &mut DatasetRun,
        log: &Log<'_>,
    ) -> Result<(), EngineError> {
        self.zfs.abort_receive(&pair.destination)?;
        let snaps: Vec<SnapshotName> = would_destroy
            .iter()
            .map(|s| SnapshotName::new(s))
            .collect::<Result<_, _>>()?;
        if !snaps.is_empty() {
            log(&format!(
                "{}: destroying {} snapshot(s) to re-copy from scratch (allowed): {}",
                pair.destination,
                snaps.len(),
                would_destroy.join(", ")
            ));
            retrying(log, || self.zfs.destroy_snapshots(&snaps, false))?;
            record.destroyed.extend(would_destroy.iter().cloned());
        }
        Ok(())
    }
}

/// The error of a pair that a stop request ended (or kept from starting).
pub(crate) fn cancelled(pair: &Pair) -> EngineError {
    EngineError::Cancelled(format!(
        "{}: stopped on request; the next start carries on",
        pair.destination
    ))
}

/// Creates the missing ancestors of `dest` (a receive needs its parent to exist).
fn ensure_parent(zfs: &Zfs, dest: &DatasetName, log: &Log<'_>) -> Result<(), EngineError> {
    // A sibling's worker may create one first: create_ancestors takes it as it is.
    for p in create_ancestors(zfs, dest)? {
        log(&format!("created {p} (parent of a destination)"));
    }
    Ok(())
}
