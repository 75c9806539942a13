//! Runs at scale stay cheap without giving up a guarantee: a run with nothing new asks the
//! kernel at most two requests per dataset on each side (OpenZFS 2.2+, which records when a
//! dataset's snapshots last changed), and the snapshot listings it remembers between runs
//! never hide a snapshot taken in the same second, nor a destination changed behind its back.
//! Where the pools' history shows that nothing touched either tree since the last run, a run
//! reads no dataset at all; a change made during a run, a pool imported again, or a history
//! overwritten since (it is a ring) makes the next run read them. Every run here is a plain
//! `zsplice replicate` with default options, one right after another.

use std::process::{Command, Output, Stdio};

use crate::helpers::*;

/// Runs a plain `zsplice replicate` (the remembered listings in their default place).
fn replicate(args: &[&str]) -> Output {
    let mut all = vec!["replicate"];
    all.extend_from_slice(args);
    zsplice(&all)
}

/// Whether this release reports `snapshots_changed` (2.2 and later).
fn records_snapshot_changes(ds: &str) -> bool {
    Command::new("zfs")
        .args(["get", "-H", "-p", "-o", "value", "snapshots_changed", ds])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The requests `--stats` reports on `pool` (0 when it names none).
fn requests_on(stats: &str, pool: &str) -> u64 {
    let key = format!(" {pool} ");
    stats
        .split([':', ','])
        .find_map(|part| {
            let part = format!("{part} ");
            let (n, rest) = part.trim_start().split_once(" on ")?;
            format!(" {rest}")
                .starts_with(&key)
                .then(|| n.parse().ok())?
        })
        .unwrap_or(0)
}

/// Runs `replicate` with `args` (which ask for `--stats`), which must find all of its
/// `datasets` up to date; returns its stats line.
fn nothing_new(args: &[&str], datasets: usize) -> String {
    let quiet = replicate(args);
    let out = success_stdout(args, &quiet);
    assert!(out.contains("up to date"), "{out}");
    let stats = stderr(&quiet);
    let count = format!("zsplice: stats: {datasets} dataset(s)");
    assert!(stats.contains(&count), "{stats}");
    stats
}

/// Each of `children` (paths below `s` and `d`, "" for the roots) has the same snapshots on
/// both sides.
fn assert_same_children(s: &str, d: &str, children: &[&str]) {
    for child in children {
        assert_same_snapshots(&format!("{s}{child}"), &format!("{d}{child}"));
    }
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

/// A source pool and a destination pool (named `names`), and a [`tree`] of `n` children
/// with `snaps` snapshots at `t` in the source; returns the pools, then the source tree's
/// root and where it is copied to.
fn pools_with_tree(
    names: [&str; 2],
    n: usize,
    snaps: usize,
) -> (TestPool, TestPool, String, String) {
    let (src, dst) = (TestPool::new(names[0]), TestPool::new(names[1]));
    let (s, d) = (src.ds("t"), dst.ds("t"));
    tree(&s, n, snaps);
    (src, dst, s, d)
}

pub fn a_run_with_nothing_new_lists_no_snapshot_again() {
    let (src, dst, s, d) = pools_with_tree(["scs", "scd"], 12, 15);
    let args = ["-r", "--stats", &s, &d];
    success_stdout(&args, &replicate(&args));
    // Right after the copy, with no waiting, and then after a change to the source that
    // moved no snapshot (a property set): the trees are read, but no snapshot is listed
    // again. The destination is remembered from what it received, the source from the
    // listing the copy made.
    for round in 0..2 {
        let stats = nothing_new(&args, 16);
        if records_snapshot_changes(&s) {
            // At most 2 per dataset, and 4 per pool to read which import it is and its
            // history.
            for pool in [&src.name, &dst.name] {
                let n = requests_on(&stats, pool);
                assert!(n <= 2 * 16 + 4, "{n} requests on {pool}: {stats}");
            }
        } else {
            eprintln!(
                "    (this release has no snapshots_changed: every run lists every snapshot)"
            );
        }
        if round == 0 {
            run("zfs", &["set", "zsplice-test:touched=yes", &s]);
        } else {
            assert!(requests_on(&stats, &src.name) >= 16, "{stats}");
        }
    }
    assert_same_snapshots(&format!("{s}/g1/c4"), &format!("{d}/g1/c4"));
}

pub fn a_snapshot_taken_in_the_second_of_a_run_is_copied_by_the_next() {
    let (_src, _dst, s, d) = pools_with_tree(["sss", "ssd"], 3, 2);
    let args = ["-r", &s, &d];
    // No waiting anywhere: runs and snapshots as fast as a script makes them, so that most
    // snapshots fall into the second a run listed in.
    for round in 0..6 {
        success_stdout(&args, &replicate(&args));
        run("zfs", &["snapshot", "-r", &format!("{s}@r{round}")]);
        success_stdout(&args, &replicate(&args));
        assert_same_children(&s, &d, &["", "/g0/c0", "/g2/c2"]);
    }
}

pub fn a_destination_changed_behind_a_remembered_listing_is_seen() {
    let (_src, _dst, s, d) = pools_with_tree(["sbs", "sbd"], 2, 3);
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

pub fn a_run_after_a_copy_with_nothing_new_reads_no_dataset() {
    let (src, dst, s, d) = pools_with_tree(["sms", "smd"], 12, 3);
    let args = ["-r", "--stats", &s, &d];
    success_stdout(&args, &replicate(&args));
    // A copy of something new, then right away a run with nothing new: the copy's own
    // receives are all that happened to the trees, so the run after it reads no dataset.
    run("zfs", &["snapshot", "-r", &format!("{s}@new")]);
    success_stdout(&args, &replicate(&args));
    for round in 0..2 {
        if round == 1 {
            // The history records echoing the copy's own requests are written at a later
            // transaction group sync: by now they are there, for this round or the one before
            // to find, and finding them must cost no more.
            run("zpool", &["sync", &src.name, &dst.name]);
        }
        let stats = nothing_new(&args, 16);
        if records_snapshot_changes(&s) {
            for pool in [&src.name, &dst.name] {
                let n = requests_on(&stats, pool);
                assert!(n <= 3, "round {round}: {n} requests on {pool}: {stats}");
            }
        }
    }
    assert_same_snapshots(&format!("{s}/g1/c4"), &format!("{d}/g1/c4"));

    // The destination's pool imported again: its history offsets belong to the old import,
    // so the trees are read (and found up to date).
    dst.export();
    dst.import();
    let stats = nothing_new(&args, 16);
    assert!(requests_on(&stats, &dst.name) >= 16, "{stats}");

    // A source snapshot of one child only, and a destination snapshot destroyed: each is
    // seen by the very next run.
    run("zfs", &["snapshot", &format!("{s}/g2/c5@one")]);
    let out = success_stdout(&args, &replicate(&args));
    assert!(out.contains(&format!("{d}/g2/c5@one")), "{out}");
    run("zfs", &["destroy", &format!("{d}/g0/c3@new")]);
    let out = success_stdout(&args, &replicate(&args));
    assert!(out.contains(&format!("{d}/g0/c3@new")), "{out}");
    assert_same_children(&s, &d, &["", "/g2/c5", "/g0/c3"]);

    // A refused run reports what it cost all the same.
    run("zfs", &["snapshot", &format!("{d}/g1/c4@mine")]);
    let err = failure_stderr(&args, &replicate(&args), 3);
    assert!(err.contains(&format!("{d}/g1/c4@mine")), "{err}");
    assert!(err.contains("zsplice: stats: stopped after"), "{err}");
    assert!(requests_on(&err, &dst.name) > 0, "{err}");
}

pub fn a_snapshot_taken_while_a_run_copies_is_copied_by_the_next() {
    let (_src, _dst, s, d) = pools_with_tree(["sws", "swd"], 24, 2);
    let args = ["-r", &s, &d];
    for round in 0..3 {
        // A second terminal takes snapshots while the copy runs.
        let copy = Command::new(zsplice_bin())
            .arg("replicate")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("running zsplice");
        run("zfs", &["snapshot", "-r", &format!("{s}@during{round}")]);
        run("zfs", &["snapshot", &format!("{s}/g1/c7@alone{round}")]);
        let out = copy.wait_with_output().expect("waiting for zsplice");
        assert!(out.status.success(), "round {round}: {out:?}");
        success_stdout(&args, &replicate(&args));
        assert_same_children(&s, &d, &["", "/g0/c0", "/g1/c7", "/g2/c23"]);
    }
}

pub fn a_history_ring_overwritten_since_the_last_run_is_noticed() {
    // The smallest ring a pool has (128 KiB, 0.1% of the pool's size at least): a few
    // property sets with long values overwrite it.
    let src = TestPool::sized("shs", "128M");
    let dst = TestPool::new("shd");
    let (s, d) = (src.ds("t"), dst.ds("t"));
    tree(&s, 3, 2);
    let other = src.ds("other");
    run("zfs", &["create", &other]);
    let args = ["-r", "--stats", &s, &d];
    success_stdout(&args, &replicate(&args));
    let stats = nothing_new(&args, 7);
    if records_snapshot_changes(&s) {
        // The record of the last run is in use: no dataset read.
        assert!(requests_on(&stats, &src.name) <= 3, "{stats}");
    }

    // A snapshot in the tree, then enough records about a dataset outside it to overwrite
    // the snapshot's record: what is left of the history names only the other dataset.
    run("zfs", &["snapshot", &format!("{s}/g0/c0@hidden")]);
    let long = "x".repeat(8000);
    for i in 0..24 {
        run(
            "zfs",
            &["set", &format!("zsplice-test:pad{i}={long}"), &other],
        );
    }
    let out = success_stdout(&args, &replicate(&args));
    assert!(out.contains(&format!("{d}/g0/c0@hidden")), "{out}");
    assert_same_children(&s, &d, &["", "/g0/c0", "/g1/c1"]);
}
