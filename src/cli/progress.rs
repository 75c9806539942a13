//! The byte progress bar on standard error: an [`Observer`] of an operation's progress, shown
//! only when standard error is a terminal (never in a pipe or a log file).

use std::io::IsTerminal;
use std::time::Duration;

use zsplice::Observer;

use super::output::byte_progress_bar;

/// A progress bar that follows an operation's progress reports.
#[derive(Debug)]
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// A bar on standard error if it is a terminal and `wanted`; otherwise nothing is shown.
    pub fn on_stderr(wanted: bool) -> Progress {
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = byte_progress_bar(0);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { bar }
    }

    /// The bar, when one is shown (to print lines above it, or suspend it for a question).
    pub fn bar(&self) -> Option<&indicatif::ProgressBar> {
        self.bar.as_ref()
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
        if let Some(b) = &self.bar {
            b.set_length(total.max(done));
            b.set_position(done);
        }
    }
}
