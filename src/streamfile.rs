//! Send streams to and from files: `export` writes one snapshot's stream (full or incremental)
//! as a zsplice stream file (frames compressed on every core, each with a CRC-32, then an index)
//! or as a plain ZFS stream, verifying the stream's own fletcher-4 checksums as it passes;
//! `import` receives such a file into a dataset. From a file, the whole stream is verified
//! before the receive starts, so a damaged file never touches the target; from a pipe, each
//! piece is verified before the kernel sees it and a damaged stream aborts the receive, which
//! ZFS then discards (the receive is not resumable), leaving the target as it was.

use std::fs::File;
use std::io::{PipeWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use zsplice_stream::drr::RecordType;
use zsplice_stream::file::{read_full, write_stream_file, FileSummary, FILE_MAGIC};
use zsplice_stream::{
    Codec, DrrParser, FileError, MappedFile, SequentialReader, StreamSummary, Substream,
};
use zsplice_zfs::{DatasetName, ErrorKind, ReceiveOptions, SendFlags, SnapshotName, Zfs};

use crate::error::EngineError;
use crate::features::missing_for_stream;
use crate::job::{flags_for, FAST_SEND};
use crate::transfer::{join_stream_thread, only_echoes_reader, pipe, spawn_isolated};

/// How much is read from a plain stream at a time.
const CHUNK: usize = 1 << 20;

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    /// A zsplice stream file with this codec.
    File(Codec),
    /// The bare ZFS send stream, as `zfs send` writes it (for `zfs receive`).
    Plain,
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Incremental base: a snapshot or bookmark, full name or `@snap` / `#bookmark` of the sent
    /// snapshot's dataset.
    pub from: Option<String>,
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
    pub snapshot: SnapshotName,
    pub from: Option<String>,
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

/// Writes the stream of `snap` to `out`, verifying it, counting raw stream bytes into
/// `counter`. On error, what was written to `out` is incomplete and must be discarded.
pub fn export<W: Write + Send>(
    zfs: &Zfs,
    snap: &SnapshotName,
    opts: &ExportOptions,
    out: W,
    counter: &AtomicU64,
) -> Result<(W, ExportSummary), EngineError> {
    zfs.dataset(snap.as_str())?;
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
                crate::run::now(),
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
    counter: &AtomicU64,
) -> Result<ExportSummary, EngineError> {
    if !overwrite && path.exists() {
        return Err(EngineError::Usage(format!(
            "{} already exists; choose another name or pass --force to replace it",
            path.display()
        )));
    }
    let tmp = temporary_name(path);
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| FileError::io(format!("creating {}", tmp.display()), e))?;
    let result = (|| {
        let out = std::io::BufWriter::with_capacity(CHUNK, file);
        let (out, summary) = export(zfs, snap, opts, out, counter)?;
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

fn temporary_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.zsplice-partial-{}", std::process::id()))
}

/// What an import received.
#[derive(Debug, Clone)]
pub struct ImportSummary {
    pub snapshot: SnapshotName,
    pub stream: StreamSummary,
    /// True when the whole stream was verified before the receive started (a file); false when
    /// it was verified piece by piece on the way in (a pipe).
    pub verified_first: bool,
}

/// Where a stream comes from.
pub enum ImportSource<'a> {
    Path(&'a Path),
    Reader(Box<dyn Read + Send + 'a>),
}

impl std::fmt::Debug for ImportSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportSource::Path(p) => f.debug_tuple("Path").field(p).finish(),
            ImportSource::Reader(_) => f.write_str("Reader(..)"),
        }
    }
}

