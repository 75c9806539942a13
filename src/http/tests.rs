//! The HTTP front end on the host, without ZFS: a real server on a loopback port (or a unix
//! socket) over an empty state directory, checked for what it must refuse before any library
//! call (docs/api.md, Security and Errors). Everything that needs pools is in
//! tests/integration/api/.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use std::os::unix::fs::PermissionsExt;

use serde_json::Value;
use zsplice::tasks::daemon::{Daemon, DaemonOptions};
use zsplice::tasks::store::Store;

use super::listen::parse_listen;
use super::token::{token_for, Token, STATE_TOKEN_FILE};

/// A server on 127.0.0.1:<free port>, stopped on drop.
struct Running {
    base: String,
    /// The token it wants.
    token: String,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    dir: tempfile::TempDir,
}

impl Running {
    /// With `token` as if from `--token-file`; without, with the one the daemon makes in its
    /// state directory, as `zsplice daemon --listen 127.0.0.1:PORT` does.
    fn start(token: Option<&str>) -> Running {
        Running::start_in(tempfile::tempdir().unwrap(), token)
    }

    fn start_in(dir: tempfile::TempDir, token: Option<&str>) -> Running {
        let state = dir.path().join("state");
        let listen = parse_listen("127.0.0.1:0").unwrap();
        let token = match token {
            Some(t) => Token::given(t, &dir.path().join("token")),
            None => token_for(&listen, None, &state).unwrap().unwrap(),
        };
        let store = Store::open(&state).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let opts = DaemonOptions {
            interval: std::time::Duration::from_secs(1),
            max_transfers: 1,
        };
        let daemon = Arc::new(Daemon::new(store, opts, stop.clone()));
        let secret = token.secret().to_string();
        let server = super::bind(listen, Some(token)).unwrap();
        let base = format!("http://{}", server.local_addr().unwrap());
        let s = stop.clone();
        let thread = std::thread::spawn(move || server.serve(daemon, s).unwrap());
        Running {
            base,
            token: secret,
            stop,
            thread: Some(thread),
            dir,
        }
    }

