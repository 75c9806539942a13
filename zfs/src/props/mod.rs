//! Which dataset properties exist, which a user may set, which release brought the newer
//! ones, and (in `values`) the form the kernel takes their values in. A received property the
//! kernel does not know (a typo, or one of a later release), or a value not in its internal form,
//! is dropped silently by the receive: zsplice checks names and values before it sends anything.
//!
//! The lists are those of OpenZFS 2.4's `zfs_prop.c`; every name in them exists in 2.1 unless
//! `SINCE` says otherwise.

use crate::release::{Line, Release};

mod values;

pub use values::{from_kernel, older_meaning, to_kernel, value_missing_in};

/// Native properties a user can set (some only at creation).
#[rustfmt::skip]
const SETTABLE: &[&str] = &[
    "aclinherit", "aclmode", "acltype", "atime", "canmount", "casesensitivity", "checksum",
    "compression", "context", "copies", "dedup", "defaultgroupobjquota", "defaultgroupquota",
    "defaultprojectobjquota", "defaultprojectquota", "defaultuserobjquota", "defaultuserquota",
    "defcontext", "devices", "direct", "dnodesize", "encryption", "exec", "filesystem_limit",
    "fscontext", "keyformat", "keylocation", "logbias", "longname", "mlslabel", "mountpoint",
    "nbmand", "normalization", "overlay", "pbkdf2iters", "prefetch", "primarycache", "quota",
    "readonly", "recordsize", "redundant_metadata", "refquota", "refreservation", "relatime",
    "reservation", "rootcontext", "secondarycache", "setuid", "sharenfs", "sharesmb", "snapdev",
    "snapdir", "snapshot_limit", "special_small_blocks", "sync", "utf8only", "version",
    "volblocksize", "volmode", "volsize", "volthreading", "vscan", "xattr", "zoned",
];

/// Native properties only ZFS sets.
#[rustfmt::skip]
const READ_ONLY: &[&str] = &[
    "available", "clones", "compressratio", "createtxg", "creation", "defer_destroy",
    "encryptionroot", "filesystem_count", "guid", "inconsistent", "ivsetguid", "keyguid",
    "keystatus", "logicalreferenced", "logicalused", "mounted", "name", "numclones", "objsetid",
    "origin", "prevsnap", "receive_resume_token", "redact_snaps", "redacted",
    "refcompressratio", "referenced", "remaptxg", "snapshot_count", "snapshots_changed", "type",
    "unique", "used", "usedbychildren", "usedbydataset", "usedbyrefreservation",
    "usedbysnapshots", "useraccounting", "userrefs", "written",
];

/// Properties younger than 2.1, with the release that brought each (prefetch was backported to
/// 2.2.4).
const SINCE: &[(&str, Release)] = &[
    ("snapshots_changed", release(2, 2, 0)),
    ("direct", release(2, 3, 0)),
    ("longname", release(2, 3, 0)),
    ("prefetch", release(2, 2, 4)),
    ("volthreading", release(2, 3, 0)),
    ("defaultuserquota", release(2, 4, 0)),
    ("defaultgroupquota", release(2, 4, 0)),
    ("defaultprojectquota", release(2, 4, 0)),
    ("defaultuserobjquota", release(2, 4, 0)),
    ("defaultgroupobjquota", release(2, 4, 0)),
    ("defaultprojectobjquota", release(2, 4, 0)),
];

const fn release(major: u32, minor: u32, patch: u32) -> Release {
    Release {
        line: Line { major, minor },
        patch,
    }
}

/// `userquota@NAME` and its kin: settable, one per user, group or project.
#[rustfmt::skip]
const PER_ID: &[&str] = &[
    "userquota", "groupquota", "projectquota", "userobjquota", "groupobjquota",
    "projectobjquota",
];

