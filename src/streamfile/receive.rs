//! The way in: a stream file or plain stream received into a dataset, never before it has been
//! checked. What can be decided from the stream alone (its integrity from a file, that it is one
//! snapshot's stream, the snapshot name it brings) is decided before ZFS is even opened; then
//! the target is checked (pool features, base snapshot) before the kernel sees a byte.

use std::io::{PipeWriter, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use zsplice_stream::drr::RECORD_SIZE;
use zsplice_stream::{printable, DrrParser, FileError, StreamSummary, Substream};
use zsplice_zfs::{DatasetName, ErrorKind, ReceiveOptions, SnapshotName, Zfs};

use super::input::{layout, open_input, require_input, Input, Sequential};
use crate::error::EngineError;
use crate::observe::{reporting_progress, Observer};
use crate::replicate::features::missing_for_stream;
use crate::transfer::pipe::{join_stream_thread, pipe, spawn_isolated};

/// What an import received.
#[derive(Debug, Clone)]
pub struct ImportSummary {
    /// The snapshot the stream became.
    pub snapshot: SnapshotName,
    /// The verified stream: records, bytes, features.
    pub stream: StreamSummary,
    /// True when the whole stream was verified before the receive started (a file); false when
    /// it was verified piece by piece on the way in (a pipe).
    pub verified_first: bool,
}

/// Where a stream comes from.
pub enum ImportSource<'a> {
    /// A file: mapped and verified whole first when it is a regular file, read as it arrives
    /// (like a pipe) when it is a FIFO or another kind of file that cannot be mapped.
    Path(&'a Path),
    /// Any reader (standard input, a socket), verified piece by piece as it arrives.
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

/// A stream that cannot be received at `target` (it does not fit there).
fn refusal(target: &str, why: impl std::fmt::Display) -> EngineError {
    EngineError::Receive(format!("cannot receive into {target}: {why}"))
}

/// A stream that would overwrite what is at `target`: refused as a diverged destination is
/// (exit 3), since what is there is the user's.
fn protecting(target: &str, why: impl std::fmt::Display) -> EngineError {
    EngineError::ReceiveRefused(format!("cannot receive into {target}: {why}"))
}

/// The snapshot a stream becomes under `target` (a dataset, whose snapshot takes the stream's
/// snapshot name, or `dataset@name`), from the stream alone. `first` is the stream's snapshot,
/// None for a replication stream of several datasets (`zfs send -R`), which is refused. The
/// name comes from the stream, so an invalid one is quoted escaped: it may hold anything.
pub fn receivable<'s>(
    target: &str,
    first: Option<&'s Substream>,
) -> Result<(SnapshotName, &'s Substream), EngineError> {
    let Some(first) = first else {
        return Err(refusal(
            target,
            "this is a replication stream of several datasets (zfs send -R); zsplice receives \
             one snapshot's stream at a time: use zfs receive for it",
        ));
    };
    if target.contains('@') {
        return Ok((SnapshotName::new(target)?, first));
    }
    let dataset = DatasetName::new(target)?;
    let short = first.toname.split_once('@').map_or("", |(_, s)| s);
    let snap = dataset.snapshot(short).map_err(|e| {
        let reason = match e {
            zsplice_zfs::Error::InvalidName { reason, .. } => reason,
            other => other.to_string(),
        };
        refusal(
            target,
            format!(
                "the stream's snapshot name '{}' does not fit here ({}); name the snapshot \
                 yourself as {target}@NAME",
                printable(&first.toname),
                printable(&reason)
            ),
        )
    })?;
    Ok((snap, first))
}

/// Which snapshot a stream becomes and how it is received, after checking that it can be
/// received there: see [`receivable`], then the pool has the stream's features; a full stream
/// creates a new dataset under an existing parent; an incremental stream's base is the target's
/// newest snapshot.
pub fn plan_receive(
    zfs: &Zfs,
    target: &str,
    first: Option<&Substream>,
    rollback: bool,
) -> Result<(SnapshotName, ReceiveOptions), EngineError> {
    let (snap, first) = receivable(target, first)?;
    let opts = check_target(zfs, target, &snap, first, rollback)?;
    Ok((snap, opts))
}

/// The checks of [`plan_receive`] that need the target's pool.
fn check_target(
    zfs: &Zfs,
    target: &str,
    snap: &SnapshotName,
    first: &Substream,
    rollback: bool,
) -> Result<ReceiveOptions, EngineError> {
    let refuse = |why: String| refusal(target, why);
    let fs = snap.dataset();
    let release = zsplice_zfs::release::loaded_release();
    let missing = missing_for_stream(first.features, &zfs.pool_features(fs.pool())?, release);
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
            return Err(protecting(
                target,
                format!(
                    "{fs} exists, and a full stream creates its dataset; receive into a new name \
                     (or destroy {fs} first)"
                ),
            ));
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
            return Err(protecting(
                target,
                format!(
                    "it has snapshots newer than the stream's base {}: {}; only the newest \
                     snapshot can be a base (zsplice destroys nothing to make room)",
                    snaps[pos].name,
                    newer.join(", ")
                ),
            ));
        }
    }
    if zfs.exists(snap.as_str()) {
        return Err(refuse(format!("{snap} already exists")));
    }
    Ok(ReceiveOptions {
        raw: first.features & (1 << 24) != 0,
        // Only ever rolls back to the base, which was checked to be the newest snapshot: it
        // discards changes made since then and never a snapshot.
        force: rollback && first.is_incremental(),
        ..Default::default()
    })
}

