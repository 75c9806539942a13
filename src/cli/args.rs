//! Every command-line argument of `zsplice`, in one place: the clap definitions that parse the
//! command line and that the shell completions and man pages are generated from. Nothing here
//! acts; `main` dispatches what was parsed to the library and the renderers in `cli/*`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

pub use super::stream_args::{InspectArgs, ReceiveArgs, SendArgs, StreamCommand};
use super::values::parse_interval;
use crate::http::listen::{parse_listen, Listen};
use zsplice::model::policy::DEFAULT_NAMING_SCHEMA;

/// Where tasks live unless `--state-dir` or `$ZSPLICE_STATE_DIR` say otherwise.
pub const DEFAULT_STATE_DIR: &str = "/var/lib/zsplice";

/// Where the global options (`-v`, `-q`, `--state-dir`) go in every command's help: after the
/// command's own options (clap otherwise interleaves them).
const GLOBAL_ORDER: usize = 900;

// The notes after `zsplice --help`, one per topic. The man page (cli/docs.rs) renders each as
// a section of its own, so both say the same.

/// What the exit codes mean.
pub const NOTE_EXIT_STATUS: &str =
    "0 ok, 1 failed, 2 usage error, 3 refused (a destination diverged, or a stream received \
     would overwrite what is at its target; nothing was changed).";
/// What `--schedule` accepts.
pub const NOTE_SCHEDULES: &str = "a task's --schedule is once (the default: the daemon runs \
     it a single time), a 5-field cron line in local time such as '0 2 * * *', or one of \
     @hourly, @daily, @weekly (Sundays), @monthly, @yearly, each at the start of its period.";
/// zsplice's version and the commit it was built from (`--version` adds which OpenZFS it found:
/// `cli/version.rs`).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("ZSPLICE_COMMIT"), ")");
/// Which commands take `--json`, and where its format is described.
pub const NOTE_JSON: &str = "every --json output (list, replicate, send, receive, stream \
     inspect, task list, task show, task start, version) is one object {\"zsplice_json\": 1, \
     \"command\": ..., \"result\": ...} (\"error\": {...} when the command failed), described \
     in the zsplice documentation (docs/json.md in its source).";
/// Where the log goes and how to change its level.
pub const NOTE_LOGGING: &str = "diagnostics and the daemon's log go to standard error, at \
     level info; -v for debug (-vv trace), -q for warnings only (-qq errors only); RUST_LOG \
     (e.g. RUST_LOG=zsplice=debug), when set, wins over both.";
/// Example command lines, each short enough for an 80-column terminal; a line ending in `\`
/// continues on the next.
pub const EXAMPLES: &[&str] = &[
    "zsplice task create nightly --source tank/data \\",
    "    --destination backup/data --schedule '0 2 * * *' --retention 2w",
    "zsplice task start nightly",
    "zsplice task log nightly --output nightly.log",
];

/// Which commands take `--state-dir`: `task ...` and `daemon`.
pub fn note_state_dir() -> String {
    format!(
        "--state-dir DIR (default {DEFAULT_STATE_DIR}, or $ZSPLICE_STATE_DIR) goes with task \
         and daemon, before or after the command name."
    )
}

/// The text after `zsplice --help`.
fn after_help() -> String {
    let examples: Vec<String> = EXAMPLES.iter().map(|l| format!("  {l}")).collect();
    format!(
        "Exit codes: {NOTE_EXIT_STATUS}\nSchedules: {NOTE_SCHEDULES}\nState: {}\nJSON: \
         {NOTE_JSON}\nLogging: {NOTE_LOGGING}\nExample:\n{}",
        note_state_dir(),
        examples.join("\n")
    )
}

