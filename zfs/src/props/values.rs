//! A property's value as the kernel takes it. A receive accepts a native property only in its
//! internal form (an index property as its index, a number property as a number) and drops
//! anything else into an errors list that `lzc_receive` discards: `compression=zstd` sent as text
//! is silently not set. libzfs converts in userland (`zprop_string_to_index`,
//! `zfs_nicestrtonum`); zsplice does not link libzfs, so the conversion is here.
//!
//! The index tables are OpenZFS 2.4.4's, from `module/zcommon/zfs_prop.c` (`zfs_prop_init`),
//! with the numbers of the enums and macros they use from `include/sys/zio.h`,
//! `include/sys/zio_compress.h`, `include/sys/spa.h`, `include/sys/fs/zfs.h`,
//! `include/sys/zfs_ioctl.h`, `include/sys/zfs_acl.h` and `include/sys/u8_textprep.h`. 2.1.0 to
//! 2.3 have the same numbers; the values an older release lacks are in `VALUE_SINCE`, and the one
//! whose meaning changed in `CHANGED`.

use crate::release::{Line, Release};
use crate::types::PropValue;

/// An index property's values: the name `zfs get` shows and the number the kernel stores.
type Table = &'static [(&'static str, u64)];

/// `enum zio_checksum` (zio.h) and `ZIO_CHECKSUM_VERIFY`.
const CK_ON: u64 = 1;
const CK_OFF: u64 = 2;
const CK_SHA256: u64 = 8;
const CK_SHA512: u64 = 11;
const CK_SKEIN: u64 = 12;
const CK_EDONR: u64 = 13;
const CK_BLAKE3: u64 = 14;
const CK_VERIFY: u64 = 1 << 8;

/// `enum zio_compress` (zio_compress.h): `ZIO_COMPRESS_ZSTD`.
const COMPRESS_ZSTD: u64 = 16;

/// `ZIO_COMPLEVEL_ZSTD(level)` (zio.h): `ZIO_COMPRESS_ZSTD | level << SPA_COMPRESSBITS` (spa.h:
/// 7), the level an `enum zio_zstd_levels` value: 1 to 19 for zstd-1 to zstd-19, then after
/// `ZIO_ZSTD_LEVEL_RESERVE = 101` and `ZIO_ZSTD_LEVEL_FAST` (102) the fast levels: 103 for
/// zstd-fast-1 (also plain zstd-fast) to 112 for zstd-fast-10, then 113 to 123 for 20, 30, ..,
/// 100, 500, 1000.
const fn zstd(level: u64) -> u64 {
    COMPRESS_ZSTD | (level << 7)
}

const CHECKSUM_TABLE: Table = &[
    ("on", CK_ON),
    ("off", CK_OFF),
    ("fletcher2", 6),
    ("fletcher4", 7),
    ("sha256", CK_SHA256),
    ("noparity", 10),
    ("sha512", CK_SHA512),
    ("skein", CK_SKEIN),
    ("edonr", CK_EDONR),
    ("blake3", CK_BLAKE3),
];

const DEDUP_TABLE: Table = &[
    ("on", CK_ON),
    ("off", CK_OFF),
    ("verify", CK_ON | CK_VERIFY),
    ("sha256", CK_SHA256),
    ("sha256,verify", CK_SHA256 | CK_VERIFY),
    ("sha512", CK_SHA512),
    ("sha512,verify", CK_SHA512 | CK_VERIFY),
    ("skein", CK_SKEIN),
    ("skein,verify", CK_SKEIN | CK_VERIFY),
    ("edonr,verify", CK_EDONR | CK_VERIFY),
    ("blake3", CK_BLAKE3),
    ("blake3,verify", CK_BLAKE3 | CK_VERIFY),
];

