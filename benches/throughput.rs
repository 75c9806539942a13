//! Host benchmarks for what needs no ZFS: fletcher-4 (the send stream's checksum) in GB/s, and
//! the splice relay between two pipes against a plain read/write copy loop doing the same job.
//! Both relay variants share the same producer and consumer, so their ratio isolates the
//! middle hop. Run with `cargo bench --bench throughput`; compare numbers from one run only.

use std::io::{PipeReader, PipeWriter, Read, Write};
use std::sync::atomic::AtomicU64;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use zsplice::transfer::relay;
use zsplice_stream::Fletcher4;

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
                relay(src_r, dst_w, &AtomicU64::new(0)).unwrap();
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

criterion_group!(benches, fletcher4, relay_vs_copy);
criterion_main!(benches);
