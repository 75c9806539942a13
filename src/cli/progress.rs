//! The byte progress bar on standard error: an [`Observer`] of an operation's progress, shown
//! only when standard error is a terminal (never in a pipe or a log file), and only once bytes
//! move: a command that fails before sending anything draws no bar at all.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use zsplice::Observer;

use super::output::outln;

/// Nothing drawn yet (no byte has moved).
const HIDDEN: u8 = 0;
/// Drawn as a spinner: the total is not known.
const SPINNER: u8 = 1;
/// Drawn as a bar against the estimated total.
const BAR: u8 = 2;

/// With a known total: bytes done of the estimated total, rate, ETA.
const BAR_TEMPLATE: &str =
    "{spinner} [{elapsed_precise}] [{wide_bar}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}";
/// With no total (0: unknown): bytes done and rate only.
const SPINNER_TEMPLATE: &str = "{spinner} [{elapsed_precise}] {bytes} {bytes_per_sec}";

/// The style a bar takes for `total` (0: unknown).
fn style_for(total: u64) -> (u8, &'static str) {
    if total == 0 {
        (SPINNER, SPINNER_TEMPLATE)
    } else {
        (BAR, BAR_TEMPLATE)
    }
}

/// A progress bar that follows an operation's progress reports.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    /// [`HIDDEN`], [`SPINNER`] or [`BAR`].
    shown: AtomicU8,
}

impl Progress {
    /// A bar on standard error if it is a terminal and `wanted`; otherwise nothing is shown.
    /// It stays hidden until the first progress report with bytes done.
    pub fn on_stderr(wanted: bool) -> Progress {
        let bar = (wanted && std::io::stderr().is_terminal())
            .then(|| ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden()));
        Progress {
            bar,
            shown: AtomicU8::new(HIDDEN),
        }
    }

    /// Runs `f` with the bar (if shown) out of the way, e.g. to ask a question.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    /// Prints a line on standard output, above the bar when one is shown.
    pub fn println(&self, line: &str) {
        self.suspend(|| outln!("{line}"));
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Observer for Progress {
    fn progress(&self, done: u64, total: u64) {
        let Some(b) = &self.bar else {
            return;
        };
        let (mode, template) = style_for(total);
        if self.shown.load(Ordering::Relaxed) == HIDDEN && done == 0 {
            return;
        }
        let was = self.shown.swap(mode, Ordering::Relaxed);
        if was != mode {
            b.set_style(
                ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
        }
        b.set_length(total.max(done));
        b.set_position(done);
        if was == HIDDEN {
            b.set_draw_target(ProgressDrawTarget::stderr());
            b.enable_steady_tick(Duration::from_millis(200));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_and_an_unknown_total_has_no_ratio_or_eta() {
        for total in [0, 1] {
            let (_, t) = style_for(total);
            ProgressStyle::with_template(t).unwrap();
        }
        let (mode, t) = style_for(0);
        assert_eq!(mode, SPINNER);
        assert!(!t.contains("total_bytes") && !t.contains("eta"), "{t}");
        assert_eq!(style_for(5).0, BAR);
    }

    #[test]
    fn nothing_is_shown_until_bytes_move() {
        let p = Progress {
            bar: Some(ProgressBar::with_draw_target(
                Some(0),
                ProgressDrawTarget::hidden(),
            )),
            shown: AtomicU8::new(HIDDEN),
        };
        p.progress(0, 0);
        p.progress(0, 100);
        assert_eq!(p.shown.load(Ordering::Relaxed), HIDDEN);
        p.progress(5, 0);
        assert_eq!(p.shown.load(Ordering::Relaxed), SPINNER);
        p.progress(10, 100);
        assert_eq!(p.shown.load(Ordering::Relaxed), BAR);
        let b = p.bar.as_ref().unwrap();
        assert_eq!((b.position(), b.length()), (10, Some(100)));
        p.finish();
    }
}
