//! Tasks and runs as JSON, the one shape every front end that speaks JSON shows (the HTTP API,
//! docs/api.md; the C ABI): a task's definition under the names
//! [`parse_definition_json`](crate::model::task_request::parse_definition_json) takes, with its
//! state, times and newest run; a run record with what a screen needs besides (percent, time
//! left, duration). Error sentences are as the library wrote them: a front end that must hide
//! something in them (a path) does so on what it gets.

use serde_json::{json, Value};

use crate::model::record::{now, RunRecord};
use crate::model::task_request::TaskRequest;
use crate::tasks::lifecycle::UnreleasedHold;
use crate::tasks::watch::TaskView;

/// A run record as JSON: its fields, and `duration_seconds` (so far, while it is live),
/// `percent` and `eta_seconds` (`null` when unknown), `would_destroy` (always there).
pub fn run_json(run: &RunRecord) -> Value {
    let mut v = serde_json::to_value(run).unwrap_or_else(|_| json!({}));
    v["duration_seconds"] = json!(run.duration(now()));
    v["percent"] = json!(run.percent());
    v["eta_seconds"] = json!(run.eta());
    v["would_destroy"] = json!(run.would_destroy);
    v
}

/// A task as JSON: its definition, `state`, `created`, `next_run`, `last_run` (as
/// [`run_json`], or `null`) and `error` (`null`); a task whose files cannot be read shows only
/// its `name`, the `state` `unreadable` and the `error` saying why.
pub fn task_json(view: &TaskView) -> Value {
    let task = match &view.task {
        Ok(t) => t,
        Err(e) => return json!({"name": view.name, "state": "unreadable", "error": e}),
    };
    let mut v = serde_json::to_value(TaskRequest::from(&task.spec)).unwrap_or_else(|_| json!({}));
    v["state"] = json!(view.state().map(|s| s.as_str()));
    v["created"] = json!(task.created);
    v["next_run"] = json!(view.next_run);
    v["last_run"] = view.last_run.as_ref().map_or(Value::Null, run_json);
    v["error"] = Value::Null;
    v
}

/// A deleted task as JSON: `deleted` (its name) and `unreleased_holds`, each hold that could
/// not be released with its `snapshot`, `tag`, `reason` and the `release_command` that
/// releases it by hand.
pub fn deletion_json(name: &str, left: &[UnreleasedHold]) -> Value {
    let holds: Vec<Value> = left
        .iter()
        .map(|h| {
            json!({"snapshot": h.snapshot, "tag": h.tag, "reason": h.reason,
                   "release_command": h.release_command()})
        })
        .collect();
    json!({"deleted": name, "unreleased_holds": holds})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::RunState;
    use crate::model::task::Task;

    fn failed_run() -> RunRecord {
        let mut run = RunRecord::new("t", 4);
        run.state = RunState::Failed;
        run.started = 1000;
        run.ended = Some(1500);
        run.bytes_done = 50;
        run.bytes_total = 200;
        run.error = Some("failed in /var/lib/zsplice".into());
        run
    }

    #[test]
    fn a_run_shows_its_record_and_what_a_screen_needs() {
        let v = run_json(&failed_run());
        assert_eq!(v["number"], 4);
        assert_eq!(v["state"], "failed");
        assert_eq!(v["duration_seconds"], 500);
        assert_eq!(v["percent"], 25.0);
        assert_eq!(v["eta_seconds"], Value::Null);
        assert_eq!(v["would_destroy"], json!([]));
        assert_eq!(v["error"], "failed in /var/lib/zsplice");
        assert!(v.get("log_href").is_none(), "{v}");
    }

    #[test]
    fn a_task_shows_its_definition_state_and_newest_run() {
        let spec = TaskRequest::new("t", vec!["p/a".into()], "q/a")
            .to_spec()
            .unwrap();
        let view = TaskView {
            name: "t".into(),
            task: Ok(Task::new(spec, 99)),
            last_run: Some(failed_run()),
            next_run: Some(3),
        };
        let v = task_json(&view);
        assert_eq!(v["target_dataset"], "q/a");
        assert_eq!(v["state"], "failed");
        assert_eq!(v["created"], 99);
        assert_eq!(v["next_run"], 3);
        assert_eq!(v["last_run"], run_json(&failed_run()));
        assert_eq!(v["error"], Value::Null);
        let unreadable = TaskView {
            task: Err("cannot read it".into()),
            ..view
        };
        assert_eq!(
            task_json(&unreadable),
            json!({"name": "t", "state": "unreadable", "error": "cannot read it"})
        );
    }
}
