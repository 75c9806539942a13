//! The BEGIN record that opens every ZFS send stream, kept whole: read it off a stream to learn
//! what the stream is (which snapshot, full or incremental, which features) before any receive
//! starts, then hand it to [`crate::Zfs::receive_with_header`], which passes its bytes to
//! `lzc_receive_with_header`. Decoding is `zsplice-stream`'s ([`zsplice_stream::drr::Begin`]);
//! this holds the bytes in the C struct's alignment.

use std::io::Read;
use std::mem::{align_of, size_of};

use libzfs_sys as zsys;
use zsplice_stream::drr::Begin;

use crate::error::{Error, Result};

/// Size of one replay record on the wire, in bytes (zsplice-stream's, checked against bindgen's
/// `dmu_replay_record_t` at compile time).
pub use zsplice_stream::drr::RECORD_SIZE;

/// A record's bytes, aligned as `dmu_replay_record_t` is, so a pointer to them is a valid
/// pointer to that struct (any bytes are a valid value of it: integers, arrays and a union).
#[repr(C, align(8))]
struct RawRecord([u8; RECORD_SIZE]);

const _: () = assert!(size_of::<RawRecord>() == size_of::<zsys::dmu_replay_record_t>());
const _: () = assert!(align_of::<RawRecord>() >= align_of::<zsys::dmu_replay_record_t>());

/// A validated BEGIN record: its bytes as read, and what they say.
pub struct BeginRecord {
    raw: Box<RawRecord>,
    begin: Begin,
}

impl std::fmt::Debug for BeginRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BeginRecord")
            .field("toname", &self.toname())
            .field("toguid", &self.toguid())
            .field("fromguid", &self.fromguid())
            .field("features", &self.features())
            .finish()
    }
}

fn bad(why: impl Into<String>) -> Error {
    Error::Io {
        context: "send stream".into(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, why.into()),
    }
}

impl BeginRecord {
    /// Reads exactly one record from `r` (no read-ahead, so the rest of the stream stays in `r`)
    /// and checks that it is a BEGIN record of a native-endian stream. A short stream or bad
    /// record is an [`Error::Io`] of kind `InvalidData`.
    pub fn read_from(r: &mut impl Read) -> Result<BeginRecord> {
        let mut buf = [0u8; RECORD_SIZE];
        r.read_exact(&mut buf).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                bad("stream ended before its BEGIN record")
            } else {
                Error::Io {
                    context: "reading the send stream".into(),
                    source: e,
                }
            }
        })?;
        BeginRecord::from_bytes(&buf)
    }

    /// Checks that `bytes` are a BEGIN record of a native-endian stream and keeps them.
    pub fn from_bytes(bytes: &[u8; RECORD_SIZE]) -> Result<BeginRecord> {
        let begin = Begin::parse(bytes).map_err(|e| bad(e.to_string()))?;
        Ok(BeginRecord {
            raw: Box::new(RawRecord(*bytes)),
            begin,
        })
    }

    /// The record as libzfs_core takes it; valid as long as `self`.
    pub(crate) fn raw(&self) -> *const zsys::dmu_replay_record_t {
        (&*self.raw as *const RawRecord).cast()
    }

    /// The bytes of the record as they were in the stream.
    pub fn as_bytes(&self) -> &[u8] {
        &self.raw.0
    }

    /// The decoded record.
    pub fn begin(&self) -> &Begin {
        &self.begin
    }

    /// Name of the snapshot the stream was sent from, e.g. "tank/a@s2".
    pub fn toname(&self) -> String {
        self.begin.toname.clone()
    }

    /// Guid of the snapshot the stream was sent from.
    pub fn toguid(&self) -> u64 {
        self.begin.toguid
    }

    /// The incremental source's guid; 0 for a full stream.
    pub fn fromguid(&self) -> u64 {
        self.begin.fromguid
    }

    /// True for an incremental stream (it has a source).
    pub fn is_incremental(&self) -> bool {
        self.begin.is_incremental()
    }

    /// Creation time of the sent snapshot, seconds since the epoch.
    pub fn creation_time(&self) -> u64 {
        self.begin.creation_time
    }

    /// DMU_BACKUP_FEATURE_* bits (versioninfo bits 2..32).
    pub fn features(&self) -> u64 {
        self.begin.features
    }

    /// DMU_SUBSTREAM (1) for a single-dataset stream, DMU_COMPOUNDSTREAM (2) for `zfs send -R`.
    pub fn header_type(&self) -> u64 {
        self.begin.header_type
    }

    /// `DRR_FLAG_*` bits (clone, ci_data, freerecords, spill_block).
    pub fn flags(&self) -> u32 {
        self.begin.flags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(magic: u64, toname: &str, fromguid: u64) -> [u8; RECORD_SIZE] {
        let mut b = [0u8; RECORD_SIZE];
        // drr_type (u32) = 0 = BEGIN, drr_payloadlen (u32) = 0, then drr_begin:
        // magic u64 @8, versioninfo u64 @16, creation_time u64 @24, type u32 @32, flags u32 @36,
        // toguid u64 @40, fromguid u64 @48, toname[256] @56.
        b[8..16].copy_from_slice(&magic.to_ne_bytes());
        b[16..24].copy_from_slice(&(1u64 | (4 << 2)).to_ne_bytes());
        b[40..48].copy_from_slice(&77u64.to_ne_bytes());
        b[48..56].copy_from_slice(&fromguid.to_ne_bytes());
        b[56..56 + toname.len()].copy_from_slice(toname.as_bytes());
        b
    }

    #[test]
    fn reads_a_begin_record() {
        let r = BeginRecord::from_bytes(&record(zsys::DMU_BACKUP_MAGIC, "p/a@s1", 5)).unwrap();
        assert_eq!(r.toname(), "p/a@s1");
        assert_eq!(r.toguid(), 77);
        assert_eq!(r.fromguid(), 5);
        assert!(r.is_incremental());
        assert_eq!(r.header_type(), 1);
        assert_eq!(r.features(), 4);
        assert_eq!(
            r.as_bytes(),
            &record(zsys::DMU_BACKUP_MAGIC, "p/a@s1", 5)[..]
        );
        // The pointer libzfs_core gets reads the same record through the C struct.
        // SAFETY: raw() points at RECORD_SIZE initialised, suitably aligned bytes owned by `r`
        // (asserted above to be the struct's size and alignment); the struct is plain old data,
        // and drr_type is BEGIN, so drr_begin is the union member to read.
        let rec = unsafe { &*r.raw() };
        assert_eq!(rec.drr_type, zsys::DRR_BEGIN);
        // SAFETY: as above, the record is a BEGIN record.
        assert_eq!(unsafe { rec.drr_u.drr_begin.drr_toguid }, 77);
    }

    #[test]
    fn rejects_garbage_short_and_swapped_streams() {
        let e = BeginRecord::from_bytes(&record(0x1234, "x", 0)).unwrap_err();
        assert!(e.to_string().contains("bad magic"), "{e}");
        let e = BeginRecord::from_bytes(&record(zsys::DMU_BACKUP_MAGIC.swap_bytes(), "x", 0))
            .unwrap_err();
        assert!(e.to_string().contains("byte order"), "{e}");
        let mut rec = record(zsys::DMU_BACKUP_MAGIC, "x", 0);
        rec[0] = 7;
        assert!(BeginRecord::from_bytes(&rec).is_err());
        let e = BeginRecord::read_from(&mut &[0u8; 100][..]).unwrap_err();
        assert!(
            e.to_string().contains("ended before its BEGIN record"),
            "{e}"
        );
    }
}