#[rustfmt::skip]
const COMPRESS_TABLE: Table = &[
    ("on", 1), ("off", 2), ("lzjb", 3), ("gzip", 10),
    ("gzip-1", 5), ("gzip-2", 6), ("gzip-3", 7), ("gzip-4", 8), ("gzip-5", 9), ("gzip-6", 10),
    ("gzip-7", 11), ("gzip-8", 12), ("gzip-9", 13),
    ("zle", 14), ("lz4", 15), ("zstd", COMPRESS_ZSTD), ("zstd-fast", zstd(103)),
    ("zstd-1", zstd(1)), ("zstd-2", zstd(2)), ("zstd-3", zstd(3)), ("zstd-4", zstd(4)),
    ("zstd-5", zstd(5)), ("zstd-6", zstd(6)), ("zstd-7", zstd(7)), ("zstd-8", zstd(8)),
    ("zstd-9", zstd(9)), ("zstd-10", zstd(10)), ("zstd-11", zstd(11)), ("zstd-12", zstd(12)),
    ("zstd-13", zstd(13)), ("zstd-14", zstd(14)), ("zstd-15", zstd(15)), ("zstd-16", zstd(16)),
    ("zstd-17", zstd(17)), ("zstd-18", zstd(18)), ("zstd-19", zstd(19)),
    ("zstd-fast-1", zstd(103)), ("zstd-fast-2", zstd(104)), ("zstd-fast-3", zstd(105)),
    ("zstd-fast-4", zstd(106)), ("zstd-fast-5", zstd(107)), ("zstd-fast-6", zstd(108)),
    ("zstd-fast-7", zstd(109)), ("zstd-fast-8", zstd(110)), ("zstd-fast-9", zstd(111)),
    ("zstd-fast-10", zstd(112)), ("zstd-fast-20", zstd(113)), ("zstd-fast-30", zstd(114)),
    ("zstd-fast-40", zstd(115)), ("zstd-fast-50", zstd(116)), ("zstd-fast-60", zstd(117)),
    ("zstd-fast-70", zstd(118)), ("zstd-fast-80", zstd(119)), ("zstd-fast-90", zstd(120)),
    ("zstd-fast-100", zstd(121)), ("zstd-fast-500", zstd(122)), ("zstd-fast-1000", zstd(123)),
];

/// `enum zio_encrypt` (fs/zfs.h).
#[rustfmt::skip]
const CRYPTO_TABLE: Table = &[
    ("on", 1), ("off", 2), ("aes-128-ccm", 3), ("aes-192-ccm", 4), ("aes-256-ccm", 5),
    ("aes-128-gcm", 6), ("aes-192-gcm", 7), ("aes-256-gcm", 8),
];

// The rest: fs/zfs.h enums, zfs_ioctl.h (snapdir, snapdev, acltype, case), zfs_acl.h (ZFS_ACL_*),
// u8_textprep.h (U8_TEXTPREP_NF*), ZPL_VERSION = 5.
const KEYFORMAT_TABLE: Table = &[("none", 0), ("raw", 1), ("hex", 2), ("passphrase", 3)];
const SNAPDIR_TABLE: Table = &[("hidden", 0), ("visible", 1), ("disabled", 2)];
const SNAPDEV_TABLE: Table = &[("hidden", 0), ("visible", 1)];
#[rustfmt::skip]
const ACL_MODE_TABLE: Table = &[
    ("discard", 0), ("groupmask", 2), ("passthrough", 3), ("restricted", 4),
];
#[rustfmt::skip]
const ACLTYPE_TABLE: Table = &[
    ("off", 0), ("posix", 1), ("nfsv4", 2), ("disabled", 0), ("noacl", 0), ("posixacl", 1),
];
#[rustfmt::skip]
const ACL_INHERIT_TABLE: Table = &[
    ("discard", 0), ("noallow", 1), ("restricted", 4), ("passthrough", 3), ("secure", 4),
    ("passthrough-x", 5),
];
const CASE_TABLE: Table = &[("sensitive", 0), ("insensitive", 1), ("mixed", 2)];
const COPIES_TABLE: Table = &[("1", 1), ("2", 2), ("3", 3)];
#[rustfmt::skip]
const NORMALIZE_TABLE: Table = &[
    ("none", 0), ("formD", 0x10), ("formKC", 0x60), ("formC", 0x50), ("formKD", 0x20),
];
#[rustfmt::skip]
const VERSION_TABLE: Table = &[
    ("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5), ("current", 5),
];
const BOOLEAN_TABLE: Table = &[("off", 0), ("on", 1)];
const LOGBIAS_TABLE: Table = &[("latency", 0), ("throughput", 1)];
const CANMOUNT_TABLE: Table = &[("off", 0), ("on", 1), ("noauto", 2)];
const CACHE_TABLE: Table = &[("none", 0), ("metadata", 1), ("all", 2)];
const PREFETCH_TABLE: Table = &[("none", 0), ("metadata", 1), ("all", 2)];
const SYNC_TABLE: Table = &[("standard", 0), ("always", 1), ("disabled", 2)];
const XATTR_TABLE: Table = &[("off", 0), ("sa", 2), ("on", 2), ("dir", 1)];
#[rustfmt::skip]
const DNSIZE_TABLE: Table = &[
    ("legacy", 0), ("auto", 1), ("1k", 1024), ("2k", 2048), ("4k", 4096), ("8k", 8192),
    ("16k", 16384),
];
const REDUNDANT_METADATA_TABLE: Table = &[("all", 0), ("most", 1), ("some", 2), ("none", 3)];
#[rustfmt::skip]
const VOLMODE_TABLE: Table = &[
    ("default", 0), ("full", 1), ("geom", 1), ("dev", 2), ("none", 3),
];
const DIRECT_TABLE: Table = &[("disabled", 0), ("standard", 1), ("always", 2)];

/// The settable index properties (Linux names: FreeBSD calls `zoned` `jailed`) and their tables.
const INDEX: &[(&str, Table)] = &[
    ("aclinherit", ACL_INHERIT_TABLE),
    ("aclmode", ACL_MODE_TABLE),
    ("acltype", ACLTYPE_TABLE),
    ("atime", BOOLEAN_TABLE),
    ("canmount", CANMOUNT_TABLE),
    ("casesensitivity", CASE_TABLE),
    ("checksum", CHECKSUM_TABLE),
    ("compression", COMPRESS_TABLE),
    ("copies", COPIES_TABLE),
    ("dedup", DEDUP_TABLE),
    ("devices", BOOLEAN_TABLE),
    ("direct", DIRECT_TABLE),
    ("dnodesize", DNSIZE_TABLE),
    ("encryption", CRYPTO_TABLE),
    ("exec", BOOLEAN_TABLE),
    ("keyformat", KEYFORMAT_TABLE),
    ("logbias", LOGBIAS_TABLE),
    ("longname", BOOLEAN_TABLE),
    ("nbmand", BOOLEAN_TABLE),
    ("normalization", NORMALIZE_TABLE),
    ("overlay", BOOLEAN_TABLE),
    ("prefetch", PREFETCH_TABLE),
    ("primarycache", CACHE_TABLE),
    ("readonly", BOOLEAN_TABLE),
    ("redundant_metadata", REDUNDANT_METADATA_TABLE),
    ("relatime", BOOLEAN_TABLE),
    ("secondarycache", CACHE_TABLE),
    ("setuid", BOOLEAN_TABLE),
    ("snapdev", SNAPDEV_TABLE),
    ("snapdir", SNAPDIR_TABLE),
    ("sync", SYNC_TABLE),
    ("utf8only", BOOLEAN_TABLE),
    ("version", VERSION_TABLE),
    ("volmode", VOLMODE_TABLE),
    ("volthreading", BOOLEAN_TABLE),
    ("vscan", BOOLEAN_TABLE),
    ("xattr", XATTR_TABLE),
    ("zoned", BOOLEAN_TABLE),
];

/// How a number property reads its text (all through `zfs_nicestrtonum`'s grammar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Number {
    /// A plain number or size; `none` is not a value.
    Plain,
    /// `none` is 0.
    NoneIsZero,
    /// `none` is 0, and 0 itself is refused as libzfs does ("use 'none' to disable quota").
    Quota,
    /// `none` is `u64::MAX` (no limit).
    Limit,
    /// A block size: a power of two from 512 to 16M.
    Block,
}

