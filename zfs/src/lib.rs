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
//!
//! Layout, one concern per file: `handle` ([`Zfs`] itself: open, close), `types` (what the
//! calls take and return), `lzc` (libzfs_core calls on datasets: snapshots, holds, bookmarks,
//! create, destroy, rollback), `sendrecv` (send and receive), `ioctl` (the raw `/dev/zfs`
//! command), `listing` (datasets and snapshots), `pool` (pool features), `history` (what a
//! pool's history recorded since an offset), [`stream`] (a BEGIN
//! record for [`Zfs::receive_with_header`]; the stream format itself is `zsplice-stream`'s,
//! checked against the C headers at compile time in `abi`), [`nvlist`], [`name`], [`error`],
//! [`resume`] (resume tokens), [`release`] (which OpenZFS runs here and whether zsplice
//! works with it), [`props`] (which properties exist, since which release, and the form the
//! kernel takes their values in), and [`os`] (descriptor isolation, file maps).
#![warn(missing_docs)]

mod abi;
pub mod error;
mod handle;
mod history;
mod ioctl;
mod listing;
mod lzc;
pub mod name;
pub mod nvlist;
pub mod os;
mod pool;
pub mod props;
pub mod release;
pub mod resume;
mod sendrecv;
pub mod stream;
mod types;

pub use crate::error::{Error, ErrorKind, Op, Result};
pub use crate::handle::Zfs;
pub use crate::history::{HistoryEvent, Tail as HistoryTail};
pub use crate::name::{BookmarkName, DatasetName, ListedName, SnapshotName};
pub use crate::nvlist::{NvError, NvList, NvListRef, NvValue};
pub use crate::os::{isolate, mapped};
pub use crate::release::{kernel_module_version, Platform};
pub use crate::resume::ResumeToken;
pub use crate::stream::BeginRecord;
pub use crate::types::{
    Bookmark, DatasetInfo, DatasetType, PropValue, Property, ReceiveOptions, SendFlags,
};
