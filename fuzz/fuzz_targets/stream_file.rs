//! Fuzzes zsplice's stream file readers (`zsplice_stream::file`, format in
//! docs/stream-file-format.md) with the input as a whole stream file.
//!
//! Checks, for every input:
//! - neither reader panics, and memory stays bounded whatever lengths the file claims: the
//!   sequential reader (`SequentialReader::new` / `next_chunk` over a `Cursor`, first 8 bytes
//!   handed over as already read, as `zsplice receive` does from a pipe) and the mapped reader
//!   (`MappedFile::open` on the bytes, then `for_each_chunk`, as `zsplice receive --from` does);
//! - the two readers agree: both accept the file and return the same stream bytes (as many as
//!   the index says), or both refuse it;
//! - the same for the input with its CRCs made to match (header, frames, index, trailer): a
//!   random change to a length, count or offset almost always breaks a CRC first, and this lets
//!   the fuzzer reach the checks behind them with values of its own (a frame count whose index
//!   size overflowed `u64` went unnoticed for that reason);
//! - writing the input as the raw stream of a new file (`FileWriter`, frame size and codec
//!   picked from the input) and reading it back with both readers gives the input again.
//!
//! `cargo fuzz` builds with debug assertions, so arithmetic overflow panics here as in tests.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use zsplice_stream::file::{Codec, FileError, FileWriter, MappedFile, SequentialReader};

fn read_sequential(file: &[u8]) -> Result<Vec<u8>, FileError> {
    let already = file.len().min(8);
    let mut r = SequentialReader::new(Cursor::new(&file[already..]), &file[..already])?;
    let mut out = Vec::new();
    while let Some(chunk) = r.next_chunk()? {
        assert!(
            !chunk.is_empty() && chunk.len() <= r.header.frame_size as usize,
            "a frame of {} bytes (frame size {})",
            chunk.len(),
            r.header.frame_size
        );
        out.extend_from_slice(&chunk);
    }
    // Once done, it stays done.
    assert!(r.next_chunk()?.is_none());
    Ok(out)
}

fn read_mapped(file: &[u8]) -> Result<Vec<u8>, FileError> {
    let m = MappedFile::open(file)?;
    let mut out = Vec::new();
    m.for_each_chunk(|c| {
        out.extend_from_slice(c);
        Ok(())
    })?;
    assert_eq!(
        out.len() as u64,
        m.raw_bytes,
        "the index's total is not what decoded"
    );
    Ok(out)
}

fn le32(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
}

fn le64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

/// Writes the CRC-32 of `covered` (then of `more`) at `at`.
fn put_crc(f: &mut [u8], at: usize, covered: std::ops::Range<usize>, more: std::ops::Range<usize>) {
    let mut crc = crc32fast::Hasher::new();
    crc.update(&f[covered]);
    crc.update(&f[more]);
    let crc = crc.finalize();
    f[at..at + 4].copy_from_slice(&crc.to_le_bytes());
}

/// `data` with every CRC recomputed that can be found: the header's, each frame's walking from
/// the header by stored lengths, the index frame's where the trailer puts it (up to the
/// trailer), and the trailer's.
fn with_crcs_fixed(data: &[u8]) -> Vec<u8> {
    let mut f = data.to_vec();
    if f.len() < 64 || !f.starts_with(b"ZSPLSTRM") {
        return f;
    }
    put_crc(&mut f, 60, 0..60, 0..0);
    let mut at = 64;
    while at + 32 <= f.len() && &f[at..at + 4] == b"ZFRM" {
        let Some(end) = (at + 32)
            .checked_add(le32(&f, at + 20))
            .filter(|&end| end <= f.len())
        else {
            break;
        };
        put_crc(&mut f, at + 24, at..at + 24, at + 32..end);
        at = end;
    }
    if f.len() >= 64 + 32 && &f[f.len() - 32..f.len() - 24] == b"ZSPLEND\0" {
        let t = f.len() - 32;
        if let Ok(index) = usize::try_from(le64(&f, t + 8)) {
            if index >= 64 && index <= t.saturating_sub(32) && &f[index..index + 4] == b"ZFRM" {
                put_crc(&mut f, index + 24, index..index + 24, index + 32..t);
            }
        }
        put_crc(&mut f, t + 28, t..t + 28, 0..0);
    }
    f
}

/// Both readers on `file`: neither panics, and they agree.
fn check_readers(file: &[u8]) {
    let seq = read_sequential(file);
    let mapped = read_mapped(file);
    match (&seq, &mapped) {
        (Ok(a), Ok(b)) => assert!(a == b, "the readers decoded different streams"),
        (Err(_), Err(_)) => {}
        (a, b) => panic!(
            "the readers disagree:\nsequential: {:?}\nmapped: {:?}",
            a.as_ref().map(|v| v.len()),
            b.as_ref().map(|v| v.len())
        ),
    }
}

fuzz_target!(|data: &[u8]| {
    check_readers(data);
    let fixed = with_crcs_fixed(data);
    if fixed != data {
        check_readers(&fixed);
    }

    // Round trip: the input as the stream inside a new file, in 1 to 16 frames (the last one
    // usually short), so the input's length picks the frame size.
    let frame_size = data.len().div_ceil(1 + data.len() % 16).max(1) as u32;
    let codec = if data.len().is_multiple_of(2) {
        Codec::Stored
    } else {
        Codec::Zstd { level: 1 }
    };
    let mut w = FileWriter::new(Vec::new(), codec, frame_size, 7).unwrap();
    let frames: Vec<Vec<u8>> = data
        .chunks(frame_size as usize)
        .map(|c| c.to_vec())
        .collect();
    w.write_batch(&frames).unwrap();
    let (file, summary) = w.finish().unwrap();
    assert_eq!(summary.raw_bytes, data.len() as u64);
    assert_eq!(summary.file_bytes, file.len() as u64);
    assert_eq!(read_sequential(&file).unwrap(), data);
    assert_eq!(read_mapped(&file).unwrap(), data);
});
