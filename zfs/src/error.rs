//! The one error type of the safe ZFS layer. Every failing call, whatever its source (an errno
//! from libzfs_core, an OpenZFS error number ≥ 1024, an ioctl, a bad name), becomes an [`Error`]
//! whose message names the dataset and says what happened in words, the way `zfs(8)` would.

use std::fmt;

use libzfs_sys as zsys;

use crate::nvlist::NvError;

/// What a failed call was doing; it picks the wording of the message (ENOENT means "dataset
/// does not exist" for most calls but "incremental source does not exist" for some sends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `lzc_snapshot`.
    Snapshot,
    /// `lzc_destroy_snaps`.
    DestroySnapshot,
    /// `lzc_create`.
    Create,
    /// `lzc_destroy` of a filesystem or volume.
    Destroy,
    /// `lzc_hold`.
    Hold,
    /// `lzc_release`.
    Release,
    /// `lzc_get_holds`.
    GetHolds,
    /// `lzc_bookmark`.
    Bookmark,
    /// `lzc_get_bookmarks`.
    GetBookmarks,
    /// `lzc_destroy_bookmarks`.
    DestroyBookmark,
    /// `lzc_send` / `lzc_send_resume`.
    Send,
    /// `lzc_send_space`.
    SendSpace,
    /// `lzc_receive` and its variants.
    Receive,
    /// `lzc_rollback_to`.
    Rollback,
    /// A listing ioctl, or opening `/dev/zfs`.
    List,
    /// Reading one dataset's properties.
    Stats,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::Snapshot => "snapshot",
            Op::DestroySnapshot => "destroy snapshot",
            Op::Create => "create",
            Op::Destroy => "destroy",
            Op::Hold => "hold",
            Op::Release => "release",
            Op::GetHolds => "get holds",
            Op::Bookmark => "bookmark",
            Op::GetBookmarks => "get bookmarks",
            Op::DestroyBookmark => "destroy bookmark",
            Op::Send => "send",
            Op::SendSpace => "estimate send size",
            Op::Receive => "receive",
            Op::Rollback => "rollback",
            Op::List => "list",
            Op::Stats => "get properties",
        })
    }
}

/// The class of a failure, for callers that decide what to do next (retry, refuse, report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The dataset, snapshot or source does not exist (ENOENT, ESRCH).
    NotFound,
    /// The dataset, hold or newer snapshot already exists (EEXIST).
    AlreadyExists,
    /// In use: held, mounted, with clones, or a txg sync in progress (EBUSY); may pass.
    Busy,
    /// The kernel refused the arguments or the stream (EINVAL and kin).
    InvalidArgument,
    /// A name ZFS does not accept (checked before any call, or ENAMETOOLONG).
    InvalidName,
    /// The pool is full (ENOSPC).
    NoSpace,
    /// A quota is reached (EDQUOT).
    QuotaExceeded,
    /// Not allowed (EPERM, EACCES): zsplice needs root or delegated rights.
    PermissionDenied,
    /// The pool or dataset is read-only (EROFS).
    ReadOnly,
    /// The pool or module lacks a feature the call or stream needs (ENOTSUP).
    NotSupported,
    /// An I/O error (EIO), or an I/O failure without an errno.
    Io,
    /// A received stream failed its checksum (ECKSUM).
    ChecksumMismatch,
    /// A received stream ended before its END record.
    StreamTruncated,
    /// The incremental source is not an earlier snapshot of the same dataset.
    NotAncestor,
    /// The receive target was written to since its newest snapshot.
    DestinationModified,
    /// The receive target's newest snapshot is not the stream's incremental source.
    IncrementalMismatch,
    /// The hold tag is not on this snapshot.
    NoSuchHold,
    /// A resumable receive state already exists for this dataset.
    ResumeExists,
    /// A signal interrupted the call (EINTR).
    Interrupted,
    /// The other end of the stream's pipe went away (EPIPE).
    BrokenPipe,
    /// Temporarily unavailable (EAGAIN); may pass.
    TryAgain,
    /// Timed out (ETIMEDOUT); may pass.
    TimedOut,
    /// `/dev/zfs` is missing: the kernel module is not loaded.
    ModuleNotLoaded,
    /// The loaded OpenZFS release (or its pairing with libzfs_core) is one zsplice cannot
    /// work with.
    UnsupportedRelease,
    /// A receive resume token that does not decode.
    BadResumeToken,
    /// Anything else (out of memory, unknown errno, a malformed nvlist).
    Other,
}

