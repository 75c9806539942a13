//! zsplice's stream file format: a ZFS send stream cut into independent frames, each optionally
//! zstd-compressed and protected by a CRC-32, followed by an index. Independent frames are what
//! let compression and decompression run on every core (rayon) while output stays in order; the
//! CRC catches a damaged frame before its bytes are decompressed; the index lets a mapped file be
//! checked and decoded out of order. The layout is documented in `docs/stream-file-format.md`:
//!
//! ```text
//! header (64 bytes) | frame 0 | frame 1 | ... | index frame | trailer (32 bytes)
//! frame = frame header (32 bytes) + stored bytes
//! ```
//!
//! All integers are little-endian. `format` holds the pieces both directions share (header,
//! frame header, index entry); [`writer`] writes files, [`mapped`] reads one held in memory from
//! its index, [`sequential`] reads one front to back from a pipe, and `compression` holds zstd's
//! side of frames.
//!
//! Every size, count and offset read from a file is untrusted: arithmetic on them is checked (a
//! sum past `u64::MAX` is a damaged file, never a panic), every length is held to the header's
//! frame size (at most 64 MiB) and to the file's size before anything is allocated, and what a
//! reader holds at once is bounded whatever the file claims and whatever the number of cores
//! (see [`DECODE_WINDOW`] and the format document's "Memory").

mod compression;
mod format;
pub mod mapped;
pub mod sequential;
pub mod writer;

#[cfg(test)]
mod tests;

pub use format::*;
pub use mapped::MappedFile;
pub use sequential::{read_full, SequentialReader};
pub use writer::{write_stream_file, FileWriter};
