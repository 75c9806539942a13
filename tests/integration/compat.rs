//! What differs between OpenZFS releases, on the release the guest runs
//! (`ZSPLICE_ZFS_VERSION`, module and userland alike; scripts/build-guest.sh): the version
//! report, stream files carried between releases, and the combinations zsplice refuses.
//! With the tests listed in `main.rs`'s `COMPAT` these form the compatibility suite that
//! scripts/test.sh runs on 2.1.11, 2.2.2 and 2.4.4 (`ZSPLICE_SUITE=compat`); on 2.3.2 they run
//! with the whole suite.
//!
//! Stream files travel through `ZSPLICE_STREAM_EXCHANGE`, a host directory the guest reads:
//! each run writes its own release's files as test artifacts (`streams-<release>/`, copied back
//! there by scripts/guest-run.sh) and receives those every earlier run left.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::helpers::*;

/// The release of the loaded module, e.g. "2.1.11" (from `zsplice version`, checked against
/// sysfs).
fn this_release() -> String {
    let v = version_json(&[]);
    let release = v["module"]["release"]
        .as_str()
        .unwrap_or_else(|| panic!("no module release in {v}"))
        .to_string();
    let sysfs = std::fs::read_to_string("/sys/module/zfs/version").unwrap();
    assert!(sysfs.starts_with(&release), "{sysfs} vs {release}");
    release
}

fn version_json(env: &[(&str, &str)]) -> serde_json::Value {
    let args = ["version", "--json"];
    json_result(&success_stdout(&args, &zsplice_env(&args, env)))
}

fn zsplice_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(zsplice_bin());
    c.args(args).stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("running zsplice")
}

/// Release lines compare as numbers: "2.10" after "2.9".
fn line_of(release: &str) -> (u32, u32) {
    let mut parts = release.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// longname (file names up to 1023 bytes, and a stream feature) arrived in 2.3.
fn has_longname(release: &str) -> bool {
    line_of(release) >= (2, 3)
}

pub fn version_names_the_release_of_module_and_library() {
    let release = this_release();
    if let Ok(wanted) = std::env::var("ZSPLICE_ZFS_VERSION") {
        assert_eq!(release, wanted, "the guest was asked for {wanted}");
    }
    // That release's own zfs(8) says the same of itself and of the module.
    let zfs_version = run("zfs", &["version"]);
    let lines: Vec<&str> = zfs_version.lines().collect();
    assert!(
        lines.len() >= 2
            && lines[0].starts_with(&format!("zfs-{release}"))
            && lines[1].starts_with(&format!("zfs-kmod-{release}")),
        "{zfs_version}"
    );
    let v = version_json(&[]);
    assert_eq!(v["supported"], true, "{v}");
    assert!(v["problem"].is_null(), "{v}");
    let lib = v["libzfs_core"]["version"]
        .as_str()
        .unwrap_or_else(|| panic!("libzfs_core's version not found: {v}"));
    assert!(lib.starts_with(&release), "{lib} is not {release}: {v}");
    // The plain --version prints the same report.
    let args = ["--version"];
    let text = success_stdout(&args, &zsplice(&args));
    assert!(
        text.contains(&format!("ZFS kernel module: {release}"))
            && text.contains(&format!("libzfs_core:       {release}"))
            && text.contains("supported:         yes"),
        "{text}"
    );
}

/// Where the guest keeps the host's (2.3.2) ZFS libraries after laying another release's
/// userland over them (scripts/guest-run.sh), when it did.
fn host_libraries() -> Option<PathBuf> {
    std::env::var_os("ZSPLICE_HOST_ZFS_LIBS").map(PathBuf::from)
}

pub fn a_library_newer_than_the_module_is_refused_before_anything_is_done() {
    let release = this_release();
    let Some(libs) = host_libraries() else {
        // On 2.3.2 the host's library is this release's own: nothing is newer.
        assert_eq!(release, "2.3.2", "the guest kept no other library");
        return;
    };
    let libs = libs.to_str().unwrap();
    let env = [("LD_LIBRARY_PATH", libs)];
    let pool = TestPool::new("cmix");
    let snap = format!("{}@mixed", pool.name);
    let args = ["snapshot", snap.as_str()];
    let out = zsplice_env(&args, &env);
    // `zsplice version` exits 1 when it would refuse, so a script can ask it.
    let version_args = ["version", "--json"];
    let version = zsplice_env(&version_args, &env);
    let refused = line_of(&release) < (2, 3);
    assert_eq!(version.status.code(), Some(if refused { 1 } else { 0 }));
    let v = json_result(&String::from_utf8_lossy(&version.stdout));
    assert!(
        v["libzfs_core"]["path"].as_str().unwrap().starts_with(libs),
        "{v}"
    );
    if refused {
        // 2.3's libzfs_core on an older module: refused with one sentence naming both.
        let err = failure_stderr(&args, &out, 1);
        assert_one_line(&err);
        assert!(
            err.contains("libzfs_core is of OpenZFS 2.3 or later")
                && err.contains(&release)
                && err.contains("nothing was done"),
            "{err}"
        );
        assert_eq!(v["supported"], false, "{v}");
        let gone = Command::new("zfs")
            .args(["list", "-t", "snapshot", &snap])
            .output()
            .unwrap();
        assert!(!gone.status.success(), "{snap} was taken");
    } else {
        // An older library on a newer module is what the module still accepts; the pairing
        // is noted.
        success_stdout(&args, &out);
        assert_eq!(v["supported"], true, "{v}");
        assert!(
            v["note"].as_str().unwrap().contains("different releases"),
            "{v}"
        );
    }
}

/// One release's stream files as another run finds them.
struct Exchange {
    dir: PathBuf,
}

impl Exchange {
    fn here() -> Option<Exchange> {
        std::env::var_os("ZSPLICE_STREAM_EXCHANGE").map(|d| Exchange { dir: d.into() })
    }

    /// `streams-<release>` folders of other releases, by release.
    fn others(&self, release: &str) -> Vec<(String, PathBuf)> {
        let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let from = name.strip_prefix("streams-")?.to_string();
                (from != release && e.path().join("manifest.json").is_file())
                    .then(|| (from, e.path()))
            })
            .collect();
        out.sort();
        out
    }
}

