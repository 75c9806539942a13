//! Stored replication tasks: the state directory (definitions, run records, logs, locks),
//! creating and deleting tasks, one run of a task (snapshot, replicate, move holds, retention,
//! record), reading tasks as they stand (and as JSON), and the daemon that starts them on
//! schedule.

pub mod daemon;
pub mod holds;
pub mod lifecycle;
pub mod logs;
pub mod preview;
pub mod retention;
pub mod run;
pub mod status;
pub mod store;
mod store_error;
pub mod views;
pub mod watch;
