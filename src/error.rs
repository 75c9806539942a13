//! The engine's error type: ZFS failures from the safe layer, the engine's own refusals, bad
//! input, and state-store failures. Each maps to one CLI exit code.

use crate::model::policy::PolicyError;
use crate::replicate::plan::PlanError;
use crate::tasks::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Zfs(#[from] zsplice_zfs::Error),
    /// Replicating would destroy data at the destination; nothing was changed.
    #[error("{0}")]
    Refused(PlanError),
    /// Several destinations diverged; each is listed.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    RefusedMany(Vec<PlanError>),
    #[error("{0}")]
    Usage(String),
    /// A dataset was not replicated because its parent failed.
    #[error("{0}")]
    Skipped(String),
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stream file or stream that is damaged, truncated or not a stream.
    #[error(transparent)]
    Stream(#[from] zsplice_stream::FileError),
    /// A stream that cannot go where it was asked to; nothing was received.
    #[error("{0}")]
    Receive(String),
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

    /// The CLI's exit code: 1 failed, 2 usage, 3 refused.
    pub fn exit_code(&self) -> u8 {
        match self {
            EngineError::Zfs(zsplice_zfs::Error::InvalidName { .. })
            | EngineError::Usage(_)
            | EngineError::Policy(_) => 2,
            EngineError::Store(e) if e.is_usage() => 2,
            EngineError::Refused(_) | EngineError::RefusedMany(_) => 3,
            EngineError::Zfs(_)
            | EngineError::Store(_)
            | EngineError::Skipped(_)
            | EngineError::Stream(_)
            | EngineError::Receive(_)
            | EngineError::Stalled(_)
            | EngineError::Cancelled(_)
            | EngineError::Busy(_) => 1,
        }
    }
}
