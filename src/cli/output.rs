//! Presentation helpers of the CLI: writing to standard output and error without ever
//! panicking, times, sizes, tables.
//!
//! `println!` panics when standard output is a pipe whose reader went away (`zsplice task show
//! t1 | head -1` exited 101) or a full disk. [`outln!`] and [`out!`] write instead through
//! [`write_stdout`]: a broken pipe (EPIPE; SIGPIPE stays ignored, as Rust sets it, so a closed
//! pipe is an error to handle, not a silent kill) means the reader has all it wanted, so the
//! rest of the output is dropped quietly and the command exits with its own code, like `git
//! log | head`. Any other write error is reported once and turns a successful exit into 1.
//! Either way the command's work goes on: a `replicate` whose output nobody reads still
//! finishes its transfers, moves its holds and records its run, rather than stopping halfway.
//! [`errln!`] writes to standard error and ignores failures there, having nowhere to report
//! them.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU8, Ordering};

/// Standard output takes what is written.
const OPEN: u8 = 0;
/// Its reader went away: what follows is dropped.
const CLOSED: u8 = 1;
/// Writing failed otherwise (reported): what follows is dropped, and success becomes exit 1.
const FAILED: u8 = 2;

static STDOUT: AtomicU8 = AtomicU8::new(OPEN);

/// `println!` that never panics: see the module documentation.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::output::write_stdout(format_args!($($arg)*), true)
    };
}

/// `print!` that never panics: see the module documentation.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::output::write_stdout(format_args!($($arg)*), false)
    };
}

/// `eprintln!` that never panics; a failure to write to standard error is ignored.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::output::write_stderr(format_args!($($arg)*))
    };
}

pub(crate) use {errln, out, outln};

/// Writes to standard output (one line, when `newline`, under one lock so lines from several
/// threads never interleave). Use [`outln!`] and [`out!`].
pub fn write_stdout(args: fmt::Arguments<'_>, newline: bool) {
    if STDOUT.load(Ordering::Relaxed) != OPEN {
        return;
    }
    let mut out = io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| {
        if newline {
            out.write_all(b"\n")
        } else {
            Ok(())
        }
    });
    if let Err(e) = written {
        stdout_failed(&e);
    }
}

/// Writes one line to standard error, in a single write so concurrent lines stay whole. Use
/// [`errln!`].
pub fn write_stderr(args: fmt::Arguments<'_>) {
    let line = format!("{args}\n");
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

/// Prints `value` as pretty JSON on standard output.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) {
    outln!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

fn stdout_failed(e: &io::Error) {
    if e.kind() == io::ErrorKind::BrokenPipe {
        STDOUT.store(CLOSED, Ordering::Relaxed);
    } else if STDOUT
        .compare_exchange(OPEN, FAILED, Ordering::Relaxed, Ordering::Relaxed)
        .is_ok()
    {
        errln!("zsplice: standard output: {e}");
    }
}

/// The exit code of a command that wanted to exit with `code`, once its output is flushed: a
/// success whose output could not be written (other than to a closed pipe) is a failure.
pub fn finish(code: u8) -> u8 {
    if STDOUT.load(Ordering::Relaxed) == OPEN {
        if let Err(e) = io::stdout().lock().flush() {
            stdout_failed(&e);
        }
    }
    match STDOUT.load(Ordering::Relaxed) {
        FAILED if code == 0 => 1,
        _ => code,
    }
}

/// UTC "YYYY-MM-DD HH:MM:SS" (civil-from-days; no time-zone database needed).
pub fn format_time(epoch: u64) -> String {
    let days = (epoch / 86_400) as i64;
    let secs = epoch % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The progress bar of a transfer: bytes done of the estimated total, rate, ETA.
pub fn byte_progress_bar(total: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] [{wide_bar}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_as_utc() {
        assert_eq!(format_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_time(1_795_600_000), "2026-11-25 09:46:40 UTC");
        assert_eq!(format_time(951_782_400), "2000-02-29 00:00:00 UTC");
    }

    #[test]
    fn sizes_are_human() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3 << 20), "3.0 MiB");
    }
}
