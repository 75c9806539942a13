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

/// Where a run stands; stored lowercase (`"running"`) in the run record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunState {
    /// Recorded, with the task's lock held, but not started on any dataset yet.
    Pending,
    /// Replicating now (or its process died; see [`RunState::is_live`]).
    Running,
    /// Every dataset replicated and retention applied.
    Finished,
    /// Ended by an error; the record's `error` says which.
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

    /// The lowercase name stored and shown (`"pending"`, `"running"`...).
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
    /// The source dataset's full name.
    pub source: String,
    /// The destination dataset's full name.
    pub destination: String,
    /// Stream bytes moved for this dataset.
    pub bytes: u64,
    /// Snapshots received at the destination.
    pub snapshots: u64,
    /// What happened to it, in order (stored as text such as "resumed, incremental").
    pub mode: DatasetModes,
    /// Destination snapshots removed by retention or by a from-scratch re-copy.
    #[serde(default)]
    pub destroyed: Vec<String>,
    /// Why this dataset failed or was skipped; `None` when it replicated.
    #[serde(default)]
    pub error: Option<String>,
}

/// A dataset being sent right now, with its bytes so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatasetProgress {
    /// The source dataset's full name.
    pub source: String,
    /// The destination dataset's full name.
    pub destination: String,
    /// Stream bytes moved for it so far in this run.
    pub bytes: u64,
    /// `lzc_send_space`'s estimate of its bytes in this run (0: not estimated).
    pub bytes_total: u64,
}

/// One thing that happened to a dataset in a replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetMode {
    /// Nothing new to send.
    UpToDate,
    /// An interrupted receive was finished from its resume token.
    Resumed,
    /// Changes made at the destination since its last snapshot were rolled back (allowed).
    RolledBack,
    /// A diverged destination was destroyed and copied again from scratch (allowed).
    Recopied,
    /// A full stream was received (the destination did not exist).
    Full,
    /// One or more incremental streams were received.
    Incremental,
    /// Stopped on request before it ended; the next run resumes.
    Interrupted,
    /// Not attempted because the dataset receiving its parent failed.
    Skipped,
}

impl DatasetMode {
    /// Every mode, for parsing.
    const ALL: [DatasetMode; 8] = [
        DatasetMode::UpToDate,
        DatasetMode::Resumed,
        DatasetMode::RolledBack,
        DatasetMode::Recopied,
        DatasetMode::Full,
        DatasetMode::Incremental,
        DatasetMode::Interrupted,
        DatasetMode::Skipped,
    ];

    /// The words run records and logs use for it.
    pub fn as_str(self) -> &'static str {
        match self {
            DatasetMode::UpToDate => "up to date",
            DatasetMode::Resumed => "resumed",
            DatasetMode::RolledBack => "rolled back",
            DatasetMode::Recopied => "re-copied from scratch",
            DatasetMode::Full => "full",
            DatasetMode::Incremental => "incremental",
            DatasetMode::Interrupted => "interrupted",
            DatasetMode::Skipped => "skipped",
        }
    }
}

/// What happened to a dataset, in the order it happened; each mode at most once. Stored and
/// shown as the modes joined with ", " (as run records always had it).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "String", into = "String")]
pub struct DatasetModes(Vec<DatasetMode>);

impl DatasetModes {
    /// Records `mode` (once; a repeat keeps its first place).
    pub fn push(&mut self, mode: DatasetMode) {
        if !self.0.contains(&mode) {
            self.0.push(mode);
        }
    }

    /// Whether `mode` happened.
    pub fn contains(&self, mode: DatasetMode) -> bool {
        self.0.contains(&mode)
    }

    /// Whether nothing was recorded yet.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The modes in order.
    pub fn iter(&self) -> impl Iterator<Item = DatasetMode> + '_ {
        self.0.iter().copied()
    }
}

impl From<DatasetMode> for DatasetModes {
    fn from(mode: DatasetMode) -> DatasetModes {
        DatasetModes(vec![mode])
    }
}

impl std::fmt::Display for DatasetModes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words: Vec<&str> = self.0.iter().map(|m| m.as_str()).collect();
        f.write_str(&words.join(", "))
    }
}

