//! The web UI in a real browser: Debian's headless chromium, driven through chromedriver
//! (`webdriver.rs`), plays the seed's flow against `zsplice daemon --listen` on real pools, by
//! the element ids docs/api.md fixes for the UI. A screenshot of each step is kept in
//! `$ZSPLICE_ARTIFACT_DIR/browser/` (scripts/guest-run.sh copies it back to the host's
//! `target/test-artifacts/`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::helpers::{
    assert_same_snapshots, mounted, run, snapshot_guids, write_file, write_random, TestPool,
};
use crate::served::Served;
use crate::webdriver::Browser;

/// How long a run may take in the emulated guest before the test gives up on it.
const RUN_TIMEOUT: Duration = Duration::from_secs(600);

/// A user enters the daemon's access token when the page asks, adds a task with two sources
/// through the wizard (Esc leaves it; each dataset tree is one Tab stop) and presses START
/// REPLICATION, sees it run and finish, presses Run now in the same minute and reads why
/// nothing started, reads and downloads its log; after the destination diverged, sees the next
/// run refused with the snapshots a re-copy would destroy, confirms a copy from scratch, and
/// sees that finish.
pub fn a_user_in_chromium_adds_a_task_reads_its_log_and_confirms_a_recopy() {
    let (src, dst) = (TestPool::new("wbs"), TestPool::new("wbd"));
    let (big, small) = (src.ds("big"), src.ds("small"));
    run("zfs", &["create", &big]);
    run("zfs", &["create", &small]);
    // Big enough that the page likely shows the run going (the guest moves some tens of MiB/s).
    write_random(&mounted(&big).join("random.bin"), 320 << 20);
    write_file(&mounted(&small).join("f.bin"), 5, 4 << 20);
    run("sync", &[]);
    let backup = dst.ds("backup");
    let (big_copy, small_copy) = (format!("{backup}/big"), format!("{backup}/small"));

    let served = Served::start("browser", &[]);
    let shots = Shots::new();
    let downloads = tempfile::tempdir().unwrap();
    let task = "seed";
    let row = format!("tr[data-task=\"{task}\"]");
    let badge = format!("{row} a.state");

    // The task list, empty.
    let t0 = Instant::now();
    let browser = Browser::open(&served.url("/"), downloads.path(), &shots.dir);
    println!(
        "browser: chromium started and loaded the page in {:.0?}",
        t0.elapsed()
    );
    // Every TCP listener wants a token: the page asks for the one the daemon made, as a user
    // copies it from `sudo cat /var/lib/zsplice/http-token`.
    let token = served.token.clone().expect("the daemon made its token");
    browser.wait_until("the token prompt, dialog#token-dialog", PATIENCE, || {
        browser
            .try_text("dialog#token-dialog[open]")
            .filter(|t| t.contains("http-token"))
    });
    shots.take(&browser, "00-token");
    browser.send_keys("#token-input", &token);
    browser.click("#token-ok");
    browser.wait_until("the task list with its Add button", PATIENCE, || {
        // `#loading` is the UI's own "Loading tasks…" line: no contract, so only waited out.
        (browser.is_displayed("#add-task") && !browser.is_displayed("#loading")).then_some(())
    });
    browser.wait_until(
        "the live updates (the event stream, with the token)",
        PATIENCE,
        || browser.try_text("#live").filter(|l| l.trim() == "live"),
    );
    shots.take(&browser, "01-task-list");

    // The wizard: each dataset tree is one Tab stop, the arrow keys move within it; Esc
    // leaves the wizard.
    browser.click("#add-task");
    let stop = "#source-tree input[type=checkbox][tabindex=\"0\"]";
    let first = browser.wait_until("the source tree's Tab stop", PATIENCE, || {
        browser.try_attribute(stop, "data-dataset")
    });
    assert_eq!(browser.texts(stop).len(), 1, "one Tab stop in #source-tree");
    browser.send_keys(stop, ARROW_DOWN);
    let second = browser.wait_until("ArrowDown to move the Tab stop", PATIENCE, || {
        browser
            .try_attribute(stop, "data-dataset")
            .filter(|d| *d != first)
    });
    assert_eq!(
        browser.texts(stop).len(),
        1,
        "still one Tab stop, now {second}"
    );
    browser.send_keys("#f-name", ESCAPE);
    browser.wait_until("Esc to leave the wizard", PATIENCE, || {
        (!browser.is_displayed("#wizard") && browser.is_displayed("#add-task")).then_some(())
    });

    // Two sources ticked in the dataset tree, the destination typed.
    browser.click("#add-task");
    browser.send_keys("#f-name", task);
    for ds in [&big, &small] {
        browser.click(&format!(
            "#source-tree input[type=checkbox][data-dataset=\"{ds}\"]"
        ));
    }
    let sources = browser.property("#f-sources", "value");
    assert_eq!(
        sources.as_str().map(|s| s.lines().collect::<Vec<_>>()),
        Some(vec![big.as_str(), small.as_str()]),
        "ticking two datasets in #source-tree lists them in #f-sources"
    );
    browser.send_keys("#f-target", &backup);
    assert_eq!(
        browser.property("#f-schedule-preset", "value"),
        "once",
        "a new task runs once by default"
    );
    shots.take(&browser, "02-wizard");
    browser.click("#start-replication");

    // Running, then finished. Whether the page showed "running" depends on how fast the guest
    // copies: it is recorded, not required.
    let saw_running = wait_for_state(&browser, &served, task, 1, "finished", |text| {
        shots.take(&browser, "03-running");
        println!("browser: the page showed run 1 as '{text}'");
    });
    if !saw_running {
        println!("browser: run 1 finished before the page showed it running");
    }
    let finished_minute = minute();
    if let Some(notice) = browser.try_text("#notice").filter(|n| !n.trim().is_empty()) {
        println!("browser: notice after START REPLICATION: {notice}");
    }
    println!(
        "browser: live updates: {}",
        browser.try_text("#live").unwrap_or_default()
    );
    assert_same_snapshots(&big, &big_copy);
    assert_same_snapshots(&small, &small_copy);
    shots.take(&browser, "04-finished");

    // The state opens the run's log.
    browser.click(&badge);
    let log = browser.wait_until("run 1's log in #log", PATIENCE, || {
        browser
            .try_text("#log")
            .filter(|log| log.contains("run 1 finished"))
    });
    shots.take(&browser, "05-log");

    // Download it: the file arrives with the log's content.
    let href = browser
        .attribute("#log-download", "href")
        .unwrap_or_default();
    assert!(
        href.ends_with(&format!("/api/v1/tasks/{task}/runs/1/log?download=1")),
        "#log-download links to the download: {href}"
    );
    browser.click("#log-download");
    let file = downloads.path().join(format!("zsplice-{task}-run-1.log"));
    let downloaded = browser.wait_until(
        &format!("the download of {}", file.display()),
        PATIENCE,
        || {
            // Chromium writes a .crdownload file and renames it when complete.
            let partial = std::fs::read_dir(downloads.path()).unwrap().any(|e| {
                e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".crdownload")
            });
            std::fs::read_to_string(&file).ok().filter(|_| !partial)
        },
    );
    assert_eq!(
        downloaded.trim_end(),
        log.trim_end(),
        "the downloaded log is the log the page shows"
    );
    assert_eq!(
        downloaded,
        api_text(&served, &format!("/api/v1/tasks/{task}/runs/1/log")),
        "the downloaded log is the daemon's log of run 1"
    );
    std::fs::write(shots.dir.join(file.file_name().unwrap()), &downloaded).unwrap();
    shots.take(&browser, "06-log-downloaded");
    browser.click("#log-close");

    // The destination diverges: a snapshot the source lacks.
    let made_here = format!("{small_copy}@made-here");
    run("zfs", &["snapshot", &made_here]);
    let mut would_destroy: Vec<String> = snapshot_guids(&small_copy)
        .into_keys()
        .map(|snap| format!("{small_copy}@{snap}"))
        .collect();
    would_destroy.sort();
    // The default naming schema names snapshots by the minute, and a second run in the minute
    // of the first would copy nothing new (refused, 409): wait as a user would.
    while minute() == finished_minute {
        std::thread::sleep(Duration::from_millis(500));
    }
    browser.click(&format!("{row} button.run-now"));
    wait_for_state(&browser, &served, task, 2, "refused", |_| {});
    shots.take(&browser, "07-refused");

    // The refused run lists what a re-copy would destroy, by full name.
    browser.click(&badge);
    let listed = browser.wait_until("#refusal listing the snapshots", PATIENCE, || {
        let mut listed = browser.texts("#refusal li.would-destroy");
        listed.sort();
        Some(listed).filter(|l| !l.is_empty())
    });
    assert_eq!(
        listed, would_destroy,
        "#refusal lists every snapshot of the diverged destination"
    );
    assert!(browser.is_displayed("#refusal"), "#refusal is shown");
    shots.take(&browser, "08-refusal");

    // Copy from scratch, behind a confirmation that repeats the list.
    browser.click("#copy-from-scratch");
    let dialog = browser.wait_until("dialog#confirm-recopy to open", PATIENCE, || {
        browser
            .try_text("dialog#confirm-recopy[open]")
            .filter(|t| !t.is_empty())
    });
    for snap in &would_destroy {
        assert!(
            dialog.contains(snap.as_str()),
            "the confirmation repeats {snap}: {dialog}"
        );
    }
    shots.take(&browser, "09-confirm-recopy");
    browser.click("#confirm-recopy-yes");
    browser.wait_until("the re-copy's run (3) to be shown", PATIENCE, || {
        browser
            .try_text("#log-view")
            .filter(|t| t.contains("run 3"))
    });
    shots.take(&browser, "10-recopy-run");
    browser.click("#log-close");
    wait_for_state(&browser, &served, task, 3, "finished", |_| {});
    assert_same_snapshots(&big, &big_copy);
    assert_same_snapshots(&small, &small_copy);
    let left = snapshot_guids(&small_copy);
    assert!(
        !left.contains_key("made-here"),
        "the re-copy destroyed {made_here}: {left:?}"
    );
    shots.take(&browser, "11-recopied");

    // Run now in the minute a run already copied the snapshot the naming schema gives: a small
    // task (made and run through the API, early in a minute), then its Run now in the page.
    // The daemon starts nothing (409); the page says which run copied it, with no word of a
    // run started.
    let quick = "quick";
    let quick_row = format!("tr[data-task=\"{quick}\"]");
    let definition = serde_json::json!({
        "name": quick, "source_datasets": [small], "target_dataset": dst.ds("quick"),
        "schedule": "0 0 1 1 *",
    });
    api_send(&served, "POST", "/api/v1/tasks", &definition);
    browser.wait_until("the new task's row", PATIENCE, || {
        browser.is_displayed(&quick_row).then_some(())
    });
    let mut tried = false;
    for attempt in 1..=3 {
        while seconds() % 60 > 10 {
            std::thread::sleep(Duration::from_millis(250));
        }
        let minute_of_run = minute();
        let started = api_send(
            &served,
            "POST",
            &format!("/api/v1/tasks/{quick}/start"),
            &serde_json::json!({}),
        );
        let n = started["run"].as_u64().unwrap();
        wait_for_state(&browser, &served, quick, n, "finished", |_| {});
        if minute() != minute_of_run || seconds() % 60 > 50 {
            println!("browser: try {attempt}: run {n} of {quick} ended too late in its minute");
            // A new minute: the next run copies something new again.
            while minute() == minute_of_run {
                std::thread::sleep(Duration::from_millis(250));
            }
            continue;
        }
        browser.click(&format!("{quick_row} button.run-now"));
        let notice = browser.wait_until(
            "#notice to say why Run now started nothing",
            PATIENCE,
            || {
                browser
                    .try_text("#notice")
                    .filter(|t| t.contains("already ran"))
            },
        );
        println!("browser: Run now in the same minute: {notice}");
        assert!(notice.contains(&format!("run {n}")), "{notice}");
        let status = browser.try_text("#status").unwrap_or_default();
        assert!(
            !(status.contains(quick) && status.contains("started")),
            "no word of a run started: {status}"
        );
        let runs = api_text(&served, &format!("/api/v1/tasks/{quick}/runs"));
        assert_eq!(
            runs.matches("\"number\"").count(),
            n as usize,
            "no run added: {runs}"
        );
        shots.take(&browser, "12-run-now-same-minute");
        tried = true;
        break;
    }
    assert!(
        tried,
        "three runs of a 4 MiB task each ended past their minute"
    );
    println!("browser: screenshots in {}", shots.dir.display());
}

