//! ZFS send streams as records: the sequence of `dmu_replay_record_t` records (DRR), each 312
//! bytes and some followed by a payload, that `lzc_send` writes and `lzc_receive` reads. This
//! module is zsplice's one definition of that format: [`format`](mod@format) (record size, magic, record
//! types, field offsets), [`features`] (the feature bits), [`Begin`] (the BEGIN record), and
//! [`DrrParser`], a verifying parser.
//!
//! The parser is fed bytes in pieces of any size (the stream is never held whole) and checks
//! what the kernel's receive checks, so a damaged stream is caught before a receive starts:
//!
//! - every record's trailing fletcher-4 is the running checksum of everything before it since
//!   the substream's BEGIN record (the sum restarts at each BEGIN);
//! - an END record repeats the checksum of everything before it and the BEGIN's snapshot guid;
//! - record types, payload sizes and the BEGIN magic are sane; nothing follows the last END.
//!
//! Along the way it counts records by type and bytes, like `zstream dump`'s summary.
//! Fields are read in the sending machine's byte order, which must be this machine's: a
//! byte-swapped stream is refused rather than half-understood.

mod begin;
pub mod build;
pub mod features;
pub mod format;
mod parser;
mod summary;

#[cfg(test)]
mod tests;

pub use begin::{Begin, BeginError};
pub use features::{feature_names, FEATURES};
pub use format::{
    RecordType, BACKUP_MAGIC, CHECKSUMMED_HEADER, COMPOUNDSTREAM, RECORD_SIZE, SUBSTREAM,
    TONAME_LEN,
};
pub use parser::{verify, DrrError, DrrParser};
pub use summary::{RecordCount, StreamSummary, Substream, MAX_LISTED_SUBSTREAMS};
