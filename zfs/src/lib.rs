//! Safe Rust over real ZFS: libzfs_core calls, nvlists, and the /dev/zfs listing ioctls.
//! Every `unsafe` block of zsplice lives in this crate, each with the reason it is sound; the
//! engine above it forbids `unsafe`.
//!
//! ```no_run
//! use zsplice_zfs::{DatasetName, Zfs};
//! let zfs = Zfs::open()?;
//! let fs = DatasetName::new("tank/data")?;
//! zfs.snapshot(&[fs.snapshot("now")?], &[])?;
//! for snap in zfs.snapshots(&fs)? {
//!     println!("{} guid={} createtxg={}", snap.name, snap.guid, snap.createtxg);
//! }
//! # Ok::<(), zsplice_zfs::Error>(())
//! ```
pub mod core;
pub mod error;
pub mod isolate;
pub mod list;
pub mod mapped;
pub mod name;
pub mod nvlist;
pub mod resume;
pub mod stream;

pub use crate::core::{kernel_module_version, Bookmark, ReceiveOptions, SendFlags, Zfs};
pub use crate::error::{Error, ErrorKind, Op, Result};
pub use crate::list::{DatasetInfo, DatasetType, PropValue, Property};
pub use crate::name::{BookmarkName, DatasetName, SnapshotName};
pub use crate::nvlist::{NvError, NvList, NvListRef, NvValue};
pub use crate::resume::ResumeToken;
pub use crate::stream::BeginRecord;
