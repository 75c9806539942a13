//! What a task run records: its state (pending → running → finished, failed, refused or
//! interrupted), times, bytes and snapshots per dataset, progress while it runs, and the error
//! that ended it.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the epoch, now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunState {
    Pending,
    Running,
    Finished,
    Failed,
    /// A destination diverged and re-copying was not allowed; nothing was changed.
    Refused,
    /// Stopped before it ended: its process died, or was told to stop. The next start resumes.
    Interrupted,
}

impl RunState {
    /// Pending or running: the run has not ended (or its process died before it could say so).
    pub fn is_live(self) -> bool {
        matches!(self, RunState::Pending | RunState::Running)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RunState::Pending => "pending",
            RunState::Running => "running",
            RunState::Finished => "finished",
            RunState::Failed => "failed",
            RunState::Refused => "refused",
            RunState::Interrupted => "interrupted",
        }
    }
}

/// One dataset's share of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatasetRun {
    pub source: String,
    pub destination: String,
    /// Stream bytes moved for this dataset.
    pub bytes: u64,
    /// Snapshots received at the destination.
    pub snapshots: u64,
    /// Full, incremental, resumed, up to date, re-copied from scratch...
    pub mode: String,
    /// Destination snapshots removed by retention or by a from-scratch re-copy.
    #[serde(default)]
    pub destroyed: Vec<String>,
    #[serde(default)]
    pub error: Option<String>,
}

/// One run of a task.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RunRecord {
    pub task: String,
    pub number: u64,
    pub state: RunState,
    /// The process that runs (or ran) it.
    pub pid: u32,
    pub started: u64,
    #[serde(default)]
    pub ended: Option<u64>,
    /// The snapshot name this run took on the sources.
    #[serde(default)]
    pub snapshot: Option<String>,
    #[serde(default)]
    pub bytes_done: u64,
    /// `lzc_send_space`'s estimate for everything this run sends.
    #[serde(default)]
    pub bytes_total: u64,
    /// Bytes per second, averaged over the run so far.
    #[serde(default)]
    pub rate: u64,
    #[serde(default)]
    pub datasets: Vec<DatasetRun>,
    #[serde(default)]
    pub error: Option<String>,
    /// The CLI exit code the run ended with (3 = refused).
    #[serde(default)]
    pub exit_code: Option<u8>,
}

impl RunRecord {
    pub fn new(task: &str, number: u64) -> RunRecord {
        RunRecord {
            task: task.into(),
            number,
            state: RunState::Pending,
            pid: std::process::id(),
            started: now(),
            ended: None,
            snapshot: None,
            bytes_done: 0,
            bytes_total: 0,
            rate: 0,
            datasets: Vec::new(),
            error: None,
            exit_code: None,
        }
    }

    /// Marks a run whose process died without finishing it.
    pub fn mark_interrupted(&mut self) {
        self.error = Some(format!(
            "interrupted: process {} ended while the run was {}; the next start resumes",
            self.pid,
            self.state.as_str()
        ));
        self.state = RunState::Interrupted;
        self.ended = Some(now());
        self.exit_code = Some(1);
    }

    /// Total snapshots received in this run.
    pub fn snapshots_sent(&self) -> u64 {
        self.datasets.iter().map(|d| d.snapshots).sum()
    }
}
