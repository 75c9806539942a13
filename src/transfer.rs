//! Moving one stream from a source snapshot into a destination: `lzc_send` writes into one pipe
//! on a sending thread, a relay thread moves the data into a second pipe with `splice(2)` (the
//! bytes stay in the kernel's pipe buffers, never copied into user space) and counts them, and
//! `lzc_receive` reads the second pipe on this thread. When any side fails, its pipe ends close,
//! which stops the others (EOF or EPIPE); the sender's error is the root cause when both fail,
//! unless it only says the receiver went away.

use std::io::{PipeReader, PipeWriter};
use std::os::fd::AsFd;
use std::sync::atomic::{AtomicU64, Ordering};

use nix::errno::Errno;
use nix::fcntl::{fcntl, splice, FcntlArg, SpliceFFlags};
use zsplice_zfs::{ReceiveOptions, SendFlags, SnapshotName, Zfs};

use crate::error::EngineError;

/// How much one splice call asks to move.
const SPLICE_CHUNK: usize = 1 << 20;

/// Pipe capacity asked for (the default is 64 KiB): fewer wake-ups per megabyte on both
/// sides. 1 MiB is also Linux's default `pipe-max-size`, so unprivileged runs get it too.
const PIPE_SIZE: i32 = 1 << 20;

/// Where a resumed send starts: the (object, offset) a resume token recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResumeAt {
    pub object: u64,
    pub offset: u64,
}

/// One stream to move.
#[derive(Debug)]
pub struct Transfer<'a> {
    pub source: &'a SnapshotName,
    /// Incremental base (snapshot or bookmark full name).
    pub from: Option<&'a str>,
    pub destination: &'a SnapshotName,
    pub flags: SendFlags,
    pub receive: &'a ReceiveOptions,
    pub resume: Option<ResumeAt>,
}

/// A new pipe, enlarged while it is still empty: resizing a pipe that holds data can hang on
/// some kernels, so this is the only moment it is done. A refused resize keeps the default.
pub fn pipe(what: &str) -> Result<(PipeReader, PipeWriter), EngineError> {
    let (r, w) = std::io::pipe().map_err(|e| zsplice_zfs::Error::Io {
        context: format!("creating the {what} pipe"),
        source: e,
    })?;
    let _ = fcntl(&w, FcntlArg::F_SETPIPE_SZ(PIPE_SIZE));
    Ok((r, w))
}

/// True when a sender's error only says that whoever read its stream went away: the kernel
/// reports a write into a pipe nobody reads as EINTR (or EPIPE). The reader's own error is then
/// the cause to report.
pub fn only_echoes_reader(e: &zsplice_zfs::Error) -> bool {
    matches!(
        e.kind(),
        zsplice_zfs::ErrorKind::Interrupted | zsplice_zfs::ErrorKind::BrokenPipe
    )
}

/// Moves everything from pipe `from` to pipe `to` with splice(2), adding each chunk to
/// `counter`; the data never enters user space. Returns when the
/// writer side closes (EOF) or the reader side is gone (EPIPE: the receiver stopped).
pub fn relay(from: PipeReader, to: PipeWriter, counter: &AtomicU64) -> std::io::Result<u64> {
    let mut moved = 0u64;
    loop {
        match splice(
            from.as_fd(),
            None,
            to.as_fd(),
            None,
            SPLICE_CHUNK,
            SpliceFFlags::SPLICE_F_MOVE,
        ) {
            Ok(0) => return Ok(moved),
            Ok(n) => {
                moved += n as u64;
                counter.fetch_add(n as u64, Ordering::Relaxed);
            }
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

impl Transfer<'_> {
    /// Runs the stream, adding the bytes moved to `counter` as they pass. Returns the bytes
    /// this transfer moved.
    pub fn run(&self, zfs: &Zfs, counter: &AtomicU64) -> Result<u64, EngineError> {
        let (send_r, send_w) = pipe("send")?;
        let (recv_r, recv_w) = pipe("receive")?;
        std::thread::scope(|s| {
            let sender = s.spawn(move || {
                let r = match self.resume {
                    Some(at) => zfs.send_resume(
                        self.source,
                        self.from,
                        send_w.as_fd(),
                        self.flags,
                        at.object,
                        at.offset,
                    ),
                    None => zfs.send(self.source, self.from, send_w.as_fd(), self.flags),
                };
                drop(send_w);
                r
            });
            let relay = s.spawn(move || relay(send_r, recv_w, counter));
            let received = zfs.receive(self.destination, self.receive, recv_r.as_fd());
            drop(recv_r);
            let panicked = |what: &str| zsplice_zfs::Error::Io {
                context: format!("{}: {what} thread", self.source),
                source: std::io::Error::other("panicked"),
            };
            let moved = relay.join().map_err(|_| panicked("relay"));
            let sent = sender.join().unwrap_or_else(|_| Err(panicked("sending")));
            match (sent, received) {
                (Err(e), Err(r)) if only_echoes_reader(&e) => Err(r.into()),
                (Err(e), _) => Err(e.into()),
                (Ok(()), Err(e)) => Err(e.into()),
                (Ok(()), Ok(())) => match moved? {
                    Ok(n) => Ok(n),
                    Err(e) => Err(zsplice_zfs::Error::Io {
                        context: format!("{}: relaying the stream", self.source),
                        source: e,
                    }
                    .into()),
                },
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;

    #[test]
    fn the_relay_moves_and_counts_every_byte() {
        let (from_r, mut from_w) = pipe("test in").unwrap();
        let (mut to_r, to_w) = pipe("test out").unwrap();
        let data: Vec<u8> = (0..5_000_000u32).map(|i| (i % 251) as u8).collect();
        let counter = AtomicU64::new(0);
        let received = std::thread::scope(|s| {
            let data = &data;
            s.spawn(move || {
                from_w.write_all(data).unwrap();
                // Dropping the writer is the end of the stream.
            });
            let relayed = s.spawn(|| relay(from_r, to_w, &counter));
            let mut got = Vec::new();
            to_r.read_to_end(&mut got).unwrap();
            assert_eq!(relayed.join().unwrap().unwrap(), data.len() as u64);
            got
        });
        assert_eq!(received, data);
        assert_eq!(counter.load(Ordering::Relaxed), data.len() as u64);
    }

    #[test]
    fn the_relay_stops_when_the_receiver_goes_away() {
        let (from_r, mut from_w) = pipe("test in").unwrap();
        let (to_r, to_w) = pipe("test out").unwrap();
        drop(to_r);
        from_w.write_all(&[7u8; 4096]).unwrap();
        drop(from_w);
        let err = relay(from_r, to_w, &AtomicU64::new(0)).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe);
    }
}
