//! `zsplice send`, `zsplice receive` and `zsplice stream inspect`: snapshot streams to and from
//! files (or pipes), verified on the way out and before the way in.

use std::io::IsTerminal;
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::time::Instant;

use zsplice::streamfile::{
    export, export_to_path, import, inspect_path, inspect_reader, record_table, resolve_from,
    ExportOptions, ExportSummary, ImportSource, ImportSummary, InspectedFile, StreamFormat,
};
use zsplice::zfs::{SnapshotName, Zfs};
use zsplice::EngineError;
use zsplice_stream::drr::feature_names;
use zsplice_stream::{printable, StreamSummary};

use super::args::{InspectArgs, ReceiveArgs, SendArgs};
use super::json;
use super::output::{count, errln, format_time, human_bytes, out, outln};
use super::progress::Progress;

fn std_file(fd: std::os::fd::BorrowedFd<'_>) -> Result<std::fs::File, EngineError> {
    let owned = fd
        .try_clone_to_owned()
        .map_err(|e| zsplice_stream::FileError::io("duplicating a standard descriptor", e))?;
    Ok(std::fs::File::from(owned))
}

pub fn send(args: SendArgs) -> Result<u8, EngineError> {
    let snap = SnapshotName::new(&args.snapshot)?;
    let from = args
        .base
        .as_deref()
        .map(|f| resolve_from(&snap, f))
        .transpose()?;
    if args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(EngineError::Usage(
            "refusing to write a binary stream to a terminal: give -o FILE or redirect \
             standard output"
                .into(),
        ));
    }
    let opts = ExportOptions {
        from: from.clone(),
        format: if args.plain {
            StreamFormat::Plain
        } else {
            StreamFormat::File(args.compress)
        },
        ..Default::default()
    };
    let zfs = Zfs::open()?;
    // No bar with --json: its summary may share standard error (send without -o).
    let bar = Progress::on_stderr(!args.json);
    let started = Instant::now();
    let summary = match &args.output {
        Some(path) => export_to_path(&zfs, &snap, &opts, path, args.force, &bar),
        None => {
            // A File on a duplicate of descriptor 1: std's Stdout is line-buffered, which
            // would scan a binary stream for newlines.
            let out =
                std::io::BufWriter::with_capacity(1 << 20, std_file(std::io::stdout().as_fd())?);
            export(&zfs, &snap, &opts, out, &bar).map(|(_, summary)| summary)
        }
    };
    bar.finish();
    let summary = summary?;
    let secs = started.elapsed().as_secs_f64();
    let report = send_report(&summary, args.output.as_ref(), secs);
    if args.json {
        // On standard error when standard output is the stream itself (see args::JsonChannel).
        json::print_result(&send_json(&summary, args.output.as_ref(), secs));
    } else {
        errln!("{report}");
    }
    Ok(0)
}

fn send_report(s: &ExportSummary, path: Option<&PathBuf>, secs: f64) -> String {
    let raw = s.stream.total_bytes;
    let kind = match &s.from {
        Some(f) => format!("incremental from {f}"),
        None => "full".to_string(),
    };
    let dest = match (path, &s.file) {
        (Some(p), Some(f)) => format!(
            " → {} ({}, {}, {} compressed)",
            p.display(),
            human_bytes(f.file_bytes),
            count(f.frames, "frame", "frames"),
            f.compressed_frames
        ),
        (Some(p), None) => format!(" → {} (plain ZFS stream)", p.display()),
        (None, _) => " → standard output".to_string(),
    };
    format!(
        "sent {} ({kind}): {} stream, {} verified{dest} in {secs:.1}s ({}/s)",
        s.snapshot,
        human_bytes(raw),
        count(s.stream.verified_records, "record", "records"),
        human_bytes((raw as f64 / secs.max(1e-3)) as u64)
    )
}

