//! Reading a stream file front to back, as it arrives on a pipe: each frame is checked before
//! its bytes are handed on, then the index against the frames read, the trailer, and that the
//! input ends there. The reader holds at most one frame (stored and decompressed, each at most
//! the frame size) and a fixed amount besides, however many frames the file has: the index,
//! which grows with the frame count, is compared piece by piece against a digest of the frames
//! as read instead of being kept or read whole.

use std::borrow::Cow;
use std::hash::{BuildHasher, DefaultHasher, Hasher, RandomState};
use std::io::Read;

use super::compression::decode_stored;
use super::format::{
    check_frame, frame_crc, index_len, le32, le64, FileError, FileHeader, FileSummary, Result,
    CODEC_INDEX, CODEC_ZSTD, FRAME_HEADER_LEN, FRAME_MAGIC, HEADER_LEN, INDEX_ENTRY_LEN,
    INDEX_PREFIX_LEN, READING, TRAILER_LEN, TRAILER_MAGIC,
};

/// How much of the index is read at a time: whole entries.
const INDEX_PIECE: usize = INDEX_ENTRY_LEN * 2730;

/// Reads a stream file front to back (a pipe, stdin), checking each frame, then the index
/// against the frames read and the trailer, and that nothing follows.
#[derive(Debug)]
pub struct SequentialReader<R: Read> {
    input: R,
    /// The file's header, read and checked by [`SequentialReader::new`].
    pub header: FileHeader,
    /// Bytes of the file read so far.
    offset: u64,
    frames: u64,
    compressed_frames: u64,
    raw_bytes: u64,
    /// The keys of the index digests, random per reader (SipHash, which `HashMap` uses against
    /// crafted collisions): no file can be made to match a digest it does not, so comparing
    /// digests is as good as comparing every entry, in constant memory.
    keys: RandomState,
    /// The index entries the frames read call for, hashed as the index stores them.
    frames_digest: DefaultHasher,
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
        let keys = RandomState::new();
        Ok(SequentialReader {
            input,
            header,
            offset: HEADER_LEN as u64,
            frames: 0,
            compressed_frames: 0,
            raw_bytes: 0,
            frames_digest: keys.build_hasher(),
            keys,
            done: false,
        })
    }

    /// The totals so far; the file's once `next_chunk` has returned None.
    pub fn summary(&self) -> FileSummary {
        FileSummary {
            raw_bytes: self.raw_bytes,
            file_bytes: self.offset,
            frames: self.frames,
            compressed_frames: self.compressed_frames,
        }
    }

    /// The next frame's raw bytes; None after the index and trailer were read and checked.
    pub fn next_chunk(&mut self) -> Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        let seq = self.frames;
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
        if h[4] == CODEC_INDEX {
            self.finish(&h)?;
            return Ok(None);
        }
        // Bound the allocation before trusting the length: a frame holds at most the frame size.
        let stored_len = le32(&h, 20);
        if stored_len > self.header.frame_size {
            return Err(FileError::Damaged {
                frame: seq,
                offset: self.offset,
                why: format!(
                    "it claims {stored_len} stored bytes (frames hold at most {})",
                    self.header.frame_size
                ),
            });
        }
        let mut stored = vec![0u8; stored_len as usize];
        if read_full(&mut self.input, &mut stored, READING)? < stored.len() {
            return Err(FileError::Truncated(format!(
                "it ends inside frame {seq} (at byte {})",
                self.offset
            )));
        }
        let crc = frame_crc(&h, &stored);
        let e = check_frame(&h, crc, seq, self.offset, self.header.frame_size)?;
        self.offset = self.add(self.offset, FRAME_HEADER_LEN as u64 + stored_len as u64)?;
        self.raw_bytes = self.add(self.raw_bytes, e.raw_len as u64)?;
        self.frames += 1;
        self.compressed_frames += u64::from(e.codec == CODEC_ZSTD);
        self.frames_digest.write(&e.encode());
        // A stored frame's buffer is handed on as it is, not copied.
        let raw = match decode_stored(e, Cow::Owned(stored), seq)? {
            Cow::Owned(raw) => raw,
            Cow::Borrowed(raw) => raw.to_vec(),
        };
        Ok(Some(raw))
    }

    /// `a + b` for the running totals; past `u64::MAX` only with input no pipe can carry, but
    /// checked all the same.
    fn add(&self, a: u64, b: u64) -> Result<u64> {
        a.checked_add(b).ok_or_else(|| {
            FileError::BadIndex(format!(
                "frame {} takes the file past 2^64 bytes",
                self.frames
            ))
        })
    }

    /// Reads and checks the index frame whose header is `h`, then the trailer and the end.
    fn finish(&mut self, h: &[u8; FRAME_HEADER_LEN]) -> Result<()> {
        let frames = self.frames;
        let index_offset = self.offset;
        let (raw_len, stored_len) = (le32(h, 16), le32(h, 20));
        // An index frame's raw length is its stored length, as the mapped reader requires (the
        // two readers disagreed on such a file: found by fuzz/fuzz_targets/stream_file.rs
        // comparing them).
        if raw_len != stored_len {
            return Err(FileError::BadIndex(
                "the index frame is not an index".into(),
            ));
        }
        if index_len(frames) != Some(stored_len as u64) {
            return Err(FileError::BadIndex(format!(
                "it claims {stored_len} bytes, and {frames} frames need {}",
                index_len(frames).map_or("more than 2^64".into(), |n| n.to_string())
            )));
        }
        let truncated = || FileError::Truncated("it ends inside the index".into());
        let mut crc = crc32fast::Hasher::new();
        crc.update(&h[..24]);
        let mut prefix = [0u8; INDEX_PREFIX_LEN];
        if read_full(&mut self.input, &mut prefix, READING)? < INDEX_PREFIX_LEN {
            return Err(truncated());
        }
        crc.update(&prefix);
        let mut index_digest = self.keys.build_hasher();
        let mut left = stored_len as usize - INDEX_PREFIX_LEN;
        let mut piece = vec![0u8; left.min(INDEX_PIECE)];
        while left > 0 {
            let n = left.min(INDEX_PIECE);
            if read_full(&mut self.input, &mut piece[..n], READING)? < n {
                return Err(truncated());
            }
            crc.update(&piece[..n]);
            for entry in piece[..n].chunks_exact(INDEX_ENTRY_LEN) {
                index_digest.write(entry);
            }
            left -= n;
        }
        check_frame(h, crc.finalize(), frames, index_offset, u32::MAX)?;
        if le64(&prefix, 0) != self.raw_bytes || le64(&prefix, 8) != frames {
            return Err(FileError::BadIndex(
                "its totals do not match the frames read".into(),
            ));
        }
        if index_digest.finish() != self.frames_digest.finish() {
            return Err(FileError::BadIndex(
                "its entries do not match the frames read".into(),
            ));
        }
        self.offset = self.add(index_offset, FRAME_HEADER_LEN as u64 + stored_len as u64)?;
        let mut t = [0u8; TRAILER_LEN];
        if read_full(&mut self.input, &mut t, READING)? < TRAILER_LEN || &t[0..8] != TRAILER_MAGIC {
            return Err(FileError::Truncated("its trailer is missing".into()));
        }
        if crc32fast::hash(&t[..28]) != le32(&t, 28)
            || le64(&t, 8) != index_offset
            || le64(&t, 16) != frames
        {
            return Err(FileError::BadIndex(
                "the trailer does not match the index".into(),
            ));
        }
        self.offset = self.add(self.offset, TRAILER_LEN as u64)?;
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
