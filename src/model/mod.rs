//! The values the engine works with, free of ZFS calls and of storage: a task's definition and
//! its policies (naming schema, schedule, retention at both ends), and the records a run leaves.
//! Everything here parses and validates itself, so a bad value is refused where it is typed.

mod definition_json;
pub mod keep;
pub mod policy;
mod policy_error;
pub mod record;
pub mod task;
pub mod task_field;
pub mod task_request;
