//! A verifying parser of ZFS send streams: the sequence of `dmu_replay_record_t` records (DRR),
//! each 312 bytes and some followed by a payload, that `lzc_send` writes and `lzc_receive` reads.
//! It is fed bytes in pieces of any size (the stream is never held whole) and checks what the
//! kernel's receive checks, so a damaged stream is caught before a receive starts:
//!
//! - every record's trailing fletcher-4 is the running checksum of everything before it since
//!   the substream's BEGIN record (the sum restarts at each BEGIN);
//! - an END record repeats the checksum of everything before it and the BEGIN's snapshot guid;
//! - record types, payload sizes and the BEGIN magic are sane; nothing follows the last END.
//!
//! Along the way it counts records by type and bytes, like `zstream dump`'s summary.
//! Fields are read in the sending machine's byte order, which must be this machine's: a
//! byte-swapped stream is refused rather than half-understood.

use crate::fletcher::Fletcher4;

/// Size of one replay record.
pub const RECORD_SIZE: usize = 312;
/// The first 280 bytes of a record are what its trailing checksum covers.
const CHECKSUMMED_HEADER: usize = RECORD_SIZE - 32;
/// `DMU_BACKUP_MAGIC`.
pub const BACKUP_MAGIC: u64 = 0x2_f5ba_cbac;
/// The largest block ZFS has (SPA_MAXBLOCKSIZE, 16 MiB): no data record's payload exceeds it.
const MAX_DATA_PAYLOAD: u64 = 16 << 20;
/// A BEGIN record's payload is a packed nvlist (resume state, or a compound stream's dataset
/// table); generous, but bounded so a corrupt length is caught.
const MAX_BEGIN_PAYLOAD: u64 = 1 << 30;
/// How many substreams a summary lists (the rest are only counted): a crafted compound stream
/// can hold a substream every 624 bytes, and listing them all would make memory grow with the
/// stream. A real `zfs send -R` has one per dataset and snapshot sent, far fewer than this.
pub const MAX_LISTED_SUBSTREAMS: usize = 65_536;

/// The record types, in the order of their numbers on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordType {
    Begin,
    Object,
    FreeObjects,
    Write,
    Free,
    End,
    WriteByRef,
    Spill,
    WriteEmbedded,
    ObjectRange,
    Redact,
}

impl RecordType {
    pub const ALL: [RecordType; 11] = [
        RecordType::Begin,
        RecordType::Object,
        RecordType::FreeObjects,
        RecordType::Write,
        RecordType::Free,
        RecordType::End,
        RecordType::WriteByRef,
        RecordType::Spill,
        RecordType::WriteEmbedded,
        RecordType::ObjectRange,
        RecordType::Redact,
    ];

    fn from_wire(n: u32) -> Option<RecordType> {
        RecordType::ALL.get(n as usize).copied()
    }

    pub fn name(self) -> &'static str {
        match self {
            RecordType::Begin => "BEGIN",
            RecordType::Object => "OBJECT",
            RecordType::FreeObjects => "FREEOBJECTS",
            RecordType::Write => "WRITE",
            RecordType::Free => "FREE",
            RecordType::End => "END",
            RecordType::WriteByRef => "WRITE_BYREF",
            RecordType::Spill => "SPILL",
            RecordType::WriteEmbedded => "WRITE_EMBEDDED",
            RecordType::ObjectRange => "OBJECT_RANGE",
            RecordType::Redact => "REDACT",
        }
    }
}

/// The `DMU_BACKUP_FEATURE_*` bits a BEGIN record can carry, with their names.
pub const FEATURES: [(u64, &str); 15] = [
    (1 << 0, "dedup"),
    (1 << 1, "dedup_props"),
    (1 << 2, "sa_spill"),
    (1 << 16, "embedded_data"),
    (1 << 17, "lz4"),
    (1 << 19, "large_blocks"),
    (1 << 20, "resuming"),
    (1 << 21, "redacted"),
    (1 << 22, "compressed"),
    (1 << 23, "large_dnode"),
    (1 << 24, "raw"),
    (1 << 25, "zstd"),
    (1 << 26, "holds"),
    (1 << 27, "switch_to_large_blocks"),
    (1 << 28, "longname"),
];
/// LARGE_MICROZAP shares the table's shape but was added later; listed separately to keep the
/// table above in bit order of the original set.
const FEATURE_LARGE_MICROZAP: (u64, &str) = (1 << 29, "large_microzap");

/// Names of the feature bits set in `features`; unknown bits appear as `bit<N>`.
pub fn feature_names(features: u64) -> Vec<String> {
    let mut known = 0u64;
    let mut names = Vec::new();
    for (bit, name) in FEATURES.iter().chain([&FEATURE_LARGE_MICROZAP]) {
        known |= bit;
        if features & bit != 0 {
            names.push(name.to_string());
        }
    }
    for n in 0..64 {
        if features & !known & (1 << n) != 0 {
            names.push(format!("bit{n}"));
        }
    }
    names
}

