//! The orders service against a real authlab on a loopback port: it knows only the JWKS URL,
//! verifies offline, refetches the key set once per unknown kid (and not more often than its
//! limit), refuses tokens that are not for it, and cannot verify HMAC tokens at all.

use crate::common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::jwt::{bearer, post_json, ALICE, BOB};
use common::{body_json, TestApp};
use serde_json::{json, Value};
use server::orders::{Expect, OrdersConfig};
use tower::ServiceExt;

/// orders' configuration for the authlab at `base`: its key set, its introspection endpoint,
/// and the client secret file when given.
pub fn orders_config(
    base: &str,
    secret: Option<std::path::PathBuf>,
    min_refetch: Duration,
) -> OrdersConfig {
    OrdersConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        jwks_url: format!("{base}/.well-known/jwks.json").parse().unwrap(),
        introspection_url: format!("{base}/api/introspect").parse().unwrap(),
        client_secret_file: secret,
        expect: Expect {
            issuer: "authlab".to_owned(),
            audience: "orders".to_owned(),
            leeway_seconds: 5,
        },
        allow_origins: vec!["http://127.0.0.1:3000".to_owned()],
        min_refetch,
    }
}

/// authlab served on a free port (it must answer orders' key fetches and questions), and orders
/// in-process with the client secret from authlab's data directory.
pub async fn authlab_and_orders(min_refetch: Duration) -> (TestApp, Router) {
    let app = TestApp::new().await;
    let base = common::nodes::serve(app.router.clone()).await;
    let secret = app.data_dir.path().join("secrets/orders-client.key");
    let config = orders_config(&base, Some(secret), min_refetch);
    (app, server::orders::router(&config))
}

pub async fn signing(app: &TestApp, alg: &str) {
    let answer = app
        .send(post_json("/api/lab/signing", &json!({ "alg": alg })))
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
}

pub async fn access_token(app: &TestApp) -> String {
    let body = json!({ "username": ALICE.0, "password": ALICE.1 });
    let pair = body_json(app.send(post_json("/api/jwt/login", &body)).await).await;
    pair["access_token"].as_str().unwrap().to_owned()
}

pub async fn for_orders(app: &TestApp, token: &str) -> String {
    let mut request = bearer("POST", "/api/jwt/exchange", token);
    *request.body_mut() = Body::from(json!({ "audience": "orders" }).to_string());
    request
        .headers_mut()
        .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    let answer = app.send(request).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let answer = body_json(answer).await;
    assert_eq!(answer["audience"], "orders");
    answer["access_token"].as_str().unwrap().to_owned()
}

pub async fn orders(orders: &Router, token: &str) -> (StatusCode, Value) {
    let request = Request::get("/api/orders")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let answer = orders.clone().oneshot(request).await.unwrap();
    (answer.status(), body_json(answer).await)
}

pub fn check<'a>(answer: &'a Value, name: &str) -> &'a str {
    answer["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["detail"].as_str())
        .unwrap_or_else(|| panic!("no {name} check in {answer}"))
}

#[tokio::test]
async fn an_hmac_token_cannot_be_verified_by_another_service() {
    let (app, svc) = authlab_and_orders(Duration::from_secs(10)).await;
    let token = for_orders(&app, &access_token(&app).await).await;
    let (status, answer) = orders(&svc, &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer["reason"], "shared_secret", "{answer}");
    assert_eq!(answer["keys"]["fetches"], 0, "nothing to fetch for HMAC");
}

