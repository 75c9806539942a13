//! What the daemon serves from its own binary: the web UI (`/`, `/app.js`, `/app.css`, built
//! from `src/http/ui/` with no build step and nothing fetched from elsewhere) and the OpenAPI
//! document.

use axum::http::header;
use axum::response::IntoResponse;

/// The page's own headers: nothing is loaded from elsewhere, nothing frames it.
const PAGE_POLICY: &str =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                           script-src 'self'; connect-src 'self'; frame-ancestors 'none'; \
                           base-uri 'none'; form-action 'self'";

fn asset(kind: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CONTENT_SECURITY_POLICY, PAGE_POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
}

pub async fn index() -> impl IntoResponse {
    asset("text/html; charset=utf-8", include_str!("ui/index.html"))
}

pub async fn script() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", include_str!("ui/app.js"))
}

pub async fn style() -> impl IntoResponse {
    asset("text/css; charset=utf-8", include_str!("ui/app.css"))
}

/// The OpenAPI 3 description of the API (docs/api.md explains it).
pub const OPENAPI: &str = include_str!("openapi.json");

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
