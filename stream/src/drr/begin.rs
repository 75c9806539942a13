//! The BEGIN record that opens every send stream and every substream of a compound one: what
//! is sent (snapshot name and guid), from what (the incremental base's guid), and what the
//! receiver must support (feature bits). [`Begin::parse`] is the one decoder of it: the
//! verifying parser uses it, and so does `zsplice-zfs` to look at a stream before receiving it.

use super::format::{
    offset, u32_at, u64_at, RecordType, BACKUP_MAGIC, COMPOUNDSTREAM, RECORD_SIZE, SUBSTREAM,
};

/// Why 312 bytes are not a BEGIN record zsplice can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BeginError {
    /// The record's type is another one (the number it has).
    #[error("not a ZFS send stream (first record has type {0}, not BEGIN)")]
    NotBegin(u32),
    /// The magic is [`BACKUP_MAGIC`] byte-swapped: the stream comes from a machine of the other
    /// byte order, which zsplice does not read.
    #[error("stream was written on a machine of the other byte order")]
    ByteSwapped,
    /// The magic is not [`BACKUP_MAGIC`] at all.
    #[error("not a ZFS send stream (bad magic)")]
    BadMagic,
}

/// A decoded BEGIN record (`struct drr_begin`), fields in the sending machine's byte order,
/// which [`Begin::parse`] has checked is this machine's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Begin {
    /// Full name of the sent snapshot, e.g. "tank/a@s2" (bytes that are not UTF-8 replaced).
    pub toname: String,
    /// Whether `toname` ended with a NUL inside its field; when not, `toname` is the whole
    /// field and the verifying parser refuses the record.
    pub toname_terminated: bool,
    /// Guid of the sent snapshot.
    pub toguid: u64,
    /// Guid of the incremental base; 0 for a full stream.
    pub fromguid: u64,
    /// Creation time of the sent snapshot, seconds since the epoch.
    pub creation_time: u64,
    /// [`SUBSTREAM`] or [`COMPOUNDSTREAM`] (any other value is not a known stream kind).
    pub header_type: u64,
    /// `DMU_BACKUP_FEATURE_*` bits (see [`super::features`]), already shifted down by 2.
    pub features: u64,
    /// `DRR_FLAG_*` bits (clone, ci_data, freerecords, spill_block).
    pub flags: u32,
    /// The objset type (2 = filesystem, 3 = volume).
    pub objset_type: u32,
    /// Bytes of payload after the record (a packed nvlist: resume state, or a compound
    /// stream's dataset table); 0 for a plain `lzc_send` stream.
    pub payload_len: u32,
}

impl Begin {
    /// Decodes one record, which must be a BEGIN record with the native-endian magic.
    pub fn parse(record: &[u8; RECORD_SIZE]) -> Result<Begin, BeginError> {
        let kind = u32_at(record, offset::TYPE);
        if kind != RecordType::Begin as u32 {
            return Err(BeginError::NotBegin(kind));
        }
        let magic = u64_at(record, offset::BEGIN_MAGIC);
        if magic == BACKUP_MAGIC.swap_bytes() {
            return Err(BeginError::ByteSwapped);
        }
        if magic != BACKUP_MAGIC {
            return Err(BeginError::BadMagic);
        }
        let versioninfo = u64_at(record, offset::BEGIN_VERSIONINFO);
        let name = &record[offset::BEGIN_TONAME..];
        let nul = name.iter().position(|&b| b == 0);
        let toname = String::from_utf8_lossy(&name[..nul.unwrap_or(name.len())]).into_owned();
        Ok(Begin {
            toname,
            toname_terminated: nul.is_some(),
            toguid: u64_at(record, offset::BEGIN_TOGUID),
            fromguid: u64_at(record, offset::BEGIN_FROMGUID),
            creation_time: u64_at(record, offset::BEGIN_CREATION_TIME),
            header_type: versioninfo & 0x3,
            features: versioninfo >> 2,
            flags: u32_at(record, offset::BEGIN_FLAGS),
            objset_type: u32_at(record, offset::BEGIN_OBJSET_TYPE),
            payload_len: u32_at(record, offset::PAYLOAD_LEN),
        })
    }

    /// True for an incremental stream (it has a base).
    pub fn is_incremental(&self) -> bool {
        self.fromguid != 0
    }

    /// True for the header of a `zfs send -R` stream rather than one snapshot's stream.
    pub fn is_compound(&self) -> bool {
        self.header_type == COMPOUNDSTREAM
    }

    /// True for one snapshot's stream (what `lzc_send` writes).
    pub fn is_substream(&self) -> bool {
        self.header_type == SUBSTREAM
    }
}
