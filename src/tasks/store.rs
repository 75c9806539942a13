//! The persistent state: task definitions, their run records and run logs, in one directory
//! (default `/var/lib/zsplice`). Every JSON file is replaced atomically (written to a temporary
//! file, fsynced, renamed over the old one, directory fsynced), so a crash at any moment leaves
//! either the previous or the new version, never a torn one. Logs are append-only. The directory
//! is 0700 and files 0600: a state dir other users can read or write is refused.
//!
//! ```text
//! <state>/tasks/<task>.json          definition + bookkeeping (held base snapshots)
//! <state>/runs/<task>/<NNNNNN>.json  one run record
//! <state>/runs/<task>/<NNNNNN>.log   that run's log
//! <state>/locks/<task>.lock          flock held while the task runs
//! ```

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use nix::fcntl::{Flock, FlockArg};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::model::record::RunRecord;
use crate::model::task::{validate_task_name, Task};
pub use crate::tasks::store_error::StoreError;
use crate::tasks::store_error::{io_err, open_err};

type Result<T> = std::result::Result<T, StoreError>;

/// An exclusive claim on a task: held while it runs, released when dropped (or when the
/// process dies, however it dies, since the kernel drops flocks with the descriptor).
#[derive(Debug)]
pub struct TaskLock {
    _lock: Flock<File>,
}

