//! The safe ZFS layer on real pools: atomic snapshots, listing against `zfs list`, send and
//! receive through a pipe (full, incremental, from a bookmark, resumed), holds, typed errors.

use std::io::{Read, Write};
use std::os::fd::AsFd;

use zsplice_zfs::{
    DatasetName, ErrorKind, ReceiveOptions, ResumeToken, SendFlags, SnapshotName, Zfs,
};

use crate::helpers::*;

fn ds(name: &str) -> DatasetName {
    DatasetName::new(name).unwrap()
}
fn snap(name: &str) -> SnapshotName {
    SnapshotName::new(name).unwrap()
}

/// Sends `src` (incremental from `from`) into a pipe and receives it as `dst`. With
/// `cut_after`, only that many bytes reach the receiver before the pipe closes, as when a
/// transfer is killed mid-stream. Returns (send result, receive result, bytes relayed).
fn pipe_copy(
    zfs: &Zfs,
    src: &SnapshotName,
    from: Option<&str>,
    dst: &SnapshotName,
    opts: &ReceiveOptions,
    resume: Option<&ResumeToken>,
    cut_after: Option<usize>,
) -> (zsplice_zfs::Result<()>, zsplice_zfs::Result<()>, usize) {
    let (mut send_r, send_w) = std::io::pipe().unwrap();
    let (recv_r, mut recv_w) = std::io::pipe().unwrap();
    std::thread::scope(|s| {
        let sender = s.spawn(move || {
            let r = match resume {
                Some(t) => zfs.send_resume(src, from, send_w.as_fd(), t.flags, t.object, t.offset),
                None => zfs.send(src, from, send_w.as_fd(), SendFlags::default()),
            };
            drop(send_w);
            r
        });
        let relay = s.spawn(move || {
            let mut total = 0usize;
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = match send_r.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let n = cut_after.map_or(n, |c| n.min(c - total));
                if recv_w.write_all(&buf[..n]).is_err() {
                    break;
                }
                total += n;
                if cut_after == Some(total) {
                    break;
                }
            }
            total
            // both pipe ends drop here: the receiver sees EOF, the sender EPIPE
        });
        let received = zfs.receive(dst, opts, recv_r.as_fd());
        drop(recv_r);
        let relayed = relay.join().unwrap();
        (sender.join().unwrap(), received, relayed)
    })
}

fn copy_ok(zfs: &Zfs, src: &str, from: Option<&str>, dst: &str) {
    let (s, r, n) = pipe_copy(
        zfs,
        &snap(src),
        from,
        &snap(dst),
        &ReceiveOptions::default(),
        None,
        None,
    );
    r.unwrap_or_else(|e| panic!("receive {src} -> {dst}: {e}"));
    s.unwrap_or_else(|e| panic!("send {src}: {e}"));
    assert!(n > 0);
}

pub fn three_snapshots_in_one_call_share_one_createtxg() {
    let zfs = zfs();
    let pool = TestPool::new("atomic");
    for d in ["a", "b", "c"] {
        zfs.create_filesystem(&ds(&pool.ds(d)), &[]).unwrap();
    }
    let snaps: Vec<_> = ["a", "b", "c"]
        .iter()
        .map(|d| snap(&format!("{}@s1", pool.ds(d))))
        .collect();
    zfs.snapshot(&snaps, &[("zsplice:task".into(), "t1".into())])
        .unwrap();

    let listed = zfs_list(&pool.name);
    let txgs: Vec<u64> = snaps.iter().map(|s| listed[s.as_str()].1).collect();
    assert_eq!(txgs[0], txgs[1]);
    assert_eq!(txgs[1], txgs[2]);
    // The user property went on every snapshot.
    for s in &snaps {
        let info = zfs.dataset(s.as_str()).unwrap();
        assert_eq!(info.user_property("zsplice:task"), Some("t1"), "{s}");
        assert_eq!(info.createtxg, txgs[0]);
    }
    // One bad name fails the whole call: nothing is taken.
    let more = vec![
        snap(&format!("{}@s2", pool.ds("a"))),
        snap(&format!("{}@s2", pool.ds("nope"))),
    ];
    let err = zfs.snapshot(&more, &[]).unwrap_err();
    assert!(err.to_string().contains(&pool.ds("nope")), "{err}");
    assert!(!zfs.exists(more[0].as_str()), "atomic: a@s2 must not exist");
}

