//! The stream file's layout as values: magic numbers, lengths, the header, frame headers and
//! index entries, the codecs, and the errors a file can have. Shared by the writer and both
//! readers.

use crate::drr::DrrError;

/// The first 8 bytes of every stream file.
pub const FILE_MAGIC: &[u8; 8] = b"ZSPLSTRM";
pub(super) const TRAILER_MAGIC: &[u8; 8] = b"ZSPLEND\0";
pub(super) const FRAME_MAGIC: &[u8; 4] = b"ZFRM";
/// The format version this code writes and the newest it reads.
pub const VERSION: u16 = 1;
/// Bytes of the file header.
pub const HEADER_LEN: usize = 64;
/// Bytes of each frame's header.
pub const FRAME_HEADER_LEN: usize = 32;
/// Bytes of the trailer that ends the file.
pub const TRAILER_LEN: usize = 32;
pub(super) const INDEX_ENTRY_LEN: usize = 24;
pub(super) const INDEX_PREFIX_LEN: usize = 16;
/// Default raw bytes per frame: large enough that zstd's ratio is close to whole-stream
/// compression, small enough that a batch for every core stays a few tens of MiB.
pub const DEFAULT_FRAME_SIZE: u32 = 1 << 20;
/// The largest frame a reader accepts.
pub const MAX_FRAME_SIZE: u32 = 64 << 20;
/// The decoded bytes one batch of frames may hold (a batch is at least one frame). A mapped
/// file's reader has at most two batches decoded at any time, one being consumed and the next,
/// so it holds at most 2 × max(this, frame size) of decoded frames: 64 MiB at the default
/// frame size, 128 MiB at the largest, whatever the number of cores.
pub const DECODE_WINDOW: u64 = 32 << 20;

/// The context of a read error while reading a stream file.
pub(super) const READING: &str = "reading the stream file";

pub(super) const CODEC_STORED: u8 = 0;
pub(super) const CODEC_ZSTD: u8 = 1;
pub(super) const CODEC_INDEX: u8 = 0xFF;

/// How frames are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// Frames hold the stream's bytes as they are.
    Stored,
    /// zstd at this level (negative levels are zstd's fast modes).
    Zstd {
        /// The zstd compression level.
        level: i32,
    },
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

    pub(super) fn id(self) -> u8 {
        match self {
            Codec::Stored => CODEC_STORED,
            Codec::Zstd { .. } => CODEC_ZSTD,
        }
    }

    pub(super) fn level(self) -> i8 {
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
    /// The file does not start with [`FILE_MAGIC`].
    #[error("not a zsplice stream file (bad magic)")]
    NotAStreamFile,
    /// The header's version is newer than [`VERSION`].
    #[error("stream file version {0} is newer than this zsplice understands (1)")]
    UnsupportedVersion(u16),
    /// The header fails its CRC or holds impossible values (why).
    #[error("the stream file's header is damaged: {0}")]
    BadHeader(String),
    /// A frame fails its CRC, does not decompress, or does not match the index.
    #[error("frame {frame} at byte {offset} is damaged: {why}")]
    Damaged {
        /// The frame's number, from 0.
        frame: u64,
        /// File offset of its header.
        offset: u64,
        /// What is wrong with it.
        why: String,
    },
    /// The input holds no byte at all (an empty file, or a pipe closed at once): nothing was
    /// damaged, there is simply no stream.
    #[error("the input is empty: it holds no stream")]
    Empty,
    /// The file ends early (where, in words).
    #[error("the stream file is truncated: {0}")]
    Truncated(String),
    /// The index or the trailer fails its checks (why).
    #[error("the stream file's index is damaged: {0}")]
    BadIndex(String),
    /// The frames are intact but the ZFS stream they hold is not.
    #[error("{}", stream_problem(.0))]
    Stream(#[from] DrrError),
    /// Reading or writing failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, e.g. "reading the stream file".
        context: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// One of the above, about the file named.
    #[error("{file}: {source}")]
    InFile {
        /// The file's name.
        file: String,
        /// What is wrong with it.
        #[source]
        source: Box<FileError>,
    },
}

/// How a problem of the ZFS stream itself reads: input that never was a stream is said to be
/// neither kind zsplice reads; anything else is damage.
pub(super) fn stream_problem(e: &DrrError) -> String {
    match e {
        DrrError::NotAStream(detail) => {
            format!("neither a zsplice stream file nor a ZFS send stream ({detail})")
        }
        _ => format!("the ZFS stream inside the file is damaged: {e}"),
    }
}

impl FileError {
    /// An I/O error while doing `context`.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> FileError {
        FileError::Io {
            context: context.into(),
            source,
        }
    }

    /// The error as being about `file`, unless it already names a file (an I/O error's
    /// context does).
    pub fn in_file(self, file: impl std::fmt::Display) -> FileError {
        match self {
            FileError::Io { .. } | FileError::InFile { .. } => self,
            other => FileError::InFile {
                file: file.to_string(),
                source: Box::new(other),
            },
        }
    }
}

