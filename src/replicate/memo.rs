//! A replication whose trees nothing touched since its last run is planned without reading
//! them again. Reading a tree costs a request per dataset, and for an unmounted destination
//! each of those builds the dataset's object set (in the test guest the unmounted side cost
//! ten times the mounted one). What tells that nothing touched them is the pools' history
//! ([`zsplice_zfs::HistoryTail`]): the kernel records every change to a dataset there, naming
//! it, in the same transaction group as the change, so a few requests per pool say
//! whether any dataset of the trees changed since an offset.
//!
//! A run starts by reading each pool's history since the offset the last run of the same
//! replication ended at (same import of the pool: an offset means nothing in another). When no
//! event touched the trees (`events::touches`), the datasets as that run left them are used
//! instead of reading them (snapshot listings still come from the listing cache, which checks
//! each against what was recorded). Otherwise the trees are read as always. Either way the
//! history's end is this run's starting offset.
//!
//! At its end a run that left every dataset up to date records the datasets and each pool's
//! new offset, but only when every event in its own stretch of history is its own
//! (`events::explained`): receives into the datasets it received into, and holds. Anything
//! else (a snapshot taken on the source during the run, say) leaves nothing recorded, so the
//! next run reads the trees.
//!
//! What is recorded only ever saves reading: a plan made from it that is not "up to date" for
//! every dataset is thrown away and made again from the trees, so a copy, a refusal or a resume
//! is always planned from fresh reads. Data written into a destination without a snapshot is
//! not in the history; it only matters to a copy, which reads the destination first.

mod events;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use zsplice_zfs::{DatasetInfo, DatasetName, DatasetType, ListedName, PropValue, Property, Zfs};

use crate::model::record::now;
use crate::replicate::pairs::Pair;

/// The file's name in the cache directory; the number changes with its format.
const FILE_NAME: &str = "unchanged-1.json";

/// The properties planning reads from a dataset (see `PairPlan`): all a recorded dataset keeps.
const KEPT: [&str; 6] = [
    "snapshots_changed",
    "prevsnap",
    "written",
    "receive_resume_token",
    "encryption",
    "readonly",
];

/// Replications not run for this long are dropped when the file is written.
const FORGET_AFTER_SECS: u64 = 30 * 24 * 3600;

/// Where one pool's history stood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Mark {
    pool: String,
    /// [`Zfs::pool_instance`]: the import the offset belongs to.
    instance: String,
    offset: u64,
}

/// A dataset as recorded: its identity and the properties in [`KEPT`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Known {
    name: String,
    volume: bool,
    guid: u64,
    createtxg: u64,
    numbers: Vec<(String, u64)>,
    texts: Vec<(String, String)>,
}

impl Known {
    fn of(info: &DatasetInfo) -> Known {
        let mut known = Known {
            name: info.name.as_str().to_string(),
            volume: info.kind == DatasetType::Volume,
            guid: info.guid,
            createtxg: info.createtxg,
            numbers: Vec::new(),
            texts: Vec::new(),
        };
        for key in KEPT {
            match info.properties.get(key).map(|p| &p.value) {
                Some(PropValue::Number(n)) => known.numbers.push((key.to_string(), *n)),
                Some(PropValue::Text(t)) => known.texts.push((key.to_string(), t.clone())),
                None => {}
            }
        }
        known
    }

    /// None when the name no longer parses (a file from elsewhere).
    fn info(&self) -> Option<DatasetInfo> {
        let numbers = self.numbers.iter().map(|(k, n)| (k, PropValue::Number(*n)));
        let texts = self
            .texts
            .iter()
            .map(|(k, t)| (k, PropValue::Text(t.clone())));
        Some(DatasetInfo {
            name: ListedName::Dataset(DatasetName::new(&self.name).ok()?),
            kind: if self.volume {
                DatasetType::Volume
            } else {
                DatasetType::Filesystem
            },
            guid: self.guid,
            createtxg: self.createtxg,
            creation: 0,
            inconsistent: false,
            properties: numbers
                .chain(texts)
                .map(|(k, value)| {
                    (
                        k.clone(),
                        Property {
                            value,
                            source: None,
                        },
                    )
                })
                .collect(),
        })
    }
}

