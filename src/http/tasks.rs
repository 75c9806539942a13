//! `/api/v1/tasks...`: reading, creating, changing and deleting tasks, starting runs, and
//! reading run records and logs. Each handler checks the path's names, calls one library
//! function off the async threads, and renders its answer (docs/api.md).

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use zsplice::model::task::validate_task_name;
use zsplice::model::task_request::TaskRequest;
use zsplice::observe::Quiet;
use zsplice::tasks::lifecycle::{create_task, delete_task, update_task};
use zsplice::tasks::logs::run_log;
use zsplice::tasks::status::{run_as_it_stands, runs_as_they_stand};
use zsplice::tasks::views::deletion_json;
use zsplice::tasks::watch::{task_view, task_views};
use zsplice::zfs::Zfs;
use zsplice::EngineError;

use super::body::{parse_body, parse_definition};
use super::reply::{blocking, ApiError, ApiResult, Json};
use super::views::{run_json, task_json};
use super::Shared;

/// A task name from a path, checked as `task create` checks names (so no path leaves the
/// state directory).
fn task_name(name: &str) -> Result<String, ApiError> {
    validate_task_name(name).map_err(|e| ApiError::invalid(e.to_string()))?;
    Ok(name.to_string())
}

/// A run number from a path: a positive integer.
fn run_number(n: &str) -> Result<u64, ApiError> {
    match n.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ApiError::invalid(format!(
            "'{}' is not a run number (runs count from 1)",
            n.escape_default()
        ))),
    }
}

pub async fn list(State(app): State<Shared>) -> ApiResult {
    blocking(move || {
        let views = task_views(app.daemon.store())?;
        Ok(Json(
            json!({ "tasks": views.iter().map(task_json).collect::<Vec<_>>() }),
        ))
    })
    .await
}

pub async fn create(State(app): State<Shared>, h: HeaderMap, body: Bytes) -> ApiResult<Response> {
    let req: TaskRequest = parse_definition(&h, &body)?;
    blocking(move || {
        let spec = req.to_spec()?;
        let store = app.daemon.store();
        let task = create_task(&Zfs::open().map_err(EngineError::from)?, store, spec)?;
        let view = task_view(store, &task.spec.name)?;
        app.poke();
        Ok((StatusCode::CREATED, Json(task_json(&view))).into_response())
    })
    .await
}

pub async fn get(State(app): State<Shared>, Path(name): Path<String>) -> ApiResult {
    let name = task_name(&name)?;
    blocking(move || Ok(Json(task_json(&task_view(app.daemon.store(), &name)?)))).await
}

pub async fn put(
    State(app): State<Shared>,
    Path(name): Path<String>,
    h: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let name = task_name(&name)?;
    let mut req: TaskRequest = parse_definition(&h, &body)?;
    // The path names the task; the body may leave its name out.
    if req.name.is_empty() {
        req.name.clone_from(&name);
    }
    blocking(move || {
        let spec = req.to_spec()?;
        let store = app.daemon.store();
        let zfs = Zfs::open().map_err(EngineError::from)?;
        update_task(&zfs, store, &name, spec, &Quiet)?;
        app.poke();
        Ok(Json(task_json(&task_view(store, &name)?)))
    })
    .await
}

pub async fn delete(State(app): State<Shared>, Path(name): Path<String>) -> ApiResult {
    let name = task_name(&name)?;
    blocking(move || {
        let left = delete_task(app.daemon.store(), &name, &Quiet)?;
        app.poke();
        Ok(Json(deletion_json(&name, &left)))
    })
    .await
}

/// `POST .../start`'s optional body.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StartBody {
    #[serde(default)]
    allow_from_scratch: bool,
}

pub async fn start(
    State(app): State<Shared>,
    Path(name): Path<String>,
    h: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let name = task_name(&name)?;
    let opts: StartBody = if body.iter().all(u8::is_ascii_whitespace) {
        StartBody::default()
    } else {
        parse_body(&h, &body)?
    };
    blocking(move || {
        let run = app.daemon.start_now(&name, opts.allow_from_scratch)?;
        app.poke();
        let answer = json!({"task": name, "run": run, "state": "running",
                            "href": format!("/api/v1/tasks/{name}/runs/{run}")});
        Ok((StatusCode::ACCEPTED, Json(answer)).into_response())
    })
    .await
}

pub async fn runs(State(app): State<Shared>, Path(name): Path<String>) -> ApiResult {
    let name = task_name(&name)?;
    blocking(move || {
        let store = app.daemon.store();
        store.task(&name).map_err(EngineError::from)?;
        let runs = runs_as_they_stand(store, &name)?;
        let runs: Vec<Value> = runs.iter().rev().map(run_json).collect();
        Ok(Json(json!({ "runs": runs })))
    })
    .await
}

pub async fn run(
    State(app): State<Shared>,
    Path((name, number)): Path<(String, String)>,
) -> ApiResult {
    let (name, number) = (task_name(&name)?, run_number(&number)?);
    blocking(move || {
        let store = app.daemon.store();
        store.task(&name).map_err(EngineError::from)?;
        // A missing run is the store's NoSuchRun: 404, "task 'NAME' has no run N".
        Ok(Json(run_json(&run_as_it_stands(store, &name, number)?)))
    })
    .await
}

/// `?download=1` asks for the log as a file.
#[derive(Debug, serde::Deserialize)]
pub struct LogQuery {
    #[serde(default)]
    download: Option<String>,
}

pub async fn log(
    State(app): State<Shared>,
    Path((name, number)): Path<(String, String)>,
    Query(q): Query<LogQuery>,
) -> ApiResult<Response> {
    let (name, number) = (task_name(&name)?, run_number(&number)?);
    let download = q
        .download
        .is_some_and(|d| !matches!(d.as_str(), "0" | "false"));
    blocking(move || {
        let store = app.daemon.store();
        store.task(&name).map_err(EngineError::from)?;
        if !store
            .run_numbers(&name)
            .map_err(EngineError::from)?
            .contains(&number)
        {
            return Err(ApiError::not_found(format!(
                "task '{name}' has no run {number}; its log is not there"
            )));
        }
        let log = run_log(store, &name, Some(number))?;
        let mut headers = vec![(
            header::CONTENT_TYPE,
            "text/plain; charset=utf-8".to_string(),
        )];
        if download {
            headers.push((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"zsplice-{name}-run-{number}.log\""),
            ));
        }
        let mut response = log.text.into_response();
        for (k, v) in headers {
            if let Ok(v) = v.parse() {
                response.headers_mut().insert(k, v);
            }
        }
        Ok(response)
    })
    .await
}
