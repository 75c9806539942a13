//! A tiny blocking WebDriver client for the browser test: starts Debian's `chromedriver` on a
//! free loopback port, opens one headless `chromium` session, and drives the page by CSS
//! selector. Only the W3C commands the test uses, over ureq and serde_json.
//!
//! Pages that update themselves (the UI re-renders rows on live events) make element references
//! go stale between finding and using them, so every operation here addresses its element by
//! selector and finds it again until it works or a patience runs out; a timeout panics naming
//! what was waited for, the page's text, and a screenshot of it.

use std::cell::Cell;
use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::served::free_port;

/// How long a single operation waits for its element to exist and accept it: a browser in the
/// emulated test guest is slow, the more so while other tests run beside it.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// How long chromedriver waits for chromium to start, and one command for its answer.
const STARTUP: Duration = Duration::from_secs(300);

/// How long loading a page may take.
const PAGE_LOAD: Duration = Duration::from_secs(120);

/// The key W3C WebDriver puts an element's id under.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A WebDriver error (`{"value": {"error", "message"}}`), or a failed HTTP exchange.
#[derive(Debug)]
struct WdError {
    error: String,
    message: String,
}

impl WdError {
    /// Errors that finding the element again, a moment later, may cure.
    fn transient(&self) -> bool {
        matches!(
            self.error.as_str(),
            "stale element reference"
                | "no such element"
                | "element not interactable"
                | "element click intercepted"
        )
    }
}

impl std::fmt::Display for WdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.message.trim_end())
    }
}

/// A headless chromium under chromedriver, one session; both end on drop.
pub struct Browser {
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    driver: Child,
    /// Where failure screenshots and chromedriver's log go.
    artifacts: PathBuf,
    failures: Cell<u32>,
    /// chromium's HOME: its profile, caches and crash reports stay out of the user's.
    _home: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless chromium whose downloads land in `downloads` without
    /// asking, and loads `url`. chromedriver's (and chromium's) output goes to
    /// `artifacts/chromedriver.log`.
    ///
    /// In the emulated guest on a busy host, chromium's first page load has hung for minutes
    /// now and then (chromedriver: "Timed out receiving message from renderer"), before the
    /// page under test ran a line: then chromium is started once more, and the output says so.
    pub fn open(url: &str, downloads: &Path, artifacts: &Path) -> Browser {
        let browser = Browser::start(downloads, artifacts);
        match browser.navigate(url) {
            Ok(()) => return browser,
            Err(e) if e.error == "timeout" => {
                // Whether the server or chromium was slow: the same GET without a browser.
                let t0 = Instant::now();
                let get = ureq::get(url).config();
                let get = get.timeout_global(Some(Duration::from_secs(60))).build();
                let direct = match get.call() {
                    Ok(r) => format!("{} in {:.1?}", r.status(), t0.elapsed()),
                    Err(e) => format!("{e} after {:.1?}", t0.elapsed()),
                };
                println!(
                    "browser: chromium did not load {url} ({e}; without a browser it answers \
                     {direct}); starting chromium again"
                );
            }
            Err(e) => browser.fail(&format!("loading {url}: {e}")),
        }
        drop(browser);
        let browser = Browser::start(downloads, artifacts);
        if let Err(e) = browser.navigate(url) {
            browser.fail(&format!(
                "loading {url}, with chromium started a second time: {e}"
            ));
        }
        browser
    }

