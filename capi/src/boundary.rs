//! The rules of the boundary, in one place: every exported function runs its body through
//! [`call`] (or [`call_returning`]), which clears the thread's last error, catches a panic
//! before it can cross into C, and turns a failure into a return code and a message the
//! caller reads with `zsplice_last_error`. Arguments from C are read here too: a NULL pointer
//! or a string that is not UTF-8 is a usage error, never a crash.

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{c_char, c_int, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use zsplice::{EngineError, ErrorKind};

/// Success.
pub const ZSPLICE_OK: c_int = 0;
/// Something failed while working (ZFS, the state directory, a damaged stream, a busy task);
/// the CLI's exit code 1.
pub const ZSPLICE_ERR_FAILED: c_int = 1;
/// What was asked is wrong (a NULL or bad argument, a bad name or option, a dataset or task
/// that is not there, nothing new to copy); the CLI's exit code 2.
pub const ZSPLICE_ERR_USAGE: c_int = 2;
/// Replicating would destroy data at a destination that diverged; nothing was changed. The
/// CLI's exit code 3.
pub const ZSPLICE_ERR_REFUSED: c_int = 3;
/// Stopped by `zsplice_cancel` or `zsplice_task_cancel`; what was in flight stays resumable
/// and the next replication resumes it. (The CLI is stopped by a signal instead.)
pub const ZSPLICE_ERR_CANCELLED: c_int = 4;

thread_local! {
    /// The calling thread's last failure ("" after a call that did not fail).
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// A failure on its way back to C: the code to return and the sentence to keep.
#[derive(Debug)]
pub struct Failure {
    code: c_int,
    message: String,
}

impl Failure {
    /// A usage error (`ZSPLICE_ERR_USAGE`) saying `message`.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: ZSPLICE_ERR_USAGE,
            message: message.into(),
        }
    }
}

impl Failure {
    /// The failure `e` is, for a caller that keeps `e`.
    pub fn from_engine(e: &EngineError) -> Failure {
        Failure {
            code: code_of(e),
            message: e.to_string(),
        }
    }

    /// Adds one more line to the message (another dataset's failure).
    pub fn add_line(&mut self, line: &str) {
        self.message.push('\n');
        self.message.push_str(line);
    }
}

impl From<EngineError> for Failure {
    fn from(e: EngineError) -> Failure {
        Failure::from_engine(&e)
    }
}

impl From<zsplice::zfs::Error> for Failure {
    fn from(e: zsplice::zfs::Error) -> Failure {
        EngineError::from(e).into()
    }
}

/// The return code for `e`: the CLI's exit code, and `ZSPLICE_ERR_CANCELLED` for a stop the
/// caller asked for.
pub fn code_of(e: &EngineError) -> c_int {
    match e {
        EngineError::Cancelled(_) => ZSPLICE_ERR_CANCELLED,
        EngineError::InField { source, .. } => code_of(source),
        e => match e.kind() {
            ErrorKind::Refused => ZSPLICE_ERR_REFUSED,
            kind => c_int::from(kind.exit_code()),
        },
    }
}

/// Keeps `message` as the calling thread's last error. A NUL inside it (it cannot be in a C
/// string) becomes a space.
fn set_last_error(message: &str) {
    let c = CString::new(message.replace('\0', " ")).unwrap_or_default();
    LAST_ERROR.with(|l| *l.borrow_mut() = c);
}

/// The calling thread's last error, valid until its next call into the library.
pub fn last_error() -> *const c_char {
    LAST_ERROR.with(|l| l.borrow().as_ptr())
}

/// What a panic carried, in words.
fn panic_message(p: &(dyn Any + Send)) -> String {
    let what = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    format!("internal error in zsplice (a bug; please report it): {what}")
}

/// SIGPIPE blocked on the calling thread while a call runs, and the thread's mask as it was
/// restored afterwards.
///
/// zsplice moves streams through pipes. When one end closes early (a cancel, a receive that
/// failed), a write into the pipe raises SIGPIPE, whose default action ends the whole process.
/// A Rust program ignores SIGPIPE from its `main`, so the engine gets EPIPE and reports it; a C
/// program usually does not, and the library installs no handler. Blocking it on the calling
/// thread for the call's length makes such a write fail with EPIPE instead; the threads the call
/// starts inherit the mask. A SIGPIPE the call itself raised is consumed before the mask is
/// restored. A thread that had SIGPIPE blocked already is left as it is.
struct SigpipeBlocked {
    /// The mask to restore; None when SIGPIPE was blocked already (nothing to undo).
    old: Option<libc::sigset_t>,
}

