//! `zsplice completions` and `zsplice man`: shell completion scripts and man pages, generated
//! from the same clap definitions that parse the command line (`cli/args.rs`), so they never
//! drift from it.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use zsplice::EngineError;

use super::args::{
    note_state_dir, Cli, CompletionsArgs, ManArgs, Shell, DEFAULT_STATE_DIR, EXAMPLES,
    NOTE_EXIT_STATUS, NOTE_JSON, NOTE_LOGGING, NOTE_SCHEDULES,
};
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

/// Text for a roff line: backslashes, hyphens (minus signs in options), apostrophes and a
/// leading period or apostrophe (a control line) escaped.
fn roff_escape(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => o.push_str("\\e"),
            '-' => o.push_str("\\-"),
            '\'' => o.push_str("\\*(Aq"),
            c => o.push(c),
        }
    }
    if o.starts_with('.') {
        o.insert_str(0, "\\&");
    }
    o
}

/// A section of the page: its heading, then each paragraph (its first letter capitalised: the
/// help's notes follow a "Topic: " there).
fn roff_section(page: &mut String, heading: &str, paragraphs: &[&str]) {
    page.push_str(&format!(".SH \"{heading}\"\n"));
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            page.push_str(".PP\n");
        }
        let mut chars = p.chars();
        let p: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        page.push_str(&roff_escape(&p));
        page.push('\n');
    }
}

/// A section of named entries (`.TP`): each name in bold, then what it is.
fn roff_entries(page: &mut String, heading: &str, entries: &[(&str, &str)]) {
    page.push_str(&format!(".SH \"{heading}\"\n"));
    for (name, text) in entries {
        page.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            roff_escape(name),
            roff_escape(text)
        ));
    }
}

/// The sections of zsplice.1 between its commands and its version: what `zsplice --help` says
/// after the commands, as sections of their own.
fn notes_sections() -> String {
    let mut page = String::new();
    roff_section(&mut page, "SCHEDULES", &[NOTE_SCHEDULES]);
    roff_section(&mut page, "STATE DIRECTORY", &[&note_state_dir()]);
    roff_section(&mut page, "JSON OUTPUT", &[NOTE_JSON]);
    roff_section(&mut page, "LOGGING", &[NOTE_LOGGING]);
    roff_section(&mut page, "EXIT STATUS", &[NOTE_EXIT_STATUS]);
    roff_entries(
        &mut page,
        "ENVIRONMENT",
        &[
            (
                "ZSPLICE_STATE_DIR",
                "The state directory of task and daemon when --state-dir is not given.",
            ),
            (
                "RUST_LOG",
                "What the log shows (e.g. zsplice=debug); when set, it wins over -v and -q.",
            ),
        ],
    );
    roff_entries(
        &mut page,
        "FILES",
        &[(
            DEFAULT_STATE_DIR,
            "The default state directory: tasks, run records and run logs (mode 0700).",
        )],
    );
    page
}

/// The last sections of zsplice.1: EXAMPLES, and SEE ALSO with the page of every command.
fn closing_sections(cmd: &clap::Command) -> String {
    let mut page = String::from(".SH EXAMPLES\n.PP\n.nf\n.RS 4\n");
    for line in EXAMPLES {
        page.push_str(&roff_escape(line));
        page.push('\n');
    }
    page.push_str(".RE\n.fi\n");
    let mut pages: Vec<String> = Vec::new();
    fn each(cmd: &clap::Command, prefix: &str, pages: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            if sub.get_name() == "help" {
                continue;
            }
            let name = format!("{prefix}-{}", sub.get_name());
            pages.push(format!("\\fB{}\\fR(1)", roff_escape(&name)));
            each(sub, &name, pages);
        }
    }
    each(cmd, cmd.get_name(), &mut pages);
    for p in ["zfs", "zpool", "zfs\\-send", "zfs\\-receive", "zstream"] {
        pages.push(format!("\\fB{p}\\fR(8)"));
    }
    // No hyphenation: the page names are to be typed as they are.
    page.push_str(".SH \"SEE ALSO\"\n.nh\n");
    page.push_str(&pages.join(",\n"));
    page.push_str("\n.PP\n");
    page.push_str(&roff_escape(
        "The zsplice documentation: README.md, the --json outputs in docs/json.md and the \
         stream file format in docs/stream-file-format.md, in its source.",
    ));
    page.push('\n');
    page
}

/// The page of `zsplice` itself (zsplice.1): clap_mangen's sections, less its "EXTRA" (the
/// help's closing notes), whose topics get sections of their own (SCHEDULES ... EXIT STATUS,
/// ENVIRONMENT, FILES, EXAMPLES, SEE ALSO).
pub fn main_page() -> Result<Vec<u8>, std::io::Error> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    render_main_page(cmd)
}

