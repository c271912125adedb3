//! In-process tests of the lab controls: steal and replay as the attacker, the lab clock, reset.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::jwt::{log_in, post_json, ALICE};
use common::session::session_cookie;
use common::{body_json, TestApp};
use serde_json::{json, Value};

fn steal_request(scheme: &str, header_line: Option<(header::HeaderName, String)>) -> Request<Body> {
    let mut request =
        Request::post("/api/lab/steal").header(header::CONTENT_TYPE, "application/json");
    if let Some((name, value)) = header_line {
        request = request.header(name, value);
    }
    request
        .body(Body::from(json!({ "scheme": scheme }).to_string()))
        .unwrap()
}

async fn replay(app: &TestApp, copy_id: &str) -> Value {
    let response = app
        .send(post_json("/api/lab/replay", &json!({ "copy_id": copy_id })))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    body_json(response).await
}

fn failed_check(answer: &Value) -> Option<String> {
    answer["checks"]
        .as_array()?
        .iter()
        .find(|check| check["passed"] == false)
        .map(|check| check["name"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_stolen_session_cookie_works_until_logout_deletes_the_record() {
    let app = TestApp::new().await;
    let login = app
        .send(post_json(
            "/api/session/login",
            &json!({ "username": "alice", "password": "wonderland" }),
        ))
        .await;
    let cookie = session_cookie(&login).expect("login sets the session cookie");
    let stolen = app
        .send(steal_request(
            "session",
            Some((header::COOKIE, cookie.clone())),
        ))
        .await;
    assert_eq!(stolen.status(), StatusCode::OK);
    let stolen = body_json(stolen).await;
    assert_eq!(stolen["scheme"], "session");
    assert!(
        !stolen
            .to_string()
            .contains(cookie.split_once('=').unwrap().1),
        "the copy itself was sent back"
    );
    let copy_id = stolen["copy_id"].as_str().unwrap();

    let before = replay(&app, copy_id).await;
    assert_eq!(before["status"], 200, "{before}");
    assert_eq!(before["body"]["user"]["username"], "alice");
    assert_eq!(failed_check(&before), None);

    let logout = Request::post("/api/session/logout")
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap();
    app.send(logout).await;
    let after = replay(&app, copy_id).await;
    assert_eq!(after["status"], 401);
    assert_eq!(
        failed_check(&after).as_deref(),
        Some("session-store lookup"),
        "{after}"
    );

    let trace = body_json(app.get("/api/trace?after=0").await).await;
    let attacks = trace
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == "attacker")
        .count();
    assert_eq!(attacks, 2, "each replay is traced as the attacker's");
}

#[tokio::test]
async fn a_stolen_jwt_survives_logout_until_the_clock_passes_exp() {
    let app = TestApp::new().await;
    let pair = log_in(&app, ALICE).await;
    let access = pair["access_token"].as_str().unwrap();
    let stolen = app
        .send(steal_request(
            "jwt",
            Some((header::AUTHORIZATION, format!("Bearer {access}"))),
        ))
        .await;
    let copy_id = body_json(stolen).await["copy_id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.send(post_json(
        "/api/jwt/logout",
        &json!({ "refresh_token": pair["refresh_token"] }),
    ))
    .await;

    let after_logout = replay(&app, &copy_id).await;
    assert_eq!(
        after_logout["status"], 200,
        "logout does not touch a copied JWT"
    );

    let moved = app
        .send(post_json(
            "/api/lab/clock",
            &json!({ "advance_minutes": 6 }),
        ))
        .await;
    assert_eq!(body_json(moved).await["clock_offset_seconds"], 360);
    let after_exp = replay(&app, &copy_id).await;
    assert_eq!(after_exp["status"], 401);
    assert_eq!(after_exp["body"]["reason"], "expired");
    assert_eq!(failed_check(&after_exp).as_deref(), Some("exp / nbf"));
}

#[tokio::test]
async fn stealing_needs_a_credential_and_replaying_needs_a_known_copy() {
    let app = TestApp::new().await;
    let nothing = app.send(steal_request("session", None)).await;
    assert_eq!(nothing.status(), StatusCode::BAD_REQUEST);
    assert!(body_json(nothing).await["error"]
        .as_str()
        .unwrap()
        .contains("log in first"));
    let wrong = app.send(steal_request("kerberos", None)).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app
        .send(post_json("/api/lab/replay", &json!({ "copy_id": "nope" })))
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(body_json(unknown).await["error"].is_string());
}

#[tokio::test]
async fn the_clock_moves_within_bounds_and_reset_puts_everything_back() {
    let app = TestApp::new().await;
    for bad in [0, -5, 24 * 60 + 1] {
        let response = app
            .send(post_json(
                "/api/lab/clock",
                &json!({ "advance_minutes": bad }),
            ))
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    app.send(post_json(
        "/api/lab/clock",
        &json!({ "advance_minutes": 31 }),
    ))
    .await;
    app.send(post_json("/api/jwt/denylist", &json!({ "enabled": false })))
        .await;
    let pair = log_in(&app, ALICE).await;
    let access = pair["access_token"].as_str().unwrap();
    let stolen = app
        .send(steal_request(
            "jwt",
            Some((header::AUTHORIZATION, format!("Bearer {access}"))),
        ))
        .await;
    let copy_id = body_json(stolen).await["copy_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let view = body_json(app.get("/api/lab").await).await;
    assert_eq!(view["clock_offset_seconds"], 31 * 60);
    assert_eq!(view["weakened"].as_array().unwrap().len(), 1, "{view}");

    let reset = body_json(app.send(post_json("/api/lab/reset", &json!({}))).await).await;
    assert_eq!(reset["clock_offset_seconds"], 0);
    assert_eq!(reset["weakened"], json!([]));
    let gone = app
        .send(post_json("/api/lab/replay", &json!({ "copy_id": copy_id })))
        .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}
