//! Two real nodes on one data directory (shared keys): a node-local session store loses the
//! session on the other node, a Redis store shares it, and a Redis outage fails closed.

mod common;

use std::path::Path;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::jwt::post_json;
use common::leptos_options;
use common::redis::TestRedis;
use common::session::{session_cookie, with_cookie};
use serde_json::json;
use server::settings::{SessionSettings, SessionStoreKind, Settings};
use tower::ServiceExt;

async fn node(dir: &Path, name: &str, store: SessionStoreKind, redis_url: &str) -> Router {
    let settings = Settings {
        sessions: SessionSettings {
            store,
            redis_url: redis_url.to_owned(),
            ..SessionSettings::default()
        },
        node: name.parse().unwrap(),
        ..Settings::default()
    };
    let state = server::serve::open_state(dir, leptos_options(dir), settings)
        .await
        .expect("the node starts");
    server::app(state)
}

async fn send(node: &Router, request: Request<Body>) -> axum::response::Response {
    node.clone().oneshot(request).await.unwrap()
}

async fn log_in(node: &Router) -> String {
    let body = json!({ "username": "alice", "password": "wonderland" });
    let response = send(node, post_json("/api/session/login", &body)).await;
    assert_eq!(response.status(), StatusCode::OK);
    session_cookie(&response).expect("login sets the session cookie")
}

#[tokio::test]
async fn a_node_local_store_does_not_know_the_other_nodes_session() {
    let dir = tempfile::tempdir().unwrap();
    let a = node(dir.path(), "a", SessionStoreKind::Memory, "").await;
    let b = node(dir.path(), "b", SessionStoreKind::Memory, "").await;
    let cookie = log_in(&a).await;
    assert_eq!(
        send(&a, with_cookie("GET", "/api/session/me", &cookie))
            .await
            .status(),
        StatusCode::OK
    );
    let on_b = send(&b, with_cookie("GET", "/api/session/me", &cookie)).await;
    assert_eq!(on_b.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(on_b.headers()["x-authlab-node"], "b");
}

#[tokio::test]
async fn a_redis_store_shares_the_session_and_logout_on_one_node_ends_it_on_the_other() {
    let Some(redis) = TestRedis::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let a = node(dir.path(), "a", SessionStoreKind::Redis, &redis.url).await;
    let b = node(dir.path(), "b", SessionStoreKind::Redis, &redis.url).await;
    let cookie = log_in(&a).await;
    let on_b = send(&b, with_cookie("GET", "/api/session/me", &cookie)).await;
    assert_eq!(on_b.status(), StatusCode::OK);
    assert_eq!(on_b.headers()["x-authlab-node"], "b");
    // Either node lists the session, from the set in Redis.
    let rows = send(&b, with_cookie("GET", "/api/session/store", &cookie)).await;
    let rows = common::body_json(rows).await;
    assert_eq!(rows["store"], "redis");
    assert_eq!(rows["rows"].as_array().unwrap().len(), 1, "{rows}");

    send(&a, with_cookie("POST", "/api/session/logout", &cookie)).await;
    let after = send(&b, with_cookie("GET", "/api/session/me", &cookie)).await;
    assert_eq!(
        after.status(),
        StatusCode::UNAUTHORIZED,
        "logout on a is seen on b at once"
    );
}

#[tokio::test]
async fn an_unreachable_redis_stops_the_start_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let settings = Settings {
        sessions: SessionSettings {
            store: SessionStoreKind::Redis,
            redis_url: format!("redis://127.0.0.1:{port}"),
            ..SessionSettings::default()
        },
        ..Settings::default()
    };
    let err = server::serve::open_state(dir.path(), leptos_options(dir.path()), settings)
        .await
        .err()
        .expect("no Redis, no start");
    let message = err.to_string();
    assert!(
        message.contains(&format!("127.0.0.1:{port}")) && message.contains("redis-server"),
        "{message}"
    );
}

#[tokio::test]
async fn a_redis_outage_fails_closed_and_the_store_recovers_by_itself() {
    let Some(mut redis) = TestRedis::start() else {
        return;
    };
    if redis.port == 0 {
        return; // an external Redis (AUTHLAB_TEST_REDIS_URL) is not ours to stop
    }
    let dir = tempfile::tempdir().unwrap();
    let a = node(dir.path(), "a", SessionStoreKind::Redis, &redis.url).await;
    let cookie = log_in(&a).await;
    redis.stop();
    let during = send(&a, with_cookie("GET", "/api/session/me", &cookie)).await;
    assert_eq!(
        during.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "never 'logged in', never a hang"
    );
    assert!(common::body_json(during).await["error"].is_string());

    redis.restart();
    // The client reconnects on its own (every 500 ms); the restarted Redis is empty.
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..40 {
        status = send(&a, with_cookie("GET", "/api/session/me", &cookie))
            .await
            .status();
        if status != StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "back, and the old session is gone with the data"
    );
    log_in(&a).await;
}

#[tokio::test]
async fn a_jwt_verifies_on_either_node_and_a_key_rotation_on_one_reaches_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let a = node(dir.path(), "a", SessionStoreKind::Sqlite, "").await;
    let b = node(dir.path(), "b", SessionStoreKind::Sqlite, "").await;
    let jwt_login = |user: &'static str, password: &'static str| {
        post_json(
            "/api/jwt/login",
            &json!({ "username": user, "password": password }),
        )
    };
    let bearer = |token: &str| {
        Request::get("/api/jwt/me")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    let alice = common::body_json(send(&a, jwt_login("alice", "wonderland")).await).await;
    let old = alice["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        send(&b, bearer(&old)).await.status(),
        StatusCode::OK,
        "stateless: any node verifies"
    );

    let bob = common::body_json(send(&a, jwt_login("bob", "builder-bob")).await).await;
    let rotate = Request::post("/api/jwt/rotate-key")
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", bob["access_token"].as_str().unwrap()),
        )
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&a, rotate).await.status(), StatusCode::OK);

    // b signs with the new key at once, and verifies a's new tokens; the old token is dead on both.
    let fresh = common::body_json(send(&b, jwt_login("alice", "wonderland")).await).await;
    let fresh = fresh["access_token"].as_str().unwrap().to_owned();
    assert_eq!(send(&a, bearer(&fresh)).await.status(), StatusCode::OK);
    let from_a = common::body_json(send(&a, jwt_login("alice", "wonderland")).await).await;
    assert_eq!(
        send(&b, bearer(from_a["access_token"].as_str().unwrap()))
            .await
            .status(),
        StatusCode::OK
    );
    for node in [&a, &b] {
        assert_eq!(
            send(node, bearer(&old)).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn a_revocation_on_one_node_is_refused_on_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let a = node(dir.path(), "a", SessionStoreKind::Sqlite, "").await;
    let b = node(dir.path(), "b", SessionStoreKind::Sqlite, "").await;
    let body = json!({ "username": "alice", "password": "wonderland" });
    let pair = common::body_json(send(&b, post_json("/api/jwt/login", &body)).await).await;
    let token = pair["access_token"].as_str().unwrap();
    let with_bearer = |method: &str, uri: &str| {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        send(&a, with_bearer("POST", "/api/jwt/revoke"))
            .await
            .status(),
        StatusCode::OK
    );
    let on_b = send(&b, with_bearer("GET", "/api/jwt/me")).await;
    assert_eq!(on_b.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        common::body_json(on_b).await["reason"],
        "revoked",
        "the denylist is shared"
    );
}
