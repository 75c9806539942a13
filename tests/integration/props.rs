//! Property overrides (`--set-property`) reach the destination: a receive takes a native
//! property only in its internal form (an index property as its index, a size as bytes) and
//! drops anything else without a word, so `zfs get` would show the default.

use crate::helpers::*;

/// The loaded module's release line, from `/sys/module/zfs/version` (`2.1.11-1` is (2, 1)).
fn module_line() -> (u32, u32) {
    let version = std::fs::read_to_string("/sys/module/zfs/version").unwrap();
    let mut parts = version
        .trim()
        .split(['.', '-'])
        .map(|p| p.parse::<u32>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap())
}

/// Index, size and user properties set as overrides show on the destination as received values;
/// a value the loaded module lacks (`checksum=blake3` before 2.2) is refused when the task is
/// created.
pub fn overrides_of_every_kind_are_received_as_set() {
    let (src, dst) = (TestPool::new("osrc"), TestPool::new("odst"));
    let state = State::new("overrides");
    let a = src.ds("a");
    run("zfs", &["create", &a]);
    let copy = dst.ds("a");
    let set = [
        ("compression", "zstd-3"),
        ("sync", "always"),
        ("quota", "1G"),
        ("canmount", "noauto"),
        ("com.example:note", "hi"),
    ];
    let pairs: Vec<String> = set.iter().map(|(n, v)| format!("{n}={v}")).collect();
    let mut args = vec![
        "task",
        "create",
        "o",
        "--source",
        &a,
        "--destination",
        &copy,
        "--naming-schema",
        SCHEMA,
        "--start",
    ];
    for pair in &pairs {
        args.extend(["--set-property", pair]);
    }
    state.ok(&args);
    for (name, value) in set {
        let got = run("zfs", &["get", "-H", "-o", "value,source", name, &copy]);
        assert_eq!(got.trim(), format!("{value}\treceived"), "{name}");
    }

    let other = dst.ds("b");
    let blake3 = [
        "task",
        "create",
        "b",
        "--source",
        &a,
        "--destination",
        &other,
        "--naming-schema",
        SCHEMA,
        "--set-property",
        "checksum=blake3",
        "--start",
    ];
    if module_line() < (2, 2) {
        let err = state.fails(&blake3, 2);
        assert!(
            err.contains("cannot set checksum=blake3: OpenZFS 2.2.0 brought that value"),
            "{err}"
        );
        assert_one_line(&err);
        state.fails(&["task", "show", "b"], 2);
    } else {
        state.ok(&blake3);
        let got = run(
            "zfs",
            &["get", "-H", "-o", "value,source", "checksum", &other],
        );
        assert_eq!(got.trim(), "blake3\treceived");
    }
}
