//! Which OpenZFS release this machine runs, and whether zsplice can work with it.
//!
//! zsplice talks to the kernel module through `/dev/zfs` and through libzfs_core, so a
//! difference between releases reaches it unfiltered. Two things are read at every
//! [`crate::Zfs::open`]: the module's version (`/sys/module/zfs/version`) and which calls the
//! loaded libzfs_core exports (2.2 added `lzc_receive_with_heal`, 2.3 `lzc_ddt_prune`; 2.4
//! exports the same calls as 2.3). [`Platform::check`] refuses, before anything is done:
//! - a module older than 2.1 or of a release line newer than 2.4 (untested `zfs_cmd_t` and
//!   ioctl contracts);
//! - OpenZFS 2.3.1, whose `zfs_cmd_t` has a different size from every other release (it was
//!   reverted in 2.3.2);
//! - a libzfs_core of 2.3 or later on a 2.2 or older module: its sends ask for what the older
//!   module does not know, and every send fails with EINVAL (openzfs#17323, #17330).
//!
//! Other pairings of different releases work (an older library on a newer module, a 2.4
//! library on a 2.3 module); [`Platform::note`] says they wait for a reboot. libzfs_core carries
//! no version string; its exact release is read, for reports only, from the libzfs library
//! installed beside it (the string `zfs version` prints): the verdict never depends on it.

use std::ffi::{c_void, CStr};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::Error;

/// A release line: `2.3` for 2.3.0 to 2.3.x.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Line {
    /// 2 in 2.3.
    pub major: u32,
    /// 3 in 2.3.
    pub minor: u32,
}

impl Line {
    /// The oldest release line zsplice works with.
    pub const OLDEST: Line = Line { major: 2, minor: 1 };
    /// The newest release line zsplice knows and is tested on.
    pub const NEWEST: Line = Line { major: 2, minor: 4 };
    /// The first line whose module fills in a snapshot's stats in a `zc_simple` listing (2.1
    /// returns the name alone there).
    pub const SIMPLE_LISTING_STATS: Line = Line { major: 2, minor: 2 };
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// An OpenZFS release, `major.minor.patch`, read from the start of a version string such as
/// `2.1.11-1+deb12u1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Release {
    /// Its line (2.3 for 2.3.2).
    pub line: Line,
    /// 2 in 2.3.2.
    pub patch: u32,
}

impl Release {
    /// Parses the leading `X.Y.Z` of a version string (`zfs-` prefix allowed); `None` when there
    /// is none.
    pub fn parse(text: &str) -> Option<Release> {
        let text = text.trim();
        let text = text.strip_prefix("zfs-").unwrap_or(text);
        let end = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len());
        let mut parts = text[..end].split('.').map(|p| p.parse::<u32>().ok());
        match (parts.next(), parts.next(), parts.next()) {
            (Some(Some(major)), Some(Some(minor)), Some(Some(patch))) => Some(Release {
                line: Line { major, minor },
                patch,
            }),
            _ => None,
        }
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.line, self.patch)
    }
}

/// The calls the loaded libzfs_core exports, as far as they tell its release line apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Calls {
    /// None of the markers below: 2.1 (or older).
    UpTo2_1,
    /// `lzc_receive_with_heal` but not `lzc_ddt_prune`: 2.2.
    Of2_2,
    /// `lzc_ddt_prune`: 2.3 or later (2.4 exports the same calls).
    From2_3,
}

impl Calls {
    /// The oldest release line that exports these calls.
    pub fn oldest_line(self) -> Line {
        match self {
            Calls::UpTo2_1 => Line { major: 2, minor: 1 },
            Calls::Of2_2 => Line { major: 2, minor: 2 },
            Calls::From2_3 => Line { major: 2, minor: 3 },
        }
    }

