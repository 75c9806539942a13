//! Moving streams from source snapshots into a destination, one [`Transfer`] per stream, and a
//! pair's catch-up as one chain of them, back to back, the way `zfs send -I | zfs recv` does.
//!
//! One receiving thread takes every stream of the chain from one pipe, one `lzc_receive` after
//! the other (each stream ends with its END record, so each receive stops exactly at its
//! stream's end). Each stream has its own sending thread and pipe, and the relay on the calling
//! thread moves it on into the receiver's pipe with `splice(2)`. So the next snapshot is sent
//! while the one before is still being received and its transaction group synced, instead of
//! each snapshot paying for a send and a receive in turn: with many small snapshots that wait
//! is most of the time. Every stream is still its own receive (its snapshot arrives, and an
//! interrupted one is resumable) and its own relay (exact byte count, watched for stalls and
//! stop requests).
//!
//! The sending and receiving threads hold only their own pipe end (see
//! [`zsplice_zfs::isolate`]), so a killed zsplice always ends. When any side fails, its pipe
//! ends close, which stops the others (EOF or EPIPE); the sender's error is the root cause when
//! both fail, unless it only says the receiver went away.

use std::io::PipeWriter;
use std::os::fd::BorrowedFd;
use std::sync::{Condvar, Mutex};
use std::time::Instant;

use zsplice_zfs::{ReceiveOptions, SendFlags, SnapshotName, Zfs};

use crate::error::EngineError;
use crate::transfer::pipe::{
    join_stream_thread, only_echoes_reader, pipe, relay, spawn_isolated, RelayError, ResumeAt,
    Tally,
};
use crate::transfer::supervise::Watch;

/// One stream to move.
#[derive(Debug)]
pub struct Transfer<'a> {
    /// The snapshot sent.
    pub source: &'a SnapshotName,
    /// Incremental base (snapshot or bookmark full name).
    pub from: Option<&'a str>,
    /// The snapshot the receive creates.
    pub destination: &'a SnapshotName,
    /// How `lzc_send` writes the stream (embedded, large blocks, compressed, raw).
    pub flags: SendFlags,
    /// How `lzc_receive_resumable` takes it (force, resumable, properties).
    pub receive: &'a ReceiveOptions,
    /// Continue an interrupted send from here; `None` sends from the start.
    pub resume: Option<ResumeAt>,
}

/// What a chain did: which streams arrived, and why the rest did not.
#[derive(Debug)]
pub struct Chained {
    /// The bytes of each stream received, in the chain's order: the first `received.len()`
    /// transfers arrived whole.
    pub received: Vec<u64>,
    /// Ok when every transfer arrived; otherwise why the one after `received` did not.
    pub result: Result<(), EngineError>,
}

/// Where sending stopped before the chain's end.
struct Broken {
    /// The relay's account of the stream it was moving.
    relayed: Result<u64, RelayError>,
    /// The sender's account of the same stream.
    sent: Result<(), zsplice_zfs::Error>,
}

