//! In-process tests of the CSRF lab: the transfer targets, both weakening switches, and what a
//! request from another site gets with each combination.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::jwt::{post_json, ALICE};
use common::session::{session_cookie, with_cookie};
use common::{body_json, last_entry, TestApp};
use serde_json::{json, Value};

const EVIL: &str = "http://localhost:4010";

/// A form POST as a browser sends it: the cookie (if any), and where it comes from.
fn transfer(scheme: &str, cookie: Option<&str>, site: &str, body: &str) -> Request<Body> {
    let mut request = Request::post(format!("/api/{scheme}/transfer"))
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", site)
        .header("sec-fetch-mode", "navigate");
    if site == "cross-site" {
        request = request.header(header::ORIGIN, EVIL);
    }
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

const MALLORY: &str = "to=mallory&amount=100";

async fn session_login(app: &TestApp) -> String {
    let login = app
        .send(post_json(
            "/api/session/login",
            &json!({ "username": ALICE.0, "password": ALICE.1 }),
        ))
        .await;
    session_cookie(&login).expect("login sets the session cookie")
}

async fn switch(app: &TestApp, name: &str, on: bool) -> Value {
    let response = app
        .send(post_json(
            "/api/lab/switch",
            &json!({ "name": name, "on": on }),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    body_json(response).await
}

async fn lab(app: &TestApp) -> Value {
    body_json(app.get("/api/lab").await).await
}

/// The checks of the newest trace entry for `path`.
async fn last_checks(app: &TestApp, path: &str) -> Vec<(String, bool)> {
    let entries = body_json(app.get("/api/trace?after=0").await).await;
    let entry = entries
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["path"] == path)
        .unwrap_or_else(|| panic!("no trace of {path}"));
    entry["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_owned(), c["passed"] == true))
        .collect()
}

#[tokio::test]
async fn by_default_another_sites_form_is_refused_by_the_origin_check_and_moves_nothing() {
    let app = TestApp::new().await;
    let cookie = session_login(&app).await;
    let refused = app
        .send(transfer("session", Some(&cookie), "cross-site", MALLORY))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let error = body_json(refused).await;
    assert!(
        error["error"].as_str().unwrap().contains("another site"),
        "{error}"
    );
    assert!(last_checks(&app, "/api/session/transfer")
        .await
        .contains(&("cross-origin check".to_owned(), false)));
    assert_eq!(lab(&app).await["transfers"], json!([]));

    // The page itself (same origin) may.
    let own = app
        .send(transfer("session", Some(&cookie), "same-origin", MALLORY))
        .await;
    assert_eq!(own.status(), StatusCode::OK);
    let view = lab(&app).await;
    assert_eq!(view["transfers"][0]["username"], "alice");
    assert_eq!(view["transfers"][0]["site"], "same-origin");
    assert_eq!(view["transfers"][0]["amount"], 100);
}

#[tokio::test]
async fn with_the_origin_check_off_a_cross_site_request_that_carries_the_cookie_succeeds() {
    let app = TestApp::new().await;
    let cookie = session_login(&app).await;
    let view = switch(&app, "origin-check-off", true).await;
    assert_eq!(view["origin_check"], false);
    assert!(view["weakened"].to_string().contains("Origin check is off"));

    // Only the cookie was missing (SameSite=Lax keeps it home): 401, nothing moved.
    let no_cookie = app
        .send(transfer("session", None, "cross-site", MALLORY))
        .await;
    assert_eq!(no_cookie.status(), StatusCode::UNAUTHORIZED);
    // Had the browser sent it (SameSite=None), the transfer goes through.
    let done = app
        .send(transfer("session", Some(&cookie), "cross-site", MALLORY))
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    let checks = last_checks(&app, "/api/session/transfer").await;
    assert!(
        checks.contains(&("cross-origin check".to_owned(), true)),
        "{checks:?}"
    );
    assert_eq!(lab(&app).await["transfers"][0]["site"], "cross-site");

    // The bearer scheme: nothing arrives by itself, whatever the switches say.
    let jwt = app.send(transfer("jwt", None, "cross-site", MALLORY)).await;
    assert_eq!(jwt.status(), StatusCode::UNAUTHORIZED);

    // Reset: the switch is back on, the transfers are gone.
    let reset = app.send(post_json("/api/lab/reset", &json!({}))).await;
    let reset = body_json(reset).await;
    assert_eq!(reset["origin_check"], true);
    assert_eq!(reset["transfers"], json!([]));
    assert_eq!(reset["weakened"], json!([]));
}

#[tokio::test]
async fn the_samesite_switch_rewrites_the_session_cookie_and_what_the_page_is_told() {
    let app = TestApp::new().await;
    let lax = app
        .send(post_json(
            "/api/session/login",
            &json!({ "username": ALICE.0, "password": ALICE.1 }),
        ))
        .await;
    let set_cookie = |response: &axum::http::Response<Body>| {
        response.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert!(set_cookie(&lax).contains("SameSite=Lax"));
    switch(&app, "samesite-none", true).await;
    let none = app
        .send(post_json(
            "/api/session/login",
            &json!({ "username": ALICE.0, "password": ALICE.1 }),
        ))
        .await;
    let text = set_cookie(&none);
    assert!(
        text.contains("SameSite=None") && text.contains("Secure"),
        "{text}"
    );
    assert!(!text.contains("Lax"), "{text}");
    let answer = body_json(none).await;
    let attributes = answer["cookie"]["attributes"].to_string();
    assert!(
        attributes.contains("SameSite=None") && attributes.contains("Secure"),
        "{attributes}"
    );
}

/// "Last seen" is written in 30 s steps, so most who-am-I answers write nothing; the cookie
/// still goes out again on each (the switch's SameSite reaches the browser at once), and never
/// for a session that is gone.
#[tokio::test]
async fn who_am_i_resends_a_live_cookie_without_a_store_write_and_never_a_dead_one() {
    let app = TestApp::new().await;
    let cookie = session_login(&app).await;
    let me = || app.send(with_cookie("GET", "/api/session/me", &cookie));
    let again = me().await;
    assert_eq!(again.status(), StatusCode::OK);
    let sent: Vec<String> = again
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].starts_with(&format!("{cookie};")),
        "the same value: {sent:?}"
    );
    assert!(
        sent[0].contains("SameSite=Lax") && sent[0].contains("Max-Age="),
        "{sent:?}"
    );
    let entry = last_entry(&app, "/api/session/me").await;
    assert!(
        !entry.to_string().contains("session-store write"),
        "{entry}"
    );

    switch(&app, "samesite-none", true).await;
    let none = me().await;
    let text = none.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        text.contains("SameSite=None") && text.contains("Secure"),
        "{text}"
    );

    let logout = app
        .send(with_cookie("POST", "/api/session/logout", &cookie))
        .await;
    assert_eq!(logout.status(), StatusCode::OK);
    let dead = me().await;
    assert_eq!(dead.status(), StatusCode::UNAUTHORIZED);
    assert!(dead
        .headers()
        .get(header::SET_COOKIE)
        .is_none_or(|v| v.to_str().unwrap().contains("Max-Age=0")));
}

#[tokio::test]
async fn bad_transfers_and_unknown_switches_get_clear_json_errors() {
    let app = TestApp::new().await;
    let cookie = session_login(&app).await;
    for (body, status) in [
        ("to=mallory&amount=lots", StatusCode::UNPROCESSABLE_ENTITY),
        ("to=mallory&amount=0", StatusCode::UNPROCESSABLE_ENTITY),
        ("to=&amount=5", StatusCode::UNPROCESSABLE_ENTITY),
        ("amount=5", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let response = app
            .send(transfer("session", Some(&cookie), "same-origin", body))
            .await;
        assert_eq!(response.status(), status, "{body}");
        assert!(body_json(response).await["error"].is_string(), "{body}");
    }
    let json_body = Request::post("/api/session/transfer")
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"to":"mallory","amount":5}"#))
        .unwrap();
    let response = app.send(json_body).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(body_json(response).await["error"].is_string());

    let unknown = app
        .send(post_json(
            "/api/lab/switch",
            &json!({ "name": "https-off", "on": true }),
        ))
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_json(unknown).await["error"]
        .as_str()
        .unwrap()
        .contains("unknown switch"));
    assert_eq!(lab(&app).await["transfers"], json!([]));
}
