//! Compile-time proof that `zsplice-stream`'s definition of the send-stream format is OpenZFS's:
//! the record size, magic, header types, record type numbers, feature bits and every field
//! offset the parser reads are checked here against what bindgen generated from the vendored
//! C headers. `zsplice-stream` cannot check this itself (it must build without ZFS), so a
//! mismatch fails the build of this crate instead. Nothing here exists at run time.

use std::mem::{offset_of, size_of};

use libzfs_sys as z;
use zsplice_stream::drr::{format, format::offset, RecordType};

type R = z::dmu_replay_record_t;

// The record as a whole.
const _: () = assert!(format::RECORD_SIZE == size_of::<R>());
const _: () = assert!(format::BACKUP_MAGIC == z::DMU_BACKUP_MAGIC);
const _: () = assert!(format::SUBSTREAM == z::DMU_SUBSTREAM as u64);
const _: () = assert!(format::COMPOUNDSTREAM == z::DMU_COMPOUNDSTREAM as u64);

// Record type numbers (`drr_type`).
const _: () = assert!(RecordType::ALL.len() == z::DRR_NUMTYPES as usize);
const _: () = assert!(RecordType::Begin as u32 == z::DRR_BEGIN);
const _: () = assert!(RecordType::Object as u32 == z::DRR_OBJECT);
const _: () = assert!(RecordType::FreeObjects as u32 == z::DRR_FREEOBJECTS);
const _: () = assert!(RecordType::Write as u32 == z::DRR_WRITE);
const _: () = assert!(RecordType::Free as u32 == z::DRR_FREE);
const _: () = assert!(RecordType::End as u32 == z::DRR_END);
const _: () = assert!(RecordType::WriteByRef as u32 == z::DRR_WRITE_BYREF);
const _: () = assert!(RecordType::Spill as u32 == z::DRR_SPILL);
const _: () = assert!(RecordType::WriteEmbedded as u32 == z::DRR_WRITE_EMBEDDED);
const _: () = assert!(RecordType::ObjectRange as u32 == z::DRR_OBJECT_RANGE);
const _: () = assert!(RecordType::Redact as u32 == z::DRR_REDACT);

// Feature bits.
mod features {
    use super::z;
    use zsplice_stream::drr::features::*;

    /// Every `DMU_BACKUP_FEATURE_*` bindgen knows, and zsplice-stream's bit for it.
    const PAIRS: [(u64, u32); 16] = [
        (DEDUP, z::DMU_BACKUP_FEATURE_DEDUP),
        (DEDUP_PROPS, z::DMU_BACKUP_FEATURE_DEDUPPROPS),
        (SA_SPILL, z::DMU_BACKUP_FEATURE_SA_SPILL),
        (EMBED_DATA, z::DMU_BACKUP_FEATURE_EMBED_DATA),
        (LZ4, z::DMU_BACKUP_FEATURE_LZ4),
        (LARGE_BLOCKS, z::DMU_BACKUP_FEATURE_LARGE_BLOCKS),
        (RESUMING, z::DMU_BACKUP_FEATURE_RESUMING),
        (REDACTED, z::DMU_BACKUP_FEATURE_REDACTED),
        (COMPRESSED, z::DMU_BACKUP_FEATURE_COMPRESSED),
        (LARGE_DNODE, z::DMU_BACKUP_FEATURE_LARGE_DNODE),
        (RAW, z::DMU_BACKUP_FEATURE_RAW),
        (ZSTD, z::DMU_BACKUP_FEATURE_ZSTD),
        (HOLDS, z::DMU_BACKUP_FEATURE_HOLDS),
        (
            SWITCH_TO_LARGE_BLOCKS,
            z::DMU_BACKUP_FEATURE_SWITCH_TO_LARGE_BLOCKS,
        ),
        (LONGNAME, z::DMU_BACKUP_FEATURE_LONGNAME),
        (LARGE_MICROZAP, z::DMU_BACKUP_FEATURE_LARGE_MICROZAP),
    ];

    const fn check() {
        // Each constant is bindgen's, and the table of names lists exactly these, in order.
        assert!(FEATURES.len() == PAIRS.len());
        let mut i = 0;
        while i < PAIRS.len() {
            assert!(PAIRS[i].0 == PAIRS[i].1 as u64);
            assert!(FEATURES[i].0 == PAIRS[i].0);
            i += 1;
        }
        // Every bit the current stream format can carry has a name (DMU_BACKUP_FEATURE_MASK
        // leaves out the two obsolete dedup bits, which the table names too).
        let mut all = 0;
        let mut j = 0;
        while j < PAIRS.len() {
            all |= PAIRS[j].0;
            j += 1;
        }
        assert!(all & z::DMU_BACKUP_FEATURE_MASK as u64 == z::DMU_BACKUP_FEATURE_MASK as u64);
    }
    const _: () = check();
}

