//! The C ABI on real pools: `examples/c/suite.c`, built by scripts/check-c-library.sh with
//! `cc -Wall -Werror` against the installed zsplice.h and libzsplice.so (through pkg-config),
//! run under valgrind. The suite checks each case itself (full and incremental replication with
//! progress, a diverged destination, bad names, a missing pool, a cancel from a second thread,
//! a task created and started, stream files); valgrind adds that nothing leaked and nothing
//! read or wrote where it must not (no invalid read or write, no use after free, no double or
//! mismatched free).
//!
//! valgrind's checks of uninitialised values are off: the ZFS ioctls carry no size or direction
//! in their numbers ("unhandled ioctl 0x5a23"), so valgrind cannot see the kernel fill the
//! buffers, and every guid, size and name that comes back would count as uninitialised.

use std::path::PathBuf;
use std::process::Command;

use crate::helpers::{mounted, run, write_file, write_random, TestPool};

/// Where the built C programs are: `ZSPLICE_C_EXAMPLES`, or the folder
/// scripts/check-c-library.sh builds into.
pub fn examples() -> PathBuf {
    std::env::var_os("ZSPLICE_C_EXAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let target = std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into());
            PathBuf::from(target).join("c-examples")
        })
}

pub fn the_c_suite_passes_on_real_pools_with_no_leak_or_invalid_access() {
    let src = TestPool::sized("csrc", "2G");
    let dst = TestPool::sized("cdst", "2G");
    run("zfs", &["create", &src.ds("data")]);
    run("zfs", &["create", &src.ds("big")]);
    let data = mounted(&src.ds("data"));
    for i in 0..4 {
        write_file(&data.join(format!("f{i}.bin")), i, 256 << 10);
    }
    // Big enough that the transfer is still running when the suite's second thread cancels
    // it (it does so as soon as bytes move, checked a few times a second).
    write_random(&mounted(&src.ds("big")).join("big.bin"), 400 << 20);
    let state = tempfile::Builder::new()
        .prefix("zsplice-capi-")
        .tempdir_in("/var/tmp")
        .unwrap();
    let src_mnt = mounted(&src.name);

    let out = Command::new("valgrind")
        .args([
            "--error-exitcode=99",
            "--undef-value-errors=no",
            "--leak-check=full",
            "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect",
            "--child-silent-after-fork=yes",
        ])
        .arg(examples().join("suite"))
        .args([&src.name, &dst.name])
        .arg(&src_mnt)
        .arg(state.path())
        .output()
        .expect("starting valgrind");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    let cases = stdout.lines().filter(|l| l.starts_with("ok - ")).count();
    assert!(
        out.status.success() && stdout.contains("PASSED: 0 failed"),
        "the C suite failed ({}):\n{stdout}\nvalgrind and the library said:\n{stderr}",
        out.status
    );
    assert_eq!(cases, 9, "the suite ran {cases} cases, not 9:\n{stdout}");
    // valgrind's summary: it exits 99 on any error, and says so.
    assert!(
        stderr.contains("ERROR SUMMARY: 0 errors"),
        "valgrind found errors:\n{stderr}"
    );
}
