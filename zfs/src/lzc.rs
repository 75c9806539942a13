//! The libzfs_core calls on datasets, as methods of [`Zfs`]: snapshots (many in one
//! transaction), holds, bookmarks, create, destroy and rollback, plus the helpers every
//! libzfs_core call shares (C strings, errlists, return codes). Every return code goes through
//! [`Error::from_errno`]. Send and receive are in [`crate::sendrecv`].

use std::ffi::{c_int, CString};
use std::ptr;

use libzfs_sys as zsys;

use crate::error::{Error, ErrorKind, Op, Result};
use crate::handle::Zfs;
use crate::name::{BookmarkName, DatasetName, SnapshotName};
use crate::nvlist::{NvList, NvValue};
use crate::types::Bookmark;

/// `name` as a C string; a NUL inside is an invalid name.
pub(crate) fn c(name: &str) -> Result<CString> {
    CString::new(name).map_err(|_| Error::InvalidName {
        name: name.escape_default().to_string(),
        what: "dataset",
        reason: "contains a NUL byte".into(),
    })
}

/// Turns an errlist out-argument of libzfs_core (name → int32 errno) into one error per entry.
fn errlist_errors(op: Op, errlist: Option<NvList>) -> Vec<Error> {
    let Some(list) = errlist else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|pair| {
            let errno = match pair.value() {
                NvValue::I32(e) => e,
                other => other.as_u64()? as i32,
            };
            Some(Error::from_errno(op, pair.name().into_owned(), errno))
        })
        .collect()
}

/// Combines a call's return code and its errlist into one result. A call on several names fails
/// as a whole (one transaction), so every named failure is reported.
fn with_errlist(op: Op, rc: c_int, first_name: &str, errlist: Option<NvList>) -> Result<()> {
    let mut errors = errlist_errors(op, errlist);
    if rc == 0 && errors.is_empty() {
        return Ok(());
    }
    match errors.len() {
        0 => Err(Error::from_errno(op, first_name, rc)),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Snapshots(errors)),
    }
}

/// Runs a libzfs_core call that reports per-name failures through an `errlist` out-argument,
/// takes ownership of that list, and merges it with the return code.
fn call_with_errlist(
    op: Op,
    first_name: &str,
    call: impl FnOnce(*mut *mut libnvpair_sys::nvlist_t) -> c_int,
) -> Result<()> {
    let mut errlist = ptr::null_mut();
    let rc = call(&mut errlist);
    // SAFETY: libzfs_core leaves errlist NULL or points it at a fresh list the caller owns.
    let errlist = unsafe { NvList::from_raw(errlist) };
    with_errlist(op, rc, first_name, errlist)
}

impl Zfs {
    /// Takes all `snaps` in one transaction: all of them share one createtxg, or none is taken.
    /// `user_props` (names containing ':') are set on every new snapshot.
    pub fn snapshot(&self, snaps: &[SnapshotName], user_props: &[(String, String)]) -> Result<()> {
        let Some(first) = snaps.first() else {
            return Ok(());
        };
        let mut list = NvList::new();
        for s in snaps {
            list.insert_flag(s.as_str())?;
        }
        let mut props = NvList::new();
        for (k, v) in user_props {
            props.insert_str(k, v)?;
        }
        call_with_errlist(Op::Snapshot, first.as_str(), |errlist| {
            self.counted(first.as_str());
            // SAFETY: both lists are valid for the call; errlist is an out-pointer that receives a
            // list we then own (or stays NULL).
            unsafe { zsys::lzc_snapshot(list.as_ptr(), props.as_ptr(), errlist) }
        })
    }

    /// Destroys snapshots in one transaction. With `defer`, held or cloned snapshots are marked
    /// for destruction once released instead of failing. A busy snapshot's error names its holds.
    pub fn destroy_snapshots(&self, snaps: &[SnapshotName], defer: bool) -> Result<()> {
        let Some(first) = snaps.first() else {
            return Ok(());
        };
        let mut list = NvList::new();
        for s in snaps {
            list.insert_flag(s.as_str())?;
        }
        let defer = flag(defer);
        call_with_errlist(Op::DestroySnapshot, first.as_str(), |errlist| {
            self.counted(first.as_str());
            // SAFETY: list is valid; errlist is an out-pointer to a list we own afterwards.
            unsafe { zsys::lzc_destroy_snaps(list.as_ptr(), defer, errlist) }
        })
        .map_err(|e| self.explain_busy(e))
    }

