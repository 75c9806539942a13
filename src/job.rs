//! Replicating a set of datasets: expanding sources into (source, destination) pairs, planning
//! every pair from one listing of each side, and carrying the plans out: resuming interrupted
//! receives from their token, re-copying from scratch only when allowed, and counting bytes.
//! Used by `zsplice replicate` directly and by task runs (which add snapshots, holds,
//! retention and records around it).

use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Condvar, Mutex};

use zsplice_zfs::{
    DatasetInfo, DatasetName, ErrorKind, PropValue, ReceiveOptions, ResumeToken, SendFlags,
    SnapshotName, Zfs,
};

use crate::error::EngineError;
use crate::features::{can_resume, fit_to_pool, FeatureCache};
use crate::plan::{plan, Plan, PlanError, Snap, Step};
use crate::policy::NamingSchema;
use crate::retry::retrying;
use crate::run::DatasetRun;
use crate::supervise::{is_retryable, retry_wait, TransferSlot, TransferSlots, Watch};
use crate::task::{landing, PropertyPolicy, SourceSpec};
use crate::transfer::{ResumeAt, Transfer};

/// Properties zsplice never replicates: where the source mounts or shares must not decide
/// where the copy mounts or shares, and encryption settings belong to the destination.
pub const NEVER_REPLICATED: &[&str] = &[
    "mountpoint",
    "sharenfs",
    "sharesmb",
    "keylocation",
    "keyformat",
    "pbkdf2iters",
    "encryption",
    "volsize",
];

/// One dataset and where it lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub source: DatasetName,
    pub destination: DatasetName,
}

/// Expands sources (recursive ones into their descendants, minus excludes) into pairs,
/// parents before children.
pub fn expand(
    zfs: &Zfs,
    sources: &[SourceSpec],
    destination: &DatasetName,
) -> Result<Vec<Pair>, EngineError> {
    let pool = destination.pool();
    zfs.dataset(pool).map_err(|e| {
        usage_if_missing(e, || {
            format!("{destination}: destination pool '{pool}' does not exist (is it imported?)")
        })
    })?;
    let mut pairs = Vec::new();
    for s in sources {
        let root = landing(destination, &s.dataset, sources.len())?;
        let tree = if s.recursive {
            zfs.descendants(&s.dataset)
        } else {
            zfs.dataset(s.dataset.as_str()).map(|d| vec![d])
        };
        let tree = tree.map_err(|e| {
            usage_if_missing(e, || {
                format!("{}: source dataset does not exist", s.dataset)
            })
        })?;
        for d in tree {
            let name = DatasetName::new(&d.name)?;
            if s.exclude.iter().any(|ex| ex.contains(&name)) {
                continue;
            }
            let rel = name.relative_to(&s.dataset).unwrap_or("");
            let target = if rel.is_empty() {
                root.clone()
            } else {
                root.child(rel)?
            };
            pairs.push(Pair {
                source: name,
                destination: target,
            });
        }
    }
    Ok(pairs)
}

/// `e` as an engine error; a dataset that does not exist, named on the command line or in a
/// task, is the user's to fix (a usage error saying `missing`).
fn usage_if_missing(e: zsplice_zfs::Error, missing: impl FnOnce() -> String) -> EngineError {
    match e.kind() {
        ErrorKind::NotFound => EngineError::Usage(missing()),
        _ => e.into(),
    }
}

/// Send flags chosen for throughput: blocks stay compressed and large end to end, small
/// blocks travel embedded in their block pointers. Raw is added per dataset for encrypted
/// sources.
pub const FAST_SEND: SendFlags = SendFlags {
    embedded: true,
    large_blocks: true,
    compressed: true,
    raw: false,
};

