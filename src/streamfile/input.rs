//! How a stream arrives, for sending, receiving and inspecting alike. A regular file is mapped
//! and read in place (a stream file from its index, on every core); standard input, a FIFO or
//! any other file that is not regular is read front to back as it arrives, since it can be
//! neither mapped nor read twice.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use zsplice_stream::drr::RecordType;
use zsplice_stream::file::{read_full, FILE_MAGIC};
use zsplice_stream::{DrrParser, FileError, MappedFile, SequentialReader, StreamSummary};

use crate::error::EngineError;

/// How much is read from a plain stream at a time.
pub(super) const CHUNK: usize = 1 << 20;

/// The two layouts a stream can arrive in.
pub(super) enum Layout<'a> {
    File(MappedFile<'a>),
    Plain(&'a [u8]),
}

pub(super) fn layout(bytes: &[u8]) -> Result<Layout<'_>, FileError> {
    if bytes.starts_with(FILE_MAGIC) {
        return Ok(Layout::File(MappedFile::open(bytes)?));
    }
    Ok(Layout::Plain(bytes))
}

impl Layout<'_> {
    pub(super) fn for_each_chunk(
        &self,
        sink: impl FnMut(&[u8]) -> Result<(), FileError>,
    ) -> Result<(), FileError> {
        match self {
            Layout::File(m) => m.for_each_chunk(sink),
            Layout::Plain(b) => b.chunks(CHUNK).try_for_each(sink),
        }
    }

    /// Verifies the whole stream; the summary of what it holds.
    pub(super) fn verify(&self) -> Result<StreamSummary, FileError> {
        let mut parser = DrrParser::new();
        self.for_each_chunk(|c| parser.feed(c).map_err(FileError::from))?;
        Ok(parser.finish()?)
    }
}

/// Verifies a stream (file or plain) completely; the summary of what it holds.
pub fn verify_bytes(bytes: &[u8]) -> Result<StreamSummary, EngineError> {
    Ok(layout(bytes)?.verify()?)
}

/// A stream named by a path, opened.
pub(super) enum Input {
    /// A regular file, mapped read-only.
    Mapped(zsplice_zfs::mapped::Mmap),
    /// Anything else that can be read (a FIFO, a character device, a socket): read as it comes.
    Stream(File),
}

/// Opens `path`, and looks at what it opened (not at the path, which could change in between)
/// to choose how to read it.
/// Refuses a stream file that is not there (or is a directory) as the user's mistake, before
/// anything is opened. Not only regular files pass: a FIFO (or /dev/stdin) is read as it comes.
pub(super) fn require_input(path: &Path) -> Result<(), EngineError> {
    if !path.exists() || path.is_dir() {
        return Err(EngineError::Usage(format!(
            "{}: no such stream file",
            path.display()
        )));
    }
    Ok(())
}

pub(super) fn open_input(path: &Path) -> Result<Input, FileError> {
    let file =
        File::open(path).map_err(|e| FileError::io(format!("opening {}", path.display()), e))?;
    let meta = file
        .metadata()
        .map_err(|e| FileError::io(format!("opening {}", path.display()), e))?;
    if meta.is_dir() {
        return Err(FileError::io(
            format!("reading {}", path.display()),
            std::io::Error::from_raw_os_error(nix::libc::EISDIR),
        ));
    }
    if !meta.is_file() {
        return Ok(Input::Stream(file));
    }
    if meta.len() == 0 {
        return Err(FileError::Empty.in_file(path.display()));
    }
    zsplice_zfs::mapped::map_readonly(&file)
        .map(Input::Mapped)
        .map_err(|e| FileError::io(format!("mapping {}", path.display()), e))
}

/// A stream read front to back: a stream file's frames, each checked as it arrives, or a plain
/// stream's pieces.
pub(super) enum Sequential<R: Read> {
    File(SequentialReader<R>),
    Plain {
        input: R,
        /// Bytes read to tell the layouts apart, handed on first.
        first: Option<Vec<u8>>,
    },
}

impl<R: Read> Sequential<R> {
    /// Reads enough to tell a stream file from a plain stream.
    pub(super) fn open(mut input: R) -> Result<Sequential<R>, FileError> {
        let mut magic = [0u8; 8];
        let n = read_full(&mut input, &mut magic, "reading the stream")?;
        if n == 0 {
            return Err(FileError::Empty);
        }
        Ok(if n == 8 && &magic == FILE_MAGIC {
            Sequential::File(SequentialReader::new(input, &magic)?)
        } else {
            Sequential::Plain {
                input,
                first: Some(magic[..n].to_vec()),
            }
        })
    }

    /// The next piece of the stream; None at its (checked) end.
    pub(super) fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, FileError> {
        match self {
            Sequential::File(r) => r.next_chunk(),
            Sequential::Plain { input, first } => {
                let mut buf = first.take().unwrap_or_default();
                let start = buf.len();
                buf.resize(CHUNK, 0);
                let got = read_full(input, &mut buf[start..], "reading the stream")?;
                buf.truncate(start + got);
                Ok((!buf.is_empty()).then_some(buf))
            }
        }
    }
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
    use zsplice_stream::file::write_stream_file;
    use zsplice_stream::Codec;

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
}
