//! The API's plain paths against a real daemon: a task created, listed, changed, run and
//! deleted; the dataset browser; the event stream; a run in progress and what it refuses.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::json;

use super::checks::{Schema, OPENAPI};
use super::client::Api;
use super::events::Events;
use super::fixtures::{assert_error, definition, now, with_defaults, Pools};
use crate::helpers::*;
use crate::served::Served;

/// The seed's flow over the API: create a task with two sources (defaults filled in), list,
/// read, change, start (202, then the run is polled to its end), the runs newest first, one
/// run, its log and the log's download, then delete, which releases the holds.
pub fn a_task_is_created_listed_changed_run_and_deleted_through_the_api() {
    let p = Pools::new("apip", 2 << 20);
    let srv = Served::start("apiplain", &[]);
    let api = Api::new(&srv);
    let target = p.dst.ds("backup");
    let def = definition("t", &[&p.a, &p.b], &target);

    let created = api.create(&def);
    let want = with_defaults(&def);
    for (field, value) in want.as_object().unwrap() {
        assert_eq!(&created[field], value, "{field} in {created}");
    }
    assert_eq!(created["state"], "pending", "{created}");
    assert!(created["last_run"].is_null(), "{created}");
    assert!(created["error"].is_null(), "{created}");
    let created_at = created["created"].as_u64().expect("created");
    assert!(created_at.abs_diff(now()) < 120, "{created}");
    let next = created["next_run"]
        .as_u64()
        .expect("a cron task's next_run");
    assert!(next > now(), "{created}");

    assert_eq!(api.task_names(), ["t"]);
    let read = api.task("t");
    assert_eq!(read, created, "GET answers what POST did");

    // PUT replaces the definition; another name in the body is refused.
    let mut changed = def.clone();
    changed["retention"] = json!("1w");
    let put = api.send("PUT", "/api/v1/tasks/t", &changed).expect(200);
    assert_eq!(put["retention"], "1w", "{put}");
    assert_eq!(put["source_datasets"], def["source_datasets"], "{put}");
    let mut renamed = changed.clone();
    renamed["name"] = json!("other");
    let refused = api.send("PUT", "/api/v1/tasks/t", &renamed);
    assert_error(&refused, 400, "invalid", Some("name"));
    assert_eq!(api.task("t")["retention"], "1w");
    assert_eq!(api.task_names(), ["t"], "the task was not renamed");

    // Start: 202 at once, the run goes on in the daemon.
    let n = api.start("t", None);
    assert_eq!(n, 1);
    let run = api.finished("t", 1);
    assert_eq!(run["task"], "t");
    assert_eq!(run["number"], 1);
    assert!(run["bytes_done"].as_u64().unwrap() > 3 << 20, "{run}");
    assert!(run["bytes_total"].as_u64().unwrap() > 0, "{run}");
    let percent = run["percent"].as_f64().expect("percent of a finished run");
    assert!((90.0..=110.0).contains(&percent), "{run}");
    assert!(run["ended"].as_u64().is_some(), "{run}");
    assert!(run["error"].is_null(), "{run}");
    assert_eq!(run["would_destroy"], json!([]), "{run}");
    assert_eq!(run["log_href"], "/api/v1/tasks/t/runs/1/log");
    let snap = run["snapshot"].as_str().expect("snapshot").to_string();
    let datasets = run["datasets"].as_array().unwrap();
    assert_eq!(datasets.len(), 2, "{run}");
    for (src, dst) in [(&p.a, format!("{target}/a")), (&p.b, format!("{target}/b"))] {
        let d = datasets
            .iter()
            .find(|d| d["source"] == **src)
            .unwrap_or_else(|| panic!("{src} not in {run}"));
        assert_eq!(d["destination"], dst, "{run}");
        assert!(d["bytes"].as_u64().unwrap() > 1 << 20, "{run}");
        assert_eq!(d["snapshots"], 1, "{run}");
        assert_eq!(d["mode"], "full", "{run}");
        assert!(d["error"].is_null(), "{run}");
        assert_same_snapshots(src, &dst);
        assert_eq!(holds(&format!("{src}@{snap}")), ["zsplice:t"]);
    }

    // A second run (with the body `{}` this time); the runs come newest first.
    next_second();
    write_file(&mounted(&p.a).join("g"), 9, 256 << 10);
    assert_eq!(api.start("t", Some(&json!({}))), 2);
    let second = api.finished("t", 2);
    let a_share = second["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == *p.a)
        .unwrap_or_else(|| panic!("{second}"));
    assert_eq!(a_share["mode"], "incremental", "{second}");
    let runs = api.get("/api/v1/tasks/t/runs").expect(200);
    let numbers: Vec<u64> = runs["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 1], "{runs}");
    assert_eq!(
        runs["runs"][1],
        api.get("/api/v1/tasks/t/runs/1").expect(200)
    );
    let task = api.task("t");
    assert_eq!(task["state"], "finished", "{task}");
    assert_eq!(task["last_run"]["number"], 2, "{task}");

    // The log, shown and downloaded.
    let log = api.get("/api/v1/tasks/t/runs/1/log");
    assert_eq!(log.status, 200, "{log}");
    assert_eq!(log.media_type(), "text/plain", "{log}");
    assert!(
        log.header("content-type")
            .unwrap()
            .to_ascii_lowercase()
            .contains("charset=utf-8"),
        "{log}"
    );
    assert!(log.header("content-disposition").is_none(), "{log}");
    assert!(log.body.contains("finished"), "{log}");
    assert!(log.body.contains(&p.a), "{log}");
    let download = api.get("/api/v1/tasks/t/runs/1/log?download=1");
    assert_eq!(download.status, 200, "{download}");
    assert_eq!(download.media_type(), "text/plain");
    assert_eq!(
        download.header("content-disposition"),
        Some("attachment; filename=\"zsplice-t-run-1.log\"")
    );
    assert_eq!(download.body, log.body);
    let download2 = api.get("/api/v1/tasks/t/runs/2/log?download=1");
    assert_eq!(
        download2.header("content-disposition"),
        Some("attachment; filename=\"zsplice-t-run-2.log\""),
        "{download2}"
    );

    // Delete: the holds go with the task.
    let snap2 = second["snapshot"].as_str().unwrap();
    let held: Vec<String> = [&p.a, &p.b]
        .iter()
        .map(|s| format!("{s}@{snap2}"))
        .collect();
    for s in &held {
        assert_eq!(holds(s), ["zsplice:t"], "{s}");
    }
    let deleted = api.delete("/api/v1/tasks/t").expect(200);
    assert_eq!(
        deleted,
        json!({"deleted": "t", "unreleased_holds": []}),
        "{deleted}"
    );
    for s in &held {
        assert!(holds(s).is_empty(), "{s} still held");
    }
    assert_error(&api.get("/api/v1/tasks/t"), 404, "not_found", None);
    assert_eq!(api.task_names(), Vec::<String>::new());
    api.assert_no_state_path(&srv.state.0);
}

/// The wizard's dataset browser: every pool's filesystems and volumes, parents first, with
/// used bytes and snapshot counts; `?under=` narrows to a subtree; an unknown one is 404, one
/// that is not a dataset name 400.
pub fn the_dataset_browser_lists_every_pool_and_narrows_to_a_subtree() {
    let p = Pools::new("apids", 1 << 20);
    let child = format!("{}/child", p.a);
    run("zfs", &["create", &child]);
    let vol = p.src.ds("vol");
    run("zfs", &["create", "-V", "8M", &vol]);
    for s in ["s1", "s2"] {
        run("zfs", &["snapshot", &format!("{}@{s}", p.a)]);
    }
    let srv = Served::start("apids", &[]);
    let api = Api::new(&srv);

    let all = api.get("/api/v1/datasets").expect(200);
    let list = all["datasets"].as_array().unwrap();
    let names: Vec<&str> = list.iter().map(|d| d["name"].as_str().unwrap()).collect();
    let at = |name: &str| {
        names
            .iter()
            .position(|n| *n == name)
            .unwrap_or_else(|| panic!("{name} not in {all}"))
    };
    for (parent, kid) in [
        (p.src.name.as_str(), p.a.as_str()),
        (&p.a, &child),
        (&p.src.name, &p.b),
        (&p.src.name, &vol),
    ] {
        assert!(at(parent) < at(kid), "{parent} before {kid}: {names:?}");
    }
    at(&p.dst.name);
    assert!(names.iter().all(|n| !n.contains('@')), "{names:?}");
    let entry = |name: &str| list[at(name)].clone();
    let a = entry(&p.a);
    assert_eq!(a["type"], "filesystem", "{a}");
    assert_eq!(a["snapshots"], 2, "{a}");
    assert!(a["used"].as_u64().unwrap() >= 1 << 20, "{a}");
    assert_eq!(entry(&vol)["type"], "volume");
    assert_eq!(entry(&p.b)["snapshots"], 0);

    let under = api
        .get(&format!("/api/v1/datasets?under={}", p.a))
        .expect(200);
    let names: Vec<&str> = under["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [p.a.as_str(), child.as_str()], "{under}");
    let pool = api
        .get(&format!("/api/v1/datasets?under={}", p.src.name))
        .expect(200);
    let names: BTreeSet<&str> = pool["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    let want = BTreeSet::from([
        p.src.name.as_str(),
        p.a.as_str(),
        child.as_str(),
        p.b.as_str(),
        vol.as_str(),
    ]);
    assert_eq!(names, want, "{pool}");
    // A valid name that is not there is 404 (a space is valid in a ZFS name); a name that
    // cannot be one is 400, naming the parameter.
    for missing in [
        format!("{}/nope", p.a),
        "nopool".to_string(),
        "bad%20name".to_string(),
    ] {
        let answer = api.get(&format!("/api/v1/datasets?under={missing}"));
        assert_error(&answer, 404, "not_found", None);
    }
    for bad in ["bad@name", "%2Fabs", "a//b", "1pool", "a%2F..", "a%23b"] {
        let answer = api.get(&format!("/api/v1/datasets?under={bad}"));
        assert_error(&answer, 400, "invalid", Some("under"));
    }
    api.assert_no_state_path(&srv.state.0);
}

/// `/api/v1/events`: on connect one `task` event per task, then the task as its run moves
/// (a `once` task, which the daemon starts by itself), then `deleted` when it goes.
pub fn the_event_stream_sends_every_task_then_each_change_and_each_deletion() {
    let p = Pools::new("apiev", 0);
    write_random(&mounted(&p.a).join("big"), 64 << 20);
    run("sync", &[]);
    let srv = Served::start("apievents", &[]);
    let api = Api::new(&srv);
    let schema = Schema::new(serde_json::from_str(OPENAPI).unwrap());
    api.create(&definition("quiet", &[&p.b], &p.dst.ds("b")));

    let mut events = Events::open(&api);
    let first = events.until("the quiet task", Duration::from_secs(30), |e, v| {
        e == "task" && v["name"] == "quiet"
    });
    schema.assert_fits("Task", &first);
    assert_eq!(first["state"], "pending", "{first}");
    assert_eq!(first["source_datasets"], json!([p.b]), "{first}");

    // A task with the default schedule (`once`): the daemon starts it by itself.
    let def = json!({"name": "t", "source_datasets": [p.a], "target_dataset": p.dst.ds("a")});
    api.create(&def);
    let mut states = Vec::new();
    let done = events.until("task t finished", Duration::from_secs(180), |e, v| {
        if e == "task" && v["name"] == "t" {
            states.push(v["state"].as_str().unwrap_or("").to_string());
            return v["state"] == "finished";
        }
        false
    });
    schema.assert_fits("Task", &done);
    assert!(
        states.iter().any(|s| s == "running"),
        "the run was seen running before it finished: {states:?}"
    );
    assert_eq!(done["last_run"]["state"], "finished", "{done}");
    assert_eq!(done["last_run"]["number"], 1, "{done}");
    assert!(done["next_run"].is_null(), "a once task that ran: {done}");
    assert_same_snapshots(&p.a, &p.dst.ds("a"));

    api.delete("/api/v1/tasks/t").expect(200);
    let gone = events.until("the deleted event", Duration::from_secs(30), |e, _| {
        e == "deleted"
    });
    assert_eq!(gone, json!({"name": "t"}));
    api.assert_no_state_path(&srv.state.0);
}

/// While a run moves: its progress (bytes, estimate, rate, percent, ETA) is reported; a
/// second start answers the run already going, and a start asking for a re-copy, a change and
/// a delete are refused with 409, changing nothing.
pub fn a_running_task_reports_progress_and_cannot_be_started_changed_or_deleted() {
    let p = Pools::new("apirun", 0);
    write_random(&mounted(&p.a).join("big"), 192 << 20);
    run("sync", &[]);
    let srv = Served::start("apirunning", &[]);
    let api = Api::new(&srv);
    let def = definition("t", &[&p.a], &p.dst.ds("a"));
    api.create(&def);
    let n = api.start("t", None);
    // Moving, and its one dataset not done yet.
    let running = api.wait_run("t", n, Duration::from_secs(120), "moving", |r| {
        r["state"] == "running"
            && r["bytes_done"].as_u64().unwrap_or(0) > 0
            && r["datasets"].as_array().is_some_and(|d| d.is_empty())
    });
    assert!(running["ended"].is_null(), "{running}");
    let total = running["bytes_total"].as_u64().unwrap();
    assert!(total >= 150 << 20, "the estimate: {running}");
    let percent = running["percent"].as_f64().expect("percent while running");
    assert!((0.0..100.0).contains(&percent), "{running}");
    assert!(running["rate"].as_u64().is_some(), "{running}");
    assert!(
        running["eta_seconds"].is_null() || running["eta_seconds"].as_u64().is_some(),
        "{running}"
    );
    // Per dataset: the one being sent, with its own bytes and estimate.
    let sending = running["in_flight"]
        .as_array()
        .expect("in_flight while running");
    assert_eq!(sending.len(), 1, "{running}");
    assert_eq!(sending[0]["source"], p.a.as_str(), "{running}");
    assert_eq!(
        sending[0]["destination"],
        p.dst.ds("a").as_str(),
        "{running}"
    );
    assert!(
        sending[0]["bytes_total"].as_u64().unwrap() >= 150 << 20,
        "{running}"
    );
    assert!(sending[0]["bytes"].as_u64().is_some(), "{running}");
    assert_eq!(running["transfers"], 1, "{running}");
    let task = api.task("t");
    assert_eq!(task["state"], "running", "{task}");
    assert_eq!(task["last_run"]["state"], "running", "{task}");

    // Started again while it runs in this daemon: the answer is the run already going
    // (docs/api.md); asking for a re-copy now is a conflict.
    assert_eq!(api.start("t", None), n, "the run already going");
    let msg = assert_error(
        &api.send(
            "POST",
            "/api/v1/tasks/t/start",
            &json!({"allow_from_scratch": true}),
        ),
        409,
        "conflict",
        None,
    );
    assert!(msg.contains("running"), "{msg}");
    let mut changed = def.clone();
    changed["retention"] = json!("1w");
    assert_error(
        &api.send("PUT", "/api/v1/tasks/t", &changed),
        409,
        "conflict",
        None,
    );
    assert_error(&api.delete("/api/v1/tasks/t"), 409, "conflict", None);
    let after = api.task("t");
    assert_eq!(after["retention"], "none", "nothing changed: {after}");
    let runs = api.get("/api/v1/tasks/t/runs").expect(200);
    assert_eq!(runs["runs"].as_array().unwrap().len(), 1, "{runs}");

    // Progress on the way, then the end.
    let later = api.wait_run("t", n, Duration::from_secs(300), "further along", |r| {
        r["state"] != "running"
            || r["bytes_done"].as_u64().unwrap_or(0) > running["bytes_done"].as_u64().unwrap()
    });
    if later["state"] == "running" {
        assert!(later["rate"].as_u64().unwrap() > 0, "{later}");
        assert!(
            later["eta_seconds"].as_u64().is_some(),
            "an ETA at a known rate: {later}"
        );
    }
    let run = api.finished("t", n);
    assert!(
        run.get("in_flight").is_none(),
        "nothing in flight once ended: {run}"
    );
    assert_eq!(run["transfers"], 0, "{run}");
    assert_same_snapshots(&p.a, &p.dst.ds("a"));
    assert!(
        run["eta_seconds"].is_null() || run["eta_seconds"] == 0,
        "{run}"
    );
    api.delete("/api/v1/tasks/t").expect(200);
    api.assert_no_state_path(&srv.state.0);
}
