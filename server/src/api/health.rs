//! `GET /api/health`: the cheapest answer the server gives, the baseline for benchmarks.

use axum::Json;
use serde_json::{json, Value};

pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}
