//! zsplice's stream file format: a ZFS send stream cut into independent frames, each optionally
//! zstd-compressed and protected by a CRC-32, followed by an index. Independent frames are what
//! let compression and decompression run on every core (rayon) while output stays in order; the
//! CRC catches a damaged frame before its bytes are decompressed; the index lets a mapped file be
//! checked and decoded out of order. The layout is documented in `docs/stream-file-format.md`:
//!
//! ```text
//! header (64 bytes) | frame 0 | frame 1 | ... | index frame | trailer (32 bytes)
//! frame = frame header (32 bytes) + stored bytes
//! ```
//!
//! All integers are little-endian. Readers enforce every length against the header's frame size
//! (at most 64 MiB) and the file's size, so no input makes them allocate without bound.

use std::borrow::Cow;
use std::io::{Read, Write};

use rayon::prelude::*;

use crate::drr::DrrError;

pub const FILE_MAGIC: &[u8; 8] = b"ZSPLSTRM";
const TRAILER_MAGIC: &[u8; 8] = b"ZSPLEND\0";
const FRAME_MAGIC: &[u8; 4] = b"ZFRM";
pub const VERSION: u16 = 1;
pub const HEADER_LEN: usize = 64;
pub const FRAME_HEADER_LEN: usize = 32;
pub const TRAILER_LEN: usize = 32;
const INDEX_ENTRY_LEN: usize = 24;
const INDEX_PREFIX_LEN: usize = 16;
/// Default raw bytes per frame: large enough that zstd's ratio is close to whole-stream
/// compression, small enough that a batch for every core stays a few tens of MiB.
pub const DEFAULT_FRAME_SIZE: u32 = 1 << 20;
/// The largest frame a reader accepts.
pub const MAX_FRAME_SIZE: u32 = 64 << 20;

/// The context of a read error while reading a stream file.
const READING: &str = "reading the stream file";

const CODEC_STORED: u8 = 0;
const CODEC_ZSTD: u8 = 1;
const CODEC_INDEX: u8 = 0xFF;

/// How frames are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// Frames hold the stream's bytes as they are.
    Stored,
    /// zstd at this level (negative levels are zstd's fast modes).
    Zstd { level: i32 },
}

impl Codec {
    /// Parses `none`, `zstd` (level 1: throughput first) or `zstd:LEVEL` (-7..=19).
    pub fn parse(s: &str) -> Result<Codec, String> {
        match s.split_once(':') {
            None if s == "none" => Ok(Codec::Stored),
            None if s == "zstd" => Ok(Codec::Zstd { level: 1 }),
            Some(("zstd", level)) => {
                let level: i32 = level.parse().map_err(|_| {
                    format!("'{level}' is not a zstd level (a number from -7 to 19)")
                })?;
                if !(-7..=19).contains(&level) {
                    return Err(format!("zstd level {level} is out of range (-7 to 19)"));
                }
                Ok(Codec::Zstd { level })
            }
            _ => Err(format!(
                "unknown compression '{s}': use none, zstd or zstd:LEVEL (e.g. zstd:3)"
            )),
        }
    }

    fn id(self) -> u8 {
        match self {
            Codec::Stored => CODEC_STORED,
            Codec::Zstd { .. } => CODEC_ZSTD,
        }
    }

    fn level(self) -> i8 {
        match self {
            Codec::Stored => 0,
            Codec::Zstd { level } => level as i8,
        }
    }
}

impl std::fmt::Display for Codec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Codec::Stored => f.write_str("none"),
            Codec::Zstd { level } => write!(f, "zstd:{level}"),
        }
    }
}

