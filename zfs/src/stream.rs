//! The BEGIN record that opens every ZFS send stream (`dmu_replay_record_t` with type DRR_BEGIN):
//! read it to learn what a stream is (which snapshot, full or incremental, which features)
//! before any receive starts, then hand it to [`crate::Zfs::receive_with_header`].

use std::ffi::CStr;
use std::io::Read;
use std::mem::size_of;

use libzfs_sys as zsys;

use crate::error::{Error, Result};

/// Size of one replay record on the wire.
pub const RECORD_SIZE: usize = size_of::<zsys::dmu_replay_record_t>();

/// A validated BEGIN record.
pub struct BeginRecord {
    rec: Box<zsys::dmu_replay_record_t>,
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
    /// and checks that it is a BEGIN record of a native-endian stream.
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

    pub fn from_bytes(bytes: &[u8; RECORD_SIZE]) -> Result<BeginRecord> {
        // SAFETY: dmu_replay_record_t is plain old data (integers, byte arrays and a union of
        // such), so the all-zero pattern is a valid value.
        let mut rec: Box<zsys::dmu_replay_record_t> = Box::new(unsafe { std::mem::zeroed() });
        // SAFETY: the destination is exactly RECORD_SIZE bytes of POD; any byte pattern is a
        // valid value of it; source and destination do not overlap.
        unsafe {
            std::ptr::copy_nonoverlapping(
                bytes.as_ptr(),
                (&mut *rec as *mut zsys::dmu_replay_record_t).cast::<u8>(),
                RECORD_SIZE,
            )
        };
        if rec.drr_type != zsys::DRR_BEGIN {
            return Err(bad(format!(
                "not a ZFS send stream (first record has type {}, not BEGIN)",
                rec.drr_type
            )));
        }
        // SAFETY: drr_type is DRR_BEGIN, so the union's active member is drr_begin.
        let magic = unsafe { rec.drr_u.drr_begin.drr_magic };
        if magic == zsys::DMU_BACKUP_MAGIC.swap_bytes() {
            return Err(bad(
                "stream was written on a machine of the other byte order",
            ));
        }
        if magic != zsys::DMU_BACKUP_MAGIC {
            return Err(bad("not a ZFS send stream (bad magic)"));
        }
        Ok(BeginRecord { rec })
    }

    fn begin(&self) -> &zsys::drr_begin {
        // SAFETY: validated in from_bytes: the active union member is drr_begin.
        unsafe { &self.rec.drr_u.drr_begin }
    }

    pub(crate) fn raw(&self) -> *const zsys::dmu_replay_record_t {
        &*self.rec
    }

    /// The bytes of the record as they were in the stream.
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: the box holds RECORD_SIZE initialised bytes of POD, borrowed for &self.
        unsafe {
            std::slice::from_raw_parts(
                (&*self.rec as *const zsys::dmu_replay_record_t).cast::<u8>(),
                RECORD_SIZE,
            )
        }
    }

    /// Name of the snapshot the stream was sent from, e.g. "tank/a@s2".
    pub fn toname(&self) -> String {
        let raw = &self.begin().drr_toname;
        // SAFETY: c_char and u8 have the same size and alignment; the slice stays in the array.
        let bytes = unsafe { std::slice::from_raw_parts(raw.as_ptr().cast::<u8>(), raw.len()) };
        CStr::from_bytes_until_nul(bytes)
            .map(|c| c.to_string_lossy().into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
    }

    pub fn toguid(&self) -> u64 {
        self.begin().drr_toguid
    }

    /// The incremental source's guid; 0 for a full stream.
    pub fn fromguid(&self) -> u64 {
        self.begin().drr_fromguid
    }

    pub fn is_incremental(&self) -> bool {
        self.fromguid() != 0
    }

    pub fn creation_time(&self) -> u64 {
        self.begin().drr_creation_time
    }

    /// DMU_BACKUP_FEATURE_* bits (versioninfo bits 2..32).
    pub fn features(&self) -> u64 {
        self.begin().drr_versioninfo >> 2
    }

    /// DMU_SUBSTREAM (1) for a single-dataset stream, DMU_COMPOUNDSTREAM (2) for `zfs send -R`.
    pub fn header_type(&self) -> u64 {
        self.begin().drr_versioninfo & 0x3
    }

    pub fn flags(&self) -> u32 {
        self.begin().drr_flags
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
