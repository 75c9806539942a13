//! The `DMU_BACKUP_FEATURE_*` bits a BEGIN record carries (bits 2 and up of `drr_versioninfo`,
//! already shifted down in [`Begin::features`](super::Begin::features)): what a stream needs
//! the receiving side to understand. One named constant per bit, and the table of their names.

/// `DMU_BACKUP_FEATURE_DEDUP`: a deduplicated stream (WRITE_BYREF records; no longer sent).
pub const DEDUP: u64 = 1 << 0;
/// `DMU_BACKUP_FEATURE_DEDUPPROPS`: dedup with properties (no longer sent).
pub const DEDUP_PROPS: u64 = 1 << 1;
/// `DMU_BACKUP_FEATURE_SA_SPILL`: SPILL records (system attributes in spill blocks).
pub const SA_SPILL: u64 = 1 << 2;
/// `DMU_BACKUP_FEATURE_EMBED_DATA`: WRITE_EMBEDDED records.
pub const EMBED_DATA: u64 = 1 << 16;
/// `DMU_BACKUP_FEATURE_LZ4`: lz4-compressed blocks (embedded or compressed records).
pub const LZ4: u64 = 1 << 17;
/// `DMU_BACKUP_FEATURE_LARGE_BLOCKS`: blocks over 128 KiB.
pub const LARGE_BLOCKS: u64 = 1 << 19;
/// `DMU_BACKUP_FEATURE_RESUMING`: a resumed send (starts mid-dataset).
pub const RESUMING: u64 = 1 << 20;
/// `DMU_BACKUP_FEATURE_REDACTED`: a redacted send.
pub const REDACTED: u64 = 1 << 21;
/// `DMU_BACKUP_FEATURE_COMPRESSED`: blocks travel compressed (`zfs send -c`).
pub const COMPRESSED: u64 = 1 << 22;
/// `DMU_BACKUP_FEATURE_LARGE_DNODE`: dnodes larger than 512 bytes.
pub const LARGE_DNODE: u64 = 1 << 23;
/// `DMU_BACKUP_FEATURE_RAW`: an encrypted dataset sent as ciphertext (`zfs send -w`).
pub const RAW: u64 = 1 << 24;
/// `DMU_BACKUP_FEATURE_ZSTD`: zstd-compressed blocks.
pub const ZSTD: u64 = 1 << 25;
/// `DMU_BACKUP_FEATURE_HOLDS`: the receiver is to place holds (`zfs send -h`).
pub const HOLDS: u64 = 1 << 26;
/// `DMU_BACKUP_FEATURE_SWITCH_TO_LARGE_BLOCKS`: large blocks were split before, not anymore.
pub const SWITCH_TO_LARGE_BLOCKS: u64 = 1 << 27;
/// `DMU_BACKUP_FEATURE_LONGNAME`: file names longer than 255 bytes.
pub const LONGNAME: u64 = 1 << 28;
/// `DMU_BACKUP_FEATURE_LARGE_MICROZAP`: micro-ZAPs larger than 128 KiB.
pub const LARGE_MICROZAP: u64 = 1 << 29;

/// Every feature bit zsplice knows, in bit order, with the name `zstream dump` shows.
pub const FEATURES: [(u64, &str); 16] = [
    (DEDUP, "dedup"),
    (DEDUP_PROPS, "dedup_props"),
    (SA_SPILL, "sa_spill"),
    (EMBED_DATA, "embedded_data"),
    (LZ4, "lz4"),
    (LARGE_BLOCKS, "large_blocks"),
    (RESUMING, "resuming"),
    (REDACTED, "redacted"),
    (COMPRESSED, "compressed"),
    (LARGE_DNODE, "large_dnode"),
    (RAW, "raw"),
    (ZSTD, "zstd"),
    (HOLDS, "holds"),
    (SWITCH_TO_LARGE_BLOCKS, "switch_to_large_blocks"),
    (LONGNAME, "longname"),
    (LARGE_MICROZAP, "large_microzap"),
];

/// Names of the feature bits set in `features`, in bit order; unknown bits appear as `bit<N>`.
pub fn feature_names(features: u64) -> Vec<String> {
    let mut known = 0u64;
    let mut names = Vec::new();
    for (bit, name) in FEATURES {
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
