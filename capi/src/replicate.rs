//! `zsplice_replicate`: the one-shot copy of a source's snapshots (and its descendants', when
//! recursive) to a destination, as `zsplice replicate` does it.

use std::ffi::{c_char, c_int, c_void};

use zsplice::model::task::SourceSpec;
use zsplice::replicate::oneshot::{replicate_until, ReplicateRequest};
use zsplice::replicate::refusal::OnDivergence;
use zsplice::zfs::DatasetName;
use zsplice::EngineError;

use crate::boundary::{call, sized_options, str_arg, str_array_arg, Failure, Sized4C};
use crate::engine::{engine_arg, Callbacks, ZspliceEngine, ZspliceLogFn, ZspliceProgressFn};

/// How `zsplice_replicate` replicates. Fill it with `zsplice_replicate_options_init` (which
/// sets `size` and the defaults), then change the fields wanted. Fields are only ever added at
/// the end; a library reads the `size` bytes the caller was built with.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ZspliceReplicateOptions {
    /// `sizeof(zsplice_replicate_options)` as the caller was compiled.
    pub size: u32,
    /// Copy the source's descendants too (default false).
    pub recursive: bool,
    /// Re-copy a destination that diverged from scratch, destroying what only it has (default
    /// false: refuse with `ZSPLICE_ERR_REFUSED`, changing nothing).
    pub allow_from_scratch: bool,
    /// How many datasets replicate at once; 0 (default) lets zsplice choose.
    pub parallel: u32,
    /// Descendants to leave out when recursive (full dataset names); `exclude_count` of them.
    /// May be NULL when `exclude_count` is 0. Read during the call only.
    pub exclude: *const *const c_char,
    /// How many names `exclude` holds.
    pub exclude_count: usize,
    /// Gets each line of the replication's log (NULL: none). Gets the `user` pointer given to
    /// `zsplice_replicate`.
    pub log: ZspliceLogFn,
}

impl Sized4C for ZspliceReplicateOptions {
    // Version 0.1's: every field so far.
    const OLDEST_SIZE: usize = size_of::<ZspliceReplicateOptions>();
}

impl Default for ZspliceReplicateOptions {
    fn default() -> Self {
        ZspliceReplicateOptions {
            size: size_of::<ZspliceReplicateOptions>() as u32,
            recursive: false,
            allow_from_scratch: false,
            parallel: 0,
            exclude: std::ptr::null(),
            exclude_count: 0,
            log: None,
        }
    }
}

/// Fills `options` with the defaults and its size. NULL is ignored.
///
/// # Safety
/// `options` is NULL or points to a writable `zsplice_replicate_options`.
#[no_mangle]
pub unsafe extern "C" fn zsplice_replicate_options_init(options: *mut ZspliceReplicateOptions) {
    if !options.is_null() {
        // SAFETY: not NULL, and the caller promises it is writable and of this type.
        unsafe { options.write(ZspliceReplicateOptions::default()) };
    }
}

/// Replicates `source` (a dataset) to `destination` (created by the first copy, with missing
/// parents): the source's existing snapshots, in full the first time and only what is new
/// after that; a transfer stopped before (a cancel, a crash) is resumed. Runs in the calling
/// thread until done or cancelled (`zsplice_cancel` from another thread).
///
/// `options` may be NULL (not recursive, refuse a diverged destination). `progress` may be
/// NULL; it and `options->log` get `user` back, on zsplice's threads (see their types).
///
/// Returns `ZSPLICE_OK`; `ZSPLICE_ERR_USAGE` (a bad or missing name, a NULL argument, a pool
/// or dataset that is not there); `ZSPLICE_ERR_REFUSED` (the destination diverged: the
/// message says what a re-copy would destroy; nothing changed); `ZSPLICE_ERR_CANCELLED`; or
/// `ZSPLICE_ERR_FAILED`. When several datasets fail, the code is the first's and the message
/// has one line each.
///
/// # Safety
/// `engine` is NULL or open; `source` and `destination` are NULL or strings; `options` is NULL
/// or as `zsplice_replicate_options_init` left it (then changed), with `exclude` holding
/// `exclude_count` strings.
#[no_mangle]
pub unsafe extern "C" fn zsplice_replicate(
    engine: *mut ZspliceEngine,
    source: *const c_char,
    destination: *const c_char,
    options: *const ZspliceReplicateOptions,
    progress: ZspliceProgressFn,
    user: *mut c_void,
) -> c_int {
    call(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let source = unsafe { str_arg(source, "source") }?;
        // SAFETY: as above.
        let destination = unsafe { str_arg(destination, "destination") }?;
        // SAFETY: as above.
        let o = unsafe { sized_options(options, "zsplice_replicate_options") }?;
        // SAFETY: as above; `exclude` holds `exclude_count` strings.
        let exclude = unsafe { str_array_arg(o.exclude, o.exclude_count, "options->exclude") }?;
        let req = ReplicateRequest {
            source: SourceSpec {
                dataset: DatasetName::new(source).map_err(EngineError::from)?,
                recursive: o.recursive,
                exclude: exclude
                    .iter()
                    .map(|x| DatasetName::new(x))
                    .collect::<Result<_, _>>()
                    .map_err(EngineError::from)?,
            },
            destination: DatasetName::new(destination).map_err(EngineError::from)?,
            on_divergence: OnDivergence::allowing(o.allow_from_scratch),
            parallel: (o.parallel > 0).then_some(o.parallel as usize),
        };
        let obs = Callbacks::new(progress, o.log, user);
        let running = e.begin(None);
        let report = replicate_until(&e.zfs, &req, &obs, Some(&running.stop))?;
        match report.failures.first() {
            None => Ok(()),
            Some(first) => {
                let mut f = Failure::from_engine(first);
                for more in &report.failures[1..] {
                    f.add_line(&more.to_string());
                }
                Err(f)
            }
        }
    })
}