/// Options that shape how pairs are replicated.
#[derive(Debug, Clone)]
pub struct JobOptions {
    /// Send only snapshots this schema made (None: every snapshot).
    pub schema: Option<NamingSchema>,
    /// Destroy and re-copy (or roll back) a diverged destination instead of refusing.
    pub allow_from_scratch: bool,
    pub properties: PropertyPolicy,
    pub readonly: bool,
    pub flags: SendFlags,
    /// A new source snapshot will be taken before sending (a task run's check before it
    /// snapshots): a destination modified since its last snapshot is refused even when it is
    /// up to date now.
    pub snapshot_coming: bool,
    /// How many datasets replicate at once (parents always finish before their children).
    pub parallel: usize,
    /// How often a dataset whose try failed for a reason that can pass (busy, stalled) is
    /// tried again, with growing waits in between.
    pub retries: u32,
    /// A transfer that moves nothing for this long is stopped (and retried).
    pub stall_timeout: std::time::Duration,
}

impl Default for JobOptions {
    fn default() -> JobOptions {
        JobOptions {
            schema: None,
            allow_from_scratch: false,
            properties: PropertyPolicy::default(),
            readonly: false,
            flags: FAST_SEND,
            snapshot_coming: false,
            parallel: default_parallelism(),
            retries: crate::supervise::DEFAULT_RETRIES,
            stall_timeout: crate::supervise::DEFAULT_STALL_TIMEOUT,
        }
    }
}

/// How many datasets replicate at once by default: at least 8, more on machines with more
/// cores. A receive spends most of its time waiting for transaction syncs, not on a CPU, and
/// receives in flight together share those syncs: in the test guest (2 vCPUs), 100 small
/// incrementals took 10.3 s two at a time, 8.0 s four at a time and 6.8 s eight at a time.
pub fn default_parallelism() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    cores.clamp(8, 32)
}

/// The send flags for one source: the job's, plus raw when the source is encrypted (the copy
/// stays encrypted with the source's keys, which never leave it).
pub fn flags_for(source: &DatasetInfo, base: SendFlags) -> SendFlags {
    SendFlags {
        raw: base.raw || source.encrypted(),
        ..base
    }
}

/// A pair's plan, with the listings it was made from.
#[derive(Debug, Clone)]
pub struct PairPlan {
    pub pair: Pair,
    pub source: DatasetInfo,
    pub source_snaps: Vec<DatasetInfo>,
    /// None when the destination does not exist yet.
    pub dest: Option<DatasetInfo>,
    pub dest_snaps: Vec<DatasetInfo>,
    /// An interrupted receive into the destination left this token.
    pub token: Option<ResumeToken>,
    pub outcome: Result<Plan, PlanError>,
}

fn as_snaps(list: &[DatasetInfo]) -> Vec<Snap> {
    list.iter()
        .map(|s| Snap {
            name: short(&s.name).to_string(),
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
    /// Lists both sides of `pair` and plans it.
    pub fn make(zfs: &Zfs, pair: &Pair, opts: &JobOptions) -> Result<PairPlan, EngineError> {
        let source = zfs.dataset(pair.source.as_str())?;
        // Planning matches by guid and createtxg only: no properties needed per snapshot.
        let source_snaps = zfs.snapshot_identities(&pair.source)?;
        let dest = match zfs.dataset(pair.destination.as_str()) {
            Ok(d) => Some(d),
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            Err(e) => return Err(e.into()),
        };
        let dest_snaps = match &dest {
            Some(_) => zfs.snapshot_identities(&pair.destination)?,
            None => Vec::new(),
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
                        since: short(&latest.name).to_string(),
                        written,
                    });
                }
            }
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
                let from = step.from().map(|f| format!("{}@{f}", self.pair.source));
                Ok((step.clone(), zfs.send_space(&to, from.as_deref(), flags)?))
            })
            .collect()
    }

    /// `lzc_send_space`'s estimate for the whole plan.
    pub fn estimate(&self, zfs: &Zfs, flags: SendFlags) -> Result<u64, EngineError> {
        Ok(self
            .step_estimates(zfs, flags)?
            .iter()
            .map(|(_, bytes)| bytes)
            .sum())
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
    parallel_map(pairs, opts.parallel, |pair| PairPlan::make(zfs, pair, opts))
        .into_iter()
        .collect()
}

