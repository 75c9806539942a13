//! Dataset, snapshot and bookmark names: validated before any call reaches the kernel, so a bad
//! name is a clear message ("tank/a@: empty snapshot name") instead of a bare EINVAL. The rules
//! are OpenZFS's (`zfs_namecheck.c`): components of `[A-Za-z0-9_.: -]`, `/` between them, one
//! `@` for a snapshot or `#` for a bookmark, at most 255 bytes, a pool name starting with a letter.

use std::fmt;

use crate::error::{Error, Result};

/// ZFS_MAX_DATASET_NAME_LEN (256) counts the terminating NUL.
pub const MAX_NAME_LEN: usize = libzfs_sys::ZFS_MAX_DATASET_NAME_LEN as usize - 1;

fn invalid(name: &str, what: &'static str, reason: impl Into<String>) -> Error {
    Error::InvalidName {
        name: name.to_string(),
        what,
        reason: reason.into(),
    }
}

fn valid_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | ' ')
}

fn check_component(full: &str, what: &'static str, part: &str, label: &str) -> Result<()> {
    if part.is_empty() {
        return Err(invalid(full, what, format!("empty {label}")));
    }
    if part == "." || part == ".." {
        return Err(invalid(
            full,
            what,
            format!("'{part}' is not allowed as a {label}"),
        ));
    }
    if let Some(bad) = part.chars().find(|&c| !valid_char(c)) {
        return Err(invalid(
            full,
            what,
            format!(
                "character '{}' is not allowed in a {label}",
                bad.escape_default()
            ),
        ));
    }
    Ok(())
}

fn check_dataset_part(full: &str, what: &'static str, ds: &str) -> Result<()> {
    if ds.is_empty() {
        return Err(invalid(full, what, "empty dataset name"));
    }
    if ds.starts_with('/') || ds.ends_with('/') {
        return Err(invalid(full, what, "leading or trailing '/'"));
    }
    for (i, comp) in ds.split('/').enumerate() {
        let label = if i == 0 {
            "pool name"
        } else {
            "dataset name component"
        };
        check_component(full, what, comp, label)?;
        if i == 0 && !comp.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err(invalid(full, what, "pool name must begin with a letter"));
        }
    }
    Ok(())
}

fn check_len(full: &str, what: &'static str) -> Result<()> {
    if full.len() > MAX_NAME_LEN {
        return Err(invalid(
            full,
            what,
            format!("{} bytes long, the limit is {MAX_NAME_LEN}", full.len()),
        ));
    }
    Ok(())
}

macro_rules! name_type {
    ($(#[$doc:meta])* $ty:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $ty(String);

        impl $ty {
            /// The full name, e.g. "tank/a@s1".
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }
        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            /// Names read back from files are validated like names typed by a user.
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                $ty::new(&s).map_err(serde::de::Error::custom)
            }
        }
        impl std::str::FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                $ty::new(s)
            }
        }
    };
}

name_type!(
    /// A filesystem or volume name: `pool[/child...]`.
    DatasetName
);
name_type!(
    /// A snapshot name: `pool[/child...]@snap`.
    SnapshotName
);
name_type!(
    /// A bookmark name: `pool[/child...]#mark`.
    BookmarkName
);

impl DatasetName {
    /// Validates a filesystem or volume name as ZFS would; [`crate::Error::InvalidName`] says why not.
    pub fn new(name: &str) -> Result<DatasetName> {
        const WHAT: &str = "dataset";
        check_len(name, WHAT)?;
        if name.contains('@') {
            return Err(invalid(name, WHAT, "'@' belongs to snapshot names only"));
        }
        if name.contains('#') {
            return Err(invalid(name, WHAT, "'#' belongs to bookmark names only"));
        }
        check_dataset_part(name, WHAT, name)?;
        Ok(DatasetName(name.to_string()))
    }

    /// The pool this dataset lives in.
    pub fn pool(&self) -> &str {
        self.0.split('/').next().unwrap_or(&self.0)
    }

    /// The dataset one level up; None for a pool's root dataset.
    pub fn parent(&self) -> Option<DatasetName> {
        self.0
            .rsplit_once('/')
            .map(|(p, _)| DatasetName(p.to_string()))
    }

    /// `self/child`, validated.
    pub fn child(&self, child: &str) -> Result<DatasetName> {
        DatasetName::new(&format!("{}/{child}", self.0))
    }

