//! Replication tasks end to end, driving the `zsplice` binary as a user would and asserting on
//! what ZFS itself reports (`zfs list`, `zfs holds`) and on the task's records.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::*;

/// Bytes a run moved for one destination dataset.
fn dataset_bytes(run: &serde_json::Value, destination: &str) -> u64 {
    run["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["destination"] == destination)
        .unwrap_or_else(|| panic!("{destination} not in run {run}"))["bytes"]
        .as_u64()
        .unwrap()
}

fn total_bytes(run: &serde_json::Value) -> u64 {
    run["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["bytes"].as_u64().unwrap())
        .sum()
}

/// The seed's flow: two sources (one recursive with three children) into one destination on
/// another pool; full copy, incremental, refused divergence, re-copy from scratch, list, log.
pub fn a_task_copies_full_then_incremental_and_refuses_divergence() {
    let (src, dst) = (TestPool::new("tsrc"), TestPool::new("tdst"));
    let state = State::new("seed");
    let a = src.ds("a");
    run("zfs", &["create", &a]);
    let b = src.ds("b");
    run("zfs", &["create", &b]);
    write_file(&mounted(&a).join("data.bin"), 1, 6 << 20);
    write_file(&mounted(&b).join("top.bin"), 2, 1 << 20);
    for (i, c) in ["c1", "c2", "c3"].iter().enumerate() {
        let child = format!("{b}/{c}");
        run("zfs", &["create", &child]);
        write_file(&mounted(&child).join("f.bin"), 10 + i as u64, 2 << 20);
    }
    run("sync", &[]);
    let backup = dst.ds("backup");
    state.ok(&[
        "task",
        "create",
        "seed",
        "--source",
        &a,
        "--recursive-source",
        &b,
        "--destination",
        &backup,
        "--naming-schema",
        SCHEMA,
        "--readonly",
    ]);
    let list = state.ok(&["task", "list"]);
    assert!(list.contains("seed") && list.contains("pending"), "{list}");

    // First start: a full copy of all five datasets.
    state.ok(&["task", "start", "seed"]);
    let pairs = [
        (a.clone(), format!("{backup}/a")),
        (b.clone(), format!("{backup}/b")),
        (format!("{b}/c1"), format!("{backup}/b/c1")),
        (format!("{b}/c2"), format!("{backup}/b/c2")),
        (format!("{b}/c3"), format!("{backup}/b/c3")),
    ];
    for (s, d) in &pairs {
        assert_same_snapshots(s, d);
    }
    // One atomic snapshot: every source snapshot of the run shares one createtxg.
    let listing = zfs_list(&src.name);
    let txgs: std::collections::BTreeSet<u64> = listing
        .iter()
        .filter(|(n, _)| n.contains("@zt-"))
        .map(|(_, (_, txg, _))| *txg)
        .collect();
    assert_eq!(
        txgs.len(),
        1,
        "one transaction for all sources: {listing:?}"
    );
    let ro = run(
        "zfs",
        &["get", "-H", "-o", "value", "readonly", &pairs[0].1],
    );
    assert_eq!(ro.trim(), "on");
    let runs = state.runs("seed");
    assert_eq!(runs[0]["state"], "finished");
    let full = total_bytes(&runs[0]);
    assert!(full > 12 << 20, "full copy moved {full} bytes");
    let first_snap = runs[0]["snapshot"].as_str().unwrap().to_string();
    assert_eq!(holds(&format!("{a}@{first_snap}")), vec!["zsplice:seed"]);

    // Change one file, start again: only the change travels.
    next_second();
    write_file(&mounted(&a).join("small.bin"), 99, 256 << 10);
    run("sync", &[]);
    state.ok(&["task", "start", "seed"]);
    for (s, d) in &pairs {
        assert_same_snapshots(s, d);
    }
    let runs = state.runs("seed");
    let incremental = total_bytes(&runs[1]);
    assert!(
        incremental * 10 < full,
        "incremental moved {incremental} bytes, full {full}"
    );
    assert!(dataset_bytes(&runs[1], &pairs[0].1) >= 256 << 10);
    let second_snap = runs[1]["snapshot"].as_str().unwrap().to_string();
    assert_eq!(holds(&format!("{a}@{second_snap}")), vec!["zsplice:seed"]);
    assert!(
        holds(&format!("{a}@{first_snap}")).is_empty(),
        "the hold moved forward"
    );

    // A snapshot made on the destination's side: refused, exit 3, the list names it,
    // nothing destroyed, nothing snapshotted.
    let local = format!("{}@made-here", pairs[0].1);
    run("zfs", &["snapshot", &local]);
    let before_src = zfs_list(&src.name);
    let before_dst = zfs_list(&dst.name);
    next_second();
    let err = state.fails(&["task", "start", "seed"], 3);
    assert!(err.contains(&local), "{err}");
    assert!(err.contains("would destroy"), "{err}");
    assert!(
        err.contains(&format!("{}@{first_snap}", pairs[0].1)),
        "every snapshot a re-copy destroys is listed: {err}"
    );
    assert_eq!(zfs_list(&src.name), before_src, "sources untouched");
    assert_eq!(zfs_list(&dst.name), before_dst, "destination untouched");
    let list = state.ok(&["task", "list"]);
    assert!(
        list.contains("refused"),
        "a refused run reads as refused: {list}"
    );

    // With allow-from-scratch: a full re-copy, guids equal again, the local snapshot gone.
    state.ok(&["task", "start", "seed", "--allow-from-scratch"]);
    for (s, d) in &pairs {
        assert_same_snapshots(s, d);
    }
    let runs = state.runs("seed");
    let last = runs.last().unwrap();
    assert_eq!(last["state"], "finished");
    let recopied = dataset_bytes(last, &pairs[0].1);
    assert!(
        recopied > 6 << 20,
        "a's full re-copy moved {recopied} bytes"
    );
    assert!(
        dataset_bytes(last, &pairs[2].1) < 1 << 20,
        "datasets that had not diverged stay incremental"
    );
    assert_eq!(
        hash_tree(&mounted(&a)),
        hash_tree(&mounted(&pairs[0].1)),
        "contents equal"
    );

    // States and the log file.
    let list = state.ok(&["task", "list"]);
    assert!(list.contains("finished"), "{list}");
    let log_file = PathBuf::from(format!("/tmp/zsplice-seed-{}.log", std::process::id()));
    let saved = state.ok(&[
        "task",
        "log",
        "seed",
        "--output",
        log_file.to_str().unwrap(),
    ]);
    assert!(saved.contains("saved to"), "{saved}");
    let log = std::fs::read_to_string(&log_file).unwrap();
    let _ = std::fs::remove_file(&log_file);
    assert!(log.contains("re-copy from scratch"), "{log}");
    assert!(log.contains("finished"), "{log}");
    let refused_log = state.ok(&["task", "log", "seed", "--run", "3"]);
    assert!(refused_log.contains("refused"), "{refused_log}");
}

pub fn retention_removes_only_expired_unheld_snapshots_of_the_task() {
    let fx = OneSource::new("keep", 1 << 20);
    let (state, a, copy) = (&fx.state, &fx.a, &fx.copy);
    // A snapshot the task did not make, copied first by a one-shot replicate: never removed.
    run("zfs", &["snapshot", &format!("{a}@manual")]);
    state.ok(&["replicate", a, copy]);
    fx.create_task("keep", &["--retention", "1m"]);
    let mut names = Vec::new();
    for _ in 0..3 {
        next_second();
        state.ok(&["task", "start", "keep"]);
        names.push(state.last_snapshot("keep"));
    }
    // Someone holds the oldest copy: retention must leave it.
    run("zfs", &["hold", "keepme", &format!("{copy}@{}", names[0])]);
    assert_eq!(snapshot_guids(copy).len(), 4);
    std::thread::sleep(Duration::from_secs(61));
    state.ok(&["task", "start", "keep"]);
    let newest = state.last_snapshot("keep");
    let left: Vec<String> = snapshot_guids(copy).into_keys().collect();
    let mut want = vec!["manual".to_string(), names[0].clone(), newest.clone()];
    want.sort();
    let mut got = left.clone();
    got.sort();
    assert_eq!(
        got, want,
        "expired, unheld task snapshots removed; nothing else"
    );
    // The source keeps everything: retention is the destination's.
    let source_left = snapshot_guids(a);
    for n in names.iter().chain([&newest, &"manual".to_string()]) {
        assert!(source_left.contains_key(n), "{n} still on the source");
    }
    let log = state.ok(&["task", "log", "keep"]);
    assert!(log.contains("retention (1m): destroyed"), "{log}");
    assert!(log.contains("it is held"), "{log}");
    run(
        "zfs",
        &["release", "keepme", &format!("{copy}@{}", names[0])],
    );
}

/// `--retention source`: the destination lets go of the task's snapshots the source destroyed,
/// and keeps the rest, a snapshot the task did not make among them.
pub fn retention_source_removes_what_the_source_destroyed_and_nothing_else() {
    let fx = OneSource::new("mir", 1 << 20);
    let (state, a, copy) = (&fx.state, &fx.a, &fx.copy);
    run("zfs", &["snapshot", &format!("{a}@manual")]);
    state.ok(&["replicate", a, copy]);
    fx.create_task("mir", &["--retention", "source"]);
    let mut names = Vec::new();
    for _ in 0..3 {
        next_second();
        state.ok(&["task", "start", "mir"]);
        names.push(state.last_snapshot("mir"));
    }
    assert_eq!(snapshot_guids(copy).len(), 4);
    // The source lets go of its oldest task snapshot and of the one the task did not make.
    run("zfs", &["destroy", &format!("{a}@{}", names[0])]);
    run("zfs", &["destroy", &format!("{a}@manual")]);
    next_second();
    state.ok(&["task", "start", "mir"]);
    let newest = state.last_snapshot("mir");
    let mut want = vec![
        "manual".to_string(),
        names[1].clone(),
        names[2].clone(),
        newest,
    ];
    want.sort();
    let got: Vec<String> = snapshot_guids(copy).into_keys().collect();
    assert_eq!(
        got, want,
        "only the task's snapshot the source destroyed went"
    );
    let log = state.ok(&["task", "log", "mir"]);
    assert!(
        log.contains(&format!(
            "retention (source): destroyed {copy}@{}",
            names[0]
        )),
        "{log}"
    );
}

pub fn a_once_task_runs_exactly_once_under_the_daemon() {
    let fx = OneSource::new("daemon", 1 << 20);
    let (state, a, copy) = (&fx.state, &fx.a, &fx.copy);
    fx.create_task("oneshot", &["--schedule", "once"]);
    let mut daemon = state
        .cmd(&["daemon", "--interval", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_run(state, "oneshot", Duration::from_secs(60), |r| {
        r["state"] == "finished"
    });
    // Several more looks at the schedule: nothing more may run.
    std::thread::sleep(Duration::from_secs(4));
    kill9(&mut daemon);
    // A restarted daemon remembers too.
    let mut daemon = state
        .cmd(&["daemon", "--interval", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    kill9(&mut daemon);
    assert_eq!(state.runs("oneshot").len(), 1);
    assert_eq!(snapshot_guids(a).len(), 1);
    assert_same_snapshots(a, copy);
}

/// Bad input needs no ZFS: each is one clear line, exit 2, and nothing is written.
/// A dataset name over ZFS's 255-character limit.
const LONG_NAME: &str = concat!(
    "p/",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);

/// Every kind of bad task definition: a one-line error, exit 2, and nothing stored. (Runs on
/// any host: all of it is refused before ZFS is asked anything.)
pub fn bad_task_definitions_are_refused_and_nothing_is_written() {
    let state = State::new("bad");
    let base = [
        "task",
        "create",
        "t",
        "--source",
        "p/a",
        "--destination",
        "q/a",
    ];
    let cases: &[(&[&str], &str)] = &[
        (&["--schedule", "70 * * * *"], "schedule '70 * * * *'"),
        (&["--retention", "soon"], "retention 'soon'"),
        (&["--naming-schema", "x-%Y"], "naming schema 'x-%Y'"),
        (&["--exclude", "p/zz"], "p/zz"),
        (&["--source", "p/a"], "source listed twice"),
        (&["--schedule", "* * *"], "has 3 fields, not 5"),
        (&["--retention", "0d"], "shorter than a minute"),
        (
            &["--naming-schema", "zt-%Y%m%d%H%M%Q"],
            "'%Q' is not a strftime token",
        ),
        (&["--source", ""], "the dataset name is empty"),
        (&["--source", "p/"], "leading or trailing '/'"),
        (&["--source", "p//a"], "empty dataset name component"),
        (&["--source", "p/a@s"], "'@' belongs to snapshot names only"),
        (&["--source", "p/a#b"], "'#' belongs to bookmark names only"),
        (&["--source", "p/a*b"], "character '*' is not allowed"),
        (&["--source", LONG_NAME], "the limit is 255"),
        (&["--set-property", "novalue"], "expected NAME=VALUE"),
        // A receive drops a property ZFS does not know (or may not set) without a word.
        (
            &["--set-property", "compresion=lz4"],
            "'compresion' is not a ZFS property; did you mean compression?",
        ),
        (&["--set-property", "used=1"], "'used' is read-only"),
        // ...and a value not in the form the kernel takes.
        (
            &["--set-property", "compression=zstdd"],
            "compression=zstdd is not a value compression takes; use one of: on, off",
        ),
        (
            &["--set-property", "quota=lots"],
            "quota=lots is not a number",
        ),
        (
            &["--exclude-property", "atme"],
            "atme: it is not a ZFS property",
        ),
    ];
    let mut all: Vec<(Vec<&str>, &str)> = cases
        .iter()
        .map(|(extra, want)| ([&base[..], extra].concat(), *want))
        .collect();
    let create = |name, dst| {
        vec![
            "task",
            "create",
            name,
            "--source",
            "p/a",
            "--destination",
            dst,
        ]
    };
    all.extend([
        (create("t", "p/a/inside"), "must not be inside"),
        (create("bad/name", "q/a"), "invalid task name 'bad/name'"),
        (create("t", "q/a#x"), "'#' belongs to bookmark names only"),
        (vec!["task", "start", "nope"], "task 'nope' does not exist"),
    ]);
    for (args, want) in &all {
        let err = state.fails(args, 2);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_one_line(&err);
        assert!(!tasks_dir_has_files(&state.0), "{args:?} stored a task");
    }
}

fn tasks_dir_has_files(state: &Path) -> bool {
    std::fs::read_dir(state.join("tasks"))
        .map(|d| d.count() > 0)
        .unwrap_or(false)
}

/// The hold a task keeps is released when the task is deleted.
pub fn deleting_a_task_releases_its_holds() {
    let fx = OneSource::new("del", 0);
    let (state, a) = (&fx.state, &fx.a);
    fx.create_task("h", &["--start"]);
    let snaps: BTreeMap<String, u64> = snapshot_guids(a);
    let snap = format!("{a}@{}", snaps.keys().next().unwrap());
    assert_eq!(holds(&snap), vec!["zsplice:h"]);
    let out = state.ok(&["task", "delete", "h"]);
    assert!(out.contains("released hold"), "{out}");
    assert!(holds(&snap).is_empty());
    state.fails(&["task", "show", "h"], 2);
}

/// A destination written to since its last snapshot is refused (a receive would roll the
/// change back); allowed, the change is rolled back and the copy goes on incrementally.
pub fn a_modified_destination_is_refused_then_rolled_back_when_allowed() {
    let fx = OneSource::new("mod", 2 << 20);
    let (state, a, copy) = (&fx.state, &fx.a, &fx.copy);
    fx.create_task("m", &["--start"]);
    write_file(&mounted(copy).join("stray"), 6, 1 << 20);
    run("sync", &[]);
    next_second();
    let err = state.fails(&["task", "start", "m"], 3);
    assert!(err.contains("was modified after its snapshot"), "{err}");
    // The way on says what allowing it does here: a roll-back, no snapshot destroyed.
    assert!(
        err.contains("roll the destination back") && !err.contains("listed above"),
        "{err}"
    );
    assert!(
        mounted(copy).join("stray").exists(),
        "nothing rolled back yet"
    );
    state.ok(&["task", "start", "m", "--allow-from-scratch"]);
    assert_same_snapshots(a, copy);
    let last = state.runs("m").pop().unwrap();
    assert!(
        last["datasets"][0]["mode"]
            .as_str()
            .unwrap()
            .contains("rolled back"),
        "{last}"
    );
    assert_eq!(hash_tree(&mounted(a)), hash_tree(&mounted(copy)));
}

/// Locally set source properties travel as received properties when asked; mountpoint never
/// does; overrides and --readonly win.
pub fn properties_are_replicated_with_excludes_and_overrides() {
    let (src, dst) = (TestPool::new("psrc"), TestPool::new("pdst"));
    let state = State::new("props");
    let a = src.ds("a");
    run(
        "zfs",
        &[
            "create",
            "-o",
            "atime=off",
            "-o",
            "org.zsplice:note=hello",
            &a,
        ],
    );
    run("zfs", &["set", "org.zsplice:skip=1", &a]);
    run(
        "zfs",
        &[
            "set",
            &format!("mountpoint=/tmp/mnt/{}-custom", src.name),
            &a,
        ],
    );
    let copy = dst.ds("a");
    state.ok(&[
        "task",
        "create",
        "p",
        "--source",
        &a,
        "--destination",
        &copy,
        "--naming-schema",
        SCHEMA,
        "--properties",
        "--exclude-property",
        "org.zsplice:skip",
        "--set-property",
        "org.zsplice:where=backup",
        "--readonly",
        "--start",
    ]);
    let get = |prop: &str| {
        run("zfs", &["get", "-H", "-o", "value,source", prop, &copy])
            .trim()
            .to_string()
    };
    assert_eq!(get("atime"), "off\treceived");
    assert_eq!(get("org.zsplice:note"), "hello\treceived");
    assert_eq!(get("org.zsplice:where"), "backup\treceived");
    assert_eq!(get("readonly"), "on\treceived");
    assert!(
        get("org.zsplice:skip").starts_with('-'),
        "{}",
        get("org.zsplice:skip")
    );
    assert!(
        !get("mountpoint").ends_with("received"),
        "{}",
        get("mountpoint")
    );
}

/// `zsplice replicate -r --exclude`: a one-shot recursive copy without a task; `--dry-run`
/// changes nothing.
pub fn one_shot_recursive_replicate_honours_excludes() {
    let (src, dst) = (TestPool::new("rsrc"), TestPool::new("rdst"));
    let state = State::new("rep");
    let top = src.ds("top");
    for d in ["", "/keep", "/skip", "/skip/below"] {
        run("zfs", &["create", &format!("{top}{d}")]);
    }
    run("zfs", &["snapshot", "-r", &format!("{top}@one")]);
    let copy = dst.ds("copy");
    let skip = format!("{top}/skip");
    let plan = state.ok(&[
        "replicate",
        "-r",
        "--exclude",
        &skip,
        "--dry-run",
        &top,
        &copy,
    ]);
    assert!(
        plan.contains("would send") && !plan.contains("/skip"),
        "{plan}"
    );
    assert!(zfs_list(&dst.name).len() == 1, "dry run changed nothing");
    state.ok(&["replicate", "-r", "--exclude", &skip, &top, &copy]);
    assert_same_snapshots(&top, &copy);
    assert_same_snapshots(&format!("{top}/keep"), &format!("{copy}/keep"));
    let names: Vec<String> = zfs_list(&dst.name).into_keys().collect();
    assert!(names.iter().all(|n| !n.contains("skip")), "{names:?}");
    let again = state.ok(&["replicate", "-r", "--exclude", &skip, &top, &copy]);
    assert!(again.contains("up to date"), "{again}");
}

/// At an interactive terminal a refusal asks first; "yes" re-copies, anything else refuses.
pub fn a_terminal_user_can_confirm_a_recopy() {
    let fx = OneSource::new("tty", 0);
    let (state, a, copy) = (&fx.state, &fx.a, &fx.copy);
    fx.create_task("y", &["--start"]);
    let local = format!("{copy}@local");
    run("zfs", &["snapshot", &local]);
    // script(1) gives zsplice a pseudo-terminal and types our answer into it.
    let at_terminal = |answer: &str| {
        next_second();
        let cmd = format!(
            "printf '{answer}\\n' | script -qec '{} task start y' /dev/null",
            zsplice_bin().display()
        );
        Command::new("sh")
            .args(["-c", &cmd])
            .env("ZSPLICE_STATE_DIR", &state.0)
            .output()
            .unwrap()
    };
    let out = at_terminal("no");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("Type 'yes' to continue"), "{text}");
    assert!(
        snapshot_guids(copy).contains_key("local"),
        "a 'no' destroys nothing"
    );
    let out = at_terminal("yes");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    assert!(!snapshot_guids(copy).contains_key("local"), "{text}");
    assert_same_snapshots(a, copy);
}

/// An interrupted receive whose source snapshot is gone cannot resume: it is discarded (it
/// holds nothing but partial data of that snapshot) and the copy starts over.
pub fn a_stale_resume_token_is_discarded_and_the_copy_starts_over() {
    let fx = OneSource::new("stale", 4 << 20);
    let old = format!("{}@gone", fx.a);
    run("zfs", &["snapshot", &old]);
    let partial = format!(
        "zfs send {old} | head -c 1000000 | zfs receive -s {}; true",
        fx.copy
    );
    run("sh", &["-c", &partial]);
    let token = run(
        "zfs",
        &["get", "-H", "-o", "value", "receive_resume_token", &fx.copy],
    );
    assert!(token.trim().len() > 10, "setup left a token");
    run("zfs", &["destroy", &old]);
    fx.create_task("s", &["--start"]);
    let log = fx.state.ok(&["task", "log", "s"]);
    assert!(log.contains("discarding an interrupted receive"), "{log}");
    assert_same_snapshots(&fx.a, &fx.copy);
}

/// Bad input only ZFS can tell: sources and pools that do not exist, for a task and for a
/// one-shot replicate; and a state dir that is damaged or open to others. Each: a one-line
/// error, exit 2, nothing written (no task stored, no snapshot taken, no file changed).
pub fn missing_pools_and_damaged_state_are_refused_and_nothing_is_written() {
    let fx = OneSource::new("mps", 1 << 16);
    let (state, a) = (&fx.state, &fx.a);
    let refused = |args: &[&str], want: &str| {
        let err = state.fails(args, 2);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_one_line(&err);
    };
    let missing_src = format!("{a}-nope");
    let create = |src: &str, dst: &str| {
        ["task", "create", "t", "--source", src, "--destination", dst].map(String::from)
    };
    for (args, want) in [
        (
            create("nopool/a", &fx.copy),
            "nopool/a: source dataset does not exist".to_string(),
        ),
        (
            create(&missing_src, &fx.copy),
            format!("{missing_src}: source dataset does not exist"),
        ),
        (
            create(a, "nopool/copy"),
            "destination pool 'nopool' does not exist".to_string(),
        ),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&args, &want);
        assert!(!tasks_dir_has_files(&state.0));
    }
    refused(
        &["replicate", a, "nopool/copy"],
        "destination pool 'nopool' does not exist",
    );
    refused(
        &["replicate", "nopool/a", &fx.copy],
        "nopool/a: source dataset does not exist",
    );
    assert!(snapshot_guids(a).is_empty(), "no snapshot was taken");
    assert!(!run("zfs", &["list", "-H", "-o", "name", "-r", &fx.dst.name]).contains(&fx.copy));

    // A damaged task file and a damaged run record: refused, and left as they were.
    fx.create_task("ok", &[]);
    let task_file = state.0.join("tasks/ok.json");
    let good = std::fs::read(&task_file).unwrap();
    std::fs::write(&task_file, &good[..good.len() / 2]).unwrap();
    for args in [&["task", "start", "ok"][..], &["task", "show", "ok"]] {
        refused(args, "unreadable state file");
    }
    // The listing shows the damaged task with its error instead of failing for every task.
    let list = state.ok(&["task", "list"]);
    assert!(
        list.contains("error") && list.contains("unreadable state file"),
        "{list}"
    );
    assert_eq!(std::fs::read(&task_file).unwrap(), &good[..good.len() / 2]);
    assert!(snapshot_guids(a).is_empty(), "a damaged task does not run");
    std::fs::write(&task_file, &good).unwrap();
    state.ok(&["task", "start", "ok"]);
    let record = state.0.join("runs/ok/000001.json");
    std::fs::write(&record, b"{\"task\": \"ok\", \"num").unwrap();
    refused(
        &["task", "show", "ok"],
        "000001.json: unreadable state file",
    );
    // A state dir others may read or write.
    std::fs::set_permissions(
        &state.0,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    refused(&["task", "list"], "accessible by other users (mode 0755)");
}
