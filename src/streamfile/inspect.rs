//! `stream inspect`: a stream file or plain stream verified end to end and summarised, from a
//! file (mapped) or as it arrives (standard input, a FIFO).

use std::io::Read;
use std::path::Path;

use zsplice_stream::file::FileHeader;
use zsplice_stream::{Codec, DrrParser, FileError, FileSummary, StreamSummary};

use super::input::{layout, open_input, require_input, Input, Layout, Sequential};
use crate::error::EngineError;

/// The container of an inspected stream file.
#[derive(Debug, Clone, Copy)]
pub struct InspectedFile {
    /// The codec the writer asked for.
    pub codec: Codec,
    /// Decoded bytes per frame (every frame but the last).
    pub frame_size: u32,
    /// Data frames (the index frame not included).
    pub frames: u64,
    /// Frames the codec shrank (the rest are stored as is).
    pub compressed_frames: u64,
    /// Size of the file in bytes.
    pub file_bytes: u64,
    /// When the file was written, in seconds since the epoch.
    pub created: u64,
}

impl InspectedFile {
    fn new(header: &FileHeader, totals: FileSummary) -> InspectedFile {
        InspectedFile {
            codec: header.codec,
            frame_size: header.frame_size,
            frames: totals.frames,
            compressed_frames: totals.compressed_frames,
            file_bytes: totals.file_bytes,
            created: header.created,
        }
    }
}

/// Summary of a stream file or plain stream at `path`, verified end to end, with the file's
/// layout when it is a zsplice stream file. A regular file is mapped; anything else (a FIFO) is
/// read as it arrives, until its writer closes it.
pub fn inspect_path(path: &Path) -> Result<(StreamSummary, Option<InspectedFile>), EngineError> {
    require_input(path)?;
    let named = |e: FileError| e.in_file(path.display());
    let map = match open_input(path)? {
        Input::Mapped(map) => map,
        Input::Stream(file) => return Ok(inspect_sequential(file).map_err(named)?),
    };
    let layout = layout(&map).map_err(named)?;
    let summary = layout.verify().map_err(named)?;
    let file_info = match layout {
        Layout::File(m) => Some(InspectedFile::new(
            &m.header,
            FileSummary {
                raw_bytes: m.raw_bytes,
                file_bytes: map.len() as u64,
                frames: m.frame_count() as u64,
                compressed_frames: m.compressed_frames(),
            },
        )),
        Layout::Plain(_) => None,
    };
    Ok((summary, file_info))
}

/// The same as [`inspect_path`] for a stream read front to back (standard input): each frame
/// and record is checked as it arrives, holding a frame at a time.
pub fn inspect_reader(
    input: impl Read,
) -> Result<(StreamSummary, Option<InspectedFile>), EngineError> {
    Ok(inspect_sequential(input)?)
}

fn inspect_sequential(
    input: impl Read,
) -> Result<(StreamSummary, Option<InspectedFile>), FileError> {
    let mut input = Sequential::open(input)?;
    let mut parser = DrrParser::new();
    while let Some(chunk) = input.next_chunk()? {
        parser.feed(&chunk)?;
    }
    let summary = parser.finish()?;
    let file_info = match &input {
        Sequential::File(r) => Some(InspectedFile::new(&r.header, r.summary())),
        Sequential::Plain { .. } => None,
    };
    Ok((summary, file_info))
}

#[cfg(test)]
mod tests {
    use super::*;
    use zsplice_stream::drr::build::sample_stream;
    use zsplice_stream::file::write_stream_file;

    #[test]
    fn a_stream_read_as_it_arrives_is_summarised_like_a_file() {
        let stream = sample_stream("p/a@s1", 42, 0, 100_000);
        let (file, written) = write_stream_file(
            &stream[..],
            Vec::new(),
            Codec::Zstd { level: 1 },
            16384,
            9,
            |_| Ok(()),
        )
        .unwrap();
        let (summary, info) = inspect_reader(&file[..]).unwrap();
        assert_eq!(summary, super::super::input::verify_bytes(&stream).unwrap());
        let info = info.unwrap();
        assert_eq!(
            (info.frames, info.compressed_frames, info.file_bytes),
            (
                written.frames,
                written.compressed_frames,
                written.file_bytes
            )
        );
        assert_eq!((info.frame_size, info.created), (16384, 9));
        let (plain, info) = inspect_reader(&stream[..]).unwrap();
        assert_eq!(plain, summary);
        assert!(info.is_none());
        let e = inspect_reader(&file[..file.len() - 1]).unwrap_err();
        assert!(e.to_string().contains("trailer"), "{e}");
    }
}
