//! In-process HTTP tests of the cookie-session scheme.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use common::session::{session_cookie, with_cookie};
use common::{body_json, TestApp};
use serde_json::json;
use server::base::settings::{SessionSettings, SessionStoreKind};
use time::Duration;

const ALICE: (&str, &str) = ("alice", "wonderland");
const BOB: (&str, &str) = ("bob", "builder-bob");

fn login_request(user: (&str, &str), cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/api/session/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "session-tests");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request
        .body(Body::from(
            json!({ "username": user.0, "password": user.1 }).to_string(),
        ))
        .unwrap()
}

fn set_cookie_header(response: &Response<Body>) -> String {
    response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned()
}

async fn log_in(app: &TestApp, user: (&str, &str)) -> String {
    let response = app.send(login_request(user, None)).await;
    assert_eq!(response.status(), StatusCode::OK);
    session_cookie(&response).expect("login sets the session cookie")
}

async fn me(app: &TestApp, cookie: &str) -> Response<Body> {
    app.send(with_cookie("GET", "/api/session/me", cookie))
        .await
}

#[tokio::test]
async fn login_sets_an_httponly_lax_cookie_and_is_not_cached() {
    let app = TestApp::new().await;
    let response = app.send(login_request(ALICE, None)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let cookie = set_cookie_header(&response);
    assert!(cookie.starts_with("authlab_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(!cookie.contains("Secure"), "{cookie}");
    let body = body_json(response).await;
    assert_eq!(body["user"], json!({ "username": "alice", "role": "user" }));
    assert_eq!(body["cookie"]["name"], "authlab_session");
}

#[tokio::test]
async fn the_session_id_is_long_and_random() {
    let app = TestApp::new().await;
    let a = log_in(&app, ALICE).await;
    let b = log_in(&app, ALICE).await;
    assert_ne!(a, b);
    // A signed cookie: 44 characters of signature, then the id (128 bits, base64: 22 chars).
    let value = a.split_once('=').unwrap().1;
    assert!(value.len() >= 44 + 22, "{value}");
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer() {
    let app = TestApp::new().await;
    let mut answers = Vec::new();
    for user in [
        ("alice", "nope"),
        ("mallory", "wonderland"),
        ("alice", &"x".repeat(2000)[..]),
    ] {
        let response = app.send(login_request(user, None)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(session_cookie(&response).is_none());
        answers.push(body_json(response).await);
    }
    assert!(
        answers
            .iter()
            .all(|a| a == &json!({ "error": "invalid credentials" })),
        "{answers:?}"
    );
}

#[tokio::test]
async fn who_am_i_needs_a_live_session() {
    let app = TestApp::new().await;
    let anonymous = app.get("/api/session/me").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert!(body_json(anonymous).await["error"].is_string());

    let cookie = log_in(&app, BOB).await;
    let response = me(&app, &cookie).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let body = body_json(response).await;
    assert_eq!(body["user"]["username"], "bob");
    assert_eq!(body["user"]["role"], "admin");
    let session = &body["session"];
    assert_eq!(
        session["idle_expires_at"].as_i64().unwrap() - session["last_seen_at"].as_i64().unwrap(),
        30 * 60
    );
}

#[tokio::test]
async fn login_gives_a_new_id_and_the_old_one_dies() {
    let app = TestApp::new().await;
    let first = log_in(&app, ALICE).await;
    let response = app.send(login_request(BOB, Some(&first))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second = session_cookie(&response).unwrap();
    assert_ne!(first, second);
    assert_eq!(me(&app, &first).await.status(), StatusCode::UNAUTHORIZED);
    let body = body_json(me(&app, &second).await).await;
    assert_eq!(body["user"]["username"], "bob");
}

#[tokio::test]
async fn logout_deletes_the_record_so_a_replayed_cookie_is_refused() {
    let app = TestApp::new().await;
    let cookie = log_in(&app, ALICE).await;
    let response = app
        .send(with_cookie("POST", "/api/session/logout", &cookie))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let removal = set_cookie_header(&response);
    for attribute in [
        "authlab_session=;",
        "Max-Age=0",
        "Path=/",
        "HttpOnly",
        "SameSite=Lax",
    ] {
        assert!(removal.contains(attribute), "{removal} lacks {attribute}");
    }
    assert_eq!(body_json(response).await, json!({ "logged_out": true }));
    let replay = me(&app, &cookie).await;
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    assert!(app
        .state
        .sessions
        .store()
        .records()
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn secure_cookies_use_the_host_prefix_and_so_does_their_removal() {
    let app = TestApp::with_sessions(SessionSettings {
        secure_cookie: true,
        ..SessionSettings::default()
    })
    .await;
    let response = app.send(login_request(ALICE, None)).await;
    let cookie = set_cookie_header(&response);
    assert!(
        cookie.starts_with("__Host-authlab_session=") && cookie.contains("Secure"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_owned();
    let response = app
        .send(with_cookie("POST", "/api/session/logout", &pair))
        .await;
    let removal = set_cookie_header(&response);
    assert!(removal.starts_with("__Host-authlab_session=;"), "{removal}");
    for attribute in ["Max-Age=0", "Path=/", "Secure"] {
        assert!(removal.contains(attribute), "{removal} lacks {attribute}");
    }
}

#[tokio::test]
async fn an_idle_session_ends_after_the_idle_timeout() {
    let app = TestApp::new().await;
    let cookie = log_in(&app, ALICE).await;
    app.state.clock.advance(Duration::minutes(29));
    assert_eq!(me(&app, &cookie).await.status(), StatusCode::OK);
    // Used at +29: now idle until +59.
    app.state.clock.advance(Duration::minutes(29));
    assert_eq!(me(&app, &cookie).await.status(), StatusCode::OK);
    app.state.clock.advance(Duration::minutes(30));
    let response = me(&app, &cookie).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let error = body_json(response).await["error"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(error.contains("idle"), "{error}");
    // Ended for good, not just this once.
    app.state.clock.reset();
    assert_eq!(me(&app, &cookie).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_busy_session_still_ends_at_the_absolute_timeout() {
    let app = TestApp::new().await;
    let cookie = log_in(&app, ALICE).await;
    for _ in 0..23 {
        app.state.clock.advance(Duration::minutes(20));
        assert_eq!(me(&app, &cookie).await.status(), StatusCode::OK);
    }
    // +7h40 so far; the next use at +8h is past the absolute timeout.
    app.state.clock.advance(Duration::minutes(20));
    let response = me(&app, &cookie).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let error = body_json(response).await["error"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(error.contains("absolute"), "{error}");
}

#[tokio::test]
async fn garbage_truncated_and_huge_cookies_are_anonymous_not_errors() {
    let app = TestApp::new().await;
    let real = log_in(&app, ALICE).await;
    let truncated = real[..real.len() - 3].to_owned();
    let huge = format!("authlab_session={}", "A".repeat(6000));
    for cookie in [
        "authlab_session=garbage".to_owned(),
        "authlab_session=".to_owned(),
        "authlab_session=%%%;;;===".to_owned(),
        truncated,
        huge,
    ] {
        let response = me(&app, &cookie).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{cookie:.40}");
        assert!(body_json(response).await["error"].is_string());
    }
}

#[tokio::test]
async fn bad_login_bodies_get_json_errors() {
    let app = TestApp::new().await;
    let cases: [(&str, String, StatusCode); 4] = [
        (
            "application/json",
            "{not json".into(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "application/json",
            r#"{"username": 5}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "text/plain",
            r#"{"username":"a","password":"b"}"#.into(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "application/json",
            format!(r#"{{"username":"a","password":"{}"}}"#, "x".repeat(10_000)),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    for (content_type, body, status) in cases {
        let request = Request::post("/api/session/login")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body.clone()))
            .unwrap();
        let response = app.send(request).await;
        assert_eq!(response.status(), status, "{body:.40}");
        assert!(body_json(response).await["error"].is_string());
    }
}

#[tokio::test]
async fn a_login_from_another_origin_is_refused() {
    let app = TestApp::new().await;
    let attempts = [
        ("sec-fetch-site", "cross-site", StatusCode::FORBIDDEN),
        ("origin", "http://evil.test", StatusCode::FORBIDDEN),
        ("sec-fetch-site", "same-origin", StatusCode::OK),
        ("origin", "http://127.0.0.1:3000", StatusCode::OK),
    ];
    for (name, value, status) in attempts {
        let mut request = login_request(ALICE, None);
        request
            .headers_mut()
            .insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        request.headers_mut().insert(name, value.parse().unwrap());
        let response = app.send(request).await;
        assert_eq!(response.status(), status, "{name}: {value}");
        if status == StatusCode::FORBIDDEN {
            assert!(session_cookie(&response).is_none());
            assert!(body_json(response).await["error"].is_string());
        }
    }
    // So is a cross-site logout: the session survives it.
    let cookie = log_in(&app, ALICE).await;
    let mut request = with_cookie("POST", "/api/session/logout", &cookie);
    request
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(app.send(request).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(me(&app, &cookie).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_store_view_shows_users_their_own_rows_and_admins_all_without_ids() {
    let app = TestApp::new().await;
    let alice = log_in(&app, ALICE).await;
    let _alice_again = log_in(&app, ALICE).await;
    let bob = log_in(&app, BOB).await;

    let response = app
        .send(with_cookie("GET", "/api/session/store", &alice))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let view = body_json(response).await;
    assert_eq!(view["store"], "sqlite");
    let rows = view["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["username"] == "alice"));
    assert_eq!(rows.iter().filter(|r| r["this_one"] == true).count(), 1);
    assert_eq!(rows[0]["data"]["auth"]["username"], "alice");

    let view = body_json(
        app.send(with_cookie("GET", "/api/session/store", &bob))
            .await,
    )
    .await;
    assert_eq!(view["rows"].as_array().unwrap().len(), 3);
    let text = view.to_string();
    for cookie in [&alice, &bob] {
        let value = cookie.split_once('=').unwrap().1;
        let id = &value[44..];
        assert!(!text.contains(id), "the store view reveals a session id");
    }
    let anonymous = app.get("/api/session/store").await;
    assert_eq!(anonymous.status(), StatusCode::OK);
    assert_eq!(
        body_json(anonymous).await,
        json!({ "store": "sqlite", "rows": [] })
    );
}

#[tokio::test]
async fn a_restart_keeps_sqlite_sessions_and_loses_memory_ones() {
    for (kind, survives) in [
        (SessionStoreKind::Sqlite, true),
        (SessionStoreKind::Memory, false),
    ] {
        let settings = SessionSettings {
            store: kind,
            ..SessionSettings::default()
        };
        let app = TestApp::with_sessions(settings.clone()).await;
        let cookie = log_in(&app, ALICE).await;
        let TestApp { data_dir, .. } = app;
        let restarted = TestApp::open(data_dir, settings).await;
        let expected = if survives {
            StatusCode::OK
        } else {
            StatusCode::UNAUTHORIZED
        };
        assert_eq!(me(&restarted, &cookie).await.status(), expected, "{kind}");
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_account_with_retry_after() {
    let app = TestApp::new().await;
    for _ in 0..5 {
        let response = app.send(login_request(("alice", "guess"), None)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now: the lock is checked before any hashing.
    let response = app.send(login_request(ALICE, None)).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: i64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=300).contains(&retry_after), "{retry_after}");
    assert!(body_json(response).await["error"]
        .as_str()
        .unwrap()
        .contains("too many"));
    // Another account is not locked by alice's failures.
    assert_eq!(
        app.send(login_request(BOB, None)).await.status(),
        StatusCode::OK
    );
    app.state.clock.advance(Duration::minutes(5));
    assert_eq!(
        app.send(login_request(ALICE, None)).await.status(),
        StatusCode::OK
    );
}

fn json_post(uri: &str, cookie: &str, body: serde_json::Value) -> Request<Body> {
    Request::post(uri)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// The handles of the store rows `cookie` may see, as (handle, username, this_one).
async fn rows(app: &TestApp, cookie: &str) -> Vec<(String, String, bool)> {
    let view = body_json(
        app.send(with_cookie("GET", "/api/session/store", cookie))
            .await,
    )
    .await;
    view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["handle"].as_str().unwrap().to_owned(),
                r["username"].as_str().unwrap().to_owned(),
                r["this_one"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_user_ends_another_of_their_sessions_by_handle_but_not_someone_elses() {
    let app = TestApp::new().await;
    let laptop = log_in(&app, ALICE).await;
    let phone = log_in(&app, ALICE).await;
    let bob = log_in(&app, BOB).await;
    let other = rows(&app, &laptop)
        .await
        .into_iter()
        .find(|r| !r.2)
        .unwrap()
        .0;
    let bobs = rows(&app, &bob).await.into_iter().find(|r| r.2).unwrap().0;

    let kill = |cookie: &str, handle: &str| {
        json_post("/api/session/kill", cookie, json!({ "handle": handle }))
    };
    let response = app.send(kill(&laptop, &bobs)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(body_json(response).await["error"].is_string());
    assert_eq!(me(&app, &bob).await.status(), StatusCode::OK);

    assert_eq!(
        app.send(kill(&laptop, &other)).await.status(),
        StatusCode::OK
    );
    assert_eq!(me(&app, &phone).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(me(&app, &laptop).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_admin_sees_and_ends_anyones_session() {
    let app = TestApp::new().await;
    let alice = log_in(&app, ALICE).await;
    let bob = log_in(&app, BOB).await;
    let seen = rows(&app, &bob).await;
    assert_eq!(seen.len(), 2);
    let alices = seen.iter().find(|r| r.1 == "alice").unwrap().0.clone();
    let response = app
        .send(json_post(
            "/api/session/kill",
            &bob,
            json!({ "handle": alices }),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(me(&app, &alice).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn log_out_everywhere_ends_all_my_sessions_and_only_mine() {
    let app = TestApp::new().await;
    let laptop = log_in(&app, ALICE).await;
    let phone = log_in(&app, ALICE).await;
    let bob = log_in(&app, BOB).await;
    let response = app
        .send(json_post("/api/session/logout-all", &laptop, json!({})))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(set_cookie_header(&response).contains("Max-Age=0"));
    assert_eq!(body_json(response).await, json!({ "ended": 2 }));
    for cookie in [&laptop, &phone] {
        assert_eq!(me(&app, cookie).await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(me(&app, &bob).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_request_that_saves_after_logout_cannot_bring_the_session_back() {
    let app = TestApp::new().await;
    let cookie = log_in(&app, ALICE).await;
    // A slow request loaded the session before logout and writes it back after.
    let in_flight = app
        .state
        .sessions
        .store()
        .records()
        .await
        .unwrap()
        .remove(0);
    let response = app
        .send(with_cookie("POST", "/api/session/logout", &cookie))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    tower_sessions::SessionStore::save(app.state.sessions.store(), &in_flight)
        .await
        .unwrap();
    assert_eq!(me(&app, &cookie).await.status(), StatusCode::UNAUTHORIZED);
}
