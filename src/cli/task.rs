//! `zsplice task ...`: stored tasks, their runs and logs.

use std::io::{IsTerminal, Write};
use std::path::Path;

use zsplice::model::record::{RunRecord, RunState};
use zsplice::model::task::TaskSpec;
use zsplice::model::task_request::TaskRequest;
use zsplice::observe::{LogLines, Observer};
use zsplice::replicate::plan::PlanError;
use zsplice::tasks::lifecycle::{create_task, delete_task};
use zsplice::tasks::logs::{run_log, save_run_log};
use zsplice::tasks::preview::{preview_task, TaskPreview};
use zsplice::tasks::run::{start_task, StartOptions};
use zsplice::tasks::status::{runs_as_they_stand, task_overview};
use zsplice::tasks::store::Store;
use zsplice::zfs::Zfs;
use zsplice::EngineError;

use super::args::{CreateArgs, TaskArgs, TaskCommand};
use super::json;
use super::output::{count, errln, format_time, human_bytes, out, outln};
use super::preview::print_stream;
use super::progress::Progress;

impl CreateArgs {
    /// The task definition these arguments describe, fully validated.
    pub fn to_spec(&self) -> Result<TaskSpec, EngineError> {
        let mut overrides = std::collections::BTreeMap::new();
        for kv in &self.set_property {
            let Some((k, v)) = kv.split_once('=') else {
                return Err(EngineError::Usage(format!(
                    "--set-property '{kv}': expected NAME=VALUE"
                )));
            };
            overrides.insert(k.to_string(), v.to_string());
        }
        TaskRequest {
            name: self.name.clone(),
            source_datasets: self.sources.clone(),
            recursive: self.recursive,
            recursive_source_datasets: self.recursive_sources.clone(),
            exclude: self.exclude.clone(),
            target_dataset: self.destination.clone(),
            schedule: self.schedule.clone(),
            retention: self.retention.clone(),
            naming_schema: self.naming_schema.clone(),
            readonly: self.readonly,
            allow_from_scratch: self.allow_from_scratch,
            properties: self.properties,
            properties_exclude: self.exclude_property.clone(),
            properties_override: overrides,
            source_retention: self.source_retention.clone(),
            retries: self.retries,
            stall_timeout: self.stall_timeout.clone(),
            keep_runs: self.keep_runs,
        }
        .to_spec()
    }
}

pub fn run(args: TaskArgs) -> Result<u8, EngineError> {
    let state_dir = args.state.state_dir.as_path();
    match args.command {
        TaskCommand::Create(args) => {
            let spec = args.to_spec()?;
            let store = Store::open(state_dir)?;
            let zfs = Zfs::open()?;
            let spec = create_task(&zfs, &store, spec)?.spec;
            outln!(
                "task {} created: {} source(s) -> {}, schedule {}, retention {}",
                spec.name,
                spec.sources.len(),
                spec.destination,
                spec.schedule,
                spec.retention
            );
            if args.start {
                return start(&store, &spec.name, false, false);
            }
            Ok(0)
        }
        TaskCommand::List { json } => {
            let store = Store::open(state_dir)?;
            list(&store, json)
        }
        TaskCommand::Start {
            name,
            allow_from_scratch,
            dry_run,
            json,
        } => {
            let store = Store::open(state_dir)?;
            if dry_run {
                // As a start does: an unknown task is said before ZFS is opened.
                store.task(&name)?;
                let preview = preview_task(&Zfs::open()?, &store, &name, allow_from_scratch)?;
                print_preview(&preview, json);
                return Ok(0);
            }
            start(&store, &name, allow_from_scratch, json)
        }
        TaskCommand::Show { name, json } => {
            let store = Store::open(state_dir)?;
            show(&store, &name, json)
        }
        TaskCommand::Delete { name } => {
            let store = Store::open(state_dir)?;
            let say = LogLines(|line: &str| outln!("{line}"));
            for hold in delete_task(&store, &name, &say)? {
                errln!(
                    "zsplice: warning: {}; release it with: {}",
                    hold.reason,
                    hold.release_command()
                );
            }
            outln!("task {name} deleted");
            Ok(0)
        }
        TaskCommand::Log {
            name,
            run,
            output,
            force,
        } => {
            let store = Store::open(state_dir)?;
            match output.as_deref().filter(|p| !is_stdout(p)) {
                Some(path) => {
                    let saved = save_run_log(&store, &name, run, path, force)?;
                    outln!(
                        "log of task {name} run {} saved to {} ({} lines)",
                        saved.number,
                        saved.path.display(),
                        saved.lines
                    );
                }
                None => out!("{}", run_log(&store, &name, run)?.text),
            }
            Ok(0)
        }
    }
}

