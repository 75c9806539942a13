//! The engine's error type: ZFS failures from the safe layer, and the engine's own refusals.

use crate::plan::PlanError;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Zfs(#[from] zsplice_zfs::Error),
    /// Replicating would destroy data at the destination; nothing was changed.
    #[error("{0}")]
    Refused(PlanError),
    #[error("{0}")]
    Usage(String),
}

impl EngineError {
    /// The CLI's exit code: 1 failed, 2 usage, 3 refused.
    pub fn exit_code(&self) -> u8 {
        match self {
            EngineError::Zfs(zsplice_zfs::Error::InvalidName { .. }) | EngineError::Usage(_) => 2,
            EngineError::Refused(_) => 3,
            EngineError::Zfs(_) => 1,
        }
    }
}
