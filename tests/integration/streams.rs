//! Stream files on real pools: `zsplice send` / `receive` / `stream inspect` round trips (full,
//! incremental, plain, through pipes, interoperating with zfs send/receive), and damaged or
//! misdirected streams refused before anything is received. Crafted input that needs no pool
//! (standard input and FIFOs, escaped names, overflowing sizes, replication streams on a pipe)
//! runs on any host, below.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::helpers::*;

fn ok(args: &[&str]) -> String {
    success_stdout(args, &zsplice(args))
}

/// Runs zsplice expecting exit code `code`; returns its standard error.
fn fails(args: &[&str], code: i32) -> String {
    failure_stderr(args, &zsplice(args), code)
}

/// `producer | consumer`, both to completion; their outputs.
fn piped(mut producer: Command, mut consumer: Command) -> (Output, Output) {
    let mut p = producer
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let c = consumer.stdin(p.stdout.take().unwrap()).output().unwrap();
    // The Command keeps its copy of the pipe's read end: drop it, or a producer the consumer
    // stopped reading from would block forever on a full pipe.
    drop(consumer);
    (p.wait_with_output().unwrap(), c)
}

fn command(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args);
    c
}

fn bin(args: &[&str]) -> Command {
    command(&zsplice_bin().to_string_lossy(), args)
}

