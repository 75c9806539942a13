//! What the daemon publishes, checked against real answers: `/metrics` after runs, and the
//! OpenAPI document against every operation it describes.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::checks::{check_exposition, sample, try_sample, Schema, OPENAPI};
use super::client::{Answer, Api};
use super::events::open_events;
use super::fixtures::{
    assert_error, defaults, definition, now, put_state_file, Pools, DEFINITION_FIELDS, MANUAL,
};
use crate::helpers::*;
use crate::served::Served;

/// `/metrics` after runs: Prometheus text, every name `zsplice_`-prefixed with HELP and TYPE;
/// per task the newest run's state, the last success time, bytes and snapshots replicated
/// (counters, growing), runs by how they ended, errors (a refused run counts).
pub fn metrics_after_runs_report_the_last_success_bytes_and_snapshots_of_each_task() {
    let p = Pools::new("apimet", 1 << 20);
    let srv = Served::start("apimetrics", &[]);
    let api = Api::new(&srv);
    let backup = p.dst.ds("backup");
    api.create(&definition("t", &[&p.a, &p.b], &backup));
    let before = metrics_once(&api, "t", "pending");
    assert_eq!(
        sample(
            &before,
            "zsplice_task_state",
            &[("task", "t"), ("state", "pending")]
        ),
        1.0
    );
    assert!(
        try_sample(
            &before,
            "zsplice_task_last_success_timestamp_seconds",
            &[("task", "t")]
        )
        .is_none(),
        "no success before the first run:\n{before}"
    );
    let t0 = now();
    api.finished("t", api.start("t", None));
    let m = metrics_once(&api, "t", "finished");
    let t = [("task", "t")];
    let success = sample(&m, "zsplice_task_last_success_timestamp_seconds", &t);
    assert!(
        success >= (t0 - 5) as f64 && success <= (now() + 5) as f64,
        "last success {success}, started at {t0}:\n{m}"
    );
    let bytes = sample(&m, "zsplice_task_replicated_bytes_total", &t);
    assert!(bytes > (2 << 20) as f64, "bytes {bytes}:\n{m}");
    let snaps = sample(&m, "zsplice_task_replicated_snapshots_total", &t);
    assert!(
        snaps >= 2.0,
        "two sources, one snapshot each: {snaps}:\n{m}"
    );
    let finished = [("task", "t"), ("state", "finished")];
    assert_eq!(sample(&m, "zsplice_task_runs_total", &finished), 1.0, "{m}");
    assert_eq!(sample(&m, "zsplice_task_run_errors_total", &t), 0.0, "{m}");
    assert_eq!(
        sample(&m, "zsplice_task_transfers_in_flight", &t),
        0.0,
        "{m}"
    );
    assert!(sample(&m, "zsplice_task_last_run_duration_seconds", &t) >= 0.0);

    // A second run: the counters grow.
    next_second();
    write_file(&mounted(&p.a).join("more"), 5, 512 << 10);
    let n = api.start("t", None);
    api.finished("t", n);
    let m2 = metrics_once(&api, "t", "finished");
    let m2 = if sample(&m2, "zsplice_task_runs_total", &finished) < 2.0 {
        std::thread::sleep(Duration::from_secs(3));
        api.get("/metrics").body
    } else {
        m2
    };
    check_exposition(&m2);
    assert_eq!(
        sample(&m2, "zsplice_task_runs_total", &finished),
        2.0,
        "{m2}"
    );
    let bytes2 = sample(&m2, "zsplice_task_replicated_bytes_total", &t);
    assert!(
        bytes2 >= bytes + (512 << 10) as f64,
        "{bytes} then {bytes2}:\n{m2}"
    );
    let snaps2 = sample(&m2, "zsplice_task_replicated_snapshots_total", &t);
    assert!(snaps2 >= snaps + 2.0, "{snaps} then {snaps2}:\n{m2}");
    assert!(sample(&m2, "zsplice_task_last_success_timestamp_seconds", &t) >= success);

    // A refused run: an error, and the last success stays.
    run("zfs", &["snapshot", &format!("{backup}/a@made-here")]);
    next_second();
    let n = api.start("t", None);
    assert_eq!(api.ended("t", n)["state"], "refused");
    let m3 = metrics_once(&api, "t", "refused");
    assert_eq!(
        sample(&m3, "zsplice_task_run_errors_total", &t),
        1.0,
        "{m3}"
    );
    let refused = [("task", "t"), ("state", "refused")];
    assert_eq!(
        sample(&m3, "zsplice_task_runs_total", &refused),
        1.0,
        "{m3}"
    );
    assert_eq!(
        sample(&m3, "zsplice_task_last_success_timestamp_seconds", &t),
        sample(&m2, "zsplice_task_last_success_timestamp_seconds", &t),
        "a refusal is no success"
    );
    api.assert_no_state_path(&srv.state.0);
}