    fn start(downloads: &Path, artifacts: &Path) -> Browser {
        std::fs::create_dir_all(artifacts).unwrap();
        let home = tempfile::tempdir().expect("a HOME for chromium");
        let log_path = artifacts.join("chromedriver.log");
        let log = File::options()
            .create(true)
            .append(true)
            .open(&log_path)
            .unwrap();
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .env("HOME", home.path())
            // Its own process group, with chromium's processes: Drop ends them all.
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("starting chromedriver (package chromium-driver): {e}"));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            // WebDriver errors come as 4xx/5xx with a JSON body worth reading.
            .http_status_as_error(false)
            .timeout_global(Some(STARTUP + Duration::from_secs(60)))
            .proxy(None)
            .build()
            .into();
        let mut browser = Browser {
            agent,
            session: format!("http://127.0.0.1:{port}"),
            driver,
            artifacts: artifacts.to_path_buf(),
            failures: Cell::new(0),
            _home: home,
        };
        browser.wait_for_driver(&log_path);
        let chromium = crate::harness::on_path("chromium").expect("chromium on PATH");
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            // Navigation returns once the document is parsed; the test waits for what it needs.
            "pageLoadStrategy": "eager",
            // A page load takes seconds even in the guest; a hung one is given up sooner than
            // chromedriver's default of 300 s.
            "timeouts": {"pageLoad": PAGE_LOAD.as_millis() as u64},
            "goog:chromeOptions": {
                "binary": chromium,
                // chromedriver's default (60 s) is too short in the emulated guest.
                "browserStartupTimeout": STARTUP.as_millis() as u64,
                "args": [
                    "--headless=new",
                    // The tests run as root in the guest, where chromium's sandbox cannot start.
                    "--no-sandbox",
                    "--disable-gpu",
                    // The guest has no /dev/shm; chromium then uses /tmp.
                    "--disable-dev-shm-usage",
                    "--window-size=1280,900",
                    // Keep the page's renderer at full speed: on a busy, emulated machine a
                    // renderer deemed in the background fell silent for minutes.
                    "--disable-renderer-backgrounding",
                    "--disable-background-timer-throttling",
                    "--disable-backgrounding-occluded-windows",
                ],
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                },
            },
        }}});
        let created = browser
            .command("POST", "/session", Some(capabilities))
            .unwrap_or_else(|e| {
                panic!(
                    "chromedriver could not start chromium: {e} (see {})",
                    log_path.display()
                )
            });
        let id = created["sessionId"].as_str().expect("a session id");
        browser.session = format!("{}/session/{id}", browser.session);
        browser
    }

    fn wait_for_driver(&mut self, log: &Path) {
        let t0 = Instant::now();
        loop {
            if let Some(status) = self.driver.try_wait().unwrap() {
                panic!("chromedriver exited with {status}; see {}", log.display());
            }
            if let Ok(status) = self.command("GET", "/status", None) {
                if status["ready"] == true {
                    return;
                }
            }
            assert!(
                t0.elapsed() < PATIENCE,
                "chromedriver did not answer within {PATIENCE:?}; see {}",
                log.display()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One WebDriver command, `GET` or `POST`: `path` is relative to the session (or to
    /// chromedriver before the session exists). Answers the reply's `value`.
    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WdError> {
        let url = format!("{}{path}", self.session);
        let http = |e: ureq::Error| WdError {
            error: "http".into(),
            message: format!("{method} {url}: {e}"),
        };
        let mut response = match method {
            "GET" => self.agent.get(&url).call(),
            _ => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or_else(|| json!({})).to_string()),
        }
        .map_err(http)?;
        let ok = response.status().is_success();
        // Screenshots are a few MiB of base64, over ureq's default limit.
        let text = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .map_err(http)?;
        let mut reply: Value = serde_json::from_str(&text).map_err(|e| WdError {
            error: "http".into(),
            message: format!("{method} {url}: not JSON ({e}): {text}"),
        })?;
        let value = reply["value"].take();
        if ok {
            return Ok(value);
        }
        Err(WdError {
            error: value["error"].as_str().unwrap_or("unknown error").into(),
            message: value["message"].as_str().unwrap_or(&text).into(),
        })
    }

    /// Loads `url`, returning once its document is parsed.
    fn navigate(&self, url: &str) -> Result<(), WdError> {
        self.command("POST", "/url", Some(json!({ "url": url })))
            .map(drop)
    }

    /// The ids of the elements `css` matches now (none is not an error).
    fn find_all(&self, css: &str) -> Result<Vec<String>, WdError> {
        let found = self.command(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )?;
        Ok(found
            .as_array()
            .map(|all| {
                all.iter()
                    .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Runs `op` on the first element `css` matches, finding it again while it is missing,
    /// stale, hidden or covered, for up to [`PATIENCE`]; `what` names the operation if that
    /// runs out.
    fn on_element<T>(
        &self,
        css: &str,
        what: &str,
        mut op: impl FnMut(&str) -> Result<T, WdError>,
    ) -> T {
        let mut last = String::from("no element matches");
        let done = self.poll(PATIENCE, || {
            let result = match self.find_all(css) {
                Ok(ids) if ids.is_empty() => {
                    last = "no element matches".into();
                    return None;
                }
                Ok(ids) => op(&ids[0]),
                Err(e) => Err(e),
            };
            match result {
                Ok(v) => Some(v),
                Err(e) if e.transient() => {
                    last = e.to_string();
                    None
                }
                Err(e) => self.fail(&format!("{what} `{css}`: {e}")),
            }
        });
        done.unwrap_or_else(|| {
            self.fail(&format!(
                "could not {what} `{css}` within {PATIENCE:?}; last: {last}"
            ))
        })
    }

    /// Clicks the element `css` matches (scrolled into view, as a user would).
    pub fn click(&self, css: &str) {
        self.on_element(css, "click", |id| {
            self.command("POST", &format!("/element/{id}/click"), None)
        });
    }

    /// Types `text` into the element `css` matches, after what it holds already.
    pub fn send_keys(&self, css: &str, text: &str) {
        self.on_element(css, "type into", |id| {
            self.command(
                "POST",
                &format!("/element/{id}/value"),
                Some(json!({ "text": text })),
            )
        });
    }

    fn text_of(&self, id: &str) -> Result<String, WdError> {
        let text = self.command("GET", &format!("/element/{id}/text"), None)?;
        Ok(text.as_str().unwrap_or_default().to_string())
    }

    /// The rendered text of the element `css` matches now, if there is one: for probes in
    /// [`Browser::wait_until`].
    pub fn try_text(&self, css: &str) -> Option<String> {
        let id = self.find_all(css).ok()?.into_iter().next()?;
        self.text_of(&id).ok()
    }

    /// The rendered texts of every element `css` matches now.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let mut last = String::new();
        let all = self.poll(PATIENCE, || {
            let texts: Result<Vec<String>, WdError> = self
                .find_all(css)
                .and_then(|ids| ids.iter().map(|id| self.text_of(id)).collect());
            texts.map_err(|e| last = e.to_string()).ok()
        });
        all.unwrap_or_else(|| self.fail(&format!("could not read `{css}`: {last}")))
    }

    /// An attribute of the element `css` matches, as the page's markup has it.
    pub fn attribute(&self, css: &str, name: &str) -> Option<String> {
        self.on_element(css, &format!("read attribute {name} of"), |id| {
            let value = self.command("GET", &format!("/element/{id}/attribute/{name}"), None)?;
            Ok(value.as_str().map(str::to_string))
        })
    }

    /// An attribute of the element `css` matches now, if there is one and it has it: for
    /// probes in [`Browser::wait_until`].
    pub fn try_attribute(&self, css: &str, name: &str) -> Option<String> {
        let id = self.find_all(css).ok()?.into_iter().next()?;
        let value = self
            .command("GET", &format!("/element/{id}/attribute/{name}"), None)
            .ok()?;
        value.as_str().map(str::to_string)
    }

    /// A DOM property of the element `css` matches (e.g. a textarea's current `value`).
    pub fn property(&self, css: &str, name: &str) -> Value {
        self.on_element(css, &format!("read property {name} of"), |id| {
            self.command("GET", &format!("/element/{id}/property/{name}"), None)
        })
    }

    /// Whether the element `css` matches now is shown (false when there is none).
    pub fn is_displayed(&self, css: &str) -> bool {
        let Some(id) = self
            .find_all(css)
            .ok()
            .and_then(|ids| ids.into_iter().next())
        else {
            return false;
        };
        self.command("GET", &format!("/element/{id}/displayed"), None)
            .map(|shown| shown == true)
            .unwrap_or(false)
    }

    /// Polls `probe` every 100 ms until it answers something, for up to `timeout`; then
    /// fails, saying it waited for `what`.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        probe: impl FnMut() -> Option<T>,
    ) -> T {
        self.poll(timeout, probe)
            .unwrap_or_else(|| self.fail(&format!("waited {timeout:?} for {what}, in vain")))
    }

    fn poll<T>(&self, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
        let t0 = Instant::now();
        loop {
            if let Some(v) = probe() {
                return Some(v);
            }
            if t0.elapsed() >= timeout {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Saves what the window shows as a PNG file.
    pub fn screenshot(&self, path: &Path) {
        let png = self
            .screenshot_png()
            .unwrap_or_else(|e| panic!("screenshot: {e}"));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    fn screenshot_png(&self) -> Result<Vec<u8>, WdError> {
        let encoded = self.command("GET", "/screenshot", None)?;
        let png = base64_decode(encoded.as_str().unwrap_or_default());
        if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err(WdError {
                error: "screenshot".into(),
                message: "the screenshot is not a PNG image".into(),
            });
        }
        Ok(png)
    }

    /// Panics with `message`, the page's visible text and a screenshot of it (both best effort:
    /// the browser may be what failed).
    pub fn fail(&self, message: &str) -> ! {
        let n = self.failures.get() + 1;
        self.failures.set(n);
        let shot = self.artifacts.join(format!("failure-{n}.png"));
        let saved = match self.screenshot_png() {
            Ok(png) if std::fs::write(&shot, &png).is_ok() => {
                format!("screenshot: {}", shot.display())
            }
            _ => "no screenshot".into(),
        };
        let page = self
            .command(
                "POST",
                "/execute/sync",
                Some(
                    json!({"script": "return document.body ? document.body.innerText : ''",
                            "args": []}),
                ),
            )
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let page: String = page.chars().take(3000).collect();
        panic!("{message}\n({saved}; the page reads:)\n{page}");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session closes chromium; a hung one is not waited for long.
        if self.session.contains("/session/") {
            let _ = self
                .agent
                .delete(&self.session)
                .config()
                .timeout_global(Some(Duration::from_secs(30)))
                .build()
                .call();
        }
        // Then chromedriver and whatever is left of chromium: the process group it leads.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (WebDriver's screenshots) to bytes; padding and whitespace are skipped.
fn base64_decode(text: &str) -> Vec<u8> {
    let sextet = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: byte {c:#04x}"),
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        acc = (acc << 6 | u32::from(sextet(c))) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