struct Dir(PathBuf);
impl Dir {
    fn new(tag: &str) -> Dir {
        let d = PathBuf::from(format!("/tmp/zsplice-streams-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
    fn file(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn guid(name: &str) -> u64 {
    run("zfs", &["get", "-Hp", "-o", "value", "guid", name])
        .trim()
        .parse()
        .unwrap()
}

/// A source with compressible and incompressible files, lz4 on, and snapshot @s1.
fn source(pool: &TestPool) -> String {
    let ds = pool.ds("a");
    run("zfs", &["create", "-o", "compression=lz4", &ds]);
    let mnt = mounted(&ds);
    write_random(&mnt.join("random.bin"), 3 << 20);
    std::fs::write(mnt.join("zeros.bin"), vec![0u8; 2 << 20]).unwrap();
    std::fs::write(mnt.join("text.txt"), "hello zsplice\n".repeat(50_000)).unwrap();
    run("zfs", &["snapshot", &format!("{ds}@s1")]);
    ds
}

pub fn stream_files_round_trip_full_and_incremental() {
    let (src, dst) = (TestPool::new("sfs"), TestPool::new("sfd"));
    let dir = Dir::new("rt");
    let a = source(&src);
    let full = dir.file("full.zsp");
    let out = ok(&[
        "send",
        &format!("{a}@s1"),
        "-o",
        &full,
        "--compress",
        "zstd",
        "--json",
    ]);
    let sent = json_result(&out);
    assert!(sent["verified_records"].as_u64().unwrap() > 10, "{sent}");
    // The text and zeros compress; the file is smaller than the stream.
    assert!(
        sent["file_bytes"].as_u64().unwrap() < sent["stream_bytes"].as_u64().unwrap(),
        "{sent}"
    );
    // No temporary file is left beside the output.
    let names: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["full.zsp"], "{names:?}");

    let info: serde_json::Value = json_result(&ok(&["stream", "inspect", &full, "--json"]));
    assert_eq!(info["format"], "zsplice");
    assert_eq!(info["snapshots"][0]["name"], format!("{a}@s1"));
    assert_eq!(info["snapshots"][0]["toguid"], guid(&format!("{a}@s1")));
    assert_eq!(info["snapshots"][0]["incremental"], false);
    assert!(
        info["records"]["WRITE"]["count"].as_u64().unwrap() > 0,
        "{info}"
    );
    let text = ok(&["stream", "inspect", &full]);
    assert!(text.contains("all checksums verified"), "{text}");

    let b = dst.ds("b");
    let got = ok(&["receive", &b, "--from", &full]);
    assert!(got.contains(&format!("received {b}@s1")), "{got}");
    assert!(got.contains("before the receive"), "{got}");
    assert_eq!(guid(&format!("{b}@s1")), guid(&format!("{a}@s1")));
    assert_eq!(hash_tree(&mounted(&b)), hash_tree(&mounted(&a)));

    // Incremental, named by @short, received from a pipe: refused while the target has
    // changes of its own (reading it above updated access times), accepted with --rollback.
    write_random(&mounted(&a).join("more.bin"), 1 << 20);
    run("zfs", &["snapshot", &format!("{a}@s2")]);
    run("zfs", &["umount", &b]);
    let (_, r) = piped(
        bin(&["send", &format!("{a}@s2"), "-i", "@s1"]),
        bin(&["receive", &b]),
    );
    let err = stderr(&r);
    assert_eq!(r.status.code(), Some(3), "{err}");
    assert!(
        err.contains("modified") && err.contains("--rollback"),
        "{err}"
    );
    assert!(!err.contains("--allow-from-scratch"), "{err}");
    let (s, r) = piped(
        bin(&[
            "send",
            &format!("{a}@s2"),
            "-i",
            "@s1",
            "--compress",
            "zstd:3",
        ]),
        bin(&["receive", &b, "--rollback"]),
    );
    assert!(s.status.success(), "{}", stderr(&s));
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(String::from_utf8_lossy(&r.stdout).contains("on the way in"));
    assert_eq!(snapshot_guids(&b), snapshot_guids(&a));
    assert_eq!(hash_tree(&mounted(&b)), hash_tree(&mounted(&a)));
}

pub fn plain_streams_interoperate_with_zfs_send_and_receive() {
    let (src, dst) = (TestPool::new("sps"), TestPool::new("spd"));
    let a = source(&src);
    let snap = format!("{a}@s1");
    // zsplice send --plain | zfs receive
    let (s, r) = piped(
        bin(&["send", "--plain", &snap]),
        command("zfs", &["receive", &dst.ds("byzfs")]),
    );
    assert!(s.status.success(), "{}", stderr(&s));
    assert!(r.status.success(), "{}", stderr(&r));
    assert_eq!(guid(&format!("{}@s1", dst.ds("byzfs"))), guid(&snap));
    // zfs send | zsplice receive (stdin), and from a plain file, under a new snapshot name.
    let (s, r) = piped(
        command("zfs", &["send", "-c", &snap]),
        bin(&["receive", &dst.ds("fromzfs")]),
    );
    assert!(s.status.success());
    assert!(r.status.success(), "{}", stderr(&r));
    assert_eq!(guid(&format!("{}@s1", dst.ds("fromzfs"))), guid(&snap));
    let dir = Dir::new("plain");
    let plain = dir.file("plain.zfs");
    ok(&["send", "--plain", &snap, "-o", &plain]);
    let text = ok(&["stream", "inspect", &plain]);
    assert!(text.starts_with("plain ZFS send stream"), "{text}");
    ok(&[
        "receive",
        &format!("{}@renamed", dst.ds("file")),
        "--from",
        &plain,
    ]);
    assert_eq!(guid(&format!("{}@renamed", dst.ds("file"))), guid(&snap));
}

/// Copies `from` to `to`, changed by `edit`.
fn damaged(from: &str, to: &str, edit: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut bytes = std::fs::read(from).unwrap();
    edit(&mut bytes);
    std::fs::write(to, bytes).unwrap();
    to.to_string()
}

pub fn damaged_or_misdirected_streams_are_refused_before_anything_is_received() {
    let (src, dst) = (TestPool::new("sds"), TestPool::new("sdd"));
    let dir = Dir::new("bad");
    let a = source(&src);
    let stored = dir.file("stored.zsp");
    let packed = dir.file("packed.zsp");
    let plain = dir.file("plain.zfs");
    ok(&["send", &format!("{a}@s1"), "-o", &stored]);
    ok(&[
        "send",
        &format!("{a}@s1"),
        "-o",
        &packed,
        "--compress",
        "zstd",
    ]);
    ok(&["send", &format!("{a}@s1"), "-o", &plain, "--plain"]);
    let len = std::fs::metadata(&stored).unwrap().len() as usize;
    let mid = len / 2;
    let cases = [
        (
            damaged(&stored, &dir.file("cut.zsp"), |b| b.truncate(mid)),
            "truncated",
        ),
        (
            damaged(&stored, &dir.file("header.zsp"), |b| b[20] ^= 1),
            "header is damaged",
        ),
        (
            damaged(&stored, &dir.file("payload.zsp"), |b| b[mid] ^= 0x10),
            "CRC mismatch",
        ),
        (
            damaged(&packed, &dir.file("zframe.zsp"), |b| b[100] ^= 0x80),
            "CRC mismatch",
        ),
        (
            damaged(&plain, &dir.file("record.zfs"), |b| b[mid] ^= 0x01),
            "checksum mismatch",
        ),
        (
            damaged(&plain, &dir.file("short.zfs"), |b| b.truncate(mid)),
            "truncated",
        ),
        (
            damaged(&plain, &dir.file("garbage"), |b| b[..16].fill(0x41)),
            "nor a ZFS send stream",
        ),
        // The first frame's CRC field itself (frame header bytes 24..28).
        (
            damaged(&stored, &dir.file("crc.zsp"), |b| b[64 + 24] ^= 0x04),
            "CRC mismatch",
        ),
        // Frames 0 and 1 swapped: each is intact (CRCs hold), their order is not.
        (
            damaged(&stored, &dir.file("swapped.zsp"), |b| {
                let frame = 32 + (1 << 20);
                let (first, rest) = b[64..].split_at_mut(frame);
                first.swap_with_slice(&mut rest[..frame]);
            }),
            "out of order",
        ),
    ];
    let target = dst.ds("t");
    for (file, why) in &cases {
        let err = fails(&["receive", &target, "--from", file], 1);
        assert!(err.contains(why), "{file}: expected '{why}' in: {err}");
        assert!(!zfs_exists(&target), "{file}: the target appeared");
        // inspect says the same, and also exits 1.
        let err = fails(&["stream", "inspect", file], 1);
        assert!(
            err.contains(why),
            "inspect {file}: expected '{why}' in: {err}"
        );
    }
    // Through a pipe: the damage is found before the kernel gets it; the receive is aborted and
    // the target does not exist afterwards (no partial %recv either).
    let record = dir.file("record.zfs");
    let (_, r) = piped(command("cat", &[&record]), bin(&["receive", &target]));
    assert_eq!(r.status.code(), Some(1));
    let err = stderr(&r);
    assert!(
        err.contains("checksum mismatch") && err.contains("nothing was kept"),
        "{err}"
    );
    assert!(!zfs_exists(&target) && !zfs_exists(&format!("{target}/%recv")));

    // Misdirected: an incremental whose base the target lacks (exit 1), a full stream into an
    // existing dataset (refused as overwriting it, exit 3), and an incremental into a dataset
    // that does not exist (exit 1).
    ok(&["receive", &target, "--from", &stored]);
    let before = zfs_list(&dst.name);
    run("zfs", &["snapshot", &format!("{a}@s2")]);
    run("zfs", &["snapshot", &format!("{a}@s3")]);
    let s3_from_s2 = dir.file("s3-from-s2.zsp");
    ok(&[
        "send",
        &format!("{a}@s3"),
        "-i",
        &format!("{a}@s2"),
        "-o",
        &s3_from_s2,
    ]);
    let err = fails(&["receive", &target, "--from", &s3_from_s2], 1);
    assert!(err.contains("does not have"), "{err}");
    let err = fails(&["receive", &target, "--from", &stored], 3);
    assert!(err.contains("exists, and a full stream creates"), "{err}");
    let err = fails(&["receive", &dst.ds("nope"), "--from", &s3_from_s2], 1);
    assert!(err.contains("does not exist"), "{err}");
    // A base that is not the newest snapshot of the target: refused (exit 3).
    run("zfs", &["snapshot", &format!("{target}@local")]);
    let s2_from_s1 = dir.file("s2-from-s1.zsp");
    ok(&["send", &format!("{a}@s2"), "-i", "@s1", "-o", &s2_from_s1]);
    let err = fails(&["receive", &target, "--from", &s2_from_s1], 3);
    assert!(
        err.contains("newer than the stream's base") && err.contains("@local"),
        "{err}"
    );
    run("zfs", &["destroy", &format!("{target}@local")]);
    assert_eq!(
        zfs_list(&dst.name),
        before,
        "a refused receive changed the target"
    );
}

fn zfs_exists(name: &str) -> bool {
    Command::new("zfs")
        .args(["list", "-H", name])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

pub fn send_refuses_bad_input_and_keeps_existing_files() {
    let src = TestPool::new("sbi");
    let dir = Dir::new("input");
    let a = source(&src);
    let out = dir.file("keep.zsp");
    std::fs::write(&out, b"precious").unwrap();
    let err = fails(&["send", &format!("{a}@s1"), "-o", &out], 2);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"precious");
    // A snapshot the user named that does not exist is theirs to fix: a usage error, as in
    // every command (it was exit 1 here while replicate said 2).
    let err = fails(&["send", &format!("{a}@nope"), "-o", &dir.file("x")], 2);
    assert!(err.contains(&format!("{a}@nope")), "{err}");
    assert!(!Path::new(&dir.file("x")).exists());
    let err = fails(
        &[
            "send",
            &format!("{a}@s1"),
            "--compress",
            "gzip",
            "-o",
            &dir.file("y"),
        ],
        2,
    );
    assert!(err.contains("unknown compression"), "{err}");
    let err = fails(&["send", "no-at-sign", "-o", &dir.file("z")], 2);
    assert!(err.contains("no-at-sign"), "{err}");
    let err = fails(
        &[
            "send",
            &format!("{a}@s1"),
            "-i",
            "@missing",
            "-o",
            &dir.file("w"),
        ],
        1,
    );
    assert!(err.contains("missing"), "{err}");
    // --force replaces.
    ok(&["send", &format!("{a}@s1"), "-o", &out, "--force"]);
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
}

pub fn pools_without_features_get_only_streams_they_can_take() {
    // A source using large blocks and lz4 (so embedded and compressed blocks too), and a
    // destination pool with every feature disabled (`zpool create -d`).
    let (src, old) = (TestPool::new("fts"), TestPool::with_options("ftd", &["-d"]));
    let a = src.ds("a");
    run(
        "zfs",
        &["create", "-o", "recordsize=1M", "-o", "compression=lz4", &a],
    );
    let mnt = mounted(&a);
    write_random(&mnt.join("big.bin"), 3 << 20);
    std::fs::write(mnt.join("small.txt"), "tiny\n").unwrap();
    std::fs::write(mnt.join("text.txt"), "abc ".repeat(100_000)).unwrap();
    run("zfs", &["snapshot", &format!("{a}@s1")]);

    // A stream file with those features is refused before receiving, naming what is missing.
    let dir = Dir::new("features");
    let file = dir.file("large.zsp");
    ok(&["send", &format!("{a}@s1"), "-o", &file]);
    let err = fails(&["receive", &old.ds("f"), "--from", &file], 1);
    assert!(err.contains("large_blocks"), "{err}");
    assert!(!zfs_exists(&old.ds("f")));

    // replicate fits its send flags to the old pool instead, and the copy is complete.
    ok(&["replicate", &a, &old.ds("copy")]);
    assert_eq!(
        guid(&format!("{}@s1", old.ds("copy"))),
        guid(&format!("{a}@s1"))
    );
    assert_eq!(hash_tree(&mounted(&old.ds("copy"))), hash_tree(&mnt));
}

// Crafted input, on the host: these need no ZFS (`stream inspect`, and refusals that come
// before ZFS is opened), so they run everywhere (registered as host tests in `main.rs`).

/// Runs zsplice with `input` written to its standard input (when given); fails the test if it
/// has not finished after a minute, so a reader that never ends is a failure, not a hang.
fn bounded(args: &[&str], input: Option<Vec<u8>>) -> Output {
    let mut child = Command::new(zsplice_bin())
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running zsplice");
    if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
        // zsplice may stop reading early (a refusal): a broken pipe here is expected.
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(&bytes);
        });
    }
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(out) => out.expect("waiting for zsplice"),
        Err(_) => {
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
            panic!("zsplice {args:?} did not finish within a minute");
        }
    }
}