/// `-o -` names standard output.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A task dry run: the snapshot a run would take first, then per dataset what exists now and
/// would be sent (the same lines as `replicate --dry-run`).
fn print_preview(p: &TaskPreview, as_json: bool) {
    if as_json {
        let recopies: Vec<String> = p
            .pairs
            .iter()
            .filter_map(|d| d.recopy.as_ref().map(ToString::to_string))
            .collect();
        let streams: Vec<_> = p.streams().collect();
        json::print_result(&serde_json::json!({
            "task": p.task, "snapshot": p.snapshot, "datasets": p.datasets(),
            "streams": streams, "recopies": recopies, "then": p.then,
        }));
        return;
    }
    outln!(
        "would take @{} of {} first (one transaction per pool)",
        p.snapshot,
        count(p.datasets() as u64, "dataset", "datasets")
    );
    for (pair, new) in p.pairs.iter().zip(&p.then) {
        if let Some(e) = &pair.recopy {
            outln!("would re-copy from scratch: {e}");
        }
        pair.streams.iter().chain([new]).for_each(print_stream);
    }
}

/// What `task list` shows for a task's state (a dead run already reads as interrupted: see
/// `runs_as_they_stand`).
fn effective_state(last: Option<&RunRecord>) -> (String, String) {
    let Some(r) = last else {
        return ("pending".into(), "never run".into());
    };
    let detail = match r.state {
        RunState::Running | RunState::Pending => {
            let pct = (r.bytes_done * 100)
                .checked_div(r.bytes_total)
                .map_or(String::new(), |p| format!("{}%, ", p.min(100)));
            format!(
                "{pct}{} of ~{} at {}/s",
                human_bytes(r.bytes_done),
                human_bytes(r.bytes_total),
                human_bytes(r.rate)
            )
        }
        RunState::Finished => format!(
            "run {} at {}: {} snapshot(s), {}",
            r.number,
            format_time(r.ended.unwrap_or(r.started)),
            r.snapshots_sent(),
            human_bytes(r.bytes_done)
        ),
        RunState::Failed | RunState::Refused | RunState::Interrupted => format!(
            "run {}: {}",
            r.number,
            r.error.as_deref().unwrap_or("failed")
        ),
    };
    (r.state.as_str().into(), detail)
}

fn list(store: &Store, json: bool) -> Result<u8, EngineError> {
    // A task whose files cannot be read is shown with its error; the others as usual.
    struct Row {
        name: String,
        schedule: String,
        state: String,
        detail: String,
        destination: Option<String>,
        last: Option<RunRecord>,
        error: Option<String>,
    }
    let rows: Vec<Row> = task_overview(store)?
        .into_iter()
        .map(|t| match t.task {
            Ok(task) => {
                let (state, detail) = effective_state(t.last_run.as_ref());
                Row {
                    name: t.name,
                    schedule: task.spec.schedule.to_string(),
                    state,
                    detail,
                    destination: Some(task.spec.destination.to_string()),
                    last: t.last_run,
                    error: None,
                }
            }
            Err(e) => Row {
                name: t.name,
                schedule: "?".into(),
                state: "error".into(),
                detail: e.to_string(),
                destination: None,
                last: None,
                error: Some(e.to_string()),
            },
        })
        .collect();
    if json {
        let v: Vec<_> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "name": r.name, "state": r.state, "detail": r.detail,
                    "schedule": r.schedule, "destination": r.destination,
                    "last_run": r.last, "error": r.error,
                })
            })
            .collect();
        json::print_result(&v);
        return Ok(0);
    }
    if rows.is_empty() {
        outln!("no tasks (create one with zsplice task create)");
        return Ok(0);
    }
    let w = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    let sw = rows
        .iter()
        .map(|r| r.schedule.len())
        .max()
        .unwrap_or(8)
        .max(8);
    outln!(
        "{:<w$}  {:<sw$}  {:<11}  DETAIL",
        "NAME",
        "SCHEDULE",
        "STATE"
    );
    for r in &rows {
        outln!(
            "{:<w$}  {:<sw$}  {:<11}  {}",
            r.name,
            r.schedule,
            r.state,
            r.detail
        );
    }
    Ok(0)
}

