//! The harness under `main.rs` (libtest-mimic): decides once what this machine has, marks the
//! tests that cannot run here as ignored (saying why, once), runs the others each on a thread
//! named after it, and reports panics in one piece.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Mutex;

use libtest_mimic::{Arguments, Failed, Trial};

/// What a test needs besides the built binaries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Nothing: runs on any host.
    Host,
    /// A usable `/dev/zfs` (and root, `zpool` and `zfs` to set up pools).
    Zfs,
    /// ZFS, and a zsplice built with the `fault-injection` feature, whose relay stalls where
    /// the test says (`ZSPLICE_FAULT_STALL`).
    FaultHook,
    /// ZFS, and a headless browser driven through WebDriver: `chromium` and `chromedriver`
    /// (Debian's `chromium` and `chromium-driver`, which scripts/setup-host.sh installs).
    Browser,
    /// ZFS, the C examples built against the installed libzsplice (scripts/check-c-library.sh,
    /// which scripts/test.sh runs; `ZSPLICE_C_EXAMPLES` names their folder, by default
    /// `target/c-examples`), and valgrind.
    CLibrary,
}

/// One registered test.
pub struct Test {
    /// `module::function`.
    pub name: &'static str,
    pub body: fn(),
    pub needs: Needs,
}

/// What this machine has, decided once at start: each need is `Err(why not)` when it is missing.
struct Machine {
    zfs: Result<(), String>,
    browser: Result<(), String>,
    c_library: Result<(), String>,
}

impl Machine {
    fn probe() -> Machine {
        let zfs = zsplice_zfs::Zfs::open()
            .map(drop)
            .map_err(|e| e.to_string());
        let missing: Vec<&str> = ["chromium", "chromedriver"]
            .into_iter()
            .filter(|program| on_path(program).is_none())
            .collect();
        let browser = match missing.as_slice() {
            [] => Ok(()),
            _ => Err(format!(
                "{} {} not on PATH (scripts/setup-host.sh installs Debian's chromium and \
                 chromium-driver)",
                missing.join(" and "),
                if missing.len() == 1 { "is" } else { "are" }
            )),
        };
        let c_library = if !crate::capi::examples().join("suite").is_file() {
            Err(format!(
                "{} has no C suite (build it with scripts/check-c-library.sh)",
                crate::capi::examples().display()
            ))
        } else if on_path("valgrind").is_none() {
            Err("valgrind is not on PATH (scripts/setup-host.sh installs it)".into())
        } else {
            Ok(())
        };
        Machine {
            zfs,
            browser,
            c_library,
        }
    }

    /// What this machine lacks for a test that needs `needs`, if anything: (what, why). ZFS
    /// first: on a host without it, a browser test is ignored like every other ZFS test.
    fn lacking(&self, needs: Needs) -> Option<(&'static str, String)> {
        match (needs, &self.zfs) {
            (Needs::Host, _) => None,
            (_, Err(why)) => Some(("ZFS", why.clone())),
            (Needs::FaultHook, Ok(())) if !cfg!(feature = "fault-injection") => Some((
                "the fault hook",
                "zsplice was built without --features fault-injection".into(),
            )),
            (Needs::Browser, Ok(())) => self
                .browser
                .clone()
                .err()
                .map(|why| ("a headless browser", why)),
            (Needs::CLibrary, Ok(())) => self
                .c_library
                .clone()
                .err()
                .map(|why| ("the C library's programs", why)),
            _ => None,
        }
    }
}

/// Where `program` is found on PATH, if it is (an executable file).
pub fn on_path(program: &str) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|file| {
            file.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// Where each test that panicked panicked, by test (thread) name, for its failure message.
static PANICKED_AT: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());

/// Panic reports in one write. The results are printed on standard output while other tests
/// run; the default hook writes a report (and its backtrace) piece by piece, which splits a
/// `test ... ok` line where both streams go to one pipe, as in the guest's log that
/// scripts/test.sh counts.
fn report_panics_in_one_write() {
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("<unnamed>");
        let payload = panic_message(info.payload());
        let location = info.location().map(|l| l.to_string()).unwrap_or_default();
        let mut report = format!("\nthread '{name}' panicked at {location}:\n{payload}\n");
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            report.push_str(&format!(
                "stack backtrace:\n{}",
                short(&backtrace.to_string())
            ));
        }
        if let Ok(mut at) = PANICKED_AT.lock() {
            at.entry(name.to_string()).or_insert(location);
        }
        let _ = std::io::stderr().write_all(report.as_bytes());
    }));
}

