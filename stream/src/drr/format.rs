//! The wire format of a ZFS send stream, stated once: the record size, the magic number, the
//! record types and the byte offsets of the fields zsplice reads (`dmu_replay_record_t` in
//! OpenZFS's `zfs_ioctl.h`). Everything else in [`crate::drr`] reads records through these;
//! `zsplice-zfs` asserts at compile time that each equals what bindgen sees in the C headers.

/// Size in bytes of one replay record (`sizeof (dmu_replay_record_t)`); a payload may follow.
pub const RECORD_SIZE: usize = 312;
/// How many leading bytes of a record its trailing fletcher-4 checksum covers: everything but
/// the 32-byte checksum itself, which sits at [`offset::TRAILER_CHECKSUM`].
pub const CHECKSUMMED_HEADER: usize = RECORD_SIZE - 32;
/// `DMU_BACKUP_MAGIC`, the first field of every BEGIN record (byte-swapped: another byte order).
pub const BACKUP_MAGIC: u64 = 0x2_f5ba_cbac;
/// Bytes of the BEGIN record's `drr_toname` field (the sent snapshot's name, NUL-terminated).
pub const TONAME_LEN: usize = RECORD_SIZE - offset::BEGIN_TONAME;
/// `DMU_SUBSTREAM`: a single dataset's stream (what `lzc_send` writes); the low two bits of a
/// BEGIN record's `drr_versioninfo`.
pub const SUBSTREAM: u64 = 1;
/// `DMU_COMPOUNDSTREAM`: `zfs send -R/-p` output, a header then several substreams.
pub const COMPOUNDSTREAM: u64 = 2;

/// Byte offsets, from the start of a record, of the fields zsplice reads or writes. The
/// per-type fields live in the union `drr_u` at byte 8, so these include those 8 bytes.
pub mod offset {
    /// `drr_type` (u32): the [`RecordType`](super::RecordType) number.
    pub const TYPE: usize = 0;
    /// `drr_payloadlen` (u32): bytes of a BEGIN record's payload (a packed nvlist).
    pub const PAYLOAD_LEN: usize = 4;
    /// `drr_begin.drr_magic` (u64): [`BACKUP_MAGIC`](super::BACKUP_MAGIC).
    pub const BEGIN_MAGIC: usize = 8;
    /// `drr_begin.drr_versioninfo` (u64): header type in bits 0..2, feature bits from bit 2.
    pub const BEGIN_VERSIONINFO: usize = 16;
    /// `drr_begin.drr_creation_time` (u64): seconds since the epoch.
    pub const BEGIN_CREATION_TIME: usize = 24;
    /// `drr_begin.drr_type` (u32): the objset type (2 filesystem, 3 volume).
    pub const BEGIN_OBJSET_TYPE: usize = 32;
    /// `drr_begin.drr_flags` (u32): `DRR_FLAG_*` bits.
    pub const BEGIN_FLAGS: usize = 36;
    /// `drr_begin.drr_toguid` (u64): guid of the sent snapshot.
    pub const BEGIN_TOGUID: usize = 40;
    /// `drr_begin.drr_fromguid` (u64): guid of the incremental base, 0 for a full stream.
    pub const BEGIN_FROMGUID: usize = 48;
    /// `drr_begin.drr_toname` (`char[256]`): the sent snapshot's full name.
    pub const BEGIN_TONAME: usize = 56;
    /// `drr_end.drr_checksum` (4 × u64): the substream's checksum before its END record.
    pub const END_CHECKSUM: usize = 8;
    /// `drr_end.drr_toguid` (u64): must repeat the BEGIN record's.
    pub const END_TOGUID: usize = 40;
    /// `drr_object.drr_object` (u64), also `drr_write.drr_object` and `drr_free.drr_object`.
    pub const OBJECT: usize = 8;
    /// `drr_object.drr_blksz` (u32): the object's block size.
    pub const OBJECT_BLKSZ: usize = 24;
    /// `drr_object.drr_bonuslen` (u32): bonus buffer bytes (the payload, rounded up to 8).
    pub const OBJECT_BONUSLEN: usize = 28;
    /// `drr_object.drr_raw_bonuslen` (u32): the payload size of a raw send's OBJECT, if not 0.
    pub const OBJECT_RAW_BONUSLEN: usize = 36;
    /// `drr_free.drr_offset` (u64).
    pub const FREE_OFFSET: usize = 16;
    /// `drr_free.drr_length` (u64); `u64::MAX` means to the end of the object.
    pub const FREE_LENGTH: usize = 24;
    /// `drr_write.drr_offset` (u64).
    pub const WRITE_OFFSET: usize = 24;
    /// `drr_write.drr_logical_size` (u64): the block's uncompressed size.
    pub const WRITE_LOGICAL_SIZE: usize = 32;
    /// `drr_write.drr_compressiontype` (u8): not 0 when the payload travels compressed.
    pub const WRITE_COMPRESSIONTYPE: usize = 50;
    /// `drr_write.drr_compressed_size` (u64): the payload size of a compressed WRITE.
    pub const WRITE_COMPRESSED_SIZE: usize = 96;
    /// `drr_spill.drr_length` (u64): the payload size of an uncompressed SPILL.
    pub const SPILL_LENGTH: usize = 16;
    /// `drr_spill.drr_compressed_size` (u64): the payload size of a compressed SPILL, if not 0.
    pub const SPILL_COMPRESSED_SIZE: usize = 40;
    /// `drr_write_embedded.drr_psize` (u32): payload bytes (rounded up to 8).
    pub const WRITE_EMBEDDED_PSIZE: usize = 52;
    /// `drr_checksum.drr_checksum` (4 × u64): every record's trailing running checksum.
    pub const TRAILER_CHECKSUM: usize = super::CHECKSUMMED_HEADER;
}

