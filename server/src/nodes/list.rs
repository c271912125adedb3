//! `GET /api/nodes`: this node and the ones the page may send requests to, and how the front
//! door spreads requests; `POST /api/nodes/balancer` switches that; stop and start a peer.

use app::api::nodes::{BalancerRequest, NodeList};
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::balancer::Mode;
use super::cluster::Nodes;
use super::control;
use crate::api::error::ApiError;
use crate::api::json::ApiJson;

/// `/api/nodes`.
pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Nodes: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(set_balancer))
        .routes(routes!(control::stop))
        .routes(routes!(control::start))
        .routes(routes!(control::stop_self))
}

#[utoipa::path(get, path = "/nodes", tag = "nodes",
    summary = "The nodes behind the front door",
    responses((status = 200, description = "The nodes behind the front door, the balancer and the shared store", body = NodeList)))]
async fn list(State(nodes): State<Nodes>) -> Json<NodeList> {
    Json(nodes.view())
}

#[utoipa::path(post, path = "/nodes/balancer", tag = "nodes",
    summary = "Choose how the front door balances (round robin, sticky)",
    request_body = BalancerRequest,
    responses((status = 200, description = "The nodes with the balancer set", body = NodeList)))]
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
