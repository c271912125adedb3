//! In-process tests of the request trace: the right checks, in order, for each scheme, and
//! never a whole credential.

use crate::common;

use std::time::Duration;

use axum::http::{header, StatusCode};
use common::jwt::{log_in, me, post_json, ALICE};
use common::session::{session_cookie, with_cookie};
use common::{body_json, last_entry, TestApp};
use http_body_util::BodyExt;
use serde_json::{json, Value};

fn names(entry: &Value) -> Vec<String> {
    entry["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|check| check["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn session_login(app: &TestApp) -> String {
    let body = json!({ "username": "alice", "password": "wonderland" });
    let response = app.send(post_json("/api/session/login", &body)).await;
    assert_eq!(response.status(), StatusCode::OK);
    session_cookie(&response).expect("login sets the session cookie")
}

#[tokio::test]
async fn a_session_request_shows_cookie_store_lookup_timeouts_and_write_in_order() {
    let app = TestApp::new().await;
    let cookie = session_login(&app).await;
    // Within 30 s (a sixtieth of the idle timeout) "last seen" stays, and nothing is written.
    app.state.clock.advance(time::Duration::seconds(2));
    app.send(with_cookie("GET", "/api/session/me", &cookie))
        .await;
    let quiet = last_entry(&app, "/api/session/me").await;
    assert!(
        !names(&quiet).contains(&"session-store write".to_owned()),
        "{quiet}"
    );
    // Half a minute later "last seen" moves, and the record is written back.
    app.state.clock.advance(time::Duration::seconds(30));
    let response = app
        .send(with_cookie("GET", "/api/session/me", &cookie))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let entry = last_entry(&app, "/api/session/me").await;
    assert_eq!(
        names(&entry),
        [
            "session cookie",
            "session-store lookup",
            "idle / absolute timeout",
            "session-store write"
        ]
    );
    // A lone process reads its SQLite sessions through a memory copy (nodes read the file).
    assert_eq!(entry["checks"][1]["detail"], "hit (sqlite + memory copy)");
    assert_eq!(
        (entry["status"].as_u64(), entry["scheme"].as_str()),
        (Some(200), Some("session"))
    );
    assert_eq!(entry["credential"]["kind"], "cookie");
    assert_eq!(
        entry["credential"]["bytes"].as_u64().unwrap() as usize,
        cookie.len()
    );
    assert_eq!(entry["actor"], "script");
    let value = cookie.split_once('=').unwrap().1;
    assert!(
        !entry.to_string().contains(value),
        "the cookie leaked into the trace"
    );
}

#[tokio::test]
async fn after_logout_the_trace_shows_the_store_miss_that_refused_the_old_cookie() {
    let app = TestApp::new().await;
    let cookie = session_login(&app).await;
    app.send(with_cookie("POST", "/api/session/logout", &cookie))
        .await;
    let response = app
        .send(with_cookie("GET", "/api/session/me", &cookie))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let entry = last_entry(&app, "/api/session/me").await;
    let lookup = entry["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "session-store lookup")
        .unwrap();
    assert_eq!(lookup["passed"], false, "{entry}");
    assert_eq!(entry["status"], 401);
}

#[tokio::test]
async fn a_jwt_request_shows_each_verification_step_and_no_token() {
    let app = TestApp::new().await;
    let pair = log_in(&app, ALICE).await;
    let access = pair["access_token"].as_str().unwrap();
    assert_eq!(me(&app, access).await.status(), StatusCode::OK);
    let entry = last_entry(&app, "/api/jwt/me").await;
    assert_eq!(
        names(&entry),
        [
            "bearer header",
            "size",
            "structure",
            "header",
            "signature",
            "issuer & audience",
            "exp / nbf",
            "token type",
            "denylist"
        ]
    );
    assert_eq!(entry["credential"]["kind"], "bearer");
    assert_eq!(
        entry["credential"]["bytes"].as_u64().unwrap() as usize,
        access.len()
    );
    let text = entry.to_string();
    let signature = access.rsplit('.').next().unwrap();
    assert!(
        !text.contains(access) && !text.contains(signature),
        "the token leaked"
    );
    let refresh_entry = last_entry(&app, "/api/jwt/login").await;
    assert!(!refresh_entry
        .to_string()
        .contains(pair["refresh_token"].as_str().unwrap()));
}

#[tokio::test]
async fn the_pages_own_view_requests_are_marked_and_the_trace_itself_is_not_traced() {
    let app = TestApp::new().await;
    app.get("/api/session/store").await;
    app.get("/api/trace").await;
    let entry = last_entry(&app, "/api/session/store").await;
    assert_eq!(entry["view"], true);
    let entries = body_json(app.get("/api/trace?after=0").await).await;
    assert!(entries
        .as_array()
        .unwrap()
        .iter()
        .all(|e| !e["path"].as_str().unwrap().starts_with("/api/trace")));
}

#[tokio::test]
async fn new_entries_arrive_as_server_sent_events() {
    let app = TestApp::new().await;
    let response = app.get("/api/trace/stream").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut body = response.into_body();
    app.get("/api/health").await;
    let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
        .await
        .expect("an event within 5 s")
        .unwrap()
        .unwrap();
    let text = String::from_utf8(frame.into_data().unwrap().to_vec()).unwrap();
    assert!(text.starts_with("event: trace\ndata: {"), "{text}");
    assert!(text.contains("\"path\":\"/api/health\""), "{text}");
}

#[tokio::test]
async fn every_answer_and_trace_entry_names_the_node() {
    let settings = server::base::settings::Settings {
        node: "b".parse().unwrap(),
        ..Default::default()
    };
    let app = TestApp::with_settings(settings).await;
    let response = app.get("/api/health").await;
    assert_eq!(response.headers()["x-authlab-node"], "b");
    let refused = app.get("/api/jwt/me").await;
    assert_eq!(
        refused.headers()["x-authlab-node"],
        "b",
        "a refusal names its node too"
    );
    assert_eq!(last_entry(&app, "/api/health").await["node"], "b");
}