    /// Whether a library of release `line` would export exactly these calls.
    pub fn fits(self, line: Line) -> bool {
        match self {
            Calls::UpTo2_1 => line <= Line { major: 2, minor: 1 },
            Calls::Of2_2 => line == Line { major: 2, minor: 2 },
            Calls::From2_3 => line >= Line { major: 2, minor: 3 },
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Calls::UpTo2_1 => "the calls of 2.1",
            Calls::Of2_2 => "the calls of 2.2",
            Calls::From2_3 => "the calls of 2.3 and 2.4",
        }
    }
}

/// The loaded libzfs_core.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Userland {
    /// The file it was loaded from.
    pub path: Option<PathBuf>,
    /// What it exports.
    pub calls: Calls,
    /// Its exact version (`2.3.2-2~bpo12+2`), from the libzfs beside it, when one there
    /// matches the calls.
    pub version: Option<String>,
}

impl Userland {
    /// The release line the library is known to be (exact when its version was found,
    /// otherwise the oldest its calls allow).
    pub fn line(&self) -> Line {
        self.version
            .as_deref()
            .and_then(Release::parse)
            .map_or(self.calls.oldest_line(), |r| r.line)
    }
}

impl Userland {
    /// "2.3.2-2~bpo12+2", or what its calls say ("of OpenZFS 2.3 or later").
    pub fn named(&self) -> String {
        match &self.version {
            Some(v) => v.clone(),
            None => match self.calls {
                Calls::UpTo2_1 => "of OpenZFS 2.1".into(),
                Calls::Of2_2 => "of OpenZFS 2.2".into(),
                Calls::From2_3 => "of OpenZFS 2.3 or later".into(),
            },
        }
    }
}

impl fmt::Display for Userland {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.version {
            Some(v) => write!(f, "{v}")?,
            None => write!(f, "release unknown, with {}", self.calls.describe())?,
        }
        if let Some(path) = &self.path {
            write!(f, " ({})", path.display())?;
        }
        Ok(())
    }
}

/// The kernel module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// Its version string, e.g. `2.3.2-2~bpo12+2`.
    pub version: String,
    /// Its release, when the string starts with one.
    pub release: Option<Release>,
}

/// The OpenZFS this process runs on: kernel module and libzfs_core.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    /// `None` when the module is not loaded.
    pub module: Option<Module>,
    /// The libzfs_core this process loaded.
    pub userland: Userland,
}

impl Platform {
    /// Reads both, without opening `/dev/zfs`. `exact` also reads the libzfs beside libzfs_core
    /// for its exact version (a file read of a few MB: for reports, not for every open).
    pub fn detect(exact: bool) -> Platform {
        let mut userland = loaded_userland().clone();
        if exact {
            userland.version = LIBRARY_VERSION
                .get_or_init(|| {
                    let path = userland.path.as_deref()?;
                    libzfs_version_beside(path, userland.calls)
                })
                .clone();
        }
        Platform {
            module: loaded_module(),
            userland,
        }
    }

