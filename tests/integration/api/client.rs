//! HTTP for the API tests: a ureq agent for ordinary requests (`Api`), and requests written by
//! hand for what a client library would fix up (paths, Host, huge bodies), over TCP or a unix
//! socket.

use std::cell::RefCell;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::served::Served;

// ---------------------------------------------------------------------------------------------
// HTTP: a ureq agent for ordinary requests, hand-written requests for what a client library
// would fix up (paths, Host, huge bodies), and server-sent events.

/// One answer: status, headers (names lower case), body.
#[derive(Debug)]
pub(super) struct Answer {
    pub(super) status: u16,
    headers: Vec<(String, String)>,
    pub(super) body: String,
}

impl Answer {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type without its parameters, lower case (`text/plain`).
    pub(super) fn media_type(&self) -> String {
        self.header("content-type")
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap()
            .trim()
            .to_ascii_lowercase()
    }

    /// The body as JSON (it must say it is).
    pub(super) fn json(&self) -> Value {
        assert_eq!(self.media_type(), "application/json", "not JSON: {self}");
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {self}"))
    }

    /// Insists on `status`; the JSON body.
    pub(super) fn expect(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{self}");
        self.json()
    }
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body: String = self.body.chars().take(3000).collect();
        write!(
            f,
            "HTTP {} ({}): {body}",
            self.status,
            self.header("content-type").unwrap_or("no Content-Type")
        )
    }
}

/// A client of one daemon. Every body it received is kept, to check that none names the state
/// directory's path.
pub(super) struct Api {
    /// `http://HOST:PORT`
    pub(super) base: String,
    /// `HOST:PORT`
    pub(super) addr: String,
    agent: ureq::Agent,
    pub(super) token: Option<String>,
    pub(super) bodies: RefCell<Vec<String>>,
}

pub(super) fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .timeout_global(Some(timeout))
        .build()
        .into()
}

impl Api {
    /// A client of `served`, with the token it made (if it made one).
    pub(super) fn new(served: &Served) -> Api {
        let api = Api::at(served.base.trim_start_matches("http://"));
        match &served.token {
            Some(token) => api.with_token(token),
            None => api,
        }
    }

    /// A client of `served` without its token, as any local user is.
    pub(super) fn anonymous(served: &Served) -> Api {
        Api::at(served.base.trim_start_matches("http://"))
    }

    /// A client of the daemon at `HOST:PORT`.
    pub(super) fn at(addr: &str) -> Api {
        Api {
            base: format!("http://{addr}"),
            addr: addr.to_string(),
            agent: agent(Duration::from_secs(120)),
            token: None,
            bodies: RefCell::new(Vec::new()),
        }
    }

    /// Sends `Authorization: Bearer TOKEN` with every request.
    pub(super) fn with_token(mut self, token: &str) -> Api {
        self.token = Some(token.to_string());
        self
    }

    pub(super) fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Answer {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            req = req.header("Authorization", format!("Bearer {token}"));
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let sent = match body {
            Some(body) => self.agent.run(req.body(body.to_vec()).unwrap()),
            // No body: `Content-Length: 0` where a body could go, as browsers send it (ureq
            // sends an empty chunked body for `()`).
            None if !["GET", "HEAD"].contains(&method) => {
                self.agent.run(req.body(Vec::new()).unwrap())
            }
            None => self.agent.run(req.body(()).unwrap()),
        };
        let resp = sent.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = resp
            .into_body()
            .read_to_string()
            .unwrap_or_else(|e| panic!("{method} {path}: reading the body: {e}"));
        self.keep(Answer {
            status,
            headers,
            body,
        })
    }

    fn keep(&self, answer: Answer) -> Answer {
        self.bodies.borrow_mut().push(answer.body.clone());
        answer
    }

    pub(super) fn get(&self, path: &str) -> Answer {
        self.call("GET", path, &[], None)
    }

    pub(super) fn delete(&self, path: &str) -> Answer {
        self.call("DELETE", path, &[], None)
    }

    /// `method path` with `body` as JSON.
    pub(super) fn send(&self, method: &str, path: &str, body: &Value) -> Answer {
        let bytes = serde_json::to_vec(body).unwrap();
        self.call(
            method,
            path,
            &[("Content-Type", "application/json")],
            Some(&bytes),
        )
    }

    /// A request written by hand over TCP, exactly as given: the path is not normalised, the
    /// `Host` header is the one in `headers` if any.
    pub(super) fn raw(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let mut headers = headers.to_vec();
        let auth;
        if let Some(token) = &self.token {
            auth = format!("Bearer {token}");
            headers.push(("Authorization", &auth));
        }
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        let head = request_head(method, path, &self.addr, &headers, body);
        let answer = exchange(&mut stream, &head, body);
        self.keep(answer)
    }

    /// No body received so far names `state`'s path (errors say `<state dir>`).
    pub(super) fn assert_no_state_path(&self, state: &Path) {
        let path = state.display().to_string();
        for body in self.bodies.borrow().iter() {
            assert!(!body.contains(&path), "a response names {path}: {body}");
        }
    }

    pub(super) fn task(&self, name: &str) -> Value {
        self.get(&format!("/api/v1/tasks/{name}")).expect(200)
    }

