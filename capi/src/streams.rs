//! Snapshots, filesystems, and streams to and from stream files: `zsplice_snapshot`,
//! `zsplice_create`, `zsplice_send_file` and `zsplice_receive_file`, as `zsplice snapshot`,
//! `zfs create`, `send -o` and `receive -i` do them.

use std::ffi::{c_char, c_int, c_void};
use std::path::Path;

use zsplice::datasets::{create, snapshot};
use zsplice::streamfile::{export_to_path, import, ExportOptions, ImportSource, StreamFormat};
use zsplice::zfs::{DatasetName, SnapshotName, Zfs};
use zsplice::EngineError;
use zsplice_stream::file::Codec;

use crate::boundary::{
    call, optional_str_arg, sized_options, str_arg, str_array_arg, Failure, Sized4C,
};
use crate::engine::{engine_arg, Callbacks, ZspliceEngine, ZspliceProgressFn};

/// Takes `count` snapshots (full names, `pool/dataset@name`) in one transaction: all of them
/// or none, sharing one point in time, as a replication's sources need. With `recursive`, each
/// also covers every descendant of its dataset, with the same snapshot name.
///
/// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (a bad name, a dataset that is not there) or
/// `ZSPLICE_ERR_FAILED` (also when one of the snapshots exists already: then none is taken).
///
/// # Safety
/// `engine` is NULL or open; `snapshots` is NULL or holds `count` strings.
#[no_mangle]
pub unsafe extern "C" fn zsplice_snapshot(
    engine: *mut ZspliceEngine,
    snapshots: *const *const c_char,
    count: usize,
    recursive: bool,
) -> c_int {
    call(|| {
        // SAFETY: the caller's promise about `engine` is passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: the caller's promise about `snapshots` and `count` is passed on.
        let names = unsafe { str_array_arg(snapshots, count, "snapshots") }?;
        if names.is_empty() {
            return Err(Failure::usage("no snapshot to take: count is 0"));
        }
        let names = names
            .iter()
            .map(|n| SnapshotName::new(n))
            .collect::<Result<Vec<_>, _>>()
            .map_err(EngineError::from)?;
        snapshot(&e.zfs, &names, recursive)?;
        Ok(())
    })
}

/// How `zsplice_send_file` writes. Fill it with `zsplice_send_options_init`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ZspliceSendOptions {
    /// `sizeof(zsplice_send_options)` as the caller was compiled.
    pub size: u32,
    /// Replace a file that exists already (default false: refuse).
    pub overwrite: bool,
    /// Write the bare ZFS stream, as `zfs send` does, for `zfs receive` (default false: a
    /// zsplice stream file, verified and compressed).
    pub plain: bool,
    /// The stream file's compression: "none" (the default when NULL, as for `zsplice send`),
    /// "zstd" (level 1, on every core) or "zstd:LEVEL" (-7 to 19). Read during the call only.
    pub compression: *const c_char,
}

impl Sized4C for ZspliceSendOptions {
    // Version 0.1's: every field so far.
    const OLDEST_SIZE: usize = size_of::<ZspliceSendOptions>();
}

impl Default for ZspliceSendOptions {
    fn default() -> Self {
        ZspliceSendOptions {
            size: size_of::<ZspliceSendOptions>() as u32,
            overwrite: false,
            plain: false,
            compression: std::ptr::null(),
        }
    }
}

/// Fills `options` with the defaults and its size. NULL is ignored.
///
/// # Safety
/// `options` is NULL or points to a writable `zsplice_send_options`.
#[no_mangle]
pub unsafe extern "C" fn zsplice_send_options_init(options: *mut ZspliceSendOptions) {
    if !options.is_null() {
        // SAFETY: not NULL, and the caller promises it is writable and of this type.
        unsafe { options.write(ZspliceSendOptions::default()) };
    }
}

/// Writes `snapshot`'s stream to the file `path`, verified on the way: in full, or, with
/// `from` (a snapshot or bookmark: full name, "@snap" or "#bookmark" of the same dataset),
/// only what changed since it. The file appears whole or not at all. `options` and `progress`
/// may be NULL; `progress` gets `user` back.
///
/// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (a bad or missing snapshot, base or file, a file
/// that exists without `overwrite`) or `ZSPLICE_ERR_FAILED`.
///
/// # Safety
/// `engine` is NULL or open; `snapshot` and `path` are NULL or strings; `from` is NULL or a
/// string; `options` is NULL or initialised by `zsplice_send_options_init`.
#[no_mangle]
pub unsafe extern "C" fn zsplice_send_file(
    engine: *mut ZspliceEngine,
    snapshot: *const c_char,
    from: *const c_char,
    path: *const c_char,
    options: *const ZspliceSendOptions,
    progress: ZspliceProgressFn,
    user: *mut c_void,
) -> c_int {
    call(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let snap = unsafe { str_arg(snapshot, "snapshot") }?;
        // SAFETY: as above.
        let from = unsafe { optional_str_arg(from, "from") }?;
        // SAFETY: as above.
        let path = unsafe { str_arg(path, "path") }?;
        // SAFETY: as above.
        let o = unsafe { sized_options(options, "zsplice_send_options") }?;
        // SAFETY: as above.
        let compression = unsafe { optional_str_arg(o.compression, "options->compression") }?;
        let codec = match compression {
            None => Codec::Stored,
            Some(c) => Codec::parse(c).map_err(|e| Failure::usage(format!("compression: {e}")))?,
        };
        let opts = ExportOptions {
            from: from.map(str::to_string),
            format: if o.plain {
                StreamFormat::Plain
            } else {
                StreamFormat::File(codec)
            },
            ..Default::default()
        };
        let snap = SnapshotName::new(snap).map_err(EngineError::from)?;
        let obs = Callbacks::new(progress, None, user);
        export_to_path(&e.zfs, &snap, &opts, Path::new(path), o.overwrite, &obs)?;
        Ok(())
    })
}

