//! The fault suite's one hook into a running transfer: `ZSPLICE_FAULT_STALL` pauses the relay
//! at a chosen point of the stream so a test can kill the process there, or export the pool,
//! or destroy the destination, and then let the run go on. It only ever delays.
//!
//! The hook exists only in builds with the `fault-injection` feature (the test suite's; off by
//! default): without it [`stall`] is a constant `None`, [`allow`] and [`relayed`] do nothing,
//! the optimiser removes the stalling relay, and a release binary neither reads nor names the
//! variable. With it, unset (always, outside tests), it costs one environment lookup per
//! process.
//!
//! ```text
//! ZSPLICE_FAULT_STALL=<bytes>:<flag>   stall once this process has relayed <bytes> bytes
//!                                      (0: before the first byte reaches the receiver)
//! ZSPLICE_FAULT_STALL=tail:<flag>      stall with all of the stream relayed but its final
//!                                      record (the END record the receive commits on)
//! ```
//!
//! A stalled relay creates `<flag>.stalled` and waits while `<flag>` exists.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Size of a send stream's final DRR_END record (`dmu_replay_record_t`).
pub const END_RECORD_LEN: usize = zsplice_stream::drr::RECORD_SIZE;

/// Where the relay pauses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StallAt {
    /// After this many bytes relayed by the whole process.
    Bytes(u64),
    /// Before the stream's final record.
    Tail,
}

/// A parsed `ZSPLICE_FAULT_STALL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stall {
    /// Where in the stream the relay pauses.
    pub at: StallAt,
    /// The file whose existence holds the stall (`<flag>.stalled` announces it).
    pub flag: PathBuf,
}

impl Stall {
    /// Announces the stall and waits while the flag file exists.
    pub fn wait(&self) {
        while self.holding() {
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Announces the stall (`<flag>.stalled`, once) and tells whether it still holds.
    pub fn holding(&self) -> bool {
        let mut marker = self.flag.clone().into_os_string();
        marker.push(".stalled");
        let marker = Path::new(&marker);
        if !marker.exists() {
            let _ = std::fs::write(marker, std::process::id().to_string());
        }
        self.flag.exists()
    }
}

#[cfg(feature = "fault-injection")]
pub use armed::{allow, relayed, stall, STALL_VAR};

/// Without the `fault-injection` feature: never armed.
#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn stall() -> Option<&'static Stall> {
    None
}

/// Without the `fault-injection` feature: the relay may always move `want`.
#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn allow(want: usize) -> usize {
    want
}

/// Without the `fault-injection` feature: nothing to count.
#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn relayed(_n: u64) {}

/// The hook itself: only in builds with the `fault-injection` feature.
#[cfg(feature = "fault-injection")]
mod armed {
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;

    use super::{Stall, StallAt};

    /// The environment variable that arms the hook.
    pub const STALL_VAR: &str = "ZSPLICE_FAULT_STALL";

    impl Stall {
        /// Parses the variable's value; the reason when it is malformed.
        pub fn parse(value: &str) -> Result<Stall, String> {
            let (at, flag) = value.split_once(':').ok_or_else(|| {
                format!("{STALL_VAR}='{value}': expected <bytes>:<path> or tail:<path>")
            })?;
            let at = match at {
                "tail" => StallAt::Tail,
                n => StallAt::Bytes(
                    n.parse()
                        .map_err(|_| format!("{STALL_VAR}='{value}': '{n}' is not a byte count"))?,
                ),
            };
            if flag.is_empty() {
                return Err(format!("{STALL_VAR}='{value}': the flag path is empty"));
            }
            Ok(Stall {
                at,
                flag: PathBuf::from(flag),
            })
        }
    }

    /// The armed stall, if any (read once per process).
    pub fn stall() -> Option<&'static Stall> {
        static STALL: OnceLock<Option<Stall>> = OnceLock::new();
        STALL
            .get_or_init(|| {
                let value = std::env::var(STALL_VAR).ok()?;
                match Stall::parse(&value) {
                    Ok(s) => Some(s),
                    Err(why) => {
                        tracing::warn!("ignoring {why}");
                        None
                    }
                }
            })
            .as_ref()
    }

    /// Bytes relayed by this process, counted only while a byte stall is armed.
    static RELAYED: AtomicU64 = AtomicU64::new(0);

    /// How much the relay may move next under a byte stall (`want` at most). At the stall
    /// point it announces the stall and returns 0 while the flag exists, so the relay keeps
    /// watching for a stop or a stall timeout while it waits. Returns `want` when no byte
    /// stall is armed or it has passed.
    pub fn allow(want: usize) -> usize {
        let Some(
            armed @ Stall {
                at: StallAt::Bytes(limit),
                ..
            },
        ) = stall()
        else {
            return want;
        };
        let done = RELAYED.load(Ordering::Relaxed);
        if done == *limit {
            if armed.holding() {
                return 0;
            }
            // Past the stall point: never again in this process.
            RELAYED.store(u64::MAX, Ordering::Relaxed);
            return want;
        }
        if done > *limit {
            return want;
        }
        want.min((*limit - done) as usize)
    }

    /// Records bytes the relay moved (for byte stalls).
    pub fn relayed(n: u64) {
        if matches!(
            stall(),
            Some(Stall {
                at: StallAt::Bytes(_),
                ..
            })
        ) {
            let _ = RELAYED.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_add(n))
            });
        }
    }
}

#[cfg(all(test, feature = "fault-injection"))]
mod tests {
    use super::*;

    #[test]
    fn stall_specs_parse_and_bad_ones_say_why() {
        assert_eq!(
            Stall::parse("0:/tmp/f").unwrap(),
            Stall {
                at: StallAt::Bytes(0),
                flag: "/tmp/f".into()
            }
        );
        assert_eq!(Stall::parse("tail:/x").unwrap().at, StallAt::Tail);
        assert!(Stall::parse("12").unwrap_err().contains("expected"));
        assert!(Stall::parse("x:/f")
            .unwrap_err()
            .contains("not a byte count"));
        assert!(Stall::parse("5:").unwrap_err().contains("empty"));
    }
}