/// Writes this release's stream files: full (zstd), incremental, and (2.3 on) one that needs
/// longname; with a manifest of what each holds.
fn write_streams(release: &str, out: &Path) {
    let pool = TestPool::new("cwr");
    let ds = pool.ds("data");
    run("zfs", &["create", &ds]);
    let mnt = mounted(&ds);
    write_file(&mnt.join("one.bin"), 7, 1 << 20);
    std::fs::write(
        mnt.join("text.txt"),
        "zsplice across releases\n".repeat(20_000),
    )
    .unwrap();
    run("zfs", &["snapshot", &format!("{ds}@s1")]);
    let full_hash = hash_tree(&mnt);
    write_file(&mnt.join("two.bin"), 8, 512 << 10);
    std::fs::remove_file(mnt.join("one.bin")).unwrap();
    run("zfs", &["snapshot", &format!("{ds}@s2")]);
    let incr_hash = hash_tree(&mnt);
    std::fs::create_dir_all(out).unwrap();
    let file = |n: &str| out.join(n).display().to_string();
    let send = |args: &[&str]| success_stdout(args, &zsplice(args));
    send(&[
        "send",
        &format!("{ds}@s1"),
        "-o",
        &file("full.zsp"),
        "--compress",
        "zstd",
    ]);
    send(&[
        "send",
        &format!("{ds}@s2"),
        "--base",
        "@s1",
        "-o",
        &file("incr.zsp"),
    ]);
    let mut manifest = serde_json::json!({
        "release": release, "full": full_hash, "incremental": incr_hash,
    });
    if has_longname(release) {
        let long = pool.ds("long");
        run("zfs", &["create", "-o", "longname=on", &long]);
        let name = "n".repeat(300);
        std::fs::write(mounted(&long).join(&name), "a name longer than 255 bytes\n").unwrap();
        run("zfs", &["snapshot", &format!("{long}@s1")]);
        send(&["send", &format!("{long}@s1"), "-o", &file("longname.zsp")]);
        manifest["longname"] = hash_tree(&mounted(&long)).into();
    }
    std::fs::write(out.join("manifest.json"), manifest.to_string()).unwrap();
}