    /// `self@snap`, validated.
    pub fn snapshot(&self, snap: &str) -> Result<SnapshotName> {
        SnapshotName::new(&format!("{}@{snap}", self.0))
    }

    /// `self#mark`, validated.
    pub fn bookmark(&self, mark: &str) -> Result<BookmarkName> {
        BookmarkName::new(&format!("{}#{mark}", self.0))
    }

    /// Whether `other` is this dataset or lies below it.
    pub fn contains(&self, other: &DatasetName) -> bool {
        other.0 == self.0
            || (other.0.starts_with(&self.0) && other.0.as_bytes().get(self.0.len()) == Some(&b'/'))
    }

    /// The path of `self` below `ancestor` (`""` when equal), if `ancestor` contains it.
    pub fn relative_to(&self, ancestor: &DatasetName) -> Option<&str> {
        if !ancestor.contains(self) {
            return None;
        }
        Some(self.0[ancestor.0.len()..].trim_start_matches('/'))
    }
}

fn split_marked<'a>(name: &'a str, what: &'static str, mark: char) -> Result<(&'a str, &'a str)> {
    check_len(name, what)?;
    let other = if mark == '@' { '#' } else { '@' };
    if name.contains(other) {
        return Err(invalid(
            name,
            what,
            format!("'{other}' is not allowed in a {what} name"),
        ));
    }
    let mut parts = name.splitn(2, mark);
    let ds = parts.next().unwrap_or("");
    let Some(short) = parts.next() else {
        return Err(invalid(name, what, format!("missing '{mark}'")));
    };
    if short.contains(mark) {
        return Err(invalid(name, what, format!("more than one '{mark}'")));
    }
    check_dataset_part(name, what, ds)?;
    if short.contains('/') {
        return Err(invalid(
            name,
            what,
            format!("'/' is not allowed in a {what} name after '{mark}'"),
        ));
    }
    check_component(name, what, short, &format!("{what} name"))?;
    Ok((ds, short))
}

impl SnapshotName {
    /// Validates a full snapshot name (`dataset@snap`); [`crate::Error::InvalidName`] says why not.
    pub fn new(name: &str) -> Result<SnapshotName> {
        split_marked(name, "snapshot", '@')?;
        Ok(SnapshotName(name.to_string()))
    }

    /// The dataset part, before `@`.
    pub fn dataset(&self) -> DatasetName {
        DatasetName(self.0.split_once('@').map_or("", |(d, _)| d).to_string())
    }

    /// The part after `@`.
    pub fn short_name(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, s)| s)
    }
}

/// A name a listing returned: a dataset's or a snapshot's, typed once where the kernel gave it,
/// so callers use it without parsing it again. Names from the kernel are taken as they are (the
/// kernel made them; zsplice's checks are for names a user types).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListedName {
    /// A filesystem or volume.
    Dataset(DatasetName),
    /// A snapshot.
    Snapshot(SnapshotName),
}

impl ListedName {
    /// The name the kernel reported, typed by what it names.
    pub(crate) fn from_kernel(name: String, snapshot: bool) -> ListedName {
        if snapshot {
            ListedName::Snapshot(SnapshotName(name))
        } else {
            ListedName::Dataset(DatasetName(name))
        }
    }

    /// The full name (`pool/fs` or `pool/fs@snap`).
    pub fn as_str(&self) -> &str {
        match self {
            ListedName::Dataset(d) => d.as_str(),
            ListedName::Snapshot(s) => s.as_str(),
        }
    }

    /// The dataset: itself, or the one a snapshot belongs to.
    pub fn dataset(&self) -> DatasetName {
        match self {
            ListedName::Dataset(d) => d.clone(),
            ListedName::Snapshot(s) => s.dataset(),
        }
    }

    /// The snapshot's name, or None for a dataset.
    pub fn as_snapshot(&self) -> Option<&SnapshotName> {
        match self {
            ListedName::Snapshot(s) => Some(s),
            ListedName::Dataset(_) => None,
        }
    }

    /// The part after `@` for a snapshot; the full name for a dataset.
    pub fn short_name(&self) -> &str {
        match self {
            ListedName::Dataset(d) => d.as_str(),
            ListedName::Snapshot(s) => s.short_name(),
        }
    }
}