/// A signal set holding only SIGPIPE.
fn sigpipe_set() -> libc::sigset_t {
    // SAFETY: sigset_t is plain data; sigemptyset initialises it before sigaddset reads it.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is a valid, writable sigset_t.
    unsafe { libc::sigemptyset(&mut set) };
    // SAFETY: as above; SIGPIPE is a valid signal number.
    unsafe { libc::sigaddset(&mut set, libc::SIGPIPE) };
    set
}

impl SigpipeBlocked {
    fn new() -> SigpipeBlocked {
        let block = sigpipe_set();
        // SAFETY: plain data, filled by pthread_sigmask below before it is read.
        let mut old: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: both pointers are valid sigset_t; this changes only the calling thread's mask.
        if unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &block, &mut old) } != 0 {
            return SigpipeBlocked { old: None };
        }
        // SAFETY: `old` was filled by pthread_sigmask.
        let was_blocked = unsafe { libc::sigismember(&old, libc::SIGPIPE) } == 1;
        SigpipeBlocked {
            old: (!was_blocked).then_some(old),
        }
    }
}

impl Drop for SigpipeBlocked {
    fn drop(&mut self) {
        let Some(old) = self.old else { return };
        let set = sigpipe_set();
        // SAFETY: plain data, filled by sigpending before it is read.
        let mut pending: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: `pending` is a valid, writable sigset_t.
        let read = unsafe { libc::sigpending(&mut pending) } == 0;
        // SAFETY: `pending` was filled by sigpending.
        if read && unsafe { libc::sigismember(&pending, libc::SIGPIPE) } == 1 {
            let zero = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: valid set and timeout; with SIGPIPE blocked and pending this returns at
            // once, taking the one this call raised (no info wanted: NULL is allowed).
            unsafe { libc::sigtimedwait(&set, std::ptr::null_mut(), &zero) };
        }
        // SAFETY: `old` is the mask pthread_sigmask returned; restoring it changes only this
        // thread.
        unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut()) };
    }
}

/// Runs one exported function's body: `ZSPLICE_OK`, or the failure's code with its message kept.
pub fn call(body: impl FnOnce() -> Result<(), Failure>) -> c_int {
    set_last_error("");
    let _sigpipe = SigpipeBlocked::new();
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => ZSPLICE_OK,
        Ok(Err(f)) => {
            set_last_error(&f.message);
            f.code
        }
        Err(p) => {
            set_last_error(&panic_message(&*p));
            ZSPLICE_ERR_FAILED
        }
    }
}

/// [`call`] for a function that returns a pointer: NULL on failure.
pub fn call_returning<T>(body: impl FnOnce() -> Result<*mut T, Failure>) -> *mut T {
    let mut out = std::ptr::null_mut();
    call(|| {
        out = body()?;
        Ok(())
    });
    out
}

/// The string `p` points to; `what` names the argument in the error.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that stays valid and unchanged for `'a`.
pub unsafe fn str_arg<'a>(p: *const c_char, what: &str) -> Result<&'a str, Failure> {
    if p.is_null() {
        return Err(Failure::usage(format!("{what} is NULL")));
    }
    // SAFETY: not NULL (checked above); the caller promises a NUL-terminated string that lives
    // for 'a.
    let c = unsafe { CStr::from_ptr(p) };
    c.to_str()
        .map_err(|_| Failure::usage(format!("{what} is not UTF-8 text")))
}

/// [`str_arg`] for an argument that may be NULL (None).
///
/// # Safety
/// As [`str_arg`].
pub unsafe fn optional_str_arg<'a>(
    p: *const c_char,
    what: &str,
) -> Result<Option<&'a str>, Failure> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: the caller's promise is passed on.
    unsafe { str_arg(p, what) }.map(Some)
}

