//! What a task left running for months meets, driven the way a user drives it: the default
//! naming schema, no test hooks, no waiting between a kill and the restart. A task killed
//! mid-transfer starts again at once; `replicate` right after a kill is not "busy"; deleting a
//! running task keeps its holds; holds a crash left in flight are settled; the task's own
//! source snapshots are bounded; a damaged task file is reported, not fatal.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::*;

/// Starts `zsplice args` in the background, its output discarded.
fn spawn(state: &State, args: &[&str]) -> Child {
    state
        .cmd(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits until `task`'s newest run has moved some bytes while still running.
fn wait_until_moving(state: &State, task: &str) {
    wait_for_run(state, task, Duration::from_secs(120), |r| {
        r["state"] == "running" && r["bytes_done"].as_u64().unwrap_or(0) > 0
    });
}

/// `task create NAME` from `fx.a` to `dest` with the default naming schema (one name a
/// minute), as a user would type it.
fn create_with_default_schema(fx: &OneSource, name: &str, dest: &str) {
    fx.state.ok(&[
        "task",
        "create",
        name,
        "--source",
        &fx.a,
        "--destination",
        dest,
    ]);
}

/// Bytes allocated in `pool`.
fn allocated(pool: &str) -> u64 {
    run("zpool", &["get", "-Hp", "-o", "value", "allocated", pool])
        .trim()
        .parse()
        .unwrap()
}

/// Every hold in `pool`, one `snapshot<TAB>tag<TAB>time` line each.
fn all_holds(pool: &str) -> String {
    let snaps = run(
        "zfs",
        &["list", "-H", "-t", "snapshot", "-o", "name", "-r", pool],
    );
    let snaps: Vec<&str> = snaps.lines().collect();
    if snaps.is_empty() {
        return String::new();
    }
    let mut args = vec!["holds", "-H"];
    args.extend(snaps);
    run("zfs", &args)
}

/// Snapshot short names of `ds`, oldest first.
fn snapshot_names(ds: &str) -> Vec<String> {
    run(
        "zfs",
        &[
            "list",
            "-H",
            "-t",
            "snapshot",
            "-o",
            "name",
            "-s",
            "createtxg",
            "-d",
            "1",
            ds,
        ],
    )
    .lines()
    .filter_map(|l| l.split_once('@').map(|(_, n)| n.to_string()))
    .collect()
}

/// Item 1: before, the restart failed with "snapshot @auto-… already exists: the naming
/// schema gives the same name twice in one period". The restart uses the interrupted run's
/// snapshot and resumes.
pub fn a_task_killed_mid_transfer_starts_again_at_once_with_the_default_schema() {
    let fx = OneSource::new("kr", 0);
    write_random(&mounted(&fx.a).join("big"), 256 << 20);
    run("sync", &[]);
    create_with_default_schema(&fx, "t", &fx.copy);
    let mut child = spawn(&fx.state, &["task", "start", "t"]);
    wait_until_moving(&fx.state, "t");
    kill9(&mut child);
    let t0 = Instant::now();
    fx.state.ok(&["task", "start", "t"]);
    let runs = fx.state.runs("t");
    let (dead, last) = (&runs[runs.len() - 2], &runs[runs.len() - 1]);
    assert_eq!(dead["state"], "interrupted", "{dead}");
    assert_eq!(last["state"], "finished", "{last}");
    let log = fx.state.ok(&["task", "log", "t"]);
    if last["snapshot"] == dead["snapshot"] {
        // Same minute (the usual case): the interrupted run's snapshot was used.
        assert!(log.contains("already exists"), "{log}");
    }
    assert!(log.contains("resuming"), "the restart resumed: {log}");
    assert_same_snapshots(&fx.a, &fx.copy);
    eprintln!("restart took {:?}", t0.elapsed());
}

/// A second `task start` in the same minute (default schema) would copy nothing new, since the
/// name is the same: it says so and fails instead of passing for a copy.
pub fn a_second_start_in_the_same_period_says_nothing_new_would_be_copied() {
    let fx = OneSource::new("sp", 1 << 20);
    create_with_default_schema(&fx, "t", &fx.copy);
    // Both starts in one minute: begin early in a minute.
    while chrono_second() > 40 {
        std::thread::sleep(Duration::from_secs(1));
    }
    fx.state.ok(&["task", "start", "t"]);
    write_file(&mounted(&fx.a).join("new"), 7, 64 << 10);
    let err = fx.state.fails(&["task", "start", "t"], 2);
    assert!(
        err.contains("already copied") && err.contains("%S"),
        "{err}"
    );
    assert_one_line(&err);
    // Nothing failed: no run is recorded for it, and the task still reads as finished.
    let runs = fx.state.runs("t");
    assert_eq!(
        runs.len(),
        1,
        "a start that copies nothing records no run: {runs:?}"
    );
    assert_eq!(runs[0]["state"], "finished");
}

/// The second of the current minute, as the guest's clock says.
fn chrono_second() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 60
}

/// Item 2: before, the second command failed with "backup/big@s1: dataset is busy" while the
/// kernel was still tearing down the killed receive. As a user does it: `kill -9` and the same
/// command at once, without waiting for the killed process to be gone, several times over.
pub fn replicate_right_after_kill_9_is_not_busy() {
    const ROUNDS: usize = 6;
    let fx = OneSource::new("rk", 0);
    write_random(&mounted(&fx.a).join("big"), 320 << 20);
    run("zfs", &["snapshot", &format!("{}@s1", fx.a)]);
    let args = ["replicate", fx.a.as_str(), fx.copy.as_str()];
    let mut dying = Vec::new();
    for round in 0..ROUNDS {
        let before = allocated(&fx.dst.name);
        let mut child = fx
            .state
            .cmd(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let t0 = Instant::now();
        while allocated(&fx.dst.name) < before + (4 << 20) {
            if let Some(status) = child.try_wait().unwrap() {
                let out = child.wait_with_output().unwrap();
                panic!(
                    "round {round}: replicate ended ({status}) before the kill: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            assert!(t0.elapsed() < Duration::from_secs(120), "no progress");
            std::thread::sleep(Duration::from_millis(20));
        }
        run("kill", &["-9", &child.id().to_string()]);
        dying.push(child);
    }
    let out = fx.state.ok(&args);
    assert!(out.contains("resum"), "{out}");
    for mut c in dying {
        kill9(&mut c);
    }
    assert_same_snapshots(&fx.a, &fx.copy);
}

/// Item 3: before, `task delete` released the running task's holds and only then said it was
/// running, leaving its incremental base unprotected.
pub fn deleting_a_running_task_is_refused_and_keeps_its_holds() {
    let fx = OneSource::new("dr", 1 << 20);
    fx.create_task("t", &[]);
    fx.state.ok(&["task", "start", "t"]);
    let base = fx.state.show("t")["task"]["held"][&fx.a]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(holds(&base), ["zsplice:t"]);
    write_random(&mounted(&fx.a).join("big"), 192 << 20);
    next_second();
    let mut child = spawn(&fx.state, &["task", "start", "t"]);
    wait_until_moving(&fx.state, "t");
    let err = fx.state.fails(&["task", "delete", "t"], 1);
    assert!(err.contains("running"), "{err}");
    assert_eq!(
        holds(&base),
        ["zsplice:t"],
        "the running task's base is still held"
    );
    assert!(child.wait().unwrap().success());
    let out = fx.state.ok(&["task", "delete", "t"]);
    assert!(out.contains("deleted"), "{out}");
    let held_now = all_holds(&fx.src.name);
    assert!(!held_now.contains("zsplice:t"), "{held_now}");
}

/// Item 7: a crash between placing holds and recording them left `zsplice:<task>` holds that
/// nothing released. Holds are now on record before they are placed; what a crash leaves in
/// flight is released by the next run, or by `task delete`.
pub fn holds_left_in_flight_by_a_crash_are_released() {
    let fx = OneSource::new("hf", 1 << 20);
    fx.create_task("t", &[]);
    fx.state.ok(&["task", "start", "t"]);
    // The state a crash after the write-ahead and the hold leaves: a hold on a snapshot the
    // task's record lists in flight but not as its base.
    let task_file = fx.state.0.join("tasks/t.json");
    let stray = |n: &str| {
        let snap = format!("{}@{n}", fx.a);
        run("zfs", &["snapshot", &snap]);
        run("zfs", &["hold", "zsplice:t", &snap]);
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&task_file).unwrap()).unwrap();
        v["holds_in_flight"] = serde_json::json!([snap]);
        std::fs::write(&task_file, serde_json::to_vec(&v).unwrap()).unwrap();
        snap
    };
    let first = stray("crash1");
    next_second();
    fx.state.ok(&["task", "start", "t"]);
    assert!(holds(&first).is_empty(), "the next run released it");
    let log = fx.state.ok(&["task", "log", "t"]);
    assert!(log.contains("left by an interrupted run"), "{log}");
    assert!(fx.state.show("t")["task"]["holds_in_flight"].is_null());

    let second = stray("crash2");
    fx.state.ok(&["task", "delete", "t"]);
    assert!(holds(&second).is_empty(), "task delete released it");
    let held_now = all_holds(&fx.src.name);
    assert!(!held_now.contains("zsplice:t"), "{held_now}");
}

/// Item 9: a task's own source snapshots were never removed. With a source retention, only the
/// newest are kept, never the held base, never another's snapshot.
pub fn source_retention_keeps_the_newest_and_never_the_base_or_foreign_snapshots() {
    let fx = OneSource::new("sr", 1 << 20);
    fx.create_task("t", &["--source-retention", "2"]);
    let mut taken = Vec::new();
    for i in 0..4 {
        if i == 1 {
            run("zfs", &["snapshot", &format!("{}@manual", fx.a)]);
        }
        write_file(&mounted(&fx.a).join("f"), 100 + i, 64 << 10);
        fx.state.ok(&["task", "start", "t"]);
        taken.push(fx.state.last_snapshot("t"));
        next_second();
    }
    // Oldest first: the manual snapshot came between the first and second runs' snapshots.
    let left = snapshot_names(&fx.a);
    assert_eq!(
        left,
        ["manual".to_string(), taken[2].clone(), taken[3].clone()],
        "the newest 2 of the task's own, and the manual one"
    );
    let base = format!("{}@{}", fx.a, taken[3]);
    assert_eq!(holds(&base), ["zsplice:t"]);
    // The destination keeps what its own retention (none) says.
    assert_eq!(snapshot_names(&fx.copy), taken);
    let log = fx.state.ok(&["task", "log", "t"]);
    assert!(log.contains("source retention (2): destroyed"), "{log}");
}

/// Item 10: two tasks with the same source, naming schema and schedule gave the same snapshot
/// name in the same period, and the second failed with "already exists". It now uses the
/// snapshot the first took.
pub fn two_tasks_on_one_source_share_the_period_s_snapshot() {
    let fx = OneSource::new("tw", 1 << 20);
    let other = fx.dst.ds("b");
    for (name, dest) in [("t1", &fx.copy), ("t2", &other)] {
        create_with_default_schema(&fx, name, dest);
    }
    fx.state.ok(&["task", "start", "t1"]);
    fx.state.ok(&["task", "start", "t2"]);
    let (r1, r2) = (fx.state.runs("t1"), fx.state.runs("t2"));
    assert_eq!(r2[0]["state"], "finished", "{}", r2[0]);
    assert_same_snapshots(&fx.a, &fx.copy);
    assert_same_snapshots(&fx.a, &other);
    if r1[0]["snapshot"] == r2[0]["snapshot"] {
        let log = fx.state.ok(&["task", "log", "t2"]);
        assert!(log.contains("already exists"), "{log}");
    }
    for t in ["t1", "t2"] {
        fx.state.ok(&["task", "delete", t]);
    }
    assert!(all_holds(&fx.src.name).is_empty());
}

/// The daemon picks up tasks created and deleted while it runs, and a damaged task file dropped
/// in does not stop it: the other tasks go on.
pub fn the_daemon_picks_up_task_changes_and_survives_a_damaged_task_file() {
    let fx = OneSource::new("dc", 1 << 20);
    let state = &fx.state;
    state.ok(&["task", "list"]); // creates the state dir
    put(&state.0, "tasks/junk.json", "{ not a task");
    let mut daemon = state
        .cmd(&["daemon", "--interval", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        daemon.try_wait().unwrap().is_none(),
        "a damaged task file stopped the daemon"
    );
    fx.create_task("late", &[]);
    wait_for_run(state, "late", Duration::from_secs(60), |r| {
        r["state"] == "finished"
    });
    assert_same_snapshots(&fx.a, &fx.copy);
    state.ok(&["task", "delete", "late"]);
    // Removed, then dropped in again as it was: reported again.
    std::fs::remove_file(state.0.join("tasks/junk.json")).unwrap();
    std::thread::sleep(Duration::from_secs(2));
    put(&state.0, "tasks/junk.json", "{ not a task");
    std::thread::sleep(Duration::from_secs(2));
    run("kill", &["-TERM", &daemon.id().to_string()]);
    let out = daemon.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert_eq!(
        log.matches("junk.json").count(),
        2,
        "the damaged file is reported once while it stays, and again when it comes back: {log}"
    );
    assert!(log.contains("starting task late"), "{log}");
}

/// Writes `text` as `path` inside a private state dir (0700, as zsplice insists).
fn put(state: &Path, rel: &str, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = state.join(rel);
    let mut dir = path.parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    while dir.starts_with(state) {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        if !dir.pop() {
            break;
        }
    }
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// Item 4: one damaged task file (or run record) made `task list` exit 2 for every task. Needs
/// no ZFS: it runs on the host too.
pub fn a_damaged_task_file_is_listed_with_its_error_and_the_others_still_show() {
    let state = State::new("damaged");
    let task = |name: &str| {
        format!(
            r#"{{"name": "{name}", "sources": [{{"dataset": "p/{name}"}}],
               "destination": "q/{name}", "schedule": "once", "retention": "none",
               "created": 1700000000}}"#
        )
    };
    put(&state.0, "tasks/good.json", &task("good"));
    put(&state.0, "tasks/other.json", &task("other"));
    put(
        &state.0,
        "tasks/broken.json",
        "{\"name\": \"broken\", garbage",
    );
    put(&state.0, "runs/other/000001.json", "not json");
    let list = state.ok(&["task", "list"]);
    assert!(list.contains("good"), "{list}");
    let line = |name: &str| {
        list.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {list}"))
            .to_string()
    };
    assert!(line("good").contains("never run"), "{list}");
    assert!(
        line("broken").contains("error") && line("broken").contains("broken.json"),
        "{list}"
    );
    assert!(
        line("other").contains("error") && line("other").contains("000001.json"),
        "{list}"
    );
    let json: serde_json::Value = json_result(&state.ok(&["task", "list", "--json"]));
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{json}");
    let broken = rows.iter().find(|r| r["name"] == "broken").unwrap();
    assert_eq!(broken["state"], "error", "{broken}");
    assert!(
        broken["error"].as_str().unwrap().contains("broken.json"),
        "{broken}"
    );
    // The good task still reads on its own; the broken one names its file.
    state.ok(&["task", "show", "good"]);
    let err = state.fails(&["task", "show", "broken"], 2);
    assert!(err.contains("broken.json"), "{err}");
}
