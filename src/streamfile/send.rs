//! The way out: a snapshot's stream, verified as it passes, written as a zsplice stream file
//! (frames compressed on every core, each with a CRC-32, then an index) or as a plain ZFS
//! stream, to any writer or to a file that appears only once complete.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use zsplice_stream::file::{write_stream_file, FileSummary};
use zsplice_stream::{Codec, DrrParser, FileError, StreamSummary};
use zsplice_zfs::{SendFlags, SnapshotName, Zfs};

use super::input::CHUNK;
use crate::error::EngineError;
use crate::newfile::{check_new_file, temporary_name};
use crate::observe::{reporting_progress, Observer};
use crate::replicate::options::{flags_for, FAST_SEND};
use crate::transfer::pipe::{join_stream_thread, only_echoes_reader, pipe, spawn_isolated};

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    /// A zsplice stream file with this codec.
    File(Codec),
    /// The bare ZFS send stream, as `zfs send` writes it (for `zfs receive`).
    Plain,
}

/// How `export` sends and writes; the default is a full stream into a zstd-1 stream file.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Incremental base: a snapshot or bookmark, full name or `@snap` / `#bookmark` of the sent
    /// snapshot's dataset.
    pub from: Option<String>,
    /// A stream file or a plain stream.
    pub format: StreamFormat,
    /// Raw bytes per frame of a stream file.
    pub frame_size: u32,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions {
            from: None,
            format: StreamFormat::File(Codec::Zstd { level: 1 }),
            frame_size: zsplice_stream::file::DEFAULT_FRAME_SIZE,
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct ExportSummary {
    /// The snapshot sent.
    pub snapshot: SnapshotName,
    /// The incremental base's full name; `None` for a full stream.
    pub from: Option<String>,
    /// The send flags used (raw for an encrypted dataset).
    pub flags: SendFlags,
    /// The verified stream.
    pub stream: StreamSummary,
    /// The file's totals (None for a plain stream).
    pub file: Option<FileSummary>,
}

/// The full name of an incremental base given as `@snap`, `#bookmark` or a full name.
pub fn resolve_from(snap: &SnapshotName, from: &str) -> Result<String, EngineError> {
    let full = if from.starts_with('@') || from.starts_with('#') {
        format!("{}{from}", snap.dataset())
    } else {
        from.to_string()
    };
    if full.contains('#') {
        zsplice_zfs::BookmarkName::new(&full)?;
    } else {
        let base = SnapshotName::new(&full)?;
        if base.dataset() != snap.dataset() {
            return Err(EngineError::Usage(format!(
                "--from {from}: an incremental base must be a snapshot or bookmark of {} \
                 (sending a clone from its origin is not supported)",
                snap.dataset()
            )));
        }
    }
    Ok(full)
}

/// The send flags for exporting `snap`: compressed, large blocks and embedded data (what the
/// sending pool stores, unchanged), raw when the dataset is encrypted.
pub fn export_flags(zfs: &Zfs, snap: &SnapshotName) -> Result<SendFlags, EngineError> {
    let fs = zfs.dataset(snap.dataset().as_str())?;
    Ok(flags_for(&fs, FAST_SEND))
}

/// Writes the stream of `snap` to `out`, verifying it. `obs` sees the raw stream bytes moved
/// against `lzc_send_space`'s estimate. On error, what was written to `out` is incomplete and
/// must be discarded.
pub fn export<W: Write + Send>(
    zfs: &Zfs,
    snap: &SnapshotName,
    opts: &ExportOptions,
    out: W,
    obs: &dyn Observer,
) -> Result<(W, ExportSummary), EngineError> {
    let from = opts
        .from
        .as_deref()
        .map(|f| resolve_from(snap, f))
        .transpose()?;
    // Only an estimate for the progress shown: a send that cannot be estimated still runs.
    let total = export_flags(zfs, snap)
        .and_then(|flags| Ok(zfs.send_space(snap, from.as_deref(), flags)?))
        .unwrap_or(0);
    let counter = AtomicU64::new(0);
    reporting_progress(
        obs,
        total,
        &counter,
        || export_counted(zfs, snap, opts, out, &counter),
        Result::is_ok,
    )
}

/// [`export`], counting raw stream bytes into `counter`.
fn export_counted<W: Write + Send>(
    zfs: &Zfs,
    snap: &SnapshotName,
    opts: &ExportOptions,
    out: W,
    counter: &AtomicU64,
) -> Result<(W, ExportSummary), EngineError> {
    zfs.dataset(snap.as_str())
        .map_err(EngineError::about_named)?;
    let from = opts
        .from
        .as_deref()
        .map(|f| resolve_from(snap, f))
        .transpose()?;
    if let Some(base) = &from {
        // lzc_send would report a missing base under the sent snapshot's name.
        let found = match base.split_once('#') {
            Some(_) => zfs
                .bookmarks(&snap.dataset())?
                .iter()
                .any(|b| b.name.as_str() == base),
            None => zfs.exists(base),
        };
        if !found {
            return Err(zsplice_zfs::Error::from_errno(
                zsplice_zfs::Op::Send,
                base.as_str(),
                nix::libc::ENOENT,
            )
            .into());
        }
    }
    let flags = export_flags(zfs, snap)?;
    let (mut stream_r, stream_w) = pipe("send")?;
    let mut parser = DrrParser::new();
    let (written, sent) = std::thread::scope(|s| {
        // Isolated like a transfer's sender: a killed zsplice must not hang on this pipe.
        let sender = spawn_isolated(s, stream_w.into(), |stream| {
            zfs.send(snap, from.as_deref(), stream, flags)
        });
        let mut inspect = |chunk: &[u8]| -> Result<(), FileError> {
            parser.feed(chunk)?;
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            Ok(())
        };
        let written = match opts.format {
            StreamFormat::File(codec) => write_stream_file(
                &mut stream_r,
                out,
                codec,
                opts.frame_size,
                crate::model::record::now(),
                inspect,
            )
            .map(|(w, f)| (w, Some(f))),
            StreamFormat::Plain => copy_plain(&mut stream_r, out, &mut inspect).map(|w| (w, None)),
        };
        // Closing our end stops a sender we no longer read from.
        drop(stream_r);
        let sent = join_stream_thread(sender, snap, "sending");
        (written, sent)
    });
    let (out, file) = match (sent, written) {
        (Ok(()), Ok(w)) => w,
        // Our own failure (output full, a damaged stream) closes the pipe, and the sender
        // then fails: report the cause, not the echo.
        (Err(e), Err(w)) if only_echoes_reader(&e) => return Err(w.into()),
        (Err(e), _) => return Err(e.into()),
        (Ok(()), Err(w)) => return Err(w.into()),
    };
    let stream = parser.finish().map_err(FileError::from)?;
    if stream.substreams.first().map(|s| s.toname.as_str()) != Some(snap.as_str()) {
        return Err(EngineError::Usage(format!(
            "{snap}: the kernel sent a stream for another snapshot"
        )));
    }
    Ok((
        out,
        ExportSummary {
            snapshot: snap.clone(),
            from,
            flags,
            stream,
            file,
        },
    ))
}

fn copy_plain<W: Write>(
    input: &mut impl Read,
    mut out: W,
    inspect: &mut impl FnMut(&[u8]) -> Result<(), FileError>,
) -> Result<W, FileError> {
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(FileError::io("reading the send stream", e)),
        };
        inspect(&buf[..n])?;
        out.write_all(&buf[..n])
            .map_err(|e| FileError::io("writing the stream", e))?;
    }
    out.flush()
        .map_err(|e| FileError::io("writing the stream", e))?;
    Ok(out)
}