/// `count` strings from the array `p` (which may be NULL when `count` is 0).
///
/// # Safety
/// `p` is NULL or points to `count` pointers, each as [`str_arg`] requires.
pub unsafe fn str_array_arg<'a>(
    p: *const *const c_char,
    count: usize,
    what: &str,
) -> Result<Vec<&'a str>, Failure> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Failure::usage(format!(
            "{what} is NULL but its count is {count}"
        )));
    }
    // SAFETY: not NULL (checked above), and the caller promises `count` readable pointers.
    let items = unsafe { std::slice::from_raw_parts(p, count) };
    items
        .iter()
        .enumerate()
        // SAFETY: each element is NULL or a string as str_arg requires (the caller's promise).
        .map(|(i, s)| unsafe { str_arg(*s, &format!("{what}[{i}]")) })
        .collect()
}

/// A string for C to own; it gives it back to `zsplice_free_string`. A NUL inside `s` becomes
/// a space (JSON and log text never hold one).
pub fn owned_string(s: String) -> *mut c_char {
    CString::new(s.replace('\0', " "))
        .unwrap_or_default()
        .into_raw()
}

/// Hands `s` to C through `out` when `out` is not NULL (the caller did not want it otherwise).
///
/// # Safety
/// `out` is NULL or points to a writable `char *`.
pub unsafe fn give_string(out: *mut *mut c_char, s: String) {
    if !out.is_null() {
        // SAFETY: not NULL, and the caller promises it is writable.
        unsafe { out.write(owned_string(s)) };
    }
}

/// An options struct C passes with its size in its first field.
pub trait Sized4C: Copy + Default {
    /// The size of its first released form, the least a caller can pass. A later version that
    /// adds fields keeps this, so programs built against an older zsplice.h keep working.
    const OLDEST_SIZE: usize;
}

