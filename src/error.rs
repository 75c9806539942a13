//! The engine's error type: ZFS failures from the safe layer, the engine's own refusals, bad
//! input, and state-store failures. Each maps to one CLI exit code.

use crate::model::policy::PolicyError;
use crate::model::task_field::TaskField;
use crate::replicate::plan::PlanError;
use crate::tasks::store::StoreError;

/// Everything an engine operation can fail with; [`EngineError::kind`] sorts it into an
/// [`ErrorKind`] for the front end.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// A ZFS call failed (errno from an ioctl or `lzc_*`, naming the dataset and operation).
    #[error(transparent)]
    Zfs(#[from] zsplice_zfs::Error),
    /// Replicating would destroy data at the destination; nothing was changed.
    #[error("{0}")]
    Refused(PlanError),
    /// Several destinations diverged; each is listed.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    RefusedMany(Vec<PlanError>),
    /// What was asked is wrong (a bad name, option or value, a missing task); the sentence
    /// says what.
    #[error("{0}")]
    Usage(String),
    /// A dataset was not replicated because its parent failed.
    #[error("{0}")]
    Skipped(String),
    /// A task definition or policy value (schema, schedule, retention...) did not parse.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The state directory failed: I/O, a corrupt file, unsafe permissions, a missing task.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stream file or stream that is damaged, truncated or not a stream.
    #[error(transparent)]
    Stream(#[from] zsplice_stream::FileError),
    /// A stream that cannot go where it was asked to; nothing was received.
    #[error("{0}")]
    Receive(String),
    /// A stream whose receive would overwrite what is at its target (an existing dataset,
    /// snapshots newer than its base, changes made since its base); nothing was received.
    /// Refused like a diverged destination.
    #[error("{0}")]
    ReceiveRefused(String),
    /// The watchdog stopped a transfer that moved nothing for too long (it stays resumable).
    #[error("{0}")]
    Stalled(String),
    /// The run was told to stop (the daemon is stopping, or a caller cancelled); what was in
    /// flight stays resumable.
    #[error("{0}")]
    Cancelled(String),
    /// Something else is using what was asked for (a running task); nothing was changed.
    #[error("{0}")]
    Busy(String),
    /// A dataset, task or run the user named is not there.
    #[error("{0}")]
    NotFound(String),
    /// What was asked would do nothing new (a task started again in a period whose snapshot
    /// it copied already); nothing was changed.
    #[error("{0}")]
    NothingNew(String),
    /// `source` is about one field of a task definition: front ends show it next to that
    /// field. The message is `source`'s.
    #[error("{source}")]
    InField {
        /// The field the error is about.
        field: TaskField,
        /// The error itself.
        source: Box<EngineError>,
    },
}

impl TaskField {
    /// Tags `e` as being about this field (an error already tagged keeps its field).
    pub fn tag(self, e: impl Into<EngineError>) -> EngineError {
        match e.into() {
            e @ EngineError::InField { .. } => e,
            e => EngineError::InField {
                field: self,
                source: Box::new(e),
            },
        }
    }
}

/// What kind of failure an error is: what a front end tells its caller. The CLI's exit codes
/// (through [`ErrorKind::exit_code`]), the HTTP statuses and the C return codes are all
/// derived from this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Something failed while working (ZFS, the state directory, a damaged stream...).
    Failed,
    /// What was asked is wrong (a bad name, option or value): fix it and ask again.
    Usage,
    /// A dataset, task or run the user named is not there.
    NotFound,
    /// Something else is using it (a running task): try again when it is done.
    Busy,
    /// Nothing new would be done (this period's snapshot was copied already).
    Conflict,
    /// ZFS is not available here (no /dev/zfs: the module is not loaded).
    Unavailable,
    /// Replicating (or receiving a stream) would destroy or overwrite data at a destination;
    /// nothing was changed.
    Refused,
}

impl ErrorKind {
    /// The documented exit code: 1 failed (busy, unavailable), 2 usage error (not found,
    /// nothing new), 3 refused (0 is success).
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Failed | ErrorKind::Busy | ErrorKind::Unavailable => 1,
            ErrorKind::Usage | ErrorKind::NotFound | ErrorKind::Conflict => 2,
            ErrorKind::Refused => 3,
        }
    }
}

impl EngineError {
    /// The refusal of a run whose destinations diverged: the one refusal, or all of them.
    /// `refusals` must not be empty.
    pub fn refusals(mut refusals: Vec<PlanError>) -> EngineError {
        if refusals.len() == 1 {
            EngineError::Refused(refusals.remove(0))
        } else {
            EngineError::RefusedMany(refusals)
        }
    }

