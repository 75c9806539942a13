//! Safe Rust over real ZFS: libzfs_core calls, nvlists, and the /dev/zfs listing ioctls.
//! Every `unsafe` block of zsplice lives in this crate, each with the reason it is sound.
pub mod nvlist;
