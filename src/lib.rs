//! zsplice: a native local ZFS replication engine. The library is the product (storage firmware
//! embeds it); the `zsplice` binary is a thin CLI over it. This crate forbids `unsafe`: every
//! call into ZFS goes through the safe layer in `zsplice-zfs`.
pub mod daemon;
pub mod error;
pub mod fault;
pub mod features;
pub mod holds;
pub mod job;
pub mod keep;
pub mod plan;
pub mod policy;
pub mod retention;
pub mod retry;
pub mod run;
pub mod runner;
pub mod store;
pub mod streamfile;
pub mod supervise;
pub mod task;
pub mod transfer;

pub use error::EngineError;
pub use zsplice_zfs as zfs;
