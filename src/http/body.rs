//! Request bodies: JSON read into their type, serde's complaints as the API's errors. A task
//! definition is read by the library (`model::task_request::parse_definition_json`), whose
//! complaint about one field names it in the error's `field`, so the wizard shows it next to
//! that field.

use axum::http::HeaderMap;
use serde::de::DeserializeOwned;
use zsplice::model::task_request::{parse_definition_json, DefinitionError, TaskRequest};

use super::guard::require_json;
use super::reply::ApiError;

/// A JSON body of type `T`; serde's sentence (unknown field, syntax) is the message.
pub fn parse_body<T: DeserializeOwned>(h: &HeaderMap, body: &[u8]) -> Result<T, ApiError> {
    require_json(h, body)?;
    serde_json::from_slice(body).map_err(|e| ApiError::invalid(format!("request body: {e}")))
}

/// A task definition body: as [`parse_body`], and a missing field or a value of the wrong
/// type is told in words and names its field.
pub fn parse_definition(h: &HeaderMap, body: &[u8]) -> Result<TaskRequest, ApiError> {
    require_json(h, body)?;
    parse_definition_json(body).map_err(definition_error)
}

/// The API's error for the library's `e`: 400, with its field when it names one.
fn definition_error(e: DefinitionError) -> ApiError {
    match e.field {
        Some(field) => ApiError::invalid_field(field, e.message),
        None => ApiError::invalid(e.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("content-type", "application/json".parse().unwrap());
        h
    }

    fn refused(body: &str) -> ApiError {
        parse_definition(&headers(), body.as_bytes()).unwrap_err()
    }

    // What the library says is checked with it (src/model/definition_json.rs); here only that
    // the API keeps its words and its field.
    #[test]
    fn the_librarys_complaint_is_a_400_naming_its_field() {
        let e = refused(r#"{"target_dataset": "q", "retries": -1}"#);
        assert_eq!((e.status.as_u16(), e.kind), (400, "invalid"));
        assert_eq!(e.field, Some("retries"));
        assert_eq!(
            e.message,
            "retries must be a whole number from 0 to 100, not -1"
        );
        let e = refused(r#"{"target_dataset": "q"} x"#);
        assert_eq!((e.status.as_u16(), e.kind, e.field), (400, "invalid", None));
        assert_eq!(
            e.message,
            "the task definition is not valid JSON: trailing characters at line 1 column 25"
        );
        let req = parse_definition(&headers(), br#"{"target_dataset": "q"}"#).unwrap();
        assert_eq!(req.target_dataset, "q");
    }
}
