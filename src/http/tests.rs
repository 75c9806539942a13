//! The HTTP front end on the host, without ZFS: a real server on a loopback port over an empty
//! state directory, checked for what it must refuse before any library call (docs/api.md,
//! Security and Errors). Everything that needs pools is in tests/integration/api.rs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::Value;
use zsplice::tasks::daemon::{Daemon, DaemonOptions};
use zsplice::tasks::store::Store;

use super::listen::parse_listen;

/// A server on 127.0.0.1:<free port>, stopped on drop.
struct Running {
    base: String,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Running {
    fn start(token: Option<&str>) -> Running {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("state")).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let opts = DaemonOptions {
            interval: std::time::Duration::from_secs(1),
            max_transfers: 1,
        };
        let daemon = Arc::new(Daemon::new(store, opts, stop.clone()));
        let server = super::bind(
            parse_listen("127.0.0.1:0").unwrap(),
            token.map(String::from),
        )
        .unwrap();
        let base = format!("http://{}", server.local_addr().unwrap());
        let s = stop.clone();
        let thread = std::thread::spawn(move || server.serve(daemon, s).unwrap());
        Running {
            base,
            stop,
            thread: Some(thread),
            _dir: dir,
        }
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
    let (status, body) = s.send("GET", "/api/v1/tasks", &[], None);
    assert_eq!((status, body.as_str()), (200, r#"{"tasks":[]}"#));
    let (status, page) = s.send("GET", "/", &[], None);
    assert_eq!(status, 200);
    assert!(page.contains("app.js"), "{page}");
    let (status, doc) = s.send("GET", "/api/v1/openapi.json", &[], None);
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&doc).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let (status, metrics) = s.send("GET", "/metrics", &[], None);
    assert_eq!(status, 200);
    assert!(
        metrics.contains("# TYPE zsplice_transfers_max gauge"),
        "{metrics}"
    );
}

#[test]
fn bad_requests_get_json_errors_before_anything_is_touched() {
    let s = Running::start(None);
    let e = s.error(s.send("GET", "/nope", &[], None), 404);
    assert_eq!(e["kind"], "not_found");
    let e = s.error(s.send("PATCH", "/api/v1/tasks", &[JSON], Some("{}")), 405);
    assert_eq!(e["kind"], "method_not_allowed");
    let e = s.error(s.send("POST", "/api/v1/tasks", &[], Some("name=x")), 415);
    assert_eq!(e["kind"], "unsupported_media_type");
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(70 * 1024));
    s.error(s.send("POST", "/api/v1/tasks", &[JSON], Some(&big)), 413);
    let e = s.error(
        s.send(
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
        s.send(
            "POST",
            "/api/v1/tasks",
            &[JSON],
            Some(r#"{"name":"a b","source_datasets":["p/a"],"target_dataset":"q/a"}"#),
        ),
        400,
    );
    assert_eq!(e["field"], "name");
    for path in ["/api/v1/tasks/..%2Fetc", "/api/v1/tasks/a%20b/runs"] {
        s.error(s.send("GET", path, &[], None), 400);
    }
    for n in ["0", "abc", "-1"] {
        s.error(
            s.send("GET", &format!("/api/v1/tasks/t/runs/{n}"), &[], None),
            400,
        );
    }
    let e = s.error(s.send("GET", "/api/v1/tasks/t", &[], None), 404);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("'t' does not exist"),
        "{e}"
    );
    // Nothing was stored by any of it.
    assert_eq!(
        s.send("GET", "/api/v1/tasks", &[], None).1,
        r#"{"tasks":[]}"#
    );
}

#[test]
fn cross_site_writes_and_foreign_hosts_are_refused() {
    let s = Running::start(None);
    let body = Some("{}");
    let e = s.error(
        s.send(
            "POST",
            "/api/v1/tasks/t/start",
            &[JSON, ("Sec-Fetch-Site", "cross-site")],
            body,
        ),
        403,
    );
    assert!(e["message"].as_str().unwrap().contains("cross-site"), "{e}");
    s.error(
        s.send(
            "POST",
            "/api/v1/tasks/t/start",
            &[JSON, ("Origin", "http://evil.example")],
            body,
        ),
        403,
    );
    s.error(
        s.send("GET", "/api/v1/tasks", &[("Host", "evil.example:80")], None),
        403,
    );
    // The page's own requests pass the checks (and then find no such task).
    let own = s.base.clone();
    s.error(
        s.send(
            "POST",
            "/api/v1/tasks/t/start",
            &[JSON, ("Origin", &own), ("Sec-Fetch-Site", "same-origin")],
            body,
        ),
        404,
    );
}

#[test]
fn a_token_guards_the_api_and_metrics_but_not_the_page() {
    let token = "0123456789abcdef-token";
    let s = Running::start(Some(token));
    let e = s.error(s.send("GET", "/api/v1/tasks", &[], None), 401);
    assert_eq!(e["kind"], "unauthorized");
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
    let bearer = format!("Bearer {token}");
    assert_eq!(
        s.send("GET", "/api/v1/tasks", &[("Authorization", &bearer)], None)
            .0,
        200
    );
    assert_eq!(
        s.send("GET", "/metrics", &[("Authorization", &bearer)], None)
            .0,
        200
    );
    assert_eq!(s.send("GET", "/", &[], None).0, 200);
    // With a token, any Host may be used (the token is the guard).
    assert_eq!(
        s.send(
            "GET",
            "/api/v1/tasks",
            &[("Authorization", &bearer), ("Host", "nas.example:8080")],
            None
        )
        .0,
        200
    );
}
