//! Sessions on two real nodes: a node-local store loses the session on the other node, a
//! Redis store shares it (and no late write brings an ended one back), and a Redis outage
//! fails closed.

use crate::common;

use std::time::Duration;

use axum::http::StatusCode;
use common::jwt::bearer;
use common::leptos_options;
use common::nodes::{jwt_pair, log_in, node, send, status};
use common::redis::TestRedis;
use common::session::with_cookie;
use server::base::settings::{SessionSettings, SessionStoreKind, Settings};

#[tokio::test]
async fn a_node_local_store_does_not_know_the_other_nodes_session() {
    let dir = tempfile::tempdir().unwrap();
    let a = node(dir.path(), "a", SessionStoreKind::Memory, "").await;
    let b = node(dir.path(), "b", SessionStoreKind::Memory, "").await;
    let cookie = log_in(&a).await;
    assert_eq!(
        status(&a, with_cookie("GET", "/api/session/me", &cookie)).await,
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
    let err = server::state::open_state(dir.path(), leptos_options(dir.path()), settings)
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
    let mut after = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..40 {
        after = status(&a, with_cookie("GET", "/api/session/me", &cookie)).await;
        if after != StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(
        after,
        StatusCode::UNAUTHORIZED,
        "back, and the old session is gone with the data"
    );
    log_in(&a).await;
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
