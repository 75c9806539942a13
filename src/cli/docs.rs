//! `zsplice completions` and `zsplice man`: shell completion scripts and man pages, generated
//! from the same clap definitions that parse the command line (`cli/args.rs`), so they never
//! drift from it.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use zsplice::EngineError;

use super::args::{Cli, CompletionsArgs, ManArgs, Shell};
use super::output::{out, outln};

/// The completion script for `shell`.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    use clap_complete::Shell as S;
    let generator = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
    };
    let mut script = Vec::new();
    clap_complete::generate(generator, &mut Cli::command(), "zsplice", &mut script);
    script
}

pub fn completions(args: &CompletionsArgs) -> Result<u8, EngineError> {
    out!(
        "{}",
        String::from_utf8_lossy(&completion_script(args.shell))
    );
    Ok(0)
}

/// The page of `zsplice` itself (zsplice.1).
pub fn main_page() -> Result<Vec<u8>, std::io::Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    Ok(page)
}

/// Writes zsplice.1 and one page per command and subcommand (zsplice-task-create.1 ...) into
/// `dir`, creating it if missing; returns the files written.
pub fn write_pages(dir: &Path) -> Result<Vec<PathBuf>, std::io::Error> {
    fn each(cmd: clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            each(sub, dir, written)?;
        }
        written.push(clap_mangen::Man::new(cmd).generate_to(dir)?);
        Ok(())
    }
    std::fs::create_dir_all(dir)?;
    let mut cmd = Cli::command().disable_help_subcommand(true);
    // Gives each subcommand its full name (zsplice-task-create) for its page.
    cmd.build();
    let mut written = Vec::new();
    each(cmd, dir, &mut written)?;
    written.reverse();
    Ok(written)
}

pub fn man(args: &ManArgs) -> Result<u8, EngineError> {
    let io = |what: String| {
        move |e| zsplice::zfs::Error::Io {
            context: what,
            source: e,
        }
    };
    match &args.dir {
        None => {
            let page = main_page().map_err(io("rendering the man page".into()))?;
            out!("{}", String::from_utf8_lossy(&page));
        }
        Some(dir) => {
            let written = write_pages(dir).map_err(io(dir.display().to_string()))?;
            outln!("{} man pages written to {}", written.len(), dir.display());
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completions_are_generated_for_every_shell() {
        for (shell, marker) in [
            (Shell::Bash, "complete"),
            (Shell::Zsh, "#compdef zsplice"),
            (Shell::Fish, "complete -c zsplice"),
        ] {
            let script = String::from_utf8(completion_script(shell)).unwrap();
            assert!(script.contains(marker), "{shell:?}: {script}");
            assert!(script.contains("allow-from-scratch"), "{shell:?}");
        }
    }

    #[test]
    fn man_pages_cover_every_command() {
        let page = String::from_utf8(main_page().unwrap()).unwrap();
        assert!(page.contains(".TH zsplice 1"), "{page}");
        let dir = tempfile::tempdir().unwrap();
        let written = write_pages(dir.path()).unwrap();
        let names: Vec<String> = written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        for want in [
            "zsplice.1",
            "zsplice-task.1",
            "zsplice-task-create.1",
            "zsplice-daemon.1",
        ] {
            assert!(names.iter().any(|n| n == want), "{want} missing: {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
    }
}
