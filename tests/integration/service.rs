//! `zsplice daemon` as systemd runs it: sd_notify messages on NOTIFY_SOCKET (READY=1, WATCHDOG=1,
//! STOPPING=1) and a clean, prompt exit on SIGTERM. The daemon needs /dev/zfs, so this runs in
//! the guest; systemd itself is played by a datagram socket.

use std::os::unix::net::UnixDatagram;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{stderr, State};

/// Reads notifications until one contains `wanted`, or panics after `timeout`.
fn wait_for(sock: &UnixDatagram, wanted: &str, timeout: Duration) -> String {
    let t0 = Instant::now();
    let mut buf = [0u8; 4096];
    let mut seen = String::new();
    while t0.elapsed() < timeout {
        if let Ok(n) = sock.recv(&mut buf) {
            let msg = String::from_utf8_lossy(&buf[..n]).into_owned();
            if msg.lines().any(|l| l == wanted) {
                return msg;
            }
            seen.push_str(&msg);
        }
    }
    panic!("no {wanted} within {timeout:?}; got: {seen}");
}

pub fn the_daemon_notifies_systemd_and_stops_cleanly_on_sigterm() {
    let state = State::new("service");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notify");
    let sock = UnixDatagram::bind(&path).unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut daemon = state
        .cmd(&["daemon", "--interval", "1"])
        .env("NOTIFY_SOCKET", &path)
        .env("WATCHDOG_USEC", "400000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let ready = wait_for(&sock, "READY=1", Duration::from_secs(30));
    assert!(
        ready.contains("STATUS=looking at the schedules every 1s"),
        "{ready}"
    );
    // Pinged at half the watchdog period, again and again.
    for _ in 0..3 {
        wait_for(&sock, "WATCHDOG=1", Duration::from_secs(2));
    }
    let t0 = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    wait_for(&sock, "STOPPING=1", Duration::from_secs(5));
    while daemon.try_wait().unwrap().is_none() {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the daemon is still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = daemon.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("SIGTERM received: stopping"), "{err}");
    assert!(err.contains("daemon stopped"), "{err}");
}