/// A zsplice stream file of a small stream built in memory, its snapshot named `name`.
fn built_file(name: &str) -> Vec<u8> {
    let stream = zsplice_stream::drr::build::sample_stream(name, 42, 0, 100_000);
    zsplice_stream::file::write_stream_file(
        &stream[..],
        Vec::new(),
        zsplice_stream::Codec::Zstd { level: 1 },
        16384,
        0,
        |_| Ok(()),
    )
    .unwrap()
    .0
}

/// A `zfs send -R`-style compound stream: a header substream, one snapshot's stream, the end.
fn compound_stream() -> Vec<u8> {
    use zsplice_stream::drr::build::{sample_stream, StreamBuilder};
    use zsplice_stream::drr::{RecordType, BACKUP_MAGIC, COMPOUNDSTREAM, RECORD_SIZE};
    let mut header = StreamBuilder::default();
    let mut rec = [0u8; RECORD_SIZE];
    rec[0..4].copy_from_slice(&(RecordType::Begin as u32).to_ne_bytes());
    rec[4..8].copy_from_slice(&16u32.to_ne_bytes());
    rec[8..16].copy_from_slice(&BACKUP_MAGIC.to_ne_bytes());
    rec[16..24].copy_from_slice(&COMPOUNDSTREAM.to_ne_bytes());
    rec[56..62].copy_from_slice(b"p/a@s1");
    header.record(rec, &[0x5a; 16]);
    let mut s = header.end(0);
    s.extend_from_slice(&sample_stream("p/a@s1", 42, 0, 5000));
    let mut end = [0u8; RECORD_SIZE];
    end[0..4].copy_from_slice(&(RecordType::End as u32).to_ne_bytes());
    s.extend_from_slice(&end);
    s
}

