//! The options that shape how pairs are replicated, and the send flags they start from.

use std::sync::Arc;

use crate::replicate::listings::ListingCache;
use crate::replicate::memo::RunMemo;
use crate::replicate::refusal::OnDivergence;
use zsplice_zfs::{DatasetInfo, SendFlags};

use crate::model::policy::NamingSchema;
use crate::model::task::PropertyPolicy;

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
    pub on_divergence: OnDivergence,
    /// Which properties travel with the data.
    pub properties: PropertyPolicy,
    /// Set `readonly=on` on every received dataset.
    pub readonly: bool,
    /// The send flags to start from (see [`FAST_SEND`]), fitted per destination pool.
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
    /// Snapshot listings remembered between runs, used where they still hold (None: list
    /// every dataset's snapshots).
    pub listings: Option<Arc<ListingCache>>,
    /// What the last run of the same replication left, and what this one receives (None:
    /// nothing kept between runs).
    pub memo: Option<Arc<RunMemo>>,
}

impl Default for JobOptions {
    fn default() -> JobOptions {
        JobOptions {
            schema: None,
            on_divergence: OnDivergence::Refuse,
            properties: PropertyPolicy::default(),
            readonly: false,
            flags: FAST_SEND,
            snapshot_coming: false,
            parallel: default_parallelism(),
            retries: crate::model::task::DEFAULT_RETRIES,
            stall_timeout: crate::model::task::DEFAULT_STALL_TIMEOUT,
            listings: None,
            memo: None,
        }
    }
}

impl JobOptions {
    /// Keeps the snapshot listings this job made for the next one (when it remembers any).
    pub fn save_listings(&self) {
        if let Some(cache) = &self.listings {
            cache.save();
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