/// `DMU_SUBSTREAM`: a single dataset's stream (what `lzc_send` writes).
pub const SUBSTREAM: u64 = 1;
/// `DMU_COMPOUNDSTREAM`: `zfs send -R/-p` output, a header then several substreams.
pub const COMPOUNDSTREAM: u64 = 2;

/// A damaged or unsupported stream: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrrError {
    #[error("not a ZFS send stream: {0}")]
    NotAStream(String),
    #[error("the stream was written on a machine of the other byte order; receive it there")]
    ByteSwapped,
    #[error("record {index} ({kind}) at byte {offset}: checksum mismatch: the stream is damaged")]
    Checksum {
        index: u64,
        kind: &'static str,
        offset: u64,
    },
    #[error("record {index} at byte {offset}: {why}")]
    Malformed {
        index: u64,
        offset: u64,
        why: String,
    },
    #[error("the stream is truncated: it ends {0}")]
    Truncated(String),
    #[error("{0} bytes follow the stream's last END record")]
    TrailingData(u64),
}

/// What one substream (one snapshot's stream) says about itself in its BEGIN record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substream {
    /// Full name of the sent snapshot, e.g. "tank/a@s2".
    pub toname: String,
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
    pub fn is_incremental(&self) -> bool {
        self.fromguid != 0
    }
}

/// Counts for one record type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordCount {
    pub records: u64,
    pub payload_bytes: u64,
}

/// What a complete, verified stream contains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamSummary {
    /// Bytes of the whole stream.
    pub total_bytes: u64,
    /// Counts indexed by `RecordType as usize`.
    pub counts: [RecordCount; 11],
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
    pub fn count(&self, kind: RecordType) -> RecordCount {
        self.counts[kind as usize]
    }
    pub fn records(&self) -> u64 {
        self.counts.iter().map(|c| c.records).sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the first BEGIN.
    Start,
    /// Inside a substream (its checksums are enforced).
    Substream { compound: bool },
    /// A compound stream's header (BEGIN with an nvlist payload), before its END.
    CompoundHeader,
    /// Between a compound stream's substreams: a BEGIN or the final END comes next.
    BetweenSubstreams,
    /// The last END has been read.
    Done,
}

/// Incremental verifier: [`DrrParser::feed`] it the stream in pieces, then
/// [`DrrParser::finish`].
#[derive(Debug, Clone)]
pub struct DrrParser {
    header: [u8; RECORD_SIZE],
    header_fill: usize,
    /// Payload bytes of the current record still to come.
    payload_left: u64,
    /// Bytes of a payload word split across two feeds (fletcher-4 sums whole words, and drops
    /// the ragged end of each payload).
    carry: [u8; 4],
    carry_len: usize,
    cksum: Fletcher4,
    phase: Phase,
    offset: u64,
    record_start: u64,
    index: u64,
    summary: StreamSummary,
    /// The snapshot guid of the substream being read (its END must repeat it).
    toguid: u64,
    trailing: u64,
}

impl Default for DrrParser {
    fn default() -> Self {
        DrrParser::new()
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_ne_bytes(w)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_ne_bytes(w)
}

fn round_up_8(n: u64) -> u64 {
    n.div_ceil(8) * 8
}

fn cksum_at(b: &[u8], at: usize) -> [u64; 4] {
    [
        u64_at(b, at),
        u64_at(b, at + 8),
        u64_at(b, at + 16),
        u64_at(b, at + 24),
    ]
}

impl DrrParser {
    pub fn new() -> DrrParser {
        DrrParser {
            header: [0; RECORD_SIZE],
            header_fill: 0,
            payload_left: 0,
            carry: [0; 4],
            carry_len: 0,
            cksum: Fletcher4::new(),
            phase: Phase::Start,
            offset: 0,
            record_start: 0,
            index: 0,
            summary: StreamSummary::default(),
            toguid: 0,
            trailing: 0,
        }
    }

    /// Bytes consumed so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The substreams whose BEGIN has been read so far (the first is known after 312 bytes),
    /// up to [`MAX_LISTED_SUBSTREAMS`].
    pub fn substreams(&self) -> &[Substream] {
        &self.summary.substreams
    }

    /// True once the first BEGIN said this is a compound stream (`zfs send -R`): a header
    /// substream, then one substream per snapshot. Its first snapshot is not the stream.
    pub fn is_compound(&self) -> bool {
        self.summary.compound
    }