/// Which snapshot a stream becomes and how it is received, after checking that it can be
/// received there: the pool has the stream's features; a full stream creates a new dataset under
/// an existing parent; an incremental stream's base is the target's newest snapshot. `first` is
/// the stream's snapshot, None for a stream of several datasets (refused).
pub fn plan_receive(
    zfs: &Zfs,
    target: &str,
    first: Option<&Substream>,
    rollback: bool,
) -> Result<(SnapshotName, ReceiveOptions), EngineError> {
    let refuse = |why: String| EngineError::Receive(format!("cannot receive into {target}: {why}"));
    let Some(first) = first else {
        return Err(refuse(
            "this is a replication stream of several datasets (zfs send -R); zsplice receives \
             one snapshot's stream at a time: use zfs receive for it"
                .into(),
        ));
    };
    let snap_part = first.toname.split_once('@').map(|(_, s)| s).unwrap_or("");
    let snap = if target.contains('@') {
        SnapshotName::new(target)?
    } else {
        DatasetName::new(target)?.snapshot(snap_part)?
    };
    let fs = snap.dataset();
    let missing = missing_for_stream(first.features, &zfs.pool_features(fs.pool())?);
    if !missing.is_empty() {
        return Err(refuse(format!(
            "pool {} lacks what the stream uses: {}",
            fs.pool(),
            missing.join(", ")
        )));
    }
    let exists = match zfs.dataset(fs.as_str()) {
        Ok(_) => true,
        Err(e) if e.kind() == ErrorKind::NotFound => false,
        Err(e) => return Err(e.into()),
    };
    if !first.is_incremental() {
        if exists {
            return Err(refuse(format!(
                "{fs} exists, and a full stream creates its dataset; receive into a new name \
                 (or destroy {fs} first)"
            )));
        }
        if let Some(parent) = fs.parent() {
            if !zfs.exists(parent.as_str()) {
                return Err(refuse(format!(
                    "its parent {parent} does not exist; create it first"
                )));
            }
        }
    } else {
        if !exists {
            return Err(refuse(format!(
                "{fs} does not exist, and the stream is incremental (it needs its base snapshot \
                 there); receive the full stream first"
            )));
        }
        let snaps = zfs.snapshots(&fs)?;
        let Some(pos) = snaps.iter().position(|s| s.guid == first.fromguid) else {
            return Err(refuse(format!(
                "the stream is incremental from a snapshot {fs} does not have (guid {}); \
                 receive the stream of that snapshot first",
                first.fromguid
            )));
        };
        if let Some(same) = snaps.iter().find(|s| s.guid == first.toguid) {
            return Err(refuse(format!(
                "it already has this snapshot, as {}",
                same.name
            )));
        }
        let newer: Vec<&str> = snaps[pos + 1..].iter().map(|s| s.name.as_str()).collect();
        if !newer.is_empty() {
            return Err(refuse(format!(
                "it has snapshots newer than the stream's base {}: {}; only the newest \
                 snapshot can be a base (zsplice destroys nothing to make room)",
                snaps[pos].name,
                newer.join(", ")
            )));
        }
    }
    if zfs.exists(snap.as_str()) {
        return Err(refuse(format!("{snap} already exists")));
    }
    let opts = ReceiveOptions {
        raw: first.features & (1 << 24) != 0,
        // Only ever rolls back to the base, which was checked to be the newest snapshot: it
        // discards changes made since then and never a snapshot.
        force: rollback && first.is_incremental(),
        ..Default::default()
    };
    Ok((snap, opts))
}

/// The two layouts a stream can arrive in.
enum Layout<'a> {
    File(MappedFile<'a>),
    Plain(&'a [u8]),
}

fn layout(bytes: &[u8]) -> Result<Layout<'_>, EngineError> {
    if bytes.starts_with(FILE_MAGIC) {
        return Ok(Layout::File(MappedFile::open(bytes)?));
    }
    Ok(Layout::Plain(bytes))
}

impl Layout<'_> {
    fn for_each_chunk(
        &self,
        sink: impl FnMut(&[u8]) -> Result<(), FileError>,
    ) -> Result<(), FileError> {
        match self {
            Layout::File(m) => m.for_each_chunk(sink),
            Layout::Plain(b) => b.chunks(CHUNK).try_for_each(sink),
        }
    }
}

impl Layout<'_> {
    /// Verifies the whole stream; the summary of what it holds.
    fn verify(&self) -> Result<StreamSummary, FileError> {
        let mut parser = DrrParser::new();
        self.for_each_chunk(|c| parser.feed(c).map_err(FileError::from))?;
        Ok(parser.finish()?)
    }
}

/// Verifies a stream (file or plain) completely; the summary of what it holds.
pub fn verify_bytes(bytes: &[u8]) -> Result<StreamSummary, EngineError> {
    Ok(layout(bytes)?.verify()?)
}

/// A stream file (or plain stream) on disk, mapped read-only.
fn map_file(path: &Path) -> Result<zsplice_zfs::mapped::Mmap, FileError> {
    let file =
        File::open(path).map_err(|e| FileError::io(format!("opening {}", path.display()), e))?;
    zsplice_zfs::mapped::map_readonly(&file)
        .map_err(|e| FileError::io(format!("mapping {}", path.display()), e))
}