/// The settable number properties.
const NUMBER: &[(&str, Number)] = &[
    ("quota", Number::Quota),
    ("refquota", Number::Quota),
    ("reservation", Number::NoneIsZero),
    ("refreservation", Number::NoneIsZero),
    ("defaultuserquota", Number::NoneIsZero),
    ("defaultgroupquota", Number::NoneIsZero),
    ("defaultprojectquota", Number::NoneIsZero),
    ("defaultuserobjquota", Number::NoneIsZero),
    ("defaultgroupobjquota", Number::NoneIsZero),
    ("defaultprojectobjquota", Number::NoneIsZero),
    ("filesystem_limit", Number::Limit),
    ("snapshot_limit", Number::Limit),
    ("recordsize", Number::Block),
    ("volblocksize", Number::Block),
    ("volsize", Number::Plain),
    ("special_small_blocks", Number::Plain),
    ("pbkdf2iters", Number::Plain),
];

/// The settable string properties: sent as text.
#[rustfmt::skip]
const TEXT: &[&str] = &[
    "context", "defcontext", "fscontext", "keylocation", "mlslabel", "mountpoint", "rootcontext",
    "sharenfs", "sharesmb",
];

/// A string value's limit (`ZFS_MAXPROPLEN`): libzfs refuses one this long or longer.
const MAX_TEXT: usize = 4096;

/// Values younger than 2.1.0, with the release that brought each.
const VALUE_SINCE: &[(&str, u64, Release)] = &[
    ("redundant_metadata", 2, release(2, 1, 7)),
    ("redundant_metadata", 3, release(2, 1, 7)),
    ("checksum", CK_BLAKE3, release(2, 2, 0)),
    ("dedup", CK_BLAKE3, release(2, 2, 0)),
    ("dedup", CK_BLAKE3 | CK_VERIFY, release(2, 2, 0)),
    ("snapdir", 2, release(2, 3, 0)),
];

/// Values whose meaning changed: before the release given, the value meant the one named last.
const CHANGED: &[(&str, &str, Release, &str)] = &[("xattr", "on", release(2, 3, 0), "dir")];

