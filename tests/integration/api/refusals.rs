//! What the API refuses: every bad input gets a JSON error naming its field and stores
//! nothing; a diverged destination is refused until a re-copy is allowed; a second start in the
//! same minute is a conflict.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{json, Value};

use super::client::Api;
use super::fixtures::{assert_error, assert_nothing_stored, definition, now, Pools, MANUAL};
use crate::helpers::*;
use crate::served::Served;

/// Every bad input gets its status and a JSON error (naming the field it is about), and
/// nothing is stored: invalid names (in the body and in the path), unknown fields, wrong
/// types, missing pools and sources, bad schedule and retention, an oversized body, a wrong
/// method, an unknown route, a wrong Content-Type, bad or unknown run numbers.
pub fn bad_requests_get_a_json_error_naming_the_field_and_store_nothing() {
    let p = Pools::new("apibad", 0);
    let srv = Served::start("apibad", &[]);
    let api = Api::new(&srv);
    let state = srv.state.0.clone();
    let target = p.dst.ds("a");
    let good = definition("t", &[&p.a], &target);
    let with = |field: &str, value: Value| {
        let mut d = good.clone();
        d[field] = value;
        d
    };
    let without = |field: &str| {
        let mut d = good.clone();
        d.as_object_mut().unwrap().remove(field);
        d
    };
    let cases: Vec<(&str, Value, &str, Option<&str>)> = vec![
        (
            "a name with '/'",
            with("name", json!("../etc")),
            "invalid",
            Some("name"),
        ),
        (
            "a name with a space",
            with("name", json!("a b")),
            "invalid",
            Some("name"),
        ),
        (
            "a name starting with '.'",
            with("name", json!(".t")),
            "invalid",
            Some("name"),
        ),
        (
            "an empty name",
            with("name", json!("")),
            "invalid",
            Some("name"),
        ),
        (
            "a 65-character name",
            with("name", json!("n".repeat(65))),
            "invalid",
            Some("name"),
        ),
        (
            "an unknown field",
            with("colour", json!("red")),
            "invalid",
            None,
        ),
        (
            "a string for a list",
            with("source_datasets", json!(p.a)),
            "invalid",
            Some("source_datasets"),
        ),
        (
            "a string for a bool",
            with("readonly", json!("yes")),
            "invalid",
            Some("readonly"),
        ),
        (
            "a negative count",
            with("retries", json!(-1)),
            "invalid",
            Some("retries"),
        ),
        (
            "a string for a count",
            with("keep_runs", json!("10")),
            "invalid",
            Some("keep_runs"),
        ),
        (
            "a number in the source list",
            with("source_datasets", json!([p.a, 7])),
            "invalid",
            Some("source_datasets"),
        ),
        (
            "too many retries",
            with("retries", json!(101)),
            "invalid",
            Some("retries"),
        ),
        (
            "keep_runs 0",
            with("keep_runs", json!(0)),
            "invalid",
            Some("keep_runs"),
        ),
        ("no name", without("name"), "invalid", None),
        (
            "no target",
            without("target_dataset"),
            "invalid",
            Some("target_dataset"),
        ),
        (
            "a target on a missing pool",
            with("target_dataset", json!("nopool/copy")),
            "invalid",
            Some("target_dataset"),
        ),
        (
            "a target with '@'",
            with("target_dataset", json!(format!("{target}@s"))),
            "invalid",
            Some("target_dataset"),
        ),
        (
            "no source",
            without("source_datasets"),
            "invalid",
            Some("source_datasets"),
        ),
        (
            "an empty source list",
            with("source_datasets", json!([])),
            "invalid",
            Some("source_datasets"),
        ),
        (
            "a source that does not exist",
            with("source_datasets", json!([format!("{}-nope", p.a)])),
            "invalid",
            Some("source_datasets"),
        ),
        (
            "a source on a missing pool",
            with("source_datasets", json!(["nopool/a"])),
            "invalid",
            Some("source_datasets"),
        ),
        (
            "a source listed twice",
            with("source_datasets", json!([p.a, p.a])),
            "invalid",
            Some("source_datasets"),
        ),
        (
            "a target inside the source",
            with("target_dataset", json!(format!("{}/inside", p.a))),
            "invalid",
            Some("target_dataset"),
        ),
        (
            "a bad schedule",
            with("schedule", json!("70 * * * *")),
            "invalid",
            Some("schedule"),
        ),
        (
            "a 3-field schedule",
            with("schedule", json!("* * *")),
            "invalid",
            Some("schedule"),
        ),
        (
            "a bad retention",
            with("retention", json!("soon")),
            "invalid",
            Some("retention"),
        ),
        (
            "a too short retention",
            with("retention", json!("0d")),
            "invalid",
            Some("retention"),
        ),
        (
            "a bad naming schema",
            with("naming_schema", json!("x-%Y")),
            "invalid",
            Some("naming_schema"),
        ),
        (
            "an exclude outside the sources",
            with("exclude", json!([p.b])),
            "invalid",
            Some("exclude"),
        ),
        (
            "a bad source retention",
            with("source_retention", json!("sometimes")),
            "invalid",
            Some("source_retention"),
        ),
        (
            "a bad stall timeout",
            with("stall_timeout", json!("never")),
            "invalid",
            Some("stall_timeout"),
        ),
        ("an array body", json!([good.clone()]), "invalid", None),
    ];
    for (what, body, kind, field) in &cases {
        let answer = api.send("POST", "/api/v1/tasks", body);
        let msg = assert_error(&answer, 400, kind, *field);
        eprintln!("{what}: {msg}");
        assert_nothing_stored(&api, &state, what);
    }
    // The messages say what is wrong.
    let unknown = api.send("POST", "/api/v1/tasks", &with("colour", json!("red")));
    assert!(unknown.body.contains("colour"), "{unknown}");
    let pool = api.send(
        "POST",
        "/api/v1/tasks",
        &with("target_dataset", json!("nopool/copy")),
    );
    assert!(pool.body.contains("nopool"), "{pool}");
    // serde's own words for a missing field or a wrong type are not what a user reads.
    for body in [without("target_dataset"), with("retries", json!("five"))] {
        let answer = api.send("POST", "/api/v1/tasks", &body);
        let msg = answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            !msg.contains("missing field `")
                && !msg.contains("invalid type")
                && !msg.contains(" at line "),
            "{answer}"
        );
    }

    // Not JSON at all, and bodies that are not application/json.
    let json_ct = [("Content-Type", "application/json")];
    for (what, body) in [("broken JSON", &b"{\"name\": "[..]), ("an empty body", b"")] {
        let answer = api.raw("POST", "/api/v1/tasks", &json_ct, body);
        assert_error(&answer, 400, "invalid", None);
        assert_nothing_stored(&api, &state, what);
    }
    let body = serde_json::to_vec(&good).unwrap();
    for ct in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let headers: Vec<(&str, &str)> = ct.iter().map(|c| ("Content-Type", *c)).collect();
        let answer = api.raw("POST", "/api/v1/tasks", &headers, &body);
        assert_error(&answer, 415, "unsupported_media_type", None);
        assert_nothing_stored(&api, &state, &format!("Content-Type {ct:?}"));
    }
    // Over 64 KiB: 413, whatever it holds.
    let mut big = good.clone();
    big["properties_exclude"] = json!(vec!["x".repeat(60); 1200]);
    let big = serde_json::to_vec(&big).unwrap();
    assert!(big.len() > 64 << 10);
    let answer = api.raw("POST", "/api/v1/tasks", &json_ct, &big);
    assert_error(&answer, 413, "too_large", None);
    assert_nothing_stored(&api, &state, "an oversized body");

    // Wrong methods and unknown routes: JSON too.
    for (method, path) in [
        ("PATCH", "/api/v1/tasks"),
        ("DELETE", "/api/v1/tasks"),
        ("PUT", "/api/v1/datasets"),
        ("GET", "/api/v1/tasks/t/start"),
    ] {
        let answer = api.raw(method, path, &[], b"");
        assert_error(&answer, 405, "method_not_allowed", None);
    }
    for path in [
        "/api/v1/nope",
        "/api/v2/tasks",
        "/api/v1/tasks/t/nope",
        "/nope",
    ] {
        assert_error(&api.get(path), 404, "not_found", None);
    }
    assert_nothing_stored(&api, &state, "wrong methods");

    // Names in paths are checked before anything is looked up.
    for bad in [
        "..%2Fetc",
        "..%2F..%2Fetc%2Fpasswd",
        "a%20b",
        ".hidden",
        "-x",
        "%2E%2E",
    ] {
        for (method, path) in [
            ("GET", format!("/api/v1/tasks/{bad}")),
            ("DELETE", format!("/api/v1/tasks/{bad}")),
            ("POST", format!("/api/v1/tasks/{bad}/start")),
            ("GET", format!("/api/v1/tasks/{bad}/runs")),
            ("GET", format!("/api/v1/tasks/{bad}/runs/1")),
            ("GET", format!("/api/v1/tasks/{bad}/runs/1/log")),
        ] {
            let answer = api.raw(method, &path, &[], b"");
            assert_error(&answer, 400, "invalid", None);
        }
        let answer = api.raw("PUT", &format!("/api/v1/tasks/{bad}"), &json_ct, &body);
        assert_error(&answer, 400, "invalid", None);
    }
    // A path that climbs out is not routed anywhere.
    let climb = api.raw("GET", "/api/v1/tasks/../../etc/passwd", &[], b"");
    assert!([400, 404].contains(&climb.status), "{climb}");
    assert!(!climb.body.contains("root:"), "{climb}");
    assert_nothing_stored(&api, &state, "bad names in paths");

    // Unknown tasks.
    for (method, path) in [
        ("GET", "/api/v1/tasks/nope"),
        ("DELETE", "/api/v1/tasks/nope"),
        ("POST", "/api/v1/tasks/nope/start"),
        ("GET", "/api/v1/tasks/nope/runs"),
        ("GET", "/api/v1/tasks/nope/runs/1"),
        ("GET", "/api/v1/tasks/nope/runs/1/log"),
    ] {
        assert_error(&api.call(method, path, &[], None), 404, "not_found", None);
    }
    let put = api.send("PUT", "/api/v1/tasks/nope", &with("name", json!("nope")));
    assert_error(&put, 404, "not_found", None);
    assert_nothing_stored(&api, &state, "requests about unknown tasks");

    // With a task: a second one of the same name is refused; run numbers are checked.
    api.create(&good);
    let again = api.send("POST", "/api/v1/tasks", &good);
    assert!([400, 409].contains(&again.status), "{again}");
    assert_error(
        &again,
        again.status,
        if again.status == 409 {
            "conflict"
        } else {
            "invalid"
        },
        None,
    );
    assert_eq!(api.task_names(), ["t"]);
    for bad in ["0", "abc", "-1", "1.5", "01x"] {
        for suffix in ["", "/log"] {
            let answer = api.raw(
                "GET",
                &format!("/api/v1/tasks/t/runs/{bad}{suffix}"),
                &[],
                b"",
            );
            assert_error(&answer, 400, "invalid", None);
        }
    }
    for suffix in ["", "/log", "/log?download=1"] {
        let answer = api.get(&format!("/api/v1/tasks/t/runs/1{suffix}"));
        assert_error(&answer, 404, "not_found", None);
    }
    // A bad change is refused and leaves the task as it was; a partial one names what it lacks.
    let before = api.task("t");
    let partial = api.send("PUT", "/api/v1/tasks/t", &json!({"retention": "1w"}));
    let msg = assert_error(&partial, 400, "invalid", Some("target_dataset"));
    assert!(msg.contains("target_dataset"), "{msg}");
    let wrong_type = api.send("PUT", "/api/v1/tasks/t", &with("retries", json!("5")));
    assert_error(&wrong_type, 400, "invalid", Some("retries"));
    let bad_put = api.send(
        "PUT",
        "/api/v1/tasks/t",
        &with("schedule", json!("whenever")),
    );
    assert_error(&bad_put, 400, "invalid", Some("schedule"));
    assert_eq!(api.task("t"), before);
    // A start body that is not JSON.
    let bad_start = api.raw(
        "POST",
        "/api/v1/tasks/t/start",
        &[("Content-Type", "text/plain")],
        b"go",
    );
    assert_error(&bad_start, 415, "unsupported_media_type", None);
    let bad_start = api.raw(
        "POST",
        "/api/v1/tasks/t/start",
        &json_ct,
        b"{\"allow_from_scratch\": 1}",
    );
    assert_error(&bad_start, 400, "invalid", None);
    assert_eq!(
        api.get("/api/v1/tasks/t/runs").expect(200)["runs"],
        json!([]),
        "a refused start records no run"
    );
    api.assert_no_state_path(&state);
    let mut srv = srv;
    assert!(
        srv.child().try_wait().unwrap().is_none(),
        "the daemon survives every bad request"
    );
}

