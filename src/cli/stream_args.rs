//! The arguments of the stream commands (`send`, `receive`, `stream inspect`), apart from
//! `args` to keep each file to one concern; `args` re-exports them.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::values::parse_codec;
use zsplice_stream::Codec;

#[derive(Args, Debug)]
pub struct SendArgs {
    /// The snapshot to send, e.g. tank/data@monday.
    pub snapshot: String,
    /// Send only the changes since this snapshot or bookmark, the incremental base (@snap,
    /// #bookmark or a full name of the same dataset).
    #[arg(
        long = "base",
        short = 'i',
        alias = "from",
        value_name = "SNAP|BOOKMARK"
    )]
    pub base: Option<String>,
    /// Write to this file (written under a temporary name, renamed when complete). Without it
    /// the stream goes to standard output, which must not be a terminal.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Compression of the stream file's frames: none, zstd (level 1) or zstd:LEVEL (-7 to 19).
    #[arg(long, value_name = "CODEC", default_value = "none", value_parser = parse_codec)]
    pub compress: Codec,
    /// Write the bare ZFS stream (what `zfs send` writes, for `zfs receive`) instead of a
    /// zsplice stream file; it still gets verified on the way out.
    #[arg(long, conflicts_with = "compress")]
    pub plain: bool,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print the summary as JSON (and no progress bar): on standard output with -o, on
    /// standard error when the stream itself goes to standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ReceiveArgs {
    /// Where the stream goes: a dataset (its snapshot keeps the stream's snapshot name) or
    /// dataset@name. A full stream creates the dataset; an incremental one needs its base as
    /// the dataset's newest snapshot.
    pub target: String,
    /// Read the stream from this file (a zsplice stream file or a plain ZFS stream); it is
    /// verified completely before anything is received. Without it, or with `-`, standard input
    /// is read and verified piece by piece (as is a FIFO); a damaged stream aborts the receive
    /// and nothing is kept.
    #[arg(long = "input", short = 'f', alias = "from", value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Discard changes made to the target since its newest snapshot (the stream's base), like
    /// `zfs receive -F`; never destroys a snapshot.
    #[arg(long)]
    pub rollback: bool,
    /// Print the summary as JSON (and no progress bar).
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum StreamCommand {
    /// Verify a stream file (or plain ZFS stream) end to end and summarise it: snapshot,
    /// guids, features, records by type, sizes (like `zstream dump`'s summary).
    Inspect(InspectArgs),
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// A zsplice stream file or a plain ZFS send stream; `-` reads standard input (a FIFO is
    /// read as it arrives too, until its writer closes it).
    pub file: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
