//! Fixtures of the API tests: task definitions and their defaults, pools with data, error
//! checks, state and token files, daemons started by hand.

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use super::client::{Answer, Api};
use crate::helpers::*;

/// A schedule that does not come due while a test runs (midnight on 1 January): runs start
/// only when the test starts them.
pub(super) const MANUAL: &str = "0 0 1 1 *";

/// The task definition's fields and their defaults, as docs/api.md's table has them.
pub(super) fn defaults() -> Value {
    json!({
        "source_datasets": [],
        "recursive": false,
        "recursive_source_datasets": [],
        "exclude": [],
        "schedule": "once",
        "retention": "none",
        "naming_schema": "auto-%Y-%m-%d_%H-%M",
        "readonly": false,
        "allow_from_scratch": false,
        "properties": false,
        "properties_exclude": [],
        "properties_override": {},
        "source_retention": "none",
        "retries": 5,
        "stall_timeout": "10m",
        "keep_runs": 366,
    })
}

/// Every field a task definition has (`field` in an error is one of them, or `under`, the
/// dataset browser's query parameter).
pub(super) const DEFINITION_FIELDS: [&str; 18] = [
    "name",
    "source_datasets",
    "recursive",
    "recursive_source_datasets",
    "exclude",
    "target_dataset",
    "schedule",
    "retention",
    "naming_schema",
    "readonly",
    "allow_from_scratch",
    "properties",
    "properties_exclude",
    "properties_override",
    "source_retention",
    "retries",
    "stall_timeout",
    "keep_runs",
];

/// `definition` with every field it leaves out at its default.
pub(super) fn with_defaults(definition: &Value) -> Value {
    let mut full = defaults();
    for (k, v) in definition.as_object().unwrap() {
        full[k] = v.clone();
    }
    full
}

/// A definition copying `sources` to `target`, started only by hand, with the tests' naming
/// schema (seconds: several runs a minute).
pub(super) fn definition(name: &str, sources: &[&str], target: &str) -> Value {
    json!({
        "name": name,
        "source_datasets": sources,
        "target_dataset": target,
        "schedule": MANUAL,
        "naming_schema": SCHEMA,
    })
}

pub(super) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Two pools; on the source, filesystems `a` and `b`.
pub(super) struct Pools {
    pub(super) src: TestPool,
    pub(super) dst: TestPool,
    pub(super) a: String,
    pub(super) b: String,
}

impl Pools {
    /// `bytes` of data in each of `a` and `b`.
    pub(super) fn new(tag: &str, bytes: usize) -> Pools {
        let (src, dst) = (
            TestPool::new(&format!("{tag}s")),
            TestPool::new(&format!("{tag}d")),
        );
        let (a, b) = (src.ds("a"), src.ds("b"));
        for (i, ds) in [&a, &b].into_iter().enumerate() {
            run("zfs", &["create", ds]);
            if bytes > 0 {
                write_file(&mounted(ds).join("f"), i as u64 + 1, bytes);
            }
        }
        run("sync", &[]);
        Pools { src, dst, a, b }
    }
}

/// Checks an error answer: `status` and the JSON body
/// `{"error": {"status", "kind", "message", "field"?}}`. `field`, when given, is the field the
/// error must name; any field named is a definition field. Returns the message.
pub(super) fn assert_error(
    answer: &Answer,
    status: u16,
    kind: &str,
    field: Option<&str>,
) -> String {
    assert_eq!(answer.status, status, "{answer}");
    let v = answer.json();
    let e = &v["error"];
    assert!(e.is_object(), "no error object: {answer}");
    assert_eq!(e["status"], status, "{answer}");
    assert_eq!(e["kind"], kind, "{answer}");
    let message = e["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no message: {answer}"));
    assert!(!message.trim().is_empty(), "empty message: {answer}");
    match (field, e.get("field")) {
        (Some(want), got) => assert_eq!(got, Some(&json!(want)), "field: {answer}"),
        (None, Some(got)) => assert!(
            got.as_str()
                .is_some_and(|f| DEFINITION_FIELDS.contains(&f) || f == "under"),
            "`field` must be a definition field when present: {answer}"
        ),
        (None, None) => {}
    }
    let keys: BTreeSet<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
    assert!(
        keys.is_subset(&BTreeSet::from(["status", "kind", "message", "field"])),
        "{answer}"
    );
    message.to_string()
}

/// Nothing is stored: the API lists no task and the state dir has no task file.
pub(super) fn assert_nothing_stored(api: &Api, state: &Path, after: &str) {
    assert_eq!(
        api.task_names(),
        Vec::<String>::new(),
        "{after} stored a task"
    );
    let files = std::fs::read_dir(state.join("tasks"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(files, 0, "{after} left a file in the state dir's tasks/");
}

/// Writes `text` as `rel` in a state dir, private as zsplice insists.
pub(super) fn put_state_file(state: &Path, rel: &str, text: &str) {
    let path = state.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// A token file with `mode`; removed on drop.
pub(super) struct TokenFile(PathBuf);

impl TokenFile {
    pub(super) fn new(tag: &str, token: &str, mode: u32) -> TokenFile {
        let path = PathBuf::from(format!("/tmp/zsplice-token-{tag}-{}", std::process::id()));
        std::fs::write(&path, format!("{token}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        TokenFile(path)
    }

    pub(super) fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TokenFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A daemon started by hand (a listener `Served` does not make); killed on drop.
pub(super) struct Daemon(Child);

impl Daemon {
    pub(super) fn spawn(state: &State, args: &[&str]) -> Daemon {
        Daemon(
            state
                .cmd(args)
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("starting zsplice daemon"),
        )
    }

    /// Waits (up to 20 s) until `connect` succeeds.
    pub(super) fn wait_until(&mut self, what: &str, connect: impl Fn() -> bool) {
        let t0 = Instant::now();
        while !connect() {
            if let Some(status) = self.0.try_wait().unwrap() {
                panic!("the daemon exited with {status} before serving {what}");
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "the daemon did not serve {what} within 20 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `zsplice args`, which must refuse to start: exits 2 within 20 s. Its standard error.
pub(super) fn refuses_to_start(state: &State, args: &[&str]) -> String {
    let mut child = state
        .cmd(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if t0.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "zsplice {args:?} started instead of refusing: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    failure_stderr(args, &out, 2)
}
