//! Writing stream files: frames compressed on every core, appended in order, then the index and
//! the trailer. The writer's input is a stream zsplice itself sent, so it keeps one index entry
//! per frame in memory until the end (24 bytes per frame of, by default, 1 MiB).

use std::io::{Read, Write};

use rayon::prelude::*;

use super::compression::compress;
use super::format::{
    frame_header, le32, Codec, FileError, FileHeader, FileSummary, FrameEntry, Result, CODEC_INDEX,
    CODEC_STORED, CODEC_ZSTD, FRAME_HEADER_LEN, HEADER_LEN, INDEX_ENTRY_LEN, INDEX_PREFIX_LEN,
    MAX_FRAME_SIZE, TRAILER_LEN, TRAILER_MAGIC, VERSION,
};

/// Writes a stream file: the header at once, frames as batches arrive, the index at the end.
#[derive(Debug)]
pub struct FileWriter<W: Write> {
    out: W,
    codec: Codec,
    frame_size: u32,
    entries: Vec<FrameEntry>,
    offset: u64,
    summary: FileSummary,
}

impl<W: Write> FileWriter<W> {
    /// Writes the header to `out` and returns a writer of frames of `frame_size` bytes
    /// (1 ..= [`MAX_FRAME_SIZE`]; anything else panics) compressed with `codec`; `created` is
    /// the time recorded in the header, seconds since the epoch.
    pub fn new(mut out: W, codec: Codec, frame_size: u32, created: u64) -> Result<Self> {
        assert!(frame_size > 0 && frame_size <= MAX_FRAME_SIZE);
        let header = FileHeader {
            version: VERSION,
            frame_size,
            codec,
            created,
        };
        out.write_all(&header.encode())
            .map_err(|e| FileError::io("writing the stream file", e))?;
        Ok(FileWriter {
            out,
            codec,
            frame_size,
            entries: Vec::new(),
            offset: HEADER_LEN as u64,
            summary: FileSummary::default(),
        })
    }

    /// Compresses `frames` in parallel and appends them in order. Every frame but the stream's
    /// last must be exactly the frame size (so offsets in the raw stream follow from indices).
    pub fn write_batch(&mut self, frames: &[Vec<u8>]) -> Result<()> {
        let compressed: Vec<Result<Option<Vec<u8>>>> = match self.codec {
            Codec::Stored => frames.iter().map(|_| Ok(None)).collect(),
            Codec::Zstd { level } => frames.par_iter().map(|f| compress(f, level)).collect(),
        };
        for (raw, packed) in frames.iter().zip(compressed) {
            assert!(!raw.is_empty() && raw.len() <= self.frame_size as usize);
            let packed = packed?;
            let (codec, stored) = match &packed {
                Some(z) => (CODEC_ZSTD, z.as_slice()),
                None => (CODEC_STORED, raw.as_slice()),
            };
            let seq = self.entries.len() as u64;
            let h = frame_header(codec, seq, raw.len() as u32, stored);
            self.write(&h)?;
            self.write(stored)?;
            self.entries.push(FrameEntry {
                offset: self.offset,
                raw_len: raw.len() as u32,
                stored_len: stored.len() as u32,
                crc: le32(&h, 24),
                codec,
            });
            self.offset += (FRAME_HEADER_LEN + stored.len()) as u64;
            self.summary.raw_bytes += raw.len() as u64;
            self.summary.compressed_frames += u64::from(codec == CODEC_ZSTD);
        }
        Ok(())
    }

    fn write(&mut self, b: &[u8]) -> Result<()> {
        self.out
            .write_all(b)
            .map_err(|e| FileError::io("writing the stream file", e))
    }

    /// Writes the index and trailer; returns the writer and the file's totals.
    pub fn finish(mut self) -> Result<(W, FileSummary)> {
        let mut index = Vec::with_capacity(INDEX_PREFIX_LEN + self.entries.len() * INDEX_ENTRY_LEN);
        index.extend_from_slice(&self.summary.raw_bytes.to_le_bytes());
        index.extend_from_slice(&(self.entries.len() as u64).to_le_bytes());
        for e in &self.entries {
            index.extend_from_slice(&e.encode());
        }
        let frames = self.entries.len() as u64;
        let index_offset = self.offset;
        let h = frame_header(CODEC_INDEX, frames, index.len() as u32, &index);
        self.write(&h)?;
        self.write(&index)?;
        let mut t = [0u8; TRAILER_LEN];
        t[0..8].copy_from_slice(TRAILER_MAGIC);
        t[8..16].copy_from_slice(&index_offset.to_le_bytes());
        t[16..24].copy_from_slice(&frames.to_le_bytes());
        let crc = crc32fast::hash(&t[..28]);
        t[28..32].copy_from_slice(&crc.to_le_bytes());
        self.write(&t)?;
        self.out
            .flush()
            .map_err(|e| FileError::io("writing the stream file", e))?;
        self.summary.frames = frames;
        self.summary.file_bytes =
            index_offset + (FRAME_HEADER_LEN + index.len() + TRAILER_LEN) as u64;
        Ok((self.out, self.summary))
    }
}

/// Reads `input` to its end in frame-size pieces, shows each piece to `inspect` (verification,
/// progress) and writes the pieces as a stream file to `out`. Compression of one batch runs on
/// another thread while the next batch is read, so reading never waits for zstd.
pub fn write_stream_file<R: Read, W: Write + Send>(
    mut input: R,
    out: W,
    codec: Codec,
    frame_size: u32,
    created: u64,
    mut inspect: impl FnMut(&[u8]) -> Result<()>,
) -> Result<(W, FileSummary)> {
    let batch_len = (rayon::current_num_threads() * 2).max(4);
    let mut writer = FileWriter::new(out, codec, frame_size, created)?;
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(1);
        let compressing = s.spawn(move || -> Result<FileWriter<W>> {
            for batch in rx {
                writer.write_batch(&batch)?;
            }
            Ok(writer)
        });
        let mut read_all = || -> Result<()> {
            let mut batch = Vec::with_capacity(batch_len);
            loop {
                let frame = read_frame(&mut input, frame_size as usize)?;
                let last = frame.len() < frame_size as usize;
                if !frame.is_empty() {
                    inspect(&frame)?;
                    batch.push(frame);
                }
                let full = batch.len() == batch_len || (last && !batch.is_empty());
                // A failed send means the writer stopped; its error is the one to report.
                if full && tx.send(std::mem::take(&mut batch)).is_err() {
                    return Ok(());
                }
                if last {
                    return Ok(());
                }
            }
        };
        let read = read_all();
        drop(tx);
        let writer = compressing
            .join()
            .map_err(|_| FileError::io("compressing", std::io::Error::other("thread panicked")))?;
        read?;
        writer?.finish()
    })
}

/// Reads up to `size` bytes, fewer only at the end of the input.
fn read_frame(input: &mut impl Read, size: usize) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(size);
    input
        .take(size as u64)
        .read_to_end(&mut buf)
        .map_err(|e| FileError::io("reading the stream", e))?;
    Ok(buf)
}