#[derive(Parser, Debug)]
#[command(
    name = "zsplice",
    version = VERSION,
    about = "Native local ZFS replication: snapshots, listing, one-shot copies and stored \
             replication tasks through libzfs_core, no zfs(8) subprocesses",
    after_help = after_help()
)]
pub struct Cli {
    /// The state directory, also accepted before the command name (`zsplice --state-dir DIR
    /// task list`). Hidden: only `task` and `daemon` use it, and list it themselves; clap
    /// hands a value given here to their own `--state-dir` (same id).
    #[arg(long = "state-dir", global = true, hide = true, value_name = "DIR",
          display_order = GLOBAL_ORDER)]
    #[allow(dead_code)]
    pub state_dir: Option<PathBuf>,
    /// More detail in the log on standard error: -v debug, -vv trace (RUST_LOG wins when set).
    #[arg(short, long, global = true, action = ArgAction::Count, conflicts_with = "quiet",
          display_order = GLOBAL_ORDER + 1)]
    pub verbose: u8,
    /// Less in the log: -q warnings and errors only, -qq errors only. A command's own output
    /// (tables, JSON, progress) is not affected.
    #[arg(short, long, global = true, action = ArgAction::Count,
          display_order = GLOBAL_ORDER + 2)]
    pub quiet: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Take snapshots, all in one transaction (they share one createtxg, or none is taken).
    Snapshot(SnapshotArgs),
    /// List datasets and snapshots with their guid, createtxg and creation time.
    List(ListArgs),
    /// Copy a dataset's existing snapshots to a destination once (no stored task): a full copy
    /// the first time, then only what is new since the newest snapshot both sides share
    /// (matched by guid). A diverged destination is refused (exit 3) unless
    /// --allow-from-scratch.
    Replicate(ReplicateArgs),
    /// Write a snapshot's stream (full, or incremental with --base) to a file or standard
    /// output: a zsplice stream file (frames with CRC-32s and an index, optionally zstd
    /// compressed on every core) or, with --plain, the bare ZFS stream. The stream's own
    /// checksums are verified on the way out.
    Send(SendArgs),
    /// Receive a stream written by `zsplice send` (or `zfs send`) into a dataset. A file is
    /// verified completely before anything is received; a damaged one changes nothing.
    Receive(ReceiveArgs),
    /// Look into stream files.
    #[command(subcommand)]
    Stream(StreamCommand),
    /// Stored replication tasks: create, list, start, show, delete, read logs.
    Task(TaskArgs),
    /// Run tasks when their schedule says: `once` tasks a single time, the others (a cron line,
    /// or @hourly, @daily, @weekly, @monthly, @yearly) at each time it gives. Runs in the foreground and logs to standard error. Ctrl-C or SIGTERM
    /// stops it within seconds: running transfers end and resume at the next start; a second
    /// signal exits at once. Under systemd it reports readiness and feeds the watchdog
    /// (contrib/systemd/zsplice.service).
    Daemon(DaemonArgs),
    /// Print a shell completion script to standard output, e.g.
    /// `zsplice completions bash > /etc/bash_completion.d/zsplice`.
    Completions(CompletionsArgs),
    /// Print the zsplice(1) man page, or write it and one page per command (zsplice-task-create.1
    /// ...) into a directory.
    Man(ManArgs),
    /// Print zsplice's version, the OpenZFS module and libzfs_core it found, and whether it
    /// works with them (OpenZFS 2.1 to 2.4; a library no newer than the module). Or --version.
    Version(VersionArgs),
}

#[derive(Args, Debug)]
pub struct VersionArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct SnapshotArgs {
    /// Also snapshot every descendant filesystem with the same snapshot name.
    #[arg(short, long)]
    pub recursive: bool,
    /// Snapshots to take, e.g. tank/data@before-upgrade.
    #[arg(required = true, value_name = "DATASET@NAME")]
    pub snapshots: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Include every descendant.
    #[arg(short, long)]
    pub recursive: bool,
    /// What to list.
    #[arg(short = 't', long = "type", value_enum, default_value_t = ListType::Filesystem)]
    pub kind: ListType,
    /// Print JSON (creation as epoch seconds and as text).
    #[arg(long)]
    pub json: bool,
    /// Datasets to list (with --recursive, each with its descendants).
    #[arg(required = true, value_name = "DATASET")]
    pub datasets: Vec<String>,
}

/// What `list` shows.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListType {
    /// Filesystems and volumes.
    Filesystem,
    /// Snapshots.
    Snapshot,
    /// Both.
    All,
}

