/*
 * zsplice.h: the zsplice ZFS replication engine for C and C++ (libzsplice.so, libzsplice.a).
 * Generated from capi/src by cbindgen; do not edit (see capi/cbindgen.toml).
 *
 * Build:   cc prog.c $(pkg-config --cflags --libs zsplice)
 *
 * Rules that hold for every function:
 *  - Return codes: ZSPLICE_OK (0) or a ZSPLICE_ERR_* code, which mirrors the zsplice CLI's exit
 *    codes (1 failed, 2 usage error, 3 refused; 4 cancelled). Functions returning a pointer
 *    return NULL on failure.
 *  - After a failure, zsplice_last_error() holds the sentence the CLI would print, naming the
 *    dataset or task, for the calling thread only, until that thread's next call that can
 *    fail (one returning a code or a pointer).
 *  - Pointer arguments are checked: a NULL where a function does not allow one is
 *    ZSPLICE_ERR_USAGE, never a crash. Strings are UTF-8 and NUL-terminated; the library reads
 *    argument strings during the call only and never keeps them.
 *  - A string the library returns (char *, or through a char ** argument) belongs to the
 *    caller, who frees it with zsplice_free_string(). const char * results belong to the
 *    library (see each function).
 *  - Callbacks (progress, log) may run on threads zsplice starts, not only the calling one;
 *    they get back the caller's `user` pointer and must return quickly without unwinding
 *    (no C++ exception, no longjmp). They may call zsplice_cancel().
 *  - A zsplice_engine may be used from several threads at once; calls run in the calling
 *    thread until done. zsplice_cancel() from another thread stops a replication or task run.
 *  - Stream files are compressed and verified on a pool of worker threads (one per core),
 *    started at the first stream file and kept, idle, for the life of the process. Every
 *    other thread zsplice starts ends with its call.
 *  - While a call runs, SIGPIPE is blocked on the calling thread (a pipe closed mid-transfer
 *    is then an error, not the end of the process); the thread's mask is restored after.
 *  - No panic crosses into C (it becomes ZSPLICE_ERR_FAILED with a message); the library
 *    starts no process and installs no signal handler.
 *  - Options structs start with their size, set by their _init function, so they can grow
 *    without breaking programs built against an older header.
 */


#ifndef ZSPLICE_H
#define ZSPLICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Success.
#define ZSPLICE_OK 0

// Something failed while working (ZFS, the state directory, a damaged stream, a busy task);
// the CLI's exit code 1.
#define ZSPLICE_ERR_FAILED 1

// What was asked is wrong (a NULL or bad argument, a bad name or option, a dataset or task
// that is not there, nothing new to copy); the CLI's exit code 2.
#define ZSPLICE_ERR_USAGE 2

// Replicating would destroy data at a destination that diverged; nothing was changed. The
// CLI's exit code 3.
#define ZSPLICE_ERR_REFUSED 3

// Stopped by `zsplice_cancel` or `zsplice_task_cancel`; what was in flight stays resumable
// and the next replication resumes it. (The CLI is stopped by a signal instead.)
#define ZSPLICE_ERR_CANCELLED 4

// An open engine: one per state directory is enough; it may be used from several threads at
// once.
typedef struct zsplice_engine zsplice_engine;

// Called with one line of the operation's log (UTF-8, NUL-terminated, valid only during the
// call). Several datasets replicate at once, so it may be called from several zsplice threads
// at the same time; the same rules as for the progress callback apply.
typedef void (*zsplice_log_fn)(const char *line, void *user);

// How `zsplice_replicate` replicates. Fill it with `zsplice_replicate_options_init` (which
// sets `size` and the defaults), then change the fields wanted. Fields are only ever added at
// the end; a library reads the `size` bytes the caller was built with.
typedef struct zsplice_replicate_options {
  // `sizeof(zsplice_replicate_options)` as the caller was compiled.
  uint32_t size;
  // Copy the source's descendants too (default false).
  bool recursive;
  // Re-copy a destination that diverged from scratch, destroying what only it has (default
  // false: refuse with `ZSPLICE_ERR_REFUSED`, changing nothing).
  bool allow_from_scratch;
  // How many datasets replicate at once; 0 (default) lets zsplice choose.
  uint32_t parallel;
  // Descendants to leave out when recursive (full dataset names); `exclude_count` of them.
  // May be NULL when `exclude_count` is 0. Read during the call only.
  const char *const *exclude;
  // How many names `exclude` holds.
  size_t exclude_count;
  // Gets each line of the replication's log (NULL: none). Gets the `user` pointer given to
  // `zsplice_replicate`.
  zsplice_log_fn log;
} zsplice_replicate_options;

