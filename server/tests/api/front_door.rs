//! The front door: node a passes `/node/<name>/…` to the node of that name, with its
//! credentials, and says clearly when there is no such node or it does not answer.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::jwt::{bearer, post_json};
use common::nodes::{jwt_pair, log_in, node_with_peers, send, serve, status};
use common::session::{session_cookie, with_cookie};
use serde_json::json;

#[tokio::test]
async fn the_front_door_sends_node_routes_to_that_node_with_the_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let b = serve(node_with_peers(dir.path(), "b", &[]).await).await;
    let a = node_with_peers(dir.path(), "a", &[format!("b={b}")]).await;
    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();

    let listed = common::body_json(send(&a, get("/api/nodes")).await).await;
    assert_eq!(
        listed,
        json!({ "node": "a", "peers": ["b"], "balancer": "direct", "stopped": [] })
    );
    for (uri, answered_by) in [
        ("/node/b/api/health", "b"),
        ("/node/a/api/health", "a"),
        ("/api/health", "a"),
    ] {
        let response = send(&a, get(uri)).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert_eq!(response.headers()["x-authlab-node"], answered_by, "{uri}");
    }

    // A session made on a (node-local store) is unknown on b; b's own login works through a.
    let cookie = log_in(&a).await;
    let on_b = send(&a, with_cookie("GET", "/node/b/api/session/me", &cookie)).await;
    assert_eq!(on_b.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(on_b.headers()["x-authlab-node"], "b");
    assert_eq!(
        status(&a, with_cookie("GET", "/node/a/api/session/me", &cookie)).await,
        StatusCode::OK
    );
    let body = json!({ "username": "alice", "password": "wonderland" });
    let login_b = send(&a, post_json("/node/b/api/session/login", &body)).await;
    assert_eq!(
        login_b.status(),
        StatusCode::OK,
        "the body and headers go through"
    );
    let cookie_b = session_cookie(&login_b).expect("b's Set-Cookie comes back");
    assert_eq!(
        status(&a, with_cookie("GET", "/node/b/api/session/me", &cookie_b)).await,
        StatusCode::OK
    );

    // The JWT verifies on both (same key on both nodes).
    let (token, _) = jwt_pair(&a).await;
    let on_b = send(&a, bearer("GET", "/node/b/api/jwt/me", &token)).await;
    assert_eq!(on_b.status(), StatusCode::OK);
    assert_eq!(on_b.headers()["x-authlab-node"], "b");
    // b's trace holds b's entries, reached through the same door.
    let trace = common::body_json(send(&a, get("/node/b/api/trace")).await).await;
    assert!(trace
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["node"] == "b" && e["path"] == "/api/jwt/me"));

    let unknown = send(&a, get("/node/zz/api/health")).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(common::body_json(unknown).await["error"]
        .as_str()
        .unwrap()
        .contains("zz"));
}

#[tokio::test]
async fn a_stolen_copy_replayed_at_the_other_node_meets_that_nodes_state() {
    let dir = tempfile::tempdir().unwrap();
    let b = serve(node_with_peers(dir.path(), "b", &[]).await).await;
    let a = node_with_peers(dir.path(), "a", &[format!("b={b}")]).await;
    let steal = |scheme: &str| json!({ "scheme": scheme });
    let replay = |copy: &serde_json::Value, node: Option<&str>| json!({ "copy_id": copy["copy_id"], "node": node });

    let cookie = log_in(&a).await;
    let mut request = post_json("/api/lab/steal", &steal("session"));
    request
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    let session_copy = common::body_json(send(&a, request).await).await;
    let (token, _) = jwt_pair(&a).await;
    let mut request = post_json("/api/lab/steal", &steal("jwt"));
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    let jwt_copy = common::body_json(send(&a, request).await).await;

    let answer = |copy, node| {
        let a = a.clone();
        async move {
            common::body_json(send(&a, post_json("/api/lab/replay", &replay(&copy, node))).await)
                .await
        }
    };
    // Here, both work; at b (its own memory store, the same signing key) only the token does.
    assert_eq!(answer(session_copy.clone(), None).await["status"], 200);
    let at_b = answer(session_copy.clone(), Some("b")).await;
    assert_eq!(at_b["status"], 401, "{at_b}");
    assert_eq!(at_b["checks"], json!([]), "b's checks are in b's trace");
    assert_eq!(answer(jwt_copy.clone(), Some("b")).await["status"], 200);
    assert_eq!(answer(jwt_copy.clone(), Some("a")).await["status"], 200);

    let bad = send(
        &a,
        post_json("/api/lab/replay", &replay(&jwt_copy, Some("../x"))),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(common::body_json(bad).await["error"].is_string());
}

#[tokio::test]
async fn a_peer_that_is_down_answers_502_with_a_json_error() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let a = node_with_peers(dir.path(), "a", &[format!("b=http://127.0.0.1:{port}")]).await;
    let response = send(
        &a,
        Request::get("/node/b/api/health")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert!(common::body_json(response).await["error"]
        .as_str()
        .unwrap()
        .contains("node b"));
}
