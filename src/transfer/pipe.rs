//! The pipes a stream moves through and the relay between them: `lzc_send` writes into one pipe,
//! the relay moves the data into a second pipe with `splice(2)` (the bytes stay in the kernel's
//! pipe buffers, never copied into user space), counts them and watches for stalls and stop
//! requests, and `lzc_receive` reads the second pipe. [`crate::transfer::chain`] puts these
//! together.

use std::io::{PipeReader, PipeWriter, Read, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::ScopedJoinHandle;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::fcntl::{fcntl, splice, FcntlArg, SpliceFFlags};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
pub use zsplice_zfs::isolate::spawn_isolated;
use zsplice_zfs::SnapshotName;

use crate::error::EngineError;
use crate::transfer::fault::{self, StallAt};
use crate::transfer::supervise::Watch;

/// How much one splice call asks to move.
const SPLICE_CHUNK: usize = 1 << 20;

/// Pipe capacity asked for (the default is 64 KiB): fewer wake-ups per megabyte on both
/// sides. 1 MiB is also Linux's default `pipe-max-size`, so unprivileged runs get it too.
const PIPE_SIZE: i32 = 1 << 20;

/// Where a resumed send starts: the (object, offset) a resume token recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResumeAt {
    /// The object number the send resumes at.
    pub object: u64,
    /// The byte offset within that object.
    pub offset: u64,
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

/// The result of a send or receive run by [`spawn_isolated`], with a thread that could not be
/// prepared, or panicked, reported as its failure.
pub fn join_stream_thread(
    thread: ScopedJoinHandle<'_, std::io::Result<Result<(), zsplice_zfs::Error>>>,
    snapshot: &SnapshotName,
    role: &str,
) -> Result<(), zsplice_zfs::Error> {
    let failed = |what: String, source| zsplice_zfs::Error::Io {
        context: format!("{snapshot}: {what}"),
        source,
    };
    match thread.join() {
        Ok(Ok(result)) => result,
        Ok(Err(e)) => Err(failed(format!("preparing the {role} thread"), e)),
        Err(_) => Err(failed(
            format!("{role} thread"),
            std::io::Error::other("panicked"),
        )),
    }
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

/// Why the relay stopped before the stream's end.
#[derive(Debug)]
pub enum RelayError {
    /// A pipe failed (EPIPE: the receiver stopped reading).
    Io(std::io::Error),
    /// Nothing moved for the watch's stall time.
    Stalled(Duration),
    /// A stop was asked for.
    Cancelled,
}

impl From<std::io::Error> for RelayError {
    fn from(e: std::io::Error) -> RelayError {
        RelayError::Io(e)
    }
}

/// How long one wait for a pipe lasts before the relay looks at the clock and the stop flag.
const POLL_EVERY: Duration = Duration::from_millis(250);

/// Waits up to [`POLL_EVERY`] for `fd` to be ready for `events`.
fn wait_for(fd: BorrowedFd<'_>, events: PollFlags) -> std::io::Result<()> {
    let mut fds = [PollFd::new(fd, events)];
    match poll(&mut fds, PollTimeout::from(POLL_EVERY.as_millis() as u16)) {
        Ok(_) | Err(Errno::EINTR) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Where a transfer counts the bytes it moves as they pass: the whole operation's total and,
/// when someone follows it per dataset, the dataset's own count.
#[derive(Debug, Clone, Copy)]
pub struct Tally<'a> {
    /// Every transfer of the operation adds here.
    pub total: &'a AtomicU64,
    /// Only this dataset's transfers add here.
    pub dataset: Option<&'a AtomicU64>,
}

impl<'a> Tally<'a> {
    /// Counting into `total` only.
    pub fn total(total: &'a AtomicU64) -> Tally<'a> {
        Tally {
            total,
            dataset: None,
        }
    }

    fn add(&self, n: u64) {
        self.total.fetch_add(n, Ordering::Relaxed);
        if let Some(d) = self.dataset {
            d.fetch_add(n, Ordering::Relaxed);
        }
    }
}

/// Moves everything from pipe `from` to pipe `to` with splice(2), adding each chunk to
/// `counter`; the data never enters user space. Returns when the writer side closes (EOF).
/// Stops early when the reader side is gone (EPIPE: the receiver stopped), when `watch` asks
/// for a stop, or when nothing moved for `watch.stall_after`; returning closes both pipes,
/// which ends the sender and leaves the receive resumable.
pub fn relay(
    from: PipeReader,
    to: &PipeWriter,
    counter: &Tally<'_>,
    watch: &Watch<'_>,
) -> Result<u64, RelayError> {
    if matches!(fault::stall(), Some(s) if s.at == StallAt::Tail) {
        return Ok(relay_holding_tail(from, to, counter)?);
    }
    let mut moved = 0u64;
    let mut last_progress = Instant::now();
    // Never block in splice itself: a silent sender or a receiver that stopped reading would
    // hold the relay where neither the watchdog nor a stop could reach it.
    let flags = SpliceFFlags::SPLICE_F_MOVE | SpliceFFlags::SPLICE_F_NONBLOCK;
    loop {
        if watch.cancelled() {
            return Err(RelayError::Cancelled);
        }
        if last_progress.elapsed() >= watch.stall_after {
            return Err(RelayError::Stalled(watch.stall_after));
        }
        let want = fault::allow(SPLICE_CHUNK);
        if want == 0 {
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        match splice(from.as_fd(), None, to.as_fd(), None, want, flags) {
            Ok(0) => return Ok(moved),
            Ok(n) => {
                moved += n as u64;
                last_progress = Instant::now();
                counter.add(n as u64);
                fault::relayed(n as u64);
            }
            Err(Errno::EINTR) => continue,
            // Either the sender has nothing yet or the receiver's pipe is full: wait for
            // whichever it is.
            Err(Errno::EAGAIN) => {
                let mut probe = [PollFd::new(from.as_fd(), PollFlags::POLLIN)];
                let readable = poll(&mut probe, PollTimeout::ZERO).unwrap_or(0) > 0;
                if readable {
                    wait_for(to.as_fd(), PollFlags::POLLOUT)?;
                } else {
                    wait_for(from.as_fd(), PollFlags::POLLIN)?;
                }
            }
            Err(e) => return Err(RelayError::Io(e.into())),
        }
    }
}

/// The fault suite's `tail` stall: a copying relay that forwards all but the stream's final
/// record, stalls, then forwards the rest. Only used when the stall is armed.
fn relay_holding_tail(
    mut from: PipeReader,
    mut to: &PipeWriter,
    counter: &Tally<'_>,
) -> std::io::Result<u64> {
    let mut held: Vec<u8> = Vec::with_capacity(SPLICE_CHUNK + fault::END_RECORD_LEN);
    let mut buf = vec![0u8; SPLICE_CHUNK];
    let mut moved = 0u64;
    let mut forward = |data: &[u8], to: &mut &PipeWriter| -> std::io::Result<()> {
        to.write_all(data)?;
        moved += data.len() as u64;
        counter.add(data.len() as u64);
        Ok(())
    };
    loop {
        let n = match from.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            break;
        }
        held.extend_from_slice(&buf[..n]);
        if held.len() > fault::END_RECORD_LEN {
            let cut = held.len() - fault::END_RECORD_LEN;
            forward(&held[..cut], &mut to)?;
            held.drain(..cut);
        }
    }
    if let Some(stall) = fault::stall() {
        stall.wait();
    }
    forward(&held, &mut to)?;
    Ok(moved)
}

#[cfg(test)]
mod tests {
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
            let counter = &counter;
            let relayed = s.spawn(move || {
                // The writer goes with the relay, so that the reader sees the end.
                relay(from_r, &to_w, &Tally::total(counter), &Watch::default())
            });
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
        let err = relay(
            from_r,
            &to_w,
            &Tally::total(&AtomicU64::new(0)),
            &Watch::default(),
        )
        .unwrap_err();
        assert!(
            matches!(&err, RelayError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe),
            "{err:?}"
        );
    }

    #[test]
    fn the_watchdog_stops_a_silent_sender_and_a_stop_ends_the_relay() {
        // A sender that never writes nor closes: before the watchdog, the relay waited forever.
        let (from_r, _from_w) = pipe("test in").unwrap();
        let (_to_r, to_w) = pipe("test out").unwrap();
        let watch = Watch {
            cancel: None,
            stall_after: Duration::from_millis(600),
        };
        let t = Instant::now();
        let err = relay(from_r, &to_w, &Tally::total(&AtomicU64::new(0)), &watch).unwrap_err();
        assert!(matches!(err, RelayError::Stalled(_)), "{err:?}");
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());

        // A receiver that stopped reading with its pipe full is a stall too.
        let (from_r, mut from_w) = pipe("test in").unwrap();
        let (_to_r, to_w) = pipe("test out").unwrap();
        let writer = std::thread::spawn(move || {
            let chunk = vec![1u8; 1 << 16];
            while from_w.write_all(&chunk).is_ok() {}
        });
        let err = relay(from_r, &to_w, &Tally::total(&AtomicU64::new(0)), &watch).unwrap_err();
        assert!(matches!(err, RelayError::Stalled(_)), "{err:?}");
        writer.join().unwrap();

        let (from_r, _from_w) = pipe("test in").unwrap();
        let (_to_r, to_w) = pipe("test out").unwrap();
        let stop = std::sync::atomic::AtomicBool::new(false);
        let watch = Watch {
            cancel: Some(&stop),
            stall_after: Duration::from_secs(3600),
        };
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(300));
                stop.store(true, Ordering::Relaxed);
            });
            let err = relay(from_r, &to_w, &Tally::total(&AtomicU64::new(0)), &watch).unwrap_err();
            assert!(matches!(err, RelayError::Cancelled), "{err:?}");
        });
    }
}