#[derive(Args, Debug)]
pub struct ReplicateArgs {
    /// Source filesystem.
    pub source: String,
    /// Destination filesystem (created by the first copy, with any missing parents).
    pub destination: String,
    /// Also replicate every descendant of the source.
    #[arg(short, long)]
    pub recursive: bool,
    /// Leave this descendant (and everything below it) out; repeatable.
    #[arg(long, value_name = "DATASET")]
    pub exclude: Vec<String>,
    /// Re-copy a diverged destination from scratch, destroying its snapshots (one only
    /// written to since its last snapshot is rolled back to it instead).
    #[arg(long)]
    pub allow_from_scratch: bool,
    /// How many datasets to replicate at once (parents always before their children). Many
    /// small datasets finish sooner side by side: their receives share transaction syncs
    /// [default: the number of cores, at least 8 and at most 32].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub parallel: Option<u16>,
    /// Print the plan with estimated sizes; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// When done (refused or failed included), print what the run cost on standard error:
    /// requests made to the kernel (per pool, and the average per dataset), time, and peak
    /// memory.
    #[arg(long)]
    pub stats: bool,
}

/// The state directory option of the commands that keep state (`task ...`, `daemon`).
#[derive(Args, Debug)]
pub struct StateDirArg {
    /// Where tasks, run records and logs are kept (created 0700).
    #[arg(
        long = "state-dir",
        global = true,
        env = "ZSPLICE_STATE_DIR",
        default_value = DEFAULT_STATE_DIR,
        value_name = "DIR",
        display_order = GLOBAL_ORDER
    )]
    pub state_dir: PathBuf,
}

#[derive(Args, Debug)]
pub struct TaskArgs {
    #[command(flatten)]
    pub state: StateDirArg,
    #[command(subcommand)]
    pub command: TaskCommand,
}

#[derive(Subcommand, Debug)]
pub enum TaskCommand {
    /// Define a task. Several sources land at DESTINATION/<source without its pool>; one
    /// source lands at DESTINATION itself.
    Create(Box<CreateArgs>),
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
        /// Re-copy diverged destinations from scratch for this run (roll back ones only
        /// written to since their last snapshot).
        #[arg(long)]
        allow_from_scratch: bool,
        /// Print what a run would send now, with estimated sizes, and what it would refuse;
        /// take no snapshot, change nothing, record no run.
        #[arg(long)]
        dry_run: bool,
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
        /// Write the log to this new file instead of printing it (`-`: standard output).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the --output file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// Task name: letters, digits, '-', '_' and '.', not starting with '-' or '.'.
    pub name: String,
    /// A source dataset; repeatable.
    #[arg(long = "source", value_name = "DATASET")]
    pub sources: Vec<String>,
    /// A source dataset replicated with all its descendants; repeatable.
    #[arg(long = "recursive-source", value_name = "DATASET")]
    pub recursive_sources: Vec<String>,
    /// Where the copies land.
    #[arg(long, value_name = "DATASET")]
    pub destination: String,
    /// Make every --source recursive.
    #[arg(long, short)]
    pub recursive: bool,
    /// A descendant of a recursive source to leave out (with its own descendants); repeatable.
    #[arg(long, value_name = "DATASET")]
    pub exclude: Vec<String>,
    /// strftime pattern of the snapshots the task takes; must contain %Y %m %d %H %M.
    #[arg(long, default_value = DEFAULT_NAMING_SCHEMA, value_name = "SCHEMA")]
    pub naming_schema: String,
    /// When the daemon runs the task: `once` (a single run), a 5-field cron line in local time
    /// (e.g. '0 2 * * *'), or @hourly, @daily, @weekly, @monthly, @yearly.
    #[arg(long, default_value = "once", value_name = "SCHEDULE")]
    pub schedule: String,
    /// What the destination keeps: `source` (mirror source deletions), `none` (keep
    /// everything), or a duration such as 2w, 36h, 1y.
    #[arg(long, default_value = "none", value_name = "RETENTION")]
    pub retention: String,
    /// Re-copy a diverged destination from scratch instead of refusing (destroys its
    /// snapshots; one only written to since its last snapshot is rolled back to it).
    #[arg(long)]
    pub allow_from_scratch: bool,
    /// Make the replicated datasets read-only at the destination.
    #[arg(long)]
    pub readonly: bool,
    /// Replicate the sources' locally set properties (never mountpoint, sharing or keys).
    #[arg(long)]
    pub properties: bool,
    /// A property not to replicate; repeatable.
    #[arg(long, value_name = "PROPERTY")]
    pub exclude_property: Vec<String>,
    /// Set a property on the destination whatever the source says; repeatable.
    #[arg(long, value_name = "NAME=VALUE")]
    pub set_property: Vec<String>,
    /// How long the task's own snapshots stay on the source: `none` (keep them all), a count
    /// (24: the newest 24) or a duration (2w). Never the incremental base, never one the
    /// destination does not have yet, never a snapshot the naming schema did not make.
    #[arg(long, default_value = "none", value_name = "RETENTION")]
    pub source_retention: String,
    /// How often a dataset that failed for a reason that can pass (busy, stalled) is tried
    /// again within one run, waiting 1 s, 2 s, 4 s... in between.
    #[arg(long, default_value_t = zsplice::model::task::DEFAULT_RETRIES, value_name = "N",
          value_parser = clap::value_parser!(u32).range(0..=100))]
    pub retries: u32,
    /// A transfer that moves nothing for this long is stopped (it stays resumable) and
    /// retried.
    #[arg(long, default_value = "10m", value_name = "DURATION")]
    pub stall_timeout: String,
    /// How many runs (records and logs) to keep; the newest failed run is always kept too.
    #[arg(long, default_value_t = zsplice::model::keep::DEFAULT_KEEP_RUNS, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub keep_runs: u32,
    /// Start the first run right away, in the foreground.
    #[arg(long)]
    pub start: bool,
}

