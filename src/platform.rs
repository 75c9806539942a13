//! Which OpenZFS this machine runs and whether zsplice works with it: what `zsplice version`
//! reports. The checks themselves are the ZFS layer's (`zsplice_zfs::release`), made at every
//! open of `/dev/zfs`; this is the same verdict, read without opening it.

use zsplice_zfs::release::{Line, Platform};

/// The OpenZFS release lines zsplice works with, oldest and newest.
pub const SUPPORTED: (Line, Line) = (Line::OLDEST, Line::NEWEST);

/// The kernel module and libzfs_core found here, and why zsplice cannot work with them (one
/// sentence naming both versions and what to do), if it cannot.
#[derive(Debug, Clone)]
pub struct PlatformReport {
    /// What was found.
    pub platform: Platform,
    /// `None` when zsplice works with it (or no module is loaded: see `platform.module`).
    pub problem: Option<String>,
    /// A pairing zsplice works with that still wants attention (library and module of
    /// different releases).
    pub note: Option<String>,
}

/// Reads the module's version and libzfs_core's release (exactly, from the libzfs beside it
/// when there is one) and checks them.
pub fn report() -> PlatformReport {
    let platform = Platform::detect(true);
    let problem = platform.check().err().map(|e| e.to_string());
    let note = platform.note();
    PlatformReport {
        platform,
        problem,
        note,
    }
}
