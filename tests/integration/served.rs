//! A `zsplice daemon --listen` for tests of the HTTP API and the web UI: started on a free
//! loopback port with its own state directory, waited for until it answers, killed on drop.
//! Without `--token-file` the daemon makes its token in the state directory: it is read from
//! there, as a user reads it to open the UI.

use std::net::TcpListener;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::State;

/// A running daemon serving HTTP.
pub struct Served {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    /// The state directory it uses (also usable for `zsplice task ...` commands).
    pub state: State,
    /// The bearer token it wants: the one it made in `state/http-token` (None when started
    /// with `--token-file`).
    pub token: Option<String>,
    child: Child,
}

impl Served {
    /// Starts `zsplice daemon --listen 127.0.0.1:PORT --interval 1s` plus `extra` arguments, and
    /// waits (up to 20 s) until `GET /api/v1/tasks` answers.
    pub fn start(tag: &str, extra: &[&str]) -> Served {
        // A port found free may be taken by another test's daemon before this one binds it:
        // this one then exits, and it starts again on another port.
        for _ in 0..5 {
            let state = State::new(tag);
            let port = free_port();
            let listen = format!("127.0.0.1:{port}");
            let mut args = vec!["daemon", "--listen", &listen, "--interval", "1s"];
            args.extend_from_slice(extra);
            let child = state
                .cmd(&args)
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("starting zsplice daemon");
            let mut served = Served {
                base: format!("http://{listen}"),
                state,
                token: None,
                child,
            };
            let own = !extra.contains(&"--token-file");
            if own {
                served.token = Some(served.made_token());
            }
            if served.wait_until_up() {
                return served;
            }
            eprintln!("served: port {port} was taken before the daemon bound it; trying another");
        }
        panic!("zsplice daemon --listen: five free ports were taken before it could bind one");
    }

    /// The token the daemon made: `<state>/http-token`, mode 0600 (written before it binds,
    /// so a daemon that serves has it).
    fn made_token(&mut self) -> String {
        use std::os::unix::fs::PermissionsExt;
        let path = self.state.0.join("http-token");
        let deadline = Instant::now() + Duration::from_secs(20);
        let meta = loop {
            match std::fs::metadata(&path) {
                Ok(meta) => break meta,
                Err(e) if Instant::now() > deadline || self.child.try_wait().unwrap().is_some() => {
                    panic!("the daemon made no {}: {e}", path.display())
                }
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        };
        assert_eq!(
            meta.permissions().mode() & 0o7777,
            0o600,
            "{} is private",
            path.display()
        );
        let token = std::fs::read_to_string(&path).unwrap().trim().to_string();
        assert!(token.len() >= 32, "a long token in {}", path.display());
        token
    }

    /// `Authorization: Bearer TOKEN` for a request of this daemon.
    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.token.as_deref().unwrap_or(""))
    }

    /// The daemon's process, e.g. to send it a signal.
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Waits until this daemon answers; false when it exited first (its port was taken).
    /// Another daemon that holds the port answers too, so "up" is a connection to a port
    /// this daemon's process still owns after it made its token.
    fn wait_until_up(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        let addr = self.base.trim_start_matches("http://").to_string();
        loop {
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            if std::net::TcpStream::connect(&addr).is_ok() {
                // A daemon that failed to bind exits at once: give it the moment to.
                std::thread::sleep(Duration::from_millis(300));
                return self.child.try_wait().unwrap().is_none();
            }
            assert!(
                Instant::now() < deadline,
                "zsplice daemon did not listen on {addr} within 20 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("finding a free port")
        .port()
}