/// One pair as its last run left it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct KnownPair {
    source: Known,
    destination: String,
    dest: Option<Known>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    marks: Vec<Mark>,
    pairs: Vec<KnownPair>,
    /// When it was recorded (seconds).
    seen: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct MemoFile {
    entries: BTreeMap<String, Entry>,
}

/// A pair with its source and destination datasets (None: the destination does not exist).
pub type KnownDatasets = (Pair, DatasetInfo, Option<DatasetInfo>);

/// One run's use of what the last run of the same replication recorded (see the module
/// documentation).
#[derive(Debug, Default)]
pub struct RunMemo {
    /// The file (None: nothing is kept between runs).
    path: Option<PathBuf>,
    /// Which replication: its trees and how they pair.
    key: String,
    /// The roots of the trees read (sources and destination).
    roots: Vec<String>,
    /// Each pool's history offset when this run began; empty when a pool's history cannot be
    /// followed (then nothing is recorded).
    start: Vec<Mark>,
    /// The datasets as the last run left them, when nothing touched them since.
    unchanged: Option<Vec<KnownDatasets>>,
    /// Where the last run's pools' histories stood (None: it recorded nothing).
    last_marks: Option<Vec<Mark>>,
    /// Destination datasets this run received into, as read after their receives.
    received: Mutex<BTreeMap<String, DatasetInfo>>,
}

impl RunMemo {
    /// Begins a run of the replication `key` over the trees at `roots`, with its file in `dir`
    /// (None: keep nothing): reads where each pool's history stands and whether anything
    /// touched the trees since the last run.
    pub fn begin(zfs: &Zfs, dir: Option<&Path>, key: String, roots: &[&DatasetName]) -> RunMemo {
        let mut memo = RunMemo {
            path: dir.map(|d| d.join(FILE_NAME)),
            key,
            roots: roots.iter().map(|r| r.as_str().to_string()).collect(),
            ..RunMemo::default()
        };
        let Some(path) = &memo.path else {
            return memo;
        };
        let last = read_file(path).entries.remove(&memo.key);
        memo.last_marks = last.as_ref().map(|e| e.marks.clone());
        let mut pools: Vec<&str> = roots.iter().map(|r| r.pool()).collect();
        pools.sort_unstable();
        pools.dedup();
        let mut untouched = last.is_some();
        for pool in pools {
            let Some(instance) = zfs.pool_instance(pool) else {
                tracing::debug!(
                    "{pool}: which import it is is unknown: its history is not followed"
                );
                memo.start.clear();
                return memo;
            };
            let before = last.as_ref().and_then(|e| {
                e.marks
                    .iter()
                    .find(|m| m.pool == pool && m.instance == instance)
            });
            let since = before.and_then(|m| {
                zfs.history_since(pool, m.offset)
                    .map_err(|e| tracing::debug!("{pool}: history since {}: {e}", m.offset))
                    .ok()
            });
            let offset = match since {
                Some(tail) => {
                    if tail.lost || tail.events.iter().any(|e| events::touches(e, &memo.roots)) {
                        untouched = false;
                    }
                    tail.end
                }
                None => {
                    untouched = false;
                    match zfs.history_end(pool) {
                        Ok(end) => end,
                        Err(e) => {
                            tracing::debug!("{pool}: history not followed: {e}");
                            memo.start.clear();
                            return memo;
                        }
                    }
                }
            };
            memo.start.push(Mark {
                pool: pool.to_string(),
                instance,
                offset,
            });
        }
        tracing::debug!(
            "pool histories at {:?}; trees untouched since the last run: {untouched}",
            memo.start
        );
        if untouched {
            memo.unchanged = last.and_then(|e| known_datasets(&e.pairs));
        }
        memo
    }

    /// The datasets as the last run left them, when nothing touched the trees since.
    pub fn unchanged(&self) -> Option<&[KnownDatasets]> {
        self.unchanged.as_deref()
    }

    /// Notes `dest`, a destination dataset as read after this run received into it.
    pub fn received(&self, dest: &DatasetInfo) {
        let mut received = self.received.lock().unwrap_or_else(|p| p.into_inner());
        received.insert(dest.name.as_str().to_string(), dest.clone());
    }

