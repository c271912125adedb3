//! JWTs on two real nodes: any node verifies, a key rotation on one reaches the other, and a
//! revocation or a reused refresh token reaches the other node — on separate machines only
//! through Redis.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::jwt::{bearer, post_json};
use common::nodes::{jwt_pair, node, send, status, two_machines};
use common::redis::TestRedis;
use serde_json::json;
use server::base::settings::SessionStoreKind;

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
    let me = |token: &str| bearer("GET", "/api/jwt/me", token);
    let alice = common::body_json(send(&a, jwt_login("alice", "wonderland")).await).await;
    let old = alice["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        status(&b, me(&old)).await,
        StatusCode::OK,
        "stateless: any node verifies"
    );

    let bob = common::body_json(send(&a, jwt_login("bob", "builder-bob")).await).await;
    let rotate = bearer(
        "POST",
        "/api/jwt/rotate-key",
        bob["access_token"].as_str().unwrap(),
    );
    assert_eq!(status(&a, rotate).await, StatusCode::OK);

    // b signs with the new key at once, and verifies a's new tokens; the old token is dead on both.
    let fresh = common::body_json(send(&b, jwt_login("alice", "wonderland")).await).await;
    let fresh = fresh["access_token"].as_str().unwrap().to_owned();
    assert_eq!(status(&a, me(&fresh)).await, StatusCode::OK);
    let from_a = common::body_json(send(&a, jwt_login("alice", "wonderland")).await).await;
    assert_eq!(
        status(&b, me(from_a["access_token"].as_str().unwrap())).await,
        StatusCode::OK
    );
    for node in [&a, &b] {
        assert_eq!(
            send(node, me(&old)).await.status(),
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
    assert_eq!(
        status(&a, bearer("POST", "/api/jwt/revoke", token)).await,
        StatusCode::OK
    );
    let on_b = send(&b, bearer("GET", "/api/jwt/me", token)).await;
    assert_eq!(on_b.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        common::body_json(on_b).await["reason"],
        "revoked",
        "the denylist is shared"
    );
}

#[tokio::test]
async fn on_separate_machines_a_revocation_reaches_the_other_node_only_through_redis() {
    let (disk_a, disk_b) = two_machines().await;
    // SQLite on each machine: b never hears of a's denylist.
    let a = node(disk_a.path(), "a", SessionStoreKind::Sqlite, "").await;
    let b = node(disk_b.path(), "b", SessionStoreKind::Sqlite, "").await;
    let (token, _) = jwt_pair(&a).await;
    assert_eq!(
        status(&b, bearer("GET", "/api/jwt/me", &token)).await,
        StatusCode::OK
    );
    let revoked = send(&a, bearer("POST", "/api/jwt/revoke", &token)).await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(
        status(&a, bearer("GET", "/api/jwt/me", &token)).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(&b, bearer("GET", "/api/jwt/me", &token)).await,
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
        status(&b, bearer("GET", "/api/jwt/me", &token)).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&a, bearer("POST", "/api/jwt/revoke", &token)).await,
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
        status(&a, bearer("GET", "/api/jwt/me", &newest)).await,
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
