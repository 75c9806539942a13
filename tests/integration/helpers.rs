//! Small helpers: throw-away pools on file vdevs, `zfs list` cross-checks, file hashing.
//! Tests may run `zpool`/`zfs` to set up and to cross-check; zsplice itself never does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use zsplice_zfs::Zfs;

/// A ZFS handle, for the tests registered as needing ZFS (`main.rs`): the harness runs them
/// only where ZFS opened at start (or with `--include-ignored`, when this fails them).
pub fn zfs() -> Zfs {
    Zfs::open().unwrap_or_else(|e| panic!("this test needs ZFS: {e}"))
}

/// Runs a command, panicking with its output when it fails.
pub fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `result` of a `--json` output (docs/json.md), after checking its envelope says version 1.
pub fn json_result(out: &str) -> serde_json::Value {
    let mut env: serde_json::Value =
        serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"));
    assert_eq!(env["zsplice_json"], 1, "not a version 1 envelope:\n{out}");
    env["result"].take()
}

/// The standard output of a zsplice run that must have succeeded (`args` name it on failure).
pub fn success_stdout(args: &[&str], out: &Output) -> String {
    assert!(
        out.status.success(),
        "zsplice {args:?} failed ({:?}):\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The standard error of a zsplice run that must have exited with `code` (`args` name it on
/// failure).
pub fn failure_stderr(args: &[&str], out: &Output, code: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "zsplice {args:?}: {err}");
    err
}

/// Checks that an error message is one line, as every bad-input error must be.
pub fn assert_one_line(err: &str) {
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
}

/// A run's standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

static POOL_SEQ: AtomicUsize = AtomicUsize::new(0);

/// A pool on a sparse file vdev, destroyed on drop.
pub struct TestPool {
    pub name: String,
    file: PathBuf,
}

impl TestPool {
    pub fn new(tag: &str) -> TestPool {
        TestPool::with_options(tag, &[])
    }

    /// A pool created with extra `zpool create` options (e.g. `-d`: every feature disabled).
    pub fn with_options(tag: &str, options: &[&str]) -> TestPool {
        TestPool::create(tag, "1G", options)
    }

    /// A pool on a vdev of `size` (as `truncate -s` reads it), e.g. to fill it up.
    pub fn sized(tag: &str, size: &str) -> TestPool {
        TestPool::create(tag, size, &[])
    }

    fn create(tag: &str, size: &str, options: &[&str]) -> TestPool {
        let seq = POOL_SEQ.fetch_add(1, Ordering::SeqCst);
        let name = format!("zt{tag}{}x{seq}", std::process::id());
        let file = PathBuf::from(format!("/tmp/{name}.img"));
        let mnt = PathBuf::from(format!("/tmp/mnt/{name}"));
        run("truncate", &["-s", size, file.to_str().unwrap()]);
        let mountpoint = format!("mountpoint={}", mnt.display());
        let mut args = vec!["create", "-f", "-O", &mountpoint, "-O", "compression=off"];
        args.extend_from_slice(options);
        args.extend_from_slice(&[&name, file.to_str().unwrap()]);
        run("zpool", &args);
        TestPool { name, file }
    }

    /// Exports the pool (as an administrator might while zsplice runs).
    pub fn export(&self) {
        run("zpool", &["export", "-f", &self.name]);
    }

    /// Imports it again from its vdev file.
    pub fn import(&self) {
        run(
            "zpool",
            &["import", "-d", self.file.to_str().unwrap(), &self.name],
        );
    }

    /// `pool/rel`
    pub fn ds(&self, rel: &str) -> String {
        if rel.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{rel}", self.name)
        }
    }
}

impl Drop for TestPool {
    fn drop(&mut self) {
        let _ = Command::new("zpool")
            .args(["destroy", "-f", &self.name])
            .output();
        let _ = std::fs::remove_file(&self.file);
    }
}

/// `zfs list -Hp -r -t all -o name,guid,createtxg,creation ROOT` as name → (guid, txg, creation).
pub fn zfs_list(root: &str) -> BTreeMap<String, (u64, u64, u64)> {
    run(
        "zfs",
        &[
            "list",
            "-Hp",
            "-r",
            "-t",
            "all",
            "-o",
            "name,guid,createtxg,creation",
            root,
        ],
    )
    .lines()
    .map(|l| {
        let f: Vec<&str> = l.split('\t').collect();
        (
            f[0].to_string(),
            (
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
            ),
        )
    })
    .collect()
}

