//! Request bodies: JSON read into their type, and serde's complaints turned into sentences. A
//! complaint about one field of a task definition (missing, or of the wrong type) names it in
//! the error's `field`, so the wizard shows it next to that field.

use axum::http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use super::guard::require_json;
use super::reply::ApiError;

/// A task definition's fields, as the API names them (docs/api.md).
pub const DEFINITION_FIELDS: [&str; 18] = [
    "name",
    "source_datasets",
    "recursive",
    "recursive_source_datasets",
    "exclude",
    "target_dataset",
    "schedule",
    "retention",
    "naming_schema",
    "readonly",
    "allow_from_scratch",
    "properties",
    "properties_exclude",
    "properties_override",
    "source_retention",
    "retries",
    "stall_timeout",
    "keep_runs",
];

/// A JSON body of type `T`; serde's sentence (unknown field, syntax) is the message.
pub fn parse_body<T: DeserializeOwned>(h: &HeaderMap, body: &[u8]) -> Result<T, ApiError> {
    require_json(h, body)?;
    serde_json::from_slice(body).map_err(|e| ApiError::invalid(format!("request body: {e}")))
}

/// A task definition body: as [`parse_body`], and a missing field or a value of the wrong
/// type is told in words and names its field.
pub fn parse_definition<T: DeserializeOwned>(h: &HeaderMap, body: &[u8]) -> Result<T, ApiError> {
    require_json(h, body)?;
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| definition_error(e.path(), e.inner()))?;
    // Text after the value is an error too, as serde_json::from_slice has it.
    de.end()
        .map_err(|e| ApiError::invalid(format!("request body: {e}")))?;
    Ok(value)
}

/// The API's error for serde's `e`, met at `path`.
fn definition_error(path: &serde_path_to_error::Path, e: &serde_json::Error) -> ApiError {
    let text = e.to_string();
    // serde_json adds " at line L column C"; the field says where.
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(w, _)| w);
    let top = path.iter().next().and_then(|s| match s {
        Segment::Map { key } => DEFINITION_FIELDS.iter().copied().find(|f| f == key),
        _ => None,
    });
    if let Some(missing) = what
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        if let Some(field) = DEFINITION_FIELDS.iter().copied().find(|f| *f == missing) {
            return ApiError::invalid_field(
                field,
                format!(
                    "the task definition has no {field}, which is required (a PUT replaces \
                     the whole definition, so it needs every field the task sets)"
                ),
            );
        }
    }
    let unexpected = what
        .strip_prefix("invalid type: ")
        .or_else(|| what.strip_prefix("invalid value: "))
        .and_then(|r| r.split_once(", expected "))
        .map(|(given, _)| given_words(given));
    let first = path.iter().next();
    // serde takes a list for a struct too: its elements are then the fields, in order.
    let a_list = matches!(first, Some(Segment::Seq { .. })) || what.starts_with("invalid length");
    match (top, unexpected) {
        (Some(field), Some(given)) => ApiError::invalid_field(
            field,
            format!("{field} must be {}, not {given}", wanted(field)),
        ),
        (None, given) if a_list || (first.is_none() && given.is_some()) => {
            ApiError::invalid(format!(
                "the request body must be a JSON object holding the task definition's \
                 fields, not {}",
                if a_list {
                    "a list".into()
                } else {
                    given.unwrap_or_default()
                }
            ))
        }
        _ => ApiError::invalid(format!("request body: {text}")),
    }
}

/// What `field` holds, in words.
fn wanted(field: &str) -> &'static str {
    match field {
        "source_datasets" | "recursive_source_datasets" | "exclude" | "properties_exclude" => {
            "a list of strings, e.g. [\"tank/home\"]"
        }
        "recursive" | "readonly" | "allow_from_scratch" | "properties" => "true or false",
        "properties_override" => "an object of strings, e.g. {\"compression\": \"zstd\"}",
        "retries" => "a whole number from 0 to 100",
        "keep_runs" => "a whole number of at least 1",
        _ => "a string",
    }
}

