//! The API's security rules: cross-site requests and foreign host names are refused, every TCP
//! listener wants a bearer token (the one the daemon keeps in its state directory, or the one in
//! `--token-file`), a public listener insists on a private token file, and a unix socket
//! listener answers without one but only to its owner.

use std::net::TcpStream;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// `nobody` (uid 65534), another local user: what `curl args` gets when it runs as that user.
fn curl_as_nobody(args: &[&str]) -> Output {
    Command::new("curl")
        .args(args)
        .uid(65534)
        .gid(65534)
        .current_dir("/")
        .output()
        .expect("running curl as nobody (package curl)")
}

/// The daemon's own token file in `state`: private to the daemon's user; its token.
fn made_token(state: &Path) -> String {
    let path = state.join("http-token");
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o600, "{path:?}");
    assert_eq!(meta.uid(), nix_uid(), "{path:?} is the daemon's user's");
    std::fs::read_to_string(&path).unwrap().trim().to_string()
}

fn nix_uid() -> u32 {
    nix::unistd::geteuid().as_raw()
}

/// Without `--token-file`, a loopback listener wants the token the daemon made in its state
/// directory (`http-token`, 0600): another local user without it is refused (401) for every
/// request, the one that would re-copy an existing destination included, and cannot read the
/// file; with the token every request passes; the daemon started again keeps the same token.
pub fn a_loopback_listener_wants_the_token_it_made_and_other_local_users_are_refused() {
    let p = Pools::new("apiloop", 1 << 20);
    let srv = Served::start("apiloop", &[]);
    let api = Api::new(&srv);
    let anonymous = Api::anonymous(&srv);
    let state = srv.state.0.clone();
    let token = made_token(&state);
    assert_eq!(srv.token.as_deref(), Some(token.as_str()));
    let target = p.dst.ds("a");
    api.create(&definition("t", &[&p.a], &target));
    let n = api.start("t", None);
    api.finished("t", n);
    let copied = snapshot_guids(&target);
    let before = api.task("t");

    for path in [
        "/api/v1/tasks",
        "/api/v1/tasks/t",
        "/api/v1/tasks/t/runs",
        "/api/v1/tasks/t/runs/1",
        "/api/v1/tasks/t/runs/1/log?download=1",
        "/api/v1/datasets",
        "/api/v1/openapi.json",
        "/metrics",
    ] {
        let msg = assert_error(&anonymous.get(path), 401, "unauthorized", None);
        assert!(msg.contains("http-token"), "{path}: {msg}");
    }
    let (status, _, _) = open_events(&anonymous);
    assert_eq!(status, 401, "the event stream needs the token too");
    let recopy = json!({"allow_from_scratch": true});
    let mut into_existing = definition("u", &[&p.a], &target);
    into_existing["allow_from_scratch"] = json!(true);
    for answer in [
        anonymous.send("POST", "/api/v1/tasks", &into_existing),
        anonymous.send("POST", "/api/v1/tasks/t/start", &recopy),
        anonymous.call("POST", "/api/v1/tasks/t/start", &[], None),
        anonymous.send("PUT", "/api/v1/tasks/t", &into_existing),
        anonymous.delete("/api/v1/tasks/t"),
    ] {
        assert_error(&answer, 401, "unauthorized", None);
    }
    // The same as user nobody, with curl.
    let start = format!("{}/api/v1/tasks/t/start", srv.base);
    let out = curl_as_nobody(&[
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-X",
        "POST",
        "-H",
        "Content-Type: application/json",
        "-d",
        r#"{"allow_from_scratch": true}"#,
        &start,
    ]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "401", "{out:?}");
    let file = state.join("http-token");
    let read = Command::new("cat")
        .arg(&file)
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    assert!(!read.status.success(), "nobody read {file:?}");
    assert_eq!(api.task_names(), ["t"]);
    assert_eq!(api.task("t"), before, "nothing changed");
    assert_eq!(
        api.get("/api/v1/tasks/t/runs").expect(200)["runs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        snapshot_guids(&target),
        copied,
        "the destination is as it was"
    );
    // With the token: the page's requests pass (and a wrong one does not).
    let wrong = Api::anonymous(&srv).with_token(&format!("{}x", &token[1..]));
    assert_error(&wrong.get("/api/v1/tasks"), 401, "unauthorized", None);
    assert_eq!(api.get("/metrics").status, 200);
    let (status, media, _) = open_events(&api);
    assert_eq!((status, media.as_str()), (200, "text/event-stream"));
    for body in anonymous
        .bodies
        .borrow()
        .iter()
        .chain(api.bodies.borrow().iter())
    {
        assert!(!body.contains(&token), "an answer shows the token: {body}");
    }
    drop(srv);

    // Started again over the same state directory: the same token.
    let state = State::new("apilooprestart");
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let local = format!("127.0.0.1:{}", free_port());
        let mut daemon = Daemon::spawn(&state, &["daemon", "--listen", &local, "--interval", "1s"]);
        daemon.wait_until(&local, || TcpStream::connect(&local).is_ok());
        let token = made_token(&state.0);
        assert_error(
            &Api::at(&local).get("/api/v1/tasks"),
            401,
            "unauthorized",
            None,
        );
        Api::at(&local)
            .with_token(&token)
            .get("/api/v1/tasks")
            .expect(200);
        tokens.push(token);
    }
    assert_eq!(tokens[0], tokens[1], "the token is kept across restarts");
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
    assert!(
        err.contains(&format!("'{public}'")),
        "quotes what was typed: {err}"
    );
    assert!(
        !state.0.join("http-token").exists(),
        "a refused public listener makes no token of the daemon's"
    );
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
/// a token; the socket is mode 0600, so another local user (nobody) cannot connect; no token is
/// made for it.
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
    let meta = std::fs::symlink_metadata(&sock).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o600, "{sock:?}");
    assert_eq!(meta.uid(), nix_uid());
    let sock_arg = sock.display().to_string();
    let out = curl_as_nobody(&[
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "--unix-socket",
        &sock_arg,
        "http://localhost/api/v1/tasks",
    ]);
    assert_eq!(
        out.status.code(),
        Some(7),
        "nobody cannot connect to the socket (curl: couldn't connect): {out:?}"
    );
    assert!(
        !state.0.join("http-token").exists(),
        "no token is made for a unix socket"
    );
    drop(daemon);
    let _ = std::fs::remove_file(&sock);
}