impl Transfer<'_> {
    /// Runs the stream, adding the bytes moved to `counter` as they pass, until it ends or
    /// `watch` stops it. Returns the bytes this transfer moved.
    pub fn run(
        &self,
        zfs: &Zfs,
        counter: &Tally<'_>,
        watch: &Watch<'_>,
    ) -> Result<u64, EngineError> {
        let chained = run_chain(std::slice::from_ref(self), zfs, counter, watch, &|_, _| {});
        chained.result?;
        Ok(chained.received.iter().sum())
    }

    fn send(&self, zfs: &Zfs, stream: BorrowedFd<'_>) -> Result<(), zsplice_zfs::Error> {
        match self.resume {
            Some(at) => zfs.send_resume(
                self.source,
                self.from,
                stream,
                self.flags,
                at.object,
                at.offset,
            ),
            None => zfs.send(self.source, self.from, stream, self.flags),
        }
    }

    /// Sends this stream on a thread of its own into a pipe of its own, and relays it into the
    /// receiver's pipe `into`. Returns the bytes moved once the whole stream has passed.
    fn relay_into(
        &self,
        zfs: &Zfs,
        into: &PipeWriter,
        counter: &Tally<'_>,
        watch: &Watch<'_>,
    ) -> Result<Result<u64, Broken>, EngineError> {
        tracing::debug!(
            "transfer {}{} -> {} starts{}",
            self.from.map_or(String::new(), |f| format!("{f} -> ")),
            self.source,
            self.destination,
            self.resume.map_or(String::new(), |r| format!(
                " (resuming at object {}, offset {})",
                r.object, r.offset
            ))
        );
        let (send_r, send_w) = pipe("send")?;
        Ok(std::thread::scope(|s| {
            let sender = spawn_isolated(s, send_w.into(), |stream| self.send(zfs, stream));
            // Returns at the sender's EOF, or when the receiver has stopped reading; either way
            // it closes the sender's pipe, which stops the sender if it is still going.
            let relayed = relay(send_r, into, counter, watch);
            let sent = join_stream_thread(sender, self.source, "sending");
            match (relayed, sent) {
                (Ok(n), Ok(())) => Ok(n),
                (relayed, sent) => Err(Broken { relayed, sent }),
            }
        }))
    }
}