#[derive(Args, Debug)]
pub struct DaemonArgs {
    #[command(flatten)]
    pub state: StateDirArg,
    /// Time between looks at the schedules: a duration (20s, 5m) or plain seconds, from 1s
    /// to 1h.
    #[arg(long, default_value = "20s", value_name = "DURATION", value_parser = parse_interval)]
    pub interval: Duration,
    /// Transfers in flight at once across all tasks [default: the number of cores, at least 8
    /// and at most 32].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub max_transfers: Option<u16>,
    /// Also serve the web UI, the HTTP API (/api/v1) and Prometheus metrics (/metrics) on
    /// ADDR: HOST:PORT (e.g. 127.0.0.1:8080) or unix:PATH. Every API and metrics request over
    /// TCP must send 'Authorization: Bearer TOKEN': without --token-file, the token is the one
    /// the daemon keeps in STATE_DIR/http-token (made on the first start, mode 0600). A unix
    /// socket is made mode 0600 and needs no token. Plain HTTP, no TLS.
    #[arg(long, value_name = "ADDR", value_parser = parse_listen)]
    pub listen: Option<Listen>,
    /// A file (mode 0600, owned by this user) holding the token every API and metrics request
    /// must send as 'Authorization: Bearer TOKEN', instead of STATE_DIR/http-token. Required
    /// when --listen is not loopback.
    #[arg(long, value_name = "FILE", requires = "listen")]
    pub token_file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// A shell `completions` writes for.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    /// bash (source it, or put it in /etc/bash_completion.d/zsplice).
    Bash,
    /// zsh (put it in a directory of $fpath as _zsplice).
    Zsh,
    /// fish (put it in ~/.config/fish/completions/zsplice.fish).
    Fish,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write zsplice.1 and one page per command (zsplice-task-create.1 ...) into this
    /// directory (created if missing) instead of printing zsplice.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Where a command's `--json` output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonChannel {
    Stdout,
    /// `send` without `-o`: standard output is the stream itself.
    Stderr,
}

