//! The one refusal policy, shared by one-shot replication and task runs: what to do with a
//! destination that diverged from its source (or was changed since its last snapshot). Refusing
//! is the default; re-copying from scratch destroys what only the destination has and happens
//! only when the user allowed it.

use crate::replicate::plan::{Plan, PlanError};

/// What to do with a destination that cannot simply be brought up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnDivergence {
    /// Change nothing and report every such destination with what a re-copy would destroy.
    #[default]
    Refuse,
    /// Roll back changes, or destroy the destination's snapshots and copy again from scratch.
    Recopy,
}

impl OnDivergence {
    /// The policy `--allow-from-scratch` (or a task's `allow_from_scratch`) asks for.
    pub fn allowing(allow_from_scratch: bool) -> OnDivergence {
        if allow_from_scratch {
            OnDivergence::Recopy
        } else {
            OnDivergence::Refuse
        }
    }

    /// Whether this policy re-copies.
    pub fn recopies(self) -> bool {
        self == OnDivergence::Recopy
    }

    /// Whether a pair refused with `refusal` may be acted on (rolled back or re-copied). A
    /// source without snapshots has nothing to copy: no policy gets past that.
    pub fn permits(self, refusal: &PlanError) -> bool {
        self.recopies() && !matches!(refusal, PlanError::NoSourceSnapshots { .. })
    }

    /// The refusals among the plans' `outcomes` that stop the whole operation before anything
    /// is changed. `snapshot_coming`: the caller takes new source snapshots first (a task run),
    /// so a source that has none yet is no reason to stop.
    pub fn stopping<'a>(
        self,
        outcomes: impl IntoIterator<Item = &'a Result<Plan, PlanError>>,
        snapshot_coming: bool,
    ) -> Vec<PlanError> {
        outcomes
            .into_iter()
            .filter_map(|o| o.as_ref().err())
            .filter(|e| {
                let no_snapshots = matches!(e, PlanError::NoSourceSnapshots { .. });
                if no_snapshots {
                    !snapshot_coming
                } else {
                    !self.permits(e)
                }
            })
            .cloned()
            .collect()
    }
}
