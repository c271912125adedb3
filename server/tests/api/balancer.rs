//! The front door as a load balancer, with node-local memory stores: round-robin sends every
//! other request to a node that does not know the session; sticky keeps a browser on one node;
//! the JWT verifies wherever it lands; reset makes the door direct again.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use common::jwt::{bearer, post_json};
use common::nodes::{jwt_pair, node_with_peers, send, serve};
use common::session::session_cookie;
use serde_json::json;

async fn two_nodes() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let b = serve(node_with_peers(dir.path(), "b", &[]).await).await;
    let a = node_with_peers(dir.path(), "a", &[format!("b={b}")]).await;
    (dir, a)
}

async fn door(a: &Router, mode: &str) -> serde_json::Value {
    let answer = send(
        a,
        post_json("/api/nodes/balancer", &json!({ "mode": mode })),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::OK);
    common::body_json(answer).await
}

fn me(cookies: &str) -> Request<Body> {
    Request::get("/api/session/me")
        .header(header::COOKIE, cookies)
        .body(Body::empty())
        .unwrap()
}

fn node(response: &Response) -> String {
    response.headers()["x-authlab-node"]
        .to_str()
        .unwrap()
        .to_owned()
}

fn affinity(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("authlab_lb="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

#[tokio::test]
async fn round_robin_loses_a_node_local_session_and_sticky_keeps_it() {
    let (_dir, a) = two_nodes().await;
    assert_eq!(door(&a, "round-robin").await["balancer"], "round-robin");
    let body = json!({ "username": "alice", "password": "wonderland" });
    let login = send(&a, post_json("/api/session/login", &body)).await;
    assert_eq!(login.status(), StatusCode::OK);
    let made_on = node(&login);
    let cookie = session_cookie(&login).unwrap();
    // The next requests alternate: the other node does not know the session.
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let answer = send(&a, me(&cookie)).await;
        statuses.push((node(&answer), answer.status()));
    }
    for (answered_by, status) in &statuses {
        let expected = if *answered_by == made_on {
            StatusCode::OK
        } else {
            StatusCode::UNAUTHORIZED
        };
        assert_eq!(*status, expected, "{statuses:?}");
    }
    assert!(statuses.iter().any(|(n, _)| *n != made_on), "{statuses:?}");

    // Sticky: the first answer sets the affinity cookie; that browser stays on one node.
    door(&a, "sticky").await;
    let login = send(&a, post_json("/api/session/login", &body)).await;
    let pinned = affinity(&login).expect("the balancer sets its cookie");
    let cookies = format!("{}; {pinned}", session_cookie(&login).unwrap());
    for _ in 0..4 {
        let answer = send(&a, me(&cookies)).await;
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(node(&answer), node(&login));
        assert!(affinity(&answer).is_none(), "set once");
    }
    // An affinity cookie naming no node is replaced.
    let answer = send(&a, me("authlab_lb=zz")).await;
    assert!(affinity(&answer).is_some());

    // The trace, the lab and the page stay on the node that serves the page.
    let health = send(&a, Request::get("/api/health").body(Body::empty()).unwrap()).await;
    assert_eq!(node(&health), "a");
    let reset = send(&a, post_json("/api/lab/reset", &json!({}))).await;
    assert_eq!(reset.status(), StatusCode::OK);
    let listed =
        common::body_json(send(&a, Request::get("/api/nodes").body(Body::empty()).unwrap()).await)
            .await;
    assert_eq!(listed["balancer"], "direct");
}

#[tokio::test]
async fn a_jwt_verifies_on_whichever_node_round_robin_picks() {
    let (_dir, a) = two_nodes().await;
    let (access, _) = jwt_pair(&a).await;
    door(&a, "round-robin").await;
    let mut nodes = Vec::new();
    for _ in 0..4 {
        let answer = send(&a, bearer("GET", "/api/jwt/me", &access)).await;
        assert_eq!(answer.status(), StatusCode::OK);
        nodes.push(node(&answer));
    }
    nodes.sort();
    nodes.dedup();
    assert_eq!(nodes, ["a", "b"]);
    let bad = send(
        &a,
        post_json("/api/nodes/balancer", &json!({ "mode": "random" })),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