    /// Adds "held by tag 'x'" to a busy snapshot's error: the first thing a user needs to know.
    fn explain_busy(&self, e: Error) -> Error {
        match e {
            Error::Snapshots(errs) => {
                Error::Snapshots(errs.into_iter().map(|e| self.explain_busy(e)).collect())
            }
            Error::Zfs {
                ref name,
                kind: ErrorKind::Busy,
                ..
            } => {
                let tags = SnapshotName::new(name)
                    .ok()
                    .and_then(|s| self.holds(&s).ok())
                    .unwrap_or_default();
                if tags.is_empty() {
                    e
                } else {
                    let quoted: Vec<String> = tags.iter().map(|t| format!("'{t}'")).collect();
                    let plural = if tags.len() > 1 { "tags" } else { "tag" };
                    e.with_detail(&format!("held by {plural} {}", quoted.join(", ")))
                }
            }
            other => other,
        }
    }

    /// Whether a dataset, snapshot or bookmark of that name exists.
    pub fn exists(&self, name: &str) -> bool {
        let Ok(n) = c(name) else { return false };
        self.counted(name);
        // SAFETY: n is a valid NUL-terminated string.
        unsafe { zsys::lzc_exists(n.as_ptr()) != zsys::B_FALSE }
    }

    /// Creates a filesystem with `props` (name → value strings). The parent must exist.
    pub fn create_filesystem(&self, name: &DatasetName, props: &[(String, String)]) -> Result<()> {
        let n = c(name.as_str())?;
        let mut p = NvList::new();
        for (k, v) in props {
            p.insert_str(k, v)?;
        }
        self.counted(name.as_str());
        // SAFETY: n and p are valid for the call; no wrapping key data (NULL, 0).
        let rc = unsafe {
            zsys::lzc_create(
                n.as_ptr(),
                zsys::LZC_DATSET_TYPE_ZFS,
                p.as_ptr(),
                ptr::null_mut(),
                0,
            )
        };
        check(Op::Create, name.as_str(), rc)
    }

    /// Destroys a filesystem or volume (not its children or snapshots: those must go first).
    pub fn destroy(&self, name: &DatasetName) -> Result<()> {
        let n = c(name.as_str())?;
        self.counted(name.as_str());
        // SAFETY: n is a valid NUL-terminated string.
        check(Op::Destroy, name.as_str(), unsafe {
            zsys::lzc_destroy(n.as_ptr())
        })
    }

