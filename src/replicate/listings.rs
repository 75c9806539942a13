//! Snapshot listings remembered between runs, so that a dataset whose snapshots have not
//! changed is not listed again: listing costs one request to the kernel per snapshot, and for
//! an unmounted destination each of those rebuilds the dataset's object set (in the test guest
//! 13 ms a snapshot, ten times a mounted source's cost).
//!
//! A listing is used again only while the dataset's `snapshots_changed` (OpenZFS 2.2+, in
//! seconds) still reads what it read when the listing was made, and one more thing shows that
//! no change hid in that same second: either the listing began in a later second, or the
//! dataset's newest snapshot (`prevsnap`, read with it) is still the listing's newest. A
//! snapshot taken in that second would be the newest; a newest one destroyed or renamed would
//! change it too. What the check cannot see, an older snapshot destroyed or renamed in that
//! very second, planning never relies on: the base is always the newest common snapshot, and a
//! send from a snapshot that is gone fails, which makes the run forget both sides' listings.
//!
//! A destination that received is recorded from what it received (the listing it was planned
//! from plus the snapshots sent), checked against its newest snapshot read afterwards. A
//! snapshot someone else takes on it after the receive becomes its newest and makes the next
//! run list it; one taken between the listing and the receive lands between two received
//! snapshots, older than every base to come, where a fresh listing would plan the same.
//!
//! What is remembered only ever saves listing: planning refuses nothing from it (a refusal is
//! always re-planned from fresh listings, so what it names is exact). The cache is a file in a
//! cache directory
//! ([`default_dir`]); losing it, or two runs writing it at once, costs time, never data.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use zsplice_zfs::{DatasetInfo, DatasetType, ListedName, SnapshotName};

use crate::model::record::now;

/// The cache file's name in its directory; the number changes with its format.
const FILE_NAME: &str = "listings-1.json";

/// Entries of datasets no run has seen for this long are dropped when the file is written, so
/// it does not keep datasets destroyed long ago.
const FORGET_AFTER_SECS: u64 = 30 * 24 * 3600;

/// One dataset's snapshots as listed (or as received), oldest first.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// The dataset's guid: a dataset destroyed and created again under the same name is
    /// another dataset.
    guid: u64,
    /// Its name when recorded (a renamed dataset is listed again).
    name: String,
    /// Its `snapshots_changed` when recorded.
    snapshots_changed: u64,
    /// When the listing began (seconds).
    listed_at: u64,
    /// When a run last used or recorded it (seconds).
    seen: u64,
    /// (short name, guid, createtxg) of each snapshot, oldest first.
    snapshots: Vec<(String, u64, u64)>,
}

#[derive(Debug, Default, Deserialize)]
struct CacheFile {
    entries: Vec<Entry>,
}

/// [`CacheFile`] as written: the entries by reference, not copied.
#[derive(Serialize)]
struct CacheFileRef<'a> {
    entries: &'a [&'a Entry],
}

/// Snapshot listings remembered between runs (see the module documentation).
#[derive(Debug, Default)]
pub struct ListingCache {
    /// The file it is read from and written to; None: remember for this run only.
    path: Option<PathBuf>,
    /// The file as it was when read (None: there was none).
    read_stamp: Stamp,
    /// By dataset guid.
    entries: Mutex<HashMap<u64, Entry>>,
    /// Guids of datasets this run forgot (kept out of the file when it is written).
    forgotten: Mutex<HashSet<u64>>,
    /// Something was recorded since it was read.
    dirty: AtomicBool,
}

/// Where the cache lives unless told otherwise: `$ZSPLICE_CACHE_DIR`, else
/// `/var/cache/zsplice` for root, else `$XDG_CACHE_HOME/zsplice` or `~/.cache/zsplice`.
/// None when there is no such place (no home directory).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("ZSPLICE_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    if nix::unistd::geteuid().is_root() {
        return Some(PathBuf::from("/var/cache/zsplice"));
    }
    if let Some(xdg) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(xdg).join("zsplice"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/zsplice"))
}

impl ListingCache {
    /// The cache kept in `dir` (created when first written). A file that cannot be read or
    /// parsed is started afresh: it only ever saves time.
    pub fn open(dir: &Path) -> ListingCache {
        let path = dir.join(FILE_NAME);
        let (entries, read_stamp) = read_file(&path);
        ListingCache {
            path: Some(path),
            read_stamp,
            entries: Mutex::new(entries),
            forgotten: Mutex::default(),
            dirty: AtomicBool::new(false),
        }
    }

    /// The cache in [`default_dir`], or one kept for this run only when there is none.
    pub fn open_default() -> ListingCache {
        default_dir().map_or_else(ListingCache::default, |d| ListingCache::open(&d))
    }

    /// The snapshots of `ds` (as just listed with its properties), oldest first, when a
    /// remembered listing still holds; None when it must be listed.
    pub fn lookup(&self, ds: &DatasetInfo) -> Option<Vec<DatasetInfo>> {
        let changed = ds.snapshots_changed()?;
        let mut entries = self.lock();
        let e = entries.get_mut(&ds.guid)?;
        let newest = e.snapshots.last().map(|(short, _, _)| short.as_str());
        let holds = e.name == ds.name.as_str()
            && e.snapshots_changed == changed
            && (e.listed_at > changed || newest == ds.newest_snapshot());
        if !holds {
            return None;
        }
        e.seen = now();
        e.snapshots
            .iter()
            .map(|(short, guid, createtxg)| {
                let name = SnapshotName::new(&format!("{}@{short}", e.name)).ok()?;
                Some(DatasetInfo {
                    name: ListedName::Snapshot(name),
                    kind: DatasetType::Snapshot,
                    guid: *guid,
                    createtxg: *createtxg,
                    creation: 0,
                    inconsistent: false,
                    properties: Default::default(),
                })
            })
            .collect()
    }