/// How long the test waits for the page to follow a click.
const PATIENCE: Duration = crate::webdriver::PATIENCE;

/// Waits until the task's state badge shows run `number` in state `want`, and answers whether
/// it read running on the way; `on_running` is called then, once, with the badge's text. A run
/// that ends in another state fails the test at once, with its record from the API.
fn wait_for_state(
    browser: &Browser,
    served: &Served,
    task: &str,
    number: u64,
    want: &str,
    mut on_running: impl FnMut(&str),
) -> bool {
    let badge = format!("tr[data-task=\"{task}\"] a.state");
    let link = format!("/api/v1/tasks/{task}/runs/{number}/log");
    let mut saw_running = false;
    let t0 = Instant::now();
    browser.wait_until(
        &format!("the state of run {number} of task {task} to read {want} in `{badge}`"),
        RUN_TIMEOUT,
        || {
            // The link says which run the badge shows; read before and after its text, so
            // that the text is of that run and not of the one before, replaced meanwhile.
            let href = || browser.try_attribute(&badge, "href").unwrap_or_default();
            let before = href();
            let text = browser.try_text(&badge)?;
            if !before.ends_with(&link) || href() != before {
                return None;
            }
            let state = text.split_whitespace().next().unwrap_or_default();
            if state == want {
                return Some(());
            }
            if state == "running" && !saw_running {
                saw_running = true;
                on_running(&text);
            }
            if ["finished", "failed", "refused", "interrupted"].contains(&state) {
                let record = api_text(served, &format!("/api/v1/tasks/{task}/runs/{number}"));
                browser.fail(&format!(
                    "run {number} of {task} ended {state}, not {want}: {record}"
                ));
            }
            None
        },
    );
    println!(
        "browser: run {number} read {want} after {:.0?}",
        t0.elapsed()
    );
    saw_running
}

