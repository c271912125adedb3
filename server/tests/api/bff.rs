//! The backend-for-frontend: the browser holds only the session cookie; authlab keeps the
//! tokens in the session, calls orders with them (refreshing when the access token expired),
//! and logout ends the session and the refresh family together. No answer carries a token.

use crate::common;
use crate::orders::{orders_config, signing};

use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use common::jwt::post_json;
use common::session::{session_cookie, with_cookie};
use common::{body_json, TestApp};
use serde_json::{json, Value};
use time::Duration;

/// authlab with orders on a real port, and alice logged in with a session: its cookie.
async fn bff_app() -> (TestApp, String) {
    let app = TestApp::new().await;
    let base = common::nodes::serve(app.router.clone()).await;
    let config = orders_config(&base, None, StdDuration::from_secs(10));
    let orders = common::nodes::serve(server::orders::router(&config)).await;
    app.state.lab.set_orders_url(format!("{orders}/api/orders"));
    let body = json!({ "username": "alice", "password": "wonderland" });
    let login = app.send(post_json("/api/session/login", &body)).await;
    assert_eq!(login.status(), StatusCode::OK);
    let cookie = session_cookie(&login).unwrap();
    (app, cookie)
}

async fn send(app: &TestApp, method: &str, path: &str, cookie: &str) -> (StatusCode, Value) {
    let answer = app.send(with_cookie(method, path, cookie)).await;
    let status = answer.status();
    let text = common::body_text(answer).await;
    assert!(
        !text.contains("eyJ"),
        "a BFF answer carries no token: {text}"
    );
    (status, serde_json::from_str(&text).unwrap())
}

#[tokio::test]
async fn the_bff_calls_orders_for_the_session_refreshes_unseen_and_logs_out_everything() {
    let (app, cookie) = bff_app().await;
    signing(&app, "eddsa").await;

    let (status, answer) = send(&app, "GET", "/api/bff/orders", &cookie).await;
    assert_eq!(status, StatusCode::CONFLICT, "not connected yet: {answer}");

    let (status, connected) = send(&app, "POST", "/api/bff/connect", &cookie).await;
    assert_eq!(status, StatusCode::OK, "{connected}");
    assert_eq!(connected["kept"]["refreshes"], 0);
    let family = connected["kept"]["family"].as_str().unwrap().to_owned();

    let (status, answer) = send(&app, "GET", "/api/bff/orders", &cookie).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["orders_status"], 200, "{answer}");
    assert_eq!(answer["orders_answer"]["user"], "alice");
    assert_eq!(answer["refreshed"], false);

    // The access token expires on the lab clock: the BFF uses the refresh token, unseen.
    app.state.clock.advance(Duration::minutes(6));
    let (status, answer) = send(&app, "GET", "/api/bff/orders", &cookie).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["refreshed"], true);
    assert_eq!(answer["kept"]["refreshes"], 1);
    assert_eq!(answer["kept"]["family"], family, "the same family, rotated");
    assert_ne!(
        answer["kept"]["access_jti"],
        connected["kept"]["access_jti"]
    );
    // orders keeps real time: a token signed on a clock 6 minutes ahead is not valid there yet.
    assert_eq!(
        answer["orders_answer"]["reason"], "not_yet_valid",
        "{answer}"
    );

    let (status, answer) = send(&app, "POST", "/api/bff/logout", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["session_ended"], true);
    assert_eq!(answer["family_revoked"], true, "{answer}");
    let server = body_json(app.get("/api/jwt/server").await).await;
    assert_eq!(server["live_families"], 0, "{server}");
    let (status, _) = send(&app, "GET", "/api/bff/orders", &cookie).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the old cookie is dead");
}

#[tokio::test]
async fn without_a_session_there_is_no_bff_and_a_second_connect_ends_the_first_family() {
    let (app, cookie) = bff_app().await;
    let (status, answer) = send(&app, "POST", "/api/bff/connect", "authlab_session=forged").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(answer["error"].is_string());

    send(&app, "POST", "/api/bff/connect", &cookie).await;
    send(&app, "POST", "/api/bff/connect", &cookie).await;
    let server = body_json(app.get("/api/jwt/server").await).await;
    assert_eq!(server["live_families"], 1, "{server}");

    // With HMAC signing orders cannot verify what the BFF sends: the page is told why.
    let (status, answer) = send(&app, "GET", "/api/bff/orders", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["orders_status"], 401);
    assert_eq!(answer["orders_answer"]["reason"], "shared_secret");
}