/// `f` over `items` on up to `threads` threads, results in item order.
pub fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, items.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                *results[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .expect("every item was mapped")
        })
        .collect()
}

/// The properties sent with every receive of a pair, as received values.
pub fn received_props(
    source: &DatasetInfo,
    policy: &PropertyPolicy,
    readonly: bool,
) -> Result<Vec<(String, PropValue)>, EngineError> {
    let mut props: Vec<(String, PropValue)> = Vec::new();
    if policy.replicate {
        for (name, prop) in &source.properties {
            if prop.source.as_deref() != Some("local")
                || NEVER_REPLICATED.contains(&name.as_str())
                || policy.exclude.iter().any(|e| e == name)
            {
                continue;
            }
            props.push((name.clone(), prop.value.clone()));
        }
    }
    for (name, value) in &policy.set {
        props.retain(|(n, _)| n != name);
        props.push((name.clone(), property_value(name, value, source)?));
    }
    if readonly {
        props.retain(|(n, _)| n != "readonly");
        props.push(("readonly".into(), PropValue::Number(1)));
    }
    Ok(props)
}

/// Turns an override's text into the type the kernel wants: user properties and string
/// properties stay text; numbers and on/off switches become numbers.
fn property_value(name: &str, value: &str, source: &DatasetInfo) -> Result<PropValue, EngineError> {
    if name.contains(':') {
        return Ok(PropValue::Text(value.into()));
    }
    if let Ok(n) = value.parse::<u64>() {
        return Ok(PropValue::Number(n));
    }
    let numeric = source
        .properties
        .get(name)
        .is_some_and(|p| matches!(p.value, PropValue::Number(_)));
    match value {
        "on" => Ok(PropValue::Number(1)),
        "off" => Ok(PropValue::Number(0)),
        _ if !numeric => Ok(PropValue::Text(value.into())),
        _ => Err(EngineError::Usage(format!(
            "{name}={value}: zsplice can override this property only with a number, on or off; \
             set it with zfs set after replication"
        ))),
    }
}

/// What carrying out one pair did.
#[derive(Debug)]
pub struct PairOutcome {
    pub pair: Pair,
    pub record: DatasetRun,
    /// The newest snapshot both sides share afterwards (the next incremental base).
    pub base: Option<String>,
    pub result: Result<(), EngineError>,
}

/// Where a job's log lines go; shared by the worker threads.
pub type Log<'a> = dyn Fn(&str) + Sync + 'a;