pub fn listing_matches_zfs_list_for_a_large_tree() {
    let zfs = zfs();
    let pool = TestPool::new("list");
    let mut all = vec![];
    for i in 0..10 {
        let top = pool.ds(&format!("d{i}"));
        zfs.create_filesystem(&ds(&top), &[]).unwrap();
        all.push(top.clone());
        for j in 0..4 {
            let child = format!("{top}/c{j}");
            zfs.create_filesystem(&ds(&child), &[("zsplice:mark".into(), format!("{i}.{j}"))])
                .unwrap();
            all.push(child);
        }
    }
    assert_eq!(all.len(), 50);
    for round in 0..4 {
        let snaps: Vec<_> = all.iter().map(|d| snap(&format!("{d}@r{round}"))).collect();
        zfs.snapshot(&snaps, &[]).unwrap();
    }

    let expected = zfs_list(&pool.name);
    let mut got = std::collections::BTreeMap::new();
    let tree = zfs.descendants(&ds(&pool.name)).unwrap();
    assert_eq!(tree[0].name.as_str(), pool.name, "root comes first");
    for fs in &tree {
        if let Some(parent) = fs.name.as_str().rsplit_once('/').map(|(p, _)| p) {
            let pos = tree.iter().position(|d| d.name == parent).unwrap();
            assert!(
                pos < tree.iter().position(|d| d.name == fs.name).unwrap(),
                "parent before child"
            );
        }
        got.insert(fs.name.to_string(), (fs.guid, fs.createtxg, fs.creation));
        let snaps = zfs.snapshots(&fs.name.dataset()).unwrap();
        assert!(
            snaps.windows(2).all(|w| w[0].createtxg < w[1].createtxg),
            "ordered by createtxg"
        );
        for s in snaps {
            got.insert(s.name.to_string(), (s.guid, s.createtxg, s.creation));
        }
    }
    assert_eq!(got.len(), 51 + 200);
    assert_eq!(got, expected);

    let one = zfs.dataset(&pool.ds("d3/c2")).unwrap();
    assert_eq!(one.user_property("zsplice:mark"), Some("3.2"));
    assert_eq!(
        one.properties["zsplice:mark"].source.as_deref(),
        Some("local")
    );
    assert!(!one.readonly());
    run("zfs", &["set", "readonly=on", &pool.ds("d3")]);
    let one = zfs.dataset(&pool.ds("d3/c2")).unwrap();
    assert!(one.readonly(), "inherited readonly=on");
    assert_eq!(
        one.properties["readonly"].source.as_deref(),
        Some(pool.ds("d3").as_str())
    );
    assert!(!one.encrypted());
    assert!(one.used().unwrap() > 0);
    let s = zfs.dataset(&format!("{}@r1", pool.ds("d3"))).unwrap();
    assert_eq!(s.kind, zsplice_zfs::DatasetType::Snapshot);
    assert!(s.written().is_some());
}