fn send_json(s: &ExportSummary, path: Option<&PathBuf>, secs: f64) -> serde_json::Value {
    serde_json::json!({
        "snapshot": s.snapshot.as_str(),
        "from": s.from,
        "output": path.map(|p| p.display().to_string()),
        "stream_bytes": s.stream.total_bytes,
        "file_bytes": s.file.map(|f| f.file_bytes),
        "frames": s.file.map(|f| f.frames),
        "compressed_frames": s.file.map(|f| f.compressed_frames),
        "records": s.stream.records(),
        "verified_records": s.stream.verified_records,
        "seconds": secs,
        "flags": {
            "compressed": s.flags.compressed, "large_blocks": s.flags.large_blocks,
            "embedded": s.flags.embedded, "raw": s.flags.raw,
        },
    })
}

/// `-` names standard input.
fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

pub fn receive(args: ReceiveArgs) -> Result<u8, EngineError> {
    let from = args.input.as_deref().filter(|p| !is_stdin(p));
    if from.is_none() && std::io::stdin().is_terminal() {
        return Err(EngineError::Usage(
            "no stream to receive: give --input FILE or pipe a stream into standard input".into(),
        ));
    }
    // ZFS is opened only once the stream is known to be receivable: one that is not is refused
    // the same way on any machine.
    let open_zfs = || Zfs::open().map_err(EngineError::from);
    let source = match from {
        Some(path) => ImportSource::Path(path),
        None => ImportSource::Reader(Box::new(std_file(std::io::stdin().as_fd())?)),
    };
    // A pipe has no size to measure progress against; --json wants its summary only.
    let bar = Progress::on_stderr(from.is_some() && !args.json);
    let started = Instant::now();
    let summary = import(open_zfs, &args.target, source, args.rollback, &bar);
    bar.finish();
    let summary: ImportSummary = summary?;
    let secs = started.elapsed().as_secs_f64();
    let bytes = summary.stream.total_bytes;
    if args.json {
        let v = serde_json::json!({
            "snapshot": summary.snapshot.as_str(),
            "stream_bytes": bytes,
            "records": summary.stream.records(),
            "verified_records": summary.stream.verified_records,
            "verified_before_receive": summary.verified_first,
            "seconds": secs,
        });
        json::print_result(&v);
    } else {
        outln!(
            "received {} in {secs:.1}s: {} stream, {} verified {}",
            summary.snapshot,
            human_bytes(bytes),
            count(summary.stream.verified_records, "record", "records"),
            if summary.verified_first {
                "before the receive"
            } else {
                "on the way in"
            }
        );
    }
    Ok(0)
}

pub fn inspect(args: InspectArgs) -> Result<u8, EngineError> {
    let (summary, file) = if is_stdin(&args.file) {
        if std::io::stdin().is_terminal() {
            return Err(EngineError::Usage(
                "no stream to inspect: pipe a stream into standard input or name a file".into(),
            ));
        }
        inspect_reader(std_file(std::io::stdin().as_fd())?)?
    } else {
        inspect_path(&args.file)?
    };
    if args.json {
        json::print_result(&inspect_json(&summary, file.as_ref()));
    } else {
        out!("{}", inspect_text(&summary, file.as_ref()));
    }
    Ok(0)
}