/// Reads the stored text back; words it does not know (a newer version's) are left out rather
/// than making the whole record unreadable.
impl From<String> for DatasetModes {
    fn from(text: String) -> DatasetModes {
        let mut modes = DatasetModes::default();
        for word in text.split(", ") {
            if let Some(m) = DatasetMode::ALL.into_iter().find(|m| m.as_str() == word) {
                modes.push(m);
            }
        }
        modes
    }
}

impl From<DatasetModes> for String {
    fn from(modes: DatasetModes) -> String {
        modes.to_string()
    }
}

/// One run of a task.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RunRecord {
    /// The task's name.
    pub task: String,
    /// The run's number within its task, counting from 1.
    pub number: u64,
    /// Where it stands.
    pub state: RunState,
    /// The process that runs (or ran) it.
    pub pid: u32,
    /// When it was recorded, in seconds since the epoch.
    pub started: u64,
    /// When it ended, in seconds since the epoch; `None` while it is live.
    #[serde(default)]
    pub ended: Option<u64>,
    /// The snapshot name this run took on the sources.
    #[serde(default)]
    pub snapshot: Option<String>,
    /// Stream bytes moved so far, all datasets together.
    #[serde(default)]
    pub bytes_done: u64,
    /// `lzc_send_space`'s estimate for everything this run sends.
    #[serde(default)]
    pub bytes_total: u64,
    /// Bytes per second, averaged over the run so far.
    #[serde(default)]
    pub rate: u64,
    /// Transfers in flight now (0 once the run has ended).
    #[serde(default)]
    pub transfers: u32,
    /// The datasets being sent now, with their bytes so far (empty once the run has ended).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_flight: Vec<DatasetProgress>,
    /// Each dataset's share (in plan order once the run has ended).
    #[serde(default)]
    pub datasets: Vec<DatasetRun>,
    /// The sentence of the error that ended the run; `None` unless it failed or was refused.
    #[serde(default)]
    pub error: Option<String>,
    /// The CLI exit code the run ended with (3 = refused).
    #[serde(default)]
    pub exit_code: Option<u8>,
    /// A refused run: every destination snapshot (full name) a re-copy would destroy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub would_destroy: Vec<String>,
}

impl RunRecord {
    /// Run `number` of `task`, pending, started now by this process.
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
            transfers: 0,
            in_flight: Vec::new(),
            datasets: Vec::new(),
            error: None,
            exit_code: None,
            would_destroy: Vec::new(),
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

    /// Seconds from its start to its end (or to `now`, while it is live).
    pub fn duration(&self, now: u64) -> u64 {
        self.ended.unwrap_or(now).saturating_sub(self.started)
    }

    /// How far along it is, in percent of the estimate; `None` when nothing was estimated.
    pub fn percent(&self) -> Option<f64> {
        // The total is an estimate, which a resumed or re-copied dataset can miss either way:
        // a run that finished did all it had to.
        if self.state == RunState::Finished {
            return Some(100.0);
        }
        (self.bytes_total > 0)
            .then(|| (self.bytes_done as f64 * 100.0 / self.bytes_total as f64).min(100.0))
    }

    /// Seconds left at the rate so far, while it runs and the rate is known.
    pub fn eta(&self) -> Option<u64> {
        (self.state == RunState::Running && self.rate > 0 && self.bytes_total > 0)
            .then(|| self.bytes_total.saturating_sub(self.bytes_done) / self.rate)
    }

    /// Total snapshots received in this run.
    pub fn snapshots_sent(&self) -> u64 {
        self.datasets.iter().map(|d| d.snapshots).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataset_modes_read_back_as_stored() {
        let mut m = DatasetModes::default();
        m.push(DatasetMode::Resumed);
        m.push(DatasetMode::Incremental);
        m.push(DatasetMode::Incremental);
        assert_eq!(m.to_string(), "resumed, incremental");
        assert_eq!(DatasetModes::from(m.to_string()), m);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, "\"resumed, incremental\"");
        let old: DatasetModes =
            serde_json::from_str("\"re-copied from scratch, full, someday\"").unwrap();
        assert!(old.contains(DatasetMode::Recopied) && old.contains(DatasetMode::Full));
        assert_eq!(old.iter().count(), 2);
    }
}
