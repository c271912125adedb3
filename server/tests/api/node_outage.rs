//! A node stopped and started from the page: its listener closes (the front door's balancer
//! leaves it out, a sticky browser pinned to it is re-pinned and loses a node-local session, a
//! JWT verifies on the node that answers) and opens again on the same address with its memory
//! intact — stopped, not restarted.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::jwt::{bearer, post_json};
use common::nodes::{jwt_pair, node_with_peers, send};
use common::session::session_cookie;
use serde_json::{json, Value};
use server::base::settings::{SessionSettings, SessionStoreKind, Settings};

/// Node b served by the same loop as the real server (so it can stop and listen again), and
/// node a in-process with b as its peer.
async fn two_nodes() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        sessions: SessionSettings {
            store: SessionStoreKind::Memory,
            ..SessionSettings::default()
        },
        node: "b".parse().unwrap(),
        ..Settings::default()
    };
    let state = server::state::open_state(dir.path(), common::leptos_options(dir.path()), settings)
        .await
        .unwrap();
    let outage = state.nodes.outage().clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let b = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::start::serve::serve_node(
        listener,
        server::app(state),
        outage,
    ));
    let a = node_with_peers(dir.path(), "a", &[format!("b={b}")]).await;
    (dir, a)
}

async fn post(a: &Router, path: &str, body: Value) -> (StatusCode, Value) {
    let answer = send(a, post_json(path, &body)).await;
    (answer.status(), common::body_json(answer).await)
}

fn get(path: &str, cookies: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookies)
        .body(Body::empty())
        .unwrap()
}

fn answered_by(response: &axum::response::Response) -> String {
    response.headers()["x-authlab-node"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_stopped_node_takes_no_requests_and_comes_back_with_its_memory() {
    let (_dir, a) = two_nodes().await;
    let (access, _) = jwt_pair(&a).await;
    // alice's session lives in b's memory.
    let body = json!({ "username": "alice", "password": "wonderland" });
    let login = send(&a, post_json("/node/b/api/session/login", &body)).await;
    let cookie = session_cookie(&login).unwrap();
    post(&a, "/api/nodes/balancer", json!({ "mode": "sticky" })).await;

    let (status, listed) = post(&a, "/api/nodes/stop", json!({ "node": "b" })).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["stopped"], json!(["b"]));
    let direct = send(&a, get("/node/b/api/health", "")).await;
    assert_eq!(
        direct.status(),
        StatusCode::BAD_GATEWAY,
        "nothing listens at b"
    );

    // Pinned to b: the balancer re-pins the browser to a, which does not know the session.
    let pinned = format!("{cookie}; authlab_lb=b");
    let answer = send(&a, get("/api/session/me", &pinned)).await;
    assert_eq!(answered_by(&answer), "a");
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let repinned = answer
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("authlab_lb=a"));
    assert!(repinned, "the affinity cookie names a now");
    // A JWT verifies on whichever node answers.
    for _ in 0..3 {
        let answer = send(&a, bearer("GET", "/api/jwt/me", &access)).await;
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(answered_by(&answer), "a");
    }

    let (status, listed) = post(&a, "/api/nodes/start", json!({ "node": "b" })).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["stopped"], json!([]));
    // Listening again, and still holding the session: the process never ended.
    let back = send(&a, get("/node/b/api/session/me", &cookie)).await;
    assert_eq!(back.status(), StatusCode::OK);
    assert_eq!(answered_by(&back), "b");
}

#[tokio::test]
async fn only_a_peer_can_be_stopped_once_and_reset_starts_it_again() {
    let (_dir, a) = two_nodes().await;
    let (status, body) = post(&a, "/api/nodes/stop", json!({ "node": "a" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"].as_str().unwrap().contains("serves this page"));
    let (status, _) = post(&a, "/api/nodes/stop", json!({ "node": "z" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(&a, "/api/nodes/start", json!({ "node": "b" })).await;
    assert_eq!(status, StatusCode::CONFLICT, "not stopped");

    assert_eq!(
        post(&a, "/api/nodes/stop", json!({ "node": "b" })).await.0,
        StatusCode::OK
    );
    let (status, _) = post(&a, "/api/nodes/stop", json!({ "node": "b" })).await;
    assert_eq!(status, StatusCode::CONFLICT, "stopped already");
    let (status, _) = post(&a, "/api/lab/reset", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let health = send(&a, get("/node/b/api/health", "")).await;
    assert_eq!(health.status(), StatusCode::OK, "reset started b again");
}
