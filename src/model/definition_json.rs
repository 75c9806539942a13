//! A task definition read from JSON (the HTTP API's bodies, the C ABI's strings), with serde's
//! complaints turned into sentences: a missing field or a value of the wrong type is told in
//! words and names its field, so a form can show it next to that field. Re-exported from
//! [`crate::model::task_request`], which holds the definition itself.

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::error::EngineError;
use crate::model::task_field::TaskField;

/// A task definition's fields, as its JSON names them (docs/api.md).
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

/// Why a task definition's JSON could not be read: the sentence, and the field it is about
/// (one of [`DEFINITION_FIELDS`]) when it is about one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DefinitionError {
    /// The field the message is about; `None` for the JSON as a whole (syntax, an unknown
    /// field, something other than an object).
    pub field: Option<&'static str>,
    /// What is wrong, in words.
    pub message: String,
}

impl DefinitionError {
    fn about(field: &'static str, message: String) -> DefinitionError {
        DefinitionError {
            field: Some(field),
            message,
        }
    }

    fn whole(message: String) -> DefinitionError {
        DefinitionError {
            field: None,
            message,
        }
    }
}

/// A usage error, tagged with its field when a [`TaskField`] has that field's name.
impl From<DefinitionError> for EngineError {
    fn from(e: DefinitionError) -> EngineError {
        let usage = EngineError::Usage(e.message);
        match e.field.and_then(TaskField::named) {
            Some(field) => field.tag(usage),
            None => usage,
        }
    }
}

/// `bytes` as JSON of type `T` (a task definition), every complaint a [`DefinitionError`].
pub(crate) fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DefinitionError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| definition_error(e.path(), e.inner()))?;
    // Text after the value is an error too, as serde_json::from_slice has it.
    de.end().map_err(|e| {
        DefinitionError::whole(format!("the task definition is not valid JSON: {e}"))
    })?;
    Ok(value)
}

/// The error for serde's `e`, met at `path`.
fn definition_error(path: &serde_path_to_error::Path, e: &serde_json::Error) -> DefinitionError {
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
            return DefinitionError::about(
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
        (Some(field), Some(given)) => DefinitionError::about(
            field,
            format!("{field} must be {}, not {given}", wanted(field)),
        ),
        (None, given) if a_list || (first.is_none() && given.is_some()) => {
            DefinitionError::whole(format!(
                "the task definition must be a JSON object holding its fields, not {}",
                if a_list {
                    "a list".into()
                } else {
                    given.unwrap_or_default()
                }
            ))
        }
        _ if e.is_syntax() || e.is_eof() => {
            DefinitionError::whole(format!("the task definition is not valid JSON: {text}"))
        }
        _ => DefinitionError::whole(format!("the task definition: {text}")),
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
    use crate::model::task_request::{parse_definition_json, TaskRequest};

    fn refused(body: &str) -> DefinitionError {
        parse_definition_json(body.as_bytes()).unwrap_err()
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
    fn a_definition_reads_with_its_defaults() {
        let req = parse_definition_json(
            br#"{"name": "t", "source_datasets": ["p/a"], "target_dataset": "q"}  "#,
        )
        .unwrap();
        assert_eq!(req, TaskRequest::new("t", vec!["p/a".into()], "q"));
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
    }

    #[test]
    fn as_an_engine_error_it_is_a_usage_error_tagged_with_its_field() {
        let e = EngineError::from(refused(r#"{"target_dataset": "q", "retries": -1}"#));
        assert_eq!(e.kind(), crate::ErrorKind::Usage);
        assert_eq!(e.field(), Some(TaskField::Retries));
        assert!(e.to_string().starts_with("retries must be"), "{e}");
        // A field no TaskField names alone, and the JSON as a whole: untagged.
        for body in [r#"{"target_dataset": "q", "recursive": 1}"#, "[]"] {
            let e = EngineError::from(refused(body));
            assert_eq!(e.kind(), crate::ErrorKind::Usage);
            assert_eq!(e.field(), None, "{body}");
        }
    }
}
