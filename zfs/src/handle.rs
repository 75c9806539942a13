//! [`Zfs`]: the handle every ZFS call goes through. It holds libzfs_core (initialised on open,
//! released on drop) and its own `/dev/zfs` descriptor for the listing ioctls. The calls
//! themselves are methods defined by concern: [`crate::lzc`] (snapshots, holds, bookmarks,
//! create, destroy, rollback), [`crate::sendrecv`] (send and receive), [`crate::listing`]
//! (datasets and snapshots) and [`crate::pool`] (pool features).

use std::collections::BTreeMap;
use std::ffi::c_int;
use std::fs::{File, OpenOptions};
use std::os::fd::AsRawFd;
use std::sync::Mutex;

use libzfs_sys as zsys;

use crate::error::{Error, Op, Result};

/// libzfs_core keeps one global descriptor with its own reference count; init and fini must pair.
/// The mutex orders concurrent opens and drops of handles so a fini never races an init.
static LZC_INIT: Mutex<()> = Mutex::new(());

/// An open connection to the ZFS kernel module.
#[derive(Debug)]
pub struct Zfs {
    dev: File,
    /// The module fills in a snapshot's fast stats for a `zc_simple` listing (2.2 and later;
    /// 2.1 returns the name alone there).
    pub(crate) simple_listing: bool,
    /// Requests made to the kernel through this handle, per pool (see [`Zfs::ioctls`]).
    ioctls: Mutex<BTreeMap<String, u64>>,
}

impl Zfs {
    /// Opens `/dev/zfs` and initialises libzfs_core. Without the kernel module this is
    /// [`Error::ModuleNotLoaded`]; with a release zsplice cannot work with (or a libzfs_core
    /// newer than the module), [`Error::UnsupportedRelease`].
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
        // Before the first call: a release whose interface differs is refused, not misread.
        let platform = crate::release::Platform::detect(false);
        platform.check()?;
        let simple_listing = platform
            .module
            .and_then(|m| m.release)
            .is_some_and(|r| r.line >= crate::release::Line::SIMPLE_LISTING_STATS);
        let _guard = LZC_INIT.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: libzfs_core_init takes no arguments; it opens /dev/zfs and counts references.
        let rc = unsafe { zsys::libzfs_core_init() };
        if rc != 0 {
            return Err(Error::from_errno(Op::List, "/dev/zfs", rc));
        }
        Ok(Zfs {
            dev,
            simple_listing,
            ioctls: Mutex::default(),
        })
    }

    /// How many requests this handle has made to the kernel so far: every listing ioctl and
    /// every libzfs_core call (each of which is one ioctl; a retry with a larger buffer counts
    /// again). What `--stats` reports, so the cost of a run can be read without a tracer.
    /// Per pool, by the pool of the name each request is about.
    pub fn ioctls(&self) -> BTreeMap<String, u64> {
        self.ioctls
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Counts one request about `name` about to be made (see [`Zfs::ioctls`]). A lock per
    /// request costs nothing next to the request itself (a system call and kernel work).
    pub(crate) fn counted(&self, name: &str) {
        let pool = name.split(['/', '@', '#']).next().unwrap_or(name);
        let mut counts = self.ioctls.lock().unwrap_or_else(|p| p.into_inner());
        match counts.get_mut(pool) {
            Some(n) => *n += 1,
            None => {
                counts.insert(pool.to_string(), 1);
            }
        }
    }

    /// The descriptor of `/dev/zfs`, for the listing ioctls.
    pub(crate) fn dev_fd(&self) -> c_int {
        self.dev.as_raw_fd()
    }
}

impl Drop for Zfs {
    fn drop(&mut self) {
        let _guard = LZC_INIT.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: paired with the successful libzfs_core_init in `open`.
        unsafe { zsys::libzfs_core_fini() }
    }
}
