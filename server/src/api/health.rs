//! `GET /api/health`: the cheapest answer the server gives, the baseline for benchmarks; and the
//! API's answer to a path it does not have.

use app::api::Health;
use axum::routing::get;
use axum::{Json, Router};

use super::error::ApiError;

/// `/api/health`.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/health", get(health))
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
    })
}

/// Any other `/api/…` path: 404 in the API's own shape.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}
