//! The `zsplice` command line: a thin layer over the library. Errors are one sentence naming the
//! dataset; exit codes are 0 ok, 1 failed, 2 usage error, 3 refused (the destination diverged).

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use zsplice::zfs::{DatasetInfo, DatasetName, SnapshotName, Zfs};
use zsplice::datasets::ListKind;
use zsplice::{EngineError, ErrorKind};

use crate::cli::output::{errln, format_time, outln, print_json};

#[derive(Parser, Debug)]
#[command(
    name = "zsplice",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("ZSPLICE_COMMIT"), ")"),
    about = "Native local ZFS replication: snapshots, listing, one-shot copies and stored \
             replication tasks through libzfs_core, no zfs(8) subprocesses",
    after_help = "Exit codes: 0 ok, 1 failed, 2 usage error, 3 refused (a destination diverged; \
                  nothing was changed).\n\
                  Logging: diagnostics and the daemon's log go to standard error, at level info; \
                  -v for debug (-vv trace), -q for warnings only (-qq errors only); RUST_LOG \
                  (e.g. RUST_LOG=zsplice=debug), when set, wins over both.\n\
                  Example:\n  zsplice task create nightly --source tank/data --destination backup/data \
                  --schedule '0 2 * * *' --retention 2w\n  zsplice task start nightly\n  \
                  zsplice task log nightly --output nightly.log"
)]
struct Cli {
    /// Where tasks, run records and logs are kept (created 0700).
    #[arg(
        long,
        global = true,
        env = "ZSPLICE_STATE_DIR",
        default_value = "/var/lib/zsplice",
        value_name = "DIR"
    )]
    state_dir: PathBuf,
    /// More detail in the log on standard error: -v debug, -vv trace (RUST_LOG wins when set).
    #[arg(short, long, global = true, action = ArgAction::Count, conflicts_with = "quiet")]
    verbose: u8,
    /// Less in the log: -q warnings and errors only, -qq errors only. A command's own output
    /// (tables, JSON, progress) is not affected.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    quiet: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Take snapshots, all in one transaction (they share one createtxg, or none is taken).
    Snapshot {
        /// Also snapshot every descendant filesystem with the same snapshot name.
        #[arg(short, long)]
        recursive: bool,
        /// Snapshots to take, e.g. tank/data@before-upgrade.
        #[arg(required = true, value_name = "DATASET@NAME")]
        snapshots: Vec<String>,
    },
    /// List datasets and snapshots with their guid, createtxg and creation time.
    List {
        /// Include every descendant.
        #[arg(short, long)]
        recursive: bool,
        /// What to list.
        #[arg(short = 't', long = "type", value_enum, default_value_t = ListType::Filesystem)]
        kind: ListType,
        /// Print JSON (creation as epoch seconds and as text).
        #[arg(long)]
        json: bool,
        #[arg(required = true, value_name = "DATASET")]
        datasets: Vec<String>,
    },
    /// Copy a dataset's existing snapshots to a destination once (no stored task): a full copy
    /// the first time, then only what is new since the newest snapshot both sides share
    /// (matched by guid). A diverged destination is refused (exit 3) unless
    /// --allow-from-scratch.
    Replicate(ReplicateArgs),
    /// Write a snapshot's stream (full, or incremental with --from) to a file or standard
    /// output: a zsplice stream file (frames with CRC-32s and an index, optionally zstd
    /// compressed on every core) or, with --plain, the bare ZFS stream. The stream's own
    /// checksums are verified on the way out.
    Send(cli::stream::SendArgs),
    /// Receive a stream written by `zsplice send` (or `zfs send`) into a dataset. A file is
    /// verified completely before anything is received; a damaged one changes nothing.
    Receive(cli::stream::ReceiveArgs),
    /// Look into stream files.
    #[command(subcommand)]
    Stream(StreamCommand),
    /// Stored replication tasks: create, list, start, show, delete, read logs.
    #[command(subcommand)]
    Task(TaskCommand),
    /// Run tasks when their schedule says: `once` tasks a single time, cron tasks at each
    /// scheduled time. Runs in the foreground and logs to standard error. Ctrl-C or SIGTERM
    /// stops it within seconds: running transfers end and resume at the next start; a second
    /// signal exits at once. Under systemd it reports readiness and feeds the watchdog
    /// (contrib/systemd/zsplice.service).
    Daemon {
        /// Seconds between looks at the schedules.
        #[arg(long, default_value_t = 20, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
        interval: u64,
        /// Transfers in flight at once across all tasks [default: the number of cores, at least 8
        /// and at most 32].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
        max_transfers: Option<u16>,
    },
}