    /// True once the last END record has been read.
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// Parses and verifies the next piece of the stream.
    pub fn feed(&mut self, mut data: &[u8]) -> Result<(), DrrError> {
        while !data.is_empty() {
            if self.phase == Phase::Done {
                self.trailing += data.len() as u64;
                self.offset += data.len() as u64;
                return Err(DrrError::TrailingData(self.trailing));
            }
            if self.payload_left > 0 {
                let n = (self.payload_left.min(data.len() as u64)) as usize;
                self.sum_payload(&data[..n]);
                self.payload_left -= n as u64;
                self.offset += n as u64;
                data = &data[n..];
                if self.payload_left == 0 {
                    // The ragged end of a payload is not summed (as in the kernel).
                    self.carry_len = 0;
                }
                continue;
            }
            let n = (RECORD_SIZE - self.header_fill).min(data.len());
            if self.header_fill == 0 {
                self.record_start = self.offset;
            }
            self.header[self.header_fill..self.header_fill + n].copy_from_slice(&data[..n]);
            self.header_fill += n;
            self.offset += n as u64;
            data = &data[n..];
            if self.header_fill == RECORD_SIZE {
                self.header_fill = 0;
                self.record()?;
                self.index += 1;
            }
        }
        Ok(())
    }

    /// Ends the stream: the summary when it ended right after its last END record.
    pub fn finish(self) -> Result<StreamSummary, DrrError> {
        match self.phase {
            Phase::Done => {
                let mut s = self.summary;
                s.total_bytes = self.offset;
                Ok(s)
            }
            Phase::Start if self.offset == 0 => Err(DrrError::Truncated(
                "before it starts (no data at all)".into(),
            )),
            _ if self.header_fill > 0 => Err(DrrError::Truncated(format!(
                "inside record {} at byte {} ({} of its {RECORD_SIZE} bytes present)",
                self.index, self.record_start, self.header_fill
            ))),
            _ if self.payload_left > 0 => Err(DrrError::Truncated(format!(
                "inside the payload of record {} at byte {} ({} bytes missing)",
                self.index.saturating_sub(1),
                self.record_start,
                self.payload_left
            ))),
            _ => Err(DrrError::Truncated(format!(
                "after {} bytes, before its END record",
                self.offset
            ))),
        }
    }

    fn sum_payload(&mut self, mut data: &[u8]) {
        if self.carry_len > 0 {
            let take = (4 - self.carry_len).min(data.len());
            self.carry[self.carry_len..self.carry_len + take].copy_from_slice(&data[..take]);
            self.carry_len += take;
            data = &data[take..];
            if self.carry_len < 4 {
                return;
            }
            let word = self.carry;
            self.cksum.update(&word);
            self.carry_len = 0;
        }
        let whole = data.len() / 4 * 4;
        self.cksum.update(&data[..whole]);
        let rest = &data[whole..];
        self.carry[..rest.len()].copy_from_slice(rest);
        self.carry_len = rest.len();
    }

    fn malformed(&self, why: impl Into<String>) -> DrrError {
        DrrError::Malformed {
            index: self.index,
            offset: self.record_start,
            why: why.into(),
        }
    }

    /// Checks one complete 312-byte record and sets up its payload.
    fn record(&mut self) -> Result<(), DrrError> {
        let h = self.header;
        let raw_type = u32_at(&h, 0);
        let before = self.cksum.words;
        let trailer = cksum_at(&h, CHECKSUMMED_HEADER);
        let in_substream = matches!(self.phase, Phase::Substream { .. });
        let begin = raw_type == RecordType::Begin as u32;
        // The running sum restarts at BEGIN, whose own trailer is not checked.
        let mut sum = if begin { Fletcher4::new() } else { self.cksum };
        sum.update(&h[..CHECKSUMMED_HEADER]);
        // Every other record's trailer is checked before anything the record says is believed
        // (a damaged type or length included). Inside a substream lzc_send always sets it (zero
        // would mean "unchecked" to the kernel, which a damaged record must not get away with);
        // compound-level records written by libzfs may carry none, but one that is there must
        // match. Before the first BEGIN there is no sum yet: such a record is not a stream.
        let unchecked = self.phase == Phase::Start || (!in_substream && trailer == [0; 4]);
        if !begin && !unchecked {
            if trailer != sum.words {
                return Err(DrrError::Checksum {
                    index: self.index,
                    kind: RecordType::from_wire(raw_type).map_or("unknown type", |k| k.name()),
                    offset: self.record_start,
                });
            }
            if in_substream {
                self.summary.verified_records += 1;
            }
        }
        let kind = RecordType::from_wire(raw_type).ok_or_else(|| {
            if self.index == 0 {
                DrrError::NotAStream(format!("the first record has type {raw_type}"))
            } else {
                self.malformed(format!("unknown record type {raw_type}"))
            }
        })?;
        if self.index == 0 && kind != RecordType::Begin {
            return Err(DrrError::NotAStream(format!(
                "it starts with a {} record, not BEGIN",
                kind.name()
            )));
        }
        if begin {
            self.begin(&h)?;
        }
        self.cksum = sum;
        self.cksum.update(&h[CHECKSUMMED_HEADER..]);

        let payload = self.payload_len(kind, &h)?;
        let count = &mut self.summary.counts[kind as usize];
        count.records += 1;
        count.payload_bytes += payload;
        self.payload_left = payload;
        self.carry_len = 0;

        match kind {
            RecordType::End => self.end(&h, before)?,
            RecordType::Begin => {}
            _ if !in_substream => {
                return Err(self.malformed(format!(
                    "a {} record outside any snapshot's stream",
                    kind.name()
                )))
            }
            _ => {}
        }
        if kind == RecordType::Write {
            // Each is at most 16 MiB (payload_len checked it), but a stream of WRITE records
            // without payloads adds 16 MiB per 312 bytes: checked, not trusted to fit.
            self.summary.write_logical_bytes = self
                .summary
                .write_logical_bytes
                .checked_add(u64_at(&h, 32))
                .ok_or_else(|| {
                    self.malformed("WRITE records whose logical sizes add up past 2^64 bytes")
                })?;
        }
        Ok(())
    }