/// Reads a versioned options struct: its first field is its size as the caller was built, so
/// a caller built against an older header passes a shorter struct, whose missing fields keep
/// their defaults. NULL gives the defaults.
///
/// # Safety
/// `p` is NULL or points to a readable struct whose first field is a `uint32_t` size and which
/// is at least that many bytes long.
pub unsafe fn sized_options<T: Sized4C>(p: *const T, what: &str) -> Result<T, Failure> {
    let mut out = T::default();
    if p.is_null() {
        return Ok(out);
    }
    // SAFETY: not NULL; the struct starts with its u32 size (the caller's promise).
    let size = unsafe { p.cast::<u32>().read_unaligned() } as usize;
    let known = std::mem::size_of::<T>();
    if size > known {
        return Err(Failure::usage(format!(
            "{what}: its size field says {size} bytes, but this libzsplice knows only {known}: \
             a program built against a newer zsplice.h needs a newer libzsplice"
        )));
    }
    if size < T::OLDEST_SIZE {
        return Err(Failure::usage(format!(
            "{what}: its size field says {size} bytes, smaller than any zsplice.h made it \
             ({}); fill the struct with its _init function before setting its fields",
            T::OLDEST_SIZE
        )));
    }
    // SAFETY: `size` bytes are readable at `p` (the caller's promise) and `size` ≤ size_of::<T>()
    // (checked above), so the copy stays inside `out`; the regions cannot overlap.
    unsafe { std::ptr::copy_nonoverlapping(p.cast::<u8>(), (&raw mut out).cast::<u8>(), size) };
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last() -> String {
        // SAFETY: last_error always returns the thread's own NUL-terminated string.
        unsafe { CStr::from_ptr(last_error()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn a_panic_becomes_a_failure_with_its_message() {
        let code = call(|| panic!("boom"));
        assert_eq!(code, ZSPLICE_ERR_FAILED);
        assert!(last().contains("boom"), "{}", last());
        assert_eq!(call(|| Ok(())), ZSPLICE_OK);
        assert_eq!(last(), "");
    }

    #[test]
    fn a_call_blocks_sigpipe_and_restores_the_mask_with_nothing_left_pending() {
        fn blocked() -> bool {
            // SAFETY: plain data, filled by pthread_sigmask before it is read.
            let mut now: libc::sigset_t = unsafe { std::mem::zeroed() };
            // SAFETY: a NULL new set only reads this thread's mask into `now`.
            unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, std::ptr::null(), &mut now) };
            // SAFETY: `now` was filled above.
            unsafe { libc::sigismember(&now, libc::SIGPIPE) == 1 }
        }
        // A thread of its own: the test harness's threads are not to be changed.
        std::thread::spawn(|| {
            assert!(!blocked());
            let code = call(|| {
                assert!(blocked());
                // SAFETY: pthread_self has no preconditions.
                let me = unsafe { libc::pthread_self() };
                // SAFETY: raises SIGPIPE on this thread, where it is blocked (left pending).
                unsafe { libc::pthread_kill(me, libc::SIGPIPE) };
                Ok(())
            });
            assert_eq!(code, ZSPLICE_OK);
            // Unblocked again. (That the pending one was consumed shows only in a C program,
            // where SIGPIPE is not ignored: tests/integration/capi.rs cancels a transfer.)
            assert!(!blocked());
        })
        .join()
        .unwrap();
    }

    #[test]
    fn codes_mirror_the_cli_exit_codes() {
        assert_eq!(code_of(&EngineError::Usage("x".into())), 2);
        assert_eq!(code_of(&EngineError::NotFound("x".into())), 2);
        assert_eq!(code_of(&EngineError::Busy("x".into())), 1);
        assert_eq!(
            code_of(&EngineError::Cancelled("x".into())),
            ZSPLICE_ERR_CANCELLED
        );
        let tagged =
            zsplice::model::task_field::TaskField::Name.tag(EngineError::Usage("x".into()));
        assert_eq!(code_of(&tagged), 2);
    }

    #[test]
    fn null_and_non_utf8_strings_are_usage_errors() {
        // SAFETY: NULL is allowed.
        let e = unsafe { str_arg(std::ptr::null(), "source") }.unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (2, "source is NULL"));
        let bad = b"\xff\xfe\0";
        // SAFETY: NUL-terminated, and lives to the end of the test.
        assert!(unsafe { str_arg(bad.as_ptr().cast(), "source") }.is_err());
        // SAFETY: NULL is allowed.
        let none = unsafe { optional_str_arg(std::ptr::null(), "from") };
        assert_eq!(none.unwrap(), None);
        // SAFETY: a NULL array is checked before it is read.
        assert!(unsafe { str_array_arg(std::ptr::null(), 2, "exclude") }.is_err());
        // SAFETY: a count of 0 reads nothing.
        assert!(unsafe { str_array_arg(std::ptr::null(), 0, "exclude") }
            .unwrap()
            .is_empty());
    }

    #[derive(Clone, Copy, Debug, PartialEq)]
    #[repr(C)]
    struct Grown {
        size: u32,
        old: u32,
        new: u64,
    }

    impl Default for Grown {
        fn default() -> Self {
            Grown {
                size: 16,
                old: 1,
                new: 7,
            }
        }
    }

    impl Sized4C for Grown {
        // Its first release had `size` and `old` only.
        const OLDEST_SIZE: usize = 8;
    }

    #[test]
    fn a_shorter_options_struct_keeps_the_defaults_of_the_fields_it_lacks() {
        #[repr(C)]
        struct Old {
            size: u32,
            old: u32,
        }
        let old = Old { size: 8, old: 5 };
        // SAFETY: `old` is 8 readable bytes starting with its size.
        let got = unsafe { sized_options(std::ptr::from_ref(&old).cast::<Grown>(), "o") }.unwrap();
        assert_eq!(
            got,
            Grown {
                size: 8,
                old: 5,
                new: 7
            }
        );
        let newer = [24u32, 0, 0, 0, 0, 0];
        // SAFETY: 24 readable bytes; it is refused before more than the size is read.
        let e = unsafe { sized_options(newer.as_ptr().cast::<Grown>(), "o") }.unwrap_err();
        assert!(e.message.contains("newer"), "{}", e.message);
        let unset = [4u32, 0];
        // SAFETY: 8 readable bytes; only the size is read before it is refused.
        let e = unsafe { sized_options(unset.as_ptr().cast::<Grown>(), "o") }.unwrap_err();
        assert!(e.message.contains("_init"), "{}", e.message);
        // SAFETY: NULL gives the defaults.
        let defaults = unsafe { sized_options::<Grown>(std::ptr::null(), "o") };
        assert_eq!(defaults.unwrap(), Grown::default());
    }
}