/// The state directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// Opens the state directory. A missing one reads as empty and is created (0700) by the
    /// first write, so commands that only read (`task list`, `task show`) leave nothing behind.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Store> {
        let dir = dir.into();
        match fs::metadata(&dir) {
            Ok(meta) => Store::checked(dir, &meta),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Store { dir }),
            Err(e) => Err(open_err(&dir, true)(e)),
        }
    }

    /// Creates the state directory (0700) and its folders if missing, before a first write.
    fn ensure_root(&self) -> Result<()> {
        if !self.dir.exists() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.dir)
                .map_err(open_err(&self.dir, false))?;
            let meta = fs::metadata(&self.dir).map_err(open_err(&self.dir, true))?;
            Store::checked(self.dir.clone(), &meta)?;
        }
        Ok(())
    }

    /// The existing state directory `dir`, if it is one zsplice may use: a directory, this
    /// user's, closed to others; its folders are created when missing.
    fn checked(dir: PathBuf, meta: &fs::Metadata) -> Result<Store> {
        if !meta.is_dir() {
            return Err(StoreError::Denied {
                path: dir,
                reason: "not a directory; choose a directory with --state-dir DIR or \
                         ZSPLICE_STATE_DIR"
                    .into(),
            });
        }
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            return Err(StoreError::Permissions { path: dir, mode });
        }
        let me = nix::unistd::geteuid().as_raw();
        if meta.uid() != me {
            return Err(StoreError::Owner {
                path: dir,
                owner: meta.uid(),
                me,
            });
        }
        let store = Store { dir };
        for sub in ["tasks", "runs", "locks"] {
            store
                .ensure_dir(&store.dir.join(sub))
                .map_err(|e| match e {
                    StoreError::Io { source, .. } => open_err(&store.dir, true)(source),
                    e => e,
                })?;
        }
        Ok(store)
    }

    /// The state directory this store reads and writes.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn ensure_dir(&self, path: &Path) -> Result<()> {
        match fs::DirBuilder::new().mode(0o700).create(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(io_err(path)(e)),
        }
    }

    fn task_path(&self, name: &str) -> PathBuf {
        self.dir.join("tasks").join(format!("{name}.json"))
    }

    fn runs_dir(&self, task: &str) -> PathBuf {
        self.dir.join("runs").join(task)
    }

    fn run_path(&self, task: &str, run: u64) -> PathBuf {
        self.runs_dir(task).join(format!("{run:06}.json"))
    }

    /// Where run `run` of `task` logs.
    pub fn log_path(&self, task: &str, run: u64) -> PathBuf {
        self.runs_dir(task).join(format!("{run:06}.log"))
    }

    /// Every task, by name. One unreadable task file fails the whole listing; callers that
    /// must go on past it (listing, the daemon) use [`Store::task_entries`].
    pub fn tasks(&self) -> Result<Vec<Task>> {
        self.task_entries()?.into_iter().map(|(_, t)| t).collect()
    }

    /// Every task by name, each read on its own: a damaged file is that task's error and
    /// every other task still reads. A task deleted while the listing runs is left out.
    pub fn task_entries(&self) -> Result<Vec<(String, Result<Task>)>> {
        let dir = self.dir.join("tasks");
        let mut names = Vec::new();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            // A state directory no task was written to yet.
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_err(&dir)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io_err(&dir))?;
            let file = entry.file_name().to_string_lossy().into_owned();
            if let Some(name) = file.strip_suffix(".json") {
                if !name.starts_with('.') {
                    names.push(name.to_string());
                }
            }
        }
        names.sort();
        Ok(names
            .into_iter()
            .map(|n| {
                let t = self.task(&n);
                (n, t)
            })
            .filter(|(_, t)| !matches!(t, Err(StoreError::NoSuchTask(_))))
            .collect())
    }

    /// The stored task `name`; fails with [`StoreError::NoSuchTask`], or `Corrupt` when its
    /// file does not parse.
    pub fn task(&self, name: &str) -> Result<Task> {
        validate_task_name(name)?;
        let path = self.task_path(name);
        if !path.exists() {
            return Err(StoreError::NoSuchTask(name.into()));
        }
        let task: Task = read_json(&path)?;
        // A hand-edited or damaged file must not smuggle in what `task create` refuses.
        let corrupt = |reason: String| StoreError::Corrupt {
            path: path.clone(),
            reason,
        };
        if task.spec.name != name {
            return Err(corrupt(format!(
                "it defines task '{}', not '{name}'",
                task.spec.name.escape_default()
            )));
        }
        task.spec.validate().map_err(|e| corrupt(e.to_string()))?;
        Ok(task)
    }

    /// Stores a new task; refuses a name already taken.
    pub fn add_task(&self, task: &Task) -> Result<()> {
        validate_task_name(&task.spec.name)?;
        self.ensure_root()?;
        if self.task_path(&task.spec.name).exists() {
            return Err(StoreError::TaskExists(task.spec.name.clone()));
        }
        self.save_task(task)
    }

    /// Replaces a task's stored definition and bookkeeping atomically.
    pub fn save_task(&self, task: &Task) -> Result<()> {
        write_json_atomic(&self.task_path(&task.spec.name), task)
    }

    /// Removes a task with its run history and lock file; `_lock` proves nobody runs it.
    pub fn remove_task(&self, name: &str, _lock: &TaskLock) -> Result<()> {
        let path = self.task_path(name);
        fs::remove_file(&path).map_err(io_err(&path))?;
        // Unlinked while held: a start that opened it before sees the task gone when it reads
        // the definition under the lock; one after creates a new lock file for a new task.
        let _ = fs::remove_file(self.dir.join("locks").join(format!("{name}.lock")));
        let runs = self.runs_dir(name);
        if runs.exists() {
            fs::remove_dir_all(&runs).map_err(io_err(&runs))?;
        }
        sync_dir(&self.dir.join("tasks"))?;
        Ok(())
    }

    /// The numbers of `task`'s run records, oldest first (from file names alone: nothing is
    /// parsed, so this costs the same with one run or a year of them).
    pub fn run_numbers(&self, task: &str) -> Result<Vec<u64>> {
        let dir = self.runs_dir(task);
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            // No run yet, or the task was deleted while we looked.
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_err(&dir)(e)),
        };
        let mut numbers = Vec::new();
        for entry in entries {
            let entry = entry.map_err(io_err(&dir))?;
            let file = entry.file_name().to_string_lossy().into_owned();
            if let Some(n) = file
                .strip_suffix(".json")
                .and_then(|n| n.parse::<u64>().ok())
            {
                numbers.push(n);
            }
        }
        numbers.sort_unstable();
        Ok(numbers)
    }

    /// The highest run number used so far (0 if none), readable or not, so a new run never
    /// takes the number of a damaged record.
    pub fn last_run_number(&self, task: &str) -> Result<u64> {
        Ok(self.run_numbers(task)?.last().copied().unwrap_or(0))
    }

    /// `task`'s newest run record, reading that one file only.
    pub fn last_run(&self, task: &str) -> Result<Option<RunRecord>> {
        match self.run_numbers(task)?.last() {
            None => Ok(None),
            Some(&n) => match self.run(task, n) {
                Ok(r) => Ok(Some(r)),
                // Pruned or deleted while we looked.
                Err(StoreError::NoSuchRun { .. }) => Ok(None),
                Err(e) => Err(e),
            },
        }
    }

    /// Removes the oldest runs (record and log) beyond the newest `keep`, keeping the newest
    /// failed run whatever its age. Returns how many were removed.
    pub fn prune_runs(&self, task: &str, keep: u32) -> Result<usize> {
        let numbers = self.run_numbers(task)?;
        if numbers.len() <= keep as usize {
            return Ok(0);
        }
        // Reading a record only to learn whether it failed: newest first, stopping at the
        // first failure (only the newest failed run is spared).
        let mut failed_seen = false;
        let mut runs = Vec::with_capacity(numbers.len());
        for &n in numbers.iter().rev() {
            let failed = !failed_seen
                && self.run(task, n).map_or(true, |r| {
                    !matches!(r.state, crate::model::record::RunState::Finished)
                });
            failed_seen |= failed;
            runs.push((n, failed));
        }
        runs.reverse();
        let doomed = crate::model::keep::runs_to_prune(&runs, keep);
        for n in &doomed {
            for path in [self.run_path(task, *n), self.log_path(task, *n)] {
                match fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io_err(&path)(e)),
                }
            }
        }
        sync_dir(&self.runs_dir(task))?;
        Ok(doomed.len())
    }

    /// Every run record of `task`, oldest first. A record removed while reading (pruned, or
    /// the task deleted) is left out.
    pub fn runs(&self, task: &str) -> Result<Vec<RunRecord>> {
        let mut runs = Vec::new();
        for n in self.run_numbers(task)? {
            match self.run(task, n) {
                Ok(r) => runs.push(r),
                Err(StoreError::NoSuchRun { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(runs)
    }

    /// Run `run` of `task` as last saved (a dead run still reads as live here); fails with
    /// [`StoreError::NoSuchRun`] when there is no such record.
    pub fn run(&self, task: &str, run: u64) -> Result<RunRecord> {
        let path = self.run_path(task, run);
        match read_json(&path) {
            Err(StoreError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                Err(StoreError::NoSuchRun {
                    task: task.into(),
                    run,
                })
            }
            other => other,
        }
    }

    /// Writes `run`'s record atomically (temporary file, then rename), replacing the old one.
    pub fn save_run(&self, run: &RunRecord) -> Result<()> {
        self.ensure_dir(&self.runs_dir(&run.task))?;
        write_json_atomic(&self.run_path(&run.task, run.number), run)
    }

    /// Opens run `run`'s log for appending (created 0600).
    pub fn open_log(&self, task: &str, run: u64) -> Result<File> {
        self.ensure_dir(&self.runs_dir(task))?;
        let path = self.log_path(task, run);
        OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(&path)
            .map_err(io_err(&path))
    }

    /// Reads run `run`'s log.
    pub fn read_log(&self, task: &str, run: u64) -> Result<String> {
        let path = self.log_path(task, run);
        match fs::read(&path) {
            Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(StoreError::NoSuchRun {
                task: task.into(),
                run,
            }),
            Err(e) => Err(io_err(&path)(e)),
        }
    }

    /// Removes temporary files a crash left behind while replacing `task`'s files (their
    /// committed versions are intact). Call with the task's lock held.
    pub fn remove_stale_temporaries(&self, task: &str) -> Result<usize> {
        let own = format!(".{task}.json.tmp");
        let in_tasks = sweep(&self.dir.join("tasks"), |f| f.starts_with(&own))?;
        let in_runs = sweep(&self.runs_dir(task), |f| {
            f.starts_with('.') && f.contains(".json.tmp")
        })?;
        Ok(in_tasks + in_runs)
    }

    /// Claims `task` for this process; [`StoreError::Busy`] if another process holds it.
    pub fn lock(&self, task: &str) -> Result<TaskLock> {
        let path = self.dir.join("locks").join(format!("{task}.lock"));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .map_err(io_err(&path))?;
        match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
            Ok(lock) => Ok(TaskLock { _lock: lock }),
            Err((_, nix::errno::Errno::EWOULDBLOCK)) => Err(StoreError::Busy(task.into())),
            Err((_, e)) => Err(io_err(&path)(io::Error::from(e))),
        }
    }

    /// Whether some process is running `task` now.
    pub fn is_running(&self, task: &str) -> bool {
        matches!(self.lock(task), Err(StoreError::Busy(_)))
    }
}

/// Removes the files in `dir` (if it exists) whose names `doomed` picks; returns how many.
fn sweep(dir: &Path, doomed: impl Fn(&str) -> bool) -> Result<usize> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io_err(dir)(e)),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry.map_err(io_err(dir))?;
        if doomed(&entry.file_name().to_string_lossy()) {
            let path = entry.path();
            fs::remove_file(&path).map_err(io_err(&path))?;
            removed += 1;
        }
    }
    Ok(removed)
}

fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let bytes = fs::read(path).map_err(io_err(path))?;
    serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Replaces `path` with `value`'s JSON so that a crash leaves the old or the new file.
fn write_json_atomic<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{file_name}.tmp{}", std::process::id()));
    let json = serde_json::to_vec_pretty(value).map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let write = || -> io::Result<()> {
        let mut f = OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(&json)?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(path)(e));
    }
    sync_dir(dir)
}

/// Makes a rename durable.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::task::{SourceSpec, TaskSpec};
    use crate::tasks::store_error::denied;

    fn spec(name: &str) -> TaskSpec {
        TaskSpec {
            name: name.into(),
            sources: vec![SourceSpec {
                dataset: "tank/a".parse().unwrap(),
                recursive: false,
                exclude: vec![],
            }],
            destination: "backup/a".parse().unwrap(),
            naming_schema: Default::default(),
            schedule: crate::model::policy::Schedule::Once,
            retention: crate::model::policy::Retention::None,
            allow_from_scratch: false,
            readonly: false,
            properties: Default::default(),
            source_retention: Default::default(),
            retries: 5,
            stall_timeout: Default::default(),
            keep_runs: 366,
        }
    }

    fn private_dir() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        fs::set_permissions(d.path(), fs::Permissions::from_mode(0o700)).unwrap();
        d
    }

    #[test]
    fn tasks_round_trip_and_names_are_unique() {
        let d = private_dir();
        let store = Store::open(d.path().join("state")).unwrap();
        // Reading a state directory that is not there yet finds nothing and writes nothing.
        assert!(store.tasks().unwrap().is_empty());
        assert!(matches!(
            store.task("nightly"),
            Err(StoreError::NoSuchTask(_))
        ));
        assert!(!store.dir().exists());
        store.add_task(&Task::new(spec("nightly"), 5)).unwrap();
        let mode = fs::metadata(store.dir()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        let e = store.add_task(&Task::new(spec("nightly"), 6)).unwrap_err();
        assert_eq!(e.to_string(), "task 'nightly' already exists");
        let back = store.task("nightly").unwrap();
        assert_eq!(back.spec, spec("nightly"));
        let f = fs::metadata(store.task_path("nightly")).unwrap();
        assert_eq!(f.permissions().mode() & 0o777, 0o600);
        assert_eq!(store.tasks().unwrap().len(), 1);
        let lock = store.lock("nightly").unwrap();
        store.remove_task("nightly", &lock).unwrap();
        assert!(matches!(
            store.task("nightly"),
            Err(StoreError::NoSuchTask(_))
        ));
    }

    #[test]
    fn a_torn_temporary_file_leaves_the_committed_state() {
        let d = private_dir();
        let store = Store::open(d.path()).unwrap();
        store.add_task(&Task::new(spec("t"), 1)).unwrap();
        // A crash mid-write leaves only a temporary file beside the committed one.
        fs::write(d.path().join("tasks/.t.json.tmp999"), b"{\"spec\": {\"na").unwrap();
        let run = RunRecord::new("t", 1);
        store.save_run(&run).unwrap();
        fs::write(store.runs_dir("t").join(".000001.json.tmp999"), b"{").unwrap();
        fs::write(d.path().join("tasks/.other.json.tmp1"), b"{").unwrap();
        assert_eq!(store.task("t").unwrap().spec.name, "t");
        assert_eq!(store.tasks().unwrap().len(), 1);
        assert_eq!(store.runs("t").unwrap(), vec![run]);
        // Under the task's lock, its leftovers (and only its) are swept.
        assert_eq!(store.remove_stale_temporaries("t").unwrap(), 2);
        assert!(d.path().join("tasks/.other.json.tmp1").exists());
        assert_eq!(store.remove_stale_temporaries("t").unwrap(), 0);
    }

    #[test]
    fn malformed_files_and_open_permissions_are_refused() {
        let d = private_dir();
        let store = Store::open(d.path()).unwrap();
        fs::write(store.task_path("bad"), b"not json").unwrap();
        let e = store.task("bad").unwrap_err();
        assert!(e.to_string().contains("unreadable state file"), "{e}");
        assert!(e.is_usage());
        // Well-formed JSON that defines another task, or an invalid one, is refused too.
        let mut other = Task::new(spec("other"), 1);
        fs::write(store.task_path("x"), serde_json::to_vec(&other).unwrap()).unwrap();
        let e = store.task("x").unwrap_err();
        assert!(e.to_string().contains("defines task 'other'"), "{e}");
        other.spec.sources.clear();
        fs::write(
            store.task_path("other"),
            serde_json::to_vec(&other).unwrap(),
        )
        .unwrap();
        let e = store.task("other").unwrap_err();
        assert!(e.to_string().contains("at least one source"), "{e}");
        fs::set_permissions(d.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let e = Store::open(d.path()).unwrap_err();
        assert!(e.to_string().contains("mode 0755"), "{e}");
    }

    #[test]
    fn a_state_dir_out_of_reach_says_what_to_do() {
        let other = "choose another directory with --state-dir DIR or ZSPLICE_STATE_DIR";
        assert_eq!(
            denied(None, Some(0), 1000),
            format!(
                "permission denied: the state directory is root's; run as root (sudo), or {other}"
            )
        );
        assert_eq!(
            denied(Some(Path::new("/var/lib")), Some(0), 1000),
            format!(
                "permission denied: the state directory cannot be created in /var/lib, which is \
                 root's; run as root (sudo), or {other}"
            )
        );
        assert_eq!(
            denied(None, Some(1000), 1000),
            format!(
                "permission denied: the state directory is closed to this user; give this user \
                 access to it, or {other}"
            )
        );
        assert_eq!(
            denied(None, Some(4_000_000), 1000),
            format!(
                "permission denied: the state directory is uid 4000000's; run as its owner, or \
                 {other}"
            )
        );
        assert_eq!(
            denied(None, None, 1000),
            format!(
                "permission denied: the state directory is out of this user's reach; run as root \
                 (sudo), or {other}"
            )
        );

        // The whole error, as Store::open makes it from EACCES or EPERM: the user's to fix
        // (exit 2), like a state directory owned by someone else.
        let me = nix::unistd::geteuid().as_raw();
        let state = Path::new("/nonexistent-zsplice-test/state");
        for errno in [nix::libc::EACCES, nix::libc::EPERM] {
            let e = open_err(state, false)(io::Error::from_raw_os_error(errno));
            assert!(matches!(e, StoreError::Denied { .. }), "{e:?}");
            assert!(e.is_usage());
            let want = if me == 0 {
                format!(
                    "{}: permission denied: the state directory cannot be created in /, which \
                     is closed to this user; give this user access to it, or {other}",
                    state.display()
                )
            } else {
                format!(
                    "{}: permission denied: the state directory cannot be created in /, which \
                     is root's; run as root (sudo), or {other}",
                    state.display()
                )
            };
            assert_eq!(e.to_string(), want);
        }
        // Other errors say what the system said.
        let e = open_err(state, false)(io::Error::from_raw_os_error(nix::libc::EROFS));
        assert!(e.to_string().contains("Read-only file system"), "{e}");

        let e = StoreError::Owner {
            path: "/var/lib/zsplice".into(),
            owner: 0,
            me: 1000,
        };
        assert_eq!(
            e.to_string(),
            format!(
                "/var/lib/zsplice: state directory belongs to uid 0, not to this user (uid \
                 1000); run as root (sudo), or {other}"
            )
        );
        assert!(e.is_usage());
    }

    #[test]
    fn a_user_kept_out_of_the_state_dir_is_told_what_to_do() {
        // Only meaningful for a user permissions apply to (root passes every check).
        if nix::unistd::geteuid().is_root() {
            return;
        }
        let d = private_dir();
        let closed = d.path().join("closed");
        fs::create_dir(&closed).unwrap();
        fs::set_permissions(&closed, fs::Permissions::from_mode(0o500)).unwrap();
        let e = Store::open(closed.join("state")).unwrap_err().to_string();
        assert!(
            e.contains("permission denied: the state directory cannot be created in"),
            "{e}"
        );
        assert!(e.ends_with("--state-dir DIR or ZSPLICE_STATE_DIR"), "{e}");
        fs::set_permissions(&closed, fs::Permissions::from_mode(0o700)).unwrap();
    }

    #[test]
    fn task_names_are_checked() {
        assert!(validate_task_name("nightly-backup_1.0").is_ok());
        for bad in ["", "../x", "a/b", ".hidden", "-x", "a b", &"x".repeat(65)] {
            assert!(validate_task_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_task_lock_is_exclusive_until_dropped() {
        let d = private_dir();
        let store = Store::open(d.path()).unwrap();
        let held = store.lock("t").unwrap();
        assert!(store.is_running("t"));
        assert!(matches!(store.lock("t"), Err(StoreError::Busy(_))));
        drop(held);
        assert!(!store.is_running("t"));
    }

    #[test]
    fn history_is_pruned_to_the_newest_runs_and_the_last_failure() {
        let d = private_dir();
        let store = Store::open(d.path()).unwrap();
        store.add_task(&Task::new(spec("t"), 5)).unwrap();
        for n in 1..=12 {
            let mut r = RunRecord::new("t", n);
            r.state = if n == 4 {
                crate::model::record::RunState::Failed
            } else {
                crate::model::record::RunState::Finished
            };
            store.save_run(&r).unwrap();
            drop(store.open_log("t", n).unwrap());
        }
        assert_eq!(store.prune_runs("t", 5).unwrap(), 6);
        assert_eq!(store.run_numbers("t").unwrap(), [4, 8, 9, 10, 11, 12]);
        assert!(store.read_log("t", 4).is_ok(), "the failure's log stays");
        assert!(
            store.read_log("t", 3).is_err(),
            "a pruned run's log goes too"
        );
        assert_eq!(store.last_run_number("t").unwrap(), 12);
        assert_eq!(store.last_run("t").unwrap().unwrap().number, 12);
        assert_eq!(
            store.prune_runs("t", 5).unwrap(),
            0,
            "nothing more to prune"
        );
    }

    #[test]
    fn a_damaged_run_record_keeps_its_number_and_spares_the_other_tasks() {
        let d = private_dir();
        let store = Store::open(d.path()).unwrap();
        store.add_task(&Task::new(spec("a"), 5)).unwrap();
        store.add_task(&Task::new(spec("b"), 5)).unwrap();
        fs::write(store.task_path("b"), "{ damaged").unwrap();
        let entries = store.task_entries().unwrap();
        assert_eq!(entries.len(), 2);
        assert!(entries[0].1.is_ok());
        assert!(matches!(entries[1].1, Err(StoreError::Corrupt { .. })));
        store.save_run(&RunRecord::new("a", 1)).unwrap();
        fs::write(store.run_path("a", 2), "not json").unwrap();
        assert_eq!(store.last_run_number("a").unwrap(), 2, "never reused");
        assert!(store.last_run("a").is_err());
    }
}