// Field offsets (`offset` counts from the start of the record; per-type structs sit in drr_u).
const U: usize = offset_of!(R, drr_u);
type Obj = z::dmu_replay_record__bindgen_ty_1_drr_object;
type Free = z::dmu_replay_record__bindgen_ty_1_drr_free;
type Write = z::dmu_replay_record__bindgen_ty_1_drr_write;
type Spill = z::dmu_replay_record__bindgen_ty_1_drr_spill;
type Embedded = z::dmu_replay_record__bindgen_ty_1_drr_write_embedded;
type Cksum = z::dmu_replay_record__bindgen_ty_1_drr_checksum;

const _: () = assert!(offset::TYPE == offset_of!(R, drr_type));
const _: () = assert!(offset::PAYLOAD_LEN == offset_of!(R, drr_payloadlen));
const _: () = assert!(offset::BEGIN_MAGIC == U + offset_of!(z::drr_begin, drr_magic));
const _: () = assert!(offset::BEGIN_VERSIONINFO == U + offset_of!(z::drr_begin, drr_versioninfo));
const _: () =
    assert!(offset::BEGIN_CREATION_TIME == U + offset_of!(z::drr_begin, drr_creation_time));
const _: () = assert!(offset::BEGIN_OBJSET_TYPE == U + offset_of!(z::drr_begin, drr_type));
const _: () = assert!(offset::BEGIN_FLAGS == U + offset_of!(z::drr_begin, drr_flags));
const _: () = assert!(offset::BEGIN_TOGUID == U + offset_of!(z::drr_begin, drr_toguid));
const _: () = assert!(offset::BEGIN_FROMGUID == U + offset_of!(z::drr_begin, drr_fromguid));
const _: () = assert!(offset::BEGIN_TONAME == U + offset_of!(z::drr_begin, drr_toname));
const _: () = assert!(format::TONAME_LEN == z::MAXNAMELEN as usize);
const _: () = assert!(offset::END_CHECKSUM == U + offset_of!(z::drr_end, drr_checksum));
const _: () = assert!(offset::END_TOGUID == U + offset_of!(z::drr_end, drr_toguid));
const _: () = assert!(offset::OBJECT == U + offset_of!(Obj, drr_object));
const _: () = assert!(offset::OBJECT == U + offset_of!(Free, drr_object));
const _: () = assert!(offset::OBJECT == U + offset_of!(Write, drr_object));
const _: () = assert!(offset::OBJECT_BLKSZ == U + offset_of!(Obj, drr_blksz));
const _: () = assert!(offset::OBJECT_BONUSLEN == U + offset_of!(Obj, drr_bonuslen));
const _: () = assert!(offset::OBJECT_RAW_BONUSLEN == U + offset_of!(Obj, drr_raw_bonuslen));
const _: () = assert!(offset::FREE_OFFSET == U + offset_of!(Free, drr_offset));
const _: () = assert!(offset::FREE_LENGTH == U + offset_of!(Free, drr_length));
const _: () = assert!(offset::WRITE_OFFSET == U + offset_of!(Write, drr_offset));
const _: () = assert!(offset::WRITE_LOGICAL_SIZE == U + offset_of!(Write, drr_logical_size));
const _: () = assert!(offset::WRITE_COMPRESSIONTYPE == U + offset_of!(Write, drr_compressiontype));
const _: () = assert!(offset::WRITE_COMPRESSED_SIZE == U + offset_of!(Write, drr_compressed_size));
const _: () = assert!(offset::SPILL_LENGTH == U + offset_of!(Spill, drr_length));
const _: () = assert!(offset::SPILL_COMPRESSED_SIZE == U + offset_of!(Spill, drr_compressed_size));
const _: () = assert!(offset::WRITE_EMBEDDED_PSIZE == U + offset_of!(Embedded, drr_psize));
const _: () = assert!(offset::TRAILER_CHECKSUM == U + offset_of!(Cksum, drr_checksum));
const _: () = assert!(format::CHECKSUMMED_HEADER == offset::TRAILER_CHECKSUM);