/// `/metrics` once it shows `task`'s newest run in `state` (it is refreshed from the state
/// directory about once a second): checked as Prometheus text.
fn metrics_once(api: &Api, task: &str, state: &str) -> String {
    let t0 = Instant::now();
    loop {
        let m = api.get("/metrics");
        assert_eq!(m.status, 200, "{m}");
        assert_eq!(m.media_type(), "text/plain", "{m}");
        let labels = [("task", task), ("state", state)];
        if try_sample(&m.body, "zsplice_task_state", &labels) == Some(1.0) {
            check_exposition(&m.body);
            return m.body;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(15),
            "/metrics does not show {task} {state} within 15 s:\n{}",
            m.body
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The routes docs/api.md lists.
const ROUTES: [(&str, &str); 14] = [
    ("get", "/api/v1/tasks"),
    ("post", "/api/v1/tasks"),
    ("get", "/api/v1/tasks/{name}"),
    ("put", "/api/v1/tasks/{name}"),
    ("delete", "/api/v1/tasks/{name}"),
    ("post", "/api/v1/tasks/{name}/start"),
    ("get", "/api/v1/tasks/{name}/runs"),
    ("get", "/api/v1/tasks/{name}/runs/{n}"),
    ("get", "/api/v1/tasks/{name}/runs/{n}/log"),
    ("get", "/api/v1/datasets"),
    ("get", "/api/v1/events"),
    ("get", "/api/v1/openapi.json"),
    ("get", "/metrics"),
    ("get", "/"),
];

/// The document the server serves is src/http/openapi.json; it describes every route
/// docs/api.md lists and no other; and for every operation in it, real requests (each
/// success, and the errors each can give) get a status it lists, with a body that fits the
/// schema it gives. Methods a path does not list get 405.
pub fn the_openapi_document_describes_exactly_what_the_server_answers() {
    let p = Pools::new("apioa", 1 << 20);
    let c = p.src.ds("c");
    run("zfs", &["create", &c]);
    let srv = Served::start("apiopenapi", &[]);
    let api = Api::new(&srv);

    // The document itself.
    let served = api.get("/api/v1/openapi.json").expect(200);
    let file: Value = serde_json::from_str(OPENAPI).expect("src/http/openapi.json is JSON");
    assert_eq!(served, file, "the server serves src/http/openapi.json");
    let doc = Schema::new(file);
    assert_eq!(doc.0["openapi"], "3.0.3");
    doc.assert_refs_resolve(&doc.0);
    let routes: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(
        doc.operations(),
        routes,
        "the document lists docs/api.md's routes"
    );
    let scheme = &doc.0["components"]["securitySchemes"]["bearerAuth"];
    assert_eq!(
        (scheme["type"].as_str(), scheme["scheme"].as_str()),
        (Some("http"), Some("bearer"))
    );
    assert_eq!(doc.0["security"], json!([{"bearerAuth": []}]));
    assert_eq!(
        doc.0["paths"]["/"]["get"]["security"],
        json!([]),
        "the page needs no token"
    );
    let definition_schema = &doc.0["components"]["schemas"]["TaskDefinition"];
    assert_eq!(definition_schema["additionalProperties"], false);
    let props = definition_schema["properties"].as_object().unwrap();
    let fields: Vec<&str> = props.keys().map(String::as_str).collect();
    assert_eq!(
        fields.iter().copied().collect::<BTreeSet<_>>(),
        DEFINITION_FIELDS.iter().copied().collect::<BTreeSet<_>>()
    );
    for (field, default) in defaults().as_object().unwrap() {
        assert_eq!(&props[field]["default"], default, "{field}'s default");
    }
    for (method, path) in doc.operations() {
        let op = &doc.0["paths"][&path][&method];
        assert!(op["summary"].is_string(), "{method} {path} has a summary");
        assert!(
            op["operationId"].is_string(),
            "{method} {path} has an operationId"
        );
    }

    // A task with a finished run; another created below; a damaged one (listed, unreadable).
    let exercised = RefCell::new(BTreeSet::new());
    let check = |method: &str, template: &str, answer: &Answer| {
        doc.assert_answer(method, template, answer);
        exercised
            .borrow_mut()
            .insert((method.to_string(), template.to_string()));
    };
    let t = definition("t", &[&p.a, &p.b], &p.dst.ds("backup"));
    doc.assert_fits("TaskDefinition", &t);
    let created = api.send("POST", "/api/v1/tasks", &t);
    assert_eq!(created.status, 201, "{created}");
    check("post", "/api/v1/tasks", &created);
    let n = api.start("t", None);
    api.finished("t", n);
    put_state_file(
        &srv.state.0,
        "tasks/junk.json",
        "{\"name\": \"junk\", garbage",
    );

    let t2 = json!({
        "name": "t2",
        "source_datasets": [c],
        "target_dataset": p.dst.ds("c"),
        "schedule": MANUAL,
    });
    doc.assert_fits("TaskDefinition", &t2);
    let answer = api.send("POST", "/api/v1/tasks", &t2);
    assert_eq!(answer.status, 201, "{answer}");
    check("post", "/api/v1/tasks", &answer);
    for (body, status) in [
        (json!({}), 400),
        (
            json!({"name": "x", "target_dataset": "nopool/x", "source_datasets": [c]}),
            400,
        ),
        (t2.clone(), 0),
    ] {
        let answer = api.send("POST", "/api/v1/tasks", &body);
        if status != 0 {
            assert_eq!(answer.status, status, "{answer}");
        }
        check("post", "/api/v1/tasks", &answer);
    }
    let answer = api.raw(
        "POST",
        "/api/v1/tasks",
        &[("Content-Type", "text/plain")],
        b"{}",
    );
    check("post", "/api/v1/tasks", &answer);

    let list = api.get("/api/v1/tasks");
    check("get", "/api/v1/tasks", &list);
    let tasks = list.expect(200)["tasks"].clone();
    let names: Vec<&str> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["junk", "t", "t2"],
        "sorted by name, the damaged one too"
    );
    let junk = &tasks[0];
    assert_eq!(junk["state"], "unreadable", "{junk}");
    assert!(
        junk["error"]
            .as_str()
            .is_some_and(|e| e.contains("junk.json")),
        "{junk}"
    );

    let task = "/api/v1/tasks/{name}";
    for name in ["t", "nope"] {
        check("get", task, &api.get(&format!("/api/v1/tasks/{name}")));
    }
    check(
        "get",
        task,
        &api.raw("GET", "/api/v1/tasks/..%2Fx", &[], b""),
    );
    let mut changed = t.clone();
    changed["retention"] = json!("1w");
    doc.assert_fits("TaskReplacement", &changed);
    let put = api.send("PUT", "/api/v1/tasks/t", &changed);
    assert_eq!(put.status, 200, "{put}");
    check("put", task, &put);
    let mut unnamed = changed.clone();
    unnamed.as_object_mut().unwrap().remove("name");
    doc.assert_fits("TaskReplacement", &unnamed);
    let put = api.send("PUT", "/api/v1/tasks/t", &unnamed);
    assert_eq!(
        put.status, 200,
        "PUT without a name takes the path's: {put}"
    );
    check("put", task, &put);
    for (path, body) in [
        ("/api/v1/tasks/nope", with_name(&changed, "nope")),
        ("/api/v1/tasks/t", with_name(&changed, "other")),
        ("/api/v1/tasks/t", json!({"name": "t"})),
    ] {
        check("put", task, &api.send("PUT", path, &body));
    }

    let start = "/api/v1/tasks/{name}/start";
    next_second();
    let started = api.call("POST", "/api/v1/tasks/t/start", &[], None);
    assert_eq!(started.status, 202, "{started}");
    check("post", start, &started);
    let second = started.json()["run"].as_u64().unwrap();
    // Without any Content-Length, as `curl -X POST` sends it.
    let running_again = api.raw("POST", "/api/v1/tasks/t/start", &[], b"");
    check("post", start, &running_again);
    api.finished("t", second);
    if running_again.status == 202 {
        api.ended("t", running_again.json()["run"].as_u64().unwrap());
    }
    check(
        "post",
        start,
        &api.call("POST", "/api/v1/tasks/nope/start", &[], None),
    );
    let bad = api.raw(
        "POST",
        "/api/v1/tasks/t/start",
        &[("Content-Type", "application/json")],
        b"[",
    );
    check("post", start, &bad);

    let runs = "/api/v1/tasks/{name}/runs";
    for name in ["t", "t2", "nope", "a%20b"] {
        check(
            "get",
            runs,
            &api.raw("GET", &format!("/api/v1/tasks/{name}/runs"), &[], b""),
        );
    }
    let one = "/api/v1/tasks/{name}/runs/{n}";
    for path in [
        "t/runs/1",
        "t/runs/2",
        "t/runs/999",
        "t/runs/0",
        "nope/runs/1",
    ] {
        check("get", one, &api.get(&format!("/api/v1/tasks/{path}")));
    }
    let log = "/api/v1/tasks/{name}/runs/{n}/log";
    for path in [
        "t/runs/1/log",
        "t/runs/1/log?download=1",
        "t/runs/9/log",
        "t/runs/x/log",
    ] {
        check("get", log, &api.get(&format!("/api/v1/tasks/{path}")));
    }

    let datasets = "/api/v1/datasets";
    for query in [
        String::new(),
        format!("?under={}", p.a),
        format!("?under={}/nope", p.a),
    ] {
        check(
            "get",
            datasets,
            &api.get(&format!("/api/v1/datasets{query}")),
        );
    }
    let listed = api.get("/api/v1/datasets").expect(200);
    doc.assert_fits("DatasetList", &listed);

    let (status, media, _stream) = open_events(&api);
    assert_eq!(status, 200);
    let events = &doc.0["paths"]["/api/v1/events"]["get"]["responses"]["200"]["content"];
    assert!(events.get(&media).is_some(), "events answered {media}");
    exercised
        .borrow_mut()
        .insert(("get".into(), "/api/v1/events".into()));

    for path in ["/api/v1/openapi.json", "/metrics", "/"] {
        check("get", path, &api.get(path));
    }

    // Methods a path does not list: 405, a JSON error.
    for (path, item) in doc.0["paths"].as_object().unwrap() {
        let concrete = path.replace("{name}", "t").replace("{n}", "1");
        for method in ["get", "post", "put", "delete", "patch"] {
            if item.get(method).is_some() {
                continue;
            }
            let answer = api.raw(&method.to_ascii_uppercase(), &concrete, &[], b"");
            assert_error(&answer, 405, "method_not_allowed", None);
            doc.assert_fits("Error", &answer.json());
        }
    }

    let delete = "/api/v1/tasks/{name}";
    for name in ["nope", "t", "t2"] {
        check(
            "delete",
            delete,
            &api.delete(&format!("/api/v1/tasks/{name}")),
        );
    }
    assert_eq!(api.task_names(), ["junk"]);

    assert_eq!(
        exercised.into_inner(),
        doc.operations(),
        "every operation in the document was tried"
    );
    api.assert_no_state_path(&srv.state.0);
}

fn with_name(definition: &Value, name: &str) -> Value {
    let mut d = definition.clone();
    d["name"] = json!(name);
    d
}