fn inspect_text(s: &StreamSummary, file: Option<&InspectedFile>) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    match file {
        Some(f) => {
            let _ = writeln!(
                o,
                "zsplice stream file: {} in {} of up to {} ({} compressed with {}), written {}",
                human_bytes(f.file_bytes),
                count(f.frames, "frame", "frames"),
                human_bytes(f.frame_size as u64),
                f.compressed_frames,
                f.codec,
                format_time(f.created)
            );
        }
        None => o.push_str("plain ZFS send stream\n"),
    }
    let _ = writeln!(
        o,
        "stream: {} ({}), {}, all checksums verified ({} with a checksum)",
        count(s.total_bytes, "byte", "bytes"),
        human_bytes(s.total_bytes),
        count(s.records(), "record", "records"),
        count(s.verified_records, "record", "records")
    );
    if s.compound {
        o.push_str("kind: compound (zfs send -R/-p), substreams below\n");
    }
    for sub in &s.substreams {
        // The name is the stream's to choose: a crafted one must not drive the terminal.
        let _ = writeln!(o, "snapshot: {}", printable(&sub.toname));
        let _ = writeln!(o, "  toguid:   {}", sub.toguid);
        if sub.is_incremental() {
            let _ = writeln!(o, "  fromguid: {} (incremental)", sub.fromguid);
        } else {
            o.push_str("  fromguid: 0 (full stream)\n");
        }
        let _ = writeln!(o, "  created:  {}", format_time(sub.creation_time));
        let features = feature_names(sub.features);
        let _ = writeln!(
            o,
            "  features: {}",
            if features.is_empty() {
                "none".to_string()
            } else {
                features.join(", ")
            }
        );
    }
    let unlisted = s.substream_count.saturating_sub(s.substreams.len() as u64);
    if unlisted > 0 {
        let _ = writeln!(
            o,
            "... and {} more",
            count(unlisted, "snapshot", "snapshots")
        );
    }
    let _ = writeln!(
        o,
        "{:<16} {:>10} {:>16}",
        "RECORD", "COUNT", "PAYLOAD BYTES"
    );
    for (t, n, bytes) in record_table(s) {
        let _ = writeln!(o, "{:<16} {:>10} {:>16}", t.name(), n, bytes);
    }
    let _ = writeln!(
        o,
        "data: {} written logically ({} in WRITE payloads)",
        human_bytes(s.write_logical_bytes),
        human_bytes(s.count(zsplice_stream::RecordType::Write).payload_bytes)
    );
    o
}

fn inspect_json(s: &StreamSummary, file: Option<&InspectedFile>) -> serde_json::Value {
    let records: serde_json::Map<String, serde_json::Value> = record_table(s)
        .into_iter()
        .map(|(t, n, b)| {
            (
                t.name().to_string(),
                serde_json::json!({"count": n, "payload_bytes": b}),
            )
        })
        .collect();
    serde_json::json!({
        "format": if file.is_some() { "zsplice" } else { "zfs" },
        "file": file.map(|f| serde_json::json!({
            "bytes": f.file_bytes, "frames": f.frames, "frame_size": f.frame_size,
            "compressed_frames": f.compressed_frames, "codec": f.codec.to_string(),
            "created": f.created,
        })),
        "stream_bytes": s.total_bytes,
        "compound": s.compound,
        // Snapshots in the stream; "snapshots" lists the first MAX_LISTED_SUBSTREAMS.
        "snapshot_count": s.substream_count,
        "verified_records": s.verified_records,
        "write_logical_bytes": s.write_logical_bytes,
        "records": records,
        "snapshots": s.substreams.iter().map(|sub| serde_json::json!({
            "name": sub.toname, "toguid": sub.toguid, "fromguid": sub.fromguid,
            "incremental": sub.is_incremental(), "creation": sub.creation_time,
            "features": feature_names(sub.features),
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use zsplice_stream::drr::build::StreamBuilder;

    #[test]
    fn names_from_a_stream_are_printed_with_control_characters_escaped() {
        // A crafted BEGIN record can name its snapshot anything, terminal escapes included.
        let name = "p/a@s1\u{1b}]0;owned\u{7}\u{1b}[2J\r\u{9b}x";
        let stream = StreamBuilder::begin(name, 42, 0, 0).end(42);
        let summary = zsplice_stream::drr::verify(&stream).unwrap();
        let text = inspect_text(&summary, None);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(
            text.contains(r"snapshot: p/a@s1\u{1b}]0;owned\u{7}\u{1b}[2J\r\u{9b}x"),
            "{text}"
        );
        // JSON keeps the name exact (serde escapes control characters itself).
        let json = inspect_json(&summary, None);
        assert_eq!(json["snapshots"][0]["name"], name);
    }
}
