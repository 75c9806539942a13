//! The engine handle C holds (`zsplice_engine *`): ZFS opened once, the state directory, and
//! the operations running through it, so another thread can stop them. Also the observer that
//! passes progress and log lines to the caller's callbacks.

use std::ffi::{c_char, c_void, CString};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use zsplice::tasks::store::Store;
use zsplice::zfs::Zfs;
use zsplice::Observer;

use crate::boundary::Failure;

/// Called with the bytes of stream moved so far and the total: ZFS's estimate, raised to what
/// moved if that passes it, so `bytes_done <= bytes_total` always (0 when there is nothing to
/// estimate, e.g. nothing to send: check before dividing). Called a few times a second while
/// data moves and once at the end; after a call that succeeded, that last call has
/// `bytes_done == bytes_total`. It runs on a thread zsplice started or on the calling thread,
/// never two calls at once; it must return quickly, and must not unwind (no C++ exception, no
/// longjmp) out of the call.
pub type ZspliceProgressFn =
    Option<unsafe extern "C" fn(bytes_done: u64, bytes_total: u64, user: *mut c_void)>;

/// Called with one line of the operation's log (UTF-8, NUL-terminated, valid only during the
/// call). Several datasets replicate at once, so it may be called from several zsplice threads
/// at the same time; the same rules as for the progress callback apply.
pub type ZspliceLogFn = Option<unsafe extern "C" fn(line: *const c_char, user: *mut c_void)>;

/// An open engine: one per state directory is enough; it may be used from several threads at
/// once.
#[derive(Debug)]
pub struct ZspliceEngine {
    pub(crate) zfs: Zfs,
    pub(crate) store: Store,
    running: Mutex<Vec<Running>>,
    next_id: AtomicU64,
}

/// One replication or task run in flight, with the flag that stops it.
#[derive(Debug)]
struct Running {
    id: u64,
    task: Option<String>,
    stop: Arc<AtomicBool>,
}

/// An operation's entry in the engine's list of running ones; leaves it when dropped.
#[derive(Debug)]
pub struct InFlight<'a> {
    engine: &'a ZspliceEngine,
    id: u64,
    /// Set by a cancel from another thread.
    pub stop: Arc<AtomicBool>,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.engine.running().retain(|r| r.id != self.id);
    }
}

impl ZspliceEngine {
    /// Opens ZFS (refusing a release zsplice cannot work with) and the state directory
    /// (created when missing).
    pub fn open(state_dir: &str) -> Result<ZspliceEngine, zsplice::EngineError> {
        Ok(ZspliceEngine {
            zfs: Zfs::open()?,
            store: Store::open(state_dir)?,
            running: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(1),
        })
    }

    fn running(&self) -> std::sync::MutexGuard<'_, Vec<Running>> {
        // A panic while the list was held left it whole: each change is one push or retain.
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Enters an operation (of `task`, for a task run) into the list a cancel stops.
    pub fn begin(&self, task: Option<&str>) -> InFlight<'_> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let stop = Arc::new(AtomicBool::new(false));
        self.running().push(Running {
            id,
            task: task.map(str::to_string),
            stop: stop.clone(),
        });
        InFlight {
            engine: self,
            id,
            stop,
        }
    }

    /// Stops every operation in flight (of `task` only, when given); how many were told.
    pub fn cancel(&self, task: Option<&str>) -> usize {
        let running = self.running();
        let mut told = 0;
        for r in running.iter() {
            if task.is_none() || r.task.as_deref() == task {
                r.stop.store(true, Ordering::Relaxed);
                told += 1;
            }
        }
        told
    }
}

/// The caller's `user` pointer, passed back to its callbacks on zsplice's threads.
#[derive(Debug, Clone, Copy)]
struct UserData(*mut c_void);

// SAFETY: zsplice never reads or writes through the pointer; it only hands it back to the
// caller's callbacks, and zsplice.h tells the caller those run on zsplice's threads, so the
// caller makes what it points to safe to use from them.
unsafe impl Send for UserData {}
// SAFETY: as for Send: the pointer is only copied and passed back.
unsafe impl Sync for UserData {}

/// An [`Observer`] that calls the caller's C callbacks (either may be NULL).
#[derive(Debug)]
pub struct Callbacks {
    progress: ZspliceProgressFn,
    log: ZspliceLogFn,
    user: UserData,
}

impl Callbacks {
    /// Callbacks that get `user` back.
    pub fn new(progress: ZspliceProgressFn, log: ZspliceLogFn, user: *mut c_void) -> Callbacks {
        Callbacks {
            progress,
            log,
            user: UserData(user),
        }
    }
}

impl Observer for Callbacks {
    fn log(&self, line: &str) {
        if let Some(f) = self.log {
            let line = CString::new(line.replace('\0', " ")).unwrap_or_default();
            // SAFETY: `f` is the caller's callback, called as zsplice.h documents: a valid
            // NUL-terminated line for the duration of the call, and its own `user` pointer.
            unsafe { f(line.as_ptr(), self.user.0) }
        }
    }

    fn progress(&self, bytes_done: u64, bytes_total: u64) {
        if let Some(f) = self.progress {
            // SAFETY: the caller's callback with its own `user` pointer, as zsplice.h says.
            unsafe { f(bytes_done, bytes_total, self.user.0) }
        }
    }
}

/// The engine `p` points to.
///
/// # Safety
/// `p` is NULL or an engine from `zsplice_open` that stays open for `'a`.
pub unsafe fn engine_arg<'a>(p: *mut ZspliceEngine) -> Result<&'a ZspliceEngine, Failure> {
    // SAFETY: the caller promises a live engine when not NULL; it is only read through a
    // shared reference (its state is behind locks and atomics), so threads may share it.
    unsafe { p.cast_const().as_ref() }.ok_or_else(|| Failure::usage("engine is NULL"))
}