    /// Why zsplice cannot work with this module and library, in one sentence naming both
    /// versions and what to do; `Ok` when it can (or when no module is loaded: opening
    /// `/dev/zfs` says that).
    pub fn check(&self) -> Result<(), Error> {
        let Some(module) = &self.module else {
            return Ok(());
        };
        let refuse = |why: String| Err(Error::UnsupportedRelease(why));
        let Some(release) = module.release else {
            return refuse(format!(
                "the ZFS kernel module's version '{}' is not an OpenZFS release zsplice can \
                 read; zsplice works with OpenZFS {} to {}",
                module.version.escape_default(),
                Line::OLDEST,
                Line::NEWEST
            ));
        };
        if release.line == (Line { major: 2, minor: 3 }) && release.patch == 1 {
            return refuse(format!(
                "the ZFS kernel module is OpenZFS {} ({}), whose /dev/zfs command layout \
                 (zfs_cmd_t) differs from every other release; upgrade ZFS to 2.3.2 or later",
                release, module.version
            ));
        }
        if release.line < Line::OLDEST {
            return refuse(format!(
                "the ZFS kernel module is OpenZFS {} ({}), older than {}, the oldest release \
                 zsplice works with; upgrade ZFS",
                release,
                module.version,
                Line::OLDEST
            ));
        }
        if release.line > Line::NEWEST {
            return refuse(format!(
                "the ZFS kernel module is OpenZFS {} ({}), newer than {}, the newest release \
                 this zsplice knows; its /dev/zfs interface is untested here: use a zsplice \
                 that supports {}",
                release,
                module.version,
                Line::NEWEST,
                release.line
            ));
        }
        // The one pairing known to break ZFS itself: a 2.3 (or later) library sends what a 2.2
        // or older module rejects, so every send fails with EINVAL (openzfs#17323, #17330).
        // The calls alone tell a 2.3+ library apart, so commands and `zsplice version` agree.
        if self.userland.calls == Calls::From2_3 && release.line < BREAKING_LINE {
            return refuse(format!(
                "libzfs_core is {} but the loaded ZFS kernel module is {}: with a library of \
                 {BREAKING_LINE} or later on an older module every send fails, so nothing was \
                 done; load the module that came with the library (reboot, or export the pools \
                 and reload zfs), or install the libzfs_core of {}",
                self.userland.named(),
                module.version,
                release.line
            ));
        }
        Ok(())
    }

    /// A note on a pairing zsplice works with but that is not how the release was shipped: a
    /// library and module of different release lines (an upgrade waiting for a reboot).
    pub fn note(&self) -> Option<String> {
        let module = self.module.as_ref()?;
        let release = module.release?;
        let userland = self.userland.line();
        let differs = match &self.userland.version {
            Some(_) => userland != release.line,
            None => !self.userland.calls.fits(release.line),
        };
        differs.then(|| {
            format!(
                "libzfs_core ({}) and the kernel module ({}) are of different releases; reboot \
                 (or reload zfs) so the module that came with the library runs",
                self.userland.named(),
                module.version
            )
        })
    }
}

/// The first release line whose libzfs_core an older module cannot serve.
const BREAKING_LINE: Line = Line { major: 2, minor: 3 };

/// The library a process loaded stays the same for its life: read once. The module is read at
/// every call (it may be reloaded under a long-running daemon).
static USERLAND: OnceLock<Userland> = OnceLock::new();
static LIBRARY_VERSION: OnceLock<Option<String>> = OnceLock::new();

/// The loaded libzfs_core: its calls and file (no exact version).
fn loaded_userland() -> &'static Userland {
    USERLAND.get_or_init(|| {
        let calls = if exported("lzc_ddt_prune") {
            Calls::From2_3
        } else if exported("lzc_receive_with_heal") {
            Calls::Of2_2
        } else {
            Calls::UpTo2_1
        };
        Userland {
            path: library_path(),
            calls,
            version: None,
        }
    })
}

/// The loaded kernel module, if any.
fn loaded_module() -> Option<Module> {
    kernel_module_version().map(|version| Module {
        release: Release::parse(&version),
        version,
    })
}

/// The release of the loaded kernel module, when one is loaded and its version reads as one:
/// what checks against a release ask.
pub fn loaded_release() -> Option<Release> {
    loaded_module().and_then(|m| m.release)
}

/// The version string of the loaded kernel module, e.g. "2.3.2-2~bpo12+2" (from sysfs).
pub fn kernel_module_version() -> Option<String> {
    std::fs::read_to_string("/sys/module/zfs/version")
        .ok()
        .map(|s| s.trim().to_string())
}

/// Whether the process has a symbol of this name loaded (libzfs_core's exports are global).
fn exported(name: &str) -> bool {
    let Ok(name) = std::ffi::CString::new(name) else {
        return false;
    };
    // SAFETY: dlsym with RTLD_DEFAULT only looks the NUL-terminated name up in the global
    // scope; the returned address is compared with null and never called or dereferenced.
    let addr = unsafe { libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr()) };
    !addr.is_null()
}