const fn release(major: u32, minor: u32, patch: u32) -> Release {
    Release {
        line: Line { major, minor },
        patch,
    }
}

/// Turns `name=text` into what a receive takes for it: user properties (with a colon) and
/// string properties stay text, index properties become their index, number properties a
/// number (sizes like `1.5G`, `10GiB`, `512K`, powers of 1024; `none` where ZFS takes it).
/// The error is one sentence naming the property and its value (for an index property, with
/// the values it takes).
pub fn to_kernel(name: &str, text: &str) -> Result<PropValue, String> {
    let shown = format!("{}={}", name.escape_default(), text.escape_default());
    if name.contains(':') || TEXT.contains(&name) {
        if text.len() >= MAX_TEXT {
            return Err(format!(
                "the value of {} is {} bytes long; ZFS takes fewer than {MAX_TEXT}",
                name.escape_default(),
                text.len()
            ));
        }
        return Ok(PropValue::Text(text.into()));
    }
    if let Some(table) = table(name) {
        return match table.iter().find(|(n, _)| *n == text) {
            Some((_, index)) => Ok(PropValue::Number(*index)),
            None => Err(format!(
                "{shown} is not a value {name} takes; use one of: {}",
                listing(table)
            )),
        };
    }
    if let Some(kind) = NUMBER.iter().find(|(n, _)| *n == name).map(|(_, k)| *k) {
        return number(kind, name, text, &shown).map(PropValue::Number);
    }
    if name.contains('@') {
        // The kernel takes a per-id quota only as [type, id, quota] under a name with the
        // numeric id (`userquota@1000-`), which libzfs works out from the user database.
        return Err(format!(
            "{shown} cannot travel with a receive (ZFS takes per-user, group and project quotas \
             only from zfs set); set it with zfs set after replication"
        ));
    }
    Err(format!(
        "{} is not a property zsplice can set",
        name.escape_default()
    ))
}

/// The name `zfs get` shows for index `index` of index property `name` (the first the table
/// gives, as `zprop_index_to_string` does); `None` for another property or an unknown index.
pub fn from_kernel(name: &str, index: u64) -> Option<&'static str> {
    table(name)?
        .iter()
        .find(|(_, i)| *i == index)
        .map(|(n, _)| *n)
}

/// The release that brought value `index` of index property `name` when `release` predates it
/// (its kernel would refuse the value, and the receive drop it silently); `None` when `release`
/// has it.
pub fn value_missing_in(name: &str, index: u64, release: Release) -> Option<Release> {
    VALUE_SINCE
        .iter()
        .find(|(n, i, _)| *n == name && *i == index)
        .map(|(_, _, since)| *since)
        .filter(|since| release < *since)
}

/// When `name=text` meant something else on `release`: the release that changed it and the
/// value it meant before (`xattr=on` was `xattr=dir` before 2.3.0, `sa` since).
pub fn older_meaning(name: &str, text: &str, release: Release) -> Option<(Release, &'static str)> {
    CHANGED
        .iter()
        .find(|(n, t, since, _)| *n == name && *t == text && release < *since)
        .map(|(_, _, since, before)| (*since, *before))
}

/// Every property [`to_kernel`] converts (not user or per-id ones).
#[cfg(test)]
pub(super) fn names() -> impl Iterator<Item = &'static str> {
    INDEX
        .iter()
        .map(|(n, _)| *n)
        .chain(NUMBER.iter().map(|(n, _)| *n))
        .chain(TEXT.iter().copied())
}

