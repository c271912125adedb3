//! The front door: `/node/<name>/<path>` goes to node `<name>` as `/<path>`, unchanged
//! otherwise (method, headers with the cookie and the bearer token, body). The answer comes
//! back as the node gave it, with its `x-authlab-node`. This node's own name is served here.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::uri::PathAndQuery;
use axum::http::{header, HeaderName, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use tower::ServiceExt;

use super::balancer::{self, Mode};
use super::cluster::Nodes;
use app::api::ErrorBody;

/// Headers that describe one connection, not the request (RFC 9110 §7.6.1).
const HOP_BY_HOP: [HeaderName; 5] = [
    header::CONNECTION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

/// `("b", "/api/session/me?x=1")` from `/node/b/api/session/me?x=1`.
fn split_route(uri: &Uri) -> Option<(&str, String)> {
    let rest = uri.path().strip_prefix("/node/")?;
    let (name, path) = match rest.split_once('/') {
        Some((name, path)) => (name, format!("/{path}")),
        None => (rest, "/".to_owned()),
    };
    let path = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    Some((name, path))
}

fn error(status: StatusCode, message: String) -> Response {
    (status, Json(ErrorBody { error: message })).into_response()
}

#[derive(Clone)]
struct Door {
    nodes: Nodes,
    /// This node's own app, for `/node/<this node>/…`.
    app: Router,
}

/// `app` behind the front door: `/node/<name>/…` is taken apart before `app` sees anything.
pub fn front_door(nodes: Nodes, app: Router) -> Router {
    let door = Door {
        nodes,
        app: app.clone(),
    };
    Router::new()
        .route("/node/{name}", any(pass))
        .route("/node/{name}/{*rest}", any(pass))
        .fallback(balance)
        .with_state(door)
}

/// Everything that is not `/node/<name>/…`: this node's app, unless the balancer spreads it.
async fn balance(State(Door { nodes, app }): State<Door>, request: Request) -> Response {
    let mode = nodes.balancer().mode();
    if mode == Mode::Direct || !balancer::spread(request.uri().path()) {
        return own(app, request).await;
    }
    // The balancer's health view: a node the page stopped gets nothing (and loses its pins).
    let names = nodes.running_names();
    let kept = balancer::affinity(request.headers())
        .filter(|name| mode == Mode::Sticky && names.iter().any(|known| known == name))
        .map(str::to_owned);
    let new_affinity = kept.is_none() && mode == Mode::Sticky;
    let target = kept.unwrap_or_else(|| names[nodes.balancer().next(names.len())].clone());
    let mut response = if target == nodes.this().as_str() {
        own(app, request).await
    } else {
        let path = request
            .uri()
            .path_and_query()
            .cloned()
            .unwrap_or_else(|| PathAndQuery::from_static("/"));
        forward(&nodes, &target, path, request).await
    };
    if new_affinity {
        if let Some(cookie) = balancer::affinity_cookie(&target) {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    response
}

async fn own(app: Router, request: Request) -> Response {
    match app.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

async fn pass(State(Door { nodes, app }): State<Door>, request: Request) -> Response {
    let Some((name, path)) = split_route(request.uri()) else {
        return error(StatusCode::NOT_FOUND, "no such node route".into());
    };
    let Ok(path_and_query) = path.parse::<PathAndQuery>() else {
        return error(StatusCode::BAD_REQUEST, format!("{path:?} is not a path"));
    };
    if name == nodes.this().as_str() {
        let (mut parts, body) = request.into_parts();
        parts.uri = Uri::from(path_and_query);
        return own(app, Request::from_parts(parts, body)).await;
    }
    let name = name.to_owned();
    forward(&nodes, &name, path_and_query, request).await
}

/// `request` to the peer named `name`, as `path_and_query` there; its answer as it came.
async fn forward(
    nodes: &Nodes,
    name: &str,
    path_and_query: PathAndQuery,
    request: Request,
) -> Response {
    let Some(peer) = nodes.find(name) else {
        let known = nodes.all_names().join(", ");
        return error(
            StatusCode::NOT_FOUND,
            format!("there is no node {name:?} (known: {known})"),
        );
    };
    let peer_name = peer.name.to_string();
    let Ok(target) = format!("{}{}", peer.base, path_and_query).parse::<Uri>() else {
        return error(
            StatusCode::BAD_REQUEST,
            format!("{path_and_query:?} is not a path"),
        );
    };
    let (mut parts, body) = request.into_parts();
    parts.uri = target;
    for name in HOP_BY_HOP {
        parts.headers.remove(name);
    }
    match nodes
        .client()
        .request(Request::from_parts(parts, body))
        .await
    {
        Ok(answer) => {
            let (mut parts, body) = answer.into_parts();
            for name in HOP_BY_HOP {
                parts.headers.remove(name);
            }
            Response::from_parts(parts, Body::new(body))
        }
        Err(err) => {
            tracing::warn!(node = %peer_name, error = %err, "a peer node did not answer");
            error(
                StatusCode::BAD_GATEWAY,
                format!("node {peer_name} did not answer: is it running?"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_route_names_the_node_and_keeps_path_and_query() {
        let uri: Uri = "/node/b/api/trace?after=3".parse().unwrap();
        assert_eq!(split_route(&uri), Some(("b", "/api/trace?after=3".into())));
        let uri: Uri = "/node/b".parse().unwrap();
        assert_eq!(split_route(&uri), Some(("b", "/".into())));
        let uri: Uri = "/api/node/b".parse().unwrap();
        assert_eq!(split_route(&uri), None);
    }
}