/// Errors of the safe ZFS layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A ZFS call failed; `message` already names the dataset.
    #[error("{message}")]
    Zfs {
        /// The dataset, snapshot or bookmark the call was about.
        name: String,
        /// What the call was doing.
        op: Op,
        /// The class of the failure.
        kind: ErrorKind,
        /// The Linux errno or OpenZFS error number (`zfs_errno_t`, >= 1024).
        errno: i32,
        /// The whole message, in words.
        message: String,
    },
    /// `/dev/zfs` does not exist: the ZFS kernel module is not loaded.
    #[error("/dev/zfs: ZFS kernel module not loaded (load it with 'modprobe zfs')")]
    ModuleNotLoaded,
    /// The loaded OpenZFS is one zsplice cannot work with (see [`crate::release`]); the
    /// sentence names the versions and what to do.
    #[error("{0}")]
    UnsupportedRelease(String),
    /// A name refused before any call is made.
    #[error("{}", invalid_name_text(name, what, reason))]
    InvalidName {
        /// The name as given (escaped if it held a NUL).
        name: String,
        /// What the name was to be: "dataset", "snapshot", "bookmark".
        what: &'static str,
        /// Why it is refused.
        reason: String,
    },
    /// Several snapshots in one atomic call; none was created.
    #[error("{}", join_snapshot_errors(.0))]
    Snapshots(Vec<Error>),
    /// A receive resume token that does not decode (why).
    #[error("resume token is invalid: {0}")]
    BadResumeToken(String),
    /// An I/O error outside libzfs_core (opening `/dev/zfs`, an ioctl, a stream).
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        #[source]
        /// The I/O error.
        source: std::io::Error,
    },
    /// Building or reading an nvlist failed.
    #[error(transparent)]
    Nv(#[from] NvError),
}

fn join_snapshot_errors(errors: &[Error]) -> String {
    let parts: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    format!("no snapshot was taken: {}", parts.join("; "))
}

/// A result whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds the error for `op` on `name` failing with `errno` (a Linux errno or an OpenZFS
    /// error number from `zfs_errno_t`).
    pub fn from_errno(op: Op, name: impl Into<String>, errno: i32) -> Error {
        let name = name.into();
        if errno == libc::ENOENT && op == Op::List && name == "/dev/zfs" {
            return Error::ModuleNotLoaded;
        }
        let (kind, what) = describe(op, errno);
        let message = if kind == ErrorKind::NoSpace {
            // Which pool is full is what the user has to act on.
            let pool = name.split(['/', '@', '#']).next().unwrap_or(&name);
            format!("{name}: out of space in pool '{pool}'; free space there and run again")
        } else {
            format!("{name}: {what}")
        };
        Error::Zfs {
            message,
            name,
            op,
            kind,
            errno,
        }
    }

    /// Adds a clause to the message, e.g. which holds keep a snapshot busy.
    pub fn with_detail(mut self, detail: &str) -> Error {
        if let Error::Zfs { message, .. } = &mut self {
            message.push_str(" (");
            message.push_str(detail);
            message.push(')');
        }
        self
    }

    /// The class of the failure; for several snapshots, the first one's.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Zfs { kind, .. } => *kind,
            Error::ModuleNotLoaded => ErrorKind::ModuleNotLoaded,
            Error::UnsupportedRelease(_) => ErrorKind::UnsupportedRelease,
            Error::InvalidName { .. } => ErrorKind::InvalidName,
            Error::Snapshots(errs) => errs.first().map_or(ErrorKind::Other, Error::kind),
            Error::BadResumeToken(_) => ErrorKind::BadResumeToken,
            Error::Io { source, .. } => match source.raw_os_error() {
                Some(e) => describe(Op::List, e).0,
                None => ErrorKind::Io,
            },
            Error::Nv(_) => ErrorKind::Other,
        }
    }

    /// The errno or OpenZFS error number behind a failed call, when there is one.
    pub fn errno(&self) -> Option<i32> {
        match self {
            Error::Zfs { errno, .. } => Some(*errno),
            Error::ModuleNotLoaded => Some(libc::ENOENT),
            Error::Io { source, .. } => source.raw_os_error(),
            _ => None,
        }
    }

    /// Whether repeating the same call a moment later may succeed: EBUSY (a txg sync in
    /// progress, a dataset briefly in use), EAGAIN, ETIMEDOUT. EBUSY can also be lasting (a
    /// held snapshot), so callers bound their retries.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::Busy | ErrorKind::TryAgain | ErrorKind::TimedOut
        )
    }
}

/// Linux's names for Solaris errnos OpenZFS uses.
const ECKSUM: i32 = libc::EBADE;
const EFRAGS: i32 = libc::EBADR;

