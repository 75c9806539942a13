//! [`Zfs`]: the handle every ZFS call goes through. It holds libzfs_core (initialised on open,
//! released on drop) and its own `/dev/zfs` descriptor for the listing ioctls. The libzfs_core
//! calls are here: snapshots (many in one transaction), holds, bookmarks, send, receive, rollback,
//! create and destroy. Every return code goes through [`Error::from_errno`].

use std::ffi::{c_int, CString};
use std::fs::{File, OpenOptions};
use std::os::fd::{AsRawFd, BorrowedFd};
use std::ptr;
use std::sync::Mutex;

use libzfs_sys as zsys;

use crate::error::{Error, ErrorKind, Op, Result};
use crate::list::PropValue;
use crate::name::{BookmarkName, DatasetName, SnapshotName};
use crate::nvlist::{NvList, NvValue};
use crate::stream::BeginRecord;

/// libzfs_core keeps one global descriptor with its own reference count; init and fini must pair.
/// The mutex orders concurrent opens and drops of handles so a fini never races an init.
static LZC_INIT: Mutex<()> = Mutex::new(());

/// Flags of a send stream (`lzc_send_flags`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendFlags {
    /// WRITE_EMBEDDED records for blocks small enough to live in the block pointer.
    pub embedded: bool,
    /// Blocks over 128 KiB stay large (otherwise they are split).
    pub large_blocks: bool,
    /// Compressed blocks travel compressed.
    pub compressed: bool,
    /// Encrypted datasets travel as ciphertext, keys stay behind.
    pub raw: bool,
}

impl SendFlags {
    fn bits(self) -> zsys::lzc_send_flags {
        let mut f = 0;
        if self.embedded {
            f |= zsys::LZC_SEND_FLAG_EMBED_DATA;
        }
        if self.large_blocks {
            f |= zsys::LZC_SEND_FLAG_LARGE_BLOCK;
        }
        if self.compressed {
            f |= zsys::LZC_SEND_FLAG_COMPRESS;
        }
        if self.raw {
            f |= zsys::LZC_SEND_FLAG_RAW;
        }
        f
    }
}

/// Options of a receive.
#[derive(Debug, Default)]
pub struct ReceiveOptions {
    /// Roll the destination back to its newest snapshot first (`zfs recv -F` without destroying
    /// newer snapshots: those make the receive fail instead).
    pub force: bool,
    /// The stream is a raw (encrypted) send.
    pub raw: bool,
    /// Keep partial state on interruption so the send can resume (`zfs recv -s`).
    pub resumable: bool,
    /// Properties to set on the received dataset, as received values (like `zfs send -p`).
    /// Index properties (`readonly`, `compression`, ...) take their numeric index value.
    pub props: Vec<(String, PropValue)>,
    /// Clone origin for an incremental stream received as a clone.
    pub origin: Option<SnapshotName>,
}

/// A bookmark and its identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    pub name: BookmarkName,
    pub guid: u64,
    pub createtxg: u64,
    pub creation: u64,
}

/// An open connection to the ZFS kernel module.
#[derive(Debug)]
pub struct Zfs {
    dev: File,
}

