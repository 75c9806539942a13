//! Moving one stream from a source snapshot into a destination: `lzc_send` writes into a pipe
//! on a sending thread while `lzc_receive` reads the other end on this one. When either side
//! fails, its end of the pipe closes, which stops the other (EOF or EPIPE); the sender's error is
//! the root cause when both fail.

use std::os::fd::AsFd;

use zsplice_zfs::{ReceiveOptions, SendFlags, SnapshotName, Zfs};

use crate::error::EngineError;

/// Sends `src` (incremental from `from` when given) and receives it as `dst`.
pub fn transfer(
    zfs: &Zfs,
    src: &SnapshotName,
    from: Option<&str>,
    dst: &SnapshotName,
    flags: SendFlags,
    opts: &ReceiveOptions,
) -> Result<(), EngineError> {
    let (reader, writer) = std::io::pipe().map_err(|e| zsplice_zfs::Error::Io {
        context: "creating the transfer pipe".into(),
        source: e,
    })?;
    std::thread::scope(|s| {
        let sender = s.spawn(move || {
            let r = zfs.send(src, from, writer.as_fd(), flags);
            drop(writer);
            r
        });
        let received = zfs.receive(dst, opts, reader.as_fd());
        drop(reader);
        let sent = sender.join().unwrap_or_else(|_| {
            Err(zsplice_zfs::Error::Io {
                context: format!("{src}: sending thread"),
                source: std::io::Error::other("panicked"),
            })
        });
        match (sent, received) {
            (Ok(()), Ok(())) => Ok(()),
            (Err(e), _) => Err(e.into()),
            (Ok(()), Err(e)) => Err(e.into()),
        }
    })
}