pub fn full_and_incremental_send_receive_through_a_pipe() {
    let zfs = zfs();
    let (src, dst) = (TestPool::new("ssrc"), TestPool::new("sdst"));
    let a = src.ds("a");
    zfs.create_filesystem(&ds(&a), &[]).unwrap();
    let mnt = mounted(&a);
    write_file(&mnt.join("one.bin"), 1, 3 << 20);
    write_file(&mnt.join("dir/two.bin"), 2, 100_000);
    run("sync", &[]);
    zfs.snapshot(&[snap(&format!("{a}@s1"))], &[]).unwrap();
    let b = dst.ds("b");
    copy_ok(&zfs, &format!("{a}@s1"), None, &format!("{b}@s1"));

    write_file(&mnt.join("one.bin"), 3, 3 << 20);
    write_file(&mnt.join("dir/three.bin"), 4, 50_000);
    run("sync", &[]);
    zfs.snapshot(&[snap(&format!("{a}@s2"))], &[]).unwrap();
    copy_ok(
        &zfs,
        &format!("{a}@s2"),
        Some(&format!("{a}@s1")),
        &format!("{b}@s2"),
    );

    let (sg, dg) = (snapshot_guids(&a), snapshot_guids(&b));
    assert_eq!(sg.len(), 2);
    assert_eq!(sg, dg, "destination snapshots carry the source's guids");
    assert_eq!(hash_tree(&mnt), hash_tree(&mounted(&b)));
    // The listing layer agrees with the kernel on the received side too.
    let listed: Vec<u64> = zfs
        .snapshots(&ds(&b))
        .unwrap()
        .iter()
        .map(|s| s.guid)
        .collect();
    assert_eq!(listed, vec![sg["s1"], sg["s2"]]);
    // Incremental size estimate is far below the full one.
    let full = zfs
        .send_space(&snap(&format!("{a}@s2")), None, SendFlags::default())
        .unwrap();
    let inc = zfs
        .send_space(
            &snap(&format!("{a}@s2")),
            Some(&format!("{a}@s1")),
            SendFlags::default(),
        )
        .unwrap();
    assert!(
        full > 3 << 20 && inc < full,
        "full {full}, incremental {inc}"
    );
}

pub fn a_held_snapshot_refuses_destroy_until_released() {
    let zfs = zfs();
    let pool = TestPool::new("hold");
    let a = pool.ds("a");
    zfs.create_filesystem(&ds(&a), &[]).unwrap();
    let s1 = snap(&format!("{a}@s1"));
    zfs.snapshot(std::slice::from_ref(&s1), &[]).unwrap();
    zfs.hold(&[(s1.clone(), "zsplice")]).unwrap();
    assert_eq!(zfs.holds(&s1).unwrap(), vec!["zsplice".to_string()]);
    assert!(run("zfs", &["holds", "-H", s1.as_str()]).contains("zsplice"));

    let err = zfs
        .destroy_snapshots(std::slice::from_ref(&s1), false)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Busy);
    assert_eq!(
        err.to_string(),
        format!("{s1}: dataset is busy (held by tag 'zsplice')")
    );
    assert!(zfs.exists(s1.as_str()));

    let err = zfs.release(&[(s1.clone(), "other")]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoSuchHold, "{err}");
    assert_eq!(err.to_string(), format!("{s1}: no hold with tag 'other'"));
    zfs.release(&[(s1.clone(), "zsplice")]).unwrap();
    assert!(zfs.holds(&s1).unwrap().is_empty());
    zfs.destroy_snapshots(std::slice::from_ref(&s1), false)
        .unwrap();
    assert!(!zfs.exists(s1.as_str()));
    assert!(!zfs_list(&pool.name).contains_key(s1.as_str()));
}

