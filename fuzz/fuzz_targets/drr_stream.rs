//! Fuzzes the verifying ZFS send-stream parser, `zsplice_stream::drr::DrrParser`.
//!
//! Input layout: byte 0 holds the number of piece-size bytes that follow (low 3 bits, plus one)
//! and a flag (bit 3) asking the harness to rewrite every record's fletcher-4 fields so they are
//! correct (otherwise almost every mutation dies at the first checksum); the piece-size bytes come
//! next, and the rest is the stream.
//!
//! Checks, for every input:
//! - nothing panics, and memory stays bounded whatever lengths the records claim;
//! - feeding the stream in pieces (sizes taken from the piece-size bytes, cycling) gives the same
//!   answer as `verify()` on the whole: both Ok with equal summaries, or both Err with the same
//!   error (for data after the last END, both report trailing data);
//! - `offset()` counts exactly the bytes fed, `substreams()` only grows, and once `is_done()`
//!   any further byte is refused as trailing data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zsplice_stream::drr::{verify, DrrError, DrrParser, RECORD_SIZE};
use zsplice_stream::Fletcher4;

/// The part of a record its trailing checksum covers.
const CHECKSUMMED: usize = RECORD_SIZE - 32;

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes(b[at..at + 4].try_into().unwrap())
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_ne_bytes(b[at..at + 8].try_into().unwrap())
}

fn put_u64(b: &mut [u8], at: usize, v: u64) {
    b[at..at + 8].copy_from_slice(&v.to_ne_bytes());
}

/// Payload bytes after a record, as the receive side computes them (mirrors the parser, so the
/// rewritten checksums cover what the parser will sum).
fn payload_len(rec: &[u8]) -> u64 {
    match u32_at(rec, 0) {
        0 => u32_at(rec, 4) as u64,
        1 => match u32_at(rec, 36) {
            0 => (u32_at(rec, 28) as u64).div_ceil(8) * 8,
            raw => raw as u64,
        },
        3 if rec[50] != 0 => u64_at(rec, 96),
        3 => u64_at(rec, 32),
        7 => match u64_at(rec, 40) {
            0 => u64_at(rec, 16),
            compressed => compressed,
        },
        8 => (u32_at(rec, 52) as u64).div_ceil(8) * 8,
        _ => 0,
    }
}

/// Rewrites each record's trailer (and an END record's stream checksum) to the values a correct
/// sender would have written, so mutations of types, lengths and names get past the checksums.
fn fix_checksums(s: &mut [u8]) {
    let mut sum = Fletcher4::new();
    let mut at = 0;
    while at + RECORD_SIZE <= s.len() {
        let rec = &mut s[at..at + RECORD_SIZE];
        let kind = u32_at(rec, 0);
        if kind == 0 {
            sum = Fletcher4::new();
        }
        if kind == 5 {
            for (i, w) in sum.words.iter().enumerate() {
                put_u64(rec, 8 + 8 * i, *w);
            }
        }
        sum.update(&rec[..CHECKSUMMED]);
        if kind != 0 {
            for (i, w) in sum.words.iter().enumerate() {
                put_u64(rec, CHECKSUMMED + 8 * i, *w);
            }
        }
        sum.update(&rec[CHECKSUMMED..]);
        let len = payload_len(rec);
        at += RECORD_SIZE;
        let end = at + len.min((s.len() - at) as u64) as usize;
        // One update per payload: its ragged end is not summed, as in the parser.
        sum.update(&s[at..end]);
        at = end;
    }
}

/// A piece size from one control byte: small, around a record's size, larger, or the rest.
fn piece_size(b: u8) -> usize {
    let low = (b & 63) as usize;
    match b >> 6 {
        0 => 1 + low,
        1 => RECORD_SIZE - 32 + low,
        2 => (low + 1) * 1021,
        _ => usize::MAX,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let n = ((head & 7) as usize + 1).min(rest.len());
    let (sizes, stream) = rest.split_at(n);
    let mut stream = stream.to_vec();
    if head & 8 != 0 {
        fix_checksums(&mut stream);
    }

    let whole = verify(&stream);

    let mut p = DrrParser::new();
    let mut left = &stream[..];
    let mut fed = 0u64;
    let mut substreams = 0;
    let mut failed = None;
    for i in 0.. {
        if left.is_empty() {
            break;
        }
        let was_done = p.is_done();
        let size = piece_size(sizes.get(i % sizes.len().max(1)).copied().unwrap_or(255));
        let (piece, next) = left.split_at(size.min(left.len()));
        left = next;
        match p.feed(piece) {
            Ok(()) => {
                assert!(!was_done, "bytes after the last END were accepted");
                fed += piece.len() as u64;
                assert_eq!(p.offset(), fed, "offset() does not count the bytes fed");
                assert!(p.substreams().len() >= substreams, "substreams() shrank");
                substreams = p.substreams().len();
            }
            Err(e) => {
                if was_done {
                    assert!(matches!(e, DrrError::TrailingData(_)), "{e}");
                }
                failed = Some(e);
                break;
            }
        }
    }
    let seen = p.substreams().to_vec();
    let piecewise = match failed {
        Some(e) => Err(e),
        None => p.finish(),
    };

    match (&whole, &piecewise) {
        (Ok(w), Ok(pw)) => {
            assert_eq!(w, pw, "piecewise and whole summaries differ");
            assert_eq!(w.total_bytes, stream.len() as u64);
            assert_eq!(w.substreams, seen);
            assert!(w.verified_records <= w.records());
        }
        (Err(DrrError::TrailingData(_)), Err(e)) => {
            assert!(
                matches!(e, DrrError::TrailingData(_)),
                "whole: trailing data, pieces: {e}"
            )
        }
        (Err(w), Err(pw)) => assert_eq!(w, pw, "piecewise and whole errors differ"),
        (w, pw) => panic!("whole: {w:?}\npiecewise: {pw:?}"),
    }
});