#[tokio::test]
async fn orders_verifies_offline_with_a_cached_key_and_refuses_tokens_for_others() {
    let (app, svc) = authlab_and_orders(Duration::from_secs(10)).await;
    signing(&app, "eddsa").await;
    let first_party = access_token(&app).await;

    // authlab's own token: a valid signature, but not for orders.
    let (status, answer) = orders(&svc, &first_party).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(answer["reason"], "wrong_audience", "{answer}");
    assert!(check(&answer, "public key").contains("fetched"), "{answer}");

    // A token for orders: the key is in the copy now, so no call goes to authlab.
    let token = for_orders(&app, &first_party).await;
    let (status, answer) = orders(&svc, &token).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["user"], "alice");
    assert_eq!(answer["orders"].as_array().unwrap().len(), 2);
    assert_eq!(answer["calls_to_authlab"], 0);
    assert_eq!(answer["keys"]["fetches"], 1);
    assert!(check(&answer, "public key").contains("no call to authlab"));

    // And authlab refuses the token made for orders.
    let at_authlab = app.send(bearer("GET", "/api/jwt/me", &token)).await;
    assert_eq!(at_authlab.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(body_json(at_authlab).await["reason"], "wrong_audience");

    // An unknown audience is refused at the exchange.
    let mut request = bearer("POST", "/api/jwt/exchange", &first_party);
    *request.body_mut() = Body::from(json!({ "audience": "payroll" }).to_string());
    request
        .headers_mut()
        .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    let refused = app.send(request).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(body_json(refused).await["error"]
        .as_str()
        .unwrap()
        .contains("invalid_target"));

    // Reset signs with the configured algorithm again; an unknown one is a clear 422.
    let reset = body_json(app.send(post_json("/api/lab/reset", &json!({}))).await).await;
    assert_eq!(reset["signing_alg"], "HS256");
    let bad = app
        .send(post_json("/api/lab/signing", &json!({ "alg": "none" })))
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_json(bad).await["error"]
        .as_str()
        .unwrap()
        .contains("hs256, eddsa or rs256"));
}

#[tokio::test]
async fn a_rotation_reaches_orders_at_its_next_unknown_kid_and_forged_kids_cause_no_storm() {
    let (app, svc) = authlab_and_orders(Duration::from_millis(300)).await;
    signing(&app, "eddsa").await;
    let token = for_orders(&app, &access_token(&app).await).await;
    assert_eq!(orders(&svc, &token).await.0, StatusCode::OK);

    // Forged kids, many at once: at most one fetch, the rest refused without a call.
    let (header_part, rest) = token.split_once('.').unwrap();
    let mut forged_header: Value = common::jwt::decode_part(&token, 0);
    forged_header["kid"] = json!("made-up");
    let forged = format!(
        "{}.{rest}",
        common::jwt::b64(forged_header.to_string().as_bytes())
    );
    assert_ne!(header_part, forged.split('.').next().unwrap());
    tokio::time::sleep(Duration::from_millis(350)).await;
    for _ in 0..20 {
        let (status, answer) = orders(&svc, &forged).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(answer["reason"], "unknown_key", "{answer}");
    }
    let keys = orders(&svc, &forged).await.1["keys"].clone();
    assert_eq!(
        keys["fetches"], 2,
        "one fetch for the first made-up kid: {keys}"
    );
    assert!(keys["refused_refetches"].as_u64().unwrap() >= 20, "{keys}");

    // authlab rotates: the next token names a new kid, and orders fetches once it may.
    let admin = {
        let body = json!({ "username": BOB.0, "password": BOB.1 });
        let pair = body_json(app.send(post_json("/api/jwt/login", &body)).await).await;
        pair["access_token"].as_str().unwrap().to_owned()
    };
    let rotated = app
        .send(bearer("POST", "/api/jwt/rotate-key", &admin))
        .await;
    assert_eq!(rotated.status(), StatusCode::OK);
    let token = for_orders(&app, &access_token(&app).await).await;
    tokio::time::sleep(Duration::from_millis(350)).await;
    let (status, answer) = orders(&svc, &token).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(check(&answer, "public key").contains("fetched"), "{answer}");
    assert_eq!(answer["calls_to_authlab"], 1);
    assert_eq!(
        answer["keys"]["kids"].as_array().unwrap().len(),
        1,
        "the old key is dropped"
    );
}

#[tokio::test]
async fn no_credential_no_orders() {
    let (_app, svc) = authlab_and_orders(Duration::from_secs(10)).await;
    let request = Request::get("/api/orders").body(Body::empty()).unwrap();
    let answer = svc.clone().oneshot(request).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.headers()[header::WWW_AUTHENTICATE],
        "Bearer realm=\"orders\""
    );
    assert_eq!(body_json(answer).await["reason"], "missing_token");
}