/// No control character but newlines: nothing a terminal would act on.
fn assert_printable(what: &str, text: &[u8]) {
    let text = String::from_utf8_lossy(text);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{what}: {text:?}"
    );
}

pub fn stream_inspect_reads_standard_input_and_fifos_to_their_end() {
    let file = built_file("p/a@s1");
    let out = bounded(&["stream", "inspect", "-"], Some(file.clone()));
    let text = success_stdout(&["stream", "inspect", "-"], &out);
    assert!(text.starts_with("zsplice stream file"), "{text}");
    assert!(
        text.contains("snapshot: p/a@s1") && text.contains("all checksums verified"),
        "{text}"
    );
    let out = bounded(&["stream", "inspect", "-", "--json"], Some(file.clone()));
    let info: serde_json::Value = json_result(&success_stdout(&["stream", "inspect", "-"], &out));
    assert_eq!(info["format"], "zsplice");
    assert_eq!(info["snapshots"][0]["name"], "p/a@s1");
    // A plain ZFS stream on standard input.
    let plain = zsplice_stream::drr::build::sample_stream("p/b@s2", 43, 0, 50_000);
    let out = bounded(&["stream", "inspect", "-"], Some(plain));
    let text = success_stdout(&["stream", "inspect", "-"], &out);
    assert!(
        text.starts_with("plain ZFS send stream") && text.contains("snapshot: p/b@s2"),
        "{text}"
    );
    // Damage is reported from a pipe as from a file.
    let mut bad = file.clone();
    bad[200] ^= 0x40;
    let out = bounded(&["stream", "inspect", "-"], Some(bad.clone()));
    let err = failure_stderr(&["stream", "inspect", "-"], &out, 1);
    assert!(err.contains("CRC mismatch"), "{err}");

    // A FIFO is read as it arrives (never mapped), to the writer's end.
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, good) in [("good", &file, true), ("bad", &bad, false)] {
        let fifo = dir.path().join(name);
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
        let writer = {
            let (fifo, bytes) = (fifo.clone(), bytes.clone());
            std::thread::spawn(move || {
                use std::io::Write;
                // Opening blocks until zsplice opens the other end.
                let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
                let _ = w.write_all(&bytes);
            })
        };
        let path = fifo.display().to_string();
        let args = ["stream", "inspect", path.as_str()];
        let out = bounded(&args, None);
        writer.join().unwrap();
        if good {
            let text = success_stdout(&args, &out);
            assert!(text.contains("snapshot: p/a@s1"), "{text}");
        } else {
            let err = failure_stderr(&args, &out, 1);
            assert!(err.contains("CRC mismatch"), "{err}");
        }
    }
}

