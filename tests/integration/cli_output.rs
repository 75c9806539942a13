//! Output that cannot kill the process: standard output closed early (`zsplice ... | head -1`)
//! ends a command quietly with its own exit code, like `git log | head`, and any other write
//! error is reported. All but the last run on every host: the tasks, runs and logs they print
//! are written straight into a private state dir through the library, no ZFS needed.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::process::{Output, Stdio};

use zsplice::model::record::{RunRecord, RunState};
use zsplice::model::task::{Task, TaskSpec};
use zsplice::tasks::store::Store;

use crate::helpers::{assert_same_snapshots, run, stderr, State, TestPool};

/// A state dir holding task `t1` with one failed run whose log has `log_lines` lines.
fn state_with_a_task(tag: &str, log_lines: usize) -> State {
    let state = State::new(tag);
    let store = Store::open(&state.0).unwrap();
    // The definition as the state dir stores it (fields left out take their defaults).
    let spec: TaskSpec = serde_json::from_value(serde_json::json!({
        "name": "t1", "sources": [{"dataset": "p/a", "recursive": false, "exclude": []}],
        "destination": "q/a", "schedule": "0 2 * * *", "retention": "none",
    }))
    .unwrap();
    store.add_task(&Task::new(spec, 1_795_600_000)).unwrap();
    let mut run = RunRecord::new("t1", 1);
    run.state = RunState::Failed;
    run.error = Some("p/a: dataset does not exist".into());
    store.save_run(&run).unwrap();
    let mut log = store.open_log("t1", 1).unwrap();
    for i in 0..log_lines {
        writeln!(log, "2026-11-29 18:03:12 UTC line {i} of a long run log").unwrap();
    }
    state
}

/// Runs zsplice with standard output a pipe whose read end is already closed.
fn into_a_closed_pipe(state: &State, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    state
        .cmd(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// Asserts an ordinary, quiet exit with `code`: not killed by a signal, no panic.
fn assert_quiet_exit(args: &[&str], out: &Output, code: i32) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked"),
        "zsplice {args:?} panicked: {err}"
    );
    assert_eq!(out.status.code(), Some(code), "zsplice {args:?}: {err}");
}

pub fn output_into_a_closed_pipe_ends_quietly_with_exit_0() {
    let state = state_with_a_task("closedpipe", 10);
    for args in [
        &["task", "show", "t1"][..],
        &["task", "show", "t1", "--json"],
        &["task", "list"],
        &["task", "list", "--json"],
        &["task", "log", "t1"],
        &["--help"],
    ] {
        let out = into_a_closed_pipe(&state, args);
        assert_quiet_exit(args, &out, 0);
        assert_eq!(stderr(&out), "", "zsplice {args:?} must end quietly");
    }
    // A command that fails still says why, and with its own exit code.
    let args = &["task", "show", "nosuch"];
    let out = into_a_closed_pipe(&state, args);
    assert_quiet_exit(args, &out, 2);
    assert!(
        stderr(&out).contains("'nosuch' does not exist"),
        "{}",
        stderr(&out)
    );
}

pub fn output_cut_short_like_head_1_ends_quietly_with_exit_0() {
    // A megabyte of log: far more than a pipe holds, so zsplice is still writing when the
    // reader goes away after its first line.
    let state = state_with_a_task("headone", 20_000);
    let args = &["task", "log", "t1"];
    let mut child = state
        .cmd(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("line 0 of"), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_quiet_exit(args, &out, 0);
    assert_eq!(stderr(&out), "", "zsplice {args:?} must end quietly");
}

pub fn other_output_errors_are_reported() {
    let state = state_with_a_task("devfull", 10);
    let args = &["task", "show", "t1"];
    let out = state
        .cmd(args)
        .stdout(File::create("/dev/full").unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_quiet_exit(args, &out, 1);
    let err = stderr(&out);
    assert!(
        err.starts_with("zsplice: standard output: ") && err.contains("No space left"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "reported once: {err}");
}

pub fn under_the_journal_log_lines_carry_their_priority_instead_of_a_timestamp() {
    let state = state_with_a_task("journal", 1);
    let args = &["task", "show", "nosuch"];
    let run = |journal: bool| {
        let path = state.0.join(format!("stderr-{journal}"));
        let file = File::create(&path).unwrap();
        let meta = file.metadata().unwrap();
        let mut cmd = state.cmd(args);
        // An invalid RUST_LOG is a warning through the log; the failure is the command's error.
        cmd.env("RUST_LOG", "zsplice=loud").stderr(file);
        if journal {
            use std::os::unix::fs::MetadataExt;
            cmd.env("JOURNAL_STREAM", format!("{}:{}", meta.dev(), meta.ino()));
        } else {
            // Set by systemd, but for another stream: this is not the journal.
            cmd.env("JOURNAL_STREAM", "1:1");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        std::fs::read_to_string(path).unwrap()
    };
    let journal = run(true);
    let lines: Vec<&str> = journal.lines().collect();
    assert_eq!(lines.len(), 2, "{journal}");
    assert!(lines[0].starts_with("<4>ignoring RUST_LOG"), "{journal}");
    assert!(
        lines[1].starts_with("<3>zsplice: task 'nosuch' does not exist"),
        "{journal}"
    );
    let plain = run(false);
    let lines: Vec<&str> = plain.lines().collect();
    assert_eq!(lines.len(), 2, "{plain}");
    let (stamp, rest) = lines[0].split_once(' ').unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(stamp).is_ok(),
        "{plain}"
    );
    assert!(rest.starts_with(" WARN ignoring RUST_LOG"), "{plain}");
    assert!(
        lines[1].starts_with("zsplice: task 'nosuch' does not exist"),
        "{plain}"
    );
}

pub fn a_replication_whose_output_nobody_reads_still_completes() {
    let (src, dst) = (TestPool::new("pipes"), TestPool::new("piped"));
    let top = src.ds("top");
    for ds in [&top, &format!("{top}/a"), &format!("{top}/b")] {
        run("zfs", &["create", ds]);
    }
    run("zfs", &["snapshot", "-r", &format!("{top}@s1")]);
    let copy = dst.ds("copy");
    // `zsplice replicate ... | head -0`: the reader is gone before the first line.
    let args = &["replicate", "-r", &top, &copy];
    let out = into_a_closed_pipe(&State::new("pipes"), args);
    assert_quiet_exit(args, &out, 0);
    assert_eq!(stderr(&out), "", "zsplice {args:?} must end quietly");
    for rel in ["", "/a", "/b"] {
        assert_same_snapshots(&format!("{top}{rel}"), &format!("{copy}{rel}"));
    }
}
