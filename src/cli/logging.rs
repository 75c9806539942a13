//! Diagnostics and the daemon's log: `tracing` events as lines on standard error, at the level
//! `-v`/`-q` ask for, or as `RUST_LOG` says when it is set. On a terminal or in a file each line
//! starts with an RFC 3339 local timestamp and the level. Under systemd (standard error is the
//! journal's stream) the journal stamps lines itself, so each line starts with its syslog
//! priority (`<3>` error ... `<7>` debug) instead, which journald stores as the entry's level;
//! no journald client library is needed. A command's own output (tables, JSON, progress) is
//! not logging and does not come here.

use std::fmt::{self, Write as _};
use std::io::IsTerminal;
use std::os::fd::AsFd;
use std::os::unix::fs::MetadataExt;
use std::sync::OnceLock;

use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::{EnvFilter, LevelFilter};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

static JOURNAL: OnceLock<bool> = OnceLock::new();

/// Installs the log for this process: `verbose` and `quiet` are how often -v and -q were given.
pub fn init(verbose: u8, quiet: u8) {
    let journal = *JOURNAL.get_or_init(stderr_is_journal);
    let level = level(verbose, quiet);
    let rust_log = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let (filter, bad) = match rust_log.as_deref().map(EnvFilter::try_new) {
        Some(Ok(filter)) => (filter, None),
        Some(Err(e)) => (EnvFilter::new(level.to_string()), Some(e)),
        None => (EnvFilter::new(level.to_string()), None),
    };
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(layer(journal, std::io::stderr))
        .try_init();
    if let Some(e) = bad {
        tracing::warn!("ignoring RUST_LOG ({e}); logging at level {level}");
    }
}

/// Whether standard error is the journal (decided by [`init`]): a line written there without
/// going through the log needs its own `<N>` priority prefix.
pub fn to_journal() -> bool {
    JOURNAL.get().copied().unwrap_or(false)
}

/// The level -v and -q ask for: info by default, each -v one finer, each -q one coarser.
fn level(verbose: u8, quiet: u8) -> LevelFilter {
    match 2 + i16::from(verbose) - i16::from(quiet) {
        ..=0 => LevelFilter::ERROR,
        1 => LevelFilter::WARN,
        2 => LevelFilter::INFO,
        3 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    }
}

/// The formatting layer writing to `writer`. Write errors are dropped: tracing-subscriber
/// would otherwise report them with `eprintln!`, which panics when standard error is gone.
fn layer<S, W>(journal: bool, writer: W) -> impl tracing_subscriber::Layer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt::layer()
        .event_format(Line { journal })
        .with_writer(writer)
        .with_ansi(false)
        .log_internal_errors(false)
}

/// systemd sets JOURNAL_STREAM to the device and inode of the stream it connects a service's
/// standard error to; only when they still match is standard error the journal (a shell
/// started from a service inherits the variable, but not necessarily the stream). A terminal
/// never is.
fn stderr_is_journal() -> bool {
    let stderr = std::io::stderr();
    if stderr.is_terminal() {
        return false;
    }
    let Some(var) = std::env::var_os("JOURNAL_STREAM") else {
        return false;
    };
    let Ok(meta) = stderr
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|f| f.metadata())
    else {
        return false;
    };
    journal_stream_matches(&var.to_string_lossy(), meta.dev(), meta.ino())
}

/// Whether a JOURNAL_STREAM value (`DEVICE:INODE`, decimal) names this device and inode.
fn journal_stream_matches(var: &str, dev: u64, ino: u64) -> bool {
    var.split_once(':')
        .and_then(|(d, i)| Some((d.parse::<u64>().ok()?, i.parse::<u64>().ok()?)))
        == Some((dev, ino))
}

/// The syslog priority journald records for a level.
fn priority(level: Level) -> u8 {
    match level {
        Level::ERROR => 3,
        Level::WARN => 4,
        Level::INFO => 6,
        Level::DEBUG | Level::TRACE => 7,
    }
}