pub fn names_from_a_stream_are_escaped_in_text_and_errors() {
    let name = "p/a@s1\u{1b}]0;owned\u{7}\u{1b}[2J";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.zsp").display().to_string();
    std::fs::write(&path, built_file(name)).unwrap();
    let out = bounded(&["stream", "inspect", &path], None);
    let text = success_stdout(&["stream", "inspect"], &out);
    assert_printable("inspect", &out.stdout);
    assert!(
        text.contains(r"p/a@s1\u{1b}]0;owned\u{7}\u{1b}[2J"),
        "{text}"
    );
    // JSON keeps the name exact: its escaping is JSON's.
    let out = bounded(&["stream", "inspect", &path, "--json"], None);
    assert_printable("inspect --json", &out.stdout);
    let info: serde_json::Value =
        json_result(&success_stdout(&["stream", "inspect", "--json"], &out));
    assert_eq!(info["snapshots"][0]["name"], name);
    // The name is refused before ZFS is opened, and the refusal quotes it escaped.
    let args = ["receive", "nopool/t", "--from", &path];
    let out = bounded(&args, None);
    let err = failure_stderr(&args, &out, 1);
    assert_printable("receive", &out.stderr);
    assert!(err.contains(r"\u{1b}]0;owned\u{7}"), "{err}");
}

