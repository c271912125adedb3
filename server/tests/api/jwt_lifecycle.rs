//! In-process tests of the JWT life cycle: refresh rotation and reuse, logout vs revocation,
//! the denylist switch, key rotation, and what survives a restart.

use crate::common;

use axum::http::StatusCode;
use common::jwt::*;
use common::{body_json, TestApp};
use serde_json::{json, Value};
use server::base::settings::Settings;
use time::Duration;

fn token<'a>(pair: &'a Value, name: &str) -> &'a str {
    pair[name].as_str().unwrap()
}

#[tokio::test]
async fn refresh_rotates_and_the_used_token_is_spent() {
    let app = TestApp::new().await;
    let first = log_in(&app, ALICE).await;
    let response = refresh(&app, token(&first, "refresh_token")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second = body_json(response).await;
    assert_ne!(
        token(&first, "refresh_token"),
        token(&second, "refresh_token")
    );
    assert_eq!(
        me(&app, token(&second, "access_token")).await.status(),
        StatusCode::OK
    );
    let family = body_json(
        app.send(post_json(
            "/api/jwt/family",
            &json!({ "refresh_token": token(&second, "refresh_token") }),
        ))
        .await,
    )
    .await;
    assert_eq!(
        (family["rotations"].as_i64(), family["used_tokens"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(family["revoked_at"], Value::Null);
}

#[tokio::test]
async fn reusing_a_refresh_token_revokes_the_whole_family_new_tokens_too() {
    let app = TestApp::new().await;
    let first = log_in(&app, ALICE).await;
    let second = body_json(refresh(&app, token(&first, "refresh_token")).await).await;
    // The old refresh token again: reuse. Someone holds a copy.
    assert_refused(
        refresh(&app, token(&first, "refresh_token")).await,
        "refresh_reused",
    )
    .await;
    // The family is over: the newest refresh token is refused...
    assert_refused(
        refresh(&app, token(&second, "refresh_token")).await,
        "family_revoked",
    )
    .await;
    // ...and the newest access token is on the denylist.
    assert_refused(me(&app, token(&second, "access_token")).await, "revoked").await;
}

#[tokio::test]
async fn of_parallel_refreshes_with_one_token_exactly_one_succeeds() {
    let app = TestApp::new().await;
    let first = log_in(&app, ALICE).await;
    let refresh_token = token(&first, "refresh_token");
    let (a, b, c) = tokio::join!(
        refresh(&app, refresh_token),
        refresh(&app, refresh_token),
        refresh(&app, refresh_token)
    );
    let statuses = [a.status(), b.status(), c.status()];
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(ok, 1, "{statuses:?}");
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::OK || *s == StatusCode::UNAUTHORIZED));
}

#[tokio::test]
async fn a_family_ends_at_its_absolute_lifetime_however_often_rotated() {
    let app = TestApp::new().await;
    let mut pair = log_in(&app, ALICE).await;
    for _ in 0..3 {
        app.state.clock.advance(Duration::hours(2));
        pair = body_json(refresh(&app, token(&pair, "refresh_token")).await).await;
    }
    app.state
        .clock
        .advance(Duration::hours(2) + Duration::minutes(1));
    assert_refused(
        refresh(&app, token(&pair, "refresh_token")).await,
        "expired",
    )
    .await;
}

#[tokio::test]
async fn logout_ends_the_family_but_the_access_token_works_until_exp() {
    let app = TestApp::new().await;
    let pair = log_in(&app, ALICE).await;
    let body = json!({ "refresh_token": token(&pair, "refresh_token") });
    let response = app.send(post_json("/api/jwt/logout", &body)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_json(response).await["logged_out"], true);
    // The lesson: the copy of the access token still works...
    assert_eq!(
        me(&app, token(&pair, "access_token")).await.status(),
        StatusCode::OK
    );
    // ...the refresh token does not...
    assert_refused(
        refresh(&app, token(&pair, "refresh_token")).await,
        "family_revoked",
    )
    .await;
    // ...and at exp the access token is over too.
    app.state.clock.advance(Duration::minutes(6));
    assert_refused(me(&app, token(&pair, "access_token")).await, "expired").await;
}

#[tokio::test]
async fn revocation_works_only_while_the_denylist_is_checked() {
    let app = TestApp::new().await;
    let pair = log_in(&app, ALICE).await;
    let access = token(&pair, "access_token");
    let response = app.send(bearer("POST", "/api/jwt/revoke", access)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_refused(me(&app, access).await, "revoked").await;

    let off = app
        .send(post_json("/api/jwt/denylist", &json!({ "enabled": false })))
        .await;
    assert_eq!(body_json(off).await, json!({ "enabled": false }));
    let answer = body_json(me(&app, access).await).await;
    assert_eq!(
        answer["claims"]["sub"], "alice",
        "with the switch off the revoked token passes"
    );
    let names: Vec<&str> = answer["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"denylist"), "{names:?}");

    app.send(post_json("/api/jwt/denylist", &json!({ "enabled": true })))
        .await;
    assert_refused(me(&app, access).await, "revoked").await;
    let server = body_json(app.get("/api/jwt/server").await).await;
    assert_eq!(server["denylist_enabled"], true);
    assert_eq!(server["denylist"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn only_an_admin_rotates_the_key_and_old_tokens_stop_verifying() {
    let app = TestApp::new().await;
    let alice = log_in(&app, ALICE).await;
    let bob = log_in(&app, BOB).await;
    let denied = app
        .send(bearer(
            "POST",
            "/api/jwt/rotate-key",
            token(&alice, "access_token"),
        ))
        .await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    let rotated = app
        .send(bearer(
            "POST",
            "/api/jwt/rotate-key",
            token(&bob, "access_token"),
        ))
        .await;
    assert_eq!(rotated.status(), StatusCode::OK);
    let rotated = body_json(rotated).await;
    assert_ne!(rotated["retired"], rotated["current"]);
    assert_refused(me(&app, token(&alice, "access_token")).await, "unknown_key").await;
    assert_refused(
        refresh(&app, token(&alice, "refresh_token")).await,
        "unknown_key",
    )
    .await;
    let again = log_in(&app, ALICE).await;
    assert_eq!(
        me(&app, token(&again, "access_token")).await.status(),
        StatusCode::OK
    );
    let server = body_json(app.get("/api/jwt/server").await).await;
    let keys = server["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0]["retired_at"], Value::Null);
    assert!(keys[1]["retired_at"].is_i64());
}

#[tokio::test]
async fn a_restart_keeps_keys_families_used_tokens_and_the_denylist() {
    let app = TestApp::new().await;
    let first = log_in(&app, ALICE).await;
    let second = body_json(refresh(&app, token(&first, "refresh_token")).await).await;
    let revoked = log_in(&app, ALICE).await;
    app.send(bearer(
        "POST",
        "/api/jwt/revoke",
        token(&revoked, "access_token"),
    ))
    .await;

    let TestApp { data_dir, .. } = app;
    let restarted = TestApp::open(data_dir, Settings::default()).await;
    assert_eq!(
        me(&restarted, token(&second, "access_token"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_refused(
        me(&restarted, token(&revoked, "access_token")).await,
        "revoked",
    )
    .await;
    assert_refused(
        refresh(&restarted, token(&first, "refresh_token")).await,
        "refresh_reused",
    )
    .await;
}

#[tokio::test]
async fn bad_bodies_get_json_errors_and_bad_refresh_tokens_a_reason() {
    let app = TestApp::new().await;
    let not_json = axum::http::Request::post("/api/jwt/refresh")
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{not json"))
        .unwrap();
    let response = app.send(not_json).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(body_json(response).await["error"].is_string());
    let wrong_shape = app
        .send(post_json("/api/jwt/refresh", &json!({ "token": 1 })))
        .await;
    assert_eq!(wrong_shape.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // No token anywhere (no cookie, `{}` or nothing): a 401 that says so.
    for empty in [json!({}), json!({ "refresh_token": null })] {
        let missing = app.send(post_json("/api/jwt/refresh", &empty)).await;
        assert_eq!(missing.status(), StatusCode::UNAUTHORIZED, "{empty}");
        let body = body_json(missing).await;
        assert_eq!(body["reason"], "missing_token", "{body}");
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("no refresh cookie"),
            "{body}"
        );
    }
    let huge = "x".repeat(20_000);
    let too_big = app
        .send(post_json(
            "/api/jwt/refresh",
            &json!({ "refresh_token": huge }),
        ))
        .await;
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_refused(refresh(&app, "garbage").await, "malformed").await;
    let pair = log_in(&app, ALICE).await;
    assert_refused(
        refresh(&app, token(&pair, "access_token")).await,
        "wrong_type",
    )
    .await;
}

#[tokio::test]
async fn the_server_view_shows_settings_and_no_secret() {
    let app = TestApp::new().await;
    log_in(&app, ALICE).await;
    let response = app.get("/api/jwt/server").await;
    assert_eq!(response.status(), StatusCode::OK);
    let view = body_json(response).await;
    assert_eq!(view["alg"], "HS256");
    assert_eq!(view["access_ttl_seconds"], 300);
    assert_eq!(view["leeway_seconds"], 5);
    assert_eq!(view["live_families"], 1);
    let material = key_material(&app);
    let text = view.to_string();
    assert!(!text.contains(&b64(&material)), "the key leaked");
}