pub fn stream_files_move_between_releases() {
    let release = this_release();
    // This release's files: for the runs after this one, and received here first.
    let artifacts = std::env::var_os("ZSPLICE_ARTIFACT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("zsplice-compat-{}", std::process::id()))
        });
    let own = artifacts.join(format!("streams-{release}"));
    let _ = std::fs::remove_dir_all(&own);
    write_streams(&release, &own);
    let mut sources = vec![(release.clone(), own)];
    match Exchange::here() {
        Some(ex) => {
            let others = ex.others(&release);
            // Every release but 2.3.2 receives what 2.3.2 (whose run comes first) wrote.
            if release != "2.3.2" {
                assert!(
                    others.iter().any(|(r, _)| r == "2.3.2"),
                    "no stream files of 2.3.2 in {}: run the 2.3.2 suite first",
                    ex.dir.display()
                );
            }
            sources.extend(others);
        }
        None => eprintln!(
            "compat: ZSPLICE_STREAM_EXCHANGE is not set; only this release's own stream files \
             are received"
        ),
    }
    let dst = TestPool::new("crc");
    for (from, dir) in &sources {
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
        let target = dst.ds(&format!("from-{}", from.replace('.', "-")));
        let file = |n: &str| dir.join(n).display().to_string();
        let args = ["receive", target.as_str(), "--from", &file("full.zsp")];
        success_stdout(&args, &zsplice(&args));
        assert_eq!(
            hash_tree(&mounted(&target)),
            manifest["full"],
            "full stream of {from} received on {release}"
        );
        // Reading the files to hash them touched their access times: roll that back.
        let args = [
            "receive",
            target.as_str(),
            "--from",
            &file("incr.zsp"),
            "--rollback",
        ];
        success_stdout(&args, &zsplice(&args));
        assert_eq!(
            hash_tree(&mounted(&target)),
            manifest["incremental"],
            "incremental stream of {from} received on {release}"
        );
        if manifest.get("longname").is_none() {
            continue;
        }
        let long = dst.ds(&format!("long-{}", from.replace('.', "-")));
        let args = ["receive", long.as_str(), "--from", &file("longname.zsp")];
        let out = zsplice(&args);
        if has_longname(&release) {
            success_stdout(&args, &out);
            assert_eq!(hash_tree(&mounted(&long)), manifest["longname"]);
        } else {
            // Refused before anything is received, naming the feature and this release.
            let err = failure_stderr(&args, &out, 1);
            assert!(err.contains("longname") && err.contains(&release), "{err}");
            let exists = Command::new("zfs").args(["list", &long]).output().unwrap();
            assert!(!exists.status.success(), "{long} was created");
        }
    }
    eprintln!(
        "compat: {release} received the stream files of {}",
        sources
            .iter()
            .map(|(r, _)| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
}

pub fn a_property_this_release_lacks_is_refused_before_anything_is_sent() {
    let release = this_release();
    let pool = TestPool::new("cprop");
    let src = pool.ds("src");
    run("zfs", &["create", &src]);
    let state = State::new("cprop");
    // `longname` came with 2.3: an older module's receive would drop it without a word.
    let copy = pool.ds("copy");
    let args = [
        "task",
        "create",
        "longnames",
        "--source",
        &src,
        "--destination",
        &copy,
        "--set-property",
        "longname=on",
    ];
    if line_of(&release) < (2, 3) {
        let err = state.fails(&args, 2);
        assert!(
            err.contains("cannot set longname: OpenZFS 2.3.0 brought it") && err.contains(&release),
            "{err}"
        );
        let list = state.ok(&["task", "list"]);
        assert!(!list.contains("longnames"), "{list}");
    } else {
        state.ok(&args);
        state.ok(&["task", "start", "longnames"]);
        let got = run(
            "zfs",
            &["get", "-H", "-o", "value,source", "longname", &copy],
        );
        assert_eq!(got.trim(), "on\treceived");
    }
}