/// A damaged, truncated or foreign stream file, or an I/O error while using one.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("not a zsplice stream file (bad magic)")]
    NotAStreamFile,
    #[error("stream file version {0} is newer than this zsplice understands (1)")]
    UnsupportedVersion(u16),
    #[error("the stream file's header is damaged: {0}")]
    BadHeader(String),
    #[error("frame {frame} at byte {offset} is damaged: {why}")]
    Damaged {
        frame: u64,
        offset: u64,
        why: String,
    },
    #[error("the stream file is truncated: {0}")]
    Truncated(String),
    #[error("the stream file's index is damaged: {0}")]
    BadIndex(String),
    #[error("the ZFS stream inside the file is damaged: {0}")]
    Stream(#[from] DrrError),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl FileError {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> FileError {
        FileError::Io {
            context: context.into(),
            source,
        }
    }
}

type Result<T, E = FileError> = std::result::Result<T, E>;

/// The file header's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHeader {
    pub version: u16,
    pub frame_size: u32,
    /// The codec the writer asked for (a frame that would not shrink is stored as is).
    pub codec: Codec,
    /// When the file was written, seconds since the epoch.
    pub created: u64,
}

impl FileHeader {
    fn encode(&self) -> [u8; HEADER_LEN] {
        let mut h = [0u8; HEADER_LEN];
        h[0..8].copy_from_slice(FILE_MAGIC);
        h[8..10].copy_from_slice(&self.version.to_le_bytes());
        h[10..12].copy_from_slice(&(HEADER_LEN as u16).to_le_bytes());
        h[12..16].copy_from_slice(&self.frame_size.to_le_bytes());
        h[16] = self.codec.id();
        h[17] = self.codec.level() as u8;
        h[24..32].copy_from_slice(&self.created.to_le_bytes());
        let crc = crc32fast::hash(&h[..60]);
        h[60..64].copy_from_slice(&crc.to_le_bytes());
        h
    }

    /// Decodes and checks a header.
    pub fn decode(h: &[u8]) -> Result<FileHeader> {
        if h.len() < 8 || &h[0..8] != FILE_MAGIC {
            return Err(if h.len() < 8 && FILE_MAGIC.starts_with(h) {
                FileError::Truncated(format!("only {} bytes", h.len()))
            } else {
                FileError::NotAStreamFile
            });
        }
        if h.len() < HEADER_LEN {
            return Err(FileError::Truncated(format!(
                "only {} bytes, less than its header",
                h.len()
            )));
        }
        if crc32fast::hash(&h[..60]) != le32(h, 60) {
            return Err(FileError::BadHeader("CRC mismatch".into()));
        }
        let version = le16(h, 8);
        if version != VERSION {
            return Err(FileError::UnsupportedVersion(version));
        }
        if le16(h, 10) as usize != HEADER_LEN {
            return Err(FileError::BadHeader("unexpected header length".into()));
        }
        let frame_size = le32(h, 12);
        if frame_size == 0 || frame_size > MAX_FRAME_SIZE {
            return Err(FileError::BadHeader(format!(
                "frame size {frame_size} is out of range"
            )));
        }
        let codec = match h[16] {
            CODEC_STORED => Codec::Stored,
            CODEC_ZSTD => Codec::Zstd {
                level: h[17] as i8 as i32,
            },
            other => return Err(FileError::BadHeader(format!("unknown codec {other}"))),
        };
        Ok(FileHeader {
            version,
            frame_size,
            codec,
            created: le64(h, 24),
        })
    }
}

fn le16(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
fn le32(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w)
}
fn le64(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// Where one frame is and what it holds, as the index records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameEntry {
    /// Byte offset of the frame's header in the file.
    pub offset: u64,
    pub raw_len: u32,
    pub stored_len: u32,
    pub crc: u32,
    pub codec: u8,
}

impl FrameEntry {
    fn end(&self) -> u64 {
        self.offset + FRAME_HEADER_LEN as u64 + self.stored_len as u64
    }
}