    /// Discards the partial state an interrupted resumable receive into `fs` left (`zfs
    /// receive -A`): the hidden `fs/%recv` clone of an incremental, or `fs` itself when a full
    /// receive created it and never finished. Returns whether anything was discarded.
    pub fn abort_receive(&self, fs: &DatasetName) -> Result<bool> {
        let recv = format!("{fs}/%recv");
        if self.exists(&recv) {
            let n = c(&recv)?;
            self.counted(&recv);
            // SAFETY: n is a valid NUL-terminated string.
            check(Op::Destroy, &recv, unsafe { zsys::lzc_destroy(n.as_ptr()) })?;
            return Ok(true);
        }
        match self.dataset(fs.as_str()) {
            Ok(info) if info.inconsistent => {
                self.destroy(fs)?;
                Ok(true)
            }
            Ok(_) => Ok(false),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Places user holds (snapshot, tag) in one transaction. Holds are persistent: they survive
    /// this process and reboots until released.
    pub fn hold(&self, holds: &[(SnapshotName, &str)]) -> Result<()> {
        let Some((first, _)) = holds.first() else {
            return Ok(());
        };
        let mut list = NvList::new();
        for (snap, tag) in holds {
            list.insert_str(snap.as_str(), tag)?;
        }
        call_with_errlist(Op::Hold, first.as_str(), |errlist| {
            self.counted(first.as_str());
            // SAFETY: list is valid; cleanup_fd -1 means persistent holds; errlist is an out-pointer.
            unsafe { zsys::lzc_hold(list.as_ptr(), -1, errlist) }
        })
    }

    /// Releases user holds (snapshot, tag).
    pub fn release(&self, holds: &[(SnapshotName, &str)]) -> Result<()> {
        let Some((first, _)) = holds.first() else {
            return Ok(());
        };
        let mut list = NvList::new();
        for (snap, tag) in holds {
            let mut tags = match list.get_nvlist(snap.as_str()) {
                Ok(existing) => existing.to_owned(),
                Err(_) => NvList::new(),
            };
            tags.insert_flag(tag)?;
            list.insert_nvlist(snap.as_str(), &tags)?;
        }
        call_with_errlist(Op::Release, first.as_str(), |errlist| {
            self.counted(first.as_str());
            // SAFETY: list is valid; errlist is an out-pointer.
            unsafe { zsys::lzc_release(list.as_ptr(), errlist) }
        })
        .map_err(name_missing_holds)
    }

    /// The tags of the user holds on a snapshot, sorted.
    pub fn holds(&self, snap: &SnapshotName) -> Result<Vec<String>> {
        let n = c(snap.as_str())?;
        let mut out = ptr::null_mut();
        self.counted(snap.as_str());
        // SAFETY: n is valid; out receives a list we own.
        let rc = unsafe { zsys::lzc_get_holds(n.as_ptr(), &mut out) };
        // SAFETY: out is NULL or a list we own.
        let list = unsafe { NvList::from_raw(out) };
        check(Op::GetHolds, snap.as_str(), rc)?;
        let mut tags: Vec<String> = list
            .map(|l| l.iter().map(|p| p.name().into_owned()).collect())
            .unwrap_or_default();
        tags.sort();
        Ok(tags)
    }

    /// Creates bookmarks, each from a snapshot (or from an existing bookmark), in one transaction.
    pub fn bookmark(&self, marks: &[(BookmarkName, &str)]) -> Result<()> {
        let Some((first, _)) = marks.first() else {
            return Ok(());
        };
        let mut list = NvList::new();
        for (mark, source) in marks {
            list.insert_str(mark.as_str(), source)?;
        }
        call_with_errlist(Op::Bookmark, first.as_str(), |errlist| {
            self.counted(first.as_str());
            // SAFETY: list is valid; errlist is an out-pointer.
            unsafe { zsys::lzc_bookmark(list.as_ptr(), errlist) }
        })
    }

    /// The bookmarks of a filesystem with their guid, createtxg and creation time, by createtxg.
    pub fn bookmarks(&self, fs: &DatasetName) -> Result<Vec<Bookmark>> {
        let n = c(fs.as_str())?;
        let mut want = NvList::new();
        for p in ["guid", "createtxg", "creation"] {
            want.insert_flag(p)?;
        }
        let mut out = ptr::null_mut();
        self.counted(fs.as_str());
        // SAFETY: n and want are valid; out receives a list we own.
        let rc = unsafe { zsys::lzc_get_bookmarks(n.as_ptr(), want.as_ptr(), &mut out) };
        // SAFETY: out is NULL or a list we own.
        let list = unsafe { NvList::from_raw(out) };
        check(Op::GetBookmarks, fs.as_str(), rc)?;
        let mut marks = Vec::new();
        for pair in list.iter().flat_map(|l| l.iter()) {
            let NvValue::List(props) = pair.value() else {
                continue;
            };
            let prop = |p: &str| {
                props
                    .get_nvlist(p)
                    .and_then(|v| v.get_u64("value"))
                    .unwrap_or(0)
            };
            marks.push(Bookmark {
                name: fs.bookmark(&pair.name())?,
                guid: prop("guid"),
                createtxg: prop("createtxg"),
                creation: prop("creation"),
            });
        }
        marks.sort_by_key(|m| (m.createtxg, m.guid));
        Ok(marks)
    }

    /// Destroys bookmarks (full names) in one transaction.
    pub fn destroy_bookmarks(&self, marks: &[BookmarkName]) -> Result<()> {
        let Some(first) = marks.first() else {
            return Ok(());
        };
        let mut list = NvList::new();
        for m in marks {
            list.insert_flag(m.as_str())?;
        }
        call_with_errlist(Op::DestroyBookmark, first.as_str(), |errlist| {
            self.counted(first.as_str());
            // SAFETY: list is valid; errlist is an out-pointer.
            unsafe { zsys::lzc_destroy_bookmarks(list.as_ptr(), errlist) }
        })
    }

    /// Rolls `fs` back to `snap`, which must be its newest snapshot.
    pub fn rollback_to(&self, fs: &DatasetName, snap: &SnapshotName) -> Result<()> {
        let (f, s) = (c(fs.as_str())?, c(snap.as_str())?);
        self.counted(fs.as_str());
        // SAFETY: both strings are valid.
        check(Op::Rollback, snap.as_str(), unsafe {
            zsys::lzc_rollback_to(f.as_ptr(), s.as_ptr())
        })
    }
}

/// The kernel reports a tag that is not on a snapshot as ENOENT keyed `snap#tag`; say so in
/// words instead of "dataset does not exist".
fn name_missing_holds(e: Error) -> Error {
    match e {
        Error::Snapshots(errs) => {
            Error::Snapshots(errs.into_iter().map(name_missing_holds).collect())
        }
        Error::Zfs {
            name,
            errno: libc::ENOENT,
            ..
        } if name.contains('#') => {
            let (snap, tag) = name.split_once('#').unwrap_or((&name, ""));
            Error::Zfs {
                message: format!("{snap}: no hold with tag '{tag}'"),
                name: snap.to_string(),
                op: Op::Release,
                kind: ErrorKind::NoSuchHold,
                errno: libc::ESRCH,
            }
        }
        other => other,
    }
}

/// A Rust bool as libzfs_core's `boolean_t`.
pub(crate) fn flag(b: bool) -> zsys::boolean_t {
    if b {
        zsys::B_TRUE
    } else {
        zsys::B_FALSE
    }
}

/// A libzfs_core return code (0 or an errno) as a result about `name`.
pub(crate) fn check(op: Op, name: &str, rc: c_int) -> Result<()> {
    if rc == 0 {
        Ok(())
    } else {
        Err(Error::from_errno(op, name, rc))
    }
}
