//! zsplice: a native local ZFS replication engine. The library is the product (storage firmware
//! embeds it); the `zsplice` binary is a thin CLI over it. This crate forbids `unsafe`: every
//! call into ZFS goes through the safe layer in `zsplice-zfs`.
pub mod datasets;
pub mod error;
pub mod model;
pub mod observe;
pub mod replicate;
pub mod streamfile;
pub mod tasks;
pub mod transfer;

pub use error::{EngineError, ErrorKind};
pub use zsplice_zfs as zfs;
