//! zsplice: a native local ZFS replication engine. The library is the product (storage firmware
//! embeds it); the `zsplice` binary is a thin CLI over it. This crate forbids `unsafe`: every
//! call into ZFS goes through the safe layer in `zsplice-zfs`.
pub mod error;
pub mod model;
pub mod replicate;
pub mod streamfile;
pub mod tasks;
pub mod transfer;

pub use error::EngineError;
pub use zsplice_zfs as zfs;
