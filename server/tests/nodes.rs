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
    let (token, _) = jwt_pair(&a).await;
    redis.stop();
    let during = send(&a, with_cookie("GET", "/api/session/me", &cookie)).await;
    assert_eq!(
        during.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "never 'logged in', never a hang"
    );
    assert!(common::body_json(during).await["error"].is_string());
    let jwt_during = send(&a, bearer("GET", "/api/jwt/me", &token)).await;
    assert_eq!(
        jwt_during.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "the denylist cannot be asked: fail closed, not 'valid'"
    );
    assert!(common::body_json(jwt_during).await["error"].is_string());

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

/// Two "machines": each node its own data directory, both copied from one seeded start, so they
/// share the users and the signing key but not a SQLite file.
async fn two_machines() -> (tempfile::TempDir, tempfile::TempDir) {
    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let first = tempfile::tempdir().unwrap();
    let seeded = server::serve::open_state(
        first.path(),
        leptos_options(first.path()),
        Settings::default(),
    )
    .await
    .expect("the seed node starts");
    seeded.db.close().await;
    drop(seeded);
    let second = tempfile::tempdir().unwrap();
    copy_dir(first.path(), second.path());
    (first, second)
}

fn bearer(method: &str, uri: &str, token: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

async fn jwt_pair(node: &Router) -> (String, String) {
    let body = json!({ "username": "alice", "password": "wonderland" });
    let pair = common::body_json(send(node, post_json("/api/jwt/login", &body)).await).await;
    (
        pair["access_token"].as_str().unwrap().to_owned(),
        pair["refresh_token"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn on_separate_machines_a_revocation_reaches_the_other_node_only_through_redis() {
    let (disk_a, disk_b) = two_machines().await;
    // SQLite on each machine: b never hears of a's denylist.
    let a = node(disk_a.path(), "a", SessionStoreKind::Sqlite, "").await;
    let b = node(disk_b.path(), "b", SessionStoreKind::Sqlite, "").await;
    let (token, _) = jwt_pair(&a).await;
    assert_eq!(
        send(&b, bearer("GET", "/api/jwt/me", &token))
            .await
            .status(),
        StatusCode::OK
    );
    let revoked = send(&a, bearer("POST", "/api/jwt/revoke", &token)).await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(
        send(&a, bearer("GET", "/api/jwt/me", &token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&b, bearer("GET", "/api/jwt/me", &token))
            .await
            .status(),
        StatusCode::OK,
        "b's own SQLite file has no denylist entry"
    );

    // Redis: the denylist is one for all nodes.
    let Some(redis) = TestRedis::start() else {
        return;
    };
    let a = node(disk_a.path(), "a", SessionStoreKind::Redis, &redis.url).await;
    let b = node(disk_b.path(), "b", SessionStoreKind::Redis, &redis.url).await;
    let (token, _) = jwt_pair(&a).await;
    assert_eq!(
        send(&b, bearer("GET", "/api/jwt/me", &token))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        send(&a, bearer("POST", "/api/jwt/revoke", &token))
            .await
            .status(),
        StatusCode::OK
    );
    let on_b = send(&b, bearer("GET", "/api/jwt/me", &token)).await;
    assert_eq!(on_b.status(), StatusCode::UNAUTHORIZED);
    let on_b = common::body_json(on_b).await;
    assert_eq!(on_b["reason"], "revoked");
    let server = common::body_json(
        send(
            &b,
            Request::get("/api/jwt/server").body(Body::empty()).unwrap(),
        )
        .await,
    )
    .await;
    assert_eq!(server["store"], "Redis");
    assert!(
        server["denylist"]
            .as_array()
            .unwrap()
            .iter()
            .any(|row| row["reason"] == "revoked by its holder"),
        "b lists a's entry: {server}"
    );
}

#[tokio::test]
async fn with_redis_a_refresh_token_used_on_one_node_is_reuse_on_the_other() {
    let Some(redis) = TestRedis::start() else {
        return;
    };
    let (disk_a, disk_b) = two_machines().await;
    let a = node(disk_a.path(), "a", SessionStoreKind::Redis, &redis.url).await;
    let b = node(disk_b.path(), "b", SessionStoreKind::Redis, &redis.url).await;
    let (_, refresh) = jwt_pair(&a).await;
    let body = json!({ "refresh_token": refresh });
    let rotated = send(&a, post_json("/api/jwt/refresh", &body)).await;
    assert_eq!(rotated.status(), StatusCode::OK);
    let rotated = common::body_json(rotated).await;
    let newest = rotated["access_token"].as_str().unwrap().to_owned();
    let next_refresh = rotated["refresh_token"].as_str().unwrap().to_owned();

    // The thief replays the used refresh token on node b: reuse, the family dies everywhere.
    let replay = send(&b, post_json("/api/jwt/refresh", &body)).await;
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(common::body_json(replay).await["reason"], "refresh_reused");
    let legit = send(
        &a,
        post_json(
            "/api/jwt/refresh",
            &json!({ "refresh_token": next_refresh }),
        ),
    )
    .await;
    assert_eq!(legit.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(common::body_json(legit).await["reason"], "family_revoked");
    assert_eq!(
        send(&a, bearer("GET", "/api/jwt/me", &newest))
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "the family's newest access token is on the shared denylist"
    );
    let family = send(
        &b,
        post_json("/api/jwt/family", &json!({ "refresh_token": next_refresh })),
    )
    .await;
    let family = common::body_json(family).await;
    assert_eq!(family["rotations"], 1);
    assert_eq!(family["revoked_reason"], "refresh token reused");
}

#[tokio::test]
async fn with_redis_of_parallel_refreshes_with_one_token_exactly_one_wins() {
    let Some(redis) = TestRedis::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let a = node(dir.path(), "a", SessionStoreKind::Redis, &redis.url).await;
    let (_, refresh) = jwt_pair(&a).await;
    let body = json!({ "refresh_token": refresh });
    let attempts = (0..8).map(|_| send(&a, post_json("/api/jwt/refresh", &body)));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|response| response.status())
        .collect();
    let winners = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(winners, 1, "{statuses:?}");
}

/// Serves `router` on a free loopback port, as a real node; returns its base URL.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    format!("http://{addr}")
}

async fn node_with_peers(dir: &Path, name: &str, peers: &[String]) -> Router {
    let settings = Settings {
        sessions: SessionSettings {
            store: SessionStoreKind::Memory,
            ..SessionSettings::default()
        },
        node: name.parse().unwrap(),
        peers: peers.iter().map(|peer| peer.parse().unwrap()).collect(),
        ..Settings::default()
    };
    let state = server::serve::open_state(dir, leptos_options(dir), settings)
        .await
        .expect("the node starts");
    server::app(state)
}

#[tokio::test]
async fn the_front_door_sends_node_routes_to_that_node_with_the_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let b = serve(node_with_peers(dir.path(), "b", &[]).await).await;
    let a = node_with_peers(dir.path(), "a", &[format!("b={b}")]).await;
    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();

    let listed = common::body_json(send(&a, get("/api/nodes")).await).await;
    assert_eq!(listed, json!({ "node": "a", "peers": ["b"] }));
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
        send(&a, with_cookie("GET", "/node/a/api/session/me", &cookie))
            .await
            .status(),
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
        send(&a, with_cookie("GET", "/node/b/api/session/me", &cookie_b))
            .await
            .status(),
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

#[tokio::test]
async fn with_redis_a_late_write_on_one_node_cannot_bring_back_a_session_ended_on_the_other() {
    use server::session_auth::store::LabStore;
    use tower_sessions::session::{Id, Record};
    use tower_sessions::SessionStore;

    let Some(redis) = TestRedis::start() else {
        return;
    };
    let a = LabStore::open_redis(&redis.url).await.unwrap();
    let b = LabStore::open_redis(&redis.url).await.unwrap();
    let mut record = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    a.create(&mut record).await.unwrap();
    // b is in the middle of a request with this session when a logs it out...
    let in_flight = b
        .load(&record.id)
        .await
        .unwrap()
        .expect("b sees a's session");
    a.delete(&record.id).await.unwrap();
    // ...and b's request ends with a write-back: Redis writes only over a key that still exists.
    b.save(&in_flight).await.unwrap();
    assert!(a.load(&record.id).await.unwrap().is_none());
    assert!(b.load(&record.id).await.unwrap().is_none());
    assert!(
        !a.records().await.unwrap().iter().any(|r| r.id == record.id),
        "the listing forgets it too"
    );
}
