//! Stored tasks through the C ABI: create one from the JSON the HTTP API takes, start it, read
//! tasks, runs and logs as the API's JSON, delete it, and stop a run from another thread.

use std::ffi::{c_char, c_int, c_void};

use serde_json::json;
use zsplice::model::task::validate_task_name;
use zsplice::model::task_request::parse_definition_json;
use zsplice::tasks::lifecycle::{create_task, delete_task};
use zsplice::tasks::logs::run_log;
use zsplice::tasks::run::{start_task, StartOptions};
use zsplice::tasks::status::runs_as_they_stand;
use zsplice::tasks::views::{deletion_json, run_json, task_json};
use zsplice::tasks::watch::{task_view, task_views};
use zsplice::EngineError;

use crate::boundary::{
    call, call_returning, give_string, owned_string, sized_options, str_arg, Failure, Sized4C,
};
use crate::engine::{engine_arg, Callbacks, ZspliceEngine, ZspliceLogFn, ZspliceProgressFn};

/// A task name argument, checked as `task create` checks names.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
unsafe fn name_arg<'a>(p: *const c_char) -> Result<&'a str, Failure> {
    // SAFETY: the caller's promise is passed on.
    let name = unsafe { str_arg(p, "name") }?;
    validate_task_name(name).map_err(EngineError::from)?;
    Ok(name)
}

/// Creates a task from its definition, `definition_json`: the JSON object `POST
/// /api/v1/tasks` takes (docs/api.md: name, source_datasets, target_dataset, schedule,
/// retention...). It is checked whole (names, schedule, retention, properties, and that the
/// sources exist) before anything is stored. When `out_task_json` is not NULL it receives the new
/// task as `GET /api/v1/tasks/NAME` shows it; free it with `zsplice_free_string`.
///
/// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (a bad definition: the message names the field;
/// a task of that name exists) or `ZSPLICE_ERR_FAILED`.
///
/// # Safety
/// `engine` is NULL or open; `definition_json` is NULL or a string; `out_task_json` is NULL or
/// points to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn zsplice_task_create(
    engine: *mut ZspliceEngine,
    definition_json: *const c_char,
    out_task_json: *mut *mut c_char,
) -> c_int {
    call(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let body = unsafe { str_arg(definition_json, "definition_json") }?;
        let req = parse_definition_json(body.as_bytes()).map_err(EngineError::from)?;
        let task = create_task(&e.zfs, &e.store, req.to_spec()?)?;
        let view = task_view(&e.store, &task.spec.name)?;
        // SAFETY: the caller's promise about `out_task_json` is passed on.
        unsafe { give_string(out_task_json, task_json(&view).to_string()) };
        Ok(())
    })
}

/// How `zsplice_task_start` runs. Fill it with `zsplice_task_start_options_init`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ZspliceTaskStartOptions {
    /// `sizeof(zsplice_task_start_options)` as the caller was compiled.
    pub size: u32,
    /// Re-copy diverged destinations in this run even if the task does not allow it (default
    /// false).
    pub allow_from_scratch: bool,
    /// Gets each line of the run's log as it is written (the log is also stored; NULL: none).
    /// Gets the `user` pointer given to `zsplice_task_start`.
    pub log: ZspliceLogFn,
}

impl Sized4C for ZspliceTaskStartOptions {
    // Version 0.1's: every field so far.
    const OLDEST_SIZE: usize = size_of::<ZspliceTaskStartOptions>();
}

impl Default for ZspliceTaskStartOptions {
    fn default() -> Self {
        ZspliceTaskStartOptions {
            size: size_of::<ZspliceTaskStartOptions>() as u32,
            allow_from_scratch: false,
            log: None,
        }
    }
}

/// Fills `options` with the defaults and its size. NULL is ignored.
///
/// # Safety
/// `options` is NULL or points to a writable `zsplice_task_start_options`.
#[no_mangle]
pub unsafe extern "C" fn zsplice_task_start_options_init(options: *mut ZspliceTaskStartOptions) {
    if !options.is_null() {
        // SAFETY: not NULL, and the caller promises it is writable and of this type.
        unsafe { options.write(ZspliceTaskStartOptions::default()) };
    }
}

/// Runs task `name` now, in the calling thread, as `zsplice task start` does: snapshots its
/// sources at once, copies them, moves the holds and applies retention; the run is recorded
/// in the state directory (with its log) as it goes, so a daemon or the HTTP API on the same
/// state directory sees it. `zsplice_task_cancel` or `zsplice_cancel` from another thread
/// stops it (recorded as interrupted, resumable).
///
/// `options` and `progress` may be NULL; `progress` and `options->log` get `user` back on
/// zsplice's threads. When `out_run_json` is not NULL it receives the run's record as `GET
/// /api/v1/tasks/NAME/runs/N` shows it (also when the run failed; it is left as it was when
/// the start was refused before a run was recorded); free it with `zsplice_free_string`.
///
/// Returns `ZSPLICE_OK`; `ZSPLICE_ERR_USAGE` (no such task; this period's snapshot was copied
/// already); `ZSPLICE_ERR_REFUSED` (a destination diverged); `ZSPLICE_ERR_CANCELLED`; or
/// `ZSPLICE_ERR_FAILED` (also when the task is running already).
///
/// # Safety
/// `engine` is NULL or open; `name` is NULL or a string; `options` is NULL or initialised by
/// `zsplice_task_start_options_init`; `out_run_json` is NULL or points to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn zsplice_task_start(
    engine: *mut ZspliceEngine,
    name: *const c_char,
    options: *const ZspliceTaskStartOptions,
    progress: ZspliceProgressFn,
    user: *mut c_void,
    out_run_json: *mut *mut c_char,
) -> c_int {
    call(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let name = unsafe { name_arg(name) }?;
        // SAFETY: as above.
        let o = unsafe { sized_options(options, "zsplice_task_start_options") }?;
        let obs = Callbacks::new(progress, o.log, user);
        let running = e.begin(Some(name));
        let opts = StartOptions {
            allow_from_scratch: o.allow_from_scratch,
            observer: &obs,
            cancel: Some(&running.stop),
            ..StartOptions::default()
        };
        let before = e.store.last_run_number(name).unwrap_or(0);
        let result = start_task(&e.zfs, &e.store, name, &opts);
        let record = match &result {
            Ok(r) => Some(r.clone()),
            // A run that failed is recorded; a start refused before it began records none, and
            // the newest record is then an earlier run's, which is not this call's answer.
            Err(_) => e
                .store
                .last_run(name)
                .ok()
                .flatten()
                .filter(|r| r.number > before),
        };
        if let Some(r) = record {
            // SAFETY: the caller's promise about `out_run_json` is passed on.
            unsafe { give_string(out_run_json, run_json(&r).to_string()) };
        }
        result?;
        Ok(())
    })
}