/// Carries out pairs. Logs through `log`, counts bytes into `progress`.
#[derive(Debug)]
pub struct Executor<'a> {
    pub zfs: &'a Zfs,
    pub opts: &'a JobOptions,
    pub progress: &'a AtomicU64,
    /// Destination pools' features, looked up once each, to fit the send flags.
    pub features: FeatureCache,
    /// A stop request to obey (None: run to the end).
    pub cancel: Option<&'a AtomicBool>,
    /// A cap on transfers in flight shared with other runs (None: only `opts.parallel`).
    pub slots: Option<&'a TransferSlots>,
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
        let mut plan = Some(first);
        let mut retry = 0;
        let result = loop {
            let slot = match self.slots {
                Some(slots) => slots.acquire(&watch),
                None => Some(TransferSlot::unlimited()),
            };
            let tried = match (slot, plan.take()) {
                (None, _) => Err(cancelled(&pair)),
                (Some(_slot), Some(p)) => self.run_pair_inner(p, &mut record, log),
                (Some(_slot), None) => PairPlan::make(self.zfs, &pair, self.opts)
                    .and_then(|p| self.run_pair_inner(p, &mut record, log)),
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
            record.mode = "interrupted".into();
        }
        let (base, result) = match result {
            Ok(base) => (base, Ok(())),
            Err(e) => {
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
        log: &Log<'_>,
    ) -> Result<Option<String>, EngineError> {
        let zfs = self.zfs;
        let pair = plan.pair.clone();
        let props = received_props(&plan.source, &self.opts.properties, self.opts.readonly)?;
        let pool = self.features.get(zfs, pair.destination.pool())?;
        let flags = fit_to_pool(flags_for(&plan.source, self.opts.flags), &pool);
        let mut modes = Vec::new();
        if let Some(token) = plan.token.clone() {
            if let Some(moved) = self.resume(&plan, &token, &props, log)? {
                record.bytes += moved;
                record.snapshots += 1;
                modes.push("resumed");
            }
            plan = PairPlan::make(zfs, &pair, self.opts)?;
        }
        let mut force = false;
        if let Err(refusal) = plan.outcome.clone() {
            if !self.opts.allow_from_scratch {
                return Err(EngineError::Refused(refusal.clone()));
            }
            match &refusal {
                PlanError::NoSourceSnapshots { .. } => {
                    return Err(EngineError::Refused(refusal.clone()))
                }
                PlanError::Modified { since, .. } => {
                    log(&format!(
                        "{}: rolling back changes made since @{since} (allowed)",
                        pair.destination
                    ));
                    force = true;
                    modes.push("rolled back");
                }
                PlanError::Diverged { would_destroy, .. }
                | PlanError::NoCommonSnapshot { would_destroy, .. } => {
                    self.destroy_for_recopy(&pair, would_destroy, record, log)?;
                    force = true;
                    modes.push("re-copied from scratch");
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
                modes.push("up to date");
            }
            record.mode = modes.join(", ");
            return Ok(plan.newest_after());
        }
        for step in &steps {
            let source = pair.source.snapshot(step.to())?;
            let from = step.from().map(|f| format!("{}@{f}", pair.source));
            let target = pair.destination.snapshot(step.to())?;
            if step.from().is_none() {
                ensure_parent(zfs, &pair.destination, log)?;
                if !modes.contains(&"re-copied from scratch") {
                    modes.push("full");
                }
            } else if !modes.contains(&"incremental") {
                modes.push("incremental");
            }
            let receive = ReceiveOptions {
                force,
                resumable: can_resume(&pool),
                raw: flags.raw,
                props: props.clone(),
                origin: None,
            };
            let moved = Transfer {
                source: &source,
                from: from.as_deref(),
                destination: &target,
                flags,
                receive: &receive,
                resume: None,
            }
            .run(zfs, self.progress, &self.watch())?;
            force = false;
            record.bytes += moved;
            record.snapshots += 1;
            log(&match &from {
                Some(f) => format!("sent {f} -> @{} into {target} ({moved} bytes)", step.to()),
                None => format!("sent {source} (full) into {target} ({moved} bytes)"),
            });
        }
        record.mode = modes.join(", ");
        Ok(plan.newest_after())
    }

    /// Finishes (or, when its source snapshot is gone, discards) an interrupted receive.
    /// Returns the bytes the resumed send moved, or None when the partial state was discarded.
    fn resume(
        &self,
        plan: &PairPlan,
        token: &ResumeToken,
        props: &[(String, PropValue)],
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
        let source = SnapshotName::new(&to.name)?;
        let target = pair.destination.snapshot(short(&to.name))?;
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
        .run(self.zfs, self.progress, &self.watch())?;
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
fn cancelled(pair: &Pair) -> EngineError {
    EngineError::Cancelled(format!(
        "{}: stopped on request; the next start carries on",
        pair.destination
    ))
}

/// Where an item stands in [`run_ordered`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Waiting,
    Running,
    Succeeded,
    Failed,
}

/// Runs `work` on every item on up to `workers` threads, starting an item only once its parent
/// item (`parents[i]`, an index) has ended. `work` gets the item's index, the item, and whether
/// its parent failed, and returns whether the item succeeded.
pub fn run_ordered<T: Send>(
    items: Vec<T>,
    parents: &[Option<usize>],
    workers: usize,
    work: &(dyn Fn(usize, T, bool) -> bool + Sync),
) {
    let slots = Mutex::new(vec![Slot::Waiting; items.len()]);
    let changed = Condvar::new();
    let items: Vec<Mutex<Option<T>>> = items.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let workers = workers.clamp(1, items.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let mut guard = slots.lock().unwrap_or_else(|p| p.into_inner());
                let next = loop {
                    if guard.iter().all(|s| *s != Slot::Waiting) {
                        break None;
                    }
                    let ready = (0..guard.len()).find(|&i| {
                        guard[i] == Slot::Waiting
                            && parents[i]
                                .is_none_or(|p| matches!(guard[p], Slot::Succeeded | Slot::Failed))
                    });
                    match ready {
                        Some(i) => break Some(i),
                        None => guard = changed.wait(guard).unwrap_or_else(|p| p.into_inner()),
                    }
                };
                let Some(i) = next else {
                    changed.notify_all();
                    return;
                };
                let parent_failed = parents[i].is_some_and(|p| guard[p] == Slot::Failed);
                guard[i] = Slot::Running;
                drop(guard);
                let item = items[i]
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .take()
                    .expect("each item runs once");
                let ok = work(i, item, parent_failed);
                let mut guard = slots.lock().unwrap_or_else(|p| p.into_inner());
                guard[i] = if ok { Slot::Succeeded } else { Slot::Failed };
                changed.notify_all();
            });
        }
    });
}

