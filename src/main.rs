//! The `zsplice` command line: a thin layer over the library. It parses the arguments
//! (`cli/args.rs`), calls one library function through the command's renderer (`cli/*`), and
//! exits with the code of the error's kind: 0 ok, 1 failed, 2 usage error, 3 refused (a
//! destination diverged). Errors are one sentence naming the dataset, on standard error; with
//! `--json` also as a JSON envelope (`cli/json.rs`, docs/json.md).

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use zsplice::{EngineError, ErrorKind};

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
            if e.kind() == ErrorKind::Refused {
                report(
                    "to re-copy from scratch anyway, destroying what is listed above, run again \
                     with --allow-from-scratch",
                );
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
/// which it printed). A refused command line with `--json` also gets its error envelope.
fn parse() -> Result<Cli, u8> {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let e = match Cli::command().try_get_matches_from(&argv) {
        Ok(m) => match Cli::from_arg_matches(&m) {
            Ok(cli) => return Ok(cli),
            Err(e) => e,
        },
        Err(e) => e,
    };
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    if e.use_stderr() && argv.iter().skip(1).any(|a| a == "--json") {
        // clap's message is its first paragraph (less "error: "); usage and tips follow.
        let rendered = e.render().to_string();
        let message: Vec<&str> = rendered
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect();
        let message = message.join(" ");
        let message = message.strip_prefix("error: ").unwrap_or(&message);
        cli::json::print_usage_error(&command_path(&argv), message);
    }
    let _ = e.print();
    Err(code)
}

/// The (sub)command names at the start of `argv` (`task show`), as far as they are known.
fn command_path(argv: &[std::ffi::OsString]) -> String {
    let mut cmd = Cli::command();
    let mut names = Vec::new();
    for a in argv.iter().skip(1).filter_map(|a| a.to_str()) {
        let Some(sub) = cmd.find_subcommand(a).cloned() else {
            continue;
        };
        names.push(sub.get_name().to_string());
        cmd = sub;
    }
    names.join(" ")
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
    }
}
