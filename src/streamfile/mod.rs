//! Send streams to and from files: `export` ([`send`]) writes one snapshot's stream (full or
//! incremental) as a zsplice stream file (frames compressed on every core, each with a CRC-32,
//! then an index) or as a plain ZFS stream, verifying the stream's own fletcher-4 checksums as
//! it passes; `import` ([`receive`]) receives such a file into a dataset, and [`inspect`]
//! verifies and summarises one. From a file, the whole stream is verified before the receive
//! starts, so a damaged file never touches the target; from a pipe, each piece is verified
//! before the kernel sees it and a damaged stream aborts the receive, which ZFS then discards
//! (the receive is not resumable), leaving the target as it was.
//!
//! What they share, how a stream arrives, is in [`input`].

pub mod input;
pub mod inspect;
pub mod receive;
pub mod send;

pub use input::{record_table, verify_bytes};
pub use inspect::{inspect_path, inspect_reader, InspectedFile};
pub use receive::{import, plan_receive, receivable, ImportSource, ImportSummary};
pub use send::{
    export, export_flags, export_to_path, resolve_from, ExportOptions, ExportSummary, StreamFormat,
};
