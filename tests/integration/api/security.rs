//! The API's security rules: cross-site requests and foreign host names are refused, a token
//! file makes requests need the bearer token, a public listener insists on a private token
//! file, and a unix socket listener answers without one.

use std::net::TcpStream;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;

use serde_json::{json, Value};

use super::client::{exchange, request_head, Api};
use super::events::open_events;
use super::fixtures::{
    assert_error, assert_nothing_stored, definition, refuses_to_start, Daemon, Pools, TokenFile,
};
use crate::helpers::*;
use crate::served::{free_port, Served};

/// State-changing requests from another site (`Sec-Fetch-Site`, `Origin`) and any request
/// whose `Host` is not a loopback name (DNS rebinding) are refused with 403, changing nothing;
/// the daemon's own page is let through.
pub fn cross_site_requests_and_foreign_host_names_are_refused() {
    let p = Pools::new("apixs", 1 << 20);
    let srv = Served::start("apixsite", &[]);
    let api = Api::new(&srv);
    let state = srv.state.0.clone();
    let port = api.addr.rsplit(':').next().unwrap().to_string();
    let body = serde_json::to_vec(&definition("t", &[&p.a], &p.dst.ds("a"))).unwrap();
    let json_ct = ("Content-Type", "application/json");
    for headers in [
        [json_ct, ("Sec-Fetch-Site", "cross-site")],
        [json_ct, ("Sec-Fetch-Site", "same-site")],
        [json_ct, ("Origin", "http://evil.example")],
        [
            json_ct,
            ("Origin", format!("http://evil.example:{port}").as_str()),
        ],
        [json_ct, ("Origin", "null")],
    ] {
        let answer = api.raw("POST", "/api/v1/tasks", &headers, &body);
        assert_error(&answer, 403, "forbidden", None);
        assert_nothing_stored(&api, &state, &format!("a POST with {headers:?}"));
    }
    // The daemon's own page: same origin.
    let origin = format!("http://127.0.0.1:{port}");
    let own = api.raw(
        "POST",
        "/api/v1/tasks",
        &[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Origin", &origin),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        &body,
    );
    own.expect(201);
    let before = api.task("t");

    // Changing or starting it from another site: refused, nothing changes.
    let mut changed: Value = serde_json::from_slice(&body).unwrap();
    changed["retention"] = json!("1w");
    let changed = serde_json::to_vec(&changed).unwrap();
    for cross in [
        ("Sec-Fetch-Site", "cross-site"),
        ("Origin", "http://evil.example"),
    ] {
        let put = api.raw("PUT", "/api/v1/tasks/t", &[json_ct, cross], &changed);
        assert_error(&put, 403, "forbidden", None);
        let start = api.raw("POST", "/api/v1/tasks/t/start", &[cross], b"");
        assert_error(&start, 403, "forbidden", None);
        let delete = api.raw("DELETE", "/api/v1/tasks/t", &[cross], b"");
        assert_error(&delete, 403, "forbidden", None);
    }
    assert_eq!(api.task("t"), before, "nothing changed");
    assert_eq!(
        api.get("/api/v1/tasks/t/runs").expect(200)["runs"],
        json!([]),
        "nothing started"
    );
    assert!(snapshot_guids(&p.a).is_empty(), "no snapshot was taken");

    // Foreign Host headers, on every kind of route.
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "10.1.2.3".to_string(),
    ] {
        for path in ["/api/v1/tasks", "/", "/metrics", "/api/v1/openapi.json"] {
            let answer = api.raw("GET", path, &[("Host", &host)], b"");
            assert_error(&answer, 403, "forbidden", None);
        }
    }
    // Loopback names are fine.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
    ] {
        let answer = api.raw("GET", "/api/v1/tasks", &[("Host", &host)], b"");
        assert_eq!(answer.status, 200, "Host {host}: {answer}");
    }
    // `Sec-Fetch-Site: none` (typed by the user, not sent by a page) is let through.
    let delete = api.raw(
        "DELETE",
        "/api/v1/tasks/t",
        &[("Sec-Fetch-Site", "none")],
        b"",
    );
    delete.expect(200);
    api.assert_no_state_path(&state);
}