impl From<DatasetName> for ListedName {
    fn from(name: DatasetName) -> ListedName {
        ListedName::Dataset(name)
    }
}

impl From<SnapshotName> for ListedName {
    fn from(name: SnapshotName) -> ListedName {
        ListedName::Snapshot(name)
    }
}

impl fmt::Display for ListedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ListedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl AsRef<str> for ListedName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for ListedName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ListedName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for ListedName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl BookmarkName {
    /// Validates a full bookmark name (`dataset#mark`); [`crate::Error::InvalidName`] says why not.
    pub fn new(name: &str) -> Result<BookmarkName> {
        split_marked(name, "bookmark", '#')?;
        Ok(BookmarkName(name.to_string()))
    }

    /// The dataset part, before `#`.
    pub fn dataset(&self) -> DatasetName {
        DatasetName(self.0.split_once('#').map_or("", |(d, _)| d).to_string())
    }

    /// The part after `#`.
    pub fn short_name(&self) -> &str {
        self.0.split_once('#').map_or("", |(_, s)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(e: Error) -> String {
        e.to_string()
    }

    #[test]
    fn accepts_ordinary_names() {
        for n in ["tank", "tank/a", "tank/a b/c-d_e.f:g"] {
            DatasetName::new(n).unwrap();
        }
        let s = SnapshotName::new("tank/a@auto-2026-11-25_06-00").unwrap();
        assert_eq!(s.dataset().as_str(), "tank/a");
        assert_eq!(s.short_name(), "auto-2026-11-25_06-00");
        let b = BookmarkName::new("tank/a#m1").unwrap();
        assert_eq!(b.dataset().as_str(), "tank/a");
        assert_eq!(b.short_name(), "m1");
    }

    #[test]
    fn rejects_bad_names_with_a_reason() {
        let cases: &[(&str, &str)] = &[
            ("", "the dataset name is empty"),
            ("tank/", "leading or trailing '/'"),
            ("/tank", "leading or trailing '/'"),
            ("tank//a", "empty dataset name component"),
            ("1tank", "pool name must begin with a letter"),
            ("tank/a*b", "character '*' is not allowed"),
            ("tank/a@s", "'@' belongs to snapshot names only"),
            ("tank/a#s", "'#' belongs to bookmark names only"),
            ("tank/../a", "'..' is not allowed"),
        ];
        for (name, want) in cases {
            let got = reason(DatasetName::new(name).unwrap_err());
            assert!(got.contains(want), "{name:?}: {got}");
        }
        let snap_cases: &[(&str, &str)] = &[
            ("tank/a", "missing '@'"),
            ("tank/a@", "empty snapshot name"),
            ("@s", "empty dataset name"),
            ("tank/a@s@t", "more than one '@'"),
            ("tank/a@s/t", "'/' is not allowed"),
            ("tank/a@s#t", "'#' is not allowed"),
            ("tank/a@s\u{e9}", "character '\\u{e9}' is not allowed"),
        ];
        for (name, want) in snap_cases {
            let got = reason(SnapshotName::new(name).unwrap_err());
            assert!(got.contains(want), "{name:?}: {got}");
        }
        assert!(BookmarkName::new("tank/a@b")
            .unwrap_err()
            .to_string()
            .contains("'@' is not allowed"));
    }

    #[test]
    fn length_limit_is_255_bytes() {
        let ok = format!("p/{}", "a".repeat(MAX_NAME_LEN - 2));
        DatasetName::new(&ok).unwrap();
        let long = format!("p/{}", "a".repeat(MAX_NAME_LEN - 1));
        let e = DatasetName::new(&long).unwrap_err().to_string();
        assert!(e.contains("256 bytes long, the limit is 255"), "{e}");
    }

    #[test]
    fn containment_is_by_component() {
        let a = DatasetName::new("tank/a").unwrap();
        assert!(a.contains(&DatasetName::new("tank/a/b").unwrap()));
        assert!(a.contains(&a));
        assert!(!a.contains(&DatasetName::new("tank/ab").unwrap()));
        assert_eq!(
            DatasetName::new("tank/a/b/c").unwrap().relative_to(&a),
            Some("b/c")
        );
        assert_eq!(a.pool(), "tank");
        assert_eq!(a.parent().unwrap().as_str(), "tank");
    }
}