// Called with the bytes of stream moved so far and the total: ZFS's estimate, raised to what
// moved if that passes it, so `bytes_done <= bytes_total` always (0 when there is nothing to
// estimate, e.g. nothing to send: check before dividing). Called a few times a second while
// data moves and once at the end; after a call that succeeded, that last call has
// `bytes_done == bytes_total`. It runs on a thread zsplice started or on the calling thread,
// never two calls at once; it must return quickly, and must not unwind (no C++ exception, no
// longjmp) out of the call.
typedef void (*zsplice_progress_fn)(uint64_t bytes_done, uint64_t bytes_total, void *user);

// How `zsplice_send_file` writes. Fill it with `zsplice_send_options_init`.
typedef struct zsplice_send_options {
  // `sizeof(zsplice_send_options)` as the caller was compiled.
  uint32_t size;
  // Replace a file that exists already (default false: refuse).
  bool overwrite;
  // Write the bare ZFS stream, as `zfs send` does, for `zfs receive` (default false: a
  // zsplice stream file, verified and compressed).
  bool plain;
  // The stream file's compression: "none" (the default when NULL, as for `zsplice send`),
  // "zstd" (level 1, on every core) or "zstd:LEVEL" (-7 to 19). Read during the call only.
  const char *compression;
} zsplice_send_options;

// How `zsplice_receive_file` receives. Fill it with `zsplice_receive_options_init`.
typedef struct zsplice_receive_options {
  // `sizeof(zsplice_receive_options)` as the caller was compiled.
  uint32_t size;
  // Discard changes made to the target since its newest snapshot (the stream's base), as
  // `zfs receive -F` does; never destroys a snapshot (default false: refuse such a target).
  bool rollback;
} zsplice_receive_options;

// How `zsplice_task_start` runs. Fill it with `zsplice_task_start_options_init`.
typedef struct zsplice_task_start_options {
  // `sizeof(zsplice_task_start_options)` as the caller was compiled.
  uint32_t size;
  // Re-copy diverged destinations in this run even if the task does not allow it (default
  // false).
  bool allow_from_scratch;
  // Gets each line of the run's log as it is written (the log is also stored; NULL: none).
  // Gets the `user` pointer given to `zsplice_task_start`.
  zsplice_log_fn log;
} zsplice_task_start_options;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

// The library's version: the same string as its `Cargo.toml` version (e.g. "0.1.0").
// Static; never free it.
const char *zsplice_version(void);

// The message of the calling thread's last failure: the sentence the `zsplice` CLI would
// print, naming the dataset or task. "" (never NULL) when its last call that can fail (one
// returning a code or a pointer) did not. Owned by the library and valid until this thread's
// next such call; copy it to keep it.
const char *zsplice_last_error(void);

// Frees a string the library returned (JSON, a log). NULL is ignored.
//
// # Safety
// `s` is NULL or a string this library returned and that was not freed yet.
void zsplice_free_string(char *s);

// Opens the engine: ZFS (refused, with the reason, on an OpenZFS release zsplice cannot work
// with, or when the module is not loaded) and the state directory `state_dir`, where tasks and
// their runs are kept (created when missing; the CLI's default is "/var/lib/zsplice").
// Returns NULL on failure (see `zsplice_last_error`), also for a NULL or empty `state_dir`.
// Close it with `zsplice_close`. One engine may be used from several threads at once.
//
// # Safety
// `state_dir` is NULL (an error) or a NUL-terminated string.
struct zsplice_engine *zsplice_open(const char *state_dir);

// Closes an engine from `zsplice_open`. NULL is ignored. No call may be using it (wait for
// them, or cancel them and wait, first).
//
// # Safety
// `engine` is NULL or an engine from `zsplice_open` that is not closed yet and that no other
// thread is using.
void zsplice_close(struct zsplice_engine *engine);

// Stops every replication and task run going on through `engine` (on any thread): their
// transfers end at once and stay resumable, and those calls return `ZSPLICE_ERR_CANCELLED`.
// Calls that start afterwards are not affected. Returns `ZSPLICE_OK` (also when nothing was
// running).
//
// # Safety
// `engine` is NULL or an open engine.
int zsplice_cancel(struct zsplice_engine *engine);

// Fills `options` with the defaults and its size. NULL is ignored.
//
// # Safety
// `options` is NULL or points to a writable `zsplice_replicate_options`.
void zsplice_replicate_options_init(struct zsplice_replicate_options *options);