pub fn an_incremental_from_a_bookmark_works() {
    let zfs = zfs();
    let (src, dst) = (TestPool::new("bsrc"), TestPool::new("bdst"));
    let a = src.ds("a");
    zfs.create_filesystem(&ds(&a), &[]).unwrap();
    let mnt = mounted(&a);
    write_file(&mnt.join("f"), 7, 1 << 20);
    run("sync", &[]);
    zfs.snapshot(&[snap(&format!("{a}@s1"))], &[]).unwrap();
    copy_ok(
        &zfs,
        &format!("{a}@s1"),
        None,
        &format!("{}@s1", dst.ds("b")),
    );

    let mark = ds(&a).bookmark("m1").unwrap();
    zfs.bookmark(&[(mark.clone(), &format!("{a}@s1"))]).unwrap();
    let marks = zfs.bookmarks(&ds(&a)).unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!(
        marks[0].guid,
        snapshot_guids(&a)["s1"],
        "a bookmark keeps its snapshot's guid"
    );
    zfs.destroy_snapshots(&[snap(&format!("{a}@s1"))], false)
        .unwrap();

    write_file(&mnt.join("g"), 8, 1 << 20);
    run("sync", &[]);
    zfs.snapshot(&[snap(&format!("{a}@s2"))], &[]).unwrap();
    copy_ok(
        &zfs,
        &format!("{a}@s2"),
        Some(mark.as_str()),
        &format!("{}@s2", dst.ds("b")),
    );
    assert_eq!(snapshot_guids(&dst.ds("b"))["s2"], snapshot_guids(&a)["s2"]);
    assert_eq!(hash_tree(&mnt), hash_tree(&mounted(&dst.ds("b"))));

    zfs.destroy_bookmarks(&[mark]).unwrap();
    assert!(zfs.bookmarks(&ds(&a)).unwrap().is_empty());
}

pub fn an_interrupted_receive_leaves_a_token_and_resume_completes_it() {
    let zfs = zfs();
    let (src, dst) = (TestPool::new("rsrc"), TestPool::new("rdst"));
    let a = src.ds("a");
    zfs.create_filesystem(&ds(&a), &[]).unwrap();
    let mnt = mounted(&a);
    for i in 0..8 {
        write_file(&mnt.join(format!("f{i}")), 100 + i, 2 << 20);
    }
    run("sync", &[]);
    let s1 = snap(&format!("{a}@s1"));
    zfs.snapshot(std::slice::from_ref(&s1), &[]).unwrap();
    let b = dst.ds("b");
    let target = snap(&format!("{b}@s1"));
    let resumable = ReceiveOptions {
        resumable: true,
        ..Default::default()
    };

    let cut = 6 << 20;
    let (_, received, relayed) = pipe_copy(&zfs, &s1, None, &target, &resumable, None, Some(cut));
    assert_eq!(relayed, cut);
    let err = received.expect_err("a cut stream must not be received");
    assert!(
        matches!(
            err.kind(),
            ErrorKind::StreamTruncated | ErrorKind::Interrupted | ErrorKind::Other
        ),
        "{err}"
    );
    let partial = zfs.dataset(&b).unwrap();
    let token = partial
        .receive_resume_token()
        .expect("a resume token on the partial dataset")
        .to_string();
    let cli_token = run(
        "zfs",
        &["get", "-H", "-o", "value", "receive_resume_token", &b],
    );
    assert_eq!(token, cli_token.trim());

    let t = ResumeToken::decode(&token).unwrap();
    assert_eq!(t.toname, s1.as_str());
    assert_eq!(t.toguid, snapshot_guids(&a)["s1"]);
    assert_eq!(t.fromguid, None);
    assert!(t.bytes > 0 && t.bytes <= cut as u64, "{t:?}");

    let (sent, received, relayed) = pipe_copy(&zfs, &s1, None, &target, &resumable, Some(&t), None);
    received.unwrap();
    sent.unwrap();
    assert!(
        relayed < (16 << 20),
        "resume re-sent only the rest ({relayed} bytes)"
    );
    assert_eq!(snapshot_guids(&b)["s1"], t.toguid);
    assert!(zfs.dataset(&b).unwrap().receive_resume_token().is_none());
    assert_eq!(hash_tree(&mnt), hash_tree(&mounted(&b)));
}

/// Names are checked before ZFS is asked anything: this part runs on any host.
pub fn bad_names_give_clear_errors() {
    let e = DatasetName::new("tank/a*").unwrap_err().to_string();
    assert_eq!(
        e,
        "tank/a*: invalid dataset name: character '*' is not allowed in a dataset name component"
    );
}