    fn begin(&mut self, h: &[u8; RECORD_SIZE]) -> Result<(), DrrError> {
        let magic = u64_at(h, 8);
        if magic == BACKUP_MAGIC.swap_bytes() {
            return Err(DrrError::ByteSwapped);
        }
        if magic != BACKUP_MAGIC {
            return Err(if self.index == 0 {
                DrrError::NotAStream("bad magic in its BEGIN record".into())
            } else {
                self.malformed("BEGIN record with bad magic")
            });
        }
        let versioninfo = u64_at(h, 16);
        let header_type = versioninfo & 3;
        let toname_bytes = &h[56..312];
        let end = toname_bytes
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| self.malformed("BEGIN record whose snapshot name is not terminated"))?;
        let toname = String::from_utf8_lossy(&toname_bytes[..end]).into_owned();
        let sub = Substream {
            toname,
            toguid: u64_at(h, 40),
            fromguid: u64_at(h, 48),
            features: versioninfo >> 2,
            creation_time: u64_at(h, 24),
            flags: u32_at(h, 36),
            objset_type: u32_at(h, 32),
        };
        self.phase = match (self.phase, header_type) {
            (Phase::Start, SUBSTREAM) => Phase::Substream { compound: false },
            (Phase::Start, COMPOUNDSTREAM) => {
                self.summary.compound = true;
                Phase::CompoundHeader
            }
            (Phase::BetweenSubstreams, SUBSTREAM) => Phase::Substream { compound: true },
            (_, SUBSTREAM | COMPOUNDSTREAM) => {
                return Err(self.malformed("a BEGIN record inside another snapshot's stream"))
            }
            (_, other) => {
                return Err(self.malformed(format!("BEGIN record of unknown stream kind {other}")))
            }
        };
        if header_type == SUBSTREAM {
            self.toguid = sub.toguid;
            self.summary.substream_count += 1;
            if self.summary.substreams.len() < MAX_LISTED_SUBSTREAMS {
                self.summary.substreams.push(sub);
            }
        }
        Ok(())
    }

    fn end(&mut self, h: &[u8; RECORD_SIZE], before: [u64; 4]) -> Result<(), DrrError> {
        let claimed = cksum_at(h, 8);
        let toguid = u64_at(h, 40);
        self.phase = match self.phase {
            Phase::Substream { compound } => {
                if claimed != before {
                    return Err(DrrError::Checksum {
                        index: self.index,
                        kind: "END",
                        offset: self.record_start,
                    });
                }
                let expect = self.toguid;
                if toguid != expect {
                    return Err(self.malformed(format!(
                        "END record for snapshot guid {toguid}, but the stream began as {expect}"
                    )));
                }
                if compound {
                    Phase::BetweenSubstreams
                } else {
                    Phase::Done
                }
            }
            Phase::CompoundHeader => {
                if claimed != before {
                    return Err(DrrError::Checksum {
                        index: self.index,
                        kind: "END",
                        offset: self.record_start,
                    });
                }
                Phase::BetweenSubstreams
            }
            Phase::BetweenSubstreams => Phase::Done,
            Phase::Start | Phase::Done => return Err(self.malformed("END record out of place")),
        };
        Ok(())
    }

