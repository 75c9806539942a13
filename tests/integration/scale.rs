//! Runs at scale stay cheap without giving up a guarantee: a run with nothing new asks the
//! kernel at most two requests per dataset on each side (OpenZFS 2.2+, which records when a
//! dataset's snapshots last changed), and the snapshot listings it remembers between runs
//! never hide a snapshot taken in the same second, nor a destination changed behind its back.
//! Every run here is a plain `zsplice replicate` with default options, one right after another.

use std::process::{Command, Output, Stdio};

use crate::helpers::*;

/// Runs a plain `zsplice replicate` (the remembered listings in their default place).
fn replicate(args: &[&str]) -> Output {
    let mut all = vec!["replicate"];
    all.extend_from_slice(args);
    Command::new(zsplice_bin())
        .args(&all)
        .stdin(Stdio::null())
        .output()
        .expect("running zsplice")
}

/// Whether this release reports `snapshots_changed` (2.2 and later).
fn records_snapshot_changes(ds: &str) -> bool {
    Command::new("zfs")
        .args(["get", "-H", "-p", "-o", "value", "snapshots_changed", ds])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The requests per dataset that `--stats` reports on `pool`.
fn requests_per_dataset(stats: &str, pool: &str) -> f64 {
    let key = format!(" on {pool} (");
    let at = stats
        .find(&key)
        .unwrap_or_else(|| panic!("no count for {pool} in: {stats}"));
    let rest = &stats[at + key.len()..];
    let n = rest.split_whitespace().next().unwrap();
    n.parse()
        .unwrap_or_else(|_| panic!("no number at {n:?} in: {stats}"))
}

/// A tree of `n` children under `root`, each with `snaps` recursive snapshots.
fn tree(root: &str, n: usize, snaps: usize) {
    run("zfs", &["create", root]);
    for i in 0..n {
        run("zfs", &["create", "-p", &format!("{root}/g{}/c{i}", i % 3)]);
    }
    for s in 0..snaps {
        run("zfs", &["snapshot", "-r", &format!("{root}@s{s}")]);
    }
}

pub fn a_run_with_nothing_new_lists_no_snapshot_again() {
    let (src, dst) = (TestPool::new("scs"), TestPool::new("scd"));
    let (s, d) = (src.ds("t"), dst.ds("t"));
    tree(&s, 12, 15);
    let args = ["-r", "--stats", &s, &d];
    success_stdout(&args, &replicate(&args));
    // Right after the copy, with no waiting: the destination is remembered from what it
    // received, the source from the listing the copy made.
    let quiet = replicate(&args);
    let out = success_stdout(&args, &quiet);
    assert!(out.contains("up to date"), "{out}");
    let stats = stderr(&quiet);
    assert!(stats.contains("zsplice: stats: 16 dataset(s)"), "{stats}");
    if records_snapshot_changes(&s) {
        for pool in [&src.name, &dst.name] {
            let per = requests_per_dataset(&stats, pool);
            assert!(per <= 2.0, "{per} requests per dataset on {pool}: {stats}");
        }
    } else {
        eprintln!("    (this release has no snapshots_changed: every run lists every snapshot)");
    }
    assert_same_snapshots(&format!("{s}/g1/c4"), &format!("{d}/g1/c4"));
}

pub fn a_snapshot_taken_in_the_second_of_a_run_is_copied_by_the_next() {
    let (src, dst) = (TestPool::new("sss"), TestPool::new("ssd"));
    let (s, d) = (src.ds("t"), dst.ds("t"));
    tree(&s, 3, 2);
    let args = ["-r", &s, &d];
    // No waiting anywhere: runs and snapshots as fast as a script makes them, so that most
    // snapshots fall into the second a run listed in.
    for round in 0..6 {
        success_stdout(&args, &replicate(&args));
        run("zfs", &["snapshot", "-r", &format!("{s}@r{round}")]);
        success_stdout(&args, &replicate(&args));
        for child in ["", "/g0/c0", "/g2/c2"] {
            assert_same_snapshots(&format!("{s}{child}"), &format!("{d}{child}"));
        }
    }
}

pub fn a_destination_changed_behind_a_remembered_listing_is_seen() {
    let (src, dst) = (TestPool::new("sbs"), TestPool::new("sbd"));
    let (s, d) = (src.ds("t"), dst.ds("t"));
    tree(&s, 2, 3);
    let args = ["-r", &s, &d];
    success_stdout(&args, &replicate(&args));

    // Right after a run, with nothing new at the source: a snapshot made on the destination
    // is refused all the same, and an old source snapshot destroyed changes nothing.
    run("zfs", &["snapshot", &format!("{d}/g0/c0@early")]);
    run("zfs", &["destroy", &format!("{s}@s0")]);
    let err = failure_stderr(&args, &replicate(&args), 3);
    assert!(err.contains(&format!("{d}/g0/c0@early")), "{err}");
    run("zfs", &["destroy", &format!("{d}/g0/c0@early")]);
    success_stdout(&args, &replicate(&args));

    // A snapshot made on the destination right after a run (most likely in the second of its
    // last receive): the next run with something to send refuses, naming it exactly.
    run("zfs", &["snapshot", &format!("{d}/g1/c1@intruder")]);
    run("zfs", &["snapshot", "-r", &format!("{s}@s3")]);
    let err = failure_stderr(&args, &replicate(&args), 3);
    assert!(err.contains(&format!("{d}/g1/c1@intruder")), "{err}");
    // Refused again with nothing changed, now from listings made a second after the changes
    // (remembered, then made afresh for the refusal): the same exact answer.
    next_second();
    failure_stderr(&args, &replicate(&args), 3);
    let again = failure_stderr(&args, &replicate(&args), 3);
    assert_eq!(again, err);
    run("zfs", &["destroy", &format!("{d}/g1/c1@intruder")]);
    success_stdout(&args, &replicate(&args));
    assert_same_snapshots(&format!("{s}/g1/c1"), &format!("{d}/g1/c1"));

    // The destination's newest snapshot destroyed right after a run: sent again.
    run("zfs", &["destroy", &format!("{d}/g0/c0@s3")]);
    let out = success_stdout(&args, &replicate(&args));
    assert!(out.contains("@s3"), "{out}");
    assert_same_snapshots(&format!("{s}/g0/c0"), &format!("{d}/g0/c0"));
}