pub fn crafted_sizes_are_refused_with_a_message_not_a_panic() {
    // 144 bytes: a header, then a trailer whose frame count made the index's size overflow.
    let mut f = built_file("p/a@s1")[..64].to_vec();
    f.resize(144, 0);
    let t = 144 - 32;
    f[t..t + 8].copy_from_slice(b"ZSPLEND\0");
    f[t + 8..t + 16].copy_from_slice(&128u64.to_le_bytes());
    f[t + 16..t + 24].copy_from_slice(&((u64::MAX - 63) / 24).to_le_bytes());
    let crc = crc32(&f[t..t + 28]);
    f[t + 28..].copy_from_slice(&crc.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crafted.zsp").display().to_string();
    std::fs::write(&path, &f).unwrap();
    for args in [
        vec!["stream", "inspect", path.as_str()],
        vec!["receive", "nopool/t", "--from", path.as_str()],
    ] {
        let out = bounded(&args, None);
        let err = failure_stderr(&args, &out, 1);
        assert!(err.contains("index"), "{err}");
        assert_one_line(&err);
    }
}

/// CRC-32 (IEEE), bit by bit: the tests build files without the crate's private helpers.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub fn replication_streams_are_refused_from_a_pipe_as_from_a_file() {
    // Before ZFS is opened, so on any host; the target's pool does not exist.
    let stream = compound_stream();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("compound.zfs").display().to_string();
    std::fs::write(&path, &stream).unwrap();
    for (args, input) in [
        (vec!["receive", "nopool/t", "--from", path.as_str()], None),
        (vec!["receive", "nopool/t"], Some(stream.clone())),
        (
            vec!["receive", "nopool/t", "--from", "-"],
            Some(stream.clone()),
        ),
    ] {
        let out = bounded(&args, input);
        let err = failure_stderr(&args, &out, 1);
        assert!(
            err.contains("zfs send -R") && err.contains("use zfs receive"),
            "{args:?}: {err}"
        );
    }
}

pub fn zfs_send_r_through_a_pipe_is_refused_before_anything_is_received() {
    let (src, dst) = (TestPool::new("srs"), TestPool::new("srd"));
    let a = source(&src);
    run("zfs", &["create", &format!("{a}/child")]);
    run("zfs", &["snapshot", "-r", &format!("{a}@s2")]);
    let target = dst.ds("t");
    let before = zfs_list(&dst.name);
    // Small enough that the header, its END and the first snapshot's BEGIN all come in the
    // first piece read: the pipe took that snapshot for a single one and started receiving.
    let (_, r) = piped(
        command("zfs", &["send", "-R", &format!("{a}@s2")]),
        bin(&["receive", &target]),
    );
    let err = stderr(&r);
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains("zfs send -R") && err.contains("use zfs receive"),
        "{err}"
    );
    assert_one_line(&err);
    // The same stream from a file gets the same answer.
    let dir = Dir::new("replication");
    let file = dir.file("r.zfs");
    let out = Command::new("zfs")
        .args(["send", "-R", &format!("{a}@s2")])
        .stdout(std::fs::File::create(&file).unwrap())
        .status()
        .unwrap();
    assert!(out.success());
    let err = fails(&["receive", &target, "--from", &file], 1);
    assert!(err.contains("zfs send -R"), "{err}");
    assert!(!zfs_exists(&target) && !zfs_exists(&format!("{target}/%recv")));
    assert_eq!(
        zfs_list(&dst.name),
        before,
        "a refused receive changed the pool"
    );
}
