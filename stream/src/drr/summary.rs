//! What a verified stream is made of: its substreams (what each BEGIN record said) and the
//! count of records and payload bytes by type, as [`super::DrrParser`] gathers them.

use super::begin::Begin;
use super::format::RecordType;

/// How many substreams a summary lists (the rest are only counted): a crafted compound stream
/// can hold a substream every 624 bytes, and listing them all would make memory grow with the
/// stream. A real `zfs send -R` has one per dataset and snapshot sent, far fewer than this.
pub const MAX_LISTED_SUBSTREAMS: usize = 65_536;

/// What one substream (one snapshot's stream) says about itself in its BEGIN record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substream {
    /// Full name of the sent snapshot, e.g. "tank/a@s2".
    pub toname: String,
    /// Guid of the sent snapshot.
    pub toguid: u64,
    /// Guid of the incremental base; 0 for a full stream.
    pub fromguid: u64,
    /// `DMU_BACKUP_FEATURE_*` bits.
    pub features: u64,
    /// Snapshot creation time, seconds since the epoch.
    pub creation_time: u64,
    /// `DRR_FLAG_*` bits (clone, ci_data, freerecords, spill_block).
    pub flags: u32,
    /// The objset type (2 = filesystem, 3 = volume).
    pub objset_type: u32,
}

impl Substream {
    /// True for an incremental stream (it has a base).
    pub fn is_incremental(&self) -> bool {
        self.fromguid != 0
    }
}

impl From<Begin> for Substream {
    fn from(b: Begin) -> Substream {
        Substream {
            toname: b.toname,
            toguid: b.toguid,
            fromguid: b.fromguid,
            features: b.features,
            creation_time: b.creation_time,
            flags: b.flags,
            objset_type: b.objset_type,
        }
    }
}

/// Counts for one record type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordCount {
    /// Records of the type.
    pub records: u64,
    /// Bytes of their payloads (records themselves not included).
    pub payload_bytes: u64,
}

/// What a complete, verified stream contains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamSummary {
    /// Bytes of the whole stream.
    pub total_bytes: u64,
    /// Counts indexed by `RecordType as usize`.
    pub counts: [RecordCount; RecordType::ALL.len()],
    /// Sum of WRITE records' logical (uncompressed) sizes.
    pub write_logical_bytes: u64,
    /// A `zfs send -R`-style compound stream (a header, then substreams).
    pub compound: bool,
    /// The substreams in stream order (one for an `lzc_send` stream), the first
    /// [`MAX_LISTED_SUBSTREAMS`] of them.
    pub substreams: Vec<Substream>,
    /// How many substreams the stream has, listed or not.
    pub substream_count: u64,
    /// Records whose checksum was verified.
    pub verified_records: u64,
}

impl StreamSummary {
    /// The counts of one record type.
    pub fn count(&self, kind: RecordType) -> RecordCount {
        self.counts[kind as usize]
    }
    /// Records of all types.
    pub fn records(&self) -> u64 {
        self.counts.iter().map(|c| c.records).sum()
    }
}
