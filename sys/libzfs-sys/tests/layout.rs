//! ctest-style check: compiles a C program against the *installed* OpenZFS headers (found
//! through pkg-config, as the build finds the libraries) and compares the numbers zsplice
//! depends on with the checked-in bindings: ioctl request numbers, OpenZFS error numbers, send
//! flags and nvpair types. (The installed `sys/dmu.h` and `sys/zfs_ioctl.h`
//! cannot be compiled on their own: Debian's -dev package lacks the kernel-side headers they
//! include, which is why `vendor/` carries them.) The bindings' own compile-time asserts pin
//! every struct to the vendored headers; this catches vendored headers drifting from the system's.

use std::process::Command;

use libnvpair_sys as nv;
use libzfs_sys as z;

#[test]
fn bindings_match_the_installed_headers() {
    let cflags = Command::new("pkg-config")
        .args(["--cflags", "libzfs_core"])
        .output()
        .expect("pkg-config runs");
    assert!(cflags.status.success(), "pkg-config libzfs_core failed");
    let cflags = String::from_utf8(cflags.stdout).unwrap();

    let checks: Vec<(&str, u64)> = vec![
        ("ZFS_IOC_OBJSET_STATS", z::ZFS_IOC_OBJSET_STATS as u64),
        (
            "ZFS_IOC_DATASET_LIST_NEXT",
            z::ZFS_IOC_DATASET_LIST_NEXT as u64,
        ),
        (
            "ZFS_IOC_SNAPSHOT_LIST_NEXT",
            z::ZFS_IOC_SNAPSHOT_LIST_NEXT as u64,
        ),
        ("ZFS_IOC_SEND_PROGRESS", z::ZFS_IOC_SEND_PROGRESS as u64),
        (
            "ZFS_ERR_CHECKPOINT_EXISTS",
            z::ZFS_ERR_CHECKPOINT_EXISTS as u64,
        ),
        (
            "ZFS_ERR_STREAM_TRUNCATED",
            z::ZFS_ERR_STREAM_TRUNCATED as u64,
        ),
        ("ZFS_ERR_RESUME_EXISTS", z::ZFS_ERR_RESUME_EXISTS as u64),
        (
            "ZFS_ERR_UNKNOWN_SEND_STREAM_FEATURE",
            z::ZFS_ERR_UNKNOWN_SEND_STREAM_FEATURE as u64,
        ),
        (
            "LZC_SEND_FLAG_EMBED_DATA",
            z::LZC_SEND_FLAG_EMBED_DATA as u64,
        ),
        (
            "LZC_SEND_FLAG_LARGE_BLOCK",
            z::LZC_SEND_FLAG_LARGE_BLOCK as u64,
        ),
        ("LZC_SEND_FLAG_COMPRESS", z::LZC_SEND_FLAG_COMPRESS as u64),
        ("LZC_SEND_FLAG_RAW", z::LZC_SEND_FLAG_RAW as u64),
        (
            "ZFS_MAX_DATASET_NAME_LEN",
            z::ZFS_MAX_DATASET_NAME_LEN as u64,
        ),
        ("DMU_OST_ZVOL", z::DMU_OST_ZVOL as u64),
        ("DATA_TYPE_NVLIST", nv::DATA_TYPE_NVLIST as u64),
        ("DATA_TYPE_STRING_ARRAY", nv::DATA_TYPE_STRING_ARRAY as u64),
        (
            "DATA_TYPE_BOOLEAN_VALUE",
            nv::DATA_TYPE_BOOLEAN_VALUE as u64,
        ),
        ("NV_ENCODE_NATIVE", nv::NV_ENCODE_NATIVE as u64),
    ];

    let dir = std::env::temp_dir().join(format!("zsplice-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = String::from(
        "#include <stdio.h>\n#include <libzfs_core.h>\n#include <libnvpair.h>\n\
         #include <sys/fs/zfs.h>\nint main(void) {\n",
    );
    for (expr, _) in &checks {
        c.push_str(&format!(
            "  printf(\"%llu\\n\", (unsigned long long)({expr}));\n"
        ));
    }
    c.push_str("  return 0;\n}\n");
    let (src, exe) = (dir.join("layout.c"), dir.join("layout"));
    std::fs::write(&src, c).unwrap();
    let mut cc = Command::new("cc");
    cc.arg("-D_GNU_SOURCE")
        .args(cflags.split_whitespace())
        .arg(&src)
        .arg("-o")
        .arg(&exe);
    let out = cc.output().expect("a C compiler (cc) runs");
    assert!(
        out.status.success(),
        "compiling against the installed headers failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = Command::new(&exe).output().unwrap();
    let values: Vec<u64> = String::from_utf8(printed.stdout)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(values.len(), checks.len());
    for ((expr, rust), c) in checks.iter().zip(values) {
        assert_eq!(
            *rust, c,
            "{expr}: bindings say {rust}, installed headers say {c}"
        );
    }
}