/// Told of each transfer that arrived whole, with its bytes, as it arrives (on a thread of the
/// chain's own, in the chain's order).
pub type OnArrival<'a> = &'a (dyn Fn(&Transfer<'_>, u64) + Sync);

/// How far a chain has got, shared by the relay, the receiver and the reporter.
#[derive(Default)]
struct Progress {
    /// The bytes of each stream relayed whole, in order.
    relayed: Vec<u64>,
    /// How many streams the receiver has taken whole.
    arrived: usize,
    /// Neither count changes any more.
    done: bool,
}

/// [`Progress`] and the signal that it changed.
#[derive(Default)]
struct Shared {
    progress: Mutex<Progress>,
    changed: Condvar,
}

impl Shared {
    fn update(&self, change: impl FnOnce(&mut Progress)) {
        change(&mut self.progress.lock().unwrap_or_else(|p| p.into_inner()));
        self.changed.notify_all();
    }

    /// Calls `on_arrival` for each transfer as it arrives, until the chain is done. A stream
    /// arrives only after it was relayed whole, so its byte count is known by then.
    fn report(&self, transfers: &[Transfer<'_>], on_arrival: OnArrival<'_>) {
        let mut told = 0;
        loop {
            let next = {
                let mut p = self.progress.lock().unwrap_or_else(|p| p.into_inner());
                loop {
                    if told < p.arrived.min(p.relayed.len()) {
                        break Some(p.relayed[told]);
                    }
                    if p.done {
                        break None;
                    }
                    p = self.changed.wait(p).unwrap_or_else(|p| p.into_inner());
                }
            };
            let Some(bytes) = next else { return };
            on_arrival(&transfers[told], bytes);
            told += 1;
        }
    }
}

/// Sends `transfers` in order into their destinations through one receiving thread (see the
/// module doc), adding the bytes moved to `counter` as they pass, until the last arrives, one
/// fails, or `watch` stops them. Each transfer's `receive` options apply to its own receive;
/// `on_arrival` hears of each transfer as it arrives.
pub fn run_chain(
    transfers: &[Transfer<'_>],
    zfs: &Zfs,
    counter: &Tally<'_>,
    watch: &Watch<'_>,
    on_arrival: OnArrival<'_>,
) -> Chained {
    let Some(first) = transfers.first() else {
        return Chained {
            received: Vec::new(),
            result: Ok(()),
        };
    };
    let (recv_r, recv_w) = match pipe("receive") {
        Ok(p) => p,
        Err(e) => {
            return Chained {
                received: Vec::new(),
                result: Err(e),
            }
        }
    };
    let started = Instant::now();
    let shared = Shared::default();
    let (broken, received) = std::thread::scope(|s| {
        // The receiving thread holds no descriptor but its pipe end (so it cannot write a
        // log); it only counts, and this thread tells.
        let reporter = s.spawn(|| shared.report(transfers, on_arrival));
        let receiver = spawn_isolated(s, recv_r.into(), |stream| {
            for t in transfers {
                zfs.receive(t.destination, t.receive, stream)?;
                shared.update(|p| p.arrived += 1);
            }
            Ok(())
        });
        let mut broken = None;
        for t in transfers {
            match t.relay_into(zfs, &recv_w, counter, watch) {
                Ok(Ok(n)) => shared.update(|p| p.relayed.push(n)),
                Ok(Err(b)) => {
                    broken = Some(Ok(b));
                    break;
                }
                Err(e) => {
                    broken = Some(Err(e));
                    break;
                }
            }
        }
        // The end of the receiver's stream: a receive still waiting for more reads EOF.
        drop(recv_w);
        let received = join_stream_thread(receiver, first.destination, "receiving");
        shared.update(|p| p.done = true);
        let _ = reporter.join();
        (broken, received)
    });
    let Progress {
        mut relayed,
        arrived,
        ..
    } = shared
        .progress
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    // The stream the chain stopped in (the receiver never runs ahead of the relay).
    let stopped_in = transfers.get(arrived).unwrap_or(first).destination;
    tracing::debug!(
        "chain of {} into {} ended after {:.1}s: {arrived} arrived, relay stopped {:?}, receive \
         {:?}",
        transfers.len(),
        stopped_in,
        started.elapsed().as_secs_f64(),
        broken.as_ref().map(|b| match b {
            Ok(b) => format!(
                "relay {:?}, send {:?}",
                b.relayed.as_ref().map_err(|e| format!("{e:?}")),
                b.sent.as_ref().err()
            ),
            Err(e) => format!("{e:?}"),
        }),
        received.as_ref().err()
    );
    relayed.truncate(arrived);
    Chained {
        received: relayed,
        result: verdict(broken, received, stopped_in),
    }
}

/// The one error that says why a chain stopped, from what each side reported.
fn verdict(
    broken: Option<Result<Broken, EngineError>>,
    received: Result<(), zsplice_zfs::Error>,
    stopped_in: &SnapshotName,
) -> Result<(), EngineError> {
    let Broken { relayed, sent } = match broken {
        None => return received.map_err(EngineError::from),
        Some(Err(e)) => return Err(e),
        Some(Ok(b)) => b,
    };
    // A stop or the watchdog ended the stream: that, not the truncated receive it caused, is
    // what happened.
    let relayed = match relayed {
        Err(RelayError::Cancelled) => {
            return Err(EngineError::Cancelled(format!(
                "{stopped_in}: stopped on request; the next replication resumes the receive"
            )))
        }
        Err(RelayError::Stalled(after)) => {
            return Err(EngineError::Stalled(format!(
                "{stopped_in}: no progress for {}; transfer stopped (it resumes from where it \
                 stopped)",
                humantime::format_duration(after)
            )))
        }
        Err(RelayError::Io(e)) => Err(e),
        Ok(n) => Ok(n),
    };
    match (sent, received) {
        (Err(e), Err(r)) if only_echoes_reader(&e) => Err(r.into()),
        (Err(e), _) => Err(e.into()),
        (Ok(()), Err(r)) => Err(r.into()),
        (Ok(()), Ok(())) => Err(zsplice_zfs::Error::Io {
            context: format!("{stopped_in}: relaying the stream"),
            source: relayed.err().unwrap_or_else(|| {
                std::io::Error::other("the relay stopped before the stream's end")
            }),
        }
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nix::libc;
    use std::time::Duration;
    use zsplice_zfs::Op;

    fn zfs_err(op: Op, name: &str, errno: i32) -> zsplice_zfs::Error {
        zsplice_zfs::Error::from_errno(op, name, errno)
    }

    fn broken(
        relayed: Result<u64, RelayError>,
        sent: Result<(), zsplice_zfs::Error>,
    ) -> Option<Result<Broken, EngineError>> {
        Some(Ok(Broken { relayed, sent }))
    }

    #[test]
    fn the_error_reported_is_the_cause_not_its_echo() {
        let at = SnapshotName::new("d/a@s3").unwrap();
        let refused = || zfs_err(Op::Receive, "d/a@s3", libc::ENOSPC);
        // The receiver failed; the sender only heard that its reader went away.
        let e = verdict(
            broken(
                Err(RelayError::Io(std::io::Error::from_raw_os_error(
                    libc::EPIPE,
                ))),
                Err(zfs_err(Op::Send, "p/a@s4", libc::EPIPE)),
            ),
            Err(refused()),
            &at,
        )
        .unwrap_err();
        assert!(e.to_string().contains("d/a"), "{e}");
        assert!(!e.to_string().contains("p/a@s4"), "{e}");
        // The sender failed first (its snapshot went away): that is the cause, not the
        // receive it cut short.
        let e = verdict(
            broken(Ok(0), Err(zfs_err(Op::Send, "p/a@s4", libc::ENOENT))),
            Err(zfs_err(Op::Receive, "d/a@s4", libc::EIO)),
            &at,
        )
        .unwrap_err();
        assert!(e.to_string().contains("p/a@s4"), "{e}");
        // Sending went through; only the receive failed.
        let e = verdict(None, Err(refused()), &at).unwrap_err();
        assert!(e.to_string().contains("d/a@s3"), "{e}");
        assert!(verdict(None, Ok(()), &at).is_ok());
    }

    #[test]
    fn a_stop_or_a_stall_is_reported_as_such_naming_the_stream_it_ended() {
        let at = SnapshotName::new("d/a@s3").unwrap();
        let cut = || Err(zfs_err(Op::Receive, "d/a@s3", libc::EIO));
        let e = verdict(broken(Err(RelayError::Cancelled), Ok(())), cut(), &at).unwrap_err();
        assert!(
            matches!(&e, EngineError::Cancelled(m) if m.starts_with("d/a@s3")),
            "{e}"
        );
        let stalled = RelayError::Stalled(Duration::from_secs(60));
        let e = verdict(broken(Err(stalled), Ok(())), cut(), &at).unwrap_err();
        assert!(
            matches!(&e, EngineError::Stalled(m) if m.contains("1m")),
            "{e}"
        );
    }

    #[test]
    fn each_arrival_is_told_in_order_with_its_bytes_and_only_once_it_arrived() {
        let names: Vec<SnapshotName> = (0..5)
            .map(|i| SnapshotName::new(&format!("p/a@s{i}")).unwrap())
            .collect();
        let receive = ReceiveOptions::default();
        let transfers: Vec<Transfer<'_>> = names
            .iter()
            .map(|n| Transfer {
                source: n,
                from: None,
                destination: n,
                flags: SendFlags::default(),
                receive: &receive,
                resume: None,
            })
            .collect();
        let shared = Shared::default();
        let told = Mutex::new(Vec::new());
        let on_arrival = |t: &Transfer<'_>, bytes: u64| {
            told.lock().unwrap().push((t.source.to_string(), bytes));
        };
        std::thread::scope(|s| {
            let reporter = s.spawn(|| shared.report(&transfers, &on_arrival));
            // Relayed runs ahead of arrived, as in a chain; only 3 of 5 arrive.
            for (i, bytes) in [100u64, 200, 300, 400].into_iter().enumerate() {
                shared.update(|p| p.relayed.push(bytes));
                if i >= 1 {
                    std::thread::sleep(Duration::from_millis(5));
                    shared.update(|p| p.arrived += 1);
                }
            }
            shared.update(|p| p.done = true);
            reporter.join().unwrap();
        });
        assert_eq!(
            told.into_inner().unwrap(),
            vec![
                ("p/a@s0".to_string(), 100),
                ("p/a@s1".to_string(), 200),
                ("p/a@s2".to_string(), 300)
            ]
        );
    }
}
