//! The JSON the API shows for tasks and runs (docs/api.md): the library's
//! (`zsplice::tasks::views`), with where each run's log is served, and error sentences
//! without the state directory's path.

use serde_json::{json, Value};
use zsplice::model::record::RunRecord;
use zsplice::tasks::views;
use zsplice::tasks::watch::TaskView;

use super::reply::without_paths;

/// A run record as the API shows it.
pub fn run_json(run: &RunRecord) -> Value {
    served(views::run_json(run), run)
}

/// `v`, the library's JSON of `run`, as the API serves it: with `log_href`, and its error
/// without paths.
fn served(mut v: Value, run: &RunRecord) -> Value {
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
    let mut v = views::task_json(view);
    match (&view.task, &view.last_run) {
        (Err(e), _) => v["error"] = json!(without_paths(e)),
        (Ok(_), Some(run)) => {
            let last = v["last_run"].take();
            v["last_run"] = served(last, run);
        }
        (Ok(_), None) => {}
    }
    v
}
