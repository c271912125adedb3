//! Helpers for the JWT tests: log in, call with a bearer token, forge tokens.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{json, Value};

use super::{body_json, TestApp};

pub const ALICE: (&str, &str) = ("alice", "wonderland");
pub const BOB: (&str, &str) = ("bob", "builder-bob");

pub fn post_json(uri: &str, body: &Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// The token pair of a login.
pub async fn log_in(app: &TestApp, user: (&str, &str)) -> Value {
    let body = json!({ "username": user.0, "password": user.1 });
    let response = app.send(post_json("/api/jwt/login", &body)).await;
    assert_eq!(response.status(), StatusCode::OK);
    body_json(response).await
}

pub fn bearer(method: &str, uri: &str, token: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

pub async fn me(app: &TestApp, token: &str) -> Response<Body> {
    app.send(bearer("GET", "/api/jwt/me", token)).await
}

/// Asserts a 401 with the Bearer challenge and the given reason code (a 403 with
/// `insufficient_scope` for that one); returns the body.
pub async fn assert_refused(response: Response<Body>, reason: &str) -> Value {
    let (status, error) = match reason {
        "insufficient_scope" => (StatusCode::FORBIDDEN, "insufficient_scope"),
        _ => (StatusCode::UNAUTHORIZED, "invalid_token"),
    };
    assert_eq!(response.status(), status);
    let challenge = response
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .expect("a WWW-Authenticate header")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        challenge.starts_with("Bearer ") && challenge.contains(&format!("error=\"{error}\"")),
        "{challenge}"
    );
    let body = body_json(response).await;
    assert_eq!(body["reason"], reason, "{body}");
    assert!(!body["error"].as_str().unwrap().is_empty());
    body
}

pub async fn refresh(app: &TestApp, refresh_token: &str) -> Response<Body> {
    let body = json!({ "refresh_token": refresh_token });
    app.send(post_json("/api/jwt/refresh", &body)).await
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn decode_part(token: &str, index: usize) -> Value {
    let part = token.split('.').nth(index).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// The current key's raw material, as stored in the data directory.
pub fn key_material(app: &TestApp) -> Vec<u8> {
    let kid = app.state.jwt.keys().current().kid.clone();
    std::fs::read(app.data_dir.path().join(format!("secrets/jwt-{kid}.key"))).unwrap()
}

/// Signs `header.claims` with the server's own current key (so only the edited field can be
/// what the verifier refuses).
pub fn forge(app: &TestApp, header: &Value, claims: &Value) -> String {
    let key = app.state.jwt.keys().current();
    let message = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature =
        jsonwebtoken::crypto::sign(message.as_bytes(), key.encoding_key(), key.algorithm())
            .unwrap();
    format!("{message}.{signature}")
}

/// Signs with an HMAC algorithm of our choice and the given secret.
pub fn forge_hmac(header: &Value, claims: &Value, alg: Algorithm, secret: &[u8]) -> String {
    let message = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let key = EncodingKey::from_secret(secret);
    let signature = jsonwebtoken::crypto::sign(message.as_bytes(), &key, alg).unwrap();
    format!("{message}.{signature}")
}

/// A valid header and claims set for `alice`, as the server would issue them now.
pub fn good_parts(app: &TestApp) -> (Value, Value) {
    let key = app.state.jwt.keys().current();
    let now = app.state.clock.now().unix_timestamp();
    let header = json!({ "alg": key.alg.name(), "typ": "at+jwt", "kid": key.kid });
    let claims = json!({
        "sub": "alice", "role": "user", "iat": now, "nbf": now, "exp": now + 300,
        "iss": "authlab", "aud": "authlab-api", "jti": "forged-1", "token_use": "access",
    });
    (header, claims)
}