/// serde's description of a value it did not expect (`string "x"`, ``integer `-1` ``,
/// `sequence`), as words.
fn given_words(given: &str) -> String {
    let plain = given.replace('`', "");
    match plain.split_once(' ') {
        Some(("string", s)) => format!("the string {s}"),
        Some(("integer" | "boolean", v)) => v.to_string(),
        Some(("floating", v)) => v.trim_start_matches("point ").to_string(),
        _ => match plain.as_str() {
            "sequence" => "a list".into(),
            "map" => "an object".into(),
            "null" | "unit value" => "null".into(),
            other => other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zsplice::model::task_request::TaskRequest;

    fn headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("content-type", "application/json".parse().unwrap());
        h
    }

    fn refused(body: &str) -> ApiError {
        parse_definition::<TaskRequest>(&headers(), body.as_bytes()).unwrap_err()
    }

    #[test]
    fn the_field_list_is_the_definitions() {
        let v = serde_json::to_value(TaskRequest::new("t", vec![], "p/a")).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut mine = DEFINITION_FIELDS.to_vec();
        mine.sort_unstable();
        let mut keys = keys.clone();
        keys.sort_unstable();
        assert_eq!(mine, keys);
    }

    #[test]
    fn a_missing_field_or_a_wrong_type_names_its_field_in_words() {
        let e = refused(r#"{"name": "t", "source_datasets": ["p/a"]}"#);
        assert_eq!(e.field, Some("target_dataset"));
        assert!(e.message.contains("no target_dataset"), "{}", e.message);
        assert!(!e.message.contains('`'), "{}", e.message);
        for (body, field, says) in [
            (
                r#"{"target_dataset": "q", "retries": "five"}"#,
                "retries",
                "not the string \"five\"",
            ),
            (
                r#"{"target_dataset": "q", "retries": -1}"#,
                "retries",
                "not -1",
            ),
            (
                r#"{"target_dataset": "q", "keep_runs": 1.5}"#,
                "keep_runs",
                "not 1.5",
            ),
            (
                r#"{"target_dataset": "q", "readonly": "yes"}"#,
                "readonly",
                "true or false",
            ),
            (
                r#"{"target_dataset": "q", "source_datasets": "p/a"}"#,
                "source_datasets",
                "a list",
            ),
            (
                r#"{"target_dataset": "q", "source_datasets": ["p/a", 3]}"#,
                "source_datasets",
                "not 3",
            ),
            (
                r#"{"target_dataset": 7}"#,
                "target_dataset",
                "must be a string, not 7",
            ),
            (
                r#"{"target_dataset": "q", "properties_override": {"a": 1}}"#,
                "properties_override",
                "an object of strings",
            ),
        ] {
            let e = refused(body);
            assert_eq!(e.field, Some(field), "{body}: {}", e.message);
            assert!(e.message.contains(says), "{body}: {}", e.message);
            assert!(!e.message.contains("line 1"), "{body}: {}", e.message);
        }
        for body in [
            "[]",
            r#"[{"name": "t"}]"#,
            r#"["t", [], false]"#,
            "7",
            "null",
        ] {
            let e = refused(body);
            assert_eq!(e.field, None, "{body}");
            assert!(
                e.message.contains("must be a JSON object"),
                "{body}: {}",
                e.message
            );
        }
        // Unknown fields and broken JSON keep serde's words, with no field.
        let e = refused(r#"{"target_dataset": "q", "colour": 1}"#);
        assert_eq!(e.field, None);
        assert!(
            e.message.contains("unknown field `colour`"),
            "{}",
            e.message
        );
        assert_eq!(refused(r#"{"name": "#).field, None);
        assert_eq!(refused(r#"{"target_dataset": "q"} x"#).field, None);
        assert_eq!(e.status, 400);
    }
}