/// Whether `name` is a property ZFS has: native (of any release zsplice knows), per-id
/// (`userquota@bob`), or a user property (`com.example:note`, which has a colon).
pub fn exists(name: &str) -> bool {
    is_user(name) || is_per_id(name) || SETTABLE.contains(&name) || READ_ONLY.contains(&name)
}

/// Why `name` cannot be set on a dataset, in words; `None` when it can (on some release: see
/// [`missing_in`]).
pub fn why_not_settable(name: &str) -> Option<String> {
    if is_user(name) || is_per_id(name) || SETTABLE.contains(&name) {
        None
    } else if READ_ONLY.contains(&name) {
        Some(format!("'{name}' is read-only: ZFS sets it"))
    } else if let Some(near) = nearest(name) {
        Some(format!(
            "'{}' is not a ZFS property; did you mean {near}?",
            name.escape_default()
        ))
    } else {
        Some(format!(
            "'{}' is not a ZFS property (a user property needs a colon, e.g. com.example:{0})",
            name.escape_default()
        ))
    }
}

/// The settable property a misspelled `name` most likely means: at most two edits away (one
/// for short names), the closest first.
fn nearest(name: &str) -> Option<&'static str> {
    let most = if name.len() <= 4 { 1 } else { 2 };
    SETTABLE
        .iter()
        .map(|p| (strsim::damerau_levenshtein(name, p), *p))
        .filter(|(d, _)| *d <= most)
        .min()
        .map(|(_, p)| p)
}

/// The release that brought `name` when `release` predates it (so the kernel would not know
/// it); `None` when `release` has it.
pub fn missing_in(name: &str, release: Release) -> Option<Release> {
    SINCE
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, since)| *since)
        .filter(|since| release < *since)
}

fn is_user(name: &str) -> bool {
    name.contains(':')
}

fn is_per_id(name: &str) -> bool {
    name.split_once('@')
        .is_some_and(|(kind, id)| PER_ID.contains(&kind) && !id.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_into_settable_read_only_and_unknown() {
        for ok in ["compression", "com.example:note", "userquota@bob", "direct"] {
            assert!(exists(ok) && why_not_settable(ok).is_none(), "{ok}");
        }
        let m = why_not_settable("used").unwrap();
        assert!(m.contains("read-only"), "{m}");
        assert!(exists("used"));
        let m = why_not_settable("compresion").unwrap();
        assert!(m.contains("did you mean compression?"), "{m}");
        let m = why_not_settable("frobnicate").unwrap();
        assert!(
            m.contains("not a ZFS property") && m.contains("com.example:frobnicate"),
            "{m}"
        );
        assert!(!exists("compresion") && !exists("userquota@") && !exists("fooquota@x"));
    }

    #[test]
    fn younger_properties_name_the_release_that_brought_them() {
        let r = |s| Release::parse(s).unwrap();
        assert_eq!(missing_in("direct", r("2.1.11")), Some(r("2.3.0")));
        assert_eq!(missing_in("direct", r("2.2.2")), Some(r("2.3.0")));
        assert_eq!(missing_in("direct", r("2.3.2")), None);
        assert_eq!(missing_in("defaultuserquota", r("2.3.2")), Some(r("2.4.0")));
        assert_eq!(missing_in("compression", r("2.1.11")), None);
        // Backported within a line: 2.2.4 has prefetch, 2.2.2 does not.
        assert_eq!(missing_in("prefetch", r("2.2.2")), Some(r("2.2.4")));
        assert_eq!(missing_in("prefetch", r("2.2.4")), None);
    }

    #[test]
    fn every_settable_property_has_a_kernel_form_and_only_those() {
        let converted: Vec<&str> = values::names().collect();
        for name in SETTABLE {
            assert!(converted.contains(name), "{name} has no kernel form");
        }
        for name in converted {
            assert!(SETTABLE.contains(&name), "{name} is not settable");
        }
    }

    #[test]
    fn every_younger_property_is_listed_as_a_property() {
        for (name, _) in SINCE {
            assert!(exists(name), "{name}");
        }
    }
}
