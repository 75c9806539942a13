//! Planning at scale, no ZFS needed: the guid-based plan of every pair of a wide tree (1,000
//! datasets × 100 snapshots, 100,000 snapshots a side), and of a destination 1,000 snapshots
//! behind. Planning is pure logic over what the listings returned; this is its whole cost for
//! one run. Run with `cargo bench --bench planning`; compare numbers from one run only.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use zsplice::replicate::plan::{plan, Snap};

/// `n` snapshots named like the default naming schema, with guids unique to `dataset`.
fn snapshots(dataset: u64, n: u64) -> Vec<Snap> {
    (0..n)
        .map(|i| Snap {
            name: format!(
                "auto-2026-{:02}-{:02}_{:02}-00",
                1 + i / 720 % 12,
                1 + i / 24 % 28,
                i % 24
            ),
            guid: (dataset << 32) | (i + 1),
            createtxg: 100 + i,
        })
        .collect()
}

/// One pair as planning gets it: the source's name and snapshots, the destination's name and
/// snapshots (None: it does not exist yet).
type Pair = (String, Vec<Snap>, String, Option<Vec<Snap>>);

/// 1,000 datasets × 100 snapshots: the sources, and destinations as the case has them.
fn wide(dest_behind: Option<u64>) -> Vec<Pair> {
    (0..1000)
        .map(|d| {
            let src = snapshots(d, 100);
            let dst = dest_behind.map(|behind| src[..(100 - behind) as usize].to_vec());
            (format!("tank/ds{d}"), src, format!("backup/ds{d}"), dst)
        })
        .collect()
}

fn plan_all(pairs: &[Pair]) -> usize {
    pairs
        .iter()
        .map(|(s, src, d, dst)| {
            plan(s, src, d, dst.as_deref(), &|_| true)
                .map(|p| p.steps.len())
                .unwrap_or(0)
        })
        .sum()
}

fn wide_tree(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan_1000_datasets_x_100_snapshots");
    g.sample_size(20);
    for (case, behind) in [
        ("nothing_new", Some(0)),
        ("one_new_each", Some(1)),
        ("first_full_copy", None),
    ] {
        let pairs = wide(behind);
        g.bench_function(case, |b| b.iter(|| plan_all(std::hint::black_box(&pairs))));
    }
    // Every destination's snapshots gone from the source: no common snapshot, each refused
    // after comparing every pair of guids.
    let refused: Vec<Pair> = (0..1000)
        .map(|d| {
            (
                format!("tank/ds{d}"),
                snapshots(d, 100),
                format!("backup/ds{d}"),
                Some(snapshots(d + 5000, 100)),
            )
        })
        .collect();
    g.bench_function("no_common_snapshot", |b| {
        b.iter(|| plan_all(std::hint::black_box(&refused)))
    });
    g.finish();
}

fn catch_up(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan_catch_up");
    let src = snapshots(1, 1100);
    let dst = src[..100].to_vec();
    g.bench_function("1_dataset_1000_behind", |b| {
        b.iter_batched(
            || (),
            |_| plan("tank/a", &src, "backup/a", Some(&dst), &|_| true).unwrap(),
            BatchSize::SmallInput,
        )
    });
    let one = snapshots(2, 100_000);
    let half = one[..50_000].to_vec();
    g.sample_size(10);
    g.bench_function("1_dataset_100000_snapshots_50000_behind", |b| {
        b.iter(|| plan("tank/b", &one, "backup/b", Some(&half), &|_| true).unwrap())
    });
    g.finish();
}

criterion_group!(benches, wide_tree, catch_up);
criterion_main!(benches);
