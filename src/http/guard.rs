//! The checks every request passes before a handler sees it (docs/api.md, Security): the
//! bearer token, the `Host` of a loopback listener (no DNS rebinding), cross-site requests
//! that would change something, the body's type and size. And the one place that turns any
//! error answer, axum's own included, into the API's JSON error.

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::listen::is_loopback_host;
use super::reply::ApiError;
use super::Shared;

/// Largest request body accepted.
pub const MAX_BODY: usize = 64 * 1024;

/// Runs the checks, then the handler; error answers leave as JSON.
pub async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    if let Err(e) = check(&app, req.method(), req.uri().path(), req.headers()) {
        return e.into_response();
    }
    let response = next.run(req).await;
    as_json_error(response).await
}

fn check(app: &Shared, method: &Method, path: &str, h: &HeaderMap) -> Result<(), ApiError> {
    let text = |name: header::HeaderName| h.get(name).and_then(|v| v.to_str().ok());
    let host = text(header::HOST).unwrap_or("");
    if app.check_host && !is_loopback_host(host_name(host)) {
        return Err(ApiError::forbidden(format!(
            "Host '{}' is not this machine's loopback name; open the UI as http://127.0.0.1:PORT \
             or http://localhost:PORT (a listener reached by another name, e.g. through a \
             proxy, needs --token-file)",
            host.escape_default()
        )));
    }
    let guarded = path.starts_with("/api/") || path == "/metrics";
    if let (Some(token), true) = (&app.token, guarded) {
        let given = text(header::AUTHORIZATION).and_then(|a| a.strip_prefix("Bearer "));
        if !given.is_some_and(|g| same(g.trim().as_bytes(), token.as_bytes())) {
            let mut e = ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                format!(
                    "this daemon needs 'Authorization: Bearer TOKEN' ({})",
                    app.token_hint
                ),
            );
            if given.is_some() {
                e.message = "the bearer token is wrong".into();
            }
            return Err(e);
        }
    }
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    // A browser says where a request comes from; only the daemon's own page may change things.
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        if !matches!(site, "same-origin" | "none") {
            return Err(ApiError::forbidden(format!(
                "cross-site request refused (Sec-Fetch-Site: {})",
                site.escape_default()
            )));
        }
    }
    if let Some(origin) = text(header::ORIGIN) {
        let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
        if origin_host != host {
            return Err(ApiError::forbidden(format!(
                "cross-origin request refused (Origin {} is not this server)",
                origin.escape_default()
            )));
        }
    }
    let length: usize = text(header::CONTENT_LENGTH)
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    if length > MAX_BODY {
        return Err(too_large());
    }
    Ok(())
}

/// A request body that is there must be JSON: a cross-site form cannot send that type
/// without the browser asking first (and the daemon answers no such question).
pub fn require_json(h: &HeaderMap, body: &[u8]) -> Result<(), ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    let json = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.split(';').next().map(str::trim) == Some("application/json"));
    if json {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "send the body as JSON with 'Content-Type: application/json'",
    ))
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("the request body is larger than {} KiB", MAX_BODY / 1024),
    )
}

/// `host:port` or `[v6]:port` without the port.
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return host
            .split_once(']')
            .map_or(host, |(h, _)| &host[..h.len() + 1]);
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

/// Compares in time independent of where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An error answer that is not JSON yet (axum's own: a wrong method, a body too large, a
/// rejected extractor) becomes one, keeping its status and sentence.
async fn as_json_error(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let text = to_bytes(response.into_body(), MAX_BODY)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let (kind, default) = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            ("method_not_allowed", "this route does not take that method")
        }
        StatusCode::NOT_FOUND => ("not_found", "no such route (see /api/v1/openapi.json)"),
        StatusCode::PAYLOAD_TOO_LARGE => return too_large().into_response(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "send JSON"),
        s if s.is_server_error() => ("failed", "the server failed"),
        _ => ("invalid", "bad request"),
    };
    let message = if text.is_empty() {
        default.to_string()
    } else {
        text
    };
    ApiError::new(status, kind, message).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_lose_their_port() {
        assert_eq!(host_name("127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_name("[::1]:8080"), "[::1]");
        assert_eq!(host_name("localhost"), "localhost");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
    }
}
