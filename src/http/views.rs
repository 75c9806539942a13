//! The JSON the API shows for tasks and runs (docs/api.md): the task's definition under the
//! names `POST /api/v1/tasks` takes, its state and newest run; a run record with what a screen
//! needs besides (percent, time left, duration, where its log is).

use serde_json::{json, Value};
use zsplice::model::record::{now, RunRecord};
use zsplice::model::task_request::TaskRequest;
use zsplice::tasks::watch::TaskView;

use super::reply::without_paths;

/// A run record as the API shows it.
pub fn run_json(run: &RunRecord) -> Value {
    let mut v = serde_json::to_value(run).unwrap_or_else(|_| json!({}));
    v["duration_seconds"] = json!(run.duration(now()));
    v["percent"] = json!(run.percent());
    v["eta_seconds"] = json!(run.eta());
    v["would_destroy"] = json!(run.would_destroy);
    v["log_href"] = json!(log_href(&run.task, run.number));
    if let Some(e) = &run.error {
        v["error"] = json!(without_paths(e));
    }
    v
}

/// Where run `number` of `task`'s log is served.
pub fn log_href(task: &str, number: u64) -> String {
    format!("/api/v1/tasks/{task}/runs/{number}/log")
}

/// A task as the API shows it: its definition, state, times and newest run; a task whose
/// files cannot be read shows only its name, `unreadable` and why.
pub fn task_json(view: &TaskView) -> Value {
    let task = match &view.task {
        Ok(t) => t,
        Err(e) => {
            let e = without_paths(e);
            return json!({"name": view.name, "state": "unreadable", "error": e});
        }
    };
    let mut v = serde_json::to_value(TaskRequest::from(&task.spec)).unwrap_or_else(|_| json!({}));
    v["state"] = json!(view.state().map(|s| s.as_str()));
    v["created"] = json!(task.created);
    v["next_run"] = json!(view.next_run);
    v["last_run"] = view.last_run.as_ref().map_or(Value::Null, run_json);
    v["error"] = Value::Null;
    v
}