    /// How many payload bytes follow a record, as the receive side computes it.
    fn payload_len(&self, kind: RecordType, h: &[u8; RECORD_SIZE]) -> Result<u64, DrrError> {
        let len = match kind {
            RecordType::Begin => {
                let n = u32_at(h, 4) as u64;
                if n > MAX_BEGIN_PAYLOAD {
                    return Err(self.malformed(format!("BEGIN payload of {n} bytes")));
                }
                return Ok(n);
            }
            RecordType::Object => {
                let raw_bonuslen = u32_at(h, 36) as u64;
                if raw_bonuslen != 0 {
                    raw_bonuslen
                } else {
                    round_up_8(u32_at(h, 28) as u64)
                }
            }
            RecordType::Write => {
                // The logical size is a block's size, and the summary adds it up: a compressed
                // WRITE's is not its payload's size, so it is bounded here on its own (found by
                // fuzzing: u64::MAX overflowed the sum).
                let logical = u64_at(h, 32);
                if logical > MAX_DATA_PAYLOAD {
                    return Err(self.malformed(format!(
                        "WRITE record with a logical size of {logical} bytes (more than the \
                         largest ZFS block)"
                    )));
                }
                // drr_compressiontype != 0: the payload is the compressed size.
                if h[50] != 0 {
                    u64_at(h, 96)
                } else {
                    logical
                }
            }
            RecordType::Spill => {
                let compressed = u64_at(h, 40);
                if compressed != 0 {
                    compressed
                } else {
                    u64_at(h, 16)
                }
            }
            RecordType::WriteEmbedded => round_up_8(u32_at(h, 52) as u64),
            RecordType::FreeObjects
            | RecordType::Free
            | RecordType::End
            | RecordType::WriteByRef
            | RecordType::ObjectRange
            | RecordType::Redact => 0,
        };
        if len > MAX_DATA_PAYLOAD {
            return Err(self.malformed(format!(
                "{} record with a payload of {len} bytes (more than the largest ZFS block)",
                kind.name()
            )));
        }
        Ok(len)
    }
}

/// Verifies a whole stream held in memory.
pub fn verify(stream: &[u8]) -> Result<StreamSummary, DrrError> {
    let mut p = DrrParser::new();
    p.feed(stream)?;
    p.finish()
}

/// Builds well-formed streams for tests (here and in the crates above): records with correct
/// running checksums, as `lzc_send` writes them.
pub mod build {
    use super::*;

    /// A stream under construction.
    #[derive(Debug, Default)]
    pub struct StreamBuilder {
        pub bytes: Vec<u8>,
        cksum: Fletcher4,
    }

    fn put_u32(rec: &mut [u8], at: usize, v: u32) {
        rec[at..at + 4].copy_from_slice(&v.to_ne_bytes());
    }
    fn put_u64(rec: &mut [u8], at: usize, v: u64) {
        rec[at..at + 8].copy_from_slice(&v.to_ne_bytes());
    }

    impl StreamBuilder {
        /// A substream of `toname` (guid `toguid`), incremental from `fromguid` unless 0.
        pub fn begin(toname: &str, toguid: u64, fromguid: u64, features: u64) -> StreamBuilder {
            let mut b = StreamBuilder::default();
            let mut rec = [0u8; RECORD_SIZE];
            put_u32(&mut rec, 0, RecordType::Begin as u32);
            put_u64(&mut rec, 8, BACKUP_MAGIC);
            put_u64(&mut rec, 16, SUBSTREAM | (features << 2));
            put_u64(&mut rec, 24, 1_764_000_000);
            put_u32(&mut rec, 32, 2);
            put_u64(&mut rec, 40, toguid);
            put_u64(&mut rec, 48, fromguid);
            rec[56..56 + toname.len()].copy_from_slice(toname.as_bytes());
            b.record(rec, &[]);
            b
        }

        /// Appends a record (its trailer checksum filled in unless it is BEGIN) and payload.
        pub fn record(&mut self, mut rec: [u8; RECORD_SIZE], payload: &[u8]) {
            let is_begin = u32_at(&rec, 0) == RecordType::Begin as u32;
            if is_begin {
                self.cksum = Fletcher4::new();
            }
            self.cksum.update(&rec[..CHECKSUMMED_HEADER]);
            if !is_begin {
                for (i, w) in self.cksum.words.iter().enumerate() {
                    put_u64(&mut rec, CHECKSUMMED_HEADER + 8 * i, *w);
                }
            }
            self.cksum.update(&rec[CHECKSUMMED_HEADER..]);
            self.bytes.extend_from_slice(&rec);
            self.cksum.update(payload);
            self.bytes.extend_from_slice(payload);
        }

        /// An uncompressed WRITE of `data` at `offset` of `object`.
        pub fn write(&mut self, object: u64, offset: u64, data: &[u8]) {
            let mut rec = [0u8; RECORD_SIZE];
            put_u32(&mut rec, 0, RecordType::Write as u32);
            put_u64(&mut rec, 8, object);
            put_u64(&mut rec, 24, offset);
            put_u64(&mut rec, 32, data.len() as u64);
            self.record(rec, data);
        }