fn show(store: &Store, name: &str, json: bool) -> Result<u8, EngineError> {
    let task = store.task(name)?;
    let runs = runs_as_they_stand(store, name)?;
    if json {
        json::print_result(&serde_json::json!({ "task": task, "runs": runs }));
        return Ok(0);
    }
    let s = &task.spec;
    outln!("task:          {}", s.name);
    for src in &s.sources {
        let mut line = src.dataset.to_string();
        if src.recursive {
            line.push_str(" (recursive)");
        }
        if !src.exclude.is_empty() {
            let ex: Vec<&str> = src.exclude.iter().map(|e| e.as_str()).collect();
            line.push_str(&format!(", excluding {}", ex.join(", ")));
        }
        outln!("source:        {line}");
    }
    outln!("destination:   {}", s.destination);
    outln!("naming schema: {}", s.naming_schema);
    outln!("schedule:      {}", s.schedule);
    outln!("retention:     {}", s.retention);
    outln!("on the source: {} (source retention)", s.source_retention);
    outln!(
        "supervision:   {} retries, stall timeout {}, keeps {} runs",
        s.retries,
        s.stall_timeout,
        s.keep_runs
    );
    outln!(
        "options:       allow-from-scratch={} readonly={} properties={}",
        s.allow_from_scratch,
        s.readonly,
        s.properties.replicate
    );
    outln!("created:       {}", format_time(task.created));
    for (source, snap) in &task.held {
        outln!(
            "held base:     {snap} (tag {}) for {source}",
            task.hold_tag()
        );
    }
    if runs.is_empty() {
        outln!("runs:          none");
    }
    for r in &runs {
        // A running run shows its progress; an ended one its error, if any (the counts are
        // already on the line).
        let (state, detail) = if r.state.is_live() {
            effective_state(Some(r))
        } else {
            (
                r.state.as_str().to_string(),
                r.error.clone().unwrap_or_default(),
            )
        };
        outln!(
            "run {:>4}:      {}  {:<11}  {} snapshot(s), {}  {}",
            r.number,
            format_time(r.started),
            state,
            r.snapshots_sent(),
            human_bytes(r.bytes_done),
            detail
        );
    }
    Ok(0)
}

/// Asks at an interactive terminal whether to re-copy refused destinations from scratch.
fn confirm_at_terminal(refusals: &[PlanError]) -> bool {
    let mut err = std::io::stderr();
    let _ = writeln!(err, "The destination has diverged:");
    for r in refusals {
        let _ = writeln!(err, "  {r}");
    }
    let question = if PlanError::only_roll_back(refusals) {
        "Roll back to the last snapshot, discarding what was written since (no snapshot is \
         destroyed)?"
    } else {
        "Destroy what is listed above and copy again from scratch?"
    };
    let _ = write!(err, "{question} Type 'yes' to continue: ");
    let _ = err.flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok() && answer.trim() == "yes"
}

/// Shows a task run at the terminal: log lines (above the progress bar when there is one).
struct Terminal<'a> {
    progress: &'a Progress,
    json: bool,
}

impl Observer for Terminal<'_> {
    fn log(&self, line: &str) {
        if !self.json {
            self.progress.println(line);
        }
    }

    fn progress(&self, done: u64, total: u64) {
        self.progress.progress(done, total);
    }
}

fn start(
    store: &Store,
    name: &str,
    allow_from_scratch: bool,
    json: bool,
) -> Result<u8, EngineError> {
    store.task(name)?;
    let zfs = Zfs::open()?;
    let interactive = !json && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let bar = Progress::on_stderr(interactive);
    let observer = Terminal {
        progress: &bar,
        json,
    };
    let confirm = |refusals: &[PlanError]| bar.suspend(|| confirm_at_terminal(refusals));
    let opts = StartOptions {
        allow_from_scratch,
        confirm: interactive.then_some(&confirm as &dyn Fn(&[PlanError]) -> bool),
        observer: &observer,
        ..StartOptions::default()
    };
    let result = start_task(&zfs, store, name, &opts);
    bar.finish();
    match result {
        Ok(r) => {
            if json {
                json::print_result(&r);
            }
            Ok(0)
        }
        Err(e) => {
            if json {
                // The failed run's record, beside the error.
                let last = store.runs(name).ok().and_then(|mut r| r.pop());
                json::print_outcome(last.as_ref(), Some(&e));
            }
            Err(e)
        }
    }
}