/// A destination changed on its own side: the run is refused, listing every snapshot a re-copy
/// would destroy by full name; a start with `allow_from_scratch` re-copies it.
pub fn a_diverged_destination_is_refused_with_what_a_recopy_destroys_then_recopied_when_allowed() {
    let p = Pools::new("apiref", 1 << 20);
    let srv = Served::start("apirefuse", &[]);
    let api = Api::new(&srv);
    let copy = p.dst.ds("a");
    api.create(&definition("t", &[&p.a], &copy));
    let first = api.finished("t", api.start("t", None));
    let snap1 = first["snapshot"].as_str().unwrap();
    assert_same_snapshots(&p.a, &copy);

    let local = format!("{copy}@made-here");
    run("zfs", &["snapshot", &local]);
    let before = zfs_list(&p.dst.name);
    next_second();
    let n = api.start("t", None);
    let refused = api.ended("t", n);
    assert_eq!(refused["state"], "refused", "{refused}");
    let would: BTreeSet<&str> = refused["would_destroy"]
        .as_array()
        .unwrap_or_else(|| panic!("{refused}"))
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let want_snap1 = format!("{copy}@{snap1}");
    assert_eq!(
        would,
        BTreeSet::from([local.as_str(), want_snap1.as_str()]),
        "{refused}"
    );
    let error = refused["error"].as_str().expect("a refused run says why");
    assert!(error.contains(&copy), "{error}");
    assert_eq!(zfs_list(&p.dst.name), before, "nothing was changed");
    assert_eq!(api.task("t")["state"], "refused");
    let log = api.get(&format!("/api/v1/tasks/t/runs/{n}/log"));
    assert!(log.body.contains("refused"), "{log}");

    next_second();
    let n = api.start("t", Some(&json!({"allow_from_scratch": true})));
    let recopy = api.finished("t", n);
    assert_same_snapshots(&p.a, &copy);
    let d = &recopy["datasets"][0];
    assert!(
        d["mode"].as_str().unwrap().contains("re-copied"),
        "{recopy}"
    );
    let destroyed: Vec<&str> = d["destroyed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(destroyed.contains(&local.as_str()), "{recopy}");
    assert_eq!(recopy["would_destroy"], json!([]), "{recopy}");
    let task = api.task("t");
    assert_eq!(task["state"], "finished", "{task}");
    assert_eq!(
        task["allow_from_scratch"], false,
        "allowed for that run only: {task}"
    );
    api.assert_no_state_path(&srv.state.0);
}

/// With the default naming schema (one name a minute), a second start in the same minute would
/// copy nothing new: 409 with a message, and no run is recorded for it.
pub fn a_second_start_in_the_same_minute_is_a_conflict_and_records_no_run() {
    let p = Pools::new("apisame", 1 << 20);
    let srv = Served::start("apisame", &[]);
    let api = Api::new(&srv);
    // A loaded machine may need more than a minute for a run: a try whose minute turned before
    // the second start proves nothing, and the next try uses a new task.
    for attempt in 1..=3 {
        let name = format!("t{attempt}");
        let def = json!({
            "name": name,
            "source_datasets": [p.a],
            "target_dataset": p.dst.ds(&format!("a{attempt}")),
            "schedule": MANUAL,
        });
        api.create(&def);
        // Both starts in one minute: begin early in a minute.
        while now() % 60 > 10 {
            std::thread::sleep(Duration::from_secs(1));
        }
        let minute = now() / 60;
        api.finished(&name, api.start(&name, None));
        write_file(&mounted(&p.a).join("new"), 7, 64 << 10);
        if now() / 60 != minute {
            println!("try {attempt}: the run took past its minute; trying again");
            continue;
        }
        let again = api.call("POST", &format!("/api/v1/tasks/{name}/start"), &[], None);
        if now() / 60 != minute && again.status == 202 {
            println!("try {attempt}: the minute turned during the second start; trying again");
            continue;
        }
        let msg = assert_error(&again, 409, "conflict", None);
        assert!(msg.contains("already"), "{msg}");
        let runs = api.get(&format!("/api/v1/tasks/{name}/runs")).expect(200);
        assert_eq!(runs["runs"].as_array().unwrap().len(), 1, "{runs}");
        assert_eq!(api.task(&name)["state"], "finished");
        api.assert_no_state_path(&srv.state.0);
        return;
    }
    panic!("three tries each took past their minute: the machine is too slow for this test");
}