fn render_main_page(cmd: clap::Command) -> Result<Vec<u8>, std::io::Error> {
    let closing = closing_sections(&cmd);
    let man = clap_mangen::Man::new(cmd);
    let mut page = clap_sections(&man, true)?;
    page.extend_from_slice(notes_sections().as_bytes());
    man.render_version_section(&mut page)?;
    page.extend_from_slice(closing.as_bytes());
    Ok(page)
}

/// Where every page says it comes from (its footer): the program and its version.
const SOURCE: &str = concat!("zsplice ", env!("CARGO_PKG_VERSION"));

/// What clap knows of a command, as the first sections of its page: title, name, synopsis,
/// description, options, and its subcommands when it has any.
fn clap_sections(man: &clap_mangen::Man, has_subcommands: bool) -> Result<Vec<u8>, std::io::Error> {
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    if has_subcommands {
        man.render_subcommands_section(&mut page)?;
    }
    Ok(page)
}

/// One command's page (zsplice-task-create.1 ...): what clap knows of it, and where the rest of
/// the story is (exit status, JSON, examples) in zsplice(1).
fn render_command_page(
    man: &clap_mangen::Man,
    has_subcommands: bool,
) -> Result<Vec<u8>, std::io::Error> {
    let mut page = clap_sections(man, has_subcommands)?;
    let mut rest = String::new();
    roff_section(
        &mut rest,
        "EXIT STATUS",
        &[
            NOTE_EXIT_STATUS,
            "see zsplice(1) for schedules, the state directory, JSON output and examples.",
        ],
    );
    rest.push_str(".SH \"SEE ALSO\"\n\\fBzsplice\\fR(1)\n");
    page.extend_from_slice(rest.as_bytes());
    Ok(page)
}

/// Writes zsplice.1 and one page per command and subcommand (zsplice-task-create.1 ...) into
/// `dir`, creating it if missing; returns the files written.
pub fn write_pages(dir: &Path) -> Result<Vec<PathBuf>, std::io::Error> {
    fn each(cmd: clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            each(sub, dir, written)?;
        }
        let has_subcommands = cmd.has_subcommands();
        let man = clap_mangen::Man::new(cmd).source(SOURCE);
        let path = dir.join(man.get_filename());
        std::fs::write(&path, render_command_page(&man, has_subcommands)?)?;
        written.push(path);
        Ok(())
    }
    std::fs::create_dir_all(dir)?;
    let mut cmd = Cli::command().disable_help_subcommand(true);
    // Gives each subcommand its full name (zsplice-task-create) for its page.
    cmd.build();
    let mut written = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        each(sub, dir, &mut written)?;
    }
    let main = clap_mangen::Man::new(cmd.clone());
    let path = dir.join(main.get_filename());
    std::fs::write(&path, render_main_page(cmd)?)?;
    written.push(path);
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
        Some(dir) if dir.exists() && !dir.is_dir() => {
            return Err(EngineError::Usage(format!(
                "{} is not a directory",
                dir.display()
            )));
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
        let installed = std::fs::read_to_string(dir.path().join("zsplice.1")).unwrap();
        assert_eq!(installed, page);
        // Every command's page says where it comes from and points back to zsplice(1); a
        // leaf command has no empty SUBCOMMANDS heading.
        let create = std::fs::read_to_string(dir.path().join("zsplice-task-create.1")).unwrap();
        assert!(create.contains(SOURCE), "{create}");
        assert!(
            create.contains("SEE ALSO") && create.contains("zsplice\\fR(1)"),
            "{create}"
        );
        assert!(create.contains("EXIT STATUS"), "{create}");
        assert!(!create.contains("SUBCOMMANDS"), "{create}");
        let task = std::fs::read_to_string(dir.path().join("zsplice-task.1")).unwrap();
        assert!(task.contains("SUBCOMMANDS"), "{task}");
    }

    #[test]
    fn the_main_page_has_proper_sections() {
        let page = String::from_utf8(main_page().unwrap()).unwrap();
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH OPTIONS",
            ".SH SUBCOMMANDS",
            ".SH \"EXIT STATUS\"",
            ".SH EXAMPLES",
            ".SH \"SEE ALSO\"",
        ] {
            assert!(page.contains(section), "{section}: {page}");
        }
        assert!(!page.contains("EXTRA"), "{page}");
        // The JSON format is found in the documentation, not by a path of this repository.
        assert!(!page.contains("see docs/json.md"), "{page}");
        assert!(
            page.contains("\\fBzsplice\\-task\\-create\\fR(1)"),
            "{page}"
        );
        // The example's continuation line is a literal backslash.
        assert!(page.contains("tank/data \\e\n"), "{page}");
        assert!(!page.contains("\n'") && !page.contains("\n.0"), "{page}");
    }

    #[test]
    fn roff_text_is_escaped() {
        assert_eq!(roff_escape(".x -v 'a' \\"), "\\&.x \\-v \\*(Aqa\\*(Aq \\e");
    }
}