/// The kind and the wording for `errno` returned by `op`.
fn describe(op: Op, errno: i32) -> (ErrorKind, String) {
    use ErrorKind as K;
    let zfs_err = |e: u32| errno == e as i32;
    let (kind, text): (ErrorKind, &str) = match errno {
        libc::ENOENT => match op {
            Op::Send | Op::SendSpace => {
                (K::NotFound, "snapshot or incremental source does not exist")
            }
            Op::Receive => (
                K::NotFound,
                "destination's parent or the incremental source does not exist",
            ),
            Op::Rollback => (K::NotFound, "dataset or snapshot does not exist"),
            _ => (K::NotFound, "dataset does not exist"),
        },
        libc::ESRCH => match op {
            Op::Release => (K::NoSuchHold, "no such hold tag on this snapshot"),
            Op::Send => (K::NotFound, "resume point or incremental source not found"),
            _ => (K::NotFound, "dataset does not exist"),
        },
        libc::EEXIST => match op {
            Op::Hold => (K::AlreadyExists, "a hold with this tag already exists"),
            Op::Receive => (
                K::AlreadyExists,
                "destination already exists or has snapshots newer than the incremental source",
            ),
            Op::DestroySnapshot | Op::Destroy => (K::Busy, "dataset has dependent clones"),
            Op::Rollback => (
                K::AlreadyExists,
                "there is a more recent snapshot or bookmark",
            ),
            Op::Snapshot => (K::AlreadyExists, "snapshot already exists"),
            Op::Bookmark => (K::AlreadyExists, "bookmark already exists"),
            _ => (K::AlreadyExists, "dataset already exists"),
        },
        libc::EBUSY => (K::Busy, "dataset is busy"),
        libc::EINVAL => match op {
            Op::Receive => (
                K::InvalidArgument,
                "invalid stream or invalid destination for this stream",
            ),
            Op::Send | Op::SendSpace => (
                K::InvalidArgument,
                "invalid send arguments (is the incremental source older and of the same dataset?)",
            ),
            _ => (K::InvalidArgument, "invalid argument"),
        },
        libc::ENAMETOOLONG => (K::InvalidName, "name is too long"),
        libc::ENOSPC => (K::NoSpace, "out of space in the pool"),
        libc::EDQUOT => (K::QuotaExceeded, "quota exceeded"),
        libc::EPERM | libc::EACCES => (K::PermissionDenied, "permission denied"),
        libc::EROFS => (K::ReadOnly, "pool or dataset is read-only"),
        libc::ENOTSUP => (
            K::NotSupported,
            "operation not supported (pool may need 'zpool upgrade')",
        ),
        libc::EIO => (K::Io, "I/O error"),
        ECKSUM => (K::ChecksumMismatch, "invalid stream (checksum mismatch)"),
        EFRAGS => (K::InvalidArgument, "invalid stream (bad record layout)"),
        libc::EXDEV => match op {
            Op::Send | Op::SendSpace => (
                K::NotAncestor,
                "incremental source is not an earlier snapshot of the same dataset",
            ),
            _ => (K::InvalidArgument, "datasets are in different pools"),
        },
        libc::ETXTBSY => (
            K::DestinationModified,
            "destination has been modified since its most recent snapshot",
        ),
        libc::ENODEV => (
            K::IncrementalMismatch,
            "most recent snapshot of the destination does not match the incremental source",
        ),
        libc::EINTR => (K::Interrupted, "interrupted"),
        libc::EPIPE => (K::BrokenPipe, "the other end of the stream went away"),
        libc::EAGAIN => (K::TryAgain, "temporarily unavailable, try again"),
        libc::ETIMEDOUT => (K::TimedOut, "timed out"),
        libc::E2BIG => (
            K::InvalidArgument,
            "argument too long (hold tags are at most 255 bytes)",
        ),
        libc::ENOMEM => (K::Other, "out of memory"),
        _ if zfs_err(zsys::ZFS_ERR_STREAM_TRUNCATED) => (
            K::StreamTruncated,
            "incomplete stream (it ended before its end record)",
        ),
        _ if zfs_err(zsys::ZFS_ERR_RESUME_EXISTS) => (
            K::ResumeExists,
            "a resumable receive is in progress: resume it, or abort it to start over",
        ),
        _ if zfs_err(zsys::ZFS_ERR_UNKNOWN_SEND_STREAM_FEATURE) => (
            K::NotSupported,
            "stream uses a feature this pool does not support",
        ),
        _ if zfs_err(zsys::ZFS_ERR_STREAM_LARGE_BLOCK_MISMATCH) => (
            K::NotSupported,
            "incremental stream's large-block setting differs from the full stream's",
        ),
        _ if zfs_err(zsys::ZFS_ERR_FROM_IVSET_GUID_MISSING) => (
            K::InvalidArgument,
            "encrypted incremental source lacks its IV set guid (it was not received raw)",
        ),
        _ if zfs_err(zsys::ZFS_ERR_FROM_IVSET_GUID_MISMATCH) => (
            K::InvalidArgument,
            "encrypted incremental source does not match the destination's",
        ),
        _ if zfs_err(zsys::ZFS_ERR_SPILL_BLOCK_FLAG_MISSING) => (
            K::NotSupported,
            "stream lacks the spill block flag: upgrade the sending side",
        ),
        _ if zfs_err(zsys::ZFS_ERR_BOOKMARK_SOURCE_NOT_ANCESTOR) => (
            K::NotAncestor,
            "bookmark source is not an ancestor of the new bookmark",
        ),
        _ if zfs_err(zsys::ZFS_ERR_WRONG_PARENT) => {
            (K::InvalidArgument, "wrong parent dataset for this stream")
        }
        _ if zfs_err(zsys::ZFS_ERR_BADPROP) => (K::InvalidArgument, "invalid property value"),
        _ if zfs_err(zsys::ZFS_ERR_CRYPTO_NOTSUP) => (
            K::NotSupported,
            "encryption option not supported for this operation",
        ),
        _ if zfs_err(zsys::ZFS_ERR_EXPORT_IN_PROGRESS) => (K::Busy, "pool is being exported"),
        _ if zfs_err(zsys::ZFS_ERR_IOC_CMD_UNAVAIL) => (
            K::NotSupported,
            "the loaded ZFS kernel module does not support this call",
        ),
        _ if zfs_err(zsys::ZFS_ERR_IOC_ARG_UNAVAIL)
            || zfs_err(zsys::ZFS_ERR_IOC_ARG_BADTYPE)
            || zfs_err(zsys::ZFS_ERR_IOC_ARG_REQUIRED) =>
        {
            (
                K::NotSupported,
                "the loaded ZFS kernel module does not accept these arguments",
            )
        }
        _ => (K::Other, ""),
    };
    let text = if text.is_empty() {
        if errno >= 1024 {
            format!("{op} failed with OpenZFS error {errno}")
        } else {
            format!("{op} failed: {}", std::io::Error::from_raw_os_error(errno))
        }
    } else {
        text.to_string()
    };
    (kind, text)
}

