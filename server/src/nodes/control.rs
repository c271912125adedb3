//! `POST /api/nodes/stop` and `/api/nodes/start` (the page's node stops or starts a peer), and
//! `POST /api/nodes/self/stop` (what a peer is sent: it stops listening, see `outage.rs`).

use std::time::Duration;

use app::api::nodes::{NodeList, NodeRequest};
use app::api::ErrorBody;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::cluster::Nodes;
use crate::api::error::ApiError;
use crate::api::json::ApiJson;
use crate::kit::http_client;

const CONTROL_TIMEOUT: Duration = Duration::from_secs(3);

/// A stopped node's answer: where it takes its start.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct StopAnswer {
    pub control: String,
}

fn rejected(status: StatusCode, message: String) -> ApiError {
    ApiError::Rejected { status, message }
}

/// `POST /api/nodes/self/stop`: this node stops listening until its control port is told to
/// start.
#[utoipa::path(post, path = "/nodes/self/stop", tag = "nodes",
    summary = "Stop this node listening",
    responses((status = 200, description = "This node stops listening; its control port (to start it) is in the answer", body = StopAnswer)))]
pub async fn stop_self(State(nodes): State<Nodes>) -> Result<Json<StopAnswer>, ApiError> {
    if nodes.outage().is_stopped() {
        return Err(rejected(StatusCode::CONFLICT, "already stopped".to_owned()));
    }
    let control = nodes.outage().stop().await.map_err(ApiError::internal)?;
    Ok(Json(StopAnswer { control }))
}

async fn post(nodes: &Nodes, url: String) -> Result<(StatusCode, axum::body::Bytes), String> {
    let request = Request::post(url)
        .body(Body::empty())
        .map_err(|err| err.to_string())?;
    http_client::send(nodes.client(), request, CONTROL_TIMEOUT, 4096).await
}

/// `POST /api/nodes/stop`: a peer stops listening; this node keeps where to start it.
#[utoipa::path(post, path = "/nodes/stop", tag = "nodes",
    summary = "Stop a node listening",
    request_body = NodeRequest,
    responses((status = 200, description = "That node stopped listening", body = NodeList),
        (status = 404, description = "No such node", body = ErrorBody)))]
pub async fn stop(
    State(nodes): State<Nodes>,
    ApiJson(request): ApiJson<NodeRequest>,
) -> Result<Json<NodeList>, ApiError> {
    if request.node == nodes.this().as_str() {
        return Err(rejected(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "{} serves this page and its front door: stop a peer",
                request.node
            ),
        ));
    }
    let Some(peer) = nodes.find(&request.node) else {
        return Err(rejected(
            StatusCode::NOT_FOUND,
            format!("there is no node {:?}", request.node),
        ));
    };
    if nodes.stopped().contains(&request.node) {
        return Err(rejected(
            StatusCode::CONFLICT,
            format!("{} is stopped already", request.node),
        ));
    }
    let url = format!("{}/api/nodes/self/stop", peer.base);
    let (status, body) = post(&nodes, url).await.map_err(|why| {
        rejected(
            StatusCode::BAD_GATEWAY,
            format!("node {}: {why}", request.node),
        )
    })?;
    let answer: StopAnswer = serde_json::from_slice(&body)
        .ok()
        .filter(|_| status.is_success())
        .ok_or_else(|| {
            rejected(
                StatusCode::BAD_GATEWAY,
                format!("node {} did not stop (it answered {status})", request.node),
            )
        })?;
    nodes.stopped().insert(&request.node, answer.control);
    tracing::info!(node = %request.node, "stopped a peer from the lab");
    Ok(Json(nodes.view()))
}

/// `POST /api/nodes/start`: a peer this node stopped listens again (answered once it does).
#[utoipa::path(post, path = "/nodes/start", tag = "nodes",
    summary = "Start a stopped node again",
    request_body = NodeRequest,
    responses((status = 200, description = "That node listens again", body = NodeList),
        (status = 404, description = "No such node, or not stopped by this one", body = ErrorBody)))]
pub async fn start(
    State(nodes): State<Nodes>,
    ApiJson(request): ApiJson<NodeRequest>,
) -> Result<Json<NodeList>, ApiError> {
    start_peer(&nodes, &request.node).await?;
    Ok(Json(nodes.view()))
}

/// Starts `name` again, if this node stopped it; true when it did.
pub async fn start_peer(nodes: &Nodes, name: &str) -> Result<bool, ApiError> {
    let Some(control) = nodes.stopped().take(name) else {
        return Err(rejected(
            StatusCode::CONFLICT,
            format!("{name} was not stopped from this page"),
        ));
    };
    post(nodes, format!("{control}/start"))
        .await
        .map_err(|why| rejected(StatusCode::BAD_GATEWAY, format!("node {name}: {why}")))?;
    // Answer once it listens again, so the next request finds it.
    if let Some(peer) = nodes.find(name) {
        for _ in 0..30 {
            let health = Request::get(format!("{}/api/health", peer.base))
                .body(Body::empty())
                .map_err(ApiError::internal)?;
            let answered = http_client::send(nodes.client(), health, CONTROL_TIMEOUT, 4096).await;
            if answered.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    tracing::info!(node = %name, "started a peer again from the lab");
    Ok(true)
}

/// Starts every peer this node stopped (the lab's reset).
pub async fn start_all(nodes: &Nodes) {
    for name in nodes.stopped().names() {
        if let Err(err) = start_peer(nodes, &name).await {
            tracing::warn!(node = %name, error = %err, "could not start a stopped peer");
        }
    }
}
