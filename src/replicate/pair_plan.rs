//! Planning one pair from a listing of each side: what to send, what to resume, or why the
//! destination is refused; many pairs are planned side by side.

use rayon::prelude::*;

use zsplice_zfs::{DatasetInfo, ErrorKind, ResumeToken, SendFlags, Zfs};

use crate::error::EngineError;
use crate::model::record::now;
use crate::replicate::memo::KnownDatasets;
use crate::replicate::options::{flags_for, JobOptions};
use crate::replicate::pairs::Pair;
use crate::replicate::plan::{plan, Plan, PlanError, Snap, Step};

/// A pair's plan, with the listings it was made from.
#[derive(Debug, Clone)]
pub struct PairPlan {
    /// The pair planned.
    pub pair: Pair,
    /// The source dataset as listed.
    pub source: DatasetInfo,
    /// The source's snapshots, oldest first.
    pub source_snaps: Vec<DatasetInfo>,
    /// None when the destination does not exist yet.
    pub dest: Option<DatasetInfo>,
    /// The destination's snapshots, oldest first (empty when it does not exist).
    pub dest_snaps: Vec<DatasetInfo>,
    /// An interrupted receive into the destination left this token.
    pub token: Option<ResumeToken>,
    /// What to send, or why the destination is refused.
    pub outcome: Result<Plan, PlanError>,
}

/// The snapshots of `ds`, oldest first, and whether they are a remembered listing (`reuse`
/// allowing). A fresh listing is remembered for the next run.
fn snapshots_of(
    zfs: &Zfs,
    ds: &DatasetInfo,
    opts: &JobOptions,
    reuse: bool,
) -> Result<(Vec<DatasetInfo>, bool), EngineError> {
    let cache = opts.listings.as_deref();
    if let Some(snaps) = cache.filter(|_| reuse).and_then(|c| c.lookup(ds)) {
        return Ok((snaps, true));
    }
    let listed_at = now();
    // Planning matches by guid and createtxg only: no properties needed per snapshot.
    let snaps = zfs.snapshot_identities(&ds.name.dataset())?;
    if let Some(c) = cache {
        c.remember_listed(ds, listed_at, &snaps);
    }
    Ok((snaps, false))
}

fn as_snaps(list: &[DatasetInfo]) -> Vec<Snap> {
    list.iter()
        .map(|s| Snap {
            name: s.name.short_name().to_string(),
            guid: s.guid,
            createtxg: s.createtxg,
        })
        .collect()
}

/// The part of a snapshot name after '@'.
pub fn short(name: &str) -> &str {
    name.split_once('@').map_or(name, |(_, n)| n)
}

impl PairPlan {
    /// Lists both sides of `pair` and plans it, using remembered snapshot listings where they
    /// still hold (see [`crate::replicate::listings`]).
    pub fn make(zfs: &Zfs, pair: &Pair, opts: &JobOptions) -> Result<PairPlan, EngineError> {
        let source = zfs.dataset(pair.source.as_str())?;
        PairPlan::make_from(zfs, pair, source, opts, true)
    }

    /// [`PairPlan::make`] with `source` as just listed (a recursive source's tree listing
    /// already read every dataset's properties: no second request for it).
    pub fn make_listed(
        zfs: &Zfs,
        pair: &Pair,
        source: DatasetInfo,
        opts: &JobOptions,
    ) -> Result<PairPlan, EngineError> {
        PairPlan::make_from(zfs, pair, source, opts, true)
    }

    /// Plans `pair` from its datasets as a run that nothing touched since left them (see
    /// [`crate::replicate::memo`]): no request for either dataset.
    pub fn make_known(
        zfs: &Zfs,
        pair: &Pair,
        source: DatasetInfo,
        dest: Option<DatasetInfo>,
        opts: &JobOptions,
    ) -> Result<PairPlan, EngineError> {
        PairPlan::make_with(zfs, pair, source, Some(dest), opts, true)
    }

    fn make_from(
        zfs: &Zfs,
        pair: &Pair,
        source: DatasetInfo,
        opts: &JobOptions,
        reuse: bool,
    ) -> Result<PairPlan, EngineError> {
        PairPlan::make_with(zfs, pair, source, None, opts, reuse)
    }