/// The record types, in the order of their numbers on the wire (`DRR_BEGIN` = 0 ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordType {
    /// Opens a substream (or a compound stream's header): what is sent, from what, features.
    Begin,
    /// Creates or changes an object (dnode), with its bonus buffer as payload.
    Object,
    /// Frees a range of object numbers.
    FreeObjects,
    /// A block of data as payload.
    Write,
    /// Frees a byte range of an object.
    Free,
    /// Closes a substream with its checksum.
    End,
    /// A deduplicated write naming an earlier one (no payload).
    WriteByRef,
    /// An object's spill block as payload.
    Spill,
    /// A small block carried inside the record (payload of its compressed size).
    WriteEmbedded,
    /// A range of objects' encryption parameters (raw sends).
    ObjectRange,
    /// Blocks left out of a redacted send.
    Redact,
}

impl RecordType {
    /// Every type, indexed by its wire number.
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

    /// The type of wire number `n` (a record's `drr_type`); None for an unknown number.
    pub fn from_wire(n: u32) -> Option<RecordType> {
        RecordType::ALL.get(n as usize).copied()
    }

    /// The name `zstream dump` uses, e.g. "WRITE_EMBEDDED".
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

/// The native-endian u32 at byte `at` of a record.
pub(crate) fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_ne_bytes(w)
}

/// The native-endian u64 at byte `at` of a record.
pub(crate) fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_ne_bytes(w)
}

/// The four checksum words at byte `at` of a record.
pub(crate) fn cksum_at(b: &[u8], at: usize) -> [u64; 4] {
    [
        u64_at(b, at),
        u64_at(b, at + 8),
        u64_at(b, at + 16),
        u64_at(b, at + 24),
    ]
}

/// `n` rounded up to a multiple of 8 (bonus buffers and embedded payloads are padded so).
pub(crate) fn round_up_8(n: u64) -> u64 {
    n.div_ceil(8) * 8
}
