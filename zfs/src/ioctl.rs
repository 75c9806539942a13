//! The `/dev/zfs` ioctls libzfs_core has no call for, run on a heap-allocated `zfs_cmd_t`:
//! [`Cmd`] fills in a name, runs one request and grows the output nvlist buffer when the kernel
//! asks for more. Used by [`crate::listing`] and [`crate::pool`].

use libzfs_sys as zsys;

use crate::error::{Error, Op};
use crate::handle::Zfs;

/// Starting size of the property buffer; the kernel says when it needs more.
const INITIAL_NVLIST_BUF: usize = 16 * 1024;

/// A heap-allocated `zfs_cmd_t` (13.7 KB: too large to move around on the stack casually).
pub(crate) struct Cmd {
    /// The command the kernel reads and fills in.
    pub(crate) zc: Box<zsys::zfs_cmd_t>,
    /// The buffer the kernel packs its output nvlist into.
    pub(crate) buf: Vec<u8>,
    /// Ask for properties; without them the kernel returns only the fast stats (guid,
    /// createtxg, type, inconsistent) and skips gathering every property of every entry, which
    /// is most of a listing's cost.
    pub(crate) props: bool,
}

impl Cmd {
    /// A command that asks for properties too.
    pub(crate) fn new() -> Cmd {
        Cmd {
            // SAFETY: zfs_cmd_t is plain old data (integers, byte arrays, nested POD structs);
            // all-zero is its documented initial state (libzfs zero-fills it too).
            zc: Box::new(unsafe { std::mem::zeroed() }),
            buf: vec![0u8; INITIAL_NVLIST_BUF],
            props: true,
        }
    }

    /// A command that asks for fast stats only (no property list). With `simple` (a module
    /// of 2.2 or later) a snapshot listing also sets `zc_simple`: the kernel then reads the
    /// snapshot's own dataset record only and does not open its object set, which otherwise
    /// costs a block read per cold snapshot. (2.1 answers a simple listing with names alone.)
    pub(crate) fn identity_only(simple: bool) -> Cmd {
        let mut cmd = Cmd {
            props: false,
            buf: Vec::new(),
            ..Cmd::new()
        };
        cmd.zc.zc_simple = u8::from(simple);
        cmd
    }

    fn set_name(&mut self, name: &str) {
        let dst = &mut self.zc.zc_name;
        dst.fill(0);
        let room = dst.len() - 1;
        for (d, s) in dst.iter_mut().zip(name.bytes().take(room)) {
            *d = s as std::ffi::c_char;
        }
    }

    /// The name the kernel left in the command (the entry a list ioctl returned).
    pub(crate) fn name(&self) -> String {
        let bytes: Vec<u8> = self
            .zc
            .zc_name
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Runs one ioctl for `name`, growing the property buffer when the kernel asks (ENOMEM)
    /// and restoring the iteration cookie so the retry returns the same entry.
    pub(crate) fn run(
        &mut self,
        zfs: &Zfs,
        request: zsys::zfs_ioc,
        name: &str,
    ) -> std::io::Result<()> {
        let cookie = self.zc.zc_cookie;
        loop {
            zfs.counted(name);
            self.set_name(name);
            self.zc.zc_cookie = cookie;
            // A zero destination tells the kernel not to gather properties at all.
            self.zc.zc_nvlist_dst = if self.props {
                self.buf.as_mut_ptr() as u64
            } else {
                0
            };
            self.zc.zc_nvlist_dst_size = self.buf.len() as u64;
            self.zc.zc_nvlist_dst_filled = zsys::B_FALSE;
            self.zc.zc_objset_stats.dds_creation_txg = 0;
            // SAFETY: zc is a valid, fully initialised zfs_cmd_t; zc_nvlist_dst points at
            // self.buf, which is valid for zc_nvlist_dst_size bytes and outlives the call; the
            // kernel writes no more than that size into it (put_nvlist checks).
            let rc = unsafe {
                libc::ioctl(
                    zfs.dev_fd(),
                    request as zsys::ioctl_request_t,
                    &mut *self.zc as *mut zsys::zfs_cmd_t,
                )
            };
            if rc == 0 {
                return Ok(());
            }
            let err = std::io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::ENOMEM) => {
                    let need = (self.zc.zc_nvlist_dst_size as usize).max(self.buf.len() * 2);
                    self.buf = vec![0u8; need];
                }
                Some(libc::EINTR) => {}
                _ => return Err(err),
            }
        }
    }
}

/// A failed list ioctl as an error about `name`.
pub(crate) fn list_error(name: &str, err: std::io::Error) -> Error {
    let errno = err.raw_os_error().unwrap_or(libc::EIO);
    // The list ioctls say ESRCH for "no such dataset" as well as "end of list".
    let errno = if errno == libc::ESRCH {
        libc::ENOENT
    } else {
        errno
    };
    Error::from_errno(Op::List, name, errno)
}
