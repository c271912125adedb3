//! The nodes the page can send its requests to, and which one each column uses now.

use serde::{Deserialize, Serialize};

/// `GET /api/nodes`: the node that served the page and its peers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NodeList {
    pub node: String,
    pub peers: Vec<String>,
    /// The front door's mode: `direct`, `round-robin` or `sticky`.
    #[serde(default)]
    pub balancer: String,
    /// The peers stopped from the page (their listeners closed).
    #[serde(default)]
    pub stopped: Vec<String>,
}

/// `POST /api/nodes/stop` and `/api/nodes/start`: which node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NodeRequest {
    pub node: String,
}

/// `POST /api/nodes/balancer`: how the front door spreads the schemes' requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BalancerRequest {
    pub mode: String,
}

use std::cell::RefCell;

use super::common::Scheme;
use super::http::{self, Exchange};

thread_local! {
    /// The node each column sends its requests to; `None` is the node that served the page.
    static ROUTES: RefCell<Routes> = RefCell::new(Routes::default());
}

#[derive(Default)]
struct Routes {
    session: Option<String>,
    jwt: Option<String>,
}

/// Sends the requests under `/api/<scheme>/` to `node` from now on (`None`: this page's node).
pub fn set_route(scheme: Scheme, node: Option<String>) {
    ROUTES.with_borrow_mut(|routes| match scheme {
        Scheme::Session => routes.session = node,
        Scheme::Jwt => routes.jwt = node,
    });
}

/// The URL to fetch for an API path: through the front door (`/node/<name>/…`) when the
/// path's column chose another node.
pub fn url_for(path: &str) -> String {
    let node = ROUTES.with_borrow(|routes| {
        if path.starts_with("/api/session/") {
            routes.session.clone()
        } else if path.starts_with("/api/jwt/") {
            routes.jwt.clone()
        } else {
            None
        }
    });
    match node {
        Some(node) => on_node(&node, path),
        None => path.to_owned(),
    }
}

/// `path` on the node named `node`, whichever node served the page.
pub fn on_node(node: &str, path: &str) -> String {
    format!("/node/{node}{path}")
}

/// Switches the front door; `mode` is one of the fixed names (written out: no serializer).
pub async fn set_balancer(mode: &'static str) -> Exchange<NodeList> {
    let body = format!("{{\"mode\":\"{mode}\"}}");
    http::post_text_as("/api/nodes/balancer", body, http::Cred::Browser).await
}

/// Stops (`stop`) or starts a peer's listener. `node` is one of the listed peers' names.
pub async fn stop_or_start(node: &str, stop: bool) -> Exchange<NodeList> {
    let path = if stop {
        "/api/nodes/stop"
    } else {
        "/api/nodes/start"
    };
    http::post_text_as(
        path,
        format!("{{\"node\":\"{node}\"}}"),
        http::Cred::Browser,
    )
    .await
}

pub async fn list() -> Exchange<NodeList> {
    http::get("/api/nodes").await
}