// Replicates `source` (a dataset) to `destination` (created by the first copy, with missing
// parents): the source's existing snapshots, in full the first time and only what is new
// after that; a transfer stopped before (a cancel, a crash) is resumed. Runs in the calling
// thread until done or cancelled (`zsplice_cancel` from another thread).
//
// `options` may be NULL (not recursive, refuse a diverged destination). `progress` may be
// NULL; it and `options->log` get `user` back, on zsplice's threads (see their types).
//
// Returns `ZSPLICE_OK`; `ZSPLICE_ERR_USAGE` (a bad or missing name, a NULL argument, a pool
// or dataset that is not there); `ZSPLICE_ERR_REFUSED` (the destination diverged: the
// message says what a re-copy would destroy; nothing changed); `ZSPLICE_ERR_CANCELLED`; or
// `ZSPLICE_ERR_FAILED`. When several datasets fail, the code is the first's and the message
// has one line each.
//
// # Safety
// `engine` is NULL or open; `source` and `destination` are NULL or strings; `options` is NULL
// or as `zsplice_replicate_options_init` left it (then changed), with `exclude` holding
// `exclude_count` strings.
int zsplice_replicate(struct zsplice_engine *engine,
                      const char *source,
                      const char *destination,
                      const struct zsplice_replicate_options *options,
                      zsplice_progress_fn progress,
                      void *user);

// Takes `count` snapshots (full names, `pool/dataset@name`) in one transaction: all of them
// or none, sharing one point in time, as a replication's sources need. With `recursive`, each
// also covers every descendant of its dataset, with the same snapshot name.
//
// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (a bad name, a dataset that is not there) or
// `ZSPLICE_ERR_FAILED` (also when one of the snapshots exists already: then none is taken).
//
// # Safety
// `engine` is NULL or open; `snapshots` is NULL or holds `count` strings.
int zsplice_snapshot(struct zsplice_engine *engine,
                     const char *const *snapshots,
                     size_t count,
                     bool recursive);

// Fills `options` with the defaults and its size. NULL is ignored.
//
// # Safety
// `options` is NULL or points to a writable `zsplice_send_options`.
void zsplice_send_options_init(struct zsplice_send_options *options);

// Writes `snapshot`'s stream to the file `path`, verified on the way: in full, or, with
// `from` (a snapshot or bookmark: full name, "@snap" or "#bookmark" of the same dataset),
// only what changed since it. The file appears whole or not at all. `options` and `progress`
// may be NULL; `progress` gets `user` back.
//
// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (a bad or missing snapshot, base or file, a file
// that exists without `overwrite`) or `ZSPLICE_ERR_FAILED`.
//
// # Safety
// `engine` is NULL or open; `snapshot` and `path` are NULL or strings; `from` is NULL or a
// string; `options` is NULL or initialised by `zsplice_send_options_init`.
int zsplice_send_file(struct zsplice_engine *engine,
                      const char *snapshot,
                      const char *from,
                      const char *path,
                      const struct zsplice_send_options *options,
                      zsplice_progress_fn progress,
                      void *user);

// Fills `options` with the defaults and its size. NULL is ignored.
//
// # Safety
// `options` is NULL or points to a writable `zsplice_receive_options`.
void zsplice_receive_options_init(struct zsplice_receive_options *options);

// Receives the stream file (or plain stream) at `path` into `target`: a dataset, whose new
// snapshot takes the stream's snapshot name, or "dataset@name". The whole file is verified
// before the kernel sees a byte; a damaged one is refused with nothing changed. `options` and
// `progress` may be NULL; `progress` gets `user` back.
//
// The target's parent must exist (`zsplice_replicate` creates missing parents; a receive does
// not: `zsplice_create` makes them).
//
// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (a badly formed target, a file that is not there),
// `ZSPLICE_ERR_REFUSED` (receiving would overwrite what is there: a full stream into an
// existing dataset, a target with snapshots newer than the stream's base or, without the
// rollback option, changed since it) or `ZSPLICE_ERR_FAILED` (a stream that does not fit the
// target, a missing parent, a damaged stream, ZFS failed); nothing was received unless OK.
//
// # Safety
// `engine` is NULL or open; `path` and `target` are NULL or strings; `options` is NULL or
// initialised by `zsplice_receive_options_init`.
int zsplice_receive_file(struct zsplice_engine *engine,
                         const char *path,
                         const char *target,
                         const struct zsplice_receive_options *options,
                         zsplice_progress_fn progress,
                         void *user);

// Creates the filesystem `dataset` (for instance the parent a stream file is received under);
// with `parents`, its missing ancestors too, as `zfs create -p` does. It is not mounted
// (zsplice mounts nothing; the system's ZFS tools or services do).
//
// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (a bad name; a missing parent without `parents`;
// a pool that is not there) or `ZSPLICE_ERR_FAILED` (also when `dataset` exists already).
//
// # Safety
// `engine` is NULL or open; `dataset` is NULL or a string.
int zsplice_create(struct zsplice_engine *engine, const char *dataset, bool parents);

