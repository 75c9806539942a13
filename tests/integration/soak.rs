//! The daemon soak (issue 11): `zsplice daemon` runs two every-minute tasks with the default
//! naming schema and no test hooks, over six source datasets whose files keep changing, while a
//! seeded fault driver strikes at random times: `kill -9` of the daemon with an immediate
//! restart, SIGTERM (the daemon must be gone within 10 s, exit code 0) and a restart, the
//! destination pool exported and imported again, and a damaged task file dropped into the state
//! dir (the daemon must say so and go on running the other tasks) and removed later. A fault
//! aimed at the runs themselves (a kill or SIGTERM just after the daemon starts them, an export
//! across a minute's start) costs every task that run, so those are rationed to one per five
//! runs; the others strike between runs.
//!
//! Once every task has finished `ZSPLICE_SOAK_RUNS` - 1 runs (default 6; the long soak is
//! `scripts/soak.sh`, 20), the faults stop, one more clean run of each task happens, the daemon
//! is stopped with SIGTERM, and what the tasks promise is checked: each destination's newest
//! snapshot is the source's (same guid, same files), the destination has what its retention
//! must keep and nothing it must remove, the source keeps no more of the task's snapshots than
//! its source retention allows, the only `zsplice:<task>` holds are the recorded bases (one per
//! source dataset, on the newest snapshot), no run is left pending or running, the run history
//! is pruned to `--keep-runs` (+1 for a kept failed run), no resume token is left, and every
//! task finished at least `ZSPLICE_SOAK_RUNS` runs (counted from the daemon's log, because
//! pruning removes old records).
//!
//! The seed is printed; `ZSPLICE_SOAK_SEED` replays the same faults at the same seconds of the
//! minute and the writer's choices (the wall clock, and so what a fault hits, still varies).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;
use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::helpers::*;

/// Task A: one recursive source with three children, source retention by count.
const A: &str = "soaka";
/// Task B: two plain sources, destination retention by age.
const B: &str = "soakb";
const KEEP_RUNS: usize = 4;
const SOURCE_KEEP: usize = 3;
const RETENTION: &str = "3m";
const RETENTION_SECS: u64 = 180;
/// How long the daemon may take to exit after SIGTERM.
const STOP_WITHIN: Duration = Duration::from_secs(10);

/// A seeded xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so that nearby seeds give unrelated sequences.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in [lo, hi) seconds, at millisecond resolution.
    fn secs(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.below(1_000_000) as f64 / 1_000_000.0)
    }
}

fn epoch() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

/// Seconds into the current minute (the schedule fires at second 0).
fn second_of_minute() -> f64 {
    epoch() % 60.0
}

/// The first instant at least `after` from now whose second of the minute is `second`.
fn at_second(after: f64, second: f64) -> Instant {
    let now = epoch();
    let earliest = now + after;
    let mut t = (earliest / 60.0).floor() * 60.0 + second;
    if t < earliest {
        t += 60.0;
    }
    Instant::now() + Duration::from_secs_f64(t - now)
}

/// Prints what happens, with the time since the start and the wall clock (the daemon's log
/// has wall-clock stamps).
struct Clock(Instant);

impl Clock {
    fn say(&self, what: impl Display) {
        eprintln!(
            "soak [+{:6.1}s {}] {what}",
            self.0.elapsed().as_secs_f64(),
            chrono::Local::now().format("%H:%M:%S")
        );
    }
}

fn read_log_from(path: &Path, offset: usize) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    String::from_utf8_lossy(bytes.get(offset..).unwrap_or_default()).into_owned()
}

fn log_len(path: &Path) -> usize {
    std::fs::metadata(path).map_or(0, |m| m.len() as usize)
}

fn tail(path: &Path, lines: usize) -> String {
    let text = read_log_from(path, 0);
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Run numbers the daemon's log says finished for `task` ("task T run N finished: ...").
fn finished(log: &str, task: &str) -> BTreeSet<u64> {
    let key = format!("task {task} run ");
    log.lines()
        .filter_map(|l| {
            let rest = &l[l.find(&key)? + key.len()..];
            let (number, after) = rest.split_once(' ')?;
            if after.starts_with("finished") {
                number.parse().ok()
            } else {
                None
            }
        })
        .collect()
}

/// The daemon, its standard error appended to one log across restarts; killed if the test
/// ends while it runs.
struct Daemon<'a> {
    state: &'a State,
    log: PathBuf,
    child: Option<Child>,
}