impl Executor<'_> {
    /// Carries out every plan on up to `opts.parallel` threads. A pair starts only after the
    /// pair that receives its destination's nearest ancestor ended; if that one failed, the
    /// pair is skipped with an error saying why. `on_done` sees each outcome as it ends.
    pub fn run_all(
        &self,
        plans: Vec<PairPlan>,
        log: &Log<'_>,
        on_done: &(dyn Fn(PairOutcome) + Sync),
    ) {
        let parents: Vec<Option<usize>> = plans
            .iter()
            .map(|p| {
                // Parents come first in `plans`, so the last container before it is the nearest.
                plans
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| {
                        q.pair.destination != p.pair.destination
                            && q.pair.destination.contains(&p.pair.destination)
                    })
                    .map(|(i, _)| i)
                    .next_back()
            })
            .collect();
        let parent_names: Vec<String> = parents
            .iter()
            .map(|p| p.map_or(String::new(), |p| plans[p].pair.destination.to_string()))
            .collect();
        run_ordered(
            plans,
            &parents,
            self.opts.parallel,
            &|i, plan, parent_failed| {
                let outcome = if parent_failed {
                    skipped(plan, &parent_names[i])
                } else {
                    self.run_pair(plan, log)
                };
                let ok = outcome.result.is_ok();
                on_done(outcome);
                ok
            },
        );
    }
}

