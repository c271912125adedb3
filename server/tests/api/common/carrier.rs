//! Helpers for the carrier tests: log in with a chosen carrier, send a credential either way.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use serde_json::json;

use super::jwt::post_json;
use super::TestApp;

/// Every `Set-Cookie` of a response, whole.
pub fn set_cookies(response: &Response<Body>) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// `name=value` of the `Set-Cookie` named `name`.
pub fn cookie_pair(response: &Response<Body>, name: &str) -> Option<String> {
    set_cookies(response)
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

/// Logs alice in to `scheme` with `carrier`; answers the response.
pub async fn login_with(app: &TestApp, scheme: &str, carrier: &str) -> Response<Body> {
    let body = json!({ "username": "alice", "password": "wonderland", "carrier": carrier });
    let response = app
        .send(post_json(&format!("/api/{scheme}/login"), &body))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response
}

/// A GET with the given header lines.
pub fn get_with(uri: &str, lines: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::get(uri);
    for (name, value) in lines {
        request = request.header(*name, *value);
    }
    request.body(Body::empty()).unwrap()
}

/// A bodiless POST with the given header lines.
pub fn post_with(uri: &str, lines: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::post(uri);
    for (name, value) in lines {
        request = request.header(*name, *value);
    }
    request.body(Body::empty()).unwrap()
}