pub fn missing_datasets_give_clear_errors() {
    let zfs = zfs();
    let pool = TestPool::new("err");
    let missing = pool.ds("missing");
    let err = zfs.snapshots(&ds(&missing)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        err.to_string(),
        format!("{missing}: dataset does not exist")
    );
    let err = zfs.dataset(&missing).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{missing}: dataset does not exist")
    );
    let err = zfs
        .snapshot(&[snap(&format!("{missing}@s"))], &[])
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert!(
        err.to_string().starts_with(&format!("{missing}@s: ")),
        "{err}"
    );
    let err = zfs.children(&ds("nosuchpool")).unwrap_err();
    assert_eq!(err.to_string(), "nosuchpool: dataset does not exist");
}

pub fn a_missing_dev_zfs_reads_as_module_not_loaded() {
    if !std::path::Path::new("/dev/zfs").exists() {
        // The host: no module, for real.
        let err = Zfs::open().unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zfs: ZFS kernel module not loaded (load it with 'modprobe zfs')"
        );
    } else {
        // The guest: hide /dev/zfs in a private mount namespace and run the real binary there.
        let out = std::process::Command::new("unshare")
            .args([
                "-m",
                "sh",
                "-c",
                "mount -t tmpfs none /dev && exec \"$0\" list -t all x",
                zsplice_bin().to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("ZFS kernel module not loaded"), "{stderr}");
    }
}

pub fn receive_with_a_header_read_first_and_rollback_to_the_newest_snapshot() {
    let zfs = zfs();
    let (src, dst) = (TestPool::new("hsrc"), TestPool::new("hdst"));
    let a = src.ds("a");
    zfs.create_filesystem(&ds(&a), &[]).unwrap();
    write_file(&mounted(&a).join("f"), 9, 1 << 20);
    run("sync", &[]);
    let s1 = snap(&format!("{a}@s1"));
    zfs.snapshot(std::slice::from_ref(&s1), &[]).unwrap();

    // Read the BEGIN record off the pipe, learn what the stream is, then receive the rest.
    let (mut reader, writer) = std::io::pipe().unwrap();
    let b = dst.ds("b");
    std::thread::scope(|s| {
        let sender = s.spawn(|| {
            let r = zfs.send(&s1, None, writer.as_fd(), SendFlags::default());
            drop(writer);
            r
        });
        let begin = zsplice_zfs::BeginRecord::read_from(&mut reader).unwrap();
        assert_eq!(begin.toname(), s1.as_str());
        assert_eq!(begin.toguid(), snapshot_guids(&a)["s1"]);
        assert!(!begin.is_incremental());
        let target = snap(&format!("{b}@s1"));
        zfs.receive_with_header(&target, &ReceiveOptions::default(), &begin, reader.as_fd())
            .unwrap();
        drop(reader);
        sender.join().unwrap().unwrap();
    });
    assert_eq!(snapshot_guids(&b), snapshot_guids(&a));

    // Write on the destination, then roll it back to its newest snapshot.
    let mnt = mounted(&b);
    std::fs::write(mnt.join("stray"), b"written after s1").unwrap();
    run("sync", &[]);
    zfs.rollback_to(&ds(&b), &snap(&format!("{b}@s1"))).unwrap();
    assert!(
        !mnt.join("stray").exists(),
        "rollback removed the stray write"
    );
    assert_eq!(hash_tree(&mnt), hash_tree(&mounted(&a)));

    // Rolling back to anything but the newest snapshot is refused, in words.
    zfs.snapshot(&[snap(&format!("{b}@s2"))], &[]).unwrap();
    let err = zfs
        .rollback_to(&ds(&b), &snap(&format!("{b}@s1")))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    assert_eq!(
        err.to_string(),
        format!("{b}@s1: there is a more recent snapshot or bookmark")
    );
}