/// Summary of a stream file or plain stream on disk, verified end to end, with the file's
/// layout when it is a zsplice stream file.
pub fn inspect_path(path: &Path) -> Result<(StreamSummary, Option<InspectedFile>), EngineError> {
    let map = map_file(path)?;
    let layout = layout(&map)?;
    let summary = layout.verify()?;
    let file_info = match layout {
        Layout::File(m) => Some(InspectedFile {
            codec: m.header.codec,
            frame_size: m.header.frame_size,
            frames: m.frames.len() as u64,
            compressed_frames: m.frames.iter().filter(|f| f.stored_len < f.raw_len).count() as u64,
            file_bytes: map.len() as u64,
            created: m.header.created,
        }),
        Layout::Plain(_) => None,
    };
    Ok((summary, file_info))
}

/// The container of an inspected stream file.
#[derive(Debug, Clone, Copy)]
pub struct InspectedFile {
    pub codec: Codec,
    pub frame_size: u32,
    pub frames: u64,
    pub compressed_frames: u64,
    pub file_bytes: u64,
    pub created: u64,
}

/// Receives a stream into `target` (a dataset, whose snapshot takes the stream's snapshot name,
/// or `dataset@name`). Counts stream bytes handed to the kernel into `counter`.
/// With `rollback`, changes made to the target since its newest snapshot (the stream's base)
/// are discarded, as `zfs receive -F` does; without it such a target is refused.
pub fn import(
    zfs: &Zfs,
    target: &str,
    source: ImportSource<'_>,
    rollback: bool,
    counter: &AtomicU64,
) -> Result<ImportSummary, EngineError> {
    match source {
        ImportSource::Path(path) => {
            let map = map_file(path)?;
            let layout = layout(&map)?;
            // Everything is checked before the kernel sees a byte.
            let stream = layout.verify()?;
            let first = if stream.compound {
                None
            } else {
                stream.substreams.first()
            };
            let (snap, opts) = plan_receive(zfs, target, first, rollback)?;
            receive_chunks(zfs, &snap, &opts, counter, |w| {
                layout.for_each_chunk(|c| write_chunk(w, c))
            })?;
            Ok(ImportSummary {
                snapshot: snap,
                stream,
                verified_first: true,
            })
        }
        ImportSource::Reader(mut input) => {
            let mut magic = [0u8; 8];
            let n = read_full(&mut input, &mut magic, "reading the stream")?;
            let mut chunks: Box<dyn FnMut() -> Result<Option<Vec<u8>>, FileError> + '_> =
                if n == 8 && &magic == FILE_MAGIC {
                    let mut r = SequentialReader::new(input, &magic)?;
                    Box::new(move || r.next_chunk())
                } else {
                    let mut first = Some(magic[..n].to_vec());
                    Box::new(move || {
                        let mut buf = first.take().unwrap_or_default();
                        let start = buf.len();
                        buf.resize(CHUNK, 0);
                        let got = read_full(&mut input, &mut buf[start..], "reading the stream")?;
                        buf.truncate(start + got);
                        Ok((!buf.is_empty()).then_some(buf))
                    })
                };
            import_sequential(zfs, target, &mut chunks, rollback, counter)
        }
    }
}