fn frame_header(codec: u8, seq: u64, raw_len: u32, stored: &[u8]) -> [u8; FRAME_HEADER_LEN] {
    let mut h = [0u8; FRAME_HEADER_LEN];
    h[0..4].copy_from_slice(FRAME_MAGIC);
    h[4] = codec;
    h[8..16].copy_from_slice(&seq.to_le_bytes());
    h[16..20].copy_from_slice(&raw_len.to_le_bytes());
    h[20..24].copy_from_slice(&(stored.len() as u32).to_le_bytes());
    let mut crc = crc32fast::Hasher::new();
    crc.update(&h[..24]);
    crc.update(stored);
    h[24..28].copy_from_slice(&crc.finalize().to_le_bytes());
    h
}

/// Checks a frame header and its stored bytes; returns the entry they describe.
fn check_frame(
    h: &[u8],
    stored: &[u8],
    expect_seq: u64,
    offset: u64,
    frame_size: u32,
) -> Result<FrameEntry> {
    let damaged = |why: String| FileError::Damaged {
        frame: expect_seq,
        offset,
        why,
    };
    if &h[0..4] != FRAME_MAGIC {
        return Err(damaged("no frame header here (bad magic)".into()));
    }
    let mut crc = crc32fast::Hasher::new();
    crc.update(&h[..24]);
    crc.update(stored);
    let crc = crc.finalize();
    if crc != le32(h, 24) {
        return Err(damaged("CRC mismatch".into()));
    }
    if h[5..8] != [0, 0, 0] || h[28..32] != [0, 0, 0, 0] {
        return Err(damaged("reserved bytes are set".into()));
    }
    let seq = le64(h, 8);
    if seq != expect_seq {
        return Err(damaged(format!(
            "it is frame {seq}: frames are out of order or missing"
        )));
    }
    let entry = FrameEntry {
        offset,
        raw_len: le32(h, 16),
        stored_len: le32(h, 20),
        crc,
        codec: h[4],
    };
    match entry.codec {
        CODEC_STORED if entry.raw_len != entry.stored_len => {
            Err(damaged("a stored frame whose sizes differ".into()))
        }
        CODEC_STORED | CODEC_ZSTD if entry.raw_len == 0 || entry.raw_len > frame_size => {
            Err(damaged(format!(
                "it claims {} bytes (frames hold 1 to {frame_size})",
                entry.raw_len
            )))
        }
        CODEC_STORED | CODEC_ZSTD | CODEC_INDEX => Ok(entry),
        other => Err(damaged(format!("unknown codec {other}"))),
    }
}

thread_local! {
    static COMPRESSOR: std::cell::RefCell<Option<(i32, zstd::bulk::Compressor<'static>)>> =
        const { std::cell::RefCell::new(None) };
    static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// Compresses one frame with this thread's reusable zstd context; None when it would not shrink
/// (random or already-compressed data is stored as is, costing nothing to read back).
fn compress(raw: &[u8], level: i32) -> Result<Option<Vec<u8>>> {
    COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|(l, _)| *l != level) {
            let c = zstd::bulk::Compressor::new(level)
                .map_err(|e| FileError::io("setting up zstd", e))?;
            *slot = Some((level, c));
        }
        let (_, c) = slot.as_mut().expect("just set");
        let out = c
            .compress(raw)
            .map_err(|e| FileError::io("compressing a frame", e))?;
        Ok((out.len() < raw.len()).then_some(out))
    })
}

fn decompress(stored: &[u8], raw_len: u32) -> std::io::Result<Vec<u8>> {
    DECOMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(zstd::bulk::Decompressor::new()?);
        }
        let d = slot.as_mut().expect("just set");
        d.decompress(stored, raw_len as usize)
    })
}

/// Totals of a written or read file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileSummary {
    /// Bytes of the ZFS stream inside.
    pub raw_bytes: u64,
    /// Bytes of the file.
    pub file_bytes: u64,
    pub frames: u64,
    /// Frames that zstd shrank (the rest are stored as is).
    pub compressed_frames: u64,
}

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
            index.extend_from_slice(&e.offset.to_le_bytes());
            index.extend_from_slice(&e.raw_len.to_le_bytes());
            index.extend_from_slice(&e.stored_len.to_le_bytes());
            index.extend_from_slice(&e.crc.to_le_bytes());
            index.extend_from_slice(&[e.codec, 0, 0, 0]);
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

