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

/// Epoch seconds as a person reads them: local time with its offset, `2026-11-29 21:40:05
/// +01:00` (schedules and snapshot names are local time too; the offset keeps the time
/// unambiguous across a DST change or another machine's zone).
pub fn format_time(epoch: u64) -> String {
    format_time_in(epoch, &chrono::Local, "%Y-%m-%d %H:%M:%S %:z")
}

/// Epoch seconds for a text field of JSON output: RFC 3339 in local time with its offset,
/// `2026-11-29T21:40:05+01:00` (the epoch-seconds field beside it stays as it is).
// For the "creation_time" of `zsplice list --json`, which still calls format_time.
#[allow(dead_code)]
pub fn format_time_rfc3339(epoch: u64) -> String {
    format_time_in(epoch, &chrono::Local, "%Y-%m-%dT%H:%M:%S%:z")
}

/// `epoch` in zone `tz`, formatted by `pattern`; a time chrono cannot represent (far beyond
/// the year 262143) is shown as the bare number of seconds.
fn format_time_in<Tz: chrono::TimeZone>(epoch: u64, tz: &Tz, pattern: &str) -> String
where
    Tz::Offset: fmt::Display,
{
    i64::try_from(epoch)
        .ok()
        .and_then(|secs| tz.timestamp_opt(secs, 0).single())
        .map_or_else(
            || format!("{epoch} s after 1970-01-01 UTC"),
            |t| t.format(pattern).to_string(),
        )
}

/// `n` with its noun in the singular or plural: `1 frame`, `3 frames`, `0 frames`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A size in binary units, as the progress bars show it: `512 B`, `3.00 MiB`.
pub fn human_bytes(n: u64) -> String {
    indicatif::BinaryBytes(n).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_with_its_offset() {
        let utc = chrono::FixedOffset::east_opt(0).unwrap();
        let plus1 = chrono::FixedOffset::east_opt(3600).unwrap();
        let minus5 = chrono::FixedOffset::west_opt(5 * 3600).unwrap();
        let text = "%Y-%m-%d %H:%M:%S %:z";
        assert_eq!(format_time_in(0, &utc, text), "1970-01-01 00:00:00 +00:00");
        assert_eq!(
            format_time_in(951_782_400, &utc, text),
            "2000-02-29 00:00:00 +00:00"
        );
        assert_eq!(
            format_time_in(1_795_600_000, &plus1, text),
            "2026-11-25 10:46:40 +01:00"
        );
        assert_eq!(
            format_time_in(1_795_600_000, &minus5, "%Y-%m-%dT%H:%M:%S%:z"),
            "2026-11-25T04:46:40-05:00"
        );
        assert_eq!(
            format_time_in(u64::MAX, &utc, text),
            "18446744073709551615 s after 1970-01-01 UTC"
        );
    }

    #[test]
    fn local_times_carry_the_local_offset() {
        use chrono::TimeZone;
        let epoch = 1_795_600_000;
        let local = chrono::Local.timestamp_opt(epoch as i64, 0).unwrap();
        let shown = format_time(epoch);
        let parsed = chrono::DateTime::parse_from_str(&shown, "%Y-%m-%d %H:%M:%S %:z").unwrap();
        assert_eq!(parsed.timestamp(), epoch as i64, "{shown}");
        assert_eq!(parsed.offset(), local.offset(), "{shown}");
        let json = format_time_rfc3339(epoch);
        let parsed = chrono::DateTime::parse_from_rfc3339(&json).unwrap();
        assert_eq!(parsed.timestamp(), epoch as i64, "{json}");
        assert_eq!(parsed.offset(), local.offset(), "{json}");
    }

    #[test]
    fn counts_take_singular_or_plural() {
        assert_eq!(count(0, "frame", "frames"), "0 frames");
        assert_eq!(count(1, "frame", "frames"), "1 frame");
        assert_eq!(count(2, "record", "records"), "2 records");
    }

    #[test]
    fn sizes_are_human() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1024), "1.00 KiB");
        assert_eq!(human_bytes(3 << 20), "3.00 MiB");
        assert_eq!(human_bytes(5 * (1 << 30) / 2), "2.50 GiB");
        assert_eq!(human_bytes(u64::MAX), "16.00 EiB");
    }
}