impl<'a> Daemon<'a> {
    fn start(state: &'a State, log: &Path) -> Daemon<'a> {
        let mut d = Daemon {
            state,
            log: log.to_path_buf(),
            child: None,
        };
        d.spawn();
        d
    }

    fn spawn(&mut self) {
        let err = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let child = self
            .state
            .cmd(&["daemon", "--interval", "2"])
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .unwrap();
        self.child = Some(child);
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// Panics (with the log) if the daemon ended without being asked to.
    fn check_alive(&mut self) {
        if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
            self.child = None;
            panic!(
                "the daemon exited by itself ({status}):\n{}",
                tail(&self.log, 60)
            );
        }
    }

    fn kill9(&mut self) {
        let mut child = self.child.take().unwrap();
        kill9(&mut child);
    }

    /// SIGTERM; the daemon must be gone within STOP_WITHIN. Returns how long it took and how
    /// it exited.
    fn terminate(&mut self) -> (Duration, ExitStatus) {
        let mut child = self.child.take().unwrap();
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
        let t0 = Instant::now();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return (t0.elapsed(), status);
            }
            if t0.elapsed() > STOP_WITHIN {
                let stacks = kernel_stacks(child.id());
                kill9(&mut child);
                panic!(
                    "the daemon (pid {pid}) did not exit within {STOP_WITHIN:?} of SIGTERM; its \
                     threads:\n{stacks}\nits log:\n{}",
                    tail(&self.log, 60)
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Daemon<'_> {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Prints the end of the daemon's log when the test fails.
struct LogOnPanic(PathBuf);

impl Drop for LogOnPanic {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "soak: the daemon's log ({}), last lines:\n{}",
                self.0.display(),
                tail(&self.0, 120)
            );
        }
    }
}

/// A thread that keeps changing files in the source mountpoints: every 1.5-4.5 s it appends to
/// one dataset's `log.bin` (reset past 1 MiB) or overwrites one of its `f0..f3.bin`.
struct Writer {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<(u64, u64)>>,
}

impl Writer {
    fn start(dirs: Vec<PathBuf>, seed: u64) -> Writer {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let handle = std::thread::spawn(move || {
            let mut rng = Rng::new(seed);
            let (mut writes, mut errors) = (0, 0);
            'outer: loop {
                let pause = Duration::from_secs_f64(rng.secs(1.5, 4.5));
                let t0 = Instant::now();
                while t0.elapsed() < pause {
                    if flag.load(Ordering::Relaxed) {
                        break 'outer;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                let dir = &dirs[rng.below(dirs.len() as u64) as usize];
                let result = if rng.below(2) == 0 {
                    append(
                        &dir.join("log.bin"),
                        (16 << 10) + rng.below(80 << 10) as usize,
                    )
                } else {
                    let name = format!("f{}.bin", rng.below(4));
                    let len = (32 << 10) + rng.below(224 << 10) as usize;
                    std::fs::write(dir.join(name), random_bytes(len))
                };
                match result {
                    Ok(()) => writes += 1,
                    Err(e) => {
                        errors += 1;
                        eprintln!("soak writer: {}: {e}", dir.display());
                    }
                }
            }
            (writes, errors)
        });
        Writer {
            stop,
            handle: Some(handle),
        }
    }

    /// Stops the writer; returns how many writes it made and how many failed.
    fn finish(mut self) -> (u64, u64) {
        self.stop.store(true, Ordering::Relaxed);
        self.handle.take().unwrap().join().unwrap()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn random_bytes(len: usize) -> Vec<u8> {
    let mut buf = vec![0; len];
    std::fs::File::open("/dev/urandom")
        .unwrap()
        .read_exact(&mut buf)
        .unwrap();
    buf
}

fn append(path: &Path, len: usize) -> std::io::Result<()> {
    let reset = std::fs::metadata(path).is_ok_and(|m| m.len() > 1 << 20);
    let mut f = OpenOptions::new()
        .create(true)
        .append(!reset)
        .write(true)
        .truncate(reset)
        .open(path)?;
    f.write_all(&random_bytes(len))
}

/// Whether `name` is one the default naming schema (`auto-%Y-%m-%d_%H-%M`) makes.
fn default_schema(name: &str) -> bool {
    let pattern = b"auto-dddd-dd-dd_dd-dd";
    name.len() == pattern.len()
        && name.bytes().zip(pattern).all(|(c, &p)| match p {
            b'd' => c.is_ascii_digit(),
            p => c == p,
        })
}

fn resume_token(ds: &str) -> String {
    run(
        "zfs",
        &["get", "-H", "-o", "value", "receive_resume_token", ds],
    )
    .trim()
    .to_string()
}

/// Every directory under the state dir is 0700, every file 0600, and no temporary file of an
/// interrupted write is left.
fn assert_state_dir_clean(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.contains(".tmp"), "left behind: {}", path.display());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        if path.is_dir() {
            assert_eq!(mode, 0o700, "{}", path.display());
            assert_state_dir_clean(&path);
        } else {
            assert_eq!(mode, 0o600, "{}", path.display());
        }
    }
}

/// The state in `task`'s newest run record, read from the file (no process started: this is
/// read right before a strike).
fn newest_record_state(state_dir: &Path, task: &str) -> Option<String> {
    let newest = std::fs::read_dir(state_dir.join("runs").join(task))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .max()?;
    let record: serde_json::Value = serde_json::from_slice(&std::fs::read(newest).ok()?).ok()?;
    record["state"].as_str().map(str::to_string)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Kill9,
    Term,
    Export,
    Corrupt,
}

/// The next strike: what, when, and whether it is aimed at the runs at a minute's start.
struct Strike {
    fault: Fault,
    at: Instant,
    at_runs: bool,
    /// For a kill or SIGTERM aimed at the runs: how long after a run starts.
    delay: Duration,
}

/// Picks the next strike 20-45 s or more from now. At most `costly_left` strikes are aimed at
/// the runs (a kill or SIGTERM 0.2-2 s after the daemon starts the minute's runs, an export
/// across the minute's start): each costs every task that run, so they are rationed to keep
/// the soak's length bounded. The others strike between runs (25-45 s into a minute).
fn plan_strike(rng: &mut Rng, costly_left: &mut usize) -> Strike {
    let fault = match rng.below(4) {
        0 => Fault::Kill9,
        1 => Fault::Term,
        2 => Fault::Export,
        _ => Fault::Corrupt,
    };
    let after = rng.secs(20.0, 45.0);
    let at_runs = fault != Fault::Corrupt && *costly_left > 0 && rng.below(2) == 0;
    let mut delay = Duration::ZERO;
    let at = if at_runs {
        *costly_left -= 1;
        match fault {
            Fault::Export => at_second(after, 56.0),
            _ => {
                delay = Duration::from_secs_f64(rng.secs(0.2, 2.0));
                at_second(after, 59.0)
            }
        }
    } else {
        at_second(after, rng.secs(25.0, 45.0))
    };
    Strike {
        fault,
        at,
        at_runs,
        delay,
    }
}

/// A damaged task file in the state dir, and where the log stood when it was dropped.
struct Broken {
    path: PathBuf,
    since: Instant,
    log_offset: usize,
}

pub fn the_daemon_keeps_every_promise_under_random_faults() {
    let runs_wanted: usize = std::env::var("ZSPLICE_SOAK_RUNS")
        .ok()
        .map(|v| v.parse().expect("ZSPLICE_SOAK_RUNS: a number"))
        .unwrap_or(6);
    assert!(runs_wanted >= 2, "ZSPLICE_SOAK_RUNS must be at least 2");
    let seed: u64 = std::env::var("ZSPLICE_SOAK_SEED")
        .ok()
        .map(|v| v.parse().expect("ZSPLICE_SOAK_SEED: a number"))
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("soak: ZSPLICE_SOAK_SEED={seed} ZSPLICE_SOAK_RUNS={runs_wanted}");
    let clock = Clock(Instant::now());

    let (src, dst) = (TestPool::new("soaks"), TestPool::new("soakd"));
    let state = State::new("soak");
    let proj = src.ds("proj");
    let children: Vec<String> = ["c1", "c2", "c3"]
        .iter()
        .map(|c| format!("{proj}/{c}"))
        .collect();
    let (home, mail) = (src.ds("home"), src.ds("mail"));
    let a_sources: Vec<String> = [proj.clone()].into_iter().chain(children.clone()).collect();
    let b_sources = vec![home.clone(), mail.clone()];
    let mut dirs = Vec::new();
    for ds in a_sources.iter().chain(&b_sources) {
        run("zfs", &["create", ds]);
        let dir = mounted(ds);
        write_random(&dir.join("seed.bin"), 512 << 10);
        dirs.push(dir);
    }
    run("sync", &[]);
    let (a_dest, b_dest) = (dst.ds("a"), dst.ds("b"));
    let keep_runs = KEEP_RUNS.to_string();
    let source_keep = SOURCE_KEEP.to_string();
    state.ok(&[
        "task",
        "create",
        A,
        "--recursive-source",
        &proj,
        "--destination",
        &a_dest,
        "--schedule",
        "* * * * *",
        "--source-retention",
        &source_keep,
        "--keep-runs",
        &keep_runs,
    ]);
    state.ok(&[
        "task",
        "create",
        B,
        "--source",
        &home,
        "--source",
        &mail,
        "--destination",
        &b_dest,
        "--schedule",
        "* * * * *",
        "--retention",
        RETENTION,
        "--keep-runs",
        &keep_runs,
    ]);
    // Where each source lands: one source at the destination itself, several below it.
    let mut expected_pairs: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
    expected_pairs.insert(
        A,
        a_sources
            .iter()
            .map(|s| (s.clone(), s.replacen(&proj, &a_dest, 1)))
            .collect(),
    );
    expected_pairs.insert(
        B,
        b_sources
            .iter()
            .map(|s| (s.clone(), s.replacen(&src.name, &b_dest, 1)))
            .collect(),
    );

    let log = PathBuf::from(format!("/tmp/zsplice-soak-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&log);
    let _dump = LogOnPanic(log.clone());
    let mut daemon = Daemon::start(&state, &log);
    clock.say(format!(
        "daemon started (pid {}); tasks {A} ({} datasets, source retention {SOURCE_KEEP}) and \
         {B} ({} datasets, retention {RETENTION}), every minute, keep-runs {KEEP_RUNS}; log {}",
        daemon.pid(),
        a_sources.len(),
        b_sources.len(),
        log.display()
    ));
    let writer = Writer::start(dirs, seed ^ 0x5EED);

    // Faults until every task has finished all but one of its runs.
    let mut rng = Rng::new(seed);
    let budget = (runs_wanted / 5).max(1);
    let mut costly_left = budget;
    let deadline = Duration::from_secs(60 * (runs_wanted + budget + 4) as u64);
    let mut struck: Vec<String> = Vec::new();
    let mut broken: Option<Broken> = None;
    let mut next = plan_strike(&mut rng, &mut costly_left);
    loop {
        daemon.check_alive();
        let text = read_log_from(&log, 0);
        let done: Vec<usize> = [A, B].iter().map(|t| finished(&text, t).len()).collect();
        if let Some(b) = &broken {
            let since = read_log_from(&log, b.log_offset);
            let reported = since
                .lines()
                .any(|l| l.contains("task broken") || l.contains("broken.json"));
            let others_ran = [A, B]
                .iter()
                .all(|t| since.contains(&format!("starting task {t} ")));
            if reported && others_ran && b.since.elapsed() > Duration::from_secs(20) {
                std::fs::remove_file(&b.path).unwrap();
                clock.say(format!(
                    "fault cleared: {} removed after {:.0}s; meanwhile the daemon reported it \
                     and started {A} and {B}",
                    b.path.display(),
                    b.since.elapsed().as_secs_f64()
                ));
                broken = None;
            } else {
                assert!(
                    b.since.elapsed() < Duration::from_secs(150),
                    "with a damaged task file present for 150 s the daemon did not go on: \
                     reported it: {reported}, started both other tasks: {others_ran}"
                );
            }
        }
        if done.iter().all(|&d| d + 1 >= runs_wanted) && broken.is_none() {
            break;
        }
        assert!(
            clock.0.elapsed() < deadline,
            "after {:?} only {done:?} runs of [{A}, {B}] finished, {runs_wanted} wanted",
            clock.0.elapsed()
        );
        if Instant::now() >= next.at {
            let mut fault = next.fault;
            if fault == Fault::Corrupt && broken.is_some() {
                fault = Fault::Kill9;
            }
            let n = struck.len() + 1;
            let mut aim = if next.at_runs {
                "aimed at the runs".to_string()
            } else {
                "between runs".to_string()
            };
            if next.at_runs && matches!(fault, Fault::Kill9 | Fault::Term) {
                // Strike while the minute's runs are under way.
                let offset = log_len(&log);
                let t0 = Instant::now();
                while !read_log_from(&log, offset).contains("starting task")
                    && t0.elapsed() < Duration::from_secs(15)
                {
                    std::thread::sleep(Duration::from_millis(100));
                }
                std::thread::sleep(next.delay);
                let running: Vec<&str> = [A, B]
                    .into_iter()
                    .filter(|t| {
                        newest_record_state(&state.0, t)
                            .is_some_and(|s| s == "pending" || s == "running")
                    })
                    .collect();
                aim = format!(
                    "{:.1}s after the runs started, running then: {running:?}",
                    next.delay.as_secs_f64()
                );
            }
            let what = match fault {
                Fault::Kill9 => {
                    let old = daemon.pid();
                    daemon.kill9();
                    daemon.spawn();
                    format!(
                        "kill -9 of the daemon (pid {old}, {aim}), restarted at once as pid {}",
                        daemon.pid()
                    )
                }
                Fault::Term => {
                    let old = daemon.pid();
                    let (took, status) = daemon.terminate();
                    assert!(
                        status.success(),
                        "the daemon (pid {old}) exited with {status} after SIGTERM"
                    );
                    daemon.spawn();
                    format!(
                        "SIGTERM to the daemon (pid {old}, {aim}): exited 0 after {:.2}s, \
                         restarted as pid {}",
                        took.as_secs_f64(),
                        daemon.pid()
                    )
                }
                Fault::Export => {
                    let hold = if next.at_runs {
                        rng.secs(8.0, 16.0)
                    } else {
                        rng.secs(3.0, 10.0)
                    };
                    let offset = log_len(&log);
                    clock.say(format!(
                        "fault {n}: exporting the destination pool {} ({aim}, for {hold:.1}s)",
                        dst.name
                    ));
                    let t0 = Instant::now();
                    while let Err(e) = dst.try_export() {
                        assert!(
                            t0.elapsed() < Duration::from_secs(60),
                            "zpool export kept failing: {e}"
                        );
                        clock.say(format!("zpool export refused ({e}); trying again"));
                        std::thread::sleep(Duration::from_secs(1));
                    }
                    let t0 = Instant::now();
                    while t0.elapsed().as_secs_f64() < hold {
                        daemon.check_alive();
                        std::thread::sleep(Duration::from_millis(200));
                    }
                    dst.import();
                    let meanwhile = read_log_from(&log, offset);
                    let failed = [A, B]
                        .iter()
                        .filter(|t| meanwhile.contains(&format!("task {t} failed")))
                        .count();
                    format!(
                        "destination pool exported for {:.1}s ({aim}) and imported again; \
                         {failed} task(s) failed a run meanwhile",
                        t0.elapsed().as_secs_f64()
                    )
                }
                Fault::Corrupt => {
                    let path = state.0.join("tasks").join("broken.json");
                    let mut f = OpenOptions::new()
                        .create_new(true)
                        .write(true)
                        .mode(0o600)
                        .open(&path)
                        .unwrap();
                    f.write_all(b"{\"name\": \"broken\", \x00garbage]]")
                        .unwrap();
                    drop(f);
                    broken = Some(Broken {
                        path: path.clone(),
                        since: Instant::now(),
                        log_offset: log_len(&log),
                    });
                    format!("damaged task file {} dropped", path.display())
                }
            };
            clock.say(format!("fault {n}: {what}"));
            struck.push(format!(
                "{fault:?}{}",
                if next.at_runs { "@runs" } else { "" }
            ));
            next = plan_strike(&mut rng, &mut costly_left);
        }
        std::thread::sleep(Duration::from_secs(1));
    }

    // One more run of each task with no fault anywhere near it.
    let newest = |task: &str| -> u64 {
        state
            .runs(task)
            .last()
            .map_or(0, |r| r["number"].as_u64().unwrap())
    };
    let before_clean: BTreeMap<&str, u64> = [A, B].into_iter().map(|t| (t, newest(t))).collect();
    clock.say(format!(
        "faults stopped after {} strike(s); waiting for one clean run of each task (after runs \
         {before_clean:?})",
        struck.len()
    ));
    let t0 = Instant::now();
    let mut pending: BTreeSet<&str> = [A, B].into_iter().collect();
    while !pending.is_empty() {
        daemon.check_alive();
        assert!(
            t0.elapsed() < Duration::from_secs(150),
            "no clean run of {pending:?} within 150 s"
        );
        std::thread::sleep(Duration::from_secs(2));
        for task in pending.clone() {
            let want = before_clean[task] + 1;
            let runs = state.runs(task);
            if let Some(r) = runs.iter().find(|r| r["number"] == want) {
                match r["state"].as_str().unwrap() {
                    "pending" | "running" => {}
                    "finished" => {
                        clock.say(format!("clean run {want} of {task} finished"));
                        pending.remove(task);
                    }
                    other => panic!("the clean run {want} of {task} ended {other}: {r}"),
                }
            }
        }
    }
    // Stop between runs, so that the newest source snapshot is one a run finished with.
    loop {
        let s = second_of_minute();
        if (10.0..55.0).contains(&s)
            && [A, B].iter().all(|t| {
                let runs = state.runs(t);
                let last = runs.last().unwrap();
                !matches!(last["state"].as_str(), Some("pending" | "running"))
            })
        {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    let pid = daemon.pid();
    let (took, status) = daemon.terminate();
    clock.say(format!(
        "SIGTERM to the daemon (pid {pid}): exited with {status} after {:.2}s",
        took.as_secs_f64()
    ));
    assert_eq!(status.code(), Some(0), "the daemon must exit 0 on SIGTERM");
    let (writes, write_errors) = writer.finish();
    assert_eq!(write_errors, 0, "the writer could not write to the sources");

    // Every task finished its runs (counted from the log: pruning removed the old records).
    let text = read_log_from(&log, 0);
    let mut summary = Vec::new();
    for task in [A, B] {
        let done = finished(&text, task);
        let failed = text.matches(&format!("task {task} failed")).count();
        let interrupted = text.matches(&format!("task {task} interrupted")).count();
        summary.push(format!(
            "{task}: {} finished, {failed} failed, {interrupted} interrupted (by its daemon)",
            done.len()
        ));
        assert!(
            done.len() >= runs_wanted,
            "task {task}: {} runs finished ({done:?}), at least {runs_wanted} wanted",
            done.len()
        );
    }

    let mut expected_holds: BTreeSet<(String, String)> = BTreeSet::new();
    for task in [A, B] {
        let show = state.show(task);
        let runs = show["runs"].as_array().unwrap();
        // No run left pending or running, as `task show` and the files themselves say.
        for r in runs {
            let s = r["state"].as_str().unwrap();
            assert!(
                ["finished", "failed", "refused", "interrupted"].contains(&s),
                "{task}: {r}"
            );
        }
        let dir = state.0.join("runs").join(task);
        let mut records = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                records += 1;
                let r: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                let s = r["state"].as_str().unwrap();
                assert!(s != "pending" && s != "running", "{}: {r}", path.display());
            }
        }
        // History pruned: keep-runs, plus the newest failed run when it is older.
        assert!(
            runs.len() <= KEEP_RUNS + 1 && records == runs.len(),
            "{task}: {} runs shown, {records} record files, keep-runs {KEEP_RUNS}",
            runs.len()
        );
        let last = runs.last().unwrap();
        assert_eq!(last["state"], "finished", "{last}");
        let snap = last["snapshot"].as_str().unwrap().to_string();
        assert!(default_schema(&snap), "{snap}");
        let (started, ended) = (
            last["started"].as_u64().unwrap(),
            last["ended"].as_u64().unwrap(),
        );
        let pairs: BTreeMap<String, String> = last["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["source"].as_str().unwrap().to_string(),
                    d["destination"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(pairs, expected_pairs[task], "{task}: its datasets");
        let held = &show["task"]["held"];
        let done = finished(&text, task).len();
        // Parents first, so that a child's mount is not hidden by its parent's.
        for (s, d) in &pairs {
            mounted(d);
            let want_held = format!("{s}@{snap}");
            assert_eq!(held[s.as_str()], want_held.as_str(), "{task}: {held}");
            expected_holds.insert((want_held, format!("zsplice:{task}")));
            let src_snaps = snapshots_by_txg(s);
            let dst_snaps = snapshots_by_txg(d);
            for (name, _, _) in src_snaps.iter().chain(&dst_snaps) {
                assert!(default_schema(name), "{s} or {d}: a stray snapshot {name}");
            }
            // The newest snapshot on each side is the last run's, with one guid.
            let (src_newest, dst_newest) = (src_snaps.last().unwrap(), dst_snaps.last().unwrap());
            assert_eq!(src_newest.0, snap, "{s}: newest snapshot");
            assert_eq!(
                (&dst_newest.0, dst_newest.1),
                (&src_newest.0, src_newest.1),
                "{d}: newest snapshot, guid as {s}'s"
            );
            // Same files.
            assert_eq!(
                hash_tree(&snapshot_dir(s, &snap)),
                hash_tree(&snapshot_dir(d, &snap)),
                "{s}@{snap} and {d}@{snap}: contents"
            );
            assert_eq!(resume_token(d), "-", "{d}: a resume token is left");
            let src_guids: BTreeMap<&str, u64> =
                src_snaps.iter().map(|(n, g, _)| (n.as_str(), *g)).collect();
            let dst_guids: BTreeMap<&str, u64> =
                dst_snaps.iter().map(|(n, g, _)| (n.as_str(), *g)).collect();
            // Whatever both sides have by name is the same snapshot.
            for (name, g) in &dst_guids {
                if let Some(sg) = src_guids.get(name) {
                    assert_eq!(sg, g, "{d}@{name}: guid differs from {s}'s");
                }
            }
            if task == A {
                // Destination retention none: it has every snapshot the source still has,
                // and every finished run's.
                for (name, g) in &src_guids {
                    assert_eq!(dst_guids.get(name), Some(g), "{d} lacks {s}@{name}");
                }
                assert!(
                    dst_snaps.len() >= done,
                    "{d}: {} snapshots after {done} finished runs",
                    dst_snaps.len()
                );
                // Source retention: the newest SOURCE_KEEP (the base among them).
                assert!(
                    src_snaps.len() <= SOURCE_KEEP,
                    "{s} keeps {} of the task's snapshots, source retention {SOURCE_KEEP}: \
                     {src_snaps:?}",
                    src_snaps.len()
                );
            } else {
                // Source retention none: every snapshot taken is still there.
                assert!(
                    src_snaps.len() >= done,
                    "{s}: {} snapshots after {done} finished runs",
                    src_snaps.len()
                );
                // Destination retention 3m, applied between the run's start and end: older
                // ones are gone, younger ones are there, nothing the source lacks.
                for name in dst_guids.keys() {
                    assert!(src_guids.contains_key(name), "{d}@{name} is not on {s}");
                }
                for (name, g, creation) in &src_snaps {
                    if *name == snap {
                        continue;
                    }
                    if creation + RETENTION_SECS < started {
                        assert!(
                            !dst_guids.contains_key(name.as_str()),
                            "{d}@{name} (created {creation}) outlived retention {RETENTION} \
                             at the run of {started}-{ended}"
                        );
                    } else if creation + RETENTION_SECS >= ended {
                        assert_eq!(
                            dst_guids.get(name.as_str()),
                            Some(g),
                            "{d} lacks {s}@{name} (created {creation}), within retention \
                             {RETENTION} at the run of {started}-{ended}"
                        );
                    }
                }
            }
        }
    }
    // The only zsplice holds are the bases, and none on the destination pool.
    let src_holds: BTreeSet<(String, String)> = holds_under(&src.name)
        .into_iter()
        .filter(|(_, tag)| tag.starts_with("zsplice"))
        .collect();
    assert_eq!(src_holds, expected_holds, "holds on the source pool");
    let dst_holds: Vec<(String, String)> = holds_under(&dst.name)
        .into_iter()
        .filter(|(_, tag)| tag.starts_with("zsplice"))
        .collect();
    assert!(
        dst_holds.is_empty(),
        "holds on the destination: {dst_holds:?}"
    );
    assert_state_dir_clean(&state.0);

    clock.say(format!(
        "soak passed: seed {seed}, {} fault(s) [{}]; {}; the writer made {writes} changes",
        struck.len(),
        struck.join(", "),
        summary.join("; ")
    ));
    let _ = std::fs::remove_file(&log);
}
