//! Checkers for what the API tests read: answers and values against the OpenAPI document
//! (src/http/openapi.json), and `/metrics` as Prometheus text.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::client::Answer;

// ---------------------------------------------------------------------------------------------
// The OpenAPI document against the server.

/// The document the server embeds and serves.
pub(super) const OPENAPI: &str = include_str!("../../../src/http/openapi.json");

/// The subset of OpenAPI 3.0 schemas the document uses: type, required, properties,
/// additionalProperties, items, $ref, nullable, enum, allOf, oneOf, minimum, maximum. Strict
/// where OpenAPI is lenient: an object property that the schema does not list is an error, so
/// the document cannot fall behind the server.
pub(super) struct Schema(pub(super) Value);

impl Schema {
    pub(super) fn new(doc: Value) -> Schema {
        Schema(doc)
    }

    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let pointer = r.strip_prefix('#').expect("only local $refs");
                let target = self
                    .0
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("{r} does not resolve"));
                self.resolve(target)
            }
            None => v,
        }
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, errs: &mut Vec<String>) {
        let schema = self.resolve(schema);
        if value.is_null() && schema["nullable"] == true {
            return;
        }
        for s in schema["allOf"].as_array().into_iter().flatten() {
            self.check(s, value, at, errs);
        }
        if let Some(one) = schema["oneOf"].as_array() {
            let results: Vec<Vec<String>> = one
                .iter()
                .map(|s| {
                    let mut e = Vec::new();
                    self.check(s, value, at, &mut e);
                    e
                })
                .collect();
            let fits = results.iter().filter(|e| e.is_empty()).count();
            if fits != 1 {
                errs.push(format!(
                    "{at}: fits {fits} of the {} oneOf schemas: {results:?}",
                    one.len()
                ));
            }
        }
        if let Some(allowed) = schema["enum"].as_array() {
            if !allowed.contains(value) {
                errs.push(format!("{at}: {value} is not one of {allowed:?}"));
            }
        }
        if let Some(t) = schema["type"].as_str() {
            let fits = match t {
                "object" => value.is_object(),
                "array" => value.is_array(),
                "string" => value.is_string(),
                "integer" => value.is_i64() || value.is_u64(),
                "number" => value.is_number(),
                "boolean" => value.is_boolean(),
                other => panic!("type {other} is not used by the document"),
            };
            if !fits {
                errs.push(format!("{at}: {value} is not a(n) {t}"));
                return;
            }
        }
        if let (Some(min), Some(v)) = (schema["minimum"].as_f64(), value.as_f64()) {
            if v < min {
                errs.push(format!("{at}: {v} < minimum {min}"));
            }
        }
        if let (Some(max), Some(v)) = (schema["maximum"].as_f64(), value.as_f64()) {
            if v > max {
                errs.push(format!("{at}: {v} > maximum {max}"));
            }
        }
        if let Some(obj) = value.as_object() {
            for r in schema["required"].as_array().into_iter().flatten() {
                let r = r.as_str().unwrap();
                if !obj.contains_key(r) {
                    errs.push(format!("{at}: required `{r}` is missing"));
                }
            }
            let props = schema["properties"].as_object();
            for (k, v) in obj {
                let here = format!("{at}.{k}");
                match (
                    props.and_then(|p| p.get(k)),
                    &schema["additionalProperties"],
                ) {
                    (Some(s), _) => self.check(s, v, &here, errs),
                    (None, Value::Bool(false)) => errs.push(format!("{here}: not allowed")),
                    (None, extra @ Value::Object(_)) => self.check(extra, v, &here, errs),
                    (None, Value::Null) if props.is_some() => {
                        errs.push(format!("{here}: answered but not in the document"))
                    }
                    _ => {}
                }
            }
        }
        if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
            for (i, v) in arr.iter().enumerate() {
                self.check(items, v, &format!("{at}[{i}]"), errs);
            }
        }
    }

    /// `value` fits `components/schemas/NAME`.
    pub(super) fn assert_fits(&self, name: &str, value: &Value) {
        let schema = json!({"$ref": format!("#/components/schemas/{name}")});
        let mut errs = Vec::new();
        self.check(&schema, value, name, &mut errs);
        assert!(
            errs.is_empty(),
            "{value}\ndoes not fit {name}:\n{}",
            errs.join("\n")
        );
    }

    /// Every (method, path) the document describes.
    pub(super) fn operations(&self) -> BTreeSet<(String, String)> {
        let mut ops = BTreeSet::new();
        for (path, item) in self.0["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                if ["get", "put", "post", "delete", "patch", "head", "options"]
                    .contains(&method.as_str())
                {
                    ops.insert((method.clone(), path.clone()));
                }
            }
        }
        ops
    }

    /// Checks an answer to `method template` against the document: its status is one the
    /// operation lists, its media type one that status lists, and a JSON body fits the schema.
    pub(super) fn assert_answer(&self, method: &str, template: &str, answer: &Answer) {
        let op = &self.0["paths"][template][method];
        assert!(op.is_object(), "{method} {template} is not in the document");
        let responses = op["responses"].as_object().unwrap();
        let documented = responses
            .get(&answer.status.to_string())
            .or_else(|| responses.get("default"))
            .unwrap_or_else(|| {
                panic!(
                    "{method} {template} answered {answer}\nstatus {} is not documented \
                     (documented: {:?})",
                    answer.status,
                    responses.keys().collect::<Vec<_>>()
                )
            });
        let documented = self.resolve(documented);
        let Some(content) = documented["content"].as_object() else {
            assert!(answer.body.is_empty(), "{method} {template}: {answer}");
            return;
        };
        let media = answer.media_type();
        let entry = content.get(&media).unwrap_or_else(|| {
            panic!(
                "{method} {template} answered {media} for {}, the document says {:?}",
                answer.status,
                content.keys().collect::<Vec<_>>()
            )
        });
        if media == "application/json" {
            let value = answer.json();
            let mut errs = Vec::new();
            self.check(&entry["schema"], &value, "$", &mut errs);
            assert!(
                errs.is_empty(),
                "{method} {template} answered {answer}\nwhich does not fit the document:\n{}",
                errs.join("\n")
            );
        }
    }

    /// Every `$ref` in the document resolves.
    pub(super) fn assert_refs_resolve(&self, v: &Value) {
        match v {
            Value::Object(o) => {
                if o.contains_key("$ref") {
                    self.resolve(v);
                }
                o.values().for_each(|x| self.assert_refs_resolve(x));
            }
            Value::Array(a) => a.iter().for_each(|x| self.assert_refs_resolve(x)),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Prometheus text.

/// Prometheus text format as the README promises: every sample's name starts with `zsplice_`
/// and belongs to a family with `# HELP` and `# TYPE`; counters end in `_total`.
pub(super) fn check_exposition(text: &str) {
    let mut types = std::collections::BTreeMap::new();
    let mut helped = BTreeSet::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            helped.insert(rest.split(' ').next().unwrap().to_string());
        } else if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut f = rest.split(' ');
            let (name, kind) = (f.next().unwrap(), f.next().unwrap_or(""));
            types.insert(name.to_string(), kind.to_string());
        }
    }
    assert!(!types.is_empty(), "no # TYPE lines:\n{text}");
    for (name, kind) in &types {
        assert!(name.starts_with("zsplice_"), "{name}:\n{text}");
        assert!(helped.contains(name), "no # HELP for {name}:\n{text}");
        assert!(
            ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind.as_str()),
            "{name} has type {kind}"
        );
        if kind == "counter" {
            assert!(
                name.ends_with("_total"),
                "counter {name} must end in _total"
            );
        }
    }
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let name = line.split(['{', ' ']).next().unwrap();
        let family = types.keys().any(|f| {
            name == f
                || ["_bucket", "_sum", "_count"]
                    .iter()
                    .any(|s| name.strip_suffix(s) == Some(f))
        });
        assert!(family, "sample {name} has no # TYPE:\n{text}");
    }
    assert!(text.ends_with('\n'), "the exposition ends with a newline");
}

/// The value of the sample `name{...}` whose labels include `labels`, if there is one.
pub(super) fn try_sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let want: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    text.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
        let (series, value) = match l.split_once('}') {
            Some((series, rest)) => (series, rest),
            None => l.split_once(' ')?,
        };
        let (n, have) = series.split_once('{').unwrap_or((series, ""));
        let have: Vec<&str> = have.split(',').map(str::trim).collect();
        if n != name || !want.iter().all(|w| have.contains(&w.as_str())) {
            return None;
        }
        value.split_whitespace().next()?.parse().ok()
    })
}

/// The value of the sample `name{...}` whose labels include `labels`.
pub(super) fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    try_sample(text, name, labels)
        .unwrap_or_else(|| panic!("no {name} with {labels:?} in:\n{text}"))
}