/// A whole stream file in memory (typically mapped): checked header, trailer and index, with
/// frames decoded on demand.
#[derive(Debug)]
pub struct MappedFile<'a> {
    bytes: &'a [u8],
    pub header: FileHeader,
    pub frames: Vec<FrameEntry>,
    pub raw_bytes: u64,
}

impl<'a> MappedFile<'a> {
    /// Checks the header, the trailer and the index (not the frames: see `decode`).
    pub fn open(bytes: &'a [u8]) -> Result<MappedFile<'a>> {
        let header = FileHeader::decode(bytes)?;
        let len = bytes.len() as u64;
        let min = (HEADER_LEN + FRAME_HEADER_LEN + INDEX_PREFIX_LEN + TRAILER_LEN) as u64;
        if len < min {
            return Err(FileError::Truncated(format!(
                "{len} bytes, too short to hold an index"
            )));
        }
        let t = &bytes[bytes.len() - TRAILER_LEN..];
        if &t[0..8] != TRAILER_MAGIC {
            return Err(FileError::Truncated(
                "its end is not a trailer (the file was cut short or its writer died)".into(),
            ));
        }
        if crc32fast::hash(&t[..28]) != le32(t, 28) {
            return Err(FileError::BadIndex(
                "the trailer's CRC does not match".into(),
            ));
        }
        let index_offset = le64(t, 8);
        let frames = le64(t, 16);
        let index_len = frames
            .checked_mul(INDEX_ENTRY_LEN as u64)
            .and_then(|n| n.checked_add(INDEX_PREFIX_LEN as u64))
            .filter(|n| {
                index_offset
                    .checked_add(FRAME_HEADER_LEN as u64 + n + TRAILER_LEN as u64)
                    == Some(len)
            })
            .ok_or_else(|| {
                FileError::BadIndex(format!(
                    "the trailer's index position ({index_offset}) and frame count ({frames}) do not fit the file's {len} bytes"
                ))
            })?;
        if index_offset < HEADER_LEN as u64 {
            return Err(FileError::BadIndex("the index overlaps the header".into()));
        }
        let at = index_offset as usize;
        let h = &bytes[at..at + FRAME_HEADER_LEN];
        let index = &bytes[at + FRAME_HEADER_LEN..at + FRAME_HEADER_LEN + index_len as usize];
        let e = check_frame(h, index, frames, index_offset, u32::MAX)
            .map_err(|e| FileError::BadIndex(e.to_string()))?;
        if e.codec != CODEC_INDEX
            || e.raw_len as u64 != index_len
            || e.stored_len as u64 != index_len
        {
            return Err(FileError::BadIndex(
                "the index frame is not an index".into(),
            ));
        }
        let raw_bytes = le64(index, 0);
        if le64(index, 8) != frames {
            return Err(FileError::BadIndex("frame counts disagree".into()));
        }
        let mut entries = Vec::with_capacity(frames as usize);
        let mut next = HEADER_LEN as u64;
        let mut raw_sum = 0u64;
        for i in 0..frames as usize {
            let b = &index[INDEX_PREFIX_LEN + i * INDEX_ENTRY_LEN..][..INDEX_ENTRY_LEN];
            let entry = FrameEntry {
                offset: le64(b, 0),
                raw_len: le32(b, 8),
                stored_len: le32(b, 12),
                crc: le32(b, 16),
                codec: b[20],
            };
            if entry.offset != next
                || entry.raw_len == 0
                || entry.raw_len > header.frame_size
                || entry.stored_len > header.frame_size
                || !matches!(entry.codec, CODEC_STORED | CODEC_ZSTD)
            {
                return Err(FileError::BadIndex(format!(
                    "entry {i} does not describe a frame that can be there"
                )));
            }
            next = entry.end();
            raw_sum += entry.raw_len as u64;
            entries.push(entry);
        }
        if next != index_offset || raw_sum != raw_bytes {
            return Err(FileError::BadIndex("frames and index do not add up".into()));
        }
        Ok(MappedFile {
            bytes,
            header,
            frames: entries,
            raw_bytes,
        })
    }

    /// Checks frame `i` against its CRC and the index and returns its raw bytes.
    pub fn decode(&self, i: usize) -> Result<Cow<'a, [u8]>> {
        let e = self.frames[i];
        let at = e.offset as usize;
        let h = &self.bytes[at..at + FRAME_HEADER_LEN];
        let stored = &self.bytes[at + FRAME_HEADER_LEN..e.end() as usize];
        let got = check_frame(h, stored, i as u64, e.offset, self.header.frame_size)?;
        if got != e {
            return Err(FileError::Damaged {
                frame: i as u64,
                offset: e.offset,
                why: "it does not match the index".into(),
            });
        }
        decode_stored(e, stored, i as u64)
    }