        /// An OBJECT record with a bonus buffer of `bonus.len()` bytes (padded to 8).
        pub fn object(&mut self, object: u64, bonus: &[u8]) {
            let mut rec = [0u8; RECORD_SIZE];
            put_u32(&mut rec, 0, RecordType::Object as u32);
            put_u64(&mut rec, 8, object);
            put_u32(&mut rec, 24, 131072);
            put_u32(&mut rec, 28, bonus.len() as u32);
            let mut padded = bonus.to_vec();
            padded.resize(round_up_8(bonus.len() as u64) as usize, 0);
            self.record(rec, &padded);
        }

        /// A FREE record.
        pub fn free(&mut self, object: u64, offset: u64, length: u64) {
            let mut rec = [0u8; RECORD_SIZE];
            put_u32(&mut rec, 0, RecordType::Free as u32);
            put_u64(&mut rec, 8, object);
            put_u64(&mut rec, 16, offset);
            put_u64(&mut rec, 24, length);
            self.record(rec, &[]);
        }

        /// The END record, and the finished stream.
        pub fn end(mut self, toguid: u64) -> Vec<u8> {
            let mut rec = [0u8; RECORD_SIZE];
            put_u32(&mut rec, 0, RecordType::End as u32);
            for (i, w) in self.cksum.words.iter().enumerate() {
                put_u64(&mut rec, 8 + 8 * i, *w);
            }
            put_u64(&mut rec, 40, toguid);
            self.record(rec, &[]);
            self.bytes
        }
    }

    /// A `zfs send -R`-style compound stream: a header substream (BEGIN with a payload standing
    /// in for its nvlist, END), then `substreams` (each a whole stream, as `sample_stream`
    /// makes), then the final END.
    pub fn compound_stream(substreams: &[Vec<u8>]) -> Vec<u8> {
        let mut header = StreamBuilder::default();
        let mut rec = [0u8; RECORD_SIZE];
        put_u32(&mut rec, 0, RecordType::Begin as u32);
        put_u32(&mut rec, 4, 16);
        put_u64(&mut rec, 8, BACKUP_MAGIC);
        put_u64(&mut rec, 16, COMPOUNDSTREAM);
        rec[56..62].copy_from_slice(b"p/a@s1");
        header.record(rec, &[0x5a; 16]);
        let mut s = header.end(0);
        for sub in substreams {
            s.extend_from_slice(sub);
        }
        let mut end = [0u8; RECORD_SIZE];
        put_u32(&mut end, 0, RecordType::End as u32);
        s.extend_from_slice(&end);
        s
    }

    /// A small full stream with a few objects and writes of pseudo-random data.
    pub fn sample_stream(toname: &str, toguid: u64, fromguid: u64, write_bytes: usize) -> Vec<u8> {
        let mut b = StreamBuilder::begin(toname, toguid, fromguid, 1 << 22);
        b.object(1, &[7u8; 100]);
        let mut x = toguid | 1;
        let mut offset = 0u64;
        let mut left = write_bytes;
        while left > 0 {
            let n = left.min(128 << 10);
            let data: Vec<u8> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect();
            b.write(2, offset, &data);
            offset += n as u64;
            left -= n;
        }
        b.free(2, offset, u64::MAX);
        b.end(toguid)
    }
}

#[cfg(test)]
mod tests {
    use super::build::*;
    use super::*;

    #[test]
    fn a_built_stream_verifies_in_any_piece_size() {
        let s = sample_stream("p/a@s1", 42, 0, 300_001);
        let whole = verify(&s).unwrap();
        assert_eq!(whole.total_bytes, s.len() as u64);
        assert_eq!(whole.substreams.len(), 1);
        assert_eq!(whole.substreams[0].toname, "p/a@s1");
        assert_eq!(whole.substreams[0].toguid, 42);
        assert!(!whole.substreams[0].is_incremental());
        assert_eq!(whole.count(RecordType::Write).records, 3);
        assert_eq!(whole.count(RecordType::Write).payload_bytes, 300_001);
        assert_eq!(whole.write_logical_bytes, 300_001);
        assert_eq!(whole.count(RecordType::Object).payload_bytes, 104);
        assert_eq!(whole.records(), 1 + 1 + 3 + 1 + 1);
        assert_eq!(whole.verified_records, whole.records() - 1);
        for piece in [1, 3, 4, 7, 311, 312, 313, 4096] {
            let mut p = DrrParser::new();
            for chunk in s.chunks(piece) {
                p.feed(chunk).unwrap();
            }
            assert_eq!(p.finish().unwrap(), whole, "piece size {piece}");
        }
    }

