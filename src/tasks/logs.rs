//! Reading a run's log, and saving it to a file (`task log [--run N] [--output FILE]`): which
//! run is meant, and how a file is written without clobbering one by surprise or leaving a
//! partial one behind.

use std::path::{Path, PathBuf};

use crate::error::EngineError;
use crate::newfile::{check_new_file, write_new_file};
use crate::tasks::store::Store;

/// One run's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunLog {
    /// The run's number.
    pub number: u64,
    /// The log, one timestamped line per event.
    pub text: String,
}

/// The log of run `run` of task `name`, or of its latest run when `run` is None. A task that
/// has not run yet is a usage error.
pub fn run_log(store: &Store, name: &str, run: Option<u64>) -> Result<RunLog, EngineError> {
    store.task(name)?;
    let number = match run {
        Some(n) => n,
        None => match store.runs(name)?.last() {
            Some(r) => r.number,
            None => return Err(EngineError::Usage(format!("task '{name}' has not run yet"))),
        },
    };
    let text = store.read_log(name, number)?;
    Ok(RunLog { number, text })
}

/// Where a run's log was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedLog {
    /// The run's number.
    pub number: u64,
    /// The file written.
    pub path: PathBuf,
    /// Lines in the log.
    pub lines: usize,
}

/// Saves the log of run `run` (the latest when None) of task `name` to a new file at `path`
/// (see [`write_new_file`]). An existing file is refused before the log is read.
pub fn save_run_log(
    store: &Store,
    name: &str,
    run: Option<u64>,
    path: &Path,
    force: bool,
) -> Result<SavedLog, EngineError> {
    // An unknown task or run is said first: --force would not help with that.
    store.task(name)?;
    check_new_file(path, force)?;
    let log = run_log(store, name, run)?;
    write_new_file(path, log.text.as_bytes(), force)?;
    Ok(SavedLog {
        number: log.number,
        path: path.to_path_buf(),
        lines: log.text.lines().count(),
    })
}
