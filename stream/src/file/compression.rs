//! zstd for frames: one reusable context per thread each way, and decompression that can never
//! produce more than the frame declares.

use std::borrow::Cow;
use std::cell::RefCell;

use super::format::{FileError, FrameEntry, Result, CODEC_STORED};

thread_local! {
    static COMPRESSOR: RefCell<Option<(i32, zstd::bulk::Compressor<'static>)>> =
        const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { RefCell::new(None) };
}

/// Compresses one frame with this thread's reusable zstd context; None when it would not shrink
/// (random or already-compressed data is stored as is, costing nothing to read back).
pub(super) fn compress(raw: &[u8], level: i32) -> Result<Option<Vec<u8>>> {
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

/// Decompresses into a buffer of exactly `raw_len` bytes (the caller has held `raw_len` to the
/// header's frame size): zstd's one-shot decompression into a fixed buffer fails rather than
/// write past its end, so a frame that would decompress to more than it declares (a few KB of
/// zeros can expand to gigabytes) is refused after `raw_len` bytes, never grown into. The
/// one-shot API needs no window buffer either, whatever window the zstd frame asks for.
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

/// A checked frame's raw bytes: its stored bytes as they are, or decompressed, which must give
/// exactly the raw length the frame declares.
pub(super) fn decode_stored<'a>(
    e: FrameEntry,
    stored: Cow<'a, [u8]>,
    frame: u64,
) -> Result<Cow<'a, [u8]>> {
    if e.codec == CODEC_STORED {
        return Ok(stored);
    }
    let damaged = |why: String| FileError::Damaged {
        frame,
        offset: e.offset,
        why,
    };
    let raw = decompress(&stored, e.raw_len).map_err(|err| {
        damaged(format!(
            "zstd: {err} (it must decompress to its {} bytes)",
            e.raw_len
        ))
    })?;
    if raw.len() != e.raw_len as usize {
        return Err(damaged(format!(
            "{} bytes decompressed, {} expected",
            raw.len(),
            e.raw_len
        )));
    }
    Ok(Cow::Owned(raw))
}