    /// Decodes every frame, several at a time on all cores, and hands their raw bytes to `sink`
    /// in stream order. The next batch decodes while `sink` consumes the current one.
    pub fn for_each_chunk(&self, mut sink: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
        let batch_len = (rayon::current_num_threads() * 2).max(4);
        std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<Cow<'a, [u8]>>>>(1);
            let decoder = s.spawn(move || {
                let indices: Vec<usize> = (0..self.frames.len()).collect();
                for batch in indices.chunks(batch_len) {
                    let decoded: Vec<_> = batch.par_iter().map(|&i| self.decode(i)).collect();
                    if tx.send(decoded).is_err() {
                        return;
                    }
                }
            });
            let consume = || -> Result<()> {
                for batch in rx {
                    for chunk in batch {
                        sink(&chunk?)?;
                    }
                }
                Ok(())
            };
            let r = consume();
            // Dropping the receiver (at the end of consume) stops the decoder early on error.
            let _ = decoder.join();
            r
        })
    }
}

fn decode_stored<'a>(e: FrameEntry, stored: &'a [u8], frame: u64) -> Result<Cow<'a, [u8]>> {
    match e.codec {
        CODEC_STORED => Ok(Cow::Borrowed(stored)),
        _ => {
            let raw = decompress(stored, e.raw_len).map_err(|err| FileError::Damaged {
                frame,
                offset: e.offset,
                why: format!("zstd: {err}"),
            })?;
            if raw.len() != e.raw_len as usize {
                return Err(FileError::Damaged {
                    frame,
                    offset: e.offset,
                    why: format!("{} bytes decompressed, {} expected", raw.len(), e.raw_len),
                });
            }
            Ok(Cow::Owned(raw))
        }
    }
}

/// Reads a stream file front to back (a pipe, stdin), checking each frame, then the index
/// against the frames read and the trailer, and that nothing follows.
#[derive(Debug)]
pub struct SequentialReader<R: Read> {
    input: R,
    pub header: FileHeader,
    offset: u64,
    seen: Vec<FrameEntry>,
    raw_bytes: u64,
    done: bool,
}

impl<R: Read> SequentialReader<R> {
    /// Reads the header; `already` holds bytes of it the caller read to recognise the format.
    pub fn new(mut input: R, already: &[u8]) -> Result<Self> {
        let mut h = already.to_vec();
        if h.len() < HEADER_LEN {
            let mut rest = vec![0u8; HEADER_LEN - h.len()];
            let n = read_full(&mut input, &mut rest, READING)?;
            h.extend_from_slice(&rest[..n]);
        }
        let header = FileHeader::decode(&h)?;
        Ok(SequentialReader {
            input,
            header,
            offset: HEADER_LEN as u64,
            seen: Vec::new(),
            raw_bytes: 0,
            done: false,
        })
    }