/// Stops the run of task `name` going on through `engine` (on another thread); it ends as
/// interrupted and its `zsplice_task_start` returns `ZSPLICE_ERR_CANCELLED`. A run started by
/// another process (a daemon) is not affected.
///
/// Returns `ZSPLICE_OK`, or `ZSPLICE_ERR_USAGE` when no run of `name` is going on through
/// `engine`.
///
/// # Safety
/// `engine` is NULL or open; `name` is NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn zsplice_task_cancel(
    engine: *mut ZspliceEngine,
    name: *const c_char,
) -> c_int {
    call(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let name = unsafe { name_arg(name) }?;
        if e.cancel(Some(name)) == 0 {
            return Err(Failure::usage(format!(
                "task '{name}' has no run going on through this engine"
            )));
        }
        Ok(())
    })
}

/// Every task as `GET /api/v1/tasks` shows them: `{"tasks": [...]}`, each with its definition,
/// state and newest run. Returns NULL on failure. Free it with `zsplice_free_string`.
///
/// # Safety
/// `engine` is NULL or open.
#[no_mangle]
pub unsafe extern "C" fn zsplice_task_list(engine: *mut ZspliceEngine) -> *mut c_char {
    call_returning(|| {
        // SAFETY: the caller's promise about `engine` is passed on.
        let e = unsafe { engine_arg(engine) }?;
        let views = task_views(&e.store)?;
        let tasks: Vec<_> = views.iter().map(task_json).collect();
        Ok(owned_string(json!({ "tasks": tasks }).to_string()))
    })
}

/// Task `name` as `GET /api/v1/tasks/NAME` shows it. Returns NULL on failure (no such task is
/// `ZSPLICE_ERR_USAGE`'s message in `zsplice_last_error`). Free it with `zsplice_free_string`.
///
/// # Safety
/// `engine` is NULL or open; `name` is NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn zsplice_task_show(
    engine: *mut ZspliceEngine,
    name: *const c_char,
) -> *mut c_char {
    call_returning(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let name = unsafe { name_arg(name) }?;
        Ok(owned_string(
            task_json(&task_view(&e.store, name)?).to_string(),
        ))
    })
}

/// Task `name`'s runs, newest first, as `GET /api/v1/tasks/NAME/runs` shows them:
/// `{"runs": [...]}`. Returns NULL on failure. Free it with `zsplice_free_string`.
///
/// # Safety
/// `engine` is NULL or open; `name` is NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn zsplice_task_runs(
    engine: *mut ZspliceEngine,
    name: *const c_char,
) -> *mut c_char {
    call_returning(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let name = unsafe { name_arg(name) }?;
        e.store.task(name).map_err(EngineError::from)?;
        let runs: Vec<_> = runs_as_they_stand(&e.store, name)?
            .iter()
            .rev()
            .map(run_json)
            .collect();
        Ok(owned_string(json!({ "runs": runs }).to_string()))
    })
}

/// The log of run `run` of task `name` (0: its newest run), as text, one line per event.
/// Returns NULL on failure. Free it with `zsplice_free_string`.
///
/// # Safety
/// `engine` is NULL or open; `name` is NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn zsplice_task_log(
    engine: *mut ZspliceEngine,
    name: *const c_char,
    run: u64,
) -> *mut c_char {
    call_returning(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let name = unsafe { name_arg(name) }?;
        let log = run_log(&e.store, name, (run > 0).then_some(run))?;
        Ok(owned_string(log.text))
    })
}

/// Deletes task `name` and its runs, and releases the holds it keeps on snapshots (the
/// snapshots stay). When `out_result_json` is not NULL it receives `{"deleted": NAME,
/// "unreleased_holds": [...]}` as `DELETE /api/v1/tasks/NAME` answers (a hold that could not
/// be released says why); free it with `zsplice_free_string`.
///
/// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (no such task) or `ZSPLICE_ERR_FAILED` (also
/// when it is running).
///
/// # Safety
/// `engine` is NULL or open; `name` is NULL or a string; `out_result_json` is NULL or points to a
/// writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn zsplice_task_delete(
    engine: *mut ZspliceEngine,
    name: *const c_char,
    out_result_json: *mut *mut c_char,
) -> c_int {
    call(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let name = unsafe { name_arg(name) }?;
        let left = delete_task(&e.store, name, &zsplice::observe::Quiet)?;
        let answer = deletion_json(name, &left);
        // SAFETY: the caller's promise about `out_result_json` is passed on.
        unsafe { give_string(out_result_json, answer.to_string()) };
        Ok(())
    })
}