/// How `zsplice_receive_file` receives. Fill it with `zsplice_receive_options_init`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ZspliceReceiveOptions {
    /// `sizeof(zsplice_receive_options)` as the caller was compiled.
    pub size: u32,
    /// Discard changes made to the target since its newest snapshot (the stream's base), as
    /// `zfs receive -F` does; never destroys a snapshot (default false: refuse such a target).
    pub rollback: bool,
}

impl Sized4C for ZspliceReceiveOptions {
    // Version 0.1's: every field so far.
    const OLDEST_SIZE: usize = size_of::<ZspliceReceiveOptions>();
}

impl Default for ZspliceReceiveOptions {
    fn default() -> Self {
        ZspliceReceiveOptions {
            size: size_of::<ZspliceReceiveOptions>() as u32,
            rollback: false,
        }
    }
}

/// Fills `options` with the defaults and its size. NULL is ignored.
///
/// # Safety
/// `options` is NULL or points to a writable `zsplice_receive_options`.
#[no_mangle]
pub unsafe extern "C" fn zsplice_receive_options_init(options: *mut ZspliceReceiveOptions) {
    if !options.is_null() {
        // SAFETY: not NULL, and the caller promises it is writable and of this type.
        unsafe { options.write(ZspliceReceiveOptions::default()) };
    }
}

/// Receives the stream file (or plain stream) at `path` into `target`: a dataset, whose new
/// snapshot takes the stream's snapshot name, or "dataset@name". The whole file is verified
/// before the kernel sees a byte; a damaged one is refused with nothing changed. `options` and
/// `progress` may be NULL; `progress` gets `user` back.
///
/// The target's parent must exist (`zsplice_replicate` creates missing parents; a receive does
/// not: `zsplice_create` makes them).
///
/// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (a badly formed target, a file that is not there),
/// `ZSPLICE_ERR_REFUSED` (receiving would overwrite what is there: a full stream into an
/// existing dataset, a target with snapshots newer than the stream's base or, without the
/// rollback option, changed since it) or `ZSPLICE_ERR_FAILED` (a stream that does not fit the
/// target, a missing parent, a damaged stream, ZFS failed); nothing was received unless OK.
///
/// # Safety
/// `engine` is NULL or open; `path` and `target` are NULL or strings; `options` is NULL or
/// initialised by `zsplice_receive_options_init`.
#[no_mangle]
pub unsafe extern "C" fn zsplice_receive_file(
    engine: *mut ZspliceEngine,
    path: *const c_char,
    target: *const c_char,
    options: *const ZspliceReceiveOptions,
    progress: ZspliceProgressFn,
    user: *mut c_void,
) -> c_int {
    call(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let path = unsafe { str_arg(path, "path") }?;
        // SAFETY: as above.
        let target = unsafe { str_arg(target, "target") }?;
        // SAFETY: as above.
        let o = unsafe { sized_options(options, "zsplice_receive_options") }?;
        let obs = Callbacks::new(progress, None, user);
        let source = ImportSource::Path(Path::new(path));
        // The engine's own handle stays with it; a receive opens one for its length.
        let open = || Zfs::open().map_err(EngineError::from);
        import(open, target, source, o.rollback, &obs)?;
        Ok(())
    })
}

/// Creates the filesystem `dataset` (for instance the parent a stream file is received under);
/// with `parents`, its missing ancestors too, as `zfs create -p` does. It is not mounted
/// (zsplice mounts nothing; the system's ZFS tools or services do).
///
/// Returns `ZSPLICE_OK`, `ZSPLICE_ERR_USAGE` (a bad name; a missing parent without `parents`;
/// a pool that is not there) or `ZSPLICE_ERR_FAILED` (also when `dataset` exists already).
///
/// # Safety
/// `engine` is NULL or open; `dataset` is NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn zsplice_create(
    engine: *mut ZspliceEngine,
    dataset: *const c_char,
    parents: bool,
) -> c_int {
    call(|| {
        // SAFETY: the caller's promises about each argument are passed on.
        let e = unsafe { engine_arg(engine) }?;
        // SAFETY: as above.
        let name = unsafe { str_arg(dataset, "dataset") }?;
        let name = DatasetName::new(name).map_err(EngineError::from)?;
        create(&e.zfs, &name, parents)?;
        Ok(())
    })
}