#[derive(Args, Debug)]
struct ReplicateArgs {
    /// Source filesystem.
    source: String,
    /// Destination filesystem (created by the first copy, with any missing parents).
    destination: String,
    /// Also replicate every descendant of the source.
    #[arg(short, long)]
    recursive: bool,
    /// Leave this descendant (and everything below it) out; repeatable.
    #[arg(long, value_name = "DATASET")]
    exclude: Vec<String>,
    /// Re-copy a diverged destination from scratch, destroying its snapshots.
    #[arg(long)]
    allow_from_scratch: bool,
    /// How many datasets to replicate at once (parents always before their children). Many
    /// small datasets finish sooner side by side: their receives share transaction syncs.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    parallel: Option<u16>,
    /// Print the plan with estimated sizes; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
enum TaskCommand {
    /// Define a task. Several sources land at DESTINATION/<source without its pool>; one
    /// source lands at DESTINATION itself.
    Create(Box<cli::task::CreateArgs>),
    /// Every task with its schedule and state; a running task shows its progress.
    List {
        /// Print JSON: each task's state, detail, schedule, destination, last run and error.
        #[arg(long)]
        json: bool,
    },
    /// Run a task now, in the foreground: snapshot the sources, copy what is new, move the
    /// holds, apply retention, record the run.
    Start {
        /// The task's name (see zsplice task list).
        name: String,
        /// Re-copy diverged destinations from scratch for this run.
        #[arg(long)]
        allow_from_scratch: bool,
        /// Print the run record as JSON at the end (and no progress bar).
        #[arg(long)]
        json: bool,
    },
    /// A task's definition, held snapshots and run history.
    Show {
        /// The task's name (see zsplice task list).
        name: String,
        /// Print JSON: the task's definition and bookkeeping, and every run record.
        #[arg(long)]
        json: bool,
    },
    /// Delete a task and its run history, releasing its holds on source snapshots.
    Delete {
        /// The task's name (see zsplice task list).
        name: String,
    },
    /// Print a run's log (the latest run unless --run), or save it to a file.
    Log {
        /// The task's name (see zsplice task list).
        name: String,
        /// Run number (see task show).
        #[arg(long, value_name = "N")]
        run: Option<u64>,
        /// Write the log to this file instead of printing it.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum StreamCommand {
    /// Verify a stream file (or plain ZFS stream) end to end and summarise it: snapshot,
    /// guids, features, records by type, sizes (like `zstream dump`'s summary).
    Inspect(cli::stream::InspectArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ListType {
    Filesystem,
    Snapshot,
    All,
}

// SIGPIPE stays ignored, as the Rust runtime sets it before main: a reader that goes away is
// then an EPIPE that `cli::output` handles (the command's work goes on), never a silent kill in
// the middle of a transfer.
fn main() -> ExitCode {
    let cli = Cli::parse();
    cli::logging::init(cli.verbose, cli.quiet);
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            report(&e.to_string());
            if e.kind() == ErrorKind::Refused {
                report(
                    "to re-copy from scratch anyway, destroying what is listed above, run again \
                     with --allow-from-scratch",
                );
            }
            e.exit_code()
        }
    };
    ExitCode::from(cli::output::finish(code))
}

/// Says why a command failed, on standard error; in the journal, every line at priority error.
fn report(message: &str) {
    let priority = if cli::logging::to_journal() {
        "<3>"
    } else {
        ""
    };
    for (i, line) in message.split('\n').enumerate() {
        let name = if i == 0 { "zsplice: " } else { "" };
        errln!("{priority}{name}{line}");
    }
}

fn run(cli: Cli) -> Result<u8, EngineError> {
    match cli.command {
        Command::Snapshot {
            recursive,
            snapshots,
        } => {
            let wanted: Vec<SnapshotName> = snapshots
                .iter()
                .map(|s| SnapshotName::new(s))
                .collect::<Result<_, _>>()?;
            for s in zsplice::datasets::snapshot(&Zfs::open()?, &wanted, recursive)? {
                outln!("{s}");
            }
            Ok(0)
        }
        Command::List {
            recursive,
            kind,
            json,
            datasets,
        } => {
            let roots: Vec<DatasetName> = datasets
                .iter()
                .map(|d| DatasetName::new(d))
                .collect::<Result<_, _>>()?;
            let kind = match kind {
                ListType::Filesystem => ListKind::Datasets,
                ListType::Snapshot => ListKind::Snapshots,
                ListType::All => ListKind::All,
            };
            let rows = zsplice::datasets::list(&Zfs::open()?, &roots, recursive, kind)?;
            print_list(&rows, json);
            Ok(0)
        }
        Command::Replicate(args) => cli::replicate::run(args),
        Command::Send(args) => cli::stream::send(args),
        Command::Receive(args) => cli::stream::receive(args),
        Command::Stream(StreamCommand::Inspect(args)) => cli::stream::inspect(args),
        Command::Task(cmd) => cli::task::run(&cli.state_dir, cmd),
        Command::Daemon {
            interval,
            max_transfers,
        } => {
            let opts = zsplice::tasks::daemon::DaemonOptions {
                interval: std::time::Duration::from_secs(interval),
                max_transfers: max_transfers.map_or_else(
                    zsplice::replicate::options::default_parallelism,
                    usize::from,
                ),
            };
            cli::daemon::run(&cli.state_dir, &opts)
        }
    }
}

fn print_list(rows: &[DatasetInfo], json: bool) {
    if json {
        let v: Vec<_> = rows
            .iter()
            .map(|d| {
                serde_json::json!({
                    "name": d.name, "type": d.kind.as_str(), "guid": d.guid,
                    "createtxg": d.createtxg, "creation": d.creation,
                    "creation_time": format_time(d.creation),
                })
            })
            .collect();
        print_json(&v);
        return;
    }
    let w = rows.iter().map(|d| d.name.len()).max().unwrap_or(4).max(4);
    outln!(
        "{:<w$}  {:<10}  {:>20}  {:>9}  CREATION",
        "NAME",
        "TYPE",
        "GUID",
        "CREATETXG"
    );
    for d in rows {
        outln!(
            "{:<w$}  {:<10}  {:>20}  {:>9}  {}",
            d.name,
            d.kind.as_str(),
            d.guid,
            d.createtxg,
            format_time(d.creation)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn task_create_parses_every_option() {
        let cli = Cli::try_parse_from([
            "zsplice",
            "--state-dir",
            "/tmp/s",
            "task",
            "create",
            "t1",
            "--source",
            "p/a",
            "--recursive-source",
            "p/b",
            "--destination",
            "q/dst",
            "--exclude",
            "p/b/x",
            "--naming-schema",
            "z-%Y%m%d-%H%M%S",
            "--schedule",
            "0 * * * *",
            "--retention",
            "2w",
            "--readonly",
            "--set-property",
            "org:x=1",
        ])
        .unwrap();
        let Command::Task(TaskCommand::Create(args)) = cli.command else {
            panic!("not task create")
        };
        let spec = args.to_spec().unwrap();
        assert_eq!(spec.sources.len(), 2);
        assert!(!spec.sources[0].recursive && spec.sources[1].recursive);
        assert_eq!(spec.sources[1].exclude[0].as_str(), "p/b/x");
        assert_eq!(spec.retention.to_string(), "2w");
        assert!(spec.readonly);
    }

    #[test]
    fn bad_options_are_usage_errors() {
        let parse = |extra: &[&str]| {
            let mut v = vec![
                "zsplice",
                "task",
                "create",
                "t",
                "--source",
                "p/a",
                "--destination",
                "q/a",
            ];
            v.extend_from_slice(extra);
            let Command::Task(TaskCommand::Create(args)) = Cli::try_parse_from(v).unwrap().command
            else {
                panic!()
            };
            args.to_spec()
        };
        let e = parse(&["--schedule", "99 * * * *"]).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{e}");
        let e = parse(&["--retention", "forever"]).unwrap_err();
        assert!(e.to_string().starts_with("retention 'forever'"), "{e}");
        let e = parse(&["--naming-schema", "x-%Y-%m-%d_%H-%M-%Q"]).unwrap_err();
        assert!(e.to_string().contains("'%Q'"), "{e}");
        let e = parse(&["--exclude", "p/zzz"]).unwrap_err();
        assert!(e.to_string().contains("p/zzz"), "{e}");
        let e = parse(&["--set-property", "novalue"]).unwrap_err();
        assert!(e.to_string().contains("NAME=VALUE"), "{e}");
    }
}
