//! `GET /metrics`: the Prometheus text format (version 0.0.4), per task (label `task`) from
//! the live view's last look, plus the daemon's transfer slots. The names and what zrepl calls
//! the same thing are listed in the README.

use std::fmt::Write;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use zsplice::model::record::RunState;

use super::Shared;

/// Every state a task's newest run can be in, for the `state` label.
const STATES: [RunState; 6] = [
    RunState::Pending,
    RunState::Running,
    RunState::Finished,
    RunState::Failed,
    RunState::Refused,
    RunState::Interrupted,
];

/// A label value with `\`, `"` and newlines escaped, as the format asks.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Writes one metric family: its HELP and TYPE lines, then each sample.
fn family(out: &mut String, name: &str, kind: &str, help: &str, samples: &[(String, f64)]) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
    for (labels, value) in samples {
        let _ = writeln!(out, "{name}{labels} {value}");
    }
}

/// The page.
pub fn render(app: &Shared) -> String {
    let watch = app.watch.lock().unwrap_or_else(|p| p.into_inner());
    let mut state = Vec::new();
    let mut success = Vec::new();
    let mut duration = Vec::new();
    let mut bytes = Vec::new();
    let mut snapshots = Vec::new();
    let mut runs = Vec::new();
    let mut errors = Vec::new();
    let mut in_flight = Vec::new();
    let mut next = Vec::new();
    let mut unreadable = 0u64;
    for view in watch.views() {
        let Some(current) = view.state() else {
            unreadable += 1;
            continue;
        };
        let task = format!("task=\"{}\"", label(&view.name));
        let t = format!("{{{task}}}");
        for s in STATES {
            let v = if s == current { 1.0 } else { 0.0 };
            state.push((format!("{{{task},state=\"{}\"}}", s.as_str()), v));
        }
        let c = watch.counters(&view.name);
        if let Some(at) = c.last_success {
            success.push((t.clone(), at as f64));
        }
        if let Some(d) = c.last_duration {
            duration.push((t.clone(), d as f64));
        }
        bytes.push((t.clone(), c.bytes as f64));
        snapshots.push((t.clone(), c.snapshots as f64));
        for s in STATES.iter().filter(|s| !s.is_live()) {
            let n = c.runs.get(s.as_str()).copied().unwrap_or(0);
            runs.push((format!("{{{task},state=\"{}\"}}", s.as_str()), n as f64));
        }
        errors.push((t.clone(), c.errors as f64));
        let live = view.last_run.as_ref().filter(|r| r.state.is_live());
        in_flight.push((t.clone(), live.map_or(0, |r| r.transfers) as f64));
        if let Some(at) = view.next_run {
            next.push((t, at as f64));
        }
    }
    drop(watch);
    let (used, max) = app.daemon.transfers();
    let mut out = String::new();
    family(
        &mut out,
        "zsplice_task_state",
        "gauge",
        "Whether the task's newest run is in this state (pending: never ran).",
        &state,
    );
    family(
        &mut out,
        "zsplice_task_last_success_timestamp_seconds",
        "gauge",
        "When the task's newest successful run ended.",
        &success,
    );
    family(
        &mut out,
        "zsplice_task_last_run_duration_seconds",
        "gauge",
        "How long the task's newest ended run took.",
        &duration,
    );
    family(
        &mut out,
        "zsplice_task_replicated_bytes_total",
        "counter",
        "Stream bytes the task sent (the running run included).",
        &bytes,
    );
    family(
        &mut out,
        "zsplice_task_replicated_snapshots_total",
        "counter",
        "Snapshots the task received at its destinations.",
        &snapshots,
    );
    family(
        &mut out,
        "zsplice_task_runs_total",
        "counter",
        "The task's runs that ended, by how they ended.",
        &runs,
    );
    family(
        &mut out,
        "zsplice_task_run_errors_total",
        "counter",
        "The task's runs that failed or were refused.",
        &errors,
    );
    family(
        &mut out,
        "zsplice_task_transfers_in_flight",
        "gauge",
        "Datasets the task is sending right now.",
        &in_flight,
    );
    family(
        &mut out,
        "zsplice_task_next_run_timestamp_seconds",
        "gauge",
        "When the scheduler starts the task next.",
        &next,
    );
    family(
        &mut out,
        "zsplice_tasks_unreadable",
        "gauge",
        "Tasks whose files cannot be read (see the task list for why).",
        &[(String::new(), unreadable as f64)],
    );
    family(
        &mut out,
        "zsplice_transfers_in_flight",
        "gauge",
        "Transfers the daemon runs right now, all tasks together.",
        &[(String::new(), used as f64)],
    );
    family(
        &mut out,
        "zsplice_transfers_max",
        "gauge",
        "The daemon's cap on transfers in flight (--max-transfers).",
        &[(String::new(), max as f64)],
    );
    family(
        &mut out,
        "zsplice_build_info",
        "gauge",
        "The zsplice version serving.",
        &[(
            format!("{{version=\"{}\"}}", env!("CARGO_PKG_VERSION")),
            1.0,
        )],
    );
    out
}

pub async fn metrics(State(app): State<Shared>) -> impl IntoResponse {
    let page = render(&app);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        page,
    )
}
