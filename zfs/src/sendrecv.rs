//! Sending and receiving streams through libzfs_core, as methods of [`Zfs`]: send (full,
//! incremental, resumed), the estimated size of a send, and receive (plain, resumable, or with
//! a BEGIN record already read off the stream). Every return code goes through
//! [`crate::Error::from_errno`].

use std::ffi::CString;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::ptr;

use libzfs_sys as zsys;

use crate::error::{Op, Result};
use crate::handle::Zfs;
use crate::lzc::{c, check, flag};
use crate::name::SnapshotName;
use crate::nvlist::NvList;
use crate::stream::BeginRecord;
use crate::types::{PropValue, ReceiveOptions, SendFlags};

impl Zfs {
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
        self.counted(snap.as_str());
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
        self.counted(snap.as_str());
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
        self.counted(snap.as_str());
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
        self.counted(snap.as_str());
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
}

/// The C arguments of a receive: the snapshot name, the properties, the clone origin.
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
