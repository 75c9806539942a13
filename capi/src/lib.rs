//! The zsplice engine for C and C++ programs: `libzsplice.so` and `libzsplice.a`, with the
//! declarations in `include/zsplice.h` (generated from this crate by cbindgen; a unit test
//! fails when the checked-in header is not what this source generates).
//!
//! Every function follows the same rules, which the header repeats for C programmers:
//! - no panic crosses into C: it is caught and returned as `ZSPLICE_ERR_FAILED` with a message;
//! - every pointer argument is checked: NULL (where the function does not allow it) is a usage
//!   error, never a crash;
//! - strings are UTF-8 and NUL-terminated both ways; a string the library returns is freed
//!   with `zsplice_free_string`, and each function says which it returns;
//! - a failing call returns a code that mirrors the CLI's exit codes, and leaves the sentence
//!   the CLI would print in `zsplice_last_error()` for the calling thread;
//! - the library starts no process and installs no signal handler.
//!
//! The front-end rule of the project holds here too: each function checks and converts its
//! arguments, calls one library function, and converts what comes back.
//!
//! `unsafe` lives only where C's pointers are read (`boundary`, and the argument reading in
//! each function); each block says why it is sound.

mod boundary;
mod engine;
mod replicate;
mod streams;
mod tasks;

use std::ffi::{c_char, c_int};

use boundary::{call, call_returning, str_arg, Failure};
pub use boundary::{
    ZSPLICE_ERR_CANCELLED, ZSPLICE_ERR_FAILED, ZSPLICE_ERR_REFUSED, ZSPLICE_ERR_USAGE, ZSPLICE_OK,
};
use engine::engine_arg;
pub use engine::{ZspliceEngine, ZspliceLogFn, ZspliceProgressFn};
pub use replicate::{zsplice_replicate, zsplice_replicate_options_init, ZspliceReplicateOptions};
pub use streams::{
    zsplice_create, zsplice_receive_file, zsplice_receive_options_init, zsplice_send_file,
    zsplice_send_options_init, zsplice_snapshot, ZspliceReceiveOptions, ZspliceSendOptions,
};
pub use tasks::{
    zsplice_task_cancel, zsplice_task_create, zsplice_task_delete, zsplice_task_list,
    zsplice_task_log, zsplice_task_runs, zsplice_task_show, zsplice_task_start,
    zsplice_task_start_options_init, ZspliceTaskStartOptions,
};

/// The library's version: the same string as its `Cargo.toml` version (e.g. "0.1.0").
/// Static; never free it.
#[no_mangle]
pub extern "C" fn zsplice_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The message of the calling thread's last failure: the sentence the `zsplice` CLI would
/// print, naming the dataset or task. "" (never NULL) when its last call that can fail (one
/// returning a code or a pointer) did not. Owned by the library and valid until this thread's
/// next such call; copy it to keep it.
#[no_mangle]
pub extern "C" fn zsplice_last_error() -> *const c_char {
    boundary::last_error()
}

/// Frees a string the library returned (JSON, a log). NULL is ignored.
///
/// # Safety
/// `s` is NULL or a string this library returned and that was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn zsplice_free_string(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the caller promises `s` came from CString::into_raw in this library
        // (boundary::owned_string) and is freed once.
        drop(unsafe { std::ffi::CString::from_raw(s) });
    }
}

/// Opens the engine: ZFS (refused, with the reason, on an OpenZFS release zsplice cannot work
/// with, or when the module is not loaded) and the state directory `state_dir`, where tasks and
/// their runs are kept (created when missing; the CLI's default is "/var/lib/zsplice").
/// Returns NULL on failure (see `zsplice_last_error`), also for a NULL or empty `state_dir`.
/// Close it with `zsplice_close`. One engine may be used from several threads at once.
///
/// # Safety
/// `state_dir` is NULL (an error) or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn zsplice_open(state_dir: *const c_char) -> *mut ZspliceEngine {
    call_returning(|| {
        // SAFETY: the caller's promise about `state_dir` is passed on.
        let dir = unsafe { str_arg(state_dir, "state_dir") }?;
        if dir.is_empty() {
            return Err(Failure::usage("state_dir is empty"));
        }
        Ok(Box::into_raw(Box::new(ZspliceEngine::open(dir)?)))
    })
}

/// Closes an engine from `zsplice_open`. NULL is ignored. No call may be using it (wait for
/// them, or cancel them and wait, first).
///
/// # Safety
/// `engine` is NULL or an engine from `zsplice_open` that is not closed yet and that no other
/// thread is using.
#[no_mangle]
pub unsafe extern "C" fn zsplice_close(engine: *mut ZspliceEngine) {
    call(|| {
        if !engine.is_null() {
            // SAFETY: the caller promises it came from Box::into_raw in zsplice_open, once,
            // and that nothing else uses it now.
            drop(unsafe { Box::from_raw(engine) });
        }
        Ok(())
    });
}

/// Stops every replication and task run going on through `engine` (on any thread): their
/// transfers end at once and stay resumable, and those calls return `ZSPLICE_ERR_CANCELLED`.
/// Calls that start afterwards are not affected. Returns `ZSPLICE_OK` (also when nothing was
/// running).
///
/// # Safety
/// `engine` is NULL or an open engine.
#[no_mangle]
pub unsafe extern "C" fn zsplice_cancel(engine: *mut ZspliceEngine) -> c_int {
    call(|| {
        // SAFETY: the caller's promise about `engine` is passed on.
        let e = unsafe { engine_arg(engine) }?;
        e.cancel(None);
        Ok(())
    })
}

#[cfg(test)]
mod header;