    /// Plans `pair`; `known_dest` is the destination dataset when already known (None: read
    /// it).
    fn make_with(
        zfs: &Zfs,
        pair: &Pair,
        source: DatasetInfo,
        known_dest: Option<Option<DatasetInfo>>,
        opts: &JobOptions,
        reuse: bool,
    ) -> Result<PairPlan, EngineError> {
        let (source_snaps, source_remembered) = snapshots_of(zfs, &source, opts, reuse)?;
        let dest = match known_dest {
            Some(known) => known,
            None => match zfs.dataset(pair.destination.as_str()) {
                Ok(d) => Some(d),
                Err(e) if e.kind() == ErrorKind::NotFound => None,
                Err(e) => return Err(e.into()),
            },
        };
        let (dest_snaps, dest_remembered) = match &dest {
            Some(d) => snapshots_of(zfs, d, opts, reuse)?,
            None => (Vec::new(), false),
        };
        let token = dest
            .as_ref()
            .and_then(|d| d.receive_resume_token())
            .map(ResumeToken::decode)
            .transpose()?;
        // A full receive that never finished leaves an inconsistent dataset: plan as if the
        // destination were absent (the resume or its abort settles it first).
        let dest_present = dest.as_ref().is_some_and(|d| !d.inconsistent);
        let mut outcome = plan_listings(
            pair,
            &source_snaps,
            dest_present.then_some(&dest_snaps[..]),
            opts,
        );
        if let (Ok(p), Some(d)) = (&outcome, &dest) {
            if let Some(latest) = dest_snaps.last() {
                let written = d.written().unwrap_or(0);
                if (!p.steps.is_empty() || opts.snapshot_coming) && written > 0 && dest_present {
                    outcome = Err(PlanError::Modified {
                        destination: pair.destination.to_string(),
                        since: latest.name.short_name().to_string(),
                        written,
                    });
                }
            }
        }
        if (source_remembered || dest_remembered) && outcome.is_err() {
            // A refusal names exactly what a re-copy destroys: only ever from fresh listings.
            return PairPlan::make_from(zfs, pair, source, opts, false);
        }
        Ok(PairPlan {
            pair: pair.clone(),
            source,
            source_snaps,
            dest,
            dest_snaps,
            token,
            outcome,
        })
    }

    /// Nothing to send, nothing to resume, nothing refused.
    pub fn is_up_to_date(&self) -> bool {
        self.token.is_none() && matches!(&self.outcome, Ok(p) if p.steps.is_empty())
    }

    /// Every step of the plan with `lzc_send_space`'s estimate of its stream, sent with the
    /// flags this source gets (raw when encrypted). Empty for a refused plan.
    pub fn step_estimates(
        &self,
        zfs: &Zfs,
        flags: SendFlags,
    ) -> Result<Vec<(Step, u64)>, EngineError> {
        let Ok(p) = &self.outcome else {
            return Ok(Vec::new());
        };
        let flags = flags_for(&self.source, flags);
        p.steps
            .iter()
            .map(|step| {
                let to = self.pair.source.snapshot(step.to())?;
                let from = step.base_on(&self.pair.source);
                Ok((step.clone(), zfs.send_space(&to, from.as_deref(), flags)?))
            })
            .collect()
    }

    /// `lzc_send_space`'s estimate of what carrying the plan out with `opts` sends: the plan's
    /// steps, less what an interrupted receive already has (its resume sends only the rest);
    /// for a destination refused but let through by `opts`, what follows the rollback (a
    /// modified one) or the re-copy from scratch; nothing for one that stays refused.
    pub fn estimate_carried_out(&self, zfs: &Zfs, opts: &JobOptions) -> Result<u64, EngineError> {
        let refusal = match &self.outcome {
            Ok(_) => {
                let arrived = self.token.as_ref().map_or(0, |t| t.bytes);
                return Ok(self.estimate(zfs, opts.flags)?.saturating_sub(arrived));
            }
            Err(e) if !opts.on_divergence.permits(e) => return Ok(0),
            Err(e) => e,
        };
        let dest = match refusal {
            PlanError::Modified { .. } => Some(&self.dest_snaps[..]),
            _ => None,
        };
        let Ok(plan) = plan_listings(&self.pair, &self.source_snaps, dest, opts) else {
            return Ok(0);
        };
        self.estimate_steps(zfs, &plan.steps, opts.flags)
    }

    /// `lzc_send_space`'s estimate for the whole plan, in at most two requests: the full
    /// stream of its first snapshot when it starts with one, and one incremental from there
    /// (or from the base) to its newest. Asking step by step costs a request per snapshot
    /// before anything is sent (a thousand for a thousand-snapshot catch-up) and tells a
    /// progress bar little more: the sum differs by each stream's headers and by data
    /// rewritten between snapshots.
    pub fn estimate(&self, zfs: &Zfs, flags: SendFlags) -> Result<u64, EngineError> {
        match &self.outcome {
            Ok(p) => self.estimate_steps(zfs, &p.steps, flags),
            Err(_) => Ok(0),
        }
    }