fn table(name: &str) -> Option<Table> {
    INDEX.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// A table's names for a message, runs like `gzip-1` to `gzip-9` shortened to `gzip-1 … gzip-9`.
fn listing(table: Table) -> String {
    let split = |name: &str| -> Option<(String, u64)> {
        let (stem, n) = name.rsplit_once('-')?;
        Some((stem.to_string(), n.parse().ok()?))
    };
    let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < names.len() {
        let mut end = i;
        if let Some((stem, mut n)) = split(names[i]) {
            while let Some((s, m)) = names.get(end + 1).and_then(|next| split(next)) {
                if s != stem || m != n + 1 {
                    break;
                }
                (end, n) = (end + 1, m);
            }
        }
        if end >= i + 2 {
            out.push(format!("{} … {}", names[i], names[end]));
        } else {
            end = i;
            out.push(names[i].to_string());
        }
        i = end + 1;
    }
    out.join(", ")
}

/// A number property's text as a number, as `zfs set` reads it.
fn number(kind: Number, name: &str, text: &str, shown: &str) -> Result<u64, String> {
    if text == "none" {
        return match kind {
            Number::Quota | Number::NoneIsZero => Ok(0),
            Number::Limit => Ok(u64::MAX),
            Number::Plain | Number::Block => {
                Err(format!("{shown}: {name} has no 'none'; give a number"))
            }
        };
    }
    if name == "refreservation" && text == "auto" {
        return Err(format!(
            "{shown}: zfs set works 'auto' out from a volume's size, which a receive cannot; \
             give a size"
        ));
    }
    let value = parse_size(text).map_err(|why| size_error(why, kind, shown))?;
    match kind {
        Number::Quota if value == 0 => Err(format!(
            "{shown}: write {name}=none to have no {name} (zfs set refuses 0 too)"
        )),
        Number::Block if !(value.is_power_of_two() && (512..=16 << 20).contains(&value)) => {
            Err(format!("{shown} is not a power of two from 512 to 16M"))
        }
        _ => Ok(value),
    }
}

fn size_error(why: SizeError, kind: Number, shown: &str) -> String {
    match why {
        SizeError::TooLarge => format!("{shown} is too large (the limit is 16E)"),
        SizeError::Malformed => {
            let none = match kind {
                Number::Plain | Number::Block => "",
                _ => ", or none",
            };
            format!(
                "{shown} is not a number; write a whole or decimal number with an optional \
                 suffix K, M, G, T, P or E (1024 each, B or iB may follow: 512K, 1.5G, 10GiB){none}"
            )
        }
    }
}

/// Why a size does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SizeError {
    /// Not `digits[.digits][suffix]`.
    Malformed,
    /// 2^64 or more.
    TooLarge,
}

/// `zfs_nicestrtonum` (libzfs_util.c): digits, optionally a fraction, then nothing or one of
/// `B K M G T P E Z` (case-insensitive, powers of 1024), which may be followed by `B` or `iB`
/// (not after `B` itself). A fraction is worked out in floating point and truncated, as libzfs
/// does, so the same text gives the same number as `zfs set`. Unlike `strtod`, no exponent.
fn parse_size(text: &str) -> Result<u64, SizeError> {
    let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let int_end = digits(text);
    let (number, rest) = match text[int_end..].strip_prefix('.') {
        Some(after) => text.split_at(int_end + 1 + digits(after)),
        None => text.split_at(int_end),
    };
    if number.is_empty() || number == "." {
        return Err(SizeError::Malformed);
    }
    let shift = suffix_shift(rest).ok_or(SizeError::Malformed)?;
    if number.contains('.') {
        let value = number.parse::<f64>().map_err(|_| SizeError::Malformed)? * 2f64.powi(shift);
        // 2^64 is exactly representable; u64::MAX is not (it rounds up to 2^64).
        if value >= 18_446_744_073_709_551_616.0 {
            return Err(SizeError::TooLarge);
        }
        return Ok(value as u64);
    }
    let int: u64 = number.parse().map_err(|_| SizeError::TooLarge)?;
    if shift >= 64 || (int << shift) >> shift != int {
        return Err(SizeError::TooLarge);
    }
    Ok(int << shift)
}