pub(super) type Result<T, E = FileError> = std::result::Result<T, E>;

/// The file header's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHeader {
    /// The format version ([`VERSION`]).
    pub version: u16,
    /// Decoded bytes of every frame but the last (at most [`MAX_FRAME_SIZE`]).
    pub frame_size: u32,
    /// The codec the writer asked for (a frame that would not shrink is stored as is).
    pub codec: Codec,
    /// When the file was written, seconds since the epoch.
    pub created: u64,
}

impl FileHeader {
    pub(super) fn encode(&self) -> [u8; HEADER_LEN] {
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

pub(super) fn le16(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
pub(super) fn le32(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w)
}
pub(super) fn le64(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The size of an index frame's contents for `frames` frames; None past `u64::MAX`, which only
/// a crafted count reaches.
pub(super) fn index_len(frames: u64) -> Option<u64> {
    frames
        .checked_mul(INDEX_ENTRY_LEN as u64)?
        .checked_add(INDEX_PREFIX_LEN as u64)
}

/// Where one frame is and what it holds, as the index records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameEntry {
    /// Byte offset of the frame's header in the file.
    pub offset: u64,
    /// Bytes the frame decodes to.
    pub raw_len: u32,
    /// Bytes stored after the frame header (compressed or not).
    pub stored_len: u32,
    /// The frame's CRC-32 (over its header's first 24 bytes and the stored bytes).
    pub crc: u32,
    /// How the stored bytes are encoded (0 stored, 1 zstd, 0xFF the index).
    pub codec: u8,
}

impl FrameEntry {
    /// The offset just past the frame; None past `u64::MAX` (only a crafted offset gets there).
    pub(super) fn end(&self) -> Option<u64> {
        self.offset
            .checked_add(FRAME_HEADER_LEN as u64 + self.stored_len as u64)
    }

    /// The entry as the index stores it.
    pub(super) fn encode(&self) -> [u8; INDEX_ENTRY_LEN] {
        let mut b = [0u8; INDEX_ENTRY_LEN];
        b[0..8].copy_from_slice(&self.offset.to_le_bytes());
        b[8..12].copy_from_slice(&self.raw_len.to_le_bytes());
        b[12..16].copy_from_slice(&self.stored_len.to_le_bytes());
        b[16..20].copy_from_slice(&self.crc.to_le_bytes());
        b[20] = self.codec;
        b
    }

    /// An index entry's fields (its reserved bytes are the caller's to check).
    pub(super) fn decode(b: &[u8]) -> FrameEntry {
        FrameEntry {
            offset: le64(b, 0),
            raw_len: le32(b, 8),
            stored_len: le32(b, 12),
            crc: le32(b, 16),
            codec: b[20],
        }
    }
}

pub(super) fn frame_header(
    codec: u8,
    seq: u64,
    raw_len: u32,
    stored: &[u8],
) -> [u8; FRAME_HEADER_LEN] {
    let mut h = [0u8; FRAME_HEADER_LEN];
    h[0..4].copy_from_slice(FRAME_MAGIC);
    h[4] = codec;
    h[8..16].copy_from_slice(&seq.to_le_bytes());
    h[16..20].copy_from_slice(&raw_len.to_le_bytes());
    h[20..24].copy_from_slice(&(stored.len() as u32).to_le_bytes());
    let crc = frame_crc(&h, stored);
    h[24..28].copy_from_slice(&crc.to_le_bytes());
    h
}

/// The CRC-32 of a frame: its header's first 24 bytes, then its stored bytes.
pub(super) fn frame_crc(h: &[u8], stored: &[u8]) -> u32 {
    let mut crc = crc32fast::Hasher::new();
    crc.update(&h[..24]);
    crc.update(stored);
    crc.finalize()
}

/// Checks a frame header whose frame's CRC (see [`frame_crc`]) is `crc`; returns the entry it
/// describes.
pub(super) fn check_frame(
    h: &[u8],
    crc: u32,
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

/// Totals of a written or read file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileSummary {
    /// Bytes of the ZFS stream inside.
    pub raw_bytes: u64,
    /// Bytes of the file.
    pub file_bytes: u64,
    /// Data frames (the index frame not included).
    pub frames: u64,
    /// Frames that zstd shrank (the rest are stored as is).
    pub compressed_frames: u64,
}
