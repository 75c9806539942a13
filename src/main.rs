//! The `zsplice` command line: a thin layer over the library. It parses the arguments
//! (`cli/args.rs`), calls one library function through the command's renderer (`cli/*`), and
//! exits with the code of the error's kind: 0 ok, 1 failed, 2 usage error, 3 refused (a
//! destination diverged). Errors are one sentence naming the dataset, on standard error; with
//! `--json` also as a JSON envelope (`cli/json.rs`, docs/json.md).

mod cli;
mod http;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use zsplice::EngineError;

use crate::cli::args::{Cli, Command, StreamCommand};
use crate::cli::output::errln;

// SIGPIPE stays ignored, as the Rust runtime sets it before main: a reader that goes away is
// then an EPIPE that `cli::output` handles (the command's work goes on), never a silent kill in
// the middle of a transfer.
fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(cli::output::finish(code)),
    };
    cli::logging::init(cli.verbose, cli.quiet);
    let json = cli.json_command();
    if let Some((command, channel)) = json {
        cli::json::begin(command, channel);
    }
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            report(&e.to_string());
            if e.is_divergence() {
                report(if e.only_rolls_back() {
                    "to roll the destination back to its last snapshot anyway, discarding what \
                     was written there since (no snapshot is destroyed), run again with \
                     --allow-from-scratch"
                } else {
                    "to re-copy from scratch anyway, destroying what is listed above, run again \
                     with --allow-from-scratch"
                });
            }
            if json.is_some() {
                cli::json::print_error(&e);
            }
            e.kind().exit_code()
        }
    };
    ExitCode::from(cli::output::finish(code))
}

/// The parsed command line, or the exit code of one clap refused (or of `--help`/`--version`,
/// which it printed). A refused command line whose command takes `--json` and got it also gets
/// its error envelope; `--json` given to a command without one is just the usage error.
fn parse() -> Result<Cli, u8> {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let e = match Cli::command().try_get_matches_from(&argv) {
        Ok(m) => match Cli::from_arg_matches(&m) {
            Ok(cli) => return Ok(cli),
            Err(e) => e,
        },
        Err(e) => e,
    };
    // `--version` says what `zsplice version` says: which OpenZFS this is matters as much.
    if e.kind() == clap::error::ErrorKind::DisplayVersion {
        cli::version::print_text();
        return Err(0);
    }
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    let (command, json) = json_command_path(&argv);
    if e.use_stderr() && json {
        // clap's message is its first paragraph (less "error: "); usage and tips follow.
        let rendered = e.render().to_string();
        let message: Vec<&str> = rendered
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect();
        let message = message.join(" ");
        let message = message.strip_prefix("error: ").unwrap_or(&message);
        cli::json::print_usage_error(&command, message);
    }
    let _ = e.print();
    Err(code)
}

/// The (sub)command names at the start of `argv` (`task show`), as far as they are known, and
/// whether `--json` follows a command that takes it (`task show t1 --json`; not `--json task
/// show`, nor `task create --json`).
fn json_command_path(argv: &[std::ffi::OsString]) -> (String, bool) {
    let mut cmd = Cli::command();
    let mut names = Vec::new();
    let mut json = false;
    for a in argv.iter().skip(1).filter_map(|a| a.to_str()) {
        if a == "--" {
            break;
        }
        if a == "--json" {
            json |= cmd
                .get_arguments()
                .any(|arg| arg.get_long() == Some("json"));
            continue;
        }
        let Some(sub) = cmd.find_subcommand(a).cloned() else {
            continue;
        };
        names.push(sub.get_name().to_string());
        cmd = sub;
    }
    (names.join(" "), json)
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
        Command::Snapshot(args) => cli::datasets::snapshot(&args),
        Command::List(args) => cli::datasets::list(&args),
        Command::Replicate(args) => cli::replicate::run(args),
        Command::Send(args) => cli::stream::send(args),
        Command::Receive(args) => cli::stream::receive(args),
        Command::Stream(StreamCommand::Inspect(args)) => cli::stream::inspect(args),
        Command::Task(args) => cli::task::run(args),
        Command::Daemon(args) => cli::daemon::run(&args),
        Command::Completions(args) => cli::docs::completions(&args),
        Command::Man(args) => cli::docs::man(&args),
        Command::Version(args) => cli::version::print(&args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(args: &[&str]) -> (String, bool) {
        let argv: Vec<std::ffi::OsString> = std::iter::once("zsplice")
            .chain(args.iter().copied())
            .map(Into::into)
            .collect();
        json_command_path(&argv)
    }

    #[test]
    fn a_usage_error_gets_an_envelope_only_from_a_command_with_json() {
        assert_eq!(
            path(&["task", "show", "--json"]),
            ("task show".into(), true)
        );
        assert_eq!(path(&["list", "--json", "--bogus"]), ("list".into(), true));
        assert_eq!(
            path(&["stream", "inspect", "--json"]),
            ("stream inspect".into(), true)
        );
        // --json where the command being parsed has none.
        assert_eq!(
            path(&["task", "create", "--json", "t"]),
            ("task create".into(), false)
        );
        assert_eq!(path(&["--json", "list", "tank"]), ("list".into(), false));
        assert_eq!(
            path(&["task", "--json", "list"]),
            ("task list".into(), false)
        );
        assert_eq!(path(&["--json"]), (String::new(), false));
        assert_eq!(path(&["daemon", "--json"]), ("daemon".into(), false));
        // A dataset or an option value that looks like a command is not one.
        assert_eq!(path(&["list", "task", "--json"]), ("list".into(), true));
        assert_eq!(path(&["list", "--", "--json"]), ("list".into(), false));
    }
}
