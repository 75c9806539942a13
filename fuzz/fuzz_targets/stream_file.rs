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
//! - writing the input as the raw stream of a new file (`FileWriter`, frame size and codec
//!   picked from the input) and reading it back with both readers gives the input again.
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

fuzz_target!(|data: &[u8]| {
    let seq = read_sequential(data);
    let mapped = read_mapped(data);
    match (&seq, &mapped) {
        (Ok(a), Ok(b)) => assert!(a == b, "the readers decoded different streams"),
        (Err(_), Err(_)) => {}
        (a, b) => panic!(
            "the readers disagree:\nsequential: {:?}\nmapped: {:?}",
            a.as_ref().map(|v| v.len()),
            b.as_ref().map(|v| v.len())
        ),
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