impl Cli {
    /// The command's name as the JSON envelope gives it (`task show`) and where its JSON
    /// goes, when `--json` was given.
    pub fn json_command(&self) -> Option<(&'static str, JsonChannel)> {
        use JsonChannel::*;
        let (name, json, channel) = match &self.command {
            Command::List(a) => ("list", a.json, Stdout),
            Command::Replicate(a) => ("replicate", a.json, Stdout),
            Command::Send(a) => (
                "send",
                a.json,
                if a.output.is_some() { Stdout } else { Stderr },
            ),
            Command::Receive(a) => ("receive", a.json, Stdout),
            Command::Stream(StreamCommand::Inspect(a)) => ("stream inspect", a.json, Stdout),
            Command::Version(a) => ("version", a.json, Stdout),
            Command::Task(t) => match &t.command {
                TaskCommand::List { json } => ("task list", *json, Stdout),
                TaskCommand::Start { json, .. } => ("task start", *json, Stdout),
                TaskCommand::Show { json, .. } => ("task show", *json, Stdout),
                _ => return None,
            },
            _ => return None,
        };
        json.then_some((name, channel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Cli {
        let mut v = vec!["zsplice"];
        v.extend_from_slice(args);
        Cli::try_parse_from(v).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    fn refused(args: &[&str]) -> String {
        let mut v = vec!["zsplice"];
        v.extend_from_slice(args);
        Cli::try_parse_from(v).unwrap_err().to_string()
    }

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every argument and subcommand says what it is for, in `--help`, the man pages and the
    /// completions alike (clap's own help/version aside).
    #[test]
    fn every_argument_and_subcommand_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if arg
                    .get_help()
                    .is_none_or(|h| h.to_string().trim().is_empty())
                {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                let name = format!("{path} {}", sub.get_name());
                if sub.get_name() == "help" {
                    continue;
                }
                if sub.get_about().is_none() {
                    missing.push(name.clone());
                }
                walk(sub, &name, missing);
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "zsplice", &mut missing);
        assert!(missing.is_empty(), "no help text: {missing:?}");
    }

    #[test]
    fn daemon_interval_is_a_duration_from_1s_to_1h() {
        assert_eq!(parse_interval("20"), Ok(Duration::from_secs(20)));
        assert_eq!(parse_interval("20s"), Ok(Duration::from_secs(20)));
        assert_eq!(parse_interval("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_interval("1m 30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_interval("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_interval("1500ms"), Ok(Duration::from_millis(1500)));
        for bad in ["0", "0s", "999ms", "61m", "2h", "3601"] {
            let e = parse_interval(bad).unwrap_err();
            assert!(e.contains("from 1s to 1h"), "{bad}: {e}");
        }
        for bad in ["abc", "", "5 parsecs", "-1"] {
            let e = parse_interval(bad).unwrap_err();
            assert!(e.contains("duration"), "{bad}: {e}");
        }
        let Command::Daemon(d) = parse(&["daemon"]).command else {
            panic!()
        };
        assert_eq!(d.interval, Duration::from_secs(20));
        let Command::Daemon(d) = parse(&["daemon", "--interval", "5m"]).command else {
            panic!()
        };
        assert_eq!(d.interval, Duration::from_secs(300));
        assert!(refused(&["daemon", "--interval", "0"]).contains("from 1s to 1h"));
    }

    #[test]
    fn send_base_and_receive_input_keep_their_old_spellings() {
        for args in [
            &["send", "p/a@s2", "--base", "@s1"][..],
            &["send", "p/a@s2", "-i", "@s1"],
            &["send", "p/a@s2", "--from", "@s1"],
        ] {
            let Command::Send(s) = parse(args).command else {
                panic!()
            };
            assert_eq!(s.base.as_deref(), Some("@s1"), "{args:?}");
        }
        for args in [
            &["receive", "q/a", "--input", "f.zsp"][..],
            &["receive", "q/a", "-f", "f.zsp"],
            &["receive", "q/a", "--from", "f.zsp"],
        ] {
            let Command::Receive(r) = parse(args).command else {
                panic!()
            };
            assert_eq!(r.input, Some(PathBuf::from("f.zsp")), "{args:?}");
        }
        // The old spellings work but are not advertised.
        let mut cmd = Cli::command();
        let help = cmd
            .find_subcommand_mut("send")
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(
            help.contains("--base") && !help.contains("--from"),
            "{help}"
        );
    }

    #[test]
    fn the_state_dir_goes_before_or_after_the_command() {
        let dir = |cli: Cli| match cli.command {
            Command::Task(t) => t.state.state_dir,
            Command::Daemon(d) => d.state.state_dir,
            _ => panic!(),
        };
        let before = parse(&["--state-dir", "/tmp/a", "task", "list"]);
        assert_eq!(dir(before), PathBuf::from("/tmp/a"));
        let after = parse(&["task", "list", "--state-dir", "/tmp/b"]);
        assert_eq!(dir(after), PathBuf::from("/tmp/b"));
        let between = parse(&["task", "--state-dir", "/tmp/c", "show", "t1"]);
        assert_eq!(dir(between), PathBuf::from("/tmp/c"));
        let daemon = parse(&["--state-dir", "/tmp/d", "daemon"]);
        assert_eq!(dir(daemon), PathBuf::from("/tmp/d"));
        // Commands that keep no state do not list it.
        let mut cmd = Cli::command();
        for name in ["replicate", "send", "list"] {
            let help = cmd
                .find_subcommand_mut(name)
                .unwrap()
                .render_long_help()
                .to_string();
            assert!(!help.contains("--state-dir"), "{name}: {help}");
        }
        let help = cmd
            .find_subcommand_mut("daemon")
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(help.contains("--state-dir"), "{help}");
    }

    #[test]
    fn task_log_output_dash_and_force() {
        let log = |args: &[&str]| match parse(args).command {
            Command::Task(TaskArgs {
                command: TaskCommand::Log { output, force, .. },
                ..
            }) => (output, force),
            _ => panic!(),
        };
        let (output, force) = log(&["task", "log", "t1", "-o", "-"]);
        assert!(crate::cli::task::is_stdout(output.as_deref().unwrap()));
        assert!(!force);
        let (output, force) = log(&["task", "log", "t1", "--output", "x.log", "--force"]);
        assert!(!crate::cli::task::is_stdout(output.as_deref().unwrap()));
        assert!(force);
    }

    #[test]
    fn task_start_has_a_dry_run() {
        let Command::Task(TaskArgs {
            command: TaskCommand::Start { dry_run, json, .. },
            ..
        }) = parse(&["task", "start", "t1", "--dry-run", "--json"]).command
        else {
            panic!()
        };
        assert!(dry_run && json);
    }

    #[test]
    fn json_commands_are_named_as_in_the_envelope() {
        let named = |args: &[&str]| parse(args).json_command();
        assert_eq!(
            named(&["task", "show", "t1", "--json"]),
            Some(("task show", JsonChannel::Stdout))
        );
        assert_eq!(named(&["task", "show", "t1"]), None);
        assert_eq!(
            named(&["stream", "inspect", "f", "--json"]),
            Some(("stream inspect", JsonChannel::Stdout))
        );
        assert_eq!(
            named(&["send", "p/a@s", "--json"]),
            Some(("send", JsonChannel::Stderr))
        );
        assert_eq!(
            named(&["send", "p/a@s", "-o", "f", "--json"]),
            Some(("send", JsonChannel::Stdout))
        );
    }

    /// The commands that take `--json` are the ones the envelope names (json_command), the
    /// help's note and docs/json.md list.
    #[test]
    fn json_commands_are_the_documented_ones() {
        fn walk(cmd: &clap::Command, path: &str, found: &mut Vec<String>) {
            if cmd.get_arguments().any(|a| a.get_long() == Some("json")) {
                found.push(path.trim().to_string());
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), found);
            }
        }
        let mut found = Vec::new();
        walk(&Cli::command(), "", &mut found);
        found.sort();
        let mut documented = vec![
            "list",
            "replicate",
            "send",
            "receive",
            "stream inspect",
            "task list",
            "task show",
            "task start",
            "version",
        ];
        documented.sort();
        assert_eq!(found, documented);
        let doc = include_str!("../../docs/json.md");
        let row = doc
            .lines()
            .find(|l| l.starts_with("| `command` |"))
            .unwrap();
        for name in &documented {
            assert!(row.contains(&format!("`{name}`")), "docs/json.md: {name}");
            assert!(NOTE_JSON.contains(name), "NOTE_JSON: {name}");
            let mut argv: Vec<&str> = name.split(' ').collect();
            argv.extend(["x", "--json"]);
            if *name == "replicate" {
                argv.insert(2, "y");
            }
            if *name == "task list" || *name == "version" {
                argv.retain(|a| *a != "x");
            }
            assert_eq!(parse(&argv).json_command().map(|c| c.0), Some(*name));
        }
    }

    /// Each command's own options come first in its help, the global ones after them.
    #[test]
    fn global_options_come_after_the_commands_own() {
        let mut cmd = Cli::command();
        // Hands the global options down to every subcommand, as parsing does.
        cmd.build();
        for path in [
            &["list"][..],
            &["task", "create"],
            &["daemon"],
            &["replicate"],
        ] {
            let mut sub = &mut cmd;
            for name in path {
                sub = sub.find_subcommand_mut(name).unwrap();
            }
            let help = sub.render_help().to_string();
            let at = |s: &str| help.find(s).unwrap_or_else(|| panic!("{s}: {help}"));
            let own = match path[0] {
                "list" => "--json",
                "task" => "--keep-runs",
                "daemon" => "--max-transfers",
                _ => "--json",
            };
            assert!(at(own) < at("--verbose"), "{path:?}: {help}");
            assert!(at("--verbose") < at("--quiet"), "{path:?}: {help}");
            if path[0] != "list" && path[0] != "replicate" {
                assert!(at(own) < at("--state-dir"), "{path:?}: {help}");
            }
        }
    }

    /// `replicate --parallel` and `daemon --max-transfers` default to the same thing, and say
    /// so in the same words.
    #[test]
    fn parallel_defaults_are_stated() {
        let mut cmd = Cli::command();
        let help = |cmd: &mut clap::Command, name: &str, arg: &str| {
            cmd.find_subcommand_mut(name)
                .unwrap()
                .get_arguments()
                .find(|a| a.get_long() == Some(arg))
                .and_then(|a| a.get_help())
                .unwrap()
                .to_string()
        };
        let words = "[default: the number of cores, at least 8 and at most 32]";
        assert!(help(&mut cmd, "replicate", "parallel").contains(words));
        assert!(help(&mut cmd, "daemon", "max-transfers").contains(words));
    }

    /// Every named schedule is described wherever schedules are, and the examples fit.
    #[test]
    fn schedules_and_examples_in_the_help() {
        let mut cmd = Cli::command();
        let top = cmd.render_long_help().to_string();
        let create = cmd
            .find_subcommand_mut("task")
            .unwrap()
            .find_subcommand_mut("create")
            .unwrap()
            .render_long_help()
            .to_string();
        let readme = include_str!("../../README.md");
        for name in ["@hourly", "@daily", "@weekly", "@monthly", "@yearly"] {
            name.parse::<zsplice::model::policy::Schedule>().unwrap();
            assert!(top.contains(name), "zsplice --help: {name}");
            assert!(create.contains(name), "task create --help: {name}");
            assert!(readme.contains(name), "README: {name}");
        }
        assert!(top.contains("--state-dir DIR"), "{top}");
        for line in EXAMPLES {
            assert!(line.len() + 2 <= 80, "{line}");
        }
        assert!(
            top.contains(EXAMPLES[0]) && top.contains(EXAMPLES[1]),
            "{top}"
        );
    }

    #[test]
    fn task_create_parses_every_option() {
        let cli = parse(&[
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
        ]);
        let Command::Task(TaskArgs {
            command: TaskCommand::Create(args),
            ..
        }) = cli.command
        else {
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
        let spec = |extra: &[&str]| {
            let mut v = vec![
                "task",
                "create",
                "t",
                "--source",
                "p/a",
                "--destination",
                "q/a",
            ];
            v.extend_from_slice(extra);
            let Command::Task(TaskArgs {
                command: TaskCommand::Create(args),
                ..
            }) = parse(&v).command
            else {
                panic!()
            };
            args.to_spec()
        };
        let e = spec(&["--schedule", "99 * * * *"]).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{e}");
        let e = spec(&["--retention", "forever"]).unwrap_err();
        assert!(e.to_string().starts_with("retention 'forever'"), "{e}");
        let e = spec(&["--naming-schema", "x-%Y-%m-%d_%H-%M-%Q"]).unwrap_err();
        assert!(e.to_string().contains("'%Q'"), "{e}");
        let e = spec(&["--exclude", "p/zzz"]).unwrap_err();
        assert!(e.to_string().contains("p/zzz"), "{e}");
        let e = spec(&["--set-property", "novalue"]).unwrap_err();
        assert!(e.to_string().contains("NAME=VALUE"), "{e}");
    }
}