/// One event as `2026-11-29T18:03:12.123+01:00  INFO span{field=1}: message key=value`, or
/// under the journal `<6>span{field=1}: message key=value`, every line of a multi-line
/// message prefixed, so each journal entry keeps the event's priority.
struct Line {
    journal: bool,
}

impl<S, N> FormatEvent<S, N> for Line
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut text = String::new();
        if let Some(scope) = ctx.event_scope() {
            for span in scope.from_root() {
                text.push_str(span.name());
                if let Some(fields) = span.extensions().get::<FormattedFields<N>>() {
                    if !fields.is_empty() {
                        write!(text, "{{{fields}}}")?;
                    }
                }
                text.push_str(": ");
            }
        }
        ctx.format_fields(Writer::new(&mut text), event)?;
        let level = *event.metadata().level();
        if self.journal {
            let n = priority(level);
            for line in text.lines() {
                writeln!(writer, "<{n}>{line}")?;
            }
            Ok(())
        } else {
            let now = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%.3f%:z");
            writeln!(writer, "{now} {level:>5} {text}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A writer the tests can read back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Captured {
            self.clone()
        }
    }

    fn log_lines(journal: bool, level: LevelFilter) -> String {
        let out = Captured::default();
        let subscriber = tracing_subscriber::registry()
            .with(EnvFilter::new(level.to_string()))
            .with(layer(journal, out.clone()));
        tracing::subscriber::with_default(subscriber, || {
            tracing::error!("task t1 failed: p/a: dataset does not exist");
            let span = tracing::info_span!("task", name = "t1");
            let _in = span.enter();
            tracing::warn!(run = 3, "two lines:\nsecond");
            tracing::info!("started");
            tracing::debug!("detail");
        });
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        text
    }

    #[test]
    fn journal_lines_carry_the_syslog_priority_and_no_timestamp() {
        assert_eq!(
            log_lines(true, LevelFilter::DEBUG),
            "<3>task t1 failed: p/a: dataset does not exist\n\
             <4>task{name=\"t1\"}: two lines:\n\
             <4>second run=3\n\
             <6>task{name=\"t1\"}: started\n\
             <7>task{name=\"t1\"}: detail\n"
        );
    }

    #[test]
    fn terminal_lines_carry_a_local_rfc3339_timestamp_and_the_level() {
        let text = log_lines(false, LevelFilter::INFO);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        let (stamp, rest) = lines[0].split_once(' ').unwrap();
        chrono::DateTime::parse_from_rfc3339(stamp).unwrap();
        assert_eq!(
            stamp.len(),
            "2026-11-29T18:03:12.123+01:00".len(),
            "{stamp}"
        );
        assert_eq!(rest, "ERROR task t1 failed: p/a: dataset does not exist");
        assert!(lines[1].ends_with("  WARN task{name=\"t1\"}: two lines:"));
        assert!(lines[3].ends_with("  INFO task{name=\"t1\"}: started"));
        assert!(!text.contains("detail"), "debug is off at info: {text}");
    }

    #[test]
    fn verbosity_moves_the_level() {
        assert_eq!(level(0, 0), LevelFilter::INFO);
        assert_eq!(level(1, 0), LevelFilter::DEBUG);
        assert_eq!(level(3, 0), LevelFilter::TRACE);
        assert_eq!(level(0, 1), LevelFilter::WARN);
        assert_eq!(level(0, 2), LevelFilter::ERROR);
        assert_eq!(level(0, 9), LevelFilter::ERROR);
    }

    #[test]
    fn journal_stream_must_name_standard_error() {
        assert!(journal_stream_matches("8:1234", 8, 1234));
        assert!(!journal_stream_matches("8:1234", 8, 1235));
        assert!(!journal_stream_matches("", 8, 1234));
        assert!(!journal_stream_matches("8", 8, 1234));
        assert!(!journal_stream_matches("x:1234", 8, 1234));
    }
}
