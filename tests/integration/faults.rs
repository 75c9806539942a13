//! The fault suite: zsplice killed at random points of a transfer, a destination pool that fills
//! up or is exported mid-run, a destination destroyed mid-run, sources renamed or destroyed
//! between runs, a held base destroyed by someone else, two starts of one task, and a crash
//! while the store is written. Every case asserts on what ZFS reports afterwards (source
//! snapshots untouched, the destination at its old state or the new one, guids equal where
//! copied), on the task's recorded state and on what the user was told.
//!
//! The relay pauses where `ZSPLICE_FAULT_STALL` says (see `src/transfer/fault.rs`), so each fault
//! lands at a known point of the stream instead of wherever a timer happened to fire. That hook
//! exists only in builds with the `fault-injection` feature; the tests that use it are
//! registered as needing it (`main.rs`).

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use zsplice_zfs::ResumeToken;

use crate::helpers::*;

static STALL_SEQ: AtomicUsize = AtomicUsize::new(0);

/// A zsplice process started with an armed stall.
struct Stalled {
    child: Child,
    flag: PathBuf,
    marker: PathBuf,
}

impl Stalled {
    /// Starts `zsplice args` so that its relay stalls at `at` (`<bytes>` or `tail`).
    fn start(state: &State, args: &[&str], at: &str) -> Stalled {
        if !cfg!(feature = "fault-injection") {
            panic!(
                "the stall hook needs a zsplice built with --features fault-injection \
                 (register this test as needing it in main.rs)"
            );
        }
        let n = STALL_SEQ.fetch_add(1, Ordering::SeqCst);
        let flag = PathBuf::from(format!("/tmp/zsplice-stall-{}-{n}", std::process::id()));
        let marker = PathBuf::from(format!("{}.stalled", flag.display()));
        let _ = std::fs::remove_file(&marker);
        std::fs::write(&flag, b"").unwrap();
        let child = state
            .cmd(args)
            .env("ZSPLICE_FAULT_STALL", format!("{at}:{}", flag.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        Stalled {
            child,
            flag,
            marker,
        }
    }

    /// Waits until the relay has stalled; panics (with the output) if zsplice ended first.
    fn wait(&mut self) {
        let t0 = Instant::now();
        while !self.marker.exists() {
            if let Some(status) = self.child.try_wait().unwrap() {
                let out = printed(&mut self.child);
                panic!("zsplice ended ({status}) before stalling: {out}");
            }
            assert!(
                t0.elapsed() < Duration::from_secs(180),
                "no stall after 180 s:\n{}",
                kernel_stacks(self.child.id())
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `kill -9` while stalled.
    fn kill(mut self) {
        kill9(&mut self.child);
        self.cleanup();
    }

    /// Lets the relay go on and waits for zsplice to end.
    fn release(self) -> Output {
        let _ = std::fs::remove_file(&self.flag);
        let _ = std::fs::remove_file(&self.marker);
        self.child.wait_with_output().unwrap()
    }

    fn cleanup(&self) {
        let _ = std::fs::remove_file(&self.flag);
        let _ = std::fs::remove_file(&self.marker);
    }
}

/// Whatever a child that has ended printed.
fn printed(child: &mut Child) -> String {
    use std::io::Read;
    let mut text = String::new();
    if let Some(o) = child.stdout.as_mut() {
        let _ = o.read_to_string(&mut text);
    }
    if let Some(e) = child.stderr.as_mut() {
        let _ = e.read_to_string(&mut text);
    }
    text
}

/// The resume token a destination holds, decoded, if any.
fn resume_token(ds: &str) -> Option<ResumeToken> {
    let out = std::process::Command::new("zfs")
        .args(["get", "-H", "-o", "value", "receive_resume_token", ds])
        .output()
        .unwrap();
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || token == "-" || token.is_empty() {
        return None;
    }
    Some(ResumeToken::decode(&token).expect("a token zsplice's decoder reads"))
}

fn exists(ds: &str) -> bool {
    std::process::Command::new("zfs")
        .args(["list", "-H", ds])
        .output()
        .unwrap()
        .status
        .success()
}

/// A small xorshift generator: the suite prints its seed so a failure can be replayed with
/// ZSPLICE_FAULT_SEED.
struct Rng(u64);

impl Rng {
    fn from_env_or_clock() -> Rng {
        let seed = std::env::var("ZSPLICE_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("fault suite seed: ZSPLICE_FAULT_SEED={seed}");
        Rng(seed | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Every directory under the state dir is 0700 and every file 0600, and no temporary file of
/// an interrupted write is left.
fn assert_private_and_clean(dir: &Path) {
    let mode = std::fs::metadata(dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{}", dir.display());
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.contains(".tmp"), "left behind: {}", path.display());
        if path.is_dir() {
            assert_private_and_clean(&path);
        } else {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", path.display());
        }
    }
}

/// A task `name` copying `src` to `dst` with the tests' naming schema.
fn create(state: &State, name: &str, src: &str, dst: &str) {
    state.ok(&[
        "task",
        "create",
        name,
        "--source",
        src,
        "--destination",
        dst,
        "--naming-schema",
        SCHEMA,
    ]);
}

fn last_run(state: &State, task: &str) -> serde_json::Value {
    state.runs(task).last().cloned().expect("a run")
}

/// The sources' snapshots before a fault must all be there, same guids, afterwards.
fn assert_kept(before: &BTreeMap<String, u64>, ds: &str) {
    let after = snapshot_guids(ds);
    for (name, guid) in before {
        assert_eq!(
            after.get(name),
            Some(guid),
            "{ds}@{name} changed or vanished"
        );
    }
}

/// kill -9 before the first byte, at 20 random offsets mid-stream, and with everything but the
/// final record relayed: each next start resumes from the receive token, the killed run is
/// recorded as interrupted (never "running" forever), the store always opens, and the end state
/// equals a clean run's while the last run sent only what had not arrived.
pub fn kill_9_at_random_points_then_resume_equals_a_clean_run() {
    let (src, dst) = (TestPool::new("k9s"), TestPool::new("k9d"));
    let state = State::new("k9");
    let big = src.ds("big");
    run("zfs", &["create", &big]);
    let mnt = mounted(&big);
    for i in 0..4 {
        write_random(&mnt.join(format!("f{i}")), 16 << 20);
    }
    run("sync", &[]);
    let copy = dst.ds("copy");
    create(&state, "k", &big, &copy);
    let mut rng = Rng::from_env_or_clock();
    const MID: usize = 20;
    let mut points = vec!["0".to_string()];
    points.extend((0..MID).map(|_| (128 * 1024 + rng.below(2 << 20)).to_string()));
    points.push("tail".into());
    let mut last_bytes = 0;
    let mut tokens = 0;
    for (i, at) in points.iter().enumerate() {
        next_second();
        let before = snapshot_guids(&big);
        let mut s = Stalled::start(&state, &["task", "start", "k"], at);
        s.wait();
        eprintln!("kill {i} at {at}: stalled");
        s.kill();
        eprintln!("kill {i} at {at}: killed");
        assert_kept(&before, &big);
        // The dead run is shown as interrupted, and the store still reads whole.
        let list = state.ok(&["task", "list"]);
        assert!(list.contains("interrupted"), "kill {i} at {at}: {list}");
        let runs = state.runs("k");
        assert_eq!(runs.len(), i + 1, "one record per start");
        // Readers of the JSON, too, never see a dead run "running".
        let dead = runs.last().unwrap();
        assert_eq!(dead["state"], "interrupted", "{dead}");
        assert!(
            dead["error"].as_str().unwrap().contains("interrupted"),
            "{dead}"
        );
        let log = state.ok(&["task", "log", "k", "--run", &(i + 1).to_string()]);
        assert!(log.contains("started"), "{log}");
        match resume_token(&copy) {
            Some(t) => {
                assert!(
                    t.bytes >= last_bytes,
                    "kill {i} at {at}: the token went back from {last_bytes} to {}",
                    t.bytes
                );
                last_bytes = t.bytes;
                tokens += 1;
            }
            None if i == 0 => assert!(!exists(&copy), "nothing arrived before the first byte"),
            None => assert!(
                !exists(&copy),
                "kill {i} at {at}: {copy} exists without a resume token"
            ),
        }
        eprintln!("kill {i} at {at}: token at {last_bytes} bytes");
    }
    assert!(tokens >= MID / 2, "only {tokens} kills left a resume token");

    next_second();
    state.ok(&["task", "start", "k"]);
    let runs = state.runs("k");
    assert_eq!(runs.len(), points.len() + 1);
    for r in &runs[..points.len()] {
        assert_eq!(r["state"], "interrupted", "{r}");
        assert!(r["error"].as_str().unwrap().contains("interrupted"), "{r}");
    }
    let last = runs.last().unwrap();
    assert_eq!(last["state"], "finished", "{last}");
    let first = &last["datasets"][0];
    assert!(
        first["mode"].as_str().unwrap().contains("resumed"),
        "{last}"
    );
    let final_bytes = last["bytes_done"].as_u64().unwrap();
    assert!(resume_token(&copy).is_none());
    let resumes = tokens as u64;

    // The same snapshots copied in one clean run.
    let clean = dst.ds("clean");
    let out = state.ok(&["replicate", &big, &clean, "--json"]);
    let records = json_result(&out).as_array().unwrap().clone();
    let clean_bytes: u64 = records.iter().map(|r| r["bytes"].as_u64().unwrap()).sum();
    assert_same_snapshots(&big, &copy);
    assert_same_snapshots(&big, &clean);
    let want = hash_tree(&mnt);
    assert_eq!(hash_tree(&mounted(&copy)), want);
    assert_eq!(hash_tree(&mounted(&clean)), want);
    // What had arrived was not sent again. The token counts every byte received over all
    // attempts; each resume repeats only what the kernel had queued but not yet written (its
    // position is saved per record written), so the repeats stay small...
    assert!(
        last_bytes <= clean_bytes + resumes * (4 << 20),
        "{last_bytes} bytes received over {resumes} resumes for a {clean_bytes}-byte stream"
    );
    // ...and after the kill with all but the final record relayed, the last run sent only a
    // small remainder, not the stream again.
    assert!(
        final_bytes < clean_bytes / 10,
        "the last run sent {final_bytes} of a {clean_bytes}-byte stream"
    );
    assert_private_and_clean(&state.0);
}

/// A destination pool that fills up mid-receive: a clear error naming the pool, the source
/// untouched, the partial receive kept for resuming; once space is freed the next run finishes.
pub fn a_full_destination_pool_fails_clearly_and_the_run_after_freeing_space_finishes() {
    let (src, dst) = (TestPool::new("nss"), TestPool::sized("nsd", "384M"));
    let state = State::new("nospace");
    let a = src.ds("a");
    run("zfs", &["create", &a]);
    let mnt = mounted(&a);
    write_random(&mnt.join("f"), 48 << 20);
    run("sync", &[]);
    // Leave the destination 16 MiB: a reservation takes the rest without writing anything.
    let avail: u64 = run(
        "zfs",
        &["get", "-Hp", "-o", "value", "available", &dst.name],
    )
    .trim()
    .parse()
    .unwrap();
    let filler = dst.ds("filler");
    let reservation = format!("reservation={}", avail - (16 << 20));
    run("zfs", &["create", "-o", &reservation, &filler]);
    let copy = dst.ds("a");
    create(&state, "full", &a, &copy);

    let err = state.fails(&["task", "start", "full"], 1);
    assert!(
        err.contains(&format!("out of space in pool '{}'", dst.name)),
        "{err}"
    );
    assert_one_line(&err);
    let run1 = last_run(&state, "full");
    assert_eq!(run1["state"], "failed");
    assert!(run1["error"].as_str().unwrap().contains("out of space"));
    assert_eq!(
        snapshot_guids(&a).len(),
        1,
        "the source keeps its one new snapshot"
    );
    // Partial state: resumable, or gone; never a half-received dataset posing as a copy.
    assert!(
        resume_token(&copy).is_some() || !exists(&copy),
        "{copy} exists without a resume token"
    );
    if exists(&copy) {
        assert!(snapshot_guids(&copy).is_empty(), "no snapshot was received");
    }

    run("zfs", &["destroy", &filler]);
    next_second();
    state.ok(&["task", "start", "full"]);
    assert_eq!(last_run(&state, "full")["state"], "finished");
    assert_same_snapshots(&a, &copy);
    assert_eq!(hash_tree(&mounted(&copy)), hash_tree(&mnt));
}

/// Starts `task`, strikes with `fault` while it waits on its first byte, and checks the run
/// then fails (exit 1) saying that `destination` does not exist.
fn fails_naming_missing_destination(
    state: &State,
    task: &str,
    destination: &str,
    fault: impl FnOnce(),
) {
    let args = ["task", "start", task];
    let mut s = Stalled::start(state, &args, "0");
    s.wait();
    fault();
    let err = failure_stderr(&args, &s.release(), 1);
    assert!(err.contains(destination), "names the destination: {err}");
    assert!(err.contains("does not exist"), "{err}");
}

/// The destination pool exported while a run waits on its first byte: the run fails saying
/// the destination is gone, the source is untouched, and after re-import the next run copies.
pub fn a_destination_pool_exported_mid_run_fails_clearly_and_the_next_run_recovers() {
    let fx = OneSource::new("exp", 1 << 20);
    let (state, a, copy) = (&fx.state, &fx.a, &fx.copy);
    create(state, "x", a, copy);
    fails_naming_missing_destination(state, "x", copy, || fx.dst.export());
    assert_eq!(last_run(state, "x")["state"], "failed");
    assert_eq!(snapshot_guids(a).len(), 1);

    // While the pool is away, a start says so before touching the source.
    next_second();
    let err = state.fails(&["task", "start", "x"], 2);
    assert!(
        err.contains(&format!(
            "destination pool '{}' does not exist",
            fx.dst.name
        )),
        "{err}"
    );
    assert_eq!(snapshot_guids(a).len(), 1, "no snapshot taken for nothing");

    fx.dst.import();
    next_second();
    state.ok(&["task", "start", "x"]);
    assert_same_snapshots(a, copy);
}

/// The destination dataset destroyed while an incremental run waits on its first byte: a clear
/// error, and the next run copies afresh (nothing is left to destroy at the destination).
pub fn a_destination_destroyed_mid_run_fails_clearly_and_the_next_run_recopies() {
    let fx = OneSource::new("dsd", 1 << 20);
    let (state, a, copy) = (&fx.state, &fx.a, &fx.copy);
    create(state, "d", a, copy);
    state.ok(&["task", "start", "d"]);
    next_second();
    let before = snapshot_guids(a);
    fails_naming_missing_destination(state, "d", copy, || {
        run("zfs", &["destroy", "-r", copy]);
    });
    assert_kept(&before, a);

    next_second();
    state.ok(&["task", "start", "d"]);
    let mode = last_run(state, "d")["datasets"][0]["mode"].clone();
    assert!(mode.as_str().unwrap().starts_with("full"), "{mode}");
    assert_same_snapshots(a, copy);
}

/// A source renamed, or destroyed, between runs: the run refuses with the reason and what to do,
/// and the destination keeps every snapshot.
pub fn a_source_renamed_or_destroyed_between_runs_is_reported_and_the_copy_kept() {
    let fx = OneSource::new("ren", 1 << 20);
    let (state, a, copy) = (&fx.state, &fx.a, &fx.copy);
    create(state, "r", a, copy);
    state.ok(&["task", "start", "r"]);
    let kept = snapshot_guids(copy);
    let moved = format!("{a}-moved");
    run("zfs", &["rename", a, &moved]);
    for _ in 0..2 {
        next_second();
        let err = state.fails(&["task", "start", "r"], 2);
        assert!(
            err.contains(&format!("{a}: source dataset does not exist")),
            "{err}"
        );
        assert!(err.contains("delete the task and create it again"), "{err}");
        assert_one_line(&err);
        let r = last_run(state, "r");
        assert_eq!(r["state"], "failed");
        assert_eq!(snapshot_guids(copy), kept, "the destination is untouched");
        // The second time round the source is gone for good: its hold released, destroyed.
        if exists(&moved) {
            for snap in snapshot_guids(&moved).keys() {
                run("zfs", &["release", "zsplice:r", &format!("{moved}@{snap}")]);
            }
            run("zfs", &["destroy", "-r", &moved]);
        }
    }
}

/// The task's held base destroyed by someone who released the hold first: the next run finds
/// no common snapshot, refuses (exit 3) naming what a re-copy would destroy, changes nothing,
/// and re-copies only when allowed.
pub fn a_held_base_destroyed_by_force_is_refused_until_a_recopy_is_allowed() {
    let fx = OneSource::new("hbd", 1 << 20);
    let (state, a, copy) = (&fx.state, &fx.a, &fx.copy);
    create(state, "h", a, copy);
    state.ok(&["task", "start", "h"]);
    let base = snapshot_guids(a).into_keys().next().unwrap();
    let base_snap = format!("{a}@{base}");
    assert_eq!(holds(&base_snap), vec!["zsplice:h"]);
    // A plain destroy is refused by the hold; the someone else releases it first.
    let refused = std::process::Command::new("zfs")
        .args(["destroy", &base_snap])
        .output()
        .unwrap();
    assert!(!refused.status.success(), "the hold protects the base");
    run("zfs", &["release", "zsplice:h", &base_snap]);
    run("zfs", &["destroy", &base_snap]);
    let kept = snapshot_guids(copy);

    next_second();
    let err = state.fails(&["task", "start", "h"], 3);
    assert!(
        err.contains(&format!("{copy}@{base}")),
        "names what would go: {err}"
    );
    assert!(
        err.contains("allow-from-scratch"),
        "says how to proceed: {err}"
    );
    assert_eq!(
        snapshot_guids(copy),
        kept,
        "nothing destroyed without consent"
    );

    next_second();
    state.ok(&["task", "start", "h", "--allow-from-scratch"]);
    assert_same_snapshots(a, copy);
    let newest = snapshot_guids(a).into_keys().last().unwrap();
    assert_eq!(holds(&format!("{a}@{newest}")), vec!["zsplice:h"]);
}

/// Two starts of one task: the second is refused while the first runs, and leaves no run
/// record and no snapshot. Tasks whose destinations overlap are refused at create time.
pub fn a_second_start_is_refused_and_overlapping_tasks_cannot_be_created() {
    let fx = OneSource::new("two", 1 << 20);
    let (state, a, copy) = (&fx.state, &fx.a, &fx.copy);
    create(state, "t", a, copy);
    let mut s = Stalled::start(state, &["task", "start", "t"], "0");
    s.wait();
    let list = state.ok(&["task", "list"]);
    assert!(list.contains("running"), "{list}");
    next_second();
    let err = state.fails(&["task", "start", "t"], 1);
    assert!(err.contains("task 't' is already running"), "{err}");
    assert_eq!(state.runs("t").len(), 1, "no second run record");
    assert_eq!(snapshot_guids(a).len(), 1, "no second snapshot");
    let out = s.release();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_same_snapshots(a, copy);

    // The same destination, one inside it, and one above it: each refused, nothing written.
    let other = fx.src.ds("b");
    run("zfs", &["create", &other]);
    let tasks_before = std::fs::read_dir(state.0.join("tasks")).unwrap().count();
    let parent = fx.dst.name.clone();
    for dst in [copy.clone(), format!("{copy}/inner"), parent] {
        let err = state.fails(
            &[
                "task",
                "create",
                "u",
                "--source",
                &other,
                "--destination",
                &dst,
            ],
            2,
        );
        assert!(err.contains("overlaps task 't'"), "{dst}: {err}");
    }
    let tasks_after = std::fs::read_dir(state.0.join("tasks")).unwrap().count();
    assert_eq!(tasks_before, tasks_after);
}

/// A transfer that stops moving is stopped by the watchdog (it stays resumable) and tried
/// again with back-off; each try is in the run log. Before, a hung transfer hung forever.
pub fn a_stalled_transfer_is_stopped_by_the_watchdog_and_retried() {
    let fx = OneSource::new("wd", 8 << 20);
    fx.create_task("w", &["--stall-timeout", "2s", "--retries", "3"]);
    let mut s = Stalled::start(&fx.state, &["task", "start", "w"], &(1 << 20).to_string());
    s.wait();
    // The watchdog fires after 2 s without progress; then the stall is lifted, as a hung
    // pool that recovers would be, and the next try resumes.
    let t0 = Instant::now();
    loop {
        let log = fx.state.ok(&["task", "log", "w"]);
        if log.contains("no progress for 2s") {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(60), "no watchdog: {log}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = s.release();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = fx.state.ok(&["task", "log", "w"]);
    assert!(log.contains("try 1 of 4 failed"), "{log}");
    assert!(log.contains("resuming the interrupted receive"), "{log}");
    let last = last_run(&fx.state, "w");
    assert_eq!(last["state"], "finished", "{last}");
    assert_same_snapshots(&fx.a, &fx.copy);
}

/// SIGTERM stops the daemon within 10 s: the running transfer ends resumable, its run is
/// recorded as interrupted (with why), and the next start resumes it.
pub fn sigterm_stops_the_daemon_cleanly_and_the_run_resumes() {
    let fx = OneSource::new("st", 8 << 20);
    fx.create_task("d", &[]);
    let mut s = Stalled::start(
        &fx.state,
        &["daemon", "--interval", "1"],
        &(2 << 20).to_string(),
    );
    s.wait();
    let t0 = Instant::now();
    run("kill", &["-TERM", &s.child.id().to_string()]);
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the daemon did not stop within 10 s:\n{}",
            kernel_stacks(s.child.id())
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    s.cleanup();
    let printed = printed(&mut s.child);
    assert!(status.success(), "{status}: {printed}");
    let r = last_run(&fx.state, "d");
    assert_eq!(r["state"], "interrupted", "{r}");
    assert!(
        r["error"].as_str().unwrap().contains("stopped on request"),
        "{r}"
    );
    assert!(
        resume_token(&fx.copy).is_some(),
        "the receive stays resumable"
    );
    fx.state.ok(&["task", "start", "d"]);
    let log = fx.state.ok(&["task", "log", "d"]);
    assert!(log.contains("resuming the interrupted receive"), "{log}");
    assert_same_snapshots(&fx.a, &fx.copy);
}

/// A catch-up of many snapshots is sent as one chain (each snapshot's send overlapping the
/// receive of the one before). Killed mid-chain, what arrived stays, the snapshot being received
/// is left resumable when ZFS kept its partial state, and a plain `replicate` started right away
/// resumes it (or sends it again) and brings every intermediate snapshot with the source's guid.
pub fn a_catch_up_killed_mid_chain_resumes_and_every_snapshot_arrives() {
    let (src, dst) = (TestPool::new("chs"), TestPool::new("chd"));
    let state = State::new("ch");
    let (a, copy) = (src.ds("a"), dst.ds("a"));
    run("zfs", &["create", &a]);
    let mnt = mounted(&a);
    run("zfs", &["snapshot", &format!("{a}@c0")]);
    state.ok(&["replicate", &a, &copy]);
    const STEPS: usize = 12;
    const EACH: u64 = 256 << 10;
    for i in 1..=STEPS {
        write_random(&mnt.join(format!("f{i}")), EACH);
        run("zfs", &["snapshot", &format!("{a}@c{i}")]);
    }
    let before = snapshot_guids(&a);
    // Halfway through the chain's bytes: several snapshots have arrived, one is mid-stream.
    let at = (EACH * STEPS as u64 / 2 + EACH / 3).to_string();
    let mut s = Stalled::start(&state, &["replicate", &a, &copy], &at);
    s.wait();
    // The relay stalls mid-stream, but the receiver may still be finishing the snapshot before
    // (its receive ends with a transaction-group sync): wait until it has begun the stalled one
    // (its resume token shows), then sync the pool, since ZFS keeps an interrupted receive's
    // state only for data a transaction group wrote.
    let t0 = Instant::now();
    while resume_token(&copy).is_none() {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the stalled snapshot's receive never began"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    run("zpool", &["sync", &dst.name]);
    s.kill();
    assert_kept(&before, &a);
    let arrived = snapshot_guids(&copy);
    assert!(
        arrived.len() > 2 && arrived.len() <= STEPS,
        "{} of {} snapshots arrived before the kill: {arrived:?}",
        arrived.len(),
        STEPS + 1
    );
    for (name, guid) in &arrived {
        assert_eq!(before.get(name), Some(guid), "{copy}@{name}");
    }
    // ZFS keeps the partial state of the snapshot being received most of the time, not always
    // (as in kill_9_at_random_points_...): when it does, the token names that snapshot and the
    // retry resumes it; when not, the retry sends it again.
    let next = arrived.len();
    let token = resume_token(&copy);
    if let Some(t) = &token {
        assert_eq!(
            t.toname,
            format!("{a}@c{next}"),
            "the next snapshot after those arrived"
        );
    }
    // No waiting, default options. Each snapshot sent is printed, in order, as it arrives.
    let log = state.ok(&["replicate", &a, &copy]);
    let mut rest = log.as_str();
    let first_sent = if token.is_some() {
        let resumed = format!("resumed {a}@c{next} into {copy}@c{next}");
        rest = &log[log
            .find(&resumed)
            .unwrap_or_else(|| panic!("no {resumed:?} in:\n{log}"))..];
        next + 1
    } else {
        next
    };
    for i in first_sent..=STEPS {
        let line = format!("sent {a}@c{} -> @c{i} into {copy}@c{i} (", i - 1);
        let at = rest
            .find(&line)
            .unwrap_or_else(|| panic!("no {line:?} after the ones before in:\n{log}"));
        rest = &rest[at..];
    }
    assert_eq!(
        log.matches("sent ").count(),
        STEPS + 1 - first_sent,
        "each snapshot not yet there, once: {log}"
    );
    assert_same_snapshots(&a, &copy);
    assert!(resume_token(&copy).is_none());
    assert_eq!(hash_tree(&mounted(&copy)), hash_tree(&mnt));
}
