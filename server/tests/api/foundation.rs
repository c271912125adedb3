//! In-process HTTP tests of the foundation: health, the page, the JSON error shape, restarts.

use crate::common;

use axum::http::{header, StatusCode};
use common::{body_json, body_text, leptos_options, TestApp};
use serde_json::json;

#[tokio::test]
async fn health_answers_ok_as_json() {
    let app = TestApp::new().await;
    let response = app.get("/api/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    assert_eq!(body_json(response).await, json!({ "status": "ok" }));
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404() {
    let app = TestApp::new().await;
    let response = app.get("/api/no-such-thing").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = body_json(response).await;
    assert!(body["error"].is_string(), "{body}");
}

#[tokio::test]
async fn the_page_renders_both_columns_and_the_demo_accounts() {
    let app = TestApp::new().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    for expected in [
        "Cookie session",
        "(stateful)",
        "JWT",
        "(stateless)",
        "Browser holds",
        "Server holds",
        "alice",
        "wonderland",
        "bob",
        "builder-bob",
        "/pkg/authlab.js",
        "/pkg/authlab.css",
    ] {
        assert!(html.contains(expected), "the page lacks {expected:?}");
    }
}

#[tokio::test]
async fn an_unknown_page_is_a_404() {
    let app = TestApp::new().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = body_text(response).await;
    assert!(body.contains("Page not found"), "{body}");
    assert!(!body.contains("authlab.js"), "a 404 page loads no wasm");
}

#[tokio::test]
async fn a_restart_on_the_same_data_directory_keeps_secrets_and_users() {
    let app = TestApp::new().await;
    let dir = app.data_dir.path();
    let key = std::fs::read(dir.join("secrets/cookie.key")).unwrap();
    assert_eq!(app.state.sessions.cookie_key().expose(), key.as_slice());
    let kid = app.state.jwt.keys().current().kid.clone();
    let again = server::state::open_state(
        dir,
        leptos_options(dir),
        server::base::settings::Settings::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        again.sessions.cookie_key().expose(),
        key.as_slice(),
        "the cookie key was regenerated"
    );
    assert_eq!(
        again.jwt.keys().current().kid,
        kid,
        "the JWT key was regenerated"
    );
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(again.accounts.pool())
        .await
        .unwrap();
    assert_eq!(users, 2);
}

#[tokio::test]
async fn the_presenter_narration_comes_from_the_server() {
    let app = TestApp::new().await;
    let answer = app.get("/api/guides").await;
    assert_eq!(answer.status(), StatusCode::OK);
    let guides = body_json(answer).await;
    let guides = guides.as_array().unwrap();
    assert_eq!(guides.len(), 7);
    assert!(guides[0][0]
        .as_str()
        .unwrap()
        .contains("Two ways to stay logged in"));
    for guide in guides {
        assert!(guide
            .as_array()
            .unwrap()
            .iter()
            .all(|slide| !slide.as_str().unwrap().is_empty()));
    }
}

#[tokio::test]
async fn two_nodes_starting_together_on_a_fresh_data_directory_both_start() {
    let dir = tempfile::tempdir().unwrap();
    let open = || {
        server::state::open_state(
            dir.path(),
            leptos_options(dir.path()),
            server::base::settings::Settings::default(),
        )
    };
    let (a, b) = tokio::join!(open(), open());
    assert!(a.is_ok(), "{:?}", a.err());
    assert!(b.is_ok(), "{:?}", b.err());
}