/// The outcome of a pair not attempted because the pair receiving its parent failed.
fn skipped(plan: PairPlan, parent: &str) -> PairOutcome {
    let e = EngineError::Skipped(format!(
        "{}: skipped because {parent} failed",
        plan.pair.destination
    ));
    PairOutcome {
        pair: plan.pair.clone(),
        record: DatasetRun {
            source: plan.pair.source.to_string(),
            destination: plan.pair.destination.to_string(),
            mode: "skipped".into(),
            error: Some(e.to_string()),
            ..Default::default()
        },
        base: None,
        result: Err(e),
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
fn replan(plan: &PairPlan, opts: &JobOptions, as_absent: bool) -> Result<Plan, PlanError> {
    let dest = (!as_absent).then_some(&plan.dest_snaps[..]);
    plan_listings(&plan.pair, &plan.source_snaps, dest, opts)
}

/// Creates the missing ancestors of `dest` (a receive needs its parent to exist).
fn ensure_parent(zfs: &Zfs, dest: &DatasetName, log: &Log<'_>) -> Result<(), EngineError> {
    let mut missing = Vec::new();
    let mut cur = dest.parent();
    while let Some(p) = cur {
        if zfs.exists(p.as_str()) {
            break;
        }
        cur = p.parent();
        missing.push(p);
    }
    for p in missing.into_iter().rev() {
        match zfs.create_filesystem(&p, &[]) {
            Ok(()) => log(&format!("created {p} (parent of a destination)")),
            // A sibling's worker created it first.
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use zsplice_zfs::{DatasetType, Property};

    use super::*;

    fn info(props: &[(&str, PropValue, &str)]) -> DatasetInfo {
        DatasetInfo {
            name: "p/a".into(),
            kind: DatasetType::Filesystem,
            guid: 1,
            createtxg: 1,
            creation: 0,
            inconsistent: false,
            properties: props
                .iter()
                .map(|(n, v, src)| {
                    (
                        n.to_string(),
                        Property {
                            value: v.clone(),
                            source: Some(src.to_string()),
                        },
                    )
                })
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn only_local_properties_travel_minus_excludes_with_overrides() {
        let src = info(&[
            ("atime", PropValue::Number(0), "local"),
            ("compression", PropValue::Number(15), "p"),
            ("mountpoint", PropValue::Text("/srv".into()), "local"),
            ("org:a", PropValue::Text("x".into()), "local"),
            ("org:b", PropValue::Text("y".into()), "local"),
        ]);
        let policy = PropertyPolicy {
            replicate: true,
            exclude: vec!["org:b".into()],
            set: vec![("org:c".into(), "z".into()), ("atime".into(), "on".into())],
        };
        let mut got = received_props(&src, &policy, true).unwrap();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            got,
            vec![
                ("atime".into(), PropValue::Number(1)),
                ("org:a".into(), PropValue::Text("x".into())),
                ("org:c".into(), PropValue::Text("z".into())),
                ("readonly".into(), PropValue::Number(1)),
            ]
        );
        let none = received_props(&src, &PropertyPolicy::default(), false).unwrap();
        assert!(none.is_empty());
        let bad = PropertyPolicy {
            set: vec![("atime".into(), "sometimes".into())],
            ..Default::default()
        };
        let e = received_props(&src, &bad, false).unwrap_err().to_string();
        assert!(e.starts_with("atime=sometimes: "), "{e}");
    }

    #[test]
    fn parallel_map_keeps_item_order_with_any_thread_count() {
        let items: Vec<u64> = (0..200).collect();
        for threads in [0, 1, 3, 8, 500] {
            let out = parallel_map(&items, threads, |&i| {
                // Uneven work, so later items often finish first.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) % 7 * 50));
                i * 2
            });
            assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
        assert!(parallel_map(&[] as &[u8], 4, |_| 1).is_empty());
    }

    #[test]
    fn children_wait_for_their_parent_and_siblings_run_side_by_side() {
        use std::time::{Duration, Instant};
        // 0 is the root; 1, 2, 3 its children; 4 a child of 1. Item 1 fails.
        let parents = [None, Some(0), Some(0), Some(0), Some(1)];
        let t0 = Instant::now();
        let spans = Mutex::new(vec![(Duration::ZERO, Duration::ZERO, false); 5]);
        run_ordered(
            (0..5).collect(),
            &parents,
            4,
            &|i, item: usize, parent_failed| {
                assert_eq!(i, item);
                let start = t0.elapsed();
                std::thread::sleep(Duration::from_millis(40));
                spans.lock().unwrap()[i] = (start, t0.elapsed(), parent_failed);
                i != 1
            },
        );
        let spans = spans.into_inner().unwrap();
        for (child, parent) in parents.iter().enumerate() {
            if let Some(p) = parent {
                assert!(
                    spans[*p].1 <= spans[child].0,
                    "{child} started before {p} ended"
                );
            }
        }
        // The three siblings overlapped.
        let (first_end, last_start) = (
            spans[1..4].iter().map(|s| s.1).min().unwrap(),
            spans[1..4].iter().map(|s| s.0).max().unwrap(),
        );
        assert!(
            last_start < first_end,
            "siblings ran one after another: {spans:?}"
        );
        assert!(spans[4].2, "4's parent (1) failed and 4 was told so");
        assert!(!spans[2].2 && !spans[3].2);
    }
}