/// `method path` with `body` as JSON, to the daemon's API (with its token), which must
/// succeed; the answer.
fn api_send(
    served: &Served,
    method: &str,
    path: &str,
    body: &serde_json::Value,
) -> serde_json::Value {
    let url = served.url(path);
    let request = ureq::http::Request::builder()
        .method(method)
        .uri(&url)
        .header("Authorization", served.bearer())
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .unwrap();
    let mut answer = ureq::run(request).unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let text = answer.body_mut().read_to_string().unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {url}: {e}: {text}"))
}

/// A GET of the daemon's API (with its token) that must succeed, as text.
fn api_text(served: &Served, path: &str) -> String {
    let url = served.url(path);
    ureq::get(&url)
        .header("Authorization", served.bearer())
        .call()
        .and_then(|mut r| r.body_mut().read_to_string())
        .unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

/// The minute since the epoch, as the default naming schema counts them.
fn minute() -> u64 {
    seconds() / 60
}

fn seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// WebDriver's codes for keys (W3C WebDriver, "Keyboard actions").
const ESCAPE: &str = "\u{E00C}";
const ARROW_DOWN: &str = "\u{E015}";

/// The screenshots of one test, in `$ZSPLICE_ARTIFACT_DIR/browser/` (by default
/// `target/test-artifacts/browser/` in the repository), emptied first so no stale one stays.
struct Shots {
    dir: PathBuf,
}

impl Shots {
    fn new() -> Shots {
        let root = std::env::var_os("ZSPLICE_ARTIFACT_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts"));
        let dir = root.join("browser");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        Shots { dir }
    }

    fn take(&self, browser: &Browser, step: &str) {
        browser.screenshot(&self.dir.join(format!("{step}.png")));
    }
}