/// `str2shift`: the power of two a suffix stands for.
fn suffix_shift(suffix: &str) -> Option<i32> {
    let upper = suffix.to_ascii_uppercase();
    let mut chars = upper.chars();
    let Some(first) = chars.next() else {
        return Some(0);
    };
    let i = "BKMGTPEZ".find(first)? as i32;
    match chars.as_str() {
        "" => Some(10 * i),
        "B" | "IB" if first != 'B' => Some(10 * i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Release {
        Release::parse(s).unwrap()
    }

    /// What compiling the tables of OpenZFS 2.4.4's `zfs_prop.c` with its headers prints, one
    /// `table name value` a line (keystatus, read-only, left out).
    const OPENZFS_2_4_4: &str = "\
checksum_table on 1|checksum_table off 2|checksum_table fletcher2 6|checksum_table fletcher4 7|\
checksum_table sha256 8|checksum_table noparity 10|checksum_table sha512 11|\
checksum_table skein 12|checksum_table edonr 13|checksum_table blake3 14|\
dedup_table on 1|dedup_table off 2|dedup_table verify 257|dedup_table sha256 8|\
dedup_table sha256,verify 264|dedup_table sha512 11|dedup_table sha512,verify 267|\
dedup_table skein 12|dedup_table skein,verify 268|dedup_table edonr,verify 269|\
dedup_table blake3 14|dedup_table blake3,verify 270|\
compress_table on 1|compress_table off 2|compress_table lzjb 3|compress_table gzip 10|\
compress_table gzip-1 5|compress_table gzip-2 6|compress_table gzip-3 7|compress_table gzip-4 8|\
compress_table gzip-5 9|compress_table gzip-6 10|compress_table gzip-7 11|\
compress_table gzip-8 12|compress_table gzip-9 13|compress_table zle 14|compress_table lz4 15|\
compress_table zstd 16|compress_table zstd-fast 13200|compress_table zstd-1 144|\
compress_table zstd-2 272|compress_table zstd-3 400|compress_table zstd-4 528|\
compress_table zstd-5 656|compress_table zstd-6 784|compress_table zstd-7 912|\
compress_table zstd-8 1040|compress_table zstd-9 1168|compress_table zstd-10 1296|\
compress_table zstd-11 1424|compress_table zstd-12 1552|compress_table zstd-13 1680|\
compress_table zstd-14 1808|compress_table zstd-15 1936|compress_table zstd-16 2064|\
compress_table zstd-17 2192|compress_table zstd-18 2320|compress_table zstd-19 2448|\
compress_table zstd-fast-1 13200|compress_table zstd-fast-2 13328|\
compress_table zstd-fast-3 13456|compress_table zstd-fast-4 13584|\
compress_table zstd-fast-5 13712|compress_table zstd-fast-6 13840|\
compress_table zstd-fast-7 13968|compress_table zstd-fast-8 14096|\
compress_table zstd-fast-9 14224|compress_table zstd-fast-10 14352|\
compress_table zstd-fast-20 14480|compress_table zstd-fast-30 14608|\
compress_table zstd-fast-40 14736|compress_table zstd-fast-50 14864|\
compress_table zstd-fast-60 14992|compress_table zstd-fast-70 15120|\
compress_table zstd-fast-80 15248|compress_table zstd-fast-90 15376|\
compress_table zstd-fast-100 15504|compress_table zstd-fast-500 15632|\
compress_table zstd-fast-1000 15760|\
crypto_table on 1|crypto_table off 2|crypto_table aes-128-ccm 3|crypto_table aes-192-ccm 4|\
crypto_table aes-256-ccm 5|crypto_table aes-128-gcm 6|crypto_table aes-192-gcm 7|\
crypto_table aes-256-gcm 8|\
keyformat_table none 0|keyformat_table raw 1|keyformat_table hex 2|\
keyformat_table passphrase 3|\
snapdir_table hidden 0|snapdir_table visible 1|snapdir_table disabled 2|\
snapdev_table hidden 0|snapdev_table visible 1|\
acl_mode_table discard 0|acl_mode_table groupmask 2|acl_mode_table passthrough 3|\
acl_mode_table restricted 4|\
acltype_table off 0|acltype_table posix 1|acltype_table nfsv4 2|acltype_table disabled 0|\
acltype_table noacl 0|acltype_table posixacl 1|\
acl_inherit_table discard 0|acl_inherit_table noallow 1|acl_inherit_table restricted 4|\
acl_inherit_table passthrough 3|acl_inherit_table secure 4|acl_inherit_table passthrough-x 5|\
case_table sensitive 0|case_table insensitive 1|case_table mixed 2|\
copies_table 1 1|copies_table 2 2|copies_table 3 3|\
normalize_table none 0|normalize_table formD 16|normalize_table formKC 96|\
normalize_table formC 80|normalize_table formKD 32|\
version_table 1 1|version_table 2 2|version_table 3 3|version_table 4 4|version_table 5 5|\
version_table current 5|\
boolean_table off 0|boolean_table on 1|\
logbias_table latency 0|logbias_table throughput 1|\
canmount_table off 0|canmount_table on 1|canmount_table noauto 2|\
cache_table none 0|cache_table metadata 1|cache_table all 2|\
prefetch_table none 0|prefetch_table metadata 1|prefetch_table all 2|\
sync_table standard 0|sync_table always 1|sync_table disabled 2|\
xattr_table off 0|xattr_table sa 2|xattr_table on 2|xattr_table dir 1|\
dnsize_table legacy 0|dnsize_table auto 1|dnsize_table 1k 1024|dnsize_table 2k 2048|\
dnsize_table 4k 4096|dnsize_table 8k 8192|dnsize_table 16k 16384|\
redundant_metadata_table all 0|redundant_metadata_table most 1|\
redundant_metadata_table some 2|redundant_metadata_table none 3|\
volmode_table default 0|volmode_table full 1|volmode_table geom 1|volmode_table dev 2|\
volmode_table none 3|\
direct_table disabled 0|direct_table standard 1|direct_table always 2";

    #[test]
    fn tables_are_openzfs_2_4_4s() {
        let ours: &[(&str, Table)] = &[
            ("checksum_table", CHECKSUM_TABLE),
            ("dedup_table", DEDUP_TABLE),
            ("compress_table", COMPRESS_TABLE),
            ("crypto_table", CRYPTO_TABLE),
            ("keyformat_table", KEYFORMAT_TABLE),
            ("snapdir_table", SNAPDIR_TABLE),
            ("snapdev_table", SNAPDEV_TABLE),
            ("acl_mode_table", ACL_MODE_TABLE),
            ("acltype_table", ACLTYPE_TABLE),
            ("acl_inherit_table", ACL_INHERIT_TABLE),
            ("case_table", CASE_TABLE),
            ("copies_table", COPIES_TABLE),
            ("normalize_table", NORMALIZE_TABLE),
            ("version_table", VERSION_TABLE),
            ("boolean_table", BOOLEAN_TABLE),
            ("logbias_table", LOGBIAS_TABLE),
            ("canmount_table", CANMOUNT_TABLE),
            ("cache_table", CACHE_TABLE),
            ("prefetch_table", PREFETCH_TABLE),
            ("sync_table", SYNC_TABLE),
            ("xattr_table", XATTR_TABLE),
            ("dnsize_table", DNSIZE_TABLE),
            ("redundant_metadata_table", REDUNDANT_METADATA_TABLE),
            ("volmode_table", VOLMODE_TABLE),
            ("direct_table", DIRECT_TABLE),
        ];
        let flat: Vec<String> = ours
            .iter()
            .flat_map(|(t, table)| table.iter().map(move |(n, v)| format!("{t} {n} {v}")))
            .collect();
        let want: Vec<&str> = OPENZFS_2_4_4.split('|').collect();
        assert_eq!(flat, want);
    }

    #[test]
    fn every_table_entry_round_trips() {
        for (name, table) in INDEX {
            for (text, index) in *table {
                assert_eq!(
                    to_kernel(name, text),
                    Ok(PropValue::Number(*index)),
                    "{name}={text}"
                );
                let shown = from_kernel(name, *index).unwrap();
                assert_eq!(
                    to_kernel(name, shown),
                    Ok(PropValue::Number(*index)),
                    "{name}={text}"
                );
            }
        }
    }

    #[test]
    fn known_values_from_the_c_source() {
        let n = |name, text| to_kernel(name, text).unwrap();
        assert_eq!(n("compression", "lz4"), PropValue::Number(15));
        assert_eq!(n("compression", "zstd"), PropValue::Number(16));
        assert_eq!(n("compression", "zstd-3"), PropValue::Number(16 | 3 << 7));
        assert_eq!(n("compression", "zstd-19"), PropValue::Number(2448));
        assert_eq!(
            n("compression", "zstd-fast"),
            n("compression", "zstd-fast-1")
        );
        assert_eq!(
            n("compression", "zstd-fast-1000"),
            PropValue::Number(16 | 123 << 7)
        );
        assert_eq!(n("compression", "gzip"), n("compression", "gzip-6"));
        assert_eq!(n("checksum", "sha256"), PropValue::Number(8));
        assert_eq!(n("dedup", "sha256,verify"), PropValue::Number(8 | 256));
        assert_eq!(n("sync", "always"), PropValue::Number(1));
        assert_eq!(n("canmount", "noauto"), PropValue::Number(2));
        assert_eq!(n("atime", "off"), PropValue::Number(0));
        assert_eq!(n("xattr", "on"), PropValue::Number(2));
        assert_eq!(n("normalization", "formD"), PropValue::Number(0x10));
        assert_eq!(n("version", "current"), PropValue::Number(5));
        assert_eq!(from_kernel("compression", 10), Some("gzip"));
        assert_eq!(from_kernel("compression", 13200), Some("zstd-fast"));
        assert_eq!(from_kernel("compression", 17), None);
        assert_eq!(from_kernel("quota", 0), None);
    }

    #[test]
    fn text_stays_text() {
        for (name, text) in [
            ("com.example:note", "hi"),
            ("mountpoint", "/srv"),
            ("sharenfs", "on"),
        ] {
            assert_eq!(to_kernel(name, text), Ok(PropValue::Text(text.into())));
        }
        let long = "x".repeat(MAX_TEXT);
        assert!(to_kernel("org:a", &long)
            .unwrap_err()
            .contains("fewer than 4096"));
    }

    #[test]
    fn sizes_read_as_zfs_set_reads_them() {
        let n = |name, text| to_kernel(name, text);
        let num = |v: u64| Ok(PropValue::Number(v));
        assert_eq!(n("quota", "1K"), num(1024));
        assert_eq!(n("quota", "1k"), num(1024));
        assert_eq!(n("quota", "1.5G"), num(3 << 29));
        assert_eq!(n("quota", "10GiB"), num(10 << 30));
        assert_eq!(n("quota", "10gb"), num(10 << 30));
        assert_eq!(n("quota", "512"), num(512));
        assert_eq!(n("quota", "512B"), num(512));
        assert_eq!(n("quota", ".5M"), num(1 << 19));
        assert_eq!(n("quota", "2."), num(2));
        assert_eq!(n("quota", "1E"), num(1 << 60));
        assert_eq!(
            n("quota", "15.9999E"),
            num((15.9999f64 * (1u64 << 60) as f64) as u64)
        );
        assert_eq!(n("quota", "1.0000001K"), num(1024));
        assert_eq!(n("quota", "none"), num(0));
        assert_eq!(n("reservation", "0"), num(0));
        assert_eq!(n("defaultuserquota", "none"), num(0));
        assert_eq!(n("filesystem_limit", "none"), num(u64::MAX));
        assert_eq!(n("snapshot_limit", "100"), num(100));
        assert_eq!(n("recordsize", "1M"), num(1 << 20));
        assert_eq!(n("volblocksize", "16K"), num(16384));
        assert_eq!(n("special_small_blocks", "0"), num(0));
        assert_eq!(parse_size("18446744073709551615"), Ok(u64::MAX));
        for bad in [
            "", ".", "1.5.5", "-1", " 1", "1 G", "1BB", "1BiB", "1Ki", "1X", "1e3", "G",
        ] {
            assert_eq!(parse_size(bad), Err(SizeError::Malformed), "{bad:?}");
        }
        for big in [
            "16E",
            "18446744073709551616",
            "1Z",
            "0Z",
            "16.0E",
            "99999999999999999999",
        ] {
            assert_eq!(parse_size(big), Err(SizeError::TooLarge), "{big:?}");
        }
    }

    #[test]
    fn errors_name_the_property_and_its_value() {
        let e = |name, text| to_kernel(name, text).unwrap_err();
        let m = e("compression", "zstdd");
        assert!(
            m.starts_with(
                "compression=zstdd is not a value compression takes; use one of: on, \
                 off, lzjb, gzip, gzip-1 … gzip-9, zle, lz4, zstd, zstd-fast, zstd-1 … zstd-19, \
                 zstd-fast-1 … zstd-fast-10, zstd-fast-20, "
            ),
            "{m}"
        );
        assert!(m.ends_with("zstd-fast-500, zstd-fast-1000"), "{m}");
        assert_eq!(
            e("atime", "yes"),
            "atime=yes is not a value atime takes; use one of: off, on"
        );
        assert!(
            e("compression", "LZ4").contains("not a value"),
            "case matters, as in zfs"
        );
        assert!(e("compression", "15").contains("not a value"));
        assert!(e("quota", "lots").starts_with("quota=lots is not a number;"));
        assert!(e("quota", "lots").ends_with(", or none"));
        assert!(e("quota", "0").contains("quota=none"));
        assert!(e("quota", "17E").contains("too large"));
        assert!(e("recordsize", "3000").contains("not a power of two from 512 to 16M"));
        assert!(e("recordsize", "32M").contains("not a power of two"));
        assert!(e("recordsize", "none").contains("no 'none'"));
        assert!(e("refreservation", "auto").contains("a receive cannot"));
        assert!(e("userquota@bob", "1G").contains("zfs set after replication"));
        assert!(e("used", "1").contains("not a property zsplice can set"));
        assert!(e("sync", "a\nb").contains("sync=a\\nb"), "one line");
    }

    #[test]
    fn values_an_older_release_lacks_name_the_release_that_brought_them() {
        assert_eq!(
            value_missing_in("checksum", CK_BLAKE3, r("2.1.11")),
            Some(r("2.2.0"))
        );
        assert_eq!(value_missing_in("checksum", CK_BLAKE3, r("2.2.2")), None);
        assert_eq!(
            value_missing_in("dedup", 270, r("2.1.11")),
            Some(r("2.2.0"))
        );
        assert_eq!(value_missing_in("checksum", CK_SHA256, r("2.1.11")), None);
        assert_eq!(value_missing_in("snapdir", 2, r("2.2.2")), Some(r("2.3.0")));
        assert_eq!(value_missing_in("snapdir", 1, r("2.2.2")), None);
        assert_eq!(
            value_missing_in("redundant_metadata", 3, r("2.1.5")),
            Some(r("2.1.7"))
        );
        assert_eq!(value_missing_in("redundant_metadata", 3, r("2.1.11")), None);
        assert_eq!(
            older_meaning("xattr", "on", r("2.2.2")),
            Some((r("2.3.0"), "dir"))
        );
        assert_eq!(older_meaning("xattr", "on", r("2.3.2")), None);
        assert_eq!(older_meaning("xattr", "sa", r("2.1.11")), None);
        for (name, index, _) in VALUE_SINCE {
            assert!(from_kernel(name, *index).is_some(), "{name} {index}");
        }
    }
}