/// The file libzfs_core was loaded from (the object holding `lzc_exists`).
fn library_path() -> Option<PathBuf> {
    let addr = libzfs_sys::lzc_exists as *const c_void;
    // SAFETY: Dl_info is plain data (pointers and an integer); zeroed is a valid value that
    // dladdr overwrites.
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: addr is the address of a function in a loaded object; dladdr only reads the
    // loader's tables and fills `info`.
    let found = unsafe { libc::dladdr(addr, &mut info) };
    if found == 0 || info.dli_fname.is_null() {
        return None;
    }
    // SAFETY: on success dli_fname points at the loader's NUL-terminated path of the object,
    // valid while it stays loaded (libzfs_core is never unloaded).
    let name = unsafe { CStr::from_ptr(info.dli_fname) };
    let path = PathBuf::from(name.to_string_lossy().into_owned());
    Some(std::fs::canonicalize(&path).unwrap_or(path))
}

/// The version of the one libzfs beside `libzfs_core` whose release exports `calls`: the
/// `zfs-X.Y.Z…` string libzfs carries for `zfs version`. `None` when there is no such libzfs or
/// several releases fit.
fn libzfs_version_beside(libzfs_core: &Path, calls: Calls) -> Option<String> {
    let dir = libzfs_core.parent()?;
    let mut found: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // The soname file (libzfs.so.6), not its symlinks' other names.
        if !name.starts_with("libzfs.so.") || name.matches('.').count() != 2 {
            continue;
        }
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        if let Some(v) = version_in(&bytes) {
            if Release::parse(&v).is_some_and(|r| calls.fits(r.line)) && !found.contains(&v) {
                found.push(v);
            }
        }
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The first NUL-terminated `zfs-<digit>…` string in a binary, less its `zfs-`.
fn version_in(bytes: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"zfs-") {
        let start = from + at + 4;
        let rest = &bytes[start..];
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        let text = &rest[..end.min(64)];
        if text.first().is_some_and(u8::is_ascii_digit) && text.iter().all(|b| b.is_ascii_graphic())
        {
            let text = String::from_utf8_lossy(text).into_owned();
            if Release::parse(&text).is_some() {
                return Some(text);
            }
        }
        from = start;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform(module: &str, calls: Calls, version: Option<&str>) -> Platform {
        Platform {
            module: Some(Module {
                version: module.into(),
                release: Release::parse(module),
            }),
            userland: Userland {
                path: None,
                calls,
                version: version.map(Into::into),
            },
        }
    }

    #[test]
    fn releases_parse_from_debian_and_upstream_version_strings() {
        let r = Release::parse("2.1.11-1+deb12u1").unwrap();
        assert_eq!((r.line.major, r.line.minor, r.patch), (2, 1, 11));
        assert_eq!(
            Release::parse("zfs-2.3.2-2~bpo12+2").unwrap().to_string(),
            "2.3.2"
        );
        assert_eq!(Release::parse("2.4.4-1").unwrap().to_string(), "2.4.4");
        assert_eq!(
            Release::parse("2.2.99-123_gabcdef").unwrap().to_string(),
            "2.2.99"
        );
        assert_eq!(Release::parse("2.3"), None);
        assert_eq!(Release::parse("kmod"), None);
        assert_eq!(Release::parse(""), None);
    }

    #[test]
    fn the_four_tested_releases_with_their_own_library_are_accepted() {
        for (module, calls) in [
            ("2.1.11-1+deb12u1", Calls::UpTo2_1),
            ("2.2.2-1", Calls::Of2_2),
            ("2.3.2-2~bpo12+2", Calls::From2_3),
            ("2.4.4-1", Calls::From2_3),
        ] {
            platform(module, calls, None).check().unwrap();
        }
    }

    #[test]
    fn unsupported_modules_are_refused_naming_the_version_and_what_to_do() {
        let refused = |p: Platform| p.check().unwrap_err().to_string();
        let m = refused(platform("2.3.1-1", Calls::From2_3, None));
        assert!(
            m.contains("2.3.1") && m.contains("zfs_cmd_t") && m.contains("2.3.2"),
            "{m}"
        );
        let m = refused(platform("2.5.0-1", Calls::From2_3, None));
        assert!(m.contains("2.5.0") && m.contains("newer than 2.4"), "{m}");
        let m = refused(platform("3.0.1-1", Calls::From2_3, None));
        assert!(m.contains("3.0.1"), "{m}");
        let m = refused(platform("0.8.6-1", Calls::UpTo2_1, None));
        assert!(m.contains("older than 2.1"), "{m}");
        let m = refused(platform("garbage", Calls::UpTo2_1, None));
        assert!(m.contains("'garbage'"), "{m}");
    }

    #[test]
    fn a_2_3_library_on_an_older_module_is_refused_other_pairings_are_noted() {
        let m = platform("2.1.11-1+deb12u1", Calls::From2_3, None)
            .check()
            .unwrap_err()
            .to_string();
        assert!(
            m.contains("libzfs_core is of OpenZFS 2.3 or later")
                && m.contains("module is 2.1.11-1+deb12u1")
                && m.contains("nothing was done"),
            "{m}"
        );
        let m = platform("2.2.2-1", Calls::From2_3, Some("2.3.2-2~bpo12+2"))
            .check()
            .unwrap_err()
            .to_string();
        assert!(m.contains("libzfs_core is 2.3.2-2~bpo12+2"), "{m}");
        // The exact version never changes the verdict: commands read only the calls.
        for exact in [None, Some("2.4.4-1")] {
            let p = platform("2.3.2-1", Calls::From2_3, exact);
            p.check().unwrap();
            assert_eq!(p.note().is_some(), exact.is_some(), "{p:?}");
        }
        // Older libraries work on newer modules; the pairing is noted.
        let p = platform("2.2.2-1", Calls::UpTo2_1, None);
        p.check().unwrap();
        assert!(p.note().unwrap().contains("different releases"));
        let p = platform("2.4.4-1", Calls::From2_3, Some("2.3.2-2~bpo12+2"));
        p.check().unwrap();
        assert!(p.note().is_some());
        assert!(platform("2.4.4-1", Calls::From2_3, Some("2.4.4-1"))
            .note()
            .is_none());
        assert!(platform("2.2.2-1", Calls::Of2_2, None).note().is_none());
    }

    #[test]
    fn no_module_is_left_to_opening_dev_zfs() {
        let p = Platform {
            module: None,
            userland: Userland {
                path: None,
                calls: Calls::From2_3,
                version: None,
            },
        };
        p.check().unwrap();
    }

    #[test]
    fn a_version_string_is_found_in_library_bytes() {
        let mut bytes = b"\x7fELF junk zfs-\0 zfs-kmod\0 zfs-2.2.2-1\0 more".to_vec();
        assert_eq!(version_in(&bytes).as_deref(), Some("2.2.2-1"));
        bytes.truncate(10);
        assert_eq!(version_in(&bytes), None);
    }

    #[test]
    fn calls_fit_the_lines_that_export_them() {
        let l = |minor| Line { major: 2, minor };
        assert!(Calls::From2_3.fits(l(4)) && Calls::From2_3.fits(l(3)));
        assert!(!Calls::From2_3.fits(l(2)) && Calls::Of2_2.fits(l(2)));
        assert!(Calls::UpTo2_1.fits(l(1)) && !Calls::UpTo2_1.fits(l(2)));
    }

    #[test]
    fn this_process_reads_its_own_library() {
        // The host links libzfs_core; whatever release it is, its file is found.
        let p = Platform::detect(true);
        assert!(p.userland.path.is_some(), "{p:?}");
    }
}