/// A backtrace as the default hook shows it under RUST_BACKTRACE=1: only the frames between
/// the panic machinery and the thread's start (all of them under RUST_BACKTRACE=full).
fn short(backtrace: &str) -> String {
    if std::env::var("RUST_BACKTRACE").as_deref() == Ok("full") {
        return backtrace.to_string();
    }
    let mut frames: Vec<String> = Vec::new();
    for line in backtrace.lines() {
        let starts_frame = line
            .trim_start()
            .split_once(": ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        match frames.last_mut() {
            Some(frame) if !starts_frame => {
                frame.push_str(line);
                frame.push('\n');
            }
            _ => frames.push(format!("{line}\n")),
        }
    }
    let from = frames
        .iter()
        .position(|f| f.contains("__rust_end_short_backtrace"))
        .map_or(0, |i| i + 1);
    let to = frames
        .iter()
        .position(|f| f.contains("__rust_begin_short_backtrace"))
        .filter(|&i| i >= from)
        .unwrap_or(frames.len());
    let mut out = frames[from..to].concat();
    out.push_str("note: some frames are omitted; RUST_BACKTRACE=full shows them all\n");
    out
}

/// A panic's message (`panic!` gives a `&str` or a `String`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("Box<dyn Any>")
}

/// Runs a test body on a thread named after the test (so a panic report names it), turning a
/// panic into a failure.
fn run(name: &'static str, body: fn()) -> Result<(), Failed> {
    let thread = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(body)
        .map_err(|e| format!("starting the test's thread: {e}"))?;
    thread.join().map_err(|panic| {
        let message = panic_message(&*panic);
        match PANICKED_AT.lock().ok().and_then(|mut at| at.remove(name)) {
            Some(at) => Failed::from(format!("panicked at {at}:\n{message}")),
            None => Failed::from(message),
        }
    })
}

/// Runs `tests` as the command line asks (filters, `--list`, `--test-threads`, `--color`,
/// `--ignored`, `--include-ignored`, ...) and returns the exit status.
pub fn run_all(mut tests: Vec<Test>) -> ExitCode {
    let mut args = Arguments::from_args();
    // As the built-in harness does, when no --test-threads is given.
    if args.test_threads.is_none() {
        args.test_threads = std::env::var("RUST_TEST_THREADS")
            .ok()
            .and_then(|n| n.parse().ok());
    }
    let machine = Machine::probe();
    let strict = std::env::var_os("ZSPLICE_REQUIRE_ZFS").is_some();
    report_panics_in_one_write();
    // The built-in harness's order: by name.
    tests.sort_by_key(|t| t.name);

    let mut trials = Vec::new();
    // What ignored tests lack → how many of the selected ones lack it, for one line each.
    let mut ignored: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for Test { name, body, needs } in tests {
        let trial = match machine.lacking(needs) {
            None => Trial::test(name, move || run(name, body)),
            Some((what, why)) if strict => Trial::test(name, move || {
                Err(Failed::from(format!(
                    "this test needs {what}, but {why} (ZSPLICE_REQUIRE_ZFS is set: it may not \
                     be skipped)"
                )))
            }),
            Some(lack) => {
                let trial = Trial::test(name, move || run(name, body)).with_ignored_flag(true);
                if args.is_ignored(&trial) && !args.is_filtered_out(&trial) {
                    *ignored.entry(lack).or_default() += 1;
                }
                trial
            }
        };
        trials.push(trial);
    }
    if !args.list {
        for ((what, why), n) in &ignored {
            let (tests, need, are) = match n {
                1 => ("test", "needs", "is"),
                _ => ("tests", "need", "are"),
            };
            eprintln!(
                "{n} {tests} {need} {what} and {are} ignored here: {why} (scripts/test.sh runs \
                 them in the OpenZFS guest; ZSPLICE_REQUIRE_ZFS=1 fails them instead, \
                 --include-ignored runs them)"
            );
        }
    }
    libtest_mimic::run(&args, trials).exit_code()
}