    /// Ends the run: when it left every dataset of `pairs` up to date (`all_up_to_date`) and
    /// every event in its stretch of history is its own, records the datasets (as received
    /// where they were) for the next run; otherwise forgets what was recorded.
    pub fn finish(&self, zfs: &Zfs, pairs: &[KnownDatasets], all_up_to_date: bool) {
        let Some(path) = &self.path else { return };
        let entry = all_up_to_date.then(|| self.entry(zfs, pairs)).flatten();
        let same = match (&entry, &self.last_marks) {
            // Nothing recorded before, nothing now.
            (None, None) => true,
            // Planned from the record and ending where it began: the same record again.
            (Some(e), Some(marks)) => self.unchanged.is_some() && &e.marks == marks,
            _ => false,
        };
        if same {
            return;
        }
        let mut file = read_file(path);
        let now = now();
        file.entries
            .retain(|_, e| now.saturating_sub(e.seen) < FORGET_AFTER_SECS);
        match entry {
            Some(e) => file.entries.insert(self.key.clone(), e),
            None => file.entries.remove(&self.key),
        };
        if let Err(e) = crate::newfile::write_json_file(path, &file) {
            tracing::debug!("{}: not written: {e}", path.display());
        }
    }

    /// What to record after a run over `pairs`, if its stretch of history allows.
    fn entry(&self, zfs: &Zfs, pairs: &[KnownDatasets]) -> Option<Entry> {
        if self.start.is_empty() {
            return None;
        }
        let received = self.received.lock().unwrap_or_else(|p| p.into_inner());
        let names: Vec<String> = received.keys().cloned().collect();
        let mut marks = Vec::new();
        for mark in &self.start {
            let tail = zfs
                .history_since(&mark.pool, mark.offset)
                .map_err(|e| tracing::debug!("{}: history since {}: {e}", mark.pool, mark.offset))
                .ok()?;
            let foreign = tail
                .events
                .iter()
                .find(|e| events::touches(e, &self.roots) && !events::explained(e, &names));
            if tail.lost || foreign.is_some() {
                tracing::debug!("{}: changed during the run: {foreign:?}", mark.pool);
                return None;
            }
            marks.push(Mark {
                offset: tail.end,
                ..mark.clone()
            });
        }
        let pairs = pairs
            .iter()
            .map(|(pair, source, dest)| KnownPair {
                source: Known::of(source),
                destination: pair.destination.as_str().to_string(),
                dest: received
                    .get(pair.destination.as_str())
                    .or(dest.as_ref())
                    .map(Known::of),
            })
            .collect();
        Some(Entry {
            marks,
            pairs,
            seen: now(),
        })
    }
}

/// The recorded pairs as datasets; None when a name no longer parses (a file from elsewhere).
fn known_datasets(pairs: &[KnownPair]) -> Option<Vec<KnownDatasets>> {
    let mut seen = HashSet::new();
    pairs
        .iter()
        .map(|k| {
            let pair = Pair {
                source: DatasetName::new(&k.source.name).ok()?,
                destination: DatasetName::new(&k.destination).ok()?,
            };
            seen.insert(k.destination.clone()).then_some(())?;
            let dest = match &k.dest {
                Some(d) => Some(d.info()?),
                None => None,
            };
            Some((pair, k.source.info()?, dest))
        })
        .collect()
}

/// The file's entries; none when it is missing or cannot be parsed (it only saves time).
fn read_file(path: &Path) -> MemoFile {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Which replication a run is: its sources (with how they recurse and what they leave out)
/// and its destination.
pub fn key(sources: &[crate::model::task::SourceSpec], destination: &DatasetName) -> String {
    let mut key = String::new();
    for s in sources {
        key.push_str(s.dataset.as_str());
        key.push_str(if s.recursive { " -r" } else { "" });
        for ex in &s.exclude {
            key.push_str(" -x ");
            key.push_str(ex.as_str());
        }
        key.push_str(", ");
    }
    key.push_str("-> ");
    key.push_str(destination.as_str());
    key
}
