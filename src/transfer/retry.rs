//! Retrying ZFS calls that fail for a moment: EBUSY while a transaction group syncs or a
//! dataset is briefly in use, EAGAIN, ETIMEDOUT. Each retry waits twice as long as the one
//! before. Errors that retrying cannot fix (no such dataset, no space, bad name, permission)
//! are returned at once. Only calls that are safe to repeat go through here: snapshot, hold,
//! release, destroy, rollback; never a send or a receive, whose stream is consumed.

use std::time::Duration;

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// Wait before the second try; doubled before each further one.
    pub first_delay: Duration,
}

impl Default for Backoff {
    /// Five tries over about 1.5 s: longer than a txg sync takes on a healthy pool.
    fn default() -> Backoff {
        Backoff {
            attempts: 5,
            first_delay: Duration::from_millis(100),
        }
    }
}

/// Runs `op` until it succeeds, fails for a reason retrying cannot fix, or `backoff.attempts`
/// tries are spent; `on_retry` hears about each retry (error, wait). Returns the last result.
pub fn with_backoff<T>(
    backoff: Backoff,
    mut on_retry: impl FnMut(&zsplice_zfs::Error, Duration),
    mut op: impl FnMut() -> Result<T, zsplice_zfs::Error>,
) -> Result<T, zsplice_zfs::Error> {
    let mut delay = backoff.first_delay;
    let mut tries = 1;
    loop {
        match op() {
            Err(e) if e.is_transient() && tries < backoff.attempts.max(1) => {
                on_retry(&e, delay);
                std::thread::sleep(delay);
                delay = delay.saturating_mul(2);
                tries += 1;
            }
            other => return other,
        }
    }
}

/// [`with_backoff`] with the default [`Backoff`], telling `log` about each retry.
pub fn retrying<T>(
    log: &dyn Fn(&str),
    op: impl FnMut() -> Result<T, zsplice_zfs::Error>,
) -> Result<T, zsplice_zfs::Error> {
    with_backoff(
        Backoff::default(),
        |e, wait| log(&format!("{e}; retrying in {} ms", wait.as_millis())),
        op,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use nix::libc;
    use zsplice_zfs::{Error, ErrorKind, Op};

    fn quick() -> Backoff {
        Backoff {
            attempts: 4,
            first_delay: Duration::from_millis(1),
        }
    }

    #[test]
    fn transient_errors_are_retried_with_doubling_waits() {
        let mut calls = 0;
        let mut waits = Vec::new();
        let r = with_backoff(
            quick(),
            |_, d| waits.push(d),
            || {
                calls += 1;
                if calls < 3 {
                    Err(Error::from_errno(Op::Hold, "p/a@s", libc::EBUSY))
                } else {
                    Ok(calls)
                }
            },
        );
        assert_eq!(r.unwrap(), 3);
        assert_eq!(
            waits,
            vec![Duration::from_millis(1), Duration::from_millis(2)]
        );
    }

    #[test]
    fn retries_stop_after_the_last_attempt() {
        let mut calls = 0;
        let r: Result<(), _> = with_backoff(
            quick(),
            |_, _| {},
            || {
                calls += 1;
                Err(Error::from_errno(Op::Snapshot, "p/a@s", libc::ETIMEDOUT))
            },
        );
        assert_eq!(r.unwrap_err().kind(), ErrorKind::TimedOut);
        assert_eq!(calls, 4);
    }

    #[test]
    fn errors_retrying_cannot_fix_are_returned_at_once() {
        for errno in [libc::ENOENT, libc::ENOSPC, libc::EPERM, libc::EINVAL] {
            let mut calls = 0;
            let r: Result<(), _> = with_backoff(
                quick(),
                |_, _| panic!("errno {errno} must not be retried"),
                || {
                    calls += 1;
                    Err(Error::from_errno(Op::Snapshot, "p/a@s", errno))
                },
            );
            assert!(r.is_err());
            assert_eq!(calls, 1, "errno {errno}");
        }
    }
}
