//! ZFS send streams as data, with no ZFS needed: [`drr`] parses and verifies the records a send
//! stream is made of (the fletcher-4 checksums the kernel checks on receive), and [`file`](mod@file) is
//! zsplice's stream file format (independent zstd frames with CRC-32s and an index); [`text`]
//! makes names read from a stream safe to print. Everything here is safe, pure code over bytes,
//! so it is unit-tested, benchmarked and fuzzed on any host: this crate depends on no ZFS library
//! (`zsplice-zfs` checks at compile time that its format constants equal OpenZFS's headers).
#![warn(missing_docs)]

pub mod drr;
pub mod file;
pub mod fletcher;
pub mod text;

pub use drr::{Begin, DrrError, DrrParser, RecordType, StreamSummary, Substream};
pub use file::{Codec, FileError, FileSummary, MappedFile, SequentialReader};
pub use fletcher::Fletcher4;
pub use text::printable;