/// Snapshot short names → guid of one dataset, from `zfs list`.
pub fn snapshot_guids(ds: &str) -> BTreeMap<String, u64> {
    run(
        "zfs",
        &[
            "list",
            "-Hp",
            "-d",
            "1",
            "-t",
            "snapshot",
            "-o",
            "name,guid",
            ds,
        ],
    )
    .lines()
    .map(|l| {
        let (n, g) = l.split_once('\t').unwrap();
        (n.split_once('@').unwrap().1.to_string(), g.parse().unwrap())
    })
    .collect()
}

/// Writes `len` pseudo-random (incompressible) bytes derived from `seed`.
pub fn write_file(path: &Path, seed: u64, len: usize) {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut data = Vec::with_capacity(len);
    while data.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        data.extend_from_slice(&x.to_le_bytes());
    }
    data.truncate(len);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, data).unwrap();
}

/// Writes `len` bytes from /dev/urandom: much faster than `write_file` in an unoptimised test
/// build under emulation, for the large files some tests need.
pub fn write_random(path: &Path, len: u64) {
    use std::io::Read;
    let mut src = std::fs::File::open("/dev/urandom").unwrap().take(len);
    let mut dst = std::fs::File::create(path).unwrap();
    assert_eq!(std::io::copy(&mut src, &mut dst).unwrap(), len);
}

/// A hash over every file's relative path and contents below `dir`.
pub fn hash_tree(dir: &Path) -> String {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().display().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    assert!(!files.is_empty(), "no files under {}", dir.display());
    let mut h = Sha256::new();
    for (name, data) in files {
        h.update(name.as_bytes());
        h.update([0]);
        h.update((data.len() as u64).to_le_bytes());
        h.update(&data);
    }
    format!("{:x}", h.finalize())
}

/// Where `ds` is mounted (mounting it first: received datasets are not mounted by libzfs_core).
pub fn mounted(ds: &str) -> PathBuf {
    let mounted = run("zfs", &["get", "-H", "-o", "value", "mounted", ds]);
    if mounted.trim() != "yes" {
        run("zfs", &["mount", ds]);
    }
    PathBuf::from(run("zfs", &["get", "-H", "-o", "value", "mountpoint", ds]).trim())
}

/// Seconds in the schema: the tests start a task several times a minute.
pub const SCHEMA: &str = "zt-%Y-%m-%d_%H-%M-%S";

/// The zsplice binary under test: cargo's build, or `ZSPLICE_TEST_BIN` (a copy taken before a
/// long guest run, so a rebuild on the host meanwhile cannot change it under the tests).
pub fn zsplice_bin() -> PathBuf {
    std::env::var_os("ZSPLICE_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_zsplice")))
}

/// A private state directory for one test.
pub struct State(pub PathBuf);