/// A piped stream: verified piece by piece, each piece before the kernel gets it, one piece
/// held back so the container's end (index, trailer) is checked before the last data goes in.
fn import_sequential(
    zfs: &Zfs,
    target: &str,
    next: &mut dyn FnMut() -> Result<Option<Vec<u8>>, FileError>,
    rollback: bool,
    counter: &AtomicU64,
) -> Result<ImportSummary, EngineError> {
    let mut parser = DrrParser::new();
    // Read until the BEGIN record is known, to decide where the stream goes.
    let mut pending: Vec<Vec<u8>> = Vec::new();
    let mut ended = false;
    while parser.offset() < zsplice_stream::drr::RECORD_SIZE as u64 {
        match next()? {
            Some(c) => {
                parser.feed(&c).map_err(FileError::from)?;
                pending.push(c);
            }
            None => {
                ended = true;
                break;
            }
        }
    }
    if ended && parser.substreams().is_empty() {
        return Err(FileError::from(parser.finish().err().unwrap_or(
            zsplice_stream::DrrError::Truncated("before its first record".into()),
        ))
        .into());
    }
    // After the first BEGIN, no substream yet means a compound stream's header.
    let first = parser.substreams().first().cloned();
    let (snap, opts) = plan_receive(zfs, target, first.as_ref(), rollback)?;
    receive_chunks(zfs, &snap, &opts, counter, |w| {
        // Hold the newest piece back until the next one (or the verified end) arrives.
        let mut held: Option<Vec<u8>> = None;
        for c in pending.drain(..) {
            if let Some(h) = held.replace(c) {
                write_chunk(w, &h)?;
            }
        }
        if !ended {
            while let Some(c) = next()? {
                parser.feed(&c)?;
                if let Some(h) = held.replace(c) {
                    write_chunk(w, &h)?;
                }
            }
        }
        // The stream must end exactly at its last END record before that record goes in.
        if !parser.is_done() {
            return Err(FileError::from(parser.clone().finish().err().unwrap_or(
                zsplice_stream::DrrError::Truncated("before its END record".into()),
            )));
        }
        match held {
            Some(h) => write_chunk(w, &h),
            None => Ok(()),
        }
    })?;
    let stream = parser.finish().map_err(FileError::from)?;
    Ok(ImportSummary {
        snapshot: snap,
        stream,
        verified_first: false,
    })
}

fn write_chunk(w: &mut CountingPipe<'_>, c: &[u8]) -> Result<(), FileError> {
    w.pipe
        .write_all(c)
        .map_err(|e| FileError::io("feeding the receive", e))?;
    w.counter.fetch_add(c.len() as u64, Ordering::Relaxed);
    Ok(())
}

/// The pipe into `lzc_receive`, with the byte counter progress reads.
struct CountingPipe<'a> {
    pipe: PipeWriter,
    counter: &'a AtomicU64,
}

/// Runs `lzc_receive` of `snap` on a thread reading a pipe that `feed` writes. When `feed`
/// fails, the pipe closes early and the kernel discards the partial receive.
fn receive_chunks(
    zfs: &Zfs,
    snap: &SnapshotName,
    opts: &ReceiveOptions,
    counter: &AtomicU64,
    feed: impl FnOnce(&mut CountingPipe<'_>) -> Result<(), FileError>,
) -> Result<(), EngineError> {
    let (r, w) = pipe("receive")?;
    std::thread::scope(|s| {
        // Isolated like a transfer's receiver: a killed zsplice must not hang on this pipe.
        let receiver = spawn_isolated(s, r.into(), move |stream| zfs.receive(snap, opts, stream));
        let mut w = CountingPipe { pipe: w, counter };
        let fed = feed(&mut w);
        drop(w);
        let received = join_stream_thread(receiver, snap, "receiving");
        match (fed, received) {
            (Ok(()), Ok(())) => Ok(()),
            // The receiver stopped first (EPIPE on our side): its error is the cause.
            (Err(FileError::Io { source, .. }), Err(e))
                if source.kind() == std::io::ErrorKind::BrokenPipe =>
            {
                Err(e.into())
            }
            (Err(f), _) => Err(EngineError::Receive(format!(
                "{snap}: {f}; the receive was aborted and nothing was kept"
            ))),
            (Ok(()), Err(e)) => Err(e.into()),
        }
    })
}

/// Records by type, in wire order, with counts and payload bytes (types that occur only).
pub fn record_table(s: &StreamSummary) -> Vec<(RecordType, u64, u64)> {
    RecordType::ALL
        .iter()
        .map(|&t| (t, s.count(t).records, s.count(t).payload_bytes))
        .filter(|(_, n, _)| *n > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zsplice_stream::drr::build::sample_stream;

    #[test]
    fn verify_accepts_both_layouts_and_names_damage() {
        let stream = sample_stream("p/a@s1", 42, 0, 100_000);
        let s = verify_bytes(&stream).unwrap();
        assert_eq!(s.substreams[0].toname, "p/a@s1");
        let (file, _) = write_stream_file(
            &stream[..],
            Vec::new(),
            Codec::Zstd { level: 1 },
            16384,
            0,
            |_| Ok(()),
        )
        .unwrap();
        assert_eq!(verify_bytes(&file).unwrap(), s);
        let mut bad = stream.clone();
        bad[50_000] ^= 4;
        let e = verify_bytes(&bad).unwrap_err().to_string();
        assert!(e.contains("checksum mismatch"), "{e}");
    }

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