    /// Remembers `snaps`, the listing of `ds` that began at `listed_at` (seconds), `ds` being
    /// the dataset as listed before its snapshots were.
    pub fn remember_listed(&self, ds: &DatasetInfo, listed_at: u64, snaps: &[DatasetInfo]) {
        self.insert(ds, listed_at, snaps.iter());
    }

    /// Remembers what destination `dest` (as read at `read_at`, after the receives) holds:
    /// `before`, the listing its plan was made from, then `received`, the source snapshots
    /// sent, oldest first. Nothing is recorded unless its newest snapshot is the last one
    /// received.
    pub fn remember_received(
        &self,
        dest: &DatasetInfo,
        read_at: u64,
        before: &[DatasetInfo],
        received: &[DatasetInfo],
    ) {
        let newest = received.last().map(|s| s.name.short_name());
        if newest.is_none() || newest != dest.newest_snapshot() {
            return;
        }
        self.insert(dest, read_at, before.iter().chain(received));
    }

    fn insert<'a>(
        &self,
        ds: &DatasetInfo,
        listed_at: u64,
        snaps: impl Iterator<Item = &'a DatasetInfo>,
    ) {
        let Some(changed) = ds.snapshots_changed() else {
            return;
        };
        let entry = Entry {
            guid: ds.guid,
            name: ds.name.as_str().to_string(),
            snapshots_changed: changed,
            listed_at,
            seen: now(),
            snapshots: snaps
                .map(|s| (s.name.short_name().to_string(), s.guid, s.createtxg))
                .collect(),
        };
        let mut entries = self.lock();
        self.forgotten_lock().remove(&ds.guid);
        entries.insert(ds.guid, entry);
        self.dirty.store(true, Ordering::Relaxed);
    }

    /// Forgets what is remembered of the datasets named `names`, so that the next run lists
    /// them (a run that failed on them may have planned from a listing that no longer held).
    pub fn forget(&self, names: &[&str]) {
        let mut entries = self.lock();
        let mut forgotten = self.forgotten_lock();
        let before = entries.len();
        entries.retain(|guid, e| {
            let keep = !names.contains(&e.name.as_str());
            if !keep {
                forgotten.insert(*guid);
            }
            keep
        });
        if entries.len() != before {
            self.dirty.store(true, Ordering::Relaxed);
        }
    }

    /// Takes `shorts` (the parts after '@') out of the remembered listing of `dataset`, which
    /// destroyed them: in the second of the listing that would go unseen.
    pub fn forget_snapshots(&self, dataset: &str, shorts: &[&str]) {
        for e in self.lock().values_mut().filter(|e| e.name == dataset) {
            let before = e.snapshots.len();
            e.snapshots
                .retain(|(s, _, _)| !shorts.contains(&s.as_str()));
            if e.snapshots.len() != before {
                self.dirty.store(true, Ordering::Relaxed);
            }
        }
    }

    /// Writes what this run recorded (merged over what another run may have written since it
    /// was read). A failure is logged and otherwise ignored: the cache only saves time.
    pub fn save(&self) {
        let Some(path) = &self.path else { return };
        if !self.dirty.swap(false, Ordering::Relaxed) {
            return;
        }
        // Another run's entries are merged in only when it wrote the file since it was read
        // here: reading it again costs a second copy of every entry in memory.
        let theirs = match stamp_of(path) {
            now_there if now_there == self.read_stamp => HashMap::new(),
            _ => read_file(path).0,
        };
        let now = now();
        let ours = self.lock();
        let forgotten = self.forgotten_lock();
        let mut entries: Vec<&Entry> = ours
            .values()
            .chain(theirs.values().filter(|e| !ours.contains_key(&e.guid)))
            .filter(|e| !forgotten.contains(&e.guid))
            .filter(|e| now.saturating_sub(e.seen) < FORGET_AFTER_SECS)
            .collect();
        entries.sort_by_key(|e| e.guid);
        let written = crate::newfile::write_json_file(path, &CacheFileRef { entries: &entries });
        if let Err(e) = written {
            tracing::debug!(
                "snapshot listings not remembered in {}: {e}",
                path.display()
            );
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn forgotten_lock(&self) -> std::sync::MutexGuard<'_, HashSet<u64>> {
        self.forgotten.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Which file a path named, to tell whether another run replaced it (every write is a new
/// file renamed into place): its device, inode, size and modification time.
type Stamp = Option<(u64, u64, u64, Option<std::time::SystemTime>)>;

fn stamp(m: &std::fs::Metadata) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino(), m.len(), m.modified().ok()))
}

fn stamp_of(path: &Path) -> Stamp {
    std::fs::metadata(path).ok().as_ref().and_then(stamp)
}

/// The entries in `path` (none when it is missing or unreadable), and the stamp of the file
/// they were read from.
fn read_file(path: &Path) -> (HashMap<u64, Entry>, Stamp) {
    let Ok(file) = std::fs::File::open(path) else {
        return (HashMap::new(), None);
    };
    let read_stamp = file.metadata().ok().as_ref().and_then(stamp);
    let parsed = serde_json::from_reader::<_, CacheFile>(std::io::BufReader::new(file)).ok();
    let entries = parsed
        .map(|f| f.entries.into_iter().map(|e| (e.guid, e)).collect())
        .unwrap_or_default();
    (entries, read_stamp)
}

#[cfg(test)]
mod tests;