    /// Stops it; its state directory stays, for the next start.
    fn stop(mut self) -> tempfile::TempDir {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let empty = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.dir, empty)
    }

    /// `Authorization: Bearer TOKEN`.
    fn bearer(&self) -> (&'static str, String) {
        ("Authorization", format!("Bearer {}", self.token))
    }

    /// A request with the token; `send` sends only the headers given.
    fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> (u16, String) {
        let (k, v) = self.bearer();
        let mut all = vec![(k, v.as_str())];
        all.extend_from_slice(headers);
        self.send(method, path, &all, body)
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into()
    }

    /// Status and body of a request built by `req` on `path`.
    fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> (u16, String) {
        let url = format!("{}{path}", self.base);
        let mut req = ureq::http::Request::builder().method(method).uri(&url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = match body {
            Some(b) => Self::agent().run(req.body(b.to_string()).unwrap()),
            None => Self::agent().run(req.body(()).unwrap()),
        }
        .unwrap();
        let status = resp.status().as_u16();
        let text = resp.into_body().read_to_string().unwrap_or_default();
        (status, text)
    }

    /// The `error` object of a JSON error answer with `status`.
    fn error(&self, got: (u16, String), status: u16) -> Value {
        assert_eq!(got.0, status, "{}", got.1);
        let v: Value =
            serde_json::from_str(&got.1).unwrap_or_else(|_| panic!("not JSON: {}", got.1));
        assert_eq!(v["error"]["status"], status);
        v["error"].clone()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

const JSON: (&str, &str) = ("Content-Type", "application/json");

#[test]
fn an_empty_state_dir_lists_no_tasks_and_serves_the_ui_and_the_openapi_document() {
    let s = Running::start(None);
    let (status, body) = s.call("GET", "/api/v1/tasks", &[], None);
    assert_eq!((status, body.as_str()), (200, "{\"tasks\":[]}\n"));
    let (status, page) = s.send("GET", "/", &[], None);
    assert_eq!(status, 200);
    assert!(page.contains("app.js"), "{page}");
    let (status, doc) = s.call("GET", "/api/v1/openapi.json", &[], None);
    assert_eq!(status, 200);
    assert!(doc.ends_with("}\n"));
    let doc: Value = serde_json::from_str(&doc).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let (status, metrics) = s.call("GET", "/metrics", &[], None);
    assert_eq!(status, 200);
    assert!(
        metrics.contains("# TYPE zsplice_transfers_max gauge"),
        "{metrics}"
    );
}

#[test]
fn bad_requests_get_json_errors_before_anything_is_touched() {
    let s = Running::start(None);
    let e = s.error(s.call("GET", "/nope", &[], None), 404);
    assert_eq!(e["kind"], "not_found");
    let e = s.error(s.call("PATCH", "/api/v1/tasks", &[JSON], Some("{}")), 405);
    assert_eq!(e["kind"], "method_not_allowed");
    let e = s.error(s.call("POST", "/api/v1/tasks", &[], Some("name=x")), 415);
    assert_eq!(e["kind"], "unsupported_media_type");
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(70 * 1024));
    s.error(s.call("POST", "/api/v1/tasks", &[JSON], Some(&big)), 413);
    let e = s.error(
        s.call(
            "POST",
            "/api/v1/tasks",
            &[JSON],
            Some(r#"{"name":"t","target_dataset":"p/a","colour":1}"#),
        ),
        400,
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `colour`"),
        "{e}"
    );
    let e = s.error(
        s.call(
            "POST",
            "/api/v1/tasks",
            &[JSON],
            Some(r#"{"name":"a b","source_datasets":["p/a"],"target_dataset":"q/a"}"#),
        ),
        400,
    );
    assert_eq!(e["field"], "name");
    // A definition without its destination (a partial PUT), and a wrong type: the field is
    // named, in words.
    for (method, path) in [("POST", "/api/v1/tasks"), ("PUT", "/api/v1/tasks/t")] {
        let e = s.error(
            s.call(
                method,
                path,
                &[JSON],
                Some(r#"{"source_datasets":["p/a"]}"#),
            ),
            400,
        );
        assert_eq!(e["field"], "target_dataset", "{method}: {e}");
        assert!(
            !e["message"].as_str().unwrap().contains("missing field `"),
            "{e}"
        );
        let e = s.error(
            s.call(
                method,
                path,
                &[JSON],
                Some(r#"{"target_dataset":"q/a","retries":"5"}"#),
            ),
            400,
        );
        assert_eq!(e["field"], "retries", "{method}: {e}");
        assert!(
            e["message"].as_str().unwrap().contains("whole number"),
            "{e}"
        );
    }
    // A dataset name that cannot be one, in the dataset browser's query.
    let e = s.error(
        s.call("GET", "/api/v1/datasets?under=bad@name", &[], None),
        400,
    );
    assert_eq!(e["field"], "under", "{e}");
    for path in ["/api/v1/tasks/..%2Fetc", "/api/v1/tasks/a%20b/runs"] {
        s.error(s.call("GET", path, &[], None), 400);
    }
    for n in ["0", "abc", "-1"] {
        s.error(
            s.call("GET", &format!("/api/v1/tasks/t/runs/{n}"), &[], None),
            400,
        );
    }
    let e = s.error(s.call("GET", "/api/v1/tasks/t", &[], None), 404);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("'t' does not exist"),
        "{e}"
    );
    // Nothing was stored by any of it.
    assert_eq!(
        s.call("GET", "/api/v1/tasks", &[], None).1,
        "{\"tasks\":[]}\n"
    );
}

#[test]
fn json_bodies_and_errors_end_with_a_newline() {
    let s = Running::start(None);
    for (method, path, status) in [
        ("GET", "/api/v1/tasks", 200),
        ("GET", "/api/v1/tasks/nope", 404),
        ("GET", "/nope", 404),
        ("PATCH", "/api/v1/tasks", 405),
        ("GET", "/api/v1/openapi.json", 200),
    ] {
        let (got, body) = s.call(method, path, &[], None);
        assert_eq!(got, status, "{method} {path}: {body}");
        assert!(
            body.ends_with("}\n") && !body.ends_with("\n\n"),
            "{method} {path}: {body:?}"
        );
    }
    let (status, body) = s.send("GET", "/api/v1/tasks", &[], None);
    assert_eq!(status, 401);
    assert!(body.ends_with("}\n"), "{body:?}");
}

#[test]
fn cross_site_writes_and_foreign_hosts_are_refused() {
    let s = Running::start(None);
    let body = Some("{}");
    let e = s.error(
        s.call(
            "POST",
            "/api/v1/tasks/t/start",
            &[JSON, ("Sec-Fetch-Site", "cross-site")],
            body,
        ),
        403,
    );
    assert!(e["message"].as_str().unwrap().contains("cross-site"), "{e}");
    s.error(
        s.call(
            "POST",
            "/api/v1/tasks/t/start",
            &[JSON, ("Origin", "http://evil.example")],
            body,
        ),
        403,
    );
    // The loopback listener's own token does not let other host names in (DNS rebinding).
    s.error(
        s.call("GET", "/api/v1/tasks", &[("Host", "evil.example:80")], None),
        403,
    );
    s.error(
        s.send("GET", "/", &[("Host", "evil.example:80")], None),
        403,
    );
    // The page's own requests pass the checks (and then find no such task).
    let own = s.base.clone();
    s.error(
        s.call(
            "POST",
            "/api/v1/tasks/t/start",
            &[JSON, ("Origin", &own), ("Sec-Fetch-Site", "same-origin")],
            body,
        ),
        404,
    );
}

#[test]
fn a_loopback_listener_without_a_token_file_wants_the_token_it_keeps_in_the_state_dir() {
    let s = Running::start(None);
    let file = s.dir.path().join("state").join(STATE_TOKEN_FILE);
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o600, "private");
    assert_eq!(
        std::os::unix::fs::MetadataExt::uid(&meta),
        nix::unistd::geteuid().as_raw()
    );
    let kept = std::fs::read_to_string(&file).unwrap();
    assert_eq!(kept.trim(), s.token);
    assert!(s.token.len() >= 32);
    // Any local user without the token: refused, whatever the request.
    for (method, path, body) in [
        ("GET", "/api/v1/tasks", None),
        ("GET", "/metrics", None),
        ("GET", "/api/v1/events", None),
        ("GET", "/api/v1/tasks/t/runs/1/log?download=1", None),
        (
            "POST",
            "/api/v1/tasks",
            Some(
                r#"{"name":"t","source_datasets":["p/a"],"target_dataset":"q/a","allow_from_scratch":true}"#,
            ),
        ),
        (
            "POST",
            "/api/v1/tasks/t/start",
            Some(r#"{"allow_from_scratch":true}"#),
        ),
        ("DELETE", "/api/v1/tasks/t", None),
    ] {
        let e = s.error(s.send(method, path, &[JSON], body), 401);
        assert_eq!(e["kind"], "unauthorized", "{method} {path}");
        assert!(e["message"].as_str().unwrap().contains("http-token"), "{e}");
        let wrong = [
            ("Authorization", "Bearer 0123456789abcdef0123456789abcdef"),
            JSON,
        ];
        s.error(s.send(method, path, &wrong, body), 401);
    }
    // With it: answered.
    assert_eq!(s.call("GET", "/api/v1/tasks", &[], None).0, 200);
    assert_eq!(s.call("GET", "/metrics", &[], None).0, 200);
    // The page loads without it (it asks for the token).
    assert_eq!(s.send("GET", "/", &[], None).0, 200);

    // The next start over the same state directory wants the same token.
    let token = s.token.clone();
    let dir = s.stop();
    let again = Running::start_in(dir, None);
    assert_eq!(again.token, token);
    assert_eq!(again.call("GET", "/api/v1/tasks", &[], None).0, 200);
}

#[test]
fn a_tcp_listener_is_never_bound_without_a_token() {
    for addr in ["127.0.0.1:0", "[::1]:0", "0.0.0.0:0"] {
        let e = super::bind(parse_listen(addr).unwrap(), None).unwrap_err();
        assert!(e.to_string().contains(addr), "{e}");
    }
}

#[test]
fn a_unix_socket_answers_without_a_token_and_only_its_owner_may_connect() {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("state")).unwrap();
    let sock = dir.path().join("http.sock");
    let listen = parse_listen(&format!("unix:{}", sock.display())).unwrap();
    let server = super::bind(listen, None).unwrap();
    let meta = std::fs::symlink_metadata(&sock).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o600, "{sock:?}");
    let stop = Arc::new(AtomicBool::new(false));
    let opts = DaemonOptions {
        interval: std::time::Duration::from_secs(1),
        max_transfers: 1,
    };
    let daemon = Arc::new(Daemon::new(store, opts, stop.clone()));
    let s = stop.clone();
    let thread = std::thread::spawn(move || server.serve(daemon, s).unwrap());
    let mut conn = UnixStream::connect(&sock).unwrap();
    conn.write_all(b"GET /api/v1/tasks HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("{\"tasks\":[]}\n"), "{answer}");
    stop.store(true, Ordering::Relaxed);
    thread.join().unwrap();
    assert!(!sock.exists(), "removed when the daemon stops");
}

#[test]
fn a_token_file_guards_the_api_and_metrics_but_not_the_page() {
    let token = "0123456789abcdef-token";
    let s = Running::start(Some(token));
    let e = s.error(s.send("GET", "/api/v1/tasks", &[], None), 401);
    assert_eq!(e["kind"], "unauthorized");
    assert!(
        e["message"].as_str().unwrap().contains("--token-file"),
        "{e}"
    );
    let e = s.error(
        s.send(
            "GET",
            "/metrics",
            &[("Authorization", "Bearer wrong-token-wrong")],
            None,
        ),
        401,
    );
    assert!(e["message"].as_str().unwrap().contains("wrong"), "{e}");
    assert_eq!(s.call("GET", "/api/v1/tasks", &[], None).0, 200);
    assert_eq!(s.call("GET", "/metrics", &[], None).0, 200);
    assert_eq!(s.send("GET", "/", &[], None).0, 200);
    // With the user's own token, any Host may be used (the token is the guard; a proxy in
    // front passes its own name).
    assert_eq!(
        s.call(
            "GET",
            "/api/v1/tasks",
            &[("Host", "nas.example:8080")],
            None
        )
        .0,
        200
    );
}
