//! How the API answers: JSON bodies (each ending in a newline), and every error as
//! `{"error": {"status", "kind", "message", "field"?}}` with the status its [`ErrorKind`] gives.
//! Messages name the state directory as `<state dir>`, never by its path.

use std::sync::OnceLock;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use zsplice::{EngineError, ErrorKind};

/// The state directory's path, hidden from messages.
static STATE_DIR: OnceLock<String> = OnceLock::new();

/// Sets the path error messages must not show.
pub fn hide_path(dir: &std::path::Path) {
    let _ = STATE_DIR.set(dir.display().to_string());
}

/// A JSON answer: the value on one line, then a newline (as every JSON body of the API).
#[derive(Debug)]
pub struct Json(pub Value);

impl IntoResponse for Json {
    fn into_response(self) -> Response {
        let mut body = self.0.to_string().into_bytes();
        body.push(b'\n');
        ([(header::CONTENT_TYPE, "application/json")], body).into_response()
    }
}

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub message: String,
    /// The task definition's field (or query parameter) the message is about.
    pub field: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            message: message.into(),
            field: None,
        }
    }

    /// 400: bad input.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid", message)
    }

    /// 400 about `field`.
    pub fn invalid_field(field: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            field: Some(field),
            ..ApiError::invalid(message)
        }
    }

    /// 404: no such route, task, run or dataset.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 403: refused by a security check.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> ApiError {
        let (status, kind) = match e.kind() {
            ErrorKind::Usage => (StatusCode::BAD_REQUEST, "invalid"),
            ErrorKind::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ErrorKind::Busy | ErrorKind::Conflict => (StatusCode::CONFLICT, "conflict"),
            ErrorKind::Refused => (StatusCode::CONFLICT, "refused"),
            ErrorKind::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ErrorKind::Failed => (StatusCode::INTERNAL_SERVER_ERROR, "failed"),
        };
        ApiError {
            status,
            kind,
            message: e.to_string(),
            field: e.field().map(|f| f.as_str()),
        }
    }
}

/// `text` with the state directory's path replaced by `<state dir>`.
pub fn without_paths(text: &str) -> String {
    match STATE_DIR.get().filter(|d| !d.is_empty()) {
        Some(dir) => text.replace(dir.as_str(), "<state dir>"),
        None => text.to_string(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = without_paths(&self.message);
        let mut error = json!({
            "status": self.status.as_u16(),
            "kind": self.kind,
            "message": message,
        });
        if let Some(field) = self.field {
            error["field"] = json!(field);
        }
        (self.status, Json(json!({ "error": error }))).into_response()
    }
}

/// A handler's result.
pub type ApiResult<T = Json> = Result<T, ApiError>;

/// Runs blocking library work (the state directory, ZFS ioctls) off the async threads.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "failed",
            format!("the request's work ended abnormally: {e}"),
        ))
    })
}