    /// The next frame's raw bytes; None after the index and trailer were read and checked.
    pub fn next_chunk(&mut self) -> Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        let seq = self.seen.len() as u64;
        let mut h = [0u8; FRAME_HEADER_LEN];
        if read_full(&mut self.input, &mut h, READING)? < FRAME_HEADER_LEN {
            return Err(FileError::Truncated(format!(
                "it ends at byte {} where frame {seq} or the index should be",
                self.offset
            )));
        }
        if &h[0..4] != FRAME_MAGIC {
            return Err(FileError::Damaged {
                frame: seq,
                offset: self.offset,
                why: "no frame header here (bad magic)".into(),
            });
        }
        // Bound the allocation before trusting the length: a frame holds at most the frame
        // size, the index exactly one entry per frame read.
        let stored_len = le32(&h, 20);
        let limit = if h[4] == CODEC_INDEX {
            (INDEX_PREFIX_LEN + INDEX_ENTRY_LEN * self.seen.len()) as u64
        } else {
            self.header.frame_size as u64
        };
        if stored_len as u64 > limit {
            return Err(FileError::Damaged {
                frame: seq,
                offset: self.offset,
                why: format!("it claims {stored_len} stored bytes"),
            });
        }
        let mut stored = vec![0u8; stored_len as usize];
        if read_full(&mut self.input, &mut stored, READING)? < stored.len() {
            return Err(FileError::Truncated(format!(
                "it ends inside frame {seq} (at byte {})",
                self.offset
            )));
        }
        let e = check_frame(&h, &stored, seq, self.offset, self.header.frame_size)?;
        let frame_offset = self.offset;
        self.offset += (FRAME_HEADER_LEN + stored.len()) as u64;
        if e.codec == CODEC_INDEX {
            // An index frame's raw length is its stored length, as the mapped reader requires
            // (the two readers disagreed on such a file: found by fuzz/fuzz_targets/stream_file.rs
            // comparing them).
            if e.raw_len != e.stored_len {
                return Err(FileError::BadIndex(
                    "the index frame is not an index".into(),
                ));
            }
            self.finish_index(&stored, frame_offset)?;
            return Ok(None);
        }
        self.seen.push(e);
        self.raw_bytes += e.raw_len as u64;
        let raw = decode_stored(e, &stored, seq)?.into_owned();
        Ok(Some(raw))
    }

    fn finish_index(&mut self, index: &[u8], index_offset: u64) -> Result<()> {
        let frames = self.seen.len();
        let bad = |why: &str| FileError::BadIndex(why.to_string());
        if index.len() != INDEX_PREFIX_LEN + frames * INDEX_ENTRY_LEN {
            return Err(bad("its size does not match the frames read"));
        }
        if le64(index, 0) != self.raw_bytes || le64(index, 8) != frames as u64 {
            return Err(bad("its totals do not match the frames read"));
        }
        for (i, e) in self.seen.iter().enumerate() {
            let b = &index[INDEX_PREFIX_LEN + i * INDEX_ENTRY_LEN..][..INDEX_ENTRY_LEN];
            if le64(b, 0) != e.offset
                || le32(b, 8) != e.raw_len
                || le32(b, 12) != e.stored_len
                || le32(b, 16) != e.crc
                || b[20] != e.codec
            {
                return Err(FileError::BadIndex(format!(
                    "entry {i} does not match frame {i} as read"
                )));
            }
        }
        let mut t = [0u8; TRAILER_LEN];
        if read_full(&mut self.input, &mut t, READING)? < TRAILER_LEN || &t[0..8] != TRAILER_MAGIC {
            return Err(FileError::Truncated("its trailer is missing".into()));
        }
        if crc32fast::hash(&t[..28]) != le32(&t, 28)
            || le64(&t, 8) != index_offset
            || le64(&t, 16) != frames as u64
        {
            return Err(bad("the trailer does not match the index"));
        }
        let mut extra = [0u8; 1];
        if read_full(&mut self.input, &mut extra, READING)? != 0 {
            return Err(FileError::BadIndex("data follows the trailer".into()));
        }
        self.done = true;
        Ok(())
    }
}

