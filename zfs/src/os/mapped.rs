//! Read-only memory maps of stream files. Mapping is `unsafe` because the file could change
//! under the map; it lives here, with the rest of zsplice's unsafe code, so the engine above
//! stays `forbid(unsafe_code)`.

use std::fs::File;

pub use memmap2::Mmap;

/// Maps `file` read-only and private, for reading a stream file in place.
///
/// zsplice never writes a file it maps, and every byte read through the map is checked (frame
/// CRC-32s, the stream's fletcher-4) before it is used, so a file changed by someone else while
/// mapped is reported as damaged instead of being trusted. A file truncated under the map can
/// still raise SIGBUS, as with any mapped reader; stream files are written once, to a temporary
/// name, and renamed into place, which keeps that from happening to files zsplice wrote.
pub fn map_readonly(file: &File) -> std::io::Result<Mmap> {
    // SAFETY: the map is read-only and private (MAP_PRIVATE: no write reaches the file through
    // it), it borrows nothing from `file` beyond the call (the kernel keeps its own reference),
    // and callers treat its contents as untrusted bytes, verifying them before use (see above).
    unsafe { memmap2::MmapOptions::new().map_copy_read_only(file) }
}
