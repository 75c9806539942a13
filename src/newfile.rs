//! Files written whole: a new file goes under a temporary name beside its target, is synced,
//! and only then takes the target's name, so no one ever sees half of it; an existing file is
//! replaced only when the user said so. Used for saved run logs, stream files and the listing
//! cache.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::EngineError;

/// Whether a file may be written at `path`: an existing one only with `force` (a usage error
/// otherwise, naming it), and never over a directory.
pub fn check_new_file(path: &Path, force: bool) -> Result<(), EngineError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Err(EngineError::Usage(format!(
            "{} is a directory; name a file",
            path.display()
        ))),
        Ok(_) if !force => Err(EngineError::Usage(format!(
            "{} already exists; choose another name, or ask for it to be replaced (--force; in C, the overwrite option)",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// Writes `bytes` to a new file at `path` (replacing an existing one only with `force`): under
/// a temporary name in the same directory first, synced, then moved into place, so `path` is
/// never a partial file. Without `force` the move itself fails if `path` appeared meanwhile.
pub fn write_new_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), EngineError> {
    write_new_file_with(path, force, &mut |f| f.write_all(bytes))
}

/// [`write_new_file`] of what `write` writes (through a buffer): a large file is never held
/// whole in memory.
pub fn write_new_file_with(
    path: &Path,
    force: bool,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<(), EngineError> {
    check_new_file(path, force)?;
    let tmp = temporary_name(path);
    let io_err = |what: &str, p: &Path| {
        let context = format!("{what} {}", p.display());
        move |e: io::Error| EngineError::from(zsplice_zfs::Error::Io { context, source: e })
    };
    let result = (|| {
        let mut f = File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io_err("creating", &tmp))?;
        let mut buffered = io::BufWriter::new(&mut f);
        write(&mut buffered)
            .and_then(|()| buffered.flush())
            .map_err(io_err("writing", &tmp))?;
        drop(buffered);
        f.sync_all().map_err(io_err("syncing", &tmp))?;
        if force {
            std::fs::rename(&tmp, path).map_err(io_err("replacing", path))
        } else {
            // A link fails if the name exists: no window in which another file is replaced.
            match std::fs::hard_link(&tmp, path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => check_new_file(path, false),
                // A file system without hard links: the check above is what there is.
                Err(_) => std::fs::rename(&tmp, path).map_err(io_err("creating", path)),
            }
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

/// The temporary name a file is written under before it takes `path`'s name: hidden, beside
/// it (one file system, so the rename is atomic), and marked with this process.
pub fn temporary_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The process and a count: two threads of one process (a daemon's runs) never share one.
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(
        ".{name}.zsplice-partial-{}-{n}",
        std::process::id()
    ))
}

/// Writes `value` as JSON to a new file at `path` (replacing one there), creating its
/// directory first: how the caches keep what they remember. The error is a sentence for a
/// debug log (a cache that cannot be written only costs time).
pub fn write_json_file(path: &Path, value: &impl serde::Serialize) -> Result<(), String> {
    path.parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .map_err(|e| e.to_string())?;
    write_new_file_with(path, true, &mut |w| {
        serde_json::to_writer(w, value).map_err(io::Error::from)
    })
    .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.log");
        write_new_file(&path, b"one\n", false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one\n");
        let e = write_new_file(&path, b"two\n", false).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{e}");
        assert!(e.to_string().contains("--force"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one\n");
        write_new_file(&path, b"two\n", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two\n");
        // Nothing is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_directory_is_never_a_target() {
        let dir = tempfile::tempdir().unwrap();
        let e = check_new_file(dir.path(), true).unwrap_err();
        assert!(e.to_string().contains("is a directory"), "{e}");
    }
}