    #[test]
    fn every_flipped_bit_in_a_small_stream_is_caught() {
        // Flip one bit at a time over a whole stream (headers, payloads, trailers): each must
        // fail verification, never pass and never panic.
        let s = sample_stream("p/a@s1", 42, 0, 3000);
        for bit in 0..s.len() * 8 {
            let mut bad = s.clone();
            bad[bit / 8] ^= 1 << (bit % 8);
            let r = verify(&bad);
            // A flip in BEGIN's unused bytes past the name's NUL (or its pad fields) is not
            // covered by any checksum the kernel checks either: the BEGIN record is summed into
            // the next record's checksum, so even those are caught.
            assert!(
                r.is_err(),
                "flipping bit {bit} (byte {}) went unnoticed",
                bit / 8
            );
        }
    }

    #[test]
    fn truncation_and_trailing_data_are_reported() {
        let s = sample_stream("p/a@s1", 42, 0, 1000);
        for cut in [0, 1, 311, 312, 400, s.len() - 312, s.len() - 1] {
            let e = verify(&s[..cut]).unwrap_err();
            assert!(matches!(e, DrrError::Truncated(_)), "cut at {cut}: {e}");
        }
        let mut long = s.clone();
        long.extend_from_slice(b"junk");
        assert_eq!(verify(&long).unwrap_err(), DrrError::TrailingData(4));
    }

    #[test]
    fn garbage_swapped_and_misplaced_records_are_refused() {
        let e = verify(&[0x55u8; 1000]).unwrap_err();
        assert!(matches!(e, DrrError::NotAStream(_)), "{e}");
        let mut s = sample_stream("p/a@s1", 42, 0, 100);
        s[8..16].copy_from_slice(&BACKUP_MAGIC.swap_bytes().to_ne_bytes());
        assert_eq!(verify(&s).unwrap_err(), DrrError::ByteSwapped);

        // Two streams back to back: the second BEGIN is data after the END.
        let a = sample_stream("p/a@s1", 42, 0, 100);
        let mut two = a.clone();
        two.extend_from_slice(&a);
        assert!(matches!(
            verify(&two).unwrap_err(),
            DrrError::TrailingData(_)
        ));

        // An END naming another snapshot than the BEGIN did.
        let mut b = StreamBuilder::begin("p/a@s1", 42, 0, 0);
        b.free(1, 0, 10);
        let e = verify(&b.end(43)).unwrap_err();
        assert!(e.to_string().contains("guid 43"), "{e}");
    }

    #[test]
    fn oversized_payloads_are_refused_without_allocating() {
        let mut b = StreamBuilder::begin("p/a@s1", 42, 0, 0);
        let mut rec = [0u8; RECORD_SIZE];
        rec[0..4].copy_from_slice(&(RecordType::Write as u32).to_ne_bytes());
        rec[32..40].copy_from_slice(&(1u64 << 40).to_ne_bytes());
        b.record(rec, &[]);
        let e = verify(&b.bytes).unwrap_err();
        assert!(e.to_string().contains("largest ZFS block"), "{e}");
    }

    #[test]
    fn a_compressed_write_with_an_impossible_logical_size_is_refused() {
        // Found by fuzzing (fuzz/fuzz_targets/drr_stream.rs): a compressed WRITE (compression
        // type 255) claiming a logical size of u64::MAX with no payload, after another WRITE,
        // overflowed the summary's logical byte count (a panic in debug builds).
        let mut b = StreamBuilder::begin("p/a@s1", 42, 0, 0);
        b.write(2, 0, &[7u8; 200]);
        let mut rec = [0u8; RECORD_SIZE];
        rec[0..4].copy_from_slice(&(RecordType::Write as u32).to_ne_bytes());
        rec[32..40].copy_from_slice(&u64::MAX.to_ne_bytes());
        rec[50] = 255;
        b.record(rec, &[]);
        let e = verify(&b.end(42)).unwrap_err();
        assert!(e.to_string().contains("logical size"), "{e}");
    }

    #[test]
    fn compound_streams_are_known_as_such_from_their_first_record() {
        let s = compound_stream(&[
            sample_stream("p/a@s1", 42, 0, 100),
            sample_stream("p/a/b@s1", 43, 0, 100),
        ]);
        let mut p = DrrParser::new();
        p.feed(&s[..RECORD_SIZE]).unwrap();
        assert!(p.is_compound() && p.substreams().is_empty());
        p.feed(&s[RECORD_SIZE..]).unwrap();
        let summary = p.finish().unwrap();
        assert!(summary.compound);
        assert_eq!(summary.substream_count, 2);
        assert_eq!(summary.substreams[1].toname, "p/a/b@s1");
        let mut p = DrrParser::new();
        p.feed(&sample_stream("p/a@s1", 42, 0, 100)).unwrap();
        assert!(!p.is_compound());
    }

