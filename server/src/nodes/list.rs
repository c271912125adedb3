//! `GET /api/nodes`: this node and the ones the page may send requests to, and how the front
//! door spreads requests; `POST /api/nodes/balancer` switches that; stop and start a peer.

use app::api::nodes::{BalancerRequest, NodeList};
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};

use super::balancer::Mode;
use super::cluster::Nodes;
use super::control;
use crate::api::error::ApiError;
use crate::api::json::ApiJson;

/// `/api/nodes`.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Nodes: FromRef<S>,
{
    Router::new()
        .route("/nodes", get(list))
        .route("/nodes/balancer", post(set_balancer))
        .route("/nodes/stop", post(control::stop))
        .route("/nodes/start", post(control::start))
        .route("/nodes/self/stop", post(control::stop_self))
}

async fn list(State(nodes): State<Nodes>) -> Json<NodeList> {
    Json(nodes.view())
}

async fn set_balancer(
    State(nodes): State<Nodes>,
    ApiJson(request): ApiJson<BalancerRequest>,
) -> Result<Json<NodeList>, ApiError> {
    let mode = Mode::parse(&request.mode).ok_or_else(|| ApiError::Rejected {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: format!(
            "unknown mode {:?}: direct, round-robin or sticky",
            request.mode
        ),
    })?;
    nodes.balancer().set(mode);
    tracing::info!(mode = mode.name(), "front door balancing switched");
    Ok(Json(nodes.view()))
}