/// Receives a stream into `target` (a dataset, whose snapshot takes the stream's snapshot name,
/// or `dataset@name`). `obs` sees the stream bytes handed to the kernel (against the file's
/// size; 0, unknown, for a pipe).
/// With `rollback`, changes made to the target since its newest snapshot (the stream's base)
/// are discarded, as `zfs receive -F` does; without it such a target is refused.
/// ZFS is opened with `open_zfs` only once the stream has been found receivable, so a stream
/// that is not (damaged, a replication stream, badly named) is refused alike on any machine.
///
/// A badly formed target and a stream file that does not exist are refused before anything is
/// opened; a target changed since its newest snapshot, without `rollback`, is refused with how
/// to go ahead.
pub fn import(
    open_zfs: impl FnOnce() -> Result<Zfs, EngineError>,
    target: &str,
    source: ImportSource<'_>,
    rollback: bool,
    obs: &dyn Observer,
) -> Result<ImportSummary, EngineError> {
    if target.contains('@') {
        SnapshotName::new(target)?;
    } else {
        DatasetName::new(target)?;
    }
    if let ImportSource::Path(path) = &source {
        require_input(path)?;
    }
    let total = match &source {
        ImportSource::Path(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        ImportSource::Reader(_) => 0,
    };
    let counter = AtomicU64::new(0);
    reporting_progress(
        obs,
        total,
        &counter,
        || import_checked(open_zfs, target, source, rollback, &counter),
        Result::is_ok,
    )
    .map_err(modified_hint)
}

/// A target changed since its newest snapshot: say how to go ahead anyway.
fn modified_hint(e: EngineError) -> EngineError {
    match &e {
        EngineError::Zfs(z) if z.kind() == zsplice_zfs::ErrorKind::DestinationModified => {
            EngineError::ReceiveRefused(format!(
                "{e}; ask for a rollback to discard those changes (--rollback; in C, the rollback option; no snapshot is destroyed)"
            ))
        }
        _ => e,
    }
}

fn import_checked(
    open_zfs: impl FnOnce() -> Result<Zfs, EngineError>,
    target: &str,
    source: ImportSource<'_>,
    rollback: bool,
    counter: &AtomicU64,
) -> Result<ImportSummary, EngineError> {
    let (map, path) = match source {
        ImportSource::Path(path) => match open_input(path)? {
            Input::Mapped(map) => (map, path),
            Input::Stream(file) => {
                let input = Sequential::open(file).map_err(|e| e.in_file(path.display()))?;
                let name = Some(path.display().to_string());
                return import_sequential(open_zfs, target, input, name, rollback, counter);
            }
        },
        ImportSource::Reader(input) => {
            let input = Sequential::open(input)?;
            return import_sequential(open_zfs, target, input, None, rollback, counter);
        }
    };
    let named = |e: FileError| e.in_file(path.display());
    let layout = layout(&map).map_err(named)?;
    // Everything is checked before the kernel sees a byte.
    let stream = layout.verify().map_err(named)?;
    let first = if stream.compound {
        None
    } else {
        stream.substreams.first()
    };
    let (snap, first) = receivable(target, first)?;
    let zfs = open_zfs()?;
    let opts = check_target(&zfs, target, &snap, first, rollback)?;
    receive_chunks(&zfs, &snap, &opts, counter, |w| {
        layout.for_each_chunk(|c| write_chunk(w, c))
    })?;
    Ok(ImportSummary {
        snapshot: snap,
        stream,
        verified_first: true,
    })
}

/// A piped stream: verified piece by piece, each piece before the kernel gets it, one piece
/// held back so the container's end (index, trailer) is checked before the last data goes in.
fn import_sequential<R: Read>(
    open_zfs: impl FnOnce() -> Result<Zfs, EngineError>,
    target: &str,
    mut input: Sequential<R>,
    name: Option<String>,
    rollback: bool,
    counter: &AtomicU64,
) -> Result<ImportSummary, EngineError> {
    let Opening {
        mut parser,
        mut pending,
    } = Opening::read(&mut input).map_err(|e| match &name {
        Some(name) => e.in_file(name),
        None => e,
    })?;
    let first = Opening::first(&parser);
    let (snap, first) = receivable(target, first.as_ref())?;
    let zfs = open_zfs()?;
    let opts = check_target(&zfs, target, &snap, first, rollback)?;
    receive_chunks(&zfs, &snap, &opts, counter, |w| {
        // Hold the newest piece back until the next one (or the verified end) arrives.
        let mut held: Option<Vec<u8>> = None;
        for c in pending.drain(..) {
            if let Some(h) = held.replace(c) {
                write_chunk(w, &h)?;
            }
        }
        while let Some(c) = input.next_chunk()? {
            parser.feed(&c)?;
            if let Some(h) = held.replace(c) {
                write_chunk(w, &h)?;
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

/// The start of a piped stream, read until its first record is known.
struct Opening {
    parser: DrrParser,
    /// The pieces read, all verified, none received yet.
    pending: Vec<Vec<u8>>,
}

impl Opening {
    fn read<R: Read>(input: &mut Sequential<R>) -> Result<Opening, FileError> {
        let mut parser = DrrParser::new();
        let mut pending: Vec<Vec<u8>> = Vec::new();
        while parser.offset() < RECORD_SIZE as u64 {
            match input.next_chunk()? {
                Some(c) => {
                    parser.feed(&c)?;
                    pending.push(c);
                }
                None => {
                    return Err(FileError::from(parser.finish().err().unwrap_or(
                        zsplice_stream::DrrError::Truncated("before its first record".into()),
                    )))
                }
            }
        }
        Ok(Opening { parser, pending })
    }

    /// The snapshot the stream is of; None for a replication stream, which its first BEGIN
    /// alone tells. The first piece can hold a replication stream's header, its END and the
    /// first snapshot's BEGIN too, and that snapshot is not the stream: the first BEGIN
    /// decides, as it does for a file, not the substreams read so far.
    fn first(parser: &DrrParser) -> Option<Substream> {
        if parser.is_compound() {
            return None;
        }
        parser.substreams().first().cloned()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use zsplice_stream::drr::build::{compound_stream, sample_stream, StreamBuilder};

    /// Reads the start of `stream` the way a piped receive does, in `CHUNK`-sized pieces; the
    /// snapshot it would receive, or why not.
    fn decide(target: &str, stream: &[u8]) -> Result<SnapshotName, EngineError> {
        let opening = Opening::read(&mut Sequential::open(stream)?)?;
        let first = Opening::first(&opening.parser);
        receivable(target, first.as_ref()).map(|(snap, _)| snap)
    }

    #[test]
    fn a_replication_stream_is_refused_from_its_first_piece() {
        // Small enough that the first piece read holds the header, its END and the first
        // snapshot's BEGIN: that snapshot is not the stream.
        let stream = compound_stream(&[sample_stream("p/a@s1", 42, 0, 1000)]);
        assert!(stream.len() < super::super::input::CHUNK);
        let e = decide("dst/t", &stream).unwrap_err();
        assert!(
            e.to_string().contains("zfs send -R") && e.to_string().contains("use zfs receive"),
            "{e}"
        );
        assert_eq!(e.exit_code(), 1);
        let single = sample_stream("p/a@s1", 42, 0, 1000);
        assert_eq!(decide("dst/t", &single).unwrap().as_str(), "dst/t@s1");
        assert_eq!(decide("dst/t@x", &single).unwrap().as_str(), "dst/t@x");
    }

    #[test]
    fn a_snapshot_name_from_the_stream_is_quoted_escaped() {
        let stream = StreamBuilder::begin("p/a@s\u{1b}[31m\u{7}", 42, 0, 0).end(42);
        let e = decide("dst/t", &stream).unwrap_err().to_string();
        assert!(!e.chars().any(char::is_control), "{e:?}");
        assert!(e.contains(r"'p/a@s\u{1b}[31m\u{7}'"), "{e}");
        // A name of the user's own is not the stream's, and goes as it is.
        assert_eq!(decide("dst/t@ok", &stream).unwrap().as_str(), "dst/t@ok");
        // The user's target is checked as a name of the user's (a usage error).
        assert_eq!(decide("dst/t*", &stream).unwrap_err().exit_code(), 2);
    }
}
