//! The stream file format's tests: round trips, damage of every kind, crafted sizes.

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
    let (a, b) = (m.frame(1), m.frame(2));
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

/// A file of `len` bytes: a valid header, then zeros, then a trailer (with a valid CRC)
/// claiming `frames` frames and an index at `index_offset`.
fn crafted(len: usize, index_offset: u64, frames: u64) -> Vec<u8> {
    let header = FileHeader {
        version: VERSION,
        frame_size: DEFAULT_FRAME_SIZE,
        codec: Codec::Stored,
        created: 0,
    };
    let mut f = vec![0u8; len];
    f[..HEADER_LEN].copy_from_slice(&header.encode());
    let t = len - TRAILER_LEN;
    f[t..t + 8].copy_from_slice(TRAILER_MAGIC);
    f[t + 8..t + 16].copy_from_slice(&index_offset.to_le_bytes());
    f[t + 16..t + 24].copy_from_slice(&frames.to_le_bytes());
    let crc = crc32fast::hash(&f[t..t + 28]);
    f[t + 28..].copy_from_slice(&crc.to_le_bytes());
    f
}

#[test]
fn sizes_and_counts_that_overflow_are_refused_not_a_panic() {
    // 144 bytes whose trailer claims (2^64 - 64) / 24 frames: the index's size plus its
    // frame header and the trailer went past u64::MAX (`zsplice stream inspect` exited 101).
    let frames = (u64::MAX - 63) / 24;
    for (len, index_offset) in [(144, 128), (144, 64), (144, u64::MAX - 15), (200, 0)] {
        for frames in [frames, frames + 1, u64::MAX, u64::MAX / 24] {
            let f = crafted(len, index_offset, frames);
            let e = read_mapped(&f).unwrap_err();
            assert!(
                matches!(e, FileError::BadIndex(_)),
                "{len} bytes, index at {index_offset}, {frames} frames: {e}"
            );
            assert!(read_sequential(&f).is_err());
        }
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

/// A file of the given frames (codec, raw length, stored bytes) as a writer would lay them out,
/// with valid CRCs, index and trailer whatever the frames hold.
fn craft(frame_size: u32, frames: &[(u8, u32, Vec<u8>)]) -> Vec<u8> {
    let header = FileHeader {
        version: VERSION,
        frame_size,
        codec: Codec::Zstd { level: 1 },
        created: 0,
    };
    let mut f = header.encode().to_vec();
    let mut index = Vec::new();
    let mut raw_bytes = 0u64;
    for (seq, (codec, raw_len, stored)) in frames.iter().enumerate() {
        let h = frame_header(*codec, seq as u64, *raw_len, stored);
        let e = FrameEntry {
            offset: f.len() as u64,
            raw_len: *raw_len,
            stored_len: stored.len() as u32,
            crc: le32(&h, 24),
            codec: *codec,
        };
        index.extend_from_slice(&e.encode());
        f.extend_from_slice(&h);
        f.extend_from_slice(stored);
        raw_bytes += *raw_len as u64;
    }
    let mut body = raw_bytes.to_le_bytes().to_vec();
    body.extend_from_slice(&(frames.len() as u64).to_le_bytes());
    body.extend_from_slice(&index);
    let index_offset = f.len() as u64;
    f.extend_from_slice(&frame_header(
        CODEC_INDEX,
        frames.len() as u64,
        body.len() as u32,
        &body,
    ));
    f.extend_from_slice(&body);
    let mut t = [0u8; TRAILER_LEN];
    t[0..8].copy_from_slice(TRAILER_MAGIC);
    t[8..16].copy_from_slice(&index_offset.to_le_bytes());
    t[16..24].copy_from_slice(&(frames.len() as u64).to_le_bytes());
    let crc = crc32fast::hash(&t[..28]);
    t[28..].copy_from_slice(&crc.to_le_bytes());
    f.extend_from_slice(&t);
    f
}

/// Recomputes the index frame's CRC after a test edited the index.
fn fix_index_crc(f: &mut [u8]) {
    let t = f.len() - TRAILER_LEN;
    let at = le64(f, t + 8) as usize;
    let crc = frame_crc(&f[at..at + FRAME_HEADER_LEN], &f[at + FRAME_HEADER_LEN..t]);
    f[at + 24..at + 28].copy_from_slice(&crc.to_le_bytes());
}

#[test]
fn a_frame_decompresses_to_its_declared_size_and_no_more() {
    // 4 MiB of zeros in a zstd frame of a few hundred bytes, declared as 1 MiB (the frame
    // size): decompression stops at the declared size instead of growing its buffer.
    let zeros = zstd::bulk::compress(&vec![0u8; 4 << 20], 1).unwrap();
    assert!(zeros.len() < 4096);
    let f = craft(1 << 20, &[(CODEC_ZSTD, 1 << 20, zeros.clone())]);
    for e in [
        read_mapped(&f).unwrap_err(),
        read_sequential(&f).unwrap_err(),
    ] {
        assert!(
            matches!(e, FileError::Damaged { frame: 0, .. }) && e.to_string().contains("zstd"),
            "{e}"
        );
    }
    // Less than declared is refused too.
    let small = zstd::bulk::compress(&[0u8; 1000], 1).unwrap();
    let f = craft(4096, &[(CODEC_ZSTD, 2000, small.clone())]);
    for e in [
        read_mapped(&f).unwrap_err(),
        read_sequential(&f).unwrap_err(),
    ] {
        assert!(
            e.to_string().contains("1000 bytes decompressed, 2000"),
            "{e}"
        );
    }
    // Exactly as declared reads back.
    let f = craft(
        4096,
        &[(CODEC_ZSTD, 1000, small), (CODEC_STORED, 3, vec![1, 2, 3])],
    );
    let mut expect = vec![0u8; 1000];
    expect.extend_from_slice(&[1, 2, 3]);
    assert_eq!(read_mapped(&f).unwrap(), expect);
    assert_eq!(read_sequential(&f).unwrap(), expect);
}

#[test]
fn index_entries_that_differ_from_their_frames_are_refused_by_both_readers() {
    let stream = sample_stream("p/a@s1", 42, 0, 20_000);
    let f = file_of(&stream, Codec::Stored, 4096);
    let t = f.len() - TRAILER_LEN;
    let entries = le64(&f, t + 8) as usize + FRAME_HEADER_LEN + INDEX_PREFIX_LEN;
    // A reserved byte of entry 2, then entry 3's CRC, each with the index's own CRC made to
    // match: only the comparison with the frames can tell.
    for at in [
        entries + 2 * INDEX_ENTRY_LEN + 22,
        entries + 3 * INDEX_ENTRY_LEN + 16,
    ] {
        let mut bad = f.clone();
        bad[at] ^= 0x10;
        fix_index_crc(&mut bad);
        let e = read_mapped(&bad).unwrap_err();
        assert!(
            matches!(e, FileError::BadIndex(_) | FileError::Damaged { .. }),
            "{e}"
        );
        let e = read_sequential(&bad).unwrap_err();
        assert!(e.to_string().contains("entries do not match"), "{e}");
    }
}

#[test]
fn the_sequential_reader_reports_the_file_it_read() {
    let stream = sample_stream("p/a@s1", 42, 0, 300_000);
    let (f, written) = write_stream_file(
        &stream[..],
        Vec::new(),
        Codec::Zstd { level: 1 },
        65536,
        7,
        |_| Ok(()),
    )
    .unwrap();
    let mut r = SequentialReader::new(&f[..], &[]).unwrap();
    while r.next_chunk().unwrap().is_some() {}
    assert_eq!(r.summary(), written);
    let m = MappedFile::open(&f).unwrap();
    assert_eq!(m.frame_count() as u64, written.frames);
    assert_eq!(m.compressed_frames(), written.compressed_frames);
}
