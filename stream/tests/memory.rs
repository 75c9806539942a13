//! Reading a stream file takes bounded memory whatever the file holds and however many threads
//! decode it (docs/stream-file-format.md, "Memory"). The global allocator here counts bytes, so
//! each case measures the peak of what reading allocated instead of estimating it.
//!
//! One test function runs the cases one after the other: the count is process-wide, and cases
//! run in parallel would add up.

use std::io::Cursor;

use peakmem_alloc::{PeakMemAlloc, PeakMemAllocTrait, INSTRUMENTED_SYSTEM};
use zsplice_stream::drr::build::sample_stream;
use zsplice_stream::file::{Codec, FileWriter, MappedFile, SequentialReader};
use zsplice_stream::{DrrParser, FileError};

#[global_allocator]
static ALLOC: &PeakMemAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

/// The requirement: reading any stream file stays under this, whatever the number of cores.
const LIMIT: usize = 256 << 20;

/// Runs `read` on a rayon pool of `threads`; its result and the peak of the bytes allocated
/// meanwhile, above what was allocated when it started.
fn peak_of<T: Send>(threads: usize, read: impl FnOnce() -> T + Send) -> (T, usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    ALLOC.reset_peak_memory();
    let r = pool.install(read);
    (r, ALLOC.get_peak_memory())
}

/// What `zsplice receive --from FILE` and `stream inspect` do: decode, verify the records.
fn verify_mapped(file: &[u8]) -> Result<(), FileError> {
    let m = MappedFile::open(file)?;
    let mut p = DrrParser::new();
    m.for_each_chunk(|c| p.feed(c).map_err(FileError::from))?;
    p.finish()?;
    Ok(())
}

/// The same from a pipe.
fn verify_sequential(file: &[u8]) -> Result<(), FileError> {
    let mut r = SequentialReader::new(Cursor::new(file), &[])?;
    let mut p = DrrParser::new();
    while let Some(c) = r.next_chunk()? {
        p.feed(&c)?;
    }
    p.finish()?;
    Ok(())
}

/// `frames` frames of zeros, each `frame_size` bytes, zstd-compressed: a tiny file that
/// decompresses to `frames × frame_size` bytes.
fn zeros_file(frame_size: u32, frames: usize) -> Vec<u8> {
    let zeros = vec![0u8; frame_size as usize];
    let mut w = FileWriter::new(Vec::new(), Codec::Zstd { level: 1 }, frame_size, 0).unwrap();
    for _ in 0..frames {
        w.write_batch(std::slice::from_ref(&zeros)).unwrap();
    }
    w.finish().unwrap().0
}

/// A valid stream in frames of one byte each: as many frames as the stream has bytes.
fn tiny_frames_file(stream: &[u8]) -> Vec<u8> {
    let mut w = FileWriter::new(Vec::new(), Codec::Stored, 1, 0).unwrap();
    for batch in stream.chunks(4096) {
        let frames: Vec<Vec<u8>> = batch.chunks(1).map(<[u8]>::to_vec).collect();
        w.write_batch(&frames).unwrap();
    }
    w.finish().unwrap().0
}

#[test]
fn reading_any_stream_file_takes_bounded_memory() {
    // Many frames: what a reader keeps per frame (index entries, frame lists) must not add up.
    // 200,000 frames took about 11 MB (sequential) and 6 MB (mapped) before.
    let stream = sample_stream("p/a@s1", 42, 0, 200_000);
    let file = tiny_frames_file(&stream);
    let (r, peak) = peak_of(4, || verify_sequential(&file));
    r.unwrap();
    assert!(peak < 1 << 20, "sequential, tiny frames: {peak} bytes");
    let (r, peak) = peak_of(4, || verify_mapped(&file));
    r.unwrap();
    assert!(peak < 1 << 20, "mapped, tiny frames: {peak} bytes");
    drop(file);

    // Large frames of zeros: 8 × 64 MiB (the largest frame size) in a file of a few KB. Every
    // frame was decompressed at once before the first record was looked at (2 threads: 268 MB,
    // 16: 2.5 GB); how many are in flight must not depend on the number of threads.
    let file = zeros_file(64 << 20, 8);
    assert!(file.len() < 1 << 20, "{} bytes", file.len());
    for threads in [2, 16, 64] {
        let (r, peak) = peak_of(threads, || verify_mapped(&file));
        let e = r.unwrap_err();
        assert!(e.to_string().contains("nor a ZFS send stream"), "{e}");
        assert!(peak < LIMIT, "mapped, {threads} threads: {peak} bytes");
    }
    let (r, peak) = peak_of(2, || verify_sequential(&file));
    assert!(r.is_err());
    assert!(peak < LIMIT, "sequential: {peak} bytes");
}
