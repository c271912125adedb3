//! `GET /api/health`: the cheapest answer the server gives, the baseline for benchmarks; and the
//! API's answer to a path it does not have.

use app::api::Health;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;

/// `/api/health`.
pub fn routes<S: Clone + Send + Sync + 'static>() -> OpenApiRouter<S> {
    OpenApiRouter::new().routes(routes!(health))
}

#[utoipa::path(get, path = "/health", tag = "about",
    summary = "Is the server up?",
    responses((status = 200, description = "`{\"status\": \"ok\"}`", body = Health)))]
async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
    })
}

/// Any other `/api/…` path: 404 in the API's own shape.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}