// Creates a task from its definition, `definition_json`: the JSON object `POST
// /api/v1/tasks` takes (docs/api.md: name, source_datasets, target_dataset, schedule,
// retention...). It is checked whole (names, schedule, retention, properties, and that the
// sources exist) before anything is stored. When `out_task_json` is not NULL it receives the new
// task as `GET /api/v1/tasks/NAME` shows it; free it with `zsplice_free_string`.
//
// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (a bad definition: the message names the field;
// a task of that name exists) or `ZSPLICE_ERR_FAILED`.
//
// # Safety
// `engine` is NULL or open; `definition_json` is NULL or a string; `out_task_json` is NULL or
// points to a writable `char *`.
int zsplice_task_create(struct zsplice_engine *engine,
                        const char *definition_json,
                        char **out_task_json);

// Fills `options` with the defaults and its size. NULL is ignored.
//
// # Safety
// `options` is NULL or points to a writable `zsplice_task_start_options`.
void zsplice_task_start_options_init(struct zsplice_task_start_options *options);

// Runs task `name` now, in the calling thread, as `zsplice task start` does: snapshots its
// sources at once, copies them, moves the holds and applies retention; the run is recorded
// in the state directory (with its log) as it goes, so a daemon or the HTTP API on the same
// state directory sees it. `zsplice_task_cancel` or `zsplice_cancel` from another thread
// stops it (recorded as interrupted, resumable).
//
// `options` and `progress` may be NULL; `progress` and `options->log` get `user` back on
// zsplice's threads. When `out_run_json` is not NULL it receives the run's record as `GET
// /api/v1/tasks/NAME/runs/N` shows it (also when the run failed; it is left as it was when
// the start was refused before a run was recorded); free it with `zsplice_free_string`.
//
// Returns `ZSPLICE_OK`; `ZSPLICE_ERR_USAGE` (no such task; this period's snapshot was copied
// already); `ZSPLICE_ERR_REFUSED` (a destination diverged); `ZSPLICE_ERR_CANCELLED`; or
// `ZSPLICE_ERR_FAILED` (also when the task is running already).
//
// # Safety
// `engine` is NULL or open; `name` is NULL or a string; `options` is NULL or initialised by
// `zsplice_task_start_options_init`; `out_run_json` is NULL or points to a writable `char *`.
int zsplice_task_start(struct zsplice_engine *engine,
                       const char *name,
                       const struct zsplice_task_start_options *options,
                       zsplice_progress_fn progress,
                       void *user,
                       char **out_run_json);

// Stops the run of task `name` going on through `engine` (on another thread); it ends as
// interrupted and its `zsplice_task_start` returns `ZSPLICE_ERR_CANCELLED`. A run started by
// another process (a daemon) is not affected.
//
// Returns `ZSPLICE_OK`, or `ZSPLICE_ERR_USAGE` when no run of `name` is going on through
// `engine`.
//
// # Safety
// `engine` is NULL or open; `name` is NULL or a string.
int zsplice_task_cancel(struct zsplice_engine *engine, const char *name);

// Every task as `GET /api/v1/tasks` shows them: `{"tasks": [...]}`, each with its definition,
// state and newest run. Returns NULL on failure. Free it with `zsplice_free_string`.
//
// # Safety
// `engine` is NULL or open.
char *zsplice_task_list(struct zsplice_engine *engine);

// Task `name` as `GET /api/v1/tasks/NAME` shows it. Returns NULL on failure (no such task is
// `ZSPLICE_ERR_USAGE`'s message in `zsplice_last_error`). Free it with `zsplice_free_string`.
//
// # Safety
// `engine` is NULL or open; `name` is NULL or a string.
char *zsplice_task_show(struct zsplice_engine *engine, const char *name);

// Task `name`'s runs, newest first, as `GET /api/v1/tasks/NAME/runs` shows them:
// `{"runs": [...]}`. Returns NULL on failure. Free it with `zsplice_free_string`.
//
// # Safety
// `engine` is NULL or open; `name` is NULL or a string.
char *zsplice_task_runs(struct zsplice_engine *engine, const char *name);

// The log of run `run` of task `name` (0: its newest run), as text, one line per event.
// Returns NULL on failure. Free it with `zsplice_free_string`.
//
// # Safety
// `engine` is NULL or open; `name` is NULL or a string.
char *zsplice_task_log(struct zsplice_engine *engine, const char *name, uint64_t run);

// Deletes task `name` and its runs, and releases the holds it keeps on snapshots (the
// snapshots stay). When `out_result_json` is not NULL it receives `{"deleted": NAME,
// "unreleased_holds": [...]}` as `DELETE /api/v1/tasks/NAME` answers (a hold that could not
// be released says why); free it with `zsplice_free_string`.
//
// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (no such task) or `ZSPLICE_ERR_FAILED` (also
// when it is running).
//
// # Safety
// `engine` is NULL or open; `name` is NULL or a string; `out_result_json` is NULL or points to a
// writable `char *`.
int zsplice_task_delete(struct zsplice_engine *engine, const char *name, char **out_result_json);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* ZSPLICE_H */
