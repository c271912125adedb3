//! Helpers for requests that carry the session cookie.

use axum::body::Body;
use axum::http::{header, Request, Response};

/// The session cookie a response sets, as `name=value` for a `Cookie` header.
pub fn session_cookie(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.contains("authlab_session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

pub fn with_cookie(method: &str, uri: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}
