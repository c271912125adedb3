//! What an offline check cannot know, orders learns by asking authlab (RFC 7662): whose a
//! session cookie is, and whether a token was revoked — one call per request, with orders'
//! client secret; nobody else may ask.

use crate::common;
use crate::orders::{access_token, authlab_and_orders, check, for_orders, orders, signing};

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use base64::Engine;
use common::jwt::post_json;
use common::session::{session_cookie, with_cookie};
use common::{body_json, TestApp};
use serde_json::{json, Value};
use tower::ServiceExt;

async fn orders_with_cookie(svc: &Router, cookie: &str) -> (StatusCode, Value) {
    let answer = svc
        .clone()
        .oneshot(with_cookie("GET", "/api/orders", cookie))
        .await
        .unwrap();
    (answer.status(), body_json(answer).await)
}

async fn orders_asking(svc: &Router, token: &str) -> (StatusCode, Value) {
    let request = Request::get("/api/orders?revocation=ask")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let answer = svc.clone().oneshot(request).await.unwrap();
    (answer.status(), body_json(answer).await)
}

fn names(checks: &Value) -> Vec<&str> {
    checks
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_session_cookie_means_something_to_orders_only_after_a_call_back() {
    let (app, svc) = authlab_and_orders(Duration::from_secs(10)).await;
    let body = json!({ "username": "alice", "password": "wonderland" });
    let login = app.send(post_json("/api/session/login", &body)).await;
    let cookie = session_cookie(&login).unwrap();

    let (status, answer) = orders_with_cookie(&svc, &cookie).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["user"], "alice");
    assert_eq!(answer["calls_to_authlab"], 1);
    assert!(
        check(&answer, "introspection").contains("1 call"),
        "{answer}"
    );
    assert_eq!(
        names(&answer["authlab_checks"]),
        [
            "client",
            "session cookie",
            "session record",
            "idle / absolute timeout"
        ]
    );

    // authlab's trace holds orders' question too.
    let trace = body_json(app.get("/api/trace").await).await;
    assert!(trace.to_string().contains("/api/introspect"), "{trace}");
    // With the visitor's lab id along (cookies ignore ports), in that visitor's trace.
    let lab = "LLLLLLLLLLLLLLLLLLLLLL";
    let (status, _) = orders_with_cookie(&svc, &format!("{cookie}; authlab_lab={lab}")).await;
    assert_eq!(status, StatusCode::OK);
    let mine = app
        .send(with_cookie(
            "GET",
            "/api/trace",
            &format!("authlab_lab={lab}"),
        ))
        .await;
    let mine = body_json(mine).await;
    assert!(mine.to_string().contains("/api/introspect"), "{mine}");

    // Logout at authlab: the same cookie is dead at orders at once (it asks every time).
    let logout = app
        .send(with_cookie("POST", "/api/session/logout", &cookie))
        .await;
    assert_eq!(logout.status(), StatusCode::OK);
    let (status, answer) = orders_with_cookie(&svc, &cookie).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer["reason"], "inactive_session", "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("no_session"));

    // A forged cookie: authlab finds no signature of its own.
    let (status, answer) = orders_with_cookie(&svc, "authlab_session=forged-value").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        answer["error"].as_str().unwrap().contains("bad_signature"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_revoked_token_works_at_orders_until_orders_asks_authlab() {
    let (app, svc) = authlab_and_orders(Duration::from_secs(10)).await;
    signing(&app, "eddsa").await;
    let token = for_orders(&app, &access_token(&app).await).await;

    // Before the revocation, asking costs a call and changes nothing.
    let (status, answer) = orders_asking(&svc, &token).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer["calls_to_authlab"], 2,
        "the key set, then the question"
    );
    assert!(names(&answer["authlab_checks"]).contains(&"denylist"));

    let revoked = app
        .send(post_json("/api/revoke", &json!({ "token": token })))
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert!(body_json(revoked).await["note"]
        .as_str()
        .unwrap()
        .contains("orders"));

    // Offline, orders cannot know.
    let (status, answer) = orders(&svc, &token).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["calls_to_authlab"], 0);
    // Asking, it does.
    let (status, answer) = orders_asking(&svc, &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer["reason"], "revoked", "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("revoked"));

    // Revoking twice, or something that is not authlab's token, is a clear 4xx.
    let again = app
        .send(post_json("/api/revoke", &json!({ "token": token })))
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let garbage = app
        .send(post_json("/api/revoke", &json!({ "token": "a.b.c" })))
        .await;
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    assert!(body_json(garbage).await["error"].is_string());
}

async fn introspect(
    app: &TestApp,
    basic: Option<&str>,
    form: &str,
) -> (StatusCode, Option<String>, Value) {
    let mut request = Request::post("/api/introspect")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(basic) = basic {
        let encoded = base64::engine::general_purpose::STANDARD.encode(basic);
        request = request.header(header::AUTHORIZATION, format!("Basic {encoded}"));
    }
    let answer = app
        .send(request.body(Body::from(form.to_owned())).unwrap())
        .await;
    let challenge = answer
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned());
    (answer.status(), challenge, body_json(answer).await)
}

#[tokio::test]
async fn only_orders_with_its_secret_may_ask_and_bad_forms_are_refused_clearly() {
    let app = TestApp::new().await;
    let secret =
        server::base::secrets::load(&app.data_dir.path().join("secrets/orders-client.key"))
            .unwrap()
            .as_password();
    let (status, challenge, body) = introspect(&app, None, "token=x").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(challenge.unwrap().starts_with("Basic"));
    assert_eq!(body["reason"], "invalid_client");
    let (status, _, _) = introspect(&app, Some("orders:guess"), "token=x").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let orders = format!("orders:{secret}");
    let (status, _, body) = introspect(&app, Some(&orders), "token=x").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["active"], false, "{body}");
    let (status, _, body) = introspect(&app, Some(&orders), "nothing=here").await;
    assert!(status.is_client_error(), "{status}");
    assert!(body["error"].is_string());
    let (status, _, body) = introspect(
        &app,
        Some(&orders),
        "token=a.b.c&token_type_hint=access_token",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["active"], false);
    assert_eq!(body["reason"], "malformed", "{body}");
}

#[tokio::test]
async fn without_its_secret_orders_cannot_ask() {
    let app = TestApp::new().await;
    let base = common::nodes::serve(app.router.clone()).await;
    let config = crate::orders::orders_config(&base, None, Duration::from_secs(10));
    let svc = server::orders::router(&config);
    let (status, answer) = orders_with_cookie(&svc, "authlab_session=x").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer["reason"], "authlab_unavailable");
    assert!(answer["error"]
        .as_str()
        .unwrap()
        .contains("--client-secret-file"));
}