    /// `e` from ZFS about a dataset the user named: one that does not exist is theirs to fix
    /// (a usage error, exit 2, as for every command), anything else a failure.
    pub fn about_named(e: zsplice_zfs::Error) -> EngineError {
        let said = e.to_string();
        EngineError::missing_named(e, || said)
    }

    /// [`EngineError::about_named`], saying `missing` (what the user named, and that it is not
    /// there) in place of ZFS's own sentence.
    pub fn missing_named(e: zsplice_zfs::Error, missing: impl FnOnce() -> String) -> EngineError {
        match e.kind() {
            zsplice_zfs::ErrorKind::NotFound => EngineError::NotFound(missing()),
            _ => e.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            EngineError::Zfs(zsplice_zfs::Error::InvalidName { .. })
            | EngineError::Usage(_)
            | EngineError::Policy(_) => ErrorKind::Usage,
            EngineError::Zfs(
                zsplice_zfs::Error::ModuleNotLoaded | zsplice_zfs::Error::UnsupportedRelease(_),
            ) => ErrorKind::Unavailable,
            EngineError::Store(StoreError::NoSuchTask(_) | StoreError::NoSuchRun { .. })
            | EngineError::NotFound(_) => ErrorKind::NotFound,
            EngineError::Store(StoreError::Busy(_)) | EngineError::Busy(_) => ErrorKind::Busy,
            EngineError::Store(StoreError::TaskExists(_)) => ErrorKind::Conflict,
            EngineError::Store(e) if e.is_usage() => ErrorKind::Usage,
            EngineError::NothingNew(_) => ErrorKind::Conflict,
            // A dataset a task definition names that is not there is a mistake in the
            // definition.
            EngineError::InField { source, .. } => match source.kind() {
                ErrorKind::NotFound => ErrorKind::Usage,
                k => k,
            },
            EngineError::Refused(_)
            | EngineError::RefusedMany(_)
            | EngineError::ReceiveRefused(_) => ErrorKind::Refused,
            EngineError::Zfs(_)
            | EngineError::Store(_)
            | EngineError::Skipped(_)
            | EngineError::Stream(_)
            | EngineError::Receive(_)
            | EngineError::Stalled(_)
            | EngineError::Cancelled(_) => ErrorKind::Failed,
        }
    }

    /// The task definition field this error is about, if it is about one.
    pub fn field(&self) -> Option<TaskField> {
        match self {
            EngineError::InField { field, .. } => Some(*field),
            _ => None,
        }
    }

    /// The plan refusals this error carries (one, several, or those of the error a task
    /// field is tagged with); empty when it is not a replication's refusal.
    fn refused(&self) -> &[PlanError] {
        match self {
            EngineError::Refused(r) => std::slice::from_ref(r),
            EngineError::RefusedMany(rs) => rs,
            EngineError::InField { source, .. } => source.refused(),
            _ => &[],
        }
    }

    /// Every destination snapshot (full name) re-copying would destroy, when this is a
    /// refusal; empty otherwise.
    pub fn would_destroy(&self) -> Vec<String> {
        self.refused()
            .iter()
            .flat_map(PlanError::would_destroy)
            .collect()
    }

    /// A replication refused because a destination diverged, which running again with a
    /// re-copy allowed would go ahead with (a refused stream receive is not one).
    pub fn is_divergence(&self) -> bool {
        !self.refused().is_empty()
    }

    /// A divergence where allowing it only rolls destinations back to their last snapshot
    /// (each was written to since; no snapshot would be destroyed).
    pub fn only_rolls_back(&self) -> bool {
        self.is_divergence() && PlanError::only_roll_back(self.refused())
    }

    /// The exit code of this error's kind (see [`ErrorKind::exit_code`]).
    pub fn exit_code(&self) -> u8 {
        self.kind().exit_code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receive_that_would_overwrite_is_refused_but_is_no_divergence() {
        let e = EngineError::ReceiveRefused("cannot receive into p/a: p/a exists".into());
        assert_eq!((e.kind(), e.exit_code()), (ErrorKind::Refused, 3));
        // No --allow-from-scratch hint: re-copying is not what would let it go ahead.
        assert!(!e.is_divergence());
        let misfit = EngineError::Receive("cannot receive into p/a: no base".into());
        assert_eq!(misfit.exit_code(), 1);
        assert!(!e.only_rolls_back());
        let written = EngineError::Refused(PlanError::Modified {
            destination: "p/a".into(),
            since: "s1".into(),
            written: 4096,
        });
        assert!(written.is_divergence() && written.only_rolls_back());
        let tagged = TaskField::TargetDataset.tag(e);
        assert_eq!(tagged.exit_code(), 3);
        assert!(!tagged.is_divergence());
    }
}
