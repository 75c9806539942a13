//! The plain types the ZFS calls take and return: send flags, receive options, bookmarks, and
//! what a listing says about a dataset (type, properties). No calls here, only data.

use std::collections::BTreeMap;

use libzfs_sys as zsys;

use crate::name::{BookmarkName, ListedName, SnapshotName};

/// Flags of a send stream (`lzc_send_flags`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendFlags {
    /// WRITE_EMBEDDED records for blocks small enough to live in the block pointer.
    pub embedded: bool,
    /// Blocks over 128 KiB stay large (otherwise they are split).
    pub large_blocks: bool,
    /// Compressed blocks travel compressed.
    pub compressed: bool,
    /// Encrypted datasets travel as ciphertext, keys stay behind.
    pub raw: bool,
}

impl SendFlags {
    /// The `LZC_SEND_FLAG_*` bits libzfs_core takes.
    pub(crate) fn bits(self) -> zsys::lzc_send_flags {
        let mut f = 0;
        if self.embedded {
            f |= zsys::LZC_SEND_FLAG_EMBED_DATA;
        }
        if self.large_blocks {
            f |= zsys::LZC_SEND_FLAG_LARGE_BLOCK;
        }
        if self.compressed {
            f |= zsys::LZC_SEND_FLAG_COMPRESS;
        }
        if self.raw {
            f |= zsys::LZC_SEND_FLAG_RAW;
        }
        f
    }
}

/// Options of a receive.
#[derive(Debug, Default, Clone)]
pub struct ReceiveOptions {
    /// Roll the destination back to its newest snapshot first (`zfs recv -F` without destroying
    /// newer snapshots: those make the receive fail instead).
    pub force: bool,
    /// The stream is a raw (encrypted) send.
    pub raw: bool,
    /// Keep partial state on interruption so the send can resume (`zfs recv -s`).
    pub resumable: bool,
    /// Properties to set on the received dataset, as received values (like `zfs send -p`).
    /// Index properties (`readonly`, `compression`, ...) take their numeric index value.
    pub props: Vec<(String, PropValue)>,
    /// Clone origin for an incremental stream received as a clone.
    pub origin: Option<SnapshotName>,
}

/// A bookmark and its identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    /// Its full name, `dataset#mark`.
    pub name: BookmarkName,
    /// Guid of the snapshot it was made from (an incremental send from it needs this).
    pub guid: u64,
    /// Transaction group of that snapshot's creation.
    pub createtxg: u64,
    /// Creation time of that snapshot, seconds since the epoch.
    pub creation: u64,
}

/// What kind of dataset an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatasetType {
    /// A filesystem (`DMU_OST_ZFS`).
    Filesystem,
    /// A volume (`DMU_OST_ZVOL`).
    Volume,
    /// A snapshot of either.
    Snapshot,
}

impl DatasetType {
    /// The name `zfs list -o type` shows: "filesystem", "volume", "snapshot".
    pub fn as_str(self) -> &'static str {
        match self {
            DatasetType::Filesystem => "filesystem",
            DatasetType::Volume => "volume",
            DatasetType::Snapshot => "snapshot",
        }
    }
}

/// A property value as the kernel reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropValue {
    /// Numbers, and index properties (`compression`, `readonly`) as their index.
    Number(u64),
    /// Strings (user properties, `mountpoint`, resume tokens).
    Text(String),
}

impl std::fmt::Display for PropValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PropValue::Number(n) => write!(f, "{n}"),
            PropValue::Text(s) => f.write_str(s),
        }
    }
}

/// One property: its value and, for settable ones, where it comes from ("local", a dataset name
/// for inherited, "$recvd" for received); None for read-only statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The value.
    pub value: PropValue,
    /// "local", the dataset inherited from, "$recvd", or None for a statistic.
    pub source: Option<String>,
}

/// A dataset or snapshot with its identity and properties.
#[derive(Debug, Clone)]
pub struct DatasetInfo {
    /// Full name (`pool/fs`, `pool/fs@snap`), typed by what it names.
    pub name: ListedName,
    /// Filesystem, volume or snapshot.
    pub kind: DatasetType,
    /// The dataset's or snapshot's guid (what a stream names and incrementals match on).
    pub guid: u64,
    /// Transaction group it was created in (orders snapshots).
    pub createtxg: u64,
    /// Creation time, seconds since the epoch.
    pub creation: u64,
    /// A receive into it was interrupted and left partial state.
    pub inconsistent: bool,
    /// Every property the kernel reported, by name (user properties included).
    pub properties: BTreeMap<String, Property>,
}

impl DatasetInfo {
    /// A property as a number (text that parses as one included); None if absent.
    pub fn prop_u64(&self, name: &str) -> Option<u64> {
        match self.properties.get(name)?.value {
            PropValue::Number(n) => Some(n),
            PropValue::Text(ref s) => s.parse().ok(),
        }
    }
    /// A text property; None if absent or a number.
    pub fn prop_str(&self, name: &str) -> Option<&str> {
        match &self.properties.get(name)?.value {
            PropValue::Text(s) => Some(s),
            PropValue::Number(_) => None,
        }
    }
    /// Space written since the previous snapshot (for a snapshot) or since the newest snapshot.
    pub fn written(&self) -> Option<u64> {
        self.prop_u64("written")
    }
    /// Bytes used by the dataset and its descendants (`used`).
    pub fn used(&self) -> Option<u64> {
        self.prop_u64("used")
    }
    /// The kernel reports only properties that are set somewhere; an absent `readonly` is its
    /// default, off.
    pub fn readonly(&self) -> bool {
        self.prop_u64("readonly").is_some_and(|v| v != 0)
    }
    /// True when the dataset is encrypted (`encryption` is anything but off).
    pub fn encrypted(&self) -> bool {
        // ZIO_CRYPT_OFF is 2 in the property's index table (0 inherit, 1 on, 2 off).
        matches!(self.prop_u64("encryption"), Some(v) if v != 2)
    }
    /// When the set of its snapshots last changed (one was taken, destroyed, renamed or
    /// received), in seconds since the epoch: the `snapshots_changed` property of OpenZFS 2.2
    /// and later. None on older releases, and for a dataset whose snapshots have not changed
    /// since the pool could record it (the kernel reports 0).
    pub fn snapshots_changed(&self) -> Option<u64> {
        self.prop_u64("snapshots_changed").filter(|&t| t != 0)
    }
    /// A filesystem's or volume's newest snapshot, the part after '@' (the hidden `prevsnap`
    /// property); None when it has none, and for a snapshot.
    pub fn newest_snapshot(&self) -> Option<&str> {
        self.prop_str("prevsnap")?.split_once('@').map(|(_, s)| s)
    }
    /// The token an interrupted resumable receive left, if any.
    pub fn receive_resume_token(&self) -> Option<&str> {
        self.prop_str("receive_resume_token")
            .filter(|t| !t.is_empty() && *t != "-")
    }
    /// A user property (`module:name`).
    pub fn user_property(&self, name: &str) -> Option<&str> {
        self.prop_str(name)
    }
}
