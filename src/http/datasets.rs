//! `GET /api/v1/datasets[?under=DATASET]`: the wizard's dataset browser.

use axum::extract::Query;
use serde_json::json;
use zsplice::datasets::browse;
use zsplice::zfs::{DatasetName, Zfs};
use zsplice::EngineError;

use super::reply::{blocking, ApiError, ApiResult, Json};

#[derive(Debug, serde::Deserialize)]
pub struct Under {
    under: Option<String>,
}

pub async fn list(Query(q): Query<Under>) -> ApiResult {
    let under = match q.under.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => {
            Some(DatasetName::new(u).map_err(|e| ApiError::invalid_field("under", e.to_string()))?)
        }
        None => None,
    };
    blocking(move || {
        let zfs = Zfs::open().map_err(EngineError::from)?;
        let datasets = browse(&zfs, under.as_ref())?;
        Ok(Json(json!({ "datasets": datasets })))
    })
    .await
}
