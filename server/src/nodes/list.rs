//! `GET /api/nodes`: this node and the ones the page may send requests to.

use app::api::nodes::NodeList;
use axum::extract::{FromRef, State};
use axum::routing::get;
use axum::{Json, Router};

use super::cluster::Nodes;

/// `/api/nodes`.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Nodes: FromRef<S>,
{
    Router::new().route("/nodes", get(list))
}

async fn list(State(nodes): State<Nodes>) -> Json<NodeList> {
    Json(NodeList {
        node: nodes.this().as_str().to_owned(),
        peers: nodes.peer_names(),
    })
}