    /// The names of the tasks the API lists.
    pub(super) fn task_names(&self) -> Vec<String> {
        self.get("/api/v1/tasks").expect(200)["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    }

    pub(super) fn create(&self, definition: &Value) -> Value {
        self.send("POST", "/api/v1/tasks", definition).expect(201)
    }

    /// Starts `task` (with `body`, if any); checks the 202 and returns the run's number.
    pub(super) fn start(&self, task: &str, body: Option<&Value>) -> u64 {
        let path = format!("/api/v1/tasks/{task}/start");
        let answer = match body {
            Some(body) => self.send("POST", &path, body),
            None => self.call("POST", &path, &[], None),
        };
        let started = answer.expect(202);
        let n = started["run"]
            .as_u64()
            .unwrap_or_else(|| panic!("{started}"));
        assert_eq!(started["task"], task, "{started}");
        assert!(
            ["pending", "running"].contains(&started["state"].as_str().unwrap_or("")),
            "{started}"
        );
        assert_eq!(
            started["href"],
            format!("/api/v1/tasks/{task}/runs/{n}"),
            "{started}"
        );
        n
    }

    /// Polls run `n` of `task` until `pred` holds; panics after `timeout`, naming `what`.
    pub(super) fn wait_run(
        &self,
        task: &str,
        n: u64,
        timeout: Duration,
        what: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        let t0 = Instant::now();
        let path = format!("/api/v1/tasks/{task}/runs/{n}");
        loop {
            let answer = self.get(&path);
            if answer.status == 200 {
                let run = answer.json();
                if pred(&run) {
                    return run;
                }
                assert!(
                    t0.elapsed() < timeout,
                    "run {n} of {task}: not {what} within {timeout:?}: {run}"
                );
            } else {
                assert!(
                    t0.elapsed() < timeout,
                    "run {n} of {task}: not {what} within {timeout:?}: {answer}"
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until run `n` of `task` has ended; returns it.
    pub(super) fn ended(&self, task: &str, n: u64) -> Value {
        self.wait_run(task, n, Duration::from_secs(300), "ended", |r| {
            !["pending", "running"].contains(&r["state"].as_str().unwrap_or("running"))
        })
    }

    /// Waits until run `n` of `task` has ended, and insists it finished.
    pub(super) fn finished(&self, task: &str, n: u64) -> Value {
        let run = self.ended(task, n);
        assert_eq!(run["state"], "finished", "run {n} of {task}: {run}");
        run
    }
}

/// The head of an HTTP/1.1 request (`Connection: close`; `Expect: 100-continue` for a large
/// body, so a server that refuses it by its length can answer before it is sent).
pub(super) fn request_head(
    method: &str,
    path: &str,
    host: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> String {
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {host}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    if body.len() > 16 << 10 {
        head.push_str("Expect: 100-continue\r\n");
    }
    head.push_str("Connection: close\r\n\r\n");
    head
}

/// A stream a hand-written request goes over.
pub(super) trait Conn: Read + Write {
    fn read_timeout(&self, timeout: Duration);
}

impl Conn for TcpStream {
    fn read_timeout(&self, timeout: Duration) {
        self.set_read_timeout(Some(timeout)).unwrap();
    }
}

impl Conn for UnixStream {
    fn read_timeout(&self, timeout: Duration) {
        self.set_read_timeout(Some(timeout)).unwrap();
    }
}

/// Sends `head` and `body`, reads the answer to the end.
pub(super) fn exchange(conn: &mut impl Conn, head: &str, body: &[u8]) -> Answer {
    use std::io::ErrorKind;
    conn.write_all(head.as_bytes()).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    if body.len() > 16 << 10 {
        // Sent with `Expect: 100-continue`: wait for `100 Continue` (or a final answer, or a
        // server that ignores the expectation) before sending the body.
        conn.read_timeout(Duration::from_secs(3));
        match conn.read(&mut buf) {
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) => panic!("waiting for 100 Continue: {e}"),
        }
        if got.is_empty() || got.starts_with(b"HTTP/1.1 100") {
            // A server that answers and closes without reading it all may reset the
            // connection: what it answered is read below all the same.
            let _ = conn.write_all(body);
        }
    } else if !body.is_empty() {
        conn.write_all(body).unwrap();
    }
    conn.read_timeout(Duration::from_secs(60));
    loop {
        match conn.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset && !got.is_empty() => break,
            Err(e) => panic!(
                "reading the answer to {head}: {e}; so far: {}",
                String::from_utf8_lossy(&got)
            ),
        }
    }
    parse_answer(&got)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An HTTP/1.1 answer as received (interim `1xx` answers skipped, a chunked body joined).
fn parse_answer(mut raw: &[u8]) -> Answer {
    loop {
        let end = find(raw, b"\r\n\r\n").unwrap_or_else(|| {
            panic!(
                "no complete answer head in {:?}",
                String::from_utf8_lossy(raw)
            )
        });
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let rest = &raw[end + 4..];
        let mut lines = head.split("\r\n");
        let status: u16 = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {head}"));
        if (100..200).contains(&status) {
            raw = rest;
            continue;
        }
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        let body = if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            dechunk(rest)
        } else if let Some(len) = header("content-length").and_then(|v| v.parse().ok()) {
            rest[..rest.len().min(len)].to_vec()
        } else {
            rest.to_vec()
        };
        return Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = find(data, b"\r\n") {
        let line = String::from_utf8_lossy(&data[..eol]);
        let size = usize::from_str_radix(line.split(';').next().unwrap().trim(), 16)
            .unwrap_or_else(|e| panic!("bad chunk size {line:?}: {e}"));
        if size == 0 {
            break;
        }
        let start = eol + 2;
        let end = (start + size).min(data.len());
        out.extend_from_slice(&data[start..end]);
        data = &data[(end + 2).min(data.len())..];
    }
    out
}
