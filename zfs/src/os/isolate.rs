//! Sending and receiving threads with a file descriptor table of their own, so that `kill -9`
//! always ends zsplice.
//!
//! On Linux, `lzc_send` writes the stream from a kernel taskq thread while the calling thread
//! waits for it (OpenZFS issue #12500). A signal reaches only the caller, so a taskq write
//! blocked on a full pipe ends only when the pipe's read end closes. zsplice reads that pipe in
//! the same process, and a process's descriptors close only when its last thread is gone: a
//! killed zsplice whose sender was waiting would keep its own read end open forever, and hang
//! unkillable (with the snapshot held and the pool busy) until reboot.
//!
//! The receiving side can wait the same way: a receive blocked reading a pipe whose write end
//! the dying process itself still holds was seen to outlive `kill -9` in the test guest.
//!
//! [`spawn_isolated`] runs a send or a receive on a thread that first unshares its descriptor
//! table (`unshare(CLONE_FILES)`) and closes in its private copy everything but the stream's
//! pipe end, standard input/output/error and character devices (`/dev/zfs`). The spawner then
//! closes its own copy of that pipe end. No other pipe end is then reachable from the thread,
//! so when the rest of the process dies the pipes lose their other ends: the taskq write fails
//! with EPIPE, the receive reads EOF, and both threads return.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::sync::mpsc;
use std::thread::{Scope, ScopedJoinHandle};

/// Runs `work(stream)` on a new scoped thread whose descriptor table holds no pipe end but
/// `stream`. Returns once the thread has isolated itself (its own copy of `stream` is the only
/// one left); the handle yields `work`'s result, or why the thread could not isolate itself
/// (then `work` never ran).
pub fn spawn_isolated<'scope, 'env, T, F>(
    scope: &'scope Scope<'scope, 'env>,
    stream: OwnedFd,
    work: F,
) -> ScopedJoinHandle<'scope, io::Result<T>>
where
    T: Send + 'scope,
    F: FnOnce(BorrowedFd<'_>) -> T + Send + 'scope,
{
    let raw = stream.as_raw_fd();
    let (isolated_tx, isolated_rx) = mpsc::channel::<()>();
    let handle = scope.spawn(move || {
        let isolated = isolate_thread(raw);
        let _ = isolated_tx.send(());
        isolated?;
        // SAFETY: unshare(CLONE_FILES) gave this thread a private copy of the whole table, so
        // `raw` is open here; the spawner closes only its own copy, in the shared table, and
        // nothing else on this thread refers to `raw`. This OwnedFd is its sole owner.
        let private = unsafe { OwnedFd::from_raw_fd(raw) };
        Ok(work(private.as_fd()))
    });
    // Whether or not the thread managed to isolate itself, the shared copy is ours to close:
    // isolated, the thread holds its own copy; not isolated, it never uses the descriptor.
    let _ = isolated_rx.recv();
    drop(stream);
    handle
}

/// Gives the calling thread a private descriptor table and closes in it every descriptor
/// above 2 that is neither `keep` nor a character device.
fn isolate_thread(keep: RawFd) -> io::Result<()> {
    // SAFETY: unshare takes no pointers; CLONE_FILES only copies this thread's descriptor
    // table, which no Rust object of this thread depends on being shared.
    if unsafe { libc::unshare(libc::CLONE_FILES) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let mut doomed = Vec::new();
    // The listing reads this thread's own (now private) table.
    for entry in std::fs::read_dir("/proc/thread-self/fd")? {
        let Ok(fd) = entry?.file_name().to_string_lossy().parse::<RawFd>() else {
            continue;
        };
        if fd <= 2 || fd == keep {
            continue;
        }
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: `st` is a valid out-pointer for one stat; a descriptor closed meanwhile
        // (the listing's own) makes fstat fail with EBADF, which is skipped.
        if unsafe { libc::fstat(fd, st.as_mut_ptr()) } != 0 {
            continue;
        }
        // SAFETY: fstat succeeded, so it filled `st`.
        let mode = unsafe { st.assume_init() }.st_mode;
        if mode & libc::S_IFMT != libc::S_IFCHR {
            doomed.push(fd);
        }
    }
    for fd in doomed {
        // SAFETY: after unshare, these numbers name this thread's private copies, which no
        // object on this thread owns (its owners live on other threads, in the shared table,
        // and are unaffected); closing them only drops the copies.
        unsafe { libc::close(fd) };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn an_isolated_thread_holds_no_pipe_but_its_own_and_its_reader_sees_eof() {
        let (mut r, w) = std::io::pipe().unwrap();
        let (other_r, other_w) = std::io::pipe().unwrap();
        let (other_r_raw, other_w_raw) = (other_r.as_raw_fd(), other_w.as_raw_fd());
        let got = std::thread::scope(|s| {
            let h = spawn_isolated(s, OwnedFd::from(w), |fd| {
                // The other pipe's ends are gone from this thread's table...
                let gone = |fd: RawFd| {
                    // SAFETY: fcntl(F_GETFD) only queries the number.
                    unsafe { libc::fcntl(fd, libc::F_GETFD) == -1 }
                };
                assert!(gone(other_r_raw) && gone(other_w_raw));
                let mut f = std::fs::File::from(fd.try_clone_to_owned().unwrap());
                f.write_all(b"stream").unwrap();
                7
            });
            let mut got = Vec::new();
            // ...and once the sender is done, the reader sees EOF: no copy of the write end
            // was left behind in the shared table.
            r.read_to_end(&mut got).unwrap();
            assert_eq!(h.join().unwrap().unwrap(), 7);
            got
        });
        assert_eq!(got, b"stream");
        // This thread's table still has the other pipe.
        drop((other_r, other_w));
    }
}