/// An invalid name's sentence; an empty name has nothing to put in front of it.
fn invalid_name_text(name: &str, what: &str, reason: &str) -> String {
    if name.is_empty() {
        format!("the {what} name is empty")
    } else {
        format!("{name}: invalid {what} name: {reason}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_dataset_and_say_what_happened() {
        let e = Error::from_errno(Op::DestroySnapshot, "tank/a@s1", libc::EBUSY)
            .with_detail("held by tag 'zsplice'");
        assert_eq!(
            e.to_string(),
            "tank/a@s1: dataset is busy (held by tag 'zsplice')"
        );
        assert_eq!(e.kind(), ErrorKind::Busy);
        assert_eq!(e.errno(), Some(libc::EBUSY));

        let e = Error::from_errno(Op::Send, "tank/a@s2", libc::EXDEV);
        assert_eq!(e.kind(), ErrorKind::NotAncestor);
        assert!(e
            .to_string()
            .starts_with("tank/a@s2: incremental source is not"));
    }

    #[test]
    fn zfs_error_numbers_are_mapped() {
        let e = Error::from_errno(Op::Receive, "b/x", zsys::ZFS_ERR_STREAM_TRUNCATED as i32);
        assert_eq!(e.kind(), ErrorKind::StreamTruncated);
        assert_eq!(
            e.to_string(),
            "b/x: incomplete stream (it ended before its end record)"
        );
        let e = Error::from_errno(Op::Receive, "b/x", 1999);
        assert_eq!(e.to_string(), "b/x: receive failed with OpenZFS error 1999");
    }

    #[test]
    fn missing_dev_zfs_reads_as_module_not_loaded() {
        let e = Error::from_errno(Op::List, "/dev/zfs", libc::ENOENT);
        assert!(matches!(e, Error::ModuleNotLoaded));
        assert!(e.to_string().contains("ZFS kernel module not loaded"));
    }

    #[test]
    fn out_of_space_names_the_pool() {
        let e = Error::from_errno(Op::Receive, "backup/copy/a@s1", libc::ENOSPC);
        assert_eq!(e.kind(), ErrorKind::NoSpace);
        assert_eq!(
            e.to_string(),
            "backup/copy/a@s1: out of space in pool 'backup'; free space there and run again"
        );
    }

    #[test]
    fn transient_errors_are_told_apart() {
        for transient in [libc::EAGAIN, libc::EBUSY, libc::ETIMEDOUT] {
            assert!(Error::from_errno(Op::Snapshot, "p/a@x", transient).is_transient());
        }
        for lasting in [libc::ENOSPC, libc::ENOENT, libc::EINTR, libc::EPERM] {
            assert!(!Error::from_errno(Op::Snapshot, "p/a@x", lasting).is_transient());
        }
    }
}