impl State {
    pub fn new(tag: &str) -> State {
        let dir = PathBuf::from(format!("/tmp/zsplice-state-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        State(dir)
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(zsplice_bin());
        c.env("ZSPLICE_STATE_DIR", &self.0)
            .args(args)
            .stdin(Stdio::null());
        c
    }

    /// Runs zsplice to completion.
    pub fn zsplice(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("running zsplice")
    }

    /// Runs zsplice expecting exit code `code`; returns its standard error.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        failure_stderr(args, &self.zsplice(args), code)
    }

    /// Runs zsplice and insists on success.
    pub fn ok(&self, args: &[&str]) -> String {
        success_stdout(args, &self.zsplice(args))
    }

    pub fn show(&self, task: &str) -> serde_json::Value {
        json_result(&self.ok(&["task", "show", task, "--json"]))
    }

    pub fn runs(&self, task: &str) -> Vec<serde_json::Value> {
        self.show(task)["runs"].as_array().unwrap().clone()
    }

    /// The snapshot the task's last run took (the part after '@').
    pub fn last_snapshot(&self, task: &str) -> String {
        self.runs(task).last().expect("a run")["snapshot"]
            .as_str()
            .expect("a snapshot name")
            .to_string()
    }
}

impl Drop for State {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs zsplice to completion, with no standard input (its state in the default place; see
/// [`State`] for one of a test's own).
pub fn zsplice(args: &[&str]) -> Output {
    Command::new(zsplice_bin())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("running zsplice")
}

/// Waits a second so the next run's snapshot name (seconds resolution) is new.
pub fn next_second() {
    std::thread::sleep(Duration::from_millis(1100));
}

pub fn holds(snap: &str) -> Vec<String> {
    run("zfs", &["holds", "-H", snap])
        .lines()
        .filter_map(|l| l.split('\t').nth(1).map(str::to_string))
        .collect()
}

pub fn assert_same_snapshots(src: &str, dst: &str) {
    let (s, d) = (snapshot_guids(src), snapshot_guids(dst));
    assert!(!s.is_empty(), "{src} has no snapshots");
    assert_eq!(
        s, d,
        "{dst} must hold exactly {src}'s snapshots, same guids"
    );
}

/// Polls `task show` until `pred` holds for the last run, or panics after `timeout`.
pub fn wait_for_run(
    state: &State,
    task: &str,
    timeout: Duration,
    pred: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let t0 = Instant::now();
    loop {
        let out = state.zsplice(&["task", "show", task, "--json"]);
        if out.status.success() {
            let v = json_result(&String::from_utf8_lossy(&out.stdout));
            if let Some(last) = v["runs"].as_array().and_then(|r| r.last()) {
                if pred(last) {
                    return last.clone();
                }
            }
        }
        assert!(t0.elapsed() < timeout, "timed out waiting on task {task}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn kill9(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-9", &child.id().to_string()])
        .status();
    let t0 = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "process {} survives kill -9:\n{}",
            child.id(),
            kernel_stacks(child.id())
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Where each thread of process `pid` waits in the kernel: what a hang report needs.
pub fn kernel_stacks(pid: u32) -> String {
    let mut out = String::new();
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for t in tasks.flatten() {
            let read = |f: &str| std::fs::read_to_string(t.path().join(f)).unwrap_or_default();
            out.push_str(&format!(
                "thread {}: stat {} syscall {}\n{}",
                t.file_name().to_string_lossy(),
                read("stat").trim(),
                read("syscall").trim(),
                read("stack")
            ));
        }
    }
    out
}

/// Two pools, a private state dir, and one source filesystem `a` holding `bytes` of data whose
/// copy goes to `<dst>/a`: the setup most task tests share.
pub struct OneSource {
    pub src: TestPool,
    pub dst: TestPool,
    pub state: State,
    pub a: String,
    pub copy: String,
}

impl OneSource {
    pub fn new(tag: &str, bytes: usize) -> OneSource {
        let (src, dst) = (
            TestPool::new(&format!("{tag}s")),
            TestPool::new(&format!("{tag}d")),
        );
        let a = src.ds("a");
        run("zfs", &["create", &a]);
        if bytes > 0 {
            write_file(&mounted(&a).join("f"), bytes as u64, bytes);
            run("sync", &[]);
        }
        OneSource {
            copy: dst.ds("a"),
            src,
            dst,
            state: State::new(tag),
            a,
        }
    }

    /// `task create NAME` copying `a` to `copy` with the tests' naming schema, plus `extra`.
    pub fn create_task(&self, name: &str, extra: &[&str]) {
        let mut args = vec![
            "task",
            "create",
            name,
            "--source",
            &self.a,
            "--destination",
            &self.copy,
            "--naming-schema",
            SCHEMA,
        ];
        args.extend_from_slice(extra);
        self.state.ok(&args);
    }
}

/// `zpool export -f` that reports a refusal instead of panicking: a pool in the middle of a
/// receive may be busy for a moment, and the soak tries again.
impl TestPool {
    pub fn try_export(&self) -> Result<(), String> {
        let out = Command::new("zpool")
            .args(["export", "-f", &self.name])
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }
}

/// Every hold on a snapshot of `root` or its descendants, as (snapshot, tag).
pub fn holds_under(root: &str) -> Vec<(String, String)> {
    let listing = run(
        "zfs",
        &["list", "-H", "-t", "snapshot", "-o", "name", "-r", root],
    );
    let snaps: Vec<&str> = listing.lines().collect();
    if snaps.is_empty() {
        return Vec::new();
    }
    let mut args = vec!["holds", "-H"];
    args.extend(snaps);
    run("zfs", &args)
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_string(), f.next()?.to_string()))
        })
        .collect()
}

/// Where the files of snapshot `ds@snap` can be read: `.zfs/snapshot/<snap>` under the
/// dataset's mountpoint (mounting the dataset first), which ZFS mounts on first access.
pub fn snapshot_dir(ds: &str, snap: &str) -> PathBuf {
    mounted(ds).join(".zfs").join("snapshot").join(snap)
}

/// `ds`'s snapshots, oldest first (by createtxg), as (short name, guid, creation).
pub fn snapshots_by_txg(ds: &str) -> Vec<(String, u64, u64)> {
    let prefix = format!("{ds}@");
    let mut snaps: Vec<(u64, String, u64, u64)> = zfs_list(ds)
        .into_iter()
        .filter_map(|(name, (guid, txg, creation))| {
            let short = name.strip_prefix(&prefix)?.to_string();
            Some((txg, short, guid, creation))
        })
        .collect();
    snaps.sort();
    snaps
        .into_iter()
        .map(|(_, name, guid, creation)| (name, guid, creation))
        .collect()
}