/// Reads until `buf` is full or the input ends; returns the bytes read. A read error is reported
/// as `context` (e.g. "reading the stream file").
pub fn read_full(input: &mut impl Read, buf: &mut [u8], context: &str) -> Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(FileError::io(context, e)),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drr::build::sample_stream;
    use crate::drr::DrrParser;

    fn file_of(stream: &[u8], codec: Codec, frame_size: u32) -> Vec<u8> {
        let (out, summary) =
            write_stream_file(stream, Vec::new(), codec, frame_size, 7, |_| Ok(())).unwrap();
        assert_eq!(summary.raw_bytes, stream.len() as u64);
        assert_eq!(summary.file_bytes, out.len() as u64);
        out
    }

    fn read_mapped(file: &[u8]) -> Result<Vec<u8>> {
        let m = MappedFile::open(file)?;
        let mut out = Vec::new();
        m.for_each_chunk(|c| {
            out.extend_from_slice(c);
            Ok(())
        })?;
        Ok(out)
    }

    fn read_sequential(file: &[u8]) -> Result<Vec<u8>> {
        let mut r = SequentialReader::new(file, &[])?;
        let mut out = Vec::new();
        while let Some(c) = r.next_chunk()? {
            out.extend_from_slice(&c);
        }
        Ok(out)
    }

    /// A compressible stream: zero-filled writes.
    fn compressible() -> Vec<u8> {
        let mut b = crate::drr::build::StreamBuilder::begin("p/z@s", 9, 0, 0);
        for i in 0..20 {
            b.write(2, i * 65536, &[0u8; 65536]);
        }
        b.end(9)
    }

    #[test]
    fn round_trips_with_every_codec_and_both_readers() {
        let random = sample_stream("p/a@s1", 42, 0, 700_000);
        let zeros = compressible();
        for stream in [&random, &zeros] {
            for codec in [
                Codec::Stored,
                Codec::Zstd { level: 1 },
                Codec::Zstd { level: -3 },
            ] {
                for frame_size in [4096, 65536, 1 << 20] {
                    let f = file_of(stream, codec, frame_size);
                    assert_eq!(&read_mapped(&f).unwrap(), stream, "{codec} {frame_size}");
                    assert_eq!(
                        &read_sequential(&f).unwrap(),
                        stream,
                        "{codec} {frame_size}"
                    );
                }
            }
        }
        let f = file_of(&zeros, Codec::Zstd { level: 1 }, 65536);
        assert!(
            f.len() < zeros.len() / 10,
            "zeros should compress: {}",
            f.len()
        );
        let f = file_of(&random, Codec::Zstd { level: 1 }, 65536);
        assert!(
            f.len() < random.len() + 4096,
            "random data must not grow much"
        );
    }

    #[test]
    fn an_empty_input_makes_a_valid_empty_file() {
        let f = file_of(&[], Codec::Zstd { level: 1 }, 4096);
        assert_eq!(read_mapped(&f).unwrap(), Vec::<u8>::new());
        assert_eq!(read_sequential(&f).unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn every_flipped_bit_and_every_truncation_is_rejected_by_both_readers() {
        let stream = sample_stream("p/a@s1", 42, 0, 9000);
        let f = file_of(&stream, Codec::Zstd { level: 1 }, 4096);
        for bit in 0..f.len() * 8 {
            let mut bad = f.clone();
            bad[bit / 8] ^= 1 << (bit % 8);
            // Level bits in the header are covered by the header CRC like the rest.
            assert!(read_mapped(&bad).is_err(), "mapped: bit {bit} unnoticed");
            assert!(
                read_sequential(&bad).is_err(),
                "sequential: bit {bit} unnoticed"
            );
        }
        for cut in 0..f.len() {
            assert!(read_mapped(&f[..cut]).is_err(), "mapped: cut at {cut}");
            assert!(
                read_sequential(&f[..cut]).is_err(),
                "sequential: cut at {cut}"
            );
        }
        let mut long = f.clone();
        long.push(0);
        assert!(read_mapped(&long).is_err());
        assert!(read_sequential(&long).is_err());
    }

    #[test]
    fn reordered_frames_are_named_as_such() {
        let stream = sample_stream("p/a@s1", 42, 0, 20_000);
        let f = file_of(&stream, Codec::Stored, 4096);
        let m = MappedFile::open(&f).unwrap();
        // Swap frames 1 and 2 (both 4096 stored bytes), keeping the index as it was.
        let (a, b) = (m.frames[1], m.frames[2]);
        let len = FRAME_HEADER_LEN + 4096;
        let mut bad = f.clone();
        bad[a.offset as usize..][..len].copy_from_slice(&f[b.offset as usize..][..len]);
        bad[b.offset as usize..][..len].copy_from_slice(&f[a.offset as usize..][..len]);
        for e in [
            read_mapped(&bad).unwrap_err(),
            read_sequential(&bad).unwrap_err(),
        ] {
            assert!(e.to_string().contains("out of order"), "{e}");
        }
    }

    #[test]
    fn a_verifying_writer_refuses_a_damaged_stream() {
        let mut stream = sample_stream("p/a@s1", 42, 0, 9000);
        stream[5000] ^= 1;
        let mut p = DrrParser::new();
        let e = write_stream_file(&stream[..], Vec::new(), Codec::Stored, 4096, 0, |c| {
            p.feed(c).map_err(FileError::from)
        })
        .unwrap_err();
        assert!(matches!(e, FileError::Stream(_)), "{e}");
    }

    #[test]
    fn an_index_frame_with_a_wrong_raw_length_is_refused_by_both_readers() {
        // The sequential reader accepted an index frame whose raw length (with its CRC made to
        // match) differed from its stored length; the mapped reader refused it. Found by the
        // check in fuzz/fuzz_targets/stream_file.rs that both readers agree.
        let stream = sample_stream("p/a@s1", 42, 0, 3000);
        let mut f = file_of(&stream, Codec::Stored, 1024);
        let t = f.len() - TRAILER_LEN;
        let at = le64(&f, t + 8) as usize;
        let stored = le32(&f, at + 20);
        f[at + 16..at + 20].copy_from_slice(&(stored + 1).to_le_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(&f[at..at + 24]);
        crc.update(&f[at + FRAME_HEADER_LEN..t]);
        f[at + 24..at + 28].copy_from_slice(&crc.finalize().to_le_bytes());
        for e in [
            read_mapped(&f).unwrap_err(),
            read_sequential(&f).unwrap_err(),
        ] {
            assert!(e.to_string().contains("not an index"), "{e}");
        }
    }

    #[test]
    fn codec_names_parse_with_clear_errors() {
        assert_eq!(Codec::parse("none").unwrap(), Codec::Stored);
        assert_eq!(Codec::parse("zstd").unwrap(), Codec::Zstd { level: 1 });
        assert_eq!(Codec::parse("zstd:-5").unwrap(), Codec::Zstd { level: -5 });
        assert!(Codec::parse("zstd:30")
            .unwrap_err()
            .contains("out of range"));
        assert!(Codec::parse("zstd:x")
            .unwrap_err()
            .contains("not a zstd level"));
        assert!(Codec::parse("gzip")
            .unwrap_err()
            .contains("unknown compression"));
    }

    #[test]
    fn foreign_files_are_not_mistaken_for_stream_files() {
        assert!(matches!(
            MappedFile::open(&[0u8; 200]).unwrap_err(),
            FileError::NotAStreamFile
        ));
        assert!(matches!(
            SequentialReader::new(&b"ZSPL"[..], &[]).unwrap_err(),
            FileError::Truncated(_)
        ));
    }
}