    /// [`PairPlan::estimate`] of `steps` (this plan's, or those of its re-plan).
    fn estimate_steps(
        &self,
        zfs: &Zfs,
        steps: &[Step],
        flags: SendFlags,
    ) -> Result<u64, EngineError> {
        let flags = flags_for(&self.source, flags);
        let (full, incremental) = match steps.split_first() {
            Some((Step::Full { to }, rest)) => (Some(to.as_str()), rest),
            _ => (None, steps),
        };
        let mut total = 0;
        if let Some(to) = full {
            total += zfs.send_space(&self.pair.source.snapshot(to)?, None, flags)?;
        }
        if let (Some(first), Some(last)) = (incremental.first(), incremental.last()) {
            let from = first.base_on(&self.pair.source);
            let to = self.pair.source.snapshot(last.to())?;
            total += zfs.send_space(&to, from.as_deref(), flags)?;
        }
        Ok(total)
    }

    /// The source snapshot both sides share after this plan is carried out.
    pub fn newest_after(&self) -> Option<String> {
        let p = self.outcome.as_ref().ok()?;
        p.steps
            .last()
            .map(|s| s.to().to_string())
            .or_else(|| p.base.clone())
    }
}

/// Plans every pair, several at a time (`opts.parallel`): listing is one round trip to the
/// kernel after another, and side by side they overlap. Plans come back in `pairs` order.
pub fn plan_pairs(
    zfs: &Zfs,
    pairs: &[Pair],
    opts: &JobOptions,
) -> Result<Vec<PairPlan>, EngineError> {
    on_threads(opts.parallel, || {
        pairs
            .par_iter()
            .map(|pair| PairPlan::make(zfs, pair, opts))
            .collect()
    })
}

/// [`plan_pairs`] for pairs whose source datasets were just listed (see [`expand_listed`]).
///
/// [`expand_listed`]: crate::replicate::pairs::expand_listed
pub fn plan_listed(
    zfs: &Zfs,
    listed: Vec<(Pair, DatasetInfo)>,
    opts: &JobOptions,
) -> Result<Vec<PairPlan>, EngineError> {
    on_threads(opts.parallel, || {
        listed
            .into_par_iter()
            .map(|(pair, source)| PairPlan::make_listed(zfs, &pair, source, opts))
            .collect()
    })
}

/// Plans pairs from their datasets as recorded (see [`PairPlan::make_known`]), on the calling
/// thread: their snapshot listings come from the listing cache, so there is no round trip to
/// overlap, and starting a pool of threads would cost more than the planning.
pub fn plan_known(
    zfs: &Zfs,
    known: &[KnownDatasets],
    opts: &JobOptions,
) -> Result<Vec<PairPlan>, EngineError> {
    known
        .iter()
        .map(|(pair, source, dest)| {
            PairPlan::make_known(zfs, pair, source.clone(), dest.clone(), opts)
        })
        .collect()
}

/// `lzc_send_space`'s estimate for all of `plans`, several plans at a time.
pub fn estimate_all(zfs: &Zfs, plans: &[PairPlan], opts: &JobOptions) -> Result<u64, EngineError> {
    Ok(estimate_each(zfs, plans, opts)?.iter().sum())
}

/// Each plan's estimate, in the order of `plans` (what a run shows per dataset).
pub fn estimate_each(
    zfs: &Zfs,
    plans: &[PairPlan],
    opts: &JobOptions,
) -> Result<Vec<u64>, EngineError> {
    if plans.iter().all(PairPlan::is_up_to_date) {
        // Nothing to send, nothing to estimate (and no threads to start for it).
        return Ok(vec![0; plans.len()]);
    }
    on_threads(opts.parallel, || {
        plans
            .par_iter()
            .map(|p| p.estimate_carried_out(zfs, opts))
            .collect()
    })
}

/// Runs `f` on a pool of `threads` threads: each item is a kernel round trip that mostly waits,
/// so more of them in flight than there are cores still gains. When no pool can be made, `f`
/// runs on the calling thread (slower, same result).
fn on_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .thread_name(|i| format!("zsplice-plan-{i}"))
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Plans `pair` from its listings: the destination's snapshots, or None when it is absent.
/// Only snapshots the job's naming schema made are sent.
fn plan_listings(
    pair: &Pair,
    source_snaps: &[DatasetInfo],
    dest_snaps: Option<&[DatasetInfo]>,
    opts: &JobOptions,
) -> Result<Plan, PlanError> {
    let include = |name: &str| opts.schema.as_ref().is_none_or(|s| s.matches(name));
    let dest = dest_snaps.map(as_snaps);
    plan(
        pair.source.as_str(),
        &as_snaps(source_snaps),
        pair.destination.as_str(),
        dest.as_deref(),
        &include,
    )
}

/// Plans `plan`'s listings again, against its destination snapshots (`as_absent`: as if the
/// destination did not exist), skipping the checks a forced receive makes moot.
pub(crate) fn replan(
    plan: &PairPlan,
    opts: &JobOptions,
    as_absent: bool,
) -> Result<Plan, PlanError> {
    let dest = (!as_absent).then_some(&plan.dest_snaps[..]);
    plan_listings(&plan.pair, &plan.source_snaps, dest, opts)
}