/// With `--token-file`, every request to `/api/` and `/metrics` needs `Authorization: Bearer`
/// with the token (401 without it or with a wrong one); the page itself loads without.
pub fn with_a_token_file_api_and_metrics_requests_need_the_bearer_token() {
    const TOKEN: &str = "s3cret-token-0123456789abcdef";
    let file = TokenFile::new("apitok", TOKEN, 0o600);
    let srv = Served::start("apitoken", &["--token-file", file.path()]);
    let anonymous = Api::new(&srv);
    let wrong = Api::new(&srv).with_token("s3cret-token-0123456789abcdeX");
    let right = Api::new(&srv).with_token(TOKEN);
    for path in [
        "/api/v1/tasks",
        "/metrics",
        "/api/v1/openapi.json",
        "/api/v1/datasets",
    ] {
        assert_error(&anonymous.get(path), 401, "unauthorized", None);
        assert_error(&wrong.get(path), 401, "unauthorized", None);
        let ok = right.get(path);
        assert_eq!(ok.status, 200, "{path}: {ok}");
    }
    for auth in [
        TOKEN.to_string(),
        format!("Basic {TOKEN}"),
        "Bearer".into(),
        format!("Bearer  {TOKEN}x"),
    ] {
        let answer = anonymous.raw("GET", "/api/v1/tasks", &[("Authorization", &auth)], b"");
        assert_error(&answer, 401, "unauthorized", None);
    }
    let post = anonymous.send(
        "POST",
        "/api/v1/tasks",
        &json!({"name": "t", "source_datasets": ["p/a"], "target_dataset": "q/a"}),
    );
    assert_error(&post, 401, "unauthorized", None);
    assert_eq!(right.task_names(), Vec::<String>::new());
    let (status, _, _) = open_events(&anonymous);
    assert_eq!(status, 401, "the event stream needs the token too");
    let (status, media, _) = open_events(&right);
    assert_eq!((status, media.as_str()), (200, "text/event-stream"));
    let page = anonymous.get("/");
    assert_eq!(
        page.status, 200,
        "the page asks for the token itself: {page}"
    );
    assert_eq!(page.media_type(), "text/html");
    for api in [&anonymous, &wrong, &right] {
        for body in api.bodies.borrow().iter() {
            assert!(!body.contains(TOKEN), "an answer shows the token: {body}");
        }
    }
}

/// A non-loopback `--listen` refuses to start without a token file, or with one that others
/// may read, that is empty or too short; with a good one it serves, and wants the token.
pub fn a_public_listener_refuses_to_start_without_a_private_token_file() {
    let state = State::new("apipublic");
    let port = free_port().to_string();
    let public = format!("0.0.0.0:{port}");
    let daemon = |extra: &[&str]| {
        let mut args = vec!["daemon", "--listen", public.as_str(), "--interval", "1s"];
        args.extend_from_slice(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<String>>()
    };
    let refused = |extra: &[&str], want: &[&str]| {
        let args = daemon(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = refuses_to_start(&state, &args);
        for w in want {
            assert!(err.contains(w), "zsplice {args:?}: {err}");
        }
        assert!(
            TcpStream::connect(format!("127.0.0.1:{port}")).is_err(),
            "nothing listens after a refusal"
        );
        err
    };
    let err = refused(&[], &["--token-file"]);
    eprintln!("no token file: {err}");
    let readable = TokenFile::new("apipub644", "s3cret-token-0123456789", 0o644);
    let err = refused(&["--token-file", readable.path()], &[readable.path()]);
    eprintln!("mode 0644: {err}");
    let group = TokenFile::new("apipub640", "s3cret-token-0123456789", 0o640);
    refused(&["--token-file", group.path()], &[group.path()]);
    let short = TokenFile::new("apipubshort", "short", 0o600);
    refused(&["--token-file", short.path()], &[short.path()]);
    let empty = TokenFile::new("apipubempty", "", 0o600);
    refused(&["--token-file", empty.path()], &[empty.path()]);
    let missing = format!("/tmp/zsplice-token-missing-{}", std::process::id());
    refused(&["--token-file", &missing], &[&missing]);

    let good = TokenFile::new("apipubgood", "s3cret-token-0123456789", 0o600);
    let args = daemon(&["--token-file", good.path()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut served = Daemon::spawn(&state, &args);
    let local = format!("127.0.0.1:{port}");
    served.wait_until(&local, || TcpStream::connect(&local).is_ok());
    let anonymous = Api::at(&local);
    assert_error(&anonymous.get("/api/v1/tasks"), 401, "unauthorized", None);
    let api = Api::at(&local).with_token("s3cret-token-0123456789");
    api.get("/api/v1/tasks").expect(200);
}

/// `--listen unix:PATH`: a hand-written HTTP/1.1 request over the socket is answered, without
/// a token.
pub fn a_unix_socket_listener_answers_without_a_token() {
    let state = State::new("apiunix");
    let sock = PathBuf::from(format!("/tmp/zsplice-api-{}.sock", std::process::id()));
    let _ = std::fs::remove_file(&sock);
    let listen = format!("unix:{}", sock.display());
    let mut daemon = Daemon::spawn(&state, &["daemon", "--listen", &listen, "--interval", "1s"]);
    daemon.wait_until(&listen, || UnixStream::connect(&sock).is_ok());
    let ask = |method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]| {
        let mut conn = UnixStream::connect(&sock).unwrap();
        let head = request_head(method, path, "localhost", headers, body);
        exchange(&mut conn, &head, body)
    };
    let list = ask("GET", "/api/v1/tasks", &[], b"");
    assert_eq!(list.expect(200), json!({"tasks": []}));
    let metrics = ask("GET", "/metrics", &[], b"");
    assert_eq!(metrics.status, 200, "{metrics}");
    assert_eq!(metrics.media_type(), "text/plain");
    let bad = ask(
        "POST",
        "/api/v1/tasks",
        &[("Content-Type", "application/json")],
        br#"{"name": "t", "colour": "red"}"#,
    );
    assert_error(&bad, 400, "invalid", None);
    let page = ask("GET", "/", &[], b"");
    assert_eq!(page.status, 200, "{page}");
    assert_eq!(page.media_type(), "text/html");
    drop(daemon);
    let _ = std::fs::remove_file(&sock);
}
