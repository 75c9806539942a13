//! Keeping transfers within bounds when nobody is watching: a stop request that ends running
//! transfers (they stay resumable), a watchdog that stops a transfer which made no progress for
//! a set time, retries with back-off for failures that a later try can fix, and a cap on the
//! transfers in flight across every task a process runs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use zsplice_zfs::ErrorKind;

use crate::error::EngineError;
use crate::model::task::DEFAULT_STALL_TIMEOUT;

/// Wait before the first retry; doubled before each further one, up to [`MAX_RETRY_WAIT`].
pub const FIRST_RETRY_WAIT: Duration = Duration::from_secs(1);

/// The longest wait between two tries.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(60);

/// What a running transfer watches besides its stream.
#[derive(Debug, Clone, Copy)]
pub struct Watch<'a> {
    /// Set when the transfer must end now (the daemon is stopping, a caller cancelled).
    pub cancel: Option<&'a AtomicBool>,
    /// No byte moved for this long stops the transfer.
    pub stall_after: Duration,
}

impl Default for Watch<'_> {
    fn default() -> Self {
        Watch {
            cancel: None,
            stall_after: DEFAULT_STALL_TIMEOUT,
        }
    }
}

impl Watch<'_> {
    /// Whether a stop was asked for.
    pub fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// Sleeps for `wait`, waking early (and returning false) when a stop is asked for.
    pub fn sleep(&self, wait: Duration) -> bool {
        let until = Instant::now() + wait;
        while Instant::now() < until {
            if self.cancelled() {
                return false;
            }
            std::thread::sleep((until - Instant::now()).min(Duration::from_millis(100)));
        }
        !self.cancelled()
    }
}

/// Whether trying `e` again can succeed: the watchdog stopped a silent transfer, or ZFS said
/// "busy" or "try again" (a killed zsplice's receive is still being torn down in the kernel,
/// a transaction group is syncing). Refusals, bad input, missing datasets and full pools are
/// not retried: another try would fail the same way.
pub fn is_retryable(e: &EngineError) -> bool {
    match e {
        EngineError::Stalled(_) => true,
        EngineError::Zfs(z) => {
            z.is_transient() || matches!(z.kind(), ErrorKind::Interrupted | ErrorKind::BrokenPipe)
        }
        _ => false,
    }
}

/// The wait before retry number `retry` (1 for the first).
pub fn retry_wait(retry: u32) -> Duration {
    FIRST_RETRY_WAIT
        .saturating_mul(1u32 << retry.saturating_sub(1).min(16))
        .min(MAX_RETRY_WAIT)
}

/// A cap on transfers in flight, shared by every task a daemon runs: each task replicates
/// several datasets at once, and many tasks due at the same minute must not multiply that.
#[derive(Debug)]
pub struct TransferSlots {
    max: usize,
    used: Mutex<usize>,
    freed: Condvar,
}

/// One transfer's place under a [`TransferSlots`] cap, given back when dropped.
#[derive(Debug)]
pub struct TransferSlot<'a>(Option<&'a TransferSlots>);

impl TransferSlots {
    /// A cap of `max` transfers in flight (at least 1).
    pub fn new(max: usize) -> TransferSlots {
        TransferSlots {
            max: max.max(1),
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// The cap: how many transfers may be in flight at once.
    pub fn max(&self) -> usize {
        self.max
    }

    /// Waits for a free place; None when a stop is asked for while waiting.
    pub fn acquire(&self, watch: &Watch<'_>) -> Option<TransferSlot<'_>> {
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        while *used >= self.max {
            if watch.cancelled() {
                return None;
            }
            used = self
                .freed
                .wait_timeout(used, Duration::from_millis(100))
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        *used += 1;
        Some(TransferSlot(Some(self)))
    }

    /// Transfers in flight now.
    pub fn in_use(&self) -> usize {
        *self.used.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl TransferSlot<'_> {
    /// A place that counts against no cap (a one-shot replicate has only its own).
    pub fn unlimited() -> TransferSlot<'static> {
        TransferSlot(None)
    }
}

impl Drop for TransferSlot<'_> {
    fn drop(&mut self) {
        if let Some(slots) = self.0 {
            let mut used = slots.used.lock().unwrap_or_else(|p| p.into_inner());
            *used = used.saturating_sub(1);
            slots.freed.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_and_stalled_are_retried_and_what_a_retry_cannot_fix_is_not() {
        use nix::libc;
        use zsplice_zfs::{Error, Op};
        let zfs = |errno| EngineError::Zfs(Error::from_errno(Op::Receive, "q/a@s1", errno));
        // A killed zsplice's receive still being torn down: "dataset is busy".
        assert!(is_retryable(&zfs(libc::EBUSY)));
        assert!(is_retryable(&zfs(libc::EAGAIN)));
        assert!(is_retryable(&EngineError::Stalled(
            "q/a: no progress".into()
        )));
        for errno in [libc::ENOENT, libc::ENOSPC, libc::EPERM, libc::EINVAL] {
            assert!(!is_retryable(&zfs(errno)), "errno {errno}");
        }
        assert!(!is_retryable(&EngineError::Usage("bad".into())));
        assert!(!is_retryable(&EngineError::Cancelled("stop".into())));
    }

    #[test]
    fn retry_waits_double_up_to_a_minute() {
        let waits: Vec<u64> = (1..=8).map(|r| retry_wait(r).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(retry_wait(u32::MAX), MAX_RETRY_WAIT);
    }

    #[test]
    fn the_cap_holds_across_threads_and_a_stop_frees_waiters() {
        let slots = TransferSlots::new(3);
        let peak = Mutex::new(0usize);
        std::thread::scope(|s| {
            for _ in 0..12 {
                s.spawn(|| {
                    let _slot = slots.acquire(&Watch::default()).unwrap();
                    let now = slots.in_use();
                    let mut p = peak.lock().unwrap();
                    *p = (*p).max(now);
                    drop(p);
                    std::thread::sleep(Duration::from_millis(20));
                });
            }
        });
        assert_eq!(*peak.lock().unwrap(), 3);
        assert_eq!(slots.in_use(), 0);

        let held: Vec<_> = (0..3)
            .map(|_| slots.acquire(&Watch::default()).unwrap())
            .collect();
        let stop = AtomicBool::new(true);
        let watch = Watch {
            cancel: Some(&stop),
            ..Watch::default()
        };
        assert!(slots.acquire(&watch).is_none(), "a stop ends the wait");
        drop(held);
    }

    #[test]
    fn sleep_wakes_on_a_stop() {
        let stop = AtomicBool::new(true);
        let watch = Watch {
            cancel: Some(&stop),
            ..Watch::default()
        };
        let t = Instant::now();
        assert!(!watch.sleep(Duration::from_secs(30)));
        assert!(t.elapsed() < Duration::from_secs(1));
        assert!(Watch::default().sleep(Duration::from_millis(1)));
    }
}
