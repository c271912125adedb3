//! The JSON API, mounted under `/api`.

pub mod form;
mod health;
pub mod json;
pub mod query;

use axum::routing::get;
use axum::Router;

use crate::error::ApiError;
use crate::{jwt_auth, lab, nodes, session_auth, trace, AppState};

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/nodes", get(nodes::list))
        .nest("/session", session_auth::router(state))
        .nest("/jwt", jwt_auth::router())
        .nest("/trace", trace::router())
        .nest("/lab", lab::router())
        .fallback(|| async { ApiError::NotFound })
}