/// Exports to a file at `path`, written under a temporary name in the same directory and
/// renamed into place only once complete and synced, so `path` is never a partial stream.
/// An existing `path` is refused unless `overwrite`.
pub fn export_to_path(
    zfs: &Zfs,
    snap: &SnapshotName,
    opts: &ExportOptions,
    path: &Path,
    overwrite: bool,
    obs: &dyn Observer,
) -> Result<ExportSummary, EngineError> {
    check_new_file(path, overwrite)?;
    let tmp = temporary_name(path);
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| FileError::io(format!("creating {}", tmp.display()), e))?;
    let result = (|| {
        let out = std::io::BufWriter::with_capacity(CHUNK, file);
        let (out, summary) = export(zfs, snap, opts, out, obs)?;
        let file = out
            .into_inner()
            .map_err(|e| FileError::io(format!("writing {}", tmp.display()), e.into_error()))?;
        file.sync_all()
            .map_err(|e| FileError::io(format!("syncing {}", tmp.display()), e))?;
        std::fs::rename(&tmp, path)
            .map_err(|e| FileError::io(format!("renaming {} into place", tmp.display()), e))?;
        Ok(summary)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_names_resolve_against_the_sent_dataset() {
        let snap = SnapshotName::new("p/a@s2").unwrap();
        assert_eq!(resolve_from(&snap, "@s1").unwrap(), "p/a@s1");
        assert_eq!(resolve_from(&snap, "#b1").unwrap(), "p/a#b1");
        assert_eq!(resolve_from(&snap, "p/a@s0").unwrap(), "p/a@s0");
        let e = resolve_from(&snap, "p/b@s1").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(resolve_from(&snap, "@bad*name").is_err());
    }

    #[test]
    fn the_temporary_file_is_hidden_beside_the_target() {
        let t = temporary_name(Path::new("/x/y/out.zst"));
        assert_eq!(t.parent(), Some(Path::new("/x/y")));
        assert!(t
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".out.zst.zsplice-partial-"));
    }
}