    #[test]
    fn a_stream_of_countless_substreams_lists_a_bounded_number() {
        // A BEGIN and an END per substream: 624 bytes each, which a summary listing them all
        // would turn into memory growing with the stream.
        let one = StreamBuilder::begin("p/a@s", 7, 0, 0).end(7);
        let subs = vec![one; MAX_LISTED_SUBSTREAMS + 3];
        let s = verify(&compound_stream(&subs)).unwrap();
        assert_eq!(s.substream_count, MAX_LISTED_SUBSTREAMS as u64 + 3);
        assert_eq!(s.substreams.len(), MAX_LISTED_SUBSTREAMS);
    }

    #[test]
    fn logical_sizes_that_add_up_past_u64_are_refused() {
        // WRITE records without payloads, each claiming the largest logical size a block has
        // (16 MiB): 2^40 of them would overflow the sum. Start the sum near its end instead.
        let mut b = StreamBuilder::begin("p/a@s1", 42, 0, 0);
        b.write(2, 0, &[1u8; 8]);
        let mut p = DrrParser::new();
        p.feed(&b.bytes).unwrap();
        p.summary.write_logical_bytes = u64::MAX - 4;
        let mut rec = [0u8; RECORD_SIZE];
        rec[0..4].copy_from_slice(&(RecordType::Write as u32).to_ne_bytes());
        rec[32..40].copy_from_slice(&(16u64 << 20).to_ne_bytes());
        rec[50] = 1;
        b.record(rec, &[]);
        let e = p.feed(&b.bytes[p.offset() as usize..]).unwrap_err();
        assert!(e.to_string().contains("past 2^64"), "{e}");
    }

    #[test]
    fn feature_names_cover_known_and_unknown_bits() {
        assert_eq!(
            feature_names((1 << 16) | (1 << 22) | (1 << 40)),
            ["embedded_data", "compressed", "bit40"]
        );
    }

    /// The offsets this parser reads must be the C struct's, as bindgen sees the vendored header.
    #[test]
    fn field_offsets_match_the_openzfs_header() {
        use libzfs_sys as z;
        use std::mem::{offset_of, size_of};
        type R = z::dmu_replay_record_t;
        assert_eq!(size_of::<R>(), RECORD_SIZE);
        let u = offset_of!(R, drr_u);
        assert_eq!(u, 8);
        assert_eq!(offset_of!(R, drr_payloadlen), 4);
        macro_rules! at {
            ($t:ty, $f:ident) => {
                u + offset_of!($t, $f)
            };
        }
        assert_eq!(at!(z::drr_begin, drr_magic), 8);
        assert_eq!(at!(z::drr_begin, drr_versioninfo), 16);
        assert_eq!(at!(z::drr_begin, drr_creation_time), 24);
        assert_eq!(at!(z::drr_begin, drr_type), 32);
        assert_eq!(at!(z::drr_begin, drr_flags), 36);
        assert_eq!(at!(z::drr_begin, drr_toguid), 40);
        assert_eq!(at!(z::drr_begin, drr_fromguid), 48);
        assert_eq!(at!(z::drr_begin, drr_toname), 56);
        assert_eq!(at!(z::drr_end, drr_checksum), 8);
        assert_eq!(at!(z::drr_end, drr_toguid), 40);
        type Obj = z::dmu_replay_record__bindgen_ty_1_drr_object;
        assert_eq!(at!(Obj, drr_bonuslen), 28);
        assert_eq!(at!(Obj, drr_raw_bonuslen), 36);
        type W = z::dmu_replay_record__bindgen_ty_1_drr_write;
        assert_eq!(at!(W, drr_offset), 24);
        assert_eq!(at!(W, drr_logical_size), 32);
        assert_eq!(at!(W, drr_compressiontype), 50);
        assert_eq!(at!(W, drr_compressed_size), 96);
        type Sp = z::dmu_replay_record__bindgen_ty_1_drr_spill;
        assert_eq!(at!(Sp, drr_length), 16);
        assert_eq!(at!(Sp, drr_compressed_size), 40);
        type E = z::dmu_replay_record__bindgen_ty_1_drr_write_embedded;
        assert_eq!(at!(E, drr_psize), 52);
        type C = z::dmu_replay_record__bindgen_ty_1_drr_checksum;
        assert_eq!(at!(C, drr_checksum), CHECKSUMMED_HEADER);
        assert_eq!(z::DMU_BACKUP_MAGIC, BACKUP_MAGIC);
        assert_eq!(z::DRR_NUMTYPES as usize, RecordType::ALL.len());
        assert_eq!(
            z::DRR_WRITE_EMBEDDED as usize,
            RecordType::WriteEmbedded as usize
        );
    }
}
