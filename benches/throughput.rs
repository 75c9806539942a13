//! Host benchmarks for what needs no ZFS: fletcher-4 (the send stream's checksum) and the
//! verifying DRR parser in GB/s; stream-file frames written and read back with and without zstd;
//! and the splice relay between two pipes against a plain read/write copy loop doing the same
//! job (both share the same producer and consumer, so their ratio isolates the middle hop).
//! Run with `cargo bench --bench throughput`; compare numbers from one run only.

use std::io::{PipeReader, PipeWriter, Read, Write};
use std::sync::atomic::AtomicU64;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use zsplice::transfer::pipe::{relay, Tally};
use zsplice::transfer::supervise::Watch;
use zsplice_stream::drr::build::sample_stream;
use zsplice_stream::file::{write_stream_file, DEFAULT_FRAME_SIZE};
use zsplice_stream::{Codec, DrrParser, Fletcher4, MappedFile};

fn fletcher4(c: &mut Criterion) {
    let data: Vec<u8> = (0..(16u32 << 20) / 4)
        .flat_map(|i| i.wrapping_mul(2_654_435_761).to_ne_bytes())
        .collect();
    let mut g = c.benchmark_group("fletcher4");
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.bench_function("16MiB", |b| {
        b.iter(|| Fletcher4::of(std::hint::black_box(&data)))
    });
    g.finish();
}

/// A 64 MiB send stream of 128 KiB WRITE records: what `zsplice send` and `receive` verify.
fn drr_verify(c: &mut Criterion) {
    let stream = sample_stream("bench/a@s1", 7, 0, 64 << 20);
    let mut g = c.benchmark_group("drr_verify");
    g.throughput(Throughput::Bytes(stream.len() as u64));
    g.sample_size(20);
    g.bench_function("64MiB_in_1MiB_pieces", |b| {
        b.iter(|| {
            let mut p = DrrParser::new();
            for piece in stream.chunks(1 << 20) {
                p.feed(piece).unwrap();
            }
            p.finish().unwrap()
        })
    });
    g.finish();
}

/// Stream-file frames: writing (compressing on every core) and reading back (decompressing on
/// every core), for data zstd can shrink and for random data it cannot.
fn stream_file(c: &mut Criterion) {
    let random = sample_stream("bench/r@s1", 9, 0, 64 << 20);
    let mut text = Vec::with_capacity(64 << 20);
    while text.len() < 64 << 20 {
        text.extend_from_slice(b"zsplice stream file frame benchmark line, fairly compressible\n");
    }
    let mut g = c.benchmark_group("stream_file");
    g.sample_size(10);
    for (data_name, data) in [("random", &random), ("text", &text)] {
        g.throughput(Throughput::Bytes(data.len() as u64));
        for codec in [Codec::Stored, Codec::Zstd { level: 1 }] {
            // Written to a sink, so the benchmark measures framing and compression, not the
            // growth of an in-memory file.
            g.bench_function(BenchmarkId::new(format!("write_{codec}"), data_name), |b| {
                b.iter(|| {
                    write_stream_file(
                        &data[..],
                        std::io::sink(),
                        codec,
                        DEFAULT_FRAME_SIZE,
                        0,
                        |_| Ok(()),
                    )
                    .unwrap()
                    .1
                })
            });
            let file =
                write_stream_file(&data[..], Vec::new(), codec, DEFAULT_FRAME_SIZE, 0, |_| {
                    Ok(())
                })
                .unwrap()
                .0;
            g.bench_function(BenchmarkId::new(format!("read_{codec}"), data_name), |b| {
                b.iter(|| {
                    let m = MappedFile::open(&file).unwrap();
                    let mut n = 0usize;
                    m.for_each_chunk(|c| {
                        n += c.len();
                        Ok(())
                    })
                    .unwrap();
                    assert_eq!(n, data.len());
                })
            });
        }
    }
    g.finish();
}

/// The copy loop the relay replaces: every byte crosses into user space and back.
fn copy_loop(mut from: PipeReader, mut to: PipeWriter) -> u64 {
    let mut buf = vec![0u8; 1 << 20];
    let mut moved = 0;
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => return moved,
            Ok(n) => {
                to.write_all(&buf[..n]).unwrap();
                moved += n as u64;
            }
        }
    }
}

/// A pipe enlarged to 1 MiB, as the engine's transfers use.
fn big_pipe() -> (PipeReader, PipeWriter) {
    let (r, w) = std::io::pipe().unwrap();
    let _ = nix::fcntl::fcntl(&w, nix::fcntl::FcntlArg::F_SETPIPE_SZ(1 << 20));
    (r, w)
}

/// Pushes `total` bytes through producer → middle hop → consumer.
fn pipeline(total: usize, spliced: bool) {
    let (src_r, mut src_w) = big_pipe();
    let (mut dst_r, dst_w) = big_pipe();
    std::thread::scope(|s| {
        s.spawn(move || {
            let block = vec![0x5au8; 1 << 20];
            let mut left = total;
            while left > 0 {
                let n = left.min(block.len());
                src_w.write_all(&block[..n]).unwrap();
                left -= n;
            }
        });
        s.spawn(move || {
            if spliced {
                relay(
                    src_r,
                    &dst_w,
                    &Tally::total(&AtomicU64::new(0)),
                    &Watch::default(),
                )
                .unwrap();
            } else {
                copy_loop(src_r, dst_w);
            }
        });
        let mut buf = vec![0u8; 1 << 20];
        let mut got = 0;
        while got < total {
            match dst_r.read(&mut buf).unwrap() {
                0 => break,
                n => got += n,
            }
        }
        assert_eq!(got, total);
    });
}

fn relay_vs_copy(c: &mut Criterion) {
    let total = 256 << 20;
    let mut g = c.benchmark_group("pipe_to_pipe");
    g.throughput(Throughput::Bytes(total as u64));
    g.sample_size(20);
    for (name, spliced) in [("splice_relay", true), ("read_write_loop", false)] {
        g.bench_with_input(BenchmarkId::new(name, "256MiB"), &spliced, |b, &s| {
            b.iter(|| pipeline(total, s))
        });
    }
    g.finish();
}

criterion_group!(benches, fletcher4, drr_verify, stream_file, relay_vs_copy);
criterion_main!(benches);
