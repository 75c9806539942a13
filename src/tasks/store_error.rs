//! Why the state directory could not be read or written: [`StoreError`], and the sentences
//! that tell a user kept out of the directory whose it is and what to do. Re-exported by
//! `tasks::store`.

use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::model::policy::PolicyError;

/// Why the store could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading or writing a file or directory failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The state directory cannot be used as it is (out of this user's reach, or not a
    /// directory); the reason says what to do. The user's to fix: a usage error.
    #[error("{}: {reason}", path.display())]
    Denied {
        /// The state directory.
        path: PathBuf,
        /// Whose it is and what to do.
        reason: String,
    },
    #[error("{}: unreadable state file ({reason}); move it away to start afresh", path.display())]
    /// A state file that does not parse (damaged, or written by something else).
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        reason: String,
    },
    #[error("{}: state directory is accessible by other users (mode {mode:04o}); run chmod 700 on it", path.display())]
    /// The state directory is open to other users; zsplice refuses to use it.
    Permissions {
        /// The state directory.
        path: PathBuf,
        /// Its permission bits (such as `0o755`).
        mode: u32,
    },
    #[error(
        "{}: state directory belongs to uid {owner}, not to this user (uid {me}); {}, or choose \
         another directory with --state-dir DIR or ZSPLICE_STATE_DIR",
        path.display(),
        run_as(*owner)
    )]
    /// The state directory belongs to another user.
    Owner {
        /// The state directory.
        path: PathBuf,
        /// The uid that owns it.
        owner: u32,
        /// This process's effective uid.
        me: u32,
    },
    /// No task of this name is stored.
    #[error("task '{0}' does not exist (the task list names every task)")]
    NoSuchTask(String),
    /// Creating a task whose name is taken.
    #[error("task '{0}' already exists")]
    TaskExists(String),
    /// Another process holds the task's lock (it is running).
    #[error("task '{0}' is already running in another process")]
    Busy(String),
    /// A task name or definition that cannot be stored.
    #[error(transparent)]
    Invalid(#[from] PolicyError),
    /// The task exists but has no run with this number.
    #[error("task '{task}' has no run {run}")]
    NoSuchRun {
        /// The task's name.
        task: String,
        /// The run number asked for.
        run: u64,
    },
}

impl StoreError {
    /// Whether the user can fix this by changing what they typed or the state dir (exit 2).
    pub fn is_usage(&self) -> bool {
        !matches!(self, StoreError::Io { .. } | StoreError::Busy(_))
    }
}

pub(super) fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What a user kept out of a state directory owned by `owner` can do, besides choosing another.
fn run_as(owner: u32) -> &'static str {
    if owner == 0 {
        "run as root (sudo)"
    } else {
        "run as its owner"
    }
}

/// `Store::open`'s error at `dir`: permission denied (EACCES or EPERM) says whose the state
/// directory is, or the directory it would be created in (`existed` false), and what to do.
pub(super) fn open_err(dir: &Path, existed: bool) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| {
        if source.kind() != io::ErrorKind::PermissionDenied {
            return io_err(dir)(source);
        }
        let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let found = (abs.ancestors().skip(usize::from(!existed)))
            .find_map(|a| Some((a, fs::metadata(a).ok()?.uid())));
        let at = found.and_then(|(a, _)| (a != abs).then_some(a));
        StoreError::Denied {
            path: dir.to_path_buf(),
            reason: denied(at, found.map(|f| f.1), nix::unistd::geteuid().as_raw()),
        }
    }
}

/// The sentence after "DIR: " when the state directory is out of reach: `at` is where it was
/// to be created (None: it exists), `owner` who owns that or the state directory.
pub(super) fn denied(at: Option<&Path>, owner: Option<u32>, me: u32) -> String {
    let (whose, todo) = match owner {
        Some(o) if o == me => ("closed to this user".into(), "give this user access to it"),
        Some(0) => ("root's".into(), run_as(0)),
        Some(o) => (format!("uid {o}'s"), run_as(o)),
        None => ("out of this user's reach".into(), run_as(0)),
    };
    let place = at.map_or("is".into(), |at| {
        format!("cannot be created in {}, which is", at.display())
    });
    format!(
        "permission denied: the state directory {place} {whose}; {todo}, or choose another \
         directory with --state-dir DIR or ZSPLICE_STATE_DIR"
    )
}
