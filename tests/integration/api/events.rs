//! `/api/v1/events` for the API tests, read as a browser's EventSource reads it.

use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::client::{agent, Api};

/// `/api/v1/events`, read as a browser's EventSource reads it.
pub(super) struct Events {
    lines: Box<dyn BufRead>,
    /// What was seen, for failure messages: `event name state`.
    seen: Vec<String>,
}

impl Events {
    /// Opens the stream (answered at once: the events come as they happen).
    pub(super) fn open(api: &Api) -> Events {
        let answer = open_events(api);
        let (status, media, body) = answer;
        assert_eq!(status, 200);
        assert_eq!(media, "text/event-stream");
        Events {
            lines: Box::new(BufReader::new(body.into_reader())),
            seen: Vec::new(),
        }
    }

    /// The next event as (type, data), comments skipped.
    fn next(&mut self) -> (String, String) {
        let (mut event, mut data) = (String::new(), Vec::<String>::new());
        loop {
            let mut line = String::new();
            let n = self
                .lines
                .read_line(&mut line)
                .unwrap_or_else(|e| panic!("reading the event stream: {e}; seen: {:?}", self.seen));
            assert!(n > 0, "the event stream ended; seen: {:?}", self.seen);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if data.is_empty() && event.is_empty() {
                    continue;
                }
                if event.is_empty() {
                    event = "message".into();
                }
                return (event, data.join("\n"));
            }
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = match line.split_once(':') {
                Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
                None => (line, ""),
            };
            match field {
                "event" => event = value.to_string(),
                "data" => data.push(value.to_string()),
                _ => {}
            }
        }
    }

    /// Reads events until `pred` picks one (its type and data, parsed); panics after
    /// `timeout`, naming `what`.
    pub(super) fn until(
        &mut self,
        what: &str,
        timeout: Duration,
        mut pred: impl FnMut(&str, &Value) -> bool,
    ) -> Value {
        let t0 = Instant::now();
        loop {
            let (event, data) = self.next();
            let v: Value = match serde_json::from_str(&data) {
                Ok(v) => v,
                Err(e) if ["task", "deleted"].contains(&event.as_str()) => {
                    panic!("`{event}` event data is not JSON ({e}): {data}")
                }
                Err(_) => Value::String(data),
            };
            self.seen.push(format!(
                "{event} {} {}",
                v["name"].as_str().unwrap_or("?"),
                v["state"].as_str().unwrap_or("")
            ));
            if pred(&event, &v) {
                return v;
            }
            assert!(
                t0.elapsed() < timeout,
                "no {what} within {timeout:?}; seen: {:?}",
                self.seen
            );
        }
    }
}

/// `GET /api/v1/events`: status, media type and the (endless) body, unread.
pub(super) fn open_events(api: &Api) -> (u16, String, ureq::Body) {
    let mut req = agent(Duration::from_secs(240))
        .get(format!("{}/api/v1/events", api.base))
        .header("Accept", "text/event-stream");
    if let Some(token) = &api.token {
        req = req.header("Authorization", format!("Bearer {token}"));
    }
    let resp = req.call().expect("GET /api/v1/events");
    let status = resp.status().as_u16();
    let media = resp
        .headers()
        .get("content-type")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap()
        .trim()
        .to_ascii_lowercase();
    (status, media, resp.into_body())
}
