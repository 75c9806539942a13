//! Replicating a set of datasets: expanding sources into (source, destination) pairs, planning
//! every pair from one listing of each side (matched by guid), and carrying the plans out in
//! parent-before-child order, resuming interrupted receives and re-copying a diverged
//! destination only where the refusal policy allows. Used by one-shot replication and by task
//! runs (which add snapshots, holds, retention and records around it).

pub mod execute;
pub mod features;
pub mod listings;
pub mod live;
pub mod memo;
pub mod oneshot;
pub mod options;
pub mod order;
pub mod pair_plan;
pub mod pairs;
pub mod plan;
pub mod properties;
pub mod refusal;
