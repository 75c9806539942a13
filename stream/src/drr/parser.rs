//! The verifying parser: [`DrrParser`] is fed a stream in pieces of any size (the stream is
//! never held whole), follows its records and their payloads, checks every checksum, size and
//! the order of BEGIN and END records, and counts what it saw into a [`StreamSummary`].

use super::begin::{Begin, BeginError};
use super::format::{
    cksum_at, offset, round_up_8, u32_at, u64_at, RecordType, BACKUP_MAGIC, CHECKSUMMED_HEADER,
    COMPOUNDSTREAM, RECORD_SIZE, SUBSTREAM,
};
use super::summary::{StreamSummary, Substream, MAX_LISTED_SUBSTREAMS};
use crate::fletcher::Fletcher4;

/// The largest block ZFS has (SPA_MAXBLOCKSIZE, 16 MiB): no data record's payload exceeds it.
const MAX_DATA_PAYLOAD: u64 = 16 << 20;
/// A BEGIN record's payload is a packed nvlist (resume state, or a compound stream's dataset
/// table); generous, but bounded so a corrupt length is caught.
const MAX_BEGIN_PAYLOAD: u64 = 1 << 30;

/// A damaged or unsupported stream: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrrError {
    /// The first record is not a BEGIN record zsplice can read (why).
    #[error("not a ZFS send stream: {0}")]
    NotAStream(String),
    /// The BEGIN magic is byte-swapped: the sender had the other byte order.
    #[error("the stream was written on a machine of the other byte order; receive it there")]
    ByteSwapped,
    /// A record's trailing checksum, or an END record's, is not the running sum.
    #[error("record {index} ({kind}) at byte {offset}: checksum mismatch: the stream is damaged")]
    Checksum {
        /// The record's number in the stream, from 0.
        index: u64,
        /// Its type's name, or "unknown type".
        kind: &'static str,
        /// The stream offset of its first byte.
        offset: u64,
    },
    /// A record whose checksum holds but whose content is impossible (type, size, order).
    #[error("record {index} at byte {offset}: {why}")]
    Malformed {
        /// The record's number in the stream, from 0.
        index: u64,
        /// The stream offset of its first byte.
        offset: u64,
        /// What is wrong with it.
        why: String,
    },
    /// The stream ends before its last END record (where, in words).
    #[error("the stream is truncated: it ends {0}")]
    Truncated(String),
    /// Bytes after the last END record (how many so far).
    #[error("{0} bytes follow the stream's last END record")]
    TrailingData(u64),
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
    /// What has been counted so far (visible to the tests, which start it near its limits).
    pub(super) summary: StreamSummary,
    /// The snapshot guid of the substream being read (its END must repeat it).
    toguid: u64,
    trailing: u64,
}

impl Default for DrrParser {
    fn default() -> Self {
        DrrParser::new()
    }
}

impl DrrParser {
    /// A parser expecting the first byte of a stream.
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

    /// Whether the bytes of a first record seen so far are how a stream starts: a BEGIN
    /// record's type (native or byte-swapped), then its magic once those bytes are there.
    fn begins_like_a_stream(&self) -> bool {
        let h = &self.header;
        let have = self.header_fill;
        // BEGIN is record type 0, which reads the same in either byte order.
        let type_ok =
            have < offset::TYPE + 4 || u32_at(h, offset::TYPE) == RecordType::Begin as u32;
        let magic_ok = have < offset::BEGIN_MAGIC + 8 || {
            let m = u64_at(h, offset::BEGIN_MAGIC);
            m == BACKUP_MAGIC || m == BACKUP_MAGIC.swap_bytes()
        };
        type_ok && magic_ok
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
            // Fewer bytes than one record, and those it has are not how a stream begins.
            _ if self.index == 0 && self.header_fill > 0 && !self.begins_like_a_stream() => {
                Err(DrrError::NotAStream(format!(
                    "{} bytes, fewer than the {RECORD_SIZE} of a stream's first record, and they \
                     do not start like one",
                    self.header_fill
                )))
            }
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
        let raw_type = u32_at(&h, offset::TYPE);
        let before = self.cksum.words;
        let trailer = cksum_at(&h, offset::TRAILER_CHECKSUM);
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
                .checked_add(u64_at(&h, offset::WRITE_LOGICAL_SIZE))
                .ok_or_else(|| {
                    self.malformed("WRITE records whose logical sizes add up past 2^64 bytes")
                })?;
        }
        Ok(())
    }

    fn begin(&mut self, h: &[u8; RECORD_SIZE]) -> Result<(), DrrError> {
        let b = Begin::parse(h).map_err(|e| match e {
            BeginError::ByteSwapped => DrrError::ByteSwapped,
            BeginError::BadMagic if self.index == 0 => {
                DrrError::NotAStream("bad magic in its BEGIN record".into())
            }
            BeginError::BadMagic => self.malformed("BEGIN record with bad magic"),
            // record() calls this for BEGIN records only.
            BeginError::NotBegin(t) => self.malformed(format!("record type {t} is not BEGIN")),
        })?;
        if !b.toname_terminated {
            return Err(self.malformed("BEGIN record whose snapshot name is not terminated"));
        }
        let header_type = b.header_type;
        let sub = Substream::from(b);
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
        let claimed = cksum_at(h, offset::END_CHECKSUM);
        let toguid = u64_at(h, offset::END_TOGUID);
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
                let n = u32_at(h, offset::PAYLOAD_LEN) as u64;
                if n > MAX_BEGIN_PAYLOAD {
                    return Err(self.malformed(format!("BEGIN payload of {n} bytes")));
                }
                return Ok(n);
            }
            RecordType::Object => {
                let raw_bonuslen = u32_at(h, offset::OBJECT_RAW_BONUSLEN) as u64;
                if raw_bonuslen != 0 {
                    raw_bonuslen
                } else {
                    round_up_8(u32_at(h, offset::OBJECT_BONUSLEN) as u64)
                }
            }
            RecordType::Write => {
                // The logical size is a block's size, and the summary adds it up: a compressed
                // WRITE's is not its payload's size, so it is bounded here on its own (found by
                // fuzzing: u64::MAX overflowed the sum).
                let logical = u64_at(h, offset::WRITE_LOGICAL_SIZE);
                if logical > MAX_DATA_PAYLOAD {
                    return Err(self.malformed(format!(
                        "WRITE record with a logical size of {logical} bytes (more than the \
                         largest ZFS block)"
                    )));
                }
                // drr_compressiontype != 0: the payload is the compressed size.
                if h[offset::WRITE_COMPRESSIONTYPE] != 0 {
                    u64_at(h, offset::WRITE_COMPRESSED_SIZE)
                } else {
                    logical
                }
            }
            RecordType::Spill => {
                let compressed = u64_at(h, offset::SPILL_COMPRESSED_SIZE);
                if compressed != 0 {
                    compressed
                } else {
                    u64_at(h, offset::SPILL_LENGTH)
                }
            }
            RecordType::WriteEmbedded => round_up_8(u32_at(h, offset::WRITE_EMBEDDED_PSIZE) as u64),
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
