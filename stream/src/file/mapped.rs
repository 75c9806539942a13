//! Reading a stream file held whole in memory (typically mapped): the trailer locates the index,
//! whose entries must tile the file, then frames are decoded in batches on all cores and handed
//! on in order. Entries are read from the index in place when needed, so the reader keeps
//! nothing per frame; batches are bounded by [`DECODE_WINDOW`], not by the number of cores.

use std::borrow::Cow;

use rayon::prelude::*;

use super::compression::decode_stored;
use super::format::{
    check_frame, frame_crc, index_len, le32, le64, FileError, FileHeader, FrameEntry, Result,
    CODEC_INDEX, CODEC_STORED, CODEC_ZSTD, DECODE_WINDOW, FRAME_HEADER_LEN, HEADER_LEN,
    INDEX_ENTRY_LEN, INDEX_PREFIX_LEN, TRAILER_LEN, TRAILER_MAGIC,
};

/// A whole stream file in memory (typically mapped): checked header, trailer and index, with
/// frames decoded on demand.
#[derive(Debug)]
pub struct MappedFile<'a> {
    bytes: &'a [u8],
    /// The index's entries, `INDEX_ENTRY_LEN` bytes each, all checked by `open`.
    entries: &'a [u8],
    /// The file's header.
    pub header: FileHeader,
    /// Bytes of the ZFS stream inside (the sum of the frames' decoded sizes, per the index).
    pub raw_bytes: u64,
    compressed_frames: u64,
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
        // Both come from the file: every sum is checked, so a crafted count or offset is a
        // mismatch with the file's size, never an overflow.
        let index_len = index_len(frames)
            .filter(|&n| {
                index_offset
                    .checked_add(FRAME_HEADER_LEN as u64)
                    .and_then(|at| at.checked_add(n))
                    .and_then(|end| end.checked_add(TRAILER_LEN as u64))
                    == Some(len)
            })
            .ok_or_else(|| {
                FileError::BadIndex(format!(
                    "the trailer's index position ({index_offset}) and frame count ({frames}) \
                     do not fit the file's {len} bytes"
                ))
            })?;
        if index_offset < HEADER_LEN as u64 {
            return Err(FileError::BadIndex("the index overlaps the header".into()));
        }
        // Within the file (checked just above), so within usize.
        let at = index_offset as usize;
        let h = &bytes[at..at + FRAME_HEADER_LEN];
        let index = &bytes[at + FRAME_HEADER_LEN..bytes.len() - TRAILER_LEN];
        let e = check_frame(h, frame_crc(h, index), frames, index_offset, u32::MAX)
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
        let entries = &index[INDEX_PREFIX_LEN..];
        let mut next = HEADER_LEN as u64;
        let mut raw_sum = 0u64;
        let mut compressed_frames = 0;
        for (i, b) in entries.chunks_exact(INDEX_ENTRY_LEN).enumerate() {
            let entry = FrameEntry::decode(b);
            let sane = entry.offset == next
                && entry.raw_len != 0
                && entry.raw_len <= header.frame_size
                && entry.stored_len <= header.frame_size
                && matches!(entry.codec, CODEC_STORED | CODEC_ZSTD)
                && b[21..24] == [0, 0, 0];
            next = entry
                .end()
                .filter(|&end| sane && end <= index_offset)
                .ok_or_else(|| {
                    FileError::BadIndex(format!(
                        "entry {i} does not describe a frame that can be there"
                    ))
                })?;
            // At most the frame count times 64 MiB, which a file's size bounds; checked anyway.
            raw_sum = raw_sum.checked_add(entry.raw_len as u64).ok_or_else(|| {
                FileError::BadIndex("its frames hold more than 2^64 bytes".into())
            })?;
            compressed_frames += u64::from(entry.codec == CODEC_ZSTD);
        }
        if next != index_offset || raw_sum != raw_bytes {
            return Err(FileError::BadIndex("frames and index do not add up".into()));
        }
        Ok(MappedFile {
            bytes,
            entries,
            header,
            raw_bytes,
            compressed_frames,
        })
    }

    /// How many frames the file has.
    pub fn frame_count(&self) -> usize {
        self.entries.len() / INDEX_ENTRY_LEN
    }

    /// How many of them are zstd-compressed (the rest are stored as is).
    pub fn compressed_frames(&self) -> u64 {
        self.compressed_frames
    }

    /// Frame `i`'s index entry (checked by `open`); panics past the last frame, like indexing.
    pub fn frame(&self, i: usize) -> FrameEntry {
        FrameEntry::decode(&self.entries[i * INDEX_ENTRY_LEN..][..INDEX_ENTRY_LEN])
    }

    /// Checks frame `i` against its CRC and the index and returns its raw bytes.
    pub fn decode(&self, i: usize) -> Result<Cow<'a, [u8]>> {
        let e = self.frame(i);
        // `open` checked that every frame lies between the header and the index.
        let at = e.offset as usize;
        let h = &self.bytes[at..at + FRAME_HEADER_LEN];
        let stored = &self.bytes[at + FRAME_HEADER_LEN..][..e.stored_len as usize];
        let got = check_frame(
            h,
            frame_crc(h, stored),
            i as u64,
            e.offset,
            self.header.frame_size,
        )?;
        if got != e {
            return Err(FileError::Damaged {
                frame: i as u64,
                offset: e.offset,
                why: "it does not match the index".into(),
            });
        }
        decode_stored(e, Cow::Borrowed(stored), i as u64)
    }

    /// Decodes every frame, several at a time on all cores, and hands their raw bytes to `sink`
    /// in stream order. The next batch decodes while `sink` consumes the current one, and no
    /// further: at most two batches, each of at most [`DECODE_WINDOW`] bytes or one frame, are
    /// decoded at any time, however many cores there are and whatever the frames expand to.
    pub fn for_each_chunk(&self, mut sink: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
        let batch_len = frames_per_batch(self.header.frame_size);
        let frames = self.frame_count();
        std::thread::scope(|s| {
            // A rendezvous channel: a decoded batch waits in `send` until the sink takes it, so
            // the decoder is never more than one batch ahead.
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<Cow<'a, [u8]>>>>(0);
            let decoder = s.spawn(move || {
                for start in (0..frames).step_by(batch_len) {
                    let batch: Vec<_> = (start..frames.min(start + batch_len))
                        .into_par_iter()
                        .map(|i| self.decode(i))
                        .collect();
                    if tx.send(batch).is_err() {
                        return;
                    }
                }
            });
            let consume = || -> Result<()> {
                for batch in rx {
                    // Each frame is dropped as soon as the sink has had it.
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

/// Frames decoded together: two per core to keep every core busy, but never more than
/// [`DECODE_WINDOW`] bytes of output (and at least one frame), so memory does not grow with
/// the number of cores.
fn frames_per_batch(frame_size: u32) -> usize {
    let by_memory = (DECODE_WINDOW / u64::from(frame_size.max(1))).max(1);
    let by_cores = (rayon::current_num_threads() * 2).max(4);
    by_cores.min(usize::try_from(by_memory).unwrap_or(usize::MAX))
}