fn c(name: &str) -> Result<CString> {
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
    /// Opens `/dev/zfs` and initialises libzfs_core. Without the kernel module this is
    /// [`Error::ModuleNotLoaded`].
    pub fn open() -> Result<Zfs> {
        let dev = OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/zfs")
            .map_err(|e| match e.raw_os_error() {
                Some(libc::ENOENT) | Some(libc::ENXIO) | Some(libc::ENODEV) => {
                    Error::ModuleNotLoaded
                }
                _ => Error::Io {
                    context: "/dev/zfs".into(),
                    source: e,
                },
            })?;
        let _guard = LZC_INIT.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: libzfs_core_init takes no arguments; it opens /dev/zfs and counts references.
        let rc = unsafe { zsys::libzfs_core_init() };
        if rc != 0 {
            return Err(Error::from_errno(Op::List, "/dev/zfs", rc));
        }
        Ok(Zfs { dev })
    }

    /// The descriptor of `/dev/zfs`, for the listing ioctls.
    pub(crate) fn dev_fd(&self) -> c_int {
        self.dev.as_raw_fd()
    }

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
                kind: crate::ErrorKind::Busy,
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
            // SAFETY: list is valid; errlist is an out-pointer.
            unsafe { zsys::lzc_release(list.as_ptr(), errlist) }
        })
        .map_err(name_missing_holds)
    }

    /// The tags of the user holds on a snapshot, sorted.
    pub fn holds(&self, snap: &SnapshotName) -> Result<Vec<String>> {
        let n = c(snap.as_str())?;
        let mut out = ptr::null_mut();
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

    pub fn destroy_bookmarks(&self, marks: &[BookmarkName]) -> Result<()> {
        let Some(first) = marks.first() else {
            return Ok(());
        };
        let mut list = NvList::new();
        for m in marks {
            list.insert_flag(m.as_str())?;
        }
        call_with_errlist(Op::DestroyBookmark, first.as_str(), |errlist| {
            // SAFETY: list is valid; errlist is an out-pointer.
            unsafe { zsys::lzc_destroy_bookmarks(list.as_ptr(), errlist) }
        })
    }

    /// Writes the send stream of `snap` (incremental from `from`, a snapshot or bookmark full
    /// name, when given) into `fd`. Give it a pipe: OpenZFS 2.1 refuses anything else on
    /// recent kernels. Blocks until the whole stream is written.
    pub fn send(
        &self,
        snap: &SnapshotName,
        from: Option<&str>,
        fd: BorrowedFd<'_>,
        flags: SendFlags,
    ) -> Result<()> {
        // libzfs_core's lzc_send is lzc_send_resume from the start of the stream (0, 0).
        self.send_resume(snap, from, fd, flags, 0, 0)
    }

    /// Resumes an interrupted send at (`object`, `offset`), the point a resume token records.
    pub fn send_resume(
        &self,
        snap: &SnapshotName,
        from: Option<&str>,
        fd: BorrowedFd<'_>,
        flags: SendFlags,
        object: u64,
        offset: u64,
    ) -> Result<()> {
        let n = c(snap.as_str())?;
        let f = from.map(c).transpose()?;
        // SAFETY: n and f are valid strings (f may be NULL); fd is an open descriptor the caller
        // keeps open for the duration of the call.
        let rc = unsafe {
            zsys::lzc_send_resume(
                n.as_ptr(),
                f.as_ref().map_or(ptr::null(), |f| f.as_ptr()),
                fd.as_raw_fd(),
                flags.bits(),
                object,
                offset,
            )
        };
        check(Op::Send, snap.as_str(), rc)
    }

    /// The estimated size in bytes of the stream `send` would write.
    pub fn send_space(
        &self,
        snap: &SnapshotName,
        from: Option<&str>,
        flags: SendFlags,
    ) -> Result<u64> {
        let n = c(snap.as_str())?;
        let f = from.map(c).transpose()?;
        let mut space = 0u64;
        // SAFETY: strings valid (f may be NULL); space is a valid out-pointer.
        let rc = unsafe {
            zsys::lzc_send_space(
                n.as_ptr(),
                f.as_ref().map_or(ptr::null(), |f| f.as_ptr()),
                flags.bits(),
                &mut space,
            )
        };
        check(Op::SendSpace, snap.as_str(), rc)?;
        Ok(space)
    }

    /// Receives a stream from `fd` as snapshot `snap` (its dataset is created for a full stream).
    pub fn receive(
        &self,
        snap: &SnapshotName,
        opts: &ReceiveOptions,
        fd: BorrowedFd<'_>,
    ) -> Result<()> {
        let (n, props, origin) = receive_args(snap, opts)?;
        let (force, raw) = (flag(opts.force), flag(opts.raw));
        let origin_ptr = origin.as_ref().map_or(ptr::null(), |o| o.as_ptr());
        // SAFETY: all pointers are valid for the call or NULL; fd is open for its duration.
        let rc = unsafe {
            if opts.resumable {
                zsys::lzc_receive_resumable(
                    n.as_ptr(),
                    props.as_ptr(),
                    origin_ptr,
                    force,
                    raw,
                    fd.as_raw_fd(),
                )
            } else {
                zsys::lzc_receive(
                    n.as_ptr(),
                    props.as_ptr(),
                    origin_ptr,
                    force,
                    raw,
                    fd.as_raw_fd(),
                )
            }
        };
        check(Op::Receive, snap.as_str(), rc)
    }

    /// Like [`Zfs::receive`] for a stream whose BEGIN record the caller already read from `fd`
    /// (to learn what the stream is before deciding where it goes).
    pub fn receive_with_header(
        &self,
        snap: &SnapshotName,
        opts: &ReceiveOptions,
        begin: &BeginRecord,
        fd: BorrowedFd<'_>,
    ) -> Result<()> {
        let (n, props, origin) = receive_args(snap, opts)?;
        let origin_ptr = origin.as_ref().map_or(ptr::null(), |o| o.as_ptr());
        let record = begin.raw();
        // SAFETY: all pointers are valid for the call or NULL; `record` is a complete
        // dmu_replay_record_t as read from the stream; fd is open for the call's duration.
        let rc = unsafe {
            zsys::lzc_receive_with_header(
                n.as_ptr(),
                props.as_ptr(),
                origin_ptr,
                flag(opts.force),
                flag(opts.resumable),
                flag(opts.raw),
                fd.as_raw_fd(),
                record,
            )
        };
        check(Op::Receive, snap.as_str(), rc)
    }

    /// Rolls `fs` back to `snap`, which must be its newest snapshot.
    pub fn rollback_to(&self, fs: &DatasetName, snap: &SnapshotName) -> Result<()> {
        let (f, s) = (c(fs.as_str())?, c(snap.as_str())?);
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
                kind: crate::ErrorKind::NoSuchHold,
                errno: libc::ESRCH,
            }
        }
        other => other,
    }
}

fn flag(b: bool) -> zsys::boolean_t {
    if b {
        zsys::B_TRUE
    } else {
        zsys::B_FALSE
    }
}

fn receive_args(
    snap: &SnapshotName,
    opts: &ReceiveOptions,
) -> Result<(CString, NvList, Option<CString>)> {
    let mut props = NvList::new();
    for (k, v) in &opts.props {
        match v {
            PropValue::Number(n) => props.insert_u64(k, *n)?,
            PropValue::Text(t) => props.insert_str(k, t)?,
        };
    }
    let origin = opts.origin.as_ref().map(|o| c(o.as_str())).transpose()?;
    Ok((c(snap.as_str())?, props, origin))
}

fn check(op: Op, name: &str, rc: c_int) -> Result<()> {
    if rc == 0 {
        Ok(())
    } else {
        Err(Error::from_errno(op, name, rc))
    }
}

impl Drop for Zfs {
    fn drop(&mut self) {
        let _guard = LZC_INIT.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: paired with the successful libzfs_core_init in `open`.
        unsafe { zsys::libzfs_core_fini() }
    }
}

/// The version string of the loaded kernel module, e.g. "2.3.2-2~bpo12+2" (from sysfs).
pub fn kernel_module_version() -> Option<String> {
    std::fs::read_to_string("/sys/module/zfs/version")
        .ok()
        .map(|s| s.trim().to_string())
}
